/* sse2_util.h - what the SSE2 kernels share: their declarations (so each
 * definition is checked against its slot's function type) and small helpers,
 * horizontal sums and absolute value. static inline so each kernel file keeps
 * its own copy and nothing here needs a symbol or ISA flags outside
 * kernels/sse2/.
 *
 * The horizontal sums combine lanes in a fixed order, so a kernel's result
 * depends only on its inputs (never on alignment or on the caller). */
#ifndef FASTLA_SSE2_UTIL_H
#define FASTLA_SSE2_UTIL_H

#include <immintrin.h>

#include "kernel_table.h"

fastla_saxpy_fn fastla_saxpy_sse2;
fastla_daxpy_fn fastla_daxpy_sse2;
fastla_sdot_fn fastla_sdot_sse2;
fastla_ddot_fn fastla_ddot_sse2;
fastla_snrm2_fn fastla_snrm2_sse2;
fastla_dnrm2_fn fastla_dnrm2_sse2;
fastla_sgemv_fn fastla_sgemv_n_sse2, fastla_sgemv_t_sse2;
fastla_dgemv_fn fastla_dgemv_n_sse2, fastla_dgemv_t_sse2;
fastla_sgemm_ukr_fn fastla_sgemm_ukr_sse2;
fastla_dgemm_ukr_fn fastla_dgemm_ukr_sse2;

/* Sum of the 4 lanes of v as (v0 + v2) + (v1 + v3). */
static inline float sse2_hsum_ps(__m128 v) {
  __m128 pair = _mm_add_ps(v, _mm_movehl_ps(v, v));
  __m128 odd = _mm_shuffle_ps(pair, pair, _MM_SHUFFLE(1, 1, 1, 1));
  return _mm_cvtss_f32(_mm_add_ss(pair, odd));
}

/* Sum of the 2 lanes of v. */
static inline double sse2_hsum_pd(__m128d v) {
  return _mm_cvtsd_f64(_mm_add_sd(v, _mm_unpackhi_pd(v, v)));
}

/* Four accumulators combined as a tree, (a + b) + (c + d): a fixed order. */
static inline __m128 sse2_sum4_ps(__m128 a, __m128 b, __m128 c, __m128 d) {
  return _mm_add_ps(_mm_add_ps(a, b), _mm_add_ps(c, d));
}

static inline __m128d sse2_sum4_pd(__m128d a, __m128d b, __m128d c, __m128d d) {
  return _mm_add_pd(_mm_add_pd(a, b), _mm_add_pd(c, d));
}

/* |v| by clearing the sign bits; NaN stays NaN. */
static inline __m128d sse2_abs_pd(__m128d v) {
  return _mm_andnot_pd(_mm_set1_pd(-0.0), v);
}

#endif /* FASTLA_SSE2_UTIL_H */
