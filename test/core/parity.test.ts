/**
 * The core against the seed's NumPy reference (../shared/seed/reference_numpy.py):
 * float64 and the NumPy-compatible generator reproduce its trace. The traces are
 * committed in test/fixtures/reference/ (see regenerate.sh there).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset, mnistDataDir } from '../../src/core/data/index.js';
import { train, type TrainSettings } from '../../src/core/train.js';

interface Trace {
  lr: number;
  seed: number;
  iters: number;
  losses: number[];
  evals: { iteration: number; train_accuracy: number; test_accuracy: number }[];
}

const dataset = loadDataset(mnistDataDir());
const trace = (name: string): Trace =>
  JSON.parse(readFileSync(new URL(`../fixtures/reference/${name}.json`, import.meta.url), 'utf8')) as Trace;

/** The reference's protocol: SGD, batch 100 with replacement from train[0, 10000), evaluation every 100. */
function runLikeReference(t: Trace, iterations: number) {
  const training: TrainSettings = {
    optimizer: 'sgd', learning_rate: t.lr, momentum: 0.9, beta1: 0.9, beta2: 0.999,
    batch_size: 100, iterations, eval_every: 100, sampling: 'replacement',
    seed: t.seed, precision: 'float64', rng: 'numpy',
  };
  return train({
    model: { hidden: [50], activation: 'relu', init: { std: 0.01 } },
    training,
    train: { images: dataset.train, start: 0, end: 10000 },
    evaluate: [
      { name: 'train', slice: { images: dataset.train, start: 0, end: 60000 } },
      { name: 'test', slice: { images: dataset.test, start: 0, end: 10000 } },
    ],
  });
}

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

describe('the float64 core with the NumPy generator', () => {
  for (const name of ['lr0.5-seed7-iters300', 'lr0.5-seed2024-iters300']) {
    it(`reproduces every loss within 1e-9 and every accuracy of the reference (${name})`, () => {
      const t = trace(name);
      const outcome = runLikeReference(t, t.iters);
      expect(outcome.status).toBe('completed');
      expect(outcome.losses).toHaveLength(t.losses.length);
      const worst = Math.max(...t.losses.map((loss, i) => relativeError(outcome.losses[i], loss)));
      expect(worst).toBeLessThan(1e-9);
      // the reference evaluates every 100 iterations; the core also after the last one
      expect(outcome.evaluations.map((e) => e.iteration)).toEqual([...t.evals.map((e) => e.iteration), t.iters - 1]);
      outcome.evaluations.slice(0, t.evals.length).forEach((e, k) => {
        // equal to one image: 1/60000 on train, 1/10000 on test
        expect(Math.abs(e.accuracy.train - t.evals[k].train_accuracy)).toBeLessThan(1.5 / 60000);
        expect(Math.abs(e.accuracy.test - t.evals[k].test_accuracy)).toBeLessThan(1.5 / 10000);
      });
    });
  }

  it('reproduces all 60 losses within 1e-8 and the accuracies at the chaotic learning rate 1.5', () => {
    const t = trace('lr1.5-seed7-iters60');
    const outcome = runLikeReference(t, t.iters);
    expect(outcome.losses).toHaveLength(t.losses.length);
    expect(t.losses).toHaveLength(60);
    const worst = Math.max(...t.losses.map((loss, i) => relativeError(outcome.losses[i], loss)));
    expect(worst).toBeLessThan(1e-8);
    // the reference evaluates at iteration 0 only
    expect(t.evals.map((e) => e.iteration)).toEqual([0]);
    expect(Math.abs(outcome.evaluations[0].accuracy.train - t.evals[0].train_accuracy)).toBeLessThan(1.5 / 60000);
    expect(Math.abs(outcome.evaluations[0].accuracy.test - t.evals[0].test_accuracy)).toBeLessThan(1.5 / 10000);
  });
});
