/* test_errors.c - bad input to fastla_{s,d}gemv and fastla_{s,d}gemm: each
 * bad argument is reported by the status naming it (the first bad one in
 * CBLAS argument order), the output is left untouched byte for byte, and
 * NULL operands that the call would not read are accepted. (Level-1 bad
 * input - n <= 0 and NULL operands - is covered in test_level1.) */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Operands large enough for every shape used here, filled with random
 * values; the library must not write to a or x/b, nor to y/c on error. */
#define OPERAND_LEN 256

typedef struct operands {
  tu_buf a, x, y;
} operands;

static operands operands_make(tu_prec p) {
  tu_rng rng = tu_rng_make(601);
  operands o = {tu_vec_random(p, OPERAND_LEN, 1, &rng),
                tu_vec_random(p, OPERAND_LEN, 1, &rng),
                tu_vec_random(p, OPERAND_LEN, 1, &rng)};
  return o;
}

static void operands_free(operands *o) {
  tu_buf_free(&o->a), tu_buf_free(&o->x), tu_buf_free(&o->y);
}

static const char *arg_name(fastla_status st) {
  const char *name = fastla_status_argument(st);
  return name ? name : fastla_strerror(st);
}

/* ------------------------------------------------------------------------ */
/* gemv                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct gemv_args {
  fastla_layout layout;
  fastla_transpose trans;
  fastla_int m, n;
  double alpha;
  const void *a;
  fastla_int lda;
  const void *x;
  fastla_int incx;
  double beta;
  void *y;
  fastla_int incy;
} gemv_args;

/* A valid call: 4 x 3 column-major A, unit increments. */
static gemv_args gemv_valid(operands *o) {
  gemv_args g = {FASTLA_COL_MAJOR,
                 FASTLA_NO_TRANS,
                 4,
                 3,
                 1.5,
                 o->a.data,
                 4,
                 o->x.data,
                 1,
                 0.5,
                 o->y.data,
                 1};
  return g;
}

/* Calls gemv and expects status want; on an error also expects every
 * operand untouched. Returns 1 if both hold. */
static int gemv_expect(tu_prec p, operands *o, const gemv_args *g,
                       fastla_status want) {
  unsigned char *as = tu_buf_snapshot(&o->a), *xs = tu_buf_snapshot(&o->x);
  unsigned char *ys = tu_buf_snapshot(&o->y);
  fastla_status got =
      tu_gemv(p, g->layout, g->trans, g->m, g->n, g->alpha, g->a, g->lda, g->x,
              g->incx, g->beta, g->y, g->incy);
  int ok = got == want && tu_buf_unchanged(&o->a, as) &&
           tu_buf_unchanged(&o->x, xs) &&
           (want == FASTLA_OK || tu_buf_unchanged(&o->y, ys));
  if (!ok)
    print_error("%sgemv layout=%d trans=%d m=%ld n=%ld lda=%ld incx=%ld "
                "incy=%ld a=%p x=%p y=%p alpha=%g beta=%g: status %s, want "
                "%s%s\n",
                tu_prec_name(p), g->layout, g->trans, (long)g->m, (long)g->n,
                (long)g->lda, (long)g->incx, (long)g->incy, g->a, g->x, g->y,
                g->alpha, g->beta, arg_name(got), arg_name(want),
                got == want ? " (but an operand changed)" : "");
  free(as), free(xs), free(ys);
  return ok;
}

static void gemv_bad_layout(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  static const int bad[] = {0, -1, 100, 103, 111, 999};
  int failures = 0;
  for (size_t i = 0; i < COUNT(bad); i++) {
    gemv_args g = gemv_valid(&o);
    g.layout = (fastla_layout)bad[i];
    failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_LAYOUT);
  }
  operands_free(&o);
  assert_int_equal(failures, 0);
}

static void gemv_bad_trans(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  static const int bad[] = {0, -1, 101, 110, 114, 999};
  int failures = 0;
  for (size_t l = 0; l < 2; l++)
    for (size_t i = 0; i < COUNT(bad); i++) {
      gemv_args g = gemv_valid(&o);
      g.layout = l ? FASTLA_ROW_MAJOR : FASTLA_COL_MAJOR;
      g.trans = (fastla_transpose)bad[i];
      failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_TRANS);
    }
  operands_free(&o);
  assert_int_equal(failures, 0);
}

static void gemv_negative_m_and_n(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  gemv_args g = gemv_valid(&o);
  g.m = -1;
  int failures = !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_M);
  g = gemv_valid(&o);
  g.n = -1;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_N);
  g.layout = FASTLA_ROW_MAJOR, g.lda = 1; /* valid for n < 0 either way */
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_N);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* A is m x n whatever trans says: column-major needs lda >= max(1, m),
 * row-major lda >= max(1, n). */
typedef struct lda_rule {
  fastla_layout layout;
  fastla_int m, n, lda;
  fastla_status want;
} lda_rule;

static void gemv_lda_rules(void **state) {
  tu_prec p = tu_state_prec(state);
  static const lda_rule rules[] = {
      {FASTLA_COL_MAJOR, 5, 3, 4, FASTLA_ERR_ARG_LDA},
      {FASTLA_COL_MAJOR, 5, 3, 5, FASTLA_OK},
      {FASTLA_COL_MAJOR, 3, 5, 3, FASTLA_OK},
      {FASTLA_COL_MAJOR, 0, 3, 0, FASTLA_ERR_ARG_LDA},
      {FASTLA_COL_MAJOR, 0, 3, 1, FASTLA_OK},
      {FASTLA_ROW_MAJOR, 5, 3, 2, FASTLA_ERR_ARG_LDA},
      {FASTLA_ROW_MAJOR, 5, 3, 3, FASTLA_OK},
      {FASTLA_ROW_MAJOR, 3, 5, 4, FASTLA_ERR_ARG_LDA},
      {FASTLA_ROW_MAJOR, 3, 5, 5, FASTLA_OK},
      {FASTLA_ROW_MAJOR, 3, 0, 0, FASTLA_ERR_ARG_LDA},
      {FASTLA_ROW_MAJOR, 3, 0, 1, FASTLA_OK},
  };
  static const fastla_transpose ts[] = {FASTLA_NO_TRANS, FASTLA_TRANS,
                                        FASTLA_CONJ_TRANS};
  operands o = operands_make(p);
  int failures = 0;
  for (size_t r = 0; r < COUNT(rules); r++)
    for (size_t t = 0; t < COUNT(ts); t++) {
      gemv_args g = gemv_valid(&o);
      g.layout = rules[r].layout, g.trans = ts[t];
      g.m = rules[r].m, g.n = rules[r].n, g.lda = rules[r].lda;
      failures += !gemv_expect(p, &o, &g, rules[r].want);
    }
  operands_free(&o);
  assert_int_equal(failures, 0);
}

static void gemv_zero_increments(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  gemv_args g = gemv_valid(&o);
  g.incx = 0;
  int failures = !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_INCX);
  g = gemv_valid(&o);
  g.incy = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_INCY);
  /* checked even when the sizes would make the call a no-op */
  g = gemv_valid(&o);
  g.m = 0, g.n = 0, g.incx = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_INCX);
  g.incx = 1, g.incy = 0, g.alpha = 0, g.beta = 1;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_INCY);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

static void gemv_null_operands_that_must_be_used(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  gemv_args g = gemv_valid(&o);
  g.a = NULL;
  int failures = !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_A);
  g = gemv_valid(&o);
  g.x = NULL;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_X);
  g = gemv_valid(&o);
  g.y = NULL;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_Y);
  g.alpha = 0; /* y is still scaled by beta = 0.5, so still written */
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_Y);
  g.beta = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_Y);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* Two bad arguments: the status names the earlier one in CBLAS order
 * (layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy). */
static void gemv_first_bad_argument_wins(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemv_args g = gemv_valid(&o);
  g.layout = 0, g.trans = 0, g.m = -1;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_LAYOUT);
  g = gemv_valid(&o);
  g.trans = 0, g.m = -1, g.incx = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_TRANS);
  g = gemv_valid(&o);
  g.m = -1, g.n = -1;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_M);
  g = gemv_valid(&o);
  g.n = -1, g.lda = 0, g.incy = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_N);
  g = gemv_valid(&o);
  g.lda = 3, g.incx = 0, g.x = NULL;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_LDA);
  g = gemv_valid(&o);
  g.incx = 0, g.incy = 0, g.y = NULL;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_INCX);
  g = gemv_valid(&o);
  g.x = NULL, g.y = NULL;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_X);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* A NULL operand that must be used is a bad argument in its own CBLAS
 * position: a (6) before lda (7), x (8) before incx (9), y (11) before
 * incy (12). */
static void gemv_null_pointer_precedes_later_bad_argument(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemv_args g = gemv_valid(&o);
  g.a = NULL, g.lda = 3;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_A);
  g = gemv_valid(&o);
  g.x = NULL, g.incx = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_X);
  g = gemv_valid(&o);
  g.y = NULL, g.incy = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_ERR_ARG_Y);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* NULL is fine for an operand the call will not touch. */
static void gemv_null_accepted_when_not_used(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemv_args g = gemv_valid(&o);
  g.a = NULL, g.x = NULL, g.y = NULL, g.m = 0; /* nothing to do */
  failures += !gemv_expect(p, &o, &g, FASTLA_OK);
  g.m = 4, g.n = 0;
  failures += !gemv_expect(p, &o, &g, FASTLA_OK);
  g.n = 3, g.alpha = 0, g.beta = 1; /* y cannot change */
  failures += !gemv_expect(p, &o, &g, FASTLA_OK);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* alpha == 0 reads neither A nor x: NULL for both, y := beta*y. */
static void gemv_alpha_zero_accepts_null_a_and_x(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  double y0 = tu_buf_get(&o.y, 0), y3 = tu_buf_get(&o.y, 3);
  gemv_args g = gemv_valid(&o);
  g.a = NULL, g.x = NULL, g.alpha = 0, g.beta = 2;
  assert_true(gemv_expect(p, &o, &g, FASTLA_OK));
  assert_true(tu_buf_get(&o.y, 0) == 2 * y0 && tu_buf_get(&o.y, 3) == 2 * y3);
  tu_buf_set(&o.y, 1, NAN);
  g.beta = 0; /* y written, never read: the NaN goes */
  assert_true(gemv_expect(p, &o, &g, FASTLA_OK));
  for (size_t i = 0; i < 4; i++)
    assert_true(tu_buf_get(&o.y, i) == 0);
  operands_free(&o);
}

/* ------------------------------------------------------------------------ */
/* gemm                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct gemm_args {
  fastla_layout layout;
  fastla_transpose ta, tb;
  fastla_int m, n, k;
  double alpha;
  const void *a;
  fastla_int lda;
  const void *b;
  fastla_int ldb;
  double beta;
  void *c;
  fastla_int ldc;
} gemm_args;

/* A valid call: column-major, no transposes, m = 4, n = 5, k = 6. The
 * operands reuse the gemv buffers: a -> A, x -> B, y -> C. */
static gemm_args gemm_valid(operands *o) {
  gemm_args g = {FASTLA_COL_MAJOR,
                 FASTLA_NO_TRANS,
                 FASTLA_NO_TRANS,
                 4,
                 5,
                 6,
                 1.5,
                 o->a.data,
                 4,
                 o->x.data,
                 6,
                 0.5,
                 o->y.data,
                 4};
  return g;
}

static int gemm_expect(tu_prec p, operands *o, const gemm_args *g,
                       fastla_status want) {
  unsigned char *as = tu_buf_snapshot(&o->a), *bs = tu_buf_snapshot(&o->x);
  unsigned char *cs = tu_buf_snapshot(&o->y);
  fastla_status got =
      tu_gemm(p, g->layout, g->ta, g->tb, g->m, g->n, g->k, g->alpha, g->a,
              g->lda, g->b, g->ldb, g->beta, g->c, g->ldc);
  int ok = got == want && tu_buf_unchanged(&o->a, as) &&
           tu_buf_unchanged(&o->x, bs) &&
           (want == FASTLA_OK || tu_buf_unchanged(&o->y, cs));
  if (!ok)
    print_error("%sgemm layout=%d ta=%d tb=%d m=%ld n=%ld k=%ld lda=%ld "
                "ldb=%ld ldc=%ld a=%p b=%p c=%p alpha=%g beta=%g: status %s, "
                "want %s%s\n",
                tu_prec_name(p), g->layout, g->ta, g->tb, (long)g->m,
                (long)g->n, (long)g->k, (long)g->lda, (long)g->ldb,
                (long)g->ldc, g->a, g->b, g->c, g->alpha, g->beta,
                arg_name(got), arg_name(want),
                got == want ? " (but an operand changed)" : "");
  free(as), free(bs), free(cs);
  return ok;
}

static void gemm_bad_layout_and_transposes(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  static const int bad[] = {0, -1, 100, 110, 114, 999};
  int failures = 0;
  for (size_t i = 0; i < COUNT(bad); i++) {
    gemm_args g = gemm_valid(&o);
    g.layout = (fastla_layout)bad[i];
    failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_LAYOUT);
    g = gemm_valid(&o);
    g.ta = (fastla_transpose)bad[i];
    failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_TRANSA);
    g = gemm_valid(&o);
    g.tb = (fastla_transpose)bad[i];
    failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_TRANSB);
  }
  operands_free(&o);
  assert_int_equal(failures, 0);
}

static void gemm_negative_sizes(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemm_args g = gemm_valid(&o);
  g.m = -1;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_M);
  g = gemm_valid(&o);
  g.n = -3;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_N);
  g = gemm_valid(&o);
  g.k = -1, g.ldb = 1; /* ldb >= max(1, k) holds for any k < 1 */
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_K);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* Minimal leading dimensions for m = 4, n = 5, k = 6, written out by hand
 * from the shapes: op(A) m x k, op(B) k x n, C m x n; a stored matrix needs
 * ld >= its rows (column-major) or its columns (row-major). */
typedef struct ld_rule {
  fastla_layout layout;
  fastla_transpose ta, tb;
  fastla_int lda, ldb, ldc;
} ld_rule;

static const ld_rule ld_rules[] = {
    /* column-major: A m x k (k x m if T), B k x n (n x k if T), C m x n */
    {FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, 4, 6, 4},
    {FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, 6, 6, 4},
    {FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_TRANS, 4, 5, 4},
    {FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_TRANS, 6, 5, 4},
    {FASTLA_COL_MAJOR, FASTLA_CONJ_TRANS, FASTLA_CONJ_TRANS, 6, 5, 4},
    /* row-major: the same stored shapes, spanned by their columns */
    {FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, 6, 5, 5},
    {FASTLA_ROW_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, 4, 5, 5},
    {FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_TRANS, 6, 6, 5},
    {FASTLA_ROW_MAJOR, FASTLA_TRANS, FASTLA_TRANS, 4, 6, 5},
    {FASTLA_ROW_MAJOR, FASTLA_CONJ_TRANS, FASTLA_NO_TRANS, 4, 5, 5},
};

static int gemm_ld_rule_holds(tu_prec p, operands *o, const ld_rule *r) {
  gemm_args g = gemm_valid(o);
  g.layout = r->layout, g.ta = r->ta, g.tb = r->tb;
  g.lda = r->lda, g.ldb = r->ldb, g.ldc = r->ldc;
  int ok = gemm_expect(p, o, &g, FASTLA_OK);
  g.lda--;
  ok &= gemm_expect(p, o, &g, FASTLA_ERR_ARG_LDA);
  g.lda++, g.ldb--;
  ok &= gemm_expect(p, o, &g, FASTLA_ERR_ARG_LDB);
  g.ldb++, g.ldc--;
  ok &= gemm_expect(p, o, &g, FASTLA_ERR_ARG_LDC);
  return ok;
}

static void gemm_leading_dimension_rules(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  for (size_t r = 0; r < COUNT(ld_rules); r++)
    failures += !gemm_ld_rule_holds(p, &o, &ld_rules[r]);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* ld >= max(1, ...) even when the span is 0, as in the reference BLAS. */
static void gemm_leading_dimension_at_least_one(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemm_args g = gemm_valid(&o);
  g.m = 0, g.lda = 0; /* column-major A is 0 x 6 */
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_LDA);
  g = gemm_valid(&o);
  g.m = 0, g.lda = 1, g.ldc = 0;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_LDC);
  g = gemm_valid(&o);
  g.k = 0, g.ta = FASTLA_TRANS, g.lda = 0, g.ldb = 1; /* A stored 0 x 4 */
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_LDA);
  g.lda = 1; /* and with every ld valid, k == 0 is a legal call */
  failures += !gemm_expect(p, &o, &g, FASTLA_OK);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

static void gemm_null_operands_that_must_be_used(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemm_args g = gemm_valid(&o);
  g.a = NULL;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_A);
  g = gemm_valid(&o);
  g.b = NULL;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_B);
  g = gemm_valid(&o);
  g.c = NULL;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_C);
  g.alpha = 0, g.beta = 0; /* C := 0 still writes C */
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_C);
  g = gemm_valid(&o);
  g.layout = FASTLA_ROW_MAJOR, g.lda = 6, g.ldb = 5, g.ldc = 5, g.b = NULL;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_B);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* CBLAS order: layout, transa, transb, m, n, k, alpha, a, lda, b, ldb,
 * beta, c, ldc. */
static void gemm_first_bad_argument_wins(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemm_args g = gemm_valid(&o);
  g.layout = 0, g.ta = 0, g.tb = 0;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_LAYOUT);
  g = gemm_valid(&o);
  g.ta = 0, g.tb = 0, g.m = -1;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_TRANSA);
  g = gemm_valid(&o);
  g.tb = 999, g.m = -1, g.k = -1;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_TRANSB);
  g = gemm_valid(&o);
  g.m = -1, g.n = -1, g.lda = 0;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_M);
  g = gemm_valid(&o);
  g.n = -1, g.k = -1, g.ldc = 0;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_N);
  g = gemm_valid(&o);
  g.k = -1, g.lda = 0, g.ldb = 0;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_K);
  g = gemm_valid(&o);
  g.lda = 3, g.ldb = 5, g.ldc = 3;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_LDA);
  g = gemm_valid(&o);
  g.ldb = 5, g.ldc = 3, g.c = NULL;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_LDB);
  g = gemm_valid(&o);
  g.a = NULL, g.b = NULL, g.c = NULL;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_A);
  g = gemm_valid(&o);
  g.b = NULL, g.c = NULL;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_B);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* a (8) before lda (9), b (10) before ldb (11), c (13) before ldc (14). */
static void gemm_null_pointer_precedes_later_bad_argument(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemm_args g = gemm_valid(&o);
  g.a = NULL, g.lda = 3;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_A);
  g = gemm_valid(&o);
  g.b = NULL, g.ldb = 5;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_B);
  g = gemm_valid(&o);
  g.c = NULL, g.ldc = 3;
  failures += !gemm_expect(p, &o, &g, FASTLA_ERR_ARG_C);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

static void gemm_null_accepted_when_not_used(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  int failures = 0;
  gemm_args g = gemm_valid(&o);
  g.a = NULL, g.b = NULL, g.c = NULL, g.m = 0;
  failures += !gemm_expect(p, &o, &g, FASTLA_OK);
  g.m = 4, g.n = 0;
  failures += !gemm_expect(p, &o, &g, FASTLA_OK);
  g.n = 5, g.alpha = 0, g.beta = 1; /* C cannot change */
  failures += !gemm_expect(p, &o, &g, FASTLA_OK);
  g.alpha = 1.5, g.k = 0, g.ldb = 1; /* nor with an empty product */
  failures += !gemm_expect(p, &o, &g, FASTLA_OK);
  operands_free(&o);
  assert_int_equal(failures, 0);
}

/* alpha == 0 or k == 0 reads neither A nor B: NULL for both, C := beta*C. */
static void gemm_no_product_accepts_null_a_and_b(void **state) {
  tu_prec p = tu_state_prec(state);
  operands o = operands_make(p);
  for (int use_k0 = 0; use_k0 <= 1; use_k0++) {
    double c0 = tu_buf_get(&o.y, 0), c19 = tu_buf_get(&o.y, 19);
    double c20 = tu_buf_get(&o.y, 20);
    gemm_args g = gemm_valid(&o);
    g.a = NULL, g.b = NULL, g.beta = -2;
    if (use_k0)
      g.k = 0, g.ldb = 1;
    else
      g.alpha = 0;
    assert_true(gemm_expect(p, &o, &g, FASTLA_OK));
    assert_true(tu_buf_get(&o.y, 0) == -2 * c0);
    assert_true(tu_buf_get(&o.y, 19) == -2 * c19); /* C(3, 4) */
    assert_true(tu_buf_get(&o.y, 20) == c20);      /* beyond C: untouched */
    tu_buf_set(&o.y, 5, NAN);
    g.beta = 0; /* C written, never read: the NaN goes */
    assert_true(gemm_expect(p, &o, &g, FASTLA_OK));
    for (size_t i = 0; i < 20; i++)
      assert_true(tu_buf_get(&o.y, i) == 0);
  }
  operands_free(&o);
}

int main(void) {
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      TU_BOTH(gemv_bad_layout),
      TU_BOTH(gemv_bad_trans),
      TU_BOTH(gemv_negative_m_and_n),
      TU_BOTH(gemv_lda_rules),
      TU_BOTH(gemv_zero_increments),
      TU_BOTH(gemv_null_operands_that_must_be_used),
      TU_BOTH(gemv_first_bad_argument_wins),
      TU_BOTH(gemv_null_pointer_precedes_later_bad_argument),
      TU_BOTH(gemv_null_accepted_when_not_used),
      TU_BOTH(gemv_alpha_zero_accepts_null_a_and_x),
      TU_BOTH(gemm_bad_layout_and_transposes),
      TU_BOTH(gemm_negative_sizes),
      TU_BOTH(gemm_leading_dimension_rules),
      TU_BOTH(gemm_leading_dimension_at_least_one),
      TU_BOTH(gemm_null_operands_that_must_be_used),
      TU_BOTH(gemm_first_bad_argument_wins),
      TU_BOTH(gemm_null_pointer_precedes_later_bad_argument),
      TU_BOTH(gemm_null_accepted_when_not_used),
      TU_BOTH(gemm_no_product_accepts_null_a_and_b),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
