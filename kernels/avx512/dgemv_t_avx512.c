/* dgemv_t_avx512.c - AVX-512 dgemv, transpose: y := beta*y + alpha*A^T*x,
 * A m x n column-major, so y[j] gets the dot product of column j with x.
 *
 * 8 doubles per zmm vector. Columns go in blocks of 4, each column with its
 * own accumulators, all four sharing every load of an x chunk (5 loads per
 * 4 FMAs instead of 8). The row loop is unrolled by 2 chunks (16 rows) with
 * separate accumulators for each, so 8 independent FMA chains (8 zmm) hide
 * the FMA latency; with the 2 x chunks and the A loads this stays well
 * within the 32 zmm registers. A leftover chunk of 8 rows goes to the
 * first set, the last 1..7 rows through masked loads to the second set
 * (nothing past x[m-1] or A's column ends is read). The four columns are
 * reduced together by one transpose-and-add, then y[j] = alpha*s (beta ==
 * 0: y is not read) or alpha*s + beta*y[j]. Columns after the last block
 * of 4 go one at a time with the same row loop.
 *
 * The fast path needs incx == 1 (x is read as vectors); y is written as
 * scalars, so any incy works. Other incx go to the reference. */
#include "avx512_util.h"

/* s[c] = lane-wise partial sums of column c (at a + c*lda) times x, for
 * c < k (k is a constant at every call, so the loops over c unroll). */
static inline void dots(fastla_int m, int k, const double *a, fastla_int lda,
                        const double *x, __m512d *s) {
  __m512d s0[4], s1[4];
  for (int c = 0; c < k; c++)
    s0[c] = s1[c] = _mm512_setzero_pd();
  fastla_int i = 0;
  for (; i + 16 <= m; i += 16) {
    __m512d x0 = _mm512_loadu_pd(x + i), x1 = _mm512_loadu_pd(x + i + 8);
    for (int c = 0; c < k; c++) {
      s0[c] = _mm512_fmadd_pd(_mm512_loadu_pd(a + c * lda + i), x0, s0[c]);
      s1[c] = _mm512_fmadd_pd(_mm512_loadu_pd(a + c * lda + i + 8), x1, s1[c]);
    }
  }
  if (i + 8 <= m) {
    __m512d x0 = _mm512_loadu_pd(x + i);
    for (int c = 0; c < k; c++)
      s0[c] = _mm512_fmadd_pd(_mm512_loadu_pd(a + c * lda + i), x0, s0[c]);
    i += 8;
  }
  if (i < m) {
    __mmask8 mask = fastla_avx512_mask_pd(m - i);
    __m512d x1 = _mm512_maskz_loadu_pd(mask, x + i);
    for (int c = 0; c < k; c++)
      s1[c] = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(mask, a + c * lda + i), x1,
                              s1[c]);
  }
  for (int c = 0; c < k; c++)
    s[c] = _mm512_add_pd(s0[c], s1[c]);
}

/* y = alpha*s + beta*y, not reading y when beta == 0. */
static inline void put(double *y, double alpha, double s, double beta) {
  *y = beta == 0 ? alpha * s : alpha * s + beta * *y;
}

void fastla_dgemv_t_avx512(fastla_int m, fastla_int n, double alpha,
                           const double *a, fastla_int lda, const double *x,
                           fastla_int incx, double beta, double *y,
                           fastla_int incy) {
  if (incx != 1) {
    fastla_dgemv_t_ref(m, n, alpha, a, lda, x, incx, beta, y, incy);
    return;
  }
  __m512d s[4];
  fastla_int j = 0;
  for (; j + 4 <= n; j += 4) {
    dots(m, 4, a + j * lda, lda, x, s);
    double sum[4];
    _mm256_storeu_pd(sum, fastla_avx512_hsum4_pd(s[0], s[1], s[2], s[3]));
    for (int c = 0; c < 4; c++)
      put(y + (j + c) * incy, alpha, sum[c], beta);
  }
  for (; j < n; j++) {
    dots(m, 1, a + j * lda, lda, x, s);
    put(y + j * incy, alpha, fastla_avx512_hsum_pd(s[0]), beta);
  }
}
