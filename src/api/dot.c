/* dot.c - fastla_sdot, fastla_ddot. */
#include <math.h>

#include "api/api.h"
#include "parallel/parallel.h"

float fastla_sdot(fastla_int n, const float *x, fastla_int incx, const float *y,
                  fastla_int incy) {
  if (n <= 0)
    return 0;
  if (!x || !y) /* documented: NaN cannot pass for a result */
    return NAN;
  const fastla_kernel_table *t = fastla_kernels();
  x += fastla_first(n, incx);
  y += fastla_first(n, incy);
  if (t->parallel)
    return fastla_sdot_par(t, n, x, incx, y, incy);
  return t->sdot(n, x, incx, y, incy);
}

double fastla_ddot(fastla_int n, const double *x, fastla_int incx,
                   const double *y, fastla_int incy) {
  if (n <= 0)
    return 0;
  if (!x || !y)
    return NAN;
  const fastla_kernel_table *t = fastla_kernels();
  x += fastla_first(n, incx);
  y += fastla_first(n, incy);
  if (t->parallel)
    return fastla_ddot_par(t, n, x, incx, y, incy);
  return t->ddot(n, x, incx, y, incy);
}
