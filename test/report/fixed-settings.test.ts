/** "Fixed settings" in the results README lists what the runs read, not every default. */
import { describe, expect, it } from 'vitest';
import { fixedSettings } from '../../src/report/fixed-settings.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { makePlan, makeResult } from './fixtures.js';

function inputFor(optimizers: ('sgd' | 'momentum' | 'adagrad' | 'adam')[]): ReportInput {
  const plan = makePlan([0.5]);
  const results = optimizers.map((optimizer) => {
    const run = structuredClone(plan.runs[0]);
    run.config.training.optimizer = optimizer;
    return makeResult(run, 'completed');
  });
  return { spec: plan.spec, varying: plan.varying, results };
}

const trainingKeys = (input: ReportInput) => Object.keys((fixedSettings(input).training as Record<string, unknown>));

describe('the fixed settings of the results README', () => {
  it('leave out momentum and the betas for plain SGD, which reads neither', () => {
    const keys = trainingKeys(inputFor(['sgd']));
    expect(keys).not.toContain('momentum');
    expect(keys).not.toContain('beta1');
    expect(keys).not.toContain('beta2');
    expect(keys).toContain('batch_size');
    expect(keys).not.toContain('learning_rate'); // varied, so listed under what varied
  });

  it('keep each setting some run\'s optimizer reads: momentum for momentum, the betas for Adam', () => {
    expect(trainingKeys(inputFor(['momentum']))).toContain('momentum');
    expect(trainingKeys(inputFor(['momentum']))).not.toContain('beta1');
    expect(trainingKeys(inputFor(['sgd', 'adam']))).toEqual(expect.arrayContaining(['beta1', 'beta2']));
    expect(trainingKeys(inputFor(['sgd', 'adam']))).not.toContain('momentum');
  });
});

describe('the fixed settings of a spec that counts epochs', () => {
  it('give the epochs and not the iterations the spec never set', () => {
    const input = inputFor(['sgd']);
    input.spec.training.epochs = 50;
    expect(trainingKeys(input)).toContain('epochs');
    expect(trainingKeys(input)).not.toContain('iterations');
    expect(trainingKeys(inputFor(['sgd']))).toContain('iterations');
  });
});
