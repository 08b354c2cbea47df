/** The divergence rule: a loss that stays far above its start stops the run, as NaN does; a run that merely fails to learn completes. */
import { describe, expect, it } from 'vitest';
import { mnistDataDir } from '../../src/core/data/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { DIVERGENCE_DEFAULTS, train, type TrainSettings } from '../../src/core/train.js';

const shared = loadSharedDataset(mnistDataDir());
const kernels = attachKernels(shared);
const { train: trainSplit } = shared.dataset;

function trainAt(learning_rate: number, more: Partial<TrainSettings> = {}) {
  return train({
    model: { hidden: [50], activation: 'relu', init: { std: 0.01 } },
    training: {
      optimizer: 'sgd', learning_rate, momentum: 0.9, beta1: 0.9, beta2: 0.999, batch_size: 100, iterations: 400,
      eval_every: 0, sampling: 'replacement', seed: 1, precision: 'float32', rng: 'default', ...more,
    },
    train: { images: trainSplit, start: 0, end: 10000 },
    evaluate: [],
    kernels,
  });
}

describe('the divergence rule', () => {
  it('stops learning rate 1000, whose loss stays near 14 from the first step, as diverged at iteration 0 after `patience` iterations', () => {
    const outcome = trainAt(1000);
    expect(outcome.status).toBe('diverged');
    expect(outcome.divergedAt).toBe(0);
    expect(outcome.losses).toHaveLength(DIVERGENCE_DEFAULTS.patience);
    for (const loss of outcome.losses) expect(loss).toBeGreaterThan(DIVERGENCE_DEFAULTS.factor * Math.log(10));
  });

  it('follows its settings: a shorter patience stops sooner, a patience above the iterations never stops', () => {
    const soon = trainAt(1000, { divergence: { factor: 2, patience: 5 } });
    expect([soon.status, soon.divergedAt, soon.losses.length]).toEqual(['diverged', 0, 5]);
    const never = trainAt(1000, { divergence: { factor: 2, patience: 401 } });
    expect([never.status, never.losses.length]).toEqual(['completed', 400]);
  });

  it("leaves the seed's learning rate 1.5 completed: its loss spikes, but never stays above twice its start", () => {
    const outcome = trainAt(1.5);
    expect(outcome.status).toBe('completed');
    expect(Math.max(...outcome.losses)).toBeLessThan(DIVERGENCE_DEFAULTS.factor * outcome.losses[0]);
  });

  it('still stops at a NaN loss at once, whatever the patience', () => {
    const outcome = trainAt(Number.MAX_VALUE, { divergence: { factor: 2, patience: 1000 } });
    expect(outcome.status).toBe('diverged');
    expect(Number.isFinite(outcome.losses.at(-1)!)).toBe(false);
    expect(outcome.divergedAt).toBe(outcome.losses.length - 1);
  });
});
