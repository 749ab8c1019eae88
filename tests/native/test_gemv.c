/* test_gemv.c - fastla_{s,d}gemv against the long-double oracle: every
 * layout and transpose, sizes from 0 to 1000, padded lda, increments of
 * both signs, special alpha/beta, NaN/Inf behaviour. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "oracle.h"
#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const fastla_layout layouts[] = {FASTLA_COL_MAJOR, FASTLA_ROW_MAJOR};
static const fastla_transpose transposes[] = {FASTLA_NO_TRANS, FASTLA_TRANS,
                                              FASTLA_CONJ_TRANS};

typedef struct gemv_case {
  fastla_layout layout;
  fastla_transpose trans;
  fastla_int m, n;
  fastla_int pad; /* lda = minimal lda + pad */
  fastla_int incx, incy;
  double alpha, beta;
} gemv_case;

/* Operands of one call: A is m x n stored in the case's layout; x and y
 * have the lengths op(A) implies. */
typedef struct gemv_ops {
  tu_buf a, x, y;
  fastla_int lda, lenx, leny;
} gemv_ops;

static gemv_ops gemv_make(tu_prec p, const gemv_case *gc, tu_rng *rng) {
  gemv_ops o;
  int t = gc->trans != FASTLA_NO_TRANS;
  o.lda = tu_min_ld(gc->layout, gc->m, gc->n) + gc->pad;
  o.lenx = t ? gc->m : gc->n;
  o.leny = t ? gc->n : gc->m;
  o.a = tu_mat_random(p, gc->layout, gc->m, gc->n, o.lda, rng);
  o.x = tu_vec_random(p, o.lenx, gc->incx, rng);
  o.y = tu_vec_random(p, o.leny, gc->incy, rng);
  return o;
}

static void gemv_free(gemv_ops *o) {
  tu_buf_free(&o->a), tu_buf_free(&o->x), tu_buf_free(&o->y);
}

static void gemv_report(tu_prec p, const gemv_case *gc, const char *what) {
  print_error("%sgemv layout=%d trans=%d m=%ld n=%ld pad=%ld incx=%ld "
              "incy=%ld alpha=%g beta=%g: %s\n",
              tu_prec_name(p), gc->layout, gc->trans, (long)gc->m, (long)gc->n,
              (long)gc->pad, (long)gc->incx, (long)gc->incy, gc->alpha,
              gc->beta, what);
}

/* Counts elements of y outside the oracle's error bound. */
static int gemv_count_wrong(tu_prec p, const gemv_case *gc, const gemv_ops *o,
                            const long double *want, const long double *mag) {
  double k = (double)(gc->trans != FASTLA_NO_TRANS ? gc->m : gc->n);
  int wrong = 0;
  for (fastla_int i = 0; i < o->leny; i++) {
    double got = tu_buf_get(&o->y, tu_vec_index(o->leny, gc->incy, i));
    if (!tu_close(got, want[i], mag[i], k, tu_eps(p))) {
      if (!wrong)
        print_error("  y[%ld] = %.17g, want %.17Lg\n", (long)i, got, want[i]);
      wrong++;
    }
  }
  return wrong;
}

/* Calls gemv on o and checks everything: status, y within the bound, the
 * padding/gaps/guards of y and all of A and x unchanged. Frees o. */
static int gemv_check(tu_prec p, const gemv_case *gc, gemv_ops *o) {
  double *aw = tu_buf_widen(&o->a), *xw = tu_buf_widen(&o->x);
  double *yw = tu_buf_widen(&o->y);
  size_t ny = (size_t)o->leny + 1;
  long double *want = malloc(ny * sizeof *want),
              *mag = malloc(ny * sizeof *mag);
  oracle_gemv(gc->layout, gc->trans, gc->m, gc->n, gc->alpha, aw, o->lda, xw,
              gc->incx, gc->beta, yw, gc->incy, want, mag);
  unsigned char *as = tu_buf_snapshot(&o->a), *xs = tu_buf_snapshot(&o->x);
  unsigned char *ys = tu_buf_snapshot(&o->y);
  unsigned char *fp = tu_vec_footprint(&o->y, o->leny, gc->incy);

  fastla_status st =
      tu_gemv(p, gc->layout, gc->trans, gc->m, gc->n, gc->alpha, o->a.data,
              o->lda, o->x.data, gc->incx, gc->beta, o->y.data, gc->incy);
  int ok = 1;
  if (st != FASTLA_OK)
    ok = 0, gemv_report(p, gc, fastla_strerror(st));
  else if (!tu_buf_unchanged(&o->a, as) || !tu_buf_unchanged(&o->x, xs))
    ok = 0, gemv_report(p, gc, "an input changed");
  else if (tu_buf_changed_outside(&o->y, ys, fp))
    ok = 0, gemv_report(p, gc, "wrote outside y");
  else if (gemv_count_wrong(p, gc, o, want, mag))
    ok = 0, gemv_report(p, gc, "wrong values");
  free(aw), free(xw), free(yw), free(want), free(mag);
  free(as), free(xs), free(ys), free(fp);
  gemv_free(o);
  return ok;
}

static int gemv_random(tu_prec p, const gemv_case *gc, tu_rng *rng) {
  gemv_ops o = gemv_make(p, gc, rng);
  return gemv_check(p, gc, &o);
}

/* Every layout and transpose for one shape, increments and scalars. */
static int gemv_all_ops(tu_prec p, gemv_case gc, tu_rng *rng) {
  int failures = 0;
  for (size_t l = 0; l < COUNT(layouts); l++)
    for (size_t t = 0; t < COUNT(transposes); t++) {
      gc.layout = layouts[l];
      gc.trans = transposes[t];
      failures += !gemv_random(p, &gc, rng);
    }
  return failures;
}

static void gemv_small_sizes_all_ops_increments_and_scalars(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int dims[] = {0, 1, 2, 3, 7, 13, 31};
  static const fastla_int inc[][2] = {{1, 1}, {-1, 2}, {2, -1}, {-2, -2}};
  const double alphas[] = {0, 1, tu_round(p, -0.7)};
  const double betas[] = {0, 1, tu_round(p, 0.6)};
  tu_rng rng = tu_rng_make(401);
  int failures = 0, counter = 0;
  for (size_t i = 0; i < COUNT(dims); i++)
    for (size_t j = 0; j < COUNT(dims); j++)
      for (size_t c = 0; c < COUNT(inc); c++)
        for (size_t a = 0; a < COUNT(alphas); a++)
          for (size_t b = 0; b < COUNT(betas); b++) {
            gemv_case gc = {
                0,         0,         dims[i],   dims[j], (counter++ % 3) * 2,
                inc[c][0], inc[c][1], alphas[a], betas[b]};
            failures += gemv_all_ops(p, gc, &rng);
          }
  assert_int_equal(failures, 0);
}

static void gemv_large_and_skinny_shapes(void **state) {
  tu_prec p = tu_state_prec(state);
  /* 512 and 2048: column lengths at which the AVX-512 transpose kernels go
   * one column at a time with no row tail. Unit strides reach the vector
   * paths of both kernels (the transpose one needs incx == 1, the other
   * incy == 1); the others, the strided fallbacks. */
  static const fastla_int shapes[][2] = {
      {257, 1000}, {1000, 257}, {150, 150}, {1000, 3}, {3, 1000},
      {67, 131},   {512, 40},   {40, 512},  {2048, 5}, {5, 2048}};
  double alpha = tu_round(p, -0.7), beta = tu_round(p, 0.6);
  tu_rng rng = tu_rng_make(402);
  int failures = 0;
  static const fastla_int inc[][2] = {{1, 1}, {-2, 1}, {1, -3}};
  for (size_t s = 0; s < COUNT(shapes); s++)
    for (size_t i = 0; i < COUNT(inc); i++) {
      gemv_case gc = {0,         0,         shapes[s][0], shapes[s][1], 5,
                      inc[i][0], inc[i][1], alpha,        beta};
      failures += gemv_all_ops(p, gc, &rng);
    }
  assert_int_equal(failures, 0);
}

/* beta == 0: y is written, never read, so NaN in y must not survive. */
static void gemv_beta_zero_overwrites_nan_y(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(403);
  int failures = 0;
  for (int alpha_zero = 0; alpha_zero <= 1; alpha_zero++) {
    gemv_case gc = {0, 0, 13, 7, 3, 1, -1, alpha_zero ? 0 : 1.5, 0};
    for (size_t l = 0; l < COUNT(layouts); l++)
      for (size_t t = 0; t < COUNT(transposes); t++) {
        gc.layout = layouts[l], gc.trans = transposes[t];
        gemv_ops o = gemv_make(p, &gc, &rng);
        tu_vec_fill(&o.y, o.leny, gc.incy, NAN);
        failures += !gemv_check(p, &gc, &o);
      }
  }
  assert_int_equal(failures, 0);
}

/* alpha == 0: neither A nor x is read, so all-NaN A and x leave beta*y. */
static void gemv_alpha_zero_does_not_read_a_or_x(void **state) {
  tu_prec p = tu_state_prec(state);
  const double betas[] = {0, 1, tu_round(p, -2.5)};
  tu_rng rng = tu_rng_make(404);
  int failures = 0;
  for (size_t b = 0; b < COUNT(betas); b++)
    for (size_t l = 0; l < COUNT(layouts); l++)
      for (size_t t = 0; t < COUNT(transposes); t++) {
        gemv_case gc = {layouts[l], transposes[t], 7, 13, 2, 2, 1, 0, betas[b]};
        gemv_ops o = gemv_make(p, &gc, &rng);
        tu_buf_fill(&o.a, NAN);
        tu_buf_fill(&o.x, NAN);
        failures += !gemv_check(p, &gc, &o);
      }
  assert_int_equal(failures, 0);
}

/* Sets op(A)(i, j), whatever the layout and transpose. */
static void set_op_a(gemv_ops *o, const gemv_case *gc, fastla_int i,
                     fastla_int j, double v) {
  int t = gc->trans != FASTLA_NO_TRANS;
  tu_buf_set(&o->a, tu_mat_index(gc->layout, o->lda, t ? j : i, t ? i : j), v);
}

/* No zero-skipping: op(A)(2, 3) = NaN times x_3 = 0 makes y_2 NaN. */
static void gemv_nan_times_zero_propagates(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(405);
  int failures = 0;
  for (size_t l = 0; l < COUNT(layouts); l++)
    for (size_t t = 0; t < COUNT(transposes); t++) {
      gemv_case gc = {layouts[l], transposes[t], 5, 6, 1, 1, 1, 1, 0};
      gemv_ops o = gemv_make(p, &gc, &rng);
      set_op_a(&o, &gc, 2, 3, NAN);
      tu_buf_set(&o.x, tu_vec_index(o.lenx, gc.incx, 3), 0);
      failures += !gemv_check(p, &gc, &o);
    }
  assert_int_equal(failures, 0);
}

/* x_1 = Inf against an all-zero column 1 of op(A) makes every y NaN. */
static void gemv_inf_times_zero_propagates(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(406);
  int failures = 0;
  for (size_t l = 0; l < COUNT(layouts); l++)
    for (size_t t = 0; t < COUNT(transposes); t++) {
      gemv_case gc = {layouts[l], transposes[t], 4, 9, 0, -1, 2, 2, 1};
      gemv_ops o = gemv_make(p, &gc, &rng);
      fastla_int rows = gc.trans != FASTLA_NO_TRANS ? gc.n : gc.m;
      for (fastla_int i = 0; i < rows; i++)
        set_op_a(&o, &gc, i, 1, 0); /* column 1 of op(A) is zero */
      tu_buf_set(&o.x, tu_vec_index(o.lenx, gc.incx, 1), INFINITY);
      failures += !gemv_check(p, &gc, &o);
    }
  assert_int_equal(failures, 0);
}

/* An Inf that meets no zero stays an Inf of the right sign. */
static void gemv_inf_in_a_gives_inf(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(407);
  int failures = 0;
  for (size_t l = 0; l < COUNT(layouts); l++)
    for (size_t t = 0; t < COUNT(transposes); t++) {
      gemv_case gc = {layouts[l], transposes[t], 6, 5, 2, 1, -1, 1, 1};
      gemv_ops o = gemv_make(p, &gc, &rng);
      set_op_a(&o, &gc, 1, 2, -INFINITY);
      failures += !gemv_check(p, &gc, &o);
    }
  assert_int_equal(failures, 0);
}

/* The oracle must itself see the NaN, or the tests above prove nothing. */
static void oracle_sees_nan_times_zero(void **state) {
  (void)state;
  const double a[] = {1, NAN, 2, 3}, x[] = {0, 1}, y[] = {0, 0};
  long double want[2], mag[2];
  oracle_gemv(FASTLA_ROW_MAJOR, FASTLA_TRANS, 2, 2, 1, a, 2, x, 1, 0, y, 1,
              want, mag); /* y = A^T x: y_1 = NaN*0 + 3*1 */
  assert_true(isnan(want[1]) && want[0] == 2);
}

int main(void) {
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      TU_BOTH(gemv_small_sizes_all_ops_increments_and_scalars),
      TU_BOTH(gemv_large_and_skinny_shapes),
      TU_BOTH(gemv_beta_zero_overwrites_nan_y),
      TU_BOTH(gemv_alpha_zero_does_not_read_a_or_x),
      TU_BOTH(gemv_nan_times_zero_propagates),
      TU_BOTH(gemv_inf_times_zero_propagates),
      TU_BOTH(gemv_inf_in_a_gives_inf),
      cmocka_unit_test(oracle_sees_nan_times_zero),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
