/* sgemm_small.c - the small-matrix path of sgemm: the direct kernel reads
 * the operands where they are, so nothing is packed except A^T, which the
 * kernel cannot read by columns and which is copied into an m x k
 * column-major buffer (O(mk) against the O(mnk) product) by the table's
 * SIMD transposing pack. */
#include "level3/level3.h"

void fastla_sgemm_small(const fastla_kernel_table *k, int trans_a, int trans_b,
                        fastla_int m, fastla_int n, fastla_int kk, float alpha,
                        const float *a, fastla_int lda, const float *b,
                        fastla_int ldb, float beta, float *c, fastla_int ldc) {
  fastla_int rsb = trans_b ? ldb : 1, csb = trans_b ? 1 : ldb;
  if (!trans_a) {
    k->sgemm_direct(m, n, kk, alpha, a, lda, b, rsb, csb, beta, c, ldc);
    return;
  }
  float *at = fastla_workspace((size_t)m * (size_t)kk * sizeof *at);
  if (!at) {
    fastla_sgemm_blocked(k, trans_a, trans_b, m, n, kk, alpha, a, lda, b, ldb,
                         beta, c, ldc);
    return;
  }
  /* op(A)(i, l) = a[l + i * lda] goes to at[i + l * m]: the transposing
   * pack of the blocked driver with one panel of m rows, when the table
   * has one (m * k <= FASTLA_GEMM_SMALL_MNK, so m fits an int). */
  if (k->sgemm_pack_t)
    k->sgemm_pack_t((int)m, m, kk, a, lda, at);
  else
    for (fastla_int i = 0; i < m; i++)
      for (fastla_int l = 0; l < kk; l++)
        at[i + l * m] = a[l + i * lda];
  k->sgemm_direct(m, n, kk, alpha, at, m, b, rsb, csb, beta, c, ldc);
}
