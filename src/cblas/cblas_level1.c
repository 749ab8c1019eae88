/*
 * cblas_level1.c - cblas_{s,d}{axpy,dot,nrm2}. The reference has no error
 * exits at level 1 (n <= 0 is a quick return, any increment is allowed),
 * and the native semantics are the reference's, so these only widen the
 * int arguments.
 */
#include "shim.h"

void cblas_saxpy(const int N, const float alpha, const float *X, const int incX,
                 float *Y, const int incY) {
  fastla_saxpy(N, alpha, X, incX, Y, incY);
}

void cblas_daxpy(const int N, const double alpha, const double *X,
                 const int incX, double *Y, const int incY) {
  fastla_daxpy(N, alpha, X, incX, Y, incY);
}

float cblas_sdot(const int N, const float *X, const int incX, const float *Y,
                 const int incY) {
  return fastla_sdot(N, X, incX, Y, incY);
}

double cblas_ddot(const int N, const double *X, const int incX, const double *Y,
                  const int incY) {
  return fastla_ddot(N, X, incX, Y, incY);
}

float cblas_snrm2(const int N, const float *X, const int incX) {
  return fastla_snrm2(N, X, incX);
}

double cblas_dnrm2(const int N, const double *X, const int incX) {
  return fastla_dnrm2(N, X, incX);
}
