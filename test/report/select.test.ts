import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/results/types.js';
import { rankedRuns } from '../../src/report/drawn-runs.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { bestBy } from '../../src/report/select.js';
import { makePlan } from './fixtures.js';

/** Three runs whose last evaluation has these train and test accuracies, and these final losses. */
function inputWith(select: ReportInput['spec']['report']['select'], rows: [number, number, number][]): ReportInput {
  const plan = makePlan([0.1, 0.2, 0.3]);
  const results: RunResult[] = plan.runs.map((run, i) => ({
    run, status: 'completed', divergedAt: null, error: null,
    losses: [2.3, rows[i][2]],
    evaluations: [{ iteration: 1, epoch: 0.01, accuracy: { train: rows[i][0], test: rows[i][1] } }],
  }));
  return { spec: { ...plan.spec, report: { ...plan.spec.report, ...(select ? { select } : {}) } }, varying: plan.varying, results };
}

const rows: [number, number, number][] = [[0.9, 0.5, 0.3], [0.6, 0.8, 0.1], [0.7, 0.7, 0.2]];

describe('what "best" means', () => {
  it('by default: the highest test accuracy', () => {
    expect(bestBy(inputWith(undefined, rows))!.run.id).toBe('lr-0.2');
  });

  it('with report.select: its metric and mode, for the star and the runs drawn up close alike', () => {
    const byTrain = inputWith({ metric: 'train_accuracy', mode: 'max' }, rows);
    expect(bestBy(byTrain)!.run.id).toBe('lr-0.1');
    expect(rankedRuns(byTrain).map((r) => r.run.id)).toEqual(['lr-0.1', 'lr-0.3', 'lr-0.2']);
    const byLoss = inputWith({ metric: 'final_loss', mode: 'min' }, rows);
    expect(bestBy(byLoss)!.run.id).toBe('lr-0.2');
    expect(rankedRuns(byLoss).map((r) => r.run.id)).toEqual(['lr-0.2', 'lr-0.3', 'lr-0.1']);
  });

  it('keeps the first of equals in plan order', () => {
    expect(bestBy(inputWith({ metric: 'test_accuracy', mode: 'max' }, [[0, 0.8, 1], [0, 0.8, 1], [0, 0.1, 1]]))!.run.id).toBe('lr-0.1');
  });
});
