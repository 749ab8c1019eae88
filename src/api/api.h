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

/* Checks the arguments of gemv in CBLAS order and returns the status
 * naming the first bad one, or FASTLA_OK. a and x must be non-NULL when
 * reads is set, y when writes is set. */
fastla_status fastla_check_gemv(fastla_layout layout, fastla_transpose trans,
                                fastla_int m, fastla_int n, int reads,
                                const void *a, fastla_int lda, const void *x,
                                fastla_int incx, int writes, const void *y,
                                fastla_int incy);

/* Checks the arguments of gemm in CBLAS order, likewise for a, b and c. */
fastla_status fastla_check_gemm(fastla_layout layout, fastla_transpose transa,
                                fastla_transpose transb, fastla_int m,
                                fastla_int n, fastla_int k, int reads,
                                const void *a, fastla_int lda, const void *b,
                                fastla_int ldb, int writes, const void *c,
                                fastla_int ldc);

#endif
