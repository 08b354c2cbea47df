/** Problems of one run are placed where the value that caused them was written: a grid value, a search key, a --set. */
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';

const load = (lines: string[], set: string[] = []) => loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/', set });
const located = (lines: string[], set: string[] = []) => load(lines, set).problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);

describe('a problem a grid value causes', () => {
  it('is placed at that value, or inside it', () => {
    expect(located(['name: x', 'grid: { training.batch_size: [100, 70000] }'])).toEqual([`spec.yaml:2:36: ${specMessages.batchTooLarge(70000, 60000)}`]);
    expect(located(['name: x', 'grid: { data.train: [{ split: train, end: 70000 }] }'])).toEqual([
      `spec.yaml:2:43: ${specMessages.sliceOutOfBounds('data.train.end', 'train', 60000, 70000)}`,
    ]);
  });

  it('of a layer is placed at the grid value that changed the layer', () => {
    expect(located(['name: x', 'model: { layers: [{ affine: 10 }] }', 'grid: { model.layers.0.affine: [10, 5] }'])).toEqual([
      `spec.yaml:3:37: ${specMessages.wrongOutputs(0, '5', 10)}`,
    ]);
    expect(located(['name: x', 'model: { layers: [relu, { affine: 10 }] }', 'grid: { model.layers.1: [{ affine: 10 }, { affine: 3 }] }'])).toEqual([
      `spec.yaml:3:42: ${specMessages.wrongOutputs(1, '3', 10)}`,
    ]);
  });

  it('drawn by the search is placed at the searched key', () => {
    expect(located(['name: x', 'search: { trials: 2, space: { training.batch_size: { choice: [70000] } } }'])).toEqual([
      `spec.yaml:2:52: ${specMessages.batchTooLarge(70000, 60000)}`,
    ]);
  });
});

describe('problems of each run', () => {
  it('refuse epochs and iterations together, at epochs', () => {
    expect(located(['name: x', 'training: { epochs: 2, iterations: 5 }'])).toEqual([`spec.yaml:2:13: ${specMessages.epochsAndIterations()}`]);
  });

  it('refuse epochs that come to more than ten million iterations, and allow exactly that many', () => {
    expect(located(['name: x', 'training: { batch_size: 6, epochs: 1000 }'])).toEqual([]);
    expect(located(['name: x', 'training: { batch_size: 6, epochs: 1001 }'])).toEqual([
      `spec.yaml:2:36: ${specMessages.tooManyEpochIterations(10_010_000, 10_000_000)}`,
    ]);
  });

  it("hold the spec's own limits, not the defaults", () => {
    expect(located(['name: x', 'model: { hidden: [50] }', 'limits: { max_parameters: 39759 }'])).toEqual([
      `spec.yaml:2:18: ${specMessages.tooManyParameters('model.hidden', 39_760, 4 * 39_760, 'float32', 39_759)}`,
    ]);
    expect(located(['name: x', 'model: { hidden: [50] }', 'limits: { max_parameters: 39760 }'])).toEqual([]);
  });
});

describe('problems in order', () => {
  it("come from the file first, then from each --set in the order given, whatever their columns", () => {
    expect(located(['name: x', 'training: { momentum: 2 }'], ['training.learning_rate=-1', 'training.seed=x'])).toEqual([
      `spec.yaml:2:23: ${specMessages.outOfRange('training.momentum', 'a number', '<', 1, 2)}`,
      `--set:1:24: ${specMessages.outOfRange('training.learning_rate', 'a number', '>', 0, -1)}`,
      `--set:1:15: ${specMessages.expectedType('training.seed', ['integer'], 'x')}`,
    ]);
  });

  it('include a duplicate key with the problems found after it', () => {
    expect(located(['name: x', 'name: y', 'training: { seed: -1 }'])).toEqual([
      `spec.yaml:2:1: ${specMessages.yamlError('Map keys must be unique')}`,
      `spec.yaml:3:19: ${specMessages.outOfRange('training.seed', 'an integer', '>=', 0, -1)}`,
    ]);
  });

  it('stop at a syntax error', () => {
    expect(located(['name: x', 'training: { seed: -1', 'grid: 5'])).toHaveLength(1);
  });

  it('place an alias inside the value its anchor names at that alias (a value that would contain itself)', () => {
    expect(located(['name: x', 'grid: { training.learning_rate: &a [0.1, *a] }'])).toEqual([`spec.yaml:2:42: ${specMessages.aliasCycle()}`]);
    expect(located(['name: x', 'description: &d [*d]'])).toEqual([`spec.yaml:2:18: ${specMessages.aliasCycle()}`]);
    expect(located(['name: x', 'model: &m { hidden: [5], x: { y: *m } }'])).toEqual([`spec.yaml:2:34: ${specMessages.aliasCycle()}`]);
    // an alias of an earlier value is no cycle
    expect(located(['name: x', 'grid:', '  training.learning_rate: &r [0.1, 0.2]', '  training.momentum: *r'])).toEqual([]);
  });

  it('place a key that is a list or a mapping at that key (yaml would print a warning of its own)', () => {
    expect(located(['name: x', '? [a, b]', ': 1'])).toEqual([`spec.yaml:2:3: ${specMessages.collectionKey()}`]);
    expect(located(['name: x', 'training: { { a: 1 }: 2 }'])).toEqual([`spec.yaml:2:13: ${specMessages.collectionKey()}`]);
  });

  it('place an alias bomb at its first alias', () => {
    expect(located(['a: &a [1,1,1,1,1,1,1,1,1,1]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]'])).toEqual([
      `spec.yaml:2:8: ${specMessages.aliasBomb(100)}`,
    ]);
  });
});

describe('a loaded spec', () => {
  it('keeps the names of a named grid key, and their values apart', () => {
    const { spec } = load(['name: x', 'grid: { training.seed: { a: 1, b: 2 } }']);
    expect(spec?.grid).toEqual({ 'training.seed': ['a', 'b'] });
    expect(spec?.named).toEqual({ 'training.seed': { a: 1, b: 2 } });
    expect(load(['name: x', 'grid: { training.seed: [1, 2] }']).spec).not.toHaveProperty('named');
  });

  it('compares across a grid key only', () => {
    expect(located(['name: x', 'report: { compare: training.seed }'])).toEqual([`spec.yaml:2:20: ${specMessages.compareNotGridKey('training.seed', [])}`]);
  });
});
