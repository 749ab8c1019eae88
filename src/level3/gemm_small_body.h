/* gemm_small_body.h - the direct gemm path, written once for both
 * precisions: sgemm_small.c and dgemm_small.c define GEMM_T (float or
 * double) and GEMM_P (s or d) and include it.
 *
 * The table's direct kernel reads A and op(B) where they are, so nothing
 * is packed except A^T, which the kernel cannot read by columns and which
 * is copied into a column-major buffer (O(mk) against the O(mnk) product)
 * by the table's SIMD transposing pack. k is walked in steps of
 * FASTLA_GEMM_DIRECT_KC (level3.h), so that the m x kc slice of A the
 * kernel sweeps once per panel of B columns stays in L2 however long k is,
 * and the A^T buffer stays small; later steps accumulate with beta 1. The
 * steps depend on k alone, so the result of an element does not depend on
 * how the openmp backend cuts C. */

#include "level3/level3.h"

#define SMALL_PASTE_(a, b, c) a##b##c
#define SMALL_PASTE(a, b, c)  SMALL_PASTE_(a, b, c)
#define SMALL_SLOT(x)         SMALL_PASTE(GEMM_P, gemm_, x)
#define SMALL_FN(x)           SMALL_PASTE(fastla_, GEMM_P, gemm_##x)

/* op(A)(i, l) = a[l + i * lda], i < m, l < kc, to at[i + l * m]: the
 * transposing pack of the blocked driver with one panel of m rows. */
static void transpose_a(const fastla_kernel_table *k, fastla_int m,
                        fastla_int kc, const GEMM_T *a, fastla_int lda,
                        GEMM_T *at) {
  if (k->SMALL_SLOT(pack_t)) {
    k->SMALL_SLOT(pack_t)((int)m, m, kc, a, lda, at);
    return;
  }
  for (fastla_int i = 0; i < m; i++)
    for (fastla_int l = 0; l < kc; l++)
      at[i + l * m] = a[l + i * lda];
}

void SMALL_FN(small)(const fastla_kernel_table *k, int trans_a, int trans_b,
                     fastla_int m, fastla_int n, fastla_int kk, GEMM_T alpha,
                     const GEMM_T *a, fastla_int lda, const GEMM_T *b,
                     fastla_int ldb, GEMM_T beta, GEMM_T *c, fastla_int ldc) {
  fastla_int rsb = trans_b ? ldb : 1, csb = trans_b ? 1 : ldb;
  fastla_int step = kk < FASTLA_GEMM_DIRECT_KC ? kk : FASTLA_GEMM_DIRECT_KC;
  GEMM_T *at = NULL;
  if (trans_a) {
    at = fastla_workspace((size_t)m * (size_t)step * sizeof *at);
    if (!at) {
      SMALL_FN(blocked)
      (k, trans_a, trans_b, m, n, kk, alpha, a, lda, b, ldb, beta, c, ldc);
      return;
    }
  }
  for (fastla_int l = 0; l < kk; l += step) {
    fastla_int kc = kk - l < step ? kk - l : step;
    const GEMM_T *al = a + l * lda;
    fastla_int ld = lda;
    if (trans_a) {
      transpose_a(k, m, kc, a + l, lda, at);
      al = at, ld = m;
    }
    k->SMALL_SLOT(direct)(m, n, kc, alpha, al, ld, b + l * rsb, rsb, csb,
                          l == 0 ? beta : 1, c, ldc);
  }
}
