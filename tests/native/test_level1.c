/* test_level1.c - fastla_{s,d}axpy, fastla_{s,d}dot, fastla_{s,d}nrm2
 * against the long-double oracle and exact hand-computed cases. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "oracle.h"
#include "testutil.h"

static const fastla_int sizes[] = {0, 1, 2, 3, 7, 13, 31, 67, 257, 1000};
static const fastla_int incs[] = {1, -1, 2, -2, 0};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* axpy                                                                     */
/* ------------------------------------------------------------------------ */

/* One random axpy call checked against the oracle: y within the bound, the
 * gaps and guards of y and all of x untouched. Returns 1 if it passed. */
static int axpy_case(tu_prec p, fastla_int n, double alpha, fastla_int incx,
                     fastla_int incy, tu_rng *rng) {
  tu_buf x = tu_vec_random(p, n, incx, rng);
  tu_buf y = tu_vec_random(p, n, incy, rng);
  double *xw = tu_buf_widen(&x), *yw = tu_buf_widen(&y);
  long double *want = malloc((y.len + 1) * sizeof *want);
  long double *mag = malloc((y.len + 1) * sizeof *mag);
  oracle_axpy(n, alpha, xw, incx, yw, incy, want, mag);
  unsigned char *xs = tu_buf_snapshot(&x), *ys = tu_buf_snapshot(&y);
  unsigned char *fp = tu_vec_footprint(&y, n, incy);

  tu_axpy(p, n, alpha, x.data, incx, y.data, incy);

  int ok = tu_buf_unchanged(&x, xs) && !tu_buf_changed_outside(&y, ys, fp);
  double k = incy == 0 ? (double)n : 1; /* incy == 0 sums n updates */
  for (size_t j = 0; j < y.len; j++)
    if (fp[j] && !tu_close(tu_buf_get(&y, j), want[j], mag[j], k, tu_eps(p)))
      ok = 0;
  if (!ok)
    print_error("%saxpy n=%ld alpha=%g incx=%ld incy=%ld failed\n",
                tu_prec_name(p), (long)n, alpha, (long)incx, (long)incy);
  free(want), free(mag), free(xw), free(yw), free(xs), free(ys), free(fp);
  tu_buf_free(&x), tu_buf_free(&y);
  return ok;
}

static void axpy_matches_oracle_all_sizes_and_increments(void **state) {
  tu_prec p = tu_state_prec(state);
  const double alphas[] = {0, 1, tu_round(p, -0.7)};
  tu_rng rng = tu_rng_make(101);
  int failures = 0;
  for (size_t s = 0; s < COUNT(sizes); s++)
    for (size_t a = 0; a < COUNT(alphas); a++)
      for (size_t ix = 0; ix < COUNT(incs); ix++)
        for (size_t iy = 0; iy < COUNT(incs); iy++)
          failures +=
              !axpy_case(p, sizes[s], alphas[a], incs[ix], incs[iy], &rng);
  assert_int_equal(failures, 0);
}

/* Reference BLAS: with incx < 0 the first x used is x[(n-1)*|incx|]. */
static void axpy_negative_increment_runs_backwards(void **state) {
  tu_prec p = tu_state_prec(state);
  const double xv[] = {1, 2, 3}, yv[] = {10, 20, 30};
  tu_buf x = tu_vec_from(p, xv, 3, -2); /* storage {3, _, 2, _, 1} */
  tu_buf y = tu_vec_from(p, yv, 3, 1);
  tu_axpy(p, 3, 1, x.data, -2, y.data, 1);
  /* y[i] += x_i where x_0 = 1 sits at the highest address */
  assert_true(tu_buf_get(&y, 0) == 11);
  assert_true(tu_buf_get(&y, 1) == 22);
  assert_true(tu_buf_get(&y, 2) == 33);
  assert_true(tu_buf_get(&x, 4) == 1 && tu_buf_get(&x, 0) == 3);
  tu_buf_free(&x), tu_buf_free(&y);
}

static void axpy_both_increments_negative(void **state) {
  tu_prec p = tu_state_prec(state);
  const double xv[] = {1, 2, 3}, yv[] = {10, 20, 30};
  tu_buf x = tu_vec_from(p, xv, 3, -1);
  tu_buf y = tu_vec_from(p, yv, 3, -1);
  tu_axpy(p, 3, 2, x.data, -1, y.data, -1);
  /* both reversed: storage element j of y pairs with storage element j */
  assert_true(tu_buf_get(&y, 0) == 36 && tu_buf_get(&y, 2) == 12);
  tu_buf_free(&x), tu_buf_free(&y);
}

static void axpy_zero_incy_accumulates(void **state) {
  tu_prec p = tu_state_prec(state);
  const double xv[] = {1, 2, 3, 4}, y0 = 1;
  tu_buf x = tu_vec_from(p, xv, 4, 1);
  tu_buf y = tu_vec_from(p, &y0, 1, 1);
  tu_axpy(p, 4, 2, x.data, 1, y.data, 0);
  assert_true(tu_buf_get(&y, 0) == 1 + 2 * (1 + 2 + 3 + 4));
  tu_buf_free(&x), tu_buf_free(&y);
}

static void axpy_zero_incx_reuses_x0(void **state) {
  tu_prec p = tu_state_prec(state);
  const double x0 = 3, yv[] = {1, 2, 3};
  tu_buf x = tu_vec_from(p, &x0, 1, 1);
  tu_buf y = tu_vec_from(p, yv, 3, 1);
  tu_axpy(p, 3, -1, x.data, 0, y.data, 1);
  assert_true(tu_buf_get(&y, 0) == -2 && tu_buf_get(&y, 1) == -1 &&
              tu_buf_get(&y, 2) == 0);
  tu_buf_free(&x), tu_buf_free(&y);
}

/* alpha == 0: x is not read, so a NaN x must not reach y. */
static void axpy_alpha_zero_leaves_y_and_ignores_nan_x(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(102);
  tu_buf x = tu_buf_make(p, 13);
  tu_buf_fill(&x, NAN);
  tu_buf y = tu_vec_random(p, 13, 1, &rng);
  unsigned char *ys = tu_buf_snapshot(&y);
  tu_axpy(p, 13, 0, x.data, 1, y.data, 1);
  assert_true(tu_buf_unchanged(&y, ys));
  free(ys), tu_buf_free(&x), tu_buf_free(&y);
}

static void axpy_nonpositive_n_leaves_y(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(103);
  tu_buf x = tu_vec_random(p, 4, 1, &rng), y = tu_vec_random(p, 4, 1, &rng);
  unsigned char *ys = tu_buf_snapshot(&y);
  tu_axpy(p, 0, 1, x.data, 1, y.data, 1);
  tu_axpy(p, -3, 1, x.data, 1, y.data, 1);
  assert_true(tu_buf_unchanged(&y, ys));
  free(ys), tu_buf_free(&x), tu_buf_free(&y);
}

static void axpy_propagates_nan_and_inf(void **state) {
  tu_prec p = tu_state_prec(state);
  const double xv[] = {NAN, INFINITY, 1, -INFINITY}, yv[] = {0, 5, NAN, 0};
  tu_buf x = tu_vec_from(p, xv, 4, 1), y = tu_vec_from(p, yv, 4, 1);
  tu_axpy(p, 4, 2, x.data, 1, y.data, 1);
  assert_true(isnan(tu_buf_get(&y, 0)));
  assert_true(tu_buf_get(&y, 1) == INFINITY);
  assert_true(isnan(tu_buf_get(&y, 2)));
  assert_true(tu_buf_get(&y, 3) == -INFINITY);
  tu_buf_free(&x), tu_buf_free(&y);
}

/* Header: x or y NULL with n > 0 and alpha != 0 does nothing. */
static void axpy_null_pointer_does_nothing(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(104);
  tu_buf x = tu_vec_random(p, 5, 1, &rng), y = tu_vec_random(p, 5, 1, &rng);
  unsigned char *xs = tu_buf_snapshot(&x), *ys = tu_buf_snapshot(&y);
  tu_axpy(p, 5, 1, NULL, 1, y.data, 1);
  assert_true(tu_buf_unchanged(&y, ys));
  tu_axpy(p, 5, 1, x.data, 1, NULL, 1);
  tu_axpy(p, 5, 1, NULL, 1, NULL, 1);
  assert_true(tu_buf_unchanged(&x, xs));
  free(xs), free(ys), tu_buf_free(&x), tu_buf_free(&y);
}

/* ------------------------------------------------------------------------ */
/* dot                                                                      */
/* ------------------------------------------------------------------------ */

static int dot_case(tu_prec p, fastla_int n, fastla_int incx, fastla_int incy,
                    tu_rng *rng) {
  tu_buf x = tu_vec_random(p, n, incx, rng);
  tu_buf y = tu_vec_random(p, n, incy, rng);
  double *xw = tu_buf_widen(&x), *yw = tu_buf_widen(&y);
  long double mag;
  long double want = oracle_dot(n, xw, incx, yw, incy, &mag);
  unsigned char *xs = tu_buf_snapshot(&x), *ys = tu_buf_snapshot(&y);

  double got = tu_dot(p, n, x.data, incx, y.data, incy);

  int ok = tu_buf_unchanged(&x, xs) && tu_buf_unchanged(&y, ys) &&
           tu_close(got, want, mag, (double)n, tu_eps(p));
  if (!ok)
    print_error("%sdot n=%ld incx=%ld incy=%ld: got %.17g want %.17Lg\n",
                tu_prec_name(p), (long)n, (long)incx, (long)incy, got, want);
  free(xw), free(yw), free(xs), free(ys), tu_buf_free(&x), tu_buf_free(&y);
  return ok;
}

static void dot_matches_oracle_all_sizes_and_increments(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(201);
  int failures = 0;
  for (size_t s = 0; s < COUNT(sizes); s++)
    for (size_t ix = 0; ix < COUNT(incs); ix++)
      for (size_t iy = 0; iy < COUNT(incs); iy++)
        failures += !dot_case(p, sizes[s], incs[ix], incs[iy], &rng);
  assert_int_equal(failures, 0);
}

static void dot_negative_increment_runs_backwards(void **state) {
  tu_prec p = tu_state_prec(state);
  const double xv[] = {1, 2, 3}, yv[] = {4, 5, 6};
  tu_buf x = tu_vec_from(p, xv, 3, 1), y = tu_vec_from(p, yv, 3, 1);
  /* x read backwards from storage: 3*4 + 2*5 + 1*6 */
  assert_true(tu_dot(p, 3, x.data, -1, y.data, 1) == 28);
  assert_true(tu_dot(p, 3, x.data, 1, y.data, -1) == 28);
  assert_true(tu_dot(p, 3, x.data, -1, y.data, -1) == 32);
  tu_buf_free(&x), tu_buf_free(&y);
}

static void dot_stride_two_negative_starts_at_far_end(void **state) {
  tu_prec p = tu_state_prec(state);
  const double xv[] = {1, 2, 3}, yv[] = {1, 10, 100};
  tu_buf x = tu_vec_from(p, xv, 3, -2); /* storage {3, _, 2, _, 1} */
  tu_buf y = tu_vec_from(p, yv, 3, 1);
  assert_true(tu_dot(p, 3, x.data, -2, y.data, 1) == 321);
  tu_buf_free(&x), tu_buf_free(&y);
}

static void dot_zero_increment_reuses_element(void **state) {
  tu_prec p = tu_state_prec(state);
  const double x0 = 2, yv[] = {1, 2, 3, 4};
  tu_buf x = tu_vec_from(p, &x0, 1, 1), y = tu_vec_from(p, yv, 4, 1);
  assert_true(tu_dot(p, 4, x.data, 0, y.data, 1) == 20);
  assert_true(tu_dot(p, 4, y.data, 1, x.data, 0) == 20);
  assert_true(tu_dot(p, 5, x.data, 0, x.data, 0) == 20);
  tu_buf_free(&x), tu_buf_free(&y);
}

static void dot_nonpositive_n_returns_zero(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_buf x = tu_buf_make(p, 4); /* all sentinel NaN: must not be read */
  assert_true(tu_dot(p, 0, x.data, 1, x.data, 1) == 0);
  assert_true(tu_dot(p, -2, x.data, 1, x.data, 1) == 0);
  assert_true(tu_dot(p, 0, NULL, 1, NULL, 1) == 0);
  tu_buf_free(&x);
}

/* No zero-skipping: NaN*0 and Inf*0 are NaN. */
static void dot_propagates_nan_and_inf(void **state) {
  tu_prec p = tu_state_prec(state);
  const double nan0[] = {1, NAN, 2}, inf0[] = {1, INFINITY, 2};
  const double zmid[] = {1, 0, 1}, ones[] = {1, 1, 1};
  tu_buf xn = tu_vec_from(p, nan0, 3, 1), xi = tu_vec_from(p, inf0, 3, 1);
  tu_buf z = tu_vec_from(p, zmid, 3, 1), o = tu_vec_from(p, ones, 3, 1);
  assert_true(isnan(tu_dot(p, 3, xn.data, 1, z.data, 1)));
  assert_true(isnan(tu_dot(p, 3, xi.data, 1, z.data, 1)));
  assert_true(tu_dot(p, 3, xi.data, 1, o.data, 1) == INFINITY);
  assert_true(isnan(tu_dot(p, 3, xn.data, 1, o.data, 1)));
  tu_buf_free(&xn), tu_buf_free(&xi), tu_buf_free(&z), tu_buf_free(&o);
}

/* Header: NULL x or y with n > 0 returns NaN. */
static void dot_null_pointer_returns_nan(void **state) {
  tu_prec p = tu_state_prec(state);
  const double v[] = {1, 2};
  tu_buf x = tu_vec_from(p, v, 2, 1);
  assert_true(isnan(tu_dot(p, 2, NULL, 1, x.data, 1)));
  assert_true(isnan(tu_dot(p, 2, x.data, 1, NULL, 1)));
  assert_true(isnan(tu_dot(p, 2, NULL, 1, NULL, 1)));
  tu_buf_free(&x);
}

/* ------------------------------------------------------------------------ */
/* nrm2                                                                     */
/* ------------------------------------------------------------------------ */

/* nrm2 of v[0..n-1] (increment inc) within a relative bound ~ n*eps, or
 * within two ulps of the smallest subnormal (a subnormal result carries
 * fewer digits than eps suggests). */
static int nrm2_is(tu_prec p, const double *v, fastla_int n, fastla_int inc,
                   long double want) {
  tu_buf x = tu_vec_from(p, v, n, inc);
  unsigned char *xs = tu_buf_snapshot(&x);
  double got = tu_nrm2(p, n, x.data, inc);
  int close = tu_close_rel(got, want, (double)n, tu_eps(p)) ||
              (isfinite(got) && isfinite(want) &&
               fabsl(got - want) <= 2 * (long double)tu_true_min(p));
  int ok = tu_buf_unchanged(&x, xs) && close;
  if (!ok)
    print_error("%snrm2 n=%ld inc=%ld: got %.17g want %.17Lg\n",
                tu_prec_name(p), (long)n, (long)inc, got, want);
  free(xs), tu_buf_free(&x);
  return ok;
}

/* nrm2 of the rounded values v checked against the oracle. */
static int nrm2_oracle(tu_prec p, const double *v, fastla_int n) {
  double *r = malloc((size_t)(n ? n : 1) * sizeof *r);
  for (fastla_int i = 0; i < n; i++)
    r[i] = tu_round(p, v[i]);
  int ok = nrm2_is(p, r, n, 1, oracle_nrm2(n, r, 1));
  free(r);
  return ok;
}

static int nrm2_random_case(tu_prec p, fastla_int n, fastla_int inc,
                            tu_rng *rng) {
  tu_buf x = tu_vec_random(p, n, inc, rng);
  double *xw = tu_buf_widen(&x);
  long double want = oracle_nrm2(n, xw, inc);
  double got = tu_nrm2(p, n, x.data, inc);
  int ok = tu_close_rel(got, want, (double)n, tu_eps(p));
  if (!ok)
    print_error("%snrm2 n=%ld inc=%ld: got %.17g want %.17Lg\n",
                tu_prec_name(p), (long)n, (long)inc, got, want);
  free(xw), tu_buf_free(&x);
  return ok;
}

static void nrm2_matches_oracle_all_sizes_and_increments(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(301);
  int failures = 0;
  for (size_t s = 0; s < COUNT(sizes); s++)
    for (size_t i = 0; i < COUNT(incs); i++)
      failures += !nrm2_random_case(p, sizes[s], incs[i], &rng);
  assert_int_equal(failures, 0);
}

/* Squares of these overflow; the norm does not. */
static void nrm2_huge_values_do_not_overflow(void **state) {
  tu_prec p = tu_state_prec(state);
  double big = p == TU_FLOAT ? 1e19 : 1e300, mx = tu_max(p);
  const double pair[] = {3 * big, 4 * big};
  assert_true(nrm2_is(p, pair, 2, 1, 5 * (long double)big));
  const double halves[] = {mx / 2, mx / 2}, top[] = {mx}, top0[] = {0, -mx};
  assert_true(nrm2_oracle(p, halves, 2));
  assert_true(nrm2_is(p, top, 1, 1, mx));
  assert_true(nrm2_is(p, top0, 2, 1, mx));
  double many[1000];
  for (int i = 0; i < 1000; i++)
    many[i] = p == TU_FLOAT ? 1e30 : 1e300;
  assert_true(nrm2_oracle(p, many, 1000));
}

/* Squares of these underflow; the norm does not. */
static void nrm2_tiny_values_do_not_underflow(void **state) {
  tu_prec p = tu_state_prec(state);
  double tiny = p == TU_FLOAT ? 1e-20 : 1e-300, mn = tu_min_normal(p);
  const double pair[] = {3 * tiny, -4 * tiny};
  assert_true(nrm2_oracle(p, pair, 2));
  const double mins[] = {mn, mn, mn, mn};
  assert_true(nrm2_is(p, mins, 4, 1, 2 * (long double)mn));
  double many[1000];
  for (int i = 0; i < 1000; i++)
    many[i] = p == TU_FLOAT ? 1e-30 : 1e-300;
  assert_true(nrm2_oracle(p, many, 1000));
}

static void nrm2_subnormals(void **state) {
  tu_prec p = tu_state_prec(state);
  double d = tu_true_min(p) * 1024; /* subnormal with 10 bits to spare */
  const double pair[] = {3 * d, 4 * d}, one = -tu_true_min(p);
  assert_true(nrm2_is(p, pair, 2, 1, 5 * (long double)d));
  tu_buf x = tu_vec_from(p, &one, 1, 1); /* |x| exactly, no rounding room */
  assert_true(tu_nrm2(p, 1, x.data, 1) == tu_true_min(p));
  tu_buf_free(&x);
  double many[100];
  for (int i = 0; i < 100; i++)
    many[i] = d;
  assert_true(nrm2_is(p, many, 100, 1, 10 * (long double)d));
}

static void nrm2_mixed_scales(void **state) {
  tu_prec p = tu_state_prec(state);
  double big = p == TU_FLOAT ? 1e19 : 1e300;
  double tiny = p == TU_FLOAT ? 1e-20 : 1e-300;
  const double v[] = {tiny, big, 1, -tiny, tu_true_min(p), 3 * big};
  assert_true(nrm2_oracle(p, v, 6));
  const double w[] = {1, tu_max(p) / 4, 1, tiny};
  assert_true(nrm2_oracle(p, w, 4));
}

static void nrm2_inf_gives_inf(void **state) {
  tu_prec p = tu_state_prec(state);
  const double a[] = {1, INFINITY, 2}, b[] = {-INFINITY};
  const double c[] = {INFINITY, -INFINITY}, d[] = {tu_max(p), INFINITY, 0};
  assert_true(nrm2_is(p, a, 3, 1, INFINITY));
  assert_true(nrm2_is(p, b, 1, 1, INFINITY));
  assert_true(nrm2_is(p, c, 2, 1, INFINITY));
  assert_true(nrm2_is(p, d, 3, 1, INFINITY));
}

static void nrm2_nan_gives_nan_even_with_inf(void **state) {
  tu_prec p = tu_state_prec(state);
  const double a[] = {1, NAN, 2}, b[] = {INFINITY, NAN};
  const double c[] = {NAN, INFINITY}, d[] = {NAN, -INFINITY, 1};
  const double e[] = {-INFINITY, 1, NAN}, f[] = {0, 0, NAN};
  assert_true(nrm2_is(p, a, 3, 1, NAN));
  assert_true(nrm2_is(p, b, 2, 1, NAN));
  assert_true(nrm2_is(p, c, 2, 1, NAN));
  assert_true(nrm2_is(p, d, 3, 1, NAN));
  assert_true(nrm2_is(p, e, 3, 1, NAN));
  assert_true(nrm2_is(p, f, 3, 1, NAN));
}

/* incx == 0 uses x[0] n times: sqrt(n) * |x0|. */
static void nrm2_zero_increment_is_sqrt_n_times_x0(void **state) {
  tu_prec p = tu_state_prec(state);
  const double x0[] = {-3};
  for (fastla_int n = 1; n <= 100; n += 33)
    assert_true(nrm2_is(p, x0, n, 0, sqrtl((long double)n) * 3));
  double big = tu_round(p, p == TU_FLOAT ? 3e37 : 3e307);
  assert_true(nrm2_is(p, &big, 16, 0, 4 * (long double)big));
}

static void nrm2_negative_increment(void **state) {
  tu_prec p = tu_state_prec(state);
  const double v[] = {3, 4, 12}; /* norm 13 whatever the order */
  assert_true(nrm2_is(p, v, 3, -1, 13));
  assert_true(nrm2_is(p, v, 3, -2, 13));
  assert_true(nrm2_is(p, v, 3, -3, 13));
}

static void nrm2_all_zero_is_zero(void **state) {
  tu_prec p = tu_state_prec(state);
  const double z[] = {0, -0.0, 0, 0, 0};
  tu_buf x = tu_vec_from(p, z, 5, 1);
  assert_true(tu_nrm2(p, 5, x.data, 1) == 0);
  tu_buf_free(&x);
}

static void nrm2_nonpositive_n_returns_zero(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_buf x = tu_buf_make(p, 3); /* sentinel NaN: must not be read */
  assert_true(tu_nrm2(p, 0, x.data, 1) == 0);
  assert_true(tu_nrm2(p, -1, x.data, 1) == 0);
  assert_true(tu_nrm2(p, 0, NULL, 1) == 0);
  tu_buf_free(&x);
}

static void nrm2_null_pointer_returns_nan(void **state) {
  tu_prec p = tu_state_prec(state);
  assert_true(isnan(tu_nrm2(p, 3, NULL, 1)));
  assert_true(isnan(tu_nrm2(p, 1, NULL, 0)));
}

int main(void) {
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      TU_BOTH(axpy_matches_oracle_all_sizes_and_increments),
      TU_BOTH(axpy_negative_increment_runs_backwards),
      TU_BOTH(axpy_both_increments_negative),
      TU_BOTH(axpy_zero_incy_accumulates),
      TU_BOTH(axpy_zero_incx_reuses_x0),
      TU_BOTH(axpy_alpha_zero_leaves_y_and_ignores_nan_x),
      TU_BOTH(axpy_nonpositive_n_leaves_y),
      TU_BOTH(axpy_propagates_nan_and_inf),
      TU_BOTH(axpy_null_pointer_does_nothing),
      TU_BOTH(dot_matches_oracle_all_sizes_and_increments),
      TU_BOTH(dot_negative_increment_runs_backwards),
      TU_BOTH(dot_stride_two_negative_starts_at_far_end),
      TU_BOTH(dot_zero_increment_reuses_element),
      TU_BOTH(dot_nonpositive_n_returns_zero),
      TU_BOTH(dot_propagates_nan_and_inf),
      TU_BOTH(dot_null_pointer_returns_nan),
      TU_BOTH(nrm2_matches_oracle_all_sizes_and_increments),
      TU_BOTH(nrm2_huge_values_do_not_overflow),
      TU_BOTH(nrm2_tiny_values_do_not_underflow),
      TU_BOTH(nrm2_subnormals),
      TU_BOTH(nrm2_mixed_scales),
      TU_BOTH(nrm2_inf_gives_inf),
      TU_BOTH(nrm2_nan_gives_nan_even_with_inf),
      TU_BOTH(nrm2_zero_increment_is_sqrt_n_times_x0),
      TU_BOTH(nrm2_negative_increment),
      TU_BOTH(nrm2_all_zero_is_zero),
      TU_BOTH(nrm2_nonpositive_n_returns_zero),
      TU_BOTH(nrm2_null_pointer_returns_nan),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
