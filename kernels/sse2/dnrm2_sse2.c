/* dnrm2_sse2.c - dnrm2 for SSE2: the Euclidean norm of x, one pass in the
 * common case.
 *
 * One pass computes the plain sum of squares and the running maximum of
 * |x|. Then:
 *   - sum is NaN: some x is NaN (squares are never negative, so Inf - Inf
 *     cannot occur): return NaN;
 *   - max == 0: every x is zero: return 0;
 *   - 2^-511 <= max <= 2^486 (TSML and TBIG of dnrm2_ref.c): return
 *     sqrt(sum). In that range no square overflows and n * max^2 <=
 *     n * 2^972 cannot overflow; a square that underflows comes from
 *     |x| < 2^-511, so it is below 2^-1022 and loses at most 2^-1074, and
 *     all such losses together are at most n * 2^-1074 <= n * eps * max^2,
 *     the same order as ordinary rounding;
 *   - otherwise (an Inf, huge or only tiny values): return
 *     fastla_dnrm2_ref, the exact scaled algorithm - a second pass only in
 *     those rare ranges, and it supplies the +Inf rule.
 *
 * SSE2, 2 doubles per xmm register. The loop handles 4 vectors (8 doubles)
 * per iteration with 4 independent sum accumulators and 4 independent max
 * accumulators (SSE2 has no FMA: mul, then add); registers: 8 accumulators
 * + 4 loads + the sign mask. A one-vector loop then at most 1 scalar finish
 * the remainder without reading past x[n-1]; loads are unaligned;
 * accumulators combine in a fixed order. incx == -1 visits the same elements
 * as the unit-stride call on the lowest addresses (only the summation order
 * differs); other strides use the reference kernel. */
#include <math.h>

#include "kernel_table.h"
#include "sse2_util.h"

#define TSML 0x1p-511
#define TBIG 0x1p+486

double fastla_dnrm2_sse2(fastla_int n, const double *x, fastla_int incx) {
  const double *first = x;
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_dnrm2_ref(n, x, incx);
  __m128d s0 = _mm_setzero_pd(), s1 = _mm_setzero_pd();
  __m128d s2 = _mm_setzero_pd(), s3 = _mm_setzero_pd();
  __m128d m0 = _mm_setzero_pd(), m1 = _mm_setzero_pd();
  __m128d m2 = _mm_setzero_pd(), m3 = _mm_setzero_pd();
  fastla_int i = 0;
  for (; i + 8 <= n; i += 8) {
    __m128d v0 = _mm_loadu_pd(x + i), v1 = _mm_loadu_pd(x + i + 2);
    __m128d v2 = _mm_loadu_pd(x + i + 4), v3 = _mm_loadu_pd(x + i + 6);
    s0 = _mm_add_pd(s0, _mm_mul_pd(v0, v0));
    s1 = _mm_add_pd(s1, _mm_mul_pd(v1, v1));
    s2 = _mm_add_pd(s2, _mm_mul_pd(v2, v2));
    s3 = _mm_add_pd(s3, _mm_mul_pd(v3, v3));
    m0 = _mm_max_pd(m0, sse2_abs_pd(v0));
    m1 = _mm_max_pd(m1, sse2_abs_pd(v1));
    m2 = _mm_max_pd(m2, sse2_abs_pd(v2));
    m3 = _mm_max_pd(m3, sse2_abs_pd(v3));
  }
  for (; i + 2 <= n; i += 2) {
    __m128d v0 = _mm_loadu_pd(x + i);
    s0 = _mm_add_pd(s0, _mm_mul_pd(v0, v0));
    m0 = _mm_max_pd(m0, sse2_abs_pd(v0));
  }
  double sum = sse2_hsum_pd(sse2_sum4_pd(s0, s1, s2, s3));
  /* NaN is caught by the sum, so max only needs to order numbers. */
  __m128d m = _mm_max_pd(_mm_max_pd(m0, m1), _mm_max_pd(m2, m3));
  m = _mm_max_sd(m, _mm_unpackhi_pd(m, m));
  double max = _mm_cvtsd_f64(m);
  for (; i < n; i++) {
    double ax = fabs(x[i]);
    sum += ax * ax;
    max = ax > max ? ax : max;
  }
  if (isnan(sum))
    return sum;
  if (max == 0)
    return 0;
  if (max >= TSML && max <= TBIG)
    return sqrt(sum);
  return fastla_dnrm2_ref(n, first, incx);
}
