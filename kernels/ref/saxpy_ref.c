/* saxpy_ref.c - reference saxpy: y += alpha * x. */
#include "kernel_table.h"

void fastla_saxpy_ref(fastla_int n, float alpha, const float *x,
                      fastla_int incx, float *y, fastla_int incy) {
  for (fastla_int i = 0; i < n; i++)
    y[i * incy] += alpha * x[i * incx];
}
