/*
 * kernel_table.h - the slots every kernel table provides; the one header
 * shared by kernels/ and src/. The contract of each slot is in
 * kernels/README.md.
 *
 * FASTLA_KERNEL_SLOTS lists each slot once as X(type, name). It expands
 * into the table struct, the slot names used by queries and tracing, and
 * the tests' loop over slots.
 */
#ifndef FASTLA_KERNEL_TABLE_H
#define FASTLA_KERNEL_TABLE_H

#include "fastla.h"

typedef void fastla_saxpy_fn(fastla_int n, float alpha, const float *x,
                             fastla_int incx, float *y, fastla_int incy);
typedef void fastla_daxpy_fn(fastla_int n, double alpha, const double *x,
                             fastla_int incx, double *y, fastla_int incy);
typedef float fastla_sdot_fn(fastla_int n, const float *x, fastla_int incx,
                             const float *y, fastla_int incy);
typedef double fastla_ddot_fn(fastla_int n, const double *x, fastla_int incx,
                              const double *y, fastla_int incy);
typedef float fastla_snrm2_fn(fastla_int n, const float *x, fastla_int incx);
typedef double fastla_dnrm2_fn(fastla_int n, const double *x, fastla_int incx);
typedef void fastla_sgemv_fn(fastla_int m, fastla_int n, float alpha,
                             const float *a, fastla_int lda, const float *x,
                             fastla_int incx, float beta, float *y,
                             fastla_int incy);
typedef void fastla_dgemv_fn(fastla_int m, fastla_int n, double alpha,
                             const double *a, fastla_int lda, const double *x,
                             fastla_int incx, double beta, double *y,
                             fastla_int incy);
typedef void fastla_sgemm_fn(int trans_a, int trans_b, fastla_int m,
                             fastla_int n, fastla_int k, float alpha,
                             const float *a, fastla_int lda, const float *b,
                             fastla_int ldb, float beta, float *c,
                             fastla_int ldc);
typedef void fastla_dgemm_fn(int trans_a, int trans_b, fastla_int m,
                             fastla_int n, fastla_int k, double alpha,
                             const double *a, fastla_int lda, const double *b,
                             fastla_int ldb, double beta, double *c,
                             fastla_int ldc);

/* clang-format off */
#define FASTLA_KERNEL_SLOTS(X) \
  X(fastla_saxpy_fn,  saxpy)   \
  X(fastla_daxpy_fn,  daxpy)   \
  X(fastla_sdot_fn,   sdot)    \
  X(fastla_ddot_fn,   ddot)    \
  X(fastla_snrm2_fn,  snrm2)   \
  X(fastla_dnrm2_fn,  dnrm2)   \
  X(fastla_sgemv_fn,  sgemv_n) \
  X(fastla_sgemv_fn,  sgemv_t) \
  X(fastla_dgemv_fn,  dgemv_n) \
  X(fastla_dgemv_fn,  dgemv_t) \
  X(fastla_sgemm_fn,  sgemm)   \
  X(fastla_dgemm_fn,  dgemm)
/* clang-format on */

/* One function pointer per slot; NULL in an ISA table means "use the
 * reference kernel". */
typedef struct fastla_kernel_table {
#define FASTLA_SLOT_FIELD(type, name) type *name;
  FASTLA_KERNEL_SLOTS(FASTLA_SLOT_FIELD)
#undef FASTLA_SLOT_FIELD
} fastla_kernel_table;

/* Names of the function in each slot, for queries and tracing. */
typedef struct fastla_kernel_names {
#define FASTLA_SLOT_NAME(type, name) const char *name;
  FASTLA_KERNEL_SLOTS(FASTLA_SLOT_NAME)
#undef FASTLA_SLOT_NAME
} fastla_kernel_names;

/* An ISA's table file lists its kernels once, as X(slot, function), and
 * expands the list with these two macros into its table and its names:
 *   #define AVX2_KERNELS(X) X(sdot, fastla_sdot_avx2) X(ddot, ...)
 *   const fastla_kernel_table fastla_avx2_table = {
 *       AVX2_KERNELS(FASTLA_TABLE_ENTRY)};
 *   const fastla_kernel_names fastla_avx2_names = {
 *       AVX2_KERNELS(FASTLA_NAME_ENTRY)}; */
#define FASTLA_TABLE_ENTRY(slot, function) .slot = function,
#define FASTLA_NAME_ENTRY(slot, function)  .slot = #function,

/* The reference table, complete: every slot is set. */
extern const fastla_kernel_table fastla_ref_table;
extern const fastla_kernel_names fastla_ref_names;

/* The SIMD tables (x86-64 builds only): only the slots an ISA accelerates
 * are set; the rest are NULL and fall back to the reference kernels. */
extern const fastla_kernel_table fastla_sse2_table, fastla_avx2_table,
    fastla_avx512_table;
extern const fastla_kernel_names fastla_sse2_names, fastla_avx2_names,
    fastla_avx512_names;

/* Reference kernels, one per file in kernels/ref/. */
fastla_saxpy_fn fastla_saxpy_ref;
fastla_daxpy_fn fastla_daxpy_ref;
fastla_sdot_fn fastla_sdot_ref;
fastla_ddot_fn fastla_ddot_ref;
fastla_snrm2_fn fastla_snrm2_ref;
fastla_dnrm2_fn fastla_dnrm2_ref;
fastla_sgemv_fn fastla_sgemv_n_ref;
fastla_sgemv_fn fastla_sgemv_t_ref;
fastla_dgemv_fn fastla_dgemv_n_ref;
fastla_dgemv_fn fastla_dgemv_t_ref;
fastla_sgemm_fn fastla_sgemm_ref;
fastla_dgemm_fn fastla_dgemm_ref;

#endif /* FASTLA_KERNEL_TABLE_H */
