// NODE_OPTIONS=--import=<this file> RECORD_LOADS=<file>: appends the URL of every module the
// process loads to <file>, one a line (test/cli/start-up.test.ts).
import { register } from 'node:module';

register('./record-loads-hook.mjs', import.meta.url);
