/* axpy.c - fastla_saxpy, fastla_daxpy: y := alpha * x + y. */
#include "api/api.h"

void fastla_saxpy(fastla_int n, float alpha, const float *x, fastla_int incx,
                  float *y, fastla_int incy) {
  /* alpha == 0 leaves y alone (reference BLAS); NULL: documented no-op. */
  if (n <= 0 || alpha == 0 || !x || !y)
    return;
  fastla_kernels()->saxpy(n, alpha, x + fastla_first(n, incx), incx,
                          y + fastla_first(n, incy), incy);
}

void fastla_daxpy(fastla_int n, double alpha, const double *x, fastla_int incx,
                  double *y, fastla_int incy) {
  if (n <= 0 || alpha == 0 || !x || !y)
    return;
  fastla_kernels()->daxpy(n, alpha, x + fastla_first(n, incx), incx,
                          y + fastla_first(n, incy), incy);
}
