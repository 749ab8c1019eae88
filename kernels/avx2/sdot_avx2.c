/* sdot_avx2.c - AVX2+FMA sdot: sum of x[i] * y[i].
 *
 * 8 floats per ymm. The main loop handles 32 elements per iteration with
 * 4 independent accumulator registers and 8 unaligned loads: FMA latency
 * (4-5 cycles) times 2 FMA ports needs several chains in flight, and with
 * two loads per FMA the loop is load-bound, so 4 chains are enough. Then
 * single vectors into accumulator 0, the accumulators combined in a fixed
 * order ((0+1)+(2+3)), a fixed horizontal sum, and a scalar tail (< 8)
 * that reads nothing past element n-1. The order of operations depends only
 * on n, so the result is deterministic for given inputs.
 *
 * Unit stride only; incx == incy == -1 pairs the same elements as the
 * unit-stride call on the lowest addresses. Everything else goes to the
 * reference kernel. */
#include "avx2_util.h"
#include "kernel_table.h"

float fastla_sdot_avx2(fastla_int n, const float *x, fastla_int incx,
                       const float *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    return fastla_sdot_ref(n, x, incx, y, incy);
  }

  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    acc0 =
        _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8),
                           _mm256_loadu_ps(y + i + 8), acc1);
    acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 16),
                           _mm256_loadu_ps(y + i + 16), acc2);
    acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 24),
                           _mm256_loadu_ps(y + i + 24), acc3);
  }
  for (; i + 8 <= n; i += 8)
    acc0 =
        _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), acc0);
  __m256 acc =
      _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3));
  float sum = fastla_avx2_hsum_ps(acc);
  for (; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}
