/**
 * `npm run bench -- --model convnet`: one epoch of the book's SimpleConvNet (conv 30@5x5,
 * relu, 2x2 max pool, affine 100, relu, affine 10; Adam 0.001, batches of 100 from all
 * 60,000 training images, shuffled) on one thread, then test accuracy; and the same network
 * in PyTorch on one thread (torch_convnet.py) where python3 imports torch. Both record each
 * batch's loss after its update, as every run here does.
 */
import type { Architecture } from '../../src/core/architecture.js';
import { mnistDataDir } from '../../src/core/data/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { train } from '../../src/core/train.js';
import type { KernelSet } from './ours.js';

export const SIMPLE_CONVNET: Architecture = {
  input: { channels: 1, height: 28, width: 28 },
  layers: [
    { type: 'conv', filters: 30, size: 5, stride: 1, pad: 0 },
    { type: 'relu' },
    { type: 'pool', size: 2, stride: 2 },
    { type: 'affine', outputs: 100 },
    { type: 'relu' },
    { type: 'affine', outputs: 10 },
  ],
};

export interface EpochTiming {
  trainSeconds: number;
  /** Test accuracy after the epoch (evaluation is not timed). */
  testAccuracy: number;
  kernels: string;
}

/** One epoch of SimpleConvNet on the calling thread, on `set` or the kernels RUN_EXPERIMENTS_KERNELS chooses. */
export function timeOursConvnet(epochs = 1, set?: KernelSet): EpochTiming {
  const shared = loadSharedDataset(mnistDataDir());
  const kernels = set === undefined ? attachKernels(shared) : attachKernels(shared, set);
  const { train: trainSplit, test } = shared.dataset;
  const batch = 100;
  let trainSeconds = 0;
  const t0 = performance.now();
  const outcome = train(
    {
      model: { init: 'he', architecture: SIMPLE_CONVNET },
      training: {
        optimizer: 'adam', learning_rate: 0.001, momentum: 0.9, beta1: 0.9, beta2: 0.999,
        batch_size: batch, iterations: (epochs * trainSplit.count) / batch, eval_every: 0, sampling: 'shuffle',
        seed: 1, precision: 'float32', rng: 'default',
      },
      train: { images: trainSplit, start: 0, end: trainSplit.count },
      evaluate: [],
      kernels,
    },
  );
  trainSeconds = (performance.now() - t0) / 1000;
  const predicted = new Uint8Array(test.count);
  const rows = kernels.allocIndices(outcome.network.capacity);
  let correct = 0;
  for (let from = 0; from < test.count; from += rows.length) {
    const n = Math.min(rows.length, test.count - from);
    for (let r = 0; r < n; r++) rows[r] = from + r;
    outcome.network.classify({ kind: 'sparse', images: test, rows, n }, predicted, from);
    for (let r = 0; r < n; r++) if (predicted[from + r] === test.labels[from + r]) correct++;
  }
  return { trainSeconds, testAccuracy: correct / test.count, kernels: kernels.name };
}
