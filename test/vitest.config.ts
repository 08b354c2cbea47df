import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources; anything that needs worker threads or the
// command line goes through the build in dist/, which `npm test` refreshes first.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
