/** Which kernel sets run on this machine, for tests that need a particular one. */
import { nativeKernels, nativeUnavailable } from '../../src/core/kernels/native.js';
import { createKernelMemory } from '../../src/core/kernels/wasm.js';

/** Why the native kernels do not run here, in a few words, or null where they do. */
export function nativeKernelsAbsent(): string | null {
  if (nativeKernels(createKernelMemory(), 'auto') !== null) return null;
  return nativeUnavailable() ?? 'this processor lacks AVX-512F';
}
