/* dgemv_n_avx512.c - dgemv for the AVX-512 table, no transpose:
 * y := beta*y + alpha*A*x, A m x n column-major.
 *
 * The same design as sgemv_n_avx512.c, on 4 doubles per ymm: y := beta*y
 * first (beta == 0 writes zeros without reading y), then blocks of 8
 * columns with alpha*x[j+c] broadcast into 8 registers, the rows walked in
 * chunks of 16 (4 ymm of y loaded once, 8 FMAs each, stored once), single
 * 4-row vectors, and the last 1..3 rows through masked loads and a masked
 * store (nothing past y[m-1] or in A's padding rows is touched); leftover
 * columns 4 and then 1 at a time, each y element updated in column order.
 *
 * Measured choices (Zen 4 under KVM, see sgemv_n_avx512.c for the
 * variants): ymm instead of zmm, as AVX-512 runs on 256-bit datapaths
 * there and zmm bought nothing; 8 columns per block (the earlier zmm kernel
 * used 8 too, 16 made 512x512 lose a third); and, when A is beyond the
 * last-level cache (the caller's stream flag), a prefetcht1 of each column
 * 2 KB ahead, which
 * keeps the 8 column streams going across the 4 KB page boundaries where
 * the hardware prefetcher stops. Below that size the prefetch only costs,
 * so it is compiled out of that path.
 *
 * The fast path needs incy == 1 (y is read and written as vectors); x is
 * read as scalars, so any incx works. Other incy go to the reference. */
#include <stddef.h>

#include "avx512_util.h"

/* Prefetch distance within a column, in doubles (2 KB). */
#define PREFETCH_AHEAD 256

/* y[0..m) *= beta; beta == 0 writes zeros without reading y. */
static void scale_y(fastla_int m, double beta, double *y) {
  if (beta == 1)
    return;
  fastla_int i = 0;
  __m256d vb = _mm256_set1_pd(beta);
  if (beta == 0) {
    for (; i + 4 <= m; i += 4)
      _mm256_storeu_pd(y + i, _mm256_setzero_pd());
    if (i < m)
      _mm256_mask_storeu_pd(y + i, fastla_avx512_mask_pd(m - i),
                            _mm256_setzero_pd());
    return;
  }
  for (; i + 4 <= m; i += 4)
    _mm256_storeu_pd(y + i, _mm256_mul_pd(vb, _mm256_loadu_pd(y + i)));
  if (i < m) {
    __mmask8 k = fastla_avx512_mask_pd(m - i);
    _mm256_mask_storeu_pd(y + i, k,
                          _mm256_mul_pd(vb, _mm256_maskz_loadu_pd(k, y + i)));
  }
}

/* y[0..m) += sum over c < k of t[c] * a[c*lda + 0..m): one block of k
 * columns (k and pf are constants at every call, so the loops over c
 * unroll and the prefetch disappears when pf is 0). */
static inline void block(fastla_int m, int k, const __m256d *t, const double *a,
                         fastla_int lda, double *y, int pf) {
  fastla_int i = 0;
  for (; i + 16 <= m; i += 16) {
    __m256d y0 = _mm256_loadu_pd(y + i), y1 = _mm256_loadu_pd(y + i + 4);
    __m256d y2 = _mm256_loadu_pd(y + i + 8), y3 = _mm256_loadu_pd(y + i + 12);
    for (int c = 0; c < k; c++) {
      const double *p = a + c * lda + i;
      if (pf) {
        _mm_prefetch((const char *)(p + PREFETCH_AHEAD), _MM_HINT_T1);
        _mm_prefetch((const char *)(p + PREFETCH_AHEAD + 8), _MM_HINT_T1);
      }
      y0 = _mm256_fmadd_pd(t[c], _mm256_loadu_pd(p), y0);
      y1 = _mm256_fmadd_pd(t[c], _mm256_loadu_pd(p + 4), y1);
      y2 = _mm256_fmadd_pd(t[c], _mm256_loadu_pd(p + 8), y2);
      y3 = _mm256_fmadd_pd(t[c], _mm256_loadu_pd(p + 12), y3);
    }
    _mm256_storeu_pd(y + i, y0);
    _mm256_storeu_pd(y + i + 4, y1);
    _mm256_storeu_pd(y + i + 8, y2);
    _mm256_storeu_pd(y + i + 12, y3);
  }
  for (; i + 4 <= m; i += 4) {
    __m256d v = _mm256_loadu_pd(y + i);
    for (int c = 0; c < k; c++)
      v = _mm256_fmadd_pd(t[c], _mm256_loadu_pd(a + c * lda + i), v);
    _mm256_storeu_pd(y + i, v);
  }
  if (i < m) {
    __mmask8 mask = fastla_avx512_mask_pd(m - i);
    __m256d v = _mm256_maskz_loadu_pd(mask, y + i);
    for (int c = 0; c < k; c++)
      v = _mm256_fmadd_pd(t[c], _mm256_maskz_loadu_pd(mask, a + c * lda + i),
                          v);
    _mm256_mask_storeu_pd(y + i, mask, v);
  }
}

/* All columns: blocks of 8, then 4, then singly. */
static inline void columns(fastla_int m, fastla_int n, double alpha,
                           const double *a, fastla_int lda, const double *x,
                           fastla_int incx, double *y, int pf) {
  __m256d t[8];
  fastla_int j = 0;
  for (; j + 8 <= n; j += 8) {
    for (int c = 0; c < 8; c++)
      t[c] = _mm256_set1_pd(alpha * x[(j + c) * incx]);
    block(m, 8, t, a + j * lda, lda, y, pf);
  }
  if (j + 4 <= n) {
    for (int c = 0; c < 4; c++)
      t[c] = _mm256_set1_pd(alpha * x[(j + c) * incx]);
    block(m, 4, t, a + j * lda, lda, y, pf);
    j += 4;
  }
  for (; j < n; j++) {
    t[0] = _mm256_set1_pd(alpha * x[j * incx]);
    block(m, 1, t, a + j * lda, lda, y, pf);
  }
}

void fastla_dgemv_n_avx512(fastla_int m, fastla_int n, double alpha,
                           const double *a, fastla_int lda, const double *x,
                           fastla_int incx, double beta, double *y,
                           fastla_int incy, int stream) {
  if (incy != 1) {
    fastla_dgemv_n_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  scale_y(m, beta, y);
  if (stream)
    columns(m, n, alpha, a, lda, x, incx, y, 1);
  else
    columns(m, n, alpha, a, lda, x, incx, y, 0);
}
