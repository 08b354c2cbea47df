// Screening for evaluation (screen.c): most images' predicted classes settled from
// half-precision weights and a proven bound on the error, so that only the images near a
// tie are summed exactly. Every native set's classifySparse uses it (through classify.h)
// where the processor has FMA and F16C (every arm64 one does). Its predictions are the exact kernels' in
// every case.
#ifndef RUN_EXPERIMENTS_SCREEN_H
#define RUN_EXPERIMENTS_SCREEN_H

#include <string.h>
#include "kernels.h"

#pragma GCC visibility push(hidden)

/** `floats` rounded up to whole 64-byte lines (16 floats): the scratch memory's parts each start on a line. */
static inline size_t wholeLines(size_t floats) { return (floats + 15) / 16 * 16; }

/** g(k) = k u / (1 - k u), u = 2^-24: a sum of k roundings of float32 products and additions, in any order, is within g(k) times the sum of the terms' magnitudes (screen.c). */
static inline double roundings(double k) {
  const double u = 0x1p-24;
  return k * u / (1 - k * u);
}

/** The largest float at or below x (x finite, in float32's range). */
static inline float floatAtMost(double x) {
  float f = (float)x;
  if ((double)f > x) {
    // one step down: a positive float's bits down, a negative one's up, zero's to the least negative
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    bits = f > 0 ? bits - 1 : f == 0 ? 0x80000001u : bits + 1;
    memcpy(&f, &bits, sizeof f);
  }
  return f;
}

/** The least float at or above x >= 0 (x in float32's range). */
static inline float floatAtLeast(double x) {
  float f = (float)x;
  if ((double)f < x) {
    // x >= 0: the next bit pattern up
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    bits++;
    memcpy(&f, &bits, sizeof f);
  }
  return f;
}

/** Most outputs a screen holds (two vectors of scores). */
#define SCREEN_OUTPUTS 16

/** A network's weights prepared for screening by screenPrepare, in the caller's scratch memory. */
typedef struct {
  /**
   * W1 scaled by 2^shift in half precision, rows of `stride` halves: the columns of the hidden
   * units screened, then each row's error bound and largest weight (rounded up).
   */
  const uint16_t* W;
  /** `hidden` units are screened, units[0..hidden) of the network's `network` (the others are known dead: zero after the ReLU). */
  size_t stride, features, hidden, outputs, network;
  const int32_t* units;
  int vectors;
  /** The screened units' b1 in rows of whole vectors (zeros past `hidden`); their rows of W2 and |W2| in rows of SCREEN_OUTPUTS floats; b2 likewise. */
  const float* b1;
  /** All bits set in the lanes of the hidden units, none past them. */
  const float* mask;
  const float* W2;
  const float* W2Abs;
  const float* b2;
  /** A group of images' hidden units before and after the ReLU, and their scores. */
  float* before;
  float* after;
  float* scores;
  /** 2^-shift, to take the sums back to W1's scale. */
  float unscale;
  /** The largest |b1| of the screened units; g(H+1) (screen.c) for the network's H hidden units; |b2|. */
  double b1Max, gHidden, b2Abs[SCREEN_OUTPUTS];
  /** Score k's bound is E P[k] + Z Q[k] + R[k], for an image's hidden bound E and sum of hidden units Z. */
  double P[SCREEN_OUTPUTS], Q[SCREEN_OUTPUTS], R[SCREEN_OUTPUTS];
  /** An absolute allowance for results below float32's normal range, per term summed. */
  double tiny;
} Screen;

/** Whether this processor has the instructions screening needs (AVX2, FMA, F16C). */
int screenSupported(void);

/** Floats of scratch memory screenPrepare and screenImages need for these shapes. */
size_t screenFloats(size_t features, size_t hidden);

/**
 * Prepares the weights in `at` (screenFloats of them, 64-byte aligned). Returns 0 when these
 * weights cannot be screened (a shape it does not handle, a value that is not finite, or
 * sums that could overflow): every image must then be classified exactly. `dead` (NULL: none)
 * marks with 1 the hidden units known to be zero after the ReLU for every image the screen
 * will be given: they move no score, so they are not summed.
 */
int screenPrepare(Screen* sc, float* at, const float* pixel, size_t features, const float* W1, const float* b1, size_t hidden,
                  const float* W2, const float* b2, size_t outputs, const int32_t* dead);

/**
 * Classifies the images rows[positions[r]] (positions NULL: rows[r]) for r in [0, n) where the
 * bound settles the class, writing predicted at the image's position; returns how many it
 * did not settle, their positions listed in `undecided`, in order. `dead` (NULL: not asked)
 * gets 1 for each screened unit the bound proves zero after the ReLU for every one of the n
 * images, 0 for the others; the units known dead are left as they are. `margin` and `reach`
 * (NULL: not asked) get each image's certificate at its position (carry.h): -infinity as its
 * margin where it is not settled.
 */
int screenImages(const Screen* sc, const Sparse* s, const int32_t* rows, const int32_t* positions, int n, int32_t* predicted, int32_t* undecided,
                 int32_t* dead, float* margin, float* reach);

#pragma GCC visibility pop

#endif
