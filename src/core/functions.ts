/**
 * The seed's activation and loss functions, on plain numbers and arrays: the
 * definitions the layers implement and the tests check against.
 */
import type { Floats } from './floats.js';
import { numpyExp } from './numpy-math/exp.js';
import { pairwiseSum } from './numpy-math/sum.js';

export const identity = (x: number): number => x;
export const step = (x: number): number => (x > 0 ? 1 : 0);
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const relu = (x: number): number => (x > 0 ? x : 0);

/**
 * softmax of each row of x[n x m] into out, shifted by the row's max as the seed does.
 * In float64 it repeats NumPy's arithmetic bit for bit: np.exp as NumPy computes it and the
 * row's sum in NumPy's pairwise order; float32 uses Math.exp and a running sum.
 */
export function softmaxRows(x: Floats, n: number, m: number, out: Floats): void {
  if (x instanceof Float64Array && out instanceof Float64Array) {
    softmaxRowsLikeNumpy(x, n, m, out);
    return;
  }
  if (exps.length < m) exps = new Float64Array(m);
  for (let r = 0; r < n; r++) {
    const o = r * m;
    let max = -Infinity;
    for (let j = 0; j < m; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < m; j++) sum += exps[j] = Math.exp(x[o + j] - max);
    for (let j = 0; j < m; j++) out[o + j] = exps[j] / sum;
  }
}

/** One row's exponentials in float64, reused from call to call (training allocates nothing). */
let exps = new Float64Array(16);

function softmaxRowsLikeNumpy(x: Float64Array, n: number, m: number, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const o = r * m;
    let max = -Infinity;
    for (let j = 0; j < m; j++) if (x[o + j] > max) max = x[o + j];
    for (let j = 0; j < m; j++) out[o + j] = numpyExp(x[o + j] - max);
    const sum = pairwiseSum(out, o, m);
    for (let j = 0; j < m; j++) out[o + j] /= sum;
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

/**
 * The seed's cross-entropy: -sum(log(y[r, t_r] + 1e-7)) / n. In float64 the terms are
 * added in NumPy's pairwise order, as np.sum adds them.
 */
export function crossEntropyError(y: Floats, labels: ArrayLike<number>, n: number, m: number): number {
  if (y instanceof Float64Array) {
    const terms = new Float64Array(n);
    for (let r = 0; r < n; r++) terms[r] = Math.log(y[r * m + labels[r]] + 1e-7);
    return -pairwiseSum(terms, 0, n) / n;
  }
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
