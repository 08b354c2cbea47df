import { describe, expect, it } from 'vitest';
import { distributionProblem, drawTrials, searchMessages, trialId, uniformFor, valueAt, type SearchSpace } from '../../src/plan/search.js';

const BOOK: SearchSpace = {
  'training.learning_rate': { loguniform: [1.0e-6, 1.0e-2] },
  'training.weight_decay': { loguniform: [1.0e-8, 1.0e-4] },
};

describe('drawing trials', () => {
  it('draws from SHA-256 of seed, trial and key, as an independent Python computation gives', () => {
    // python3: hashlib.sha256(b'3/0/training.learning_rate') -> first 53 bits / 2**53
    expect(uniformFor(3, 0, 'training.learning_rate')).toBe(0.2718299146269658);
    expect(uniformFor(3, 1, 'training.learning_rate')).toBe(0.8016967353133366);
    // 10 ** (-6 + u * 4), to 4 significant digits
    expect(drawTrials(BOOK, 3, 2).map((t) => t['training.learning_rate'])).toEqual([1.223e-5, 0.00161]);
  });

  it('keeps the first N trials when trials grow, and each key\'s draws when keys are added', () => {
    const twenty = drawTrials(BOOK, 3, 20);
    expect(drawTrials(BOOK, 3, 30).slice(0, 20)).toEqual(twenty);
    const wider = drawTrials({ ...BOOK, 'training.batch_size': { choice: [50, 100, 200] } }, 3, 20);
    expect(wider.map((t) => t['training.learning_rate'])).toEqual(twenty.map((t) => t['training.learning_rate']));
  });

  it('gives another sequence for another seed', () => {
    expect(drawTrials(BOOK, 4, 5)).not.toEqual(drawTrials(BOOK, 3, 5));
  });

  it('keeps log-uniform values inside their bounds, half of them below the geometric mean (within 0.05 over 1,000)', () => {
    const rates = drawTrials(BOOK, 1, 1000).map((t) => t['training.learning_rate'] as number);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(1e-6);
    expect(Math.max(...rates)).toBeLessThanOrEqual(1e-2);
    const below = rates.filter((r) => r < 1e-4).length / rates.length;
    expect(Math.abs(below - 0.5)).toBeLessThan(0.05);
  });

  it('draws every integer of an inclusive range, and only those', () => {
    const values = drawTrials({ k: { int: [1, 3] }, l: { logint: [1, 8] } }, 9, 400);
    expect(new Set(values.map((t) => t.k))).toEqual(new Set([1, 2, 3]));
    expect(new Set(values.map((t) => t.l))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
  });

  it('maps the ends of [0, 1) to the ends of each range', () => {
    expect(valueAt({ uniform: [0, 0.5] }, 0)).toBe(0);
    expect(valueAt({ int: [2, 5] }, 0.999999)).toBe(5);
    expect(valueAt({ logint: [2, 5] }, 0.999999)).toBe(5);
    expect(valueAt({ choice: ['a', 'b'] }, 0.5)).toBe('b');
    expect(valueAt({ loguniform: [1e-3, 1e-1] }, 0)).toBe(1e-3);
  });
});

describe('trial ids', () => {
  it('are t and at least three digits, so folder names keep their width', () => {
    expect([0, 7, 99, 999, 1234].map(trialId)).toEqual(['t000', 't007', 't099', 't999', 't1234']);
  });
});

describe('bad distributions', () => {
  it('name the bound that is wrong and why', () => {
    expect(distributionProblem({ uniform: [1, 1] })).toEqual({ bound: 1, message: searchMessages.emptyRange('uniform', 1, 1) });
    expect(distributionProblem({ loguniform: [0, 1] })).toEqual({ bound: 0, message: searchMessages.logBound('loguniform', 0) });
    expect(distributionProblem({ loguniform: [-6, -2] })).toEqual({ bound: 0, message: searchMessages.logBound('loguniform', -6) });
    expect(distributionProblem({ int: [1, 2.5] })).toEqual({ bound: 1, message: searchMessages.notInteger('int', 2.5) });
    expect(distributionProblem({ choice: [] })).toEqual({ bound: null, message: searchMessages.emptyChoice() });
    expect(distributionProblem({ logint: [1, 64] })).toBeNull();
  });
});
