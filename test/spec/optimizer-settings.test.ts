import { describe, expect, it } from 'vitest';
import { withUnreadAtDefaults } from '../../src/spec/optimizers.js';

const training = { optimizer: 'sgd' as const, learning_rate: 0.1, momentum: 0.5, beta1: 0.5, beta2: 0.5, batch_size: 7 };

describe("an optimizer's settings before hashing", () => {
  it('are set to their defaults when the optimizer does not read them, and kept when it does', () => {
    expect(withUnreadAtDefaults(training)).toEqual({ ...training, momentum: 0.9, beta1: 0.9, beta2: 0.999 });
    expect(withUnreadAtDefaults({ ...training, optimizer: 'momentum' })).toEqual({ ...training, optimizer: 'momentum', beta1: 0.9, beta2: 0.999 });
    expect(withUnreadAtDefaults({ ...training, optimizer: 'adam' })).toEqual({ ...training, optimizer: 'adam', momentum: 0.9 });
    expect(withUnreadAtDefaults({ ...training, optimizer: 'adagrad' })).toEqual({ ...training, optimizer: 'adagrad', momentum: 0.9, beta1: 0.9, beta2: 0.999 });
  });

  it('leave the training they came from unchanged', () => {
    const before = { ...training };
    withUnreadAtDefaults(training);
    expect(training).toEqual(before);
  });
});
