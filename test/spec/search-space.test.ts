import { describe, expect, it } from 'vitest';
import { searchMessages } from '../../src/plan/search.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';

/** Each problem as `line:col: message`. */
function problemsOf(...lines: string[]): string[] {
  const { spec, problems } = loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });
  expect(spec === null).toBe(problems.length > 0);
  return problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

const head = ['name: s', 'search:', '  trials: 5', '  space:'];

describe('search.space problems, at their line and column', () => {
  it('a low bound at or above the high one, at the high bound', () => {
    expect(problemsOf(...head, '    training.learning_rate: { uniform: [0.5, 0.1] }')).toEqual([
      `5:46: ${specMessages.searchBound('training.learning_rate', searchMessages.emptyRange('uniform', 0.5, 0.1))}`,
    ]);
  });

  it('a log bound that is not positive (an exponent written for a value), at that bound', () => {
    expect(problemsOf(...head, '    training.learning_rate: { loguniform: [-6, -2] }')).toEqual([
      `5:44: ${specMessages.searchBound('training.learning_rate', searchMessages.logBound('loguniform', -6))}`,
    ]);
  });

  it('an empty choice list, by the schema, at the list', () => {
    const [problem] = problemsOf(...head, '    training.batch_size: { choice: [] }');
    expect(problem).toBe(`5:36: ${specMessages.tooFewItems('search.space.training.batch_size.choice', 1, [])}`);
  });

  it('an unknown key, with the key it resembles', () => {
    expect(problemsOf(...head, '    training.learning_rat: { loguniform: [1.0e-4, 1.0e-1] }')).toEqual([
      `5:5: ${specMessages.searchKeyUnknown('training.learning_rat', 'training.learning_rate')}`,
    ]);
  });

  it('a layer\'s parameter, as the grid takes it: searched, checked against the layer, and refused where the layer has no such key', () => {
    const layers = ['model:', '  layers:', '    - conv: { filters: 4, size: 5 }', '    - relu', '    - dropout: 0.5', '    - affine: 10'];
    expect(problemsOf(...head, '    model.layers.2.dropout: { uniform: [0, 0.9] }', '    model.layers.0.conv.size: { int: [3, 7] }', ...layers)).toEqual([]);
    // a dropout rate of 1 is not one; a relu has nothing to vary; there is no layer 9
    expect(problemsOf(...head, '    model.layers.2.dropout: { uniform: [0.5, 1] }', ...layers)).toEqual([
      `5:46: search.space.model.layers.2.dropout.uniform[1]: expected a number < 1, got 1`,
    ]);
    expect(problemsOf(...head, '    model.layers.1.relu.size: { int: [1, 3] }', ...layers)).toEqual([
      `5:5: ${specMessages.gridLayerKey('model.layers.1.relu.size', 1, 'relu', null, 'search.space')}`,
    ]);
    expect(problemsOf(...head, '    model.layers.9.dropout: { uniform: [0, 0.5] }', ...layers)).toEqual([
      `5:5: ${specMessages.gridLayerOutOfRange('model.layers.9.dropout', 4, 'search.space')}`,
    ]);
    expect(problemsOf(...head, '    model.layers.0.conv.size: { uniform: [3, 7] }', ...layers)).toEqual([
      `5:33: ${specMessages.searchRealForInteger('model.layers.0.conv.size', 'uniform')}`,
    ]);
  });

  it('a bound each trial breaks on its own, said three times and counted the rest, not once per trial', () => {
    const problems = problemsOf(...head.map((l) => l.replace('trials: 5', 'trials: 200')), '    data.train.end: { int: [100, 70000] }');
    expect(problems).toHaveLength(4);
    for (const problem of problems.slice(0, 3)) expect(problem).toMatch(/^5:21: data\.train\.end: the train split has 60000 images, so expected at most 60000, got 6\d{4}$/);
    // about 10,000 of 69,901 values past 60,000: 200 trials draw some 29 of them
    expect(problems[3]).toMatch(/^5:21: and \d+ more problems here, of other runs/);
    const more = Number(/and (\d+) more/.exec(problems[3])![1]);
    expect(more + 3).toBeGreaterThan(10);
    expect(more + 3).toBeLessThan(60);
  });

  it('an unknown distribution, naming it', () => {
    const [problem] = problemsOf(...head, '    training.learning_rate: { lognormal: [1.0e-4, 1.0e-1] }');
    expect(problem).toMatch(/^5:\d+: .*lognormal/);
  });

  it('a key that is also a grid key', () => {
    expect(problemsOf(...head, '    training.learning_rate: { uniform: [0.1, 0.5] }', 'grid: { training.learning_rate: [0.1] }')).toEqual([
      `5:5: ${specMessages.searchKeyInGrid('training.learning_rate')}`,
    ]);
  });

  it('real-valued draws for an integer key', () => {
    expect(problemsOf(...head, '    training.batch_size: { uniform: [10, 100] }')).toEqual([
      `5:28: ${specMessages.searchRealForInteger('training.batch_size', 'uniform')}`,
    ]);
  });

  it('a bound the key itself refuses (a learning rate of 0), at that bound', () => {
    const [problem] = problemsOf(...head, '    training.learning_rate: { uniform: [0, 0.5] }');
    expect(problem).toBe(`5:41: ${specMessages.outOfRange('search.space.training.learning_rate.uniform[0]', 'a number', '>', 0, 0)}`);
  });

  it('a drawn batch larger than the training slice, at the key\'s distribution', () => {
    const [problem] = problemsOf(...head, '    training.batch_size: { int: [50, 500] }', 'data: { train: { split: train, end: 100 } }');
    expect(problem).toMatch(/^5:26: training\.batch_size: expected at most the train slice.s 100 images, got \d+$/);
  });
});

describe('a search that loads', () => {
  it('keeps trials, seed (0 by default) and space', () => {
    const { spec } = loadSpecText(`${[...head, '    training.learning_rate: { loguniform: [1.0e-4, 1.0e-1] }'].join('\n')}\n`, 'spec.yaml', { specDir: '/' });
    expect(spec!.search).toEqual({ trials: 5, seed: 0, space: { 'training.learning_rate': { loguniform: [1e-4, 1e-1] } } });
  });

  it('counts trials into the run limit', () => {
    const { problems } = loadSpecText(`${['name: s', 'search:', '  trials: 600', '  space: { training.learning_rate: { uniform: [0.1, 0.5] } }', 'grid: { training.optimizer: [sgd, adam] }'].join('\n')}\n`, 'spec.yaml', { specDir: '/' });
    expect(problems.map((p) => p.message)).toEqual([specMessages.tooManyRuns(1200, 1000)]);
  });
});
