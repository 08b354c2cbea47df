import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
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
  it('about a key written as a collection or an alias are at that key, not at the top of the file', () => {
    // a list or a mapping as a key: refused as such, before yaml turns it into text with a warning of its own
    for (const [text, line, col] of [
      [yaml('name: x', '? [a, b]', ': 1'), 2, 3],
      [yaml('name: x', '!!map {a: 1}: 2'), 2, 7],
      [yaml('name: x', '? {b: [1, !!str 2]}', ': 3'), 2, 3],
    ] as const) {
      expect(load(text).problems.map((p) => `${p.line}:${p.col}: ${p.message}`), text).toEqual([`${line}:${col}: ${specMessages.collectionKey()}`]);
    }
    const [problem] = load(yaml('name: &a x', '*a : 1')).problems;
    expect({ line: problem.line, col: problem.col }).toEqual({ line: 2, col: 1 });
    expect(problem.message).toContain("unknown key 'x'");
  });

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
