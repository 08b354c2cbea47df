/** Which kernel sets run on this machine, for tests that need a particular one. */
import type { MemoryKernels } from '../../src/core/kernels/kernels.js';
import { createKernelMemory } from '../../src/core/kernels/memory.js';
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

/** The native set that screens evaluation on this architecture (native/screen.c): AVX2 on x86-64, NEON on arm64. */
export const SCREENING_SET = process.arch === 'arm64' ? NEON : AVX2;

/** The screening set's kernels on `shared`'s memory, or why they do not run here. */
export function screeningKernels(shared: SharedDataset): MemoryKernels | string {
  try {
    return attachKernels(shared, SCREENING_SET.name);
  } catch (error) {
    return (error as Error).message;
  }
}
