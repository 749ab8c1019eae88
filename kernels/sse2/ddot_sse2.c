/* ddot_sse2.c - ddot for SSE2: sum of x[i] * y[i].
 *
 * SSE2, 2 doubles per xmm register. The unit-stride loop handles 4 vectors
 * (8 doubles) per iteration into 4 independent accumulators, so 4 add
 * chains run in parallel and hide the add latency (SSE2 has no FMA: mul,
 * then add); registers: 4 accumulators + 2 operands per product, well
 * inside the 16 xmm registers. A one-vector loop then at most 1 scalar
 * finish the remainder without reading past x[n-1] or y[n-1]; loads are
 * unaligned. The accumulators are combined in a fixed order ((s0 + s1) +
 * (s2 + s3), then the two lanes, then the scalar tail), so the result is
 * deterministic for given inputs.
 *
 * incx == incy == -1 pairs the same elements as the unit-stride call on the
 * lowest addresses (only the rounding order differs), so it takes the fast
 * path; every other stride uses the reference kernel. */
#include "kernel_table.h"
#include "sse2_util.h"

double fastla_ddot_sse2(fastla_int n, const double *x, fastla_int incx,
                        const double *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    return fastla_ddot_ref(n, x, incx, y, incy);
  }
  __m128d s0 = _mm_setzero_pd(), s1 = _mm_setzero_pd();
  __m128d s2 = _mm_setzero_pd(), s3 = _mm_setzero_pd();
  fastla_int i = 0;
  for (; i + 8 <= n; i += 8) {
    s0 = _mm_add_pd(s0, _mm_mul_pd(_mm_loadu_pd(x + i), _mm_loadu_pd(y + i)));
    s1 = _mm_add_pd(
        s1, _mm_mul_pd(_mm_loadu_pd(x + i + 2), _mm_loadu_pd(y + i + 2)));
    s2 = _mm_add_pd(
        s2, _mm_mul_pd(_mm_loadu_pd(x + i + 4), _mm_loadu_pd(y + i + 4)));
    s3 = _mm_add_pd(
        s3, _mm_mul_pd(_mm_loadu_pd(x + i + 6), _mm_loadu_pd(y + i + 6)));
  }
  for (; i + 2 <= n; i += 2)
    s0 = _mm_add_pd(s0, _mm_mul_pd(_mm_loadu_pd(x + i), _mm_loadu_pd(y + i)));
  double sum = sse2_hsum_pd(sse2_sum4_pd(s0, s1, s2, s3));
  for (; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}
