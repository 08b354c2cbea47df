/** RUN_EXPERIMENTS_KERNELS: which kernel set runs, and what is said when the chosen one cannot. */
import { describe, expect, it } from 'vitest';
import { createKernelMemory, KernelMemory } from '../../src/core/kernels/memory.js';
import { kernelMessages } from '../../src/core/kernels/messages.js';
import { nativeAvx512Set } from '../../src/core/kernels/native-avx512.js';
import { nativeAvx2Set, nativeNeonSet } from '../../src/core/kernels/native-vector.js';
import { KERNEL_SETS, kernelChoice, kernelChoices, kernelSet, selectKernels } from '../../src/core/kernels/registry.js';

const NATIVE = [nativeAvx512Set, nativeAvx2Set, nativeNeonSet];
const runsHere = (name: string): boolean => !('unavailable' in kernelSet(KERNEL_SETS.find((s) => s.name === name)!, new KernelMemory(createKernelMemory())));

describe('choosing the kernel set', () => {
  it('accepts auto, wasm, native, each native set by its short name and every set by its name, and refuses anything else', () => {
    for (const value of ['auto', 'wasm', 'native', 'avx512', 'avx2', 'neon', 'native-avx512', 'native-avx2', 'native-neon', 'wasm-simd', 'reference']) {
      expect(kernelChoice(value)).toBe(value);
    }
    expect(() => kernelChoice('sse')).toThrow(kernelMessages.choiceInvalid(kernelChoices(), 'sse'));
  });

  it('makes a set of another architecture an error that says why, and never chooses it by itself', () => {
    const foreign = process.arch === 'arm64' ? nativeAvx2Set : nativeNeonSet;
    const arch = process.arch === 'arm64' ? 'x64' : 'arm64';
    const alias = foreign.aliases!.at(-1)!;
    expect(() => selectKernels(createKernelMemory(), alias)).toThrow(
      kernelMessages.noneRuns(alias, [`${foreign.name}: they are for ${arch}, and this is ${process.arch}`]));
    expect(selectKernels(createKernelMemory(), 'auto').name).not.toContain(foreign.name);
  });

  it('runs the fastest set that runs here by default, and the fastest native one for native', () => {
    const fastest = KERNEL_SETS.find((set) => runsHere(set.name))!;
    expect(selectKernels(createKernelMemory(), 'auto').name.split(' + ')[0]).toBe(fastest.name);
    const native = NATIVE.find((set) => runsHere(set.name));
    if (native) expect(selectKernels(createKernelMemory(), 'native').name.split(' + ')[0]).toBe(native.name);
    else expect(() => selectKernels(createKernelMemory(), 'native')).toThrow(/RUN_EXPERIMENTS_KERNELS=native/);
    expect(selectKernels(createKernelMemory(), 'wasm').name).toBe('wasm-simd + reference');
  });
});
