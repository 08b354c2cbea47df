import { describe, expect, it } from 'vitest';
import { formatNumber, parseNumber } from '../../src/results/numbers.js';

describe('numbers in CSV cells', () => {
  it('reads back the identical double from the shortest round-trip text', () => {
    const view = new DataView(new ArrayBuffer(8));
    const samples = [0.1, 1e-7, 5e-324, 1.7976931348623157e308, 2.302585092994046, 123456789, -3.5e-12];
    let state = 12345;
    for (let i = 0; i < 1000; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      view.setUint32(0, state);
      view.setUint32(4, Math.imul(state, 2654435761) >>> 0);
      const x = view.getFloat64(0);
      if (Number.isFinite(x)) samples.push(x);
    }
    for (const x of samples) expect(Object.is(parseNumber(formatNumber(x)), x)).toBe(true);
  });

  it('writes NaN, the infinities and negative zero by name and reads them back', () => {
    expect([NaN, Infinity, -Infinity, -0].map(formatNumber)).toEqual(['NaN', 'Infinity', '-Infinity', '-0']);
    expect(parseNumber('NaN')).toBeNaN();
    expect(parseNumber('Infinity')).toBe(Infinity);
    expect(parseNumber('-Infinity')).toBe(-Infinity);
    expect(Object.is(parseNumber('-0'), -0)).toBe(true);
  });

  it('refuses cells that are not numbers instead of reading them as zero', () => {
    for (const text of ['', ' ', 'abc', '1,5', ' 1', '0x10', 'nan', '1e']) expect(parseNumber(text)).toBeNull();
  });
});
