/*
 * naive.h - the textbook loops the benchmarks use as a baseline, and the
 * second rung of the gemm ladder (loop order + cache blocking). Plain C,
 * compiled with the project's normal flags and no ISA flags.
 *
 * All matrices are column-major with unit-stride vectors, the BLAS default.
 */
#ifndef FASTLA_BENCH_NAIVE_H
#define FASTLA_BENCH_NAIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void naive_saxpy(int64_t n, float alpha, const float *x, float *y);
void naive_daxpy(int64_t n, double alpha, const double *x, double *y);
float naive_sdot(int64_t n, const float *x, const float *y);
double naive_ddot(int64_t n, const double *x, const double *y);
float naive_snrm2(int64_t n, const float *x);
double naive_dnrm2(int64_t n, const double *x);

/* y := alpha * A * x + beta * y, A is m x n with leading dimension lda. */
void naive_sgemv(int64_t m, int64_t n, float alpha, const float *a, int64_t lda,
                 const float *x, float beta, float *y);
void naive_dgemv(int64_t m, int64_t n, double alpha, const double *a,
                 int64_t lda, const double *x, double beta, double *y);

/* y := alpha * A^T * x + beta * y, A is m x n: x has m elements, y n. */
void naive_sgemv_t(int64_t m, int64_t n, float alpha, const float *a,
                   int64_t lda, const float *x, float beta, float *y);
void naive_dgemv_t(int64_t m, int64_t n, double alpha, const double *a,
                   int64_t lda, const double *x, double beta, double *y);

/* C := alpha * op(A) * op(B) + beta * C with the i-j-k triple loop (a dot
 * product per element of C). op(A) is m x k: A itself (m x k, lda >= m) or,
 * with trans_a, A^T where A is stored k x m (lda >= k). op(B) is k x n: B
 * (k x n, ldb >= k) or, with trans_b, B^T where B is stored n x k
 * (ldb >= n). C is m x n. trans_a and trans_b are 0 or 1. */
void naive_sgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                 float alpha, const float *a, int64_t lda, const float *b,
                 int64_t ldb, float beta, float *c, int64_t ldc);
void naive_dgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                 double alpha, const double *a, int64_t lda, const double *b,
                 int64_t ldb, double beta, double *c, int64_t ldc);

/* The same product with the loops reordered and tiled so that a block of A
 * stays in cache while it is reused: j-p-i (unit stride down A and C) when
 * A is not transposed, j-i-p (unit stride down a column of the stored A^T)
 * when it is. Still plain C: what a careful programmer writes without
 * intrinsics. */
void blocked_sgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                   float alpha, const float *a, int64_t lda, const float *b,
                   int64_t ldb, float beta, float *c, int64_t ldc);
void blocked_dgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                   double alpha, const double *a, int64_t lda, const double *b,
                   int64_t ldb, double beta, double *c, int64_t ldc);

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_BENCH_NAIVE_H */
