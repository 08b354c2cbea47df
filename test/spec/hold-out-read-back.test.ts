/** A `hold_out` read back from a run's config.json or experiment.json: trusted only when it is sound. */
import { describe, expect, it } from 'vitest';
import { heldOut, heldOutSize, isHoldOut, trainingSize } from '../../src/spec/train-slice.js';

describe('a hold_out read back from a file', () => {
  it('is sound when absent, or one name with a fraction strictly between 0 and 1', () => {
    expect(isHoldOut(undefined)).toBe(true);
    expect(isHoldOut({ validation: 0.2 })).toBe(true);
    expect(isHoldOut({ v: 0.999 })).toBe(true);
    expect(isHoldOut({ v: 1e-9 })).toBe(true);
  });

  it('is not sound when it is no mapping: null, a list, a number, a string', () => {
    for (const value of [null, [0.2], [], 0.2, 'validation', true]) expect(isHoldOut(value)).toBe(false);
  });

  it('is not sound with no name, two names, or a fraction of 0, 1, outside (0, 1) or not a number', () => {
    expect(isHoldOut({})).toBe(false);
    expect(isHoldOut({ a: 0.1, b: 0.2 })).toBe(false);
    for (const fraction of [0, 1, -0.1, 1.5, '0.2', null]) expect(isHoldOut({ validation: fraction })).toBe(false);
  });
});

describe("a training slice's held-out part", () => {
  it('is named with its fraction, or is null when the slice holds nothing out', () => {
    expect(heldOut({ split: 'train', start: 0, end: 100, hold_out: { check: 0.25 } })).toEqual({ name: 'check', fraction: 0.25 });
    expect(heldOut({ split: 'train', start: 0, end: 100 })).toBeNull();
  });

  it("takes round(size x fraction) of the slice's images, and training keeps the rest, wherever the slice starts", () => {
    const slice = { split: 'train' as const, start: 1000, end: 1050, hold_out: { validation: 0.3 } };
    expect(heldOutSize(slice)).toBe(15);
    expect(trainingSize(slice)).toBe(35);
    expect(heldOutSize({ split: 'train', start: 1000, end: 1050 })).toBe(0);
    expect(trainingSize({ split: 'train', start: 1000, end: 1050 })).toBe(50);
  });
});
