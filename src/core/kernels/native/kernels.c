// Native x86-64 kernels (AVX-512F) for the three sparse products that dominate a run: the
// first layer's forward pass, its weight gradient, and the fused classification that
// evaluation runs over every image. Each computes what src/core/kernels/reference.ts
// computes, term for term in the same order, with one rounding per multiply and per add:
// this file is compiled with -ffp-contract=off, so no multiply and add are ever fused, and
// the results are the same bits as the WebAssembly kernels' (../assembly/kernels.ts).
//
// They are faster than the WebAssembly ones because a 512-bit register holds 16 columns
// (a 50-wide layer is 4 registers, not 13) and there are 32 of them, so two images are
// summed at once and each output's chain of additions is not the bottleneck.
//
// Arguments are byte offsets into the kernels' shared WebAssembly memory, exactly as for
// the WebAssembly exports; `attach` binds the functions to one memory's base address.
// Matrices are dense and row-major; sparse images are rows of (pixel index, value) pairs.

#define NAPI_VERSION 8
#include <node_api.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KERNEL __attribute__((target("avx512f")))
#define INLINE __attribute__((always_inline)) static inline
/** Loops over a block's registers are unrolled, so its accumulators live in registers. */
#define UNROLLED _Pragma("GCC unroll 8")
/** Columns per register, and registers per block of columns. */
#define LANES 16
#define VECTORS 4
#define BLOCK (LANES * VECTORS)
/** Images classified together, so the output layer's chains interleave. */
#define GROUP 8

typedef struct {
  const uint32_t* rowStart;
  const uint16_t* index;
  const uint8_t* value;
  const float* pixel;
} Sparse;

/** A matrix's rows as the kernels read them: `stride` floats apart, `tail` the lanes of a block's last register that hold columns. */
typedef struct {
  const float* at;
  size_t stride;
} Rows;

/** The lanes of the last register of columns [col, col + BLOCK) of m that hold columns, and the block's register count. */
INLINE int blockShape(size_t col, size_t m, __mmask16* tail) {
  const size_t left = m - col > BLOCK ? BLOCK : m - col;
  const size_t lastLanes = left - (left - 1) / LANES * LANES;
  *tail = (__mmask16)((1u << lastLanes) - 1);
  return (int)((left + LANES - 1) / LANES);
}

/**
 * Register v of a block of nv: whole, or masked to the columns for the last one. `tail` is
 * a compile-time 0xFFFF for blocks known to be whole, so that their loads need no mask.
 */
KERNEL INLINE __m512 loadBlock(const int nv, int v, const float* p, __mmask16 tail) {
  return v < nv - 1 || tail == 0xFFFF ? _mm512_loadu_ps(p + v * LANES) : _mm512_maskz_loadu_ps(tail, p + v * LANES);
}

/** acc += x_e * W[p_e, block] over entries [e, last) of one image, in order. */
KERNEL INLINE void sumOne(const int nv, const Sparse* s, uint32_t e, uint32_t last, Rows W, __mmask16 tail, __m512 acc[VECTORS]) {
  for (; e < last; e++) {
    const float* w = W.at + (size_t)s->index[e] * W.stride;
    const __m512 x = _mm512_set1_ps(s->pixel[s->value[e]]);
    UNROLLED for (int v = 0; v < nv; v++) acc[v] = _mm512_add_ps(acc[v], _mm512_mul_ps(x, loadBlock(nv, v, w, tail)));
  }
}

/**
 * Two images' sums over a block of columns, from the bias: the images' entries are
 * interleaved (two independent chains per register), each image's own terms still
 * summed in its order.
 */
KERNEL INLINE void sumPair(const int nv, const Sparse* s, const int32_t images[2], Rows W, const float* bias, __mmask16 tail,
                           __m512 A[VECTORS], __m512 B[VECTORS]) {
  uint32_t a = s->rowStart[images[0]], aLast = s->rowStart[images[0] + 1];
  uint32_t b = s->rowStart[images[1]], bLast = s->rowStart[images[1] + 1];
  UNROLLED for (int v = 0; v < nv; v++) A[v] = B[v] = loadBlock(nv, v, bias, tail);
  const uint32_t common = aLast - a < bLast - b ? aLast - a : bLast - b;
  for (uint32_t t = 0; t < common; t++, a++, b++) {
    const float* wa = W.at + (size_t)s->index[a] * W.stride;
    const float* wb = W.at + (size_t)s->index[b] * W.stride;
    const __m512 xa = _mm512_set1_ps(s->pixel[s->value[a]]);
    const __m512 xb = _mm512_set1_ps(s->pixel[s->value[b]]);
    UNROLLED for (int v = 0; v < nv; v++) {
      A[v] = _mm512_add_ps(A[v], _mm512_mul_ps(xa, loadBlock(nv, v, wa, tail)));
      B[v] = _mm512_add_ps(B[v], _mm512_mul_ps(xb, loadBlock(nv, v, wb, tail)));
    }
  }
  sumOne(nv, s, a, aLast, W, tail, A);
  sumOne(nv, s, b, bLast, W, tail, B);
}

/** Rows of X . W + bias for two images (the same twice for an odd one out), columns [0, m), ReLU'd if asked. */
KERNEL INLINE void pairRows(const Sparse* s, const int32_t images[2], Rows W, size_t m, const float* bias, int relu,
                            float* outA, float* outB) {
  const __m512 zero = _mm512_setzero_ps();
  for (size_t col = 0; col < m; col += BLOCK) {
    __mmask16 tail;
    const int nv = blockShape(col, m, &tail);
    __m512 A[VECTORS], B[VECTORS];
    const Rows block = { W.at + col, W.stride };
    // one instance per register count, whole or not, each with its accumulators in registers
    switch (tail == 0xFFFF ? nv : -nv) {
      case 1: sumPair(1, s, images, block, bias + col, 0xFFFF, A, B); break;
      case 2: sumPair(2, s, images, block, bias + col, 0xFFFF, A, B); break;
      case 3: sumPair(3, s, images, block, bias + col, 0xFFFF, A, B); break;
      case 4: sumPair(4, s, images, block, bias + col, 0xFFFF, A, B); break;
      case -1: sumPair(1, s, images, block, bias + col, tail, A, B); break;
      case -2: sumPair(2, s, images, block, bias + col, tail, A, B); break;
      case -3: sumPair(3, s, images, block, bias + col, tail, A, B); break;
      default: sumPair(4, s, images, block, bias + col, tail, A, B); break;
    }
    for (int v = 0; v < nv; v++) {
      const __mmask16 lanes = v < nv - 1 ? 0xFFFF : tail;
      // max(h, 0) returns its second operand for -0 and NaN, as the reference's h > 0 ? h : 0
      _mm512_mask_storeu_ps(outA + col + v * LANES, lanes, relu ? _mm512_max_ps(A[v], zero) : A[v]);
      _mm512_mask_storeu_ps(outB + col + v * LANES, lanes, relu ? _mm512_max_ps(B[v], zero) : B[v]);
    }
  }
}

/** Rows of `stride` floats, 64-byte aligned, zeros past column m: whole registers, each one cache line. */
static float* padded(size_t count, size_t stride) {
  return aligned_alloc(64, count * stride * sizeof(float));
}

KERNEL static void pad(const float* from, size_t count, size_t m, size_t stride, float* to) {
  for (size_t i = 0; i < count; i++) {
    memcpy(to + i * stride, from + i * m, m * sizeof(float));
    memset(to + i * stride + m, 0, (stride - m) * sizeof(float));
  }
}

/** out[r, :] = b + sum over the entries of image rows[r] of x_e W[p_e, :] */
KERNEL static int sparseAffine(const Sparse* s, const int32_t* rows, int n, size_t features, const float* W, size_t m,
                               const float* b, float* out) {
  const size_t stride = (m + LANES - 1) / LANES * LANES;
  float* Wp = padded(features + 1 + 2, stride);
  if (!Wp) return 0;
  float* bias = Wp + features * stride;
  float* h = bias + stride;
  pad(W, features, m, stride, Wp);
  pad(b, 1, m, stride, bias);
  const Rows weights = { Wp, stride };
  for (int r = 0; r < n; r += 2) {
    const int next = r + 1 < n ? r + 1 : r;
    const int32_t images[2] = { rows[r], rows[next] };
    pairRows(s, images, weights, stride, bias, 0, h, h + stride);
    memcpy(out + (size_t)r * m, h, m * sizeof(float));
    memcpy(out + (size_t)next * m, h + stride, m * sizeof(float));
  }
  free(Wp);
  return 1;
}

/**
 * dW = X^T . dout, summed over rows r in order; db = column sums of dout. Summed in a
 * padded copy (whole aligned registers, no masked stores, which are slow), then copied out.
 */
KERNEL static int sparseAffineGrad(const Sparse* s, const int32_t* rows, int n, size_t features, const float* dout,
                                   size_t m, float* dW, float* db) {
  const size_t stride = (m + LANES - 1) / LANES * LANES;
  float* sum = padded(features, stride);
  if (!sum) return 0;
  memset(sum, 0, features * stride * sizeof(float));
  for (int r = 0; r < n; r++) {
    const float* d = dout + (size_t)r * m;
    const uint32_t first = s->rowStart[rows[r]], last = s->rowStart[rows[r] + 1];
    for (size_t col = 0; col < m; col += BLOCK) {
      __mmask16 tail;
      const int nv = blockShape(col, m, &tail);
      __m512 dv[VECTORS];
      for (int v = 0; v < VECTORS; v++) dv[v] = v < nv ? loadBlock(nv, v, d + col, tail) : _mm512_setzero_ps();
      for (uint32_t e = first; e < last; e++) {
        float* row = sum + (size_t)s->index[e] * stride + col;
        const __m512 x = _mm512_set1_ps(s->pixel[s->value[e]]);
        UNROLLED for (int v = 0; v < VECTORS; v++) {
          if (v >= nv) break;
          _mm512_store_ps(row + v * LANES, _mm512_add_ps(_mm512_load_ps(row + v * LANES), _mm512_mul_ps(x, dv[v])));
        }
      }
    }
  }
  for (size_t i = 0; i < features; i++) memcpy(dW + i * m, sum + i * stride, m * sizeof(float));
  free(sum);
  memset(db, 0, m * sizeof(float));
  for (int r = 0; r < n; r++) {
    for (size_t j = 0; j < m; j++) db[j] += dout[(size_t)r * m + j];
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
 * predicted[r] = argmax(relu(X . W1 + b1) . W2 + b2) for image rows[r]; false if out of
 * memory. W1 and b1 are first copied with padded, aligned rows: every read of a row is
 * then whole cache lines, and the copy costs less than the reads it saves.
 */
KERNEL static int classifySparse(const Sparse* s, const int32_t* rows, int n, size_t features, const float* W1, const float* b1,
                                 size_t hidden, const float* W2, const float* b2, size_t outputs, int32_t* predicted) {
  const size_t stride = (hidden + LANES - 1) / LANES * LANES;
  float* W = padded(features + 1 + 2 * GROUP, stride);
  float* scores = malloc(GROUP * outputs * sizeof(float));
  if (!W || !scores) {
    free(W);
    free(scores);
    return 0;
  }
  float* bias = W + features * stride;
  float* h = bias + stride;
  pad(W1, features, hidden, stride, W);
  pad(b1, 1, hidden, stride, bias);
  memset(h, 0, 2 * GROUP * stride * sizeof(float));
  const Rows weights = { W, stride };
  for (int r = 0; r < n; r += GROUP) {
    const int count = n - r < GROUP ? n - r : GROUP;
    for (int g = 0; g < count; g += 2) {
      const int next = g + 1 < count ? g + 1 : g;
      const int32_t images[2] = { rows[r + g], rows[r + next] };
      pairRows(s, images, weights, stride, bias, 1, h + g * stride, h + next * stride);
    }
    // rows past `count` keep the last group's values: computed, never read
    outputGroup(h, stride, hidden, W2, b2, outputs, scores, count, predicted + r);
  }
  free(W);
  free(scores);
  return 1;
}

// ---- Node-API bindings: each function gets the memory's base address as its data.

static int64_t integer(napi_env env, napi_value v) {
  int64_t x = 0;
  napi_get_value_int64(env, v, &x);
  return x;
}

#define MAX_ARGS 14
static uint8_t* args(napi_env env, napi_callback_info info, size_t expected, int64_t out[MAX_ARGS]) {
  size_t argc = MAX_ARGS;
  napi_value argv[MAX_ARGS];
  void* base = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, &base);
  for (size_t i = 0; i < expected; i++) out[i] = i < argc ? integer(env, argv[i]) : 0;
  return base;
}

#define AT(type, offset) ((type)(base + (offset)))

static Sparse sparse(uint8_t* base, int64_t rowStart, int64_t index, int64_t value, int64_t pixel) {
  Sparse s = { AT(const uint32_t*, rowStart), AT(const uint16_t*, index), AT(const uint8_t*, value), AT(const float*, pixel) };
  return s;
}

// sparseAffine(rowStart, index, value, rows, n, features, pixel, W, m, b, out)
static napi_value SparseAffine(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  uint8_t* base = args(env, info, 11, a);
  const Sparse s = sparse(base, a[0], a[1], a[2], a[6]);
  if (!sparseAffine(&s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]), (size_t)a[8], AT(const float*, a[9]),
                    AT(float*, a[10]))) {
    napi_throw_error(env, NULL, "native kernels: out of memory");
  }
  return NULL;
}

// sparseAffineGrad(rowStart, index, value, rows, n, features, pixel, dout, m, dW, db)
static napi_value SparseAffineGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  uint8_t* base = args(env, info, 11, a);
  const Sparse s = sparse(base, a[0], a[1], a[2], a[6]);
  if (!sparseAffineGrad(&s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]), (size_t)a[8],
                        AT(float*, a[9]), AT(float*, a[10]))) {
    napi_throw_error(env, NULL, "native kernels: out of memory");
  }
  return NULL;
}

// classifySparse(rowStart, index, value, rows, n, features, pixel, W1, b1, hidden, W2, b2, outputs, predicted)
static napi_value ClassifySparse(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  uint8_t* base = args(env, info, 14, a);
  const Sparse s = sparse(base, a[0], a[1], a[2], a[6]);
  if (!classifySparse(&s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]), AT(const float*, a[8]), (size_t)a[9],
                      AT(const float*, a[10]), AT(const float*, a[11]), (size_t)a[12], AT(int32_t*, a[13]))) {
    napi_throw_error(env, NULL, "native kernels: out of memory");
  }
  return NULL;
}

/**
 * attach(bytes: Uint8Array over the whole memory) -> the kernels bound to it, or null when
 * this processor (or its operating system) lacks AVX-512F. A shared WebAssembly memory
 * never moves, so the base address holds for the memory's lifetime.
 */
static napi_value Attach(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx512f")) {
    napi_get_null(env, &result);
    return result;
  }
  napi_typedarray_type type;
  size_t length, offset;
  void* data = NULL;
  napi_value buffer;
  if (argc < 1 || napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "native kernels: attach expects a Uint8Array over the kernels' memory");
    return NULL;
  }
  static const struct { const char* name; napi_callback call; } functions[] = {
    { "sparseAffine", SparseAffine }, { "sparseAffineGrad", SparseAffineGrad }, { "classifySparse", ClassifySparse },
  };
  napi_create_object(env, &result);
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
    napi_value f;
    napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH, functions[i].call, data, &f);
    napi_set_named_property(env, result, functions[i].name, f);
  }
  return result;
}

NAPI_MODULE_INIT() {
  napi_value attach;
  napi_create_function(env, "attach", NAPI_AUTO_LENGTH, Attach, NULL, &attach);
  napi_set_named_property(env, exports, "attach", attach);
  return exports;
}
