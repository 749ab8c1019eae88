/* test_gemv_edges.c - gemv where SIMD kernels break: m and n on both sides of
 * every likely block and unroll boundary (1..5, 7..9, 15..17, 31..33,
 * 63..65, 127..129), operands aligned to 64 bytes and one element off,
 * increments +-1 and +-2, alpha and beta 0, 1 and other (beta 0 over a
 * NaN-filled y), and NaN/Inf placed in the first, middle and last row and
 * column of op(A) and in x, so both the vector body and the tail see them.
 *
 * Checked against the long-double oracle with the error bound of DESIGN.md
 * section 5; A and x unchanged, nothing written outside y's footprint. */
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

static const char *config = "reference";

static const fastla_int dims[] = {1,  2,  3,  4,  5,  7,  8,  9,   15,  16,
                                  17, 31, 32, 33, 63, 64, 65, 127, 128, 129};
/* A few sizes for the other dimension when one runs over all of dims. */
static const fastla_int few[] = {1, 4, 17, 33};
static const fastla_layout layouts[] = {FASTLA_COL_MAJOR, FASTLA_ROW_MAJOR};
static const fastla_transpose transposes[] = {FASTLA_NO_TRANS, FASTLA_TRANS,
                                              FASTLA_CONJ_TRANS};
static const fastla_int inc_pairs[][2] = {{1, 1},  {-1, 1}, {2, -2},
                                          {-2, 2}, {1, -1}, {-2, -1}};

static int reported;
static int setup_report(void **state) {
  (void)state;
  reported = 0;
  return 0;
}

typedef struct gemv_case {
  fastla_layout layout;
  fastla_transpose trans;
  fastla_int m, n;
  fastla_int incx, incy;
  double alpha, beta;
  size_t off; /* misalignment of A, x and y in elements */
  int nan_y;  /* fill y with NaN first (only meaningful with beta == 0) */
} gemv_case;

typedef struct gemv_ops {
  tu_buf a, x, y;
  fastla_int lda, lenx, leny;
} gemv_ops;

/* Random operands; lda is minimal plus one so the padding is checked too. */
static gemv_ops gemv_make(tu_prec p, const gemv_case *gc, tu_rng *rng) {
  gemv_ops o;
  int t = gc->trans != FASTLA_NO_TRANS;
  o.lda = tu_min_ld(gc->layout, gc->m, gc->n) + 1;
  o.lenx = t ? gc->m : gc->n;
  o.leny = t ? gc->n : gc->m;
  o.a = tu_mat_random_at(p, gc->layout, gc->m, gc->n, o.lda, gc->off, rng);
  o.x = tu_vec_random_at(p, o.lenx, gc->incx, gc->off, rng);
  o.y = tu_vec_random_at(p, o.leny, gc->incy, gc->off, rng);
  if (gc->nan_y)
    tu_vec_fill(&o.y, o.leny, gc->incy, NAN);
  return o;
}

static void gemv_report(tu_prec p, const gemv_case *gc, const char *what,
                        long i, double got, long double want) {
  if (reported++ >= 12)
    return;
  print_error("[%s] %sgemv %s %s m=%ld n=%ld off=%zu incx=%ld incy=%ld "
              "alpha=%g beta=%g%s: %s",
              config, tu_prec_name(p),
              gc->layout == FASTLA_COL_MAJOR ? "col" : "row",
              gc->trans == FASTLA_NO_TRANS ? "N"
              : gc->trans == FASTLA_TRANS  ? "T"
                                           : "C",
              (long)gc->m, (long)gc->n, gc->off, (long)gc->incx, (long)gc->incy,
              gc->alpha, gc->beta, gc->nan_y ? " nan-y" : "", what);
  if (i >= 0)
    print_error(" y[%ld] got %.17g want %.17Lg", i, got, want);
  print_error("\n");
}

/* Index of the first element of y outside the bound, or -1. */
static long gemv_first_wrong(tu_prec p, const gemv_case *gc, const gemv_ops *o,
                             const long double *want, const long double *mag) {
  double k = (double)(gc->trans != FASTLA_NO_TRANS ? gc->m : gc->n);
  for (fastla_int i = 0; i < o->leny; i++) {
    double got = tu_buf_get(&o->y, tu_vec_index(o->leny, gc->incy, i));
    if (!tu_close(got, want[i], mag[i], k, tu_eps(p)))
      return (long)i;
  }
  return -1;
}

/* Runs gemv on o and checks status, values, inputs and footprint. Frees o. */
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
  long bad = -1;
  int ok = 0;
  if (st != FASTLA_OK)
    gemv_report(p, gc, fastla_strerror(st), -1, 0, 0);
  else if (!tu_buf_unchanged(&o->a, as) || !tu_buf_unchanged(&o->x, xs))
    gemv_report(p, gc, "an input changed", -1, 0, 0);
  else if (tu_buf_changed_outside(&o->y, ys, fp))
    gemv_report(p, gc, "wrote outside y", -1, 0, 0);
  else if ((bad = gemv_first_wrong(p, gc, o, want, mag)) >= 0)
    gemv_report(p, gc, "wrong value", bad,
                tu_buf_get(&o->y, tu_vec_index(o->leny, gc->incy, bad)),
                want[bad]);
  else
    ok = 1;
  free(aw), free(xw), free(yw), free(want), free(mag);
  free(as), free(xs), free(ys), free(fp);
  tu_buf_free(&o->a), tu_buf_free(&o->x), tu_buf_free(&o->y);
  return ok;
}

static int gemv_random(tu_prec p, const gemv_case *gc, tu_rng *rng) {
  gemv_ops o = gemv_make(p, gc, rng);
  return gemv_check(p, gc, &o);
}

/* Every m x n in dims x dims, both layouts, no-transpose and transpose,
 * aligned and misaligned: the block/tail structure in both directions. */
static void gemv_all_boundary_shapes(void **state) {
  tu_prec p = tu_state_prec(state);
  double alpha = tu_round(p, -0.7), beta = tu_round(p, 0.6);
  tu_rng rng = tu_rng_make(2101);
  int failures = 0;
  for (size_t i = 0; i < COUNT(dims); i++)
    for (size_t j = 0; j < COUNT(dims); j++)
      for (size_t l = 0; l < COUNT(layouts); l++)
        for (size_t t = 0; t < 2; t++)
          for (size_t off = 0; off < 2; off++) {
            gemv_case gc = {layouts[l], transposes[t], dims[i], dims[j], 1,
                            1,          alpha,         beta,    off,     0};
            failures += !gemv_random(p, &gc, &rng);
          }
  assert_int_equal(failures, 0);
}

/* One shape with every transpose, layout, alpha and beta; the increment pair
 * and the misalignment rotate with *counter so that all of them meet every
 * dimension without the full product. */
static int gemv_shape_scalars(tu_prec p, fastla_int m, fastla_int n,
                              unsigned *counter, tu_rng *rng) {
  const double alphas[] = {0, 1, tu_round(p, -0.7)};
  const double betas[] = {0, 1, tu_round(p, 0.6)};
  int failures = 0;
  for (size_t l = 0; l < COUNT(layouts); l++)
    for (size_t t = 0; t < COUNT(transposes); t++)
      for (size_t a = 0; a < COUNT(alphas); a++)
        for (size_t b = 0; b < COUNT(betas); b++) {
          unsigned c = (*counter)++;
          const fastla_int *inc = inc_pairs[c % COUNT(inc_pairs)];
          gemv_case gc = {layouts[l],  transposes[t], m,         n,
                          inc[0],      inc[1],        alphas[a], betas[b],
                          (c / 7) % 2, betas[b] == 0};
          failures += !gemv_random(p, &gc, rng);
        }
  return failures;
}

/* All m in dims with a few n, and all n in dims with a few m. */
static void gemv_increments_and_scalars_on_boundaries(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(2102);
  unsigned counter = 0;
  int failures = 0;
  for (size_t i = 0; i < COUNT(dims); i++)
    for (size_t j = 0; j < COUNT(few); j++) {
      failures += gemv_shape_scalars(p, dims[i], few[j], &counter, &rng);
      failures += gemv_shape_scalars(p, few[j], dims[i], &counter, &rng);
    }
  assert_int_equal(failures, 0);
}

/* Sets op(A)(i, j), whatever the layout and transpose. */
static void set_op_a(gemv_ops *o, const gemv_case *gc, fastla_int i,
                     fastla_int j, double v) {
  int t = gc->trans != FASTLA_NO_TRANS;
  tu_buf_set(&o->a, tu_mat_index(gc->layout, o->lda, t ? j : i, t ? i : j), v);
}

/* Shapes whose rows and columns both have a tail for any width up to 16. */
static const fastla_int special_shapes[][2] = {
    {17, 33}, {33, 17}, {65, 9}, {9, 65}, {129, 31}, {31, 129}, {7, 5}};

/* NaN or Inf at op(A)(i, j) for i, j in {first, middle, last}: the NaN must
 * reach y_i (also when x_j is zero), the Inf must give +-Inf. */
static int gemv_special_in_a(tu_prec p, const gemv_case *base, double v,
                             int zero_x, tu_rng *rng) {
  int t = base->trans != FASTLA_NO_TRANS;
  fastla_int rows = t ? base->n : base->m, cols = t ? base->m : base->n;
  const fastla_int ri[] = {0, rows / 2, rows - 1},
                   ci[] = {0, cols / 2, cols - 1};
  int failures = 0;
  for (size_t a = 0; a < 3; a++)
    for (size_t b = 0; b < 3; b++) {
      gemv_ops o = gemv_make(p, base, rng);
      set_op_a(&o, base, ri[a], ci[b], v);
      if (zero_x)
        tu_buf_set(&o.x, tu_vec_index(o.lenx, base->incx, ci[b]), 0);
      failures += !gemv_check(p, base, &o);
    }
  return failures;
}

/* NaN or Inf as x_j for j in {first, middle, last}: every y sees it. */
static int gemv_special_in_x(tu_prec p, const gemv_case *base, double v,
                             tu_rng *rng) {
  int t = base->trans != FASTLA_NO_TRANS;
  fastla_int cols = t ? base->m : base->n;
  const fastla_int ci[] = {0, cols / 2, cols - 1};
  int failures = 0;
  for (size_t b = 0; b < 3; b++) {
    gemv_ops o = gemv_make(p, base, rng);
    tu_buf_set(&o.x, tu_vec_index(o.lenx, base->incx, ci[b]), v);
    failures += !gemv_check(p, base, &o);
  }
  return failures;
}

static void gemv_special_values_in_body_and_tail(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(2103);
  int failures = 0, c = 0;
  for (size_t s = 0; s < COUNT(special_shapes); s++)
    for (size_t l = 0; l < COUNT(layouts); l++)
      for (size_t t = 0; t < 2; t++, c++) {
        const fastla_int *inc = inc_pairs[c % COUNT(inc_pairs)];
        gemv_case gc = {layouts[l],
                        transposes[t],
                        special_shapes[s][0],
                        special_shapes[s][1],
                        inc[0],
                        inc[1],
                        tu_round(p, 1.25),
                        c % 2 ? 0 : tu_round(p, 0.5),
                        (size_t)(c / 2) % 2,
                        c % 2};
        failures += gemv_special_in_a(p, &gc, NAN, 0, &rng);
        failures += gemv_special_in_a(p, &gc, NAN, 1, &rng);
        failures += gemv_special_in_a(p, &gc, -INFINITY, 0, &rng);
        failures += gemv_special_in_x(p, &gc, NAN, &rng);
        failures += gemv_special_in_x(p, &gc, INFINITY, &rng);
      }
  assert_int_equal(failures, 0);
}

/* A larger than a 32 MiB last-level cache: kernels may switch to a
 * streaming path (software prefetch, wider column blocks) there, which the
 * small shapes above never reach. Odd sizes so every tail is exercised. */
static void gemv_matrix_beyond_last_level_cache(void **state) {
  tu_prec p = tu_state_prec(state);
  int dbl = p == TU_DOUBLE;
  fastla_int m = dbl ? 2113 : 3001, n = dbl ? 2111 : 2999; /* > 32 MiB */
  const gemv_case cases[] = {
      {FASTLA_COL_MAJOR, FASTLA_NO_TRANS, m, n, 1, 1, 0.5, 0.0, 1, 1},
      {FASTLA_COL_MAJOR, FASTLA_NO_TRANS, m, n, -1, 1, -1.5, 0.5, 0, 0},
      {FASTLA_COL_MAJOR, FASTLA_TRANS, m, n, 1, 2, 0.5, 0.0, 1, 1},
      {FASTLA_COL_MAJOR, FASTLA_TRANS, m, n, 1, -1, -1.5, 0.5, 0, 0},
  };
  tu_rng rng = tu_rng_make(43);
  int failures = 0;
  for (size_t c = 0; c < COUNT(cases); c++)
    failures += !gemv_random(p, &cases[c], &rng);
  assert_int_equal(failures, 0);
}

int main(void) {
  config = fastla_test_select_config();
#define B(f)                                                                   \
  {"s:" #f, f, setup_report, NULL, &tu_prec_float}, {                          \
    "d:" #f, f, setup_report, NULL, &tu_prec_double                            \
  }
  const struct CMUnitTest tests[] = {
      B(gemv_all_boundary_shapes),
      B(gemv_increments_and_scalars_on_boundaries),
      B(gemv_special_values_in_body_and_tail),
      B(gemv_matrix_beyond_last_level_cache),
  };
#undef B
  return cmocka_run_group_tests(tests, NULL, NULL);
}
