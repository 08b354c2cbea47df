/** The float32 fast path learns what the seed learned: lr 0.5 reaches the seed's accuracy. */
import { describe, expect, it } from 'vitest';
import { mnistDataDir } from '../../src/core/data/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { train } from '../../src/core/train.js';

describe("the seed's protocol in float32 with the default generator", () => {
  it('ends lr 0.5 with test accuracy of at least 0.94 after 10,000 iterations', () => {
    const shared = loadSharedDataset(mnistDataDir());
    const { train: trainSplit, test } = shared.dataset;
    const outcome = train({
      model: { hidden: [50], activation: 'relu', init: { std: 0.01 } },
      training: {
        optimizer: 'sgd', learning_rate: 0.5, momentum: 0.9, beta1: 0.9, beta2: 0.999,
        batch_size: 100, iterations: 10000, eval_every: 5000, sampling: 'replacement',
        seed: 1, precision: 'float32', rng: 'default',
      },
      train: { images: trainSplit, start: 0, end: 10000 },
      evaluate: [{ name: 'test', slice: { images: test, start: 0, end: 10000 } }],
      kernels: attachKernels(shared),
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.evaluations.map((e) => e.iteration)).toEqual([0, 5000, 9999]);
    expect(outcome.evaluations[2].accuracy.test).toBeGreaterThanOrEqual(0.94);
  });
});
