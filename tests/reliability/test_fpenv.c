/* test_fpenv.c - results against the caller's floating-point environment.
 *
 * libfastla neither reads nor changes the rounding mode or the MXCSR
 * flush-to-zero (FTZ) and denormals-are-zero (DAZ) bits: every operation
 * rounds as the calling thread's environment says (worker threads of the
 * openmp backend start with the default environment: see
 * docs/RELIABILITY.md). What IEEE 754 allows, and this test checks, in
 * every configuration:
 *   - exact results (small integers) are the same values under every
 *     rounding mode and under FTZ/DAZ, for every routine, at sizes on both
 *     sides of the openmp and direct-kernel thresholds (the same bits but
 *     for the sign of an exact zero sum, -0 when rounding downward, as IEEE
 *     754 prescribes);
 *   - inexact results stay within the usual error bound under every
 *     rounding mode (a directed mode at most doubles the rounding error,
 *     which the bound's constant covers), and nrm2's scaling still avoids
 *     overflow and underflow there;
 *   - with the default environment subnormal inputs give results within
 *     the bound plus a few units of the smallest subnormal (gradual
 *     underflow); under FTZ/DAZ subnormals may become zero, so the test
 *     only requires results to stay within the bound that the flushed
 *     inputs give (|error| <= bound + (k + 2) * smallest normal * scale). */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oracle.h"
#include "testutil.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define HAVE_MXCSR 1
#else
#define HAVE_MXCSR 0
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The environments: index 0 is the default, which the others are compared
 * with. */
typedef struct env {
  const char *name;
  int round;   /* FE_* */
  int ftz_daz; /* set MXCSR FTZ (bit 15) and DAZ (bit 6) */
} env;
static const env envs[] = {
    {"nearest", FE_TONEAREST, 0},         {"upward", FE_UPWARD, 0},
    {"downward", FE_DOWNWARD, 0},         {"toward-zero", FE_TOWARDZERO, 0},
    {"nearest+FTZ/DAZ", FE_TONEAREST, 1},
};

static unsigned saved_csr;
static long checks;

static void enter(const env *e) {
  assert_int_equal(fesetround(e->round), 0);
#if HAVE_MXCSR
  saved_csr = _mm_getcsr();
  if (e->ftz_daz)
    _mm_setcsr(saved_csr | 0x8040u);
#else
  (void)saved_csr;
#endif
}

static void leave(void) {
#if HAVE_MXCSR
  _mm_setcsr(saved_csr & ~0x8040u);
#endif
  fesetround(FE_TONEAREST);
}

/* ---- one call of every routine, results into out[] -------------------- */

typedef struct problem {
  tu_prec p;
  fastla_int n1;        /* level 1 length */
  fastla_int m, n, k;   /* gemv m x n, gemm m x n x k */
  tu_buf x, y, a, b, c; /* operands (col-major, ld = rows + 1) */
  tu_buf gx, gy;        /* gemv vectors */
} problem;

/* Fills with v(rng): small integers when exact, else uniform [-1, 1). */
static double draw(tu_rng *rng, int exact, double scale) {
  double v = tu_rng_value(rng);
  return exact ? (double)(int)(v * 4) : v * scale;
}

static problem make(tu_prec p, fastla_int n1, fastla_int m, fastla_int n,
                    fastla_int k, int exact, double scale, tu_rng *rng) {
  problem q = {p,
               n1,
               m,
               n,
               k,
               tu_buf_make(p, (size_t)n1),
               tu_buf_make(p, (size_t)n1),
               tu_buf_make(p, (size_t)((m + 1) * k)),
               tu_buf_make(p, (size_t)((k + 1) * n)),
               tu_buf_make(p, (size_t)((m + 1) * n)),
               tu_buf_make(p, (size_t)n),
               tu_buf_make(p, (size_t)m)};
  tu_buf *all[] = {&q.x, &q.y, &q.a, &q.b, &q.c, &q.gx, &q.gy};
  for (size_t i = 0; i < COUNT(all); i++)
    for (size_t j = 0; j < all[i]->len; j++)
      tu_buf_set(all[i], j, draw(rng, exact, scale));
  return q;
}

static void drop(problem *q) {
  tu_buf *all[] = {&q->x, &q->y, &q->a, &q->b, &q->c, &q->gx, &q->gy};
  for (size_t i = 0; i < COUNT(all); i++)
    tu_buf_free(all[i]);
}

/* Results: [0] dot, [1] nrm2, then axpy's y, gemv's y, gemm's C. */
typedef struct results {
  size_t len;
  double *v;
} results;

static void push(results *r, double v) {
  r->v[r->len++] = v;
}

static results run(const problem *q, double alpha, double beta) {
  tu_prec p = q->p;
  fastla_int m = q->m, n = q->n, k = q->k;
  results r = {0, malloc((2 + (size_t)q->n1 + (size_t)m + (size_t)(m * n)) *
                         sizeof(double))};
  push(&r, tu_dot(p, q->n1, q->x.data, 1, q->y.data, -1));
  push(&r, tu_nrm2(p, q->n1, q->x.data, 1));
  tu_buf y = tu_buf_make(p, q->y.len), gy = tu_buf_make(p, q->gy.len),
         c = tu_buf_make(p, q->c.len);
  memcpy(y.data, q->y.data, y.len * y.esize);
  memcpy(gy.data, q->gy.data, gy.len * gy.esize);
  memcpy(c.data, q->c.data, c.len * c.esize);
  tu_axpy(p, q->n1, alpha, q->x.data, 1, y.data, 1);
  assert_int_equal(tu_gemv(p, FASTLA_COL_MAJOR, FASTLA_NO_TRANS, m, n, alpha,
                           q->a.data, m + 1, q->gx.data, 1, beta, gy.data, 1),
                   FASTLA_OK);
  /* A is (m+1) x k storage: read as m x n with lda m + 1 for gemv (n <= k)
   * and as m x k for gemm. */
  assert_int_equal(tu_gemm(p, FASTLA_COL_MAJOR, FASTLA_NO_TRANS,
                           FASTLA_NO_TRANS, m, n, k, alpha, q->a.data, m + 1,
                           q->b.data, k + 1, beta, c.data, m + 1),
                   FASTLA_OK);
  for (fastla_int i = 0; i < q->n1; i++)
    push(&r, tu_buf_get(&y, (size_t)i));
  for (fastla_int i = 0; i < m; i++)
    push(&r, tu_buf_get(&gy, (size_t)i));
  for (fastla_int j = 0; j < n; j++)
    for (fastla_int i = 0; i < m; i++)
      push(&r, tu_buf_get(&c, (size_t)(i + j * (m + 1))));
  tu_buf_free(&y), tu_buf_free(&gy), tu_buf_free(&c);
  return r;
}

/* The oracle's values and magnitudes in the same order as run(). */
static void expect(const problem *q, double alpha, double beta, long double *ex,
                   long double *mag) {
  fastla_int m = q->m, n = q->n, k = q->k, n1 = q->n1;
  double *x = tu_buf_widen(&q->x), *y = tu_buf_widen(&q->y),
         *a = tu_buf_widen(&q->a), *b = tu_buf_widen(&q->b),
         *c = tu_buf_widen(&q->c), *gx = tu_buf_widen(&q->gx),
         *gy = tu_buf_widen(&q->gy);
  size_t o = 0;
  ex[o] = oracle_dot(n1, x, 1, y, -1, &mag[o]);
  o++;
  ex[o] = oracle_nrm2(n1, x, 1);
  mag[o] = fabsl(ex[o]);
  o++;
  oracle_axpy(n1, alpha, x, 1, y, 1, ex + o, mag + o);
  o += (size_t)n1;
  oracle_gemv(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, m, n, alpha, a, m + 1, gx, 1,
              beta, gy, 1, ex + o, mag + o);
  o += (size_t)m;
  long double *co = calloc((size_t)(m * n) + 1, sizeof *co),
              *cm = calloc((size_t)(m * n) + 1, sizeof *cm);
  oracle_gemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, m, n, k,
              alpha, a, m + 1, b, k + 1, beta, c, m + 1, co, cm);
  for (fastla_int j = 0; j < n; j++)
    for (fastla_int i = 0; i < m; i++, o++)
      ex[o] = co[i * n + j], mag[o] = cm[i * n + j];
  free(co), free(cm), free(x), free(y), free(a), free(b), free(c), free(gx),
      free(gy);
}

/* k of each result's error bound. */
static double depth(const problem *q, size_t o) {
  size_t n1 = (size_t)q->n1, m = (size_t)q->m;
  if (o < 2)
    return (double)q->n1;
  if (o < 2 + n1)
    return 1;
  if (o < 2 + n1 + m)
    return (double)q->n;
  return (double)q->k;
}

/* Two shapes: below every threshold, and past the openmp ones (level 1,
 * gemv m * n, gemm m * n * k) and the direct-kernel one. */
static void shapes(int big, fastla_int *n1, fastla_int *m, fastla_int *n,
                   fastla_int *k) {
  if (!big) {
    *n1 = 37, *m = 19, *n = 13, *k = 29;
    return;
  }
  *n1 = (fastla_int)fastla_get_threshold("nrm2") + 5;
  *m = 173, *n = 171;
  *k = (fastla_int)(fastla_get_threshold("gemm") / (173.0 * 171.0)) + 9;
  if (*k < *n)
    *k = *n;
}

static void exact_results_same_in_every_environment(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(500 + p);
  for (int big = 0; big < 2; big++) {
    fastla_int n1, m, n, k;
    shapes(big, &n1, &m, &n, &k);
    problem q = make(p, n1, m, n, k, 1, 1, &rng);
    results base = run(&q, 2.0, -1.0);
    for (size_t e = 1; e < COUNT(envs); e++) {
      enter(&envs[e]);
      results r = run(&q, 2.0, -1.0);
      leave();
      /* nrm2 (index 1) is not exact: only its bound is checked below.
       * Equal values, not bits: an exact zero sum is -0 when rounding
       * downward (IEEE 754 6.3), +0 otherwise. */
      for (size_t i = 0; i < r.len; i++, checks++)
        if (i != 1 && r.v[i] != base.v[i] &&
            !(isnan(r.v[i]) && isnan(base.v[i])))
          fail_msg("%s, %s: result %zu is %a, under round-to-nearest %a",
                   big ? "large" : "small", envs[e].name, i, r.v[i], base.v[i]);
      free(r.v);
    }
    free(base.v);
    drop(&q);
  }
}

static void inexact_results_within_bound_in_every_environment(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(600 + p);
  /* scale 1, then near the overflow and underflow ends for nrm2's sake. */
  const double scales[] = {1, tu_max(p) / 4, tu_min_normal(p) * 8};
  for (int big = 0; big < 2; big++)
    for (size_t s = 0; s < COUNT(scales); s++) {
      fastla_int n1, m, n, k;
      shapes(big, &n1, &m, &n, &k);
      /* Near overflow, keep the norm itself representable. */
      double scale = s == 1 ? scales[s] / sqrt((double)n1) : scales[s];
      problem q = make(p, n1, m, n, k, 0, scale, &rng);
      size_t len = 2 + (size_t)n1 + (size_t)m + (size_t)(m * n);
      long double *ex = calloc(len, sizeof *ex),
                  *mag = calloc(len, sizeof *mag);
      double alpha = tu_round(p, 0.7), beta = tu_round(p, -0.3);
      expect(&q, alpha, beta, ex, mag);
      for (size_t e = 0; e < COUNT(envs); e++) {
        if (envs[e].ftz_daz && s == 2)
          continue; /* subnormal intermediates: the subnormal test's job */
        enter(&envs[e]);
        results r = run(&q, alpha, beta);
        leave();
        for (size_t i = 0; i < r.len; i++, checks++) {
          /* Extreme scales: only nrm2 is meaningful (the others overflow or
           * underflow by design). */
          if (s != 0 && i != 1)
            continue;
          if (!tu_close(r.v[i], ex[i], mag[i], depth(&q, i), tu_eps(p)))
            fail_msg("%s, scale %g, %s: result %zu is %.17g, expected %.17Lg",
                     big ? "large" : "small", scales[s], envs[e].name, i,
                     r.v[i], ex[i]);
        }
        free(r.v);
      }
      free(ex), free(mag);
      drop(&q);
    }
}

/* Subnormal inputs: x, A and one of y / B subnormal, the other O(1), so that
 * products and sums are subnormal. */
static void subnormal_inputs(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(700 + p);
  double tiny = tu_true_min(p), mn = tu_min_normal(p);
  for (int big = 0; big < 2; big++) {
    fastla_int n1, m, n, k;
    shapes(big, &n1, &m, &n, &k);
    problem q = make(p, n1, m, n, k, 0, 1, &rng);
    /* x, A, gx subnormal: between 1 and 2^10 smallest subnormals. */
    tu_buf *sub[] = {&q.x, &q.a, &q.gx};
    for (size_t i = 0; i < COUNT(sub); i++)
      for (size_t j = 0; j < sub[i]->len; j++)
        tu_buf_set(sub[i], j, tu_rng_value(&rng) * 1024 * tiny);
    tu_buf *small[] = {&q.y, &q.c, &q.gy}; /* so beta * c stays subnormal */
    for (size_t i = 0; i < COUNT(small); i++)
      for (size_t j = 0; j < small[i]->len; j++)
        tu_buf_set(small[i], j, tu_rng_value(&rng) * 512 * tiny);
    size_t len = 2 + (size_t)n1 + (size_t)m + (size_t)(m * n);
    long double *ex = calloc(len, sizeof *ex), *mag = calloc(len, sizeof *mag);
    double alpha = 1, beta = 1;
    expect(&q, alpha, beta, ex, mag);
    for (size_t e = 0; e < COUNT(envs); e++) {
      enter(&envs[e]);
      results r = run(&q, alpha, beta);
      leave();
      for (size_t i = 0; i < r.len; i++, checks++) {
        double kk = depth(&q, i);
        /* Gradual underflow: each rounding errs by at most half a
         * subnormal ulp (a directed mode a whole one). With FTZ/DAZ an
         * input or result below the smallest normal may become zero. */
        long double slack = (kk + 2) * (envs[e].ftz_daz ? mn * 4 : tiny * 2);
        if (i == 1) { /* nrm2 scales: relative accuracy without FTZ/DAZ */
          /* The norm of subnormals may be subnormal itself: relative
           * accuracy down to the subnormal grid, then a few units of it
           * (the openmp backend combines per-chunk norms, each rounded to
           * that grid: measured up to 3 units under directed rounding). */
          if (!envs[e].ftz_daz &&
              !(fabsl((long double)r.v[i] - ex[i]) <=
                TU_ERR_C * (kk + 2) * tu_eps(p) * ex[i] + 64 * tiny))
            fail_msg("%s, %s: nrm2 of subnormals %a, expected %La",
                     big ? "large" : "small", envs[e].name, r.v[i], ex[i]);
          if (envs[e].ftz_daz && !(r.v[i] >= 0 && r.v[i] <= ex[i] * 1.001L))
            fail_msg("%s, %s: nrm2 of subnormals %a, expected 0 .. %La",
                     big ? "large" : "small", envs[e].name, r.v[i], ex[i]);
          continue;
        }
        if (isnan(r.v[i]) ||
            fabsl((long double)r.v[i] - ex[i]) >
                TU_ERR_C * (kk + 2) * tu_eps(p) * mag[i] + slack)
          fail_msg("%s, %s: result %zu is %a, expected %La (bound %La)",
                   big ? "large" : "small", envs[e].name, i, r.v[i], ex[i],
                   (long double)TU_ERR_C * (kk + 2) * tu_eps(p) * mag[i] +
                       slack);
      }
      free(r.v);
    }
    free(ex), free(mag);
    drop(&q);
  }
}

int main(void) {
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      TU_BOTH(exact_results_same_in_every_environment),
      TU_BOTH(inexact_results_within_bound_in_every_environment),
      TU_BOTH(subnormal_inputs),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  printf("environment checks: %ld\n", checks);
  return rc;
}
