/* shim_calls.c - see shim_calls.h. */
#include "shim_calls.h"

#include "f77_blas.h"
#include "fastla/cblas.h"

const char *shim_api_name(shim_api api) {
  return api == API_CBLAS ? "cblas" : "f77";
}

/* Fortran TRANS character; mixed case on purpose, LSAME ignores case. */
static const char *f77_trans(fastla_transpose t) {
  switch (t) {
  case FASTLA_NO_TRANS:
    return "n";
  case FASTLA_TRANS:
    return "T";
  case FASTLA_CONJ_TRANS:
    return "c";
  default:
    return "X";
  }
}

void shim_axpy(shim_api api, tu_prec p, int n, double alpha, const void *x,
               int incx, void *y, int incy) {
  float sa = (float)alpha;
  if (api == API_CBLAS && p == TU_FLOAT)
    cblas_saxpy(n, sa, x, incx, y, incy);
  else if (api == API_CBLAS)
    cblas_daxpy(n, alpha, x, incx, y, incy);
  else if (p == TU_FLOAT)
    saxpy_(&n, &sa, x, &incx, y, &incy);
  else
    daxpy_(&n, &alpha, x, &incx, y, &incy);
}

double shim_dot(shim_api api, tu_prec p, int n, const void *x, int incx,
                const void *y, int incy) {
  if (api == API_CBLAS)
    return p == TU_FLOAT ? cblas_sdot(n, x, incx, y, incy)
                         : cblas_ddot(n, x, incx, y, incy);
  return p == TU_FLOAT ? sdot_(&n, x, &incx, y, &incy)
                       : ddot_(&n, x, &incx, y, &incy);
}

double shim_nrm2(shim_api api, tu_prec p, int n, const void *x, int incx) {
  if (api == API_CBLAS)
    return p == TU_FLOAT ? cblas_snrm2(n, x, incx) : cblas_dnrm2(n, x, incx);
  return p == TU_FLOAT ? snrm2_(&n, x, &incx) : dnrm2_(&n, x, &incx);
}

void shim_gemv(shim_api api, tu_prec p, fastla_layout layout,
               fastla_transpose trans, int m, int n, double alpha,
               const void *a, int lda, const void *x, int incx, double beta,
               void *y, int incy) {
  float sa = (float)alpha, sb = (float)beta;
  CBLAS_LAYOUT cl = (CBLAS_LAYOUT)layout;
  CBLAS_TRANSPOSE ct = (CBLAS_TRANSPOSE)trans;
  const char *ft = f77_trans(trans);

  if (api == API_CBLAS && p == TU_FLOAT)
    cblas_sgemv(cl, ct, m, n, sa, a, lda, x, incx, sb, y, incy);
  else if (api == API_CBLAS)
    cblas_dgemv(cl, ct, m, n, alpha, a, lda, x, incx, beta, y, incy);
  else if (p == TU_FLOAT)
    sgemv_(ft, &m, &n, &sa, a, &lda, x, &incx, &sb, y, &incy, 1);
  else
    dgemv_(ft, &m, &n, &alpha, a, &lda, x, &incx, &beta, y, &incy, 1);
}

void shim_gemm(shim_api api, tu_prec p, fastla_layout layout,
               fastla_transpose transa, fastla_transpose transb, int m, int n,
               int k, double alpha, const void *a, int lda, const void *b,
               int ldb, double beta, void *c, int ldc) {
  float sa = (float)alpha, sb = (float)beta;
  CBLAS_LAYOUT cl = (CBLAS_LAYOUT)layout;
  CBLAS_TRANSPOSE cta = (CBLAS_TRANSPOSE)transa;
  CBLAS_TRANSPOSE ctb = (CBLAS_TRANSPOSE)transb;
  const char *fta = f77_trans(transa), *ftb = f77_trans(transb);

  if (api == API_CBLAS && p == TU_FLOAT)
    cblas_sgemm(cl, cta, ctb, m, n, k, sa, a, lda, b, ldb, sb, c, ldc);
  else if (api == API_CBLAS)
    cblas_dgemm(cl, cta, ctb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else if (p == TU_FLOAT)
    sgemm_(fta, ftb, &m, &n, &k, &sa, a, &lda, b, &ldb, &sb, c, &ldc, 1, 1);
  else
    dgemm_(fta, ftb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc, 1,
           1);
}
