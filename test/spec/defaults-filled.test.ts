/** What `normalize` fills in, called directly: slices, the data's source, training, the grid's names and the search. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MNIST_SIZES } from '../../src/spec/dataset-sizes.js';
import { fillSlice, normalize, normalizeModel, type RawSpec } from '../../src/spec/normalize.js';
import { folderWith, smallDataset } from '../fixtures/idx/make-idx.js';

const spec = (raw: Partial<RawSpec>) => normalize({ name: 'x', ...raw } as RawSpec, MNIST_SIZES, '/specs/here');

describe('a slice', () => {
  it('is of the train split from 0 to the end of its split unless it says otherwise', () => {
    expect(fillSlice({}, MNIST_SIZES)).toEqual({ split: 'train', start: 0, end: 60000 });
    expect(fillSlice({ split: 'test', start: 5 }, MNIST_SIZES)).toEqual({ split: 'test', start: 5, end: 10000 });
  });

  it('keeps a held-out part and `every` only when given', () => {
    const s = spec({ data: { train: { end: 100, hold_out: { v: 0.2 } }, evaluate: { a: { split: 'test', every: 'end' }, b: { split: 'test' } } } } as Partial<RawSpec>);
    expect(s.data.train).toEqual({ split: 'train', start: 0, end: 100, hold_out: { v: 0.2 } });
    expect(s.data.evaluate).toEqual({ a: { split: 'test', start: 0, end: 10000, every: 'end' }, b: { split: 'test', start: 0, end: 10000 } });
  });
});

describe("the data's source", () => {
  it("is MNIST, or a folder resolved against the spec's folder, named with its files' sha256", () => {
    expect(spec({}).data.source).toEqual({ kind: 'mnist' });
    const folder = folderWith(smallDataset());
    const sha256 = createHash('sha256');
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) sha256.update(readFileSync(join(folder, name)));
    const expected = { kind: 'path', path: folder, sha256: sha256.digest('hex') };
    expect(normalize({ name: 'x', data: { path: basename(folder) } } as RawSpec, MNIST_SIZES, dirname(folder)).data.source).toEqual(expected);
    expect(spec({ data: { path: folder } } as Partial<RawSpec>).data.source).toEqual(expected);
  });
});

describe('training', () => {
  it('leaves weight_decay out at its default of 0, and keeps any other value', () => {
    expect(spec({}).training).not.toHaveProperty('weight_decay');
    expect(spec({ training: { weight_decay: 0 } } as Partial<RawSpec>).training).not.toHaveProperty('weight_decay');
    expect(spec({ training: { weight_decay: 0.001 } } as Partial<RawSpec>).training.weight_decay).toBe(0.001);
  });

  it('fills the divergence settings one by one', () => {
    expect(spec({ training: { divergence: { patience: 7 } } } as Partial<RawSpec>).training.divergence).toEqual({ factor: 2, patience: 7 });
  });
});

describe('the grid', () => {
  it('turns a mapping of names into its names, with the values apart, and copies lists', () => {
    const values = [1, 2];
    const s = spec({ grid: { 'training.seed': { a: 1, b: 2 }, 'training.batch_size': values } });
    expect(s.grid).toEqual({ 'training.seed': ['a', 'b'], 'training.batch_size': [1, 2] });
    expect(s.named).toEqual({ 'training.seed': { a: 1, b: 2 } });
    values.push(3);
    expect(s.grid['training.batch_size']).toEqual([1, 2]);
    expect(spec({ grid: { 'training.seed': [1] } })).not.toHaveProperty('named');
  });

  it('is compared across its first key unless report.compare names another (null is the default)', () => {
    expect(spec({ grid: { 'training.seed': [1], 'training.batch_size': [2] } }).report.compare).toBe('training.seed');
    expect(spec({ grid: { 'training.seed': [1], 'training.batch_size': [2] }, report: { compare: 'training.batch_size' } }).report.compare).toBe('training.batch_size');
    expect(spec({ grid: { 'training.seed': [1] }, report: { compare: null } }).report.compare).toBe('training.seed');
    expect(spec({}).report.compare).toBeNull();
  });
});

describe('the search', () => {
  it('is seeded 0 and halves by 3 unless told otherwise, and is absent when not given', () => {
    const space = { 'training.learning_rate': { uniform: [0.1, 0.2] } } as NonNullable<RawSpec['search']>['space'];
    expect(spec({ search: { trials: 4, space, schedule: { kind: 'successive_halving', min_iterations: 10 } } }).search).toEqual({
      trials: 4, seed: 0, space, schedule: { kind: 'successive_halving', min_iterations: 10, reduction: 3 },
    });
    expect(spec({ search: { trials: 4, seed: 9, space } }).search).toEqual({ trials: 4, seed: 9, space });
    expect(spec({})).not.toHaveProperty('search');
  });

  it('selects by the higher metric unless told otherwise', () => {
    expect(spec({ report: { select: { metric: 'final_loss', mode: 'min' } } }).report.select).toEqual({ metric: 'final_loss', mode: 'min' });
    expect(spec({ report: { select: { metric: 'test_accuracy' } } }).report.select).toEqual({ metric: 'test_accuracy', mode: 'max' });
  });
});

describe('a model', () => {
  it("fills each layer's defaults, or the shorthand's, and never shares the spec's objects", () => {
    const init = { std: 0.05 };
    const model = normalizeModel({ layers: ['batchnorm', { affine: 10 }], init } as NonNullable<RawSpec['model']>);
    expect(model).toEqual({ layers: [{ batchnorm: { momentum: 0.9, epsilon: 1e-6 } }, { affine: 10 }], init: { std: 0.05 } });
    expect(model.init).not.toBe(init);
    expect(normalizeModel({ hidden: [7] } as NonNullable<RawSpec['model']>)).toEqual({ hidden: [7], activation: 'relu', init: { std: 0.01 } });
  });
});
