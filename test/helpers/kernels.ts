/** Which kernel sets run on this machine, for tests that need a particular one. */
import type { MemoryKernels } from '../../src/core/kernels/kernels.js';
import { createKernelMemory } from '../../src/core/kernels/memory.js';
import type { NativeSetSpec } from '../../src/core/kernels/native-addon.js';
import { AVX512 } from '../../src/core/kernels/native-avx512.js';
import { AVX2, NEON } from '../../src/core/kernels/native-vector.js';
import { selectKernels } from '../../src/core/kernels/registry.js';
import { attachKernels, type SharedDataset } from '../../src/core/shared-dataset.js';

/** Why the native kernels do not run here, in a few words, or null where they do. */
export function nativeKernelsAbsent(): string | null {
  try {
    selectKernels(createKernelMemory(), 'native');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A native set's short name (RUN_EXPERIMENTS_KERNELS) that does not run here: one of another architecture at least. */
export function nativeSetAbsentHere(): string {
  for (const choice of ['avx512', 'avx2', 'neon']) {
    try {
      selectKernels(createKernelMemory(), choice);
    } catch {
      return choice;
    }
  }
  throw new Error('every native kernel set runs here');
}

/** The native sets of this architecture, each of which screens evaluation (native/classify.c): AVX-512 and AVX2 on x86-64, NEON on arm64. */
export const SCREENING_SETS: readonly NativeSetSpec[] = process.arch === 'arm64' ? [NEON] : [AVX512, AVX2];

/** A screening set's kernels on `shared`'s memory, or why they do not run here. */
export function screeningKernels(shared: SharedDataset, set: NativeSetSpec): MemoryKernels | string {
  try {
    return attachKernels(shared, set.name);
  } catch (error) {
    return (error as Error).message;
  }
}
