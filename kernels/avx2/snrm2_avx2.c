/* snrm2_avx2.c - AVX2+FMA snrm2: the Euclidean norm of x, in one pass.
 *
 * Each 4-float load (xmm) is widened to a 4-double ymm (vcvtps2pd, which
 * can take the load as its memory operand) and the squares are accumulated
 * in double with FMA. The main loop handles 32 floats per iteration: 8
 * load-conversions, 8 FMAs into 4 independent double accumulators (2 FMAs
 * per accumulator per iteration; 4 chains hide the FMA latency). Then
 * single 4-float loads, a fixed combination of the accumulators, a fixed
 * horizontal sum and a scalar tail (< 4) in double; finally
 * (float)sqrt(sum).
 *
 * Why no scaling pass is needed: every float squared is representable in
 * double without overflow or underflow (FLT_MAX^2 ~ 1.2e77, the smallest
 * subnormal squared ~ 2e-90, both far inside double's range), and a sum of
 * fewer than 2^63 such squares is below 2^63 * 1.2e77 ~ 1e96. So sqrt(sum)
 * is accurate to double rounding and its conversion to float overflows or
 * underflows only when the true norm is not representable in float. NaN
 * anywhere makes the sum NaN; Inf without NaN makes it +Inf (Inf^2 = +Inf,
 * and no -Inf can appear to form Inf - Inf): both follow from IEEE
 * arithmetic, no special case needed.
 *
 * Unit stride only; incx == -1 reads the same elements on the lowest
 * addresses (order does not matter beyond rounding). Everything else goes
 * to the reference kernel. */
#include <math.h>

#include "avx2_util.h"
#include "kernel_table.h"

float fastla_snrm2_avx2(fastla_int n, const float *x, fastla_int incx) {
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_snrm2_ref(n, x, incx);

  __m256d acc0 = _mm256_setzero_pd(), acc1 = _mm256_setzero_pd();
  __m256d acc2 = _mm256_setzero_pd(), acc3 = _mm256_setzero_pd();
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256d v0 = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
    __m256d v1 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4));
    __m256d v2 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8));
    __m256d v3 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12));
    __m256d v4 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 16));
    __m256d v5 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 20));
    __m256d v6 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 24));
    __m256d v7 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 28));
    acc0 = _mm256_fmadd_pd(v0, v0, acc0);
    acc1 = _mm256_fmadd_pd(v1, v1, acc1);
    acc2 = _mm256_fmadd_pd(v2, v2, acc2);
    acc3 = _mm256_fmadd_pd(v3, v3, acc3);
    acc0 = _mm256_fmadd_pd(v4, v4, acc0);
    acc1 = _mm256_fmadd_pd(v5, v5, acc1);
    acc2 = _mm256_fmadd_pd(v6, v6, acc2);
    acc3 = _mm256_fmadd_pd(v7, v7, acc3);
  }
  for (; i + 4 <= n; i += 4) {
    __m256d v = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
    acc0 = _mm256_fmadd_pd(v, v, acc0);
  }
  __m256d acc =
      _mm256_add_pd(_mm256_add_pd(acc0, acc1), _mm256_add_pd(acc2, acc3));
  double sum = fastla_avx2_hsum_pd(acc);
  for (; i < n; i++) {
    double v = x[i];
    sum += v * v;
  }
  return (float)sqrt(sum);
}
