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
 * table's direct kernel (no packing) when it has one. Measured on Zen 4
 * (1 thread, direct / blocked time ratio through fastla_?gemm, NN, AVX-512;
 * the direct path wins where > 1):
 *   square n = 8 4.3-4.8, 16 2.7-5.5, 24 1.4-2.4, 32 1.6-2.0, 48 1.2-2.0,
 *     64 1.3-1.5, 96 1.1-1.2, 128 1.1-1.3, 160 1.1-1.2, 256 1.09,
 *     384 1.05, 512 1.06 (s) / 0.99 (d);
 *   skinny 512x8x512 2.1-3.3, 1024x16x64 1.5-2.2, 16x16x4096 2.6-4.4,
 *     256x256x16 1.1-1.2, 64x64x512 1.1-1.5; B^T (NT) alike; AVX2 alike
 *     (n = 96 1.16-1.19, 160 1.11-1.12).
 * So the direct kernel stops winning near 512^3 on one thread, but the
 * limit is set just below 128^3, where the openmp backend starts to split
 * gemm over threads (FASTLA_PAR_GEMM_MIN in parallel/parallel.h): the
 * direct path is taken first and is single-threaded, and 2 threads (1.56-
 * 1.59 times the 1-thread blocked path at 128^3, measured there) beat its
 * 1.1-1.3 from 128^3 on. Transposed A is the exception: the driver's A^T copy
 * (?gemm_small.c) costs more than the product when n is small (TN
 * 512x32x64 0.35-0.52, 256x8x256 0.2-0.24, 64x8x64 0.6-0.8; square
 * 96-128 0.74-1.0). */
#define FASTLA_GEMM_SMALL_MNK (128 * 128 * 128 - 1)

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
