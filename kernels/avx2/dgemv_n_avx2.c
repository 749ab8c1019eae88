/* dgemv_n_avx2.c - AVX2+FMA dgemv, no transpose: y := beta*y + alpha*A*x,
 * A m x n column-major.
 *
 * 4 doubles per ymm. First y := beta*y in one pass (beta == 0 stores zeros
 * without reading y, so NaN in y cannot survive; beta == 1 is skipped).
 * Then the columns are taken 4 at a time: alpha*x[j..j+3] broadcast into 4
 * registers, and the rows walked in chunks of 8 (2 ymm of y, loaded once,
 * 8 FMAs with the 4 column chunks, stored once), then one chunk of 4, then
 * a scalar tail (< 4) so nothing past row m-1 is read or written. Each y
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

void fastla_dgemv_n_avx2(fastla_int m, fastla_int n, double alpha,
                         const double *a, fastla_int lda, const double *x,
                         fastla_int incx, double beta, double *y,
                         fastla_int incy, int stream) {
  if (incy != 1) {
    fastla_dgemv_n_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }

  fastla_int i;
  if (beta == 0) {
    const __m256d zero = _mm256_setzero_pd();
    for (i = 0; i + 4 <= m; i += 4)
      _mm256_storeu_pd(y + i, zero);
    for (; i < m; i++)
      y[i] = 0;
  } else if (beta != 1) {
    const __m256d vb = _mm256_set1_pd(beta);
    for (i = 0; i + 4 <= m; i += 4)
      _mm256_storeu_pd(y + i, _mm256_mul_pd(vb, _mm256_loadu_pd(y + i)));
    for (; i < m; i++)
      y[i] *= beta;
  }

  fastla_int j = 0;
  for (; j + 4 <= n; j += 4) {
    const double *a0 = a + j * lda, *a1 = a0 + lda, *a2 = a1 + lda,
                 *a3 = a2 + lda;
    const double t0 = alpha * x[j * incx], t1 = alpha * x[(j + 1) * incx],
                 t2 = alpha * x[(j + 2) * incx], t3 = alpha * x[(j + 3) * incx];
    const __m256d b0 = _mm256_set1_pd(t0), b1 = _mm256_set1_pd(t1),
                  b2 = _mm256_set1_pd(t2), b3 = _mm256_set1_pd(t3);
    for (i = 0; i + 8 <= m; i += 8) {
      __m256d y0 = _mm256_loadu_pd(y + i), y1 = _mm256_loadu_pd(y + i + 4);
      y0 = _mm256_fmadd_pd(b0, _mm256_loadu_pd(a0 + i), y0);
      y1 = _mm256_fmadd_pd(b0, _mm256_loadu_pd(a0 + i + 4), y1);
      y0 = _mm256_fmadd_pd(b1, _mm256_loadu_pd(a1 + i), y0);
      y1 = _mm256_fmadd_pd(b1, _mm256_loadu_pd(a1 + i + 4), y1);
      y0 = _mm256_fmadd_pd(b2, _mm256_loadu_pd(a2 + i), y0);
      y1 = _mm256_fmadd_pd(b2, _mm256_loadu_pd(a2 + i + 4), y1);
      y0 = _mm256_fmadd_pd(b3, _mm256_loadu_pd(a3 + i), y0);
      y1 = _mm256_fmadd_pd(b3, _mm256_loadu_pd(a3 + i + 4), y1);
      _mm256_storeu_pd(y + i, y0);
      _mm256_storeu_pd(y + i + 4, y1);
    }
    for (; i + 4 <= m; i += 4) {
      __m256d y0 = _mm256_loadu_pd(y + i);
      y0 = _mm256_fmadd_pd(b0, _mm256_loadu_pd(a0 + i), y0);
      y0 = _mm256_fmadd_pd(b1, _mm256_loadu_pd(a1 + i), y0);
      y0 = _mm256_fmadd_pd(b2, _mm256_loadu_pd(a2 + i), y0);
      y0 = _mm256_fmadd_pd(b3, _mm256_loadu_pd(a3 + i), y0);
      _mm256_storeu_pd(y + i, y0);
    }
    for (; i < m; i++) {
      double s = y[i];
      s += t0 * a0[i];
      s += t1 * a1[i];
      s += t2 * a2[i];
      s += t3 * a3[i];
      y[i] = s;
    }
  }
  for (; j < n; j++) {
    const double *a0 = a + j * lda;
    const double t0 = alpha * x[j * incx];
    const __m256d b0 = _mm256_set1_pd(t0);
    for (i = 0; i + 8 <= m; i += 8) {
      __m256d y0 =
          _mm256_fmadd_pd(b0, _mm256_loadu_pd(a0 + i), _mm256_loadu_pd(y + i));
      __m256d y1 = _mm256_fmadd_pd(b0, _mm256_loadu_pd(a0 + i + 4),
                                   _mm256_loadu_pd(y + i + 4));
      _mm256_storeu_pd(y + i, y0);
      _mm256_storeu_pd(y + i + 4, y1);
    }
    for (; i + 4 <= m; i += 4)
      _mm256_storeu_pd(y + i, _mm256_fmadd_pd(b0, _mm256_loadu_pd(a0 + i),
                                              _mm256_loadu_pd(y + i)));
    for (; i < m; i++)
      y[i] += t0 * a0[i];
  }
}
