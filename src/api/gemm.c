/* gemm.c - fastla_sgemm, fastla_dgemm: C := alpha*op(A)*op(B) + beta*C.
 * Kernels see column-major operands only: a row-major product C = AB is
 * computed as the column-major C^T = B^T A^T, which swaps the operands
 * (and m with n) but reads the same memory. */
#include "api/api.h"
#include "level3/level3.h"
#include "parallel/parallel.h"
#include "trace/trace.h"

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

/* Column-major C := alpha*op(A)*op(B) + beta*C: the direct kernel for
 * small products (rule in level3.h), called here when A is not transposed
 * and k is one step of the direct path, else through its driver (one call
 * and 5-9 ns fewer per call; measured, 1 thread, interleaved, GFLOP/s
 * through the driver / here: d 8^3 26.3 / 32.0, 16^3 45.0 / 46.5, 32^3
 * 53.5 / 53.8; s 8^3 25.1 / 33.0, 16^3 85.7 / 93.0, 32^3 105.1 / 105.8);
 * else, in the openmp backend, the split over threads (which applies the
 * skinny rule to each part); else the direct kernel for skinny m
 * (level3.h); else the blocked driver when the table has a microkernel;
 * else the table's whole-gemm kernel (the reference backend). */
FASTLA_BODY void sgemm_colmajor(const fastla_kernel_table *t, int ta, int tb,
                                fastla_int m, fastla_int n, fastla_int k,
                                float alpha, const float *a, fastla_int lda,
                                const float *b, fastla_int ldb, float beta,
                                float *c, fastla_int ldc) {
  if (t->sgemm_direct && fastla_gemm_is_small(m, n, k) && !ta &&
      k <= FASTLA_GEMM_DIRECT_KC)
    t->sgemm_direct(m, n, k, alpha, a, lda, b, tb ? ldb : 1, tb ? 1 : ldb, beta,
                    c, ldc);
  else if (t->sgemm_direct && fastla_gemm_is_small(m, n, k))
    fastla_sgemm_small(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if (t->sgemm_ukr && t->parallel)
    fastla_sgemm_par(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if (t->sgemm_direct && fastla_gemm_is_skinny(m, sizeof *a))
    fastla_sgemm_small(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if (t->sgemm_ukr)
    fastla_sgemm_blocked(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c,
                         ldc);
  else
    t->sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

FASTLA_BODY void dgemm_colmajor(const fastla_kernel_table *t, int ta, int tb,
                                fastla_int m, fastla_int n, fastla_int k,
                                double alpha, const double *a, fastla_int lda,
                                const double *b, fastla_int ldb, double beta,
                                double *c, fastla_int ldc) {
  if (t->dgemm_direct && fastla_gemm_is_small(m, n, k) && !ta &&
      k <= FASTLA_GEMM_DIRECT_KC)
    t->dgemm_direct(m, n, k, alpha, a, lda, b, tb ? ldb : 1, tb ? 1 : ldb, beta,
                    c, ldc);
  else if (t->dgemm_direct && fastla_gemm_is_small(m, n, k))
    fastla_dgemm_small(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if (t->dgemm_ukr && t->parallel)
    fastla_dgemm_par(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if (t->dgemm_direct && fastla_gemm_is_skinny(m, sizeof *a))
    fastla_dgemm_small(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if (t->dgemm_ukr)
    fastla_dgemm_blocked(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c,
                         ldc);
  else
    t->dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

FASTLA_BODY fastla_status run_sgemm(fastla_layout layout,
                                    fastla_transpose transa,
                                    fastla_transpose transb, fastla_int m,
                                    fastla_int n, fastla_int k, float alpha,
                                    const float *a, fastla_int lda,
                                    const float *b, fastla_int ldb, float beta,
                                    float *c, fastla_int ldc) {
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
  /* Row-major C = AB is column-major C^T = B^T A^T: the operands, their
   * sizes and transposes swap. One call site for both layouts, so that the
   * column-major code is inlined (api.h). */
  sgemm_colmajor(fastla_kernels(), row ? tb : ta, row ? ta : tb, row ? n : m,
                 row ? m : n, k, alpha, row ? b : a, row ? ldb : lda,
                 row ? a : b, row ? lda : ldb, beta, c, ldc);
  return FASTLA_OK;
}

FASTLA_BODY fastla_status run_dgemm(fastla_layout layout,
                                    fastla_transpose transa,
                                    fastla_transpose transb, fastla_int m,
                                    fastla_int n, fastla_int k, double alpha,
                                    const double *a, fastla_int lda,
                                    const double *b, fastla_int ldb,
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
  /* Both layouts through one call site, as in run_sgemm. */
  dgemm_colmajor(fastla_kernels(), row ? tb : ta, row ? ta : tb, row ? n : m,
                 row ? m : n, k, alpha, row ? b : a, row ? ldb : lda,
                 row ? a : b, row ? lda : ldb, beta, c, ldc);
  return FASTLA_OK;
}

/* The public entry points: the bodies above, traced when asked
 * (src/trace/trace.h). */
FASTLA_TRACED fastla_status
traced_sgemm(fastla_layout layout, fastla_transpose transa,
             fastla_transpose transb, fastla_int m, fastla_int n, fastla_int k,
             float alpha, const float *a, fastla_int lda, const float *b,
             fastla_int ldb, float beta, float *c, fastla_int ldc) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  fastla_status r = run_sgemm(layout, transa, transb, m, n, k, alpha, a, lda, b,
                              ldb, beta, c, ldc);
  if (on)
    fastla_trace_gemm(&tc, 's', layout, transa, transb, m, n, k, alpha, lda,
                      ldb, beta, ldc, r);
  return r;
}

fastla_status fastla_sgemm(fastla_layout layout, fastla_transpose transa,
                           fastla_transpose transb, fastla_int m, fastla_int n,
                           fastla_int k, float alpha, const float *a,
                           fastla_int lda, const float *b, fastla_int ldb,
                           float beta, float *c, fastla_int ldc) {
  if (fastla_trace_on())
    return traced_sgemm(layout, transa, transb, m, n, k, alpha, a, lda, b, ldb,
                        beta, c, ldc);
  return run_sgemm(layout, transa, transb, m, n, k, alpha, a, lda, b, ldb, beta,
                   c, ldc);
}

FASTLA_TRACED fastla_status
traced_dgemm(fastla_layout layout, fastla_transpose transa,
             fastla_transpose transb, fastla_int m, fastla_int n, fastla_int k,
             double alpha, const double *a, fastla_int lda, const double *b,
             fastla_int ldb, double beta, double *c, fastla_int ldc) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  fastla_status r = run_dgemm(layout, transa, transb, m, n, k, alpha, a, lda, b,
                              ldb, beta, c, ldc);
  if (on)
    fastla_trace_gemm(&tc, 'd', layout, transa, transb, m, n, k, alpha, lda,
                      ldb, beta, ldc, r);
  return r;
}

fastla_status fastla_dgemm(fastla_layout layout, fastla_transpose transa,
                           fastla_transpose transb, fastla_int m, fastla_int n,
                           fastla_int k, double alpha, const double *a,
                           fastla_int lda, const double *b, fastla_int ldb,
                           double beta, double *c, fastla_int ldc) {
  if (fastla_trace_on())
    return traced_dgemm(layout, transa, transb, m, n, k, alpha, a, lda, b, ldb,
                        beta, c, ldc);
  return run_dgemm(layout, transa, transb, m, n, k, alpha, a, lda, b, ldb, beta,
                   c, ldc);
}
