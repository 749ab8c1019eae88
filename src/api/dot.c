/* dot.c - fastla_sdot, fastla_ddot. */
#include <math.h>

#include "api/api.h"
#include "parallel/parallel.h"
#include "trace/trace.h"

FASTLA_BODY float run_sdot(fastla_int n, const float *x, fastla_int incx,
                           const float *y, fastla_int incy) {
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

FASTLA_BODY double run_ddot(fastla_int n, const double *x, fastla_int incx,
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

/* The public entry points: the bodies above, traced when asked
 * (src/trace/trace.h). */
FASTLA_TRACED float traced_sdot(fastla_int n, const float *x, fastla_int incx,
                                const float *y, fastla_int incy) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  float r = run_sdot(n, x, incx, y, incy);
  if (on)
    fastla_trace_dot(&tc, 's', n, x, incx, y, incy);
  return r;
}

float fastla_sdot(fastla_int n, const float *x, fastla_int incx, const float *y,
                  fastla_int incy) {
  if (fastla_trace_on())
    return traced_sdot(n, x, incx, y, incy);
  return run_sdot(n, x, incx, y, incy);
}

FASTLA_TRACED double traced_ddot(fastla_int n, const double *x, fastla_int incx,
                                 const double *y, fastla_int incy) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  double r = run_ddot(n, x, incx, y, incy);
  if (on)
    fastla_trace_dot(&tc, 'd', n, x, incx, y, incy);
  return r;
}

double fastla_ddot(fastla_int n, const double *x, fastla_int incx,
                   const double *y, fastla_int incy) {
  if (fastla_trace_on())
    return traced_ddot(n, x, incx, y, incy);
  return run_ddot(n, x, incx, y, incy);
}
