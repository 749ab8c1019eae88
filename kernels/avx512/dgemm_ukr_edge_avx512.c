/* dgemm_ukr_edge_avx512.c - the edge microkernel of the AVX-512 double
 * table: the rows x cols corner (rows <= 24, cols <= 8) of a 24 x 8 tile at
 * the bottom or right edge of C, from the same packed panels as
 * dgemm_ukr_avx512.c (contract in kernel_table.h).
 *
 * Why: without it the driver computes the whole 24 x 8 tile into a buffer
 * and copies the valid part out, so an edge tile costs a full tile. That
 * is 11% of the work when m = 64 (tiles of 24, 24 and 16 rows), and the
 * last row of tiles of many ordinary sizes.
 *
 * Register plan: one instance of dgemm_edge per tile shape, with MV = 1,
 * 2 or 3 zmm vectors of A per k step (rows rounded up to 8) and NV = 4 or
 * 8 columns (cols rounded up to 4): MV * NV accumulators, MV loads of A
 * and NV broadcasts of B per k step. The k loop is unrolled by 4 like the
 * full kernel; C is prefetched once C_PREFETCH_STEPS k steps remain. Only
 * the rows x cols corner of C is read (beta != 0) and written: the last
 * vector of each column is masked, columns past cols are skipped. */
#include "avx512_util.h"

#define MR               24
#define NR               8
#define C_PREFETCH_STEPS 48

typedef struct edge_args {
  fastla_int k;
  int rows, cols;
  double alpha, beta;
  const double *a, *b;
  double *c;
  fastla_int ldc;
} edge_args;

/* One k step over the first mv vectors and nv columns. */
static inline __attribute__((always_inline)) void edge_step(const double *a,
                                                            const double *b,
                                                            __m512d acc[3][NR],
                                                            int mv, int nv) {
  __m512d av[3];
#pragma GCC unroll 3
  for (int h = 0; h < mv; h++)
    av[h] = _mm512_load_pd(a + 8 * h);
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) {
    const __m512d bj = _mm512_set1_pd(b[j]);
#pragma GCC unroll 3
    for (int h = 0; h < mv; h++)
      acc[h][j] = _mm512_fmadd_pd(av[h], bj, acc[h][j]);
  }
}

static inline __attribute__((always_inline)) void
edge_steps(const double **a, const double **b, fastla_int steps,
           __m512d acc[3][NR], int mv, int nv) {
  for (fastla_int s = 0; s < steps; s++) {
    edge_step(*a, *b, acc, mv, nv);
    *a += MR;
    *b += NR;
  }
}

/* The tile for one (mv, nv): always inlined into a switch case, so mv and
 * nv are constants and each accumulator lives in a register. */
static inline __attribute__((always_inline)) void dgemm_edge(const edge_args *e,
                                                             int mv, int nv) {
  __m512d acc[3][NR];
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++)
#pragma GCC unroll 3
    for (int h = 0; h < mv; h++)
      acc[h][j] = _mm512_setzero_pd();
  const double *a = e->a, *b = e->b;
  fastla_int early = e->k > C_PREFETCH_STEPS ? e->k - C_PREFETCH_STEPS : 0;
  fastla_int l = 0;
  for (; l + 4 <= early; l += 4)
    edge_steps(&a, &b, 4, acc, mv, nv);
  for (int j = 0; j < e->cols; j++) {
    const double *cj = e->c + j * e->ldc;
    for (int i = 0; i < e->rows; i += 8)
      _mm_prefetch((const char *)(cj + i), _MM_HINT_T0);
    _mm_prefetch((const char *)(cj + e->rows - 1), _MM_HINT_T0);
  }
  for (; l + 4 <= e->k; l += 4)
    edge_steps(&a, &b, 4, acc, mv, nv);
  edge_steps(&a, &b, e->k - l, acc, mv, nv);

  const __m512d va = _mm512_set1_pd(e->alpha), vb = _mm512_set1_pd(e->beta);
  __mmask8 last = fastla_avx512_mask_pd(e->rows - 8 * (mv - 1));
#pragma GCC unroll 8
  for (int j = 0; j < nv; j++) {
    if (j >= e->cols)
      break;
#pragma GCC unroll 3
    for (int h = 0; h < mv; h++) {
      double *cj = e->c + j * e->ldc + 8 * h;
      __mmask8 mask = h == mv - 1 ? last : 0xff;
      /* The full kernel's arithmetic, so that an element's value does not
       * depend on which kernel computed it. beta == 0 must not read C:
       * 0 * NaN would keep a NaN already there. */
      __m512d r = e->beta == 0.0
                      ? _mm512_mul_pd(va, acc[h][j])
                      : _mm512_fmadd_pd(
                            va, acc[h][j],
                            _mm512_mul_pd(vb, _mm512_maskz_loadu_pd(mask, cj)));
      _mm512_mask_storeu_pd(cj, mask, r);
    }
  }
}

void fastla_dgemm_ukr_edge_avx512(fastla_int k, int rows, int cols,
                                  double alpha, const double *a,
                                  const double *b, double beta, double *c,
                                  fastla_int ldc) {
  edge_args e = {k, rows, cols, alpha, beta, a, b, c, ldc};
  int mv = (rows + 7) / 8, wide = cols > 4;
  switch (mv * 2 + wide) {
  case 2:
    dgemm_edge(&e, 1, 4);
    break;
  case 3:
    dgemm_edge(&e, 1, 8);
    break;
  case 4:
    dgemm_edge(&e, 2, 4);
    break;
  case 5:
    dgemm_edge(&e, 2, 8);
    break;
  case 6:
    dgemm_edge(&e, 3, 4);
    break;
  default:
    dgemm_edge(&e, 3, 8);
    break;
  }
}
