/*
 * naive.c - textbook baselines for the benchmarks.
 *
 * These are deliberately the loops a first course writes, compiled with the
 * project's normal flags (-O3 in Release builds, no -march): the speedup
 * columns are measured against them. Honesty note: at -O3 the compiler may
 * still vectorise the unit-stride inner loops of axpy, gemv and
 * blocked_*gemm with baseline SSE2. The reductions (dot, nrm2, gemvt, the
 * i-j-k gemm) stay scalar because reassociating a floating-point sum is not
 * allowed without -ffast-math.
 */
#include "naive.h"

#include <math.h>

void naive_saxpy(int64_t n, float alpha, const float *x, float *y) {
  for (int64_t i = 0; i < n; i++)
    y[i] += alpha * x[i];
}

void naive_daxpy(int64_t n, double alpha, const double *x, double *y) {
  for (int64_t i = 0; i < n; i++)
    y[i] += alpha * x[i];
}

float naive_sdot(int64_t n, const float *x, const float *y) {
  float sum = 0.0f;
  for (int64_t i = 0; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}

double naive_ddot(int64_t n, const double *x, const double *y) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}

/* The textbook sqrt(sum of squares): no scaling, so unlike fastla_?nrm2 it
 * can overflow; the benchmark inputs are in [-1, 1] where it cannot. */
float naive_snrm2(int64_t n, const float *x) {
  float sum = 0.0f;
  for (int64_t i = 0; i < n; i++)
    sum += x[i] * x[i];
  return sqrtf(sum);
}

double naive_dnrm2(int64_t n, const double *x) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; i++)
    sum += x[i] * x[i];
  return sqrt(sum);
}

/* Row by row: y[i] is a dot product of row i of A (stride lda) with x. */
void naive_sgemv(int64_t m, int64_t n, float alpha, const float *a, int64_t lda,
                 const float *x, float beta, float *y) {
  for (int64_t i = 0; i < m; i++) {
    float sum = 0.0f;
    for (int64_t j = 0; j < n; j++)
      sum += a[i + j * lda] * x[j];
    y[i] = alpha * sum + beta * y[i];
  }
}

void naive_dgemv(int64_t m, int64_t n, double alpha, const double *a,
                 int64_t lda, const double *x, double beta, double *y) {
  for (int64_t i = 0; i < m; i++) {
    double sum = 0.0;
    for (int64_t j = 0; j < n; j++)
      sum += a[i + j * lda] * x[j];
    y[i] = alpha * sum + beta * y[i];
  }
}

/* Column by column: y[j] is a dot product of column j of A (unit stride)
 * with x, a reduction, so it stays scalar like dot. */
void naive_sgemv_t(int64_t m, int64_t n, float alpha, const float *a,
                   int64_t lda, const float *x, float beta, float *y) {
  for (int64_t j = 0; j < n; j++) {
    float sum = 0.0f;
    for (int64_t i = 0; i < m; i++)
      sum += a[i + j * lda] * x[i];
    y[j] = alpha * sum + beta * y[j];
  }
}

void naive_dgemv_t(int64_t m, int64_t n, double alpha, const double *a,
                   int64_t lda, const double *x, double beta, double *y) {
  for (int64_t j = 0; j < n; j++) {
    double sum = 0.0;
    for (int64_t i = 0; i < m; i++)
      sum += a[i + j * lda] * x[i];
    y[j] = alpha * sum + beta * y[j];
  }
}

/* Element (i, p) of op(A) is a[i * ars + p * acs] and element (p, j) of
 * op(B) is b[p * brs + j * bcs]: a transpose only swaps the two strides. */
typedef struct gemm_strides {
  int64_t ars, acs, brs, bcs;
} gemm_strides;

static gemm_strides strides_of(int trans_a, int trans_b, int64_t lda,
                               int64_t ldb) {
  gemm_strides s = {trans_a ? lda : 1, trans_a ? 1 : lda, trans_b ? ldb : 1,
                    trans_b ? 1 : ldb};
  return s;
}

void naive_sgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                 float alpha, const float *a, int64_t lda, const float *b,
                 int64_t ldb, float beta, float *c, int64_t ldc) {
  const gemm_strides s = strides_of(trans_a, trans_b, lda, ldb);
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++) {
      float sum = 0.0f;
      for (int64_t p = 0; p < k; p++)
        sum += a[i * s.ars + p * s.acs] * b[p * s.brs + j * s.bcs];
      float *cij = &c[i + j * ldc];
      /* beta == 0 overwrites: C is not read, a NaN there does not survive */
      *cij = beta == 0.0f ? alpha * sum : alpha * sum + beta * *cij;
    }
}

void naive_dgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                 double alpha, const double *a, int64_t lda, const double *b,
                 int64_t ldb, double beta, double *c, int64_t ldc) {
  const gemm_strides s = strides_of(trans_a, trans_b, lda, ldb);
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++) {
      double sum = 0.0;
      for (int64_t p = 0; p < k; p++)
        sum += a[i * s.ars + p * s.acs] * b[p * s.brs + j * s.bcs];
      double *cij = &c[i + j * ldc];
      *cij = beta == 0.0 ? alpha * sum : alpha * sum + beta * *cij;
    }
}

/* Tile sizes for the blocked rung: a MB x KB block of op(A) (128 x 256
 * doubles = 256 KiB, stored either way round) stays in L2 while every
 * column of the current panel of C streams past it. Not tuned per machine
 * on purpose: this rung shows what loop order and blocking alone buy. */
enum { BLOCK_M = 128, BLOCK_K = 256, BLOCK_N = 64 };

static int64_t min64(int64_t a, int64_t b) {
  return a < b ? a : b;
}

/* Each element of C is scaled by beta once, before any accumulation;
 * beta == 0 writes C without reading it, as BLAS requires. */
static void scale_sc(int64_t m, int64_t n, float beta, float *c, int64_t ldc) {
  for (int64_t j = 0; j < n; j++)
    for (int64_t i = 0; i < m; i++)
      c[i + j * ldc] = beta == 0.0f ? 0.0f : beta * c[i + j * ldc];
}

static void scale_dc(int64_t m, int64_t n, double beta, double *c,
                     int64_t ldc) {
  for (int64_t j = 0; j < n; j++)
    for (int64_t i = 0; i < m; i++)
      c[i + j * ldc] = beta == 0.0 ? 0.0 : beta * c[i + j * ldc];
}

/* One tile: C[0:mb, 0:nb] += alpha * op(A)[0:mb, 0:kb] * op(B)[0:kb, 0:nb],
 * a and b pointing at the tile's first element. A not transposed: j-p-i,
 * the inner loop runs down a column of A and of C with unit stride. A
 * transposed: j-i-p, the inner loop is a dot product down a column of the
 * stored A^T (unit stride); running i innermost there would step through
 * A^T by lda. op(B) is read one scalar at a time in both, so its stride
 * matters little. */
static void tile_s(int trans_a, int64_t mb, int64_t nb, int64_t kb, float alpha,
                   const float *a, int64_t lda, const float *b, gemm_strides s,
                   float *c, int64_t ldc) {
  for (int64_t j = 0; j < nb; j++) {
    const float *bj = b + j * s.bcs;
    float *cj = c + j * ldc;
    if (trans_a) {
      for (int64_t i = 0; i < mb; i++) {
        const float *ai = a + i * lda;
        float sum = 0.0f;
        for (int64_t p = 0; p < kb; p++)
          sum += ai[p] * bj[p * s.brs];
        cj[i] += alpha * sum;
      }
    } else {
      for (int64_t p = 0; p < kb; p++) {
        const float bpj = alpha * bj[p * s.brs];
        for (int64_t i = 0; i < mb; i++)
          cj[i] += a[i + p * lda] * bpj;
      }
    }
  }
}

static void tile_d(int trans_a, int64_t mb, int64_t nb, int64_t kb,
                   double alpha, const double *a, int64_t lda, const double *b,
                   gemm_strides s, double *c, int64_t ldc) {
  for (int64_t j = 0; j < nb; j++) {
    const double *bj = b + j * s.bcs;
    double *cj = c + j * ldc;
    if (trans_a) {
      for (int64_t i = 0; i < mb; i++) {
        const double *ai = a + i * lda;
        double sum = 0.0;
        for (int64_t p = 0; p < kb; p++)
          sum += ai[p] * bj[p * s.brs];
        cj[i] += alpha * sum;
      }
    } else {
      for (int64_t p = 0; p < kb; p++) {
        const double bpj = alpha * bj[p * s.brs];
        for (int64_t i = 0; i < mb; i++)
          cj[i] += a[i + p * lda] * bpj;
      }
    }
  }
}

void blocked_sgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                   float alpha, const float *a, int64_t lda, const float *b,
                   int64_t ldb, float beta, float *c, int64_t ldc) {
  const gemm_strides s = strides_of(trans_a, trans_b, lda, ldb);
  scale_sc(m, n, beta, c, ldc);
  for (int64_t jj = 0; jj < n; jj += BLOCK_N)
    for (int64_t pp = 0; pp < k; pp += BLOCK_K)
      for (int64_t ii = 0; ii < m; ii += BLOCK_M)
        tile_s(trans_a, min64(BLOCK_M, m - ii), min64(BLOCK_N, n - jj),
               min64(BLOCK_K, k - pp), alpha, a + ii * s.ars + pp * s.acs, lda,
               b + pp * s.brs + jj * s.bcs, s, c + ii + jj * ldc, ldc);
}

void blocked_dgemm(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                   double alpha, const double *a, int64_t lda, const double *b,
                   int64_t ldb, double beta, double *c, int64_t ldc) {
  const gemm_strides s = strides_of(trans_a, trans_b, lda, ldb);
  scale_dc(m, n, beta, c, ldc);
  for (int64_t jj = 0; jj < n; jj += BLOCK_N)
    for (int64_t pp = 0; pp < k; pp += BLOCK_K)
      for (int64_t ii = 0; ii < m; ii += BLOCK_M)
        tile_d(trans_a, min64(BLOCK_M, m - ii), min64(BLOCK_N, n - jj),
               min64(BLOCK_K, k - pp), alpha, a + ii * s.ars + pp * s.acs, lda,
               b + pp * s.brs + jj * s.bcs, s, c + ii + jj * ldc, ldc);
}
