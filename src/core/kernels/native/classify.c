// Evaluation's classes as every native set settles them before summing: first those the
// carry still proves (carry.h), then those the screen proves (screen.h), where the processor
// allows and the context asks for it. What neither settles, the set sums exactly with its
// own kernels (kernels.c, vector.c). Compiled without processor-specific flags: it only
// decides which images go where, and the screen and the carry check the processor.

#include <math.h>
#include "carry.h"
#include "classify.h"
#include "screen.h"

/** Where this file's part of the scratch memory is laid out, each part in whole lines. */
typedef struct {
  size_t screen, positions, carry;
} SettleLayout;

static SettleLayout settleLayout(size_t features, size_t hidden, size_t outputs, int n, const Carry* carry) {
  return (SettleLayout){ screenFloats(features, hidden), wholeLines((size_t)n),
                         carry ? CARRY_ANCHORS * carryFloats(hidden, carry->regionCount, outputs) : 0 };
}

size_t settleFloats(size_t features, size_t hidden, size_t outputs, int n, const Carry* carry) {
  const SettleLayout l = settleLayout(features, hidden, outputs, n, carry);
  return l.screen + l.positions + (l.carry ? l.carry + l.positions : 0);
}

int settleClasses(Context* c, float* at, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W1,
                  const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs, int32_t* predicted,
                  int32_t* dead, Carry* carry, const int32_t** positions) {
  const SettleLayout layout = settleLayout(features, hidden, outputs, n, carry);
  int left = n;
  *positions = NULL;
  Screen screen;
  if (c->screening && screenSupported() && screenPrepare(&screen, at, s->pixel, features, W1, b1, hidden, W2, b2, outputs, dead)) {
    int32_t* undecided = (int32_t*)(at + layout.screen);
    const int32_t* screened = NULL;
    int toScreen = n;
    float* carryAt = at + layout.screen + layout.positions;
    if (carry) {
      // how far the weights moved since each anchor
      CarryBound bounds[CARRY_ANCHORS];
      const CarryBound* moves[CARRY_ANCHORS] = { NULL };
      const size_t each = layout.carry / CARRY_ANCHORS;
      int any = 0;
      for (size_t a = 0; a < CARRY_ANCHORS; a++) {
        if (carryPrepare(&bounds[a], carryAt + a * each, carry, &carry->anchors[a], s->pixel, features, W1, b1, hidden, W2, b2, outputs)) {
          moves[a] = &bounds[a];
          any = 1;
        }
      }
      if (any) {
        int32_t* rest = (int32_t*)(carryAt + layout.carry);
        toScreen = carrySettle(moves, carry, s, rows, n, predicted, rest);
        if (toScreen < n) screened = rest;
        c->carried += (uint64_t)(n - toScreen);
      }
    }
    // a carried image proves nothing about units: the screen proves units dead only when it sees every image
    left = screenImages(&screen, s, rows, screened, toScreen, predicted, undecided, screened ? NULL : dead,
                        carry ? carry->margin : NULL, carry ? carry->reach : NULL);
    *positions = undecided;
    if (carry) {
      // the screen's certificates are for the current weights, which the slot `next` will keep
      for (int i = 0; i < toScreen; i++) carry->anchor[screened ? screened[i] : i] = (uint8_t)carry->next;
      carry->kept = 1;
    }
  } else if (carry) {
    // no certificates at these weights
    for (int r = 0; r < n; r++) carry->margin[r] = -INFINITY;
    carry->kept = 1;
  }
  c->settled += (uint64_t)(n - left);
  c->summed += (uint64_t)left;
  return left;
}

void keepClasses(Carry* carry, const int32_t* predicted, int n) {
  if (carry) for (int r = 0; r < n; r++) carry->classes[r] = (uint8_t)predicted[r];
}
