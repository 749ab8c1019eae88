/* sgemv_n_avx512.c - AVX-512 sgemv, no transpose: y := beta*y + alpha*A*x,
 * A m x n column-major.
 *
 * 16 floats per zmm vector. First y := beta*y in one vector pass (beta == 0
 * stores zeros without reading y, beta == 1 skips the pass). Then the
 * columns go in blocks of 16: alpha*x[j+c] is broadcast into 16 registers
 * and the rows are walked down in vector chunks, each chunk of y loaded
 * once, given 16 FMAs with the matching chunks of the 16 columns, and stored
 * once. So A is streamed exactly once and y - small, reused by every block -
 * stays in cache. Each y chunk's FMAs form one dependent chain (4-cycle
 * latency), so the row loop is unrolled by 4 chunks (64 rows) to give 4
 * independent chains: 16 broadcasts + 4 y chunks = 20 of the 32 zmm
 * registers plus temporaries. Measured deviation from the 8-column design:
 * with 8 columns per block sgemv at 4096x4096 (A from DRAM) reached only
 * 0.69-0.75x of OpenBLAS; 16 columns halve the y load/store traffic per
 * byte of A and reached 0.87x in the same run, with 512x512 unchanged. The
 * columns left after the blocks of 16 go 8, 4 and then 1 at a time; the
 * last 1..15 rows use masked loads and a masked store, so neither A's padding
 * rows nor anything past y[m-1] is touched.
 *
 * The fast path needs incy == 1 (y is read and written as vectors); x is
 * read as scalars, so any incx works. Other incy go to the reference. */
#include "avx512_util.h"

/* y[0..m) *= beta; beta == 0 writes zeros without reading y. */
static void scale_y(fastla_int m, float beta, float *y) {
  if (beta == 1)
    return;
  fastla_int i = 0;
  __m512 vb = _mm512_set1_ps(beta);
  if (beta == 0) {
    for (; i + 16 <= m; i += 16)
      _mm512_storeu_ps(y + i, _mm512_setzero_ps());
    if (i < m)
      _mm512_mask_storeu_ps(y + i, fastla_avx512_mask_ps(m - i),
                            _mm512_setzero_ps());
    return;
  }
  for (; i + 16 <= m; i += 16)
    _mm512_storeu_ps(y + i, _mm512_mul_ps(vb, _mm512_loadu_ps(y + i)));
  if (i < m) {
    __mmask16 k = fastla_avx512_mask_ps(m - i);
    _mm512_mask_storeu_ps(y + i, k,
                          _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(k, y + i)));
  }
}

/* acc + sum over c < k of t[c] * (16 rows of column c at p + c*lda). */
static inline __m512 fma_cols(__m512 acc, const __m512 *t, int k,
                              const float *p, fastla_int lda) {
  for (int c = 0; c < k; c++)
    acc = _mm512_fmadd_ps(t[c], _mm512_loadu_ps(p + c * lda), acc);
  return acc;
}

/* The same for the first rows selected by mask. */
static inline __m512 fma_cols_mask(__m512 acc, const __m512 *t, int k,
                                   const float *p, fastla_int lda,
                                   __mmask16 mask) {
  for (int c = 0; c < k; c++)
    acc = _mm512_fmadd_ps(t[c], _mm512_maskz_loadu_ps(mask, p + c * lda), acc);
  return acc;
}

/* y[0..m) += sum over c < k of t[c] * a[c*lda + 0..m): one block of k
 * columns (k is a constant at every call, so the loops over c unroll). */
static inline void block(fastla_int m, int k, const __m512 *t, const float *a,
                         fastla_int lda, float *y) {
  fastla_int i = 0;
  for (; i + 64 <= m; i += 64) {
    __m512 y0 = fma_cols(_mm512_loadu_ps(y + i), t, k, a + i, lda);
    __m512 y1 = fma_cols(_mm512_loadu_ps(y + i + 16), t, k, a + i + 16, lda);
    __m512 y2 = fma_cols(_mm512_loadu_ps(y + i + 32), t, k, a + i + 32, lda);
    __m512 y3 = fma_cols(_mm512_loadu_ps(y + i + 48), t, k, a + i + 48, lda);
    _mm512_storeu_ps(y + i, y0);
    _mm512_storeu_ps(y + i + 16, y1);
    _mm512_storeu_ps(y + i + 32, y2);
    _mm512_storeu_ps(y + i + 48, y3);
  }
  for (; i + 16 <= m; i += 16)
    _mm512_storeu_ps(y + i, fma_cols(_mm512_loadu_ps(y + i), t, k, a + i, lda));
  if (i < m) {
    __mmask16 mask = fastla_avx512_mask_ps(m - i);
    __m512 v = fma_cols_mask(_mm512_maskz_loadu_ps(mask, y + i), t, k, a + i,
                             lda, mask);
    _mm512_mask_storeu_ps(y + i, mask, v);
  }
}

void fastla_sgemv_n_avx512(fastla_int m, fastla_int n, float alpha,
                           const float *a, fastla_int lda, const float *x,
                           fastla_int incx, float beta, float *y,
                           fastla_int incy) {
  if (incy != 1) {
    fastla_sgemv_n_ref(m, n, alpha, a, lda, x, incx, beta, y, incy);
    return;
  }
  scale_y(m, beta, y);
  __m512 t[16];
  fastla_int j = 0;
  for (; j + 16 <= n; j += 16) {
    for (int c = 0; c < 16; c++)
      t[c] = _mm512_set1_ps(alpha * x[(j + c) * incx]);
    block(m, 16, t, a + j * lda, lda, y);
  }
  /* The last 0..15 columns: a block of 8, one of 4, then singly. */
  if (j + 8 <= n) {
    for (int c = 0; c < 8; c++)
      t[c] = _mm512_set1_ps(alpha * x[(j + c) * incx]);
    block(m, 8, t, a + j * lda, lda, y);
    j += 8;
  }
  if (j + 4 <= n) {
    for (int c = 0; c < 4; c++)
      t[c] = _mm512_set1_ps(alpha * x[(j + c) * incx]);
    block(m, 4, t, a + j * lda, lda, y);
    j += 4;
  }
  for (; j < n; j++) {
    t[0] = _mm512_set1_ps(alpha * x[j * incx]);
    block(m, 1, t, a + j * lda, lda, y);
  }
}
