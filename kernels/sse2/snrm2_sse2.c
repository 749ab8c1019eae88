/* snrm2_sse2.c - snrm2 for SSE2: the Euclidean norm of x, in one pass.
 *
 * Each float is widened to double (cvtps2pd: 4 floats give 2 double
 * vectors) and its square accumulated in double. For any float input
 * no square can overflow or underflow in double: FLT_MAX^2 ~ 1.2e77 and the
 * smallest float subnormal squared ~ 2e-90 are far inside the double range,
 * and a sum of n such squares stays finite for any n that fits in memory.
 * So no scaling pass is needed, unlike the reference (Blue's algorithm in
 * float); the result is (float)sqrt(sum), which is +Inf exactly when the
 * norm exceeds FLT_MAX, i.e. is not representable. NaN anywhere makes the
 * sum NaN; an Inf without NaN makes it +Inf (squares are never negative, so
 * Inf - Inf cannot occur): both rules follow from IEEE arithmetic with no
 * special cases.
 *
 * The loop handles 4 float vectors (16 floats -> 8 double vectors) per
 * iteration into 8 independent double accumulators, so the add latency is
 * hidden (SSE2 has no FMA: mul, then add); registers: 8 accumulators + 4
 * loads/conversions. A one-vector loop then at most 3 scalars finish the
 * remainder without reading past x[n-1]; loads are unaligned; accumulators
 * combine in a fixed order. incx == -1 visits the same elements as the
 * unit-stride call on the lowest addresses (only the summation order
 * differs); other strides use the reference kernel. */
#include <math.h>

#include "kernel_table.h"
#include "sse2_util.h"

/* Adds the squares of the 4 floats of v, as doubles, to *lo and *hi. */
static inline void add_squares(__m128 v, __m128d *lo, __m128d *hi) {
  __m128d a = _mm_cvtps_pd(v), b = _mm_cvtps_pd(_mm_movehl_ps(v, v));
  *lo = _mm_add_pd(*lo, _mm_mul_pd(a, a));
  *hi = _mm_add_pd(*hi, _mm_mul_pd(b, b));
}

float fastla_snrm2_sse2(fastla_int n, const float *x, fastla_int incx) {
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_snrm2_ref(n, x, incx);
  __m128d s0 = _mm_setzero_pd(), s1 = _mm_setzero_pd();
  __m128d s2 = _mm_setzero_pd(), s3 = _mm_setzero_pd();
  __m128d s4 = _mm_setzero_pd(), s5 = _mm_setzero_pd();
  __m128d s6 = _mm_setzero_pd(), s7 = _mm_setzero_pd();
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    add_squares(_mm_loadu_ps(x + i), &s0, &s1);
    add_squares(_mm_loadu_ps(x + i + 4), &s2, &s3);
    add_squares(_mm_loadu_ps(x + i + 8), &s4, &s5);
    add_squares(_mm_loadu_ps(x + i + 12), &s6, &s7);
  }
  for (; i + 4 <= n; i += 4)
    add_squares(_mm_loadu_ps(x + i), &s0, &s1);
  __m128d s =
      _mm_add_pd(sse2_sum4_pd(s0, s1, s2, s3), sse2_sum4_pd(s4, s5, s6, s7));
  double sum = sse2_hsum_pd(s);
  for (; i < n; i++) {
    double v = x[i];
    sum += v * v;
  }
  return (float)sqrt(sum);
}
