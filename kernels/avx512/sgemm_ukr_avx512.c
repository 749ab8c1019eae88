/* sgemm_ukr_avx512.c - the single-precision gemm microkernel of the AVX-512
 * table: the 32 x 12 tile C := alpha * A * B + beta * C from packed panels
 * (contract in kernel_table.h).
 *
 * ISA: AVX-512F, zmm vectors of 16 floats. MR x NR = 32 x 12.
 *
 * Register plan (of the 32 zmm):
 *   - 24 accumulators: acc[h][j] holds rows 16h .. 16h+15 of column j of the
 *     tile (h = 0, 1; j = 0 .. 11);
 *   - 2 for the current column of A (a[l*32 .. l*32+31], two aligned loads);
 *   - 1-2 for B: each b(l, j) is broadcast from memory once (vbroadcastss
 *     is a plain load on current cores, no shuffle) and feeds its two FMAs.
 *   So a k step is 2 vector loads + 12 broadcast loads for 24 FMAs, and
 *   alpha, beta and C are only needed after the k loop.
 *
 * Why 32 x 12: 24 independent accumulator chains hide the FMA latency
 * (4 cycles) many times over, and 14 loads per 24 FMAs leave the load
 * ports half idle. On Zen 4 a zmm FMA runs as two 256-bit halves (one zmm
 * FMA per cycle), so a k step is 24 cycles of FMA work; with two 512-bit
 * FMA units (Intel server cores) it is 12 cycles for 14 loads, still
 * within two load ports. 32 x 12 is the largest tile whose accumulators and
 * A column fit the register file with B broadcast from memory.
 *
 * Unrolling: k by 4 (96 FMAs per iteration) with a remainder loop for
 * k % 4. Measured on Zen 4 (k = 256, panels in L1): unrolling by 8 and
 * software prefetch of A and B a few steps ahead gave no gain (packed
 * panels stream sequentially and the hardware prefetcher keeps up), so
 * neither is used. C is prefetched, or a sweep of tiles over a C that is
 * out of cache loses up to a third of its speed (double kernel), but late:
 * two columns per unrolled iteration once at most C_PREFETCH_STEPS k steps
 * remain. Prefetched at entry, the columns were most likely evicted again
 * before the epilogue (not checked with counters; the timings fit) by the
 * A micro-panel streaming through L1 (128 bytes * kc = 42 KiB at kc 336,
 * over the 32 KiB L1d). Measured (1 thread,
 * fastla-compare, GFLOP/s at n = 1024 / 2048, two runs each): entry
 * 104.0, 100.7 / 104.2, 101.4; late, 48 steps ahead 100.3, 99.5 / 106.9,
 * 106.2 (1024 within noise, 2048 +3-5%).
 *
 * Epilogue: beta == 0 stores alpha * AB without reading C (NaN in C does
 * not survive); otherwise C = alpha * AB + beta * C. ldc is arbitrary and C
 * has no alignment, so its loads and stores are unaligned. */
#include "avx512_util.h"

#define MR               32
#define NR               12
#define C_PREFETCH_STEPS 48

/* One k step: acc[.][j] += a(:, l) * b(l, j) for the 12 columns. The j
 * loops here and below are fully unrolled (GCC and Clang honour the
 * pragma) so that every acc[h][j] has a constant index and lives in its own
 * register instead of in memory. */
static inline void sgemm_ukr_step(const float *a, const float *b,
                                  __m512 acc[2][NR]) {
  const __m512 a0 = _mm512_load_ps(a);
  const __m512 a1 = _mm512_load_ps(a + 16);
#pragma GCC unroll 12
  for (int j = 0; j < NR; j++) {
    const __m512 bj = _mm512_set1_ps(b[j]);
    acc[0][j] = _mm512_fmadd_ps(a0, bj, acc[0][j]);
    acc[1][j] = _mm512_fmadd_ps(a1, bj, acc[1][j]);
  }
}

/* Each column of the tile is 128 bytes: at most 3 cache lines when c is
 * not 64-byte aligned, so touch its first, middle and last element. */
static inline void prefetch_c_column(const float *cj) {
  _mm_prefetch((const char *)cj, _MM_HINT_T0);
  _mm_prefetch((const char *)(cj + 16), _MM_HINT_T0);
  _mm_prefetch((const char *)(cj + MR - 1), _MM_HINT_T0);
}

void fastla_sgemm_ukr_avx512(fastla_int k, float alpha, const float *a,
                             const float *b, float beta, float *c,
                             fastla_int ldc) {
  /* Accumulate A * B alone; alpha and beta are applied once, after the k
   * loop, so the loop body is nothing but loads and FMAs. */
  __m512 acc[2][NR];
#pragma GCC unroll 12
  for (int j = 0; j < NR; j++) {
    acc[0][j] = _mm512_setzero_ps();
    acc[1][j] = _mm512_setzero_ps();
  }

  /* C is prefetched late, two columns per iteration once at most
   * C_PREFETCH_STEPS k steps remain (see the header), and any columns
   * still missing (short k) before the remainder loop. */
  fastla_int l = 0, c_from = k - C_PREFETCH_STEPS;
  int jp = 0;
  for (; l + 4 <= k; l += 4) {
    if (l >= c_from && jp < NR) {
      prefetch_c_column(c + jp * ldc);
      prefetch_c_column(c + (jp + 1) * ldc);
      jp += 2;
    }
    sgemm_ukr_step(a, b, acc);
    sgemm_ukr_step(a + MR, b + NR, acc);
    sgemm_ukr_step(a + 2 * MR, b + 2 * NR, acc);
    sgemm_ukr_step(a + 3 * MR, b + 3 * NR, acc);
    a += 4 * MR;
    b += 4 * NR;
  }
  for (; jp < NR; jp++)
    prefetch_c_column(c + jp * ldc);
  for (; l < k; l++) {
    sgemm_ukr_step(a, b, acc);
    a += MR;
    b += NR;
  }

  const __m512 va = _mm512_set1_ps(alpha);
  /* beta == 0 must not read C: 0 * NaN would keep a NaN already there. */
  if (beta == 0.0f) {
#pragma GCC unroll 12
    for (int j = 0; j < NR; j++) {
      float *cj = c + j * ldc;
      _mm512_storeu_ps(cj, _mm512_mul_ps(va, acc[0][j]));
      _mm512_storeu_ps(cj + 16, _mm512_mul_ps(va, acc[1][j]));
    }
  } else {
    const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 12
    for (int j = 0; j < NR; j++) {
      float *cj = c + j * ldc;
      _mm512_storeu_ps(cj,
                       _mm512_fmadd_ps(va, acc[0][j],
                                       _mm512_mul_ps(vb, _mm512_loadu_ps(cj))));
      _mm512_storeu_ps(
          cj + 16,
          _mm512_fmadd_ps(va, acc[1][j],
                          _mm512_mul_ps(vb, _mm512_loadu_ps(cj + 16))));
    }
  }
}
