// Node-API bindings of the native kernel sets (kernels.h): one addon with every set built
// for this architecture (x86-64: avx512 from kernels.c, avx2 from vector.c; arm64: neon from
// vector.c). Compiled without processor-specific flags, so `attach` runs on any processor
// of the architecture and refuses (null) a set whose instructions it lacks.
// Arguments are byte offsets into the kernels' shared WebAssembly memory, exactly as for
// the WebAssembly exports; `attach` binds one set's functions to one memory's base address.

#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "carry.h"
#include "kernels.h"

#if defined(__x86_64__)
static int hasAvx512(void) { return __builtin_cpu_supports("avx512f"); }
static int hasAvx2(void) { return __builtin_cpu_supports("avx2"); }
#endif

/** The sets of this architecture: name, kernels, and whether this processor has their instructions (NULL: always). */
static const struct { const char* name; const KernelTable* kernels; int (*supported)(void); } SETS[] = {
#if defined(__x86_64__)
  { "avx512", &avx512Kernels, hasAvx512 },
  { "avx2", &vectorKernels, hasAvx2 },
#elif defined(__aarch64__)
  { "neon", &vectorKernels, NULL },
#endif
};
#define SET_COUNT (sizeof SETS / sizeof SETS[0])

/** A bound set: its thread's Context (first, so a Binding* is a Context*) and its kernels. */
typedef struct {
  Context context;
  const KernelTable* k;
} Binding;

// ---- Each function gets its Binding as its data.

static int64_t integer(napi_env env, napi_value v) {
  int64_t x = 0;
  napi_get_value_int64(env, v, &x);
  return x;
}

#define MAX_ARGS 20

/** The call's Binding, and its `expected` arguments (addresses and sizes) as integers. */
static Binding* args(napi_env env, napi_callback_info info, size_t expected, int64_t out[MAX_ARGS]) {
  size_t argc = MAX_ARGS;
  napi_value argv[MAX_ARGS];
  void* context = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, &context);
  for (size_t i = 0; i < expected; i++) out[i] = i < argc ? integer(env, argv[i]) : 0;
  return context;
}

/** The address `offset` bytes into the kernels' memory, as a pointer to `type`. */
#define AT(type, offset) ((type)(c->context.base + (offset)))

static Sparse sparse(const Binding* c, int64_t rowStart, int64_t index, int64_t value, int64_t pixel) {
  const Sparse s = { AT(const uint32_t*, rowStart), AT(const uint16_t*, index), AT(const uint8_t*, value), AT(const float*, pixel) };
  return s;
}

static napi_value done(napi_env env, int ok) {
  if (!ok) napi_throw_error(env, NULL, "native kernels: out of memory");
  return NULL;
}

// sparseAffine(rowStart, index, value, rows, n, features, pixel, W, m, b, out, dead): dead 0 for none
static napi_value SparseAffine(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 12, a);
  const Sparse s = sparse(c, a[0], a[1], a[2], a[6]);
  return done(env, c->k->sparseAffine(&c->context, &s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]), (size_t)a[8],
                                AT(const float*, a[9]), AT(float*, a[10]), a[11] ? AT(const int32_t*, a[11]) : NULL));
}

// sparseAffineGrad(rowStart, index, value, rows, n, features, pixel, dout, m, dW, db)
static napi_value SparseAffineGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 11, a);
  const Sparse s = sparse(c, a[0], a[1], a[2], a[6]);
  return done(env, c->k->sparseAffineGrad(&c->context, &s, AT(const int32_t*, a[3]), (int)a[4], (size_t)a[5], AT(const float*, a[7]), (size_t)a[8],
                                    AT(float*, a[9]), AT(float*, a[10])));
}

// affine(x, n, k, W, m, b, out)
static napi_value Affine(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 7, a);
  return done(env, c->k->affine(&c->context, AT(const float*, a[0]), (int)a[1], (size_t)a[2], AT(const float*, a[3]), (size_t)a[4], AT(const float*, a[5]), AT(float*, a[6])));
}

// affineGrad(x, n, k, dout, m, dW, db)
static napi_value AffineGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 7, a);
  return done(env, c->k->affineGrad(&c->context, AT(const float*, a[0]), (int)a[1], (size_t)a[2], AT(const float*, a[3]), (size_t)a[4], AT(float*, a[5]), AT(float*, a[6])));
}

// affineInputGrad(dout, n, m, W, k, dx)
static napi_value AffineInputGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 6, a);
  return done(env, c->k->affineInputGrad(&c->context, AT(const float*, a[0]), (int)a[1], (size_t)a[2], AT(const float*, a[3]), (size_t)a[4],
                                   AT(float*, a[5])));
}

/** Window's eight numbers from a[from]. */
static Window windowAt(const int64_t* a, int from) {
  const Window w = { (int)a[from], (int)a[from + 1], (int)a[from + 2], (int)a[from + 3], (int)a[from + 4], (int)a[from + 5], (int)a[from + 6], (int)a[from + 7] };
  return w;
}

// im2col(x, n, window..., col)
static napi_value Im2col(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 11, a);
  const Window w = windowAt(a, 2);
  layoutIm2col(AT(const float*, a[0]), (int)a[1], &w, AT(float*, a[10]));
  return NULL;
}

// sparseIm2col(rowStart, index, value, rows, n, pixel, window..., col)
static napi_value SparseIm2col(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 15, a);
  const Sparse s = sparse(c, a[0], a[1], a[2], a[5]);
  const Window w = windowAt(a, 6);
  layoutSparseIm2col(&s, AT(const int32_t*, a[3]), (int)a[4], &w, AT(float*, a[14]));
  return NULL;
}

// col2im(dcol, n, window..., dx)
static napi_value Col2im(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 11, a);
  const Window w = windowAt(a, 2);
  layoutCol2im(AT(const float*, a[0]), (int)a[1], &w, AT(float*, a[10]));
  return NULL;
}

// maxPool(x, n, window..., out, argmax)
static napi_value MaxPool(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 12, a);
  const Window w = windowAt(a, 2);
  layoutMaxPool(AT(const float*, a[0]), (int)a[1], &w, AT(float*, a[10]), AT(int32_t*, a[11]));
  return NULL;
}

// maxPoolBackward(dout, argmax, outputs, dx, inputs)
static napi_value MaxPoolBackward(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 5, a);
  layoutMaxPoolBackward(AT(const float*, a[0]), AT(const int32_t*, a[1]), (size_t)a[2], AT(float*, a[3]), (size_t)a[4]);
  return NULL;
}

// convOutput(out2d, n, positions, filters, b, out)
static napi_value ConvOutput(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 6, a);
  layoutConvOutput(AT(const float*, a[0]), (int)a[1], (int)a[2], (int)a[3], AT(const float*, a[4]), AT(float*, a[5]));
  return NULL;
}

// convOutputGrad(dout, n, positions, filters, dout2d)
static napi_value ConvOutputGrad(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 5, a);
  layoutConvOutputGrad(AT(const float*, a[0]), (int)a[1], (int)a[2], (int)a[3], AT(float*, a[4]));
  return NULL;
}

// softmax(x, n, m, out)
static napi_value Softmax(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 4, a);
  softmaxRows(AT(const float*, a[0]), (int)a[1], (size_t)a[2], AT(float*, a[3]));
  return NULL;
}

// scaledSubtract(y, a, x, length): `a` is the one argument that is not an address or a size
static napi_value ScaledSubtract(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  void* data = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, &data);
  const Binding* c = data;
  double scale = 0;
  napi_get_value_double(env, argv[1], &scale);
  c->k->scaledSubtract(AT(float*, integer(env, argv[0])), (float)scale, AT(const float*, integer(env, argv[2])), (size_t)integer(env, argv[3]));
  return NULL;
}

/** The data of `value` if it is a typed array of `type` with at least `least` elements, else NULL. */
static void* typedData(napi_env env, napi_value value, napi_typedarray_type type, size_t least) {
  napi_typedarray_type actual;
  size_t length = 0;
  void* data = NULL;
  bool is = false;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return NULL;
  if (napi_get_typedarray_info(env, value, &actual, &length, &data, NULL, NULL) != napi_ok || actual != type || length < least) return NULL;
  return data;
}

/** The data of typed array `name` of `object` if it is one of `type` with at least `least` elements, else NULL. */
static void* typedProperty(napi_env env, napi_value object, const char* name, napi_typedarray_type type, size_t least) {
  napi_value value;
  return napi_get_named_property(env, object, name, &value) == napi_ok ? typedData(env, value, type, least) : NULL;
}

/**
 * The carry of a classifySparse call (kernels.ts's CallCarry: typed arrays outside the kernels'
 * memory), checked against the call's shapes; false, with a TypeError thrown, where it does not fit.
 */
static bool carryOf(napi_env env, napi_value object, const int32_t* rows, int n, size_t features, size_t hidden, size_t outputs, Carry* carry) {
  napi_value value;
  int64_t regions = 0, images = 0;
  napi_get_named_property(env, object, "regionCount", &value);
  napi_get_value_int64(env, value, &regions);
  napi_get_named_property(env, object, "images", &value);
  napi_get_value_int64(env, value, &images);
  for (int r = 0; r < n; r++) if (rows[r] < 0 || rows[r] >= images) regions = 0;
  const size_t weights = features * hidden + hidden + hidden * outputs + outputs;
  int64_t next = -1;
  napi_get_named_property(env, object, "next", &value);
  napi_get_value_int64(env, value, &next);
  *carry = (Carry){
    .next = next >= 0 && next < CARRY_ANCHORS ? (size_t)next : CARRY_ANCHORS,
    .classes = typedProperty(env, object, "classes", napi_uint8_array, (size_t)n),
    .anchor = typedProperty(env, object, "anchor", napi_uint8_array, (size_t)n),
    .margin = typedProperty(env, object, "margin", napi_float32_array, (size_t)n),
    .reach = typedProperty(env, object, "reach", napi_float32_array, (size_t)n),
    .regions = regions > 0 ? typedProperty(env, object, "regions", napi_float32_array, (size_t)images * (size_t)regions) : NULL,
    .regionOf = typedProperty(env, object, "regionOf", napi_uint8_array, features),
    .regionCount = regions > 0 ? (size_t)regions : 0,
  };
  // the anchors' weights: an array of at most CARRY_ANCHORS, each null or the weights in a Float32Array
  napi_value anchors;
  bool isArray = false, fits = true, any = false;
  uint32_t count = 0;
  napi_get_named_property(env, object, "anchors", &anchors);
  if (napi_is_array(env, anchors, &isArray) != napi_ok || !isArray || napi_get_array_length(env, anchors, &count) != napi_ok || count > CARRY_ANCHORS) fits = false;
  for (uint32_t a = 0; fits && a < count; a++) {
    napi_valuetype type = napi_undefined;
    napi_value slot;
    napi_get_element(env, anchors, a, &slot);
    napi_typeof(env, slot, &type);
    if (type == napi_null) continue;
    const float* then = typedData(env, slot, napi_float32_array, weights);
    if (!then) fits = false;
    carryWeights(&carry->anchors[a], then, features, hidden, outputs);
    any = any || then != NULL;
  }
  // the regions are read only to settle images from the certificates
  if (!fits || carry->next >= CARRY_ANCHORS || !carry->classes || !carry->anchor || !carry->margin || !carry->reach
      || (any && (!carry->regions || !carry->regionOf))) {
    napi_throw_type_error(env, NULL, "native kernels: classifySparse's carry does not fit the call");
    return false;
  }
  return true;
}

// classifySparse(rowStart, index, value, rows, n, features, pixel, W1, b1, hidden, W2, b2, outputs, predicted, dead, carry) -> how many
// images the carry settled, or -1 where it was not kept (or there was none): dead 0 for none; carry (kernels.ts's CallCarry) undefined for none
static napi_value ClassifySparse(napi_env env, napi_callback_info info) {
  int64_t a[MAX_ARGS];
  Binding* c = args(env, info, 15, a);
  size_t argc = 16;
  napi_value argv[16];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  const Sparse s = sparse(c, a[0], a[1], a[2], a[6]);
  const int32_t* rows = AT(const int32_t*, a[3]);
  Carry carry = { 0 };
  napi_valuetype type = napi_undefined;
  if (argc > 15) napi_typeof(env, argv[15], &type);
  const bool carried = type == napi_object;
  if (carried && !carryOf(env, argv[15], rows, (int)a[4], (size_t)a[5], (size_t)a[9], (size_t)a[12], &carry)) return NULL;
  const uint64_t before = c->context.carried;
  if (!c->k->classifySparse(&c->context, &s, rows, (int)a[4], (size_t)a[5], AT(const float*, a[7]), AT(const float*, a[8]), (size_t)a[9],
                            AT(const float*, a[10]), AT(const float*, a[11]), (size_t)a[12], AT(int32_t*, a[13]), a[14] ? AT(int32_t*, a[14]) : NULL,
                            carried ? &carry : NULL))
    return done(env, 0);
  napi_value settled;
  napi_create_double(env, carried && carry.kept ? (double)(c->context.carried - before) : -1, &settled);
  return settled;
}

// evaluationCounts() -> [images classifySparse settled without exact sums, images it summed exactly, of the settled those carried], since attach
static napi_value EvaluationCounts(napi_env env, napi_callback_info info) {
  void* data = NULL;
  napi_get_cb_info(env, info, NULL, NULL, NULL, &data);
  const Binding* c = data;
  napi_value result, settled, carried, summed;
  napi_create_array_with_length(env, 3, &result);
  napi_create_double(env, (double)c->context.settled, &settled);
  napi_create_double(env, (double)c->context.carried, &carried);
  napi_create_double(env, (double)c->context.summed, &summed);
  napi_set_element(env, result, 0, settled);
  napi_set_element(env, result, 1, summed);
  napi_set_element(env, result, 2, carried);
  return result;
}

static void release(napi_env env, void* data, void* hint) {
  Binding* c = data;
  free(c->context.scratch);
  free(c);
}

/**
 * attach(bytes: Uint8Array over the whole memory, set: its name) -> the set's kernels bound
 * to it, or null when this processor (or its operating system) lacks the set's instructions.
 * A shared WebAssembly memory never moves, so the base address holds for its lifetime.
 */
static napi_value Attach(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char name[16] = "";
  if (argc >= 2) napi_get_value_string_utf8(env, argv[1], name, sizeof name, NULL);
  size_t set = 0;
  while (set < SET_COUNT && strcmp(SETS[set].name, name) != 0) set++;
  if (set == SET_COUNT) {
    napi_throw_error(env, NULL, "native kernels: attach names a set this addon was not built with");
    return NULL;
  }
#if defined(__x86_64__)
  __builtin_cpu_init();
#endif
  if (SETS[set].supported && !SETS[set].supported()) {
    napi_get_null(env, &result);
    return result;
  }
  napi_typedarray_type type;
  size_t length, offset;
  void* data = NULL;
  napi_value buffer;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "native kernels: attach expects a Uint8Array over the kernels' memory");
    return NULL;
  }
  Binding* c = calloc(1, sizeof(Binding));
  if (!c) return done(env, 0);
  c->context.base = data;
  // RUN_EXPERIMENTS_SCREENING=off: every image of an evaluation summed exactly, to measure what screening saves (the classes are the same)
  const char* screening = getenv("RUN_EXPERIMENTS_SCREENING");
  c->context.screening = !(screening && strcmp(screening, "off") == 0);
  c->k = SETS[set].kernels;
  static const struct { const char* name; napi_callback call; } functions[] = {
    { "sparseAffine", SparseAffine }, { "sparseAffineGrad", SparseAffineGrad }, { "classifySparse", ClassifySparse },
    { "affine", Affine }, { "affineGrad", AffineGrad }, { "affineInputGrad", AffineInputGrad }, { "scaledSubtract", ScaledSubtract },
    { "im2col", Im2col }, { "sparseIm2col", SparseIm2col }, { "col2im", Col2im }, { "maxPool", MaxPool },
    { "maxPoolBackward", MaxPoolBackward }, { "convOutput", ConvOutput }, { "convOutputGrad", ConvOutputGrad },
    { "softmax", Softmax }, { "evaluationCounts", EvaluationCounts },
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
  napi_value attach, sets;
  napi_create_function(env, "attach", NAPI_AUTO_LENGTH, Attach, NULL, &attach);
  napi_set_named_property(env, exports, "attach", attach);
  // sets: the names of the sets this addon was built with
  napi_create_array_with_length(env, SET_COUNT, &sets);
  for (size_t i = 0; i < SET_COUNT; i++) {
    napi_value name;
    napi_create_string_utf8(env, SETS[i].name, NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, sets, (uint32_t)i, name);
  }
  napi_set_named_property(env, exports, "sets", sets);
  return exports;
}
