/* dgemv_t_avx2.c - AVX2+FMA dgemv, transpose: y := beta*y + alpha*A^T*x,
 * A m x n column-major, y[j] gets the dot product of column j with x.
 *
 * 4 doubles per ymm. Columns are taken 4 at a time and the rows walked in
 * chunks of 8: the 2 x chunks are loaded once and shared by the 4
 * columns, 8 FMAs into 8 independent accumulators (4 columns x 2 row
 * halves; 8 chains cover FMA latency x 2 ports). 8 accumulators + 2 x
 * chunks + A loads fit the 16 ymm registers. Then one chunk of 4, the two
 * halves of each column added, fixed horizontal sums, and a scalar tail
 * (< 4) so nothing past row m-1 is read. A is streamed once; x stays in
 * cache. Leftover columns (< 4) are done singly with 4 accumulators, like
 * ddot. The result is y[j] = alpha*s (beta == 0: y is not read, so NaN in
 * y cannot survive) or alpha*s + beta*y[j], as in the reference kernel.
 *
 * Fast path needs incx == 1 (y, any stride, is only written as scalars);
 * other incx go to the reference kernel. */
#include "avx2_util.h"
#include "kernel_table.h"

/* y := alpha*s + beta*y, or alpha*s when beta == 0 (y not read). */
static inline void put(double *y, double alpha, double s, double beta) {
  *y = beta == 0 ? alpha * s : alpha * s + beta * *y;
}

void fastla_dgemv_t_avx2(fastla_int m, fastla_int n, double alpha,
                         const double *a, fastla_int lda, const double *x,
                         fastla_int incx, double beta, double *y,
                         fastla_int incy, int stream) {
  if (incx != 1) {
    fastla_dgemv_t_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }

  fastla_int i, j = 0;
  for (; j + 4 <= n; j += 4) {
    const double *a0 = a + j * lda, *a1 = a0 + lda, *a2 = a1 + lda,
                 *a3 = a2 + lda;
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    for (i = 0; i + 8 <= m; i += 8) {
      const __m256d x0 = _mm256_loadu_pd(x + i),
                    x1 = _mm256_loadu_pd(x + i + 4);
      c00 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i), x0, c00);
      c01 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i + 4), x1, c01);
      c10 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + i), x0, c10);
      c11 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + i + 4), x1, c11);
      c20 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + i), x0, c20);
      c21 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + i + 4), x1, c21);
      c30 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + i), x0, c30);
      c31 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + i + 4), x1, c31);
    }
    for (; i + 4 <= m; i += 4) {
      const __m256d x0 = _mm256_loadu_pd(x + i);
      c00 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i), x0, c00);
      c10 = _mm256_fmadd_pd(_mm256_loadu_pd(a1 + i), x0, c10);
      c20 = _mm256_fmadd_pd(_mm256_loadu_pd(a2 + i), x0, c20);
      c30 = _mm256_fmadd_pd(_mm256_loadu_pd(a3 + i), x0, c30);
    }
    double s0 = fastla_avx2_hsum_pd(_mm256_add_pd(c00, c01));
    double s1 = fastla_avx2_hsum_pd(_mm256_add_pd(c10, c11));
    double s2 = fastla_avx2_hsum_pd(_mm256_add_pd(c20, c21));
    double s3 = fastla_avx2_hsum_pd(_mm256_add_pd(c30, c31));
    for (; i < m; i++) {
      const double xi = x[i];
      s0 += a0[i] * xi;
      s1 += a1[i] * xi;
      s2 += a2[i] * xi;
      s3 += a3[i] * xi;
    }
    put(y + j * incy, alpha, s0, beta);
    put(y + (j + 1) * incy, alpha, s1, beta);
    put(y + (j + 2) * incy, alpha, s2, beta);
    put(y + (j + 3) * incy, alpha, s3, beta);
  }
  for (; j < n; j++) {
    const double *a0 = a + j * lda;
    __m256d c0 = _mm256_setzero_pd(), c1 = _mm256_setzero_pd();
    __m256d c2 = _mm256_setzero_pd(), c3 = _mm256_setzero_pd();
    for (i = 0; i + 16 <= m; i += 16) {
      c0 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i), _mm256_loadu_pd(x + i), c0);
      c1 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i + 4),
                           _mm256_loadu_pd(x + i + 4), c1);
      c2 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i + 8),
                           _mm256_loadu_pd(x + i + 8), c2);
      c3 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i + 12),
                           _mm256_loadu_pd(x + i + 12), c3);
    }
    for (; i + 4 <= m; i += 4)
      c0 = _mm256_fmadd_pd(_mm256_loadu_pd(a0 + i), _mm256_loadu_pd(x + i), c0);
    double s0 = fastla_avx2_hsum_pd(
        _mm256_add_pd(_mm256_add_pd(c0, c1), _mm256_add_pd(c2, c3)));
    for (; i < m; i++)
      s0 += a0[i] * x[i];
    put(y + j * incy, alpha, s0, beta);
  }
}
