/* sgemv_t_avx512.c - AVX-512 sgemv, transpose: y := beta*y + alpha*A^T*x,
 * A m x n column-major, so y[j] gets the dot product of column j with x.
 *
 * 16 floats per zmm vector. Columns go in blocks of 4, each column with its
 * own accumulators, all four sharing every load of an x chunk (5 loads per
 * 4 FMAs instead of 8). The row loop is unrolled by 2 chunks (32 rows) with
 * separate accumulators for each, so 8 independent FMA chains (8 zmm) hide
 * the FMA latency; with the 2 x chunks and the A loads this stays well
 * within the 32 zmm registers. A leftover chunk of 16 rows goes to the
 * first set, the last 1..15 rows through masked loads to the second set
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
static inline void dots(fastla_int m, int k, const float *a, fastla_int lda,
                        const float *x, __m512 *s) {
  __m512 s0[4], s1[4];
  for (int c = 0; c < k; c++)
    s0[c] = s1[c] = _mm512_setzero_ps();
  fastla_int i = 0;
  for (; i + 32 <= m; i += 32) {
    __m512 x0 = _mm512_loadu_ps(x + i), x1 = _mm512_loadu_ps(x + i + 16);
    for (int c = 0; c < k; c++) {
      s0[c] = _mm512_fmadd_ps(_mm512_loadu_ps(a + c * lda + i), x0, s0[c]);
      s1[c] = _mm512_fmadd_ps(_mm512_loadu_ps(a + c * lda + i + 16), x1, s1[c]);
    }
  }
  if (i + 16 <= m) {
    __m512 x0 = _mm512_loadu_ps(x + i);
    for (int c = 0; c < k; c++)
      s0[c] = _mm512_fmadd_ps(_mm512_loadu_ps(a + c * lda + i), x0, s0[c]);
    i += 16;
  }
  if (i < m) {
    __mmask16 mask = fastla_avx512_mask_ps(m - i);
    __m512 x1 = _mm512_maskz_loadu_ps(mask, x + i);
    for (int c = 0; c < k; c++)
      s1[c] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, a + c * lda + i), x1,
                              s1[c]);
  }
  for (int c = 0; c < k; c++)
    s[c] = _mm512_add_ps(s0[c], s1[c]);
}

/* y = alpha*s + beta*y, not reading y when beta == 0. */
static inline void put(float *y, float alpha, float s, float beta) {
  *y = beta == 0 ? alpha * s : alpha * s + beta * *y;
}

void fastla_sgemv_t_avx512(fastla_int m, fastla_int n, float alpha,
                           const float *a, fastla_int lda, const float *x,
                           fastla_int incx, float beta, float *y,
                           fastla_int incy) {
  if (incx != 1) {
    fastla_sgemv_t_ref(m, n, alpha, a, lda, x, incx, beta, y, incy);
    return;
  }
  __m512 s[4];
  fastla_int j = 0;
  for (; j + 4 <= n; j += 4) {
    dots(m, 4, a + j * lda, lda, x, s);
    float sum[4];
    _mm_storeu_ps(sum, fastla_avx512_hsum4_ps(s[0], s[1], s[2], s[3]));
    for (int c = 0; c < 4; c++)
      put(y + (j + c) * incy, alpha, sum[c], beta);
  }
  for (; j < n; j++) {
    dots(m, 1, a + j * lda, lda, x, s);
    put(y + j * incy, alpha, fastla_avx512_hsum_ps(s[0]), beta);
  }
}
