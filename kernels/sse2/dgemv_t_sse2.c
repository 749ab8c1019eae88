/* dgemv_t_sse2.c - dgemv, transpose, for SSE2: y[j] := beta*y[j] +
 * alpha * dot(A[:, j], x), A m x n column-major, y has n elements.
 *
 * SSE2, 2 doubles per xmm register. The columns go in blocks of 4 that
 * share each load of x: the rows are walked 2 vectors (4 rows) at a time,
 * with 2 accumulators per column (8 independent add chains hide the add
 * latency; SSE2 has no FMA: mul, then add); registers: 8 accumulators + 2 x
 * chunks + column loads, inside the 16 xmm registers. A one-vector step then
 * a scalar step finish the rows; each column's accumulators are combined in
 * a fixed order, then y[j] = alpha*s (beta == 0: y is not read) or
 * alpha*s + beta*y[j]. Leftover n % 4 columns go singly, as a dot product
 * with 4 accumulators over 4 vectors. Nothing past row m-1 of a column (the
 * padding up to lda) or past x[m-1] is read; loads are unaligned.
 *
 * x must be unit stride (incx != 1 uses the reference kernel); y is written
 * as scalars, so any incy keeps the fast path. */
#include "kernel_table.h"
#include "sse2_util.h"

/* y[0] := alpha*s (+ beta*y[0] unless beta == 0, when y is not read). */
static inline void store_y(double *y, double alpha, double s, double beta) {
  *y = beta == 0 ? alpha * s : alpha * s + beta * *y;
}

/* dot(col[0..m-1], x[0..m-1]) with 4 accumulators. */
static double col_dot(fastla_int m, const double *col, const double *x) {
  __m128d s0 = _mm_setzero_pd(), s1 = _mm_setzero_pd();
  __m128d s2 = _mm_setzero_pd(), s3 = _mm_setzero_pd();
  fastla_int i = 0;
  for (; i + 8 <= m; i += 8) {
    s0 = _mm_add_pd(s0, _mm_mul_pd(_mm_loadu_pd(col + i), _mm_loadu_pd(x + i)));
    s1 = _mm_add_pd(
        s1, _mm_mul_pd(_mm_loadu_pd(col + i + 2), _mm_loadu_pd(x + i + 2)));
    s2 = _mm_add_pd(
        s2, _mm_mul_pd(_mm_loadu_pd(col + i + 4), _mm_loadu_pd(x + i + 4)));
    s3 = _mm_add_pd(
        s3, _mm_mul_pd(_mm_loadu_pd(col + i + 6), _mm_loadu_pd(x + i + 6)));
  }
  for (; i + 2 <= m; i += 2)
    s0 = _mm_add_pd(s0, _mm_mul_pd(_mm_loadu_pd(col + i), _mm_loadu_pd(x + i)));
  double sum = sse2_hsum_pd(sse2_sum4_pd(s0, s1, s2, s3));
  if (i < m)
    sum += col[i] * x[i];
  return sum;
}

void fastla_dgemv_t_sse2(fastla_int m, fastla_int n, double alpha,
                         const double *a, fastla_int lda, const double *x,
                         fastla_int incx, double beta, double *y,
                         fastla_int incy, int stream) {
  if (incx != 1) {
    fastla_dgemv_t_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  fastla_int j = 0;
  for (; j + 4 <= n; j += 4) {
    const double *a0 = a + j * lda, *a1 = a0 + lda;
    const double *a2 = a1 + lda, *a3 = a2 + lda;
    /* cK: rows i, i+1 of column K; dK: rows i+2, i+3. */
    __m128d c0 = _mm_setzero_pd(), c1 = _mm_setzero_pd();
    __m128d c2 = _mm_setzero_pd(), c3 = _mm_setzero_pd();
    __m128d d0 = _mm_setzero_pd(), d1 = _mm_setzero_pd();
    __m128d d2 = _mm_setzero_pd(), d3 = _mm_setzero_pd();
    fastla_int i = 0;
    for (; i + 4 <= m; i += 4) {
      const __m128d x0 = _mm_loadu_pd(x + i), x1 = _mm_loadu_pd(x + i + 2);
      c0 = _mm_add_pd(c0, _mm_mul_pd(_mm_loadu_pd(a0 + i), x0));
      c1 = _mm_add_pd(c1, _mm_mul_pd(_mm_loadu_pd(a1 + i), x0));
      c2 = _mm_add_pd(c2, _mm_mul_pd(_mm_loadu_pd(a2 + i), x0));
      c3 = _mm_add_pd(c3, _mm_mul_pd(_mm_loadu_pd(a3 + i), x0));
      d0 = _mm_add_pd(d0, _mm_mul_pd(_mm_loadu_pd(a0 + i + 2), x1));
      d1 = _mm_add_pd(d1, _mm_mul_pd(_mm_loadu_pd(a1 + i + 2), x1));
      d2 = _mm_add_pd(d2, _mm_mul_pd(_mm_loadu_pd(a2 + i + 2), x1));
      d3 = _mm_add_pd(d3, _mm_mul_pd(_mm_loadu_pd(a3 + i + 2), x1));
    }
    if (i + 2 <= m) {
      const __m128d x0 = _mm_loadu_pd(x + i);
      c0 = _mm_add_pd(c0, _mm_mul_pd(_mm_loadu_pd(a0 + i), x0));
      c1 = _mm_add_pd(c1, _mm_mul_pd(_mm_loadu_pd(a1 + i), x0));
      c2 = _mm_add_pd(c2, _mm_mul_pd(_mm_loadu_pd(a2 + i), x0));
      c3 = _mm_add_pd(c3, _mm_mul_pd(_mm_loadu_pd(a3 + i), x0));
      i += 2;
    }
    double s0 = sse2_hsum_pd(_mm_add_pd(c0, d0));
    double s1 = sse2_hsum_pd(_mm_add_pd(c1, d1));
    double s2 = sse2_hsum_pd(_mm_add_pd(c2, d2));
    double s3 = sse2_hsum_pd(_mm_add_pd(c3, d3));
    if (i < m) {
      s0 += a0[i] * x[i];
      s1 += a1[i] * x[i];
      s2 += a2[i] * x[i];
      s3 += a3[i] * x[i];
    }
    store_y(y + j * incy, alpha, s0, beta);
    store_y(y + (j + 1) * incy, alpha, s1, beta);
    store_y(y + (j + 2) * incy, alpha, s2, beta);
    store_y(y + (j + 3) * incy, alpha, s3, beta);
  }
  for (; j < n; j++)
    store_y(y + j * incy, alpha, col_dot(m, a + j * lda, x), beta);
}
