/*
 * problem.c - operands, conventions, calls and checks of one benchmark
 * configuration. See problem.h.
 */
#include "problem.h"

#include "fastla.h"
#include "naive.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile double bench_sink;

static const char *const routine_names[BENCH_ROUTINE_COUNT] = {
    "axpy", "dot", "nrm2", "gemv", "gemvt", "gemm"};

const char *bench_routine_name(bench_routine r) {
  return (unsigned)r < BENCH_ROUTINE_COUNT ? routine_names[r] : "?";
}

bench_routine bench_routine_parse(const char *name) {
  for (int r = 0; r < BENCH_ROUTINE_COUNT; r++)
    if (strcmp(name, routine_names[r]) == 0)
      return (bench_routine)r;
  return BENCH_ROUTINE_COUNT;
}

int bench_routine_is_gemv(bench_routine r) {
  return r == BENCH_GEMV || r == BENCH_GEMV_T;
}

/* xorshift64*: fast enough to fill 2^24-element vectors in a blink, and
 * the values are non-constant so nothing can be folded. */
static double next_uniform(uint64_t *state) {
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  uint64_t bits = *state * 0x2545F4914F6CDD1DULL;
  return (double)(bits >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

static void fill_random(void *buf, size_t count, int dbl, uint64_t *state) {
  for (size_t i = 0; i < count; i++) {
    double v = next_uniform(state);
    if (dbl)
      ((double *)buf)[i] = v;
    else
      ((float *)buf)[i] = (float)v;
  }
}

/* 64-byte aligned so that no implementation is penalised by the harness's
 * allocation; the size is rounded up as aligned_alloc requires. */
static void *alloc_elems(size_t count, size_t esize) {
  size_t bytes = (count * esize + 63) / 64 * 64;
  return aligned_alloc(64, bytes ? bytes : 64);
}

static void operand_counts(bench_problem *p) {
  p->na = p->nb = p->nc = 0;
  switch (p->routine) {
  case BENCH_AXPY:
    p->na = p->nc = (size_t)p->n;
    break;
  case BENCH_DOT:
    p->na = p->nb = (size_t)p->n;
    break;
  case BENCH_NRM2:
    p->na = (size_t)p->n;
    break;
  case BENCH_GEMV:
    p->na = (size_t)(p->m * p->n);
    p->nb = (size_t)p->n;
    p->nc = (size_t)p->m;
    break;
  case BENCH_GEMV_T: /* A^T is n x m: x has m elements, y n */
    p->na = (size_t)(p->m * p->n);
    p->nb = (size_t)p->m;
    p->nc = (size_t)p->n;
    break;
  default:
    p->na = (size_t)(p->m * p->k);
    p->nb = (size_t)(p->k * p->n);
    p->nc = (size_t)(p->m * p->n);
    break;
  }
}

int bench_problem_init(bench_problem *p, bench_routine r, int dbl, int64_t m,
                       int64_t n, int64_t k, uint64_t seed) {
  memset(p, 0, sizeof *p);
  p->routine = r;
  p->dbl = dbl;
  p->m = bench_routine_is_gemv(r) || r == BENCH_GEMM ? m : 1;
  p->n = n;
  p->k = r == BENCH_GEMM ? k : 1;
  p->lda = p->m; /* gemm without transposes; see bench_problem_init_gemm */
  p->ldb = p->k;
  p->esize = dbl ? sizeof(double) : sizeof(float);
  p->alpha = 0.75;
  p->beta = 0.5;
  operand_counts(p);
  p->a = alloc_elems(p->na, p->esize);
  p->b = p->nb ? alloc_elems(p->nb, p->esize) : NULL;
  p->c = p->nc ? alloc_elems(p->nc, p->esize) : NULL;
  p->c0 = p->nc ? alloc_elems(p->nc, p->esize) : NULL;
  if (!p->a || (p->nb && !p->b) || (p->nc && (!p->c || !p->c0))) {
    bench_problem_free(p);
    return -1;
  }
  uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 1;
  fill_random(p->a, p->na, dbl, &state);
  fill_random(p->b, p->nb, dbl, &state);
  fill_random(p->c0, p->nc, dbl, &state);
  bench_problem_reset(p);
  return 0;
}

int bench_problem_init_gemm(bench_problem *p, int dbl, int64_t m, int64_t n,
                            int64_t k, int trans_a, int trans_b,
                            uint64_t seed) {
  if (bench_problem_init(p, BENCH_GEMM, dbl, m, n, k, seed) != 0)
    return -1;
  p->trans_a = trans_a != 0;
  p->trans_b = trans_b != 0;
  p->lda = p->trans_a ? p->k : p->m;
  p->ldb = p->trans_b ? p->n : p->k;
  return 0;
}

void bench_problem_free(bench_problem *p) {
  free(p->a);
  free(p->b);
  free(p->c);
  free(p->c0);
  free(p->expect);
  free(p->tol);
  memset(p, 0, sizeof *p);
}

void bench_problem_reset(bench_problem *p) {
  if (p->nc)
    memcpy(p->c, p->c0, p->nc * p->esize);
  p->result = 0.0;
}

const char *bench_trans_name(int trans_a, int trans_b) {
  static const char *const names[4] = {"NN", "NT", "TN", "TT"};
  return names[(trans_a != 0) * 2 + (trans_b != 0)];
}

void bench_problem_label(const bench_problem *p, char *buf, size_t size) {
  /* NN has no suffix: the labels (and JSON) of untransposed runs stay as
   * they were before transposes existed. */
  if (p->routine == BENCH_GEMM && (p->trans_a || p->trans_b))
    snprintf(buf, size, "%lldx%lldx%lld %s", (long long)p->m, (long long)p->n,
             (long long)p->k, bench_trans_name(p->trans_a, p->trans_b));
  else if (p->routine == BENCH_GEMM)
    snprintf(buf, size, "%lldx%lldx%lld", (long long)p->m, (long long)p->n,
             (long long)p->k);
  else if (bench_routine_is_gemv(p->routine))
    snprintf(buf, size, "%lldx%lld", (long long)p->m, (long long)p->n);
  else
    snprintf(buf, size, "%lld", (long long)p->n);
}

double bench_flops(const bench_problem *p) {
  double m = (double)p->m, n = (double)p->n, k = (double)p->k;
  if (p->routine == BENCH_GEMM)
    return 2.0 * m * n * k;
  if (bench_routine_is_gemv(p->routine))
    return 2.0 * m * n;
  return 2.0 * n;
}

double bench_bytes(const bench_problem *p) {
  double m = (double)p->m, n = (double)p->n, k = (double)p->k;
  double elems;
  switch (p->routine) {
  case BENCH_AXPY:
    elems = 3.0 * n;
    break;
  case BENCH_DOT:
    elems = 2.0 * n;
    break;
  case BENCH_NRM2:
    elems = n;
    break;
  case BENCH_GEMV:
    elems = m * n + n + 2.0 * m;
    break;
  case BENCH_GEMV_T:
    elems = m * n + m + 2.0 * n;
    break;
  default:
    elems = m * k + k * n + 2.0 * m * n;
    break;
  }
  return elems * (double)p->esize;
}

double bench_footprint(const bench_problem *p) {
  return (double)(p->na + p->nb + p->nc) * (double)p->esize;
}

static void run_naive_s(bench_problem *p, int blocked) {
  const float *a = p->a, *b = p->b;
  float *c = p->c, alpha = (float)p->alpha, beta = (float)p->beta;
  switch (p->routine) {
  case BENCH_AXPY:
    naive_saxpy(p->n, alpha, a, c);
    break;
  case BENCH_DOT:
    p->result = naive_sdot(p->n, a, b);
    break;
  case BENCH_NRM2:
    p->result = naive_snrm2(p->n, a);
    break;
  case BENCH_GEMV:
    naive_sgemv(p->m, p->n, alpha, a, p->m, b, beta, c);
    break;
  case BENCH_GEMV_T:
    naive_sgemv_t(p->m, p->n, alpha, a, p->m, b, beta, c);
    break;
  default:
    (blocked ? blocked_sgemm : naive_sgemm)(p->trans_a, p->trans_b, p->m, p->n,
                                            p->k, alpha, a, p->lda, b, p->ldb,
                                            beta, c, p->m);
    break;
  }
}

static void run_naive_d(bench_problem *p, int blocked) {
  const double *a = p->a, *b = p->b;
  double *c = p->c, alpha = p->alpha, beta = p->beta;
  switch (p->routine) {
  case BENCH_AXPY:
    naive_daxpy(p->n, alpha, a, c);
    break;
  case BENCH_DOT:
    p->result = naive_ddot(p->n, a, b);
    break;
  case BENCH_NRM2:
    p->result = naive_dnrm2(p->n, a);
    break;
  case BENCH_GEMV:
    naive_dgemv(p->m, p->n, alpha, a, p->m, b, beta, c);
    break;
  case BENCH_GEMV_T:
    naive_dgemv_t(p->m, p->n, alpha, a, p->m, b, beta, c);
    break;
  default:
    (blocked ? blocked_dgemm : naive_dgemm)(p->trans_a, p->trans_b, p->m, p->n,
                                            p->k, alpha, a, p->lda, b, p->ldb,
                                            beta, c, p->m);
    break;
  }
}

void bench_run_naive(bench_problem *p) {
  if (p->dbl)
    run_naive_d(p, 0);
  else
    run_naive_s(p, 0);
  bench_sink = p->result;
}

void bench_run_blocked(bench_problem *p) {
  if (p->dbl)
    run_naive_d(p, 1);
  else
    run_naive_s(p, 1);
  bench_sink = p->result;
}

int bench_select_backend(fastla_backend backend, fastla_isa isa, int threads) {
  int status = fastla_set_backend(backend);
  if (status == FASTLA_OK && backend != FASTLA_BACKEND_REFERENCE)
    fastla_set_isa(isa);
  if (status == FASTLA_OK && backend == FASTLA_BACKEND_OPENMP)
    fastla_set_num_threads(threads);
  return status;
}

static fastla_transpose fastla_trans(int trans) {
  return trans ? FASTLA_TRANS : FASTLA_NO_TRANS;
}

static int run_fastla_s(bench_problem *p) {
  const float *a = p->a, *b = p->b;
  float *c = p->c, alpha = (float)p->alpha, beta = (float)p->beta;
  switch (p->routine) {
  case BENCH_AXPY:
    fastla_saxpy(p->n, alpha, a, 1, c, 1);
    return 0;
  case BENCH_DOT:
    p->result = fastla_sdot(p->n, a, 1, b, 1);
    return 0;
  case BENCH_NRM2:
    p->result = fastla_snrm2(p->n, a, 1);
    return 0;
  case BENCH_GEMV:
    return fastla_sgemv(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, p->m, p->n, alpha, a,
                        p->m, b, 1, beta, c, 1);
  case BENCH_GEMV_T:
    return fastla_sgemv(FASTLA_COL_MAJOR, FASTLA_TRANS, p->m, p->n, alpha, a,
                        p->m, b, 1, beta, c, 1);
  default:
    return fastla_sgemm(FASTLA_COL_MAJOR, fastla_trans(p->trans_a),
                        fastla_trans(p->trans_b), p->m, p->n, p->k, alpha, a,
                        p->lda, b, p->ldb, beta, c, p->m);
  }
}

static int run_fastla_d(bench_problem *p) {
  const double *a = p->a, *b = p->b;
  double *c = p->c, alpha = p->alpha, beta = p->beta;
  switch (p->routine) {
  case BENCH_AXPY:
    fastla_daxpy(p->n, alpha, a, 1, c, 1);
    return 0;
  case BENCH_DOT:
    p->result = fastla_ddot(p->n, a, 1, b, 1);
    return 0;
  case BENCH_NRM2:
    p->result = fastla_dnrm2(p->n, a, 1);
    return 0;
  case BENCH_GEMV:
    return fastla_dgemv(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, p->m, p->n, alpha, a,
                        p->m, b, 1, beta, c, 1);
  case BENCH_GEMV_T:
    return fastla_dgemv(FASTLA_COL_MAJOR, FASTLA_TRANS, p->m, p->n, alpha, a,
                        p->m, b, 1, beta, c, 1);
  default:
    return fastla_dgemm(FASTLA_COL_MAJOR, fastla_trans(p->trans_a),
                        fastla_trans(p->trans_b), p->m, p->n, p->k, alpha, a,
                        p->lda, b, p->ldb, beta, c, p->m);
  }
}

int bench_run_fastla(bench_problem *p) {
  int status = p->dbl ? run_fastla_d(p) : run_fastla_s(p);
  bench_sink = p->result;
  return status;
}

/* ---- the check ---------------------------------------------------------- */

static double elem(const bench_problem *p, const void *buf, size_t i) {
  return p->dbl ? ((const double *)buf)[i] : (double)((const float *)buf)[i];
}

/* Copies |buf| into doubles, for the magnitude products below. */
static double *abs_copy(const bench_problem *p, const void *buf, size_t n) {
  double *out = malloc((n ? n : 1) * sizeof(double));
  if (out)
    for (size_t i = 0; i < n; i++)
      out[i] = fabs(elem(p, buf, i));
  return out;
}

/* |op(A)||op(B)| (gemm), |A||x| (gemv) or |A|^T|x| (gemvt) into out, the
 * magnitude that bounds the rounding error of each output element. Computed in
 * double with the blocked harness loops: fast enough for the largest shapes.
 * out is zeroed first because the gemv loops read y even when beta is 0, and 0
 * * NaN from fresh memory would poison the bound. */
static int abs_product(const bench_problem *p, double *out) {
  double *a = abs_copy(p, p->a, p->na), *b = abs_copy(p, p->b, p->nb);
  int ok = a && b;
  memset(out, 0, p->nc * sizeof *out);
  if (ok && p->routine == BENCH_GEMM)
    blocked_dgemm(p->trans_a, p->trans_b, p->m, p->n, p->k, 1.0, a, p->lda, b,
                  p->ldb, 0.0, out, p->m);
  else if (ok && p->routine == BENCH_GEMV_T)
    naive_dgemv_t(p->m, p->n, 1.0, a, p->m, b, 0.0, out);
  else if (ok)
    naive_dgemv(p->m, p->n, 1.0, a, p->m, b, 0.0, out);
  free(a);
  free(b);
  return ok ? 0 : -1;
}

/* Rounding-error bound of a length-len dot product scaled by alpha plus
 * beta times the old value: gamma_len * (|alpha| |A||B| + |beta| |c0|),
 * with a safety factor 2 because the expected value carries its own error
 * of the same size, and 2 more for the final scaling and addition. */
static double bound(const bench_problem *p, double len, double absprod,
                    double c0) {
  double u = p->dbl ? DBL_EPSILON / 2 : FLT_EPSILON / 2;
  double beta = p->routine == BENCH_AXPY ? 1.0 : p->beta; /* y := ax + y */
  return 4.0 * (len + 2.0) * u *
             (fabs(p->alpha) * absprod + fabs(beta) * fabs(c0)) +
         (p->dbl ? DBL_MIN : FLT_MIN);
}

static int output_tolerances(bench_problem *p) {
  if (p->routine == BENCH_AXPY) {
    for (size_t i = 0; i < p->nc; i++)
      p->tol[i] = bound(p, 1.0, fabs(elem(p, p->a, i)), elem(p, p->c0, i));
    return 0;
  }
  /* tol doubles as the buffer for |A||B| and is then turned into bounds. */
  if (abs_product(p, p->tol) != 0)
    return -1;
  /* The length of the dot product behind each output element. */
  double len = (double)(p->routine == BENCH_GEMM     ? p->k
                        : p->routine == BENCH_GEMV_T ? p->m
                                                     : p->n);
  for (size_t i = 0; i < p->nc; i++)
    p->tol[i] = bound(p, len, p->tol[i], elem(p, p->c0, i));
  return 0;
}

/* dot: gamma_n * sum |x||y|; nrm2: relative error about n u of the norm. */
static double scalar_tolerance(const bench_problem *p, double expect) {
  double u = p->dbl ? DBL_EPSILON / 2 : FLT_EPSILON / 2;
  double absdot = 0.0;
  for (size_t i = 0; i < p->na; i++)
    absdot += p->routine == BENCH_DOT
                  ? fabs(elem(p, p->a, i) * elem(p, p->b, i))
                  : 0.0;
  double scale = p->routine == BENCH_DOT ? absdot : fabs(expect);
  return 4.0 * ((double)p->n + 2.0) * u * scale + (p->dbl ? DBL_MIN : FLT_MIN);
}

int bench_problem_prepare_check(bench_problem *p) {
  size_t count =
      p->routine == BENCH_DOT || p->routine == BENCH_NRM2 ? 1 : p->nc;
  free(p->expect);
  free(p->tol);
  p->expect = malloc(count * sizeof(double));
  p->tol = malloc(count * sizeof(double));
  if (!p->expect || !p->tol)
    return -1;
  fastla_backend saved = fastla_get_backend();
  fastla_set_backend(FASTLA_BACKEND_REFERENCE);
  bench_problem_reset(p);
  bench_run_fastla(p);
  fastla_set_backend(saved);
  if (count == 1) {
    p->expect[0] = p->result;
    p->tol[0] = scalar_tolerance(p, p->result);
  } else {
    for (size_t i = 0; i < count; i++)
      p->expect[i] = elem(p, p->c, i);
    if (output_tolerances(p) != 0)
      return -1;
  }
  bench_problem_reset(p);
  return 0;
}

static double error_ratio(double got, double want, double tol) {
  double err = fabs(got - want);
  if (err <= tol)
    return err / tol;
  return isnan(err) ? INFINITY : err / tol;
}

int bench_problem_check(const bench_problem *p, double *worst) {
  double w = 0.0;
  if (p->routine == BENCH_DOT || p->routine == BENCH_NRM2) {
    w = error_ratio(p->result, p->expect[0], p->tol[0]);
  } else {
    for (size_t i = 0; i < p->nc; i++) {
      double r = error_ratio(elem(p, p->c, i), p->expect[i], p->tol[i]);
      w = r > w ? r : w;
    }
  }
  *worst = w;
  return w <= 1.0;
}
