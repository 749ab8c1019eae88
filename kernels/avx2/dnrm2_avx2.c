/* dnrm2_avx2.c - AVX2+FMA dnrm2: the Euclidean norm of x, one pass in the
 * common case.
 *
 * 4 doubles per ymm. The main loop handles 16 elements per iteration: 4
 * loads, 4 FMAs into 4 independent sum-of-squares accumulators (4 chains
 * hide the FMA latency) and, alongside, |x| (sign bit cleared by an AND) into
 * 4 running-maximum registers (vmaxpd, 1-cycle latency, off the FMA ports'
 * critical path). 12 live ymm registers plus the abs mask. Then single
 * vectors, fixed combination, fixed horizontal sums, scalar tail (< 4).
 *
 * Why the plain sum of squares is safe when the checks below pass:
 *   - sum is NaN  -> some x is NaN (squares of non-NaN values are >= 0 or
 *                    +Inf, so Inf - Inf cannot occur): return NaN.
 *   - max == 0    -> every x is +-0: return 0.
 *   - 2^-511 <= max <= 2^486 (TSML/TBIG of dnrm2_ref.c): no square
 *     overflows, and n * max^2 <= n * 2^972 cannot overflow for any n that
 *     fits in memory; squares that underflow are those of |x| < 2^-511,
 *     i.e. below 2^-1022, each losing at most 2^-1074, so the total loss is
 *     at most n * 2^-1074 <= n * eps * max^2 (max^2 >= 2^-1022): the same
 *     order as ordinary rounding. Return sqrt(sum).
 *   - otherwise (an Inf, values above 2^486 or all below 2^-511): return
 *     fastla_dnrm2_ref, the exact scaled algorithm, a second pass only in
 *     these rare ranges. It also gives +Inf for Inf.
 * max is only consulted once the sum is known not to be NaN, so vmaxpd's
 * NaN operand rule does not matter.
 *
 * Unit stride only; incx == -1 reads the same elements on the lowest
 * addresses (order does not matter beyond rounding). Everything else goes
 * to the reference kernel. */
#include <math.h>

#include "avx2_util.h"
#include "kernel_table.h"

#define TSML 0x1p-511
#define TBIG 0x1p+486

double fastla_dnrm2_avx2(fastla_int n, const double *x, fastla_int incx) {
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_dnrm2_ref(n, x, incx);

  const __m256d abs_mask = fastla_avx2_abs_mask_pd();
  __m256d acc0 = _mm256_setzero_pd(), acc1 = _mm256_setzero_pd();
  __m256d acc2 = _mm256_setzero_pd(), acc3 = _mm256_setzero_pd();
  __m256d max0 = _mm256_setzero_pd(), max1 = _mm256_setzero_pd();
  __m256d max2 = _mm256_setzero_pd(), max3 = _mm256_setzero_pd();
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256d v0 = _mm256_loadu_pd(x + i);
    __m256d v1 = _mm256_loadu_pd(x + i + 4);
    __m256d v2 = _mm256_loadu_pd(x + i + 8);
    __m256d v3 = _mm256_loadu_pd(x + i + 12);
    acc0 = _mm256_fmadd_pd(v0, v0, acc0);
    acc1 = _mm256_fmadd_pd(v1, v1, acc1);
    acc2 = _mm256_fmadd_pd(v2, v2, acc2);
    acc3 = _mm256_fmadd_pd(v3, v3, acc3);
    max0 = _mm256_max_pd(max0, _mm256_and_pd(v0, abs_mask));
    max1 = _mm256_max_pd(max1, _mm256_and_pd(v1, abs_mask));
    max2 = _mm256_max_pd(max2, _mm256_and_pd(v2, abs_mask));
    max3 = _mm256_max_pd(max3, _mm256_and_pd(v3, abs_mask));
  }
  for (; i + 4 <= n; i += 4) {
    __m256d v = _mm256_loadu_pd(x + i);
    acc0 = _mm256_fmadd_pd(v, v, acc0);
    max0 = _mm256_max_pd(max0, _mm256_and_pd(v, abs_mask));
  }
  __m256d acc =
      _mm256_add_pd(_mm256_add_pd(acc0, acc1), _mm256_add_pd(acc2, acc3));
  __m256d vmax =
      _mm256_max_pd(_mm256_max_pd(max0, max1), _mm256_max_pd(max2, max3));
  __m128d m2 =
      _mm_max_pd(_mm256_castpd256_pd128(vmax), _mm256_extractf128_pd(vmax, 1));
  double amax = fmax(_mm_cvtsd_f64(m2), _mm_cvtsd_f64(_mm_unpackhi_pd(m2, m2)));
  double sum = fastla_avx2_hsum_pd(acc);
  for (; i < n; i++) {
    double v = x[i];
    sum += v * v;
    amax = fmax(amax, fabs(v));
  }

  if (isnan(sum))
    return sum;
  if (amax == 0)
    return 0;
  if (amax >= TSML && amax <= TBIG)
    return sqrt(sum);
  return fastla_dnrm2_ref(n, x, 1);
}
