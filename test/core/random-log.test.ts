import { describe, expect, it } from 'vitest';
import { log } from '../../src/core/random/log.js';

// [x, log(x) correctly rounded], computed with Python's Decimal at 60 digits. The last six
// are values where glibc's log (and so NumPy) is one ulp off the correctly rounded result.
const CORRECTLY_ROUNDED: [number, number][] = [
  [1.0, 0.0],
  [2.0, 0.6931471805599453],
  [0.5, -0.6931471805599453],
  [1e-300, -690.7755278982137],
  [5e-324, -744.4400719213812],
  [2.2250738585072014e-308, -708.3964185322641],
  [1.7976931348623157e308, 709.782712893384],
  [0.9999999999999999, -1.1102230246251565e-16],
  [1.0000000000000002, 2.2204460492503128e-16],
  [0.7071067811865476, -0.3465735902799726],
  [1.414213562373095, 0.3465735902799726],
  [0.9060644258822016, -0.09864486522211574],
  [0.9337945454715635, -0.06849883767936243],
  [0.7855300777532378, -0.24139653079964318],
  [0.8590555142260229, -0.151921732513303],
  [0.8111285807496896, -0.20932869150323513],
  [0.15137905386494888, -1.8879682971870442],
];

describe('the logarithm behind the normal draws', () => {
  it('is correctly rounded, to the bit, from subnormals to the largest double', () => {
    for (const [x, expected] of CORRECTLY_ROUNDED) expect(log(x), `log(${x})`).toBe(expected);
  });

  it('agrees with Math.log to within one ulp over 10000 values in (0, 1)', () => {
    for (let i = 1; i <= 10_000; i++) {
      const x = (i * 0.7548776662466927) % 1 || 0.5;
      expect(Math.abs(log(x) - Math.log(x))).toBeLessThanOrEqual(Math.abs(Math.log(x)) * 2.3e-16);
    }
  });

  it('treats zero, negatives, infinity and NaN as Math.log does', () => {
    for (const x of [0, -0, -1, Infinity, -Infinity, Number.NaN]) expect(log(x)).toBe(Math.log(x));
  });
});
