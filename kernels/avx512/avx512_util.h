/* avx512_util.h - helpers shared by the AVX-512 kernels: tail masks and
 * horizontal reductions. Everything is static inline so that each kernel
 * file stays self-contained and nothing here needs its own object file.
 *
 * The reductions add in one fixed order (upper half onto lower half, down
 * to one lane), so a kernel's result depends only on its inputs. */
#ifndef FASTLA_AVX512_UTIL_H
#define FASTLA_AVX512_UTIL_H

#include <immintrin.h>

#include "kernel_table.h"

/* The gemm microkernels (sgemm_ukr_avx512.c, dgemm_ukr_avx512.c): the
 * 32 x 12 float and 24 x 8 double tiles the table's blocking names. */
fastla_sgemm_ukr_fn fastla_sgemm_ukr_avx512;
fastla_dgemm_ukr_fn fastla_dgemm_ukr_avx512;

/* Mask selecting the first r lanes of a 16-float vector, 0 <= r <= 16. */
static inline __mmask16 fastla_avx512_mask_ps(fastla_int r) {
  return (__mmask16)((1u << r) - 1u);
}

/* Mask selecting the first r lanes of an 8-double vector, 0 <= r <= 8. */
static inline __mmask8 fastla_avx512_mask_pd(fastla_int r) {
  return (__mmask8)((1u << r) - 1u);
}

/* Sum of the 16 lanes. */
static inline float fastla_avx512_hsum_ps(__m512 v) {
  __m256 h =
      _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}

/* Sum of the 8 lanes. */
static inline double fastla_avx512_hsum_pd(__m512d v) {
  __m256d h =
      _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
  __m128d q =
      _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
  q = _mm_add_sd(q, _mm_unpackhi_pd(q, q));
  return _mm_cvtsd_f64(q);
}

/* Sum of the 8 lanes of a ymm (the level-1 kernels work on ymm, see
 * saxpy_avx512.c), fixed order as above. */
static inline float fastla_avx512_hsum256_ps(__m256 v) {
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}

/* Sum of the 4 lanes of a ymm. */
static inline double fastla_avx512_hsum256_pd(__m256d v) {
  __m128d q =
      _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  q = _mm_add_sd(q, _mm_unpackhi_pd(q, q));
  return _mm_cvtsd_f64(q);
}

/* Maximum of the 4 lanes of a ymm (no NaN inputs, as below). */
static inline double fastla_avx512_hmax256_pd(__m256d v) {
  __m128d q =
      _mm_max_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  q = _mm_max_sd(q, _mm_unpackhi_pd(q, q));
  return _mm_cvtsd_f64(q);
}

/* Maximum of the 8 lanes (inputs must not be NaN for a meaningful
 * answer; callers check for NaN separately). */
static inline double fastla_avx512_hmax_pd(__m512d v) {
  __m256d h =
      _mm256_max_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
  __m128d q =
      _mm_max_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
  q = _mm_max_sd(q, _mm_unpackhi_pd(q, q));
  return _mm_cvtsd_f64(q);
}

/* The four lane sums of a, b, c, d as {sum a, sum b, sum c, sum d}: one
 * shared transpose-and-add instead of four separate reductions (gemv_t
 * finishes four columns at a time). */
static inline __m128 fastla_avx512_hsum4_ps(__m512 a, __m512 b, __m512 c,
                                            __m512 d) {
  __m256 a8 =
      _mm256_add_ps(_mm512_castps512_ps256(a), _mm512_extractf32x8_ps(a, 1));
  __m256 b8 =
      _mm256_add_ps(_mm512_castps512_ps256(b), _mm512_extractf32x8_ps(b, 1));
  __m256 c8 =
      _mm256_add_ps(_mm512_castps512_ps256(c), _mm512_extractf32x8_ps(c, 1));
  __m256 d8 =
      _mm256_add_ps(_mm512_castps512_ps256(d), _mm512_extractf32x8_ps(d, 1));
  /* {a01 a23 b01 b23 | a45 a67 b45 b67}, likewise for c, d. */
  __m256 ab = _mm256_hadd_ps(a8, b8);
  __m256 cd = _mm256_hadd_ps(c8, d8);
  /* {a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7} */
  __m256 abcd = _mm256_hadd_ps(ab, cd);
  return _mm_add_ps(_mm256_castps256_ps128(abcd),
                    _mm256_extractf128_ps(abcd, 1));
}

/* The four lane sums of a, b, c, d as {sum a, sum b, sum c, sum d}. */
static inline __m256d fastla_avx512_hsum4_pd(__m512d a, __m512d b, __m512d c,
                                             __m512d d) {
  __m256d a4 =
      _mm256_add_pd(_mm512_castpd512_pd256(a), _mm512_extractf64x4_pd(a, 1));
  __m256d b4 =
      _mm256_add_pd(_mm512_castpd512_pd256(b), _mm512_extractf64x4_pd(b, 1));
  __m256d c4 =
      _mm256_add_pd(_mm512_castpd512_pd256(c), _mm512_extractf64x4_pd(c, 1));
  __m256d d4 =
      _mm256_add_pd(_mm512_castpd512_pd256(d), _mm512_extractf64x4_pd(d, 1));
  /* {a01 b01 a23 b23}, {c01 d01 c23 d23} */
  __m256d ab = _mm256_hadd_pd(a4, b4);
  __m256d cd = _mm256_hadd_pd(c4, d4);
  /* {a01 b01 c01 d01} + {a23 b23 c23 d23} */
  return _mm256_add_pd(_mm256_permute2f128_pd(ab, cd, 0x20),
                       _mm256_permute2f128_pd(ab, cd, 0x31));
}

#endif /* FASTLA_AVX512_UTIL_H */
