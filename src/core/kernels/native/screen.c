// Screening for evaluation (screen.h), compiled with -mavx2 -mfma -mf16c on x86-64 and as
// it is on arm64 (screen-vector.h has the vector operations of each).
//
// Evaluation needs only each image's predicted class, the first largest of its scores, and
// must give the class the exact float32 kernels give. What limits those on AVX2 is reading
// W1: 50 float32 columns are 3 cache lines per nonzero pixel. Here W1 is read in half
// precision (2 lines), multiplied and added with fused multiply-adds, and each image gets a
// bound on how far its scores can be from the exact kernels' scores, whatever order those
// add in. An image whose largest score beats every other by more than both bounds has the
// exact kernels' class; the others (near a tie, or early in training, when all scores are
// close) are left to the exact kernels.
//
// The bound, for an image with n nonzero pixels x_e at pixels p_e (x_e >= 0), with
// u = 2^-24 and g(k) = k u / (1 - k u) (Higham, Accuracy and Stability of Numerical
// Algorithms, 2nd ed., section 3.1: a sum of k roundings of float32 products and additions,
// in any order, is within g(k) times the sum of the terms' magnitudes):
//
// - W1's row p, scaled by 2^shift and rounded to half precision, differs from the exact
//   row by at most d_p in every column, and no weight of the row, exact or rounded,
//   exceeds m_p in magnitude. Both are measured when the row is packed and kept, rounded
//   up, in the row's two lanes after the hidden columns, so the same fused multiply-adds
//   give A = sum x_e d_{p_e} and B = sum x_e m_{p_e}.
// - A hidden unit's sum here and the exact kernels' sum of the same unit each differ from
//   the true b_j + sum x_e W1[p_e, j] by at most g(n+1) (|b_j| + B); the half-precision
//   weights move the true sum by at most A. So the hidden units, and after the ReLU (which
//   moves no two values further apart) the second layer's inputs, differ by at most
//   E = A + 2 g(n+1) (max |b1| + B).
// - Score k then differs by at most E sum_j |W2[j, k]| from moved inputs, and by
//   g(H+1) (|b2_k| + sum_j z_j |W2[j, k]|) from each side's rounding (H hidden units, z
//   the inputs, the exact side's at most E more than these).
//
// Units known dead (zero after the ReLU for every image screened, as an earlier screen of the
// same weights proved) are left out: on the exact side they add exact zeros to each score,
// which changes no sum's value, so the scores are those of the network without them. g(H+1)
// and the allowance for tiny results still count all H units. A screen also proves units
// dead: a unit whose sum here is at most -E has an exact sum of at most 0, zero after the
// ReLU; one that is so for every image of a call is dead on those images.
//
// A screen takes up to 126 hidden units (7 vectors of sums in registers per pass over an
// image's entries) and up to 16 classes; other networks are summed exactly.
//
// Every bound is computed in float64 and enlarged for its own roundings, and results below
// float32's normal range, where roundings are not relative, get an absolute allowance. The
// weights are refused (every image summed exactly) when one is not finite, when a pixel
// value is negative, or when a sum could come near float32's range.
#include <float.h>
#include <math.h>
#include <string.h>
#include "screen.h"
#include "screen-vector.h"

#define INLINE __attribute__((always_inline)) static inline
#define UNROLLED _Pragma("GCC unroll 8")
/**
 * Floats per vector; vectors summed in one pass over an image's entries (in registers); and
 * the most vectors of hidden units (with the two bound lanes) a screen takes: 126 units.
 */
#define LANES 8
#define PASS_VECTORS 7
#define MAX_VECTORS 16
/** Floats of one image's row of hidden units in the work area. */
#define WORK_ROW (MAX_VECTORS * LANES)
/** Images whose second layers are summed together, so that their chains of additions interleave. */
#define GROUP 8

int screenSupported(void) {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
  // every arm64 processor has NEON and half-precision conversions
  return 1;
#endif
}

/** Vectors of an image's sums: the hidden units, then A and B. */
static int vectorsFor(size_t hidden) { return (int)((hidden + 2 + LANES - 1) / LANES); }

/** Halves of one row of W: whole 64-byte lines, so that no row touches more lines than it fills. */
static size_t rowHalves(int vectors) { return ((size_t)vectors * LANES + 31) / 32 * 32; }

size_t screenFloats(size_t features, size_t hidden) {
  return wholeLines(features * rowHalves(vectorsFor(hidden)) / 2) + 2 * WORK_ROW + 2 * wholeLines(hidden * SCREEN_OUTPUTS)
         + SCREEN_OUTPUTS + 2 * GROUP * WORK_ROW + GROUP * SCREEN_OUTPUTS + wholeLines(hidden);
}

static double larger(double a, double b) { return a > b ? a : b; }

/** The largest magnitude of n floats, or -1 if one is not finite. */
static double largest(const float* v, size_t n) {
  double most = 0;
  for (size_t i = 0; i < n; i++) {
    const double a = fabs((double)v[i]);
    if (!(a <= FLT_MAX)) return -1;
    if (a > most) most = a;
  }
  return most;
}

/** The least half-precision value at or above x >= 0 (x at most 65504). */
static uint16_t halfAtLeast(double x) { return halfUp(floatAtLeast(x)); }

int screenPrepare(Screen* sc, float* at, const float* pixel, size_t features, const float* W1, const float* b1, size_t hidden,
                  const float* W2, const float* b2, size_t outputs, const int32_t* dead) {
  if (vectorsFor(hidden) > MAX_VECTORS || hidden == 0 || outputs < 2 || outputs > SCREEN_OUTPUTS || features == 0) return 0;
  double pixelMost = 0;
  for (int v = 0; v < 256; v++) {
    if (!(pixel[v] >= 0 && pixel[v] <= FLT_MAX)) return 0;
    if (pixel[v] > pixelMost) pixelMost = pixel[v];
  }
  // every weight is checked, the dead units' too: the exact kernels sum them
  const double w1 = largest(W1, features * hidden), bias1 = largest(b1, hidden);
  const double w2 = largest(W2, hidden * outputs), bias2 = largest(b2, outputs);
  if (w1 < 0 || bias1 < 0 || w2 < 0 || bias2 < 0) return 0;
  const double hiddenMost = bias1 + (double)features * pixelMost * w1;
  const double scaledMost = (double)features * pixelMost * 0x1p16;
  if (!(hiddenMost < 1e30 && scaledMost < 1e30 && bias2 + (double)hidden * hiddenMost * w2 < 1e30)) return 0;

  // the units screened, in order, and their largest |W1| and |b1|
  int32_t* units = (int32_t*)(at + screenFloats(features, hidden) - wholeLines(hidden));
  size_t screened = 0;
  for (size_t j = 0; j < hidden; j++) if (!dead || !dead[j]) units[screened++] = (int32_t)j;
  double w1Screened = w1, b1Max = bias1;
  if (screened < hidden) {
    w1Screened = b1Max = 0;
    for (size_t u = 0; u < screened; u++) b1Max = larger(b1Max, fabs((double)b1[units[u]]));
    for (size_t p = 0; p < features; p++) {
      for (size_t u = 0; u < screened; u++) w1Screened = larger(w1Screened, fabs((double)W1[p * hidden + units[u]]));
    }
  }
  int exponent = 0;
  frexp(w1Screened, &exponent);
  // the largest |W1| 2^shift is in [2^14, 2^15): half precision's top octave but one
  const int shift = w1Screened > 0 ? 15 - exponent : 0;
  if (shift < -120 || shift > 120) return 0;

  const int vectors = vectorsFor(screened);
  const size_t stride = rowHalves(vectors);
  uint16_t* W = (uint16_t*)at;
  float* bias = at + wholeLines(features * stride / 2);
  float* mask = bias + WORK_ROW;
  float* out = mask + WORK_ROW;
  float* outAbs = out + wholeLines(hidden * SCREEN_OUTPUTS);
  float* outBias = outAbs + wholeLines(hidden * SCREEN_OUTPUTS);
  float* before = outBias + SCREEN_OUTPUTS;
  float* after = before + GROUP * WORK_ROW;
  float* scores = after + GROUP * WORK_ROW;
  const double scale = ldexp(1, shift);
  for (size_t p = 0; p < features; p++) {
    uint16_t* row = W + p * stride;
    double error = 0, most = 0;
    for (size_t u = 0; u < screened; u++) {
      // exact: a float times a power of two, in float64's range
      const double scaled = (double)W1[p * hidden + units[u]] * scale;
      row[u] = halfNearest((float)scaled);
      const double back = (double)halfValue(row[u]);
      error = larger(error, fabs(scaled - back));
      most = larger(most, larger(fabs(scaled), fabs(back)));
    }
    // enlarged for the subtraction's own rounding, then rounded up
    row[screened] = halfAtLeast(error * (1 + 0x1p-40));
    row[screened + 1] = halfAtLeast(most);
    memset(row + screened + 2, 0, (stride - screened - 2) * sizeof(uint16_t));
  }
  memset(bias, 0, WORK_ROW * sizeof(float));
  for (size_t u = 0; u < screened; u++) bias[u] = b1[units[u]];
  memset(mask, 0, WORK_ROW * sizeof(float));
  memset(mask, 0xff, screened * sizeof(float));
  memset(out, 0, hidden * SCREEN_OUTPUTS * sizeof(float));
  memset(outAbs, 0, hidden * SCREEN_OUTPUTS * sizeof(float));
  memset(outBias, 0, SCREEN_OUTPUTS * sizeof(float));
  for (size_t u = 0; u < screened; u++) {
    for (size_t k = 0; k < outputs; k++) {
      out[u * SCREEN_OUTPUTS + k] = W2[units[u] * outputs + k];
      outAbs[u * SCREEN_OUTPUTS + k] = fabsf(W2[units[u] * outputs + k]);
    }
  }
  memcpy(outBias, b2, outputs * sizeof(float));
  memset(before, 0, (2 * GROUP * WORK_ROW + GROUP * SCREEN_OUTPUTS) * sizeof(float));

  *sc = (Screen){ .W = W, .stride = stride, .features = features, .hidden = screened, .outputs = outputs, .network = hidden, .units = units,
                  .vectors = vectors, .b1 = bias, .mask = mask, .W2 = out, .W2Abs = outAbs, .b2 = outBias, .before = before, .after = after,
                  .scores = scores, .unscale = (float)ldexp(1, -shift), .b1Max = b1Max, .tiny = ldexp(1, -120) * larger(1, ldexp(1, -shift)) };
  // score k's bound, E sum_j |W2[j, k]| + g(H+1) (2 |b2_k| + 2 Z max_j |W2[j, k]| + E sum_j |W2[j, k]|), enlarged for its roundings
  const double g = roundings((double)hidden + 1), enlarged = 1 + 0x1p-40;
  sc->gHidden = g;
  for (size_t k = 0; k < outputs; k++) {
    double sum = 0, most = 0;
    for (size_t u = 0; u < screened; u++) {
      sum += fabs((double)W2[units[u] * outputs + k]);
      most = larger(most, fabs((double)W2[units[u] * outputs + k]));
    }
    sum *= enlarged;
    sc->P[k] = sum * (1 + g) * enlarged;
    sc->Q[k] = 2 * g * most * enlarged;
    sc->R[k] = 2 * g * fabs((double)b2[k]) * enlarged + ((double)hidden + 4) * sc->tiny;
    sc->b2Abs[k] = fabs((double)b2[k]);
  }
  return 1;
}

/**
 * One image's sums of `vectors` vectors in W's scale: from zero, x_e W[p_e] entry by entry,
 * fused. With few vectors, each sum's chain of fused multiply-adds (4 cycles apiece) would
 * set the pace, so every other entry goes into a second set of sums, added in at the end:
 * the bound holds for any order of the additions.
 */
INLINE void sumImage(const int vectors, const Sparse* s, uint32_t e, uint32_t last, const uint16_t* W, size_t stride, v8* acc) {
  UNROLLED for (int v = 0; v < vectors; v++) acc[v] = v8Zero();
  if (vectors <= 3) {
    v8 odd[3];
    UNROLLED for (int v = 0; v < vectors; v++) odd[v] = v8Zero();
    for (; e + 1 < last; e += 2) {
      const uint16_t* w = W + (size_t)s->index[e] * stride;
      const uint16_t* u = W + (size_t)s->index[e + 1] * stride;
      const v8 x = v8Splat(s->pixel[s->value[e]]), y = v8Splat(s->pixel[s->value[e + 1]]);
      UNROLLED for (int v = 0; v < vectors; v++) {
        acc[v] = v8Fma(x, v8Halves(w + v * LANES), acc[v]);
        odd[v] = v8Fma(y, v8Halves(u + v * LANES), odd[v]);
      }
    }
    UNROLLED for (int v = 0; v < vectors; v++) acc[v] = v8Add(acc[v], odd[v]);
  }
  for (; e < last; e++) {
    const uint16_t* w = W + (size_t)s->index[e] * stride;
    const v8 x = v8Splat(s->pixel[s->value[e]]);
    UNROLLED for (int v = 0; v < vectors; v++) acc[v] = v8Fma(x, v8Halves(w + v * LANES), acc[v]);
  }
}

/**
 * Image `image`'s hidden units into `before` and, ReLU'd with zeros past the hidden units, into
 * `after`, returning E, the bound on their distance from the exact kernels', and the sum of
 * `after` in *total.
 */
INLINE double hiddenRow(const Screen* sc, const Sparse* s, int32_t image, float* before, float* after, double* total) {
  const uint32_t first = s->rowStart[image], last = s->rowStart[image + 1];
  const v8 unscale = v8Splat(sc->unscale);
  v8 sum = v8Zero();
  for (int v0 = 0; v0 < sc->vectors; v0 += PASS_VECTORS) {
    const int count = sc->vectors - v0 < PASS_VECTORS ? sc->vectors - v0 : PASS_VECTORS;
    const uint16_t* W = sc->W + (size_t)v0 * LANES;
    v8 acc[PASS_VECTORS];
    // one instance per register count, each with its sums in registers
    switch (count) {
      case 1: sumImage(1, s, first, last, W, sc->stride, acc); break;
      case 2: sumImage(2, s, first, last, W, sc->stride, acc); break;
      case 3: sumImage(3, s, first, last, W, sc->stride, acc); break;
      case 4: sumImage(4, s, first, last, W, sc->stride, acc); break;
      case 5: sumImage(5, s, first, last, W, sc->stride, acc); break;
      case 6: sumImage(6, s, first, last, W, sc->stride, acc); break;
      default: sumImage(7, s, first, last, W, sc->stride, acc); break;
    }
    for (int v = 0; v < count; v++) {
      const size_t at = (size_t)(v0 + v) * LANES;
      const v8 h = v8Add(v8Mul(acc[v], unscale), v8Load(sc->b1 + at));
      // the bias lanes past the hidden units are zero: A and B come through unchanged, back in W1's scale
      v8Store(before + at, h);
      // the ReLU, and zeros past the hidden units
      const v8 z = v8ReluMasked(h, v8Load(sc->mask + at));
      v8Store(after + at, z);
      sum = v8Add(sum, z);
    }
  }
  const double A = before[sc->hidden], B = before[sc->hidden + 1];
  // enlarged for the float32 additions' roundings (at most 126 nonnegative terms: relatively 8e-6)
  *total = (double)v8Sum(sum) * (1 + 0x1p-12);
  const double n = (double)(last - first), g = roundings(n + 1);
  return (A + 2 * g * (sc->b1Max + B)) * (1 + 4 * g) + (n + 4) * sc->tiny;
}

/**
 * Whether the best score beats every other by more than both their bounds, so that it is
 * the exact kernels' best too: strictly, with room for the float64 subtraction's rounding.
 * Where `margin` is not NULL and it does, *margin gets a lower bound on how far the true
 * scores (real arithmetic, which the bounds also cover) put the best above every other.
 */
INLINE int apart(const float* score, size_t best, const double* bound, size_t outputs, double* margin) {
  int settled = 1;
  double least = INFINITY, widest = 0;
  for (size_t k = 0; k < outputs; k++) {
    if (k == best) continue;
    const double gap = (double)score[best] - (double)score[k], bounds = bound[best] + bound[k] + 0x1p-50 * (fabs(score[best]) + fabs(score[k]));
    settled &= gap > bounds;
    if (margin) {
      least = gap - bounds < least ? gap - bounds : least;
      widest = bounds > widest ? bounds : widest;
    }
  }
  // less the float64 operations' own roundings: at most 2^-53 of each sum and of each difference
  if (margin && settled) *margin = least - 0x1p-51 * (fabs(least) + widest);
  return settled;
}

/**
 * Whether the best score is the exact kernels' by the finer bound: hidden units below -E on
 * both sides are zero after the ReLU on both, so they move no score, and the scores' sums of
 * |W2| are taken over the other units, term by term.
 */
static int settledFinely(const Screen* sc, const float* before, const float* after, double E, const float* score, size_t best, double* margin) {
  v8 moved[2] = { v8Zero(), v8Zero() }, weighed[2] = { v8Zero(), v8Zero() };
  for (size_t j = 0; j < sc->hidden; j++) {
    const v8 z = v8Splat(after[j]);
    // a unit at or below -E is zero after the ReLU on both sides
    const int live = (double)before[j] > -E;
    for (int half = 0; half < 2; half++) {
      const v8 w = v8Load(sc->W2Abs + j * SCREEN_OUTPUTS + half * LANES);
      moved[half] = v8Add(moved[half], v8KeepIf(live, w));
      weighed[half] = v8Fma(z, w, weighed[half]);
    }
  }
  float S[SCREEN_OUTPUTS] __attribute__((aligned(32))), T[SCREEN_OUTPUTS] __attribute__((aligned(32)));
  for (int half = 0; half < 2; half++) {
    v8Store(S + half * LANES, moved[half]);
    v8Store(T + half * LANES, weighed[half]);
  }
  // the float32 sums of at most H nonnegative terms, enlarged for their roundings (relatively H 2^-24 at most)
  const double g = sc->gHidden, enlarged = (1 + 2 * roundings((double)sc->hidden)) * (1 + 0x1p-40);
  double bound[SCREEN_OUTPUTS];
  for (size_t k = 0; k < sc->outputs; k++)
    bound[k] = (E * S[k] * (1 + g) + g * (2 * sc->b2Abs[k] + 2 * (double)T[k])) * enlarged + ((double)sc->network + 4) * sc->tiny;
  return apart(score, best, bound, sc->outputs, margin);
}

/** screenImages, as an instance for each use: `carried` false has no positions and no certificates (the compiler drops their code). */
INLINE int screenEach(const Screen* sc, const Sparse* s, const int32_t* rows, const int32_t* positions, int n, int32_t* predicted,
                      int32_t* undecided, int32_t* dead, float* margin, float* reach, const int carried) {
  if (!carried) positions = NULL, margin = reach = NULL;
  int left = 0;
  // lanes of the screened units some image's bound leaves possibly above zero; once every lane is (as soon
  // as no unit is dead, and the bound lanes always are), there is nothing left to prove
  v8 alive[MAX_VECTORS];
  for (int v = 0; v < sc->vectors; v++) alive[v] = v8Zero();
  int proving = dead != NULL;
  for (int r = 0; r < n; r += GROUP) {
    const int count = n - r < GROUP ? n - r : GROUP;
    double E[GROUP], total[GROUP];
    int at[GROUP];
    for (int g = 0; g < count; g++) {
      at[g] = positions ? positions[r + g] : r + g;
      E[g] = hiddenRow(sc, s, rows[at[g]], sc->before + g * WORK_ROW, sc->after + g * WORK_ROW, &total[g]);
    }
    if (proving) {
      for (int g = 0; g < count; g++) {
        // a unit at or below -E here is at or below zero on the exact side
        const v8 floor = v8Splat(floatAtMost(-E[g]));
        for (int v = 0; v < sc->vectors; v++) alive[v] = v8Or(alive[v], v8NotAtMost(v8Load(sc->before + g * WORK_ROW + v * LANES), floor));
      }
      v8 every = alive[0];
      for (int v = 1; v < sc->vectors; v++) every = v8And(every, alive[v]);
      proving = !v8AllSet(every);
    }
    // the second layer, GROUP images at a time (rows past `count` are a previous group's: computed, never read)
    for (size_t col = 0; col < sc->outputs; col += LANES) {
      v8 acc[GROUP];
      UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = v8Load(sc->b2 + col);
      for (size_t j = 0; j < sc->hidden; j++) {
        const v8 w = v8Load(sc->W2 + j * SCREEN_OUTPUTS + col);
        UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = v8Fma(v8Splat(sc->after[g * WORK_ROW + j]), w, acc[g]);
      }
      UNROLLED for (int g = 0; g < GROUP; g++) v8Store(sc->scores + g * SCREEN_OUTPUTS + col, acc[g]);
    }
    for (int g = 0; g < count; g++) {
      const float* score = sc->scores + g * SCREEN_OUTPUTS;
      size_t best = 0;
      for (size_t k = 1; k < sc->outputs; k++) if (score[k] > score[best]) best = k;
      // first the coarse bound, with the sum of the hidden units and the largest |W2| of each score
      const double e = E[g], z = total[g];
      double bound[SCREEN_OUTPUTS];
      for (size_t k = 0; k < sc->outputs; k++) bound[k] = e * sc->P[k] + z * sc->Q[k] + sc->R[k];
      double coarse = -INFINITY, fine = -INFINITY;
      double* const wanted = margin ? &coarse : NULL;
      if (apart(score, best, bound, sc->outputs, wanted) || settledFinely(sc, sc->before + g * WORK_ROW, sc->after + g * WORK_ROW, e, score, best, margin ? &fine : NULL)) {
        predicted[at[g]] = (int32_t)best;
        if (margin) {
          // the true hidden units after the ReLU are each at most E above these
          margin[at[g]] = floatAtMost(coarse > fine ? coarse : fine);
          reach[at[g]] = floatAtLeast((z + (double)sc->hidden * e) * (1 + 0x1p-40));
        }
      } else {
        undecided[left++] = at[g];
        if (margin) margin[at[g]] = -INFINITY;
      }
    }
  }
  if (dead) {
    float lanes[MAX_VECTORS * LANES] __attribute__((aligned(32)));
    for (int v = 0; v < sc->vectors; v++) v8Store(lanes + v * LANES, alive[v]);
    // a lane is all ones where some image left the unit possibly alive
    for (size_t u = 0; u < sc->hidden; u++) {
      uint32_t bits;
      memcpy(&bits, &lanes[u], sizeof bits);
      dead[sc->units[u]] = bits == 0;
    }
  }
  return left;
}

int screenImages(const Screen* sc, const Sparse* s, const int32_t* rows, const int32_t* positions, int n, int32_t* predicted, int32_t* undecided,
                 int32_t* dead, float* margin, float* reach) {
  return positions || margin ? screenEach(sc, s, rows, positions, n, predicted, undecided, dead, margin, reach, 1)
                             : screenEach(sc, s, rows, NULL, n, predicted, undecided, dead, NULL, NULL, 0);
}
