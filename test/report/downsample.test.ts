import { describe, expect, it } from 'vitest';
import { lossWindows, MAX_POINTS, windowSize } from '../../src/report/downsample.js';

describe('downsampling a loss curve', () => {
  it('picks the smallest window of 1, 2, 5, 10, 20, 50... that keeps the curve within MAX_POINTS', () => {
    expect(windowSize(MAX_POINTS)).toBe(1);
    expect(windowSize(MAX_POINTS + 1)).toBe(2);
    expect(windowSize(1000)).toBe(5);
    expect(windowSize(10000)).toBe(50);
    expect(Math.ceil(123457 / windowSize(123457))).toBeLessThanOrEqual(MAX_POINTS);
  });

  it('gives each window its middle iteration, mean, min and max, the last window possibly shorter', () => {
    const windows = lossWindows([4, 2, 3, 1, 10], 2);
    expect(windows.map((w) => w.iteration)).toEqual([0.5, 2.5, 4]);
    expect(windows.map((w) => [w.min, w.max])).toEqual([[2, 4], [1, 3], [10, 10]]);
    windows.forEach((w, k) => expect(w.mean).toBeCloseTo([3, 2, 10][k], 12));
  });

  it('stops a curve before its first NaN or infinite loss', () => {
    expect(lossWindows([1, 2, 3, NaN, 5], 2).map((w) => w.iteration)).toEqual([0.5, 2]);
    expect(lossWindows([Infinity, 1], 1)).toEqual([]);
  });
});
