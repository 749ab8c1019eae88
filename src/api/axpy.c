/* axpy.c - fastla_saxpy, fastla_daxpy: y := alpha * x + y. */
#include "api/api.h"
#include "parallel/parallel.h"
#include "trace/trace.h"

FASTLA_BODY void run_saxpy(fastla_int n, float alpha, const float *x,
                           fastla_int incx, float *y, fastla_int incy) {
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

FASTLA_BODY void run_daxpy(fastla_int n, double alpha, const double *x,
                           fastla_int incx, double *y, fastla_int incy) {
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

/* The public entry points: the bodies above, traced when asked
 * (src/trace/trace.h). */
FASTLA_TRACED void traced_saxpy(fastla_int n, float alpha, const float *x,
                                fastla_int incx, float *y, fastla_int incy) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  run_saxpy(n, alpha, x, incx, y, incy);
  if (on)
    fastla_trace_axpy(&tc, 's', n, alpha, x, incx, y, incy);
}

void fastla_saxpy(fastla_int n, float alpha, const float *x, fastla_int incx,
                  float *y, fastla_int incy) {
  if (fastla_trace_on())
    traced_saxpy(n, alpha, x, incx, y, incy);
  else
    run_saxpy(n, alpha, x, incx, y, incy);
}

FASTLA_TRACED void traced_daxpy(fastla_int n, double alpha, const double *x,
                                fastla_int incx, double *y, fastla_int incy) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  run_daxpy(n, alpha, x, incx, y, incy);
  if (on)
    fastla_trace_axpy(&tc, 'd', n, alpha, x, incx, y, incy);
}

void fastla_daxpy(fastla_int n, double alpha, const double *x, fastla_int incx,
                  double *y, fastla_int incy) {
  if (fastla_trace_on())
    traced_daxpy(n, alpha, x, incx, y, incy);
  else
    run_daxpy(n, alpha, x, incx, y, incy);
}
