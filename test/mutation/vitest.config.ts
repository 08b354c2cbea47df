import { defineConfig } from 'vitest/config';
import { FastestFirst } from './fastest-first.js';

// The tests that exercise the pure modules in-process, for `npm run mutate`. Tests that go
// through dist/ (the command line, worker threads) never see a mutant, so they are left out.
// `npm run mutate -- <module>` narrows the set to the module's own tests through
// MUTATE_TESTS (tools/mutate/modules.mjs); `--all-tests` keeps the whole set below.
const wholeSet: string[] = [
  'test/spec/**/*.test.ts',
  'test/plan/**/*.test.ts',
  'test/results/**/*.test.ts',
  'test/report/**/*.test.ts',
  'test/core/{functions,gradient-check,layers-gradient-check,optimizers,accuracy,parity}.test.ts',
];

const narrowed = process.env.MUTATE_TESTS
  ? (JSON.parse(process.env.MUTATE_TESTS) as { include: string[]; exclude: string[] })
  : { include: wholeSet, exclude: [] };

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: narrowed.include,
    exclude: ['**/node_modules/**', ...narrowed.exclude],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // cheapest test files first, so a mutant is killed by the quickest test that can (fastest-first.ts)
    sequence: { sequencer: FastestFirst },
    // Each test file gets fresh modules (vitest's default, kept on purpose): a static mutant (a
    // top-level constant such as the defaults) takes effect only when its module is evaluated
    // again. With `isolate: false` mutants ran 40% faster, but an incremental rerun found 21 of
    // defaults.ts' 28 mutants alive that a fresh run had killed: the modules were reused.
  },
});
