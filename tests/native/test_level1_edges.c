/* test_level1_edges.c - axpy, dot and nrm2 where SIMD kernels break: every
 * length from 1 to 300 (each vector width x unroll +-1, and 256 +-1), operands
 * aligned to 64 bytes and one element off, increments of both signs, NaN and
 * Inf both in the unrolled body and in the tail, and the magnitude ranges at
 * which a two-path nrm2 switches between its fast and its scaled sum.
 *
 * Every result is checked against the long-double oracle with the error
 * bound of DESIGN.md section 5; guards and gaps must stay untouched and
 * inputs unchanged. A failure prints the configuration, the routine and the
 * exact case, so a kernel bug can be replayed. */
#include <float.h>
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
#define MAX_N    300

static const char *config = "reference";

/* Increment pairs: (-1, -1) is listed because kernels may keep their fast
 * path when both run backwards (the API moves both pointers to the far end). */
static const fastla_int inc_pairs[][2] = {{1, 1}, {-1, 1}, {1, -1}, {-1, -1}};
/* Misalignment in elements of (x, y) from a 64-byte boundary. */
static const size_t off_pairs[][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};

/* Lengths around every block size a kernel is likely to use, for the tests
 * that cannot afford all of 1..300. */
static const fastla_int edge_ns[] = {1,  2,   3,   4,   5,   7,   8,   9,
                                     15, 16,  17,  31,  32,  33,  63,  64,
                                     65, 127, 128, 129, 255, 256, 257, 300};

/* One line per failure, at most a screenful per test. */
static int reported;
static int setup_report(void **state) {
  (void)state;
  reported = 0;
  return 0;
}
#define REPORT(...)                                                            \
  do {                                                                         \
    if (reported++ < 12)                                                       \
      print_error(__VA_ARGS__);                                                \
  } while (0)

/* A second position, away from pos, for a value that must meet the first
 * one (n >= 2). */
static fastla_int other_pos(fastla_int n, fastla_int pos) {
  fastla_int other = (pos + n / 2 + 1) % n;
  return other == pos ? (pos + 1) % n : other;
}

/* A length/placement/increment case for the level-1 routines. */
typedef struct l1_case {
  fastla_int n, incx, incy;
  size_t offx, offy;
} l1_case;

/* ------------------------------------------------------------------------ */
/* axpy                                                                     */
/* ------------------------------------------------------------------------ */

/* Checks y after an axpy against the oracle; returns the first bad index
 * into y's storage, or -1. */
static long axpy_first_wrong(tu_prec p, const tu_buf *y,
                             const unsigned char *fp, const long double *want,
                             const long double *mag) {
  for (size_t j = 0; j < y->len; j++)
    if (fp[j] && !tu_close(tu_buf_get(y, j), want[j], mag[j], 1, tu_eps(p)))
      return (long)j;
  return -1;
}

/* axpy on x, y (already filled) checked against the oracle. Frees x, y. */
static int axpy_check(tu_prec p, const l1_case *c, double alpha, tu_buf *x,
                      tu_buf *y) {
  double *xw = tu_buf_widen(x), *yw = tu_buf_widen(y);
  long double *want = malloc((y->len + 1) * sizeof *want);
  long double *mag = malloc((y->len + 1) * sizeof *mag);
  oracle_axpy(c->n, alpha, xw, c->incx, yw, c->incy, want, mag);
  unsigned char *xs = tu_buf_snapshot(x), *ys = tu_buf_snapshot(y);
  unsigned char *fp = tu_vec_footprint(y, c->n, c->incy);

  tu_axpy(p, c->n, alpha, x->data, c->incx, y->data, c->incy);

  const char *what = NULL;
  long bad = -1;
  if (!tu_buf_unchanged(x, xs))
    what = "x changed";
  else if (tu_buf_changed_outside(y, ys, fp))
    what = "wrote outside y";
  else if ((bad = axpy_first_wrong(p, y, fp, want, mag)) >= 0)
    what = "wrong value";
  if (what)
    REPORT("[%s] %saxpy n=%ld alpha=%g offx=%zu offy=%zu incx=%ld incy=%ld: "
           "%s%s%.17g%s%.17Lg\n",
           config, tu_prec_name(p), (long)c->n, alpha, c->offx, c->offy,
           (long)c->incx, (long)c->incy, what, bad >= 0 ? " got " : "",
           bad >= 0 ? tu_buf_get(y, (size_t)bad) : 0.0,
           bad >= 0 ? " want " : "", bad >= 0 ? want[bad] : 0.0L);
  free(xw), free(yw), free(want), free(mag), free(xs), free(ys), free(fp);
  tu_buf_free(x), tu_buf_free(y);
  return what == NULL;
}

static int axpy_random(tu_prec p, const l1_case *c, double alpha, tu_rng *rng) {
  tu_buf x = tu_vec_random_at(p, c->n, c->incx, c->offx, rng);
  tu_buf y = tu_vec_random_at(p, c->n, c->incy, c->offy, rng);
  return axpy_check(p, c, alpha, &x, &y);
}

/* n = 1..300 x placements x increment signs; alpha 1 too, in case a kernel
 * special-cases it. */
static void axpy_every_length_alignment_and_sign(void **state) {
  tu_prec p = tu_state_prec(state);
  const double alphas[] = {tu_round(p, -0.7), 1};
  tu_rng rng = tu_rng_make(1101);
  int failures = 0;
  for (fastla_int n = 1; n <= MAX_N; n++)
    for (size_t o = 0; o < COUNT(off_pairs); o++)
      for (size_t i = 0; i < COUNT(inc_pairs); i++)
        for (size_t a = 0; a < COUNT(alphas); a++) {
          l1_case c = {n, inc_pairs[i][0], inc_pairs[i][1], off_pairs[o][0],
                       off_pairs[o][1]};
          failures += !axpy_random(p, &c, alphas[a], &rng);
        }
  assert_int_equal(failures, 0);
}

/* A NaN or Inf in x reaches exactly its own y, wherever it sits. */
static void axpy_special_values_in_body_and_tail(void **state) {
  tu_prec p = tu_state_prec(state);
  const double specials[] = {NAN, INFINITY, -INFINITY};
  tu_rng rng = tu_rng_make(1102);
  int failures = 0;
  for (size_t k = 0; k < COUNT(edge_ns); k++) {
    fastla_int n = edge_ns[k];
    const fastla_int pos[] = {0, n / 2, n - 1};
    for (size_t s = 0; s < COUNT(specials); s++)
      for (size_t q = 0; q < COUNT(pos); q++) {
        l1_case c = {n, 1, q == 1 ? -1 : 1, q & 1, (q >> 1) & 1};
        tu_buf x = tu_vec_random_at(p, n, c.incx, c.offx, &rng);
        tu_buf y = tu_vec_random_at(p, n, c.incy, c.offy, &rng);
        tu_buf_set(&x, tu_vec_index(n, c.incx, pos[q]), specials[s]);
        failures += !axpy_check(p, &c, tu_round(p, 1.5), &x, &y);
      }
  }
  assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------------ */
/* dot                                                                      */
/* ------------------------------------------------------------------------ */

/* dot on x, y (already filled) against the oracle. Frees x, y. */
static int dot_check(tu_prec p, const l1_case *c, tu_buf *x, tu_buf *y,
                     const char *label) {
  double *xw = tu_buf_widen(x), *yw = tu_buf_widen(y);
  long double mag;
  long double want = oracle_dot(c->n, xw, c->incx, yw, c->incy, &mag);
  unsigned char *xs = tu_buf_snapshot(x), *ys = tu_buf_snapshot(y);

  double got = tu_dot(p, c->n, x->data, c->incx, y->data, c->incy);

  int same = tu_buf_unchanged(x, xs) && tu_buf_unchanged(y, ys);
  int ok = same && tu_close(got, want, mag, (double)c->n, tu_eps(p));
  if (!ok)
    REPORT("[%s] %sdot %s n=%ld offx=%zu offy=%zu incx=%ld incy=%ld: %s "
           "got %.17g want %.17Lg\n",
           config, tu_prec_name(p), label, (long)c->n, c->offx, c->offy,
           (long)c->incx, (long)c->incy, same ? "" : "input changed;", got,
           want);
  free(xw), free(yw), free(xs), free(ys);
  tu_buf_free(x), tu_buf_free(y);
  return ok;
}

static void dot_every_length_alignment_and_sign(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(1201);
  int failures = 0;
  for (fastla_int n = 1; n <= MAX_N; n++)
    for (size_t o = 0; o < COUNT(off_pairs); o++)
      for (size_t i = 0; i < COUNT(inc_pairs); i++) {
        l1_case c = {n, inc_pairs[i][0], inc_pairs[i][1], off_pairs[o][0],
                     off_pairs[o][1]};
        tu_buf x = tu_vec_random_at(p, n, c.incx, c.offx, &rng);
        tu_buf y = tu_vec_random_at(p, n, c.incy, c.offy, &rng);
        failures += !dot_check(p, &c, &x, &y, "random");
      }
  assert_int_equal(failures, 0);
}

/* Special value kinds for dot: what goes into x and y at one position (and,
 * for opposite infinities, at a second position). */
typedef struct dot_special {
  const char *label;
  double x_at, y_at;
  int keep_y;         /* 1: leave the random y at pos (y_at unused) */
  int second_neg_inf; /* -Inf at another position: Inf - Inf = NaN */
} dot_special;

static const dot_special dot_specials[] = {
    {"nan", NAN, 0, 1, 0},          /* NaN * y = NaN */
    {"inf", INFINITY, 0, 1, 0},     /* +-Inf, sign of y */
    {"inf*0", INFINITY, 0, 0, 0},   /* no zero skipping: NaN */
    {"0*nan", 0, NAN, 0, 0},        /* no zero skipping: NaN */
    {"inf-inf", INFINITY, 1, 0, 1}, /* opposite infinities: NaN */
};

static int dot_special_case(tu_prec p, const l1_case *c, const dot_special *s,
                            fastla_int pos, tu_rng *rng) {
  tu_buf x = tu_vec_random_at(p, c->n, c->incx, c->offx, rng);
  tu_buf y = tu_vec_random_at(p, c->n, c->incy, c->offy, rng);
  tu_buf_set(&x, tu_vec_index(c->n, c->incx, pos), s->x_at);
  if (!s->keep_y)
    tu_buf_set(&y, tu_vec_index(c->n, c->incy, pos), s->y_at);
  if (s->second_neg_inf && c->n > 1) {
    fastla_int other = other_pos(c->n, pos);
    tu_buf_set(&x, tu_vec_index(c->n, c->incx, other), -INFINITY);
    tu_buf_set(&y, tu_vec_index(c->n, c->incy, other), 1);
  }
  return dot_check(p, c, &x, &y, s->label);
}

/* Positions first, middle and last for every length: the last element is in
 * the scalar or masked tail unless n is a multiple of the block. */
static void dot_special_values_every_length(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(1202);
  int failures = 0;
  for (fastla_int n = 1; n <= MAX_N; n++) {
    const fastla_int pos[] = {0, n / 2, n - 1};
    for (size_t s = 0; s < COUNT(dot_specials); s++)
      for (size_t q = 0; q < COUNT(pos); q++) {
        l1_case c = {n, 1, 1, (size_t)(n & 1), (size_t)((n >> 1) & 1)};
        failures += !dot_special_case(p, &c, &dot_specials[s], pos[q], &rng);
      }
  }
  assert_int_equal(failures, 0);
}

/* A NaN at every single position of lengths that leave long tails, so each
 * lane, each unrolled accumulator and each tail slot sees it once. */
static void dot_nan_at_every_position(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int ns[] = {67, 131, 257};
  tu_rng rng = tu_rng_make(1203);
  int failures = 0;
  for (size_t k = 0; k < COUNT(ns); k++)
    for (fastla_int pos = 0; pos < ns[k]; pos++)
      for (size_t i = 0; i < 2; i++) {
        l1_case c = {ns[k], inc_pairs[i * 3][0], inc_pairs[i * 3][1], i, 0};
        failures += !dot_special_case(p, &c, &dot_specials[0], pos, &rng);
      }
  assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------------ */
/* nrm2                                                                     */
/* ------------------------------------------------------------------------ */

/* nrm2 of x (already filled) against the oracle: relative bound c*n*eps,
 * plus two ulps of the smallest subnormal for results that are themselves
 * subnormal (they carry fewer digits than eps promises). Frees x. */
static int nrm2_check(tu_prec p, fastla_int n, fastla_int inc, size_t off,
                      tu_buf *x, const char *label) {
  double *xw = tu_buf_widen(x);
  long double want = oracle_nrm2(n, xw, inc);
  unsigned char *xs = tu_buf_snapshot(x);

  double got = tu_nrm2(p, n, x->data, inc);

  int same = tu_buf_unchanged(x, xs);
  int close = tu_close_rel(got, want, (double)n, tu_eps(p)) ||
              (isfinite(got) && isfinite(want) &&
               fabsl(got - want) <= 2 * (long double)tu_true_min(p));
  int ok = same && close;
  if (!ok)
    REPORT("[%s] %snrm2 %s n=%ld off=%zu inc=%ld: %sgot %.17g want %.17Lg\n",
           config, tu_prec_name(p), label, (long)n, off, (long)inc,
           same ? "" : "input changed; ", got, want);
  free(xw), free(xs), tu_buf_free(x);
  return ok;
}

static void nrm2_every_length_alignment_and_sign(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int incs[] = {1, -1};
  tu_rng rng = tu_rng_make(1301);
  int failures = 0;
  for (fastla_int n = 1; n <= MAX_N; n++)
    for (size_t off = 0; off < 2; off++)
      for (size_t i = 0; i < COUNT(incs); i++) {
        tu_buf x = tu_vec_random_at(p, n, incs[i], off, &rng);
        failures += !nrm2_check(p, n, incs[i], off, &x, "random");
      }
  assert_int_equal(failures, 0);
}

/* NaN wins over Inf wherever either sits; Inf alone gives +Inf. */
typedef struct nrm2_special {
  const char *label;
  double at_pos, at_other; /* at_other 0: leave the random value */
} nrm2_special;

static const nrm2_special nrm2_specials[] = {
    {"nan", NAN, 0},
    {"inf", INFINITY, 0},
    {"-inf", -INFINITY, 0},
    {"nan+inf", NAN, INFINITY},
    {"inf+nan", -INFINITY, NAN},
};

static int nrm2_special_case(tu_prec p, fastla_int n, fastla_int inc,
                             size_t off, const nrm2_special *s, fastla_int pos,
                             tu_rng *rng) {
  tu_buf x = tu_vec_random_at(p, n, inc, off, rng);
  tu_buf_set(&x, tu_vec_index(n, inc, pos), s->at_pos);
  if (s->at_other != 0 && n > 1)
    tu_buf_set(&x, tu_vec_index(n, inc, other_pos(n, pos)), s->at_other);
  return nrm2_check(p, n, inc, off, &x, s->label);
}

static void nrm2_special_values_every_length(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(1302);
  int failures = 0;
  for (fastla_int n = 1; n <= MAX_N; n++) {
    const fastla_int pos[] = {0, n / 2, n - 1};
    for (size_t s = 0; s < COUNT(nrm2_specials); s++)
      for (size_t q = 0; q < COUNT(pos); q++)
        failures += !nrm2_special_case(p, n, q == 1 ? -1 : 1, (size_t)(n & 1),
                                       &nrm2_specials[s], pos[q], &rng);
  }
  assert_int_equal(failures, 0);
}

static void nrm2_nan_at_every_position(void **state) {
  tu_prec p = tu_state_prec(state);
  static const fastla_int ns[] = {67, 131, 257};
  tu_rng rng = tu_rng_make(1303);
  int failures = 0;
  for (size_t k = 0; k < COUNT(ns); k++)
    for (fastla_int pos = 0; pos < ns[k]; pos++)
      for (size_t s = 0; s < 2; s++) /* NaN, then +Inf */
        failures += !nrm2_special_case(p, ns[k], s ? -1 : 1, s,
                                       &nrm2_specials[s], pos, &rng);
  assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------------ */
/* nrm2 magnitude ranges                                                    */
/* ------------------------------------------------------------------------ */

/* A vector whose elements have random signs and magnitudes in
 * [fill/4, fill), except one element exactly `special` at position pos. */
typedef struct nrm2_range {
  const char *label;
  double fill, special;
} nrm2_range;

/* Double: a two-path dnrm2 sums unscaled squares when 2^-511 <= max|x| <=
 * 2^486 and scales otherwise; these sit just inside and just outside both
 * limits, mix far-apart scales, and stay where the norm is representable. */
static const nrm2_range d_ranges[] = {
    {"max=2^486, fill near", 0x1p486, 0x1p486},
    {"max=2^486+ulp", 0x1p486, 0x1.0000000000001p486},
    {"max=2^486-ulp", 0x1p486, 0x1.fffffffffffffp485},
    {"max=2^487", 0x1p486, 0x1p487},
    {"max=2^-511, fill near", 0x1p-511, 0x1p-511},
    {"max=2^-511-ulp", 0x1p-511, 0x1.fffffffffffffp-512},
    {"max=2^-511+ulp", 0x1p-512, 0x1.0000000000001p-511},
    {"max=2^-512", 0x1p-512, 0x1p-512},
    /* n * max^2 overflows for n >= 4 (and underflows below): a fast path
     * whose limits sit too far out fails here. */
    {"all 2^510", 0x1p510, 0x1p510},
    {"all 2^-530", 0x1p-530, 0x1p-530},
    {"1e300", 1e300, 1e300},
    {"1e-300", 1e-300, 1e-300},
    {"near DBL_MAX/32", 0x1p1019, 0x1.fffffffffffffp1018},
    {"huge among normals", 1, 0x1p600},
    {"DBL_MAX/4 among normals", 1, 0x1.fffffffffffffp1021},
    {"huge among tiny", 0x1p-600, 0x1p600},
    {"normal among tiny", 0x1p-600, 1},
    {"2^-520 among 2^-600", 0x1p-600, 0x1p-520},
    {"tiny among normals", 1, 0x1p-600},
    {"1 among subnormals", 0x1p-1030, 1},
    {"all subnormal, large", 0x1p-1022, 0x1.8p-1023},
    {"all subnormal, small", 0x1p-1060, 0x1p-1061},
    {"DBL_MIN among subnormals", 0x1p-1030, 0x1p-1022},
};

/* Float: squares of these overflow or underflow in float; the norms do not. */
static const nrm2_range s_ranges[] = {
    {"near FLT_MAX/32", 0x1p123, 0x1.fffffep122},
    {"FLT_MAX/2 among normals", 1, 0x1.fffffep126},
    {"1e30", 1e30, 1e30},
    {"huge among tiny", 0x1p-60, 0x1p60},
    {"FLT_MIN", 0x1p-126, 0x1p-126},
    {"1e-30", 1e-30, 1e-30},
    {"1 among subnormals", 0x1p-135, 1},
    {"all subnormal, large", 0x1p-126, 0x1.8p-127},
    {"all subnormal, small", 0x1p-145, 0x1p-146},
    {"tiny among normals", 1, 0x1p-70},
};

/* Filler element: random sign, magnitude in [fill/4, fill). */
static double range_fill(tu_rng *rng, double fill) {
  double u = tu_rng_value(rng);
  return copysign((0.25 + 0.75 * fabs(u) * 0.999) * fill, u);
}

static int nrm2_range_case(tu_prec p, const nrm2_range *r, fastla_int n,
                           fastla_int pos, size_t off, fastla_int inc,
                           tu_rng *rng) {
  tu_buf x = tu_buf_make_at(p, tu_vec_len(n, inc), off);
  for (fastla_int i = 0; i < n; i++)
    tu_buf_set(&x, tu_vec_index(n, inc, i), range_fill(rng, r->fill));
  tu_buf_set(&x, tu_vec_index(n, inc, pos), r->special);
  return nrm2_check(p, n, inc, off, &x, r->label);
}

/* Every range at every edge length, the special element first, in the
 * middle and last (in the tail), aligned and not, forwards and backwards. */
static void nrm2_ranges_around_both_thresholds(void **state) {
  tu_prec p = tu_state_prec(state);
  const nrm2_range *ranges = p == TU_FLOAT ? s_ranges : d_ranges;
  size_t count = p == TU_FLOAT ? COUNT(s_ranges) : COUNT(d_ranges);
  tu_rng rng = tu_rng_make(1401);
  int failures = 0;
  for (size_t r = 0; r < count; r++)
    for (size_t k = 0; k < COUNT(edge_ns); k++) {
      fastla_int n = edge_ns[k];
      const fastla_int pos[] = {0, n / 2, n - 1};
      for (size_t q = 0; q < COUNT(pos); q++)
        for (size_t v = 0; v < 4; v++)
          failures += !nrm2_range_case(p, &ranges[r], n, pos[q], v & 1,
                                       v & 2 ? -1 : 1, &rng);
    }
  assert_int_equal(failures, 0);
}

/* The ranges above are only meaningful if the oracle gets them right: check
 * it on vectors whose norm is known exactly. */
static void oracle_nrm2_exact_at_extremes(void **state) {
  (void)state;
  const double big[] = {3 * 0x1p1020, 4 * 0x1p1020};
  const double sub[] = {3 * 0x1p-1074, 4 * 0x1p-1074};
  const double thr[] = {0x1p486, 0x1p486, 0x1p486, 0x1p486};
  assert_true(oracle_nrm2(2, big, 1) == 5 * 0x1p1020L);
  assert_true(oracle_nrm2(2, sub, 1) == 5 * 0x1p-1074L);
  assert_true(oracle_nrm2(4, thr, 1) == 0x1p487L);
}

int main(void) {
  config = fastla_test_select_config();
#define B(f)                                                                   \
  {"s:" #f, f, setup_report, NULL, &tu_prec_float}, {                          \
    "d:" #f, f, setup_report, NULL, &tu_prec_double                            \
  }
  const struct CMUnitTest tests[] = {
      B(axpy_every_length_alignment_and_sign),
      B(axpy_special_values_in_body_and_tail),
      B(dot_every_length_alignment_and_sign),
      B(dot_special_values_every_length),
      B(dot_nan_at_every_position),
      B(nrm2_every_length_alignment_and_sign),
      B(nrm2_special_values_every_length),
      B(nrm2_nan_at_every_position),
      B(nrm2_ranges_around_both_thresholds),
      cmocka_unit_test(oracle_nrm2_exact_at_extremes),
  };
#undef B
  return cmocka_run_group_tests(tests, NULL, NULL);
}
