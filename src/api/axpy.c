/* axpy.c - fastla_saxpy, fastla_daxpy: y := alpha * x + y. */
#include "api/api.h"
#include "parallel/parallel.h"

void fastla_saxpy(fastla_int n, float alpha, const float *x, fastla_int incx,
                  float *y, fastla_int incy) {
  /* alpha == 0 leaves y alone (reference BLAS); NULL: documented no-op. */
  if (n <= 0 || alpha == 0 || !x || !y)
    return;
  const fastla_kernel_table *t = fastla_kernels();
  x += fastla_first(n, incx);
  y += fastla_first(n, incy);
  if (t->parallel)
    fastla_saxpy_par(t, n, alpha, x, incx, y, incy);
  else
    t->saxpy(n, alpha, x, incx, y, incy);
}

void fastla_daxpy(fastla_int n, double alpha, const double *x, fastla_int incx,
                  double *y, fastla_int incy) {
  if (n <= 0 || alpha == 0 || !x || !y)
    return;
  const fastla_kernel_table *t = fastla_kernels();
  x += fastla_first(n, incx);
  y += fastla_first(n, incy);
  if (t->parallel)
    fastla_daxpy_par(t, n, alpha, x, incx, y, incy);
  else
    t->daxpy(n, alpha, x, incx, y, incy);
}
