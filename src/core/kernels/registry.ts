/**
 * Every kernel set, and the one place that chooses among them.
 *
 * A set is a module that exports a KernelSet (kernels.ts): the kernels it has, and the set
 * it falls back to for the rest. Adding a set is that module and one line in KERNEL_SETS.
 * RUN_EXPERIMENTS_KERNELS chooses: unset or `auto` takes the fastest set that runs here
 * (the processor has what it needs, and it was built); a set's name or alias takes the
 * fastest of those sets that runs here, and makes their absence an error.
 */
import { KERNEL_NAMES, type KernelFunctions, type KernelSet, type MemoryKernels } from './kernels.js';
import { createKernelMemory, KernelMemory } from './memory.js';
import { kernelMessages as m } from './messages.js';
import { nativeAvx512Set } from './native-avx512.js';
import { nativeAvx2Set, nativeNeonSet } from './native-vector.js';
import { referenceSet } from './reference.js';
import { wasmSimdSet } from './wasm-simd.js';

/** Fastest first. */
export const KERNEL_SETS: readonly KernelSet[] = [
  nativeAvx512Set,
  nativeAvx2Set,
  nativeNeonSet,
  wasmSimdSet,
  referenceSet,
];

/** The names RUN_EXPERIMENTS_KERNELS accepts, `auto` first. */
export function kernelChoices(): string[] {
  return ['auto', ...new Set(KERNEL_SETS.flatMap((set) => [...(set.aliases ?? []), set.name]))];
}

/** The choice RUN_EXPERIMENTS_KERNELS makes, checked. */
export function kernelChoice(value = process.env.RUN_EXPERIMENTS_KERNELS): string {
  if (value === undefined || value === '') return 'auto';
  const choices = kernelChoices();
  if (choices.includes(value)) return value;
  throw new Error(m.choiceInvalid(choices, value));
}

function setNamed(name: string): KernelSet {
  const set = KERNEL_SETS.find((s) => s.name === name);
  if (!set) throw new Error(`kernels: no kernel set is named '${name}'`);
  return set;
}

/**
 * The set on `memory`, each kernel it lacks taken from its fallback (recursively), or
 * why it cannot run here.
 */
export function kernelSet(set: KernelSet, memory: KernelMemory): MemoryKernels | { unavailable: string } {
  const fallback = set.fallback === undefined ? null : kernelSet(setNamed(set.fallback), memory);
  if (fallback && 'unavailable' in fallback) return { unavailable: m.fallbackUnavailable(set.fallback!, fallback.unavailable) };
  const own = set.create(memory, fallback);
  if ('unavailable' in own) return own;
  const kernels: Partial<KernelFunctions> = {};
  for (const name of KERNEL_NAMES) {
    const kernel = own[name] ?? fallback?.[name];
    if (!kernel) throw new Error(`kernels: the ${set.name} set has no ${name} and no fallback that has it`);
    (kernels as Record<string, unknown>)[name] = kernel;
  }
  return {
    ...(kernels as KernelFunctions),
    name: fallback ? `${set.name} + ${fallback.name}` : set.name,
    arena: memory.arena,
    adopt: (...arrays) => memory.adopt(...arrays),
    alloc: (precision, length) => memory.alloc(precision, length),
    allocIndices: (length) => memory.allocIndices(length),
  };
}

/**
 * The kernels on `memory`: the fastest set `choice` allows that runs here. Throws, saying
 * why, when a set was named and none of its name runs here.
 */
export function selectKernels(memory: WebAssembly.Memory, choice = kernelChoice()): MemoryKernels {
  const kernelMemory = new KernelMemory(memory);
  const candidates = KERNEL_SETS.filter((set) => choice === 'auto' || set.name === choice || set.aliases?.includes(choice));
  const reasons: string[] = [];
  for (const set of candidates) {
    const kernels = kernelSet(set, kernelMemory);
    if (!('unavailable' in kernels)) return kernels;
    reasons.push(`${set.name}: ${kernels.unavailable}`);
  }
  throw new Error(m.noneRuns(choice, reasons));
}

/**
 * What selectKernels picks here for `choice`, and why each faster set is passed over
 * ("native-avx512: this processor lacks AVX-512F"), for the line a run prints first.
 */
export function describeKernels(choice = kernelChoice()): { name: string; passedOver: string[] } {
  const kernelMemory = new KernelMemory(createKernelMemory());
  const passedOver: string[] = [];
  const reasons: string[] = [];
  for (const set of KERNEL_SETS) {
    if (!(choice === 'auto' || set.name === choice || set.aliases?.includes(choice))) {
      passedOver.push(`${set.name}: ${m.notChosen(choice)}`);
      continue;
    }
    const kernels = kernelSet(set, kernelMemory);
    if (!('unavailable' in kernels)) return { name: kernels.name, passedOver };
    passedOver.push(`${set.name}: ${kernels.unavailable}`);
    reasons.push(`${set.name}: ${kernels.unavailable}`);
  }
  throw new Error(m.noneRuns(choice, reasons));
}
