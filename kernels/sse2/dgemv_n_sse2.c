/* dgemv_n_sse2.c - dgemv, no transpose, for SSE2: y := beta*y + alpha*A*x,
 * A m x n column-major.
 *
 * SSE2, 2 doubles per xmm register. First y := beta*y (beta == 0 stores
 * zeros without reading y; beta == 1 leaves y alone). Then the columns go
 * in blocks of 4: alpha*x[j+c] is computed as a scalar (as the reference
 * does) and broadcast to 4 registers, and the rows are walked 2 vectors
 * (4 rows) at a time: load the y chunk, add the 4 column products in column
 * order (mul, then add: SSE2 has no FMA), store it back. So A is streamed
 * once and y is read and written once per 4 columns while it stays in
 * cache; registers: 4 broadcasts + 2 y chunks + column loads. The 2 row
 * chunks are independent chains, and successive chunks overlap in the
 * out-of-order window. A one-vector step then a scalar step finish the
 * rows, the leftover n % 4 columns go one at a time; nothing past row m-1
 * of a column, or past y[m-1], is read or written (padding rows between m
 * and lda are never touched); loads and stores are unaligned.
 *
 * x is read as scalars, so any incx keeps the fast path; y must be unit
 * stride (incy != 1 uses the reference kernel). */
#include "kernel_table.h"
#include "sse2_util.h"

/* y := beta * y over m elements; beta == 0 writes zeros, never reads. */
static void scale_y(fastla_int m, double beta, double *y) {
  fastla_int i = 0;
  if (beta == 0) {
    const __m128d z = _mm_setzero_pd();
    for (; i + 2 <= m; i += 2)
      _mm_storeu_pd(y + i, z);
    for (; i < m; i++)
      y[i] = 0;
  } else if (beta != 1) {
    const __m128d vb = _mm_set1_pd(beta);
    for (; i + 2 <= m; i += 2)
      _mm_storeu_pd(y + i, _mm_mul_pd(vb, _mm_loadu_pd(y + i)));
    for (; i < m; i++)
      y[i] *= beta;
  }
}

void fastla_dgemv_n_sse2(fastla_int m, fastla_int n, double alpha,
                         const double *a, fastla_int lda, const double *x,
                         fastla_int incx, double beta, double *y,
                         fastla_int incy, int stream) {
  if (incy != 1) {
    fastla_dgemv_n_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  scale_y(m, beta, y);
  fastla_int j = 0;
  for (; j + 4 <= n; j += 4) {
    const double *a0 = a + j * lda, *a1 = a0 + lda;
    const double *a2 = a1 + lda, *a3 = a2 + lda;
    double t0 = alpha * x[j * incx], t1 = alpha * x[(j + 1) * incx];
    double t2 = alpha * x[(j + 2) * incx], t3 = alpha * x[(j + 3) * incx];
    const __m128d b0 = _mm_set1_pd(t0), b1 = _mm_set1_pd(t1);
    const __m128d b2 = _mm_set1_pd(t2), b3 = _mm_set1_pd(t3);
    fastla_int i = 0;
    for (; i + 4 <= m; i += 4) {
      __m128d y0 = _mm_loadu_pd(y + i), y1 = _mm_loadu_pd(y + i + 2);
      y0 = _mm_add_pd(y0, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i)));
      y1 = _mm_add_pd(y1, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i + 2)));
      y0 = _mm_add_pd(y0, _mm_mul_pd(b1, _mm_loadu_pd(a1 + i)));
      y1 = _mm_add_pd(y1, _mm_mul_pd(b1, _mm_loadu_pd(a1 + i + 2)));
      y0 = _mm_add_pd(y0, _mm_mul_pd(b2, _mm_loadu_pd(a2 + i)));
      y1 = _mm_add_pd(y1, _mm_mul_pd(b2, _mm_loadu_pd(a2 + i + 2)));
      y0 = _mm_add_pd(y0, _mm_mul_pd(b3, _mm_loadu_pd(a3 + i)));
      y1 = _mm_add_pd(y1, _mm_mul_pd(b3, _mm_loadu_pd(a3 + i + 2)));
      _mm_storeu_pd(y + i, y0);
      _mm_storeu_pd(y + i + 2, y1);
    }
    if (i + 2 <= m) {
      __m128d y0 = _mm_loadu_pd(y + i);
      y0 = _mm_add_pd(y0, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i)));
      y0 = _mm_add_pd(y0, _mm_mul_pd(b1, _mm_loadu_pd(a1 + i)));
      y0 = _mm_add_pd(y0, _mm_mul_pd(b2, _mm_loadu_pd(a2 + i)));
      y0 = _mm_add_pd(y0, _mm_mul_pd(b3, _mm_loadu_pd(a3 + i)));
      _mm_storeu_pd(y + i, y0);
      i += 2;
    }
    if (i < m)
      y[i] = y[i] + t0 * a0[i] + t1 * a1[i] + t2 * a2[i] + t3 * a3[i];
  }
  for (; j < n; j++) {
    const double *a0 = a + j * lda;
    double t0 = alpha * x[j * incx];
    const __m128d b0 = _mm_set1_pd(t0);
    fastla_int i = 0;
    for (; i + 8 <= m; i += 8) {
      __m128d y0 = _mm_loadu_pd(y + i), y1 = _mm_loadu_pd(y + i + 2);
      __m128d y2 = _mm_loadu_pd(y + i + 4), y3 = _mm_loadu_pd(y + i + 6);
      y0 = _mm_add_pd(y0, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i)));
      y1 = _mm_add_pd(y1, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i + 2)));
      y2 = _mm_add_pd(y2, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i + 4)));
      y3 = _mm_add_pd(y3, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i + 6)));
      _mm_storeu_pd(y + i, y0);
      _mm_storeu_pd(y + i + 2, y1);
      _mm_storeu_pd(y + i + 4, y2);
      _mm_storeu_pd(y + i + 6, y3);
    }
    for (; i + 2 <= m; i += 2) {
      __m128d y0 = _mm_loadu_pd(y + i);
      y0 = _mm_add_pd(y0, _mm_mul_pd(b0, _mm_loadu_pd(a0 + i)));
      _mm_storeu_pd(y + i, y0);
    }
    if (i < m)
      y[i] += t0 * a0[i];
  }
}
