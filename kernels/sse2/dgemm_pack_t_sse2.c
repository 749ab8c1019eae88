/* dgemm_pack_t_sse2.c - SSE2 transposing pack for the gemm driver: the
 * r x k block src[i * lds + l] to dst[l * R + i], rows r..R-1 zero
 * (contract in kernel_table.h). R is the table's mr and nr (4); any other
 * R goes through the same code.
 *
 * Scheme: 2 x 2 transposes in xmm: 2 row loads, unpcklpd / unpckhpd, 2
 * stores (one step of 2 rows each). Rows are taken 4 at a time as two
 * pairs, so each step of R = 4 writes its 32 bytes in one pass; 2 steps
 * per block, unrolled twice. Rows at or past r read a static zero row (no
 * branch); a single-row pair stores one lane; an odd last step loads
 * single elements (movsd / movhpd), so nothing is read past a row.
 *
 * Measured on Zen 4 (2.6 GHz TSC), ns per packed element, best of 25,
 * against the driver's scalar loop (pack_panel in src/level3/) compiled
 * like src/ (-O3, baseline SSE2), both in the same run (repeat runs on
 * this shared 2-core machine vary by 10-30%):
 *   R x k, lds        scalar   this
 *    4 x 2048, 2048   0.474    0.183
 *    4 x 256,  2053   0.463    0.159
 * and packing all micro-panels of an 8192-row source (kc 256, lds 1000,
 * memory-bound): 2.64 -> 1.29. */
#include <emmintrin.h>

#include "kernel_table.h"

fastla_dgemm_pack_fn fastla_dgemm_pack_t_sse2;

/* pack_group is expanded once per shape so that its sizes are constants:
 * at -O2, GCC 12 otherwise keeps one copy with run-time sizes. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Rows at or past r are read from here instead of from src. */
static const double zero_row[2];

/* Lanes 0..w-1 of v to d, 1 <= w <= 2. */
static inline void store2(double *d, __m128d v, int w) {
  if (w == 2)
    _mm_storeu_pd(d, v);
  else
    _mm_store_sd(d, v);
}

/* One block of 2 steps of rows i0, i0 + 1 of dst (w <= 2 of them written):
 * rows q < nv come from s + q * lds, the others are zero. */
static ALWAYS_INLINE void block2(const double *s, fastla_int lds, int nv, int w,
                                 double *d, int R) {
  const __m128d a0 = _mm_loadu_pd(nv > 0 ? s : zero_row);
  const __m128d a1 = _mm_loadu_pd(nv > 1 ? s + lds : zero_row);
  store2(d, _mm_unpacklo_pd(a0, a1), w);
  store2(d + R, _mm_unpackhi_pd(a0, a1), w);
}

/* Up to 4 rows as two pairs (w1 == 0: no second pair) over nb blocks of 2
 * steps. Inlined with constant nv and w for the shapes the tables use. */
static ALWAYS_INLINE void pack_group(const double *s0, const double *s1,
                                     fastla_int lds, int nv0, int w0, int nv1,
                                     int w1, fastla_int nb, double *d, int R) {
#pragma GCC unroll 2
  for (fastla_int b = 0; b < nb; b++, s0 += 2, s1 += 2, d += 2 * R) {
    block2(s0, lds, nv0, w0, d, R);
    if (w1)
      block2(s1, lds, nv1, w1, d + 2, R);
  }
}

/* The last step (k odd) of one pair: scalar loads, nothing past the row. */
static void pack_tail(const double *s, fastla_int lds, int nv, int w,
                      double *d) {
  __m128d v = _mm_load_sd(nv > 0 ? s : zero_row);
  v = _mm_loadh_pd(v, nv > 1 ? s + lds : zero_row);
  store2(d, v, w);
}

/* Rows of a pair at i0: w to write (0: none), nv of them from src. */
static void pair(int R, fastla_int r, int i0, int *nv, int *w) {
  *w = R - i0 <= 0 ? 0 : R - i0 < 2 ? R - i0 : 2;
  *nv = r <= i0 ? 0 : (int)(r - i0 < *w ? r - i0 : *w);
}

void fastla_dgemm_pack_t_sse2(int R, fastla_int r, fastla_int k,
                              const double *src, fastla_int lds, double *dst) {
  const fastla_int nb = k / 2;
  for (int i0 = 0; i0 < R; i0 += 4) {
    int nv0, w0, nv1, w1;
    pair(R, r, i0, &nv0, &w0);
    pair(R, r, i0 + 2, &nv1, &w1);
    const double *s0 = nv0 > 0 ? src + i0 * lds : src;
    const double *s1 = nv1 > 0 ? src + (i0 + 2) * lds : src;
    double *d = dst + i0;
    if (nv0 == 2 && nv1 == 2)
      pack_group(s0, s1, lds, 2, 2, 2, 2, nb, d, R);
    else
      pack_group(s0, s1, lds, nv0, w0, nv1, w1, nb, d, R);
    if (k % 2) {
      pack_tail(s0 + nb * 2, lds, nv0, w0, d + nb * 2 * R);
      if (w1)
        pack_tail(s1 + nb * 2, lds, nv1, w1, d + nb * 2 * R + 2);
    }
  }
}
