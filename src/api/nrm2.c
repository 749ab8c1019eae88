/* nrm2.c - fastla_snrm2, fastla_dnrm2. */
#include <math.h>

#include "api/api.h"
#include "parallel/parallel.h"
#include "trace/trace.h"

FASTLA_BODY float run_snrm2(fastla_int n, const float *x, fastla_int incx) {
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

FASTLA_BODY double run_dnrm2(fastla_int n, const double *x, fastla_int incx) {
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

/* The public entry points: the bodies above, traced when asked
 * (src/trace/trace.h). */
FASTLA_TRACED float traced_snrm2(fastla_int n, const float *x,
                                 fastla_int incx) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  float r = run_snrm2(n, x, incx);
  if (on)
    fastla_trace_nrm2(&tc, 's', n, x, incx);
  return r;
}

float fastla_snrm2(fastla_int n, const float *x, fastla_int incx) {
  if (fastla_trace_on())
    return traced_snrm2(n, x, incx);
  return run_snrm2(n, x, incx);
}

FASTLA_TRACED double traced_dnrm2(fastla_int n, const double *x,
                                  fastla_int incx) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  double r = run_dnrm2(n, x, incx);
  if (on)
    fastla_trace_nrm2(&tc, 'd', n, x, incx);
  return r;
}

double fastla_dnrm2(fastla_int n, const double *x, fastla_int incx) {
  if (fastla_trace_on())
    return traced_dnrm2(n, x, incx);
  return run_dnrm2(n, x, incx);
}
