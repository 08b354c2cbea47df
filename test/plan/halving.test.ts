import { describe, expect, it } from 'vitest';
import { halve, iterationsSpent, promoted, rungs, survivors } from '../../src/plan/halving.js';

describe('rungs', () => {
  it('fall at R, R·η, R·η² before the last iteration', () => {
    expect(rungs({ min_iterations: 8, reduction: 3 }, 200)).toEqual([8, 24, 72]);
    expect(rungs({ min_iterations: 50, reduction: 2 }, 200)).toEqual([50, 100]);
    // 200 is the last iteration of 201: its evaluation is the final one, not a rung
    expect(rungs({ min_iterations: 50, reduction: 2 }, 201)).toEqual([50, 100]);
    expect(rungs({ min_iterations: 300, reduction: 3 }, 200)).toEqual([]);
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
  it('trains each pruned trial up to its rung and the survivors to the end', () => {
    // trial t scores t at every rung: the highest trials survive
    const { trained, pruned } = halve(9, { min_iterations: 10, reduction: 3 }, 91, 'max', (trial) => trial);
    expect(trained).toEqual([11, 11, 11, 11, 11, 11, 31, 31, 91]);
    expect(pruned).toEqual([true, true, true, true, true, true, true, true, false]);
  });

  it('treats a NaN or infinite metric as no score', () => {
    const { pruned } = halve(3, { min_iterations: 1, reduction: 3 }, 10, 'max', (trial) => (trial === 2 ? NaN : trial));
    expect(pruned).toEqual([true, false, true]);
  });
});

describe('iterations spent', () => {
  it('is the sum, over rungs, of the trials stopped there times the rung plus one, and the survivors times the whole run', () => {
    expect(iterationsSpent(9, { min_iterations: 10, reduction: 3 }, 91)).toBe(6 * 11 + 2 * 31 + 91);
    const { trained } = halve(100, { min_iterations: 32, reduction: 3 }, 200, 'max', (t) => t % 7);
    expect(iterationsSpent(100, { min_iterations: 32, reduction: 3 }, 200)).toBe(trained.reduce((a, b) => a + b, 0));
    // the book's search: 100 trials of 200 iterations spend at most a third of 20,000 with R = 32, η = 3
    expect(iterationsSpent(100, { min_iterations: 32, reduction: 3 }, 200)).toBe(67 * 33 + 22 * 97 + 11 * 200);
    expect(iterationsSpent(100, { min_iterations: 32, reduction: 3 }, 200)).toBeLessThanOrEqual(20000 / 3);
  });
});
