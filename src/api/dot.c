/* dot.c - fastla_sdot, fastla_ddot. */
#include <math.h>

#include "api/api.h"

float fastla_sdot(fastla_int n, const float *x, fastla_int incx, const float *y,
                  fastla_int incy) {
  if (n <= 0)
    return 0;
  if (!x || !y) /* documented: NaN cannot pass for a result */
    return NAN;
  return fastla_kernels()->sdot(n, x + fastla_first(n, incx), incx,
                                y + fastla_first(n, incy), incy);
}

double fastla_ddot(fastla_int n, const double *x, fastla_int incx,
                   const double *y, fastla_int incy) {
  if (n <= 0)
    return 0;
  if (!x || !y)
    return NAN;
  return fastla_kernels()->ddot(n, x + fastla_first(n, incx), incx,
                                y + fastla_first(n, incy), incy);
}
