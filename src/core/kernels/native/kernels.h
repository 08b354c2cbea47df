// What every native kernel set (kernels.c for AVX-512, vector.c for AVX2 and NEON) provides
// to the Node-API bindings (bindings.c) and to the cross-compiled test harness (harness.c).
// Each function computes what src/core/kernels/reference.ts computes, term for term in the
// same order, with one rounding per multiply and per add (compiled with -ffp-contract=off).
// Functions returning int return 0 when out of memory.
#ifndef KERNELS_H
#define KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/** Sparse images: rows of (pixel index, value) pairs, values scaled through `pixel`. */
typedef struct {
  const uint32_t* rowStart;
  const uint16_t* index;
  const uint8_t* value;
  const float* pixel;
} Sparse;

/**
 * Each thread's scratch memory (packed matrices and sums), kept from call to call and
 * grown when a call needs more: the kernels allocate nothing in the training loop.
 */
typedef struct {
  uint8_t* base;  /* of the WebAssembly memory the arguments point into */
  float* scratch;
  size_t capacity;
} Context;

/** `floats` floats of scratch, 64-byte aligned; NULL if out of memory. */
static inline float* scratch(Context* c, size_t floats) {
  if (floats > c->capacity) {
    free(c->scratch);
    c->capacity = 0;
    c->scratch = aligned_alloc(64, (floats + 15) / 16 * 16 * sizeof(float));
    if (!c->scratch) return NULL;
    c->capacity = floats;
  }
  return c->scratch;
}

int sparseAffine(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W, size_t m,
                 const float* b, float* out);
int sparseAffineGrad(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* dout,
                     size_t m, float* dW, float* db);
int affine(Context* c, const float* x, int n, size_t k, const float* W, size_t m, const float* b, float* out);
int affineGrad(Context* c, const float* x, int n, size_t k, const float* dout, size_t m, float* dW, float* db);
int affineInputGrad(Context* c, const float* dout, int n, size_t m, const float* W, size_t k, float* dx);
void scaledSubtract(float* y, float a, const float* x, size_t length);
int classifySparse(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W1,
                   const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs, int32_t* predicted);

#endif
