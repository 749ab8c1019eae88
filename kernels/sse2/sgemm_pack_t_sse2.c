/* sgemm_pack_t_sse2.c - SSE2 transposing pack for the gemm driver: the
 * r x k block src[i * lds + l] to dst[l * R + i], rows r..R-1 zero
 * (contract in kernel_table.h). R is the table's mr (8) or nr (4); any
 * other R goes through the same code.
 *
 * Scheme: 4 x 4 transposes in xmm: 4 row loads, 4 unpacks, 4 movlhps /
 * movhlps, 4 stores (one step of 4 rows each). Rows are taken 8 at a time
 * as two halves of 4, so each step of R = 8 writes its 32 bytes in one
 * pass; 4 steps per block, unrolled twice. Rows at or past r read a static
 * zero row (no branch); partial halves store 2 + 1 lanes; the last k % 4
 * steps are copied to a zero-padded 4 x 4 tile first so that no load runs
 * past the end of a row.
 *
 * Measured on Zen 4 (2.6 GHz TSC), ns per packed element, best of 25,
 * against the driver's scalar loop (pack_panel in src/level3/) compiled
 * like src/ (-O3, baseline SSE2), both in the same run (repeat runs on
 * this shared 2-core machine vary by 10-30%):
 *   R x k, lds        scalar   this
 *    8 x 2048, 2048   0.457    0.120
 *    4 x 2048, 2048   0.275    0.070
 *    8 x 256,  2053   0.483    0.126
 *    4 x 256,  2053   0.281    0.072
 * and packing all micro-panels of an 8192-row source (kc 256, lds 1000,
 * memory-bound): R = 8 2.29 -> 0.63, R = 4 1.96 -> 0.77. */
#include <emmintrin.h>

#include "kernel_table.h"

fastla_sgemm_pack_fn fastla_sgemm_pack_t_sse2;

/* pack_group is expanded once per shape so that its sizes are constants:
 * at -O2, GCC 12 otherwise keeps one copy with run-time sizes. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Rows at or past r are read from here instead of from src, so a half
 * with some rows missing goes through the same loads and shuffles. */
static const float zero_row[4];

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

/* 4 rows x 4 steps: t[j] = (row[0][j], ..., row[3][j]). */
static inline void tr4x4(const float *const row[4], __m128 t[4]) {
  const __m128 a0 = _mm_loadu_ps(row[0]), a1 = _mm_loadu_ps(row[1]);
  const __m128 a2 = _mm_loadu_ps(row[2]), a3 = _mm_loadu_ps(row[3]);
  const __m128 u0 = _mm_unpacklo_ps(a0, a1); /* r0l0 r1l0 r0l1 r1l1 */
  const __m128 u1 = _mm_unpackhi_ps(a0, a1); /* r0l2 r1l2 r0l3 r1l3 */
  const __m128 u2 = _mm_unpacklo_ps(a2, a3);
  const __m128 u3 = _mm_unpackhi_ps(a2, a3);
  t[0] = _mm_movelh_ps(u0, u2);
  t[1] = _mm_movehl_ps(u2, u0);
  t[2] = _mm_movelh_ps(u1, u3);
  t[3] = _mm_movehl_ps(u3, u1);
}

/* One block of 4 steps of rows i0 .. i0 + w - 1 of dst (w <= 4): rows
 * q < nv come from s + q * lds, the others are zero. */
static ALWAYS_INLINE void block4(const float *s, fastla_int lds, int nv, int w,
                                 float *d, int R) {
  const float *row[4];
  for (int q = 0; q < 4; q++)
    row[q] = q < nv ? s + q * lds : zero_row;
  __m128 t[4];
  tr4x4(row, t);
#pragma GCC unroll 4
  for (int j = 0; j < 4; j++)
    store4(d + j * R, t[j], w);
}

/* Up to 8 rows as two halves of 4 (w1 == 0: no second half) over nb
 * blocks of 4 steps. Inlined with constant nv and w for the shapes the
 * tables use, so every test on them folds away. */
static ALWAYS_INLINE void pack_group(const float *s0, const float *s1,
                                     fastla_int lds, int nv0, int w0, int nv1,
                                     int w1, fastla_int nb, float *d, int R) {
#pragma GCC unroll 2
  for (fastla_int b = 0; b < nb; b++, s0 += 4, s1 += 4, d += 4 * R) {
    block4(s0, lds, nv0, w0, d, R);
    if (w1)
      block4(s1, lds, nv1, w1, d + 4, R);
  }
}

/* The last kt < 4 steps of one half: copied to a zero-padded tile first,
 * so that no vector load runs past the end of a source row. */
static void pack_tail(const float *s, fastla_int lds, int nv, int w, int kt,
                      float *d, int R) {
  float tile[4 * 4];
  for (int q = 0; q < nv; q++)
    for (int l = 0; l < 4; l++)
      tile[q * 4 + l] = l < kt ? s[q * lds + l] : 0.0f;
  const float *row[4];
  for (int q = 0; q < 4; q++)
    row[q] = q < nv ? tile + q * 4 : zero_row;
  __m128 t[4];
  tr4x4(row, t);
  for (int j = 0; j < kt; j++)
    store4(d + j * R, t[j], w);
}

/* Rows of a half at i0: w to write (0: none), nv of them from src. */
static void half(int R, fastla_int r, int i0, int *nv, int *w) {
  *w = R - i0 <= 0 ? 0 : R - i0 < 4 ? R - i0 : 4;
  *nv = r <= i0 ? 0 : (int)(r - i0 < *w ? r - i0 : *w);
}

void fastla_sgemm_pack_t_sse2(int R, fastla_int r, fastla_int k,
                              const float *src, fastla_int lds, float *dst) {
  const fastla_int nb = k / 4, kt = k % 4;
  for (int i0 = 0; i0 < R; i0 += 8) {
    int nv0, w0, nv1, w1;
    half(R, r, i0, &nv0, &w0);
    half(R, r, i0 + 4, &nv1, &w1);
    const float *s0 = nv0 > 0 ? src + i0 * lds : src;
    const float *s1 = nv1 > 0 ? src + (i0 + 4) * lds : src;
    float *d = dst + i0;
    if (nv0 == 4 && nv1 == 4)
      pack_group(s0, s1, lds, 4, 4, 4, 4, nb, d, R);
    else if (nv0 == 4 && w1 == 0)
      pack_group(s0, s1, lds, 4, 4, 0, 0, nb, d, R);
    else
      pack_group(s0, s1, lds, nv0, w0, nv1, w1, nb, d, R);
    if (kt) {
      pack_tail(s0 + nb * 4, lds, nv0, w0, (int)kt, d + nb * 4 * R, R);
      if (w1)
        pack_tail(s1 + nb * 4, lds, nv1, w1, (int)kt, d + nb * 4 * R + 4, R);
    }
  }
}
