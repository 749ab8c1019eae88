/* sgemv_t_avx2.c - AVX2+FMA sgemv, transpose: y := beta*y + alpha*A^T*x,
 * A m x n column-major, y[j] gets the dot product of column j with x.
 *
 * 8 floats per ymm. Columns are taken 4 at a time and the rows walked in
 * chunks of 16: the 2 x chunks are loaded once and shared by the 4
 * columns, 8 FMAs into 8 independent accumulators (4 columns x 2 row
 * halves; 8 chains cover FMA latency x 2 ports). 8 accumulators + 2 x
 * chunks + A loads fit the 16 ymm registers. Then one chunk of 8, the two
 * halves of each column added, fixed horizontal sums, and a scalar tail
 * (< 8) so nothing past row m-1 is read. A is streamed once; x stays in
 * cache. Leftover columns (< 4) are done singly with 4 accumulators, like
 * sdot. The result is y[j] = alpha*s (beta == 0: y is not read, so NaN in
 * y cannot survive) or alpha*s + beta*y[j], as in the reference kernel.
 *
 * Fast path needs incx == 1 (y, any stride, is only written as scalars);
 * other incx go to the reference kernel. */
#include "avx2_util.h"
#include "kernel_table.h"

/* y := alpha*s + beta*y, or alpha*s when beta == 0 (y not read). */
static inline void put(float *y, float alpha, float s, float beta) {
  *y = beta == 0 ? alpha * s : alpha * s + beta * *y;
}

void fastla_sgemv_t_avx2(fastla_int m, fastla_int n, float alpha,
                         const float *a, fastla_int lda, const float *x,
                         fastla_int incx, float beta, float *y, fastla_int incy,
                         int stream) {
  if (incx != 1) {
    fastla_sgemv_t_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }

  fastla_int i, j = 0;
  for (; j + 4 <= n; j += 4) {
    const float *a0 = a + j * lda, *a1 = a0 + lda, *a2 = a1 + lda,
                *a3 = a2 + lda;
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    for (i = 0; i + 16 <= m; i += 16) {
      const __m256 x0 = _mm256_loadu_ps(x + i), x1 = _mm256_loadu_ps(x + i + 8);
      c00 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i), x0, c00);
      c01 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i + 8), x1, c01);
      c10 = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + i), x0, c10);
      c11 = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + i + 8), x1, c11);
      c20 = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + i), x0, c20);
      c21 = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + i + 8), x1, c21);
      c30 = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + i), x0, c30);
      c31 = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + i + 8), x1, c31);
    }
    for (; i + 8 <= m; i += 8) {
      const __m256 x0 = _mm256_loadu_ps(x + i);
      c00 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i), x0, c00);
      c10 = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + i), x0, c10);
      c20 = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + i), x0, c20);
      c30 = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + i), x0, c30);
    }
    float s0 = fastla_avx2_hsum_ps(_mm256_add_ps(c00, c01));
    float s1 = fastla_avx2_hsum_ps(_mm256_add_ps(c10, c11));
    float s2 = fastla_avx2_hsum_ps(_mm256_add_ps(c20, c21));
    float s3 = fastla_avx2_hsum_ps(_mm256_add_ps(c30, c31));
    for (; i < m; i++) {
      const float xi = x[i];
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
    const float *a0 = a + j * lda;
    __m256 c0 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps();
    __m256 c2 = _mm256_setzero_ps(), c3 = _mm256_setzero_ps();
    for (i = 0; i + 32 <= m; i += 32) {
      c0 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i), _mm256_loadu_ps(x + i), c0);
      c1 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i + 8),
                           _mm256_loadu_ps(x + i + 8), c1);
      c2 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i + 16),
                           _mm256_loadu_ps(x + i + 16), c2);
      c3 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i + 24),
                           _mm256_loadu_ps(x + i + 24), c3);
    }
    for (; i + 8 <= m; i += 8)
      c0 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + i), _mm256_loadu_ps(x + i), c0);
    float s0 = fastla_avx2_hsum_ps(
        _mm256_add_ps(_mm256_add_ps(c0, c1), _mm256_add_ps(c2, c3)));
    for (; i < m; i++)
      s0 += a0[i] * x[i];
    put(y + j * incy, alpha, s0, beta);
  }
}
