/* test_gemm.c - fastla_{s,d}gemm against the long-double oracle: both
 * layouts, all nine transpose pairs, sizes around typical register and
 * cache block edges, padded leading dimensions, special alpha/beta and
 * NaN/Inf behaviour. */
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

typedef struct gemm_case {
  fastla_layout layout;
  fastla_transpose ta, tb;
  fastla_int m, n, k;
  fastla_int pad; /* every ld = its minimum + pad */
  double alpha, beta;
} gemm_case;

typedef struct gemm_ops {
  tu_buf a, b, c;
  fastla_int lda, ldb, ldc;
  fastla_int a_rows, a_cols, b_rows, b_cols; /* as stored, before op() */
} gemm_ops;

static gemm_ops gemm_make(tu_prec p, const gemm_case *gc, tu_rng *rng) {
  gemm_ops o;
  int ta = gc->ta != FASTLA_NO_TRANS, tb = gc->tb != FASTLA_NO_TRANS;
  o.a_rows = ta ? gc->k : gc->m, o.a_cols = ta ? gc->m : gc->k;
  o.b_rows = tb ? gc->n : gc->k, o.b_cols = tb ? gc->k : gc->n;
  o.lda = tu_min_ld(gc->layout, o.a_rows, o.a_cols) + gc->pad;
  o.ldb = tu_min_ld(gc->layout, o.b_rows, o.b_cols) + gc->pad;
  o.ldc = tu_min_ld(gc->layout, gc->m, gc->n) + gc->pad;
  o.a = tu_mat_random(p, gc->layout, o.a_rows, o.a_cols, o.lda, rng);
  o.b = tu_mat_random(p, gc->layout, o.b_rows, o.b_cols, o.ldb, rng);
  o.c = tu_mat_random(p, gc->layout, gc->m, gc->n, o.ldc, rng);
  return o;
}

static void gemm_report(tu_prec p, const gemm_case *gc, const char *what) {
  print_error("%sgemm layout=%d ta=%d tb=%d m=%ld n=%ld k=%ld pad=%ld "
              "alpha=%g beta=%g: %s\n",
              tu_prec_name(p), gc->layout, gc->ta, gc->tb, (long)gc->m,
              (long)gc->n, (long)gc->k, (long)gc->pad, gc->alpha, gc->beta,
              what);
}

/* Counts elements of C outside the oracle's error bound. */
static int gemm_count_wrong(tu_prec p, const gemm_case *gc, const gemm_ops *o,
                            const long double *want, const long double *mag) {
  int wrong = 0;
  for (fastla_int i = 0; i < gc->m; i++)
    for (fastla_int j = 0; j < gc->n; j++) {
      double got = tu_buf_get(&o->c, tu_mat_index(gc->layout, o->ldc, i, j));
      size_t e = (size_t)(i * gc->n + j);
      if (!tu_close(got, want[e], mag[e], (double)gc->k, tu_eps(p))) {
        if (!wrong)
          print_error("  C(%ld,%ld) = %.17g, want %.17Lg\n", (long)i, (long)j,
                      got, want[e]);
        wrong++;
      }
    }
  return wrong;
}

/* Calls gemm on o and checks status, C within the bound, the padding and
 * guards of C untouched, A and B unchanged byte for byte. Frees o. */
static int gemm_check(tu_prec p, const gemm_case *gc, gemm_ops *o) {
  double *aw = tu_buf_widen(&o->a), *bw = tu_buf_widen(&o->b);
  double *cw = tu_buf_widen(&o->c);
  size_t nc = (size_t)(gc->m * gc->n) + 1;
  long double *want = malloc(nc * sizeof *want),
              *mag = malloc(nc * sizeof *mag);
  oracle_gemm(gc->layout, gc->ta, gc->tb, gc->m, gc->n, gc->k, gc->alpha, aw,
              o->lda, bw, o->ldb, gc->beta, cw, o->ldc, want, mag);
  unsigned char *as = tu_buf_snapshot(&o->a), *bs = tu_buf_snapshot(&o->b);
  unsigned char *cs = tu_buf_snapshot(&o->c);
  unsigned char *fp = tu_mat_footprint(&o->c, gc->layout, gc->m, gc->n, o->ldc);

  fastla_status st = tu_gemm(p, gc->layout, gc->ta, gc->tb, gc->m, gc->n, gc->k,
                             gc->alpha, o->a.data, o->lda, o->b.data, o->ldb,
                             gc->beta, o->c.data, o->ldc);
  int ok = 1;
  if (st != FASTLA_OK)
    ok = 0, gemm_report(p, gc, fastla_strerror(st));
  else if (!tu_buf_unchanged(&o->a, as) || !tu_buf_unchanged(&o->b, bs))
    ok = 0, gemm_report(p, gc, "an input changed");
  else if (tu_buf_changed_outside(&o->c, cs, fp))
    ok = 0, gemm_report(p, gc, "wrote outside the m x n block of C");
  else if (gemm_count_wrong(p, gc, o, want, mag))
    ok = 0, gemm_report(p, gc, "wrong values");
  free(aw), free(bw), free(cw), free(want), free(mag);
  free(as), free(bs), free(cs), free(fp);
  tu_buf_free(&o->a), tu_buf_free(&o->b), tu_buf_free(&o->c);
  return ok;
}

static int gemm_random(tu_prec p, const gemm_case *gc, tu_rng *rng) {
  gemm_ops o = gemm_make(p, gc, rng);
  return gemm_check(p, gc, &o);
}

/* Runs one shape in both layouts and all nine transpose pairs. */
static int gemm_all_ops(tu_prec p, gemm_case gc, tu_rng *rng) {
  int failures = 0;
  for (size_t l = 0; l < COUNT(layouts); l++)
    for (size_t a = 0; a < COUNT(transposes); a++)
      for (size_t b = 0; b < COUNT(transposes); b++) {
        gc.layout = layouts[l], gc.ta = transposes[a], gc.tb = transposes[b];
        failures += !gemm_random(p, &gc, rng);
      }
  return failures;
}

/* The gc's layout and transposes picked by a counter, for sweeps too large
 * to run every combination of. */
static gemm_case rotate_ops(gemm_case gc, unsigned counter) {
  gc.layout = layouts[counter % 2];
  gc.ta = transposes[(counter / 2) % 3];
  gc.tb = transposes[(counter / 6) % 3];
  return gc;
}

static void gemm_small_sizes_all_ops(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int dims[] = {0, 1, 2, 3, 7, 13};
  double alpha = tu_round(p, -0.7), beta = tu_round(p, 0.6);
  tu_rng rng = tu_rng_make(501);
  int failures = 0, counter = 0;
  for (size_t i = 0; i < COUNT(dims); i++)
    for (size_t j = 0; j < COUNT(dims); j++)
      for (size_t l = 0; l < COUNT(dims); l++) {
        gemm_case gc = {
            0,     0,   0, dims[i], dims[j], dims[l], (counter++ % 3) * 2,
            alpha, beta};
        failures += gemm_all_ops(p, gc, &rng);
      }
  assert_int_equal(failures, 0);
}

static void gemm_alpha_beta_zero_one_other(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int shapes[][3] = {
      {3, 7, 13}, {13, 3, 7}, {1, 1, 1}, {7, 13, 0}};
  const double scalars[] = {0, 1, tu_round(p, 1.3)};
  tu_rng rng = tu_rng_make(502);
  int failures = 0;
  for (size_t s = 0; s < COUNT(shapes); s++)
    for (size_t a = 0; a < COUNT(scalars); a++)
      for (size_t b = 0; b < COUNT(scalars); b++) {
        gemm_case gc = {
            0, 0,          0,          shapes[s][0], shapes[s][1], shapes[s][2],
            1, scalars[a], -scalars[b]};
        failures += gemm_all_ops(p, gc, &rng);
      }
  assert_int_equal(failures, 0);
}

/* Every square size up to 40: crosses the register tile (MR, NR) edges of
 * any plausible kernel, each with a different layout/transpose pair. */
static void gemm_square_sweep_1_to_40(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(503);
  int failures = 0;
  for (fastla_int s = 1; s <= 40; s++) {
    gemm_case gc = {0, 0, 0, s, s, s, s % 4, 1, tu_round(p, 0.6)};
    gc = rotate_ops(gc, (unsigned)s);
    failures += !gemm_random(p, &gc, &rng);
  }
  assert_int_equal(failures, 0);
}

/* m and n at and around multiples of 8 and 16 (MR/NR +-1 for 4-, 8-, 16-
 * and 24-wide tiles), k across short and longer panels. */
static void gemm_tile_edges(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int mn[] = {5, 8, 9, 16, 17, 24, 25, 33, 48, 49};
  static const fastla_int ks[] = {1, 33, 65};
  double alpha = tu_round(p, 0.9), beta = tu_round(p, -1.1);
  tu_rng rng = tu_rng_make(504);
  int failures = 0;
  unsigned counter = 0;
  for (size_t i = 0; i < COUNT(mn); i++)
    for (size_t j = 0; j < COUNT(mn); j++)
      for (size_t l = 0; l < COUNT(ks); l++) {
        gemm_case gc = {0, 0, 0, mn[i], mn[j], ks[l], counter % 3, alpha, beta};
        gc = rotate_ops(gc, counter++);
        failures += !gemm_random(p, &gc, &rng);
      }
  assert_int_equal(failures, 0);
}

/* k around cache-block depths (KC) with a small C, cheap enough for all
 * operand orders. */
static void gemm_deep_k_around_cache_blocks(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int ks[] = {127, 128, 129, 255, 256, 257, 384, 385, 513};
  tu_rng rng = tu_rng_make(505);
  int failures = 0;
  unsigned counter = 0;
  for (size_t l = 0; l < COUNT(ks); l++)
    for (int r = 0; r < 4; r++) {
      gemm_case gc = {0, 0, 0, 9, 7, ks[l], 3, -1, tu_round(p, 0.25)};
      gc = rotate_ops(gc, counter++);
      failures += !gemm_random(p, &gc, &rng);
    }
  assert_int_equal(failures, 0);
}

/* Every shape of the list in both layouts and all nine transpose pairs. */
static int shapes_all_ops(tu_prec p, const fastla_int (*shapes)[3],
                          size_t count, double alpha, double beta,
                          unsigned seed) {
  tu_rng rng = tu_rng_make(seed);
  int failures = 0;
  for (size_t s = 0; s < count; s++) {
    gemm_case gc = {0,
                    0,
                    0,
                    shapes[s][0],
                    shapes[s][1],
                    shapes[s][2],
                    7,
                    tu_round(p, alpha),
                    tu_round(p, beta)};
    failures += gemm_all_ops(p, gc, &rng);
  }
  return failures;
}

static void gemm_primes_all_ops(void **state) {
  static const fastla_int shapes[][3] = {{31, 67, 13}, {67, 31, 67}};
  assert_int_equal(shapes_all_ops(tu_state_prec(state), shapes, COUNT(shapes),
                                  1.7, 0.3, 506),
                   0);
}

/* The direct path for skinny m (level3.h: m <= 64 float, 32 double, in
 * column-major terms) above the small-product size, with k over two steps
 * of FASTLA_GEMM_DIRECT_KC (1024), the last partial: m = 20 in either
 * layout, all transposes (A^T is copied step by step). */
static void gemm_skinny_deep_k_all_ops(void **state) {
  static const fastla_int shapes[][3] = {{20, 150, 1030}, {150, 20, 1030}};
  assert_int_equal(shapes_all_ops(tu_state_prec(state), shapes, COUNT(shapes),
                                  -1.25, 0.5, 509),
                   0);
}

/* Larger than one MC x KC block of typical kernels (MC ~ 64-150). */
static void gemm_large_shapes(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int shapes[][3] = {
      {150, 130, 140}, {129, 97, 257}, {97, 150, 61}, {1, 150, 150}};
  tu_rng rng = tu_rng_make(507);
  int failures = 0;
  unsigned counter = 0;
  for (size_t s = 0; s < COUNT(shapes); s++)
    for (int r = 0; r < 3; r++) {
      gemm_case gc = {0,
                      0,
                      0,
                      shapes[s][0],
                      shapes[s][1],
                      shapes[s][2],
                      2,
                      tu_round(p, 0.5),
                      tu_round(p, 0.75)};
      gc = rotate_ops(gc, counter);
      counter += 7; /* visits different layout/transpose pairs */
      failures += !gemm_random(p, &gc, &rng);
    }
  assert_int_equal(failures, 0);
}

/* beta == 0: C is written, never read, so NaN in C must not survive. */
/* Shapes just past the block sizes the driver derives on common caches
 * (kc 168-336, mc 384, nc 4092 on a 32 KiB L1 / 1 MiB L2 / 32 MiB L3 CPU):
 * a second kc step (beta applied once), a second mc block, a second nc
 * panel with partial tiles everywhere. The ctest entries with
 * FASTLA_GEMM_BLOCKS=8,1,1 shrink every block so all tests cross them. */
static void gemm_around_derived_blocks(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int shapes[][3] = {
      {385, 13, 337}, {383, 25, 169}, {17, 4093, 9}, {33, 4097, 3}};
  tu_rng rng = tu_rng_make(508);
  int failures = 0;
  unsigned counter = 0;
  for (size_t s = 0; s < COUNT(shapes); s++)
    for (int r = 0; r < 2; r++) {
      gemm_case gc = {0,
                      0,
                      0,
                      shapes[s][0],
                      shapes[s][1],
                      shapes[s][2],
                      1,
                      tu_round(p, -0.5),
                      r ? 0 : tu_round(p, 1.25)};
      gc = rotate_ops(gc, counter);
      counter += 5;
      failures += !gemm_random(p, &gc, &rng);
    }
  assert_int_equal(failures, 0);
}

static void gemm_beta_zero_overwrites_nan_c(void **state) {
  tu_prec p = tu_state_prec(state);
  static const double alphas[] = {0, 1, -2};
  static const fastla_int ks[] = {0, 5};
  tu_rng rng = tu_rng_make(508);
  int failures = 0;
  for (size_t a = 0; a < COUNT(alphas); a++)
    for (size_t l = 0; l < COUNT(ks); l++)
      for (unsigned r = 0; r < 18; r++) {
        gemm_case gc = {0, 0, 0, 6, 11, ks[l], 2, alphas[a], 0};
        gc = rotate_ops(gc, r);
        gemm_ops o = gemm_make(p, &gc, &rng);
        tu_mat_fill(&o.c, gc.layout, gc.m, gc.n, o.ldc, NAN);
        failures += !gemm_check(p, &gc, &o);
      }
  assert_int_equal(failures, 0);
}

/* alpha == 0: A and B are not read, so all-NaN A and B leave beta*C. */
static void gemm_alpha_zero_does_not_read_a_or_b(void **state) {
  tu_prec p = tu_state_prec(state);
  const double betas[] = {0, 1, tu_round(p, -0.4)};
  tu_rng rng = tu_rng_make(509);
  int failures = 0;
  for (size_t b = 0; b < COUNT(betas); b++)
    for (unsigned r = 0; r < 18; r++) {
      gemm_case gc = {0, 0, 0, 9, 4, 7, 1, 0, betas[b]};
      gc = rotate_ops(gc, r);
      gemm_ops o = gemm_make(p, &gc, &rng);
      tu_buf_fill(&o.a, NAN);
      tu_buf_fill(&o.b, NAN);
      failures += !gemm_check(p, &gc, &o);
    }
  assert_int_equal(failures, 0);
}

/* Sets op(M)(i, j) of a stored operand. */
static void set_op(tu_buf *buf, fastla_layout layout, fastla_transpose t,
                   fastla_int ld, fastla_int i, fastla_int j, double v) {
  int tr = t != FASTLA_NO_TRANS;
  tu_buf_set(buf, tu_mat_index(layout, ld, tr ? j : i, tr ? i : j), v);
}

/* No zero-skipping: op(A)(2, 3) = NaN against an all-zero row 3 of op(B)
 * makes row 2 of C NaN. */
static void gemm_nan_in_a_times_zero_b_propagates(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(510);
  int failures = 0;
  for (unsigned r = 0; r < 18; r++) {
    gemm_case gc = rotate_ops((gemm_case){0, 0, 0, 5, 6, 4, 1, 1, 0}, r);
    gemm_ops o = gemm_make(p, &gc, &rng);
    set_op(&o.a, gc.layout, gc.ta, o.lda, 2, 3, NAN);
    for (fastla_int j = 0; j < gc.n; j++)
      set_op(&o.b, gc.layout, gc.tb, o.ldb, 3, j, 0);
    failures += !gemm_check(p, &gc, &o);
  }
  assert_int_equal(failures, 0);
}

/* op(B)(1, 4) = Inf against an all-zero column 1 of op(A): column 4 of C
 * is NaN. */
static void gemm_inf_in_b_times_zero_a_propagates(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(511);
  int failures = 0;
  for (unsigned r = 0; r < 18; r++) {
    gemm_case gc = rotate_ops((gemm_case){0, 0, 0, 7, 5, 3, 0, 2, 1}, r);
    gemm_ops o = gemm_make(p, &gc, &rng);
    set_op(&o.b, gc.layout, gc.tb, o.ldb, 1, 4, INFINITY);
    for (fastla_int i = 0; i < gc.m; i++)
      set_op(&o.a, gc.layout, gc.ta, o.lda, i, 1, 0);
    failures += !gemm_check(p, &gc, &o);
  }
  assert_int_equal(failures, 0);
}

/* An Inf in A that meets no zero gives +-Inf in its row of C. */
static void gemm_inf_in_a_gives_inf(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(512);
  int failures = 0;
  for (unsigned r = 0; r < 18; r++) {
    gemm_case gc = rotate_ops((gemm_case){0, 0, 0, 4, 6, 5, 2, 1, 1}, r);
    gemm_ops o = gemm_make(p, &gc, &rng);
    set_op(&o.a, gc.layout, gc.ta, o.lda, 3, 0, INFINITY);
    failures += !gemm_check(p, &gc, &o);
  }
  assert_int_equal(failures, 0);
}

/* The oracle must itself see NaN*0, or the tests above prove nothing. */
static void oracle_sees_nan_times_zero(void **state) {
  (void)state;
  const double a[] = {NAN, 1}, b[] = {0, 2}, c[] = {5};
  long double want[1], mag[1];
  oracle_gemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, 1, 1, 2, 1, a,
              1, b, 2, 0, c, 1, want, mag);
  assert_true(isnan(want[0]));
}

int main(void) {
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      TU_BOTH(gemm_small_sizes_all_ops),
      TU_BOTH(gemm_alpha_beta_zero_one_other),
      TU_BOTH(gemm_square_sweep_1_to_40),
      TU_BOTH(gemm_tile_edges),
      TU_BOTH(gemm_deep_k_around_cache_blocks),
      TU_BOTH(gemm_primes_all_ops),
      TU_BOTH(gemm_large_shapes),
      TU_BOTH(gemm_skinny_deep_k_all_ops),
      TU_BOTH(gemm_around_derived_blocks),
      TU_BOTH(gemm_beta_zero_overwrites_nan_c),
      TU_BOTH(gemm_alpha_zero_does_not_read_a_or_b),
      TU_BOTH(gemm_nan_in_a_times_zero_b_propagates),
      TU_BOTH(gemm_inf_in_b_times_zero_a_propagates),
      TU_BOTH(gemm_inf_in_a_gives_inf),
      cmocka_unit_test(oracle_sees_nan_times_zero),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
