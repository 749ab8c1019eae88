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

/* The skinny rule: when op(A) has at most FASTLA_GEMM_SKINNY_BYTES bytes
 * per column (m <= 64 float, 32 double), the direct kernel beats packing
 * whatever n and k are: each element of B then serves only 2m flops, so
 * packing B (a transpose, ~0.1 ns per element) is a large share of the
 * time, while the direct kernel reads B where it is. Measured on Zen 4
 * (1 thread, AVX-512, NN, n = k = 2048, GFLOP/s direct / blocked, repeat
 * runs vary 5-10% on this shared machine): float m = 16 82 / 50, 32 104 /
 * 72, 48 94 / 78, 64 99-101 / 86-90, 80 94 / 92, 128 92 / 100; double
 * m = 8 34 / 21, 16 48 / 31, 24 44 / 35, 32 42-48 / 36-40, 48 45 / 44,
 * 64 43 / 44; n = k = 1024: float m = 32 109 / 92, 64 105 / 101, double
 * m = 16 54 / 40, 32 37 / 39 (n = k = 512: 54 / 48). */
#define FASTLA_GEMM_SKINNY_BYTES 256

static inline int fastla_gemm_is_skinny(fastla_int m, size_t elem) {
  return (size_t)m * elem <= FASTLA_GEMM_SKINNY_BYTES;
}

/* k step of the direct path: the m x kc slice of A it sweeps once per
 * panel of B columns is at most 256 KiB (a quarter of a 1 MiB L2) on the
 * skinny path (m * elem <= 256 bytes), and the A^T buffer stays small. */
#define FASTLA_GEMM_DIRECT_KC 1024

/* C := alpha * op(A) * op(B) + beta * C through the table's direct kernel
 * (k->?gemm_direct set), k in steps of FASTLA_GEMM_DIRECT_KC: op(A) = A^T
 * is first copied, step by step, into a column-major m x kc buffer, since
 * the direct kernel reads A by columns. Same argument rules as the blocked
 * driver; falls back to it when that buffer cannot be allocated. */
void fastla_sgemm_small(const fastla_kernel_table *k, int trans_a, int trans_b,
                        fastla_int m, fastla_int n, fastla_int kk, float alpha,
                        const float *a, fastla_int lda, const float *b,
                        fastla_int ldb, float beta, float *c, fastla_int ldc);
void fastla_dgemm_small(const fastla_kernel_table *k, int trans_a, int trans_b,
                        fastla_int m, fastla_int n, fastla_int kk, double alpha,
                        const double *a, fastla_int lda, const double *b,
                        fastla_int ldb, double beta, double *c, fastla_int ldc);

#endif
