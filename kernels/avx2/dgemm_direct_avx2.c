/* dgemm_direct_avx2.c - the double-precision direct gemm kernel of the
 * AVX2 table: C := alpha * A * op(B) + beta * C on the operands where they
 * lie, for products too small to repay packing (contract in
 * kernel_table.h; the driver is src/level3/dgemm_small.c). The scheme is
 * that of sgemm_direct_avx512.c, which explains it in full, on ymm and xmm.
 *
 * ISA: AVX2 + FMA, ymm vectors of 4 doubles, xmm of 2. Main tile 8 x 6,
 * the register tile of dgemm_ukr_avx2.c.
 *
 * Register plan of the 8 x 6 tile (of the 16 ymm): 12 accumulators (rows
 * 0-3 and 4-7 of 6 columns), 2 for the column of A (unaligned loads from
 * A), 1 for op(B)(l, j) broadcast from memory (2 column pointers, csb as
 * the index). A k step: 2 + 6 loads for 12 FMAs, 15 registers, no spills.
 *
 * Edges: column panels of 6, then of 4, 3, 2 or 1 (the split at the end
 * of the file); the last m % 8 rows are a tile of h = 2, 4, 6 or 8 rows
 * (xmm, ymm, ymm + xmm, 2 ymm) ending at row m that overlaps the tile above
 * by one row when m is odd (blended back with blendv when beta != 0);
 * m < 8 is one tile whose two vectors overlap; only m = 1 uses
 * _mm_maskload_pd / _mm_maskstore_pd. Why overlap instead of masks:
 * sgemm_direct_avx512.c and sgemm_direct_avx2.c.
 *
 * Unrolling: the k loop by 2 (pragma), as in sgemm_direct_avx512.c.
 *
 * Measured on Zen 4 (1 thread, GFLOP/s; peak ~58), m = n = k, kernel
 * alone (B, alpha 0.75, beta 0.5):
 *   n = 8 36, 16 51, 24 54.3, 32 54.4, 48 56.4, 64 56.3, 96 57.5;
 *   through fastla_dgemm (FASTLA_ISA=avx2): 32 53.7, 64 55.8, 96 57.4
 *   (OpenBLAS, AVX-512: 54.5, 57.0, 57.8); the blocked AVX2 path is 3.8-4.2
 *   times slower at n = 8, 2.8 at 16, 1.9-2.4 at 32, 1.3-1.55 at 64,
 *   1.14-1.33 at 96 (same process, interleaved). The 4 + 4 split of n = 8
 *   (see below): 64 x 8 x 64 51.7-52.3 vs 46.5-47.7 GFLOP/s with 6 + 2,
 *   512 x 8 x 512 33.5 vs 30.0; 8 x 8 x 8 loses 3-5%.
 */
#include "avx2_util.h"

fastla_dgemm_direct_fn fastla_dgemm_direct_avx2;

#define NR_MAX 6 /* widest column panel */
#define MR     8 /* rows of the main tile */

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* What one vector slot of a tile holds: nothing, 2 rows in an xmm or 4
 * rows in a ymm. */
enum { NONE = 0, HALF = 1, FULL = 2 };

/* How the first vector of a tile meets C: plainly, under a mask of the
 * first rows (m = 1: the whole of a narrow C), or (BLEND) rewriting the
 * lanes already finished by the tile above with the C it loaded. */
enum { PLAIN = 0, MASKED = 1, BLEND = 2 };

/* Tile arguments that are the same for all tiles of one call. */
typedef struct direct_args {
  fastla_int k, lda, rsb, csb, ldc;
  double alpha, beta;
} direct_args;

/* Lanes 0 .. r-1 set (all bits), the others clear; 0 <= r <= 4. */
static inline __m256i lanes_pd(fastla_int r) {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(r),
                            _mm256_setr_epi64x(0, 1, 2, 3));
}

static ALWAYS_INLINE void store_tile(const int v0, const int v1, const int nr,
                                     const int mode, const direct_args *p,
                                     double *c, fastla_int o1, __m256i mask,
                                     const __m256d *y0, const __m256d *y1,
                                     const __m128d *x0, const __m128d *x1) {
  const __m256d va = _mm256_set1_pd(p->alpha);
  const __m128d vax = _mm256_castpd256_pd128(va);
  const __m256d mv = _mm256_castsi256_pd(mask);
  const __m128d mx = _mm256_castpd256_pd128(mv);
  const __m128i mi = _mm256_castsi256_si128(mask);
  const fastla_int ldc = p->ldc;
  if (p->beta == 0.0) {
    /* C is not read. Rows written twice (overlapping vectors or tiles)
     * get the same value both times: the same FMAs in the same order. */
#pragma GCC unroll 6
    for (int j = 0; j < nr; j++) {
      double *cj = c + j * ldc;
      if (v0 == FULL)
        _mm256_storeu_pd(cj, _mm256_mul_pd(va, y0[j]));
      if (v0 == HALF && mode == MASKED)
        _mm_maskstore_pd(cj, mi, _mm_mul_pd(vax, x0[j]));
      else if (v0 == HALF)
        _mm_storeu_pd(cj, _mm_mul_pd(vax, x0[j]));
      if (v1 == FULL)
        _mm256_storeu_pd(cj + o1, _mm256_mul_pd(va, y1[j]));
      if (v1 == HALF)
        _mm_storeu_pd(cj + o1, _mm_mul_pd(vax, x1[j]));
    }
    return;
  }
  const __m256d vb = _mm256_set1_pd(p->beta);
  const __m128d vbx = _mm256_castpd256_pd128(vb);
#pragma GCC unroll 6
  for (int j = 0; j < nr; j++) {
    double *cj = c + j * ldc;
    /* Both vectors of C are loaded before either is stored, so a vector
     * overlapping the other sees the original C. */
    __m256d cy0, cy1;
    __m128d cx0, cx1;
    if (v0 == FULL)
      cy0 = _mm256_loadu_pd(cj);
    if (v0 == HALF)
      cx0 = mode == MASKED ? _mm_maskload_pd(cj, mi) : _mm_loadu_pd(cj);
    if (v1 == FULL)
      cy1 = _mm256_loadu_pd(cj + o1);
    if (v1 == HALF)
      cx1 = _mm_loadu_pd(cj + o1);
    if (v0 == FULL) {
      __m256d r = _mm256_fmadd_pd(va, y0[j], _mm256_mul_pd(vb, cy0));
      if (mode == BLEND)
        r = _mm256_blendv_pd(r, cy0, mv);
      _mm256_storeu_pd(cj, r);
    }
    if (v0 == HALF) {
      __m128d r = _mm_fmadd_pd(vax, x0[j], _mm_mul_pd(vbx, cx0));
      if (mode == BLEND)
        r = _mm_blendv_pd(r, cx0, mx);
      if (mode == MASKED)
        _mm_maskstore_pd(cj, mi, r);
      else
        _mm_storeu_pd(cj, r);
    }
    if (v1 == FULL)
      _mm256_storeu_pd(cj + o1,
                       _mm256_fmadd_pd(va, y1[j], _mm256_mul_pd(vb, cy1)));
    if (v1 == HALF)
      _mm_storeu_pd(cj + o1, _mm_fmadd_pd(vax, x1[j], _mm_mul_pd(vbx, cx1)));
  }
}

/* One tile: rows 0.. of vector v0 and rows o1.. of vector v1 of C, nr
 * columns, over the whole k. */
static ALWAYS_INLINE void tile(const int v0, const int v1, const int nr,
                               const direct_args *p, const double *a,
                               const double *b, double *c, fastla_int o1,
                               const int masked, int blend, __m256i mask) {
  __m256d y0[NR_MAX], y1[NR_MAX];
  __m128d x0[NR_MAX], x1[NR_MAX];
#pragma GCC unroll 6
  for (int j = 0; j < nr; j++) {
    y0[j] = y1[j] = _mm256_setzero_pd();
    x0[j] = x1[j] = _mm_setzero_pd();
  }
  const __m128i mi = _mm256_castsi256_si128(mask);
  const fastla_int lda = p->lda, rsb = p->rsb, csb = p->csb;
  /* Column 3g + q of the panel is bg[g][q * csb]: two pointers and csb
   * as the index reach all six with plain addressing. */
  const double *bg[2];
#pragma GCC unroll 2
  for (int g = 0; g < (nr + 2) / 3; g++) /* only the panel's columns */
    bg[g] = b + 3 * g * csb;

#pragma GCC unroll 2
  for (fastla_int l = 0, k = p->k; l < k; l++) {
    __m256d ay0, ay1;
    __m128d ax0, ax1;
    if (v0 == FULL)
      ay0 = _mm256_loadu_pd(a);
    if (v0 == HALF)
      ax0 = masked ? _mm_maskload_pd(a, mi) : _mm_loadu_pd(a);
    if (v1 == FULL)
      ay1 = _mm256_loadu_pd(a + o1);
    if (v1 == HALF)
      ax1 = _mm_loadu_pd(a + o1);
#pragma GCC unroll 6
    for (int j = 0; j < nr; j++) {
      const __m256d by = _mm256_broadcast_sd(&bg[j / 3][(j % 3) * csb]);
      const __m128d bx = _mm256_castpd256_pd128(by);
      if (v0 == FULL)
        y0[j] = _mm256_fmadd_pd(ay0, by, y0[j]);
      if (v0 == HALF)
        x0[j] = _mm_fmadd_pd(ax0, bx, x0[j]);
      if (v1 == FULL)
        y1[j] = _mm256_fmadd_pd(ay1, by, y1[j]);
      if (v1 == HALF)
        x1[j] = _mm_fmadd_pd(ax1, bx, x1[j]);
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
                                fastla_int m, const double *a, const double *b,
                                double *c) {
  const __m256i none = _mm256_setzero_si256();
  fastla_int i = 0;
  for (; m - i >= MR; i += MR)
    tile(FULL, FULL, nr, p, a + i, b, c + i, 4, 0, 0, none);
  fastla_int r = m - i;
  if (r == 0)
    return;
  if (i > 0) {
    /* The last rows: a tile of h >= r rows ending at row m, overlapping
     * the tile above by h - r < 2 rows, instead of masked loads and
     * stores. */
    fastla_int h = (r + 1) & ~(fastla_int)1;
    __m256i keep = lanes_pd(h - r);
    const double *at = a + m - h;
    double *ct = c + m - h;
    if (h == 8)
      tile(FULL, FULL, nr, p, at, b, ct, 4, 0, h > r, keep);
    else if (h == 6)
      tile(FULL, HALF, nr, p, at, b, ct, 4, 0, h > r, keep);
    else if (h == 4)
      tile(FULL, NONE, nr, p, at, b, ct, 0, 0, h > r, keep);
    else
      tile(HALF, NONE, nr, p, at, b, ct, 0, 0, h > r, keep);
    return;
  }
  /* m < 8: one tile whose second vector ends at row m, overlapping the
   * first one where m is odd. */
  if (m > 6)
    tile(FULL, FULL, nr, p, a, b, c, m - 4, 0, 0, none);
  else if (m > 4)
    tile(FULL, HALF, nr, p, a, b, c, m - 2, 0, 0, none);
  else if (m == 4)
    tile(FULL, NONE, nr, p, a, b, c, 0, 0, 0, none);
  else if (m > 2)
    tile(HALF, HALF, nr, p, a, b, c, m - 2, 0, 0, none);
  else if (m == 2)
    tile(HALF, NONE, nr, p, a, b, c, 0, 0, 0, none);
  else
    tile(HALF, NONE, nr, p, a, b, c, 0, 1, 0, lanes_pd(m));
}

static void panel6(const direct_args *p, fastla_int m, const double *a,
                   const double *b, double *c) {
  panel(6, p, m, a, b, c);
}
static void panel4(const direct_args *p, fastla_int m, const double *a,
                   const double *b, double *c) {
  panel(4, p, m, a, b, c);
}
static void panel3(const direct_args *p, fastla_int m, const double *a,
                   const double *b, double *c) {
  panel(3, p, m, a, b, c);
}
static void panel2(const direct_args *p, fastla_int m, const double *a,
                   const double *b, double *c) {
  panel(2, p, m, a, b, c);
}
static void panel1(const direct_args *p, fastla_int m, const double *a,
                   const double *b, double *c) {
  panel(1, p, m, a, b, c);
}

void fastla_dgemm_direct_avx2(fastla_int m, fastla_int n, fastla_int k,
                              double alpha, const double *a, fastla_int lda,
                              const double *b, fastla_int rsb, fastla_int csb,
                              double beta, double *c, fastla_int ldc) {
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
