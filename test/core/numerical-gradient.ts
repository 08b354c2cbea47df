/**
 * The seed's numerical differentiation: central differences, (f(x + h) - f(x - h)) / 2h,
 * one parameter at a time. Correct but slow (two losses per parameter), it is the check
 * that backpropagation computes the same gradients.
 */
import type { Floats, Input } from '../../src/core/floats.js';
import { softmaxRows } from '../../src/core/functions.js';
import type { Mode } from '../../src/core/layers/layer.js';
import type { Mlp, Network } from '../../src/core/network.js';

/**
 * d f / d x[i] for every i, by central differences; x is restored afterwards.
 * Order 2 is the seed's (f(x+h) - f(x-h)) / 2h; order 4 the five-point stencil
 * (8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h, whose error is O(h^4); the
 * differences come first, so a loss that does not change gives exactly 0.
 */
export function numericalGradient(f: () => number, x: Floats, h = 1e-4, order: 2 | 4 = 2): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = x[i];
    const at = (offset: number): number => {
      x[i] = saved + offset;
      return f();
    };
    grad[i] = order === 2
      ? (at(h) - at(-h)) / (2 * h)
      : (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
    x[i] = saved;
  }
  return grad;
}

export interface GradientCheck {
  /** The largest relative difference over every parameter: |b - n| / max(|b|, |n|). */
  worst: number;
  /** Where it was: parameter array (W1, b1, W2, ...) and index. */
  where: { param: string; index: number };
}

/**
 * Backpropagation's gradients against fourth-order central differences, on every
 * parameter of `network` (gradients of 1e-4 need more than the seed's two points). The differentiated loss is the exact cross-entropy -mean(log y_t): the
 * seed's loss adds 1e-7 inside the log, which its backward pass (y - t) / n ignores.
 */
export function gradientCheck(network: Mlp, input: Input, labels: ArrayLike<number>, h = 1e-4): GradientCheck {
  network.gradient(input, labels);
  const analytic = network.paramGrads().map(({ grad }) => Float64Array.from(grad));
  const y = new Float64Array(input.n * network.outputs);
  const exactLoss = (): number => {
    softmaxRows(network.predict(input), input.n, network.outputs, y);
    let sum = 0;
    for (let r = 0; r < input.n; r++) sum += Math.log(y[r * network.outputs + labels[r]]);
    return -sum / input.n;
  };
  let result: GradientCheck = { worst: 0, where: { param: '', index: -1 } };
  network.paramGrads().forEach(({ param }, k) => {
    const numeric = numericalGradient(exactLoss, param, h, 4);
    const name = `${k % 2 === 0 ? 'W' : 'b'}${Math.floor(k / 2) + 1}`;
    numeric.forEach((n, i) => {
      const b = analytic[k][i];
      const scale = Math.max(Math.abs(b), Math.abs(n));
      const relative = scale === 0 ? 0 : Math.abs(b - n) / scale;
      if (isWorse(relative, result.worst)) result = { worst: relative, where: { param: name, index: i } };
    });
  });
  return result;
}

/**
 * Gradients smaller than this are compared as if they were this large: the differences of a
 * loss near 1 carry about 1e-12 of rounding noise at h = 1e-4, so a true zero (a bias before
 * batch normalization, which the normalization cancels) reads as 1e-12 and must not count as a
 * relative error of 1. At 1e-4 the test still sees any absolute error above 1e-11.
 */
const NOISE_FLOOR = 1e-4;

/**
 * The same check on any Network, its loss in `mode` (training mode: batch statistics, the
 * dropout masks of `gradient`'s pass, which `freeze` fixes before differencing). The
 * differentiated loss adds weight decay's 0.5 * lambda * sum(W^2) over the W tensors,
 * computed here from the definition, not by the network.
 */
export function networkGradientCheck(
  network: Network, input: Input, labels: ArrayLike<number>, options: { mode?: Mode; freeze?: () => void; h?: number } = {},
): GradientCheck {
  const mode = options.mode ?? 'train';
  network.gradient(input, labels);
  options.freeze?.();
  const trainable = network.tensors().filter((t) => t.trainable);
  const analytic = network.paramGrads().map(({ grad }) => Float64Array.from(grad));
  const y = new Float64Array(input.n * network.outputs);
  const weights = network.tensors().filter((t) => t.name.endsWith('.W'));
  const exactLoss = (): number => {
    softmaxRows(network.forward(input, mode), input.n, network.outputs, y);
    let sum = 0;
    for (let r = 0; r < input.n; r++) sum += Math.log(y[r * network.outputs + labels[r]]);
    let squares = 0;
    for (const { data } of weights) for (const w of data) squares += w * w;
    return -sum / input.n + 0.5 * network.weightDecay * squares;
  };
  let result: GradientCheck = { worst: 0, where: { param: '', index: -1 } };
  trainable.forEach(({ name, data }, k) => {
    const numeric = numericalGradient(exactLoss, data, options.h ?? 1e-4, 4);
    numeric.forEach((n, i) => {
      const b = analytic[k][i];
      const scale = Math.max(Math.abs(b), Math.abs(n), NOISE_FLOOR);
      const relative = Math.abs(b - n) / scale;
      if (isWorse(relative, result.worst)) result = { worst: relative, where: { param: name, index: i } };
    });
  });
  return result;
}

/**
 * Whether a relative difference is worse than the worst so far: a NaN (a gradient that is
 * NaN, or missing, as in an analytic gradient shorter than its tensor) is worse than any
 * number and stays the worst, so that the check fails.
 */
function isWorse(relative: number, worst: number): boolean {
  if (Number.isNaN(worst)) return false;
  return Number.isNaN(relative) || relative > worst;
}
