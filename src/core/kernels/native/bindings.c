// The Node-API bindings of a native kernel set (kernels.h): linked with kernels.c into
// kernels-native.node (AVX-512), and with vector.c into kernels-avx2.node (x86-64) or
// kernels-neon.node (arm64). Compiled without any processor-specific flags, so `attach`
// can run on any processor of the architecture and refuse (null) where the set's
// instructions are missing: REQUIRES names the feature, as __builtin_cpu_supports spells it.
//
// Arguments are byte offsets into the kernels' shared WebAssembly memory, exactly as for
// the WebAssembly exports; `attach` binds the functions to one memory's base address.
#define NAPI_VERSION 8
#include <node_api.h>
#include "kernels.h"

// Each function gets its thread's Context as its data.

static int64_t integer(napi_env env, napi_value v) {
  int64_t x = 0;
  napi_get_value_int64(env, v, &x);
  return x;
}

#define MAX_ARGS 14

/** The call's Context, and its `expected` arguments (addresses and sizes) as integers. */
static Context* args(napi_env env, napi_callback_info info, size_t expected, int64_t out[MAX_ARGS]) {
  size_t argc = MAX_ARGS;
  napi_value argv[MAX_ARGS];
  void* context = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, &context);
  for (size_t i = 0; i < expected; i++) out[i] = i < argc ? integer(env, argv[i]) : 0;
  return context;
}

/** The address `offset` bytes into the kernels' memory, as a pointer to `type`. */
#define AT(type, offset) ((type)(c->base + (offset)))

static Sparse sparse(const Context* c, int64_t rowStart, int64_t index, int64_t value, int64_t pixel) {
  const Sparse s = { AT(const uint32_t*, rowStart), AT(const uint16_t*, index), AT(const uint8_t*, value), AT(const float*, pixel) };
  return s;
}

static napi_value done(napi_env env, int ok) {
  if (!ok) napi_throw_error(env, NULL, "native kernels: out of memory");
  return NULL;
}

// sparseAffine(rowStart, index, value, rows, n, features, pixel, W, m, b, out)
static napi_value SparseAffine(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Context* c = args(env, info, 11, a);
  const Sparse s = sparse(c, a[0], a[1], a[2], a[6]);
  return done(env, sparseAffine(c, &s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]), (size_t)a[8],
                                AT(const float*, a[9]), AT(float*, a[10])));
}

// sparseAffineGrad(rowStart, index, value, rows, n, features, pixel, dout, m, dW, db)
static napi_value SparseAffineGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Context* c = args(env, info, 11, a);
  const Sparse s = sparse(c, a[0], a[1], a[2], a[6]);
  return done(env, sparseAffineGrad(c, &s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]), (size_t)a[8],
                                    AT(float*, a[9]), AT(float*, a[10])));
}

// affine(x, n, k, W, m, b, out)
static napi_value Affine(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Context* c = args(env, info, 7, a);
  return done(env, affine(c, AT(const float*, a[0]), (int)a[1], (size_t)a[2], AT(const float*, a[3]), (size_t)a[4], AT(const float*, a[5]),
                          AT(float*, a[6])));
}

// affineGrad(x, n, k, dout, m, dW, db)
static napi_value AffineGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Context* c = args(env, info, 7, a);
  return done(env, affineGrad(c, AT(const float*, a[0]), (int)a[1], (size_t)a[2], AT(const float*, a[3]), (size_t)a[4], AT(float*, a[5]),
                              AT(float*, a[6])));
}

// affineInputGrad(dout, n, m, W, k, dx)
static napi_value AffineInputGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Context* c = args(env, info, 6, a);
  return done(env, affineInputGrad(c, AT(const float*, a[0]), (int)a[1], (size_t)a[2], AT(const float*, a[3]), (size_t)a[4],
                                   AT(float*, a[5])));
}

// scaledSubtract(y, a, x, length): `a` is the one argument that is not an address or a size
static napi_value ScaledSubtract(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  void* data = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, &data);
  const Context* c = data;
  double scale = 0;
  napi_get_value_double(env, argv[1], &scale);
  scaledSubtract(AT(float*, integer(env, argv[0])), (float)scale, AT(const float*, integer(env, argv[2])), (size_t)integer(env, argv[3]));
  return NULL;
}

// classifySparse(rowStart, index, value, rows, n, features, pixel, W1, b1, hidden, W2, b2, outputs, predicted)
static napi_value ClassifySparse(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Context* c = args(env, info, 14, a);
  const Sparse s = sparse(c, a[0], a[1], a[2], a[6]);
  return done(env, classifySparse(c, &s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]),
                                  AT(const float*, a[8]), (size_t)a[9], AT(const float*, a[10]), AT(const float*, a[11]), (size_t)a[12],
                                  AT(int32_t*, a[13])));
}

static void release(napi_env env, void* data, void* hint) {
  Context* c = data;
  free(c->scratch);
  free(c);
}

/** Whether this processor (and its operating system) has the instructions of this set. */
static int supported(void) {
#ifdef REQUIRES
  __builtin_cpu_init();
  return __builtin_cpu_supports(REQUIRES);
#else
  return 1;
#endif
}

/**
 * attach(bytes: Uint8Array over the whole memory) -> the kernels bound to it, or null when
 * this processor lacks the set's instructions. A shared WebAssembly memory never moves,
 * so the base address holds for the memory's lifetime.
 */
static napi_value Attach(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (!supported()) {
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
  Context* c = calloc(1, sizeof(Context));
  if (!c) return done(env, 0);
  c->base = data;
  static const struct { const char* name; napi_callback call; } functions[] = {
    { "sparseAffine", SparseAffine }, { "sparseAffineGrad", SparseAffineGrad }, { "classifySparse", ClassifySparse },
    { "affine", Affine }, { "affineGrad", AffineGrad }, { "affineInputGrad", AffineInputGrad }, { "scaledSubtract", ScaledSubtract },
  };
  napi_create_object(env, &result);
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
    napi_value f;
    napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH, functions[i].call, c, &f);
    napi_set_named_property(env, result, functions[i].name, f);
  }
  napi_add_finalizer(env, result, c, release, NULL, NULL);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value attach;
  napi_create_function(env, "attach", NAPI_AUTO_LENGTH, Attach, NULL, &attach);
  napi_set_named_property(env, exports, "attach", attach);
  return exports;
}
