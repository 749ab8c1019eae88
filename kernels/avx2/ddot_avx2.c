/* ddot_avx2.c - AVX2+FMA ddot: sum of x[i] * y[i].
 *
 * 4 doubles per ymm. The main loop handles 16 elements per iteration with
 * 4 independent accumulator registers and 8 unaligned loads: FMA latency
 * (4-5 cycles) times 2 FMA ports needs several chains in flight, and with
 * two loads per FMA the loop is load-bound, so 4 chains are enough. Then
 * single vectors into accumulator 0, the accumulators combined in a fixed
 * order ((0+1)+(2+3)), a fixed horizontal sum, and a scalar tail (< 4)
 * that reads nothing past element n-1. The order of operations depends only
 * on n, so the result is deterministic for given inputs.
 *
 * Unit stride only; incx == incy == -1 pairs the same elements as the
 * unit-stride call on the lowest addresses. Everything else goes to the
 * reference kernel. */
#include "avx2_util.h"
#include "kernel_table.h"

double fastla_ddot_avx2(fastla_int n, const double *x, fastla_int incx,
                        const double *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    return fastla_ddot_ref(n, x, incx, y, incy);
  }

  __m256d acc0 = _mm256_setzero_pd(), acc1 = _mm256_setzero_pd();
  __m256d acc2 = _mm256_setzero_pd(), acc3 = _mm256_setzero_pd();
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 =
        _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i), acc0);
    acc1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 4),
                           _mm256_loadu_pd(y + i + 4), acc1);
    acc2 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 8),
                           _mm256_loadu_pd(y + i + 8), acc2);
    acc3 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 12),
                           _mm256_loadu_pd(y + i + 12), acc3);
  }
  for (; i + 4 <= n; i += 4)
    acc0 =
        _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i), acc0);
  __m256d acc =
      _mm256_add_pd(_mm256_add_pd(acc0, acc1), _mm256_add_pd(acc2, acc3));
  double sum = fastla_avx2_hsum_pd(acc);
  for (; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}
