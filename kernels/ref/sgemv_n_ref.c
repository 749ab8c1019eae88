/* sgemv_n_ref.c - reference sgemv, no transpose: y := beta*y + alpha*A*x. */
#include "kernel_table.h"

void fastla_sgemv_n_ref(fastla_int m, fastla_int n, float alpha, const float *a,
                        fastla_int lda, const float *x, fastla_int incx,
                        float beta, float *y, fastla_int incy, int stream) {
  (void)stream; /* no software prefetch here */
  /* beta == 0 overwrites: whatever y held (even NaN) must not survive. */
  for (fastla_int i = 0; i < m; i++)
    y[i * incy] = beta == 0 ? 0 : beta * y[i * incy];
  for (fastla_int j = 0; j < n; j++) {
    float t = alpha * x[j * incx];
    const float *col = a + j * lda;
    for (fastla_int i = 0; i < m; i++)
      y[i * incy] += t * col[i];
  }
}
