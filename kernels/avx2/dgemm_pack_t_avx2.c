/* dgemm_pack_t_avx2.c - AVX2 transposing pack for the gemm driver: the
 * r x k block src[i * lds + l] to dst[l * R + i], rows r..R-1 zero
 * (contract in kernel_table.h). R is the table's mr (8) or nr (6); any
 * other R goes through the same code.
 *
 * Scheme: 4 x 4 transposes in ymm. Rows q and q + 2 share a register
 * (vinsertf128 from memory puts row q + 2 in the high lane), so one
 * in-lane unpack per output finishes it: 4 inserts and 4 unpacks for 4
 * output vectors (one step of 4 rows each). A half of at most 2 rows loads
 * 4 steps per row and unpacks them in pairs. Rows are taken 8 at a time,
 * as two halves of 4 (or 4 + 2 for R = 6), so each step writes a whole
 * 64-byte line of dst in one pass; 4 steps per block, unrolled twice, so
 * each source row gives a whole line per iteration. Rows at or past r read
 * a static zero row (no branch); partial halves store 2 + 1 lanes; the
 * last k % 4 steps are copied to a zero-padded 4 x 4 tile first so that
 * no load runs past the end of a row.
 *
 * Measured on Zen 4 (2.6 GHz TSC), ns per packed element, best of 25,
 * against the driver's scalar loop (pack_panel in src/level3/) compiled
 * like src/ (-O3, baseline SSE2), both in the same run (repeat runs on
 * this shared 2-core machine vary by 10-30%):
 *   R x k, lds        scalar   this
 *    8 x 2048, 2048   0.700    0.153
 *    6 x 2048, 2048   0.497    0.142
 *    8 x 256,  2053   0.278    0.136
 *    6 x 256,  2053   0.279    0.136
 * and packing all micro-panels of an 8192-row source (kc 256, lds 1000,
 * memory-bound): R = 8 3.66 -> 1.26, R = 6 2.87 -> 1.41. The alternative,
 * each group of 4 rows in a pass of its own (half lines of dst per pass),
 * ran 0.22 at 8 x 2048 and 24 x 2048; it won only with everything in L1
 * (0.09 vs 0.11 at 8 x 256, lds 256). */
#include <immintrin.h>

#include "kernel_table.h"

fastla_dgemm_pack_fn fastla_dgemm_pack_t_avx2;

/* pack_group is expanded once per shape so that its sizes are constants:
 * at -O2, GCC 12 otherwise keeps one copy with run-time sizes. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Rows at or past r are read from here instead of from src, so a group of
 * 4 rows with some missing goes through the same loads and shuffles. */
static const double zero_row[4];

/* Lanes 0..w-1 of v to d, 1 <= w <= 2. */
static inline void store2(double *d, __m128d v, int w) {
  if (w == 2)
    _mm_storeu_pd(d, v);
  else
    _mm_store_sd(d, v);
}

/* Lanes 0..w-1 of v to d, 1 <= w <= 4. */
static inline void store4(double *d, __m256d v, int w) {
  if (w == 4) {
    _mm256_storeu_pd(d, v);
  } else if (w == 3) {
    _mm_storeu_pd(d, _mm256_castpd256_pd128(v));
    _mm_store_sd(d + 2, _mm256_extractf128_pd(v, 1));
  } else {
    store2(d, _mm256_castpd256_pd128(v), w);
  }
}

/* 4 rows x 4 steps: t[j] = (row[0][j], ..., row[3][j]). Rows q and q + 2
 * share a register (q in the low lane, q + 2 in the high lane), so one
 * in-lane unpack per output finishes the transpose. */
static inline void tr4x4(const double *const row[4], __m256d t[4]) {
  const __m256d a0 = _mm256_insertf128_pd(
      _mm256_castpd128_pd256(_mm_loadu_pd(row[0])), _mm_loadu_pd(row[2]), 1);
  const __m256d a1 = _mm256_insertf128_pd(
      _mm256_castpd128_pd256(_mm_loadu_pd(row[1])), _mm_loadu_pd(row[3]), 1);
  const __m256d b0 =
      _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[0] + 2)),
                           _mm_loadu_pd(row[2] + 2), 1);
  const __m256d b1 =
      _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[1] + 2)),
                           _mm_loadu_pd(row[3] + 2), 1);
  t[0] = _mm256_unpacklo_pd(a0, a1);
  t[1] = _mm256_unpackhi_pd(a0, a1);
  t[2] = _mm256_unpacklo_pd(b0, b1);
  t[3] = _mm256_unpackhi_pd(b0, b1);
}

/* 2 rows x 4 steps: the low lane of t[0] is step 0, the high lane step 2;
 * t[1] holds steps 1 and 3. */
static inline void tr2x4(const double *const row[2], __m256d t[2]) {
  const __m256d x0 = _mm256_loadu_pd(row[0]), x1 = _mm256_loadu_pd(row[1]);
  t[0] = _mm256_unpacklo_pd(x0, x1);
  t[1] = _mm256_unpackhi_pd(x0, x1);
}

/* One block of 4 steps of rows i0 .. i0 + w - 1 of dst (w <= 4): rows
 * q < nv come from s + q * lds, the others are zero. */
static ALWAYS_INLINE void block4(const double *s, fastla_int lds, int nv, int w,
                                 double *d, int R) {
  const double *row[4];
  for (int q = 0; q < 4; q++)
    row[q] = q < nv ? s + q * lds : zero_row;
  if (w <= 2) {
    __m256d t[2];
    tr2x4(row, t);
    store2(d, _mm256_castpd256_pd128(t[0]), w);
    store2(d + R, _mm256_castpd256_pd128(t[1]), w);
    store2(d + 2 * R, _mm256_extractf128_pd(t[0], 1), w);
    store2(d + 3 * R, _mm256_extractf128_pd(t[1], 1), w);
  } else {
    __m256d t[4];
    tr4x4(row, t);
#pragma GCC unroll 4
    for (int j = 0; j < 4; j++)
      store4(d + j * R, t[j], w);
  }
}

/* Up to 8 rows as two halves of 4 (w1 == 0: no second half) over nb
 * blocks of 4 steps. Inlined with constant nv and w for the shapes the
 * tables use, so every test on them folds away. */
static ALWAYS_INLINE void pack_group(const double *s0, const double *s1,
                                     fastla_int lds, int nv0, int w0, int nv1,
                                     int w1, fastla_int nb, double *d, int R) {
#pragma GCC unroll 2
  for (fastla_int b = 0; b < nb; b++, s0 += 4, s1 += 4, d += 4 * R) {
    block4(s0, lds, nv0, w0, d, R);
    if (w1)
      block4(s1, lds, nv1, w1, d + 4, R);
  }
}

/* The last kt < 4 steps of one half: copied to a zero-padded tile first,
 * so that no vector load runs past the end of a source row. */
static void pack_tail(const double *s, fastla_int lds, int nv, int w, int kt,
                      double *d, int R) {
  double tile[4 * 4];
  for (int q = 0; q < nv; q++)
    for (int l = 0; l < 4; l++)
      tile[q * 4 + l] = l < kt ? s[q * lds + l] : 0.0;
  const double *row[4];
  for (int q = 0; q < 4; q++)
    row[q] = q < nv ? tile + q * 4 : zero_row;
  __m256d t[4];
  tr4x4(row, t);
  for (int j = 0; j < kt; j++)
    store4(d + j * R, t[j], w);
}

/* Rows of a half at i0: w to write (0: none), nv of them from src. */
static void half(int R, fastla_int r, int i0, int *nv, int *w) {
  *w = R - i0 <= 0 ? 0 : R - i0 < 4 ? R - i0 : 4;
  *nv = r <= i0 ? 0 : (int)(r - i0 < *w ? r - i0 : *w);
}

void fastla_dgemm_pack_t_avx2(int R, fastla_int r, fastla_int k,
                              const double *src, fastla_int lds, double *dst) {
  const fastla_int nb = k / 4, kt = k % 4;
  for (int i0 = 0; i0 < R; i0 += 8) {
    int nv0, w0, nv1, w1;
    half(R, r, i0, &nv0, &w0);
    half(R, r, i0 + 4, &nv1, &w1);
    const double *s0 = nv0 > 0 ? src + i0 * lds : src;
    const double *s1 = nv1 > 0 ? src + (i0 + 4) * lds : src;
    double *d = dst + i0;
    if (nv0 == 4 && nv1 == 4)
      pack_group(s0, s1, lds, 4, 4, 4, 4, nb, d, R);
    else if (nv0 == 4 && nv1 == 2 && w1 == 2)
      pack_group(s0, s1, lds, 4, 4, 2, 2, nb, d, R);
    else
      pack_group(s0, s1, lds, nv0, w0, nv1, w1, nb, d, R);
    if (kt) {
      pack_tail(s0 + nb * 4, lds, nv0, w0, (int)kt, d + nb * 4 * R, R);
      if (w1)
        pack_tail(s1 + nb * 4, lds, nv1, w1, (int)kt, d + nb * 4 * R + 4, R);
    }
  }
}
