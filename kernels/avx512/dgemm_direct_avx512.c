/* dgemm_direct_avx512.c - the double-precision direct gemm kernel of the
 * AVX-512 table: C := alpha * A * op(B) + beta * C on the operands where
 * they lie, for products too small to repay packing (contract in
 * kernel_table.h; the driver is src/level3/dgemm_small.c). The scheme is
 * that of sgemm_direct_avx512.c, which explains it in full, at half the
 * lanes.
 *
 * ISA: AVX-512F/VL, zmm vectors of 8 doubles, ymm of 4. Main tile 16 x 12.
 *
 * Register plan of the 16 x 12 tile (of the 32 zmm): 24 accumulators (rows
 * 0-7 and 8-15 of 12 columns), 2 for the column of A (unaligned loads from
 * A), 1-2 for op(B)(l, j) broadcast from memory (4 column pointers, csb as
 * the index). A k step: 2 + 12 loads for 24 FMAs.
 *
 * Edges: column panels of 12, then 8, 4 and 3, 2 or 1; the last m % 16
 * rows are a tile of h = 4, 8, 12 or 16 rows ending at row m that
 * overlaps the tile above by h - r < 4 rows (blended back when beta != 0);
 * m < 16 is one tile whose two vectors overlap; only m < 4 uses masked
 * loads and stores. Why overlap instead of masks: sgemm_direct_avx512.c.
 *
 * Why 16 x 12 rather than the 24 x 8 of dgemm_ukr_avx512.c (reasoned, not
 * measured): the same 24 accumulator chains hide the FMA latency, and the
 * common small m are whole 16-row tiles (16, 32, 64), where 24-row tiles
 * would leave m = 32 as 24 + an 8-row tile of only 8 accumulators. 16 x 12
 * mirrors the float kernel, so both share one structure.
 *
 * Unrolling: the k loop by 2 (pragma), as in sgemm_direct_avx512.c.
 *
 * Measured on Zen 4 (1 thread, GFLOP/s; peak ~58), m = n = k:
 *   kernel alone (B, alpha 0.75, beta 0.5): n = 8 45, 16 52.4, 24 54.4,
 *     32 55, 48 56.4, 64 57.1, 96 57.8;
 *   through fastla_dgemm vs OpenBLAS 0.3.21 cblas_dgemm, interleaved in
 *   one process: 8 26.3 / 23.3, 16 46.1 / 44.7, 32 54.3 / 54.4,
 *   64 56.8 / 57.0. The blocked path it replaces: 8 5.7, 16 16.9,
 *   32 27.5, 64 42.4. Starting each tile with a multiply instead of zeroed
 *   accumulators measured 1-3% slower, so the accumulators start at 0.
 */
#include "avx512_util.h"

fastla_dgemm_direct_fn fastla_dgemm_direct_avx512;

#define NR_MAX 12 /* widest column panel */
#define MR     16 /* rows of the main tile */

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* What one vector slot of a tile holds: nothing, 4 rows in a ymm or 8
 * rows in a zmm. */
enum { NONE = 0, HALF = 1, FULL = 2 };

/* How the first vector of a tile meets C: plainly, under a mask of the
 * first rows (m < 4: the whole of a narrow C), or (BLEND) rewriting the
 * lanes already finished by the tile above with the C it loaded. */
enum { PLAIN = 0, MASKED = 1, BLEND = 2 };

/* Tile arguments that are the same for all tiles of one call. */
typedef struct direct_args {
  fastla_int k, lda, rsb, csb, ldc;
  double alpha, beta;
} direct_args;

static ALWAYS_INLINE void store_tile(const int v0, const int v1, const int nr,
                                     const int mode, const direct_args *p,
                                     double *c, fastla_int o1, __mmask8 mask,
                                     const __m512d *z0, const __m512d *z1,
                                     const __m256d *h0, const __m256d *h1) {
  const __m512d va = _mm512_set1_pd(p->alpha);
  const __m256d vah = _mm512_castpd512_pd256(va);
  const __mmask8 mh = mask;
  const fastla_int ldc = p->ldc;
  if (p->beta == 0.0) {
    /* C is not read. Rows written twice (overlapping vectors or tiles)
     * get the same value both times: the same FMAs in the same order. */
#pragma GCC unroll 12
    for (int j = 0; j < nr; j++) {
      double *cj = c + j * ldc;
      if (v0 == FULL)
        _mm512_storeu_pd(cj, _mm512_mul_pd(va, z0[j]));
      if (v0 == HALF && mode == MASKED)
        _mm256_mask_storeu_pd(cj, mh, _mm256_mul_pd(vah, h0[j]));
      else if (v0 == HALF)
        _mm256_storeu_pd(cj, _mm256_mul_pd(vah, h0[j]));
      if (v1 == FULL)
        _mm512_storeu_pd(cj + o1, _mm512_mul_pd(va, z1[j]));
      if (v1 == HALF)
        _mm256_storeu_pd(cj + o1, _mm256_mul_pd(vah, h1[j]));
    }
    return;
  }
  const __m512d vb = _mm512_set1_pd(p->beta);
  const __m256d vbh = _mm512_castpd512_pd256(vb);
#pragma GCC unroll 12
  for (int j = 0; j < nr; j++) {
    double *cj = c + j * ldc;
    /* Both vectors of C are loaded before either is stored, so a vector
     * overlapping the other sees the original C. */
    __m512d cz0, cz1;
    __m256d ch0, ch1;
    if (v0 == FULL)
      cz0 = _mm512_loadu_pd(cj);
    if (v0 == HALF)
      ch0 =
          mode == MASKED ? _mm256_maskz_loadu_pd(mh, cj) : _mm256_loadu_pd(cj);
    if (v1 == FULL)
      cz1 = _mm512_loadu_pd(cj + o1);
    if (v1 == HALF)
      ch1 = _mm256_loadu_pd(cj + o1);
    if (v0 == FULL) {
      __m512d r = _mm512_fmadd_pd(va, z0[j], _mm512_mul_pd(vb, cz0));
      if (mode == BLEND)
        r = _mm512_mask_mov_pd(r, mask, cz0);
      _mm512_storeu_pd(cj, r);
    }
    if (v0 == HALF) {
      __m256d r = _mm256_fmadd_pd(vah, h0[j], _mm256_mul_pd(vbh, ch0));
      if (mode == BLEND)
        r = _mm256_mask_mov_pd(r, mh, ch0);
      if (mode == MASKED)
        _mm256_mask_storeu_pd(cj, mh, r);
      else
        _mm256_storeu_pd(cj, r);
    }
    if (v1 == FULL)
      _mm512_storeu_pd(cj + o1,
                       _mm512_fmadd_pd(va, z1[j], _mm512_mul_pd(vb, cz1)));
    if (v1 == HALF)
      _mm256_storeu_pd(cj + o1,
                       _mm256_fmadd_pd(vah, h1[j], _mm256_mul_pd(vbh, ch1)));
  }
}

/* One tile: rows 0.. of vector v0 and rows o1.. of vector v1 of C, nr
 * columns, over the whole k. */
static ALWAYS_INLINE void tile(const int v0, const int v1, const int nr,
                               const direct_args *p, const double *a,
                               const double *b, double *c, fastla_int o1,
                               const int masked, int blend, __mmask8 mask) {
  __m512d z0[NR_MAX], z1[NR_MAX];
  __m256d h0[NR_MAX], h1[NR_MAX];
#pragma GCC unroll 12
  for (int j = 0; j < nr; j++) {
    z0[j] = z1[j] = _mm512_setzero_pd();
    h0[j] = h1[j] = _mm256_setzero_pd();
  }
  const fastla_int lda = p->lda, rsb = p->rsb, csb = p->csb;
  /* Column 3g + q of the panel is bg[g][q * csb]: four pointers and csb
   * as the index reach all twelve with plain addressing. */
  const double *bg[4];
#pragma GCC unroll 4
  for (int g = 0; g < (nr + 2) / 3; g++) /* only the panel's columns */
    bg[g] = b + 3 * g * csb;

#pragma GCC unroll 2
  for (fastla_int l = 0, k = p->k; l < k; l++) {
    __m512d az0, az1;
    __m256d ah0, ah1;
    if (v0 == FULL)
      az0 = masked ? _mm512_maskz_loadu_pd(mask, a) : _mm512_loadu_pd(a);
    if (v0 == HALF)
      ah0 = masked ? _mm256_maskz_loadu_pd(mask, a) : _mm256_loadu_pd(a);
    if (v1 == FULL)
      az1 = _mm512_loadu_pd(a + o1);
    if (v1 == HALF)
      ah1 = _mm256_loadu_pd(a + o1);
#pragma GCC unroll 12
    for (int j = 0; j < nr; j++) {
      const __m512d bz = _mm512_set1_pd(bg[j / 3][(j % 3) * csb]);
      const __m256d bh = _mm512_castpd512_pd256(bz);
      if (v0 == FULL)
        z0[j] = _mm512_fmadd_pd(az0, bz, z0[j]);
      if (v0 == HALF)
        h0[j] = _mm256_fmadd_pd(ah0, bh, h0[j]);
      if (v1 == FULL)
        z1[j] = _mm512_fmadd_pd(az1, bz, z1[j]);
      if (v1 == HALF)
        h1[j] = _mm256_fmadd_pd(ah1, bh, h1[j]);
    }
    a += lda;
#pragma GCC unroll 4
    for (int g = 0; g < (nr + 2) / 3; g++)
      bg[g] += rsb;
  }

  if (masked)
    store_tile(v0, v1, nr, MASKED, p, c, o1, mask, z0, z1, h0, h1);
  else if (blend)
    store_tile(v0, v1, nr, BLEND, p, c, o1, mask, z0, z1, h0, h1);
  else
    store_tile(v0, v1, nr, PLAIN, p, c, o1, mask, z0, z1, h0, h1);
}

/* All rows of an nr-column panel. */
static ALWAYS_INLINE void panel(const int nr, const direct_args *p,
                                fastla_int m, const double *a, const double *b,
                                double *c) {
  fastla_int i = 0;
  for (; m - i >= MR; i += MR)
    tile(FULL, FULL, nr, p, a + i, b, c + i, 8, 0, 0, 0);
  fastla_int r = m - i;
  if (r == 0)
    return;
  if (i > 0) {
    /* The last rows: a tile of h >= r rows ending at row m, overlapping
     * the tile above by h - r < 4 rows, instead of masked loads and
     * stores (a masked store does not forward to a later load, which cost
     * the next call on the same C ~20 cycles per column). */
    fastla_int h = (r + 3) & ~(fastla_int)3;
    __mmask8 keep = fastla_avx512_mask_pd(h - r);
    const double *at = a + m - h;
    double *ct = c + m - h;
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
    tile(FULL, FULL, nr, p, a, b, c, m - 8, 0, 0, 0);
  else if (m > 8)
    tile(FULL, HALF, nr, p, a, b, c, m - 4, 0, 0, 0);
  else if (m == 8)
    tile(FULL, NONE, nr, p, a, b, c, 0, 0, 0, 0);
  else if (m > 4)
    tile(HALF, HALF, nr, p, a, b, c, m - 4, 0, 0, 0);
  else if (m == 4)
    tile(HALF, NONE, nr, p, a, b, c, 0, 0, 0, 0);
  else
    tile(HALF, NONE, nr, p, a, b, c, 0, 1, 0, fastla_avx512_mask_pd(m));
}

static void panel12(const direct_args *p, fastla_int m, const double *a,
                    const double *b, double *c) {
  panel(12, p, m, a, b, c);
}
static void panel8(const direct_args *p, fastla_int m, const double *a,
                   const double *b, double *c) {
  panel(8, p, m, a, b, c);
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

void fastla_dgemm_direct_avx512(fastla_int m, fastla_int n, fastla_int k,
                                double alpha, const double *a, fastla_int lda,
                                const double *b, fastla_int rsb, fastla_int csb,
                                double beta, double *c, fastla_int ldc) {
  const direct_args p = {k, lda, rsb, csb, ldc, alpha, beta};
  fastla_int j = 0;
  for (; n - j >= NR_MAX; j += NR_MAX)
    panel12(&p, m, a, b + j * csb, c + j * ldc);
  fastla_int r = n - j;
  if (r >= 8) {
    panel8(&p, m, a, b + j * csb, c + j * ldc);
    j += 8, r -= 8;
  }
  if (r >= 4) {
    panel4(&p, m, a, b + j * csb, c + j * ldc);
    j += 4, r -= 4;
  }
  if (r == 3)
    panel3(&p, m, a, b + j * csb, c + j * ldc);
  else if (r == 2)
    panel2(&p, m, a, b + j * csb, c + j * ldc);
  else if (r == 1)
    panel1(&p, m, a, b + j * csb, c + j * ldc);
}
