import type { Floats, Precision, SparseImages } from '../floats.js';
import type { KernelMemory, MemoryArena } from './memory.js';

/**
 * The arithmetic that dominates training and evaluation, behind one interface so that
 * faster sets (WebAssembly SIMD, native AVX-512) can stand in for the reference one.
 * Every kernel takes one object of named arguments. Every matrix is dense and row-major;
 * `n` is always the number of rows (images).
 */

/** out[n x m] = x[n x k] . W[k x m] + b[m] */
export interface AffineArgs { x: Floats; n: number; k: number; W: Floats; m: number; b: Floats; out: Floats }

/** out[n x m] = X . W + b, where row r of X is image rows[r] of `images`, pixels scaled by `pixel` */
/**
 * out[n x m] = X . W + b for sparse X. `dead` (m values, where given) marks with 1 the columns
 * the caller knows to be at most zero on every one of these rows and reads only through a
 * ReLU: a set may write them as 0 rather than sum them (the AVX2 and NEON sets do).
 */
export interface SparseAffineArgs { images: SparseImages; rows: Int32Array; n: number; pixel: Floats; W: Floats; m: number; b: Floats; out: Floats; dead?: Int32Array }

/** dW[k x m] = x^T . dout; db[m] = column sums of dout[n x m] */
export interface AffineGradArgs { x: Floats; n: number; k: number; dout: Floats; m: number; dW: Floats; db: Floats }

/** dW = X^T . dout and db for sparse X, as `sparseAffine` reads it */
export interface SparseAffineGradArgs { images: SparseImages; rows: Int32Array; n: number; pixel: Floats; dout: Floats; m: number; dW: Floats; db: Floats }

/** dx[n x k] = dout[n x m] . W^T; `workspace` holds at least workspaceFor(k, m) values */
export interface AffineInputGradArgs { dout: Floats; n: number; m: number; W: Floats; k: number; dx: Floats; workspace: Floats }

/**
 * predicted[r] = argmax(relu(X . W1 + b1) . W2 + b2) for each row of sparse X, as
 * sparseAffine and affine compute it. `scratch` holds at least hidden + outputs + 12 values.
 * `dead` (hidden values, where given) marks with 1 the hidden units known to be zero after
 * the ReLU for every one of the n images, which a set may leave out of its sums; on return it
 * also marks those the set proved so (the native sets, native/screen.h, where the processor
 * screens; the others prove none). `carry` (where given) has certificates of the images' classes at earlier weights,
 * which a set may settle images from (score-carry.ts); a set that does rewrites those that do
 * not stand for their anchor's weights for these weights, sets `carry.kept` and counts in `carry.carried` the images it settled so, and the
 * others leave them false and 0. The classes are the same either way.
 */
export interface ClassifySparseArgs {
  images: SparseImages; rows: Int32Array; n: number; pixel: Floats;
  W1: Floats; b1: Floats; hidden: number; W2: Floats; b2: Floats; outputs: number;
  scratch: Floats; predicted: Int32Array; dead?: Int32Array; carry?: CallCarry;
}

/**
 * One call's certificates (native/carry.h), in plain arrays outside the kernels' memory: row r's
 * class, margin, reach and anchor at index r, each for the weights of its anchor, a slot of
 * `anchors` (W1, b1, W2, b2; null: none; an empty list: none to settle images from in this
 * call, the certificates are only written). `next` is the slot that will keep this call's weights.
 * `regions` has `regionCount` norms of raw pixel values for each of the `images` images of the set, by
 * image index, and `regionOf` each feature's region.
 */
export interface CallCarry {
  anchors: readonly (Float32Array | null)[]; next: number;
  classes: Uint8Array; anchor: Uint8Array; margin: Float32Array; reach: Float32Array;
  regions: Float32Array; regionCount: number; images: number; regionOf: Uint8Array;
  kept: boolean; carried: number;
}

/** out[n x m] = the softmax of each row of x, shifted by the row's maximum, as functions.ts's softmaxRows computes it */
export interface SoftmaxArgs { x: Floats; n: number; m: number; out: Floats }

/** out = x > 0 ? x : 0, elementwise */
export interface ReluArgs { x: Floats; out: Floats; length: number }

/** dout = out == 0 ? 0 : dout, elementwise: ReLU's backward pass from its output */
export interface ReluBackwardArgs { out: Floats; dout: Floats; length: number }

/** y -= a * x, elementwise over `length` values (SGD's step) */
export interface ScaledSubtractArgs { y: Floats; a: number; x: Floats; length: number }

/** Momentum's step: velocity = momentum * velocity - lr * grad; param += velocity */
export interface MomentumStepArgs { param: Floats; grad: Floats; velocity: Floats; lr: number; momentum: number }

/** AdaGrad's step: squares += grad^2; param -= lr * grad / (sqrt(squares) + 1e-7) */
export interface AdaGradStepArgs { param: Floats; grad: Floats; squares: Floats; lr: number }

/** Adam's step, `lr` already bias-corrected: moment and variance decay towards grad and grad^2 */
export interface AdamStepArgs { param: Floats; grad: Floats; moment: Floats; variance: Floats; lr: number; beta1: number; beta2: number }

/**
 * One convolution or pooling window's geometry over one image (channels x height x width):
 * size x size windows, `stride` apart, over the input padded with `pad` zeros, giving
 * outHeight x outWidth positions.
 */
export interface Window { channels: number; height: number; width: number; size: number; stride: number; pad: number; outHeight: number; outWidth: number }

/**
 * col[(r * outHeight * outWidth + position) x patch] = the patch each output position of
 * image r sees, channel by channel, each size x size window row-major, zeros in the padding
 * (im2col, "Deep Learning from Scratch" ch. 7)
 */
export interface Im2colArgs { x: Floats; n: number; window: Window; col: Floats }

/** im2col of rows of a sparse image set, pixels scaled by `pixel` */
export interface SparseIm2colArgs { images: SparseImages; rows: Int32Array; n: number; pixel: Floats; window: Window; col: Floats }

/** dx[n x channels x height x width] = the sum of each value's copies in dcol (col2im, im2col's adjoint) */
export interface Col2imArgs { dcol: Floats; n: number; window: Window; dx: Floats }

/** out = the maximum of each window of each channel (pad 0); argmax[o] = the index in x of its first maximum */
export interface MaxPoolArgs { x: Floats; n: number; window: Window; out: Floats; argmax: Int32Array }

/** dx[0 .. inputs) = 0, then dx[argmax[o]] += dout[o] for each of `outputs` values, in order */
export interface MaxPoolBackwardArgs { dout: Floats; argmax: Int32Array; outputs: number; dx: Floats; inputs: number }

/** out[r][f][p] = out2d[(r * positions + p) * filters + f] + b[f]: a convolution's product rows to each image's filters x positions */
export interface ConvOutputArgs { out2d: Floats; n: number; positions: number; filters: number; b: Floats; out: Floats }

/** dout2d[(r * positions + p) * filters + f] = dout[r][f][p]: convOutput's move, back */
export interface ConvOutputGradArgs { dout: Floats; n: number; positions: number; filters: number; dout2d: Floats }

/** The kernels every set provides, itself or through the set it falls back to (see registry.ts). */
export interface KernelFunctions {
  affine(args: AffineArgs): void;
  sparseAffine(args: SparseAffineArgs): void;
  affineGrad(args: AffineGradArgs): void;
  sparseAffineGrad(args: SparseAffineGradArgs): void;
  affineInputGrad(args: AffineInputGradArgs): void;
  classifySparse(args: ClassifySparseArgs): void;
  softmax(args: SoftmaxArgs): void;
  relu(args: ReluArgs): void;
  reluBackward(args: ReluBackwardArgs): void;
  scaledSubtract(args: ScaledSubtractArgs): void;
  momentumStep(args: MomentumStepArgs): void;
  adaGradStep(args: AdaGradStepArgs): void;
  adamStep(args: AdamStepArgs): void;
  im2col(args: Im2colArgs): void;
  sparseIm2col(args: SparseIm2colArgs): void;
  col2im(args: Col2imArgs): void;
  maxPool(args: MaxPoolArgs): void;
  maxPoolBackward(args: MaxPoolBackwardArgs): void;
  convOutput(args: ConvOutputArgs): void;
  convOutputGrad(args: ConvOutputGradArgs): void;
}

export type KernelName = keyof KernelFunctions;

/** Every kernel's name, in the interface's order. */
export const KERNEL_NAMES: readonly KernelName[] = [
  'affine', 'sparseAffine', 'affineGrad', 'sparseAffineGrad', 'affineInputGrad', 'classifySparse', 'softmax',
  'relu', 'reluBackward', 'scaledSubtract', 'momentumStep', 'adaGradStep', 'adamStep',
  'im2col', 'sparseIm2col', 'col2im', 'maxPool', 'maxPoolBackward', 'convOutput', 'convOutputGrad',
];

/** A complete set of kernels, with the arrays they can work on. */
export interface Kernels extends KernelFunctions {
  /** The sets whose kernels these are, e.g. 'native-avx512 + wasm-simd'. */
  readonly name: string;
  /** Arrays the kernels can work on (the WebAssembly kernels need their own memory). */
  alloc(precision: Precision, length: number): Floats;
  /** Row indices the sparse kernels can read. */
  allocIndices(length: number): Int32Array;
}

/** Kernels working in a shared kernel memory (memory.ts), as training and evaluation use them. */
export type MemoryKernels = Kernels & {
  readonly arena: MemoryArena;
  /** Lets the kernels read arrays placed in their memory by another thread (the dataset). */
  adopt(...arrays: ArrayBufferView[]): void;
};

/**
 * A kernel set, as its module exports it and registry.ts lists it: the kernels it has,
 * and the set that does the rest.
 */
export interface KernelSet {
  /** Its name, as Kernels.name and RUN_EXPERIMENTS_KERNELS say it. */
  readonly name: string;
  /** Other names RUN_EXPERIMENTS_KERNELS may choose it by (e.g. 'native': the fastest native set that runs here). */
  readonly aliases?: readonly string[];
  /** The set, by name, that does the kernels this one lacks and the arrays it does not take. */
  readonly fallback?: string;
  /**
   * Its kernels on `memory`, or why it cannot run here (the processor, the build).
   * `fallback` is the complete fallback set, null for a set without one.
   */
  create(memory: KernelMemory, fallback: KernelFunctions | null): Partial<KernelFunctions> | { unavailable: string };
}

/** Values of workspace affineInputGrad needs: zeros for a bias, and W transposed. */
export function workspaceFor(k: number, m: number): number {
  return k + 4 + k * m;
}
