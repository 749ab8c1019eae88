/* dgemv_t_ref.c - reference dgemv, transpose: y := beta*y + alpha*A^T*x. */
#include "kernel_table.h"

void fastla_dgemv_t_ref(fastla_int m, fastla_int n, double alpha,
                        const double *a, fastla_int lda, const double *x,
                        fastla_int incx, double beta, double *y,
                        fastla_int incy, int stream) {
  (void)stream; /* no software prefetch here */
  for (fastla_int j = 0; j < n; j++) {
    const double *col = a + j * lda;
    double sum = 0;
    for (fastla_int i = 0; i < m; i++)
      sum += col[i] * x[i * incx];
    /* beta == 0 overwrites: y is not read. */
    y[j * incy] = beta == 0 ? alpha * sum : alpha * sum + beta * y[j * incy];
  }
}
