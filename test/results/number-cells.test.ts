import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/results/numbers.js';

describe('a number cell read back', () => {
  it('may start at its decimal point, and carry an exponent with or without its sign', () => {
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('.25')).toBe(0.25);
    expect(parseNumber('-.125')).toBe(-0.125);
    expect(parseNumber('1e21')).toBe(1e21);
    expect(parseNumber('1e+21')).toBe(1e21);
    expect(parseNumber('2.5E-7')).toBe(2.5e-7);
    expect(parseNumber('7.')).toBe(7);
  });

  it('is not a number when it is text Number() would still read, or nothing at all', () => {
    for (const text of ['', ' 1', '1 ', '0x10', '1_000', '.', '.e1', 'e5', '1e', '+1', 'inf', 'nan', '.x1', '1e+', '1..2']) {
      expect(parseNumber(text), JSON.stringify(text)).toBeNull();
    }
  });
});
