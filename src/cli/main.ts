#!/usr/bin/env node
// Signals first: loading the command line takes a second, and Ctrl-C or SIGTERM during it
// must exit 130 like one at any other time (signals.ts).
import { exitOnSignal, holdAtEndForTest, signalsHeard } from './signals.js';
import { dropWritesToClosedPipes } from './closed-pipes.js';

exitOnSignal();
dropWritesToClosedPipes(process.stdout);
dropWritesToClosedPipes(process.stderr);
const { runCli } = await import('./cli.js');

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
holdAtEndForTest();
// a signal that came while the command computed to its end exits 130 here, rather than being lost
await signalsHeard();
process.exitCode = code;
