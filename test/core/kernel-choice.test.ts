/** RUN_EXPERIMENTS_KERNELS: which kernel set runs, and what is said when the chosen one cannot. */
import { describe, expect, it } from 'vitest';
import { availableNativeSets, kernelChoice, NATIVE_SETS, nativeKernels } from '../../src/core/kernels/native.js';
import { createKernelMemory } from '../../src/core/kernels/wasm.js';

describe('choosing the kernel set', () => {
  it('accepts auto, wasm, native and each set by name, and refuses anything else, naming what it expected', () => {
    for (const value of ['auto', 'wasm', 'native', 'avx512', 'avx2', 'neon']) expect(kernelChoice(value)).toBe(value);
    expect(kernelChoice(undefined)).toBe('auto');
    expect(kernelChoice('')).toBe('auto');
    expect(() => kernelChoice('sse')).toThrow("RUN_EXPERIMENTS_KERNELS: expected auto, wasm, native, avx512, avx2 or neon, got 'sse'");
  });

  it('makes a set of another architecture an error that says why, and never chooses it by itself', () => {
    const foreign = NATIVE_SETS.find((set) => set.arch !== process.arch)!;
    expect(() => nativeKernels(createKernelMemory(), foreign.name)).toThrow(
      `RUN_EXPERIMENTS_KERNELS=${foreign.name}: the native kernels are unavailable: they are for ${foreign.arch}, and this is ${process.arch}`);
    expect(availableNativeSets()).not.toContain(foreign.name);
  });

  it('runs the fastest available set by default, and none for wasm', () => {
    const memory = createKernelMemory();
    expect(nativeKernels(memory, 'auto')?.set ?? null).toBe(availableNativeSets()[0] ?? null);
    expect(nativeKernels(memory, 'wasm')).toBeNull();
  });
});
