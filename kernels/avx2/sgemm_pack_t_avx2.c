/* sgemm_pack_t_avx2.c - AVX2 transposing pack for the gemm driver: the
 * r x k block src[i * lds + l] to dst[l * R + i], rows r..R-1 zero
 * (contract in kernel_table.h). R is the table's mr (16) or nr (6); any
 * other R goes through the same code.
 *
 * Scheme: rows in groups of 8, steps (l) in blocks of 8; each 8 x 8 block
 * is one transpose in ymm. Rows q and q + 4 are loaded into the two
 * 128-bit lanes of one register (vinsertf128 from memory), so two in-lane
 * 4 x 4 transposes (4 unpacks + 4 shufps each) finish it: 16 shuffles and
 * 8 inserts for 8 output vectors, each stored whole (8 rows of one step).
 * A group of at most 4 rows loads 8 steps per row and stores the two lanes
 * of each result to steps j and j + 4. Rows at or past r read a static
 * zero row, so missing rows cost no branch; a partial group (R = 6) stores
 * 4 + 2 lanes. The last k % 8 steps are copied to a zero-padded 8 x 8 tile
 * first so that no load runs past the end of a row. At most 16 ymm are
 * live.
 *
 * Loop order: group outer, steps inner. A group keeps 8 source rows live:
 * with a power-of-two lds all rows fall in one L1 set, and 8 fits its 8
 * ways. The table's shapes (8 rows; 6 rows for R = 6) and 4 rows are
 * inlined with constant sizes; anything else takes the same code with
 * run-time sizes.
 *
 * Measured on Zen 4 (2.6 GHz TSC), ns per packed element, best of 25,
 * against the driver's scalar loop (pack_panel in src/level3/) compiled
 * like src/ (-O3, baseline SSE2), both in the same run (repeat runs on
 * this shared 2-core machine vary by 10-30%):
 *   R x k, lds        scalar   this
 *   16 x 2048, 2048   0.667    0.119
 *    6 x 2048, 2048   0.275    0.108
 *   16 x 256,  2053   0.453    0.107
 *    6 x 256,  2053   0.279    0.098
 * and packing all micro-panels of an 8192-row source (kc 256, lds 1000,
 * memory-bound): R = 16 2.27 -> 0.76, R = 6 1.71 -> 0.74. The scalar
 * loop's time varied up to 2x between runs of one shape, the kernel's far
 * less.
 * A first version looping steps outside and groups inside, with the
 * partial group in a call of its own, ran 0.18-0.24 (16 and 6 x 256);
 * full-row loads plus vperm2f128 instead of the inserts ran 0.111 vs
 * 0.092 (16 x 256). */
#include <immintrin.h>

#include "kernel_table.h"

fastla_sgemm_pack_fn fastla_sgemm_pack_t_avx2;

/* pack_group is expanded once per shape so that its sizes are constants:
 * at -O2, GCC 12 otherwise keeps one copy with run-time sizes. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Rows at or past r are read from here instead of from src, so a block of
 * 8 rows with some missing goes through the same loads and shuffles. */
static const float zero_row[8];

/* Lanes 0..w-1 of v to d, 1 <= w <= 4. */
static inline void store4(float *d, __m128 v, int w) {
  if (w == 4) {
    _mm_storeu_ps(d, v);
    return;
  }
  if (w >= 2) {
    _mm_storel_pi((__m64 *)d, v);
    if (w == 3)
      _mm_store_ss(d + 2, _mm_movehl_ps(v, v));
    return;
  }
  _mm_store_ss(d, v);
}

/* Lanes 0..w-1 of v to d, 1 <= w <= 8. */
static inline void store8(float *d, __m256 v, int w) {
  if (w == 8) {
    _mm256_storeu_ps(d, v);
  } else if (w > 4) {
    _mm_storeu_ps(d, _mm256_castps256_ps128(v));
    store4(d + 4, _mm256_extractf128_ps(v, 1), w - 4);
  } else {
    store4(d, _mm256_castps256_ps128(v), w);
  }
}

/* 4 x 4 transposes inside each 128-bit lane: lane h of t[j] gets element
 * j of lane h of a[0..3]. */
static inline void tr4_lanes(const __m256 a[4], __m256 t[4]) {
  const __m256 u0 = _mm256_unpacklo_ps(a[0], a[1]);
  const __m256 u1 = _mm256_unpackhi_ps(a[0], a[1]);
  const __m256 u2 = _mm256_unpacklo_ps(a[2], a[3]);
  const __m256 u3 = _mm256_unpackhi_ps(a[2], a[3]);
  t[0] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(1, 0, 1, 0));
  t[1] = _mm256_shuffle_ps(u0, u2, _MM_SHUFFLE(3, 2, 3, 2));
  t[2] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(1, 0, 1, 0));
  t[3] = _mm256_shuffle_ps(u1, u3, _MM_SHUFFLE(3, 2, 3, 2));
}

/* 8 rows x 8 steps: t[j] = (row[0][j], ..., row[7][j]). Rows q and q + 4
 * share a register (q in the low lane, q + 4 in the high lane), so after
 * the in-lane transposes no lane-crossing shuffle is left. */
static inline void tr8x8(const float *const row[8], __m256 t[8]) {
  __m256 a[4], b[4];
#pragma GCC unroll 4
  for (int q = 0; q < 4; q++) {
    a[q] = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(row[q])),
                                _mm_loadu_ps(row[q + 4]), 1);
    b[q] =
        _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(row[q] + 4)),
                             _mm_loadu_ps(row[q + 4] + 4), 1);
  }
  tr4_lanes(a, t);
  tr4_lanes(b, t + 4);
}

/* 4 rows x 8 steps: lane 0 of t[j] holds step j, lane 1 step j + 4. */
static inline void tr4x8(const float *const row[4], __m256 t[4]) {
  __m256 a[4];
#pragma GCC unroll 4
  for (int q = 0; q < 4; q++)
    a[q] = _mm256_loadu_ps(row[q]);
  tr4_lanes(a, t);
}

/* Rows i0 .. i0 + w - 1 of dst (w <= 8) over nb blocks of 8 steps: rows
 * q < nv come from s + q * lds, the others are zero. Inlined with constant
 * nv and w for the shapes the tables use, so every test folds away. */
static ALWAYS_INLINE void pack_group(const float *s, fastla_int lds, int nv,
                                     int w, fastla_int nb, float *d, int R) {
  for (fastla_int b = 0; b < nb; b++, s += 8, d += 8 * R) {
    const float *row[8];
    for (int q = 0; q < 8; q++)
      row[q] = q < nv ? s + q * lds : zero_row;
    if (w <= 4) {
      __m256 t[4];
      tr4x8(row, t);
#pragma GCC unroll 4
      for (int j = 0; j < 4; j++) {
        store4(d + j * R, _mm256_castps256_ps128(t[j]), w);
        store4(d + (j + 4) * R, _mm256_extractf128_ps(t[j], 1), w);
      }
    } else {
      __m256 t[8];
      tr8x8(row, t);
#pragma GCC unroll 8
      for (int j = 0; j < 8; j++)
        store8(d + j * R, t[j], w);
    }
  }
}

/* The last kt < 8 steps of one group: copied to a zero-padded tile first,
 * so that no vector load runs past the end of a source row. */
static void pack_tail(const float *s, fastla_int lds, int nv, int w, int kt,
                      float *d, int R) {
  float tile[8 * 8];
  for (int q = 0; q < nv; q++)
    for (int l = 0; l < 8; l++)
      tile[q * 8 + l] = l < kt ? s[q * lds + l] : 0.0f;
  const float *row[8];
  for (int q = 0; q < 8; q++)
    row[q] = q < nv ? tile + q * 8 : zero_row;
  __m256 t[8];
  tr8x8(row, t);
  for (int j = 0; j < kt; j++)
    store8(d + j * R, t[j], w);
}

void fastla_sgemm_pack_t_avx2(int R, fastla_int r, fastla_int k,
                              const float *src, fastla_int lds, float *dst) {
  const fastla_int nb = k / 8, kt = k % 8;
  for (int i0 = 0; i0 < R; i0 += 8) {
    const int w = R - i0 < 8 ? R - i0 : 8;
    const int nv = r <= i0 ? 0 : (int)(r - i0 < w ? r - i0 : w);
    const float *s = nv > 0 ? src + i0 * lds : src;
    float *d = dst + i0;
    /* Constant shapes for the tables' R (16, 6) and for 12 (R % 8 == 4);
     * the rest take the general code. */
    if (nv == 8 && w == 8)
      pack_group(s, lds, 8, 8, nb, d, R);
    else if (nv == 6 && w == 6)
      pack_group(s, lds, 6, 6, nb, d, R);
    else if (nv == 4 && w == 4)
      pack_group(s, lds, 4, 4, nb, d, R);
    else
      pack_group(s, lds, nv, w, nb, d, R);
    if (kt)
      pack_tail(s + nb * 8, lds, nv, w, (int)kt, d + nb * 8 * R, R);
  }
}
