/* sgemm_ukr_edge_avx512.c - the edge microkernel of the AVX-512 float
 * table: the rows x cols corner (rows <= 32, cols <= 12) of a 32 x 12 tile
 * at the bottom or right edge of C, from the same packed panels as
 * sgemm_ukr_avx512.c (contract in kernel_table.h).
 *
 * Why: without it the driver computes the whole 32 x 12 tile into a buffer
 * and copies the valid part out, so an edge tile costs a full tile. That
 * is 11% of the work when n = 64 (tiles of 12 columns: five full and one
 * of 4), and the last column of tiles of many ordinary sizes (n = 1024).
 *
 * Register plan: one instance of sgemm_edge per tile shape, with MV = 1 or
 * 2 zmm vectors of A per k step (rows rounded up to 16) and NV = 4, 8 or
 * 12 columns (cols rounded up to 4): MV * NV accumulators, MV loads of A
 * and NV broadcasts of B per k step. The k loop is unrolled by 4 like the
 * full kernel; C is prefetched once C_PREFETCH_STEPS k steps remain. Only
 * the rows x cols corner of C is read (beta != 0) and written: the last
 * vector of each column is masked, columns past cols are skipped. */
#include "avx512_util.h"

#define MR               32
#define NR               12
#define C_PREFETCH_STEPS 48

typedef struct edge_args {
  fastla_int k;
  int rows, cols;
  float alpha, beta;
  const float *a, *b;
  float *c;
  fastla_int ldc;
} edge_args;

/* One k step over the first mv vectors and nv columns. */
static inline __attribute__((always_inline)) void
edge_step(const float *a, const float *b, __m512 acc[2][NR], int mv, int nv) {
  __m512 av[2];
#pragma GCC unroll 2
  for (int h = 0; h < mv; h++)
    av[h] = _mm512_load_ps(a + 16 * h);
#pragma GCC unroll 12
  for (int j = 0; j < nv; j++) {
    const __m512 bj = _mm512_set1_ps(b[j]);
#pragma GCC unroll 2
    for (int h = 0; h < mv; h++)
      acc[h][j] = _mm512_fmadd_ps(av[h], bj, acc[h][j]);
  }
}

static inline __attribute__((always_inline)) void
edge_steps(const float **a, const float **b, fastla_int steps,
           __m512 acc[2][NR], int mv, int nv) {
  for (fastla_int s = 0; s < steps; s++) {
    edge_step(*a, *b, acc, mv, nv);
    *a += MR;
    *b += NR;
  }
}

/* The tile for one (mv, nv): always inlined into a switch case, so mv and
 * nv are constants and each accumulator lives in a register. */
static inline __attribute__((always_inline)) void sgemm_edge(const edge_args *e,
                                                             int mv, int nv) {
  __m512 acc[2][NR];
#pragma GCC unroll 12
  for (int j = 0; j < nv; j++)
#pragma GCC unroll 2
    for (int h = 0; h < mv; h++)
      acc[h][j] = _mm512_setzero_ps();
  const float *a = e->a, *b = e->b;
  fastla_int early = e->k > C_PREFETCH_STEPS ? e->k - C_PREFETCH_STEPS : 0;
  fastla_int l = 0;
  for (; l + 4 <= early; l += 4)
    edge_steps(&a, &b, 4, acc, mv, nv);
  for (int j = 0; j < e->cols; j++) {
    const float *cj = e->c + j * e->ldc;
    for (int i = 0; i < e->rows; i += 16)
      _mm_prefetch((const char *)(cj + i), _MM_HINT_T0);
    _mm_prefetch((const char *)(cj + e->rows - 1), _MM_HINT_T0);
  }
  for (; l + 4 <= e->k; l += 4)
    edge_steps(&a, &b, 4, acc, mv, nv);
  edge_steps(&a, &b, e->k - l, acc, mv, nv);

  const __m512 va = _mm512_set1_ps(e->alpha), vb = _mm512_set1_ps(e->beta);
  __mmask16 last = fastla_avx512_mask_ps(e->rows - 16 * (mv - 1));
#pragma GCC unroll 12
  for (int j = 0; j < nv; j++) {
    if (j >= e->cols)
      break;
#pragma GCC unroll 2
    for (int h = 0; h < mv; h++) {
      float *cj = e->c + j * e->ldc + 16 * h;
      __mmask16 mask = h == mv - 1 ? last : 0xffff;
      /* The full kernel's arithmetic, so that an element's value does not
       * depend on which kernel computed it. beta == 0 must not read C:
       * 0 * NaN would keep a NaN already there. */
      __m512 r = e->beta == 0.0f
                     ? _mm512_mul_ps(va, acc[h][j])
                     : _mm512_fmadd_ps(
                           va, acc[h][j],
                           _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(mask, cj)));
      _mm512_mask_storeu_ps(cj, mask, r);
    }
  }
}

void fastla_sgemm_ukr_edge_avx512(fastla_int k, int rows, int cols, float alpha,
                                  const float *a, const float *b, float beta,
                                  float *c, fastla_int ldc) {
  edge_args e = {k, rows, cols, alpha, beta, a, b, c, ldc};
  int mv = (rows + 15) / 16, nv = (cols + 3) / 4;
  switch (mv * 4 + nv) {
  case 5:
    sgemm_edge(&e, 1, 4);
    break;
  case 6:
    sgemm_edge(&e, 1, 8);
    break;
  case 7:
    sgemm_edge(&e, 1, 12);
    break;
  case 9:
    sgemm_edge(&e, 2, 4);
    break;
  case 10:
    sgemm_edge(&e, 2, 8);
    break;
  default:
    sgemm_edge(&e, 2, 12);
    break;
  }
}
