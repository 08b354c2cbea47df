import { describe, expect, it } from 'vitest';
import { halve, iterationsSpent, promoted, rungs, survivors } from '../../src/plan/halving.js';

describe('rungs', () => {
  it('fall at R, R·η, R·η² below the budget, then at the budget', () => {
    expect(rungs({ min_iterations: 8, reduction: 3 }, 200)).toEqual([8, 24, 72, 200]);
    expect(rungs({ min_iterations: 50, reduction: 2 }, 200)).toEqual([50, 100, 200]);
    expect(rungs({ min_iterations: 300, reduction: 3 }, 200)).toEqual([200]);
  });
});

describe('promotion', () => {
  it('keeps the best 1/η by the metric, at least one, listed in trial order', () => {
    expect(survivors(100, 3)).toBe(33);
    expect(survivors(2, 3)).toBe(1);
    const scores = [0.1, 0.9, 0.5, 0.7, 0.3, 0.8].map((score, trial) => ({ trial, score }));
    expect(promoted(scores, 3, 'max')).toEqual([1, 5]);
    expect(promoted(scores, 3, 'min')).toEqual([0, 4]);
  });

  it('breaks ties by trial order and ranks trials without a score last', () => {
    const scores = [
      { trial: 0, score: null },
      { trial: 1, score: 0.5 },
      { trial: 2, score: 0.5 },
      { trial: 3, score: 0.5 },
    ];
    expect(promoted(scores, 2, 'max')).toEqual([1, 2]);
    expect(promoted([{ trial: 0, score: null }, { trial: 1, score: null }, { trial: 2, score: 0 }], 3, 'min')).toEqual([2]);
  });

  it('does not depend on the order the scores arrive in', () => {
    const scores = [0.3, 0.6, 0.6, 0.1, 0.9, 0.2, 0.6, 0.4, 0.5].map((score, trial) => ({ trial, score }));
    expect(promoted([...scores].reverse(), 3, 'max')).toEqual(promoted(scores, 3, 'max'));
    expect(promoted(scores, 3, 'max')).toEqual([1, 2, 4]);
  });
});

describe('halve', () => {
  it('stops each trial at the rung where it was pruned; the survivors train the whole budget', () => {
    // trial t scores t at every rung: the highest trials survive
    const { stopsAt, pruned } = halve(9, { min_iterations: 10, reduction: 3 }, 90, 'max', (trial) => trial);
    expect(stopsAt).toEqual([10, 10, 10, 10, 10, 10, 30, 30, 90]);
    expect(pruned).toEqual([true, true, true, true, true, true, true, true, false]);
    expect(iterationsSpent(stopsAt)).toBe(6 * 10 + 2 * 30 + 90);
  });

  it('treats a NaN or infinite metric as no score', () => {
    const { pruned } = halve(3, { min_iterations: 1, reduction: 3 }, 9, 'max', (trial) => (trial === 2 ? NaN : trial));
    expect(pruned).toEqual([true, false, true]);
  });
});
