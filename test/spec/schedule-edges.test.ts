/** The edges of search.schedule's checks: the last rung allowed, rungs in epochs, and both lengths searched. */
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';

const SPACE = 'training.learning_rate: { uniform: [0.1, 0.2] }';
const located = (training: string, schedule: string, space = SPACE) =>
  loadSpecText(`name: x\n${training}\nsearch: { trials: 3, space: { ${space} }, schedule: { kind: successive_halving, ${schedule} } }\n`, 'spec.yaml', { specDir: '/' })
    .problems.map((p) => `${p.line}:${p.col}: ${p.message}`);

describe('the first rung', () => {
  it('may be the evaluation two iterations before the end, not the one before it', () => {
    expect(located('training: { iterations: 102, eval_every: 50 }', 'min_iterations: 100')).toEqual([]);
    expect(located('training: { iterations: 101, eval_every: 50 }', 'min_iterations: 100')).toEqual([`3:136: ${specMessages.scheduleTooLate('min_iterations', 100, 101)}`]);
  });

  it('in epochs is checked in the iterations it comes to, and named min_epochs', () => {
    const epochs = 'data: { train: { split: train, end: 1000 } }\ntraining: { epochs: 10, batch_size: 100, eval_every: 10 }';
    expect(located(epochs, 'min_epochs: 9')).toEqual([]);
    expect(located(epochs.replace('eval_every: 10', 'eval_every: 3'), 'min_epochs: 1')).toEqual([`4:132: ${specMessages.scheduleOffEvaluation('min_epochs', 10, 3)}`]);
  });
});

describe('a searched length', () => {
  it('is refused at each length key the search varies', () => {
    expect(located('training: { iterations: 102, eval_every: 50 }', 'min_iterations: 100', 'training.iterations: { int: [100, 200] }, training.epochs: { int: [1, 2] }')).toEqual([
      `3:31: ${specMessages.scheduleSearchedLength('training.iterations')}`,
      `3:73: ${specMessages.scheduleSearchedLength('training.epochs')}`,
    ]);
  });
});
