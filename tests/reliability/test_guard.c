/* test_guard.c - every routine, both precisions, both layouts, every
 * transpose, the native API and the shim, over the edge sizes of the
 * current configuration's gemm blocking (0, 1, MR +- 1, NR +- 1, KC + 1, read
 * with fastla_get_gemm_blocking), sizes past the openmp and direct-kernel
 * thresholds (fastla_get_threshold), and positive, negative and (level 1)
 * zero increments, with each operand flush against a PROT_NONE page, first
 * at its start, then at its end (guard.h):
 *   - a read or write one element outside an operand faults (the handler
 *     names the case);
 *   - inputs are read-only during the call (a write faults) and their
 *     checksum is compared afterwards; with alpha == 0 A, B and x are made
 *     inaccessible, since the contract says they are not read;
 *   - leading-dimension padding, stride gaps and the slack up to the page
 *     are NaN sentinels: read, they poison the result, which is compared
 *     with the long-double oracle; written, the byte comparison with the
 *     snapshot fails;
 *   - with beta == 0 the output starts as NaN and must not keep it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "guard.h"
#include "oracle.h"
#include "shim_calls.h"

#define COUNT(a)  (sizeof(a) / sizeof((a)[0]))
#define MAX_SIZES 16

static long cases_run, failures;

static void failed(const char *fmt, ...) {
  if (failures++ < 20) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL [%s]: ", gp_current_case());
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
  }
}

/* Appends v to a sorted set of at most MAX_SIZES sizes (v < 0 ignored). */
static void add_size(fastla_int *set, int *count, fastla_int v) {
  if (v < 0)
    return;
  for (int i = 0; i < *count; i++)
    if (set[i] == v)
      return;
  if (*count < MAX_SIZES)
    set[(*count)++] = v;
}

typedef struct edges {
  int mr, nr, kc, mc;
  fastla_int m[MAX_SIZES], n[MAX_SIZES], k[MAX_SIZES];
  int nm, nn, nk;
} edges;

/* The edge sizes of this configuration. The reference backend has no
 * blocking (fastla_get_gemm_blocking gives zeros): 8 x 8 tiles and kc 64
 * stand in, which still covers 0, 1 and small odd sizes. */
static edges edges_for(tu_prec p) {
  fastla_gemm_blocks bl;
  edges e;
  memset(&e, 0, sizeof e);
  if (fastla_get_gemm_blocking(p == TU_FLOAT ? 's' : 'd', &bl) != FASTLA_OK ||
      bl.mr == 0) {
    bl.mr = 8, bl.nr = 8, bl.kc = 64, bl.mc = 64;
  }
  e.mr = bl.mr, e.nr = bl.nr, e.kc = bl.kc, e.mc = bl.mc;
  const fastla_int ms[] = {0, 1, bl.mr - 1, bl.mr + 1, bl.nr + 1};
  const fastla_int ns[] = {0, 1, bl.nr - 1, bl.nr + 1, bl.mr + 1};
  const fastla_int ks[] = {0, 1, bl.mr + 1, bl.kc + 1};
  for (size_t i = 0; i < COUNT(ms); i++)
    add_size(e.m, &e.nm, ms[i]);
  for (size_t i = 0; i < COUNT(ns); i++)
    add_size(e.n, &e.nn, ns[i]);
  for (size_t i = 0; i < COUNT(ks); i++)
    add_size(e.k, &e.nk, ks[i]);
  return e;
}

static gp_buf vec_make(tu_prec p, fastla_int n, fastla_int inc, gp_place place,
                       tu_rng *rng) {
  gp_buf b = gp_make(p, tu_vec_len(n, inc), place);
  fastla_int count = inc == 0 && n > 0 ? 1 : n;
  for (fastla_int i = 0; i < count; i++)
    gp_set(&b, tu_vec_index(n, inc, i), tu_rng_value(rng));
  return b;
}

static gp_buf mat_make(tu_prec p, fastla_layout layout, fastla_int rows,
                       fastla_int cols, fastla_int ld, gp_place place,
                       tu_rng *rng) {
  gp_buf b = gp_make(p, tu_mat_len(layout, rows, cols, ld), place);
  for (fastla_int r = 0; r < rows; r++)
    for (fastla_int c = 0; c < cols; c++)
      gp_set(&b, tu_mat_index(layout, ld, r, c), tu_rng_value(rng));
  return b;
}

static unsigned char *vec_footprint(const gp_buf *b, fastla_int n,
                                    fastla_int inc) {
  unsigned char *f = calloc(b->len ? b->len : 1, 1);
  for (fastla_int i = 0; i < n; i++)
    f[tu_vec_index(n, inc, i)] = 1;
  return f;
}

/* The three ways in: the native API, then one of the shim's interfaces
 * (CBLAS and the Fortran ABI in turn; the Fortran ABI is column-major). */
typedef enum way { WAY_NATIVE, WAY_CBLAS, WAY_F77 } way;
static const char *way_name(way w) {
  return w == WAY_NATIVE ? "native" : w == WAY_CBLAS ? "cblas" : "f77";
}
static way shim_way(long counter, fastla_layout layout) {
  return counter % 2 == 0 || layout == FASTLA_ROW_MAJOR ? WAY_CBLAS : WAY_F77;
}

/* Inputs: read-only during the call, or inaccessible when not to be read. */
static void seal_input(gp_buf *b, int must_not_read) {
  if (must_not_read)
    gp_no_access(b);
  else
    gp_read_only(b);
}

/* ---- level 1 ------------------------------------------------------------ */

static const fastla_int incs1[][2] = {{1, 1},   {-1, 1}, {2, -3},
                                      {-2, -1}, {0, 1},  {3, 0}};

enum { DO_AXPY = 1, DO_DOT = 2, DO_NRM2 = 4, DO_ALL = 7 };

static void level1_case(tu_prec p, way w, int which, fastla_int n,
                        fastla_int incx, fastla_int incy, gp_place place,
                        double alpha, tu_rng *rng) {
  double eps = tu_eps(p), a = tu_round(p, alpha);
  if (which & DO_AXPY) {
    gp_case("%s axpy %s n=%ld incx=%ld incy=%ld alpha=%g place=%d",
            tu_prec_name(p), way_name(w), (long)n, (long)incx, (long)incy,
            alpha, (int)place);
    gp_buf x = vec_make(p, n, incx, place, rng);
    gp_buf y = vec_make(p, n, incy, (gp_place)!place, rng);
    double *xw = gp_widen(&x), *yw = gp_widen(&y);
    size_t leny = y.len;
    long double *yo = calloc(leny + 1, sizeof *yo),
                *mag = calloc(leny + 1, sizeof *mag);
    oracle_axpy(n, a, xw, incx, yw, incy, yo, mag);
    uint64_t xs = gp_checksum(&x);
    seal_input(&x, alpha == 0);
    gp_snapshot(&y);
    if (w == WAY_NATIVE)
      tu_axpy(p, n, a, x.data, incx, y.data, incy);
    else
      shim_axpy(w == WAY_CBLAS ? API_CBLAS : API_F77, p, (int)n, a, x.data,
                (int)incx, y.data, (int)incy);
    cases_run++;
    gp_read_only(&x);
    if (gp_checksum(&x) != xs)
      failed("x changed");
    /* With incy == 0 every update lands on one element: the oracle's
     * sequential sum is the definition, so compare that element only. */
    unsigned char *fp = vec_footprint(&y, n, incy);
    if (gp_changed_outside(&y, fp))
      failed("y written outside its footprint");
    for (size_t i = 0; i < leny; i++)
      if (fp[i] &&
          !tu_close(gp_get(&y, i), yo[i], mag[i], incy == 0 ? n : 1, eps))
        failed("y[%zu] = %g, expected %Lg", i, gp_get(&y, i), yo[i]);
    free(fp), free(yo), free(mag), free(xw), free(yw);
    gp_free(&x), gp_free(&y);
  }
  if (which & DO_DOT) {
    gp_case("%s dot %s n=%ld incx=%ld incy=%ld place=%d", tu_prec_name(p),
            way_name(w), (long)n, (long)incx, (long)incy, (int)place);
    gp_buf x = vec_make(p, n, incx, place, rng);
    gp_buf y = vec_make(p, n, incy, (gp_place)!place, rng);
    double *xw = gp_widen(&x), *yw = gp_widen(&y);
    long double mag, exact = oracle_dot(n, xw, incx, yw, incy, &mag);
    uint64_t xs = gp_checksum(&x), ys = gp_checksum(&y);
    gp_read_only(&x), gp_read_only(&y);
    double got = w == WAY_NATIVE
                     ? tu_dot(p, n, x.data, incx, y.data, incy)
                     : shim_dot(w == WAY_CBLAS ? API_CBLAS : API_F77, p, (int)n,
                                x.data, (int)incx, y.data, (int)incy);
    cases_run++;
    if (gp_checksum(&x) != xs || gp_checksum(&y) != ys)
      failed("input changed");
    if (!tu_close(got, exact, mag, n, eps))
      failed("dot = %g, expected %Lg", got, exact);
    free(xw), free(yw);
    gp_free(&x), gp_free(&y);
  }
  if (which & DO_NRM2) {
    gp_case("%s nrm2 %s n=%ld incx=%ld place=%d", tu_prec_name(p), way_name(w),
            (long)n, (long)incx, (int)place);
    gp_buf x = vec_make(p, n, incx, place, rng);
    double *xw = gp_widen(&x);
    long double exact = oracle_nrm2(n, xw, incx);
    uint64_t xs = gp_checksum(&x);
    gp_read_only(&x);
    double got = w == WAY_NATIVE
                     ? tu_nrm2(p, n, x.data, incx)
                     : shim_nrm2(w == WAY_CBLAS ? API_CBLAS : API_F77, p,
                                 (int)n, x.data, (int)incx);
    cases_run++;
    if (gp_checksum(&x) != xs)
      failed("x changed");
    if (!tu_close_rel(got, exact, n, eps))
      failed("nrm2 = %g, expected %Lg", got, exact);
    free(xw);
    gp_free(&x);
  }
}

static void guard_level1(void **state) {
  tu_prec p = tu_state_prec(state);
  gp_install_fault_handler(); /* cmocka installs its own per test */
  long failures_before = failures;
  tu_rng rng = tu_rng_make(101 + p);
  edges e = edges_for(p);
  fastla_int ns[MAX_SIZES];
  int count = 0;
  const fastla_int base[] = {0, 1, 2, 3, 7, 8, 9, 15, 17, 31, 33, 65, 129};
  for (size_t i = 0; i < COUNT(base); i++)
    add_size(ns, &count, base[i]);
  add_size(ns, &count, e.mr + 1);
  /* Past the openmp thresholds of axpy and dot, so the threaded paths see
   * guards too. */
  fastla_int t1 = (fastla_int)fastla_get_threshold("axpy");
  if (fastla_get_threshold("dot") > t1)
    t1 = (fastla_int)fastla_get_threshold("dot");
  add_size(ns, &count, t1 + 3);
  long before = cases_run, calls = 0;
  for (int i = 0; i < count; i++)
    for (size_t j = 0; j < COUNT(incs1); j++)
      for (int place = 0; place < 2; place++)
        for (int al = 0; al < 2; al++) {
          double alpha = al ? 0.0 : 0.75;
          level1_case(p, WAY_NATIVE, DO_ALL, ns[i], incs1[j][0], incs1[j][1],
                      (gp_place)place, alpha, &rng);
          way w = calls++ % 2 ? WAY_F77 : WAY_CBLAS;
          level1_case(p, w, DO_ALL, ns[i], incs1[j][0], incs1[j][1],
                      (gp_place)place, alpha, &rng);
        }
  /* nrm2's own (higher) threshold: a few increments, both placements. */
  fastla_int t2 = (fastla_int)fastla_get_threshold("nrm2") + 3;
  for (size_t j = 0; j < 4; j++)
    for (int place = 0; place < 2; place++)
      level1_case(p, j % 2 ? WAY_CBLAS : WAY_NATIVE, DO_NRM2, t2, incs1[j][0],
                  incs1[j][1], (gp_place)place, 1, &rng);
  printf("%s level 1: %ld guarded calls\n", tu_prec_name(p),
         cases_run - before);
  assert_int_equal(failures - failures_before, 0);
}

/* ---- gemv --------------------------------------------------------------- */

static const double scalars[][2] = {{0.75, 0.0}, {0.75, -0.5}, {0.0, -0.5}};
static const fastla_int incs2[][2] = {{1, 1}, {-1, 2}, {2, -3}, {-2, -1}};
static const fastla_transpose transes[] = {FASTLA_NO_TRANS, FASTLA_TRANS,
                                           FASTLA_CONJ_TRANS};

static void gemv_case(tu_prec p, way w, fastla_layout layout,
                      fastla_transpose trans, fastla_int m, fastla_int n,
                      fastla_int pad, fastla_int incx, fastla_int incy,
                      gp_place place, double alpha, double beta, tu_rng *rng) {
  int t = trans != FASTLA_NO_TRANS;
  fastla_int lx = t ? m : n, ly = t ? n : m;
  fastla_int lda = tu_min_ld(layout, m, n) + pad;
  gp_case("%s gemv %s %s trans=%c m=%ld n=%ld lda=%ld incx=%ld incy=%ld "
          "alpha=%g beta=%g place=%d",
          tu_prec_name(p), way_name(w),
          layout == FASTLA_ROW_MAJOR ? "row" : "col",
          "NTC"[trans - FASTLA_NO_TRANS], (long)m, (long)n, (long)lda,
          (long)incx, (long)incy, alpha, beta, (int)place);
  gp_buf a = mat_make(p, layout, m, n, lda, place, rng);
  gp_buf x = vec_make(p, lx, incx, (gp_place)!place, rng);
  gp_buf y = vec_make(p, ly, incy, place, rng);
  if (beta == 0) /* must be overwritten, never read */
    for (fastla_int i = 0; i < ly; i++)
      gp_set(&y, tu_vec_index(ly, incy, i), NAN);
  double *aw = gp_widen(&a), *xw = gp_widen(&x), *yw = gp_widen(&y);
  long double *yo = calloc((size_t)ly + 1, sizeof *yo),
              *mag = calloc((size_t)ly + 1, sizeof *mag);
  double al = tu_round(p, alpha), be = tu_round(p, beta);
  oracle_gemv(layout, trans, m, n, al, aw, lda, xw, incx, be, yw, incy, yo,
              mag);
  uint64_t as = gp_checksum(&a), xs = gp_checksum(&x);
  seal_input(&a, alpha == 0), seal_input(&x, alpha == 0);
  gp_snapshot(&y);
  fastla_status st = FASTLA_OK;
  if (w == WAY_NATIVE)
    st = tu_gemv(p, layout, trans, m, n, al, a.data, lda, x.data, incx, be,
                 y.data, incy);
  else
    shim_gemv(w == WAY_CBLAS ? API_CBLAS : API_F77, p, layout, trans, (int)m,
              (int)n, al, a.data, (int)lda, x.data, (int)incx, be, y.data,
              (int)incy);
  cases_run++;
  gp_read_only(&a), gp_read_only(&x);
  if (st != FASTLA_OK)
    failed("status %d", (int)st);
  if (gp_checksum(&a) != as || gp_checksum(&x) != xs)
    failed("input changed");
  unsigned char *fp = vec_footprint(&y, ly, incy);
  if (gp_changed_outside(&y, fp))
    failed("y written outside its footprint");
  for (fastla_int i = 0; i < ly; i++) {
    double got = gp_get(&y, tu_vec_index(ly, incy, i));
    if (!tu_close(got, yo[i], mag[i], lx, tu_eps(p))) {
      failed("y(%ld) = %g, expected %Lg", (long)i, got, yo[i]);
      break;
    }
  }
  free(fp), free(yo), free(mag), free(aw), free(xw), free(yw);
  gp_free(&a), gp_free(&x), gp_free(&y);
}

static void guard_gemv(void **state) {
  tu_prec p = tu_state_prec(state);
  gp_install_fault_handler(); /* cmocka installs its own per test */
  long failures_before = failures;
  tu_rng rng = tu_rng_make(202 + p);
  edges e = edges_for(p);
  long before = cases_run, calls = 0;
  const fastla_layout layouts[] = {FASTLA_COL_MAJOR, FASTLA_ROW_MAJOR};
  for (size_t l = 0; l < 2; l++)
    for (size_t t = 0; t < COUNT(transes); t++)
      for (int i = 0; i < e.nm; i++)
        for (int j = 0; j < e.nn; j++)
          for (size_t s = 0; s < COUNT(scalars); s++) {
            /* incs, padding and placement rotate with the case number:
             * every value meets every size, not every combination. */
            size_t c = (size_t)calls++;
            const fastla_int *inc = incs2[c % COUNT(incs2)];
            fastla_int pad = (c / 2) % 2 ? 3 : 0;
            gp_place place = (gp_place)(c / 3 % 2);
            fastla_int m = e.m[i], n = e.n[j];
            gemv_case(p, WAY_NATIVE, layouts[l], transes[t], m, n, pad, inc[0],
                      inc[1], place, scalars[s][0], scalars[s][1], &rng);
            gemv_case(p, shim_way((long)c, layouts[l]), layouts[l], transes[t],
                      m, n, pad, inc[0], inc[1], (gp_place)!place,
                      scalars[s][0], scalars[s][1], &rng);
          }
  /* Past the openmp gemv threshold (m * n), both placements. */
  fastla_int big = (fastla_int)sqrt(fastla_get_threshold("gemv")) + e.mr + 1;
  for (size_t l = 0; l < 2; l++)
    for (size_t t = 0; t < 2; t++)
      for (int place = 0; place < 2; place++)
        gemv_case(p, WAY_NATIVE, layouts[l], transes[t], big, big + 1, 1,
                  place ? -1 : 1, place ? 1 : -2, (gp_place)place, 0.75,
                  place ? 0.0 : -0.5, &rng);
  printf("%s gemv: %ld guarded calls (edges m", tu_prec_name(p),
         cases_run - before);
  for (int i = 0; i < e.nm; i++)
    printf(" %ld", (long)e.m[i]);
  printf(", n");
  for (int i = 0; i < e.nn; i++)
    printf(" %ld", (long)e.n[i]);
  printf("; large %ld x %ld)\n", (long)big, (long)big + 1);
  assert_int_equal(failures - failures_before, 0);
}

/* ---- gemm --------------------------------------------------------------- */

static void gemm_case(tu_prec p, way w, fastla_layout layout,
                      fastla_transpose ta, fastla_transpose tb, fastla_int m,
                      fastla_int n, fastla_int k, fastla_int pad,
                      gp_place place, double alpha, double beta, tu_rng *rng) {
  int tra = ta != FASTLA_NO_TRANS, trb = tb != FASTLA_NO_TRANS;
  fastla_int ar = tra ? k : m, ac = tra ? m : k;
  fastla_int br = trb ? n : k, bc = trb ? k : n;
  fastla_int lda = tu_min_ld(layout, ar, ac) + pad,
             ldb = tu_min_ld(layout, br, bc) + 2 * pad,
             ldc = tu_min_ld(layout, m, n) + pad;
  gp_case("%s gemm %s %s %c%c m=%ld n=%ld k=%ld lda=%ld ldb=%ld ldc=%ld "
          "alpha=%g beta=%g place=%d",
          tu_prec_name(p), way_name(w),
          layout == FASTLA_ROW_MAJOR ? "row" : "col",
          "NTC"[ta - FASTLA_NO_TRANS], "NTC"[tb - FASTLA_NO_TRANS], (long)m,
          (long)n, (long)k, (long)lda, (long)ldb, (long)ldc, alpha, beta,
          (int)place);
  gp_buf a = mat_make(p, layout, ar, ac, lda, place, rng);
  gp_buf b = mat_make(p, layout, br, bc, ldb, (gp_place)!place, rng);
  gp_buf c = mat_make(p, layout, m, n, ldc, place, rng);
  if (beta == 0)
    for (fastla_int i = 0; i < m; i++)
      for (fastla_int j = 0; j < n; j++)
        gp_set(&c, tu_mat_index(layout, ldc, i, j), NAN);
  double *aw = gp_widen(&a), *bw = gp_widen(&b), *cw = gp_widen(&c);
  size_t mn = (size_t)m * (size_t)n;
  long double *co = calloc(mn + 1, sizeof *co),
              *mag = calloc(mn + 1, sizeof *mag);
  double al = tu_round(p, alpha), be = tu_round(p, beta);
  oracle_gemm(layout, ta, tb, m, n, k, al, aw, lda, bw, ldb, be, cw, ldc, co,
              mag);
  uint64_t as = gp_checksum(&a), bs = gp_checksum(&b);
  seal_input(&a, alpha == 0), seal_input(&b, alpha == 0);
  gp_snapshot(&c);
  fastla_status st = FASTLA_OK;
  if (w == WAY_NATIVE)
    st = tu_gemm(p, layout, ta, tb, m, n, k, al, a.data, lda, b.data, ldb, be,
                 c.data, ldc);
  else
    shim_gemm(w == WAY_CBLAS ? API_CBLAS : API_F77, p, layout, ta, tb, (int)m,
              (int)n, (int)k, al, a.data, (int)lda, b.data, (int)ldb, be,
              c.data, (int)ldc);
  cases_run++;
  gp_read_only(&a), gp_read_only(&b);
  if (st != FASTLA_OK)
    failed("status %d", (int)st);
  if (gp_checksum(&a) != as || gp_checksum(&b) != bs)
    failed("input changed");
  unsigned char *fp = calloc(c.len + 1, 1);
  for (fastla_int i = 0; i < m; i++)
    for (fastla_int j = 0; j < n; j++)
      fp[tu_mat_index(layout, ldc, i, j)] = 1;
  if (gp_changed_outside(&c, fp))
    failed("C written outside its footprint");
  for (fastla_int i = 0; i < m; i++)
    for (fastla_int j = 0; j < n; j++) {
      double got = gp_get(&c, tu_mat_index(layout, ldc, i, j));
      size_t o = (size_t)i * (size_t)n + (size_t)j;
      if (!tu_close(got, co[o], mag[o], k, tu_eps(p))) {
        failed("C(%ld,%ld) = %g, expected %Lg", (long)i, (long)j, got, co[o]);
        i = m;
        break;
      }
    }
  free(fp), free(co), free(mag), free(aw), free(bw), free(cw);
  gp_free(&a), gp_free(&b), gp_free(&c);
}

static void guard_gemm(void **state) {
  tu_prec p = tu_state_prec(state);
  gp_install_fault_handler(); /* cmocka installs its own per test */
  long failures_before = failures;
  tu_rng rng = tu_rng_make(303 + p);
  edges e = edges_for(p);
  long before = cases_run, calls = 0;
  const fastla_layout layouts[] = {FASTLA_COL_MAJOR, FASTLA_ROW_MAJOR};
  for (size_t l = 0; l < 2; l++)
    for (size_t ta = 0; ta < 2; ta++)
      for (size_t tb = 0; tb < 2; tb++)
        for (int i = 0; i < e.nm; i++)
          for (int j = 0; j < e.nn; j++)
            for (int q = 0; q < e.nk; q++) {
              size_t c = (size_t)calls++;
              const double *s = scalars[c % COUNT(scalars)];
              fastla_int pad = (c / 3) % 2 ? 3 : 0;
              gp_place place = (gp_place)(c / 6 % 2);
              /* CONJ_TRANS stands in for TRANS on every 4th case. */
              fastla_transpose A =
                  ta ? (c % 4 ? FASTLA_TRANS : FASTLA_CONJ_TRANS)
                     : FASTLA_NO_TRANS;
              fastla_transpose B = tb ? FASTLA_TRANS : FASTLA_NO_TRANS;
              gemm_case(p, WAY_NATIVE, layouts[l], A, B, e.m[i], e.n[j], e.k[q],
                        pad, place, s[0], s[1], &rng);
              gemm_case(p, shim_way((long)c, layouts[l]), layouts[l], A, B,
                        e.m[i], e.n[j], e.k[q], pad, (gp_place)!place, s[0],
                        s[1], &rng);
            }
  /* The blocked driver (and the openmp split) only past the direct-kernel
   * and openmp thresholds: m = mc + 1 and k = kc + 1 cross the cache loops
   * with a 1-row tail; n = q * nr + 1 ends on a 1-column tile. */
  double thr = fastla_get_threshold("gemm_direct");
  double thr2 = fastla_get_threshold("gemm");
  if (thr2 > thr)
    thr = thr2;
  fastla_int bm = e.mc + 1, bk = e.kc + 1;
  fastla_int q = (fastla_int)(thr / ((double)bm * (double)bk)) / e.nr + 1;
  fastla_int bn = q * e.nr + 1;
  for (size_t l = 0; l < 2; l++)
    for (size_t ta = 0; ta < 2; ta++)
      for (size_t tb = 0; tb < 2; tb++)
        gemm_case(p, WAY_NATIVE, layouts[l],
                  ta ? FASTLA_TRANS : FASTLA_NO_TRANS,
                  tb ? FASTLA_TRANS : FASTLA_NO_TRANS, bm, bn, bk,
                  (fastla_int)(ta ^ tb), (gp_place)(ta ^ l), 0.75,
                  tb ? 0.0 : -0.5, &rng);
  printf("%s gemm: %ld guarded calls (edges mr %d nr %d kc %d: m",
         tu_prec_name(p), cases_run - before, e.mr, e.nr, e.kc);
  for (int i = 0; i < e.nm; i++)
    printf(" %ld", (long)e.m[i]);
  printf(", n");
  for (int i = 0; i < e.nn; i++)
    printf(" %ld", (long)e.n[i]);
  printf(", k");
  for (int i = 0; i < e.nk; i++)
    printf(" %ld", (long)e.k[i]);
  printf("; blocked %ld x %ld x %ld)\n", (long)bm, (long)bn, (long)bk);
  assert_int_equal(failures - failures_before, 0);
}

int main(void) {
  fastla_test_select_config();
  gp_install_fault_handler();
  const struct CMUnitTest tests[] = {
      TU_BOTH(guard_level1),
      TU_BOTH(guard_gemv),
      TU_BOTH(guard_gemm),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  printf("guarded calls in total: %ld, failures: %ld\n", cases_run, failures);
  return rc;
}
