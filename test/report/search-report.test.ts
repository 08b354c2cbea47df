/** A search's pictures: which keys are drawn on which axes, each trial's score, and the best trials' curves. */
import { describe, expect, it } from 'vitest';
import { parallelCoordinates, searchScatter, topCurves } from '../../src/report/charts/search-charts.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { searchCharts, TOP_CURVES } from '../../src/report/search-report.js';
import type { RunResult } from '../../src/results/types.js';
import type { SearchSpace } from '../../src/plan/search.js';
import { makePlan, makeResult } from './fixtures.js';

const SPACE: SearchSpace = {
  'training.learning_rate': { loguniform: [0.001, 1] },
  'training.batch_size': { logint: [16, 256] },
  'model.activation': { choice: ['relu', 'tanh'] },
  'training.momentum': { uniform: [0.5, 0.99] },
  'training.beta1': { choice: [0.9, 0.99] },
};

/** Trials with these learning rates and last test accuracies, each evaluated `evaluations` times. */
function searchInput(trials: [number, number][], space: SearchSpace = SPACE, evaluations = 2): ReportInput {
  const plan = makePlan(trials.map(([lr]) => lr));
  plan.spec.search = { trials: trials.length, seed: 1, space };
  const results: RunResult[] = plan.runs.map((run, k) => {
    const values = { 'training.learning_rate': trials[k][0], 'training.batch_size': 16 * (k + 1), 'model.activation': 'relu', 'training.momentum': 0.5 + k / 10, 'training.beta1': 0.9 };
    const result = makeResult({ ...run, values }, 'completed');
    result.evaluations = Array.from({ length: evaluations }, (_, e) => ({
      iteration: e * 100, epoch: e, accuracy: { train: trials[k][1] + 0.01 * e, test: trials[k][1] - 0.1 * (evaluations - 1 - e) },
    }));
    return result;
  });
  return { spec: plan.spec, varying: Object.keys(space), results };
}

const path = (name: string) => `charts/${name}.svg`;
const metric = { name: 'test_accuracy', mode: 'max' as const };

describe("a search's charts", () => {
  const trials: [number, number][] = [[0.0123, 0.7], [0.5, 0.9], [0.04, 0.8]];

  it('put the first two numeric keys against each other, every numeric key on its axis, log for log draws, each trial by its score', () => {
    const input = searchInput(trials);
    const points = input.results.map((r, k) => ({
      run: r.run.id,
      values: { 'training.learning_rate': trials[k][0], 'training.batch_size': 16 * (k + 1), 'training.momentum': 0.5 + k / 10, 'training.beta1': 0.9 },
      score: trials[k][1],
    }));
    const axes = [
      { key: 'training.learning_rate', log: true }, { key: 'training.batch_size', log: true },
      { key: 'training.momentum', log: false }, { key: 'training.beta1', log: false },
    ];
    const charts = searchCharts(input, path);
    expect(charts.map((c) => [c.path, c.title])).toEqual([
      ['charts/search-region.svg', 'Where the good region lies'],
      ['charts/search-keys.svg', 'Every searched key at once'],
      ['charts/search-best.svg', "The best 3 trials' curves"],
    ]);
    expect(charts[0].spec).toEqual(searchScatter(points, axes[0], axes[1], metric));
    expect(charts[1].spec).toEqual(parallelCoordinates(points, axes, metric));
  });

  it("draw the best trials' curves best first, titled by their first two keys to two figures, with the training slice beside", () => {
    const input = searchInput(trials);
    const curve = (k: number, rank: number, slice: 'test' | 'train') => ({
      run: input.results[k].run.id, rank,
      label: ['learning rate ', 'batch size '].map((words, a) => `${words}${[[0.012, 0.5, 0.04][k], 16 * (k + 1)][a]}`).join('\n'),
      points: input.results[k].evaluations.map((e) => ({ epoch: e.epoch, value: e.accuracy[slice] })),
    });
    const order = [1, 2, 0];
    expect(searchCharts(input, path)[2].spec).toEqual(topCurves(
      order.map((k, i) => curve(k, i + 1, 'test')), metric,
      { name: 'train_accuracy', curves: order.map((k, i) => curve(k, i + 1, 'train')) },
    ));
  });

  it(`draw at most ${TOP_CURVES} trials' curves`, () => {
    expect(TOP_CURVES).toBe(20);
    const many = Array.from({ length: 23 }, (_, k): [number, number] => [0.001 * (k + 1), 0.5 + k / 100]);
    expect(searchCharts(searchInput(many), path).at(-1)!.title).toBe("The best 20 trials' curves");
  });

  it('leave out the pictures a search cannot fill: two keys for a region, three for every key, two evaluations for a curve', () => {
    const oneKey = { 'training.learning_rate': SPACE['training.learning_rate'], 'model.activation': SPACE['model.activation'] };
    expect(searchCharts(searchInput(trials, oneKey), path).map((c) => c.path)).toEqual(['charts/search-best.svg']);
    const twoKeys = { ...oneKey, 'training.momentum': SPACE['training.momentum'] };
    expect(searchCharts(searchInput(trials, twoKeys), path).map((c) => c.path)).toEqual(['charts/search-region.svg', 'charts/search-best.svg']);
    expect(searchCharts(searchInput(trials, SPACE, 1), path).map((c) => c.path)).toEqual(['charts/search-region.svg', 'charts/search-keys.svg']);
  });

  it('are none for a grid, or a search with no results yet', () => {
    const grid = searchInput(trials);
    delete grid.spec.search;
    expect(searchCharts(grid, path)).toEqual([]);
    expect(searchCharts({ ...searchInput(trials), results: [] }, path)).toEqual([]);
  });
});
