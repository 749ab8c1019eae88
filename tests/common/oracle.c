/* oracle.c - the tests' oracle: the textbook definitions as plain loops in
 * long double. Deliberately simple and slow; it shares no code with the
 * library and not even the tests' own indexing helpers. */
#include "oracle.h"

#include <math.h>

/* Storage offset of element i of an n-vector: the pointer is the lowest
 * address, so a negative increment starts from the far end. */
static fastla_int at(fastla_int n, fastla_int inc, fastla_int i) {
  return inc >= 0 ? i * inc : (n - 1 - i) * -inc;
}

void oracle_axpy(fastla_int n, double alpha, const double *x, fastla_int incx,
                 const double *y_in, fastla_int incy, long double *y_out,
                 long double *mag) {
  fastla_int span = n <= 0 ? 0 : 1 + (n - 1) * (incy < 0 ? -incy : incy);
  for (fastla_int j = 0; j < span; j++) {
    y_out[j] = y_in[j];
    mag[j] = fabsl((long double)y_in[j]);
  }
  if (n <= 0 || alpha == 0)
    return;
  for (fastla_int i = 0; i < n; i++) {
    long double t = (long double)alpha * x[at(n, incx, i)];
    y_out[at(n, incy, i)] += t;
    mag[at(n, incy, i)] += fabsl(t);
  }
}

long double oracle_dot(fastla_int n, const double *x, fastla_int incx,
                       const double *y, fastla_int incy, long double *mag) {
  long double s = 0, a = 0;
  for (fastla_int i = 0; i < n; i++) {
    long double t = (long double)x[at(n, incx, i)] * y[at(n, incy, i)];
    s += t;
    a += fabsl(t);
  }
  *mag = a;
  return s;
}

long double oracle_nrm2(fastla_int n, const double *x, fastla_int incx) {
  long double big = 0;
  int has_nan = 0, has_inf = 0;
  for (fastla_int i = 0; i < n; i++) {
    long double v = fabsl((long double)x[at(n, incx, i)]);
    has_nan |= isnan(v);
    has_inf |= isinf(v);
    if (v > big)
      big = v;
  }
  if (has_nan)
    return NAN;
  if (has_inf)
    return INFINITY;
  if (big == 0)
    return 0;
  long double s = 0;
  for (fastla_int i = 0; i < n; i++) {
    long double v = x[at(n, incx, i)] / big;
    s += v * v;
  }
  return big * sqrtl(s);
}

/* Element (r, c) of a stored matrix. */
static double stored(fastla_layout layout, const double *p, fastla_int ld,
                     fastla_int r, fastla_int c) {
  return layout == FASTLA_COL_MAJOR ? p[r + c * ld] : p[r * ld + c];
}

/* Element (r, c) of op(M). */
static double op_elem(fastla_layout layout, fastla_transpose t, const double *p,
                      fastla_int ld, fastla_int r, fastla_int c) {
  return t == FASTLA_NO_TRANS ? stored(layout, p, ld, r, c)
                              : stored(layout, p, ld, c, r);
}

void oracle_gemv(fastla_layout layout, fastla_transpose trans, fastla_int m,
                 fastla_int n, double alpha, const double *a, fastla_int lda,
                 const double *x, fastla_int incx, double beta,
                 const double *y_in, fastla_int incy, long double *y_out,
                 long double *mag) {
  int t = trans != FASTLA_NO_TRANS;
  fastla_int rows = t ? n : m, cols = t ? m : n; /* of op(A) */
  for (fastla_int i = 0; i < rows; i++) {
    double yi = y_in[at(rows, incy, i)];
    if (m == 0 || n == 0) { /* reference BLAS quick return: y untouched */
      y_out[i] = yi;
      mag[i] = fabsl((long double)yi);
      continue;
    }
    long double s = 0, sa = 0;
    for (fastla_int j = 0; alpha != 0 && j < cols; j++) {
      long double p = (long double)op_elem(layout, trans, a, lda, i, j) *
                      x[at(cols, incx, j)];
      s += p;
      sa += fabsl(p);
    }
    long double by = beta == 0 ? 0 : (long double)beta * yi;
    y_out[i] = (alpha == 0 ? 0 : (long double)alpha * s) + by;
    mag[i] = fabsl((long double)alpha) * sa + fabsl(by);
  }
}

void oracle_gemm(fastla_layout layout, fastla_transpose transa,
                 fastla_transpose transb, fastla_int m, fastla_int n,
                 fastla_int k, double alpha, const double *a, fastla_int lda,
                 const double *b, fastla_int ldb, double beta,
                 const double *c_in, fastla_int ldc, long double *c_out,
                 long double *mag) {
  for (fastla_int i = 0; i < m; i++)
    for (fastla_int j = 0; j < n; j++) {
      long double s = 0, sa = 0;
      for (fastla_int l = 0; alpha != 0 && l < k; l++) {
        long double p = (long double)op_elem(layout, transa, a, lda, i, l) *
                        op_elem(layout, transb, b, ldb, l, j);
        s += p;
        sa += fabsl(p);
      }
      long double bc =
          beta == 0 ? 0 : (long double)beta * stored(layout, c_in, ldc, i, j);
      c_out[i * n + j] = (alpha == 0 ? 0 : (long double)alpha * s) + bc;
      mag[i * n + j] = fabsl((long double)alpha) * sa + fabsl(bc);
    }
}
