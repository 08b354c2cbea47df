/**
 * The ports in src/core/numpy-math/ against what NumPy and glibc return on the machine the
 * reference traces come from (test/fixtures/reference/numpy-math.json, written by
 * numpy_math.py there), bit for bit: `toBe` on doubles compares IEEE bits (the JSON holds
 * shortest round-trip reprs).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { softmaxRows } from '../../src/core/functions.js';
import { numpyExp } from '../../src/core/numpy-math/exp.js';
import { glibcLog } from '../../src/core/numpy-math/glibc-log.js';
import { pairwiseSum } from '../../src/core/numpy-math/sum.js';

interface Fixture {
  exp: { x: number[]; y: number[] };
  log: { x: number[]; y: number[] };
  sum: { values: number[]; sum: number }[];
  softmax: { rows: number; columns: number; x: number[]; y: number[] };
}
const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/numpy-math.json', import.meta.url), 'utf8'),
);

/** "x -> got (expected)" for every input where f(x) is not expected, bit for bit. */
function mismatches(f: (x: number) => number, xs: number[], ys: number[]): string[] {
  return xs.flatMap((x, i) => (Object.is(f(x), ys[i]) ? [] : [`${x} -> ${f(x)} (${ys[i]})`]));
}

describe('the NumPy arithmetic the float64 core repeats', () => {
  it(`computes exp as np.exp does on float64 arrays, to the bit, for all ${fixture.exp.x.length} inputs`, () => {
    expect(mismatches(numpyExp, fixture.exp.x, fixture.exp.y)).toEqual([]);
  });

  it(`computes log as glibc does, to the bit, for all ${fixture.log.x.length} inputs, near 1 and subnormal included`, () => {
    expect(mismatches(glibcLog, fixture.log.x, fixture.log.y)).toEqual([]);
  });

  it('treats zero, negatives, infinity and NaN in log as Math.log does', () => {
    for (const x of [0, -0, -1, Infinity, -Infinity, Number.NaN]) expect(glibcLog(x)).toBe(Math.log(x));
  });

  it('adds contiguous values in the order np.sum does, to the bit, for lengths 0 to 300', () => {
    for (const { values, sum } of fixture.sum) expect(pairwiseSum(values, 0, values.length), `length ${values.length}`).toBe(sum);
  });

  it('adds every stride-th value as np.sum does along a strided axis', () => {
    const { values, sum } = fixture.sum.find((s) => s.values.length === 100)!;
    const strided = values.flatMap((v) => [v, Number.NaN, Number.NaN]);
    expect(pairwiseSum(strided, 0, 100, 3)).toBe(sum);
  });

  it('computes the seed\'s softmax of a 100 x 10 float64 matrix as NumPy does, to the bit', () => {
    const { rows, columns, x, y } = fixture.softmax;
    const out = new Float64Array(rows * columns);
    softmaxRows(Float64Array.from(x), rows, columns, out);
    expect(Array.from(out).flatMap((v, i) => (v === y[i] ? [] : [`#${i}: ${v} (${y[i]})`]))).toEqual([]);
  });

  it('keeps the float32 softmax as it was: Math.exp and a running sum', () => {
    const x = Float32Array.from([1, 2, 3, 0.5]);
    const out = new Float32Array(4);
    softmaxRows(x, 1, 4, out);
    // Python: exp(v - 3) in doubles, a running sum, each quotient rounded to float32 (struct 'f'), bit patterns
    const expected = [0x3daed5e3, 0x3e6da046, 0x3f217bd1, 0x3d541610];
    expect(Array.from(new Uint32Array(out.buffer))).toEqual(expected);
  });
});
