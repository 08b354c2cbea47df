import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { writeReport } from '../../src/report/write-report.js';
import { findExperiment, readExperiment } from '../../src/serve/experiments.js';
import { summary } from '../../src/serve/summaries.js';
import { scratchDir } from '../helpers/folders.js';
import { specOf } from '../helpers/specs.js';
import { madeUpResults, writeExperiment } from './results.js';

const TOLERANCE = 1e-12;

/** Three learning rates; the one with the best test accuracy is not the one with the lowest final loss. */
function experimentWith(select: string) {
  const plan = planRuns(specOf(
    'name: picky',
    'data: { dataset: mnist, train: { split: train, end: 1000 }, evaluate: { train: { split: train, end: 1000 }, test: { split: test, end: 500 } } }',
    'model: { hidden: [8] }',
    'training: { learning_rate: 0.5, iterations: 300, eval_every: 50 }',
    'grid: { training.learning_rate: [0.1, 0.5, 0.9] }',
    select,
  ));
  const results = madeUpResults(plan);
  const last = results[0].losses.length - 1;
  results[0].losses[last] = 0.001;
  return { plan, results };
}

/** The run the README's star marks. */
function starred(readme: string): string {
  return /^\| ★ \| `([^`]+)` \|/m.exec(readme)![1];
}

describe("serve's best run", () => {
  it('is the README\'s best under report.select: { metric: final_loss, mode: min }', async () => {
    const root = scratchDir('serve-best');
    const { plan, results } = experimentWith('report: { select: { metric: final_loss, mode: min } }');
    const byAccuracy = results.reduce((a, b) => (b.evaluations.at(-1)!.accuracy.test > a.evaluations.at(-1)!.accuracy.test ? b : a));
    expect(byAccuracy.run.id).not.toBe(results[0].run.id);
    const dir = writeExperiment(root, plan, results);
    await writeReport(dir, plan, results, null);
    const best = summary(readExperiment(findExperiment(root, 'picky')!)).best!;
    expect(best.run).toBe(starred(readFileSync(join(dir, 'README.md'), 'utf8')));
    expect(best.run).toBe(results[0].run.id);
    expect(best).toMatchObject({ metric: 'final_loss', mode: 'min', slice: null, accuracy: null });
    expect(Math.abs(best.value - 0.001)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('is the highest test accuracy when the spec names no select metric, as in the README', async () => {
    const root = scratchDir('serve-best');
    const { plan, results } = experimentWith('');
    const dir = writeExperiment(root, plan, results);
    await writeReport(dir, plan, results, null);
    const best = summary(readExperiment(findExperiment(root, 'picky')!)).best!;
    expect(best.run).toBe(starred(readFileSync(join(dir, 'README.md'), 'utf8')));
    expect(best.run).not.toBe(results[0].run.id);
    expect(best).toMatchObject({ metric: 'test_accuracy', mode: 'max', slice: 'test' });
    expect(Math.abs(best.value - results.find((r) => r.run.id === best.run)!.evaluations.at(-1)!.accuracy.test)).toBeLessThanOrEqual(TOLERANCE);
    expect(best.accuracy).toBe(best.value);
  });
});
