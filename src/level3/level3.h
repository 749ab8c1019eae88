/* level3.h - the blocked gemm driver (Goto / BLIS algorithm) and what it
 * needs: cache blocking derived from the detected caches, per-thread
 * packing workspace. */
#ifndef FASTLA_LEVEL3_H
#define FASTLA_LEVEL3_H

#include <stddef.h>

#include "dispatch/cpu.h"
#include "kernel_table.h"

/* Fills the zero kc/mc/nc of b from the caches (see blocking.c for the
 * formula), then applies FASTLA_GEMM_BLOCKS overrides, and rounds so that
 * mc % mr == 0 and nc % nr == 0. elem is the element size in bytes. */
void fastla_gemm_blocking_resolve(fastla_gemm_blocking *b, size_t elem,
                                  const fastla_cpu_caches *caches);

/* A 64-byte aligned buffer of at least bytes for the calling thread, kept
 * and reused across calls and freed when the thread exits; NULL when the
 * allocation fails. */
void *fastla_workspace(size_t bytes);

/* C := alpha * op(A) * op(B) + beta * C, column-major, through the packed
 * blocked algorithm and the microkernel of table k (k->?gemm_ukr set).
 * m, n, kk >= 1 and alpha != 0, as for the gemm slot. Falls back to the
 * table's whole-gemm kernel when the workspace cannot be allocated. */
void fastla_sgemm_blocked(const fastla_kernel_table *k, int trans_a,
                          int trans_b, fastla_int m, fastla_int n,
                          fastla_int kk, float alpha, const float *a,
                          fastla_int lda, const float *b, fastla_int ldb,
                          float beta, float *c, fastla_int ldc);
void fastla_dgemm_blocked(const fastla_kernel_table *k, int trans_a,
                          int trans_b, fastla_int m, fastla_int n,
                          fastla_int kk, double alpha, const double *a,
                          fastla_int lda, const double *b, fastla_int ldb,
                          double beta, double *c, fastla_int ldc);

/* The small-matrix rule: products with m * n * k at most this go to the
 * table's direct kernel (no packing) when it has one. Measured on Zen 4:
 * see fastla_gemm_is_small's users in src/api/gemm.c. */
#define FASTLA_GEMM_SMALL_MNK (96 * 96 * 96)

static inline int fastla_gemm_is_small(fastla_int m, fastla_int n,
                                       fastla_int k) {
  return (double)m * (double)n * (double)k <= (double)FASTLA_GEMM_SMALL_MNK;
}

/* C := alpha * op(A) * op(B) + beta * C through the table's direct kernel
 * (k->?gemm_direct set): op(A) = A^T is first copied into a column-major
 * m x k buffer, since the direct kernel reads A by columns. Same argument
 * rules as the blocked driver; falls back to it when that buffer cannot be
 * allocated. */
void fastla_sgemm_small(const fastla_kernel_table *k, int trans_a, int trans_b,
                        fastla_int m, fastla_int n, fastla_int kk, float alpha,
                        const float *a, fastla_int lda, const float *b,
                        fastla_int ldb, float beta, float *c, fastla_int ldc);
void fastla_dgemm_small(const fastla_kernel_table *k, int trans_a, int trans_b,
                        fastla_int m, fastla_int n, fastla_int kk, double alpha,
                        const double *a, fastla_int lda, const double *b,
                        fastla_int ldb, double beta, double *c, fastla_int ldc);

#endif
