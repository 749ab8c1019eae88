/* dgemm_ukr_edge_avx2.c - the edge microkernel of the AVX2 double table:
 * the rows x cols corner (rows <= 8, cols <= 6) of an 8 x 6 tile at the
 * bottom or right edge of C, from the same packed panels as
 * dgemm_ukr_avx2.c (contract in kernel_table.h).
 *
 * Why: without it the driver computes the whole tile into a buffer and
 * copies the valid part out, so an edge tile costs a full one (n = 64 is
 * ten full columns of tiles and one of 4 columns, a third of it wasted).
 *
 * Register plan: one instance of edge_pass per row count, with MV = 1 or 2
 * ymm vectors of A per k step (rows rounded up to 4), over NV = 3 columns
 * at a time (a second pass for columns 3-5): MV * 3 accumulators, MV loads
 * of A and 3 broadcasts of B per k step, the k loop unrolled by 4 with
 * pointer bumps per step. All 6 columns in one pass (12 accumulators, as in
 * the full kernel) made GCC 12 keep accumulators on the stack here. The
 * epilogue is the full kernel's (alpha * AB, then + beta * C), so an
 * element's value does not depend on which kernel computed it; only the
 * rows x cols corner of C is read (beta != 0) and written, the last vector
 * of each column through vmaskmovpd. */
#include "avx2_util.h"
#include "kernel_table.h"

#define MR 8
#define NR 6
#define NV 3

typedef struct edge_args {
  fastla_int k;
  int rows;
  double alpha, beta;
  const double *a, *b;
  double *c;
  fastla_int ldc;
} edge_args;

/* Lanes 0 .. r-1 of a 4-double vector, 1 <= r <= 4. */
static inline __m256i lanes(int r) {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(r),
                            _mm256_setr_epi64x(0, 1, 2, 3));
}

/* One k step over mv vectors and NV columns; a and b advance. */
static inline __attribute__((always_inline)) void
edge_step(const double **a, const double **b, __m256d acc[2][NV], int mv) {
  __m256d av[2];
#pragma GCC unroll 2
  for (int h = 0; h < mv; h++)
    av[h] = _mm256_load_pd(*a + 4 * h);
#pragma GCC unroll 3
  for (int j = 0; j < NV; j++) {
    const __m256d bj = _mm256_broadcast_sd(*b + j);
#pragma GCC unroll 2
    for (int h = 0; h < mv; h++)
      acc[h][j] = _mm256_fmadd_pd(av[h], bj, acc[h][j]);
  }
  *a += MR;
  *b += NR;
}

/* Columns j0 .. j0 + cols - 1 (cols <= NV) of the corner: always inlined
 * with a constant mv, so each accumulator lives in a register. */
static inline __attribute__((always_inline)) void
edge_pass(const edge_args *e, int mv, int j0, int cols) {
  double *c = e->c + j0 * e->ldc;
  for (int j = 0; j < cols; j++) {
    _mm_prefetch((const char *)(c + j * e->ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + j * e->ldc + e->rows - 1), _MM_HINT_T0);
  }
  __m256d acc[2][NV];
#pragma GCC unroll 3
  for (int j = 0; j < NV; j++)
#pragma GCC unroll 2
    for (int h = 0; h < mv; h++)
      acc[h][j] = _mm256_setzero_pd();
  const double *a = e->a, *b = e->b + j0;
  fastla_int l = 0;
  for (; l + 4 <= e->k; l += 4) {
    edge_step(&a, &b, acc, mv);
    edge_step(&a, &b, acc, mv);
    edge_step(&a, &b, acc, mv);
    edge_step(&a, &b, acc, mv);
  }
  for (; l < e->k; l++)
    edge_step(&a, &b, acc, mv);

  const __m256d va = _mm256_set1_pd(e->alpha), vb = _mm256_set1_pd(e->beta);
  const __m256i last = lanes(e->rows - 4 * (mv - 1)), all = lanes(4);
#pragma GCC unroll 3
  for (int j = 0; j < NV; j++) {
    if (j >= cols)
      break;
#pragma GCC unroll 2
    for (int h = 0; h < mv; h++) {
      double *cj = c + j * e->ldc + 4 * h;
      const __m256i mask = h == mv - 1 ? last : all;
      __m256d r = _mm256_mul_pd(va, acc[h][j]);
      if (e->beta != 0.0) /* beta == 0 must not read C (NaN would stay) */
        r = _mm256_fmadd_pd(vb, _mm256_maskload_pd(cj, mask), r);
      _mm256_maskstore_pd(cj, mask, r);
    }
  }
}

void fastla_dgemm_ukr_edge_avx2(fastla_int k, int rows, int cols, double alpha,
                                const double *a, const double *b, double beta,
                                double *c, fastla_int ldc) {
  edge_args e = {k, rows, alpha, beta, a, b, c, ldc};
  for (int j0 = 0; j0 < cols; j0 += NV) {
    int n = cols - j0 < NV ? cols - j0 : NV;
    if (rows > 4)
      edge_pass(&e, 2, j0, n);
    else
      edge_pass(&e, 1, j0, n);
  }
}
