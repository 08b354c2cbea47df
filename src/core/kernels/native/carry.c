// Classes carried from a run's earlier evaluations (carry.h), compiled as screen.c is.
//
// Late in a run at a small learning rate the weights move little between evaluations, and
// most images keep their class by a margin far wider than the move: at lr 0.5, a float64
// model of this bound settled 53% of the flagship's images from the previous evaluation's
// scores (92% in the last thousand iterations). Such an image needs neither the screen nor
// the exact sums.
//
// Each certificate is for the weights of the evaluation that wrote it, its anchor, and is
// bounded from there. Stochastic gradient descent wanders: at lr 0.5 the weights' distance
// from an evaluation two later is 0.7 of the sum of the two moves, four later 0.5. A margin
// shrunk by each move in turn lasted about one evaluation; from its anchor it lasts longer,
// and 40.5% of the lr-0.5 run's images are carried rather than 34%. An image anchored in the
// slot the current weights will take (the oldest) gets its margin less the move, for the
// current weights.
//
// The bound, for an image x (x_p >= 0, each feature at most once) between the certificates'
// weights and the current ones (primed), in real arithmetic, with T the true scores, a_j the
// true hidden sums, z_j = relu(a_j):
//
// - |a'_j - a_j| <= delta_j = sum_q |x_q| |W1'_qj - W1_qj| + |b1'_j - b1_j| (Cauchy-Schwarz in
//   each region q of the image, norms over the region's features), where |x_q| is bounded by
//   the norm of the raw values there (score-carry.ts, rounded up) times the largest pixel
//   value per raw value.
// - (T'_c - T'_k) - (T_c - T_k) = sum_j (W2'_jc - W2'_jk)(z'_j - z_j)
//   + sum_j ((W2'_jc - W2_jc) - (W2'_jk - W2_jk)) z_j + ((b2'_c - b2_c) - (b2'_k - b2_k)),
//   and ReLU moves no two values further apart, so the move is at most
//   D_ck = sum_j |W2'_jc - W2'_jk| delta_j + max_j |(W2'_jc - W2_jc) - (W2'_jk - W2_jk)| Z
//   + |(b2'_c - b2_c) - (b2'_k - b2_k)|, with Z >= sum_j z_j the certificate's reach. D_ck is
//   linear in the region norms, so its coefficients are summed over the units once per call
//   (carryPrepare): per image it is one product of the image's region norms with class c's
//   table, two vectors wide.
// - The exact float32 kernels' scores F' differ from T' by at most
//   rho_k = e S_k + g(H+1) (|b2'_k| + m_k (Z' + H e)), where e = g(n+1) (max |b1'| + B) bounds
//   each hidden sum's rounding (n nonzero pixels, B = sum_q |x_q| times the norm over the
//   region of each feature's largest |W1'|), S_k and m_k are the sum and the largest of
//   |W2'_jk|, and Z' = Z + sum_j delta_j bounds the new hidden units' sum (screen.c has g and
//   the rounding model).
// - So when the margin G of class c exceeds D_ck + rho_c + rho_k for every other k, F'_c is
//   above every other score: c is the exact kernels' class. Its new certificate is
//   G - max_k D_ck, with reach Z'.
//
// Every per-image quantity is a sum of at most 40 nonnegative float32 terms and roundings,
// enlarged by 2^-12 or 2^-14, with an absolute allowance for results below float32's normal
// range; the rest is float64, enlarged for its own roundings (a difference of differences by
// 2^-52 of its terms, where the inner differences' roundings do not scale with the result).
#include <float.h>
#include <math.h>
#include <string.h>
#include "carry.h"
#include "screen.h"
#include "screen-vector.h"

#define LANES 8
/** Floats of one row of the per-image table: the scores' D, then the sum of delta, then B. */
#define ROW 16
/** Images tried before deciding whether the rest are worth trying, and the share of them that must settle. */
#define TRIAL 256
#define TRIAL_SHARE 8

static double larger(double a, double b) { return a > b ? a : b; }

size_t carryFloats(size_t hidden, size_t regions, size_t outputs) {
  return wholeLines((outputs * (regions + 2) + 4) * ROW + 2 * regions * hidden);
}

void carryWeights(CarryAnchor* anchor, const float* then, size_t features, size_t hidden, size_t outputs) {
  anchor->W1 = then;
  anchor->b1 = then ? then + features * hidden : NULL;
  anchor->W2 = then ? anchor->b1 + hidden : NULL;
  anchor->b2 = then ? anchor->W2 + hidden * outputs : NULL;
}

/** At least |(a - b) - (c - d)| for finite floats: each inner difference may round in float64, by up to 2^-53 of its terms. */
static double differenceOfDifferences(float a, float b, float c, float d) {
  return fabs(((double)a - b) - ((double)c - d)) + 0x1p-52 * (fabs(a) + fabs(b) + fabs(c) + fabs(d));
}

/** |a - b| for floats, or -1 where either is not finite. */
static double moved(float a, float b) {
  return fabs(a) <= FLT_MAX && fabs(b) <= FLT_MAX ? fabs((double)a - (double)b) : -1;
}

int carryPrepare(CarryBound* cb, float* at, const Carry* carry, const CarryAnchor* anchor, const float* pixel, size_t features,
                 const float* W1, const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs) {
  const size_t regions = carry->regionCount;
  // a row of the table holds the outputs and two more lanes
  // (n + 1) 2^-24 (1 + 2^-12) bounds g(n + 1), carrySettle's, for images of fewer than 4096 features
  if (!anchor->W1 || regions == 0 || regions > CARRY_REGIONS || outputs + 2 > ROW || hidden == 0 || features >= 4095) return 0;
  // pixel values at most `scale` times their raw values (a raw 0 is no entry)
  double scale = 0;
  for (int v = 1; v < 256; v++) {
    if (!(pixel[v] >= 0 && pixel[v] <= FLT_MAX)) return 0;
    scale = larger(scale, (double)pixel[v] / v);
  }
  scale *= 1 + 0x1p-40;
  float* table = at;
  float* base = table + outputs * regions * ROW;
  float* reachLanes = base + outputs * ROW;
  // per region, the norm of each unit's W1 change over the region's features, and the norm of their largest |W1| now
  float* ignore = reachLanes + outputs * ROW;
  float* roundA = ignore + ROW;
  float* roundB = roundA + ROW;
  float* roundC = roundB + ROW;
  double* most = (double*)(roundC + ROW);
  double weightMost[CARRY_REGIONS] = { 0 };
  memset(most, 0, regions * hidden * sizeof(double));
  for (size_t p = 0; p < features; p++) {
    const size_t q = carry->regionOf[p];
    if (q >= regions) return 0;
    double largest = 0;
    for (size_t j = 0; j < hidden; j++) {
      const double d = moved(W1[p * hidden + j], anchor->W1[p * hidden + j]);
      if (d < 0) return 0;
      most[q * hidden + j] += d * d;
      largest = larger(largest, fabs((double)W1[p * hidden + j]));
    }
    weightMost[q] += largest * largest;
  }
  // square roots of sums of squares, each enlarged for its roundings (at most 784 terms: relatively 2^-43)
  for (size_t i = 0; i < regions * hidden; i++) most[i] = sqrt(most[i] * (1 + 0x1p-40));
  for (size_t q = 0; q < regions; q++) weightMost[q] = sqrt(weightMost[q] * (1 + 0x1p-40));
  double biasMoved = 0, b1Max = 0;
  for (size_t j = 0; j < hidden; j++) {
    const double d = moved(b1[j], anchor->b1[j]);
    if (d < 0) return 0;
    biasMoved += d;
    b1Max = larger(b1Max, fabs((double)b1[j]));
  }
  for (size_t i = 0; i < hidden * outputs; i++) if (moved(W2[i], anchor->W2[i]) < 0) return 0;
  for (size_t k = 0; k < outputs; k++) if (moved(b2[k], anchor->b2[k]) < 0) return 0;
  const double enlarged = 1 + 0x1p-40;
  memset(table, 0, (outputs * (regions + 2) + 4) * ROW * sizeof(float));
  // all bits set in the lanes past the outputs
  memset(ignore, 0, ROW * sizeof(float));
  memset(ignore + outputs, 0xff, (ROW - outputs) * sizeof(float));
  CarryBound bound = { .hidden = hidden, .outputs = outputs, .regions = regions, .table = table, .base = base, .reachLanes = reachLanes,
                       .ignore = ignore, .roundA = roundA, .roundB = roundB, .roundC = roundC, .b1Max = b1Max };
  // for each class c and each other class k: the coefficients of D_ck, the bound on how far T_c - T_k can have moved
  for (size_t c = 0; c < outputs; c++) {
    for (size_t k = 0; k < outputs; k++) {
      if (k == c) continue;
      double constant = differenceOfDifferences(b2[c], anchor->b2[c], b2[k], anchor->b2[k]), outMoved = 0;
      for (size_t j = 0; j < hidden; j++) {
        const float* w = W2 + j * outputs;
        const float* then = anchor->W2 + j * outputs;
        constant += fabs((double)w[c] - w[k]) * fabs((double)b1[j] - anchor->b1[j]);
        outMoved = larger(outMoved, differenceOfDifferences(w[c], then[c], w[k], then[k]));
      }
      for (size_t q = 0; q < regions; q++) {
        double sum = 0;
        for (size_t j = 0; j < hidden; j++) sum += fabs((double)W2[j * outputs + c] - W2[j * outputs + k]) * most[q * hidden + j];
        table[(c * regions + q) * ROW + k] = floatAtLeast(sum * scale * enlarged);
      }
      base[c * ROW + k] = floatAtLeast(constant * enlarged);
      reachLanes[c * ROW + k] = floatAtLeast(outMoved * enlarged);
    }
  }
  // score k's rounding, e A_k + (Z' + H e) B_k + C_k: e S_k + g(H+1) (|b2_k| + m_k (Z' + H e)) and the allowance below float32's normal range
  const double gHidden = roundings((double)hidden + 1), tiny = 0x1p-120;
  for (size_t k = 0; k < outputs; k++) {
    double sum = 0, largest = 0;
    for (size_t j = 0; j < hidden; j++) {
      sum += fabs((double)W2[j * outputs + k]);
      largest = larger(largest, fabs((double)W2[j * outputs + k]));
    }
    roundA[k] = floatAtLeast(sum * enlarged);
    roundB[k] = floatAtLeast(gHidden * largest * enlarged);
    roundC[k] = floatAtLeast((gHidden * fabs((double)b2[k]) + ((double)hidden + 4) * tiny * (1 + sum)) * enlarged);
  }
  // lane `outputs` of every class's rows: the hidden units' moves summed; lane `outputs` + 1: B
  for (size_t q = 0; q < regions; q++) {
    double sum = 0;
    for (size_t j = 0; j < hidden; j++) sum += most[q * hidden + j];
    for (size_t c = 0; c < outputs; c++) {
      table[(c * regions + q) * ROW + outputs] = floatAtLeast(sum * scale * enlarged);
      table[(c * regions + q) * ROW + outputs + 1] = floatAtLeast(weightMost[q] * scale * enlarged);
    }
  }
  for (size_t c = 0; c < outputs; c++) base[c * ROW + outputs] = floatAtLeast(biasMoved * enlarged);
  // every entry far inside float32's range, so that no image's sums can overflow (raw sums are at most 255 per feature)
  for (size_t i = 0; i < outputs * (regions + 2) * ROW; i++) if (!(table[i] <= 1e30f / 256 / (float)features)) return 0;
  *cb = bound;
  return 1;
}

int carrySettle(const CarryBound* const* bounds, const Carry* carry, const Sparse* s, const int32_t* rows, int n, int32_t* predicted,
                int32_t* rest) {
  const size_t regions = carry->regionCount;
  // the float32 sums' roundings and the float64 operations' (relative), and an allowance per term below float32's normal range
  const double sums = 1 + 0x1p-14, exact = 1 + 0x1p-40, tiny = 0x1p-120, allowance = ((double)regions + 4) * tiny;
  float d[ROW] __attribute__((aligned(32))), rho[ROW] __attribute__((aligned(32)));
  int left = 0, settled = 0;
  for (int r = 0; r < n; r++) {
    if (r == TRIAL && settled * TRIAL_SHARE < TRIAL) {
      // too few settle: every image goes to the screen, which rewrites the certificates of those that did
      for (int i = 0; i < n; i++) rest[i] = i;
      return n;
    }
    const int32_t image = rows[r];
    const size_t c = carry->classes[r], slot = carry->anchor[r];
    const CarryBound* cb = slot < CARRY_ANCHORS ? bounds[slot] : NULL;
    const float G = carry->margin[r], Z = carry->reach[r];
    // a reach past float32's range (infinite) would make a NaN below, which the comparisons would pass
    if (!cb || !(G > 0) || !(Z < FLT_MAX) || c >= cb->outputs) {
      rest[left++] = r;
      continue;
    }
    const size_t outputs = cb->outputs;
    const double hidden = (double)cb->hidden;
    // D_ck for every k, the sum of the moves and B: the region sums times class c's table, in four chains
    const float* V = carry->regions + (size_t)image * regions;
    const float* table = cb->table + c * regions * ROW;
    v8 lo = v8Load(cb->base + c * ROW), hi = v8Load(cb->base + c * ROW + LANES), lo2 = v8Zero(), hi2 = v8Zero();
    size_t q = 0;
    for (; q + 1 < regions; q += 2) {
      const v8 x = v8Splat(V[q]), y = v8Splat(V[q + 1]);
      lo = v8Fma(x, v8Load(table + q * ROW), lo);
      hi = v8Fma(x, v8Load(table + q * ROW + LANES), hi);
      lo2 = v8Fma(y, v8Load(table + (q + 1) * ROW), lo2);
      hi2 = v8Fma(y, v8Load(table + (q + 1) * ROW + LANES), hi2);
    }
    if (q < regions) {
      const v8 x = v8Splat(V[q]);
      lo = v8Fma(x, v8Load(table + q * ROW), lo);
      hi = v8Fma(x, v8Load(table + q * ROW + LANES), hi);
    }
    const v8 z = v8Splat(Z);
    const v8 dLo = v8Fma(z, v8Load(cb->reachLanes + c * ROW), v8Add(lo, lo2));
    const v8 dHi = v8Fma(z, v8Load(cb->reachLanes + c * ROW + LANES), v8Add(hi, hi2));
    // most images that fail, fail here: some D_ck alone is at least the margin (c's own lane is 0)
    const v8 margin = v8Splat(G);
    if (!v8AllSet(v8Or(v8NotAtMost(margin, dLo), v8Load(cb->ignore))) || !v8AllSet(v8Or(v8NotAtMost(margin, dHi), v8Load(cb->ignore + LANES)))) {
      rest[left++] = r;
      continue;
    }
    v8Store(d, dLo);
    v8Store(d + LANES, dHi);
    // the exact kernels' roundings: e bounds each hidden sum's (g(n+1) is below (n+1) 2^-24 (1 + 2^-12) for n < 2^12);
    // score k's is e A_k + (Z' + H e) B_k + C_k (carryPrepare), here in float32, enlarged with the rest below
    const double entries = (double)(s->rowStart[image + 1] - s->rowStart[image]);
    const double B = d[outputs + 1] * sums + allowance;
    const double after = ((double)Z + d[outputs] * sums + allowance) * exact;
    const double e = (entries + 1) * 0x1p-24 * (1 + 0x1p-12) * (cb->b1Max + B) * exact + (entries + 4) * tiny;
    const v8 up = v8Splat(1 + 0x1p-12f), tinyTotal = v8Splat((float)(2 * allowance));
    const v8 eSplat = v8Splat((float)(e * (1 + 0x1p-20))), uSplat = v8Splat((float)((after + hidden * e) * (1 + 0x1p-20)));
    v8Store(rho, v8Fma(eSplat, v8Load(cb->roundA), v8Fma(uSplat, v8Load(cb->roundB), v8Load(cb->roundC))));
    v8Store(rho + LANES, v8Fma(eSplat, v8Load(cb->roundA + LANES), v8Fma(uSplat, v8Load(cb->roundB + LANES), v8Load(cb->roundC + LANES))));
    const v8 own = v8Splat(rho[c]);
    // D_ck + rho_c + rho_k, enlarged for every float32 rounding on the way (fewer than 40 of 2^-24 each)
    const v8 totalLo = v8Add(v8Mul(v8Add(v8Add(dLo, v8Load(rho)), own), up), tinyTotal);
    const v8 totalHi = v8Add(v8Mul(v8Add(v8Add(dHi, v8Load(rho + LANES)), own), up), tinyTotal);
    if (!v8AllSet(v8Or(v8NotAtMost(margin, totalLo), v8Load(cb->ignore))) || !v8AllSet(v8Or(v8NotAtMost(margin, totalHi), v8Load(cb->ignore + LANES)))) {
      rest[left++] = r;
      continue;
    }
    predicted[r] = (int32_t)c;
    settled++;
    // a certificate anchored elsewhere stands for its own anchor's weights, which stay kept
    if (slot != carry->next) continue;
    // this anchor's weights give way to the current ones: the new margin is less the widest move of T_c - T_k (lane c's is
    // 0), enlarged likewise, and less the float64 subtraction's own rounding, which may be up
    float widest = 0;
    for (size_t k = 0; k < outputs; k++) widest = d[k] > widest ? d[k] : widest;
    const double shrunk = (double)G - ((double)widest * (1 + 0x1p-12) + 2 * allowance);
    carry->margin[r] = floatAtMost(shrunk - 0x1p-52 * fabs(shrunk));
    carry->reach[r] = floatAtLeast(after);
  }
  return left;
}
