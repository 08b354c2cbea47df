// Native x86-64 kernels (AVX-512F) for the arithmetic of a float32 run: the first layer's
// sparse forward pass and weight gradient, the fused classification of the images that
// evaluation cannot settle without summing (classify.c), the later layers' dense passes, and
// the optimizers' step. Each
// computes what src/core/kernels/reference.ts computes, term for term in the same order,
// with one rounding per multiply and per add: this file is compiled with
// -ffp-contract=off, so no multiply and add are ever fused, and the results are the same
// bits as the WebAssembly kernels' (../assembly/kernels.ts).
//
// They are faster than the WebAssembly ones because a 512-bit register holds 16 columns
// (a 50-wide layer is 3 of them and a 128-bit one, not 13 vectors of 4) and there are 32
// of them, so two images are summed at once, each in its own registers. What limits them
// is then reading the rows of W from the second-level cache, so W is first copied into
// rows of whole cache lines, and columns past the last whole register (2 of the 50) into
// a narrow matrix of their own that stays in the first-level cache ("packed" below).
//
// Matrices are dense and row-major; sparse images are rows of (pixel index, value) pairs.
// The Node-API bindings, which turn the JavaScript arguments (byte offsets into the
// kernels' shared WebAssembly memory) into pointers, are in napi.c.

#include "classify.h"
#include "kernels.h"
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define KERNEL __attribute__((target("avx512f")))
#define INLINE __attribute__((always_inline)) static inline
/** Loops over a block's registers are unrolled, so its accumulators live in registers. */
#define UNROLLED _Pragma("GCC unroll 8")
/** Columns per register, and registers per block of columns (one pass over an image's entries). */
#define LANES 16
#define VECTORS 4
/** Images classified together, so the output layer's chains interleave. */
#define GROUP 8

/**
 * A matrix of `features` rows of m columns, repacked: columns [0, columns) in rows of
 * whole 512-bit registers, each 64-byte aligned, and columns [columns, m), at most NARROW
 * of them, in rows of one 128-bit register. Lanes past m are zero. A wider remainder (5
 * to 15 columns) is padded to a whole register instead, as a narrow matrix would not save
 * reads.
 */
typedef struct {
  float* wide;
  float* narrow;
  size_t features;
  size_t m;
  size_t columns;  /* of the wide part: a multiple of LANES */
  int hasNarrow;
} Packed;

/** Columns of a packed matrix's narrow part, at most: one 128-bit register. */
#define NARROW 4

/** The layout of a packed matrix of m columns. */
static Packed packedShape(size_t features, size_t m) {
  const size_t rest = m % LANES;
  const int hasNarrow = rest > 0 && rest <= NARROW;
  const Packed shape = { NULL, NULL, features, m, hasNarrow ? m - rest : (m + LANES - 1) / LANES * LANES, hasNarrow };
  return shape;
}

/** `floats` floats of scratch, 64-byte aligned; NULL if out of memory. */
static float* scratch(Context* c, size_t floats) {
  if (floats > c->capacity) {
    free(c->scratch);
    c->capacity = 0;
    c->scratch = aligned_alloc(64, (floats + LANES - 1) / LANES * LANES * sizeof(float));
    if (!c->scratch) return NULL;
    c->capacity = floats;
  }
  return c->scratch;
}

/** Floats a packed matrix takes (a multiple of LANES, so the next one starts aligned). */
static size_t packedSize(const Packed* p) {
  return p->features * p->columns + (p->features * NARROW + LANES - 1) / LANES * LANES;
}

/** Places a packed matrix at *at, and moves *at past it. */
static void place(Packed* p, float** at) {
  p->wide = *at;
  p->narrow = p->wide + p->features * p->columns;
  *at += packedSize(p);
}

/** Which lanes of a register starting at column `first` of a row of m columns hold columns. */
INLINE __mmask16 lanesOf(size_t m, size_t first) {
  return first >= m ? 0 : m - first >= LANES ? 0xFFFF : (__mmask16)((1u << (m - first)) - 1);
}

/** Copies row[0, m) into row i of the packed matrix, zeros past column m. */
KERNEL INLINE void packRow(const float* row, size_t i, Packed* p) {
  for (size_t col = 0; col < p->columns; col += LANES) {
    _mm512_store_ps(p->wide + i * p->columns + col, _mm512_maskz_loadu_ps(lanesOf(p->m, col), row + col));
  }
  if (p->hasNarrow) {
    _mm_store_ps(p->narrow + i * NARROW, _mm512_castps512_ps128(_mm512_maskz_loadu_ps(lanesOf(p->m, p->columns), row + p->columns)));
  }
}

/** Copies from[features x m] (row-major, rows m apart) into the packed matrix. */
KERNEL static void pack(const float* from, Packed* p) {
  for (size_t i = 0; i < p->features; i++) packRow(from + i * p->m, i, p);
}

/**
 * Most columns whose dead ones sparseAffine and sparseAffineGrad leave out (on the stack: a
 * mask of each register's, and the gather's plan, 8 KB at most); wider layers sum them all.
 */
#define LIVE_COLUMNS 1024

/**
 * One register of a row's columns in a gather of its live ones: `load` marks its live
 * lanes, and `index` moves them, in order, into `lanes` of the packed register being
 * filled and, if `flush` (that register is then full), `spill` of the next.
 */
typedef struct {
  __m512i index;
  size_t from;  /* the register's first column */
  __mmask16 load, lanes, spill;
  int flush;
} GatherStep;

/** How to gather the columns `live` marks (a mask per register of LANES columns) from a row: a step per register with any. */
typedef struct {
  GatherStep step[LIVE_COLUMNS / LANES];
  int count;
} LiveGather;

/**
 * Plans the gather of the columns `live` marks from rows of m columns (m <= LIVE_COLUMNS).
 * Each row's registers are then moved into place by permutations in registers: packing
 * through a row in memory instead (compress, store, load again at another offset) stalled
 * on every row, as the load could not be served from the stores before it, and took 6% of
 * a run at lr 1.5 on Zen 5.
 */
KERNEL static void planGather(const __mmask16* live, size_t m, LiveGather* g) {
  const __m512i iota = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  size_t kept = 0;
  g->count = 0;
  for (size_t col = 0; col < m; col += LANES) {
    const __mmask16 mask = live[col / LANES];
    const unsigned count = (unsigned)__builtin_popcount(mask);
    if (count == 0) continue;
    const unsigned at = (unsigned)(kept % LANES);
    // lane l of the packed registers takes the register's (l - at) mod LANES-th live lane
    const __m512i rotate = _mm512_and_si512(_mm512_sub_epi32(iota, _mm512_set1_epi32((int)at)), _mm512_set1_epi32(LANES - 1));
    const uint32_t span = ((1u << count) - 1) << at;
    GatherStep* step = &g->step[g->count++];
    step->index = _mm512_permutexvar_epi32(rotate, _mm512_maskz_compress_epi32(mask, iota));
    step->from = col;
    step->load = mask;
    step->lanes = (__mmask16)span;
    step->spill = (__mmask16)(span >> LANES);
    step->flush = at + count >= LANES;
    kept += count;
  }
}

/** Stores register k of a packed row i: a wide register, or the narrow one, or nothing past them. */
KERNEL INLINE void storeRegister(Packed* p, size_t i, size_t k, __m512 v) {
  const size_t col = k * LANES;
  if (col < p->columns) _mm512_store_ps(p->wide + i * p->columns + col, v);
  else if (p->hasNarrow) _mm_store_ps(p->narrow + i * NARROW, _mm512_castps512_ps128(v));
}

/** Gathers rows [i, i + rows) of from (rows m apart) into the packed matrix, `rows` (1 or 2, compile-time) at once so that their permutations overlap. */
KERNEL INLINE void gatherRows(const int rows, const float* from, size_t m, const LiveGather* g, Packed* p, size_t i) {
  __m512 packed[2] = { _mm512_setzero_ps(), _mm512_setzero_ps() };
  size_t k = 0;
  for (int s = 0; s < g->count; s++) {
    const GatherStep* step = &g->step[s];
    UNROLLED for (int r = 0; r < rows; r++) {
      const __m512 v = _mm512_maskz_loadu_ps(step->load, from + (i + (size_t)r) * m + step->from);
      packed[r] = _mm512_mask_permutexvar_ps(packed[r], step->lanes, step->index, v);
      if (step->flush) {
        storeRegister(p, i + (size_t)r, k, packed[r]);
        packed[r] = _mm512_maskz_permutexvar_ps(step->spill, step->index, v);
      }
    }
    k += (size_t)step->flush;
  }
  if (p->m % LANES) UNROLLED for (int r = 0; r < rows; r++) storeRegister(p, i + (size_t)r, k, packed[r]);
}

/** Copies the columns of from[features x m] that g gathers (p->m of them) into the packed matrix, in order, zeros past them. */
KERNEL static void gatherLive(const float* from, size_t m, const LiveGather* g, Packed* p) {
  size_t i = 0;
  for (; i + 2 <= p->features; i += 2) gatherRows(2, from, m, g, p, i);
  if (i < p->features) gatherRows(1, from, m, g, p, i);
}

/** One image's sums: nv wide registers of a block, and the narrow one. */
typedef struct {
  __m512 wide[VECTORS];
  __m128 narrow;
} Sums;

/**
 * sums += x_e * W[p_e, block] over entries [e, last) of one image, in order: nv registers
 * of the wide rows from column `col`, and the narrow row if `narrow` (both compile-time).
 */
KERNEL INLINE void sumOne(const int nv, const int narrow, const Sparse* s, uint32_t e, uint32_t last, const Packed* W, size_t col,
                          Sums* sums) {
  for (; e < last; e++) {
    const size_t p = s->index[e];
    const float x = s->pixel[s->value[e]];
    const float* w = W->wide + p * W->columns + col;
    UNROLLED for (int v = 0; v < nv; v++) {
      sums->wide[v] = _mm512_add_ps(sums->wide[v], _mm512_mul_ps(_mm512_set1_ps(x), _mm512_load_ps(w + v * LANES)));
    }
    if (narrow) sums->narrow = _mm_add_ps(sums->narrow, _mm_mul_ps(_mm_set1_ps(x), _mm_load_ps(W->narrow + p * NARROW)));
  }
}

/**
 * Two images' sums over a block, from the bias: the images' entries are interleaved (two
 * independent chains per register), each image's own terms still summed in its order.
 */
KERNEL INLINE void sumPair(const int nv, const int narrow, const Sparse* s, const int32_t images[2], const Packed* W, size_t col,
                           const Packed* bias, Sums* A, Sums* B) {
  uint32_t a = s->rowStart[images[0]], aLast = s->rowStart[images[0] + 1];
  uint32_t b = s->rowStart[images[1]], bLast = s->rowStart[images[1] + 1];
  UNROLLED for (int v = 0; v < nv; v++) A->wide[v] = B->wide[v] = _mm512_load_ps(bias->wide + col + v * LANES);
  if (narrow) A->narrow = B->narrow = _mm_load_ps(bias->narrow);
  const uint32_t common = aLast - a < bLast - b ? aLast - a : bLast - b;
  for (uint32_t t = 0; t < common; t++, a++, b++) {
    const size_t pa = s->index[a], pb = s->index[b];
    const float xa = s->pixel[s->value[a]], xb = s->pixel[s->value[b]];
    const float* wa = W->wide + pa * W->columns + col;
    const float* wb = W->wide + pb * W->columns + col;
    UNROLLED for (int v = 0; v < nv; v++) {
      A->wide[v] = _mm512_add_ps(A->wide[v], _mm512_mul_ps(_mm512_set1_ps(xa), _mm512_load_ps(wa + v * LANES)));
      B->wide[v] = _mm512_add_ps(B->wide[v], _mm512_mul_ps(_mm512_set1_ps(xb), _mm512_load_ps(wb + v * LANES)));
    }
    if (narrow) {
      A->narrow = _mm_add_ps(A->narrow, _mm_mul_ps(_mm_set1_ps(xa), _mm_load_ps(W->narrow + pa * NARROW)));
      B->narrow = _mm_add_ps(B->narrow, _mm_mul_ps(_mm_set1_ps(xb), _mm_load_ps(W->narrow + pb * NARROW)));
    }
  }
  sumOne(nv, narrow, s, a, aLast, W, col, A);
  sumOne(nv, narrow, s, b, bLast, W, col, B);
}

/**
 * Rows of X . W + bias for two images (the same twice for an odd one out), ReLU'd if
 * asked, into outA and outB: rows laid out as a packed row, wide columns then narrow.
 */
KERNEL static void pairRows(const Sparse* s, const int32_t images[2], const Packed* W, const Packed* bias, int relu,
                            float* outA, float* outB) {
  const __m512 zero = _mm512_setzero_ps();
  size_t col = 0;
  do {
    const int nv = (int)((W->columns - col) / LANES < VECTORS ? (W->columns - col) / LANES : VECTORS);
    const int narrow = W->hasNarrow && col + (size_t)nv * LANES == W->columns;
    Sums A = { 0 }, B = { 0 };
    // one instance per register count, with the narrow register or not, each with its sums in registers
    switch (nv * 2 + narrow) {
      case 1: sumPair(0, 1, s, images, W, col, bias, &A, &B); break;
      case 2: sumPair(1, 0, s, images, W, col, bias, &A, &B); break;
      case 3: sumPair(1, 1, s, images, W, col, bias, &A, &B); break;
      case 4: sumPair(2, 0, s, images, W, col, bias, &A, &B); break;
      case 5: sumPair(2, 1, s, images, W, col, bias, &A, &B); break;
      case 6: sumPair(3, 0, s, images, W, col, bias, &A, &B); break;
      case 7: sumPair(3, 1, s, images, W, col, bias, &A, &B); break;
      case 8: sumPair(4, 0, s, images, W, col, bias, &A, &B); break;
      default: sumPair(4, 1, s, images, W, col, bias, &A, &B); break;
    }
    // max(h, 0) returns its second operand for -0 and NaN, as the reference's h > 0 ? h : 0
    for (int v = 0; v < nv; v++) {
      _mm512_store_ps(outA + col + v * LANES, relu ? _mm512_max_ps(A.wide[v], zero) : A.wide[v]);
      _mm512_store_ps(outB + col + v * LANES, relu ? _mm512_max_ps(B.wide[v], zero) : B.wide[v]);
    }
    if (narrow) {
      _mm_store_ps(outA + W->columns, relu ? _mm_max_ps(A.narrow, _mm_setzero_ps()) : A.narrow);
      _mm_store_ps(outB + W->columns, relu ? _mm_max_ps(B.narrow, _mm_setzero_ps()) : B.narrow);
    }
    col += (size_t)nv * LANES;
  } while (col < W->columns);
}

/** Floats in one packed row, wide and narrow, rounded up to a whole register. */
static size_t packedRow(const Packed* p) {
  return p->columns + LANES;
}

/**
 * to[0, m) from the row `from` of the columns `live` marks (a mask per register of LANES
 * columns), in order: each register's live lanes expanded into place, the others 0. Reads
 * up to LANES floats past the last live column's.
 */
KERNEL INLINE void expandLive(const float* from, size_t m, const __mmask16* live, float* to) {
  size_t kept = 0;
  for (size_t col = 0; col < m; col += LANES) {
    const __mmask16 mask = live[col / LANES];
    _mm512_mask_storeu_ps(to + col, lanesOf(m, col), _mm512_maskz_expand_ps(mask, _mm512_loadu_ps(from + kept)));
    kept += (size_t)__builtin_popcount(mask);
  }
}

/**
 * sparseAffine of the columns `live` marks (a mask per register of LANES columns, `count` of
 * them; NULL: all m) alone: W's and b's columns packed, summed, and written in their places;
 * the others are written as 0.
 */
KERNEL static int sparseAffinePacked(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W, size_t m,
                                     const float* b, float* out, const __mmask16* live, size_t count) {
  Packed weights = packedShape(features, count), bias = packedShape(1, count);
  const size_t row = packedRow(&weights);
  // the packed matrices; two rows of sums, and the slack an expand reads past the second
  float* at = scratch(c, packedSize(&weights) + packedSize(&bias) + 3 * row);
  if (!at) return 0;
  place(&weights, &at);
  place(&bias, &at);
  float* sums = at;
  if (live) {
    LiveGather gather;
    planGather(live, m, &gather);
    gatherLive(W, m, &gather, &weights);
    gatherLive(b, m, &gather, &bias);
  } else {
    pack(W, &weights);
    pack(b, &bias);
  }
  for (int r = 0; r < n; r += 2) {
    const int next = r + 1 < n ? r + 1 : r;
    const int32_t images[2] = { rows[r], rows[next] };
    if (count > 0) pairRows(s, images, &weights, &bias, 0, sums, sums + row);
    // a packed row's columns are in order, the narrow ones right after the wide ones
    for (int k = 0; k < 2; k++) {
      float* to = out + (size_t)(k ? next : r) * m;
      if (live) expandLive(sums + k * row, m, live, to);
      else memcpy(to, sums + k * row, m * sizeof(float));
    }
  }
  return 1;
}

/**
 * out[r, :] = b + sum over the entries of image rows[r] of x_e W[p_e, :]; false if out of
 * memory. The columns `dead` marks (known at most zero on every row, read only through a
 * ReLU) are written as 0 and not summed, when that saves at least a register of them.
 */
KERNEL static int sparseAffine(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W, size_t m,
                        const float* b, float* out, const int32_t* dead) {
  if (dead && m <= LIVE_COLUMNS) {
    __mmask16 live[LIVE_COLUMNS / LANES] = { 0 };
    size_t count = 0;
    for (size_t j = 0; j < m; j++) {
      if (dead[j] != 1) {
        live[j / LANES] |= (__mmask16)(1u << (j % LANES));
        count++;
      }
    }
    if (count + LANES <= m) return sparseAffinePacked(c, s, rows, n, features, W, m, b, out, live, count);
  }
  return sparseAffinePacked(c, s, rows, n, features, W, m, b, out, NULL, m);
}

/**
 * Adds x_e d to the rows of `block` (row p - p0 for entry e's pixel p, rows `stride` apart,
 * the narrow lanes at `columns`) for image entries from *at before pixel `limit`: nv
 * registers from column `col`, and the narrow one if `narrow` (both compile-time); d is
 * dout's row, packed, held in registers.
 */
KERNEL INLINE void addEntries(const int nv, const int narrow, const Sparse* s, uint32_t* at, uint32_t last, uint32_t limit, uint32_t p0,
                              const float* d, const float* dNarrow, float* block, size_t stride, size_t columns, size_t col) {
  __m512 D[VECTORS];
  __m128 N = _mm_setzero_ps();
  UNROLLED for (int v = 0; v < nv; v++) D[v] = _mm512_load_ps(d + col + v * LANES);
  if (narrow) N = _mm_load_ps(dNarrow);
  // the arrays' addresses in registers: read through the struct, they would be read again after every store
  const uint16_t* index = s->index;
  const uint8_t* value = s->value;
  const float* pixel = s->pixel;
  uint32_t e = *at;
  for (; e < last && index[e] < limit; e++) {
    float* row = block + (size_t)(index[e] - p0) * stride;
    const float x = pixel[value[e]];
    const __m512 xv = _mm512_set1_ps(x);
    UNROLLED for (int v = 0; v < nv; v++) {
      _mm512_store_ps(row + col + v * LANES, _mm512_add_ps(_mm512_load_ps(row + col + v * LANES), _mm512_mul_ps(xv, D[v])));
    }
    if (narrow) _mm_store_ps(row + columns, _mm_add_ps(_mm_load_ps(row + columns), _mm_mul_ps(_mm512_castps512_ps128(xv), N)));
  }
  *at = e;
}

#include "gradient-block.h"

/**
 * dW[p, :] = sum of x_e dout[r, :] over the entries e of pixel p, rows r in order (the
 * reference's order for each element of dW), from zero; db = column sums of dout; false if
 * out of memory. Pixels are taken in blocks whose rows of dW stay in the level-1 cache
 * while every image in order adds its entries in the block; each block is then copied to
 * dW (summing all of dW in one pass, 200 KB for 50 columns, read it from the level-2 cache).
 *
 * A column of dout that is all zeros (a hidden unit dead on every image of the batch, as
 * most are at high learning rates) gives zeros in its columns of dW and db, exactly as the
 * reference's sums from zero do (+0 plus products of zero is +0): such columns are left out
 * of the sums when that saves a register of them, and written as zeros.
 */
KERNEL static int sparseAffineGrad(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* dout,
                            size_t m, float* dW, float* db) {
  __mmask16 live[LIVE_COLUMNS / LANES];
  size_t width = m;
  if (m <= LIVE_COLUMNS) {
    width = 0;
    for (size_t col = 0; col < m; col += LANES) {
      // the lanes where some row is not zero
      const __mmask16 lanes = lanesOf(m, col);
      __mmask16 any = 0;
      for (int r = 0; r < n; r++) any |= _mm512_cmp_ps_mask(_mm512_maskz_loadu_ps(lanes, dout + (size_t)r * m + col), _mm512_setzero_ps(), _CMP_NEQ_UQ);
      live[col / LANES] = any & lanes;
      width += (size_t)__builtin_popcount(any & lanes);
    }
  }
  const int gather = width + LANES <= m;
  if (!gather) width = m;
  columnSums(dout, n, m, db);
  if (width == 0) {
    memset(dW, 0, features * m * sizeof(float));
    return 1;
  }

  Packed d = packedShape((size_t)n, width);
  const size_t stride = packedRow(&d);
  const size_t block = blockPixels(stride);
  // dout packed; the block's rows; each image's next entry
  float* at = scratch(c, packedSize(&d) + block * stride + (size_t)n);
  if (!at) return 0;
  place(&d, &at);
  float* sums = at;
  uint32_t* cursor = (uint32_t*)(sums + block * stride);
  if (gather) {
    LiveGather plan;
    planGather(live, m, &plan);
    gatherLive(dout, m, &plan, &d);
  } else {
    pack(dout, &d);
  }
  for (int r = 0; r < n; r++) cursor[r] = s->rowStart[rows[r]];
  for (size_t p0 = 0; p0 < features; p0 += block) {
    const size_t count = sumBlock(s, rows, n, features, &d, p0, block, sums, stride, cursor);
    // a block's row holds the columns in order, the narrow ones right after the wide ones
    for (size_t i = 0; i < count; i++) {
      if (gather) expandLive(sums + i * stride, m, live, dW + (p0 + i) * m);
      else memcpy(dW + (p0 + i) * m, sums + i * stride, m * sizeof(float));
    }
  }
  return 1;
}

/**
 * scores[g, :] = b2 + sum over i of h[g, i] W2[i, :] for a group of GROUP rows of h
 * (rows `stride` apart), then each row's argmax (the first of equal maxima).
 */
KERNEL static void outputGroup(const float* h, size_t stride, size_t hidden, const float* W2, const float* b2, size_t outputs,
                               float* scores, int count, int32_t* predicted) {
  for (size_t col = 0; col < outputs; col += LANES) {
    const size_t valid = outputs - col > LANES ? LANES : outputs - col;
    const __mmask16 mask = (__mmask16)((1u << valid) - 1);
    __m512 acc[GROUP];
    UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = _mm512_maskz_loadu_ps(mask, b2 + col);
    for (size_t i = 0; i < hidden; i++) {
      const __m512 w = _mm512_maskz_loadu_ps(mask, W2 + i * outputs + col);
      UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = _mm512_add_ps(acc[g], _mm512_mul_ps(_mm512_set1_ps(h[g * stride + i]), w));
    }
    UNROLLED for (int g = 0; g < GROUP; g++) _mm512_mask_storeu_ps(scores + g * outputs + col, mask, acc[g]);
  }
  for (int g = 0; g < count; g++) {
    const float* s = scores + g * outputs;
    int best = 0;
    for (size_t j = 1; j < outputs; j++) if (s[j] > s[best]) best = (int)j;
    predicted[g] = best;
  }
}

/**
 * out[r, :] = b + sum over i of x[r, i] W[i, :] for n dense rows of k (the layers after
 * the first): rows in groups of GROUP, so that their chains of additions interleave.
 */
KERNEL static void affineOnly(const float* x, int n, size_t k, const float* W, size_t m, const float* b, float* out) {
  for (int r = 0; r < n; r += GROUP) {
    const int count = n - r < GROUP ? n - r : GROUP;
    const float* rowOf[GROUP];
    // rows past `count` repeat the last one: computed, never stored
    for (int g = 0; g < GROUP; g++) rowOf[g] = x + (size_t)(r + (g < count ? g : count - 1)) * k;
    for (size_t col = 0; col < m; col += LANES) {
      const __mmask16 lanes = lanesOf(m, col);
      __m512 acc[GROUP];
      UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = _mm512_maskz_loadu_ps(lanes, b + col);
      for (size_t i = 0; i < k; i++) {
        const __m512 w = _mm512_maskz_loadu_ps(lanes, W + i * m + col);
        UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = _mm512_add_ps(acc[g], _mm512_mul_ps(_mm512_set1_ps(rowOf[g][i]), w));
      }
      for (int g = 0; g < count; g++) {
        float* o = out + (size_t)(r + g) * m + col;
        if (lanes == 0xFFFF) _mm512_storeu_ps(o, acc[g]);
        else _mm512_mask_storeu_ps(o, lanes, acc[g]);
      }
    }
  }
}

/**
 * dW[i, :] = sum over rows r in order of x[r, i] dout[r, :] for n dense rows of k (the
 * layers after the first), and db = column sums of dout: GROUP rows of dW at a time, so
 * that their chains of additions interleave.
 */
KERNEL static void affineGradOnly(const float* x, int n, size_t k, const float* dout, size_t m, float* dW, float* db) {
  for (size_t i0 = 0; i0 < k; i0 += GROUP) {
    const size_t count = k - i0 < GROUP ? k - i0 : GROUP;
    for (size_t col = 0; col < m; col += LANES) {
      const __mmask16 lanes = lanesOf(m, col);
      __m512 acc[GROUP];
      UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = _mm512_setzero_ps();
      for (int r = 0; r < n; r++) {
        const __m512 d = _mm512_maskz_loadu_ps(lanes, dout + (size_t)r * m + col);
        const float* xr = x + (size_t)r * k + i0;
        // columns past `count` repeat the last one: computed, never stored
        UNROLLED for (int g = 0; g < GROUP; g++) acc[g] = _mm512_add_ps(acc[g], _mm512_mul_ps(_mm512_set1_ps(xr[(size_t)g < count ? (size_t)g : count - 1]), d));
      }
      for (size_t g = 0; g < count; g++) {
        float* o = dW + (i0 + g) * m + col;
        if (lanes == 0xFFFF) _mm512_storeu_ps(o, acc[g]);
        else _mm512_mask_storeu_ps(o, lanes, acc[g]);
      }
    }
  }
  columnSums(dout, n, m, db);
}

/** dx[n x k] = dout[n x m] . W^T, each sum from zero over j in order: W transposed, then `affine`. */
KERNEL static int affineInputGrad(Context* c, const float* dout, int n, size_t m, const float* W, size_t k, float* dx) {
  float* WT = scratch(c, m * k + k);
  if (!WT) return 0;
  float* zeros = WT + m * k;
  for (size_t i = 0; i < k; i++) {
    for (size_t j = 0; j < m; j++) WT[j * k + i] = W[i * m + j];
  }
  memset(zeros, 0, k * sizeof(float));
  affineOnly(dout, n, m, WT, k, zeros, dx);
  return 1;
}

/** y -= a * x over `length` floats, a rounded to float32 first (the optimizers' step). */
KERNEL static void scaledSubtract(float* y, float a, const float* x, size_t length) {
  const __m512 alpha = _mm512_set1_ps(a);
  size_t i = 0;
  for (; i + LANES <= length; i += LANES) {
    _mm512_storeu_ps(y + i, _mm512_sub_ps(_mm512_loadu_ps(y + i), _mm512_mul_ps(alpha, _mm512_loadu_ps(x + i))));
  }
  if (i < length) {
    const __mmask16 lanes = lanesOf(length, i);
    _mm512_mask_storeu_ps(y + i, lanes, _mm512_sub_ps(_mm512_maskz_loadu_ps(lanes, y + i), _mm512_mul_ps(alpha, _mm512_maskz_loadu_ps(lanes, x + i))));
  }
}

/**
 * predicted[r] = argmax(relu(X . W1 + b1) . W2 + b2) for image rows[r]; false if out of memory.
 * The images classify.h settles (carried, then screened) are not summed; the others are,
 * every unit (the dead too), two at a time.
 */
KERNEL static int classifySparse(Context* c, const Sparse* s, const int32_t* rows, int n, size_t features, const float* W1,
                          const float* b1, size_t hidden, const float* W2, const float* b2, size_t outputs, int32_t* predicted,
                          int32_t* dead, Carry* carry) {
  Packed weights = packedShape(features, hidden), bias = packedShape(1, hidden);
  const size_t row = packedRow(&weights);
  // whole registers, so that classify.h's part starts on a 64-byte line
  const size_t exact = (packedSize(&weights) + packedSize(&bias) + GROUP * row + GROUP * outputs + LANES - 1) / LANES * LANES;
  float* at = scratch(c, exact + settleFloats(features, hidden, outputs, n, carry));
  if (!at) return 0;
  const int32_t* positions;
  const int left = settleClasses(c, at + exact, s, rows, n, features, W1, b1, hidden, W2, b2, outputs, predicted, dead, carry, &positions);
  if (left > 0) {
    place(&weights, &at);
    place(&bias, &at);
    float* h = at;
    float* scores = h + GROUP * row;
    pack(W1, &weights);
    pack(b1, &bias);
    memset(h, 0, GROUP * row * sizeof(float));
    for (int r = 0; r < left; r += GROUP) {
      const int count = left - r < GROUP ? left - r : GROUP;
      // the images' positions in rows and predicted
      int32_t position[GROUP], best[GROUP];
      for (int g = 0; g < count; g++) position[g] = positions ? positions[r + g] : r + g;
      for (int g = 0; g < count; g += 2) {
        const int next = g + 1 < count ? g + 1 : g;
        const int32_t images[2] = { rows[position[g]], rows[position[next]] };
        pairRows(s, images, &weights, &bias, 1, h + g * row, h + next * row);
      }
      // rows past `count` keep the last group's values: computed, never read
      outputGroup(h, row, hidden, W2, b2, outputs, scores, count, best);
      for (int g = 0; g < count; g++) predicted[position[g]] = best[g];
    }
  }
  keepClasses(carry, predicted, n);
  return 1;
}

static int affine(Context* c, const float* x, int n, size_t k, const float* W, size_t m, const float* b, float* out) {
  affineOnly(x, n, k, W, m, b, out);
  return 1;
}

static int affineGrad(Context* c, const float* x, int n, size_t k, const float* dout, size_t m, float* dW, float* db) {
  affineGradOnly(x, n, k, dout, m, dW, db);
  return 1;
}

const KernelTable avx512Kernels = { sparseAffine, sparseAffineGrad, affine, affineGrad, affineInputGrad, scaledSubtract, classifySparse };
