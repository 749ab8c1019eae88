/* test_alloc_fail.c - run with FASTLA_TEST_ALLOC_FAIL=1 (tests/reliability/
 * CMakeLists.txt), which makes every internal workspace request fail
 * (src/level3/workspace.c). Each path that asks for memory must then
 * complete correctly through an unpacked path, with status FASTLA_OK, C's
 * padding untouched and NaN in C gone when beta == 0, through the native API
 * and both shim interfaces:
 *   - gemm past the direct-kernel threshold (blocked driver: packing
 *     buffers; on openmp one per thread) falls back to the whole reference
 *     gemm, so its result must equal the reference backend's bit for bit,
 *     which also proves the no-memory path ran;
 *   - small gemm with op(A) = A^T (the A^T copy) falls back the same way;
 *   - openmp gemv A x past its threshold (partial products) falls back to
 *     one plain call of the SIMD kernel: bit for bit the simd backend's. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oracle.h"
#include "shim_calls.h"

typedef enum way { WAY_NATIVE, WAY_CBLAS, WAY_F77 } way;
static const char *const way_names[] = {"native", "cblas", "f77"};
static long calls;

/* Runs one gemm of the configuration under test (status returned; the
 * shim has none) into c. */
static fastla_status gemm_way(way w, tu_prec p, fastla_layout layout,
                              fastla_transpose ta, fastla_transpose tb,
                              fastla_int m, fastla_int n, fastla_int k,
                              double alpha, const tu_buf *a, fastla_int lda,
                              const tu_buf *b, fastla_int ldb, double beta,
                              tu_buf *c, fastla_int ldc) {
  calls++;
  if (w == WAY_NATIVE)
    return tu_gemm(p, layout, ta, tb, m, n, k, alpha, a->data, lda, b->data,
                   ldb, beta, c->data, ldc);
  shim_gemm(w == WAY_CBLAS ? API_CBLAS : API_F77, p, layout, ta, tb, (int)m,
            (int)n, (int)k, alpha, a->data, (int)lda, b->data, (int)ldb, beta,
            c->data, (int)ldc);
  return FASTLA_OK;
}

/* The result of the same call on another backend (then back again). */
static void gemm_on(fastla_backend backend, tu_prec p, fastla_layout layout,
                    fastla_transpose ta, fastla_transpose tb, fastla_int m,
                    fastla_int n, fastla_int k, double alpha, const tu_buf *a,
                    fastla_int lda, const tu_buf *b, fastla_int ldb,
                    double beta, tu_buf *c, fastla_int ldc) {
  fastla_backend was = fastla_get_backend();
  fastla_isa isa = fastla_get_isa();
  assert_int_equal(fastla_set_backend(backend), FASTLA_OK);
  assert_int_equal(tu_gemm(p, layout, ta, tb, m, n, k, alpha, a->data, lda,
                           b->data, ldb, beta, c->data, ldc),
                   FASTLA_OK);
  assert_int_equal(fastla_set_backend(was), FASTLA_OK);
  if (was != FASTLA_BACKEND_REFERENCE)
    assert_int_equal(fastla_set_isa(isa), FASTLA_OK);
}

/* blocked: past the direct-kernel threshold. Below it only a transposed
 * first operand of the column-major call asks for memory: op(A) = A^T in
 * column-major, op(B) = B^T in row-major (which is computed as
 * C^T = op(B)^T op(A)^T); the other small calls must still be correct. */
static void check_gemm(tu_prec p, fastla_int m, fastla_int n, fastla_int k,
                       fastla_transpose ta, int blocked) {
  tu_rng rng = tu_rng_make(7000 + (uint64_t)(m + k) + p);
  const fastla_layout layouts[] = {FASTLA_COL_MAJOR, FASTLA_ROW_MAJOR};
  const fastla_transpose tbs[] = {FASTLA_NO_TRANS, FASTLA_TRANS};
  for (int l = 0; l < 2; l++)
    for (int t = 0; t < 2; t++)
      for (int w = 0; w < 3; w++) {
        fastla_layout layout = layouts[l];
        fastla_transpose tb = tbs[t];
        if (w == WAY_F77 && layout == FASTLA_ROW_MAJOR)
          continue;
        int tra = ta != FASTLA_NO_TRANS, trb = tb != FASTLA_NO_TRANS;
        fastla_int ar = tra ? k : m, ac = tra ? m : k, br = trb ? n : k,
                   bc = trb ? k : n;
        fastla_int lda = tu_min_ld(layout, ar, ac) + 1,
                   ldb = tu_min_ld(layout, br, bc) + 2,
                   ldc = tu_min_ld(layout, m, n) + 3;
        double beta = (w + t) % 2 ? 0.0 : -0.5, alpha = 0.75;
        int uses_memory = blocked || (layout == FASTLA_COL_MAJOR ? tra : trb);
        tu_buf a = tu_mat_random(p, layout, ar, ac, lda, &rng);
        tu_buf b = tu_mat_random(p, layout, br, bc, ldb, &rng);
        tu_buf c = tu_mat_random(p, layout, m, n, ldc, &rng);
        if (beta == 0)
          tu_mat_fill(&c, layout, m, n, ldc, NAN);
        tu_buf ref = tu_buf_make(p, c.len);
        memcpy(ref.alloc, c.alloc, (ref.lead + ref.len + TU_GUARD) * ref.esize);
        unsigned char *sa = tu_buf_snapshot(&a), *sb = tu_buf_snapshot(&b),
                      *sc = tu_buf_snapshot(&c);
        double *aw = tu_buf_widen(&a), *bw = tu_buf_widen(&b),
               *cw = tu_buf_widen(&c);
        size_t mn = (size_t)(m * n);
        long double *co = calloc(mn, sizeof *co),
                    *mag = calloc(mn, sizeof *mag);
        oracle_gemm(layout, ta, tb, m, n, k, alpha, aw, lda, bw, ldb, beta, cw,
                    ldc, co, mag);
        fastla_status st = gemm_way((way)w, p, layout, ta, tb, m, n, k, alpha,
                                    &a, lda, &b, ldb, beta, &c, ldc);
        gemm_on(FASTLA_BACKEND_REFERENCE, p, layout, ta, tb, m, n, k, alpha, &a,
                lda, &b, ldb, beta, &ref, ldc);
        const char *what = way_names[w];
        if (st != FASTLA_OK)
          fail_msg("%s: status %s", what, fastla_strerror(st));
        if (!tu_buf_unchanged(&a, sa) || !tu_buf_unchanged(&b, sb))
          fail_msg("%s: an input changed", what);
        unsigned char *fp = tu_mat_footprint(&c, layout, m, n, ldc);
        if (tu_buf_changed_outside(&c, sc, fp))
          fail_msg("%s: C written outside its footprint", what);
        for (fastla_int i = 0; i < m; i++)
          for (fastla_int j = 0; j < n; j++) {
            size_t at = tu_mat_index(layout, ldc, i, j);
            double got = tu_buf_get(&c, at);
            if (!tu_close(got, co[i * n + j], mag[i * n + j], k, tu_eps(p)))
              fail_msg("%s: C(%ld,%ld) = %g, expected %Lg", what, (long)i,
                       (long)j, got, co[i * n + j]);
            if (uses_memory &&
                memcmp((unsigned char *)c.data + at * c.esize,
                       (unsigned char *)ref.data + at * c.esize, c.esize))
              fail_msg("%s %c%c: C(%ld,%ld) = %a differs from the reference "
                       "backend's %a: did the no-memory fallback run?",
                       what, "NTC"[ta - FASTLA_NO_TRANS],
                       "NTC"[tb - FASTLA_NO_TRANS], (long)i, (long)j, got,
                       tu_buf_get(&ref, at));
          }
        free(fp), free(co), free(mag), free(aw), free(bw), free(cw);
        free(sa), free(sb), free(sc);
        tu_buf_free(&a), tu_buf_free(&b), tu_buf_free(&c), tu_buf_free(&ref);
      }
}

/* Past the direct-kernel (and openmp) threshold: the blocked driver. */
static void blocked_gemm_without_memory(void **state) {
  tu_prec p = tu_state_prec(state);
  double thr = fastla_get_threshold("gemm_direct");
  fastla_int s = 8;
  while ((double)s * s * s <= thr ||
         (double)s * s * s < fastla_get_threshold("gemm"))
    s += 16;
  check_gemm(p, s + 3, s + 1, s, FASTLA_NO_TRANS, 1);
  check_gemm(p, s + 3, s + 1, s, FASTLA_TRANS, 1);
}

/* Below it, with A^T: the direct kernel's copy of A^T. */
static void small_gemm_a_trans_without_memory(void **state) {
  tu_prec p = tu_state_prec(state);
  check_gemm(p, 21, 19, 23, FASTLA_TRANS, 0);
  check_gemm(p, 21, 19, 23, FASTLA_CONJ_TRANS, 0);
}

/* openmp gemv A x: the partial products. */
static void gemv_without_memory(void **state) {
  tu_prec p = tu_state_prec(state);
  tu_rng rng = tu_rng_make(8100 + p);
  fastla_int m = 401, n = 403; /* m * n past the gemv threshold */
  assert_true((double)m * n >= fastla_get_threshold("gemv"));
  for (int w = 0; w < 3; w++)
    for (int l = 0; l < 2; l++) {
      /* A x in column-major terms: col-major N or row-major T. */
      fastla_layout layout = l ? FASTLA_ROW_MAJOR : FASTLA_COL_MAJOR;
      fastla_transpose tr = l ? FASTLA_TRANS : FASTLA_NO_TRANS;
      if (w == WAY_F77 && l)
        continue;
      fastla_int lda = tu_min_ld(layout, m, n) + 5;
      fastla_int ly = l ? n : m, lx = l ? m : n;
      tu_buf a = tu_mat_random(p, layout, m, n, lda, &rng);
      tu_buf x = tu_vec_random(p, lx, -2, &rng);
      tu_buf y = tu_vec_random(p, ly, 3, &rng);
      double beta = w == 1 ? 0.0 : 0.25;
      if (beta == 0)
        tu_vec_fill(&y, ly, 3, NAN);
      tu_buf y2 = tu_buf_make(p, y.len);
      memcpy(y2.alloc, y.alloc, (y.lead + y.len + TU_GUARD) * y.esize);
      unsigned char *sy = tu_buf_snapshot(&y), *sa = tu_buf_snapshot(&a),
                    *sx = tu_buf_snapshot(&x);
      double *aw = tu_buf_widen(&a), *xw = tu_buf_widen(&x),
             *yw = tu_buf_widen(&y);
      long double *yo = calloc((size_t)ly, sizeof *yo),
                  *mag = calloc((size_t)ly, sizeof *mag);
      oracle_gemv(layout, tr, m, n, 1.5, aw, lda, xw, -2, beta, yw, 3, yo, mag);
      fastla_status st = FASTLA_OK;
      calls++;
      if (w == WAY_NATIVE)
        st = tu_gemv(p, layout, tr, m, n, 1.5, a.data, lda, x.data, -2, beta,
                     y.data, 3);
      else
        shim_gemv(w == WAY_CBLAS ? API_CBLAS : API_F77, p, layout, tr, (int)m,
                  (int)n, 1.5, a.data, (int)lda, x.data, -2, beta, y.data, 3);
      assert_int_equal(st, FASTLA_OK);
      assert_true(tu_buf_unchanged(&a, sa) && tu_buf_unchanged(&x, sx));
      unsigned char *fp = tu_vec_footprint(&y, ly, 3);
      assert_int_equal(tu_buf_changed_outside(&y, sy, fp), 0);
      for (fastla_int i = 0; i < ly; i++) {
        double got = tu_buf_get(&y, tu_vec_index(ly, 3, i));
        if (!tu_close(got, yo[i], mag[i], lx, tu_eps(p)))
          fail_msg("%s: y(%ld) = %g, expected %Lg", way_names[w], (long)i, got,
                   yo[i]);
      }
      /* On openmp the fallback is one plain call of the SIMD kernel. */
      if (fastla_get_backend() == FASTLA_BACKEND_OPENMP) {
        fastla_isa isa = fastla_get_isa();
        assert_int_equal(fastla_set_backend(FASTLA_BACKEND_SIMD), FASTLA_OK);
        assert_int_equal(fastla_set_isa(isa), FASTLA_OK);
        assert_int_equal(tu_gemv(p, layout, tr, m, n, 1.5, a.data, lda, x.data,
                                 -2, beta, y2.data, 3),
                         FASTLA_OK);
        assert_int_equal(fastla_set_backend(FASTLA_BACKEND_OPENMP), FASTLA_OK);
        assert_int_equal(fastla_set_isa(isa), FASTLA_OK);
        if (memcmp(y.alloc, y2.alloc, (y.lead + y.len + TU_GUARD) * y.esize))
          fail_msg("%s: openmp gemv differs from one simd call: did the "
                   "no-memory fallback run?",
                   way_names[w]);
      }
      free(fp), free(sy), free(sa), free(sx), free(aw), free(xw), free(yw);
      free(yo), free(mag);
      tu_buf_free(&a), tu_buf_free(&x), tu_buf_free(&y), tu_buf_free(&y2);
    }
}

int main(void) {
  const char *v = getenv("FASTLA_TEST_ALLOC_FAIL");
  if (!v || atoi(v) != 1) {
    printf("SKIPPED: run with FASTLA_TEST_ALLOC_FAIL=1\n");
    return 77;
  }
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      TU_BOTH(blocked_gemm_without_memory),
      TU_BOTH(small_gemm_a_trans_without_memory),
      TU_BOTH(gemv_without_memory),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  printf("calls with every allocation failing: %ld\n", calls);
  return rc;
}
