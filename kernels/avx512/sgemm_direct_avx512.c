/* sgemm_direct_avx512.c - the single-precision direct gemm kernel of the
 * AVX-512 table: C := alpha * A * op(B) + beta * C on the operands where
 * they lie, for products too small to repay packing (contract in
 * kernel_table.h; the driver is src/level3/sgemm_small.c).
 *
 * ISA: AVX-512F/VL, zmm vectors of 16 floats, ymm of 8. Main tile 32 x 12.
 *
 * Register plan of the 32 x 12 tile (of the 32 zmm):
 *   - 24 accumulators: rows 0-15 and 16-31 of each of the 12 columns;
 *   - 2 for the current column of A, loaded unaligned straight from A
 *     (a[i + l * lda]);
 *   - 1-2 for B: each op(B)(l, j) = b[l * rsb + j * csb] is broadcast from
 *     memory (vbroadcastss, a load) and feeds its 2 FMAs. The 12 columns
 *     are reached from 4 pointers (columns 3g .. 3g+2) with csb as the
 *     index register, so the k step costs 4 pointer adds whatever rsb and
 *     csb are, and the same code serves B and B^T.
 *   So a k step is 2 + 12 loads for 24 FMAs (24 cycles on Zen 4, where a
 *   zmm FMA takes both 256-bit FMA pipes). alpha and beta are applied once,
 *   after the k loop: beta == 0 stores alpha * AB without reading C,
 *   otherwise C = alpha * AB + beta * C.
 *
 * Edges, so that no size falls to scalar code:
 *   - columns: panels of 12, then one each of 8, 4 and 3, 2 or 1 as
 *     needed (n = 16 is 12 + 4);
 *   - rows: tiles of 32; the last m % 32 rows are a tile of h = 8, 16, 24 or
 *     32 rows (ymm, zmm, zmm + ymm, 2 zmm) that ends at row m and overlaps
 *     the tile above by h - r < 8 rows. The overlapped rows are computed
 *     again; with beta == 0 they are stored again with the very same value
 *     (same FMAs in the same order), otherwise their lanes are blended back
 *     to the C just loaded (a mask move). When m < 32 the one tile's second
 *     vector ends at row m and overlaps the first (no blend: both load C
 *     before either stores). Only m < 8 uses masked loads and stores
 *     (mask registers), the whole of C being narrower than a ymm.
 *   Why overlap instead of masks: a masked store does not forward to a
 *   later load of the same data. A caller that updates the same C again
 *   (beta != 0) then waits for each masked column to reach the cache;
 *   measured with masked row tails: 17 x 12 x 11 29.6 GFLOP/s vs 95.6 for
 *   16 x 12 x 11 (beta = 0.5), 57 with beta = 0; with the overlapping tile
 *   59 GFLOP/s. The m < 8 case keeps the cost: 7 x 8 x 8 13.4 GFLOP/s with
 *   beta = 0.5, 37 with beta = 0.
 *
 * Why 32 x 12: the largest tile whose accumulators and A column fit the
 * register file with B broadcast from memory, as in sgemm_ukr_avx512.c;
 * for n = 16 the 12 + 4 split loses nothing to 8 + 8 (same FMAs, same
 * passes over A). Loop order: column panels outside, row tiles inside, so
 * the panel of B (k x 12) stays in L1 while A streams once per panel.
 *
 * Unrolling: the k loop by 2, with a pragma. Written out by hand (4
 * steps), GCC kept a pointer per step and spilled accumulators: 16: 95.7,
 * 32: 102.1 GFLOP/s vs 100.9, 105.4 not unrolled. With the pragma, by 1, 2
 * and 4 measured the same (16: 100.9/102.1/101.0, 32: 105.4/105.8/105.2,
 * 64: 112.6/113.0/112.8, kernel alone), and 2 keeps the code smaller.
 *
 * Measured on Zen 4 (1 thread, GFLOP/s; peak ~116), m = n = k:
 *   kernel alone (B, alpha 0.75, beta 0.5):  n = 8 44, 16 104, 24 96,
 *     32 108, 48 113, 64 114, 96 115.5;
 *   through fastla_sgemm vs OpenBLAS 0.3.21 cblas_sgemm, interleaved in
 *   one process: 8 26.3 / 13.3, 16 86.2 / 84.5, 32 106.0 / 105.4,
 *   64 113.4 / 114.0 (the API adds ~13 ns a call). The blocked path it
 *   replaces below FASTLA_GEMM_SMALL_MNK: 8 5.9, 16 18.2, 32 65, 64 83. At
 *   n = 32 and 64 both libraries sit at the bound set by the FMAs of the
 *   product plus the two FMA-pipe operations per C vector of the epilogue.
 */
#include "avx512_util.h"

fastla_sgemm_direct_fn fastla_sgemm_direct_avx512;

#define NR_MAX 12 /* widest column panel */
#define MR     32 /* rows of the main tile */

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* What one vector slot of a tile holds: nothing, 8 rows in a ymm or 16
 * rows in a zmm. */
enum { NONE = 0, HALF = 1, FULL = 2 };

/* How the first vector of a tile meets C: plainly, under a mask of the
 * first rows (m < 8: the whole of a narrow C), or (BLEND) rewriting the
 * lanes already finished by the tile above with the C it loaded. */
enum { PLAIN = 0, MASKED = 1, BLEND = 2 };

/* Tile arguments that are the same for all tiles of one call. */
typedef struct direct_args {
  fastla_int k, lda, rsb, csb, ldc;
  float alpha, beta;
} direct_args;

static ALWAYS_INLINE void store_tile(const int v0, const int v1, const int nr,
                                     const int mode, const direct_args *p,
                                     float *c, fastla_int o1, __mmask16 mask,
                                     const __m512 *z0, const __m512 *z1,
                                     const __m256 *h0, const __m256 *h1) {
  const __m512 va = _mm512_set1_ps(p->alpha);
  const __m256 vah = _mm512_castps512_ps256(va);
  const __mmask8 mh = (__mmask8)mask;
  const fastla_int ldc = p->ldc;
  if (p->beta == 0.0f) {
    /* C is not read. Rows written twice (overlapping vectors or tiles)
     * get the same value both times: the same FMAs in the same order. */
#pragma GCC unroll 12
    for (int j = 0; j < nr; j++) {
      float *cj = c + j * ldc;
      if (v0 == FULL)
        _mm512_storeu_ps(cj, _mm512_mul_ps(va, z0[j]));
      if (v0 == HALF && mode == MASKED)
        _mm256_mask_storeu_ps(cj, mh, _mm256_mul_ps(vah, h0[j]));
      else if (v0 == HALF)
        _mm256_storeu_ps(cj, _mm256_mul_ps(vah, h0[j]));
      if (v1 == FULL)
        _mm512_storeu_ps(cj + o1, _mm512_mul_ps(va, z1[j]));
      if (v1 == HALF)
        _mm256_storeu_ps(cj + o1, _mm256_mul_ps(vah, h1[j]));
    }
    return;
  }
  const __m512 vb = _mm512_set1_ps(p->beta);
  const __m256 vbh = _mm512_castps512_ps256(vb);
#pragma GCC unroll 12
  for (int j = 0; j < nr; j++) {
    float *cj = c + j * ldc;
    /* Both vectors of C are loaded before either is stored, so a vector
     * overlapping the other sees the original C. */
    __m512 cz0, cz1;
    __m256 ch0, ch1;
    if (v0 == FULL)
      cz0 = _mm512_loadu_ps(cj);
    if (v0 == HALF)
      ch0 =
          mode == MASKED ? _mm256_maskz_loadu_ps(mh, cj) : _mm256_loadu_ps(cj);
    if (v1 == FULL)
      cz1 = _mm512_loadu_ps(cj + o1);
    if (v1 == HALF)
      ch1 = _mm256_loadu_ps(cj + o1);
    if (v0 == FULL) {
      __m512 r = _mm512_fmadd_ps(va, z0[j], _mm512_mul_ps(vb, cz0));
      if (mode == BLEND)
        r = _mm512_mask_mov_ps(r, mask, cz0);
      _mm512_storeu_ps(cj, r);
    }
    if (v0 == HALF) {
      __m256 r = _mm256_fmadd_ps(vah, h0[j], _mm256_mul_ps(vbh, ch0));
      if (mode == BLEND)
        r = _mm256_mask_mov_ps(r, mh, ch0);
      if (mode == MASKED)
        _mm256_mask_storeu_ps(cj, mh, r);
      else
        _mm256_storeu_ps(cj, r);
    }
    if (v1 == FULL)
      _mm512_storeu_ps(cj + o1,
                       _mm512_fmadd_ps(va, z1[j], _mm512_mul_ps(vb, cz1)));
    if (v1 == HALF)
      _mm256_storeu_ps(cj + o1,
                       _mm256_fmadd_ps(vah, h1[j], _mm256_mul_ps(vbh, ch1)));
  }
}

/* One tile: rows 0.. of vector v0 and rows o1.. of vector v1 of C, nr
 * columns, over the whole k. */
static ALWAYS_INLINE void tile(const int v0, const int v1, const int nr,
                               const direct_args *p, const float *a,
                               const float *b, float *c, fastla_int o1,
                               const int masked, int blend, __mmask16 mask) {
  __m512 z0[NR_MAX], z1[NR_MAX];
  __m256 h0[NR_MAX], h1[NR_MAX];
#pragma GCC unroll 12
  for (int j = 0; j < nr; j++) {
    z0[j] = z1[j] = _mm512_setzero_ps();
    h0[j] = h1[j] = _mm256_setzero_ps();
  }
  const fastla_int lda = p->lda, rsb = p->rsb, csb = p->csb;
  /* Column 3g + q of the panel is bg[g][q * csb]: four pointers and csb
   * as the index reach all twelve with plain addressing. */
  const float *bg[4];
#pragma GCC unroll 4
  for (int g = 0; g < (nr + 2) / 3; g++) /* only the panel's columns */
    bg[g] = b + 3 * g * csb;

#pragma GCC unroll 2
  for (fastla_int l = 0, k = p->k; l < k; l++) {
    __m512 az0, az1;
    __m256 ah0, ah1;
    if (v0 == FULL)
      az0 = masked ? _mm512_maskz_loadu_ps(mask, a) : _mm512_loadu_ps(a);
    if (v0 == HALF)
      ah0 = masked ? _mm256_maskz_loadu_ps((__mmask8)mask, a)
                   : _mm256_loadu_ps(a);
    if (v1 == FULL)
      az1 = _mm512_loadu_ps(a + o1);
    if (v1 == HALF)
      ah1 = _mm256_loadu_ps(a + o1);
#pragma GCC unroll 12
    for (int j = 0; j < nr; j++) {
      const __m512 bz = _mm512_set1_ps(bg[j / 3][(j % 3) * csb]);
      const __m256 bh = _mm512_castps512_ps256(bz);
      if (v0 == FULL)
        z0[j] = _mm512_fmadd_ps(az0, bz, z0[j]);
      if (v0 == HALF)
        h0[j] = _mm256_fmadd_ps(ah0, bh, h0[j]);
      if (v1 == FULL)
        z1[j] = _mm512_fmadd_ps(az1, bz, z1[j]);
      if (v1 == HALF)
        h1[j] = _mm256_fmadd_ps(ah1, bh, h1[j]);
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
                                fastla_int m, const float *a, const float *b,
                                float *c) {
  fastla_int i = 0;
  for (; m - i >= MR; i += MR)
    tile(FULL, FULL, nr, p, a + i, b, c + i, 16, 0, 0, 0);
  fastla_int r = m - i;
  if (r == 0)
    return;
  if (i > 0) {
    /* The last rows: a tile of h >= r rows ending at row m, overlapping
     * the tile above by h - r < 8 rows, instead of masked loads and
     * stores (a masked store does not forward to a later load, which cost
     * the next call on the same C ~20 cycles per column). */
    fastla_int h = (r + 7) & ~(fastla_int)7;
    __mmask16 keep = fastla_avx512_mask_ps(h - r);
    const float *at = a + m - h;
    float *ct = c + m - h;
    if (h == 32)
      tile(FULL, FULL, nr, p, at, b, ct, 16, 0, h > r, keep);
    else if (h == 24)
      tile(FULL, HALF, nr, p, at, b, ct, 16, 0, h > r, keep);
    else if (h == 16)
      tile(FULL, NONE, nr, p, at, b, ct, 0, 0, h > r, keep);
    else
      tile(HALF, NONE, nr, p, at, b, ct, 0, 0, h > r, keep);
    return;
  }
  /* m < 32: one tile whose second vector ends at row m, overlapping the
   * first one where m is not a multiple of 8. */
  if (m > 24)
    tile(FULL, FULL, nr, p, a, b, c, m - 16, 0, 0, 0);
  else if (m > 16)
    tile(FULL, HALF, nr, p, a, b, c, m - 8, 0, 0, 0);
  else if (m == 16)
    tile(FULL, NONE, nr, p, a, b, c, 0, 0, 0, 0);
  else if (m > 8)
    tile(HALF, HALF, nr, p, a, b, c, m - 8, 0, 0, 0);
  else if (m == 8)
    tile(HALF, NONE, nr, p, a, b, c, 0, 0, 0, 0);
  else
    tile(HALF, NONE, nr, p, a, b, c, 0, 1, 0, fastla_avx512_mask_ps(m));
}

static void panel12(const direct_args *p, fastla_int m, const float *a,
                    const float *b, float *c) {
  panel(12, p, m, a, b, c);
}
static void panel8(const direct_args *p, fastla_int m, const float *a,
                   const float *b, float *c) {
  panel(8, p, m, a, b, c);
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

void fastla_sgemm_direct_avx512(fastla_int m, fastla_int n, fastla_int k,
                                float alpha, const float *a, fastla_int lda,
                                const float *b, fastla_int rsb, fastla_int csb,
                                float beta, float *c, fastla_int ldc) {
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
