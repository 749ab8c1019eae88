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

/* Checks the non-pointer arguments of gemv in CBLAS order and returns the
 * status naming the first bad one, or FASTLA_OK. */
fastla_status fastla_check_gemv(fastla_layout layout, fastla_transpose trans,
                                fastla_int m, fastla_int n, fastla_int lda,
                                fastla_int incx, fastla_int incy);

/* Checks the non-pointer arguments of gemm in CBLAS order. */
fastla_status fastla_check_gemm(fastla_layout layout, fastla_transpose transa,
                                fastla_transpose transb, fastla_int m,
                                fastla_int n, fastla_int k, fastla_int lda,
                                fastla_int ldb, fastla_int ldc);

/* Checks the pointers of gemv/gemm given what the call will read and write:
 * a and x (b) are read only when reads_inputs is non-zero. */
fastla_status fastla_check_pointers(const void *a, const void *x_or_b,
                                    const void *y_or_c, int reads_inputs,
                                    fastla_status bad_x_or_b,
                                    fastla_status bad_y_or_c);

#endif
