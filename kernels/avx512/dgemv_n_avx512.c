/* dgemv_n_avx512.c - AVX-512 dgemv, no transpose: y := beta*y + alpha*A*x,
 * A m x n column-major.
 *
 * 8 doubles per zmm vector. First y := beta*y in one vector pass (beta == 0
 * stores zeros without reading y, beta == 1 skips the pass). Then the
 * columns go in blocks of 8: alpha*x[j+c] is broadcast into 8 registers and
 * the rows are walked down in vector chunks, each chunk of y loaded once,
 * given 8 FMAs with the matching chunks of the 8 columns, and stored once.
 * So A is streamed exactly once and y - small, reused by every block -
 * stays in cache while its load/store traffic is cut 8-fold. Each y chunk's
 * 8 FMAs form one dependent chain (4-cycle latency), so the row loop is
 * unrolled by 4 chunks (32 rows) to give 4 independent chains: 8
 * broadcasts + 4 y chunks = 12 of the 32 zmm registers plus temporaries.
 * (sgemv_n uses 16 columns; measured here, 16 columns made dgemv 512x512
 * drop from 0.96x to 0.66x of OpenBLAS while 4096x4096 moved only within
 * the noise, so double keeps 8.) The columns left after the blocks of 8 go
 * 4 and then 1 at a time; the last 1..7 rows use masked loads and a masked
 * store, so neither A's padding rows nor anything past y[m-1] is touched.
 *
 * The fast path needs incy == 1 (y is read and written as vectors); x is
 * read as scalars, so any incx works. Other incy go to the reference. */
#include "avx512_util.h"

/* y[0..m) *= beta; beta == 0 writes zeros without reading y. */
static void scale_y(fastla_int m, double beta, double *y) {
  if (beta == 1)
    return;
  fastla_int i = 0;
  __m512d vb = _mm512_set1_pd(beta);
  if (beta == 0) {
    for (; i + 8 <= m; i += 8)
      _mm512_storeu_pd(y + i, _mm512_setzero_pd());
    if (i < m)
      _mm512_mask_storeu_pd(y + i, fastla_avx512_mask_pd(m - i),
                            _mm512_setzero_pd());
    return;
  }
  for (; i + 8 <= m; i += 8)
    _mm512_storeu_pd(y + i, _mm512_mul_pd(vb, _mm512_loadu_pd(y + i)));
  if (i < m) {
    __mmask8 k = fastla_avx512_mask_pd(m - i);
    _mm512_mask_storeu_pd(y + i, k,
                          _mm512_mul_pd(vb, _mm512_maskz_loadu_pd(k, y + i)));
  }
}

/* acc + sum over c < k of t[c] * (8 rows of column c at p + c*lda). */
static inline __m512d fma_cols(__m512d acc, const __m512d *t, int k,
                               const double *p, fastla_int lda) {
  for (int c = 0; c < k; c++)
    acc = _mm512_fmadd_pd(t[c], _mm512_loadu_pd(p + c * lda), acc);
  return acc;
}

/* The same for the first rows selected by mask. */
static inline __m512d fma_cols_mask(__m512d acc, const __m512d *t, int k,
                                    const double *p, fastla_int lda,
                                    __mmask8 mask) {
  for (int c = 0; c < k; c++)
    acc = _mm512_fmadd_pd(t[c], _mm512_maskz_loadu_pd(mask, p + c * lda), acc);
  return acc;
}

/* y[0..m) += sum over c < k of t[c] * a[c*lda + 0..m): one block of k
 * columns (k is a constant at every call, so the loops over c unroll). */
static inline void block(fastla_int m, int k, const __m512d *t, const double *a,
                         fastla_int lda, double *y) {
  fastla_int i = 0;
  for (; i + 32 <= m; i += 32) {
    __m512d y0 = fma_cols(_mm512_loadu_pd(y + i), t, k, a + i, lda);
    __m512d y1 = fma_cols(_mm512_loadu_pd(y + i + 8), t, k, a + i + 8, lda);
    __m512d y2 = fma_cols(_mm512_loadu_pd(y + i + 16), t, k, a + i + 16, lda);
    __m512d y3 = fma_cols(_mm512_loadu_pd(y + i + 24), t, k, a + i + 24, lda);
    _mm512_storeu_pd(y + i, y0);
    _mm512_storeu_pd(y + i + 8, y1);
    _mm512_storeu_pd(y + i + 16, y2);
    _mm512_storeu_pd(y + i + 24, y3);
  }
  for (; i + 8 <= m; i += 8)
    _mm512_storeu_pd(y + i, fma_cols(_mm512_loadu_pd(y + i), t, k, a + i, lda));
  if (i < m) {
    __mmask8 mask = fastla_avx512_mask_pd(m - i);
    __m512d v = fma_cols_mask(_mm512_maskz_loadu_pd(mask, y + i), t, k, a + i,
                              lda, mask);
    _mm512_mask_storeu_pd(y + i, mask, v);
  }
}

void fastla_dgemv_n_avx512(fastla_int m, fastla_int n, double alpha,
                           const double *a, fastla_int lda, const double *x,
                           fastla_int incx, double beta, double *y,
                           fastla_int incy) {
  if (incy != 1) {
    fastla_dgemv_n_ref(m, n, alpha, a, lda, x, incx, beta, y, incy);
    return;
  }
  scale_y(m, beta, y);
  __m512d t[8];
  fastla_int j = 0;
  for (; j + 8 <= n; j += 8) {
    for (int c = 0; c < 8; c++)
      t[c] = _mm512_set1_pd(alpha * x[(j + c) * incx]);
    block(m, 8, t, a + j * lda, lda, y);
  }
  /* The last 0..7 columns: a block of 4, then singly. */
  if (j + 4 <= n) {
    for (int c = 0; c < 4; c++)
      t[c] = _mm512_set1_pd(alpha * x[(j + c) * incx]);
    block(m, 4, t, a + j * lda, lda, y);
    j += 4;
  }
  for (; j < n; j++) {
    t[0] = _mm512_set1_pd(alpha * x[j * incx]);
    block(m, 1, t, a + j * lda, lda, y);
  }
}
