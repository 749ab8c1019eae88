/*
 * f77_gemm.c - gfortran-ABI sgemm_ and dgemm_ (column-major). Checks and
 * INFO numbers are the reference xGEMM's; errors go to xerbla_ with the
 * reference's blank-padded name, "SGEMM " / "DGEMM ".
 */
#include "shim.h"

/* Returns 1 with the trans letters set, or 0 after reporting. */
static int check(const char *srname, const char *transa, const char *transb,
                 int m, int n, int k, int lda, int ldb, int ldc, char *ta,
                 char *tb) {
  int info;

  *ta = fastla_shim_trans_letter(transa);
  *tb = fastla_shim_trans_letter(transb);
  info = fastla_shim_gemm_info(*ta, *tb, m, n, k, lda, ldb, ldc);
  if (info != 0) {
    fastla_shim_f77_error(srname, info);
    return 0;
  }
  return 1;
}

/* Parameter number of the pointer a native NULL status names. */
static int pointer_position(fastla_status status) {
  switch (status) {
  case FASTLA_ERR_ARG_A:
    return 7;
  case FASTLA_ERR_ARG_B:
    return 9;
  case FASTLA_ERR_ARG_C:
    return 12;
  default:
    return 0;
  }
}

void sgemm_(const char *transa, const char *transb, const int *m, const int *n,
            const int *k, const float *alpha, const float *a, const int *lda,
            const float *b, const int *ldb, const float *beta, float *c,
            const int *ldc, size_t transa_len, size_t transb_len) {
  static const char srname[] = "SGEMM ";
  char ta, tb;
  fastla_status status;

  (void)transa_len; /* only the first character matters, as in LSAME */
  (void)transb_len;
  if (!check(srname, transa, transb, *m, *n, *k, *lda, *ldb, *ldc, &ta, &tb)) {
    return;
  }
  status = fastla_sgemm(FASTLA_COL_MAJOR, fastla_shim_native_trans(ta),
                        fastla_shim_native_trans(tb), *m, *n, *k, *alpha, a,
                        *lda, b, *ldb, *beta, c, *ldc);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(srname, status, pointer_position(status), 0, 1);
  }
}

void dgemm_(const char *transa, const char *transb, const int *m, const int *n,
            const int *k, const double *alpha, const double *a, const int *lda,
            const double *b, const int *ldb, const double *beta, double *c,
            const int *ldc, size_t transa_len, size_t transb_len) {
  static const char srname[] = "DGEMM ";
  char ta, tb;
  fastla_status status;

  (void)transa_len;
  (void)transb_len;
  if (!check(srname, transa, transb, *m, *n, *k, *lda, *ldb, *ldc, &ta, &tb)) {
    return;
  }
  status = fastla_dgemm(FASTLA_COL_MAJOR, fastla_shim_native_trans(ta),
                        fastla_shim_native_trans(tb), *m, *n, *k, *alpha, a,
                        *lda, b, *ldb, *beta, c, *ldc);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(srname, status, pointer_position(status), 0, 1);
  }
}
