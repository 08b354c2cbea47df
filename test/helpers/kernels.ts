/** Which kernel sets run on this machine, for tests that need a particular one. */
import { createKernelMemory } from '../../src/core/kernels/memory.js';
import { selectKernels } from '../../src/core/kernels/registry.js';

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
