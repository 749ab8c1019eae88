/* gemm.c - fastla_sgemm, fastla_dgemm: C := alpha*op(A)*op(B) + beta*C.
 * Kernels see column-major operands only: a row-major product C = AB is
 * computed as the column-major C^T = B^T A^T, which swaps the operands
 * (and m with n) but reads the same memory. */
#include "api/api.h"

static void sscale(fastla_int rows, fastla_int cols, float beta, float *c,
                   fastla_int ldc) {
  for (fastla_int j = 0; j < cols; j++) /* beta == 0: write, never read */
    for (fastla_int i = 0; i < rows; i++)
      c[i + j * ldc] = beta == 0 ? 0 : beta * c[i + j * ldc];
}

static void dscale(fastla_int rows, fastla_int cols, double beta, double *c,
                   fastla_int ldc) {
  for (fastla_int j = 0; j < cols; j++)
    for (fastla_int i = 0; i < rows; i++)
      c[i + j * ldc] = beta == 0 ? 0 : beta * c[i + j * ldc];
}

fastla_status fastla_sgemm(fastla_layout layout, fastla_transpose transa,
                           fastla_transpose transb, fastla_int m, fastla_int n,
                           fastla_int k, float alpha, const float *a,
                           fastla_int lda, const float *b, fastla_int ldb,
                           float beta, float *c, fastla_int ldc) {
  int empty = m <= 0 || n <= 0, no_product = alpha == 0 || k <= 0;
  int unchanged = no_product && beta == 1;
  fastla_status st =
      fastla_check_gemm(layout, transa, transb, m, n, k, !empty && !no_product,
                        a, lda, b, ldb, !empty && !unchanged, c, ldc);
  if (st != FASTLA_OK || empty || unchanged)
    return st;
  int row = layout == FASTLA_ROW_MAJOR;
  if (no_product) {
    sscale(row ? n : m, row ? m : n, beta, c, ldc);
    return FASTLA_OK;
  }
  int ta = transa != FASTLA_NO_TRANS, tb = transb != FASTLA_NO_TRANS;
  fastla_sgemm_fn *kernel = fastla_kernels()->sgemm;
  if (row)
    kernel(tb, ta, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
  else
    kernel(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return FASTLA_OK;
}

fastla_status fastla_dgemm(fastla_layout layout, fastla_transpose transa,
                           fastla_transpose transb, fastla_int m, fastla_int n,
                           fastla_int k, double alpha, const double *a,
                           fastla_int lda, const double *b, fastla_int ldb,
                           double beta, double *c, fastla_int ldc) {
  int empty = m <= 0 || n <= 0, no_product = alpha == 0 || k <= 0;
  int unchanged = no_product && beta == 1;
  fastla_status st =
      fastla_check_gemm(layout, transa, transb, m, n, k, !empty && !no_product,
                        a, lda, b, ldb, !empty && !unchanged, c, ldc);
  if (st != FASTLA_OK || empty || unchanged)
    return st;
  int row = layout == FASTLA_ROW_MAJOR;
  if (no_product) {
    dscale(row ? n : m, row ? m : n, beta, c, ldc);
    return FASTLA_OK;
  }
  int ta = transa != FASTLA_NO_TRANS, tb = transb != FASTLA_NO_TRANS;
  fastla_dgemm_fn *kernel = fastla_kernels()->dgemm;
  if (row)
    kernel(tb, ta, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
  else
    kernel(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return FASTLA_OK;
}
