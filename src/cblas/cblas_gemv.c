/*
 * cblas_gemv.c - cblas_sgemv and cblas_dgemv.
 *
 * Reference CBLAS checks the layout (parameter 1) and TransA (2) itself and
 * leaves the rest to the Fortran xGEMV it calls, whose INFO it reports plus
 * one (the layout argument shifts every position). In row-major mode that
 * call is xGEMV(TransA transposed, N, M, ...), so a bad N is reported as 3
 * and a bad M as 4; handlers that know the layout swap them back. We run
 * the same check on the same swapped call to report the same numbers.
 */
#include <stdio.h>

#include "shim.h"

/* Returns the Fortran trans letter, or 0 after reporting a bad argument. */
static char check(const char *rout, CBLAS_LAYOUT layout, CBLAS_TRANSPOSE trans,
                  int m, int n, int lda, int incx, int incy) {
  char letter = fastla_shim_cblas_trans(trans);
  int row_major = layout == CblasRowMajor;
  char detail[64];
  int info;

  if (!row_major && layout != CblasColMajor) {
    snprintf(detail, sizeof detail, "Illegal layout setting, %d", layout);
    fastla_shim_cblas_error(1, rout, 0, detail);
    return 0;
  }
  if (letter == 0) {
    snprintf(detail, sizeof detail, "Illegal TransA setting, %d", trans);
    fastla_shim_cblas_error(2, rout, row_major, detail);
    return 0;
  }
  info = row_major ? fastla_shim_gemv_info(letter, n, m, lda, incx, incy)
                   : fastla_shim_gemv_info(letter, m, n, lda, incx, incy);
  if (info != 0) {
    fastla_shim_cblas_error(info + 1, rout, row_major, NULL);
    return 0;
  }
  return letter;
}

/* Parameter number of the pointer a native NULL status names. */
static int pointer_position(fastla_status status) {
  switch (status) {
  case FASTLA_ERR_ARG_A:
    return 6;
  case FASTLA_ERR_ARG_X:
    return 8;
  case FASTLA_ERR_ARG_Y:
    return 11;
  default:
    return 0;
  }
}

void cblas_sgemv(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                 const int M, const int N, const float alpha, const float *A,
                 const int lda, const float *X, const int incX,
                 const float beta, float *Y, const int incY) {
  static const char rout[] = "cblas_sgemv";
  char letter = check(rout, layout, TransA, M, N, lda, incX, incY);
  fastla_status status;

  if (letter == 0) {
    return;
  }
  status = fastla_sgemv((fastla_layout)layout, fastla_shim_native_trans(letter),
                        M, N, alpha, A, lda, X, incX, beta, Y, incY);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(rout, status, pointer_position(status),
                               layout == CblasRowMajor, 0);
  }
}

void cblas_dgemv(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
                 const int M, const int N, const double alpha, const double *A,
                 const int lda, const double *X, const int incX,
                 const double beta, double *Y, const int incY) {
  static const char rout[] = "cblas_dgemv";
  char letter = check(rout, layout, TransA, M, N, lda, incX, incY);
  fastla_status status;

  if (letter == 0) {
    return;
  }
  status = fastla_dgemv((fastla_layout)layout, fastla_shim_native_trans(letter),
                        M, N, alpha, A, lda, X, incX, beta, Y, incY);
  if (status != FASTLA_OK) {
    fastla_shim_native_failure(rout, status, pointer_position(status),
                               layout == CblasRowMajor, 0);
  }
}
