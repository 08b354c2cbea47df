import { describe, expect, it } from 'vitest';
import { iterationsPerEpoch } from '../../src/plan/epochs.js';
import { planRuns } from '../../src/plan/plan.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { specOf } from '../helpers/specs.js';

describe('training.epochs', () => {
  it('is the training size over the batch size iterations, rounded down, at least one', () => {
    expect(iterationsPerEpoch(400, 100)).toBe(4);
    expect(iterationsPerEpoch(450, 100)).toBe(4);
    expect(iterationsPerEpoch(50, 100)).toBe(1);
  });

  it('plans the run that many iterations make, with the same hash', () => {
    const data = 'data: { train: { split: train, end: 500 } }';
    const byEpochs = planRuns(specOf('name: e', data, 'training: { epochs: 50, batch_size: 100 }')).runs[0];
    const byIterations = planRuns(specOf('name: e', data, 'training: { iterations: 250, batch_size: 100 }')).runs[0];
    expect(byEpochs.config.training.iterations).toBe(250);
    expect('epochs' in byEpochs.config.training).toBe(false);
    expect(byEpochs.hash).toBe(byIterations.hash);
  });

  it('can be a grid key, each value resolved with its own run\'s batch size', () => {
    const plan = planRuns(specOf('name: e', 'data: { train: { split: train, end: 1000 } }', 'training: { batch_size: 100 }', 'grid: { training.epochs: [1, 3] }'));
    expect(plan.runs.map((r) => [r.id, r.config.training.iterations])).toEqual([['epochs-1', 10], ['epochs-3', 30]]);
  });

  it('cannot be given with iterations, nor come to more iterations than the limit', () => {
    const load = (...lines: string[]) => loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' }).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(load('name: e', 'training:', '  iterations: 10', '  epochs: 2')).toEqual([`4:3: ${specMessages.epochsAndIterations()}`]);
    expect(load('name: e', 'training:', '  batch_size: 1', '  epochs: 1000000')).toEqual([
      `4:11: ${specMessages.tooManyEpochIterations(60_000_000_000, 10_000_000)}`,
    ]);
  });
});
