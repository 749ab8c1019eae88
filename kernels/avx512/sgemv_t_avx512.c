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
 * Measured additions for A from DRAM (Zen 4 under KVM; the caller's stream
 * flag, set when A is larger than the last-level cache): each column is
 * prefetched 2 KB ahead into L2 (prefetcht1, one per 64-byte line), which keeps
 * the column streams going across the 4 KB page boundaries where the hardware
 * prefetcher stops, and the columns go in blocks of 8 (16 accumulators +
 * 2 x chunks, 18 of the 32 zmm), 8 concurrent streams instead of 4. In
 * interleaved runs: 4096x4096 sgemv_t 10.8/9.9 -> 15.3/12.7 GFLOP/s,
 * OpenBLAS 10.9/10.1 (4 columns with the prefetch: in between). Both stay off
 * for A in cache: the prefetch cost 20-25% in gemv_n at 512x512, and 8 columns
 * measured slightly slower than 4 at 512x512 (48.4/44.6 vs 48.7/46.6 GFLOP/s).
 * zmm is kept here (unlike the level-1 kernels): at 512x512 it measured
 * level with or ahead of the ymm AVX2 kernel, and in DRAM the prefetch and
 * the 8 streams, not the vector width, made the difference (a ymm version
 * with the same additions was not measured).
 *
 * Columns of 256..2048 rows (1..8 KB) in an A that fits in cache (no
 * stream flag) go one at a time instead, rows in order, 4 accumulators.
 * Read side by side, a block of short columns is 4..8 short streams, which
 * the hardware prefetcher barely follows when A does come from DRAM (a
 * block of rows of a larger data set, as in minibatch SGD); one column
 * after another is one sequential stream. Measured at 1 thread, A from
 * DRAM (a fresh block per call), blocks -> one at a time: 256x256 9.8 ->
 * 25.5 GB/s, 512x512 12.2 -> 24.1, 1024x1024 17.2 -> 24.7, 256x4096 10.3
 * -> 25.4; the same A in cache: 112 -> 102, 97 -> 87, 85 -> 90, 75 -> 89.
 * Shorter columns keep the blocks, where the per-column reduction would
 * cost more (64x64 in cache: 123 -> 101 GB/s), and so do longer ones
 * (4096x256: level from DRAM, blocks 3% ahead in cache).
 *
 * The fast path needs incx == 1 (x is read as vectors); y is written as
 * scalars, so any incy works. Other incx go to the reference. */
#include <stddef.h>

#include "avx512_util.h"

/* Column lengths, in elements, that go one column at a time (1..8 KB). */
#define SEQ_MIN_ROWS 256
#define SEQ_MAX_ROWS 2048

/* Prefetch distance within a column, in elements (2 KB). */
#define PREFETCH_AHEAD 512

/* s[c] = lane-wise partial sums of column c (at a + c*lda) times x, for
 * c < k (k is a constant at every call, so the loops over c unroll). */
static inline void dots(fastla_int m, int k, const float *a, fastla_int lda,
                        const float *x, __m512 *s, int pf) {
  __m512 s0[8], s1[8];
  for (int c = 0; c < k; c++)
    s0[c] = s1[c] = _mm512_setzero_ps();
  fastla_int i = 0;
  for (; i + 32 <= m; i += 32) {
    __m512 x0 = _mm512_loadu_ps(x + i), x1 = _mm512_loadu_ps(x + i + 16);
    for (int c = 0; c < k; c++) {
      if (pf) {
        const char *q = (const char *)(a + c * lda + i + PREFETCH_AHEAD);
        _mm_prefetch(q, _MM_HINT_T1);
        _mm_prefetch(q + 64, _MM_HINT_T1);
      }
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

/* All columns: with pf (A from DRAM) blocks of 8 first, then blocks of 4,
 * then singly (pf is a constant at each call, so the unused loop goes). */
static inline void columns(fastla_int m, fastla_int n, float alpha,
                           const float *a, fastla_int lda, const float *x,
                           float beta, float *y, fastla_int incy, int pf) {
  __m512 s[8];
  fastla_int j = 0;
  for (; pf && j + 8 <= n; j += 8) {
    dots(m, 8, a + j * lda, lda, x, s, pf);
    float sum[8];
    for (int h = 0; h < 2; h++)
      _mm_storeu_ps(sum + 4 * h,
                    fastla_avx512_hsum4_ps(s[4 * h], s[4 * h + 1], s[4 * h + 2],
                                           s[4 * h + 3]));
    for (int c = 0; c < 8; c++)
      put(y + (j + c) * incy, alpha, sum[c], beta);
  }
  for (; j + 4 <= n; j += 4) {
    dots(m, 4, a + j * lda, lda, x, s, pf);
    float sum[4];
    _mm_storeu_ps(sum, fastla_avx512_hsum4_ps(s[0], s[1], s[2], s[3]));
    for (int c = 0; c < 4; c++)
      put(y + (j + c) * incy, alpha, sum[c], beta);
  }
  for (; j < n; j++) {
    dots(m, 1, a + j * lda, lda, x, s, pf);
    put(y + j * incy, alpha, fastla_avx512_hsum_ps(s[0]), beta);
  }
}

/* Dot product of one column with x, rows in order, 4 accumulators. */
static inline float column_dot(fastla_int m, const float *a, const float *x) {
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  fastla_int i = 0;
  for (; i + 64 <= m; i += 64) {
    s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(x + i), s0);
    s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16),
                         _mm512_loadu_ps(x + i + 16), s1);
    s2 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 32),
                         _mm512_loadu_ps(x + i + 32), s2);
    s3 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 48),
                         _mm512_loadu_ps(x + i + 48), s3);
  }
  for (; i + 16 <= m; i += 16)
    s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(x + i), s0);
  if (i < m) {
    __mmask16 mask = fastla_avx512_mask_ps(m - i);
    s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, a + i),
                         _mm512_maskz_loadu_ps(mask, x + i), s1);
  }
  return fastla_avx512_hsum_ps(
      _mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

void fastla_sgemv_t_avx512(fastla_int m, fastla_int n, float alpha,
                           const float *a, fastla_int lda, const float *x,
                           fastla_int incx, float beta, float *y,
                           fastla_int incy, int stream) {
  if (incx != 1) {
    fastla_sgemv_t_ref(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  if (stream)
    columns(m, n, alpha, a, lda, x, beta, y, incy, 1);
  else if (m >= SEQ_MIN_ROWS && m <= SEQ_MAX_ROWS)
    for (fastla_int j = 0; j < n; j++)
      put(y + j * incy, alpha, column_dot(m, a + j * lda, x), beta);
  else
    columns(m, n, alpha, a, lda, x, beta, y, incy, 0);
}
