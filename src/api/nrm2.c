/* nrm2.c - fastla_snrm2, fastla_dnrm2. */
#include <math.h>

#include "api/api.h"

float fastla_snrm2(fastla_int n, const float *x, fastla_int incx) {
  if (n <= 0)
    return 0;
  if (!x) /* documented: NaN cannot pass for a result */
    return NAN;
  return fastla_kernels()->snrm2(n, x + fastla_first(n, incx), incx);
}

double fastla_dnrm2(fastla_int n, const double *x, fastla_int incx) {
  if (n <= 0)
    return 0;
  if (!x)
    return NAN;
  return fastla_kernels()->dnrm2(n, x + fastla_first(n, incx), incx);
}
