/**
 * exp(x) as NumPy computes it for float64 arrays on x86-64 CPUs with AVX-512 (SKX and later):
 * NumPy links Intel's SVML there and np.exp calls __svml_exp8_ha
 * (numpy/SVML linux/avx512/svml_z0_exp_d_ha.s; the main path, constants copied from the
 * binary's __svml_dexp_ha_data_internal_avx512). Bit for bit for |x| < 707.7; beyond, where
 * SVML takes its scalar "rare" path, Math.exp stands in.
 */
import { fma } from '../kernels/fma.js';
import { fromBits, tableFromBits } from './bits.js';

// 2^(j/16), j = 0..15, as hi + lo.
const T_HI = tableFromBits([
  '3ff0000000000000', '3ff0b5586cf9890f', '3ff172b83c7d517b', '3ff2387a6e756238',
  '3ff306fe0a31b715', '3ff3dea64c123422', '3ff4bfdad5362a27', '3ff5ab07dd485429',
  '3ff6a09e667f3bcd', '3ff7a11473eb0187', '3ff8ace5422aa0db', '3ff9c49182a3f090',
  '3ffae89f995ad3ad', '3ffc199bdd85529c', '3ffd5818dcfba487', '3ffea4afa2a490da',
]);
const T_LO = tableFromBits([
  '0000000000000000', '3c979aa65d837b6d', 'bc801b15eaa59348', '3c968efde3a8a894',
  '3c834d754db0abb6', '3c859f48a72a4c6d', '3c7690cebb7aafb0', '3c9063e1e21c5409',
  'bc93b3efbf5e2228', 'bc7b32dcb94da51d', '3c8db72fc1f0eab4', '3c71affc2b91ce27',
  '3c8c1a7792cb3387', '3c736eae30af0cb3', '3c74a385a63d07a7', 'bc8ff7128fd391f0',
]);
const LOG2E = fromBits('3ff71547652b82fe');
const LN2_HI = fromBits('3fe62e42fefa39ef');
const LN2_LO = fromBits('3c7abc9e3b39803f');
const C6 = fromBits('3f57411836940c04');
const C5 = fromBits('3f81101cbbc265c0');
const C4 = fromBits('3fa55557242d68fe');
const C3 = fromBits('3fc5555553939732');
const C2 = fromBits('3fe000000000d008');
const C1 = fromBits('3fefffffffffff70');
const RARE = fromBits('40861da04cbafe44');

/** np.exp of one float64 (the SVML AVX-512 high-accuracy variant). */
export function numpyExp(x: number): number {
  if (!(Math.abs(x) < RARE)) return Math.exp(x);
  // n = floor(16 x log2(e)) from the exact product: SVML adds a shifter rounding toward zero.
  const ph = x * LOG2E;
  const pl = fma(x, LOG2E, -ph);
  const t = ph * 16;
  let n = Math.floor(t);
  if (n === t && pl < 0) n -= 1;
  const kd = n / 16;
  let r = fma(-kd, LN2_HI, x);
  r = fma(-LN2_LO, kd, r);
  const r2 = r * r;
  let p = fma(C6, r, C5);
  const q = fma(C4, r, C3);
  const s = fma(C2, r, C1);
  p = fma(r2, p, q);
  p = fma(r2, p, s);
  const j = n & 15;
  const hi = T_HI[j];
  const y = fma(hi, fma(p, r, T_LO[j]), hi);
  return y * 2 ** Math.floor(kd);
}
