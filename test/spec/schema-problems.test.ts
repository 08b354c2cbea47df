/** Each kind of schema error, said in the spec's terms and placed where the user wrote the offending key or value. */
import { describe, expect, it } from 'vitest';
import { LAYER_TYPES } from '../../src/core/layers/registry.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';

const located = (...lines: string[]) =>
  loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' }).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);

describe('a name', () => {
  it('must be a safe folder name of 1 to 100 characters', () => {
    expect(located('name: ""')).toEqual([`1:7: ${specMessages.tooShort('name', 1)}`, `1:7: ${specMessages.notSafeName('name', '')}`]);
    expect(located(`name: ${'a'.repeat(101)}`)).toEqual([`1:7: ${specMessages.tooLong('name', 100)}`]);
    expect(located(`name: ${'a'.repeat(100)}`)).toEqual([]);
    expect(located('name: "a b"')).toEqual([`1:7: ${specMessages.notSafeName('name', 'a b')}`]);
  });

  it('of an evaluation slice, a grid value or a selected metric must be one too, at the name', () => {
    expect(located('name: x', 'data:', '  evaluate:', '    "bad name": { split: test }')).toEqual([`4:5: ${specMessages.notSafeName('data.evaluate', 'bad name')}`]);
    expect(located('name: x', 'grid:', '  training.seed: { "a b": 1 }')).toEqual([`3:20: ${specMessages.notSafeName('grid.training.seed', 'a b')}`]);
    expect(located('name: x', 'report: { select: { metric: "a b" } }')).toEqual([`2:29: ${specMessages.notSafeName('report.select.metric', 'a b')}`]);
  });

  it("of the experiment or a named grid value, starting with '.', is refused as a hidden folder, at the name", () => {
    expect(located('name: .hidden')).toEqual([`1:7: ${specMessages.hiddenName('name', '.hidden')}`]);
    expect(located('name: ..')).toEqual([`1:7: ${specMessages.hiddenName('name', '..')}`]);
    expect(located('name: x', 'grid:', '  model: { .mlp: { hidden: [5] }, mlp: { hidden: [6] } }')).toEqual([`3:12: ${specMessages.hiddenName('grid.model', '.mlp')}`]);
    expect(located('name: ".a b"')).toEqual([`1:7: ${specMessages.notSafeName('name', '.a b')}`]);
    expect(located('name: a.b.', 'grid:', '  model: { m.l.p.: { hidden: [5] } }')).toEqual([]);
  });

  it("of an evaluation slice may start with '.': it never starts a folder's name", () => {
    expect(located('name: x', 'data:', '  evaluate:', '    .test: { split: test }')).toEqual([]);
  });
});

describe('a document that is not a mapping', () => {
  it('is said to be empty when it is, and to be the wrong type otherwise', () => {
    expect(located('')).toEqual([`1:1: ${specMessages.emptyDocument()}`]);
    expect(located('- a', '- b')).toEqual([`1:1: ${specMessages.expectedType('(top level)', ['object'], ['a', 'b'])}`]);
  });
});

describe('lists', () => {
  it('too short say how many items they need, in the singular for one', () => {
    expect(located('name: x', 'model:', '  layers: []')).toEqual([`3:11: ${specMessages.tooFewItems('model.layers', 1, [])}`]);
    expect(located('name: x', 'model:', '  hidden: []')).toEqual([`3:11: ${specMessages.tooFewItems('model.hidden', 1, [])}`]);
    expect(specMessages.tooFewItems('k', 1, [])).toContain('at least 1 item,');
    expect(located('name: x', 'search:', '  trials: 2', '  space: { training.learning_rate: { uniform: [0.1] } }')).toEqual([
      `4:47: ${specMessages.tooFewItems('search.space.training.learning_rate.uniform', 2, [0.1])}`,
    ]);
  });

  it('in a grid, empty or with no names, are called empty at the list', () => {
    expect(located('name: x', 'grid:', '  training.seed: []')).toEqual([`3:18: ${specMessages.emptyGridList('training.seed')}`]);
    expect(located('name: x', 'grid:', '  training.seed: {}')).toEqual([`3:18: ${specMessages.emptyGridList('training.seed')}`]);
  });

  it('in a grid, with a value twice, are refused at the second', () => {
    expect(located('name: x', 'grid:', '  training.seed: [1, 2, 1]')).toEqual([`3:25: ${specMessages.duplicateItems('grid.training.seed', 0, 2)}`]);
  });
});

describe('numbers', () => {
  it('are refused with the bound they break, said for an integer or a number', () => {
    expect(located('name: x', 'training:', '  momentum: 1')).toEqual([`3:13: ${specMessages.outOfRange('training.momentum', 'a number', '<', 1, 1)}`]);
    expect(located('name: x', 'model:', '  init: { std: -1 }')).toEqual([`3:16: ${specMessages.outOfRange('model.init.std', 'a number', '>', 0, -1)}`]);
    expect(located('name: x', 'training:', '  batch_size: 0')).toEqual([`3:15: ${specMessages.outOfRange('training.batch_size', 'an integer', '>=', 1, 0)}`]);
    expect(located('name: x', 'model:', '  hidden: [1.5]')).toEqual([`3:12: ${specMessages.expectedType('model.hidden[0]', ['integer'], 1.5)}`]);
  });

  it('get one message when a fraction is also out of an integer\'s range (epochs: 0.001), at its line, in the file or a grid', () => {
    expect(located('name: x', 'training:', '  epochs: 0.001')).toEqual([`3:11: ${specMessages.outOfRange('training.epochs', 'an integer', '>=', 1, 0.001)}`]);
    expect(located('name: x', 'training:', '  epochs: 1.5')).toEqual([`3:11: ${specMessages.expectedType('training.epochs', ['integer'], 1.5)}`]);
    expect(located('name: x', 'grid:', '  training.epochs: [2, 0.5]')).toEqual([
      `3:24: ${specMessages.outOfRange('grid.training.epochs[1]', 'an integer', '>=', 1, 0.5)}`,
    ]);
  });
});

describe('a value that may take one of several forms', () => {
  it('of none of them is refused naming every form', () => {
    expect(located('name: x', 'model:', '  init: 5')).toEqual([`3:9: ${specMessages.noVariant('model.init', 5, '{ std: ... } or one of he, xavier')}`]);
    expect(located('name: x', 'search:', '  trials: 2', '  space: { training.learning_rate: 5 }')).toEqual([
      `4:36: ${specMessages.noVariant('search.space.training.learning_rate', 5, '{ uniform: ... } or { loguniform: ... } or { int: ... } or { logint: ... } or { choice: ... }')}`,
    ]);
  });

  it('of one form is checked as that form alone', () => {
    expect(located('name: x', 'model:', '  init: { choice: 1 }')).toEqual([
      `3:9: ${specMessages.missingKey('model.init', 'std')}`,
      `3:11: ${specMessages.unknownKey('model.init', 'choice', ['std'], null)}`,
    ]);
  });
});

describe('a mapping', () => {
  it('with a null key (`~: x`) is refused at that key, not at the top of the file', () => {
    const top = ['name', 'description', 'data', 'model', 'training', 'grid', 'search', 'repeat', 'limits', 'report'];
    expect(located('name: x', '~: x')).toEqual([`2:1: ${specMessages.unknownKey('(top level)', '', top, null)}`]);
    expect(located('name: x', 'data:', '  dataset: mnist', '  ~: x')).toEqual([
      `4:3: ${specMessages.unknownKey('data', '', ['dataset', 'path', 'train', 'evaluate'], null)}`,
    ]);
  });

  it('without a key it needs is refused at the mapping, naming the key', () => {
    expect(located('name: x', 'search:', '  trials: 3')).toEqual([`3:3: ${specMessages.missingKey('search', 'space')}`]);
  });

  it('of a held-out part needs exactly one name', () => {
    expect(located('name: x', 'data:', '  train: { split: train, hold_out: {} }')).toEqual([`3:36: ${specMessages.oneHeldOutPart('data.train.hold_out')}`]);
  });
});

describe('a layer', () => {
  it('is refused in terms of layers: parameters missing or not taken, an unknown name, two layers in one item', () => {
    expect(located('name: x', 'model:', '  layers:', '    - conv', '    - relu: 1', '    - cnov: 1', '    - { affine: 10, relu: 1 }', '    - zzzz')).toEqual([
      `4:7: ${specMessages.layerNeedsParameters('model.layers[0]', 'conv')}`,
      `5:7: ${specMessages.layerTakesNoParameters('model.layers[1]', 'relu')}`,
      `6:7: ${specMessages.unknownLayer('model.layers[2]', 'cnov', LAYER_TYPES, null)}`,
      `7:7: ${specMessages.oneLayerPerItem('model.layers[3]')}`,
      `7:21: ${specMessages.layerTakesNoParameters('model.layers[3]', 'relu')}`,
      `8:7: ${specMessages.unknownLayer('model.layers[4]', 'zzzz', LAYER_TYPES, null)}`,
    ]);
  });

  it('misspelled close to a layer type is met with that type', () => {
    expect(located('name: x', 'model:', '  layers:', '    - dropuot: 0.5', '    - affine: 10')).toEqual([`4:7: ${specMessages.unknownLayer('model.layers[0]', 'dropuot', LAYER_TYPES, 'dropout')}`]);
  });
});
