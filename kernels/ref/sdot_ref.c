/* sdot_ref.c - reference sdot: sum of x[i] * y[i], accumulated in order. */
#include "kernel_table.h"

float fastla_sdot_ref(fastla_int n, const float *x, fastla_int incx,
                      const float *y, fastla_int incy) {
  float sum = 0;
  for (fastla_int i = 0; i < n; i++)
    sum += x[i * incx] * y[i * incy];
  return sum;
}
