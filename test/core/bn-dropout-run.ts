/**
 * What the tests of runs that stop and start again share: the dataset held once, a small MLP
 * with batchnorm (running statistics are tensors too) and dropout (masks drawn from the
 * run's generator), and a run's outcome as the bytes its files are made of.
 */
import type { Architecture } from '../../src/core/architecture.js';
import { mnistDataDir } from '../../src/core/data/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import type { TrainOutcome } from '../../src/core/train.js';

const shared = loadSharedDataset(mnistDataDir());
export const kernels = attachKernels(shared);
export const { train: trainSplit, test } = shared.dataset;

/** 784 -> hidden, batchnorm, relu, dropout 0.3 -> 10. */
export function bnDropoutMlp(hidden: number): Architecture {
  return {
    input: { channels: 784, height: 1, width: 1 },
    layers: [
      { type: 'affine', outputs: hidden },
      { type: 'batchnorm', momentum: 0.9, epsilon: 1e-7 },
      { type: 'relu' },
      { type: 'dropout', rate: 0.3 },
      { type: 'affine', outputs: 10 },
    ],
  };
}

/** What a run's files are made of: its status, losses, evaluations, and every tensor's bytes. */
export function bytesOf(outcome: TrainOutcome) {
  return {
    status: outcome.status,
    losses: Buffer.from(outcome.losses.buffer).toString('hex'),
    evaluations: JSON.stringify(outcome.evaluations),
    tensors: outcome.network.tensors().map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('hex')),
  };
}
