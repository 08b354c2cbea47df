// Classes carried from a run's previous evaluation (carry.c): an image whose class the last
// evaluation proved by a wide margin keeps it while the weights have moved too little to
// close that margin, so it is neither screened nor summed. Every native set's
// classifySparse uses it before screening (classify.h), where the screen can run (screen.h). Its classes are the exact
// kernels' in every case.
#ifndef RUN_EXPERIMENTS_CARRY_H
#define RUN_EXPERIMENTS_CARRY_H

#include "kernels.h"

#pragma GCC visibility push(hidden)

/**
 * What an evaluation leaves for the next one of the same images (kernels.ts's ScoreCarry).
 * The certificates are relative to the weights `W1`..`b2`: for each image, its class c, a
 * lower bound `margin` on T_c - T_k for every other class k, where T are the scores in exact
 * real arithmetic, and an upper bound `reach` on the sum of its true hidden units after the
 * ReLU. A margin that is not above zero (-infinity) is no certificate.
 */
struct Carry {
  /** The weights the certificates are for; W1 NULL where there are none (every image is screened). */
  const float *W1, *b1, *W2, *b2;
  /** By position in the call: read, and rewritten for the current weights. */
  uint8_t* classes;
  float *margin, *reach;
  /** For each image (by image index), the Euclidean norm of its raw pixel values (0..255) in each of `regionCount` regions, rounded up; each feature's region. */
  const float* regions;
  const uint8_t* regionOf;
  size_t regionCount;
  /** Set by a set that rewrote the certificates of every image of the call for the current weights (the screening sets). */
  int kept;
};

/** Most regions a carry's images are divided into. */
#define CARRY_REGIONS 64

/** How far the weights moved since the certificates, as carrySettle reads it (carry.c; in carryPrepare's scratch memory). */
typedef struct {
  size_t hidden, outputs, regions;
  /**
   * Rows of 16 floats. `table`, per class c and region: the coefficients of the region's raw
   * pixel sum in D_ck (lane k; 0 in lane c), in the sum of the hidden units' moves (lane
   * `outputs`) and in B (lane `outputs` + 1). `base`, per class: the constants of those sums;
   * `reachLanes`, per class: D_ck's coefficient of the reach. `ignore`: all bits set past the
   * outputs. `roundA`, `roundB`, `roundC`: score k's rounding in the exact kernels is at most
   * e roundA[k] + (Z' + H e) roundB[k] + roundC[k] (carry.c).
   */
  const float *table, *base, *reachLanes, *ignore, *roundA, *roundB, *roundC;
  /** The largest |b1| now. */
  double b1Max;
} CarryBound;

/** Floats of scratch memory carryPrepare needs for these shapes, in whole 64-byte lines. */
size_t carryFloats(size_t hidden, size_t regions, size_t outputs);

/** Points the carry's weights into `then` (NULL: none), which holds W1, b1, W2 and b2 in that order, as the Evaluator keeps them. */
void carryWeights(Carry* carry, const float* then, size_t features, size_t hidden, size_t outputs);

/**
 * Measures how far the weights moved since the certificates, into `at` (carryFloats of
 * them, 32-byte aligned). Returns 0 when nothing can be settled from them: no certificates,
 * a region map it does not take, or a weight then or now that is not finite.
 */
int carryPrepare(CarryBound* cb, float* at, const Carry* carry, const float* pixel, size_t features, const float* W1, const float* b1,
                 size_t hidden, const float* W2, const float* b2, size_t outputs);

/**
 * Gives each image rows[r] whose certificate still proves its class that class in
 * predicted[r] and rewrites its certificate for the current weights. Returns how many it
 * did not settle, listed by position in `rest`, in order; it settles none (and returns n)
 * when too few of the first images settle for the rest to be worth trying.
 */
int carrySettle(const CarryBound* cb, const Carry* carry, const Sparse* s, const int32_t* rows, int n, int32_t* predicted, int32_t* rest);

#pragma GCC visibility pop

#endif
