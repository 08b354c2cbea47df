/**
 * fma(a, b, c) = a * b + c with a single rounding, in plain JavaScript (which has no
 * Math.fma): the exact product by Dekker's TwoProduct (Veltkamp splitting), the exact
 * sum by Knuth's TwoSum, and the final rounding through round-to-odd as in Boldo and
 * Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd" (IEEE Trans. Computers, 2008). Exact for the finite, non-tiny
 * values training produces; NaN and infinities propagate.
 */

const SPLITTER = 134217729; // 2^27 + 1
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0) return p + c;
  // TwoProduct: p + e == a * b exactly
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  const e = aLo * bLo - (((p - aHi * bHi) - aLo * bHi) - aHi * bLo);
  // TwoSum: s + r == c + p exactly
  const s = c + p;
  const bb = s - c;
  const r = (c - (s - bb)) + (p - bb);
  // v = r + e rounded to odd, then the one rounding to nearest
  return s + roundToOdd(r, e);
}

/** x + y rounded to odd: when inexact, the neighbour whose last significand bit is 1. */
function roundToOdd(x: number, y: number): number {
  const z = x + y;
  const yy = z - x;
  const err = (x - (z - yy)) + (y - yy);
  if (err === 0 || z === 0) return z;
  bits[0] = z;
  if ((words[0] & 1) === 1) return z;
  // step one unit in the last place towards the exact sum (away from or towards zero)
  const away = (err > 0) === (z > 0);
  const low = words[0] + (away ? 1 : -1);
  words[1] += low > 0xffffffff ? 1 : low < 0 ? -1 : 0;
  words[0] = low >>> 0;
  return bits[0];
}
