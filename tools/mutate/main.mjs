// `npm run mutate -- <module>... [--all-tests] [--concurrency N] [--fresh] [--only GLOB]`: StrykerJS over
// one pure module at a time (modules.mjs names them), under `nice -n 19` (package.json).
// 1. Pick the module's files to mutate and its tests (the tests reach the vitest config
//    through MUTATE_TESTS, which Stryker's test-runner processes inherit).
// 2. Run incrementally: reports/mutation/<module>-incremental.json keeps the last results,
//    so a rerun tests only mutants in changed code or covered by changed tests
//    (`--fresh` starts over).
// 3. Write reports/mutation/<module>.html and .json, and print the score of each file and
//    in all (score.mjs; total.mjs adds up the reports of a module measured in parts).
import { relative } from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import { modules } from './modules.mjs';
import { scoreLines } from './score.mjs';

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
  for (const { fileName, status } of results) {
    const file = relative(process.cwd(), fileName);
    byFile.set(file, [...(byFile.get(file) ?? []), status]);
  }
  const { lines, total } = scoreLines(byFile);
  const tests = options.allTests ? 'whole in-process set' : "the module's own tests (lower bound)";
  console.log([...lines, `mutate ${report}: ${total} with ${tests}`].join('\n'));
}

let parsed;
try {
  parsed = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
for (const name of parsed.chosen) await mutate(name, parsed.options);
