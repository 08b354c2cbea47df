import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash } from '../../src/plan/hash.js';
import { disambiguate, runId } from '../../src/plan/ids.js';
import { planRuns } from '../../src/plan/plan.js';
import { specOf } from '../helpers/specs.js';

describe('planRuns', () => {
  it('expands the grid with the first key slowest, values in listed order and repeat innermost', () => {
    const plan = planRuns(
      specOf('name: x', 'grid:', '  model.activation: [relu, sigmoid]', '  training.learning_rate: [0.1, 0.2]', 'repeat: 2'),
    );
    expect(plan.varying).toEqual(['model.activation', 'training.learning_rate', 'repeat']);
    expect(plan.runs.map((r) => r.id)).toEqual([
      'act-relu_lr-0.1_r-0',
      'act-relu_lr-0.1_r-1',
      'act-relu_lr-0.2_r-0',
      'act-relu_lr-0.2_r-1',
      'act-sigmoid_lr-0.1_r-0',
      'act-sigmoid_lr-0.1_r-1',
      'act-sigmoid_lr-0.2_r-0',
      'act-sigmoid_lr-0.2_r-1',
    ]);
    expect(plan.runs[3].values).toEqual({ 'model.activation': 'relu', 'training.learning_rate': 0.2, repeat: 1 });
  });

  it('applies each grid value to the run\'s config and gives repeat k the seed plus k', () => {
    const plan = planRuns(specOf('name: x', 'training: { seed: 10 }', 'grid:', '  model.hidden: [[100, 50]]', 'repeat: 3'));
    expect(plan.runs.map((r) => r.config.training.seed)).toEqual([10, 11, 12]);
    expect(plan.runs.every((r) => 'hidden' in r.config.model && r.config.model.hidden.join() === '100,50')).toBe(true);
    expect(plan.runs.map((r) => r.id)).toEqual(['hidden-100x50_r-0', 'hidden-100x50_r-1', 'hidden-100x50_r-2']);
  });

  it('names a single run `run` and keeps `repeat` out of the values when it is 1', () => {
    const plan = planRuns(specOf('name: x'));
    expect(plan.runs.map((r) => [r.id, r.values])).toEqual([['run', {}]]);
    expect(plan.varying).toEqual([]);
  });

  it('gives the same ids and hashes for the same spec, and a different hash for a different config', () => {
    const a = planRuns(specOf('name: x', 'grid: { training.learning_rate: [0.5, 1.2] }'));
    const b = planRuns(specOf('name: x', 'grid: { training.learning_rate: [0.5, 1.2] }'));
    expect(b.runs.map((r) => [r.id, r.hash])).toEqual(a.runs.map((r) => [r.id, r.hash]));
    expect(a.runs[0].hash).not.toBe(a.runs[1].hash);
    expect(a.runs[0].hash).toMatch(/^[0-9a-f]{12}$/);
    expect(a.runs[0].hash).toBe(configHash(a.runs[0].config));
  });

  it('names other keys by their last segment and makes every id a safe folder name', () => {
    const plan = planRuns(specOf('name: x', 'grid:', '  model.init: [he, { std: 0.1 }]', '  data.train.end: [1000]'));
    expect(plan.runs.map((r) => r.id)).toEqual(['init-he_end-1000', 'init-std0.1_end-1000']);
  });
});

describe('run ids', () => {
  it('use short aliases for common keys', () => {
    expect(runId({ 'training.optimizer': 'adam', 'training.batch_size': 50 })).toBe('opt-adam_batch-50');
  });

  it('append a short hash only to ids that collide', () => {
    expect(disambiguate(['a', 'b', 'a'], ['111111111111', '222222222222', '333333333333'])).toEqual([
      'a-11111111',
      'b',
      'a-33333333',
    ]);
  });

  it('replace characters a folder name cannot hold', () => {
    expect(runId({ 'training.precision': 'a/b c' })).toBe('precision-a_b_c');
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth, so key order does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(configHash({ x: 1, y: 2 })).toBe(configHash({ y: 2, x: 1 }));
  });
});
