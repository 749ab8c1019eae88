/* sgemv_n_avx512.c - sgemv for the AVX-512 table, no transpose:
 * y := beta*y + alpha*A*x, A m x n column-major.
 *
 * 256-bit vectors (ymm, 8 floats) with AVX-512VL masked tails. First
 * y := beta*y in one vector pass (beta == 0 stores zeros without reading y,
 * beta == 1 skips the pass). Then the columns go in blocks of 8:
 * alpha*x[j+c] is broadcast into 8 registers and the rows are walked down in
 * chunks of 32 (4 ymm of y, loaded once, given 8 FMAs each with the
 * matching chunks of the 8 columns, stored once). A is streamed exactly
 * once; y is read and written once per 8 columns and stays in cache
 * (16 KB at m = 4096). The 4 y chunks are 4 independent FMA chains and
 * successive chunks are independent, so out-of-order execution overlaps
 * them. Leftover columns go 4 and then 1 at a time; after the 32-row chunks
 * come single 8-row vectors and the last 1..7 rows use masked loads and a
 * masked store, so neither A's padding rows nor anything past y[m-1] is
 * touched. The updates of each y element happen in column order.
 *
 * Measured design choices (Zen 4 under KVM, 4096x4096 = A from DRAM, and
 * 512x512 in cache; all variants in one interleaved run):
 *   - The earlier version used zmm and 16-column blocks (16 concurrent
 *     streams of A): 9.3-10.5 GFLOP/s at 4096, behind AVX2's 4 columns.
 *     On 256-bit datapaths zmm buys nothing, and 8 ymm columns measured
 *     10.1-11.3 at 4096 and the best of the variants at 512 (4 columns:
 *     9.9-10.5; 6 columns about the same as 8).
 *   - Row blocking (512, 1024, 2048 rows per pass over all columns, so a
 *     y block stays in L1) gave no gain at 4096 (512 rows: 8.0, 1024:
 *     9.3-12.0, 2048: 10.3-11.3, in runs where 8 columns unblocked gave
 *     9.8-11.3): y already fits in L1 there, and shorter column runs only
 *     restart the hardware prefetcher more often. Not used.
 *   - The gap to OpenBLAS (12.7-13.7) closed with a software prefetch of
 *     each column 2 KB ahead into L2 (prefetcht1, one per 64-byte line):
 *     11.6-13.0, level with OpenBLAS in the same runs. The hardware
 *     prefetcher stops at 4 KB page boundaries, and the 8 column streams
 *     cross them in lockstep. Prefetching into L1 (prefetcht0) instead was
 *     slower than none (7.7-10.8). The prefetch costs 20-25% when A is in
 *     cache (512x512: 30 vs 39; also a loss at 1024x1024 and 2048x2048,
 *     which fit the 32 MB L3), so it is used only when the caller sets
 *     stream (A larger than the last-level cache).
 *
 * The fast path needs incy == 1 (y is read and written as vectors); x is
 * read as scalars, so any incx works. Other incy go to the reference. */
#include <stddef.h>

#include "avx512_util.h"

/* Prefetch distance within a column, in floats (2 KB). */
#define PREFETCH_AHEAD 512

/* y[0..m) *= beta; beta == 0 writes zeros without reading y. */
static void scale_y(fastla_int m, float beta, float *y) {
  if (beta == 1)
    return;
  fastla_int i = 0;
  __m256 vb = _mm256_set1_ps(beta);
  if (beta == 0) {
    for (; i + 8 <= m; i += 8)
      _mm256_storeu_ps(y + i, _mm256_setzero_ps());
    if (i < m)
      _mm256_mask_storeu_ps(y + i, fastla_avx512_mask_pd(m - i),
                            _mm256_setzero_ps());
    return;
  }
  for (; i + 8 <= m; i += 8)
    _mm256_storeu_ps(y + i, _mm256_mul_ps(vb, _mm256_loadu_ps(y + i)));
  if (i < m) {
    __mmask8 k = fastla_avx512_mask_pd(m - i);
    _mm256_mask_storeu_ps(y + i, k,
                          _mm256_mul_ps(vb, _mm256_maskz_loadu_ps(k, y + i)));
  }
}

/* y[0..m) += sum over c < k of t[c] * a[c*lda + 0..m): one block of k
 * columns (k and pf are constants at every call, so the loops over c
 * unroll and the prefetch disappears when pf is 0). */
static inline void block(fastla_int m, int k, const __m256 *t, const float *a,
                         fastla_int lda, float *y, int pf) {
  fastla_int i = 0;
  for (; i + 32 <= m; i += 32) {
    __m256 y0 = _mm256_loadu_ps(y + i), y1 = _mm256_loadu_ps(y + i + 8);
    __m256 y2 = _mm256_loadu_ps(y + i + 16), y3 = _mm256_loadu_ps(y + i + 24);
    for (int c = 0; c < k; c++) {
      const float *p = a + c * lda + i;
      if (pf) {
        _mm_prefetch((const char *)(p + PREFETCH_AHEAD), _MM_HINT_T1);
        _mm_prefetch((const char *)(p + PREFETCH_AHEAD + 16), _MM_HINT_T1);
      }
      y0 = _mm256_fmadd_ps(t[c], _mm256_loadu_ps(p), y0);
      y1 = _mm256_fmadd_ps(t[c], _mm256_loadu_ps(p + 8), y1);
      y2 = _mm256_fmadd_ps(t[c], _mm256_loadu_ps(p + 16), y2);
      y3 = _mm256_fmadd_ps(t[c], _mm256_loadu_ps(p + 24), y3);
    }
    _mm256_storeu_ps(y + i, y0);
    _mm256_storeu_ps(y + i + 8, y1);
    _mm256_storeu_ps(y + i + 16, y2);
    _mm256_storeu_ps(y + i + 24, y3);
  }
  for (; i + 8 <= m; i += 8) {
    __m256 v = _mm256_loadu_ps(y + i);
    for (int c = 0; c < k; c++)
      v = _mm256_fmadd_ps(t[c], _mm256_loadu_ps(a + c * lda + i), v);
    _mm256_storeu_ps(y + i, v);
  }
  if (i < m) {
    __mmask8 mask = fastla_avx512_mask_pd(m - i);
    __m256 v = _mm256_maskz_loadu_ps(mask, y + i);
    for (int c = 0; c < k; c++)
      v = _mm256_fmadd_ps(t[c], _mm256_maskz_loadu_ps(mask, a + c * lda + i),
                          v);
    _mm256_mask_storeu_ps(y + i, mask, v);
  }
}

/* All columns: blocks of 8, then 4, then singly. */
static inline void columns(fastla_int m, fastla_int n, float alpha,
                           const float *a, fastla_int lda, const float *x,
                           fastla_int incx, float *y, int pf) {
  __m256 t[8];
  fastla_int j = 0;
  for (; j + 8 <= n; j += 8) {
    for (int c = 0; c < 8; c++)
      t[c] = _mm256_set1_ps(alpha * x[(j + c) * incx]);
    block(m, 8, t, a + j * lda, lda, y, pf);
  }
  if (j + 4 <= n) {
    for (int c = 0; c < 4; c++)
      t[c] = _mm256_set1_ps(alpha * x[(j + c) * incx]);
    block(m, 4, t, a + j * lda, lda, y, pf);
    j += 4;
  }
  for (; j < n; j++) {
    t[0] = _mm256_set1_ps(alpha * x[j * incx]);
    block(m, 1, t, a + j * lda, lda, y, pf);
  }
}

void fastla_sgemv_n_avx512(fastla_int m, fastla_int n, float alpha,
                           const float *a, fastla_int lda, const float *x,
                           fastla_int incx, float beta, float *y,
                           fastla_int incy, int stream) {
  if (incy != 1) {
    fastla_sgemv_n_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  scale_y(m, beta, y);
  if (stream)
    columns(m, n, alpha, a, lda, x, incx, y, 1);
  else
    columns(m, n, alpha, a, lda, x, incx, y, 0);
}
