// Limits are budgets, not settings: writing them must not change any run's config hash,
// so results already on disk stay cached (issue 11, item 11).
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { loadSpec } from '../../src/spec/load.js';
import { root } from '../helpers/command-line.js';

async function hashes(set: string[]) {
  const { spec, problems } = await loadSpec('experiments/lr-comparison.yaml', { cwd: root, set });
  expect(problems).toEqual([]);
  return planRuns(spec!).runs.map((run) => [run.id, run.hash]);
}

describe('limits and the config hash', () => {
  it('leave the flagship hashes as committed in results/lr-comparison', async () => {
    expect(await hashes([])).toEqual([
      ['lr-0.5', '45f6d92d788a'],
      ['lr-1.2', '411b6cc0433d'],
      ['lr-1.5', '16c7f423f781'],
    ]);
  });

  it('do not change a hash when written, nor the spec the plan keeps', async () => {
    const raised = await hashes(['limits.max_parameters=100000000', 'limits.max_memory_mb=8192']);
    expect(raised).toEqual(await hashes([]));
    const { spec } = await loadSpec('experiments/lr-comparison.yaml', { cwd: root, set: ['limits.max_memory_mb=8192'] });
    expect(Object.keys(spec!)).not.toContain('limits');
  });
});
