/** Settings added after results were on disk leave the hashes of those results alone at their default. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { loadSpec, loadSpecText } from '../../src/spec/load.js';
import type { ExperimentSpec } from '../../src/spec/types.js';

function spec(...lines: string[]): ExperimentSpec {
  const { spec, problems } = loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });
  expect(problems).toEqual([]);
  return spec!;
}

describe('training.divergence in the run config and its hash', () => {
  it('is left out at its default, written or not, so the hash is the same', () => {
    const [plain] = planRuns(spec('name: x')).runs;
    const [written] = planRuns(spec('name: x', 'training: { divergence: { factor: 2, patience: 100 } }')).runs;
    expect(plain.config.training.divergence).toBeUndefined();
    expect(written.hash).toBe(plain.hash);
  });

  it('is kept, whole, and changes the hash at any other value', () => {
    const [plain] = planRuns(spec('name: x')).runs;
    const [other] = planRuns(spec('name: x', 'training: { divergence: { patience: 10 } }')).runs;
    expect(other.config.training.divergence).toEqual({ factor: 2, patience: 10 });
    expect(other.hash).not.toBe(plain.hash);
  });

  it('leaves the committed flagship results with the hashes in their config.json', async () => {
    const { spec: flagship } = await loadSpec('experiments/lr-comparison.yaml', { cwd: new URL('../..', import.meta.url).pathname });
    for (const run of planRuns(flagship!).runs) {
      const onDisk = JSON.parse(readFileSync(new URL(`../../results/lr-comparison/runs/${run.id}/config.json`, import.meta.url), 'utf8'));
      expect(run.hash, run.id).toBe(onDisk.hash);
      expect(run.config, run.id).toEqual(onDisk.config);
    }
  });
});
