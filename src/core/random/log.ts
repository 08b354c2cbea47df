/**
 * The natural logarithm, correctly rounded (as far as a double-double evaluation can tell),
 * so that it agrees with glibc's `log` (which NumPy calls) where V8's Math.log is off by
 * one ulp in about 3% of the polar method's draws.
 * Method: x = 2^k m with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m-1)/(m+1),
 * summed as s * sum 2 z^n / (2n+1), z = s^2, in double-double arithmetic
 * (Dekker 1971 / Knuth TAOCP 4.2.2 two-sum and two-product, no FMA).
 */

const SPLITTER = 134217729; // 2^27 + 1
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
/** |s| <= 0.1716, z <= 0.0295: 22 terms take z^n below 1e-33. */
const TERMS = 22;

// Double-double numbers as [hi, lo] pairs held in two scratch variables per operation.
let rHi = 0;
let rLo = 0;

function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  rLo = a - (s - bb) + (b - bb);
  rHi = s;
}

function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  rLo = ah * bh - p + ah * bl + al * bh + al * bl;
  rHi = p;
}

/** (aHi, aLo) * (bHi, bLo) -> (rHi, rLo). */
function mulDD(aHi: number, aLo: number, bHi: number, bLo: number): void {
  twoProd(aHi, bHi);
  const lo = rLo + (aHi * bLo + aLo * bHi);
  twoSum(rHi, lo);
}

/** (aHi, aLo) + (bHi, bLo) -> (rHi, rLo). */
function addDD(aHi: number, aLo: number, bHi: number, bLo: number): void {
  twoSum(aHi, bHi);
  const hi = rHi;
  const lo = rLo + aLo + bLo;
  twoSum(hi, lo);
}

// 2 / (2n + 1) as double-doubles.
const COEF_HI = new Float64Array(TERMS);
const COEF_LO = new Float64Array(TERMS);
for (let n = 0; n < TERMS; n++) {
  const d = 2 * n + 1;
  const hi = 2 / d;
  twoProd(hi, d);
  COEF_HI[n] = hi;
  COEF_LO[n] = (2 - rHi - rLo) / d;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word is [1]

/** log(x) for x > 0 finite; NaN, infinities, zero and negatives as Math.log does. */
export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormals become normal
    k = -54;
  }
  bits[0] = x;
  const exponent = ((words[HI] >>> 20) & 0x7ff) - 1023;
  words[HI] = (words[HI] & 0x800fffff) | (1023 << 20); // m in [1, 2)
  let m = bits[0];
  k += exponent;
  if (m >= Math.SQRT2) {
    m /= 2; // exact
    k += 1;
  }
  // s = (m - 1) / (m + 1): m - 1 is exact (Sterbenz), m + 1 as a double-double.
  const num = m - 1;
  twoSum(m, 1);
  const denHi = rHi;
  const denLo = rLo;
  const q1 = num / denHi;
  twoProd(q1, denHi);
  const rem = num - rHi - rLo - q1 * denLo;
  twoSum(q1, rem / denHi);
  const sHi = rHi;
  const sLo = rLo;
  mulDD(sHi, sLo, sHi, sLo);
  const zHi = rHi;
  const zLo = rLo;
  // Horner: P = sum COEF[n] z^n.
  let pHi = COEF_HI[TERMS - 1];
  let pLo = COEF_LO[TERMS - 1];
  for (let n = TERMS - 2; n >= 0; n--) {
    mulDD(pHi, pLo, zHi, zLo);
    addDD(rHi, rLo, COEF_HI[n], COEF_LO[n]);
    pHi = rHi;
    pLo = rLo;
  }
  mulDD(sHi, sLo, pHi, pLo);
  const logmHi = rHi;
  const logmLo = rLo;
  twoProd(k, LN2_HI);
  addDD(rHi, rLo + k * LN2_LO, logmHi, logmLo);
  return rHi + rLo;
}
