/*
 * fastla/cblas.h - the standard CBLAS interface to libfastla (LP64: sizes
 * and increments are C int), for the routines libfastla_cblas.so provides:
 * cblas_{s,d}{axpy,dot,nrm2,gemv,gemm} and the error handler cblas_xerbla.
 *
 * The enums carry the standard CBLAS values, which are also the values of
 * fastla_layout and fastla_transpose. Bad arguments are reported the way the
 * reference CBLAS reports them: through cblas_xerbla(p, "cblas_dgemm", ...),
 * with p numbered as the reference does (in row-major mode gemm and gemv
 * report the parameter numbers of the swapped Fortran call, and a handler
 * that knows the layout maps them back; see src/cblas/README.md). Define
 * your own cblas_xerbla to receive the reports; the library's default
 * prints one line to stderr and returns.
 *
 * The library also exports the gfortran-ABI entry points
 * {s,d}{axpy,dot,nrm2,gemv,gemm}_ and xerbla_, which have no C header here.
 */
#ifndef FASTLA_CBLAS_H
#define FASTLA_CBLAS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(FASTLA_CBLAS_BUILDING) && defined(__GNUC__)
#define FASTLA_CBLAS_API __attribute__((visibility("default")))
#else
#define FASTLA_CBLAS_API
#endif

typedef enum CBLAS_LAYOUT {
  CblasRowMajor = 101,
  CblasColMajor = 102
} CBLAS_LAYOUT;
typedef enum CBLAS_TRANSPOSE {
  CblasNoTrans = 111,
  CblasTrans = 112,
  CblasConjTrans = 113
} CBLAS_TRANSPOSE;
typedef enum CBLAS_UPLO { CblasUpper = 121, CblasLower = 122 } CBLAS_UPLO;
typedef enum CBLAS_DIAG { CblasNonUnit = 131, CblasUnit = 132 } CBLAS_DIAG;
typedef enum CBLAS_SIDE { CblasLeft = 141, CblasRight = 142 } CBLAS_SIDE;
/* The name older CBLAS headers use for the layout. */
typedef CBLAS_LAYOUT CBLAS_ORDER;

/* Level 1 */
FASTLA_CBLAS_API float cblas_sdot(const int N, const float *X, const int incX,
                                  const float *Y, const int incY);
FASTLA_CBLAS_API double cblas_ddot(const int N, const double *X, const int incX,
                                   const double *Y, const int incY);
FASTLA_CBLAS_API float cblas_snrm2(const int N, const float *X, const int incX);
FASTLA_CBLAS_API double cblas_dnrm2(const int N, const double *X,
                                    const int incX);
FASTLA_CBLAS_API void cblas_saxpy(const int N, const float alpha,
                                  const float *X, const int incX, float *Y,
                                  const int incY);
FASTLA_CBLAS_API void cblas_daxpy(const int N, const double alpha,
                                  const double *X, const int incX, double *Y,
                                  const int incY);

/* Level 2 */
FASTLA_CBLAS_API void cblas_sgemv(const CBLAS_LAYOUT layout,
                                  const CBLAS_TRANSPOSE TransA, const int M,
                                  const int N, const float alpha,
                                  const float *A, const int lda, const float *X,
                                  const int incX, const float beta, float *Y,
                                  const int incY);
FASTLA_CBLAS_API void cblas_dgemv(const CBLAS_LAYOUT layout,
                                  const CBLAS_TRANSPOSE TransA, const int M,
                                  const int N, const double alpha,
                                  const double *A, const int lda,
                                  const double *X, const int incX,
                                  const double beta, double *Y, const int incY);

/* Level 3 */
FASTLA_CBLAS_API void
cblas_sgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
            const CBLAS_TRANSPOSE TransB, const int M, const int N, const int K,
            const float alpha, const float *A, const int lda, const float *B,
            const int ldb, const float beta, float *C, const int ldc);
FASTLA_CBLAS_API void
cblas_dgemm(const CBLAS_LAYOUT layout, const CBLAS_TRANSPOSE TransA,
            const CBLAS_TRANSPOSE TransB, const int M, const int N, const int K,
            const double alpha, const double *A, const int lda, const double *B,
            const int ldb, const double beta, double *C, const int ldc);

/* Error handler: p is the parameter number, rout the routine name
 * ("cblas_dgemm"), form a printf format for further detail. */
FASTLA_CBLAS_API void cblas_xerbla(int p, const char *rout, const char *form,
                                   ...);

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_CBLAS_H */
