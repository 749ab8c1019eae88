/* ddot_ref.c - reference ddot: sum of x[i] * y[i], accumulated in order. */
#include "kernel_table.h"

double fastla_ddot_ref(fastla_int n, const double *x, fastla_int incx,
                       const double *y, fastla_int incy) {
  double sum = 0;
  for (fastla_int i = 0; i < n; i++)
    sum += x[i * incx] * y[i * incy];
  return sum;
}
