// Native kernels written once with GCC/Clang vector extensions (8 floats to a vector), for
// processors without AVX-512: compiled with -mavx2 on x86-64 (no -mfma) and as they are on
// arm64, where a vector is two NEON registers. The same source on both, so the arm64 build
// is tested against the reference (under qemu) by the same code the AVX2 build runs.
//
// Each computes what src/core/kernels/reference.ts computes, term for term in the same
// order, with one rounding per multiply and per add: compiled with -ffp-contract=off, so
// no multiply and add are fused, and every lane is the reference's chain for its column.
//
// How they are fast with 16 registers: one image at a time, its 50 columns as 6 vectors of 8
// and one of 4 (7 chains, independent, so additions overlap). Evaluation first settles the
// images it can (classify.c: carried from the last evaluation, or screened with half-precision
// weights and a proven bound, which settle about 99% of a trained network's images with the
// class these kernels would give), and sums the others
// here, first copying W into rows of whole aligned vectors ("packed"), once per call;
// training's forward pass reads W where it is, as copying it for 100 images cost more than it
// saved (15-38% slower in two measurements on Zen 3; docs/speed.md). The weight gradient adds
// each entry's products into dW's rows in memory, in blocks of pixels whose rows stay in the
// level-1 cache (about 30% faster than sorting the batch's entries by pixel to sum each row
// in registers, measured on Zen 3). Blocking the forward passes the same way (W's rows in L1,
// each image's sums kept between blocks) measured 5-18% slower for every block and group size
// tried: reading W from L1 alone would save up to 28% of evaluation, less than the blocks'
// bookkeeping costs.
#include <string.h>
#include <stdlib.h>
#include "kernels.h"
#include "classify.h"
#include "screen.h"

typedef float vf __attribute__((vector_size(32)));
typedef float vf4 __attribute__((vector_size(16)));
typedef int32_t vi __attribute__((vector_size(32)));
typedef int32_t vi4 __attribute__((vector_size(16)));

#define INLINE __attribute__((always_inline)) static inline
#define UNROLLED _Pragma("GCC unroll 8")
/** Floats per vector, per narrow vector, and vectors summed in one pass over an image's entries. */
#define LANES 8
#define NARROW 4
#define VECTORS 6
/** Rows of a dense product computed together, so their chains of additions interleave. */
#define GROUP 8

/** `floats` floats of scratch, 64-byte aligned; NULL if out of memory. */
static float* scratch(Context* c, size_t floats) {
  if (floats > c->capacity) {
    free(c->scratch);
    c->capacity = 0;
    c->scratch = aligned_alloc(64, (floats + 15) / 16 * 16 * sizeof(float));
    if (!c->scratch) return NULL;
    c->capacity = floats;
  }
  return c->scratch;
}

INLINE vf splat(float x) { return (vf){ x, x, x, x, x, x, x, x }; }
typedef float vfu __attribute__((vector_size(32), aligned(4)));
typedef float vf4u __attribute__((vector_size(16), aligned(4)));
INLINE vf load(const float* p) { return *(const vf*)p; }
INLINE vf4 load4(const float* p) { return *(const vf4*)p; }
/** Loads from any float's address. */
INLINE vf loadu(const float* p) { return *(const vfu*)p; }
INLINE vf4 load4u(const float* p) { return *(const vf4u*)p; }
INLINE void store(float* p, vf v) { *(vf*)p = v; }
INLINE void store4(float* p, vf4 v) { *(vf4*)p = v; }
/** x > 0 ? x : 0 in every lane (0 for -0 and NaN, as the reference). */
INLINE vf relu(vf x) { return (vf)((vi)x & (x > (vf){ 0 })); }
INLINE vf4 relu4(vf4 x) { return (vf4)((vi4)x & (x > (vf4){ 0 })); }

/**
 * A matrix of `features` rows of m columns, repacked: columns [0, columns) in rows of whole
 * aligned vectors, and columns [columns, m), at most NARROW of them, in rows of one narrow
 * vector (when `narrowAllowed`; else rounded up to whole vectors). Lanes past m are zero.
 */
typedef struct {
  float* wide;
  float* narrow;
  size_t features, m, columns;
  int hasNarrow;
  /** Floats from one row to the next, of the wide and of the narrow part. */
  size_t stride, narrowStride;
} Packed;

static Packed packedShape(size_t features, size_t m, int narrowAllowed) {
  const size_t rest = m % LANES;
  const int hasNarrow = narrowAllowed && rest > 0 && rest <= NARROW;
  const size_t columns = hasNarrow ? m - rest : (m + LANES - 1) / LANES * LANES;
  const Packed shape = { NULL, NULL, features, m, columns, hasNarrow, columns, NARROW };
  return shape;
}

/**
 * W[features x m] read where it is, in the shape packedShape gives: rows m apart, the
 * narrow part right after the wide one. Vectors then read up to 3 floats past a row's
 * end, which are the next row's or the 16 bytes of slack every allocation has; the lanes
 * they fill are never stored.
 */
static Packed inPlace(const float* W, size_t features, size_t m) {
  Packed p = packedShape(features, m, 1);
  p.wide = (float*)W;
  p.narrow = (float*)W + p.columns;
  p.stride = p.narrowStride = m;
  return p;
}

/** Floats a packed matrix takes (a multiple of 16, so the next one starts 64-byte aligned). */
static size_t packedSize(const Packed* p) {
  return (p->features * p->columns + (p->hasNarrow ? p->features * NARROW : 0) + 15) / 16 * 16;
}

/** Floats of one packed row, wide and narrow, rounded up to whole vectors. */
static size_t packedRow(const Packed* p) {
  return p->columns + LANES;
}

static void place(Packed* p, float** at) {
  p->wide = *at;
  p->narrow = p->wide + p->features * p->columns;
  *at += packedSize(p);
}

/** Copies from[features x m] (rows `stride` apart) into the packed matrix, zeros past column m. */
static void pack(const float* from, size_t stride, Packed* p) {
  for (size_t i = 0; i < p->features; i++) {
    float* wide = p->wide + i * p->columns;
    const size_t inWide = p->m < p->columns ? p->m : p->columns;
    memcpy(wide, from + i * stride, inWide * sizeof(float));
    memset(wide + inWide, 0, (p->columns - inWide) * sizeof(float));
    if (p->hasNarrow) {
      float* narrow = p->narrow + i * NARROW;
      memset(narrow, 0, NARROW * sizeof(float));
      memcpy(narrow, from + i * stride + p->columns, (p->m - p->columns) * sizeof(float));
    }
  }
}

/** W[k x m] transposed into a packed matrix of m rows of k (padded to whole vectors). */
static void packTransposed(const float* W, size_t k, size_t m, Packed* p) {
  for (size_t j = 0; j < m; j++) {
    float* row = p->wide + j * p->columns;
    for (size_t i = 0; i < k; i++) row[i] = W[i * m + j];
    memset(row + k, 0, (p->columns - k) * sizeof(float));
  }
}

typedef struct {
  vf wide[VECTORS];
  vf4 narrow;
} Sums;

/**
 * One image's sums over a block of nv vectors from column `col` (and the narrow vector if
 * `narrow`; both compile-time): from the bias, x_e W[p_e, block] added entry by entry.
 */
INLINE void sumImage(const int nv, const int narrow, const Sparse* s, uint32_t e, uint32_t last, const Packed* W, size_t col,
                     const Packed* bias, Sums* S) {
  UNROLLED for (int v = 0; v < nv; v++) S->wide[v] = loadu(bias->wide + col + v * LANES);
  if (narrow) S->narrow = load4u(bias->narrow);
  for (; e < last; e++) {
    const size_t p = s->index[e];
    const float x = s->pixel[s->value[e]];
    const float* w = W->wide + p * W->stride + col;
    const vf xv = splat(x);
    UNROLLED for (int v = 0; v < nv; v++) S->wide[v] += xv * loadu(w + v * LANES);
    // the narrow lanes take x from the wide vector: splatting x again cost two shuffles per entry
    if (narrow) S->narrow += __builtin_shufflevector(xv, xv, 0, 1, 2, 3) * load4u(W->narrow + p * W->narrowStride);
  }
}

/** Row `image` of X . W + bias, ReLU'd if asked, into out laid out as a packed row (inlined: a call per row, and W's shape unknown inside it, made the forward pass 10% slower). */
INLINE void imageRow(const Sparse* s, int32_t image, const Packed* W, const Packed* bias, int applyRelu, float* out) {
  const uint32_t first = s->rowStart[image], last = s->rowStart[image + 1];
  size_t col = 0;
  do {
    const int nv = (int)((W->columns - col) / LANES < VECTORS ? (W->columns - col) / LANES : VECTORS);
    const int narrow = W->hasNarrow && col + (size_t)nv * LANES == W->columns;
    Sums S = { 0 };
    // one instance per register count, with the narrow register or not, each with its sums in registers
    switch (nv * 2 + narrow) {
      case 1: sumImage(0, 1, s, first, last, W, col, bias, &S); break;
      case 2: sumImage(1, 0, s, first, last, W, col, bias, &S); break;
      case 3: sumImage(1, 1, s, first, last, W, col, bias, &S); break;
      case 4: sumImage(2, 0, s, first, last, W, col, bias, &S); break;
      case 5: sumImage(2, 1, s, first, last, W, col, bias, &S); break;
      case 6: sumImage(3, 0, s, first, last, W, col, bias, &S); break;
      case 7: sumImage(3, 1, s, first, last, W, col, bias, &S); break;
      case 8: sumImage(4, 0, s, first, last, W, col, bias, &S); break;
      case 9: sumImage(4, 1, s, first, last, W, col, bias, &S); break;
      case 10: sumImage(5, 0, s, first, last, W, col, bias, &S); break;
      case 11: sumImage(5, 1, s, first, last, W, col, bias, &S); break;
      case 12: sumImage(6, 0, s, first, last, W, col, bias, &S); break;
      default: sumImage(6, 1, s, first, last, W, col, bias, &S); break;
    }
    for (int v = 0; v < nv; v++) store(out + col + v * LANES, applyRelu ? relu(S.wide[v]) : S.wide[v]);
    if (narrow) store4(out + W->columns, applyRelu ? relu4(S.narrow) : S.narrow);
    col += (size_t)nv * LANES;
  } while (col < W->columns);
}

/**
 * Asks for an image's entries to be brought into the cache while another is summed. A
 * training batch's images are scattered through the dataset, so the first forward pass
 * over them otherwise waits for memory at every image: this made it about 15% faster.
 */
static void prefetchImage(const Sparse* s, int32_t image) {
  const uint32_t first = s->rowStart[image], last = s->rowStart[image + 1];
  for (uint32_t e = first; e < last; e += 32) __builtin_prefetch(s->index + e);
  for (uint32_t e = first; e < last; e += 64) __builtin_prefetch(s->value + e);
}

/**
 * sparseAffine of the columns `columns` lists (`live` of m) alone: W's and b's columns
 * gathered into rows of their own, summed, and written in their places; the others are
 * written as 0.
 */
__attribute__((noinline)) static int sparseAffineGathered(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W, size_t m,
                                const float* b, float* out, const int32_t* dead, size_t live) {
  const Packed full = inPlace(W, features, m);
  // the row of sums; W's and b's live columns (with the slack inPlace reads past a row); their numbers
  const size_t rowFloats = packedRow(&full);
  float* row = scratch(c, rowFloats + (features + 1) * live + m + 16);
  if (!row) return 0;
  float* gatheredW = row + rowFloats;
  float* gatheredB = gatheredW + features * live;
  uint32_t* columns = (uint32_t*)(gatheredB + live);
  size_t u = 0;
  for (size_t j = 0; j < m; j++) if (dead[j] != 1) columns[u++] = (uint32_t)j;
  for (size_t p = 0; p < features; p++) {
    const float* from = W + p * m;
    float* to = gatheredW + p * live;
    for (u = 0; u < live; u++) to[u] = from[columns[u]];
  }
  for (u = 0; u < live; u++) gatheredB[u] = b[columns[u]];
  const Packed weights = inPlace(gatheredW, features, live), bias = inPlace(gatheredB, 1, live);
  for (int r = 0; r < n; r++) {
    if (r + 1 < n && live > 0) prefetchImage(s, rows[r + 1]);
    float* to = out + (size_t)r * m;
    memset(to, 0, m * sizeof(float));
    if (live == 0) continue;
    imageRow(s, rows[r], &weights, &bias, 0, row);
    for (u = 0; u < live; u++) to[columns[u]] = row[u];
  }
  return 1;
}

/**
 * The columns `dead` marks (known at most zero on every row, read only through a ReLU) are
 * written as 0 and not summed, when that saves at least a vector of them.
 */
static int sparseAffine(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W, size_t m,
                 const float* b, float* out, const int32_t* dead) {
  if (dead) {
    size_t live = 0;
    for (size_t j = 0; j < m; j++) live += dead[j] != 1;
    if (live + LANES <= m) return sparseAffineGathered(c, s, rows, n, features, W, m, b, out, dead, live);
  }
  const Packed weights = inPlace(W, features, m), bias = inPlace(b, 1, m);
  float* row = scratch(c, packedRow(&weights));
  if (!row) return 0;
  for (int r = 0; r < n; r++) {
    if (r + 1 < n) prefetchImage(s, rows[r + 1]);
    imageRow(s, rows[r], &weights, &bias, 0, row);
    // a packed row's columns are in order, the narrow ones right after the wide ones
    memcpy(out + (size_t)r * m, row, m * sizeof(float));
  }
  return 1;
}

/**
 * Adds x_e d[v] to the packed rows of `block` (row p - p0 for entry e's pixel p) for image
 * `image`'s entries from *at before pixel `limit`, for nv vectors from column `col` (and
 * the narrow vector if `narrow`; both compile-time); d is dout's row, packed, in registers.
 */
INLINE void addEntries(const int nv, const int narrow, const Sparse* s, uint32_t* at, uint32_t last, uint32_t limit, uint32_t p0,
                       const float* d, const float* dNarrow, float* block, size_t stride, size_t columns, size_t col) {
  vf D[VECTORS];
  vf4 N = { 0 };
  UNROLLED for (int v = 0; v < nv; v++) D[v] = load(d + col + v * LANES);
  if (narrow) N = load4(dNarrow);
  // the arrays' addresses in registers: read through the struct, they were read again after every store
  const uint16_t* index = s->index;
  const uint8_t* value = s->value;
  const float* pixel = s->pixel;
  // modulo 2^64, p * stride + wideAt is (p - p0) * stride + col: the offset of pixel p's vectors in the block
  const size_t wideAt = col - (size_t)p0 * stride, narrowAt = columns - (size_t)p0 * stride;
  uint32_t e = *at;
  for (; e < last && index[e] < limit; e++) {
    const size_t p = index[e];
    float* row = block + (p * stride + wideAt);
    const float x = pixel[value[e]];
    const vf xv = splat(x);
    UNROLLED for (int v = 0; v < nv; v++) store(row + v * LANES, load(row + v * LANES) + xv * D[v]);
    if (narrow) {
      float* rest = block + (p * stride + narrowAt);
      store4(rest, load4(rest) + __builtin_shufflevector(xv, xv, 0, 1, 2, 3) * N);  // x's lanes, as in sumImage
    }
  }
  *at = e;
}

/** No target attribute: this file is compiled for its set. */
#define KERNEL
#include "gradient-block.h"

/**
 * dW[p, :] = sum of x_e dout[r, :] over the entries e of pixel p, rows r in order (the
 * reference's order for each element of dW), from zero; db = column sums of dout.
 * Pixels are taken in blocks whose rows of dW, packed in scratch, stay in the level-1
 * cache while every image in order adds its entries in the block; each block is then
 * copied to dW. (Summing each pixel's row in registers needed the entries sorted by
 * pixel first, which cost more than the sums.)
 *
 * A column of dout that is all zeros (a hidden unit dead on every image of the batch, as
 * most are at high learning rates) gives zeros in its columns of dW and db, exactly as the
 * reference's sums from zero do (+0 plus products of zero is +0): such columns are left out
 * of the sums when that saves a vector of them, and written as zeros.
 */
static int sparseAffineGrad(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* dout,
                     size_t m, float* dW, float* db) {
  // room for the most: every column summed, dout's columns gathered, and their numbers
  const Packed most = packedShape((size_t)n, m, 1);
  const size_t mostStride = packedRow(&most);
  const size_t mostBlock = blockPixels(mostStride);
  float* at = scratch(c, packedSize(&most) + mostBlock * mostStride + (size_t)n + (size_t)n * m + m + 16);
  if (!at) return 0;
  float* gathered = at + packedSize(&most) + mostBlock * mostStride + (size_t)n;
  uint32_t* columns = (uint32_t*)(gathered + (size_t)n * m);
  size_t live = 0;
  for (size_t j = 0; j < m; j++) {
    int zeros = 1;
    for (int r = 0; r < n && zeros; r++) zeros = dout[(size_t)r * m + j] == 0;
    if (!zeros) columns[live++] = (uint32_t)j;
  }
  const int gather = live + LANES <= m;
  if (gather) {
    for (int r = 0; r < n; r++) for (size_t u = 0; u < live; u++) gathered[(size_t)r * live + u] = dout[(size_t)r * m + columns[u]];
  }
  const float* from = gather ? gathered : dout;
  const size_t width = gather ? live : m;
  if (width == 0) {
    memset(dW, 0, features * m * sizeof(float));
    memset(db, 0, m * sizeof(float));
    return 1;
  }

  Packed d = packedShape((size_t)n, width, 1);
  const size_t stride = packedRow(&d);
  const size_t block = blockPixels(stride);
  place(&d, &at);
  float* sums = at;
  uint32_t* cursor = (uint32_t*)(sums + block * stride);
  pack(from, width, &d);
  for (int r = 0; r < n; r++) cursor[r] = s->rowStart[rows[r]];
  for (size_t p0 = 0; p0 < features; p0 += block) {
    const size_t count = sumBlock(s, rows, n, features, &d, p0, block, sums, stride, cursor);
    // a packed row's columns are in order, the narrow ones right after the wide ones
    for (size_t i = 0; i < count; i++) {
      float* out = dW + (p0 + i) * m;
      const float* row = sums + i * stride;
      if (!gather) {
        memcpy(out, row, m * sizeof(float));
        continue;
      }
      memset(out, 0, m * sizeof(float));
      for (size_t u = 0; u < live; u++) out[columns[u]] = row[u];
    }
  }
  if (!gather) {
    columnSums(dout, n, m, db);
    return 1;
  }
  // the gathered columns' sums, into their places among zeros
  float* sumsOfLive = sums;
  columnSums(gathered, n, live, sumsOfLive);
  memset(db, 0, m * sizeof(float));
  for (size_t u = 0; u < live; u++) db[columns[u]] = sumsOfLive[u];
  return 1;
}

/**
 * out[r, :] = bias + sum over i of x[r, i] W[i, :] for n rows of k (rows of x `stride`
 * apart), W and bias packed (no narrow part): GROUP rows at a time, one vector of columns
 * at a time, so that GROUP chains of additions interleave.
 */
static void denseRows(const float* x, int n, size_t k, size_t stride, const Packed* W, const Packed* bias, float* out, size_t m,
                      float* row) {
  for (int r = 0; r < n; r += GROUP) {
    const int count = n - r < GROUP ? n - r : GROUP;
    const float* rowOf[GROUP];
    // rows past `count` repeat the last one: computed, never stored
    for (int g = 0; g < GROUP; g++) rowOf[g] = x + (size_t)(r + (g < count ? g : count - 1)) * stride;
    for (size_t col = 0; col < W->columns; col += LANES) {
      vf acc[GROUP];
      UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = load(bias->wide + col);
      for (size_t i = 0; i < k; i++) {
        const vf w = load(W->wide + i * W->columns + col);
        UNROLLED for (int g = 0; g < GROUP; g++) acc[g] += splat(rowOf[g][i]) * w;
      }
      UNROLLED for (int g = 0; g < GROUP; g++) store(row + g * W->columns + col, acc[g]);
    }
    for (int g = 0; g < count; g++) memcpy(out + (size_t)(r + g) * m, row + g * W->columns, m * sizeof(float));
  }
}

static int affine(Context* c, const float* x, int n, size_t k, const float* W, size_t m, const float* b, float* out) {
  Packed weights = packedShape(k, m, 0), bias = packedShape(1, m, 0);
  float* at = scratch(c, packedSize(&weights) + packedSize(&bias) + GROUP * weights.columns);
  if (!at) return 0;
  place(&weights, &at);
  place(&bias, &at);
  pack(W, m, &weights);
  pack(b, m, &bias);
  denseRows(x, n, k, k, &weights, &bias, out, m, at);
  return 1;
}

/** dx[n x k] = dout[n x m] . W^T, each sum from zero over j in order: dout . W^T + 0. */
static int affineInputGrad(Context* c, const float* dout, int n, size_t m, const float* W, size_t k, float* dx) {
  Packed WT = packedShape(m, k, 0), zeros = packedShape(1, k, 0);
  float* at = scratch(c, packedSize(&WT) + packedSize(&zeros) + GROUP * WT.columns);
  if (!at) return 0;
  place(&WT, &at);
  place(&zeros, &at);
  packTransposed(W, k, m, &WT);
  memset(zeros.wide, 0, zeros.columns * sizeof(float));
  denseRows(dout, n, m, m, &WT, &zeros, dx, k, at);
  return 1;
}

/**
 * dW[i, :] = sum over rows r in order of x[r, i] dout[r, :], from zero; db = column sums
 * of dout. dout packed, GROUP rows of dW at a time so that their chains interleave.
 */
static int affineGrad(Context* c, const float* x, int n, size_t k, const float* dout, size_t m, float* dW, float* db) {
  Packed d = packedShape((size_t)n, m, 0);
  float* at = scratch(c, packedSize(&d) + GROUP * d.columns);
  if (!at) return 0;
  place(&d, &at);
  float* row = at;
  pack(dout, m, &d);
  for (size_t i0 = 0; i0 < k; i0 += GROUP) {
    const size_t count = k - i0 < GROUP ? k - i0 : GROUP;
    for (size_t col = 0; col < d.columns; col += LANES) {
      vf acc[GROUP];
      UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = (vf){ 0 };
      for (int r = 0; r < n; r++) {
        const vf dv = load(d.wide + (size_t)r * d.columns + col);
        const float* xr = x + (size_t)r * k + i0;
        // columns past `count` repeat the last one: computed, never stored
        UNROLLED for (int g = 0; g < GROUP; g++) acc[g] += splat(xr[(size_t)g < count ? (size_t)g : count - 1]) * dv;
      }
      UNROLLED for (int g = 0; g < GROUP; g++) store(row + g * d.columns + col, acc[g]);
    }
    for (size_t g = 0; g < count; g++) memcpy(dW + (i0 + g) * m, row + g * d.columns, m * sizeof(float));
  }
  columnSums(dout, n, m, db);
  return 1;
}

static void scaledSubtract(float* y, float a, const float* x, size_t length) {
  const vf alpha = splat(a);
  size_t i = 0;
  typedef float vfu __attribute__((vector_size(32), aligned(4)));
  for (; i + LANES <= length; i += LANES) *(vfu*)(y + i) = *(vfu*)(y + i) - alpha * *(const vfu*)(x + i);
  for (; i < length; i++) y[i] -= a * x[i];
}

/**
 * The exact classes of the images at positions[0..n) of rows (positions NULL: rows[0..n)),
 * GROUP at a time: the hidden rows from the packed W1, the scores from the packed W2.
 */
static void classifyExactly(const Sparse* s, const int32_t* rows, const int32_t* positions, int n, const Packed* weights,
                            const Packed* bias, const Packed* out, const Packed* outBias, size_t hidden, size_t outputs, float* h,
                            int32_t* predicted) {
  const size_t row = packedRow(weights);
  float* scores = h + GROUP * row;
  float* spare = scores + GROUP * outputs;
  for (int r = 0; r < n; r += GROUP) {
    const int count = n - r < GROUP ? n - r : GROUP;
    for (int g = 0; g < count; g++) imageRow(s, rows[positions ? positions[r + g] : r + g], weights, bias, 1, h + g * row);
    // the hidden rows hold the packed order: wide columns then the narrow ones, which is column order
    denseRows(h, count, hidden, row, out, outBias, scores, outputs, spare);
    for (int g = 0; g < count; g++) {
      const float* sc = scores + g * outputs;
      int best = 0;
      for (size_t j = 1; j < outputs; j++) if (sc[j] > sc[best]) best = (int)j;
      predicted[positions ? positions[r + g] : r + g] = best;
    }
  }
}

/**
 * Evaluation's classes: those classify.h settles (carried, then screened), and the others
 * summed here (every unit, the dead too).
 */
static int classifySparse(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W1,
                   const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs, int32_t* predicted,
                   int32_t* dead, Carry* carry) {
  Packed weights = packedShape(features, hidden, 1), bias = packedShape(1, hidden, 1);
  Packed out = packedShape(hidden, outputs, 0), outBias = packedShape(1, outputs, 0);
  const size_t exact = wholeLines(packedSize(&weights) + packedSize(&bias) + packedSize(&out) + packedSize(&outBias) + GROUP * packedRow(&weights)
                                  + GROUP * outputs + GROUP * out.columns);
  float* at = scratch(c, exact + settleFloats(features, hidden, outputs, n, carry));
  if (!at) return 0;
  const int32_t* positions;
  const int left = settleClasses(c, at + exact, s, rows, n, features, W1, b1, hidden, W2, b2, outputs, predicted, dead, carry, &positions);
  if (left > 0) {
    place(&weights, &at);
    place(&bias, &at);
    pack(W1, hidden, &weights);
    pack(b1, hidden, &bias);
    place(&out, &at);
    place(&outBias, &at);
    pack(W2, outputs, &out);
    pack(b2, outputs, &outBias);
    classifyExactly(s, rows, positions, left, &weights, &bias, &out, &outBias, hidden, outputs, at, predicted);
  }
  keepClasses(carry, predicted, n);
  return 1;
}

const KernelTable vectorKernels = { sparseAffine, sparseAffineGrad, affine, affineGrad, affineInputGrad, scaledSubtract, classifySparse };
