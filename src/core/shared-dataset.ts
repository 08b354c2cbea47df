/**
 * One copy of a dataset for every thread: the main thread loads it into a shared
 * WebAssembly memory; each worker attaches its kernels to that memory and reads the
 * dataset in place (typed arrays over shared memory cross postMessage uncopied).
 */
import { loadDataset, type Dataset } from './data/index.js';
import type { MemoryKernels } from './kernels/kernels.js';
import { createKernelMemory, MemoryArena } from './kernels/memory.js';
import { kernelChoice, selectKernels } from './kernels/registry.js';

export interface SharedDataset {
  memory: WebAssembly.Memory;
  dataset: Dataset;
}

export function loadSharedDataset(dir: string): SharedDataset {
  const memory = createKernelMemory();
  return { memory, dataset: loadDataset(dir, new MemoryArena(memory)) };
}

/**
 * Kernels on the dataset's memory, allowed to read the dataset: the fastest here, or
 * those `choice` names (see kernels/registry.ts).
 */
export function attachKernels({ memory, dataset }: SharedDataset, choice = kernelChoice()): MemoryKernels {
  const kernels = selectKernels(memory, choice);
  for (const split of [dataset.train, dataset.test]) {
    kernels.adopt(...Object.values(split).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v)));
  }
  return kernels;
}
