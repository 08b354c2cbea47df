/** A remembered start (a search's trials share a seed) gives the bytes of weights drawn afresh, for every generator and precision. */
import { describe, expect, it } from 'vitest';
import { forgetInitialWeights } from '../../src/core/initial-weights.js';
import { train, type TrainInputs, type TrainSettings } from '../../src/core/train.js';
import { bnDropoutMlp, bytesOf, kernels, test, trainSplit } from './bn-dropout-run.js';

const ARCHITECTURE = bnDropoutMlp(24);

function inputs(training: Partial<TrainSettings>): TrainInputs {
  return {
    model: { architecture: ARCHITECTURE, init: 'he' },
    training: {
      optimizer: 'sgd', learning_rate: 0.05, momentum: 0.9, beta1: 0.9, beta2: 0.999, batch_size: 20, iterations: 15,
      eval_every: 5, sampling: 'shuffle', seed: 3, precision: 'float32', rng: 'default', weight_decay: 1e-3, ...training,
    },
    train: { images: trainSplit, start: 0, end: 300 },
    evaluate: [{ name: 'test', slice: { images: test, start: 0, end: 200 } }],
    kernels: training.precision === 'float64' ? undefined : kernels,
  };
}

describe('initial weights remembered between runs', () => {
  const cases: Partial<TrainSettings>[] = [{}, { rng: 'numpy' }, { precision: 'float64' }, { sampling: 'replacement', seed: 4 }];
  for (const settings of cases) {
    it(`start a second run of the same network and seed where drawing would: ${JSON.stringify(settings)}`, () => {
      forgetInitialWeights();
      const drawn = bytesOf(train(inputs(settings)));
      const remembered = bytesOf(train(inputs(settings)));
      expect(remembered).toEqual(drawn);
    });
  }

  it('keep runs of other seeds, generators and learning rates apart', () => {
    forgetInitialWeights();
    const first = bytesOf(train(inputs({})));
    const otherSeed = bytesOf(train(inputs({ seed: 5 })));
    const otherRng = bytesOf(train(inputs({ rng: 'numpy' })));
    expect(otherSeed.tensors).not.toEqual(first.tensors);
    expect(otherRng.tensors).not.toEqual(first.tensors);
    forgetInitialWeights();
    expect(bytesOf(train(inputs({ seed: 5 })))).toEqual(otherSeed);
    forgetInitialWeights();
    const lr = bytesOf(train(inputs({ learning_rate: 0.01 })));
    expect(bytesOf(train(inputs({ learning_rate: 0.01 })))).toEqual(lr);
  });
});
