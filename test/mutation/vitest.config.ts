import { defineConfig } from 'vitest/config';

// The tests that exercise the pure modules in-process, for `npm run mutate`. Tests that go
// through dist/ (the command line, worker threads) never see a mutant, so they are left out.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: [
      'test/spec/**/*.test.ts',
      'test/plan/**/*.test.ts',
      'test/results/**/*.test.ts',
      'test/report/**/*.test.ts',
      'test/core/{functions,gradient-check,optimizers,accuracy,parity,layers}.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
