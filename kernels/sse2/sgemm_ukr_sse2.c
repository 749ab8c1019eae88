/* sgemm_ukr_sse2.c - the sgemm microkernel for SSE2: the 8 x 4 tile
 * C := alpha * A * B + beta * C from packed panels (contract in
 * kernel_table.h).
 *
 * ISA: SSE2, 4 floats per xmm register, no FMA (every update is a mul then
 * an add). MR x NR = 8 x 4.
 *
 * Register plan (16 xmm): the 8 x 4 tile lives in 8 accumulators, two per
 * column j (rows 0-3 and rows 4-7). Each step l of k loads the 8 floats of
 * A column l into 2 registers (aligned: a is 64-byte aligned and each
 * column is 32 bytes), loads the 4 floats of B row l into 1 register, and
 * broadcasts its element j into 1 more register with a shuffle; 1 register
 * takes the product before it is added. That is 8 + 2 + 1 + 1 + 1 = 13
 * live registers, so nothing spills and the compiler may rename a few.
 *
 * Why 8 x 4: every A and B load is reused across the tile, and the 8
 * independent mul-add chains per step cover the add latency (3 cycles) at
 * 2 adds per cycle. A 4 x 8 or 12 x 4 tile needs more than 16 registers;
 * 4 x 4 reuses each broadcast only once. 8 x 4 costs 4 shuffles for 16
 * mul-add pairs, the least SSE2 allows without load-broadcasts (SSE3).
 *
 * Unrolling: k runs 4 steps per iteration, then a remainder loop of single
 * steps. The sum over l is in order (l = 0, 1, ..., k-1) for each element,
 * whatever k is.
 *
 * Prefetch: the 4 columns of C are prefetched at the start so their misses
 * overlap the k loop; A and B are streamed from packed, contiguous panels
 * that the hardware prefetcher already follows, so no software prefetch.
 *
 * The update: beta == 0 stores alpha * AB without reading C (NaN in C does
 * not survive); otherwise C = alpha * AB + beta * C. C is loaded and stored
 * unaligned (ldc and the tile's origin are arbitrary), and only the 8 x 4
 * elements are touched. */
#include "kernel_table.h"
#include "sse2_util.h"

enum { MR = 8, NR = 4 };

/* The tile: c<j>lo holds rows 0-3 and c<j>hi rows 4-7 of column j. Named
 * fields rather than an array so the compiler keeps them in registers. */
typedef struct {
  __m128 c0lo, c0hi, c1lo, c1hi, c2lo, c2hi, c3lo, c3hi;
} sgemm_acc;

/* One step of k: the tile += A(:, l) * B(l, :), a and b at step l. */
static inline sgemm_acc sgemm_step(sgemm_acc t, const float *a,
                                   const float *b) {
  const __m128 alo = _mm_load_ps(a), ahi = _mm_load_ps(a + 4);
  const __m128 brow = _mm_load_ps(b);
  __m128 bj = _mm_shuffle_ps(brow, brow, _MM_SHUFFLE(0, 0, 0, 0));
  t.c0lo = _mm_add_ps(t.c0lo, _mm_mul_ps(alo, bj));
  t.c0hi = _mm_add_ps(t.c0hi, _mm_mul_ps(ahi, bj));
  bj = _mm_shuffle_ps(brow, brow, _MM_SHUFFLE(1, 1, 1, 1));
  t.c1lo = _mm_add_ps(t.c1lo, _mm_mul_ps(alo, bj));
  t.c1hi = _mm_add_ps(t.c1hi, _mm_mul_ps(ahi, bj));
  bj = _mm_shuffle_ps(brow, brow, _MM_SHUFFLE(2, 2, 2, 2));
  t.c2lo = _mm_add_ps(t.c2lo, _mm_mul_ps(alo, bj));
  t.c2hi = _mm_add_ps(t.c2hi, _mm_mul_ps(ahi, bj));
  bj = _mm_shuffle_ps(brow, brow, _MM_SHUFFLE(3, 3, 3, 3));
  t.c3lo = _mm_add_ps(t.c3lo, _mm_mul_ps(alo, bj));
  t.c3hi = _mm_add_ps(t.c3hi, _mm_mul_ps(ahi, bj));
#if defined(__GNUC__)
  /* A scheduling fence: without it GCC 12 interleaves the 4 unrolled steps,
   * hoists all their loads and shuffles to the top, runs out of registers
   * and keeps the accumulators on the stack (the loop-carried store/reload
   * cost 15% here). The empty asm only says "the accumulators are read and
   * written here", which pins each step's updates between two fences. */
  __asm__(""
          : "+x"(t.c0lo), "+x"(t.c0hi), "+x"(t.c1lo), "+x"(t.c1hi),
            "+x"(t.c2lo), "+x"(t.c2hi), "+x"(t.c3lo), "+x"(t.c3hi));
#endif
  return t;
}

/* Column j of C (8 floats at cj) := alpha * (lo, hi) [+ beta * column]. */
static inline void sgemm_store_col(float *cj, __m128 lo, __m128 hi,
                                   __m128 valpha, __m128 vbeta, int beta_zero) {
  lo = _mm_mul_ps(valpha, lo);
  hi = _mm_mul_ps(valpha, hi);
  if (!beta_zero) {
    lo = _mm_add_ps(lo, _mm_mul_ps(vbeta, _mm_loadu_ps(cj)));
    hi = _mm_add_ps(hi, _mm_mul_ps(vbeta, _mm_loadu_ps(cj + 4)));
  }
  _mm_storeu_ps(cj, lo);
  _mm_storeu_ps(cj + 4, hi);
}

void fastla_sgemm_ukr_sse2(fastla_int k, float alpha, const float *a,
                           const float *b, float beta, float *c,
                           fastla_int ldc) {
  /* A column of 8 floats may straddle two cache lines when c is not
   * aligned: prefetch both ends. */
  for (int j = 0; j < NR; j++) {
    _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + j * ldc + MR - 1), _MM_HINT_T0);
  }

  const __m128 zero = _mm_setzero_ps();
  sgemm_acc t = {zero, zero, zero, zero, zero, zero, zero, zero};

  fastla_int l = 0;
  for (; l + 4 <= k; l += 4) {
    t = sgemm_step(t, a, b);
    t = sgemm_step(t, a + MR, b + NR);
    t = sgemm_step(t, a + 2 * MR, b + 2 * NR);
    t = sgemm_step(t, a + 3 * MR, b + 3 * NR);
    a += 4 * MR;
    b += 4 * NR;
  }
  for (; l < k; l++) {
    t = sgemm_step(t, a, b);
    a += MR;
    b += NR;
  }

  const __m128 valpha = _mm_set1_ps(alpha), vbeta = _mm_set1_ps(beta);
  const int beta_zero = beta == 0.0f;
  sgemm_store_col(c, t.c0lo, t.c0hi, valpha, vbeta, beta_zero);
  sgemm_store_col(c + ldc, t.c1lo, t.c1hi, valpha, vbeta, beta_zero);
  sgemm_store_col(c + 2 * ldc, t.c2lo, t.c2hi, valpha, vbeta, beta_zero);
  sgemm_store_col(c + 3 * ldc, t.c3lo, t.c3hi, valpha, vbeta, beta_zero);
}
