/* sgemm_ukr_avx2.c - AVX2+FMA sgemm microkernel, MR x NR = 16 x 6:
 * C(16x6) := alpha * A(16xk) * B(kx6) + beta * C from packed panels.
 *
 * Register plan (16 ymm, 8 floats each):
 *   ymm accumulators  c0j, c1j (j = 0..5): rows 0-7 and 8-15 of column j of
 *                     the tile, 12 registers held for the whole k loop;
 *   A column          a0, a1: the 16 floats a[l*16 .. l*16+15] (two aligned
 *                     loads; every A column is 64-byte aligned since 16
 *                     floats are 64 bytes);
 *   B broadcast       bj: b[l*6 + j] splatted by vbroadcastss (a load-port
 *                     op, it does not use an FMA port), reused by the two
 *                     FMAs of column j, so 1-2 registers are live.
 * That is 12 + 2 + 1..2 = 15..16 registers: the whole file, no spills.
 *
 * Why 16 x 6: one rank-1 step is 12 FMAs for 8 loads (2 A vectors + 6
 * broadcasts). Two FMA pipes with a 4-5 cycle latency need at least 8-10
 * independent accumulators, and 12 gives margin; the 8 loads fit in the 6
 * cycles the 12 FMAs take on any core with two load ports (Haswell .. Zen
 * 4). The larger tiles of this register budget (e.g. 8 x 12 or 24 x 4)
 * either need more broadcasts per FMA or more A registers than are left.
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
 * and stores (C has an arbitrary ldc and offset). Only the 16 x 6 elements
 * of the tile are touched. No zero-skipping anywhere. */
#include "avx2_util.h"
#include "kernel_table.h"

enum { SGEMM_UKR_MR = 16, SGEMM_UKR_NR = 6 };

/* Writes one column (16 floats) of the tile: rows 0-7 from lo, 8-15 from hi. */
static inline void sgemm_ukr_store_col(float *cj, __m256 lo, __m256 hi,
                                       __m256 valpha, __m256 vbeta,
                                       int beta_zero) {
  lo = _mm256_mul_ps(valpha, lo);
  hi = _mm256_mul_ps(valpha, hi);
  if (!beta_zero) {
    lo = _mm256_fmadd_ps(vbeta, _mm256_loadu_ps(cj), lo);
    hi = _mm256_fmadd_ps(vbeta, _mm256_loadu_ps(cj + 8), hi);
  }
  _mm256_storeu_ps(cj, lo);
  _mm256_storeu_ps(cj + 8, hi);
}

/* One rank-1 update with the A column at a and the B row at b, then both
 * pointers move to the next step: 2 aligned A loads, 6 broadcasts, 12 FMAs. A
 * macro rather than a function so that the 12 accumulators stay plain local
 * variables (registers). */
#define SGEMM_UKR_STEP()                                                       \
  do {                                                                         \
    const __m256 a0 = _mm256_load_ps(a);                                       \
    const __m256 a1 = _mm256_load_ps(a + 8);                                   \
    __m256 bj = _mm256_broadcast_ss(b + 0);                                    \
    c00 = _mm256_fmadd_ps(a0, bj, c00);                                        \
    c10 = _mm256_fmadd_ps(a1, bj, c10);                                        \
    bj = _mm256_broadcast_ss(b + 1);                                           \
    c01 = _mm256_fmadd_ps(a0, bj, c01);                                        \
    c11 = _mm256_fmadd_ps(a1, bj, c11);                                        \
    bj = _mm256_broadcast_ss(b + 2);                                           \
    c02 = _mm256_fmadd_ps(a0, bj, c02);                                        \
    c12 = _mm256_fmadd_ps(a1, bj, c12);                                        \
    bj = _mm256_broadcast_ss(b + 3);                                           \
    c03 = _mm256_fmadd_ps(a0, bj, c03);                                        \
    c13 = _mm256_fmadd_ps(a1, bj, c13);                                        \
    bj = _mm256_broadcast_ss(b + 4);                                           \
    c04 = _mm256_fmadd_ps(a0, bj, c04);                                        \
    c14 = _mm256_fmadd_ps(a1, bj, c14);                                        \
    bj = _mm256_broadcast_ss(b + 5);                                           \
    c05 = _mm256_fmadd_ps(a0, bj, c05);                                        \
    c15 = _mm256_fmadd_ps(a1, bj, c15);                                        \
    a += SGEMM_UKR_MR;                                                         \
    b += SGEMM_UKR_NR;                                                         \
  } while (0)

void fastla_sgemm_ukr_avx2(fastla_int k, float alpha, const float *a,
                           const float *b, float beta, float *c,
                           fastla_int ldc) {
  /* First and last element of each column: together they cover every line
   * the column touches, whatever the offset of c. */
  for (int j = 0; j < SGEMM_UKR_NR; j++) {
    _mm_prefetch((const char *)(c + j * ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + j * ldc + SGEMM_UKR_MR - 1), _MM_HINT_T0);
  }

  __m256 c00 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps();
  __m256 c01 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c02 = _mm256_setzero_ps(), c12 = _mm256_setzero_ps();
  __m256 c03 = _mm256_setzero_ps(), c13 = _mm256_setzero_ps();
  __m256 c04 = _mm256_setzero_ps(), c14 = _mm256_setzero_ps();
  __m256 c05 = _mm256_setzero_ps(), c15 = _mm256_setzero_ps();

  fastla_int l = 0;
  for (; l + 4 <= k; l += 4) {
    SGEMM_UKR_STEP();
    SGEMM_UKR_STEP();
    SGEMM_UKR_STEP();
    SGEMM_UKR_STEP();
  }
  for (; l < k; l++) {
    SGEMM_UKR_STEP();
  }

  const __m256 valpha = _mm256_set1_ps(alpha);
  const __m256 vbeta = _mm256_set1_ps(beta);
  const int beta_zero = beta == 0.0f;
  sgemm_ukr_store_col(c + 0 * ldc, c00, c10, valpha, vbeta, beta_zero);
  sgemm_ukr_store_col(c + 1 * ldc, c01, c11, valpha, vbeta, beta_zero);
  sgemm_ukr_store_col(c + 2 * ldc, c02, c12, valpha, vbeta, beta_zero);
  sgemm_ukr_store_col(c + 3 * ldc, c03, c13, valpha, vbeta, beta_zero);
  sgemm_ukr_store_col(c + 4 * ldc, c04, c14, valpha, vbeta, beta_zero);
  sgemm_ukr_store_col(c + 5 * ldc, c05, c15, valpha, vbeta, beta_zero);
}

#undef SGEMM_UKR_STEP
