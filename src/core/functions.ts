/**
 * The seed's activation and loss functions, on plain numbers and arrays: the
 * definitions the layers implement and the tests check against.
 */
import type { Floats } from './floats.js';

export const identity = (x: number): number => x;
export const step = (x: number): number => (x > 0 ? 1 : 0);
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const relu = (x: number): number => (x > 0 ? x : 0);

/** softmax of each row of x[n x m] into out, shifted by the row's max as the seed does. */
export function softmaxRows(x: Floats, n: number, m: number, out: Floats): void {
  for (let r = 0; r < n; r++) {
    const o = r * m;
    let max = -Infinity;
    for (let j = 0; j < m; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < m; j++) sum += Math.exp(x[o + j] - max);
    for (let j = 0; j < m; j++) out[o + j] = Math.exp(x[o + j] - max) / sum;
  }
}

/** 0.5 * sum((y - t)^2), t one-hot from class labels; summed over the batch. */
export function sumSquaredError(y: Floats, labels: ArrayLike<number>, n: number, m: number): number {
  let sum = 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < m; j++) {
      const d = y[r * m + j] - (labels[r] === j ? 1 : 0);
      sum += d * d;
    }
  }
  return 0.5 * sum;
}

/** The seed's cross-entropy: -sum(log(y[r, t_r] + 1e-7)) / n. */
export function crossEntropyError(y: Floats, labels: ArrayLike<number>, n: number, m: number): number {
  let sum = 0;
  for (let r = 0; r < n; r++) sum += Math.log(y[r * m + labels[r]] + 1e-7);
  return -sum / n;
}

/** Index of the largest of m values at x[offset..]; the first one on ties, as NumPy's argmax. */
export function argmax(x: Floats, offset: number, m: number): number {
  let best = 0;
  for (let j = 1; j < m; j++) if (x[offset + j] > x[offset + best]) best = j;
  return best;
}
