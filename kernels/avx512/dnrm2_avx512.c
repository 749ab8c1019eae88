/* dnrm2_avx512.c - dnrm2 for the AVX-512 table: the Euclidean norm of double
 * data.
 *
 * One pass computes both the plain sum of squares and max |x_i|, then
 * decides whether that sum can be trusted:
 *   - sum is NaN: some x_i is NaN (squares are >= 0, so NaN cannot come
 *     from Inf - Inf); return NaN;
 *   - max == 0: every element is zero; return 0;
 *   - 2^-511 <= max <= 2^486 (TSML and TBIG of dnrm2_ref.c): no square
 *     overflows and n * max^2 <= n * 2^972 cannot overflow for any n that
 *     fits in memory; squares that underflow are below 2^-1022 while the
 *     sum is at least max^2 >= 2^-1022, and each loses at most 2^-1075, so
 *     together they perturb the sum by at most n * 2^-1075, i.e. about
 *     n * eps relative to it - the same order as the rounding of the
 *     additions. Return sqrt(sum).
 *   - otherwise (Inf, or values big or tiny enough to overflow or
 *     underflow) call fastla_dnrm2_ref, the exact scaled algorithm. Only
 *     these rare inputs pay for a second pass.
 * So the common case costs one read of x with two cheap operations per
 * vector (FMA, and |x| folded into a max), and every guarantee of the
 * reference - no harmful overflow or underflow, NaN, Inf - is kept.
 *
 * 256-bit vectors (ymm, 4 doubles) with an AVX-512VL masked tail: on Zen 4
 * AVX-512 runs on 256-bit datapaths, so a zmm buys no throughput and this
 * one-read loop is load-bound; the zmm version ran at 0.89-1.0x of the AVX2
 * kernel (DRAM, n = 2^24), the ymm loop matches it. The main loop takes 4
 * vectors (16 doubles) per iteration into 4 FMA accumulators and 4 max
 * accumulators (|x| by clearing the sign bit), independent chains that
 * hide the FMA and max latencies; leftover whole vectors go to the first
 * pair, the last 1..3 elements through a masked load (masked-off lanes are
 * zero: no effect on either). Accumulators are combined in a fixed order.
 *
 * incx == 1 takes the fast path, and so does incx == -1 on the same
 * elements from the lowest address (the order of the terms changes the
 * result only by rounding); every other stride goes to the reference. */
#include <math.h>

#include "avx512_util.h"

double fastla_dnrm2_avx512(fastla_int n, const double *x, fastla_int incx) {
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_dnrm2_ref(n, x, incx);
  const __m256d absmask =
      _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL));
  __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
  __m256d s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
  __m256d m0 = _mm256_setzero_pd(), m1 = _mm256_setzero_pd();
  __m256d m2 = _mm256_setzero_pd(), m3 = _mm256_setzero_pd();
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256d v0 = _mm256_loadu_pd(x + i), v1 = _mm256_loadu_pd(x + i + 4);
    __m256d v2 = _mm256_loadu_pd(x + i + 8), v3 = _mm256_loadu_pd(x + i + 12);
    s0 = _mm256_fmadd_pd(v0, v0, s0);
    s1 = _mm256_fmadd_pd(v1, v1, s1);
    s2 = _mm256_fmadd_pd(v2, v2, s2);
    s3 = _mm256_fmadd_pd(v3, v3, s3);
    m0 = _mm256_max_pd(m0, _mm256_and_pd(v0, absmask));
    m1 = _mm256_max_pd(m1, _mm256_and_pd(v1, absmask));
    m2 = _mm256_max_pd(m2, _mm256_and_pd(v2, absmask));
    m3 = _mm256_max_pd(m3, _mm256_and_pd(v3, absmask));
  }
  for (; i + 4 <= n; i += 4) {
    __m256d v = _mm256_loadu_pd(x + i);
    s0 = _mm256_fmadd_pd(v, v, s0);
    m0 = _mm256_max_pd(m0, _mm256_and_pd(v, absmask));
  }
  if (i < n) {
    __m256d v = _mm256_maskz_loadu_pd(fastla_avx512_mask_pd(n - i), x + i);
    s1 = _mm256_fmadd_pd(v, v, s1);
    m1 = _mm256_max_pd(m1, _mm256_and_pd(v, absmask));
  }
  double sum = fastla_avx512_hsum256_pd(
      _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
  if (isnan(sum))
    return sum;
  double max = fastla_avx512_hmax256_pd(
      _mm256_max_pd(_mm256_max_pd(m0, m1), _mm256_max_pd(m2, m3)));
  if (max == 0)
    return 0;
  if (max >= 0x1p-511 && max <= 0x1p+486)
    return sqrt(sum);
  return fastla_dnrm2_ref(n, x, 1);
}
