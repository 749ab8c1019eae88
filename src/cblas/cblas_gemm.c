/*
 * cblas_gemm.c - cblas_sgemm and cblas_dgemm.
 *
 * Reference CBLAS checks the layout (1), TransA (2) and TransB (3) itself
 * and reports the INFO of the Fortran xGEMM it calls, plus one. In
 * row-major mode that call is xGEMM(TransB, TransA, N, M, K, alpha, B, ldb,
 * A, lda, beta, C, ldc): N is checked before M and ldb before lda, and they
 * are reported as 4 (N), 5 (M), 9 (ldb) and 11 (lda); handlers that know
 * the layout swap them back. We run the same check on the same call.
 */
#include <stdio.h>

#include "shim.h"

/* The Fortran trans letters of a call that passed the checks. */
struct letters {
  char a, b;
};

/* Returns 1, or 0 after reporting a bad argument. */
static int check(const char *rout, CBLAS_LAYOUT layout, CBLAS_TRANSPOSE ta,
                 CBLAS_TRANSPOSE tb, int m, int n, int k, int lda, int ldb,
                 int ldc, struct letters *out) {
  int row_major = layout == CblasRowMajor;
  char detail[64];
  int info;

  out->a = fastla_shim_cblas_trans(ta);
  out->b = fastla_shim_cblas_trans(tb);
  if (!row_major && layout != CblasColMajor) {
    snprintf(detail, sizeof detail, "Illegal layout setting, %d", layout);
    fastla_shim_cblas_error(1, rout, 0, detail);
    return 0;
  }
  if (out->a == 0 || out->b == 0) {
    snprintf(detail, sizeof detail, "Illegal %s setting, %d",
             out->a == 0 ? "TransA" : "TransB", out->a == 0 ? ta : tb);
    fastla_shim_cblas_error(out->a == 0 ? 2 : 3, rout, row_major, detail);
    return 0;
  }
  info = row_major
             ? fastla_shim_gemm_info(out->b, out->a, n, m, k, ldb, lda, ldc)
             : fastla_shim_gemm_info(out->a, out->b, m, n, k, lda, ldb, ldc);
  if (info != 0) {
    fastla_shim_cblas_error(info + 1, rout, row_major, NULL);
    return 0;
  }
  return 1;
}

/* Parameter number of the pointer a native NULL status names. */
static int pointer_position(fastla_status status) {
  switch (status) {
  case FASTLA_ERR_ARG_A:
    return 8;
  case FASTLA_ERR_ARG_B:
    return 10;
  case FASTLA_ERR_ARG_C:
    return 13;
  default:
    return 0;
  }
}

void cblas_sgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                 const CBLAS_TRANSPOSE TransB, const int M, const int N,
                 const int K, const float alpha, const float *A, const int lda,
                 const float *B, const int ldb, const float beta, float *C,
                 const int ldc) {
  static const char rout[] = "cblas_sgemm";
  struct letters t;
  fastla_status status;

  if (!check(rout, layout, TransA, TransB, M, N, K, lda, ldb, ldc, &t)) {
    return;
  }
  status = fastla_sgemm((fastla_layout)layout, fastla_shim_native_trans(t.a),
                        fastla_shim_native_trans(t.b), M, N, K, alpha, A, lda,
                        B, ldb, beta, C, ldc);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(rout, status, pointer_position(status),
                               layout == CblasRowMajor, 0);
  }
}

void cblas_dgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                 const CBLAS_TRANSPOSE TransB, const int M, const int N,
                 const int K, const double alpha, const double *A,
                 const int lda, const double *B, const int ldb,
                 const double beta, double *C, const int ldc) {
  static const char rout[] = "cblas_dgemm";
  struct letters t;
  fastla_status status;

  if (!check(rout, layout, TransA, TransB, M, N, K, lda, ldb, ldc, &t)) {
    return;
  }
  status = fastla_dgemm((fastla_layout)layout, fastla_shim_native_trans(t.a),
                        fastla_shim_native_trans(t.b), M, N, K, alpha, A, lda,
                        B, ldb, beta, C, ldc);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(rout, status, pointer_position(status),
                               layout == CblasRowMajor, 0);
  }
}
