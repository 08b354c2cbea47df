import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';

/** Each problem as `line:col: message`. */
function problemsOf(...lines: string[]): string[] {
  const { spec, problems } = loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });
  expect(spec === null).toBe(problems.length > 0);
  return problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

const head = (training: string) => [
  'name: s',
  'data: { train: { split: train, end: 400 } }',
  `training: { ${training} }`,
  'search:',
  '  trials: 5',
  '  space:',
  '    training.learning_rate: { loguniform: [1.0e-4, 1.0e-1] }',
];

describe('search.schedule', () => {
  it('is read with its default reduction of 3', () => {
    const { spec } = loadSpecText(`${[...head('iterations: 200, eval_every: 4'), '  schedule: { kind: successive_halving, min_iterations: 32 }'].join('\n')}\n`, 's.yaml', { specDir: '/' });
    expect(spec?.search?.schedule).toEqual({ kind: 'successive_halving', min_iterations: 32, reduction: 3 });
  });

  it('takes its first rung in epochs when training is in epochs (the book: 50 epochs of 4 iterations)', () => {
    expect(problemsOf(...head('epochs: 50, batch_size: 100, eval_every: 4'), '  schedule: { kind: successive_halving, min_epochs: 8, reduction: 3 }')).toEqual([]);
  });

  it('refuses a first rung that is not an evaluation point, at the value', () => {
    expect(problemsOf(...head('iterations: 200, eval_every: 4'), '  schedule: { kind: successive_halving, min_iterations: 30 }')).toEqual([
      `8:57: ${specMessages.scheduleOffEvaluation('min_iterations', 30, 4)}`,
    ]);
  });

  it('refuses a first rung at or past the last iteration, once for all the trials', () => {
    expect(problemsOf(...head('iterations: 200, eval_every: 4'), '  schedule: { kind: successive_halving, min_iterations: 200 }')).toEqual([
      `8:57: ${specMessages.scheduleTooLate('min_iterations', 200, 200)}`,
    ]);
  });

  it('refuses to rank trials by a slice measured only at the end, at report.select.metric or, by default, at the schedule', () => {
    const lines = [
      'name: s',
      'data:',
      '  train: { split: train, end: 400, hold_out: { validation: 0.2 } }',
      '  evaluate: { test: { split: test, end: 100, every: end } }',
      'training: { iterations: 200, eval_every: 4 }',
      'search:',
      '  trials: 5',
      '  space:',
      '    training.learning_rate: { loguniform: [1.0e-4, 1.0e-1] }',
      '  schedule: { kind: successive_halving, min_iterations: 32 }',
    ];
    // with no report.select the default is test_accuracy: no trial would have a score at a rung, and they were promoted by their order
    expect(problemsOf(...lines)).toEqual([`10:3: ${specMessages.scheduleEndOnlyDefault('test_accuracy', 'test', ['validation_accuracy'])}`]);
    expect(problemsOf(...lines, 'report: { select: { metric: test_accuracy } }')).toEqual([
      `11:29: ${specMessages.scheduleEndOnlyMetric('test_accuracy', 'test', ['validation_accuracy'])}`,
    ]);
    expect(problemsOf(...lines, 'report: { select: { metric: validation_accuracy } }')).toEqual([]);
    expect(problemsOf(...lines, 'report: { select: { metric: final_loss, mode: min } }')).toEqual([]);
    // the same without a search's schedule: the end is where a plain search is judged
    expect(problemsOf(...lines.slice(0, -1))).toEqual([]);
  });

  it('refuses both min_iterations and min_epochs, or neither', () => {
    expect(problemsOf(...head('epochs: 50, batch_size: 100, eval_every: 4'), '  schedule: { kind: successive_halving, min_iterations: 8, min_epochs: 2 }')).toEqual([
      `8:3: ${specMessages.scheduleRungOnce()}`,
    ]);
    expect(problemsOf(...head('iterations: 200, eval_every: 4'), '  schedule: { kind: successive_halving }')).toEqual([
      `8:3: ${specMessages.scheduleRungOnce()}`,
    ]);
  });

  it('refuses min_epochs when training is given in iterations', () => {
    expect(problemsOf(...head('iterations: 200, eval_every: 4'), '  schedule: { kind: successive_halving, min_epochs: 2 }')).toEqual([
      `8:41: ${specMessages.scheduleEpochsWithoutEpochs()}`,
    ]);
  });

  it('refuses a reduction below 2 and an unknown kind, by the schema', () => {
    expect(problemsOf(...head('iterations: 200, eval_every: 4'), '  schedule: { kind: successive_halving, min_iterations: 8, reduction: 1 }')[0]).toMatch(/^8:\d+: .*reduction/);
    expect(problemsOf(...head('iterations: 200, eval_every: 4'), '  schedule: { kind: asha, min_iterations: 8 }')[0]).toMatch(/^8:\d+: .*kind/);
  });

  it('refuses searching the run\'s length, at the key', () => {
    expect(problemsOf(
      'name: s', 'data: { train: { split: train, end: 400 } }', 'training: { eval_every: 4 }',
      'search:', '  trials: 5', '  space:', '    training.iterations: { int: [100, 200] }',
      '  schedule: { kind: successive_halving, min_iterations: 8 }',
    )).toEqual([`7:5: ${specMessages.scheduleSearchedLength('training.iterations')}`]);
  });

  it('refuses a schedule without evaluations', () => {
    expect(problemsOf(...head('iterations: 200, eval_every: 0'), '  schedule: { kind: successive_halving, min_iterations: 8 }')).toEqual([
      `3:42: ${specMessages.scheduleNoEvaluation()}`,
    ]);
  });
});
