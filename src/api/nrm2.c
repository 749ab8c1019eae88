/* nrm2.c - fastla_snrm2, fastla_dnrm2. */
#include <math.h>

#include "api/api.h"
#include "parallel/parallel.h"

float fastla_snrm2(fastla_int n, const float *x, fastla_int incx) {
  if (n <= 0)
    return 0;
  if (!x) /* documented: NaN cannot pass for a result */
    return NAN;
  const fastla_kernel_table *t = fastla_kernels();
  x += fastla_first(n, incx);
  if (t->parallel)
    return fastla_snrm2_par(t, n, x, incx);
  return t->snrm2(n, x, incx);
}

double fastla_dnrm2(fastla_int n, const double *x, fastla_int incx) {
  if (n <= 0)
    return 0;
  if (!x)
    return NAN;
  const fastla_kernel_table *t = fastla_kernels();
  x += fastla_first(n, incx);
  if (t->parallel)
    return fastla_dnrm2_par(t, n, x, incx);
  return t->dnrm2(n, x, incx);
}
