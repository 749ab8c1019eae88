/* gemv.c - fastla_sgemv, fastla_dgemv: y := alpha * op(A) * x + beta * y.
 * A row-major matrix is the column-major storage of its transpose, so the
 * kernels only see column-major A: row-major swaps m and n and flips op. */
#include "api/api.h"
#include "parallel/parallel.h"
#include "trace/trace.h"

static void sscale(fastla_int len, float beta, float *y, fastla_int incy) {
  for (fastla_int i = 0; i < len; i++) /* beta == 0: write, never read */
    y[i * incy] = beta == 0 ? 0 : beta * y[i * incy];
}

static void dscale(fastla_int len, double beta, double *y, fastla_int incy) {
  for (fastla_int i = 0; i < len; i++)
    y[i * incy] = beta == 0 ? 0 : beta * y[i * incy];
}

FASTLA_BODY fastla_status run_sgemv(fastla_layout layout,
                                    fastla_transpose trans, fastla_int m,
                                    fastla_int n, float alpha, const float *a,
                                    fastla_int lda, const float *x,
                                    fastla_int incx, float beta, float *y,
                                    fastla_int incy) {
  int empty = m <= 0 || n <= 0, unchanged = alpha == 0 && beta == 1;
  fastla_status st =
      fastla_check_gemv(layout, trans, m, n, !empty && alpha != 0, a, lda, x,
                        incx, !empty && !unchanged, y, incy);
  if (st != FASTLA_OK || empty || unchanged)
    return st;
  int t = trans != FASTLA_NO_TRANS;
  fastla_int lenx = t ? m : n, leny = t ? n : m;
  y += fastla_first(leny, incy);
  if (alpha == 0) {
    sscale(leny, beta, y, incy);
    return FASTLA_OK;
  }
  x += fastla_first(lenx, incx);
  int row = layout == FASTLA_ROW_MAJOR;
  const fastla_kernel_table *k = fastla_kernels();
  if (k->parallel) {
    fastla_sgemv_par(k, t != row, row ? n : m, row ? m : n, alpha, a, lda, x,
                     incx, beta, y, incy);
    return FASTLA_OK;
  }
  fastla_sgemv_fn *kernel = t != row ? k->sgemv_t : k->sgemv_n;
  kernel(row ? n : m, row ? m : n, alpha, a, lda, x, incx, beta, y, incy,
         fastla_gemv_streams(k, row ? m : n, lda, sizeof *a));
  return FASTLA_OK;
}

FASTLA_BODY fastla_status run_dgemv(fastla_layout layout,
                                    fastla_transpose trans, fastla_int m,
                                    fastla_int n, double alpha, const double *a,
                                    fastla_int lda, const double *x,
                                    fastla_int incx, double beta, double *y,
                                    fastla_int incy) {
  int empty = m <= 0 || n <= 0, unchanged = alpha == 0 && beta == 1;
  fastla_status st =
      fastla_check_gemv(layout, trans, m, n, !empty && alpha != 0, a, lda, x,
                        incx, !empty && !unchanged, y, incy);
  if (st != FASTLA_OK || empty || unchanged)
    return st;
  int t = trans != FASTLA_NO_TRANS;
  fastla_int lenx = t ? m : n, leny = t ? n : m;
  y += fastla_first(leny, incy);
  if (alpha == 0) {
    dscale(leny, beta, y, incy);
    return FASTLA_OK;
  }
  x += fastla_first(lenx, incx);
  int row = layout == FASTLA_ROW_MAJOR;
  const fastla_kernel_table *k = fastla_kernels();
  if (k->parallel) {
    fastla_dgemv_par(k, t != row, row ? n : m, row ? m : n, alpha, a, lda, x,
                     incx, beta, y, incy);
    return FASTLA_OK;
  }
  fastla_dgemv_fn *kernel = t != row ? k->dgemv_t : k->dgemv_n;
  kernel(row ? n : m, row ? m : n, alpha, a, lda, x, incx, beta, y, incy,
         fastla_gemv_streams(k, row ? m : n, lda, sizeof *a));
  return FASTLA_OK;
}

/* The public entry points: the bodies above, traced when asked
 * (src/trace/trace.h). */
FASTLA_TRACED fastla_status traced_sgemv(
    fastla_layout layout, fastla_transpose trans, fastla_int m, fastla_int n,
    float alpha, const float *a, fastla_int lda, const float *x,
    fastla_int incx, float beta, float *y, fastla_int incy) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  fastla_status r =
      run_sgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  if (on)
    fastla_trace_gemv(&tc, 's', layout, trans, m, n, alpha, lda, incx, beta,
                      incy, r);
  return r;
}

fastla_status fastla_sgemv(fastla_layout layout, fastla_transpose trans,
                           fastla_int m, fastla_int n, float alpha,
                           const float *a, fastla_int lda, const float *x,
                           fastla_int incx, float beta, float *y,
                           fastla_int incy) {
  if (fastla_trace_on())
    return traced_sgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y,
                        incy);
  return run_sgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

FASTLA_TRACED fastla_status traced_dgemv(
    fastla_layout layout, fastla_transpose trans, fastla_int m, fastla_int n,
    double alpha, const double *a, fastla_int lda, const double *x,
    fastla_int incx, double beta, double *y, fastla_int incy) {
  fastla_trace_clock tc;
  int on = fastla_trace_start(&tc);
  fastla_status r =
      run_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  if (on)
    fastla_trace_gemv(&tc, 'd', layout, trans, m, n, alpha, lda, incx, beta,
                      incy, r);
  return r;
}

fastla_status fastla_dgemv(fastla_layout layout, fastla_transpose trans,
                           fastla_int m, fastla_int n, double alpha,
                           const double *a, fastla_int lda, const double *x,
                           fastla_int incx, double beta, double *y,
                           fastla_int incy) {
  if (fastla_trace_on())
    return traced_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y,
                        incy);
  return run_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}
