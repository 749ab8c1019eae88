/* api.h - helpers shared by the files of src/api/: argument checks and
 * increment normalisation. Each API file validates, returns early when the
 * result cannot change, normalises, and calls the active kernel table. */
#ifndef FASTLA_API_INTERNAL_H
#define FASTLA_API_INTERNAL_H

#include "dispatch/dispatch.h"

/* Offset of the first element visited by a vector of n elements with
 * increment inc: the pointer names the lowest address (reference BLAS), so
 * with a negative increment traversal starts at the highest one. */
static inline fastla_int fastla_first(fastla_int n, fastla_int inc) {
  return inc < 0 ? (1 - n) * inc : 0;
}

/* Argument checks of gemv and gemm, in CBLAS argument order, so that the
 * status names the first bad argument as the caller wrote it. A pointer is
 * bad only when NULL and the call would use it: the caller says whether
 * the inputs are read and the output written (alpha and beta, which decide
 * that, come before the pointers in the argument list). Inline, with the
 * column-major gemm code called from one site (gemm.c): as a called
 * function with 14 arguments, half of them on the stack, the checks made
 * a gemm call with nothing to compute (m = n = k = 0) take 13.4-15.6 ns,
 * against 7.3-10.8 ns inline; a 16^3 double product takes about 200 ns. */

static inline int fastla_bad_layout(fastla_layout layout) {
  return layout != FASTLA_ROW_MAJOR && layout != FASTLA_COL_MAJOR;
}

static inline int fastla_bad_trans(fastla_transpose t) {
  return t != FASTLA_NO_TRANS && t != FASTLA_TRANS && t != FASTLA_CONJ_TRANS;
}

static inline fastla_int fastla_max1(fastla_int v) {
  return v > 1 ? v : 1;
}

static inline fastla_status
fastla_check_gemv(fastla_layout layout, fastla_transpose trans, fastla_int m,
                  fastla_int n, int reads, const void *a, fastla_int lda,
                  const void *x, fastla_int incx, int writes, const void *y,
                  fastla_int incy) {
  if (fastla_bad_layout(layout))
    return FASTLA_ERR_ARG_LAYOUT;
  if (fastla_bad_trans(trans))
    return FASTLA_ERR_ARG_TRANS;
  if (m < 0)
    return FASTLA_ERR_ARG_M;
  if (n < 0)
    return FASTLA_ERR_ARG_N;
  if (reads && !a)
    return FASTLA_ERR_ARG_A;
  /* A is m x n; a column-major column spans m rows, a row-major row n. */
  if (lda < fastla_max1(layout == FASTLA_COL_MAJOR ? m : n))
    return FASTLA_ERR_ARG_LDA;
  if (reads && !x)
    return FASTLA_ERR_ARG_X;
  if (incx == 0)
    return FASTLA_ERR_ARG_INCX;
  if (writes && !y)
    return FASTLA_ERR_ARG_Y;
  if (incy == 0)
    return FASTLA_ERR_ARG_INCY;
  return FASTLA_OK;
}

/* Elements one column (col-major) or row (row-major) of a stored operand
 * spans: the operand is stored rows x cols before op() is applied. */
static inline fastla_int fastla_span(fastla_layout layout, fastla_int rows,
                                     fastla_int cols) {
  return fastla_max1(layout == FASTLA_COL_MAJOR ? rows : cols);
}

static inline fastla_status
fastla_check_gemm(fastla_layout layout, fastla_transpose transa,
                  fastla_transpose transb, fastla_int m, fastla_int n,
                  fastla_int k, int reads, const void *a, fastla_int lda,
                  const void *b, fastla_int ldb, int writes, const void *c,
                  fastla_int ldc) {
  if (fastla_bad_layout(layout))
    return FASTLA_ERR_ARG_LAYOUT;
  if (fastla_bad_trans(transa))
    return FASTLA_ERR_ARG_TRANSA;
  if (fastla_bad_trans(transb))
    return FASTLA_ERR_ARG_TRANSB;
  if (m < 0)
    return FASTLA_ERR_ARG_M;
  if (n < 0)
    return FASTLA_ERR_ARG_N;
  if (k < 0)
    return FASTLA_ERR_ARG_K;
  int ta = transa != FASTLA_NO_TRANS, tb = transb != FASTLA_NO_TRANS;
  if (reads && !a)
    return FASTLA_ERR_ARG_A;
  /* A is stored m x k (k x m if transposed); B k x n (n x k). */
  if (lda < (ta ? fastla_span(layout, k, m) : fastla_span(layout, m, k)))
    return FASTLA_ERR_ARG_LDA;
  if (reads && !b)
    return FASTLA_ERR_ARG_B;
  if (ldb < (tb ? fastla_span(layout, n, k) : fastla_span(layout, k, n)))
    return FASTLA_ERR_ARG_LDB;
  if (writes && !c)
    return FASTLA_ERR_ARG_C;
  if (ldc < fastla_span(layout, m, n))
    return FASTLA_ERR_ARG_LDC;
  return FASTLA_OK;
}

#endif
