/* daxpy_avx2.c - AVX2+FMA daxpy: y += alpha * x.
 *
 * 4 doubles per ymm. The main loop handles 16 elements per iteration: alpha
 * broadcast once into one register, 4 independent load-FMA-store streams (each
 * y element is updated once, so there is no dependency chain to hide, the
 * unrolling only amortises loop overhead and keeps 4 loads of x and y in
 * flight). Unaligned loads and stores (the user's pointers may sit one
 * element off alignment); then single vectors, then a scalar tail (< 4)
 * so nothing past element n-1 is read or written.
 *
 * Unit stride only; incx == incy == -1 updates the same pairs as the
 * unit-stride call on the lowest addresses (each y element once, so order
 * does not matter). Everything else - including incy == 0, whose updates
 * accumulate in order - goes to the reference kernel. */
#include "avx2_util.h"
#include "kernel_table.h"

void fastla_daxpy_avx2(fastla_int n, double alpha, const double *x,
                       fastla_int incx, double *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    fastla_daxpy_ref(n, alpha, x, incx, y, incy);
    return;
  }

  const __m256d va = _mm256_set1_pd(alpha);
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256d y0 =
        _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i));
    __m256d y1 = _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i + 4),
                                 _mm256_loadu_pd(y + i + 4));
    __m256d y2 = _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i + 8),
                                 _mm256_loadu_pd(y + i + 8));
    __m256d y3 = _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i + 12),
                                 _mm256_loadu_pd(y + i + 12));
    _mm256_storeu_pd(y + i, y0);
    _mm256_storeu_pd(y + i + 4, y1);
    _mm256_storeu_pd(y + i + 8, y2);
    _mm256_storeu_pd(y + i + 12, y3);
  }
  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd(y + i, _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i),
                                            _mm256_loadu_pd(y + i)));
  for (; i < n; i++)
    y[i] += alpha * x[i];
}
