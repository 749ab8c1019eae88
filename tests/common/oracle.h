/* oracle.h - an independent oracle for the tests: naive loops written from
 * the mathematical definitions, accumulating in long double.
 *
 * Inputs are double arrays laid out exactly like the library's operands
 * (float operands are widened first, which is exact), so one oracle serves
 * both precisions. Each routine also returns the magnitude that the error
 * bound scales with (sum of |terms|), so a test can check a result against
 * c * k * eps * magnitude instead of a fixed epsilon. */
#ifndef FASTLA_ORACLE_H
#define FASTLA_ORACLE_H

#include "fastla.h"

/* y := alpha*x + y. y_in, y_out and mag span the storage of y (n elements,
 * increment incy; the pointer is the lowest address). y_out starts as y_in,
 * mag as |y_in|; each update adds alpha*x_i to y_out and |alpha*x_i| to mag.
 * alpha == 0 or n <= 0 leaves y_out = y_in (x not read). */
void oracle_axpy(fastla_int n, double alpha, const double *x, fastla_int incx,
                 const double *y_in, fastla_int incy, long double *y_out,
                 long double *mag);

/* Returns sum x_i*y_i (0 for n <= 0); *mag = sum |x_i*y_i|. */
long double oracle_dot(fastla_int n, const double *x, fastla_int incx,
                       const double *y, fastla_int incy, long double *mag);

/* Returns the Euclidean norm: NaN if any element is NaN, else +Inf if any is
 * infinite, else computed with scaling by the largest magnitude so that the
 * sum of squares neither overflows nor underflows. */
long double oracle_nrm2(fastla_int n, const double *x, fastla_int incx);

/* y := alpha*op(A)*x + beta*y with A m x n stored in layout with lda.
 * y_out[i] and mag[i] are indexed by the logical element i of y (len(y)
 * elements). beta == 0 never reads y; alpha == 0 never reads A or x. As in
 * the reference BLAS, m == 0 or n == 0 leaves y unchanged. */
void oracle_gemv(fastla_layout layout, fastla_transpose trans, fastla_int m,
                 fastla_int n, double alpha, const double *a, fastla_int lda,
                 const double *x, fastla_int incx, double beta,
                 const double *y_in, fastla_int incy, long double *y_out,
                 long double *mag);

/* C := alpha*op(A)*op(B) + beta*C; op(A) m x k, op(B) k x n, C m x n, all
 * in layout. c_out[i*n + j] and mag[i*n + j] hold element (i, j). beta == 0
 * never reads C; alpha == 0 or k == 0 never reads A or B. */
void oracle_gemm(fastla_layout layout, fastla_transpose transa,
                 fastla_transpose transb, fastla_int m, fastla_int n,
                 fastla_int k, double alpha, const double *a, fastla_int lda,
                 const double *b, fastla_int ldb, double beta,
                 const double *c_in, fastla_int ldc, long double *c_out,
                 long double *mag);

#endif
