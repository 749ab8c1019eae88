/*
 * f77_gemv.c - gfortran-ABI sgemv_ and dgemv_ (column-major). Checks and
 * INFO numbers are the reference xGEMV's; errors go to xerbla_ with the
 * reference's blank-padded name, "SGEMV " / "DGEMV ".
 */
#include "shim.h"

/* Returns the trans letter, or 0 after reporting a bad argument. */
static char check(const char *srname, const char *trans, int m, int n, int lda,
                  int incx, int incy) {
  char letter = fastla_shim_trans_letter(trans);
  int info = fastla_shim_gemv_info(letter, m, n, lda, incx, incy);

  if (info != 0) {
    fastla_shim_f77_error(srname, info);
    return 0;
  }
  return letter;
}

/* Parameter number of the pointer a native NULL status names. */
static int pointer_position(fastla_status status) {
  switch (status) {
  case FASTLA_ERR_ARG_A:
    return 5;
  case FASTLA_ERR_ARG_X:
    return 7;
  case FASTLA_ERR_ARG_Y:
    return 10;
  default:
    return 0;
  }
}

void sgemv_(const char *trans, const int *m, const int *n, const float *alpha,
            const float *a, const int *lda, const float *x, const int *incx,
            const float *beta, float *y, const int *incy, size_t trans_len) {
  static const char srname[] = "SGEMV ";
  char letter = check(srname, trans, *m, *n, *lda, *incx, *incy);
  fastla_status status;

  (void)trans_len; /* only the first character matters, as in LSAME */
  if (letter == 0) {
    return;
  }
  status = fastla_sgemv(FASTLA_COL_MAJOR, fastla_shim_native_trans(letter), *m,
                        *n, *alpha, a, *lda, x, *incx, *beta, y, *incy);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(srname, status, pointer_position(status), 0, 1);
  }
}

void dgemv_(const char *trans, const int *m, const int *n, const double *alpha,
            const double *a, const int *lda, const double *x, const int *incx,
            const double *beta, double *y, const int *incy, size_t trans_len) {
  static const char srname[] = "DGEMV ";
  char letter = check(srname, trans, *m, *n, *lda, *incx, *incy);
  fastla_status status;

  (void)trans_len;
  if (letter == 0) {
    return;
  }
  status = fastla_dgemv(FASTLA_COL_MAJOR, fastla_shim_native_trans(letter), *m,
                        *n, *alpha, a, *lda, x, *incx, *beta, y, *incy);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(srname, status, pointer_position(status), 0, 1);
  }
}
