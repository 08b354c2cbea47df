import { describe, expect, it } from 'vitest';
import { comparisonInput } from '../../src/report/compare/compare-report.js';
import type { ComparedRun } from '../../src/report/compare/sources.js';
import { rankedRuns } from '../../src/report/drawn-runs.js';
import type { SelectSpec } from '../../src/spec/types.js';
import { makePlan, makeResult } from './fixtures.js';

/** The runs of an experiment over three rates, whose spec names `select`; the first rate gets the lowest final loss. */
function experiment(name: string, select: SelectSpec | undefined): ComparedRun[] {
  const plan = makePlan([0.1, 0.5, 0.9]);
  const spec = { ...plan.spec, name, report: { ...plan.spec.report, ...(select ? { select } : {}) } };
  const file = { format: 1 as const, spec, varying: plan.varying, runs: plan.runs.map((r) => ({ id: r.id, hash: r.hash })) };
  return plan.runs.map((run, i) => {
    const result = makeResult(run, 'completed', { rate: 0.5 + i / 2 });
    if (i === 0) result.losses[result.losses.length - 1] = 1e-4;
    return { label: `${name}/${run.id}`, dir: name, experiment: file, result };
  });
}

const byLoss: SelectSpec = { metric: 'final_loss', mode: 'min' };

describe('compare and report.select', () => {
  it("draws the best runs by the experiments' report.select when they all name the same one", () => {
    const input = comparisonInput([...experiment('a', byLoss), ...experiment('b', byLoss)]);
    expect(input.spec.report.select).toEqual(byLoss);
    expect(rankedRuns(input).slice(0, 2).map((r) => r.run.id)).toEqual(['a/lr-0.1', 'b/lr-0.1']);
  });

  it('falls back to the judged slice\'s accuracy when they differ', () => {
    const input = comparisonInput([...experiment('a', byLoss), ...experiment('b', undefined)]);
    expect(input.spec.report.select).toBeUndefined();
    expect(rankedRuns(input)[0].run.id).not.toBe('a/lr-0.1');
  });
});
