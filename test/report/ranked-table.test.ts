import { describe, expect, it } from 'vitest';
import { rankedRuns } from '../../src/report/drawn-runs.js';
import { RANKED_ROWS, rankedTable } from '../../src/report/ranked-table.js';
import { mean, rankSettings, sampleStd } from '../../src/report/ranking.js';
import { readme } from '../../src/report/readme.js';
import { readmeText } from '../../src/report/readme-text.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { bestBy, selectMetric } from '../../src/report/select.js';
import type { RunResult, RunStatus } from '../../src/results/types.js';
import type { PlannedRun } from '../../src/spec/types.js';
import { makePlan, makeSpec } from './fixtures.js';

const TOLERANCE = 1e-12;

/** A finished run whose last evaluation has these accuracies and whose last loss is `loss`. */
function resultOf(run: PlannedRun, accuracy: Record<string, number>, options: { status?: RunStatus; loss?: number } = {}): RunResult {
  const status = options.status ?? 'completed';
  return {
    run, status, error: null,
    divergedAt: status === 'diverged' ? 2 : null,
    losses: [2.3, options.loss ?? 0.5],
    evaluations: [{ iteration: 1, epoch: 0.01, accuracy }],
  };
}

/** A search over the learning rate, selected on validation, with test beside it: trial t gets `validation[t]` and `test[t]`. */
function searchInput(validation: number[], test: number[], statuses: RunStatus[] = []): ReportInput {
  const base = makeSpec({});
  const spec = {
    ...base,
    data: { ...base.data, evaluate: { validation: { split: 'train' as const, start: 50000, end: 60000 }, test: base.data.evaluate.test } },
    search: { trials: validation.length, seed: 3, space: { 'training.learning_rate': { loguniform: [1e-3, 1] as [number, number] } } },
    report: { compare: null, select: { metric: 'validation_accuracy', mode: 'max' as const } },
  };
  const results = validation.map((v, t) => {
    const lr = 0.001 * (t + 1);
    const run: PlannedRun = { id: `t${String(t).padStart(3, '0')}`, values: { 'training.learning_rate': lr }, config: { experiment: spec.name, data: spec.data, model: spec.model, training: { ...spec.training, learning_rate: lr } }, hash: `h${t}` };
    return resultOf(run, { validation: v, test: test[t] }, { status: statuses[t] });
  });
  return { spec, varying: ['training.learning_rate'], results };
}

/** Learning rates over seeds: `accuracies[i][k]` is the test accuracy of rate i's seed k. */
function repeatInput(accuracies: number[][], losses?: number[][]): ReportInput {
  const plan = makePlan(accuracies.map((_, i) => 0.1 * (i + 1)), accuracies[0].length);
  const results = plan.runs.map((run, j) => {
    const [i, k] = [Math.floor(j / accuracies[0].length), j % accuracies[0].length];
    return resultOf(run, { train: 0.5, test: accuracies[i][k] }, { loss: losses?.[i][k] });
  });
  return { spec: plan.spec, varying: plan.varying, results };
}

/** The table's rows (rule and header left out), as cells. */
function tableRows(lines: string[]): string[][] {
  return lines.filter((l) => l.startsWith('| ')).slice(2).map((l) => l.slice(2, -2).split(' | '));
}

describe('a search ranked by the select metric', () => {
  it('puts the best first and keeps trial order among equals', () => {
    const input = searchInput([0.5, 0.9, 0.7, 0.9, 0.7], [0.4, 0.8, 0.6, 0.85, 0.65]);
    expect(rankSettings(input.results, selectMetric(input)).map((s) => s.best.run.id)).toEqual(['t001', 't003', 't002', 't004', 't000']);
    expect(tableRows(rankedTable(input)).map((row) => row[1])).toEqual(['`t001`', '`t003`', '`t002`', '`t004`', '`t000`']);
  });

  it('ranks a diverged run below every completed one, whatever its last accuracy', () => {
    const input = searchInput([0.95, 0.2, 0.6], [0.9, 0.2, 0.6], ['diverged', 'completed', 'completed']);
    expect(tableRows(rankedTable(input)).map((row) => [row[1], row[3]])).toEqual([['`t002`', 'completed'], ['`t001`', 'completed'], ['`t000`', 'diverged']]);
    expect(bestBy(input)!.run.id).toBe('t002');
    expect(rankedRuns(input).map((r) => r.run.id)).toEqual(['t002', 't001', 't000']);
  });

  it('shows each trial\'s searched value, its validation accuracy and its test accuracy beside it', () => {
    const lines = rankedTable(searchInput([0.5, 0.9], [0.4567, 0.8123]));
    expect(lines[0]).toBe(readmeText.rankedHeading('trials', 'validation_accuracy', null));
    expect(lines[2]).toBe('| rank | trial | learning rate | status | validation accuracy | test accuracy |');
    expect(tableRows(lines)).toEqual([['1', '`t001`', '0.002', 'completed', '0.900', '0.812'], ['2', '`t000`', '0.001', 'completed', '0.500', '0.457']]);
  });

  it(`shows the best ${RANKED_ROWS} and says where the others are`, () => {
    const n = RANKED_ROWS + 5;
    const lines = rankedTable(searchInput(Array.from({ length: n }, (_, t) => t / 100), Array.from({ length: n }, () => 0.5)));
    expect(tableRows(lines)).toHaveLength(RANKED_ROWS);
    expect(tableRows(lines)[0][1]).toBe(`\`t${String(n - 1).padStart(3, '0')}\``);
    expect(lines).toContain(readmeText.rankedRest(5, 'trials'));
  });

  it('is absent from a grid without repeats', () => {
    const plan = makePlan([0.1, 0.5]);
    expect(rankedTable({ spec: plan.spec, varying: plan.varying, results: plan.runs.map((run) => resultOf(run, { train: 0.5, test: 0.5 })) })).toEqual([]);
  });
});

describe('repeats over seeds', () => {
  it('computes the mean and the sample standard deviation (n - 1)', () => {
    expect(mean([0.9, 0.92, 0.97])).toBeCloseTo(0.93, 12);
    expect(Math.abs(sampleStd([0.9, 0.92, 0.97]) - Math.sqrt(0.0013))).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(sampleStd([2, 4, 4, 4, 5, 5, 7, 9]) - Math.sqrt(32 / 7))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('shows mean ± std per setting for the loss and every accuracy column', () => {
    const input = repeatInput([[0.9, 0.92, 0.97], [0.5, 0.6, 0.7]], [[0.25, 0.5, 0.75], [1, 1, 1]]);
    const rows = tableRows(rankedTable(input));
    // test: mean 0.93, std sqrt(0.0013) = 0.03606; loss: mean 0.5, std 0.25; train: 0.5 ± 0
    expect(rows[0]).toEqual(['1', '0.1', '3', 'completed', '0.5 ± 0.25', '0.500 ± 0.000', '0.930 ± 0.036']);
    expect(rows[1]).toEqual(['2', '0.2', '3', 'completed', '1 ± 0', '0.500 ± 0.000', '0.600 ± 0.100']);
    expect(rankSettings(input.results, selectMetric(input))[0].score!).toBeCloseTo(0.93, 12);
  });

  it('chooses the best setting by its mean, not its best seed, and stars that setting\'s best seed', () => {
    // rate 0.1 has the single best seed (0.99) but the lower mean (0.6633...); rate 0.2's mean is 0.8
    const input = repeatInput([[0.5, 0.99, 0.51], [0.8, 0.82, 0.78]]);
    const bestSeed = input.results.reduce((a, b) => (b.evaluations[0].accuracy.test > a.evaluations[0].accuracy.test ? b : a));
    expect(bestSeed.run.id).toBe('lr-0.1-seed-2');
    expect(bestBy(input)!.run.id).toBe('lr-0.2-seed-2');
    expect(rankedRuns(input).slice(0, 2).map((r) => r.run.id)).toEqual(['lr-0.2-seed-2', 'lr-0.1-seed-2']);
    const text = readme(input, { comparisons: [], runs: {} });
    expect(text).toContain('| ★ | `lr-0.2-seed-2` |');
    expect(text).toContain(readmeText.bestOfSeedsNote('test_accuracy', 'max', false));
  });

  it('leaves a mean empty where a seed has no finite value, and ranks a setting by its worst seed', () => {
    const input = repeatInput([[0.9, 0.9], [0.5, 0.5]]);
    input.results[1] = { ...input.results[1], status: 'diverged', losses: [2.3, NaN] };
    const rows = tableRows(rankedTable(input));
    expect(rows.map((row) => [row[1], row[3], row[4]])).toEqual([['0.2', 'completed', '0.5 ± 0'], ['0.1', '1 completed, 1 diverged', '']]);
  });
});

describe('what a search varied, in its README', () => {
  it('gives each searched key its distribution, trials and search seed instead of a list of values', () => {
    const text = readme(searchInput([0.5, 0.9], [0.4, 0.8]), { comparisons: [], runs: {} });
    expect(text).toContain('- learning rate (`training.learning_rate`): log-uniform from 0.001 to 1, drawn for each of 2 trials (search seed 3)');
  });
});
