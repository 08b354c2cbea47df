/**
 * Compiled kernels (WebAssembly, native) bound to the interface. They compute in float32
 * only: a call whose arrays are not all float32 goes to the set's fallback instead.
 */
import type { Floats } from '../floats.js';
import type { KernelFunctions, KernelName } from './kernels.js';

type Args<K extends KernelName> = Parameters<KernelFunctions[K]>[0];

/** The floating-point arrays of each kernel's arguments. */
const ARRAYS: { [K in KernelName]: (args: Args<K>) => Floats[] } = {
  affine: ({ x, W, b, out }) => [x, W, b, out],
  sparseAffine: ({ pixel, W, b, out }) => [pixel, W, b, out],
  affineGrad: ({ x, dout, dW, db }) => [x, dout, dW, db],
  sparseAffineGrad: ({ pixel, dout, dW, db }) => [pixel, dout, dW, db],
  affineInputGrad: ({ dout, W, dx, workspace }) => [dout, W, dx, workspace],
  classifySparse: ({ pixel, W1, b1, W2, b2, scratch }) => [pixel, W1, b1, W2, b2, scratch],
  softmax: ({ x, out }) => [x, out],
  relu: ({ x, out }) => [x, out],
  reluBackward: ({ out, dout }) => [out, dout],
  scaledSubtract: ({ y, x }) => [y, x],
  momentumStep: ({ param, grad, velocity }) => [param, grad, velocity],
  adaGradStep: ({ param, grad, squares }) => [param, grad, squares],
  adamStep: ({ param, grad, moment, variance }) => [param, grad, moment, variance],
  im2col: ({ x, col }) => [x, col],
  sparseIm2col: ({ pixel, col }) => [pixel, col],
  col2im: ({ dcol, dx }) => [dcol, dx],
  maxPool: ({ x, out }) => [x, out],
  maxPoolBackward: ({ dout, dx }) => [dout, dx],
  convOutput: ({ out2d, b, out }) => [out2d, b, out],
  convOutputGrad: ({ dout, dout2d }) => [dout, dout2d],
};

/** `calls` for float32 arrays, the same kernels of `fallback` for any other. */
export function float32Kernels(calls: Partial<KernelFunctions>, fallback: KernelFunctions): Partial<KernelFunctions> {
  const kernels: Record<string, (args: never) => void> = {};
  for (const name of Object.keys(calls) as KernelName[]) {
    const call = calls[name] as (args: unknown) => void;
    const other = fallback[name] as (args: unknown) => void;
    const arrays = ARRAYS[name] as (args: unknown) => Floats[];
    kernels[name] = (args) => (arrays(args).every((a) => a instanceof Float32Array) ? call(args) : other(args));
  }
  return kernels as Partial<KernelFunctions>;
}
