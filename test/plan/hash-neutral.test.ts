/** Settings added after results were on disk leave the hashes of those results alone at their default. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { loadSpec } from '../../src/spec/load.js';
import { schema } from '../../src/spec/schema.js';
import { specOf } from '../helpers/specs.js';

describe('training.divergence in the run config and its hash', () => {
  it('is left out at its default, written or not, so the hash is the same', () => {
    const [plain] = planRuns(specOf('name: x')).runs;
    const [written] = planRuns(specOf('name: x', 'training: { divergence: { factor: 2, patience: 100 } }')).runs;
    expect(plain.config.training.divergence).toBeUndefined();
    expect(written.hash).toBe(plain.hash);
  });

  it('is kept, whole, and changes the hash at any other value', () => {
    const [plain] = planRuns(specOf('name: x')).runs;
    const [other] = planRuns(specOf('name: x', 'training: { divergence: { patience: 10 } }')).runs;
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

describe('a run\'s hash covers only the settings it reads', () => {
  const hashOf = (...lines: string[]) => planRuns(specOf('name: x', ...lines)).runs[0].hash;

  it('is unchanged by writing any model or training key of the schema at its default, keys added later included', () => {
    const plain = hashOf();
    const sections = ['model', 'training'].map((name) => [name, schema.properties![name].properties!] as const);
    const written = sections.flatMap(([name, keys]) =>
      Object.entries(keys).filter(([, node]) => 'default' in node).map(([key, node]) => `${name}: { ${key}: ${JSON.stringify(node.default)} }`),
    );
    expect(written).toContain('training: { weight_decay: 0 }');
    for (const line of written) expect(hashOf(line), line).toBe(plain);
  });

  it('leaves training.weight_decay out at 0, from the spec and the run, and keeps any other value', () => {
    const spec = specOf('name: x', 'training: { weight_decay: 0 }');
    expect(spec.training.weight_decay).toBeUndefined();
    expect(planRuns(spec).runs[0].config.training.weight_decay).toBeUndefined();
    const [decayed] = planRuns(specOf('name: x', 'training: { weight_decay: 0.0001 }')).runs;
    expect(decayed.config.training.weight_decay).toBe(0.0001);
    expect(decayed.hash).not.toBe(hashOf());
    const [off, on] = planRuns(specOf('name: x', 'grid:', '  training.weight_decay: [0, 0.0001]')).runs;
    expect(off.hash).toBe(hashOf());
    expect(on.hash).toBe(decayed.hash);
  });

  it('ignores optimizer settings the run\'s optimizer does not read, and not those it reads', () => {
    expect(hashOf('training: { momentum: 0.5, beta1: 0.1, beta2: 0.5 }')).toBe(hashOf());
    expect(hashOf('training: { optimizer: adam, momentum: 0.5 }')).toBe(hashOf('training: { optimizer: adam }'));
    expect(hashOf('training: { optimizer: adam, beta1: 0.8 }')).not.toBe(hashOf('training: { optimizer: adam }'));
    expect(hashOf('training: { optimizer: momentum, momentum: 0.5 }')).not.toBe(hashOf('training: { optimizer: momentum }'));
    expect(hashOf('training: { optimizer: momentum, beta2: 0.5 }')).toBe(hashOf('training: { optimizer: momentum }'));
  });

  it('sets unread settings to their defaults in the config, each run by its own optimizer', () => {
    const plan = planRuns(specOf('name: x', 'training: { momentum: 0.5, beta1: 0.8 }', 'grid:', '  training.optimizer: [sgd, momentum, adam]'));
    expect(plan.runs.map(({ config: { training: t } }) => [t.optimizer, t.momentum, t.beta1, t.beta2])).toEqual([
      ['sgd', 0.9, 0.9, 0.999],
      ['momentum', 0.5, 0.9, 0.999],
      ['adam', 0.9, 0.8, 0.999],
    ]);
  });

  it('keeps the flagship\'s three hashes', async () => {
    const { spec } = await loadSpec('experiments/lr-comparison.yaml', { cwd: new URL('../..', import.meta.url).pathname });
    expect(planRuns(spec!).runs.map((r) => r.hash)).toEqual(['45f6d92d788a', '411b6cc0433d', '16c7f423f781']);
  });
});
