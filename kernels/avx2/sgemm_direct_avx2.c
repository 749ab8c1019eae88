/* sgemm_direct_avx2.c - the single-precision direct gemm kernel of the
 * AVX2 table: C := alpha * A * op(B) + beta * C on the operands where they
 * lie, for products too small to repay packing (contract in
 * kernel_table.h; the driver is src/level3/sgemm_small.c). The scheme is
 * that of sgemm_direct_avx512.c, which explains it in full, on ymm and xmm.
 *
 * ISA: AVX2 + FMA, ymm vectors of 8 floats, xmm of 4. Main tile 16 x 6,
 * the register tile of sgemm_ukr_avx2.c.
 *
 * Register plan of the 16 x 6 tile (of the 16 ymm): 12 accumulators (rows
 * 0-7 and 8-15 of 6 columns), 2 for the column of A (unaligned loads from
 * A), 1 for op(B)(l, j) broadcast from memory (2 column pointers, csb as
 * the index). A k step: 2 + 6 loads for 12 FMAs, 15 registers, no spills.
 *
 * Edges: column panels of 6, then of 4, 3, 2 or 1 (the split at the end
 * of the file); the last m % 16 rows are a tile of h = 4, 8, 12 or 16 rows
 * (xmm, ymm, ymm + xmm, 2 ymm) ending at row m that overlaps the tile above
 * by h - r < 4 rows (blended back with blendv when beta != 0); m < 16 is
 * one tile whose two vectors overlap; only m < 4 uses _mm_maskload_ps /
 * _mm_maskstore_ps. Why overlap instead of masks: sgemm_direct_avx512.c;
 * besides, an AVX2 masked store costs more than a plain one even without
 * a later load (Zen 4, xmm, independent stores: vmaskmovps 1.9 ns each,
 * vmovups 0.6).
 *
 * Unrolling: the k loop by 2 (pragma), as in sgemm_direct_avx512.c.
 *
 * Measured on Zen 4 (1 thread, GFLOP/s; AVX2 has the FMA throughput of
 * AVX-512 there), m = n = k, kernel alone (B, alpha 0.75, beta 0.5):
 *   n = 8 44, 16 98, 24 98.6, 32 106-109, 48 112.8, 64 113.5, 96 114.8;
 *   through fastla_sgemm (FASTLA_ISA=avx2) vs the blocked AVX2 path, one
 *   process: 8 26.8 / 6.0, 16 80.3 / 27.4, 32 101.8 / 56.5,
 *   64 112.8 / 83.8, 96 114.0 / 95.7, 128 113.4 / 96.4 (OpenBLAS, AVX-512:
 *   13.0, 81.3, 104.4, 113.2, 114.2, 98.3). The 4 + 4 split of n = 8 (see
 *   below): 64 x 8 x 64 106 vs 97 GFLOP/s with 6 + 2, 512 x 8 x 512 96 vs
 *   84; 8 x 8 x 8 loses 4% (43.3 vs 45.4).
 */
#include "avx2_util.h"

fastla_sgemm_direct_fn fastla_sgemm_direct_avx2;

#define NR_MAX 6  /* widest column panel */
#define MR     16 /* rows of the main tile */

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* What one vector slot of a tile holds: nothing, 4 rows in an xmm or 8
 * rows in a ymm. */
enum { NONE = 0, HALF = 1, FULL = 2 };

/* How the first vector of a tile meets C: plainly, under a mask of the
 * first rows (m < 4: the whole of a narrow C), or (BLEND) rewriting the
 * lanes already finished by the tile above with the C it loaded. */
enum { PLAIN = 0, MASKED = 1, BLEND = 2 };

/* Tile arguments that are the same for all tiles of one call. */
typedef struct direct_args {
  fastla_int k, lda, rsb, csb, ldc;
  float alpha, beta;
} direct_args;

/* Lanes 0 .. r-1 set (all bits), the others clear; 0 <= r <= 8. */
static inline __m256i lanes_ps(fastla_int r) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

static ALWAYS_INLINE void store_tile(const int v0, const int v1, const int nr,
                                     const int mode, const direct_args *p,
                                     float *c, fastla_int o1, __m256i mask,
                                     const __m256 *y0, const __m256 *y1,
                                     const __m128 *x0, const __m128 *x1) {
  const __m256 va = _mm256_set1_ps(p->alpha);
  const __m128 vax = _mm256_castps256_ps128(va);
  const __m256 mv = _mm256_castsi256_ps(mask);
  const __m128 mx = _mm256_castps256_ps128(mv);
  const __m128i mi = _mm256_castsi256_si128(mask);
  const fastla_int ldc = p->ldc;
  if (p->beta == 0.0f) {
    /* C is not read. Rows written twice (overlapping vectors or tiles)
     * get the same value both times: the same FMAs in the same order. */
#pragma GCC unroll 6
    for (int j = 0; j < nr; j++) {
      float *cj = c + j * ldc;
      if (v0 == FULL)
        _mm256_storeu_ps(cj, _mm256_mul_ps(va, y0[j]));
      if (v0 == HALF && mode == MASKED)
        _mm_maskstore_ps(cj, mi, _mm_mul_ps(vax, x0[j]));
      else if (v0 == HALF)
        _mm_storeu_ps(cj, _mm_mul_ps(vax, x0[j]));
      if (v1 == FULL)
        _mm256_storeu_ps(cj + o1, _mm256_mul_ps(va, y1[j]));
      if (v1 == HALF)
        _mm_storeu_ps(cj + o1, _mm_mul_ps(vax, x1[j]));
    }
    return;
  }
  const __m256 vb = _mm256_set1_ps(p->beta);
  const __m128 vbx = _mm256_castps256_ps128(vb);
#pragma GCC unroll 6
  for (int j = 0; j < nr; j++) {
    float *cj = c + j * ldc;
    /* Both vectors of C are loaded before either is stored, so a vector
     * overlapping the other sees the original C. */
    __m256 cy0, cy1;
    __m128 cx0, cx1;
    if (v0 == FULL)
      cy0 = _mm256_loadu_ps(cj);
    if (v0 == HALF)
      cx0 = mode == MASKED ? _mm_maskload_ps(cj, mi) : _mm_loadu_ps(cj);
    if (v1 == FULL)
      cy1 = _mm256_loadu_ps(cj + o1);
    if (v1 == HALF)
      cx1 = _mm_loadu_ps(cj + o1);
    if (v0 == FULL) {
      __m256 r = _mm256_fmadd_ps(va, y0[j], _mm256_mul_ps(vb, cy0));
      if (mode == BLEND)
        r = _mm256_blendv_ps(r, cy0, mv);
      _mm256_storeu_ps(cj, r);
    }
    if (v0 == HALF) {
      __m128 r = _mm_fmadd_ps(vax, x0[j], _mm_mul_ps(vbx, cx0));
      if (mode == BLEND)
        r = _mm_blendv_ps(r, cx0, mx);
      if (mode == MASKED)
        _mm_maskstore_ps(cj, mi, r);
      else
        _mm_storeu_ps(cj, r);
    }
    if (v1 == FULL)
      _mm256_storeu_ps(cj + o1,
                       _mm256_fmadd_ps(va, y1[j], _mm256_mul_ps(vb, cy1)));
    if (v1 == HALF)
      _mm_storeu_ps(cj + o1, _mm_fmadd_ps(vax, x1[j], _mm_mul_ps(vbx, cx1)));
  }
}

/* One tile: rows 0.. of vector v0 and rows o1.. of vector v1 of C, nr
 * columns, over the whole k. */
static ALWAYS_INLINE void tile(const int v0, const int v1, const int nr,
                               const direct_args *p, const float *a,
                               const float *b, float *c, fastla_int o1,
                               const int masked, int blend, __m256i mask) {
  __m256 y0[NR_MAX], y1[NR_MAX];
  __m128 x0[NR_MAX], x1[NR_MAX];
#pragma GCC unroll 6
  for (int j = 0; j < nr; j++) {
    y0[j] = y1[j] = _mm256_setzero_ps();
    x0[j] = x1[j] = _mm_setzero_ps();
  }
  const __m128i mi = _mm256_castsi256_si128(mask);
  const fastla_int lda = p->lda, rsb = p->rsb, csb = p->csb;
  /* Column 3g + q of the panel is bg[g][q * csb]: two pointers and csb
   * as the index reach all six with plain addressing. */
  const float *bg[2];
#pragma GCC unroll 2
  for (int g = 0; g < (nr + 2) / 3; g++) /* only the panel's columns */
    bg[g] = b + 3 * g * csb;

#pragma GCC unroll 2
  for (fastla_int l = 0, k = p->k; l < k; l++) {
    __m256 ay0, ay1;
    __m128 ax0, ax1;
    if (v0 == FULL)
      ay0 = _mm256_loadu_ps(a);
    if (v0 == HALF)
      ax0 = masked ? _mm_maskload_ps(a, mi) : _mm_loadu_ps(a);
    if (v1 == FULL)
      ay1 = _mm256_loadu_ps(a + o1);
    if (v1 == HALF)
      ax1 = _mm_loadu_ps(a + o1);
#pragma GCC unroll 6
    for (int j = 0; j < nr; j++) {
      const __m256 by = _mm256_broadcast_ss(&bg[j / 3][(j % 3) * csb]);
      const __m128 bx = _mm256_castps256_ps128(by);
      if (v0 == FULL)
        y0[j] = _mm256_fmadd_ps(ay0, by, y0[j]);
      if (v0 == HALF)
        x0[j] = _mm_fmadd_ps(ax0, bx, x0[j]);
      if (v1 == FULL)
        y1[j] = _mm256_fmadd_ps(ay1, by, y1[j]);
      if (v1 == HALF)
        x1[j] = _mm_fmadd_ps(ax1, bx, x1[j]);
    }
    a += lda;
#pragma GCC unroll 2
    for (int g = 0; g < (nr + 2) / 3; g++)
      bg[g] += rsb;
  }

  if (masked)
    store_tile(v0, v1, nr, MASKED, p, c, o1, mask, y0, y1, x0, x1);
  else if (blend)
    store_tile(v0, v1, nr, BLEND, p, c, o1, mask, y0, y1, x0, x1);
  else
    store_tile(v0, v1, nr, PLAIN, p, c, o1, mask, y0, y1, x0, x1);
}

/* All rows of an nr-column panel. */
static ALWAYS_INLINE void panel(const int nr, const direct_args *p,
                                fastla_int m, const float *a, const float *b,
                                float *c) {
  const __m256i none = _mm256_setzero_si256();
  fastla_int i = 0;
  for (; m - i >= MR; i += MR)
    tile(FULL, FULL, nr, p, a + i, b, c + i, 8, 0, 0, none);
  fastla_int r = m - i;
  if (r == 0)
    return;
  if (i > 0) {
    /* The last rows: a tile of h >= r rows ending at row m, overlapping
     * the tile above by h - r < 4 rows, instead of masked loads and
     * stores. */
    fastla_int h = (r + 3) & ~(fastla_int)3;
    __m256i keep = lanes_ps(h - r);
    const float *at = a + m - h;
    float *ct = c + m - h;
    if (h == 16)
      tile(FULL, FULL, nr, p, at, b, ct, 8, 0, h > r, keep);
    else if (h == 12)
      tile(FULL, HALF, nr, p, at, b, ct, 8, 0, h > r, keep);
    else if (h == 8)
      tile(FULL, NONE, nr, p, at, b, ct, 0, 0, h > r, keep);
    else
      tile(HALF, NONE, nr, p, at, b, ct, 0, 0, h > r, keep);
    return;
  }
  /* m < 16: one tile whose second vector ends at row m, overlapping the
   * first one where m is not a multiple of 4. */
  if (m > 12)
    tile(FULL, FULL, nr, p, a, b, c, m - 8, 0, 0, none);
  else if (m > 8)
    tile(FULL, HALF, nr, p, a, b, c, m - 4, 0, 0, none);
  else if (m == 8)
    tile(FULL, NONE, nr, p, a, b, c, 0, 0, 0, none);
  else if (m > 4)
    tile(HALF, HALF, nr, p, a, b, c, m - 4, 0, 0, none);
  else if (m == 4)
    tile(HALF, NONE, nr, p, a, b, c, 0, 0, 0, none);
  else
    tile(HALF, NONE, nr, p, a, b, c, 0, 1, 0, lanes_ps(m));
}

static void panel6(const direct_args *p, fastla_int m, const float *a,
                   const float *b, float *c) {
  panel(6, p, m, a, b, c);
}
static void panel4(const direct_args *p, fastla_int m, const float *a,
                   const float *b, float *c) {
  panel(4, p, m, a, b, c);
}
static void panel3(const direct_args *p, fastla_int m, const float *a,
                   const float *b, float *c) {
  panel(3, p, m, a, b, c);
}
static void panel2(const direct_args *p, fastla_int m, const float *a,
                   const float *b, float *c) {
  panel(2, p, m, a, b, c);
}
static void panel1(const direct_args *p, fastla_int m, const float *a,
                   const float *b, float *c) {
  panel(1, p, m, a, b, c);
}

void fastla_sgemm_direct_avx2(fastla_int m, fastla_int n, fastla_int k,
                              float alpha, const float *a, fastla_int lda,
                              const float *b, fastla_int rsb, fastla_int csb,
                              float beta, float *c, fastla_int ldc) {
  const direct_args p = {k, lda, rsb, csb, ldc, alpha, beta};
  /* Column panels of 6, and the last columns in panels of 4, 3, 2 or 1
   * chosen so that few have under 4 columns: a 4-column panel has 8
   * accumulator chains, what two FMA pipes of latency 4 need, a 2-column
   * one half that. So n = 8 is 4 + 4, not 6 + 2 (n % 6 = 1, 2, 5 give up
   * one 6-column panel for that: 7 = 4 + 3, 8 = 4 + 4, 11 = 4 + 4 + 3). */
  fastla_int full = n / NR_MAX, r = n % NR_MAX, j = 0;
  if (full > 0 && (r == 1 || r == 2 || r == 5))
    full--, r += NR_MAX;
  for (; full > 0; full--, j += NR_MAX)
    panel6(&p, m, a, b + j * csb, c + j * ldc);
  /* r is 0-5, 7, 8 or 11 (5 only when n = 5: 4 + 1 measured faster than
   * 3 + 2) */
  for (; r >= 4; r -= 4, j += 4)
    panel4(&p, m, a, b + j * csb, c + j * ldc);
  if (r == 3)
    panel3(&p, m, a, b + j * csb, c + j * ldc);
  else if (r == 2)
    panel2(&p, m, a, b + j * csb, c + j * ldc);
  else if (r == 1)
    panel1(&p, m, a, b + j * csb, c + j * ldc);
}
