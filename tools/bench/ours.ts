/** One run of the seed's protocol on this project's core, on the calling thread. */
import { mnistDataDir } from '../../src/core/data/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { createKernelMemory, KernelMemory } from '../../src/core/kernels/memory.js';
import { KERNEL_SETS, kernelSet, selectKernels } from '../../src/core/kernels/registry.js';
import { train } from '../../src/core/train.js';

export interface Timing {
  loadSeconds: number;
  trainSeconds: number;
  iterations: number;
  imagesEvaluated: number;
  testAccuracy: number | null;
}

/** Which kernels a run here uses (see core/kernels/registry.ts), to print beside the figures. */
export function kernelsInUse(): string {
  return selectKernels(createKernelMemory()).name;
}

/** A kernel set, by its name in core/kernels/registry.ts. */
export type KernelSet = string;

/** The kernel sets this machine can run, fastest first (not the reference set: it is there to be checked against). */
export function kernelSetsHere(): KernelSet[] {
  const memory = new KernelMemory(createKernelMemory());
  return KERNEL_SETS.filter((set) => set.name !== 'reference' && !('unavailable' in kernelSet(set, memory))).map((set) => set.name);
}

/** One run on `set`, or on the kernels RUN_EXPERIMENTS_KERNELS chooses. */
export function timeOurs(iterations: number, set?: KernelSet): Timing {
  const t0 = performance.now();
  const shared = loadSharedDataset(mnistDataDir());
  const kernels = set === undefined ? attachKernels(shared) : attachKernels(shared, set);
  const { train: trainSplit, test } = shared.dataset;
  const t1 = performance.now();
  const outcome = train({
    model: { hidden: [50], activation: 'relu', init: { std: 0.01 } },
    training: {
      optimizer: 'sgd', learning_rate: 0.5, momentum: 0.9, beta1: 0.9, beta2: 0.999,
      batch_size: 100, iterations, eval_every: 100, sampling: 'replacement',
      seed: 1, precision: 'float32', rng: 'default',
    },
    train: { images: trainSplit, start: 0, end: 10000 },
    evaluate: [
      { name: 'train', slice: { images: trainSplit, start: 0, end: trainSplit.count } },
      { name: 'test', slice: { images: test, start: 0, end: test.count } },
    ],
    kernels,
  });
  const t2 = performance.now();
  return {
    loadSeconds: (t1 - t0) / 1000,
    trainSeconds: (t2 - t1) / 1000,
    iterations,
    imagesEvaluated: outcome.evaluations.length * (trainSplit.count + test.count),
    testAccuracy: outcome.evaluations.at(-1)?.accuracy.test ?? null,
  };
}
