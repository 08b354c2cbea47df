import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { drawTrials } from '../../src/plan/search.js';
import { specOf } from '../helpers/specs.js';

const search = (trials: number, ...more: string[]) => [
  'name: s',
  'search:',
  `  trials: ${trials}`,
  '  seed: 3',
  '  space:',
  '    training.learning_rate: { loguniform: [1.0e-6, 1.0e-2] }',
  '    training.batch_size: { choice: [50, 100, 200] }',
  ...more,
];

describe('planning a search', () => {
  it('names trials t000, t001, ... and applies each trial\'s drawn values to its config', () => {
    const plan = planRuns(specOf(...search(3)));
    const drawn = drawTrials(plan.spec.search!.space, 3, 3);
    expect(plan.runs.map((r) => r.id)).toEqual(['t000', 't001', 't002']);
    expect(plan.varying).toEqual(['training.learning_rate', 'training.batch_size']);
    expect(plan.runs.map((r) => r.values)).toEqual(drawn);
    expect(plan.runs.map((r) => [r.config.training.learning_rate, r.config.training.batch_size])).toEqual(
      drawn.map((t) => [t['training.learning_rate'], t['training.batch_size']]),
    );
  });

  it('keeps the first trials\' ids and hashes when trials grow from 20 to 30', () => {
    const twenty = planRuns(specOf(...search(20))).runs;
    const thirty = planRuns(specOf(...search(30))).runs;
    expect(thirty.slice(0, 20).map((r) => [r.id, r.hash])).toEqual(twenty.map((r) => [r.id, r.hash]));
    expect(new Set(thirty.map((r) => r.hash)).size).toBeGreaterThan(20);
  });

  it('runs the trials at every grid point, the grid\'s part of the id first and repeat last', () => {
    const plan = planRuns(specOf(...search(2, 'grid: { training.optimizer: [sgd, adam] }', 'repeat: 2')));
    expect(plan.runs.map((r) => r.id)).toEqual([
      'opt-sgd_t000_r-0', 'opt-sgd_t000_r-1', 'opt-sgd_t001_r-0', 'opt-sgd_t001_r-1',
      'opt-adam_t000_r-0', 'opt-adam_t000_r-1', 'opt-adam_t001_r-0', 'opt-adam_t001_r-1',
    ]);
    expect(plan.varying).toEqual(['training.optimizer', 'training.learning_rate', 'training.batch_size', 'repeat']);
    // the same trial draws the same values at every grid point
    expect(plan.runs[0].values['training.learning_rate']).toBe(plan.runs[4].values['training.learning_rate']);
  });

  it('keeps a spec without a search as it was: same ids, and no search key in the spec', () => {
    const plan = planRuns(specOf('name: x', 'grid: { training.learning_rate: [0.5, 1.2] }', 'repeat: 2'));
    expect(plan.runs.map((r) => r.id)).toEqual(['lr-0.5_r-0', 'lr-0.5_r-1', 'lr-1.2_r-0', 'lr-1.2_r-1']);
    expect('search' in plan.spec).toBe(false);
  });
});
