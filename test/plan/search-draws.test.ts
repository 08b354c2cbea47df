/** Where a draw lands inside its distribution, and every bound a distribution can get wrong, with its words. */
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_KINDS, distributionProblem, searchMessages, valueAt } from '../../src/plan/search.js';

describe('a draw', () => {
  it('lands in proportion inside a uniform range, rounded to four significant digits', () => {
    expect(valueAt({ uniform: [1, 3] }, 0.25)).toBe(1.5);
    expect(valueAt({ uniform: [0.1, 0.2] }, 0.123456)).toBe(0.1123);
  });

  it('lands in proportion to the logarithm inside a log-uniform range and a log-integer one', () => {
    expect(valueAt({ loguniform: [1, 100] }, 0.5)).toBe(10);
    // log-integer: equal mass per unit of log over [lo, hi + 1): u = 0.5 of [1, 16) is 4
    expect(valueAt({ logint: [1, 15] }, 0.5)).toBe(4);
    expect(valueAt({ logint: [4, 15] }, 0)).toBe(4);
  });

  it('picks an integer of an inclusive range, and a choice, in proportion', () => {
    expect(valueAt({ int: [10, 19] }, 0.55)).toBe(15);
    expect(valueAt({ choice: ['a', 'b', 'c', 'd'] }, 0.3)).toBe('b');
  });
});

describe('a distribution', () => {
  it('of integers refuses a low bound that is not one, at the low bound', () => {
    expect(distributionProblem({ int: [1.5, 4] })).toEqual({ bound: 0, message: searchMessages.notInteger('int', 1.5) });
    expect(distributionProblem({ logint: [1.5, 4] })).toEqual({ bound: 0, message: searchMessages.notInteger('logint', 1.5) });
    expect(distributionProblem({ logint: [2, 4.5] })).toEqual({ bound: 1, message: searchMessages.notInteger('logint', 4.5) });
    expect(distributionProblem({ uniform: [1.5, 4.5] })).toBeNull();
  });

  it('on a log scale refuses a low bound of 0 or less, integers too', () => {
    expect(distributionProblem({ logint: [0, 4] })).toEqual({ bound: 0, message: searchMessages.logBound('logint', 0) });
    expect(distributionProblem({ int: [0, 4] })).toBeNull();
    expect(distributionProblem({ uniform: [-1, 4] })).toBeNull();
  });

  it('refuses bounds out of order, whatever its kind', () => {
    expect(distributionProblem({ int: [5, 4] })).toEqual({ bound: 1, message: searchMessages.emptyRange('int', 5, 4) });
    expect(distributionProblem({ loguniform: [2, 1] })).toEqual({ bound: 1, message: searchMessages.emptyRange('loguniform', 2, 1) });
  });

  it('is one of five kinds, each said in words', () => {
    expect(DISTRIBUTION_KINDS).toEqual(['uniform', 'loguniform', 'int', 'logint', 'choice']);
    expect(searchMessages.emptyChoice()).toBe('choice needs at least one value');
    expect(searchMessages.notInteger('int', 1.5)).toBe('int bounds must be integers, got 1.5');
    expect(searchMessages.logBound('loguniform', -6)).toBe('loguniform bounds must be greater than 0 (they are values, not exponents: 1.0e-6, not -6), got -6');
    expect(searchMessages.emptyRange('uniform', 2, 1)).toBe('uniform needs its low bound below its high bound, got [2, 1]');
  });
});
