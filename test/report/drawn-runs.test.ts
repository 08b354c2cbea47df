/** Which runs get pictures of their own: the best few by the report's notion of best, and those asked for. */
import { describe, expect, it } from 'vitest';
import { BEST_FEW, drawnRuns, rankedRuns } from '../../src/report/drawn-runs.js';
import type { ReportInput } from '../../src/report/report-input.js';
import type { RunResult } from '../../src/results/types.js';
import { makePlan, makeResult } from './fixtures.js';

/** A run that ended with `status`, this last loss and, when given, this last test accuracy. */
function ended(result: RunResult, status: RunResult['status'], loss: number, test?: number): RunResult {
  return {
    ...result, status, losses: status === 'failed' ? [] : [2, loss],
    evaluations: test === undefined ? [] : [{ iteration: 1, epoch: 0, accuracy: { train: 0.5, test } }],
  };
}

const ids = (results: RunResult[]) => results.map((r) => r.run.id);

describe('the runs drawn up close', () => {
  it(`are the best ${BEST_FEW} by the lowest final loss where nothing was evaluated, in plan order; a failed run or a NaN loss never counts`, () => {
    expect(BEST_FEW).toBe(3);
    const plan = makePlan([0.1, 0.2, 0.3, 0.4, 0.5]);
    const [a, b, c, d, e] = plan.runs.map((run) => makeResult(run, 'completed'));
    // the failed run stopped after recording a loss: it still never counts
    const results = [ended(a, 'completed', 0.4), ended(b, 'completed', 0.1), ended(c, 'diverged', Number.NaN), ended(d, 'completed', 0.2), { ...ended(e, 'failed', 0), losses: [2.3, 0.01] }];
    const input: ReportInput = { spec: plan.spec, varying: plan.varying, results };
    expect(ids(rankedRuns(input))).toEqual(['lr-0.2', 'lr-0.4', 'lr-0.1']);
    expect(drawnRuns(input)).toEqual(['lr-0.1', 'lr-0.2', 'lr-0.4']);
    expect(drawnRuns(input, ['lr-0.5'])).toEqual(['lr-0.1', 'lr-0.2', 'lr-0.4', 'lr-0.5']);
  });

  it("with repeats are each setting's best seed first, then the other seeds that have a score", () => {
    const plan = makePlan([0.1, 0.5], 2);
    const [a1, a2, b1, b2] = plan.runs.map((run) => makeResult(run, 'completed'));
    const results = [ended(a1, 'completed', 1, 0.6), ended(a2, 'completed', 1, 0.7), ended(b1, 'completed', 1, 0.9), ended(b2, 'failed', 0)];
    const input: ReportInput = { spec: plan.spec, varying: plan.varying, results };
    // lr 0.1 ranks first: every seed completed; lr 0.5 lost a seed, yet its best seed is drawn
    expect(ids(rankedRuns(input))).toEqual(['lr-0.1-seed-2', 'lr-0.5-seed-1', 'lr-0.1-seed-1']);
    expect(drawnRuns(input)).toEqual(['lr-0.1-seed-1', 'lr-0.1-seed-2', 'lr-0.5-seed-1']);
    expect(drawnRuns(input, ['lr-0.5-seed-2'])).toEqual(['lr-0.1-seed-1', 'lr-0.1-seed-2', 'lr-0.5-seed-1', 'lr-0.5-seed-2']);
  });
});
