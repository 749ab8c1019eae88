/* dgemm_ukr_sse2.c - the dgemm microkernel for SSE2: the 4 x 4 tile
 * C := alpha * A * B + beta * C from packed panels (contract in
 * kernel_table.h).
 *
 * ISA: SSE2, 2 doubles per xmm register, no FMA (every update is a mul then
 * an add). MR x NR = 4 x 4.
 *
 * Register plan (16 xmm): the 4 x 4 tile lives in 8 accumulators. Each
 * step l of k loads the 4 doubles of A column l into 2 registers (alo = rows
 * 0-1, ahi = rows 2-3) and the 4 doubles of B row l into 2 registers (b01,
 * b23; all loads aligned: a and b are 64-byte aligned, each column or row is
 * 32 bytes). Instead of broadcasting each B element (4 shuffles per step),
 * the step swaps the two lanes of b01 and b23 (b10, b32: 2 shuffles) and
 * multiplies A by all four pairs, so each accumulator holds two elements of
 * the tile on a "diagonal": for example alo * b01 = (a0 b0, a1 b1) holds
 * C(0,0) and C(1,1). 8 accumulators + 2 A + 4 B + 1 product = 15 registers.
 * The lanes are put back into columns once, at the end, with movsd (see
 * dgemm_acc). Halving the shuffles measured 15% faster on Zen 4.
 *
 * Why 4 x 4: every A and B load is reused across the whole tile and the 8
 * independent mul-add chains per step cover the add latency (3 cycles) at 2
 * adds per cycle; a wider tile needs more than 16 registers, a narrower one
 * halves the reuse of each load. It is also the only shape where the
 * lane-swap trick pairs up exactly (MR = NR, 2 lanes).
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
 * unaligned (ldc and the tile's origin are arbitrary), and only the 4 x 4
 * elements are touched. */
#include "kernel_table.h"
#include "sse2_util.h"

enum { MR = 4, NR = 4 };

/* The tile as 8 "diagonal" accumulators, lanes (lane 0, lane 1):
 *   d0lo = (C00, C11)  s0lo = (C01, C10)  d2lo = (C02, C13)  s2lo = (C03, C12)
 *   d0hi = (C22, C33)  s0hi = (C23, C32)  d2hi = (C20, C31)  s2hi = (C21, C30)
 * (d: A times B as loaded, s: A times B with its lanes swapped; lo: rows
 * 0-1, hi: rows 2-3; 0: the 2 x 2 blocks on the tile's diagonal, 2: the
 * blocks off it). Named fields rather than an array so the compiler keeps
 * them in registers. */
typedef struct {
  __m128d d0lo, s0lo, d2lo, s2lo, d0hi, s0hi, d2hi, s2hi;
} dgemm_acc;

/* One step of k: the tile += A(:, l) * B(l, :), a and b at step l. */
static inline dgemm_acc dgemm_step(dgemm_acc t, const double *a,
                                   const double *b) {
  const __m128d alo = _mm_load_pd(a), ahi = _mm_load_pd(a + 2);
  const __m128d b01 = _mm_load_pd(b), b23 = _mm_load_pd(b + 2);
  const __m128d b10 = _mm_shuffle_pd(b01, b01, 1);
  const __m128d b32 = _mm_shuffle_pd(b23, b23, 1);
  t.d0lo = _mm_add_pd(t.d0lo, _mm_mul_pd(alo, b01));
  t.s0lo = _mm_add_pd(t.s0lo, _mm_mul_pd(alo, b10));
  t.d2lo = _mm_add_pd(t.d2lo, _mm_mul_pd(alo, b23));
  t.s2lo = _mm_add_pd(t.s2lo, _mm_mul_pd(alo, b32));
  t.d0hi = _mm_add_pd(t.d0hi, _mm_mul_pd(ahi, b23));
  t.s0hi = _mm_add_pd(t.s0hi, _mm_mul_pd(ahi, b32));
  t.d2hi = _mm_add_pd(t.d2hi, _mm_mul_pd(ahi, b01));
  t.s2hi = _mm_add_pd(t.s2hi, _mm_mul_pd(ahi, b10));
#if defined(__GNUC__)
  /* A scheduling fence: without it GCC 12 interleaves the 4 unrolled steps,
   * hoists all their loads and shuffles to the top, runs out of registers
   * and keeps the accumulators on the stack (the loop-carried store/reload
   * cost 20% here). The empty asm only says "the accumulators are read and
   * written here", which pins each step's updates between two fences. */
  __asm__(""
          : "+x"(t.d0lo), "+x"(t.s0lo), "+x"(t.d2lo), "+x"(t.s2lo),
            "+x"(t.d0hi), "+x"(t.s0hi), "+x"(t.d2hi), "+x"(t.s2hi));
#endif
  return t;
}

/* Column j of C (4 doubles at cj) := alpha * (lo, hi) [+ beta * column]. */
static inline void dgemm_store_col(double *cj, __m128d lo, __m128d hi,
                                   __m128d valpha, __m128d vbeta,
                                   int beta_zero) {
  lo = _mm_mul_pd(valpha, lo);
  hi = _mm_mul_pd(valpha, hi);
  if (!beta_zero) {
    lo = _mm_add_pd(lo, _mm_mul_pd(vbeta, _mm_loadu_pd(cj)));
    hi = _mm_add_pd(hi, _mm_mul_pd(vbeta, _mm_loadu_pd(cj + 2)));
  }
  _mm_storeu_pd(cj, lo);
  _mm_storeu_pd(cj + 2, hi);
}

void fastla_dgemm_ukr_sse2(fastla_int k, double alpha, const double *a,
                           const double *b, double beta, double *c,
                           fastla_int ldc) {
  /* A column of 4 doubles may straddle two cache lines when c is not
   * aligned: prefetch both ends. */
  for (int j = 0; j < NR; j++) {
    _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + j * ldc + MR - 1), _MM_HINT_T0);
  }

  const __m128d zero = _mm_setzero_pd();
  dgemm_acc t = {zero, zero, zero, zero, zero, zero, zero, zero};

  fastla_int l = 0;
  for (; l + 4 <= k; l += 4) {
    t = dgemm_step(t, a, b);
    t = dgemm_step(t, a + MR, b + NR);
    t = dgemm_step(t, a + 2 * MR, b + 2 * NR);
    t = dgemm_step(t, a + 3 * MR, b + 3 * NR);
    a += 4 * MR;
    b += 4 * NR;
  }
  for (; l < k; l++) {
    t = dgemm_step(t, a, b);
    a += MR;
    b += NR;
  }

  const __m128d valpha = _mm_set1_pd(alpha), vbeta = _mm_set1_pd(beta);
  const int beta_zero = beta == 0.0;
  /* _mm_move_sd(x, y) = (y lane 0, x lane 1): one instruction per half
   * column puts the diagonals back into columns. */
  dgemm_store_col(c, _mm_move_sd(t.s0lo, t.d0lo), _mm_move_sd(t.s2hi, t.d2hi),
                  valpha, vbeta, beta_zero);
  dgemm_store_col(c + ldc, _mm_move_sd(t.d0lo, t.s0lo),
                  _mm_move_sd(t.d2hi, t.s2hi), valpha, vbeta, beta_zero);
  dgemm_store_col(c + 2 * ldc, _mm_move_sd(t.s2lo, t.d2lo),
                  _mm_move_sd(t.s0hi, t.d0hi), valpha, vbeta, beta_zero);
  dgemm_store_col(c + 3 * ldc, _mm_move_sd(t.d2lo, t.s2lo),
                  _mm_move_sd(t.d0hi, t.s0hi), valpha, vbeta, beta_zero);
}
