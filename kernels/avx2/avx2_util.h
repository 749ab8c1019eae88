/* avx2_util.h - static inline helpers shared by the AVX2+FMA kernels
 * (horizontal sums, |x| mask) and the kernels' declarations, so that each
 * definition is checked against its slot type. Included only by files in
 * kernels/avx2/, which are compiled with -mavx2 -mfma. */
#ifndef FASTLA_AVX2_UTIL_H
#define FASTLA_AVX2_UTIL_H

#include <immintrin.h>

#include "kernel_table.h"

/* The kernels, one per file; avx2_table.c lists them in the table. */
fastla_saxpy_fn fastla_saxpy_avx2;
fastla_daxpy_fn fastla_daxpy_avx2;
fastla_sdot_fn fastla_sdot_avx2;
fastla_ddot_fn fastla_ddot_avx2;
fastla_snrm2_fn fastla_snrm2_avx2;
fastla_dnrm2_fn fastla_dnrm2_avx2;
fastla_sgemv_fn fastla_sgemv_n_avx2;
fastla_sgemv_fn fastla_sgemv_t_avx2;
fastla_dgemv_fn fastla_dgemv_n_avx2;
fastla_dgemv_fn fastla_dgemv_t_avx2;
fastla_sgemm_ukr_fn fastla_sgemm_ukr_avx2;
fastla_dgemm_ukr_fn fastla_dgemm_ukr_avx2;

/* Sum of the 8 lanes of v. The reduction tree is fixed (halves, then
 * pairs), so the result is a deterministic function of v. */
static inline float fastla_avx2_hsum_ps(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

/* Sum of the 4 lanes of v, fixed reduction tree as above. */
static inline double fastla_avx2_hsum_pd(__m256d v) {
  __m128d s =
      _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  s = _mm_add_sd(s, _mm_unpackhi_pd(s, s));
  return _mm_cvtsd_f64(s);
}

/* All bits but the sign: v & mask is |v| (NaN stays NaN). */
static inline __m256d fastla_avx2_abs_mask_pd(void) {
  return _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
}

#endif /* FASTLA_AVX2_UTIL_H */
