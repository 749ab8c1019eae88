/* saxpy_avx2.c - AVX2+FMA saxpy: y += alpha * x.
 *
 * 8 floats per ymm. The main loop handles 32 elements per iteration: alpha
 * broadcast once into one register, 4 independent load-FMA-store streams (each
 * y element is updated once, so there is no dependency chain to hide, the
 * unrolling only amortises loop overhead and keeps 4 loads of x and y in
 * flight). Unaligned loads and stores (the user's pointers may sit one
 * element off alignment); then single vectors, then a scalar tail (< 8)
 * so nothing past element n-1 is read or written.
 *
 * Unit stride only; incx == incy == -1 updates the same pairs as the
 * unit-stride call on the lowest addresses (each y element once, so order
 * does not matter). Everything else - including incy == 0, whose updates
 * accumulate in order - goes to the reference kernel. */
#include "avx2_util.h"
#include "kernel_table.h"

void fastla_saxpy_avx2(fastla_int n, float alpha, const float *x,
                       fastla_int incx, float *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    fastla_saxpy_ref(n, alpha, x, incx, y, incy);
    return;
  }

  const __m256 va = _mm256_set1_ps(alpha);
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256 y0 =
        _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i));
    __m256 y1 = _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 8),
                                _mm256_loadu_ps(y + i + 8));
    __m256 y2 = _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 16),
                                _mm256_loadu_ps(y + i + 16));
    __m256 y3 = _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 24),
                                _mm256_loadu_ps(y + i + 24));
    _mm256_storeu_ps(y + i, y0);
    _mm256_storeu_ps(y + i + 8, y1);
    _mm256_storeu_ps(y + i + 16, y2);
    _mm256_storeu_ps(y + i + 24, y3);
  }
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i),
                                            _mm256_loadu_ps(y + i)));
  for (; i < n; i++)
    y[i] += alpha * x[i];
}
