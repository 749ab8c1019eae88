/* shim_calls.h - calls into libfastla_cblas for either precision and either
 * interface (CBLAS or the gfortran ABI), so that one test body covers all
 * twenty entry points. */
#ifndef FASTLA_TEST_SHIM_CALLS_H
#define FASTLA_TEST_SHIM_CALLS_H

#include "testutil.h"

typedef enum shim_api { API_CBLAS, API_F77 } shim_api;

const char *shim_api_name(shim_api api);

void shim_axpy(shim_api api, tu_prec p, int n, double alpha, const void *x,
               int incx, void *y, int incy);
double shim_dot(shim_api api, tu_prec p, int n, const void *x, int incx,
                const void *y, int incy);
double shim_nrm2(shim_api api, tu_prec p, int n, const void *x, int incx);

/* The layout must be FASTLA_COL_MAJOR for API_F77; an invalid trans becomes
 * the character 'X' there and the enum value 0 for CBLAS. */
void shim_gemv(shim_api api, tu_prec p, fastla_layout layout,
               fastla_transpose trans, int m, int n, double alpha,
               const void *a, int lda, const void *x, int incx, double beta,
               void *y, int incy);
void shim_gemm(shim_api api, tu_prec p, fastla_layout layout,
               fastla_transpose transa, fastla_transpose transb, int m, int n,
               int k, double alpha, const void *a, int lda, const void *b,
               int ldb, double beta, void *c, int ldc);

#endif
