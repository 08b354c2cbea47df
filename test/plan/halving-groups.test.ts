/** Which runs successive halving ranks together, each run's first rung, and what a plan's schedule costs. */
import { describe, expect, it } from 'vitest';
import { halvingBudget, halvingGroups, runSchedule } from '../../src/plan/halving.js';
import { planRuns } from '../../src/plan/plan.js';
import { specOf } from '../helpers/specs.js';

const SEARCH = "search: { trials: 4, space: { training.learning_rate: { uniform: [0.1, 0.2] } }, schedule: { kind: successive_halving, min_iterations: 10 } }";
const SCHEDULE = { kind: 'successive_halving' as const, min_iterations: 10, reduction: 3 };

describe('the groups halved apart', () => {
  it('are one per grid point, each holding its trials in order, the searched key set aside', () => {
    const plan = planRuns(specOf('name: h', 'training: { iterations: 100, eval_every: 10 }', 'grid: { training.batch_size: [50, 100] }', SEARCH));
    const groups = halvingGroups(plan);
    expect(groups.map((g) => g.map((run) => run.config.training.batch_size))).toEqual([[50, 50, 50, 50], [100, 100, 100, 100]]);
    expect(groups.flat().map((run) => run.id).sort()).toEqual(plan.runs.map((run) => run.id).sort());
    for (const group of groups) expect(new Set(group.map((run) => run.config.training.learning_rate)).size).toBe(4);
  });

  it('are one for a search without a grid', () => {
    const plan = planRuns(specOf('name: h', 'training: { iterations: 100, eval_every: 10 }', SEARCH));
    expect(halvingGroups(plan).map((g) => g.length)).toEqual([4]);
  });
});

describe("a run's schedule", () => {
  it('starts at min_iterations, or at min_epochs of its epochs, one epoch when neither is given', () => {
    const config = { data: { train: { split: 'train' as const, start: 0, end: 1000 } }, training: { batch_size: 100 } };
    expect(runSchedule(SCHEDULE, config)).toEqual({ min_iterations: 10, reduction: 3 });
    expect(runSchedule({ kind: 'successive_halving', min_epochs: 2, reduction: 2 }, config)).toEqual({ min_iterations: 20, reduction: 2 });
    expect(runSchedule({ kind: 'successive_halving', reduction: 2 } as never, config)).toEqual({ min_iterations: 10, reduction: 2 });
  });
});

describe("a plan's halving budget", () => {
  it('counts, per group, three of four trials stopped at iteration 10 (11 iterations each) and one trained to 100', () => {
    const plan = planRuns(specOf('name: h', 'training: { iterations: 100, eval_every: 10 }', 'grid: { training.batch_size: [50, 100] }', SEARCH));
    expect(halvingBudget(plan, SCHEDULE)).toEqual({ rungs: [10, 30, 90], iterations: 100, spent: 2 * (3 * 11 + 100), full: 8 * 100 });
  });
});
