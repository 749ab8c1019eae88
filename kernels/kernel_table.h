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

#include <stddef.h>

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
/* gemv kernels: stream is nonzero when the caller's whole matrix is larger
 * than the last-level cache, so A comes from memory (a kernel may then
 * prefetch in software); the caller knows it, a kernel given one chunk of a
 * split call does not. It never changes the result. */
typedef void fastla_sgemv_fn(fastla_int m, fastla_int n, float alpha,
                             const float *a, fastla_int lda, const float *x,
                             fastla_int incx, float beta, float *y,
                             fastla_int incy, int stream);
typedef void fastla_dgemv_fn(fastla_int m, fastla_int n, double alpha,
                             const double *a, fastla_int lda, const double *x,
                             fastla_int incx, double beta, double *y,
                             fastla_int incy, int stream);
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

/* gemm microkernel: the MR x NR tile C := alpha * A * B + beta * C over k
 * (k >= 1) from packed panels. a holds an MR x k micro-panel stored column
 * after column (element (i, l) at a[l * MR + i]); b holds a k x NR
 * micro-panel stored row after row (element (l, j) at b[l * NR + j]); both
 * are 64-byte aligned. C is column-major with leading dimension ldc;
 * beta == 0 writes C without reading it. */
typedef void fastla_sgemm_ukr_fn(fastla_int k, float alpha, const float *a,
                                 const float *b, float beta, float *c,
                                 fastla_int ldc);
typedef void fastla_dgemm_ukr_fn(fastla_int k, double alpha, const double *a,
                                 const double *b, double beta, double *c,
                                 fastla_int ldc);

/* gemm edge microkernel: the rows x cols corner (1 <= rows <= MR,
 * 1 <= cols <= NR) of an MR x NR tile that sticks out of C, from the same
 * packed panels as the microkernel (a still advances MR per k step and b
 * NR); only those rows x cols of C are read (beta != 0) and written. Each
 * element gets the microkernel's arithmetic, so its value does not depend
 * on which of the two computed it. */
typedef void fastla_sgemm_ukr_edge_fn(fastla_int k, int rows, int cols,
                                      float alpha, const float *a,
                                      const float *b, float beta, float *c,
                                      fastla_int ldc);
typedef void fastla_dgemm_ukr_edge_fn(fastla_int k, int rows, int cols,
                                      double alpha, const double *a,
                                      const double *b, double beta, double *c,
                                      fastla_int ldc);

/* gemm on unpacked operands, for products too small to repay packing:
 * C := alpha * A * op(B) + beta * C, column-major, m, n, k >= 1. A is not
 * transposed: element (i, l) at a[i + l * lda]. op(B)(l, j) is
 * b[l * rsb + j * csb] (rsb = 1, csb = ldb for B; rsb = ldb, csb = 1 for
 * B^T). No alignment is assumed; beta == 0 writes C without reading it.
 * The driver packs A^T into a column-major copy before calling it. */
typedef void fastla_sgemm_direct_fn(fastla_int m, fastla_int n, fastla_int k,
                                    float alpha, const float *a, fastla_int lda,
                                    const float *b, fastla_int rsb,
                                    fastla_int csb, float beta, float *c,
                                    fastla_int ldc);
typedef void fastla_dgemm_direct_fn(fastla_int m, fastla_int n, fastla_int k,
                                    double alpha, const double *a,
                                    fastla_int lda, const double *b,
                                    fastla_int rsb, fastla_int csb, double beta,
                                    double *c, fastla_int ldc);

/* gemm packing where the source runs along k (B not transposed, or A
 * transposed), which makes packing a transpose: element (i, l) of the
 * r x k block, 0 <= i < r <= R, is src[i * lds + l]; it is stored at
 * dst[l * R + i], and dst[l * R + i] = 0 for r <= i < R. R is the
 * microkernel's mr or nr; dst is 64-byte aligned, src has no alignment. */
typedef void fastla_sgemm_pack_fn(int R, fastla_int r, fastla_int k,
                                  const float *src, fastla_int lds, float *dst);
typedef void fastla_dgemm_pack_fn(int R, fastla_int r, fastla_int k,
                                  const double *src, fastla_int lds,
                                  double *dst);

/* Register and cache blocking of a gemm microkernel. mr x nr is the tile
 * the microkernel computes (fixed by its register plan). kc, mc, nc are the
 * cache blocks of the driver; 0 means "derive from the detected caches"
 * (src/level3/blocking.c), a non-zero value overrides that for tuning.
 * mr == 0: the table has no microkernel. */
typedef struct fastla_gemm_blocking {
  int mr, nr;
  int kc, mc, nc;
} fastla_gemm_blocking;

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
  X(fastla_dgemm_fn,  dgemm)   \
  X(fastla_sgemm_ukr_fn, sgemm_ukr) \
  X(fastla_dgemm_ukr_fn, dgemm_ukr) \
  X(fastla_sgemm_ukr_edge_fn, sgemm_ukr_edge) \
  X(fastla_dgemm_ukr_edge_fn, dgemm_ukr_edge) \
  X(fastla_sgemm_direct_fn, sgemm_direct) \
  X(fastla_dgemm_direct_fn, dgemm_direct) \
  X(fastla_sgemm_pack_fn, sgemm_pack_t) \
  X(fastla_dgemm_pack_fn, dgemm_pack_t)
/* clang-format on */

/* One function pointer per slot; NULL in an ISA table means "use the
 * reference kernel". The reference table has no gemm microkernel (the
 * reference backend runs the whole reference gemm), so the optional gemm
 * slots (*_ukr, *_ukr_edge, *_direct, *_pack_t) are NULL there: no
 * microkernel means no blocked driver, no edge kernel means edge tiles
 * computed whole into a buffer, no direct kernel means no small-matrix
 * path, no packing kernel means the driver's portable packing. An ISA that sets
 * a microkernel also sets its blocking. */
typedef struct fastla_kernel_table {
#define FASTLA_SLOT_FIELD(type, name) type *name;
  FASTLA_KERNEL_SLOTS(FASTLA_SLOT_FIELD)
#undef FASTLA_SLOT_FIELD
  fastla_gemm_blocking sgemm_blocking, dgemm_blocking;
  /* Set only in the openmp backend's copies of the SIMD tables: the API
   * then splits large calls over threads (src/parallel/). */
  int parallel;
  /* The detected last-level cache in bytes (set at selection, for every
   * table): a gemv whose matrix is larger streams it from memory and
   * passes stream = 1 to its kernel. */
  size_t llc_bytes;
} fastla_kernel_table;

/* The stream flag of a gemv kernel call whose whole matrix (cols columns
 * of lda elements of elem bytes) is given: set when it exceeds the
 * last-level cache. */
static inline int fastla_gemv_streams(const fastla_kernel_table *t,
                                      fastla_int cols, fastla_int lda,
                                      size_t elem) {
  return (double)cols * (double)lda * (double)elem > (double)t->llc_bytes;
}

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

/* The reference table: every slot but the gemm microkernels is set. */
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
