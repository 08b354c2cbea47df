// `npm run mutate -- <module>... [--all-tests] [--concurrency N] [--fresh] [--only GLOB]`: StrykerJS over
// one pure module at a time (modules.mjs names them), under `nice -n 19` (package.json).
// 1. Pick the module's files to mutate and its tests (the tests reach the vitest config
//    through MUTATE_TESTS, which Stryker's test-runner processes inherit).
// 2. Run incrementally: reports/mutation/<module>-incremental.json keeps the last results,
//    so a rerun tests only mutants in changed code or covered by changed tests
//    (`--fresh` starts over).
// 3. Write reports/mutation/<module>.html and .json, and print the score.
import { Stryker } from '@stryker-mutator/core';
import { modules } from './modules.mjs';

const usage = `usage: npm run mutate -- <${Object.keys(modules).join('|')}|all>... [--all-tests] [--concurrency N] [--fresh] [--only GLOB]`;

function parseArguments(argv) {
  const chosen = [];
  const options = { allTests: false, concurrency: 1, fresh: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--all-tests') options.allTests = true;
    else if (argument === '--fresh') options.fresh = true;
    else if (argument === '--only') options.only = argv[++i];
    else if (argument === '--concurrency') {
      options.concurrency = Number(argv[++i]);
      if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
        throw new Error(`--concurrency expects a whole number >= 1, got ${argv[i]}`);
      }
    } else if (argument === 'all') chosen.push(...Object.keys(modules));
    else if (argument in modules) chosen.push(argument);
    else throw new Error(`unknown module or option '${argument}'`);
  }
  if (chosen.length === 0) throw new Error('name at least one module');
  if (options.only && chosen.length > 1) throw new Error('--only narrows one module');
  return { chosen, options };
}

async function mutate(name, options) {
  const module = modules[name];
  // the reports of a narrowed run are named after its files, so they never replace the module's
  const report = options.only ? `${name}-${options.only.replace(/[^A-Za-z0-9_.-]+/g, '_')}` : name;
  if (!options.allTests) process.env.MUTATE_TESTS = JSON.stringify({ include: module.tests, exclude: module.skip ?? [] });
  else delete process.env.MUTATE_TESTS;
  const stryker = new Stryker({
    // --only: some of the module's files, e.g. 'src/spec/{semantic,overrides}.ts'
    mutate: [...(options.only ? [options.only] : module.mutate), '!src/**/index.ts'],
    concurrency: options.concurrency,
    // a mutant that loops is cut off after this much more than the tests' own time
    timeoutMS: 15_000,
    // each mutant runs the tests that cover it (perTest coverage) without asking vite which
    // test files import the mutated one, which costs time per mutant and can only run fewer
    vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
    incremental: true,
    force: options.fresh,
    incrementalFile: `reports/mutation/${report}-incremental.json`,
    tempDirName: `.stryker-tmp/${report}`,
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `reports/mutation/${report}.html` },
    jsonReporter: { fileName: `reports/mutation/${report}.json` },
  });
  const results = await stryker.runMutationTest();
  const byFile = new Map();
  for (const result of results) byFile.set(result.fileName, [...(byFile.get(result.fileName) ?? []), result]);
  for (const [file, ofFile] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${file}: ${summary(ofFile)}`);
  const tests = options.allTests ? 'whole in-process set' : "the module's own tests (lower bound)";
  console.log(`mutate ${report}: ${summary(results)} with ${tests}`);
}

/** The score of some mutants: killed and timed out of all valid ones, those no test reaches included. */
function summary(results) {
  const counts = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = results.length - (counts.CompileError ?? 0) - (counts.RuntimeError ?? 0) - (counts.Ignored ?? 0);
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  return `${score.toFixed(1)}% (${detected} of ${valid} killed or timed out; ${counts.Survived ?? 0} survived, ${counts.NoCoverage ?? 0} without coverage)`;
}

let parsed;
try {
  parsed = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
for (const name of parsed.chosen) await mutate(name, parsed.options);
