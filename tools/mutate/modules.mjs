// The modules `npm run mutate` measures: which files Stryker mutates, and which tests it
// runs against them. The own tests of a module give a lower bound on its score (tests of
// other modules can only kill more); `--all-tests` uses the whole in-process set instead
// (test/mutation/vitest.config.ts), which is slower on two cores. `skip` leaves out test
// files that cost seconds per mutant. The `*-cli` tests run the command line in-process
// (test/helpers/io.ts), so they see mutants and count; tests through dist/ never do.
export const modules = {
  spec: {
    mutate: ['src/spec/**/*.ts'],
    tests: ['test/spec/**/*.test.ts'],
    // its 80,000-value and 100,000-deep specs take seconds each, and cover most of the
    // loader, so they would run for nearly every mutant: measured without them
    skip: ['test/spec/hostile-specs.test.ts'],
  },
  plan: {
    mutate: ['src/plan/**/*.ts'],
    tests: ['test/plan/**/*.test.ts'],
  },
  results: {
    mutate: ['src/results/**/*.ts'],
    tests: ['test/results/**/*.test.ts'],
  },
  report: {
    mutate: ['src/report/**/*.ts', '!src/report/render-*.ts', '!src/report/write-*.ts'],
    tests: ['test/report/**/*.test.ts'],
    skip: ['test/report/*-command.test.ts'],
  },
  layers: {
    mutate: ['src/core/layers/**/*.ts'],
    // the layers' own tests: forward values by hand, backward passes against central
    // differences. Not the NumPy parity tests: three trainings of 6 to 27 s each, which would
    // run for every mutant of the dense layer, ReLU and softmax (the checks here reach them)
    tests: ['test/core/{layer-values,layers-gradient-check,gradient-check,functions}.test.ts'],
  },
  optimizers: {
    mutate: ['src/core/optimizers.ts'],
    tests: ['test/core/{optimizers,optimizer-state,parity}.test.ts'],
  },
};
