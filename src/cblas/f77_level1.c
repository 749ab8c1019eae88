/*
 * f77_level1.c - gfortran-ABI {s,d}{axpy,dot,nrm2}_: arguments by
 * reference, REAL results as float (gfortran's convention, not f2c's
 * double). No error exits, as in the reference BLAS.
 */
#include "shim.h"

void saxpy_(const int *n, const float *alpha, const float *x, const int *incx,
            float *y, const int *incy) {
  fastla_saxpy(*n, *alpha, x, *incx, y, *incy);
}

void daxpy_(const int *n, const double *alpha, const double *x, const int *incx,
            double *y, const int *incy) {
  fastla_daxpy(*n, *alpha, x, *incx, y, *incy);
}

float sdot_(const int *n, const float *x, const int *incx, const float *y,
            const int *incy) {
  return fastla_sdot(*n, x, *incx, y, *incy);
}

double ddot_(const int *n, const double *x, const int *incx, const double *y,
             const int *incy) {
  return fastla_ddot(*n, x, *incx, y, *incy);
}

float snrm2_(const int *n, const float *x, const int *incx) {
  return fastla_snrm2(*n, x, *incx);
}

double dnrm2_(const int *n, const double *x, const int *incx) {
  return fastla_dnrm2(*n, x, *incx);
}
