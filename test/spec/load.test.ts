import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { formatProblems, problemAt } from '../../src/spec/problem.js';
import { closest, editDistance } from '../../src/spec/did-you-mean.js';
import { yaml } from './fake-io.js';

const load = (text: string, set: string[] = []) => loadSpecText(text, 'spec.yaml', { specDir: '/nowhere', set });

describe('loadSpecText', () => {
  it('fills every default a spec leaves out', () => {
    const { spec, problems } = load(yaml('name: minimal'));
    expect(problems).toEqual([]);
    expect(spec).toEqual({
      name: 'minimal',
      description: '',
      data: {
        source: { kind: 'mnist' },
        train: { split: 'train', start: 0, end: 60000 },
        evaluate: { train: { split: 'train', start: 0, end: 60000 }, test: { split: 'test', start: 0, end: 10000 } },
      },
      model: { hidden: [50], activation: 'relu', init: { std: 0.01 } },
      training: {
        optimizer: 'sgd', learning_rate: 0.5, momentum: 0.9, beta1: 0.9, beta2: 0.999, batch_size: 100,
        iterations: 10000, eval_every: 100, sampling: 'replacement', seed: 1, divergence: { factor: 2, patience: 100 }, precision: 'float32', rng: 'default',
      },
      grid: {},
      repeat: 1,
      report: { compare: null },
    });
  });

  it('fills the defaults of grid values that are slices, and compares across the first grid key', () => {
    const { spec } = load(yaml('name: x', 'grid:', '  data.train: [{ split: train, end: 1000 }, { split: test }]', '  model.init: [he]'));
    expect(spec?.grid['data.train']).toEqual([
      { split: 'train', start: 0, end: 1000 },
      { split: 'test', start: 0, end: 10000 },
    ]);
    expect(spec?.report.compare).toBe('data.train');
  });

  it('applies --set after the file, creating the mappings it needs', () => {
    const { spec } = load(yaml('name: x'), ['training.iterations=100', 'model.hidden=[20, 10]', 'training.iterations=200']);
    expect(spec?.training.iterations).toBe(200);
    expect(spec?.model).toMatchObject({ hidden: [20, 10] });
  });

  it('never throws, whatever the text', () => {
    for (const text of ['', '- a list', '42', ': :', 'name: [', '\t']) {
      expect(() => load(text)).not.toThrow();
      expect(load(text).spec).toBeNull();
    }
  });
});

describe('problems', () => {
  it('are printed as file:line:col, the line, and a caret', () => {
    expect(formatProblems([problemAt('a.yaml', 'x: 1\ny: oops\n', 2, 4, 'bad')])).toBe('a.yaml:2:4: bad\n    y: oops\n       ^\n');
  });
});

describe('did you mean', () => {
  it('counts single-character edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest key only when it is close', () => {
    expect(closest('learnig_rate', ['learning_rate', 'iterations'])).toBe('learning_rate');
    expect(closest('colour', ['name', 'data', 'model'])).toBeNull();
  });

  it('suggests the one candidate a short word begins', () => {
    expect(closest('xav', ['he', 'xavier'])).toBe('xavier');
    expect(closest('s', ['sgd', 'sigmoid'])).toBeNull();
  });
});
