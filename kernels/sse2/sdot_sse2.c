/* sdot_sse2.c - sdot for SSE2: sum of x[i] * y[i].
 *
 * SSE2, 4 floats per xmm register. The unit-stride loop handles 4 vectors
 * (16 floats) per iteration into 4 independent accumulators, so 4 add
 * chains run in parallel and hide the add latency (SSE2 has no FMA: mul,
 * then add); registers: 4 accumulators + 2 operands per product, well
 * inside the 16 xmm registers. A one-vector loop then at most 3 scalars
 * finish the remainder without reading past x[n-1] or y[n-1]; loads are
 * unaligned. The accumulators are combined in a fixed order ((s0 + s1) +
 * (s2 + s3), then lanes (0 + 2) + (1 + 3), then the scalar tail), so the
 * result is deterministic for given inputs.
 *
 * incx == incy == -1 pairs the same elements as the unit-stride call on the
 * lowest addresses (only the rounding order differs), so it takes the fast
 * path; every other stride uses the reference kernel. */
#include "kernel_table.h"
#include "sse2_util.h"

float fastla_sdot_sse2(fastla_int n, const float *x, fastla_int incx,
                       const float *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    return fastla_sdot_ref(n, x, incx, y, incy);
  }
  __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
  __m128 s2 = _mm_setzero_ps(), s3 = _mm_setzero_ps();
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(x + i), _mm_loadu_ps(y + i)));
    s1 = _mm_add_ps(
        s1, _mm_mul_ps(_mm_loadu_ps(x + i + 4), _mm_loadu_ps(y + i + 4)));
    s2 = _mm_add_ps(
        s2, _mm_mul_ps(_mm_loadu_ps(x + i + 8), _mm_loadu_ps(y + i + 8)));
    s3 = _mm_add_ps(
        s3, _mm_mul_ps(_mm_loadu_ps(x + i + 12), _mm_loadu_ps(y + i + 12)));
  }
  for (; i + 4 <= n; i += 4)
    s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(x + i), _mm_loadu_ps(y + i)));
  float sum = sse2_hsum_ps(sse2_sum4_ps(s0, s1, s2, s3));
  for (; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}
