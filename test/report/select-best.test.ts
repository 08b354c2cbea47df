/** The best run never stopped early, and a final loss that is not a number scores nothing. */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/results/types.js';
import { bestBy, bestOf, selectMetricOf } from '../../src/report/select.js';
import { makePlan } from './fixtures.js';

/** Runs with these statuses, last test accuracies and final losses. */
function runs(rows: [RunResult['status'], number, number][]): RunResult[] {
  return makePlan(rows.map((_, k) => (k + 1) / 10)).runs.map((run, k) => ({
    run, status: rows[k][0], divergedAt: null, error: null, losses: [2.3, rows[k][2]],
    evaluations: [{ iteration: 1, epoch: 0.01, accuracy: { train: 0.5, test: rows[k][1] } }],
  }));
}

describe('the best run', () => {
  it('is never one successive halving pruned, however accurate it was when stopped', () => {
    const plan = makePlan([0.1, 0.2]);
    const results = runs([['pruned', 0.99, 0.1], ['completed', 0.6, 0.5]]);
    expect(bestBy({ spec: plan.spec, varying: plan.varying, results })!.run.id).toBe('lr-0.2');
    expect(bestOf(results.slice(0, 1), selectMetricOf(undefined, ['test']))).toBeNull();
  });

  it('by final loss is the lowest finite one: a NaN or infinite loss scores nothing', () => {
    const metric = selectMetricOf({ metric: 'final_loss', mode: 'min' }, ['train', 'test']);
    expect(metric).toMatchObject({ name: 'final_loss', mode: 'min', slice: null });
    const results = runs([['diverged', 0.5, Number.NaN], ['diverged', 0.5, -Infinity], ['completed', 0.5, 0.7], ['completed', 0.5, 0.4]]);
    expect(results.map((r) => metric.score(r))).toEqual([null, null, 0.7, 0.4]);
    expect(metric.score({ ...results[2], losses: [] })).toBeNull();
    expect(bestOf(results, metric)!.run.id).toBe('lr-0.4');
  });

  it('by an accuracy is named after its slice, whichever is judged by default', () => {
    expect(selectMetricOf({ metric: 'validation_accuracy', mode: 'max' }, ['validation', 'test'])).toMatchObject({ name: 'validation_accuracy', slice: 'validation' });
    expect(selectMetricOf(undefined, ['train', 'validation'])).toMatchObject({ name: 'validation_accuracy', mode: 'max', slice: 'validation' });
  });
});
