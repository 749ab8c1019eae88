/* testutil.c - configuration selection, random data, guarded buffers,
 * tolerances and precision-generic call wrappers for the cmocka tests. */
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Configuration                                                            */
/* ------------------------------------------------------------------------ */

static void config_fatal(const char *cfg, const char *what, fastla_status st) {
  fprintf(stderr, "FATAL: config %s: %s: %s\n", cfg, what, fastla_strerror(st));
  exit(1);
}

/* UNAVAILABLE means "not on this machine/build": a skip, never a pass. */
static void config_check(const char *cfg, const char *what, fastla_status st) {
  if (st == FASTLA_ERR_UNAVAILABLE) {
    printf("SKIPPED: config %s cannot run here: %s\n", cfg,
           fastla_strerror(st));
    fflush(stdout);
    exit(77);
  }
  if (st != FASTLA_OK)
    config_fatal(cfg, what, st);
}

static fastla_isa isa_from_name(const char *name) {
  static const fastla_isa all[] = {FASTLA_ISA_SCALAR, FASTLA_ISA_SSE2,
                                   FASTLA_ISA_AVX2, FASTLA_ISA_AVX512};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (strcmp(name, fastla_isa_name(all[i])) == 0)
      return all[i];
  return FASTLA_ISA_AUTO; /* not a concrete ISA */
}

/* simd-<isa> and openmp-<isa>: the backend, capped at the ISA. */
static void select_isa_backend(const char *cfg, fastla_backend backend,
                               const char *isa_name) {
  fastla_isa isa = isa_from_name(isa_name);
  if (isa == FASTLA_ISA_AUTO) {
    fprintf(stderr, "FATAL: config %s names no known ISA\n", cfg);
    exit(1);
  }
  config_check(cfg, "fastla_set_backend", fastla_set_backend(backend));
  config_check(cfg, "fastla_set_isa", fastla_set_isa(isa));
  /* set_isa is a cap: a build without this ISA's kernels could silently run
   * a lower one, and the test would then claim coverage it does not have. */
  if (fastla_get_isa() != isa) {
    fprintf(stderr, "FATAL: config %s: fastla_get_isa() is %s\n", cfg,
            fastla_isa_name(fastla_get_isa()));
    exit(1);
  }
}

const char *fastla_test_select_config(void) {
  const char *cfg = getenv("FASTLA_TEST_CONFIG");
  if (!cfg || !*cfg)
    cfg = "reference";
  if (strcmp(cfg, "reference") == 0)
    config_check(cfg, "fastla_set_backend(REFERENCE)",
                 fastla_set_backend(FASTLA_BACKEND_REFERENCE));
  else if (strncmp(cfg, "simd-", 5) == 0)
    select_isa_backend(cfg, FASTLA_BACKEND_SIMD, cfg + 5);
  else if (strncmp(cfg, "openmp-", 7) == 0)
    select_isa_backend(cfg, FASTLA_BACKEND_OPENMP, cfg + 7);
  else {
    fprintf(stderr, "FATAL: unknown FASTLA_TEST_CONFIG '%s'\n", cfg);
    exit(1);
  }
  printf("config %s: %s\n", cfg, fastla_config_string());
  fflush(stdout);
  return cfg;
}

/* ------------------------------------------------------------------------ */
/* Precision                                                                */
/* ------------------------------------------------------------------------ */

tu_prec tu_prec_float = TU_FLOAT, tu_prec_double = TU_DOUBLE;

double tu_eps(tu_prec p) {
  return p == TU_FLOAT ? FLT_EPSILON : DBL_EPSILON;
}

double tu_round(tu_prec p, double v) {
  return p == TU_FLOAT ? (double)(float)v : v;
}

double tu_max(tu_prec p) {
  return p == TU_FLOAT ? FLT_MAX : DBL_MAX;
}

double tu_min_normal(tu_prec p) {
  return p == TU_FLOAT ? FLT_MIN : DBL_MIN;
}

double tu_true_min(tu_prec p) {
  return p == TU_FLOAT ? FLT_TRUE_MIN : DBL_TRUE_MIN;
}

const char *tu_prec_name(tu_prec p) {
  return p == TU_FLOAT ? "s" : "d";
}

/* ------------------------------------------------------------------------ */
/* Random numbers: splitmix64, small and with good low bits.                */
/* ------------------------------------------------------------------------ */

tu_rng tu_rng_make(uint64_t seed) {
  tu_rng r = {seed * 0x9E3779B97F4A7C15u + 1};
  return r;
}

static uint64_t rng_next(tu_rng *r) {
  uint64_t z = (r->state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

double tu_rng_value(tu_rng *rng) {
  double v;
  do /* 53 random bits mapped onto [-1, 1) */
    v = (double)(rng_next(rng) >> 11) * 0x1p-52 - 1.0;
  while (v == 0);
  return v;
}

/* ------------------------------------------------------------------------ */
/* Guarded buffers                                                          */
/* ------------------------------------------------------------------------ */

/* Quiet NaNs with a payload nobody computes by accident. */
static const uint32_t sentinel_f = 0x7FC0BEEFu;
static const uint64_t sentinel_d = 0x7FF8DEADBEEFCAFEull;

static void put_sentinel(unsigned char *dst, tu_prec p) {
  if (p == TU_FLOAT)
    memcpy(dst, &sentinel_f, sizeof sentinel_f);
  else
    memcpy(dst, &sentinel_d, sizeof sentinel_d);
}

/* Elements in the allocation: leading sentinels, data, trailing guard. */
static size_t alloc_elems(const tu_buf *b) {
  return b->lead + b->len + TU_GUARD;
}

static size_t alloc_bytes(const tu_buf *b) {
  return alloc_elems(b) * b->esize;
}

tu_buf tu_buf_make_at(tu_prec p, size_t len, size_t misalign) {
  tu_buf b = {p,    p == TU_FLOAT ? sizeof(float) : sizeof(double),
              len,  TU_GUARD + misalign,
              NULL, NULL};
  /* TU_GUARD elements are a multiple of TU_ALIGN bytes for both precisions,
   * so data sits exactly misalign elements past an aligned address. */
  size_t bytes = (alloc_bytes(&b) + TU_ALIGN - 1) / TU_ALIGN * TU_ALIGN;
  b.alloc = aligned_alloc(TU_ALIGN, bytes);
  if (!b.alloc) {
    fprintf(stderr, "FATAL: out of memory for %zu elements\n", len);
    abort();
  }
  for (size_t i = 0; i < alloc_elems(&b); i++)
    put_sentinel(b.alloc + i * b.esize, p);
  b.data = b.alloc + b.lead * b.esize;
  return b;
}

tu_buf tu_buf_make(tu_prec p, size_t len) {
  return tu_buf_make_at(p, len, 0);
}

void tu_buf_free(tu_buf *b) {
  free(b->alloc);
  b->alloc = NULL;
  b->data = NULL;
}

void tu_buf_set(tu_buf *b, size_t i, double v) {
  if (b->prec == TU_FLOAT)
    ((float *)b->data)[i] = (float)v;
  else
    ((double *)b->data)[i] = v;
}

double tu_buf_get(const tu_buf *b, size_t i) {
  if (b->prec == TU_FLOAT)
    return ((const float *)b->data)[i];
  return ((const double *)b->data)[i];
}

void tu_buf_fill(tu_buf *b, double v) {
  for (size_t i = 0; i < b->len; i++)
    tu_buf_set(b, i, v);
}

unsigned char *tu_buf_snapshot(const tu_buf *b) {
  unsigned char *s = malloc(alloc_bytes(b));
  if (!s)
    abort();
  memcpy(s, b->alloc, alloc_bytes(b));
  return s;
}

int tu_buf_unchanged(const tu_buf *b, const unsigned char *snap) {
  return memcmp(b->alloc, snap, alloc_bytes(b)) == 0;
}

size_t tu_buf_changed_outside(const tu_buf *b, const unsigned char *snap,
                              const unsigned char *footprint) {
  size_t changed = 0;
  for (size_t i = 0; i < alloc_elems(b); i++) {
    int guard = i < b->lead || i >= b->lead + b->len;
    if (!guard && footprint[i - b->lead])
      continue;
    size_t off = i * b->esize;
    changed += memcmp(b->alloc + off, snap + off, b->esize) != 0;
  }
  return changed;
}

double *tu_buf_widen(const tu_buf *b) {
  double *w = malloc((b->len ? b->len : 1) * sizeof *w);
  if (!w)
    abort();
  for (size_t i = 0; i < b->len; i++)
    w[i] = tu_buf_get(b, i);
  return w;
}

/* ------------------------------------------------------------------------ */
/* Vector and matrix storage                                                */
/* ------------------------------------------------------------------------ */

static size_t iabs64(fastla_int v) {
  return (size_t)(v < 0 ? -v : v);
}

size_t tu_vec_len(fastla_int n, fastla_int inc) {
  return n <= 0 ? 0 : 1 + (size_t)(n - 1) * iabs64(inc);
}

size_t tu_vec_index(fastla_int n, fastla_int inc, fastla_int i) {
  return inc >= 0 ? (size_t)(i * inc) : (size_t)((n - 1 - i) * -inc);
}

size_t tu_mat_index(fastla_layout layout, fastla_int ld, fastla_int r,
                    fastla_int c) {
  return layout == FASTLA_COL_MAJOR ? (size_t)(r + c * ld)
                                    : (size_t)(r * ld + c);
}

size_t tu_mat_len(fastla_layout layout, fastla_int rows, fastla_int cols,
                  fastla_int ld) {
  fastla_int lines = layout == FASTLA_COL_MAJOR ? cols : rows;
  return (size_t)(ld * lines);
}

fastla_int tu_min_ld(fastla_layout layout, fastla_int rows, fastla_int cols) {
  fastla_int span = layout == FASTLA_COL_MAJOR ? rows : cols;
  return span > 1 ? span : 1;
}

tu_buf tu_vec_random_at(tu_prec p, fastla_int n, fastla_int inc,
                        size_t misalign, tu_rng *rng) {
  tu_buf b = tu_buf_make_at(p, tu_vec_len(n, inc), misalign);
  for (fastla_int i = 0; i < n; i++)
    tu_buf_set(&b, tu_vec_index(n, inc, i), tu_rng_value(rng));
  return b;
}

tu_buf tu_vec_random(tu_prec p, fastla_int n, fastla_int inc, tu_rng *rng) {
  return tu_vec_random_at(p, n, inc, 0, rng);
}

tu_buf tu_mat_random_at(tu_prec p, fastla_layout layout, fastla_int rows,
                        fastla_int cols, fastla_int ld, size_t misalign,
                        tu_rng *rng) {
  tu_buf b = tu_buf_make_at(p, tu_mat_len(layout, rows, cols, ld), misalign);
  for (fastla_int r = 0; r < rows; r++)
    for (fastla_int c = 0; c < cols; c++)
      tu_buf_set(&b, tu_mat_index(layout, ld, r, c), tu_rng_value(rng));
  return b;
}

tu_buf tu_mat_random(tu_prec p, fastla_layout layout, fastla_int rows,
                     fastla_int cols, fastla_int ld, tu_rng *rng) {
  return tu_mat_random_at(p, layout, rows, cols, ld, 0, rng);
}

tu_buf tu_vec_from_at(tu_prec p, const double *v, fastla_int n, fastla_int inc,
                      size_t misalign) {
  tu_buf b = tu_buf_make_at(p, tu_vec_len(n, inc), misalign);
  for (fastla_int i = 0; i < (inc == 0 && n > 0 ? 1 : n); i++)
    tu_buf_set(&b, tu_vec_index(n, inc, i), v[i]);
  return b;
}

tu_buf tu_vec_from(tu_prec p, const double *v, fastla_int n, fastla_int inc) {
  return tu_vec_from_at(p, v, n, inc, 0);
}

void tu_vec_fill(tu_buf *b, fastla_int n, fastla_int inc, double v) {
  for (fastla_int i = 0; i < n; i++)
    tu_buf_set(b, tu_vec_index(n, inc, i), v);
}

void tu_mat_fill(tu_buf *b, fastla_layout layout, fastla_int rows,
                 fastla_int cols, fastla_int ld, double v) {
  for (fastla_int r = 0; r < rows; r++)
    for (fastla_int c = 0; c < cols; c++)
      tu_buf_set(b, tu_mat_index(layout, ld, r, c), v);
}

static unsigned char *footprint_make(const tu_buf *b) {
  unsigned char *f = calloc(b->len ? b->len : 1, 1);
  if (!f)
    abort();
  return f;
}

unsigned char *tu_vec_footprint(const tu_buf *b, fastla_int n, fastla_int inc) {
  unsigned char *f = footprint_make(b);
  for (fastla_int i = 0; i < n; i++)
    f[tu_vec_index(n, inc, i)] = 1;
  return f;
}

unsigned char *tu_mat_footprint(const tu_buf *b, fastla_layout layout,
                                fastla_int rows, fastla_int cols,
                                fastla_int ld) {
  unsigned char *f = footprint_make(b);
  for (fastla_int r = 0; r < rows; r++)
    for (fastla_int c = 0; c < cols; c++)
      f[tu_mat_index(layout, ld, r, c)] = 1;
  return f;
}

/* ------------------------------------------------------------------------ */
/* Tolerances                                                               */
/* ------------------------------------------------------------------------ */

int tu_close(double got, long double exact, long double mag, double k,
             double eps) {
  if (isnan(exact) || isnan(got))
    return isnan(exact) && isnan(got);
  if (isinf(exact) || isinf(got))
    return (long double)got == exact;
  long double tol = TU_ERR_C * (k + 2) * eps * mag;
  return fabsl((long double)got - exact) <= tol;
}

int tu_close_rel(double got, long double exact, double k, double eps) {
  return tu_close(got, exact, fabsl(exact), k, eps);
}

/* ------------------------------------------------------------------------ */
/* Calls                                                                    */
/* ------------------------------------------------------------------------ */

void tu_axpy(tu_prec p, fastla_int n, double alpha, const void *x,
             fastla_int incx, void *y, fastla_int incy) {
  if (p == TU_FLOAT)
    fastla_saxpy(n, (float)alpha, x, incx, y, incy);
  else
    fastla_daxpy(n, alpha, x, incx, y, incy);
}

double tu_dot(tu_prec p, fastla_int n, const void *x, fastla_int incx,
              const void *y, fastla_int incy) {
  if (p == TU_FLOAT)
    return fastla_sdot(n, x, incx, y, incy);
  return fastla_ddot(n, x, incx, y, incy);
}

double tu_nrm2(tu_prec p, fastla_int n, const void *x, fastla_int incx) {
  if (p == TU_FLOAT)
    return fastla_snrm2(n, x, incx);
  return fastla_dnrm2(n, x, incx);
}

fastla_status tu_gemv(tu_prec p, fastla_layout layout, fastla_transpose trans,
                      fastla_int m, fastla_int n, double alpha, const void *a,
                      fastla_int lda, const void *x, fastla_int incx,
                      double beta, void *y, fastla_int incy) {
  if (p == TU_FLOAT)
    return fastla_sgemv(layout, trans, m, n, (float)alpha, a, lda, x, incx,
                        (float)beta, y, incy);
  return fastla_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y,
                      incy);
}

fastla_status tu_gemm(tu_prec p, fastla_layout layout, fastla_transpose transa,
                      fastla_transpose transb, fastla_int m, fastla_int n,
                      fastla_int k, double alpha, const void *a, fastla_int lda,
                      const void *b, fastla_int ldb, double beta, void *c,
                      fastla_int ldc) {
  if (p == TU_FLOAT)
    return fastla_sgemm(layout, transa, transb, m, n, k, (float)alpha, a, lda,
                        b, ldb, (float)beta, c, ldc);
  return fastla_dgemm(layout, transa, transb, m, n, k, alpha, a, lda, b, ldb,
                      beta, c, ldc);
}
