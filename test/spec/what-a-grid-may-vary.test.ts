/** The keys a grid may vary (inside data, model or training, or the whole model) and the layers' keys, each refused at the key. */
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { variableKeys } from '../../src/spec/grid-keys.js';

const located = (...lines: string[]) =>
  loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' }).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
const LAYERS = 'model: { layers: [{ affine: 20 }, relu, { dropout: 0.5 }, { affine: 10 }] }';

describe('a grid key', () => {
  it('may name a key inside data, model or training, or the whole model', () => {
    expect(located('name: x', 'grid: { model: [{ hidden: [5] }, { hidden: [6] }] }')).toEqual([]);
    expect(located('name: x', 'grid: { data.evaluate.test.end: [5] }')).toEqual([]);
    const keys = variableKeys();
    expect(keys).toContain('model');
    expect(keys).toContain('training.learning_rate');
    expect(keys).toContain('data.train');
    for (const fixed of ['data', 'training', 'data.dataset', 'data.path', 'name', 'repeat', 'limits.max_parameters']) expect(keys).not.toContain(fixed);
  });

  it('may not name where the data come from, a whole section but the model, or a key outside the three', () => {
    for (const key of ['data.dataset', 'data.path', 'training', 'data', 'name', 'repeat', 'limits.max_parameters']) {
      expect(located('name: x', `grid: { ${key}: [1] }`)).toEqual([`2:9: ${specMessages.gridKeyNotVariable(key)}`]);
    }
  });

  it('that is no key of the spec is refused with the closest key that is', () => {
    expect(located('name: x', 'grid: { training.learnig_rate: [1] }')).toEqual([`2:9: ${specMessages.gridKeyUnknown('training.learnig_rate', 'training.learning_rate')}`]);
  });

  it("inside an evaluation slice must name one of the spec's slices, or of the default ones when it has none", () => {
    expect(located('name: x', 'grid: { data.evaluate.nosuch.end: [5] }')).toEqual([`2:9: ${specMessages.gridKeyUnknown('data.evaluate.nosuch.end', null)}`]);
    expect(located('name: x', 'data: { evaluate: { mine: { split: test } } }', 'grid: { data.evaluate.mine.end: [5] }')).toEqual([]);
    expect(located('name: x', 'data: { evaluate: { mine: { split: test } } }', 'grid: { data.evaluate.test.end: [5] }')).toEqual([
      `3:9: ${specMessages.gridKeyUnknown('data.evaluate.test.end', null)}`,
    ]);
  });

  it('with names refuses two names for the same value, at the second name', () => {
    expect(located('name: x', 'grid: { training.seed: { a: 1, b: 2, c: 1 } }')).toEqual([`2:38: ${specMessages.duplicateNamedValues('training.seed', 'a', 'c')}`]);
  });
});

describe('a grid key inside model.layers', () => {
  it('needs layers to vary', () => {
    expect(located('name: x', 'grid: { model.layers.0.affine: [5] }')).toEqual([`2:9: ${specMessages.gridLayerNoLayers('model.layers.0.affine')}`]);
  });

  it('names a layer by an index the list has, in digits', () => {
    for (const index of ['4', '1a', 'a1']) {
      expect(located('name: x', LAYERS, `grid: { model.layers.${index}.affine: [5] }`)).toEqual([`3:9: ${specMessages.gridLayerOutOfRange(`model.layers.${index}.affine`, 4)}`]);
    }
    const twelve = `model: { layers: [${'relu, '.repeat(11)}{ affine: 10 }] }`;
    expect(located('name: x', twelve, 'grid: { model.layers.11.affine: [10] }')).toEqual([]);
  });

  it("names that layer's type and one of its parameters, or is refused with the closest that is", () => {
    expect(located('name: x', LAYERS, 'grid: { model.layers.2.dropuot: [0.1] }')).toEqual([
      `3:9: ${specMessages.gridLayerKey('model.layers.2.dropuot', 2, { dropout: 0.5 }, 'model.layers.2.dropout')}`,
    ]);
    expect(located('name: x', LAYERS, 'grid: { model.layers.1.relu: [1] }')).toEqual([`3:9: ${specMessages.gridLayerKey('model.layers.1.relu', 1, 'relu', null)}`]);
  });

  it("checks each value against the layer's parameter, or a whole layer for the index alone", () => {
    expect(located('name: x', LAYERS, 'grid: { model.layers.2.dropout: [0.1, 2] }')).toEqual([
      `3:39: ${specMessages.outOfRange('grid.model.layers.2.dropout[1]', 'a number', '<', 1, 2)}`,
    ]);
    expect(located('name: x', LAYERS, 'grid: { model.layers.1: [relu, tanh] }')).toEqual([]);
    expect(located('name: x', LAYERS, 'grid: { model.layers.1: [relu, 5] }')).toHaveLength(1);
  });
});

describe('a search key', () => {
  it('must be a key a grid could vary, and not a grid key too', () => {
    expect(located('name: x', 'search: { trials: 2, space: { training.learnig_rate: { uniform: [0.1, 0.2] } } }')).toEqual([
      `2:31: ${specMessages.searchKeyUnknown('training.learnig_rate', 'training.learning_rate')}`,
    ]);
    expect(located('name: x', 'grid: { training.seed: [1] }', 'search: { trials: 2, space: { training.seed: { choice: [1] } } }')).toEqual([
      `3:31: ${specMessages.searchKeyInGrid('training.seed')}`,
    ]);
  });

  it('that takes integers refuses real draws, and every key refuses bounds out of order or values it does not take', () => {
    expect(located('name: x', 'search: { trials: 2, space: { training.batch_size: { uniform: [1, 2] } } }')).toEqual([
      `2:54: ${specMessages.searchRealForInteger('training.batch_size', 'uniform')}`,
    ]);
    expect(located('name: x', 'search: { trials: 2, space: { training.learning_rate: { choice: [0.2, -1] } } }')).toEqual([
      `2:71: ${specMessages.outOfRange('search.space.training.learning_rate.choice[1]', 'a number', '>', 0, -1)}`,
    ]);
    expect(located('name: x', 'search: { trials: 2, space: { training.learning_rate: { uniform: [0.2, 0.1] } } }')).toHaveLength(1);
  });
});
