// Evaluation's classes settled without summing (classify.c): carried from the last
// evaluation (carry.h), then screened (screen.h). Each native set's classifySparse calls
// settleClasses, sums the images it leaves with its own exact kernels, then keepClasses. The
// classes it settles are the exact kernels' in every case.
#ifndef RUN_EXPERIMENTS_CLASSIFY_H
#define RUN_EXPERIMENTS_CLASSIFY_H

#include "kernels.h"

#pragma GCC visibility push(hidden)

/** Floats of scratch memory settleClasses needs for these shapes and this carry (NULL: none), in whole 64-byte lines. */
size_t settleFloats(size_t features, size_t hidden, size_t outputs, int n, const Carry* carry);

/**
 * Settles the classes of the images rows[0..n) that `carry` (NULL: none) still proves, then
 * of those the screen proves, where the processor has its instructions and c->screening is
 * set, writing predicted[r]; `at` is settleFloats of scratch, 64-byte aligned. Returns how
 * many images are left to be summed exactly, their positions in *positions (NULL: all n, in
 * order; else a list in `at`). The screen skips the units `dead` marks and proves others
 * dead, unless the carry settled some images. Every image's certificate in `carry` either
 * stands for its anchor or is rewritten for these weights, anchored in carry->next (a margin
 * of -infinity where none holds), and carry->kept set.
 */
int settleClasses(Context* c, float* at, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W1,
                  const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs, int32_t* predicted,
                  int32_t* dead, Carry* carry, const int32_t** positions);

/** Records the call's classes in `carry` (NULL: none), for the next evaluation's certificates. */
void keepClasses(Carry* carry, const int32_t* predicted, int n);

#pragma GCC visibility pop

#endif
