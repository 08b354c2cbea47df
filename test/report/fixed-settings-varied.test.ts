/** The fixed settings take out every key that varied, wherever it sits in the spec. */
import { describe, expect, it } from 'vitest';
import { fixedSettings } from '../../src/report/fixed-settings.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { makePlan } from './fixtures.js';

function inputVarying(varying: string[]): ReportInput {
  const plan = makePlan([0.5]);
  return { spec: plan.spec, varying, results: [] };
}

describe('the fixed settings', () => {
  it('leave out each varied key, however deep, and pass over a varied key the spec does not hold', () => {
    const fixed = fixedSettings(inputVarying(['model.init.std', 'training.learning_rate', 'data.nothing.here', 'model.absent']));
    expect(fixed.model).toEqual({ hidden: [50], activation: 'relu', init: {} });
    expect(Object.keys(fixed.training as object)).not.toContain('learning_rate');
    expect(Object.keys(fixed.training as object)).toContain('batch_size');
    expect(Object.keys(fixed.data as object)).toEqual(['source', 'train', 'evaluate']);
  });

  it('leave out the seed when runs repeat over seeds, and keep it otherwise', () => {
    expect(Object.keys(fixedSettings(inputVarying(['training.learning_rate', 'repeat'])).training as object)).not.toContain('seed');
    expect(fixedSettings(inputVarying(['training.learning_rate'])).training).toMatchObject({ seed: 1 });
  });

  it("keep what the spec's optimizer reads when there are no runs yet", () => {
    const input = inputVarying([]);
    input.spec.training.optimizer = 'momentum';
    expect(fixedSettings(input).training).toMatchObject({ optimizer: 'momentum', momentum: 0.9 });
    expect(Object.keys(fixedSettings(input).training as object)).not.toContain('beta1');
  });

  it('change nothing in the spec they are drawn from', () => {
    const input = inputVarying(['model.init.std', 'repeat']);
    const before = structuredClone(input.spec);
    fixedSettings(input);
    expect(input.spec).toEqual(before);
  });
});
