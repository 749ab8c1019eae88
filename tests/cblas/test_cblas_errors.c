/* test_cblas_errors.c - bad arguments are reported exactly as the reference
 * BLAS 3.11 / CBLAS report them, through the program's own handlers.
 *
 * This program defines cblas_xerbla and xerbla_, so it also proves that the
 * shim's handlers are interposable: if the shim called its own defaults,
 * nothing would be recorded here.
 *
 * In row-major mode reference CBLAS reports gemm/gemv errors found by the
 * Fortran routine with the numbers of its swapped call (raw), and handlers
 * that know the layout map them back (the testers' c_xerbla.c does, with a
 * RowMajorStrg flag). Each case lists the raw number and the position of
 * the argument really broken, and checks that the mapping joins them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "f77_blas.h"
#include "shim_calls.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define BAD_ENUM 999

/* What the handlers saw since the last reset. */
static struct {
  int calls;
  int info;
  char rout[32];
} seen;

void cblas_xerbla(int p, const char *rout, const char *form, ...) {
  (void)form;
  seen.calls++;
  seen.info = p;
  snprintf(seen.rout, sizeof seen.rout, "%s", rout);
}

void xerbla_(const char *srname, const int *info, size_t len) {
  seen.calls++;
  seen.info = *info;
  /* Keep the blanks: the reference passes "DGEMM " with length 6. */
  snprintf(seen.rout, sizeof seen.rout, "%.*s", (int)len, srname);
}

/* The row-major mapping of the reference handlers (c_xerbla.c). */
static int unswap(const char *rout, int p) {
  if (strstr(rout, "gemm") != NULL) {
    if (p == 4 || p == 5)
      return 9 - p;
    if (p == 9 || p == 11)
      return 20 - p;
  } else if (strstr(rout, "gemv") != NULL && (p == 3 || p == 4)) {
    return 7 - p;
  }
  return p;
}

static char name[32];
/* "cblas_dgemm", or for the Fortran ABI "DGEMM " (blank padded to 6). */
static const char *routine(shim_api api, tu_prec p, const char *op) {
  if (api == API_CBLAS)
    snprintf(name, sizeof name, "cblas_%s%s", tu_prec_name(p), op);
  else
    snprintf(name, sizeof name, "%c%c%c%c%c ", p == TU_FLOAT ? 'S' : 'D',
             op[0] - 32, op[1] - 32, op[2] - 32, op[3] - 32);
  return name;
}

/* Checks one report and that the output was left alone. */
static void expect_report(const char *rout, fastla_layout layout, int raw,
                          int arg, const tu_buf *out, const unsigned char *snap,
                          const char *what) {
  if (seen.calls != 1 || strcmp(seen.rout, rout) != 0 || seen.info != raw)
    fail_msg("%s: expected one report (%s, %d), got %d calls, last (%s, %d)",
             what, rout, raw, seen.calls, seen.rout, seen.info);
  if (layout == FASTLA_ROW_MAJOR)
    assert_int_equal(unswap(rout, raw), arg);
  else
    assert_int_equal(raw, arg);
  if (!tu_buf_unchanged(out, snap))
    fail_msg("%s: the output was written", what);
}

enum { C = FASTLA_COL_MAJOR, R = FASTLA_ROW_MAJOR, N = FASTLA_NO_TRANS };
enum { T = FASTLA_TRANS, BAD = BAD_ENUM };

/* raw: the number the reference reports (0: no report); arg: the position
 * of the broken argument; null: which pointer is NULL ('A', 'B', 'C'...). */
struct gemm_case {
  shim_api api;
  int layout, ta, tb, m, n, k, lda, ldb, ldc;
  char null;
  int raw, arg;
};

static const struct gemm_case gemm_cases[] = {
    /* CBLAS, column-major: layout/trans here, the rest Fortran INFO + 1 */
    {API_CBLAS, BAD, N, N, 2, 2, 2, 2, 2, 2, 0, 1, 1},
    {API_CBLAS, C, BAD, N, 2, 2, 2, 2, 2, 2, 0, 2, 2},
    {API_CBLAS, C, N, BAD, 2, 2, 2, 2, 2, 2, 0, 3, 3},
    {API_CBLAS, C, BAD, BAD, 2, 2, 2, 2, 2, 2, 0, 2, 2},
    {API_CBLAS, C, N, N, -1, 2, 2, 2, 2, 2, 0, 4, 4},
    {API_CBLAS, C, N, N, 2, -1, 2, 2, 2, 2, 0, 5, 5},
    {API_CBLAS, C, N, N, 2, 2, -1, 2, 2, 2, 0, 6, 6},
    {API_CBLAS, C, N, N, -1, -1, 2, 2, 2, 2, 0, 4, 4},
    {API_CBLAS, C, N, N, 2, 2, 2, 1, 2, 2, 0, 9, 9},
    {API_CBLAS, C, T, N, 2, 2, 3, 2, 3, 2, 0, 9, 9},
    {API_CBLAS, C, N, N, 2, 2, 2, 2, 1, 2, 0, 11, 11},
    {API_CBLAS, C, N, T, 2, 3, 2, 2, 2, 2, 0, 11, 11},
    {API_CBLAS, C, N, N, 2, 2, 2, 1, 1, 2, 0, 9, 9},
    {API_CBLAS, C, N, N, 2, 2, 2, 2, 2, 1, 0, 14, 14},
    {API_CBLAS, C, N, N, 2, 2, 2, 2, 2, 2, 'A', 8, 8},
    {API_CBLAS, C, N, N, 2, 2, 2, 2, 2, 2, 'B', 10, 10},
    {API_CBLAS, C, N, N, 2, 2, 2, 2, 2, 2, 'C', 13, 13},
    {API_CBLAS, C, N, N, 2, 2, 0, 2, 1, 2, 'A', 0, 0}, /* k = 0: A unread */
    {API_CBLAS, C, N, N, 0, 2, 2, 1, 2, 1, 'C', 0, 0}, /* m = 0: no-op */
    /* CBLAS, row-major: the Fortran call is xGEMM(TB, TA, N, M, K, ...,
     * B, ldb, A, lda, ...), so N before M and ldb before lda, swapped */
    {API_CBLAS, R, BAD, N, 2, 2, 2, 2, 2, 2, 0, 2, 2},
    {API_CBLAS, R, N, BAD, 2, 2, 2, 2, 2, 2, 0, 3, 3},
    {API_CBLAS, R, N, N, -1, 2, 2, 2, 2, 2, 0, 5, 4},
    {API_CBLAS, R, N, N, 2, -1, 2, 2, 2, 2, 0, 4, 5},
    {API_CBLAS, R, N, N, -1, -1, 2, 2, 2, 2, 0, 4, 5},
    {API_CBLAS, R, N, N, 2, 2, -1, 2, 2, 2, 0, 6, 6},
    {API_CBLAS, R, N, N, 2, 2, 2, 1, 2, 2, 0, 11, 9},
    {API_CBLAS, R, T, N, 3, 2, 2, 2, 2, 3, 0, 11, 9},
    {API_CBLAS, R, N, N, 2, 2, 2, 2, 1, 2, 0, 9, 11},
    {API_CBLAS, R, N, T, 2, 2, 3, 3, 2, 2, 0, 9, 11},
    {API_CBLAS, R, N, N, 2, 2, 2, 1, 1, 2, 0, 9, 11},
    {API_CBLAS, R, N, N, 2, 2, 2, 2, 2, 1, 0, 14, 14},
    {API_CBLAS, R, N, N, 3, 2, 2, 2, 2, 2, 0, 0, 0}, /* ldc >= n suffices */
    {API_CBLAS, R, N, N, 2, 2, 2, 2, 2, 2, 'A', 8, 8},
    {API_CBLAS, R, N, N, 2, 2, 2, 2, 2, 2, 'B', 10, 10},
    {API_CBLAS, R, N, N, 2, 2, 2, 2, 2, 2, 'C', 13, 13},
    /* Fortran ABI: the reference xGEMM's INFO */
    {API_F77, C, BAD, N, 2, 2, 2, 2, 2, 2, 0, 1, 1},
    {API_F77, C, N, BAD, 2, 2, 2, 2, 2, 2, 0, 2, 2},
    {API_F77, C, BAD, N, -1, 2, 2, 2, 2, 2, 0, 1, 1},
    {API_F77, C, N, N, -1, 2, 2, 2, 2, 2, 0, 3, 3},
    {API_F77, C, N, N, 2, -1, 2, 2, 2, 2, 0, 4, 4},
    {API_F77, C, N, N, 2, 2, -1, 2, 2, 2, 0, 5, 5},
    {API_F77, C, N, N, 2, 2, 2, 1, 2, 2, 0, 8, 8},
    {API_F77, C, T, N, 2, 2, 3, 2, 3, 2, 0, 8, 8},
    {API_F77, C, N, N, 2, 2, 2, 2, 1, 2, 0, 10, 10},
    {API_F77, C, N, T, 2, 3, 2, 2, 2, 2, 0, 10, 10},
    {API_F77, C, N, N, 2, 2, 2, 2, 2, 1, 0, 13, 13},
    {API_F77, C, N, N, 2, 2, 2, 2, 2, 2, 'A', 7, 7},
    {API_F77, C, N, N, 2, 2, 2, 2, 2, 2, 'B', 9, 9},
    {API_F77, C, N, N, 2, 2, 2, 2, 2, 2, 'C', 12, 12},
};

static void test_gemm_errors(void **state) {
  tu_prec p = tu_state_prec(state);

  for (size_t i = 0; i < COUNT(gemm_cases); i++) {
    const struct gemm_case *c = &gemm_cases[i];
    tu_buf a = tu_buf_make(p, 64), b = tu_buf_make(p, 64);
    tu_buf out = tu_buf_make(p, 64);
    unsigned char *snap;
    char what[64];

    tu_buf_fill(&a, 0.25), tu_buf_fill(&b, 0.5), tu_buf_fill(&out, 7.0);
    snap = tu_buf_snapshot(&out);
    snprintf(what, sizeof what, "gemm case %zu (%s)", i,
             routine(c->api, p, "gemm"));
    memset(&seen, 0, sizeof seen);
    shim_gemm(c->api, p, c->layout, c->ta, c->tb, c->m, c->n, c->k, 1.0,
              c->null == 'A' ? NULL : a.data, c->lda,
              c->null == 'B' ? NULL : b.data, c->ldb, 0.5,
              c->null == 'C' ? NULL : out.data, c->ldc);
    if (c->raw == 0 && seen.calls != 0)
      fail_msg("%s: unexpected report %d", what, seen.info);
    if (c->raw != 0)
      expect_report(routine(c->api, p, "gemm"), c->layout, c->raw, c->arg, &out,
                    snap, what);
    free(snap);
    tu_buf_free(&a), tu_buf_free(&b), tu_buf_free(&out);
  }
}

struct gemv_case {
  shim_api api;
  int layout, trans, m, n, lda, incx, incy;
  char null;
  int raw, arg;
};

static const struct gemv_case gemv_cases[] = {
    /* CBLAS, column-major */
    {API_CBLAS, BAD, N, 2, 2, 2, 1, 1, 0, 1, 1},
    {API_CBLAS, C, BAD, 2, 2, 2, 1, 1, 0, 2, 2},
    {API_CBLAS, C, N, -1, 2, 2, 1, 1, 0, 3, 3},
    {API_CBLAS, C, N, 2, -1, 2, 1, 1, 0, 4, 4},
    {API_CBLAS, C, N, -1, -1, 2, 1, 1, 0, 3, 3},
    {API_CBLAS, C, N, 2, 2, 1, 1, 1, 0, 7, 7},
    {API_CBLAS, C, T, 2, 1, 1, 1, 1, 0, 7, 7},
    {API_CBLAS, C, N, 2, 2, 2, 0, 1, 0, 9, 9},
    {API_CBLAS, C, N, 2, 2, 2, 1, 0, 0, 12, 12},
    {API_CBLAS, C, N, 2, 2, 2, 0, 0, 0, 9, 9},
    {API_CBLAS, C, N, 2, 2, 2, 1, 1, 'A', 6, 6},
    {API_CBLAS, C, N, 2, 2, 2, 1, 1, 'X', 8, 8},
    {API_CBLAS, C, N, 2, 2, 2, 1, 1, 'Y', 11, 11},
    {API_CBLAS, C, N, 0, 2, 1, 1, 1, 'Y', 0, 0}, /* m = 0: no-op */
    /* CBLAS, row-major: the Fortran call is xGEMV(TA', N, M, ...) */
    {API_CBLAS, R, BAD, 2, 2, 2, 1, 1, 0, 2, 2},
    {API_CBLAS, R, N, -1, 2, 2, 1, 1, 0, 4, 3},
    {API_CBLAS, R, N, 2, -1, 2, 1, 1, 0, 3, 4},
    {API_CBLAS, R, N, -1, -1, 2, 1, 1, 0, 3, 4},
    {API_CBLAS, R, N, 2, 2, 1, 1, 1, 0, 7, 7},
    {API_CBLAS, R, T, 3, 2, 2, 1, 1, 0, 0, 0}, /* lda >= n suffices */
    {API_CBLAS, R, N, 2, 2, 2, 0, 1, 0, 9, 9},
    {API_CBLAS, R, N, 2, 2, 2, 1, 0, 0, 12, 12},
    {API_CBLAS, R, N, 2, 2, 2, 1, 1, 'A', 6, 6},
    {API_CBLAS, R, N, 2, 2, 2, 1, 1, 'X', 8, 8},
    {API_CBLAS, R, N, 2, 2, 2, 1, 1, 'Y', 11, 11},
    /* Fortran ABI */
    {API_F77, C, BAD, 2, 2, 2, 1, 1, 0, 1, 1},
    {API_F77, C, N, -1, 2, 2, 1, 1, 0, 2, 2},
    {API_F77, C, N, 2, -1, 2, 1, 1, 0, 3, 3},
    {API_F77, C, T, 2, 2, 1, 1, 1, 0, 6, 6},
    {API_F77, C, N, 2, 2, 2, 0, 1, 0, 8, 8},
    {API_F77, C, N, 2, 2, 2, 1, 0, 0, 11, 11},
    {API_F77, C, N, 2, 2, 2, 1, 1, 'A', 5, 5},
    {API_F77, C, N, 2, 2, 2, 1, 1, 'X', 7, 7},
    {API_F77, C, N, 2, 2, 2, 1, 1, 'Y', 10, 10},
};

static void test_gemv_errors(void **state) {
  tu_prec p = tu_state_prec(state);

  for (size_t i = 0; i < COUNT(gemv_cases); i++) {
    const struct gemv_case *c = &gemv_cases[i];
    tu_buf a = tu_buf_make(p, 64), x = tu_buf_make(p, 64);
    tu_buf y = tu_buf_make(p, 64);
    unsigned char *snap;
    char what[64];

    tu_buf_fill(&a, 0.25), tu_buf_fill(&x, 0.5), tu_buf_fill(&y, 7.0);
    snap = tu_buf_snapshot(&y);
    snprintf(what, sizeof what, "gemv case %zu (%s)", i,
             routine(c->api, p, "gemv"));
    memset(&seen, 0, sizeof seen);
    shim_gemv(c->api, p, c->layout, c->trans, c->m, c->n, 1.0,
              c->null == 'A' ? NULL : a.data, c->lda,
              c->null == 'X' ? NULL : x.data, c->incx, 0.5,
              c->null == 'Y' ? NULL : y.data, c->incy);
    if (c->raw == 0 && seen.calls != 0)
      fail_msg("%s: unexpected report %d", what, seen.info);
    if (c->raw != 0)
      expect_report(routine(c->api, p, "gemv"), c->layout, c->raw, c->arg, &y,
                    snap, what);
    free(snap);
    tu_buf_free(&a), tu_buf_free(&x), tu_buf_free(&y);
  }
}

/* The reference has no level-1 error exits: n <= 0 returns at once and
 * every increment, zero included, is legal. */
static void test_level1_no_errors(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_buf x = tu_buf_make(p, 8), y = tu_buf_make(p, 8);
  unsigned char *snap;

  tu_buf_fill(&x, 0.5), tu_buf_fill(&y, 7.0);
  snap = tu_buf_snapshot(&y);
  memset(&seen, 0, sizeof seen);
  for (shim_api api = API_CBLAS; api <= API_F77; api++) {
    shim_axpy(api, p, -1, 2.0, x.data, 1, y.data, 1);
    shim_axpy(api, p, 0, 2.0, x.data, 0, y.data, 0);
    assert_true(tu_buf_unchanged(&y, snap));
    assert_true(shim_dot(api, p, -3, x.data, 0, y.data, 0) == 0.0);
    assert_true(shim_nrm2(api, p, 0, x.data, -1) == 0.0);
    assert_true(shim_nrm2(api, p, 4, x.data, 0) == 1.0); /* 0.5 * sqrt 4 */
  }
  assert_int_equal(seen.calls, 0);
  free(snap);
  tu_buf_free(&x), tu_buf_free(&y);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      TU_BOTH(test_gemm_errors),
      TU_BOTH(test_gemv_errors),
      TU_BOTH(test_level1_no_errors),
  };
  fastla_test_select_config();
  return cmocka_run_group_tests_name("cblas_errors", tests, NULL, NULL);
}
