/**
 * The native kernel sets (native/build.mjs builds those of this architecture): the
 * arithmetic of a float32 run, bound to a shared kernel memory and called with the same
 * addresses as the WebAssembly exports. AVX-512 (native/kernels.c), else AVX2 (native/vector.c
 * on x86-64), or NEON (native/vector.c on arm64), whichever the processor has, first found
 * first. They give the same bits as the WebAssembly kernels, so using them or not changes
 * only the speed.
 *
 * RUN_EXPERIMENTS_KERNELS chooses: unset or `auto` uses the fastest available, `wasm`
 * none, `native` makes the absence of all an error, and a set's name (avx512, avx2, neon)
 * that set or an error.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The native sets, fastest first: each one's addon in dist/, its architecture, and what its processor needs. */
export const NATIVE_SETS = [
  { name: 'avx512', file: 'kernels-native.node', arch: 'x64', needs: 'AVX-512F' },
  { name: 'avx2', file: 'kernels-avx2.node', arch: 'x64', needs: 'AVX2' },
  { name: 'neon', file: 'kernels-neon.node', arch: 'arm64', needs: 'NEON' },
] as const;

export type NativeSet = (typeof NATIVE_SETS)[number]['name'];
export type KernelChoice = 'auto' | 'wasm' | 'native' | NativeSet;

/** The compiled addon of a set, beside the compiled core in dist/. */
const addonFile = (file: string): URL => new URL(import.meta.url.includes('/dist/') ? `../../${file}` : `../../../dist/${file}`, import.meta.url);

export interface NativeKernels {
  /** Which set these are (avx512, avx2, neon). */
  readonly set: NativeSet;
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
  attach(memory: Uint8Array): Omit<NativeKernels, 'set'> | null;
}

const CHOICES: readonly string[] = ['auto', 'wasm', 'native', ...NATIVE_SETS.map((set) => set.name)];

/** The choice RUN_EXPERIMENTS_KERNELS makes, checked. */
export function kernelChoice(value = process.env.RUN_EXPERIMENTS_KERNELS): KernelChoice {
  if (value === undefined || value === '') return 'auto';
  if (CHOICES.includes(value)) return value as KernelChoice;
  throw new Error(`RUN_EXPERIMENTS_KERNELS: expected ${CHOICES.slice(0, -1).join(', ')} or ${CHOICES.at(-1)}, got '${value}'`);
}

const addons = new Map<NativeSet, Addon>();

/** Why a native set (by default, every one) is not in use here, or null when one is available. */
export function nativeUnavailable(set?: NativeSet): string | null {
  const reasons: string[] = [];
  for (const candidate of NATIVE_SETS.filter((s) => set === undefined || s.name === set)) {
    const bound = attach(candidate, createProbe());
    if (typeof bound !== 'string') return null;
    reasons.push(`${candidate.name}: ${bound}`);
  }
  return reasons.join('; ');
}

/** The native sets available here, fastest first. */
export function availableNativeSets(): NativeSet[] {
  return NATIVE_SETS.filter((set) => typeof attach(set, createProbe()) !== 'string').map((set) => set.name);
}

/** The native kernels on `memory`, or null where they are unavailable or not chosen. */
export function nativeKernels(memory: WebAssembly.Memory, choice = kernelChoice()): NativeKernels | null {
  if (choice === 'wasm') return null;
  const reasons: string[] = [];
  for (const set of NATIVE_SETS.filter((s) => choice === 'auto' || choice === 'native' || s.name === choice)) {
    const bound = attach(set, memory);
    if (typeof bound !== 'string') return bound;
    reasons.push(choice === set.name ? bound : `${set.name}: ${bound}`);
  }
  if (choice === 'auto') return null;
  throw new Error(`RUN_EXPERIMENTS_KERNELS=${choice}: the native kernels are unavailable: ${reasons.join('; ')}`);
}

/** A set bound to `memory`, or why it cannot be. */
function attach(set: (typeof NATIVE_SETS)[number], memory: WebAssembly.Memory): NativeKernels | string {
  if (process.arch !== set.arch) return `they are for ${set.arch}, and this is ${process.arch}`;
  const file = addonFile(set.file);
  if (!existsSync(file)) return 'they were not built (npm run build says why)';
  try {
    let addon = addons.get(set.name);
    if (!addon) addons.set(set.name, (addon = createRequire(import.meta.url)(fileURLToPath(file)) as Addon));
    const bound = addon.attach(new Uint8Array(memory.buffer));
    return bound ? Object.assign(bound, { set: set.name }) : `this processor lacks ${set.needs}`;
  } catch (error) {
    // e.g. built on another machine and copied here: the WebAssembly kernels give the same results
    return `${fileURLToPath(file)} does not load (${(error as Error).message.split('\n')[0]})`;
  }
}

/** A small memory to try a set on. */
const createProbe = (): WebAssembly.Memory => new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
