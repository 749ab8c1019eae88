/* dgemm_ukr_avx2.c - AVX2+FMA dgemm microkernel, MR x NR = 8 x 6:
 * C(8x6) := alpha * A(8xk) * B(kx6) + beta * C from packed panels.
 *
 * Register plan (16 ymm, 4 doubles each):
 *   ymm accumulators  c0j, c1j (j = 0..5): rows 0-3 and 4-7 of column j of
 *                     the tile, 12 registers held for the whole k loop;
 *   A column          a0, a1: the 8 doubles a[l*8 .. l*8+7] (two aligned
 *                     loads; every A column is 64-byte aligned since 8
 *                     doubles are 64 bytes);
 *   B broadcast       bj: b[l*6 + j] splatted by vbroadcastsd (a load-port
 *                     op, it does not use an FMA port), reused by the two
 *                     FMAs of column j, so 1-2 registers are live.
 * That is 12 + 2 + 1..2 = 15..16 registers: the whole file, no spills.
 *
 * Why 8 x 6: the same shape as the float kernel (16 x 6) with half as many
 * rows per register. One rank-1 step is 12 FMAs for 8 loads (2 A vectors +
 * 6 broadcasts). Two FMA pipes with a 4-5 cycle latency need at least 8-10
 * independent accumulators, and 12 gives margin; the 8 loads fit in the 6
 * cycles the 12 FMAs take on any core with two load ports (Haswell .. Zen
 * 4). Larger tiles of this register budget (e.g. 4 x 12 or 12 x 4) either
 * need more broadcasts per FMA or more A registers than are left.
 *
 * Unrolling: the k loop is unrolled by 4 (one branch per 4 steps; the
 * compiler folds the per-step pointer bumps into fixed offsets), then a
 * remainder loop of single steps for k % 4. Each accumulator chain gets one
 * FMA per step, so the FMA latency is hidden by the 12 independent chains,
 * not by the unrolling. Writing the unrolled steps with explicit offsets
 * (a + l * MR) instead of per-step bumps made GCC 12 spill one accumulator
 * to the stack (about 8% slower); the bump form compiles spill-free with
 * GCC and Clang.
 *
 * Prefetch: the 6 columns of C are prefetched at entry (each column is 64
 * bytes, which can straddle two lines since ldc is arbitrary), so the
 * loads and stores of the epilogue find C in L1 after the k loop. A and B
 * are not prefetched: the driver packs them into L2/L1-resident panels that
 * are streamed sequentially, which the hardware prefetcher follows; a
 * prefetch of A 4, 8 or 16 steps ahead made no measurable difference in a
 * macro-kernel loop with A in L2 (Zen 4).
 *
 * Epilogue: beta == 0 stores alpha * AB without reading C (NaN in C must
 * not survive); otherwise C = alpha * AB + beta * C with unaligned loads
 * and stores (C has an arbitrary ldc and offset). Only the 8 x 6 elements
 * of the tile are touched. No zero-skipping anywhere. */
#include "avx2_util.h"
#include "kernel_table.h"

enum { DGEMM_UKR_MR = 8, DGEMM_UKR_NR = 6 };

/* Writes one column (8 doubles) of the tile: rows 0-3 from lo, 4-7 from hi. */
static inline void dgemm_ukr_store_col(double *cj, __m256d lo, __m256d hi,
                                       __m256d valpha, __m256d vbeta,
                                       int beta_zero) {
  lo = _mm256_mul_pd(valpha, lo);
  hi = _mm256_mul_pd(valpha, hi);
  if (!beta_zero) {
    lo = _mm256_fmadd_pd(vbeta, _mm256_loadu_pd(cj), lo);
    hi = _mm256_fmadd_pd(vbeta, _mm256_loadu_pd(cj + 4), hi);
  }
  _mm256_storeu_pd(cj, lo);
  _mm256_storeu_pd(cj + 4, hi);
}

/* One rank-1 update with the A column at a and the B row at b, then both
 * pointers move to the next step: 2 aligned A loads, 6 broadcasts, 12 FMAs. A
 * macro rather than a function so that the 12 accumulators stay plain local
 * variables (registers). */
#define DGEMM_UKR_STEP()                                                       \
  do {                                                                         \
    const __m256d a0 = _mm256_load_pd(a);                                      \
    const __m256d a1 = _mm256_load_pd(a + 4);                                  \
    __m256d bj = _mm256_broadcast_sd(b + 0);                                   \
    c00 = _mm256_fmadd_pd(a0, bj, c00);                                        \
    c10 = _mm256_fmadd_pd(a1, bj, c10);                                        \
    bj = _mm256_broadcast_sd(b + 1);                                           \
    c01 = _mm256_fmadd_pd(a0, bj, c01);                                        \
    c11 = _mm256_fmadd_pd(a1, bj, c11);                                        \
    bj = _mm256_broadcast_sd(b + 2);                                           \
    c02 = _mm256_fmadd_pd(a0, bj, c02);                                        \
    c12 = _mm256_fmadd_pd(a1, bj, c12);                                        \
    bj = _mm256_broadcast_sd(b + 3);                                           \
    c03 = _mm256_fmadd_pd(a0, bj, c03);                                        \
    c13 = _mm256_fmadd_pd(a1, bj, c13);                                        \
    bj = _mm256_broadcast_sd(b + 4);                                           \
    c04 = _mm256_fmadd_pd(a0, bj, c04);                                        \
    c14 = _mm256_fmadd_pd(a1, bj, c14);                                        \
    bj = _mm256_broadcast_sd(b + 5);                                           \
    c05 = _mm256_fmadd_pd(a0, bj, c05);                                        \
    c15 = _mm256_fmadd_pd(a1, bj, c15);                                        \
    a += DGEMM_UKR_MR;                                                         \
    b += DGEMM_UKR_NR;                                                         \
  } while (0)

void fastla_dgemm_ukr_avx2(fastla_int k, double alpha, const double *a,
                           const double *b, double beta, double *c,
                           fastla_int ldc) {
  /* First and last element of each column: together they cover every line
   * the column touches, whatever the offset of c. */
  for (int j = 0; j < DGEMM_UKR_NR; j++) {
    _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + j * ldc + DGEMM_UKR_MR - 1), _MM_HINT_T0);
  }

  __m256d c00 = _mm256_setzero_pd(), c10 = _mm256_setzero_pd();
  __m256d c01 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
  __m256d c02 = _mm256_setzero_pd(), c12 = _mm256_setzero_pd();
  __m256d c03 = _mm256_setzero_pd(), c13 = _mm256_setzero_pd();
  __m256d c04 = _mm256_setzero_pd(), c14 = _mm256_setzero_pd();
  __m256d c05 = _mm256_setzero_pd(), c15 = _mm256_setzero_pd();

  fastla_int l = 0;
  for (; l + 4 <= k; l += 4) {
    DGEMM_UKR_STEP();
    DGEMM_UKR_STEP();
    DGEMM_UKR_STEP();
    DGEMM_UKR_STEP();
  }
  for (; l < k; l++) {
    DGEMM_UKR_STEP();
  }

  const __m256d valpha = _mm256_set1_pd(alpha);
  const __m256d vbeta = _mm256_set1_pd(beta);
  const int beta_zero = beta == 0.0;
  dgemm_ukr_store_col(c + 0 * ldc, c00, c10, valpha, vbeta, beta_zero);
  dgemm_ukr_store_col(c + 1 * ldc, c01, c11, valpha, vbeta, beta_zero);
  dgemm_ukr_store_col(c + 2 * ldc, c02, c12, valpha, vbeta, beta_zero);
  dgemm_ukr_store_col(c + 3 * ldc, c03, c13, valpha, vbeta, beta_zero);
  dgemm_ukr_store_col(c + 4 * ldc, c04, c14, valpha, vbeta, beta_zero);
  dgemm_ukr_store_col(c + 5 * ldc, c05, c15, valpha, vbeta, beta_zero);
}

#undef DGEMM_UKR_STEP
