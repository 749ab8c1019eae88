/* test_cblas_results.c - every libfastla_cblas entry point (CBLAS in both
 * layouts, gfortran ABI) against the long-double oracle: values within the
 * error bound, nothing written outside the output's footprint, inputs
 * unchanged, beta == 0 overwriting NaN. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "oracle.h"
#include "shim_calls.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The interfaces and layouts a gemv/gemm test runs through. */
static const struct {
  shim_api api;
  fastla_layout layout;
} routes[] = {{API_CBLAS, FASTLA_COL_MAJOR},
              {API_CBLAS, FASTLA_ROW_MAJOR},
              {API_F77, FASTLA_COL_MAJOR}};

static const fastla_transpose transposes[] = {FASTLA_NO_TRANS, FASTLA_TRANS,
                                              FASTLA_CONJ_TRANS};

/* Fails the test unless every logical element of a vector is close. */
static void check_vector(const tu_buf *y, int n, int inc,
                         const long double *exact, const long double *mag,
                         double k, const char *what) {
  for (int i = 0; i < n; i++) {
    double got = tu_buf_get(y, tu_vec_index(n, inc, i));
    if (!tu_close(got, exact[i], mag[i], k, tu_eps(y->prec)))
      fail_msg("%s: element %d is %.9g, expected %.9Lg", what, i, got,
               exact[i]);
  }
}

static void test_axpy(void **state) {
  tu_prec p = tu_state_prec(state);
  static const int ns[] = {0, 1, 2, 7, 33, 100}, incs[] = {1, 2, -1, -3, 0};
  tu_rng rng = tu_rng_make(11);

  for (shim_api api = API_CBLAS; api <= API_F77; api++)
    for (size_t a = 0; a < COUNT(ns); a++)
      for (size_t b = 0; b < COUNT(incs) * COUNT(incs); b++) {
        int n = ns[a], incx = incs[b % COUNT(incs)];
        int incy = incs[b / COUNT(incs)];
        double alpha = tu_round(p, b % 7 == 3 ? 0.0 : tu_rng_value(&rng));
        tu_buf x = tu_vec_random(p, n, incx, &rng);
        tu_buf y = tu_vec_random(p, n, incy, &rng);
        double *xw = tu_buf_widen(&x), *yw = tu_buf_widen(&y);
        long double *out = calloc(y.len + 1, sizeof *out);
        long double *mag = calloc(y.len + 1, sizeof *mag);
        unsigned char *xs = tu_buf_snapshot(&x), *ys = tu_buf_snapshot(&y);
        unsigned char *fp = tu_vec_footprint(&y, n, incy);
        char what[96];

        snprintf(what, sizeof what, "%s %saxpy n=%d incx=%d incy=%d",
                 shim_api_name(api), tu_prec_name(p), n, incx, incy);
        shim_axpy(api, p, n, alpha, x.data, incx, y.data, incy);
        oracle_axpy(n, alpha, xw, incx, yw, incy, out, mag);
        for (size_t i = 0; i < y.len; i++)
          if (fp[i] &&
              !tu_close(tu_buf_get(&y, i), out[i], mag[i], n, tu_eps(p)))
            fail_msg("%s: y[%zu] is %.9g, expected %.9Lg", what, i,
                     tu_buf_get(&y, i), out[i]);
        assert_true(tu_buf_unchanged(&x, xs));
        if (n == 0 || alpha == 0)
          assert_true(tu_buf_unchanged(&y, ys));
        assert_int_equal(tu_buf_changed_outside(&y, ys, fp), 0);
        free(xw), free(yw), free(out), free(mag), free(xs), free(ys), free(fp);
        tu_buf_free(&x), tu_buf_free(&y);
      }
}

static void test_dot_nrm2(void **state) {
  tu_prec p = tu_state_prec(state);
  static const int ns[] = {-1, 0, 1, 2, 7, 33, 100};
  static const int incs[] = {1, 2, -1, -3, 0};
  tu_rng rng = tu_rng_make(12);

  for (shim_api api = API_CBLAS; api <= API_F77; api++)
    for (size_t a = 0; a < COUNT(ns); a++)
      for (size_t b = 0; b < COUNT(incs) * COUNT(incs); b++) {
        int n = ns[a], incx = incs[b % COUNT(incs)];
        int incy = incs[b / COUNT(incs)];
        tu_buf x = tu_vec_random(p, n, incx, &rng);
        tu_buf y = tu_vec_random(p, n, incy, &rng);
        double *xw = tu_buf_widen(&x), *yw = tu_buf_widen(&y);
        long double mag;
        long double dot = oracle_dot(n, xw, incx, yw, incy, &mag);
        double got = shim_dot(api, p, n, x.data, incx, y.data, incy);

        if (!tu_close(got, dot, mag, n, tu_eps(p)))
          fail_msg("%s %sdot n=%d incx=%d incy=%d: %.9g, expected %.9Lg",
                   shim_api_name(api), tu_prec_name(p), n, incx, incy, got,
                   dot);
        got = shim_nrm2(api, p, n, x.data, incx);
        if (!tu_close_rel(got, oracle_nrm2(n, xw, incx), n, tu_eps(p)))
          fail_msg("%s %snrm2 n=%d incx=%d: %.9g", shim_api_name(api),
                   tu_prec_name(p), n, incx, got);
        free(xw), free(yw);
        tu_buf_free(&x), tu_buf_free(&y);
      }
}

/* One gemv call through the shim, checked against the oracle. */
static void gemv_case(tu_prec p, size_t route, fastla_transpose trans, int m,
                      int n, double alpha, double beta, int incx, int incy,
                      tu_rng *rng) {
  fastla_layout layout = routes[route].layout;
  int lda = (int)tu_min_ld(layout, m, n) + 2;
  int lenx = trans == FASTLA_NO_TRANS ? n : m;
  int leny = trans == FASTLA_NO_TRANS ? m : n;
  tu_buf a = tu_mat_random(p, layout, m, n, lda, rng);
  tu_buf x = tu_vec_random(p, lenx, incx, rng);
  tu_buf y = tu_vec_random(p, leny, incy, rng);
  double *aw = tu_buf_widen(&a), *xw = tu_buf_widen(&x), *yw;
  long double out[64], mag[64];
  unsigned char *as = tu_buf_snapshot(&a), *xs = tu_buf_snapshot(&x), *ys;
  unsigned char *fp = tu_vec_footprint(&y, leny, incy);
  char what[128];

  if (beta == 0)
    tu_vec_fill(&y, leny, incy, NAN); /* must be overwritten, not read */
  yw = tu_buf_widen(&y);
  ys = tu_buf_snapshot(&y);
  snprintf(what, sizeof what,
           "%s %sgemv layout=%d trans=%d m=%d n=%d "
           "alpha=%g beta=%g incx=%d incy=%d",
           shim_api_name(routes[route].api), tu_prec_name(p), layout, trans, m,
           n, alpha, beta, incx, incy);
  shim_gemv(routes[route].api, p, layout, trans, m, n, alpha, a.data, lda,
            x.data, incx, beta, y.data, incy);
  oracle_gemv(layout, trans, m, n, alpha, aw, lda, xw, incx, beta, yw, incy,
              out, mag);
  check_vector(&y, leny, incy, out, mag, lenx, what);
  assert_true(tu_buf_unchanged(&a, as));
  assert_true(tu_buf_unchanged(&x, xs));
  assert_int_equal(tu_buf_changed_outside(&y, ys, fp), 0);
  free(aw), free(xw), free(yw), free(as), free(xs), free(ys), free(fp);
  tu_buf_free(&a), tu_buf_free(&x), tu_buf_free(&y);
}

static void test_gemv(void **state) {
  tu_prec p = tu_state_prec(state);
  static const int sizes[] = {0, 1, 3, 8, 17};
  static const double alphas[] = {0.0, 1.5}, betas[] = {0.0, 1.0, -0.75};
  static const int incs[][2] = {{1, 1}, {-2, 3}, {2, -1}};
  tu_rng rng = tu_rng_make(13);

  for (size_t r = 0; r < COUNT(routes); r++)
    for (size_t t = 0; t < COUNT(transposes); t++)
      for (size_t s = 0; s < COUNT(sizes) * COUNT(sizes); s++)
        for (size_t ab = 0; ab < COUNT(alphas) * COUNT(betas); ab++)
          for (size_t i = 0; i < COUNT(incs); i++)
            gemv_case(p, r, transposes[t], sizes[s % COUNT(sizes)],
                      sizes[s / COUNT(sizes)], alphas[ab % COUNT(alphas)],
                      betas[ab / COUNT(alphas)], incs[i][0], incs[i][1], &rng);
}

/* One gemm call through the shim, checked against the oracle. */
static void gemm_case(tu_prec p, size_t route, fastla_transpose ta,
                      fastla_transpose tb, int m, int n, int k, double alpha,
                      double beta, tu_rng *rng) {
  fastla_layout layout = routes[route].layout;
  int ar = ta == FASTLA_NO_TRANS ? m : k, ac = ta == FASTLA_NO_TRANS ? k : m;
  int br = tb == FASTLA_NO_TRANS ? k : n, bc = tb == FASTLA_NO_TRANS ? n : k;
  int lda = (int)tu_min_ld(layout, ar, ac) + 1;
  int ldb = (int)tu_min_ld(layout, br, bc) + 2;
  int ldc = (int)tu_min_ld(layout, m, n) + 1;
  tu_buf a = tu_mat_random(p, layout, ar, ac, lda, rng);
  tu_buf b = tu_mat_random(p, layout, br, bc, ldb, rng);
  tu_buf c = tu_mat_random(p, layout, m, n, ldc, rng);
  double *aw = tu_buf_widen(&a), *bw = tu_buf_widen(&b), *cw;
  long double *out = calloc((size_t)(m * n) + 1, sizeof *out);
  long double *mag = calloc((size_t)(m * n) + 1, sizeof *mag);
  unsigned char *as = tu_buf_snapshot(&a), *bs = tu_buf_snapshot(&b), *cs;
  unsigned char *fp = tu_mat_footprint(&c, layout, m, n, ldc);

  if (beta == 0)
    tu_mat_fill(&c, layout, m, n, ldc, NAN); /* must not be read */
  cw = tu_buf_widen(&c);
  cs = tu_buf_snapshot(&c);
  shim_gemm(routes[route].api, p, layout, ta, tb, m, n, k, alpha, a.data, lda,
            b.data, ldb, beta, c.data, ldc);
  oracle_gemm(layout, ta, tb, m, n, k, alpha, aw, lda, bw, ldb, beta, cw, ldc,
              out, mag);
  for (int i = 0; i < m * n; i++) {
    double got = tu_buf_get(&c, tu_mat_index(layout, ldc, i / n, i % n));
    if (!tu_close(got, out[i], mag[i], k, tu_eps(p)))
      fail_msg("%s %sgemm layout=%d ta=%d tb=%d m=%d n=%d k=%d alpha=%g "
               "beta=%g: C(%d,%d) is %.9g, expected %.9Lg",
               shim_api_name(routes[route].api), tu_prec_name(p), layout, ta,
               tb, m, n, k, alpha, beta, i / n, i % n, got, out[i]);
  }
  assert_true(tu_buf_unchanged(&a, as));
  assert_true(tu_buf_unchanged(&b, bs));
  assert_int_equal(tu_buf_changed_outside(&c, cs, fp), 0);
  free(aw), free(bw), free(cw), free(out), free(mag);
  free(as), free(bs), free(cs), free(fp);
  tu_buf_free(&a), tu_buf_free(&b), tu_buf_free(&c);
}

static void test_gemm(void **state) {
  tu_prec p = tu_state_prec(state);
  static const int sizes[] = {0, 1, 2, 5, 13};
  static const double ab[][2] = {
      {1.5, 0.0}, {-0.5, 1.0}, {0.75, -1.25}, {0.0, 0.5}, {0.0, 0.0}};
  tu_rng rng = tu_rng_make(14);

  for (size_t r = 0; r < COUNT(routes); r++)
    for (size_t t = 0; t < COUNT(transposes) * COUNT(transposes); t++)
      for (size_t s = 0; s < 125; s++)
        for (size_t i = 0; i < COUNT(ab); i++)
          gemm_case(p, r, transposes[t % 3], transposes[t / 3], sizes[s % 5],
                    sizes[s / 5 % 5], sizes[s / 25], ab[i][0], ab[i][1], &rng);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      TU_BOTH(test_axpy),
      TU_BOTH(test_dot_nrm2),
      TU_BOTH(test_gemv),
      TU_BOTH(test_gemm),
  };
  fastla_test_select_config();
  return cmocka_run_group_tests_name("cblas_results", tests, NULL, NULL);
}
