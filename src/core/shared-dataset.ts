/**
 * One copy of a dataset for every thread: the main thread loads it into a shared
 * WebAssembly memory; each worker attaches the SIMD kernels to that memory and reads
 * the dataset in place (typed arrays over shared memory cross postMessage uncopied).
 */
import { loadDataset, type Dataset } from './data/index.js';
import { nativeKernels, type NativeKernels } from './kernels/native.js';
import { createKernelMemory, MemoryArena, wasmKernels, type WasmKernels } from './kernels/wasm.js';

export interface SharedDataset {
  memory: WebAssembly.Memory;
  dataset: Dataset;
}

export function loadSharedDataset(dir: string): SharedDataset {
  const memory = createKernelMemory();
  return { memory, dataset: loadDataset(dir, new MemoryArena(memory)) };
}

/**
 * Kernels on the dataset's memory, allowed to read the dataset: the fastest here (see
 * native.ts) unless `native` is given (null for the WebAssembly kernels alone).
 */
export function attachKernels({ memory, dataset }: SharedDataset, native: NativeKernels | null = nativeKernels(memory)): WasmKernels {
  const kernels = wasmKernels(memory, native);
  for (const split of [dataset.train, dataset.test]) {
    kernels.adopt(...Object.values(split).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v)));
  }
  return kernels;
}
