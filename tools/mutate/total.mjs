// `node tools/mutate/total.mjs reports/mutation/<report>.json...`: the scores of several
// Stryker JSON reports taken together, file by file and in all, as `npm run mutate` prints
// them. For a module measured in parts with `--only` (each part a Stryker run of its own):
// the parts must not share a file, and the total is their sum, nothing re-tested.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { scoreLines } from './score.mjs';

const files = new Map();
for (const path of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const name = relative(process.cwd(), file);
    if (files.has(name)) {
      console.error(`${name} is in two of the reports given`);
      process.exit(2);
    }
    files.set(name, mutants.map((mutant) => mutant.status));
  }
}
if (files.size === 0) {
  console.error('usage: node tools/mutate/total.mjs reports/mutation/<report>.json...');
  process.exit(2);
}
const { lines, total } = scoreLines(files);
console.log([...lines, `total of ${files.size} files: ${total}`].join('\n'));
