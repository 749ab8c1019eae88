/* sgemv_t_ref.c - reference sgemv, transpose: y := beta*y + alpha*A^T*x. */
#include "kernel_table.h"

void fastla_sgemv_t_ref(fastla_int m, fastla_int n, float alpha, const float *a,
                        fastla_int lda, const float *x, fastla_int incx,
                        float beta, float *y, fastla_int incy, int stream) {
  (void)stream; /* no software prefetch here */
  for (fastla_int j = 0; j < n; j++) {
    const float *col = a + j * lda;
    float sum = 0;
    for (fastla_int i = 0; i < m; i++)
      sum += col[i] * x[i * incx];
    /* beta == 0 overwrites: y is not read. */
    y[j * incy] = beta == 0 ? alpha * sum : alpha * sum + beta * y[j * incy];
  }
}
