/**
 * `training.epochs`, the book's way of saying how long to train: an epoch is the training
 * slice's size (less any held-out part) divided by the batch size (rounded down, at least 1) iterations. A run's
 * config keeps only the iterations it comes to, so `epochs: 2` and the same number of
 * iterations written out are the same run, with the same hash and cached results.
 */
import { trainingSize } from '../spec/train-slice.js';
import type { TrainSliceSpec } from '../spec/types.js';

/** Iterations in one epoch of `trainSize` images at `batchSize` a batch. */
export function iterationsPerEpoch(trainSize: number, batchSize: number): number {
  return Math.max(1, Math.floor(trainSize / batchSize));
}

/** Replaces `training.epochs`, if set, by the iterations it comes to. */
export function resolveEpochs<C extends { data: { train: TrainSliceSpec }; training: { epochs?: number; iterations: number; batch_size: number } }>(
  config: C,
): C {
  const { epochs } = config.training;
  if (epochs === undefined) return config;
  delete config.training.epochs;
  config.training.iterations = epochs * iterationsPerEpoch(trainingSize(config.data.train), config.training.batch_size);
  return config;
}
