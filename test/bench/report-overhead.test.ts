/** The tiny grid `npm run bench -- --report` runs: a valid spec of exactly N runs, one per learning rate, each tiny. */
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { tinyGridSpec } from '../../tools/bench/report-overhead.js';
import { specOf } from '../helpers/specs.js';

describe('the report bench\'s tiny grid', () => {
  it('is a valid spec of N runs with distinct learning rates, 20 iterations each, compared by learning rate', () => {
    const spec = specOf(tinyGridSpec(1000));
    const plan = planRuns(spec);
    expect(plan.runs).toHaveLength(1000);
    expect(new Set(plan.runs.map((r) => r.config.training.learning_rate)).size).toBe(1000);
    expect(plan.runs.every((r) => r.config.training.iterations === 20 && 'hidden' in r.config.model && r.config.model.hidden.join() === '8')).toBe(true);
    expect(spec.report.compare).toBe('training.learning_rate');
  });
});
