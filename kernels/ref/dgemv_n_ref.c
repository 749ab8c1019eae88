/* dgemv_n_ref.c - reference dgemv, no transpose: y := beta*y + alpha*A*x. */
#include "kernel_table.h"

void fastla_dgemv_n_ref(fastla_int m, fastla_int n, double alpha,
                        const double *a, fastla_int lda, const double *x,
                        fastla_int incx, double beta, double *y,
                        fastla_int incy, int stream) {
  (void)stream; /* no software prefetch here */
  /* beta == 0 overwrites: whatever y held (even NaN) must not survive. */
  for (fastla_int i = 0; i < m; i++)
    y[i * incy] = beta == 0 ? 0 : beta * y[i * incy];
  for (fastla_int j = 0; j < n; j++) {
    double t = alpha * x[j * incx];
    const double *col = a + j * lda;
    for (fastla_int i = 0; i < m; i++)
      y[i * incy] += t * col[i];
  }
}
