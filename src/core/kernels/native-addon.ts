/**
 * The native kernel sets' one addon (native/napi.c, built by tools/build-native.mjs into
 * dist/kernels-native.node), holding every set of this architecture: avx512 (native/kernels.c)
 * and avx2 (native/vector.c) on x86-64, neon (native/vector.c) on arm64. A set's kernels are
 * the products of a float32 run and SGD's step, called with the same addresses in the shared
 * kernel memory as the WebAssembly exports; they give the same bits as the WebAssembly
 * kernels, so using them or not changes only the speed. What they lack (ReLU, the other
 * optimizers' steps, float64 arrays) their fallback does, as registry.ts wires it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { builtFile } from '../package-files.js';
import { float32Kernels } from './compiled.js';
import type { CallCarry, KernelFunctions, KernelSet, Window } from './kernels.js';
import type { KernelMemory } from './memory.js';

/** The compiled addon, written by the build (tools/build-native.mjs). */
const ADDON_FILE = builtFile('kernels-native.node');

/** A native set's kernels as the addon binds them: byte offsets into the kernel memory, and sizes. */
export interface NativeExports {
  sparseAffine(rowStart: number, index: number, value: number, rows: number, n: number, features: number, pixel: number,
    W: number, m: number, b: number, out: number, dead: number): void;
  sparseAffineGrad(rowStart: number, index: number, value: number, rows: number, n: number, features: number, pixel: number,
    dout: number, m: number, dW: number, db: number): void;
  affine(x: number, n: number, k: number, W: number, m: number, b: number, out: number): void;
  affineGrad(x: number, n: number, k: number, dout: number, m: number, dW: number, db: number): void;
  affineInputGrad(dout: number, n: number, m: number, W: number, k: number, dx: number): void;
  scaledSubtract(y: number, a: number, x: number, length: number): void;
  /** Returns how many images the carry (outside the kernels' memory) settled, or -1 where it was not kept (or there was none). */
  classifySparse(rowStart: number, index: number, value: number, rows: number, n: number, features: number, pixel: number,
    W1: number, b1: number, hidden: number, W2: number, b2: number, outputs: number, predicted: number, dead: number, carry?: CallCarry): number;
  /**
   * Images classifySparse settled without summing them exactly (by the carry, native/carry.h, or
   * the screen, native/screen.h, where the processor has its instructions), images it summed exactly, and of
   * the settled those the carry settled, since this binding was made.
   */
  evaluationCounts(): [settled: number, summed: number, carried: number];
}

/** The softmax every native set shares (native/softmax.c). */
export interface NativeSoftmaxExports {
  softmax(x: number, n: number, m: number, out: number): void;
}

/** The layout kernels (native/layout.c), the same for every set; `window` is Window's eight numbers in its order. */
export interface NativeLayoutExports {
  im2col(x: number, n: number, ...window: [...WindowNumbers, number]): void;
  sparseIm2col(rowStart: number, index: number, value: number, rows: number, n: number, pixel: number, ...window: [...WindowNumbers, number]): void;
  col2im(dcol: number, n: number, ...window: [...WindowNumbers, number]): void;
  maxPool(x: number, n: number, ...window: [...WindowNumbers, number, number]): void;
  maxPoolBackward(dout: number, argmax: number, outputs: number, dx: number, inputs: number): void;
  convOutput(out2d: number, n: number, positions: number, filters: number, b: number, out: number): void;
  convOutputGrad(dout: number, n: number, positions: number, filters: number, dout2d: number): void;
}

type WindowNumbers = [number, number, number, number, number, number, number, number];
const windowNumbers = (w: Window): WindowNumbers => [w.channels, w.height, w.width, w.size, w.stride, w.pad, w.outHeight, w.outWidth];

interface Addon {
  /** The names of the sets the addon was built with. */
  readonly sets: readonly string[];
  /** A set's kernels bound to the memory, or null where the processor lacks its instructions. */
  attach(memory: Uint8Array, set: string): (NativeExports & NativeLayoutExports & NativeSoftmaxExports) | null;
}

let addon: Addon | undefined;

/** What a native set is: its name in the addon, its architecture, and what its processor needs. */
export interface NativeSetSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly addonSet: string;
  readonly arch: string;
  readonly needs: string;
}

/** A set's kernels bound to `memory`, or why they are unavailable. */
export function nativeBinding(spec: NativeSetSpec, memory: WebAssembly.Memory): (NativeExports & Partial<NativeLayoutExports & NativeSoftmaxExports>) | { unavailable: string } {
  if (process.arch !== spec.arch) return { unavailable: `they are for ${spec.arch}, and this is ${process.arch}` };
  if (!existsSync(ADDON_FILE)) return { unavailable: 'they were not built (npm run build says why)' };
  try {
    addon ??= createRequire(import.meta.url)(ADDON_FILE) as Addon;
    if (!addon.sets.includes(spec.addonSet)) return { unavailable: `${ADDON_FILE} was built without them` };
    return addon.attach(new Uint8Array(memory.buffer), spec.addonSet) ?? { unavailable: `this processor lacks ${spec.needs}` };
  } catch (error) {
    // e.g. built on another machine and copied here: the WebAssembly kernels give the same results
    return { unavailable: `${ADDON_FILE} does not load (${(error as Error).message.split('\n')[0]})` };
  }
}

/** A native set of the addon, as registry.ts lists it; the WebAssembly set does what it lacks. */
export function nativeSet(spec: NativeSetSpec): KernelSet {
  return {
    name: spec.name,
    aliases: spec.aliases,
    fallback: 'wasm-simd',
    create(memory: KernelMemory, fallback: KernelFunctions | null): Partial<KernelFunctions> | { unavailable: string } {
      const native = nativeBinding(spec, memory.memory);
      return 'unavailable' in native ? native : nativeKernels(native, memory, fallback!);
    },
  };
}

/**
 * The kernels of a native set bound to `memory` (float32 only: float64 arrays go to `fallback`);
 * the layout kernels and the softmax where `native` has them (else the fallback's do the same).
 */
export function nativeKernels(native: NativeExports & Partial<NativeLayoutExports & NativeSoftmaxExports>, memory: KernelMemory, fallback: KernelFunctions): Partial<KernelFunctions> {
  const at = (a: ArrayBufferView): number => memory.at(a);
  const layout = native.maxPool ? layoutKernels(native as NativeLayoutExports, at) : {};
  const softmax: Partial<KernelFunctions> = native.softmax ? { softmax: ({ x, n, m, out }) => native.softmax!(at(x), n, m, at(out)) } : {};
  return float32Kernels({
    affine: ({ x, n, k, W, m, b, out }) => native.affine(at(x), n, k, at(W), m, at(b), at(out)),
    sparseAffine: ({ images: { rowStart, index, value, features }, rows, n, pixel, W, m, b, out, dead }) =>
      native.sparseAffine(at(rowStart), at(index), at(value), at(rows), n, features, at(pixel), at(W), m, at(b), at(out), dead ? at(dead) : 0),
    affineGrad: ({ x, n, k, dout, m, dW, db }) => native.affineGrad(at(x), n, k, at(dout), m, at(dW), at(db)),
    sparseAffineGrad: ({ images: { rowStart, index, value, features }, rows, n, pixel, dout, m, dW, db }) =>
      native.sparseAffineGrad(at(rowStart), at(index), at(value), at(rows), n, features, at(pixel), at(dout), m, at(dW), at(db)),
    // the native kernel transposes W in its own scratch memory: no workspace
    affineInputGrad: ({ dout, n, m, W, k, dx }) => native.affineInputGrad(at(dout), n, m, at(W), k, at(dx)),
    // the native kernel keeps the hidden rows in its own scratch memory: no scratch
    classifySparse: ({ images: { rowStart, index, value, features }, rows, n, pixel, W1, b1, hidden, W2, b2, outputs, predicted, dead, carry }) => {
      const carried = native.classifySparse(at(rowStart), at(index), at(value), at(rows), n, features, at(pixel), at(W1), at(b1), hidden, at(W2),
        at(b2), outputs, at(predicted), dead ? at(dead) : 0, carry);
      if (carry) Object.assign(carry, { kept: carried >= 0, carried: Math.max(carried, 0) });
    },
    scaledSubtract: ({ y, a, x, length }) => native.scaledSubtract(at(y), a, at(x), length),
    ...layout,
    ...softmax,
  }, fallback);
}

function layoutKernels(native: NativeLayoutExports, at: (a: ArrayBufferView) => number): Partial<KernelFunctions> {
  return {
    im2col: ({ x, n, window, col }) => native.im2col(at(x), n, ...windowNumbers(window), at(col)),
    sparseIm2col: ({ images: { rowStart, index, value }, rows, n, pixel, window, col }) =>
      native.sparseIm2col(at(rowStart), at(index), at(value), at(rows), n, at(pixel), ...windowNumbers(window), at(col)),
    col2im: ({ dcol, n, window, dx }) => native.col2im(at(dcol), n, ...windowNumbers(window), at(dx)),
    maxPool: ({ x, n, window, out, argmax }) => native.maxPool(at(x), n, ...windowNumbers(window), at(out), at(argmax)),
    maxPoolBackward: ({ dout, argmax, outputs, dx, inputs }) => native.maxPoolBackward(at(dout), at(argmax), outputs, at(dx), inputs),
    convOutput: ({ out2d, n, positions, filters, b, out }) => native.convOutput(at(out2d), n, positions, filters, at(b), at(out)),
    convOutputGrad: ({ dout, n, positions, filters, dout2d }) => native.convOutputGrad(at(dout), n, positions, filters, at(dout2d)),
  };
}
