// Mutation testing of the pure modules; not part of CI: it takes long on two cores.
// `npm run mutate -- <module>` (tools/mutate/main.mjs) runs one module at a time over its
// own tests, incrementally, and overrides `mutate`, the reporters and the incremental file;
// the list below is what a bare `npx stryker run` mutates, over the whole in-process set.
// The scores are in the README's development section.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.config.ts' },
  mutate: [
    'src/spec/**/*.ts',
    'src/plan/**/*.ts',
    'src/results/**/*.ts',
    'src/report/**/*.ts',
    '!src/report/render-*.ts',
    '!src/report/write-*.ts',
    '!src/**/index.ts',
    'src/core/layers/**/*.ts',
    'src/core/optimizers.ts',
  ],
  // the reports and Stryker's own sandboxes (gitignore syntax); the committed results/
  // stay in the sandbox, as tests check their hashes against the plan
  ignorePatterns: ['/reports', '/.stryker-tmp'],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  timeoutMS: 60_000,
};
