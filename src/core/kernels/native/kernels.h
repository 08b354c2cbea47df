// The native kernel sets, as the Node-API bindings (napi.c) and the arm64 test harness
// (harness.c) call them: AVX-512F (kernels.c, x86-64), and AVX2 or NEON (vector.c, compiled
// with -mavx2 on x86-64 and plainly on arm64). Each set is a table of the same functions;
// every set's evaluation first settles the classes it can without summing (classify.c, with
// carry.c and screen.c), and layout.c and softmax.c are shared by every set.
// Pointers are into the kernels' shared WebAssembly memory; functions returning int
// return 0 when out of scratch memory.
#ifndef RUN_EXPERIMENTS_KERNELS_H
#define RUN_EXPERIMENTS_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

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
  /** Whether classifySparse may screen (screen.h): set when the set is attached. */
  int screening;
  /** Images classifySparse settled without summing them exactly (carried or screened), those carried, and those it summed exactly. */
  uint64_t settled, carried, summed;
} Context;

/** Classes carried from an evaluation to the next (carry.h). */
typedef struct Carry Carry;

/** One set's kernels. */
typedef struct {
  /**
   * `dead` (NULL: none) marks with 1 the columns known to be at most zero for every row, whose
   * values only a ReLU reads: a set may write them as 0 rather than sum them.
   */
  int (*sparseAffine)(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W, size_t m,
                      const float* b, float* out, const int32_t* dead);
  int (*sparseAffineGrad)(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* dout,
                          size_t m, float* dW, float* db);
  int (*affine)(Context* c, const float* x, int n, size_t k, const float* W, size_t m, const float* b, float* out);
  int (*affineGrad)(Context* c, const float* x, int n, size_t k, const float* dout, size_t m, float* dW, float* db);
  int (*affineInputGrad)(Context* c, const float* dout, int n, size_t m, const float* W, size_t k, float* dx);
  void (*scaledSubtract)(float* y, float a, const float* x, size_t length);
  /**
   * `dead` (NULL: none) marks with 1 the hidden units known to be zero after the ReLU for every
   * image of the call, which a set may skip; on return it also marks those the set proved so
   * (where it screened: classify.h). `carry` (NULL: none) has the certificates of the images'
   * classes at earlier evaluations; the set rewrites those that do not stand for their
   * anchor's weights for these weights and sets carry->kept.
   */
  int (*classifySparse)(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W1,
                        const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs, int32_t* predicted,
                        int32_t* dead, Carry* carry);
} KernelTable;

/** A convolution or pooling window over one image (kernels.ts's Window). */
typedef struct {
  int channels, height, width, size, stride, pad, outHeight, outWidth;
} Window;

/** layout.c: the rearrangements of convolution and pooling, the same for every set. */
void layoutIm2col(const float* x, int n, const Window* w, float* col);
void layoutSparseIm2col(const Sparse* s, const int32_t* rows, int n, const Window* w, float* col);
void layoutCol2im(const float* dcol, int n, const Window* w, float* dx);
void layoutMaxPool(const float* x, int n, const Window* w, float* out, int32_t* argmax);
void layoutMaxPoolBackward(const float* dout, const int32_t* argmax, size_t outputs, float* dx, size_t inputs);
void layoutConvOutput(const float* out2d, int n, int positions, int filters, const float* b, float* out);
void layoutConvOutputGrad(const float* dout, int n, int positions, int filters, float* dout2d);

/** softmax.c: each float32 row's softmax, as functions.ts's softmaxRows; the same for every set. */
void softmaxRows(const float* x, int n, size_t m, float* out);

/** kernels.c: AVX-512F, on x86-64 only. */
extern const KernelTable avx512Kernels;
/** vector.c: AVX2 on x86-64, NEON on arm64. */
extern const KernelTable vectorKernels;

#pragma GCC visibility pop

#endif
