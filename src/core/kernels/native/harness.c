// Runs a native kernel set without Node.js, so that a set built for another architecture
// (arm64 NEON, cross-compiled) can be tested under an emulator against the TypeScript
// reference: test/core/neon-kernels.test.ts. Calls are given as the Node-API bindings take
// them (napi.c): addresses are byte offsets into a memory image.
//
// stdin:  u32 memory bytes, u32 calls; each call: u32 kernel, u32 argument count, that many
//         f64 arguments; then the memory image.
// stdout: the memory image after the calls, in order.
// classifySparse's carry (napi.c takes it as an object of typed arrays) is given here as
// nine more arguments, offsets into the image but for the last two: the weights of anchor 0
// + 1 (0: no carry, 1: no weights; the other anchors hold none), classes, margin, reach,
// regions (0: none), regionOf (0: none), anchor, the region count and the slot `next`.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "carry.h"
#include "kernels.h"

enum { SPARSE_AFFINE, SPARSE_AFFINE_GRAD, CLASSIFY_SPARSE, AFFINE, AFFINE_GRAD, AFFINE_INPUT_GRAD, SCALED_SUBTRACT, SOFTMAX };

typedef struct {
  uint32_t kernel, count;
  double args[24];
} Call;

static int fail(const char* why) {
  fprintf(stderr, "harness: %s\n", why);
  return 1;
}

#define AT(type, i) ((type)(c.base + (size_t)a[i]))
#define SPARSE(rowStart, index, value, pixel) { AT(const uint32_t*, rowStart), AT(const uint16_t*, index), AT(const uint8_t*, value), AT(const float*, pixel) }

int main(void) {
  uint32_t bytes, calls;
  if (fread(&bytes, 4, 1, stdin) != 1 || fread(&calls, 4, 1, stdin) != 1) return fail("no header");
  Call* list = calloc(calls ? calls : 1, sizeof(Call));
  for (uint32_t i = 0; i < calls; i++) {
    if (fread(&list[i].kernel, 4, 1, stdin) != 1 || fread(&list[i].count, 4, 1, stdin) != 1 || list[i].count > 24) return fail("bad call");
    if (fread(list[i].args, 8, list[i].count, stdin) != list[i].count) return fail("short call");
  }
  // screening on, as the addon attaches a set
  Context c = { aligned_alloc(64, (bytes + 63) / 64 * 64), NULL, 0, 1, 0, 0 };
  if (!c.base || fread(c.base, 1, bytes, stdin) != bytes) return fail("short memory");
  for (uint32_t i = 0; i < calls; i++) {
    const double* a = list[i].args;
    int ok = 1;
    switch (list[i].kernel) {
      case SPARSE_AFFINE: {
        const Sparse s = SPARSE(0, 1, 2, 6);
        ok = vectorKernels.sparseAffine(&c, &s, AT(const int32_t*, 3), (int)a[4], (size_t)a[5], AT(const float*, 7), (size_t)a[8], AT(const float*, 9),
                          AT(float*, 10), list[i].count > 11 && a[11] ? AT(const int32_t*, 11) : NULL);
        break;
      }
      case SPARSE_AFFINE_GRAD: {
        const Sparse s = SPARSE(0, 1, 2, 6);
        ok = vectorKernels.sparseAffineGrad(&c, &s, AT(const int32_t*, 3), (int)a[4], (size_t)a[5], AT(const float*, 7), (size_t)a[8], AT(float*, 9),
                              AT(float*, 10));
        break;
      }
      case CLASSIFY_SPARSE: {
        const Sparse s = SPARSE(0, 1, 2, 6);
        Carry carry = { 0 };
        const int carried = list[i].count > 23 && a[15] != 0;
        if (carried) {
          carry = (Carry){ .classes = AT(uint8_t*, 16), .margin = AT(float*, 17), .reach = AT(float*, 18),
                           .regions = a[19] ? AT(const float*, 19) : NULL, .regionOf = a[20] ? AT(const uint8_t*, 20) : NULL,
                           .anchor = AT(uint8_t*, 21), .regionCount = (size_t)a[22], .next = (size_t)a[23] };
          carryWeights(&carry.anchors[0], a[15] > 1 ? (const float*)(c.base + (size_t)a[15] - 1) : NULL, (size_t)a[5], (size_t)a[9], (size_t)a[12]);
        }
        ok = vectorKernels.classifySparse(&c, &s, AT(const int32_t*, 3), (int)a[4], (size_t)a[5], AT(const float*, 7), AT(const float*, 8), (size_t)a[9],
                            AT(const float*, 10), AT(const float*, 11), (size_t)a[12], AT(int32_t*, 13),
                            list[i].count > 14 && a[14] ? AT(int32_t*, 14) : NULL, carried ? &carry : NULL);
        break;
      }
      case AFFINE:
        ok = vectorKernels.affine(&c, AT(const float*, 0), (int)a[1], (size_t)a[2], AT(const float*, 3), (size_t)a[4], AT(const float*, 5), AT(float*, 6));
        break;
      case AFFINE_GRAD:
        ok = vectorKernels.affineGrad(&c, AT(const float*, 0), (int)a[1], (size_t)a[2], AT(const float*, 3), (size_t)a[4], AT(float*, 5), AT(float*, 6));
        break;
      case AFFINE_INPUT_GRAD:
        ok = vectorKernels.affineInputGrad(&c, AT(const float*, 0), (int)a[1], (size_t)a[2], AT(const float*, 3), (size_t)a[4], AT(float*, 5));
        break;
      case SCALED_SUBTRACT:
        vectorKernels.scaledSubtract(AT(float*, 0), (float)a[1], AT(const float*, 2), (size_t)a[3]);
        break;
      case SOFTMAX:
        softmaxRows(AT(const float*, 0), (int)a[1], (size_t)a[2], AT(float*, 3));
        break;
      default:
        return fail("unknown kernel");
    }
    if (!ok) return fail("out of memory");
  }
  if (fwrite(c.base, 1, bytes, stdout) != bytes) return fail("short write");
  return 0;
}
