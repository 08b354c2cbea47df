/** A run paused at an iteration and continued from its checkpoint gives the bytes of the same run trained straight through. */
import { describe, expect, it } from 'vitest';
import { holdOut } from '../../src/core/data/hold-out.js';
import { createRandom, type RandomKind } from '../../src/core/random/index.js';
import { train, type ImageSlice, type TrainCheckpoint, type TrainInputs, type TrainSettings } from '../../src/core/train.js';
import { bnDropoutMlp, bytesOf, kernels, test, trainSplit } from './bn-dropout-run.js';

const ARCHITECTURE = bnDropoutMlp(32);

function inputs(training: Partial<TrainSettings>, slice: ImageSlice = { images: trainSplit, start: 0, end: 1000 }): TrainInputs {
  return {
    model: { architecture: ARCHITECTURE, init: 'he' },
    training: {
      optimizer: 'adam', learning_rate: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, batch_size: 50, iterations: 40,
      eval_every: 5, sampling: 'replacement', seed: 7, precision: 'float32', rng: 'default', weight_decay: 1e-4, ...training,
    },
    train: slice,
    evaluate: [{ name: 'test', slice: { images: test, start: 0, end: 500 } }],
    kernels,
  };
}

/** A checkpoint as it would come back from disk: through JSON, float arrays as plain numbers. */
function throughJson(checkpoint: TrainCheckpoint, float: (values: number[]) => Float32Array | Float64Array): TrainCheckpoint {
  const text = JSON.stringify({ ...checkpoint, tensors: checkpoint.tensors.map((t) => [...t]), losses: [...checkpoint.losses],
    optimizer: { ...checkpoint.optimizer, slots: checkpoint.optimizer.slots.map((kind) => kind.map((a) => [...a])) } });
  const back = JSON.parse(text);
  return { ...back, tensors: back.tensors.map(float), losses: Float64Array.from(back.losses),
    optimizer: { ...back.optimizer, slots: back.optimizer.slots.map((kind: number[][]) => kind.map(float)) } };
}

describe('checkpoints', () => {
  const cases: [string, Partial<TrainSettings>][] = [
    ['adam, batches drawn with replacement', {}],
    ['momentum, shuffled epochs', { optimizer: 'momentum', learning_rate: 0.05, sampling: 'shuffle' }],
    ['adagrad on NumPy\'s generator', { optimizer: 'adagrad', rng: 'numpy' }],
    ['sgd in float64', { optimizer: 'sgd', learning_rate: 0.1, precision: 'float64' }],
  ];
  for (const [name, training] of cases) {
    it(`continue ${name} to the bytes of a straight run, through JSON, pausing at an evaluation or between`, () => {
      const straight = bytesOf(train(inputs(training)));
      for (const pauseAfter of [5, 12]) {
        const paused = train({ ...inputs(training), pauseAfter });
        expect(paused.status).toBe('paused');
        expect(paused.checkpoint!.iteration).toBe(pauseAfter + 1);
        const float = (values: number[]) => (training.precision === 'float64' ? Float64Array.from(values) : Float32Array.from(values));
        const continued = train({ ...inputs(training), resume: throughJson(paused.checkpoint!, float) });
        expect(bytesOf(continued)).toEqual(straight);
      }
    });
  }

  it('continue a run stopped by Ctrl-C from where it stopped', () => {
    const straight = bytesOf(train(inputs({})));
    let asked = 0;
    const stopped = train(inputs({}), { shouldStop: () => ++asked > 17 });
    expect([stopped.status, stopped.checkpoint!.iteration]).toEqual(['stopped', 17]);
    expect(bytesOf(train({ ...inputs({}), resume: stopped.checkpoint! }))).toEqual(straight);
  });

  it('train on a held-out split\'s indices: batches and accuracy come from those images only', () => {
    const { train: kept, held } = holdOut(0, 1000, 0.2);
    const outcome = train({
      ...inputs({ sampling: 'shuffle', iterations: 16, batch_size: 50 }, { images: trainSplit, start: 0, end: 1000, indices: kept }),
      evaluate: [{ name: 'validation', slice: { images: trainSplit, start: 0, end: 1000, indices: held } }],
    });
    expect(outcome.predictions.validation).toHaveLength(200);
    // 16 batches of 50 are one pass over the 800 kept images: the last evaluation's epoch is 15 * 50 / 800
    expect(outcome.evaluations.at(-1)!.epoch).toBe((15 * 50) / 800);
    const accuracy = outcome.evaluations.at(-1)!.accuracy.validation;
    const correct = [...held].filter((image, k) => outcome.predictions.validation[k] === trainSplit.labels[image]).length;
    expect(accuracy).toBe(correct / 200);
  });
});

describe('generator state', () => {
  for (const kind of ['default', 'numpy'] as RandomKind[]) {
    it(`of the ${kind} generator, restored, gives the same draws, a cached normal included`, () => {
      const a = createRandom(kind, 5);
      a.normal(); // leaves the polar method's second value cached
      const state = JSON.parse(JSON.stringify(a.state()));
      const expected = [a.normal(), a.uniform(), a.int(1000), a.normal()];
      const b = createRandom(kind, 99);
      b.restore(state);
      expect([b.normal(), b.uniform(), b.int(1000), b.normal()]).toEqual(expected);
    });
  }
});
