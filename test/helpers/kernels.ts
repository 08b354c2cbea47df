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
