import { describe, expect, it } from 'vitest';
import { argmax, crossEntropyError, identity, relu, sigmoid, softmaxRows, step, sumSquaredError } from '../../src/core/functions.js';

describe("the seed's functions", () => {
  it('are the identity, step, sigmoid and ReLU on numbers', () => {
    expect([-1, 0, 2].map(identity)).toEqual([-1, 0, 2]);
    expect([-1, 0, 2].map(step)).toEqual([0, 0, 1]);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(0.8807970779778823, 15);
    expect([-1, 0, 2].map(relu)).toEqual([0, 0, 2]);
  });

  it('softmax rows sum to one, keep their order and do not overflow on large scores', () => {
    const x = new Float64Array([0.3, 2.9, 4.0, 1010, 1000, 990]);
    const y = new Float64Array(6);
    softmaxRows(x, 2, 3, y);
    expect(y[0] + y[1] + y[2]).toBeCloseTo(1, 15);
    expect(y[3] + y[4] + y[5]).toBeCloseTo(1, 15);
    expect(y[0]).toBeCloseTo(0.01821127329554753, 15);
    expect(y[3]).toBeCloseTo(0.999954600070331, 14);
  });

  it("give the seed's sum of squared errors and cross-entropy for its example", () => {
    // the seed's example: the answer is 2, the network says 2 with probability 0.6
    const y = new Float64Array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
    expect(sumSquaredError(y, [2], 1, 10)).toBeCloseTo(0.0975, 15);
    expect(crossEntropyError(y, [2], 1, 10)).toBeCloseTo(0.510825457099338, 12);
  });

  it('take the first of equal maxima in argmax, as NumPy does', () => {
    expect(argmax(new Float64Array([1, 3, 3, 2]), 0, 4)).toBe(1);
    expect(argmax(new Float64Array([9, 1, 3, 3]), 1, 3)).toBe(1);
  });
});
