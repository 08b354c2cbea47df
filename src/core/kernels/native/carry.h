// Classes carried from a run's earlier evaluations (carry.c): an image whose class an earlier
// evaluation proved by a wide margin keeps it while the weights have moved too little since to
// close that margin, so it is neither screened nor summed. Every native set's
// classifySparse uses it before screening (classify.h), where the screen can run (screen.h). Its classes are the exact
// kernels' in every case.
#ifndef RUN_EXPERIMENTS_CARRY_H
#define RUN_EXPERIMENTS_CARRY_H

#include "kernels.h"

#pragma GCC visibility push(hidden)

/** Earlier evaluations whose weights a carry keeps: each image's certificate is for the weights of one of them. */
#define CARRY_ANCHORS 4

/** One earlier evaluation's weights, which the certificates anchored there are for; W1 NULL where the slot holds none. */
typedef struct {
  const float *W1, *b1, *W2, *b2;
} CarryAnchor;

/**
 * What evaluations leave for the next one of the same images (kernels.ts's CallCarry). Each
 * image's certificate is for the weights of its anchor, one of up to CARRY_ANCHORS earlier
 * evaluations: its class c, a lower bound `margin` on T_c - T_k for every other class k,
 * where T are the scores in exact real arithmetic, and an upper bound `reach` on the sum of
 * its true hidden units after the ReLU. A margin that is not above zero (-infinity) is no
 * certificate.
 *
 * A certificate is bounded from its own anchor's weights to the current ones, not from
 * evaluation to evaluation: while the weights wander, the distance from an anchor grows
 * slower than the sum of the moves, so an image keeps its class for longer.
 */
struct Carry {
  /** By slot; none where nothing is to be settled (every image is screened). */
  CarryAnchor anchors[CARRY_ANCHORS];
  /**
   * The slot that will keep the current weights, which holds the oldest now: an image anchored
   * there and settled gets a certificate for the current weights (its margin less the move);
   * every image screened is anchored there.
   */
  size_t next;
  /** By position in the call: read, and rewritten. */
  uint8_t *classes, *anchor;
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

/** Floats of scratch memory carryPrepare needs for these shapes, for one anchor, in whole 64-byte lines. */
size_t carryFloats(size_t hidden, size_t regions, size_t outputs);

/** Points an anchor's weights into `then` (NULL: none), which holds W1, b1, W2 and b2 in that order, as the Evaluator keeps them. */
void carryWeights(CarryAnchor* anchor, const float* then, size_t features, size_t hidden, size_t outputs);

/**
 * Measures how far the weights moved since `anchor`'s, into `at` (carryFloats of them,
 * 32-byte aligned). Returns 0 when nothing can be settled from them: no weights there, a
 * region map it does not take, or a weight then or now that is not finite.
 */
int carryPrepare(CarryBound* cb, float* at, const Carry* carry, const CarryAnchor* anchor, const float* pixel, size_t features,
                 const float* W1, const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs);

/**
 * Gives each image rows[r] whose certificate still proves its class that class in
 * predicted[r]; `bounds` has each slot's move (NULL where carryPrepare settles nothing from
 * it). An image anchored in carry->next gets a certificate for the current weights; the
 * others' stand. Returns how many it did not settle, listed by position in `rest`, in order;
 * it settles none (and returns n) when too few of the first images settle for the rest to be
 * worth trying.
 */
int carrySettle(const CarryBound* const* bounds, const Carry* carry, const Sparse* s, const int32_t* rows, int n, int32_t* predicted,
                int32_t* rest);

#pragma GCC visibility pop

#endif
