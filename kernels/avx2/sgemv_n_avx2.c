/* sgemv_n_avx2.c - AVX2+FMA sgemv, no transpose: y := beta*y + alpha*A*x,
 * A m x n column-major.
 *
 * 8 floats per ymm. First y := beta*y in one pass (beta == 0 stores zeros
 * without reading y, so NaN in y cannot survive; beta == 1 is skipped).
 * Then the columns are taken 4 at a time: alpha*x[j..j+3] broadcast into 4
 * registers, and the rows walked in chunks of 16 (2 ymm of y, loaded once,
 * 8 FMAs with the 4 column chunks, stored once), then one chunk of 8, then
 * a scalar tail (< 8) so nothing past row m-1 is read or written. Each y
 * chunk is read and written once per 4 columns and A is streamed exactly
 * once; y stays in cache. The 2 y chunks give 2 independent FMA chains per
 * iteration and successive iterations are independent, so out-of-order
 * execution overlaps them. Leftover columns (< 4) are done one at a time
 * the same way. The updates of each y element happen in column order, as in
 * the reference kernel.
 *
 * Fast path needs incy == 1 (x, any stride, is only read as scalars);
 * other incy go to the reference kernel. */
#include "avx2_util.h"
#include "kernel_table.h"

void fastla_sgemv_n_avx2(fastla_int m, fastla_int n, float alpha,
                         const float *a, fastla_int lda, const float *x,
                         fastla_int incx, float beta, float *y, fastla_int incy,
                         int stream) {
  if (incy != 1) {
    fastla_sgemv_n_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }

  fastla_int i;
  if (beta == 0) {
    const __m256 zero = _mm256_setzero_ps();
    for (i = 0; i + 8 <= m; i += 8)
      _mm256_storeu_ps(y + i, zero);
    for (; i < m; i++)
      y[i] = 0;
  } else if (beta != 1) {
    const __m256 vb = _mm256_set1_ps(beta);
    for (i = 0; i + 8 <= m; i += 8)
      _mm256_storeu_ps(y + i, _mm256_mul_ps(vb, _mm256_loadu_ps(y + i)));
    for (; i < m; i++)
      y[i] *= beta;
  }

  fastla_int j = 0;
  for (; j + 4 <= n; j += 4) {
    const float *a0 = a + j * lda, *a1 = a0 + lda, *a2 = a1 + lda,
                *a3 = a2 + lda;
    const float t0 = alpha * x[j * incx], t1 = alpha * x[(j + 1) * incx],
                t2 = alpha * x[(j + 2) * incx], t3 = alpha * x[(j + 3) * incx];
    const __m256 b0 = _mm256_set1_ps(t0), b1 = _mm256_set1_ps(t1),
                 b2 = _mm256_set1_ps(t2), b3 = _mm256_set1_ps(t3);
    for (i = 0; i + 16 <= m; i += 16) {
      __m256 y0 = _mm256_loadu_ps(y + i), y1 = _mm256_loadu_ps(y + i + 8);
      y0 = _mm256_fmadd_ps(b0, _mm256_loadu_ps(a0 + i), y0);
      y1 = _mm256_fmadd_ps(b0, _mm256_loadu_ps(a0 + i + 8), y1);
      y0 = _mm256_fmadd_ps(b1, _mm256_loadu_ps(a1 + i), y0);
      y1 = _mm256_fmadd_ps(b1, _mm256_loadu_ps(a1 + i + 8), y1);
      y0 = _mm256_fmadd_ps(b2, _mm256_loadu_ps(a2 + i), y0);
      y1 = _mm256_fmadd_ps(b2, _mm256_loadu_ps(a2 + i + 8), y1);
      y0 = _mm256_fmadd_ps(b3, _mm256_loadu_ps(a3 + i), y0);
      y1 = _mm256_fmadd_ps(b3, _mm256_loadu_ps(a3 + i + 8), y1);
      _mm256_storeu_ps(y + i, y0);
      _mm256_storeu_ps(y + i + 8, y1);
    }
    for (; i + 8 <= m; i += 8) {
      __m256 y0 = _mm256_loadu_ps(y + i);
      y0 = _mm256_fmadd_ps(b0, _mm256_loadu_ps(a0 + i), y0);
      y0 = _mm256_fmadd_ps(b1, _mm256_loadu_ps(a1 + i), y0);
      y0 = _mm256_fmadd_ps(b2, _mm256_loadu_ps(a2 + i), y0);
      y0 = _mm256_fmadd_ps(b3, _mm256_loadu_ps(a3 + i), y0);
      _mm256_storeu_ps(y + i, y0);
    }
    for (; i < m; i++) {
      float s = y[i];
      s += t0 * a0[i];
      s += t1 * a1[i];
      s += t2 * a2[i];
      s += t3 * a3[i];
      y[i] = s;
    }
  }
  for (; j < n; j++) {
    const float *a0 = a + j * lda;
    const float t0 = alpha * x[j * incx];
    const __m256 b0 = _mm256_set1_ps(t0);
    for (i = 0; i + 16 <= m; i += 16) {
      __m256 y0 =
          _mm256_fmadd_ps(b0, _mm256_loadu_ps(a0 + i), _mm256_loadu_ps(y + i));
      __m256 y1 = _mm256_fmadd_ps(b0, _mm256_loadu_ps(a0 + i + 8),
                                  _mm256_loadu_ps(y + i + 8));
      _mm256_storeu_ps(y + i, y0);
      _mm256_storeu_ps(y + i + 8, y1);
    }
    for (; i + 8 <= m; i += 8)
      _mm256_storeu_ps(y + i, _mm256_fmadd_ps(b0, _mm256_loadu_ps(a0 + i),
                                              _mm256_loadu_ps(y + i)));
    for (; i < m; i++)
      y[i] += t0 * a0[i];
  }
}
