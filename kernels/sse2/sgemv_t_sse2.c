/* sgemv_t_sse2.c - sgemv, transpose, for SSE2: y[j] := beta*y[j] +
 * alpha * dot(A[:, j], x), A m x n column-major, y has n elements.
 *
 * SSE2, 4 floats per xmm register. The columns go in blocks of 4 that share
 * each load of x: the rows are walked 2 vectors (8 rows) at a time, with 2
 * accumulators per column (8 independent add chains hide the add latency;
 * SSE2 has no FMA: mul, then add); registers: 8 accumulators + 2 x chunks
 * + column loads, inside the 16 xmm registers. A one-vector step then a
 * scalar loop finish the rows; each column's accumulators are combined in a
 * fixed order, then y[j] = alpha*s (beta == 0: y is not read) or
 * alpha*s + beta*y[j]. Leftover n % 4 columns go singly, as a dot product
 * with 4 accumulators over 4 vectors. Nothing past row m-1 of a column (the
 * padding up to lda) or past x[m-1] is read; loads are unaligned.
 *
 * x must be unit stride (incx != 1 uses the reference kernel); y is written
 * as scalars, so any incy keeps the fast path. */
#include "kernel_table.h"
#include "sse2_util.h"

/* y[0] := alpha*s (+ beta*y[0] unless beta == 0, when y is not read). */
static inline void store_y(float *y, float alpha, float s, float beta) {
  *y = beta == 0 ? alpha * s : alpha * s + beta * *y;
}

/* dot(col[0..m-1], x[0..m-1]) with 4 accumulators. */
static float col_dot(fastla_int m, const float *col, const float *x) {
  __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
  __m128 s2 = _mm_setzero_ps(), s3 = _mm_setzero_ps();
  fastla_int i = 0;
  for (; i + 16 <= m; i += 16) {
    s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(col + i), _mm_loadu_ps(x + i)));
    s1 = _mm_add_ps(
        s1, _mm_mul_ps(_mm_loadu_ps(col + i + 4), _mm_loadu_ps(x + i + 4)));
    s2 = _mm_add_ps(
        s2, _mm_mul_ps(_mm_loadu_ps(col + i + 8), _mm_loadu_ps(x + i + 8)));
    s3 = _mm_add_ps(
        s3, _mm_mul_ps(_mm_loadu_ps(col + i + 12), _mm_loadu_ps(x + i + 12)));
  }
  for (; i + 4 <= m; i += 4)
    s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(col + i), _mm_loadu_ps(x + i)));
  float sum = sse2_hsum_ps(sse2_sum4_ps(s0, s1, s2, s3));
  for (; i < m; i++)
    sum += col[i] * x[i];
  return sum;
}

void fastla_sgemv_t_sse2(fastla_int m, fastla_int n, float alpha,
                         const float *a, fastla_int lda, const float *x,
                         fastla_int incx, float beta, float *y, fastla_int incy,
                         int stream) {
  if (incx != 1) {
    fastla_sgemv_t_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  fastla_int j = 0;
  for (; j + 4 <= n; j += 4) {
    const float *a0 = a + j * lda, *a1 = a0 + lda;
    const float *a2 = a1 + lda, *a3 = a2 + lda;
    /* cK: rows i..i+3 of column K; dK: rows i+4..i+7. */
    __m128 c0 = _mm_setzero_ps(), c1 = _mm_setzero_ps();
    __m128 c2 = _mm_setzero_ps(), c3 = _mm_setzero_ps();
    __m128 d0 = _mm_setzero_ps(), d1 = _mm_setzero_ps();
    __m128 d2 = _mm_setzero_ps(), d3 = _mm_setzero_ps();
    fastla_int i = 0;
    for (; i + 8 <= m; i += 8) {
      const __m128 x0 = _mm_loadu_ps(x + i), x1 = _mm_loadu_ps(x + i + 4);
      c0 = _mm_add_ps(c0, _mm_mul_ps(_mm_loadu_ps(a0 + i), x0));
      c1 = _mm_add_ps(c1, _mm_mul_ps(_mm_loadu_ps(a1 + i), x0));
      c2 = _mm_add_ps(c2, _mm_mul_ps(_mm_loadu_ps(a2 + i), x0));
      c3 = _mm_add_ps(c3, _mm_mul_ps(_mm_loadu_ps(a3 + i), x0));
      d0 = _mm_add_ps(d0, _mm_mul_ps(_mm_loadu_ps(a0 + i + 4), x1));
      d1 = _mm_add_ps(d1, _mm_mul_ps(_mm_loadu_ps(a1 + i + 4), x1));
      d2 = _mm_add_ps(d2, _mm_mul_ps(_mm_loadu_ps(a2 + i + 4), x1));
      d3 = _mm_add_ps(d3, _mm_mul_ps(_mm_loadu_ps(a3 + i + 4), x1));
    }
    if (i + 4 <= m) {
      const __m128 x0 = _mm_loadu_ps(x + i);
      c0 = _mm_add_ps(c0, _mm_mul_ps(_mm_loadu_ps(a0 + i), x0));
      c1 = _mm_add_ps(c1, _mm_mul_ps(_mm_loadu_ps(a1 + i), x0));
      c2 = _mm_add_ps(c2, _mm_mul_ps(_mm_loadu_ps(a2 + i), x0));
      c3 = _mm_add_ps(c3, _mm_mul_ps(_mm_loadu_ps(a3 + i), x0));
      i += 4;
    }
    float s0 = sse2_hsum_ps(_mm_add_ps(c0, d0));
    float s1 = sse2_hsum_ps(_mm_add_ps(c1, d1));
    float s2 = sse2_hsum_ps(_mm_add_ps(c2, d2));
    float s3 = sse2_hsum_ps(_mm_add_ps(c3, d3));
    for (; i < m; i++) {
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
