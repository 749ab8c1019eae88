/* sgemm_ref.c - reference sgemm, column-major:
 * C := beta*C + alpha*op(A)*op(B). One dot product per element of C: slow,
 * but obviously right, and C is written without being read when beta == 0. */
#include "kernel_table.h"

void fastla_sgemm_ref(int trans_a, int trans_b, fastla_int m, fastla_int n,
                      fastla_int k, float alpha, const float *a, fastla_int lda,
                      const float *b, fastla_int ldb, float beta, float *c,
                      fastla_int ldc) {
  /* op(A)(i, l) = a[i * a_row + l * a_col]; likewise for op(B)(l, j). */
  fastla_int a_row = trans_a ? lda : 1, a_col = trans_a ? 1 : lda;
  fastla_int b_row = trans_b ? ldb : 1, b_col = trans_b ? 1 : ldb;
  for (fastla_int j = 0; j < n; j++) {
    for (fastla_int i = 0; i < m; i++) {
      float sum = 0;
      for (fastla_int l = 0; l < k; l++)
        sum += a[i * a_row + l * a_col] * b[l * b_row + j * b_col];
      float *cij = &c[i + j * ldc];
      *cij = beta == 0 ? alpha * sum : alpha * sum + beta * *cij;
    }
  }
}
