/** Which images and labels a run's slices stand for, and which slice keeps a run's mistakes. */
import { describe, expect, it } from 'vitest';
import { evaluationSlice, evaluationSlices, imageCount, labelsOf, mistakesSlice, splitOf, trainedImages } from '../../src/spec/evaluation-slices.js';
import type { DataSpec } from '../../src/spec/types.js';

const data = (train: DataSpec['train']): DataSpec => ({ source: { kind: 'mnist' }, train, evaluate: { test: { split: 'test', start: 10, end: 30 } } });

describe('a set of images', () => {
  it('counts the images of its range, or of its indices when it has them', () => {
    expect(imageCount({ split: 'train', start: 100, end: 250 })).toBe(150);
    expect(imageCount({ split: 'train', start: 0, end: 1000, indices: Int32Array.of(5, 3) })).toBe(2);
  });

  it("takes its labels from its split's, in its range or in the order of its indices", () => {
    const labels = Uint8Array.from({ length: 10 }, (_, i) => i * 10);
    expect([...labelsOf({ split: 'train', start: 2, end: 5 }, labels)]).toEqual([20, 30, 40]);
    expect([...labelsOf({ split: 'train', start: 0, end: 10, indices: Int32Array.of(7, 1, 4) }, labels)]).toEqual([70, 10, 40]);
  });
});

describe('a training slice', () => {
  it('is trained on whole, as a range, when it holds nothing out', () => {
    expect(trainedImages(data({ split: 'train', start: 5, end: 50 }))).toEqual({ split: 'train', start: 5, end: 50 });
    expect(evaluationSlices(data({ split: 'train', start: 5, end: 50 })).map((s) => s.name)).toEqual(['test']);
  });

  it('that is empty holds out no image and trains on none, yet keeps its names', () => {
    const empty = data({ split: 'train', start: 50, end: 50, hold_out: { validation: 0.5 } });
    expect(imageCount(trainedImages(empty))).toBe(0);
    expect(evaluationSlices(empty).map((s) => [s.name, imageCount(s)])).toEqual([['validation', 0], ['test', 20]]);
  });
});

describe('an evaluation slice by name', () => {
  it('is found with its split, or is absent', () => {
    const spec = data({ split: 'train', start: 0, end: 100, hold_out: { check: 0.1 } });
    expect(evaluationSlice(spec, 'test')).toMatchObject({ split: 'test', start: 10, end: 30, heldOut: false, endOnly: false });
    expect(splitOf(spec, 'check')).toBe('train');
    expect(splitOf(spec, 'nothing')).toBeUndefined();
  });
});

describe("the slice whose mistakes a run keeps", () => {
  it('is test when there is one, else the last evaluation slice, else none', () => {
    expect(mistakesSlice(['validation', 'test', 'other'])).toBe('test');
    expect(mistakesSlice(['validation', 'other'])).toBe('other');
    expect(mistakesSlice([])).toBeNull();
  });
});
