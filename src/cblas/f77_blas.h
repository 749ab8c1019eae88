/*
 * f77_blas.h - prototypes of the gfortran-ABI entry points that
 * libfastla_cblas.so exports: every argument by reference, REAL functions
 * returning float, and one hidden CHARACTER length (size_t) per CHARACTER
 * argument, appended after the last visible argument.
 *
 * Shared by the shim and its tests; not installed (Fortran callers need no
 * header, and C callers should use fastla/cblas.h).
 */
#ifndef FASTLA_F77_BLAS_H
#define FASTLA_F77_BLAS_H

#include <stddef.h>

#include "fastla/cblas.h" /* FASTLA_CBLAS_API */

#ifdef __cplusplus
extern "C" {
#endif

FASTLA_CBLAS_API void saxpy_(const int *n, const float *alpha, const float *x,
                             const int *incx, float *y, const int *incy);
FASTLA_CBLAS_API void daxpy_(const int *n, const double *alpha, const double *x,
                             const int *incx, double *y, const int *incy);
FASTLA_CBLAS_API float sdot_(const int *n, const float *x, const int *incx,
                             const float *y, const int *incy);
FASTLA_CBLAS_API double ddot_(const int *n, const double *x, const int *incx,
                              const double *y, const int *incy);
FASTLA_CBLAS_API float snrm2_(const int *n, const float *x, const int *incx);
FASTLA_CBLAS_API double dnrm2_(const int *n, const double *x, const int *incx);

FASTLA_CBLAS_API void sgemv_(const char *trans, const int *m, const int *n,
                             const float *alpha, const float *a, const int *lda,
                             const float *x, const int *incx, const float *beta,
                             float *y, const int *incy, size_t trans_len);
FASTLA_CBLAS_API void dgemv_(const char *trans, const int *m, const int *n,
                             const double *alpha, const double *a,
                             const int *lda, const double *x, const int *incx,
                             const double *beta, double *y, const int *incy,
                             size_t trans_len);

FASTLA_CBLAS_API void sgemm_(const char *transa, const char *transb,
                             const int *m, const int *n, const int *k,
                             const float *alpha, const float *a, const int *lda,
                             const float *b, const int *ldb, const float *beta,
                             float *c, const int *ldc, size_t transa_len,
                             size_t transb_len);
FASTLA_CBLAS_API void dgemm_(const char *transa, const char *transb,
                             const int *m, const int *n, const int *k,
                             const double *alpha, const double *a,
                             const int *lda, const double *b, const int *ldb,
                             const double *beta, double *c, const int *ldc,
                             size_t transa_len, size_t transb_len);

/* Error handler of the Fortran routines: srname is the routine's name,
 * blank-padded to srname_len characters and not NUL-terminated ("DGEMM "),
 * info the number of the bad parameter. */
FASTLA_CBLAS_API void xerbla_(const char *srname, const int *info,
                              size_t srname_len);

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_F77_BLAS_H */
