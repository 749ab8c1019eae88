/* daxpy_ref.c - reference daxpy: y += alpha * x. */
#include "kernel_table.h"

void fastla_daxpy_ref(fastla_int n, double alpha, const double *x,
                      fastla_int incx, double *y, fastla_int incy) {
  for (fastla_int i = 0; i < n; i++)
    y[i * incy] += alpha * x[i * incx];
}
