// The few vector operations screening (screen.c) is written in, on 8 floats: AVX2 with FMA
// and F16C on x86-64 (one register), NEON on arm64 (two). Half precision is IEEE binary16
// on both; its conversions round to nearest, or up where the name says so.
#ifndef RUN_EXPERIMENTS_SCREEN_VECTOR_H
#define RUN_EXPERIMENTS_SCREEN_VECTOR_H

#include <stdint.h>
#include <string.h>

#define VECTOR_INLINE __attribute__((always_inline)) static inline

#if defined(__x86_64__)
#include <immintrin.h>

typedef __m256 v8;

VECTOR_INLINE v8 v8Zero(void) { return _mm256_setzero_ps(); }
VECTOR_INLINE v8 v8Splat(float x) { return _mm256_set1_ps(x); }
/** From 32-byte aligned memory. */
VECTOR_INLINE v8 v8Load(const float* p) { return _mm256_load_ps(p); }
VECTOR_INLINE void v8Store(float* p, v8 v) { _mm256_store_ps(p, v); }
VECTOR_INLINE v8 v8Add(v8 a, v8 b) { return _mm256_add_ps(a, b); }
VECTOR_INLINE v8 v8Mul(v8 a, v8 b) { return _mm256_mul_ps(a, b); }
/** a b + c, fused. */
VECTOR_INLINE v8 v8Fma(v8 a, v8 b, v8 c) { return _mm256_fmadd_ps(a, b, c); }
/** Eight half-precision values, from 16-byte aligned memory. */
VECTOR_INLINE v8 v8Halves(const uint16_t* p) { return _mm256_cvtph_ps(_mm_load_si128((const __m128i*)p)); }
/** max(h, 0), then only the lanes whose mask bits are set. */
VECTOR_INLINE v8 v8ReluMasked(v8 h, v8 mask) { return _mm256_and_ps(_mm256_max_ps(h, _mm256_setzero_ps()), mask); }
/** `v` where `keep`, else zeros. */
VECTOR_INLINE v8 v8KeepIf(int keep, v8 v) { return keep ? v : _mm256_setzero_ps(); }
/** All bits set in the lanes where a <= b does not hold (a NaN included), none elsewhere. */
VECTOR_INLINE v8 v8NotAtMost(v8 a, v8 b) { return _mm256_cmp_ps(a, b, _CMP_NLE_UQ); }
VECTOR_INLINE v8 v8Or(v8 a, v8 b) { return _mm256_or_ps(a, b); }
VECTOR_INLINE v8 v8And(v8 a, v8 b) { return _mm256_and_ps(a, b); }
/** Whether every lane has its sign bit set (all bits, for a mask). */
VECTOR_INLINE int v8AllSet(v8 v) { return _mm256_movemask_ps(v) == 0xff; }
VECTOR_INLINE float v8Sum(v8 v) {
  __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  half = _mm_add_ps(half, _mm_movehl_ps(half, half));
  return _mm_cvtss_f32(_mm_add_ss(half, _mm_movehdup_ps(half)));
}
VECTOR_INLINE uint16_t halfNearest(float x) { return _cvtss_sh(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
/** The least half at or above x. */
VECTOR_INLINE uint16_t halfUp(float x) { return _cvtss_sh(x, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC); }
VECTOR_INLINE float halfValue(uint16_t h) { return _cvtsh_ss(h); }

#elif defined(__aarch64__)
#include <arm_neon.h>

typedef struct { float32x4_t lo, hi; } v8;

VECTOR_INLINE v8 v8Zero(void) { return (v8){ vdupq_n_f32(0), vdupq_n_f32(0) }; }
VECTOR_INLINE v8 v8Splat(float x) { return (v8){ vdupq_n_f32(x), vdupq_n_f32(x) }; }
VECTOR_INLINE v8 v8Load(const float* p) { return (v8){ vld1q_f32(p), vld1q_f32(p + 4) }; }
VECTOR_INLINE void v8Store(float* p, v8 v) { vst1q_f32(p, v.lo); vst1q_f32(p + 4, v.hi); }
VECTOR_INLINE v8 v8Add(v8 a, v8 b) { return (v8){ vaddq_f32(a.lo, b.lo), vaddq_f32(a.hi, b.hi) }; }
VECTOR_INLINE v8 v8Mul(v8 a, v8 b) { return (v8){ vmulq_f32(a.lo, b.lo), vmulq_f32(a.hi, b.hi) }; }
VECTOR_INLINE v8 v8Fma(v8 a, v8 b, v8 c) { return (v8){ vfmaq_f32(c.lo, a.lo, b.lo), vfmaq_f32(c.hi, a.hi, b.hi) }; }
VECTOR_INLINE v8 v8Halves(const uint16_t* p) {
  const float16x8_t h = vreinterpretq_f16_u16(vld1q_u16(p));
  return (v8){ vcvt_f32_f16(vget_low_f16(h)), vcvt_high_f32_f16(h) };
}
VECTOR_INLINE float32x4_t reluMasked4(float32x4_t h, float32x4_t mask) {
  return vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(vmaxq_f32(h, vdupq_n_f32(0))), vreinterpretq_u32_f32(mask)));
}
VECTOR_INLINE v8 v8ReluMasked(v8 h, v8 mask) { return (v8){ reluMasked4(h.lo, mask.lo), reluMasked4(h.hi, mask.hi) }; }
VECTOR_INLINE v8 v8KeepIf(int keep, v8 v) { return keep ? v : v8Zero(); }
VECTOR_INLINE v8 v8NotAtMost(v8 a, v8 b) {
  return (v8){ vreinterpretq_f32_u32(vmvnq_u32(vcleq_f32(a.lo, b.lo))), vreinterpretq_f32_u32(vmvnq_u32(vcleq_f32(a.hi, b.hi))) };
}
VECTOR_INLINE v8 v8Or(v8 a, v8 b) {
  return (v8){ vreinterpretq_f32_u32(vorrq_u32(vreinterpretq_u32_f32(a.lo), vreinterpretq_u32_f32(b.lo))),
               vreinterpretq_f32_u32(vorrq_u32(vreinterpretq_u32_f32(a.hi), vreinterpretq_u32_f32(b.hi))) };
}
VECTOR_INLINE v8 v8And(v8 a, v8 b) {
  return (v8){ vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(a.lo), vreinterpretq_u32_f32(b.lo))),
               vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(a.hi), vreinterpretq_u32_f32(b.hi))) };
}
/** Whether every lane has its sign bit set (all bits, for a mask). */
VECTOR_INLINE int v8AllSet(v8 v) {
  return (vminvq_u32(vreinterpretq_u32_f32(v.lo)) >> 31) & (vminvq_u32(vreinterpretq_u32_f32(v.hi)) >> 31);
}
VECTOR_INLINE float v8Sum(v8 v) { return vaddvq_f32(vaddq_f32(v.lo, v.hi)); }
VECTOR_INLINE uint16_t halfBits(__fp16 h) {
  uint16_t bits;
  memcpy(&bits, &h, sizeof bits);
  return bits;
}
VECTOR_INLINE uint16_t halfNearest(float x) { return halfBits((__fp16)x); }
VECTOR_INLINE float halfValue(uint16_t bits) {
  __fp16 h;
  memcpy(&h, &bits, sizeof h);
  return (float)h;
}
/** The least half at or above x (x >= 0): the nearest, or the next one up. */
VECTOR_INLINE uint16_t halfUp(float x) {
  const uint16_t nearest = halfNearest(x);
  return halfValue(nearest) < x ? (uint16_t)(nearest + 1) : nearest;
}

#else
#error "screening is built for x86-64 and arm64 only"
#endif

#endif
