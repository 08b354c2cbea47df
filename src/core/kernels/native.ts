/**
 * The native AVX-512 kernels (native/kernels.c), where they were built and the processor
 * has AVX-512F: the arithmetic of a float32 run, bound to a shared kernel memory and called with the same addresses as the WebAssembly exports. They give the
 * same bits as the WebAssembly kernels, so using them or not changes only the speed.
 *
 * RUN_EXPERIMENTS_KERNELS chooses: unset or `auto` uses them where available, `wasm`
 * never does, and `native` makes their absence an error.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The compiled addon, beside the compiled core in dist/. */
const ADDON_FILE = new URL(import.meta.url.includes('/dist/') ? '../../kernels-native.node' : '../../../dist/kernels-native.node', import.meta.url);

export type KernelChoice = 'auto' | 'wasm' | 'native';

export interface NativeKernels {
  sparseAffine(rowStart: number, index: number, value: number, rows: number, n: number, features: number, pixel: number,
    W: number, m: number, b: number, out: number): void;
  sparseAffineGrad(rowStart: number, index: number, value: number, rows: number, n: number, features: number, pixel: number,
    dout: number, m: number, dW: number, db: number): void;
  affine(x: number, n: number, k: number, W: number, m: number, b: number, out: number): void;
  affineGrad(x: number, n: number, k: number, dout: number, m: number, dW: number, db: number): void;
  affineInputGrad(dout: number, n: number, m: number, W: number, k: number, dx: number): void;
  scaledSubtract(y: number, a: number, x: number, length: number): void;
  classifySparse(rowStart: number, index: number, value: number, rows: number, n: number, features: number, pixel: number,
    W1: number, b1: number, hidden: number, W2: number, b2: number, outputs: number, predicted: number): void;
}

interface Addon {
  attach(memory: Uint8Array): NativeKernels | null;
}

/** The choice RUN_EXPERIMENTS_KERNELS makes, checked. */
export function kernelChoice(value = process.env.RUN_EXPERIMENTS_KERNELS): KernelChoice {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'wasm' || value === 'native') return value;
  throw new Error(`RUN_EXPERIMENTS_KERNELS: expected auto, wasm or native, got '${value}'`);
}

let addon: Addon | undefined;

/** Why the native kernels are not in use, or null when they are available. */
export function nativeUnavailable(): string | null {
  if (process.arch !== 'x64') return `they are for x86-64, and this is ${process.arch}`;
  if (!existsSync(ADDON_FILE)) return 'they were not built (npm run build says why)';
  return null;
}

/** The native kernels on `memory`, or null where they are unavailable or not chosen. */
export function nativeKernels(memory: WebAssembly.Memory, choice = kernelChoice()): NativeKernels | null {
  if (choice === 'wasm') return null;
  let missing = nativeUnavailable();
  if (missing === null) {
    try {
      addon ??= createRequire(import.meta.url)(fileURLToPath(ADDON_FILE)) as Addon;
      const bound = addon.attach(new Uint8Array(memory.buffer));
      if (bound) return bound;
      missing = 'this processor lacks AVX-512F';
    } catch (error) {
      // e.g. built on another machine and copied here: the WebAssembly kernels give the same results
      missing = `${fileURLToPath(ADDON_FILE)} does not load (${(error as Error).message.split('\n')[0]})`;
    }
  }
  if (choice === 'native') throw new Error(`RUN_EXPERIMENTS_KERNELS=native: the native kernels are unavailable: ${missing}`);
  return null;
}
