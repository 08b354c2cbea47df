// Softmax of float32 rows, as functions.ts's softmaxRows computes it for float32 arrays,
// one function for every native set: each row shifted by its maximum, exp of each
// difference in float64, the row's sum in column order from zero, each exp divided by the
// sum and rounded to float32. Rows are taken in blocks of up to ROW values, whose exps are
// computed together.
//
// The exp is V8's Math.exp, which is fdlibm's (V8's src/base/ieee754.cc, "adapted from
// fdlibm"), computed four lanes at a time: every lane takes exactly the arithmetic of its
// own branch of the scalar code (each branch is computed for all lanes, and a lane keeps
// the one its value selects), in float64 with one rounding per operation (compiled with
// -ffp-contract=off), so each result is the scalar function's, bit for bit. Where a
// branch tests the high word of x, this tests |x| against the double whose high word that
// is, which orders the same way. A NaN's sign and payload are the processor's, as they
// are for every kernel set (x86-64 makes negative NaNs, arm64 positive ones).
//
// A training step takes two softmaxes of 100 rows of 10: 22-28 us in JavaScript (Math.exp
// a C call per value), 8.5-10 us here (Zen 3).
#include <stdint.h>
#include <string.h>
#include "kernels.h"

// Four doubles to a vector: on x86-64 this file is compiled with AVX2 (it runs only where a
// native set runs, AVX2 or AVX-512, and every processor with AVX-512 has AVX2), so that one
// instruction takes four lanes; on arm64 each operation is two NEON ones. One exp is a long
// chain of dependent operations, so what bounds it is how many lanes are in flight: two to
// an instruction (SSE2) ran no faster than JavaScript's Math.exp.
typedef double vd __attribute__((vector_size(32)));
typedef int64_t vl __attribute__((vector_size(32)));
typedef int32_t vi __attribute__((vector_size(16)));

#define LANES 4
/** Differences of a row kept between its sum and its divisions; longer rows compute their exps twice. */
#define ROW 256

static inline vd splat(double v) { return (vd){ v, v, v, v }; }
/** a where m is set, else b (m from a comparison: all ones or all zeros in each lane). */
static inline vd pick(vl m, vd a, vd b) { return (vd)(((vl)a & m) | ((vl)b & ~m)); }

/** The double whose high word is `high` and low word zero. */
static inline double highWord(uint64_t high) {
  const uint64_t bits = high << 32;
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

/** 2^k for integral k in [-1022, 1024] (1024 gives infinity, as fdlibm's INSERT_WORDS does). */
static inline vd powerOfTwo(vd k) {
  // k + 1023 + 2^52 holds k + 1023 in its low bits, exactly
  const vd shifted = k + splat(1023.0 + 4503599627370496.0);
  const vl biased = (vl)shifted - (vl)splat(4503599627370496.0);
  return (vd)(biased << 52);
}

/** exp(x) in each lane, as fdlibm's __ieee754_exp (V8's ieee754::exp) computes it. */
static inline __attribute__((always_inline)) vd exp4(vd x) {
  const double ln2HI = 6.93147180369123816490e-01, ln2LO = 1.90821492927058770002e-10, invln2 = 1.44269504088896338700e+00,
               P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
               P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08, E = 2.718281828459045,
               oThreshold = 7.09782712893383973096e+02, uThreshold = -7.45133219101941108420e+02;
  const vd huge = splat(1.0e+300), twom1000 = splat(9.33263618503218878990e-302), two1023 = splat(8.988465674311579539e307);
  const vd one = splat(1.0), infinity = splat(__builtin_inf());
  const vd a = (vd)((vl)x & ~(vl)splat(-0.0));  // |x|
  const vl negative = x < splat(0.0);
  const vl notANumber = x != x;
  // hx >= 0x7FF00000: infinite or NaN
  const vl special = (a == infinity) | notANumber;
  const vl big = a >= splat(highWord(0x40862E42));
  const vl overflow = big & (x > splat(oThreshold));
  const vl underflow = big & (x < splat(uThreshold));
  // hx > 0x3FD62E42: |x| > 0.5 ln2, reduced by k ln2 (k nonzero)
  const vl reduced = (a >= splat(highWord(0x3FD62E43))) & (x <= splat(oThreshold)) & (x >= splat(uThreshold));
  // hx < 0x3E300000: |x| < 2^-28
  const vl tiny = a < splat(highWord(0x3E300000));

  // |x| > 0.5 ln2: the other lanes compute with 2, so that every conversion is in range
  const vd xr = pick(reduced, x, splat(2.0));
  const vl near = a < splat(highWord(0x3FF0A2B2)); // and |x| < 1.5 ln2: k = +-1
  const vd kArg = splat(invln2) * xr + pick(negative, splat(-0.5), splat(0.5));
  const vd kFar = __builtin_convertvector(__builtin_convertvector(kArg, vi), vd);  // (int) truncates
  const vd k = pick(near, pick(negative, splat(-1.0), one), kFar);
  const vd hi = pick(near, xr - pick(negative, splat(-ln2HI), splat(ln2HI)), xr - kFar * splat(ln2HI));
  const vd lo = pick(near, pick(negative, splat(-ln2LO), splat(ln2LO)), kFar * splat(ln2LO));
  // 2^-28 <= |x| <= 0.5 ln2: k = 0, and fdlibm's polynomial in x itself (other lanes: 0.25)
  const vl kZero = ~(reduced | tiny | special | overflow | underflow);
  const vd r = pick(reduced, hi - lo, pick(kZero, x, splat(0.25)));
  const vd tr = r * r;
  const vd cr = r - tr * (splat(P1) + tr * (splat(P2) + tr * (splat(P3) + tr * (splat(P4) + tr * splat(P5)))));
  // one quotient serves both branches: k = 0 divides by c - 2, which is -(2 - c) exactly, so
  // its quotient is exactly -q
  const vd q = (r * cr) / (splat(2.0) - cr);
  const vd nearZero = one - (-q - r);
  const vd y = one - ((lo - q) - hi);
  // y * twopk, times 2^-1000 where k < -1021, y * 2 * 2^1023 where k = 1024: the lanes that
  // do not take a product multiply by 1 instead, as subnormal results would cost a hundred cycles
  const vl low = k < splat(-1021.0), top = k == splat(1024.0);
  const vd scaled = (y * powerOfTwo(pick(low, k + splat(1000.0), k))) * pick(low, twom1000, one);
  const vd atTop = (y * pick(top, splat(2.0), one)) * pick(top, two1023, one);
  vd farResult = pick(top, atTop, scaled);
  farResult = pick(near & (x == one), splat(E), farResult);

  vd result = pick(tiny, one + x, nearZero);
  result = pick(reduced, farResult, result);
  result = pick(underflow, twom1000 * twom1000, result);
  result = pick(overflow, huge * huge, result);
  return pick(special, pick(notANumber, x + x, pick(negative, splat(0.0), x)), result);
}

/** e[j] = exp(d[j]) for j in [0, count); the last vector's lanes past count compute exp(0). */
static void exps(const double* d, size_t count, double* e) {
  typedef double vdu __attribute__((vector_size(sizeof(vd)), aligned(8)));
  size_t j = 0;
  for (; j + LANES <= count; j += LANES) *(vdu*)(e + j) = exp4(*(const vdu*)(d + j));
  if (j == count) return;
  vd v = splat(0.0);
  memcpy(&v, d + j, (count - j) * sizeof(double));
  const vd r = exp4(v);
  memcpy(e + j, &r, (count - j) * sizeof(double));
}

/** d[j] = x[j] - max in float64, exactly, for j in [0, count). */
static void differences(const float* x, size_t count, float max, double* d) {
  for (size_t j = 0; j < count; j++) d[j] = (double)x[j] - (double)max;
}

/** The row's maximum as the reference finds it: from -infinity, the first of the greatest (NaN never is). */
static float rowMax(const float* row, size_t m) {
  float max = -__builtin_inff();
  for (size_t j = 0; j < m; j++) if (row[j] > max) max = row[j];
  return max;
}

/** A row longer than ROW: its sum first, then its exps again for the divisions. */
static void longRow(const float* row, size_t m, float* to, double* d, double* e) {
  const float max = rowMax(row, m);
  double sum = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t j0 = 0; j0 < m; j0 += ROW) {
      const size_t count = m - j0 < ROW ? m - j0 : ROW;
      differences(row + j0, count, max, d);
      exps(d, count, e);
      for (size_t j = 0; j < count; j++) {
        if (pass == 0) sum += e[j];
        else to[j0 + j] = (float)(e[j] / sum);
      }
    }
  }
}

void softmaxRows(const float* x, int n, size_t m, float* out) {
  double d[ROW], e[ROW];
  if (m > ROW) {
    for (int r = 0; r < n; r++) longRow(x + (size_t)r * m, m, out + (size_t)r * m, d, e);
    return;
  }
  // rows in blocks whose differences fill up to ROW values, their exps taken together
  const int block = (int)(ROW / (m ? m : 1));
  for (int r0 = 0; r0 < n; r0 += block) {
    const int rows = n - r0 < block ? n - r0 : block;
    for (int r = 0; r < rows; r++) {
      const float* row = x + (size_t)(r0 + r) * m;
      differences(row, m, rowMax(row, m), d + (size_t)r * m);
    }
    exps(d, (size_t)rows * m, e);
    for (int r = 0; r < rows; r++) {
      const double* er = e + (size_t)r * m;
      float* to = out + (size_t)(r0 + r) * m;
      double sum = 0;
      for (size_t j = 0; j < m; j++) sum += er[j];
      for (size_t j = 0; j < m; j++) to[j] = (float)(er[j] / sum);
    }
  }
}
