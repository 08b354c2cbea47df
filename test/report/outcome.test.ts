/** One sentence on what happened to a run, and the slice and accuracy it is judged by. */
import { describe, expect, it } from 'vitest';
import { judgedSlice, lastAccuracy, outcome } from '../../src/report/outcome.js';
import { reportMessages as m } from '../../src/report/messages.js';
import type { RunResult } from '../../src/results/types.js';
import { makePlan, makeResult } from './fixtures.js';

const [run] = makePlan([0.5], 1, 300).runs;

/** A run with these losses and evaluations, as a status would leave it. */
function resultOf(status: RunResult['status'], losses: number[], accuracies: Record<string, number>[], extra: Partial<RunResult> = {}): RunResult {
  return {
    ...makeResult(run, 'completed'), status, losses,
    evaluations: accuracies.map((accuracy, k) => ({ iteration: k * 100, epoch: k, accuracy })), ...extra,
  };
}

describe('the judged slice', () => {
  it('is test when there is one, else the last slice, else none', () => {
    expect(judgedSlice(['train', 'test', 'validation'])).toBe('test');
    expect(judgedSlice(['train', 'validation'])).toBe('validation');
    expect(judgedSlice([])).toBeNull();
  });

  it("gives the last evaluation's accuracy on it, or none when there is none or it is NaN", () => {
    const result = resultOf('completed', [2, 1], [{ test: 0.5 }, { test: 0.75, train: 0.8 }]);
    expect(lastAccuracy(result, 'test')).toBe(0.75);
    expect(lastAccuracy(result, 'train')).toBe(0.8);
    expect(lastAccuracy(result, 'validation')).toBeNull();
    expect(lastAccuracy(result, null)).toBeNull();
    expect(lastAccuracy(resultOf('completed', [2], [{ test: Number.NaN }]), 'test')).toBeNull();
    expect(lastAccuracy(resultOf('completed', [2], []), 'test')).toBeNull();
  });
});

describe("a run's outcome", () => {
  it('says a completed run\'s accuracy on the judged slice and its iterations, or its final loss when it was never evaluated', () => {
    expect(outcome(resultOf('completed', [2, 1, 0.5], [{ train: 0.9, test: 0.25 }, { train: 0.95, test: 0.875 }])))
      .toBe(m.outcomeCompleted('test', 0.875, 3, 0.5));
    expect(outcome(resultOf('completed', [2, 1, 0.5], [{ train: 0.5, validation: 0.625 }]))).toBe(m.outcomeCompleted('validation', 0.625, 3, 0.5));
    expect(outcome(resultOf('completed', [2, 1, 0.25], []))).toBe(m.outcomeCompleted(null, null, 3, 0.25));
    expect(outcome(resultOf('completed', [], []))).toBe(m.outcomeCompleted(null, null, 0, null));
  });

  it("says where a run diverged, with the loss there and the run's own divergence rule", () => {
    const rule = { factor: 3, patience: 50 };
    const own = { ...run, config: { ...run.config, training: { ...run.config.training, divergence: rule } } };
    expect(outcome(resultOf('diverged', [2, 9, 7, 8], [], { run: own, divergedAt: 2 }))).toBe(m.outcomeDiverged(2, 7, rule));
    expect(outcome(resultOf('diverged', [2, 9, Number.NaN], [], { run: own, divergedAt: null }))).toBe(m.outcomeDiverged(2, Number.NaN, rule));
  });

  it('says a diverged run of a config written before the divergence rule existed had the default rule', () => {
    const { divergence: _, ...training } = run.config.training;
    const old = { ...run, config: { ...run.config, training: training as typeof run.config.training } };
    expect(outcome(resultOf('diverged', [2, 9], [], { run: old, divergedAt: 1 }))).toBe(m.outcomeDiverged(1, 9, { factor: 2, patience: 100 }));
  });

  it("says a failed run's first line of error, or that none was recorded", () => {
    expect(outcome(resultOf('failed', [], [], { error: 'out of memory\n    at somewhere' }))).toBe(m.outcomeFailed('out of memory'));
    expect(outcome(resultOf('failed', [], [], { error: null }))).toBe(m.outcomeFailed(null));
  });

  it('says how far an interrupted run got', () => {
    expect(outcome(resultOf('interrupted', [2, 1, 1], []))).toBe(m.outcomeInterrupted(3));
  });

  it('says where successive halving pruned a run, and its accuracy there', () => {
    expect(outcome(resultOf('pruned', [2, 1, 1, 1], [{ test: 0.5 }, { test: 0.625 }], { prunedAt: 150 }))).toBe(m.outcomePruned('test', 0.625, 150));
    expect(outcome(resultOf('pruned', [2, 1, 1, 1], []))).toBe(m.outcomePruned(null, null, 3));
  });

  it('reads as a sentence a reader can check', () => {
    expect(outcome(resultOf('completed', [2, 1, 0.5], [{ test: 0.875 }]))).toBe('completed: test accuracy 0.875 after 3 iterations');
    expect(outcome(resultOf('interrupted', [2, 1, 1], []))).toBe('interrupted after 3 iterations');
  });
});
