/** How many worker threads a plan's runs get: as asked, but none past what its runs and the cores can use. */
import { describe, expect, it } from 'vitest';
import { poolSize } from '../../src/schedule/local-executor.js';
import { makePlan } from '../report/fixtures.js';

const runs = (count: number) => makePlan(Array.from({ length: count }, (_, k) => (k + 1) / 10));

describe('the worker threads of a plan', () => {
  it('are as many as asked when its runs can use them', () => {
    expect(poolSize(runs(8), 4, 2)).toBe(4);
    expect(poolSize(runs(3), 3, 2)).toBe(3);
    expect(poolSize(runs(3), 1, 2)).toBe(1);
  });

  it('are no more than its runs where it has more runs than cores: --concurrency 64 for 3 runs starts 3', () => {
    expect(poolSize(runs(3), 64, 2)).toBe(3);
    expect(poolSize(runs(100), 256, 2)).toBe(100);
  });

  it("are up to the cores for fewer runs than cores: a run's evaluations take the workers it does not train on", () => {
    expect(poolSize(runs(1), 64, 8)).toBe(8);
    expect(poolSize(runs(1), 4, 8)).toBe(4);
  });

  it('default to the cores', () => {
    expect(poolSize(runs(3), undefined, 2)).toBe(2);
    expect(poolSize(runs(1), undefined, 6)).toBe(6);
  });
});
