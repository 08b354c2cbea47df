import { describe, expect, it } from 'vitest';
import { clonePlain } from '../../src/plan/clone.js';

describe('clonePlain', () => {
  const spec = { name: 'x', data: { train: { split: 'train', end: 500 } }, layers: [{ type: 'affine', size: 50 }, [1, [2, null]]], rate: -0, flag: true, nan: Number.NaN };

  it('gives what structuredClone gives for plain data', () => {
    expect(clonePlain(spec)).toStrictEqual(structuredClone(spec));
    expect(Object.is(clonePlain(spec).rate, -0)).toBe(true);
  });

  it('shares no object or list with its source, at any depth', () => {
    const copy = clonePlain(spec);
    copy.data.train.end = 1;
    (copy.layers[0] as { size: number }).size = 1;
    ((copy.layers[1] as unknown[])[1] as unknown[]).push(3);
    expect(spec.data.train.end).toBe(500);
    expect(spec.layers).toEqual([{ type: 'affine', size: 50 }, [1, [2, null]]]);
  });
});
