/* dgemm_ukr_avx512.c - the double-precision gemm microkernel of the AVX-512
 * table: the 24 x 8 tile C := alpha * A * B + beta * C from packed panels
 * (contract in kernel_table.h).
 *
 * ISA: AVX-512F, zmm vectors of 8 doubles. MR x NR = 24 x 8.
 *
 * Register plan (of the 32 zmm):
 *   - 24 accumulators: acc[h][j] holds rows 8h .. 8h+7 of column j of the
 *     tile (h = 0, 1, 2; j = 0 .. 7);
 *   - 3 for the current column of A (a[l*24 .. l*24+23], aligned loads);
 *   - 1-2 for B: each b(l, j) is broadcast from memory once (vbroadcastsd
 *     is a plain load on current cores, no shuffle) and feeds its 3 FMAs.
 *   So a k step is 3 vector loads + 8 broadcast loads for 24 FMAs.
 *
 * Why 24 x 8 rather than 16 x 12 (the sgemm shape): the same 24 chains
 * hide the FMA latency, with fewer loads per FMA (11 vs 14 per 24), and the
 * narrower B micro-panel lets the L1 rule in blocking.c pick a longer kc
 * (256 vs 168 on Zen 4), so C is read and written fewer times. Measured on
 * Zen 4 (1 thread, fastla-compare, GFLOP/s at n = 1024 / 2048): 16 x 12
 * 47.5-48.2 / 48.9-51.6, 24 x 8 49.4-51.3 / 48.0-51.6 (blocks from the
 * cache rule; kc,mc = 384,144 and 320,192 and 192,336 were within noise).
 *
 * C prefetch: the 8 columns of C are prefetched late, two columns per
 * unrolled iteration once at most C_PREFETCH_STEPS k steps remain. At entry
 * (the former scheme) they were most likely evicted again before the
 * epilogue (not checked with counters; the timings fit): the A
 * micro-panel streaming through L1 (24 * 8 bytes * kc = 48 KiB at kc 256)
 * is larger than the 32 KiB L1d. Measured: 24 x 8 with entry prefetch
 * 51.3 / 48.0, late prefetch 48 steps ahead 52.2 / 52.9, 96 steps ahead
 * 50.5 / 52.4, late plus an entry prefetcht1 to L2 51.7 / 51.6.
 *
 * Unrolling: k by 4 with a remainder loop for k % 4. Software prefetch of
 * the A micro-panel 8 steps ahead (prefetcht0, one line per 8 doubles)
 * lost 5-10% (46.9 / 45.0 vs 47.5 / 48.9 with 16 x 12): the packed panels
 * stream sequentially and the hardware prefetcher keeps up, the extra
 * prefetches only compete for load slots.
 *
 * Epilogue: beta == 0 stores alpha * AB without reading C (NaN in C does
 * not survive); otherwise C = alpha * AB + beta * C. ldc is arbitrary and C
 * has no alignment, so its loads and stores are unaligned. */
#include "avx512_util.h"

#define MV               3 /* zmm vectors per column of the tile */
#define MR               (8 * MV)
#define NR               8
#define C_PREFETCH_STEPS 48

/* One k step: acc[.][j] += a(:, l) * b(l, j) for the 8 columns. The loops
 * here and below are fully unrolled (GCC and Clang honour the pragma) so
 * that every acc[h][j] has a constant index and lives in its own register
 * instead of in memory. */
static inline void dgemm_ukr_step(const double *a, const double *b,
                                  __m512d acc[MV][NR]) {
  __m512d av[MV];
#pragma GCC unroll 3
  for (int h = 0; h < MV; h++)
    av[h] = _mm512_load_pd(a + 8 * h);
#pragma GCC unroll 8
  for (int j = 0; j < NR; j++) {
    const __m512d bj = _mm512_set1_pd(b[j]);
#pragma GCC unroll 3
    for (int h = 0; h < MV; h++)
      acc[h][j] = _mm512_fmadd_pd(av[h], bj, acc[h][j]);
  }
}

/* Each column of the tile is 192 bytes: at most 4 cache lines when c is
 * not 64-byte aligned, so touch elements 0, 8, 16 and the last. */
static inline void prefetch_c_column(const double *cj) {
  _mm_prefetch((const char *)cj, _MM_HINT_T0);
  _mm_prefetch((const char *)(cj + 8), _MM_HINT_T0);
  _mm_prefetch((const char *)(cj + 16), _MM_HINT_T0);
  _mm_prefetch((const char *)(cj + MR - 1), _MM_HINT_T0);
}

void fastla_dgemm_ukr_avx512(fastla_int k, double alpha, const double *a,
                             const double *b, double beta, double *c,
                             fastla_int ldc) {
  /* Accumulate A * B alone; alpha and beta are applied once, after the k
   * loop, so the loop body is nothing but loads and FMAs. */
  __m512d acc[MV][NR];
#pragma GCC unroll 8
  for (int j = 0; j < NR; j++)
#pragma GCC unroll 3
    for (int h = 0; h < MV; h++)
      acc[h][j] = _mm512_setzero_pd();

  /* C is prefetched late (see the header): two columns per iteration once
   * at most C_PREFETCH_STEPS k steps remain, and any columns still missing
   * (short k) before the remainder loop. */
  fastla_int l = 0, c_from = k - C_PREFETCH_STEPS;
  int jp = 0;
  for (; l + 4 <= k; l += 4) {
    if (l >= c_from && jp < NR) {
      prefetch_c_column(c + jp * ldc);
      prefetch_c_column(c + (jp + 1) * ldc);
      jp += 2;
    }
#pragma GCC unroll 4
    for (int u = 0; u < 4; u++)
      dgemm_ukr_step(a + u * MR, b + u * NR, acc);
    a += 4 * MR;
    b += 4 * NR;
  }
  for (; jp < NR; jp++)
    prefetch_c_column(c + jp * ldc);
  for (; l < k; l++) {
    dgemm_ukr_step(a, b, acc);
    a += MR;
    b += NR;
  }

  const __m512d va = _mm512_set1_pd(alpha);
  /* beta == 0 must not read C: 0 * NaN would keep a NaN already there. */
  if (beta == 0.0) {
#pragma GCC unroll 8
    for (int j = 0; j < NR; j++)
#pragma GCC unroll 3
      for (int h = 0; h < MV; h++)
        _mm512_storeu_pd(c + j * ldc + 8 * h, _mm512_mul_pd(va, acc[h][j]));
  } else {
    const __m512d vb = _mm512_set1_pd(beta);
#pragma GCC unroll 8
    for (int j = 0; j < NR; j++)
#pragma GCC unroll 3
      for (int h = 0; h < MV; h++) {
        double *cj = c + j * ldc + 8 * h;
        _mm512_storeu_pd(
            cj, _mm512_fmadd_pd(va, acc[h][j],
                                _mm512_mul_pd(vb, _mm512_loadu_pd(cj))));
      }
  }
}
