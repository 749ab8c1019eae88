/* parallel_body.h - the openmp backend's routines, written once for both
 * precisions: sparallel.c and dparallel.c define PAR_T (float or double)
 * and PAR_P (s or d) and include it. The scheme is in parallel.h. */
#include "level3/level3.h"
#include "parallel/parallel.h"

#define PAR_PASTE_(a, b) a##b
#define PAR_PASTE(a, b)  PAR_PASTE_(a, b)
/* PAR_SLOT(dot) is sdot or ddot; PAR_FN(dot_par) is fastla_sdot_par. */
#define PAR_SLOT(x) PAR_PASTE(PAR_P, x)
#define PAR_FN(x)   PAR_PASTE(fastla_, PAR_PASTE(PAR_P, x))

/* Level-1 chunks: at least CHUNK_MIN elements, at most MAX_CHUNKS of
 * them, whole multiples of 64 elements. A function of n alone. */
enum { MAX_CHUNKS = 1024, CHUNK_MIN = 4096 };

static fastla_int chunk_len(fastla_int n, fastla_int min, fastla_int most) {
  fastla_int len = (n + most - 1) / most;
  if (len < min)
    len = min;
  return (len + 63) / 64 * 64;
}

/* Threads for axpy and dot: each gets at least half the threshold. */
static int level1_threads(fastla_int n) {
  return fastla_par_threads((double)n, FASTLA_PAR_LEVEL1_MIN / 2);
}

/* ---- dot and nrm2: per-chunk results, combined in chunk order ---------- */

typedef struct vec_job {
  const fastla_kernel_table *t;
  fastla_int n, len, incx, incy;
  const PAR_T *x, *y;
  PAR_T alpha, *out; /* dot, nrm2: one result per chunk; axpy: y */
} vec_job;

static void dot_chunks(void *ctx, fastla_int from, fastla_int to) {
  const vec_job *j = ctx;
  for (fastla_int c = from; c < to; c++) {
    fastla_int at = c * j->len, len = j->n - at < j->len ? j->n - at : j->len;
    j->out[c] = j->t->PAR_SLOT(dot)(len, j->x + at * j->incx, j->incx,
                                    j->y + at * j->incy, j->incy);
  }
}

PAR_T PAR_FN(dot_par)(const fastla_kernel_table *t, fastla_int n,
                      const PAR_T *x, fastla_int incx, const PAR_T *y,
                      fastla_int incy) {
  if (n < FASTLA_PAR_LEVEL1_MIN)
    return t->PAR_SLOT(dot)(n, x, incx, y, incy);
  PAR_T part[MAX_CHUNKS];
  vec_job j = {t, n,   chunk_len(n, CHUNK_MIN, MAX_CHUNKS), incx, incy, x, y,
               0, part};
  fastla_int count = (n + j.len - 1) / j.len;
  fastla_par_for_claims(level1_threads(n), count, dot_chunks, &j);
  double sum = 0; /* in chunk order, in double for the float case too */
  for (fastla_int c = 0; c < count; c++)
    sum += part[c];
  return (PAR_T)sum;
}

static void nrm2_chunks(void *ctx, fastla_int from, fastla_int to) {
  const vec_job *j = ctx;
  for (fastla_int c = from; c < to; c++) {
    fastla_int at = c * j->len, len = j->n - at < j->len ? j->n - at : j->len;
    j->out[c] = j->t->PAR_SLOT(nrm2)(len, j->x + at * j->incx, j->incx);
  }
}

/* ||x|| is the norm of the vector of chunk norms: the same scaled, NaN- and
 * Inf-aware kernel combines them. */
PAR_T PAR_FN(nrm2_par)(const fastla_kernel_table *t, fastla_int n,
                       const PAR_T *x, fastla_int incx) {
  if (n < FASTLA_PAR_NRM2_MIN)
    return t->PAR_SLOT(nrm2)(n, x, incx);
  PAR_T part[MAX_CHUNKS];
  vec_job j = {t, n,   chunk_len(n, CHUNK_MIN, MAX_CHUNKS), incx, 0, x, NULL,
               0, part};
  fastla_int count = (n + j.len - 1) / j.len;
  fastla_par_for_claims(fastla_par_threads((double)n, FASTLA_PAR_NRM2_MIN / 2),
                        count, nrm2_chunks, &j);
  return t->PAR_SLOT(nrm2)(count, part, 1);
}

/* ---- axpy: independent chunks ------------------------------------------ */

static void axpy_chunks(void *ctx, fastla_int from, fastla_int to) {
  const vec_job *j = ctx;
  for (fastla_int c = from; c < to; c++) {
    fastla_int at = c * j->len, len = j->n - at < j->len ? j->n - at : j->len;
    j->t->PAR_SLOT(axpy)(len, j->alpha, j->x + at * j->incx, j->incx,
                         j->out + at * j->incy, j->incy);
  }
}

void PAR_FN(axpy_par)(const fastla_kernel_table *t, fastla_int n, PAR_T alpha,
                      const PAR_T *x, fastla_int incx, PAR_T *y,
                      fastla_int incy) {
  /* incy == 0 makes every update hit one element: not splittable. */
  if (n < FASTLA_PAR_LEVEL1_MIN || incy == 0) {
    t->PAR_SLOT(axpy)(n, alpha, x, incx, y, incy);
    return;
  }
  vec_job j = {
      t, n, chunk_len(n, CHUNK_MIN, MAX_CHUNKS), incx, incy, x, NULL, alpha, y};
  fastla_par_for_claims(level1_threads(n), (n + j.len - 1) / j.len, axpy_chunks,
                        &j);
}

/* ---- gemv ----------------------------------------------------------------
 * A^T x cuts A into column blocks: each element of y is one kernel call's
 * dot product over the whole of x, and each thread streams a contiguous
 * block of A. A x cuts A into column blocks too, so that each thread
 * streams contiguous memory (row blocks would read short runs of every
 * column): block c gives a partial product p_c = A_c x_c, and
 * y = alpha (p_0 + p_1 + ...) + beta y is summed in block order. The
 * partial products sit part_ld elements apart: whole cache lines plus one,
 * so that for m = 4096 they are not a multiple of 4 KB apart and do not
 * compete for the same cache sets while the sum reads them. */

typedef struct gemv_job {
  const fastla_kernel_table *t;
  fastla_int m, n, len, lda, incx, incy;
  PAR_T alpha, beta;
  const PAR_T *a, *x;
  PAR_T *y, *part; /* part: A x's partial products, one per block */
  fastla_int count, part_ld;
  int stream; /* the whole A is beyond the last-level cache */
} gemv_job;

static void gemv_t_chunks(void *ctx, fastla_int from, fastla_int to) {
  const gemv_job *j = ctx;
  for (fastla_int c = from; c < to; c++) {
    fastla_int at = c * j->len, len = j->n - at < j->len ? j->n - at : j->len;
    j->t->PAR_SLOT(gemv_t)(j->m, len, j->alpha, j->a + at * j->lda, j->lda,
                           j->x, j->incx, j->beta, j->y + at * j->incy, j->incy,
                           j->stream);
  }
}

static void gemv_n_chunks(void *ctx, fastla_int from, fastla_int to) {
  const gemv_job *j = ctx;
  for (fastla_int c = from; c < to; c++) {
    fastla_int at = c * j->len, len = j->n - at < j->len ? j->n - at : j->len;
    j->t->PAR_SLOT(gemv_n)(j->m, len, 1, j->a + at * j->lda, j->lda,
                           j->x + at * j->incx, j->incx, 0,
                           j->part + c * j->part_ld, 1, j->stream);
  }
}

enum { SUM_ROWS = 1024 }; /* rows per piece of the final sum */
enum { SUM_RUN = 256 };   /* rows summed at a time within a piece */

/* y[i0..i0+len) from the partial products: each partial adds its run of
 * rows into acc in turn, so every element still sums the blocks in order
 * and the loads are contiguous (vectorised). Summing one element at a time
 * across all partials instead cost ~3% of a 4096 x 4096 call with 16
 * blocks and ~20% with 64. */
static void gemv_n_sum_run(const gemv_job *j, fastla_int i0, fastla_int len) {
  PAR_T acc[SUM_RUN];
  const PAR_T *p = j->part + i0;
  for (fastla_int i = 0; i < len; i++)
    acc[i] = p[i];
  for (fastla_int c = 1; c < j->count; c++)
    for (fastla_int i = 0; i < len; i++)
      acc[i] += p[c * j->part_ld + i];
  PAR_T *y = j->y + i0 * j->incy;
  for (fastla_int i = 0; i < len; i++) /* beta == 0: y is not read */
    y[i * j->incy] = j->beta == 0
                         ? j->alpha * acc[i]
                         : j->alpha * acc[i] + j->beta * y[i * j->incy];
}

static void gemv_n_sum(void *ctx, fastla_int from, fastla_int to) {
  const gemv_job *j = ctx;
  fastla_int end = to * SUM_ROWS < j->m ? to * SUM_ROWS : j->m;
  for (fastla_int i = from * SUM_ROWS; i < end; i += SUM_RUN)
    gemv_n_sum_run(j, i, end - i < SUM_RUN ? end - i : SUM_RUN);
}

void PAR_FN(gemv_par)(const fastla_kernel_table *t, int trans, fastla_int m,
                      fastla_int n, PAR_T alpha, const PAR_T *a, fastla_int lda,
                      const PAR_T *x, fastla_int incx, PAR_T beta, PAR_T *y,
                      fastla_int incy) {
  double work = (double)m * (double)n;
  PAR_PASTE(PAR_PASTE(fastla_, PAR_P), gemv_fn) *plain =
      trans ? t->PAR_SLOT(gemv_t) : t->PAR_SLOT(gemv_n);
  int stream = fastla_gemv_streams(t, n, lda, sizeof *a);
  if (work < FASTLA_PAR_GEMV_MIN) {
    plain(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  /* Column blocks: at least 64 columns for A^T x; at least 256 and at
   * most 16 blocks for A x, which keeps the partial products small. */
  gemv_job j = {
      t,    m,    n,    chunk_len(n, trans ? 64 : 256, trans ? 64 : 16),
      lda,  incx, incy, alpha,
      beta, a,    x,    y,
      NULL, 0,    0,    stream};
  j.count = (n + j.len - 1) / j.len;
  j.part_ld = (m + 15) / 16 * 16 + 16;
  int nt = fastla_par_threads(work, FASTLA_PAR_GEMV_MIN / 2);
  if (trans) {
    fastla_par_for_claims(nt, j.count, gemv_t_chunks, &j);
    return;
  }
  j.part =
      fastla_workspace((size_t)j.count * (size_t)j.part_ld * sizeof *j.part);
  if (!j.part) { /* no memory for the partial products: one plain call */
    plain(m, n, alpha, a, lda, x, incx, beta, y, incy, stream);
    return;
  }
  fastla_par_for_claims(nt, j.count, gemv_n_chunks, &j);
  fastla_par_for_claims(nt, (m + SUM_ROWS - 1) / SUM_ROWS, gemv_n_sum, &j);
}

/* ---- gemm: a partition of C along the tile grid ---------------------------
 * The larger of m and n is cut into whole mr (or nr) tiles, one range per
 * thread; each thread runs the blocked driver on its part with its own
 * packing buffers, or the direct path when the whole product is skinny
 * (level3.h; decided on the whole m, so every thread count takes the same
 * path). */

typedef struct gemm_job {
  const fastla_kernel_table *t;
  int trans_a, trans_b, by_cols, unit, skinny;
  fastla_int m, n, k, lda, ldb, ldc;
  PAR_T alpha, beta;
  const PAR_T *a, *b;
  PAR_T *c;
} gemm_job;

typedef void gemm_path_fn(const fastla_kernel_table *t, int trans_a,
                          int trans_b, fastla_int m, fastla_int n, fastla_int k,
                          PAR_T alpha, const PAR_T *a, fastla_int lda,
                          const PAR_T *b, fastla_int ldb, PAR_T beta, PAR_T *c,
                          fastla_int ldc);

static void gemm_part(void *ctx, fastla_int from, fastla_int to) {
  const gemm_job *j = ctx;
  gemm_path_fn *path = j->skinny ? PAR_FN(gemm_small) : PAR_FN(gemm_blocked);
  fastla_int dim = j->by_cols ? j->n : j->m;
  fastla_int lo = from * j->unit, hi = to * j->unit < dim ? to * j->unit : dim;
  if (j->by_cols) /* columns lo..hi of op(B) and C */
    path(j->t, j->trans_a, j->trans_b, j->m, hi - lo, j->k, j->alpha, j->a,
         j->lda, j->b + lo * (j->trans_b ? 1 : j->ldb), j->ldb, j->beta,
         j->c + lo * j->ldc, j->ldc);
  else /* rows lo..hi of op(A) and C */
    path(j->t, j->trans_a, j->trans_b, hi - lo, j->n, j->k, j->alpha,
         j->a + lo * (j->trans_a ? j->lda : 1), j->lda, j->b, j->ldb, j->beta,
         j->c + lo, j->ldc);
}

void PAR_FN(gemm_par)(const fastla_kernel_table *t, int trans_a, int trans_b,
                      fastla_int m, fastla_int n, fastla_int k, PAR_T alpha,
                      const PAR_T *a, fastla_int lda, const PAR_T *b,
                      fastla_int ldb, PAR_T beta, PAR_T *c, fastla_int ldc) {
  const fastla_gemm_blocking *bl = &t->PAR_SLOT(gemm_blocking);
  int by_cols = n >= m, unit = by_cols ? bl->nr : bl->mr;
  fastla_int tiles = ((by_cols ? n : m) + unit - 1) / unit;
  double work = (double)m * (double)n * (double)k;
  int nt = work < FASTLA_PAR_GEMM_MIN
               ? 1
               : fastla_par_threads(work, FASTLA_PAR_GEMM_MIN / 2);
  int skinny = t->PAR_SLOT(gemm_direct) && fastla_gemm_is_skinny(m, sizeof *a);
  gemm_job j = {t,   trans_a, trans_b, by_cols, unit, skinny, m, n, k,
                lda, ldb,     ldc,     alpha,   beta, a,      b, c};
  fastla_par_for(nt, tiles, gemm_part, &j);
}
