/** The kernel sets' registry: how a set is completed from its fallback, and how RUN_EXPERIMENTS_KERNELS chooses. */
import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES, type KernelSet, type ReluArgs } from '../../src/core/kernels/kernels.js';
import { createKernelMemory, KernelMemory } from '../../src/core/kernels/memory.js';
import { kernelMessages } from '../../src/core/kernels/messages.js';
import { KERNEL_SETS, kernelChoice, kernelChoices, kernelSet, selectKernels } from '../../src/core/kernels/registry.js';

describe('the kernel registry', () => {
  it('lists each set once, with a fallback that is a registered set', () => {
    const names = KERNEL_SETS.map((set) => set.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['native-avx512', 'native-avx2', 'native-neon', 'wasm-simd', 'reference']);
    for (const set of KERNEL_SETS) if (set.fallback) expect(names).toContain(set.fallback);
  });

  it('takes what a set lacks from its fallback, and names every set it uses', () => {
    const calls: ReluArgs[] = [];
    const partial: KernelSet = { name: 'partial', fallback: 'wasm-simd', create: () => ({ relu: (args) => calls.push(args) }) };
    const kernels = kernelSet(partial, new KernelMemory(createKernelMemory()));
    if ('unavailable' in kernels) throw new Error(kernels.unavailable);
    expect(kernels.name).toBe('partial + wasm-simd + reference');
    for (const name of KERNEL_NAMES) expect(typeof kernels[name]).toBe('function');
    const x = kernels.alloc('float32', 4);
    kernels.relu({ x, out: x, length: 4 });
    expect(calls).toHaveLength(1);
    // from wasm-simd: 1 - 2 * 0.25 = 0.5 in every lane
    const y = kernels.alloc('float32', 4).fill(1);
    kernels.scaledSubtract({ y, a: 2, x: kernels.alloc('float32', 4).fill(0.25), length: 4 });
    expect(Array.from(y)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('passes on why a set cannot run here, and completes a set with no kernels of its own from its fallback', () => {
    const missing: KernelSet = { name: 'missing', create: () => ({ unavailable: 'not here' }) };
    const dependent: KernelSet = { name: 'dependent', fallback: 'wasm-simd', create: () => ({}) };
    expect(kernelSet(missing, new KernelMemory(createKernelMemory()))).toEqual({ unavailable: 'not here' });
    expect('unavailable' in kernelSet(dependent, new KernelMemory(createKernelMemory()))).toBe(false);
  });

  it('accepts auto, each set\'s name and its aliases, and refuses anything else, naming what it expected', () => {
    expect(kernelChoice(undefined)).toBe('auto');
    expect(kernelChoice('')).toBe('auto');
    for (const choice of ['auto', 'wasm', 'native', 'wasm-simd', 'native-avx512', 'reference']) expect(kernelChoice(choice)).toBe(choice);
    expect(() => kernelChoice('fast')).toThrow(kernelMessages.choiceInvalid(kernelChoices(), 'fast'));
  });

  it('chooses a set by name or alias, with its fallbacks', () => {
    expect(selectKernels(createKernelMemory(), 'wasm').name).toBe('wasm-simd + reference');
    expect(selectKernels(createKernelMemory(), 'reference').name).toBe('reference');
    expect(selectKernels(createKernelMemory(), 'auto').name).toMatch(/^(native-(avx512|avx2|neon) \+ )?wasm-simd \+ reference$/);
  });
});
