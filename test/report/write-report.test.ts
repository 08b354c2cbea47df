import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportMessages } from '../../src/report/messages.js';
import { readmeText } from '../../src/report/readme-text.js';
import { writeReport } from '../../src/report/write-report.js';
import { inspectRunFolder, runFolderPath, writeRunFolder } from '../../src/results/run-folder.js';
import { makePlan, makeResult, repeatResults, seedLikeResults } from './fixtures.js';
import { differences, scratchDir, tree, treeObject } from '../helpers/folders.js';

describe('writing a report', () => {
  it('writes runs.csv, timings.csv, experiment.json, README.md, .gitignore and the charts, each with its Vega-Lite spec, and a chart of each run that has data', async () => {
    const dir = scratchDir('report');
    const { plan, results } = seedLikeResults();
    for (const result of results) writeRunFolder(dir, result);
    await writeReport(dir, plan, results, [{ run: 'lr-0.5', seconds: 1.25 }]);
    expect([...tree(dir).keys()]).toEqual([
      '.gitignore', 'README.md', 'charts/accuracy.svg', 'charts/accuracy.vl.json', 'charts/loss.svg', 'charts/loss.vl.json',
      // lr-1.2 failed: nothing to draw
      ...['lr-0.5', 'lr-1.5'].flatMap((id) => [`charts/runs/${id}/chart.svg`, `charts/runs/${id}/chart.vl.json`]),
      'experiment.json',
      ...['lr-0.5', 'lr-1.2', 'lr-1.5'].flatMap((id) =>
        ['config.json', 'evaluations.csv', 'metrics.csv'].map((f) => `runs/${id}/${f}`)),
      'runs.csv', 'timings.csv',
    ]);
    for (const result of results) expect(inspectRunFolder(runFolderPath(dir, result.run.id), result.run.id)).toEqual(result);
    expect(readFileSync(join(dir, 'timings.csv'), 'utf8')).toBe('run,seconds\nlr-0.5,1.25\n');
  });

  it('writes one runs.csv row per run with its varying values, status, final loss, last accuracies and divergence', async () => {
    const dir = scratchDir('report');
    const { plan, results } = seedLikeResults();
    await writeReport(dir, plan, results, null);
    const [header, ...rows] = readFileSync(join(dir, 'runs.csv'), 'utf8').trimEnd().split('\n');
    expect(header).toBe('run,training.learning_rate,status,final_loss,train_accuracy,test_accuracy,diverged_at');
    const [good, failed, diverged] = results;
    const last = good.evaluations.at(-1)!.accuracy;
    expect(rows).toEqual([
      `lr-0.5,0.5,completed,${good.losses.at(-1)},${last.train},${last.test},`,
      'lr-1.2,1.2,failed,,,,',
      `lr-1.5,1.5,diverged,NaN,${diverged.evaluations[0].accuracy.train},${diverged.evaluations[0].accuracy.test},37`,
    ]);
    expect(failed.losses).toEqual([]);
  });

  it('writes byte-identical files when given the same results twice, timings.csv aside', async () => {
    const first = scratchDir('report');
    const second = scratchDir('report');
    const a = repeatResults();
    await writeReport(first, a.plan, a.results, [{ run: 'lr-0.1-seed-1', seconds: 3 }]);
    const b = repeatResults();
    await writeReport(second, b.plan, [...b.results].reverse(), [{ run: 'lr-0.1-seed-1', seconds: 4 }]);
    const one = tree(first);
    const two = tree(second);
    expect(differences(one, two)).toEqual(['timings.csv']);
    expect([...one.keys()]).toEqual(expect.arrayContaining(
      ['README.md', 'charts/accuracy.svg', 'charts/loss.svg', 'experiment.json', 'runs.csv', 'timings.csv']));
  });

  it('keeps the existing timings.csv when no timings are given', async () => {
    const dir = scratchDir('report');
    const { plan, results } = seedLikeResults();
    await writeReport(dir, plan, results, [{ run: 'lr-0.5', seconds: 2 }]);
    await writeReport(dir, plan, results, null);
    expect(readFileSync(join(dir, 'timings.csv'), 'utf8')).toBe('run,seconds\nlr-0.5,2\n');
  });

  it('never creates, deletes or rewrites a run folder: a missing one stays missing, CRLF and extra files stay as they were', async () => {
    const dir = scratchDir('report');
    const { plan, results } = seedLikeResults();
    for (const result of results.slice(1)) writeRunFolder(dir, result);
    const folder = join(dir, 'runs', 'lr-1.2');
    writeFileSync(join(folder, 'model.json'), '{}');
    const crlf = readFileSync(join(folder, 'config.json'), 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(join(folder, 'config.json'), crlf);
    const before = treeObject(folder);
    await writeReport(dir, plan, results, null);
    expect(existsSync(join(dir, 'runs', 'lr-0.5'))).toBe(false);
    expect(treeObject(folder)).toEqual(before);
    expect(existsSync(join(dir, 'charts/runs/lr-1.5/chart.svg'))).toBe(true);
  });

  it('leaves every file alone when it already holds the report, line endings aside', async () => {
    const dir = scratchDir('report');
    const { plan, results } = seedLikeResults();
    for (const result of results) writeRunFolder(dir, result);
    await writeReport(dir, plan, results, [{ run: 'lr-0.5', seconds: 2 }]);
    const readme = join(dir, 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace(/\n/g, '\r\n'));
    const before = treeObject(dir);
    await writeReport(dir, plan, results, [{ run: 'lr-0.5', seconds: 2 }]);
    expect(treeObject(dir)).toEqual(before);
  });

  it('says in the README what happened to each run and marks the best by its last test accuracy', async () => {
    const dir = scratchDir('report');
    const { plan, results } = seedLikeResults();
    await writeReport(dir, plan, results, null);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const [good] = results;
    expect(readme).toContain(`# ${plan.spec.name}`);
    expect(readme).toContain(plan.spec.description);
    expect(readme).toContain('- learning rate (`training.learning_rate`): 0.5; 1.2; 1.5');
    expect(readme).toContain(`: ${reportMessages.outcomeCompleted('test', good.evaluations.at(-1)!.accuracy.test, 1000, null)}.`);
    expect(readme).toContain(`: ${reportMessages.outcomeDiverged(37, NaN)}.`);
    expect(readme).toContain(`: ${reportMessages.outcomeFailed('Worker stopped: out of memory')}.`);
    expect(readme).toContain(`| ${readmeText.bestMark} | \`lr-0.5\` |`);
    expect(readme).toContain('![Training loss](charts/loss.svg)');
    expect(readme).toContain('![lr-1.5](charts/runs/lr-1.5/chart.svg)');
    expect(readme).not.toContain('learning_rate: 0.5');
  });

  it('marks as best only the run with the highest last test accuracy, neither the first run nor the best on train', async () => {
    const dir = scratchDir('report');
    const plan = makePlan([0.1, 0.5, 0.9, 1.3]);
    /** Last accuracies per run: the first is best on train, the third best on test, the fourth best on an earlier test. */
    const last = [{ train: 0.99, test: 0.9 }, { train: 0.9, test: 0.92 }, { train: 0.91, test: 0.95 }, { train: 0.9, test: 0.93 }];
    const results = plan.runs.map((run, k) => {
      const result = makeResult(run, 'completed', { rate: 1 });
      result.evaluations.at(-1)!.accuracy = last[k];
      if (k === 3) result.evaluations.at(-2)!.accuracy = { train: 0.9, test: 0.99 };
      return result;
    });
    await writeReport(dir, plan, results, null);
    const marked = readFileSync(join(dir, 'README.md'), 'utf8').split('\n').filter((line) => line.startsWith(`| ${readmeText.bestMark} |`));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain('`lr-0.9`');
  });
});
