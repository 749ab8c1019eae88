/* test_gemm_direct.c - each ISA's direct (unpacked) gemm kernels on their
 * own, against a long-double oracle: every m and n from 1 to two tiles + 1
 * (so every row and column remainder and the overlapping last tile), k in
 * {1, 2, 3, 4, 5, 8, 17, 100}, B read as B (rsb = 1) and as B^T (csb = 1),
 * alpha in {1, -0.7}, beta in {0 over a NaN-filled C, 1, 0.5}. A, B and C
 * have padded leading dimensions; the padding of A and B is NaN (a kernel
 * that reads it gets NaN in C), the padding and the surroundings of C are a
 * sentinel that must survive, and A and B must be unchanged byte for byte.
 * The kernels are linked in directly (they are internal to libfastla); the
 * config picks the table and is skipped where the CPU or the table lacks
 * them. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel_table.h"
#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const fastla_kernel_table *table;
static const fastla_int ks[] = {1, 2, 3, 4, 5, 8, 17, 100};
static const double alphas[] = {1.0, -0.7};
static const double betas[] = {0.0, 1.0, 0.5};

/* Padding rows of A, B and C, and elements of C before its first one (C is
 * off the vector alignment) and after its last column. */
enum { PAD = 3, OFFSET = 1, TAIL = 5 };
static const double SENTINEL = -12345.0;

/* Largest m (n) to test for each precision: two row (column) tiles + 1,
 * for the largest tile of any table. */
static fastla_int max_m(int dbl) {
  return dbl ? 2 * 16 + 1 : 2 * 32 + 1;
}
static fastla_int max_n(void) {
  return 2 * 12 + 1;
}

static uint64_t seed = 1;
static double next(int dbl) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  double v = (double)(seed >> 40) / (double)(1ull << 24) - 0.5;
  return dbl ? v : (double)(float)v;
}

/* A typed copy (float or double) of n doubles. */
static void *typed(int dbl, const double *v, size_t n) {
  size_t es = dbl ? sizeof(double) : sizeof(float);
  char *t = malloc(n * es + 1);
  for (size_t i = 0; i < n; i++)
    if (dbl)
      ((double *)t)[i] = v[i];
    else
      ((float *)t)[i] = (float)v[i];
  return t;
}

static double get(int dbl, const void *t, size_t i) {
  return dbl ? ((const double *)t)[i] : ((const float *)t)[i];
}

/* Bit-exact comparison of a typed element with a double value (NaN
 * sentinels compare by payload-free "both NaN"). */
static int same(int dbl, const void *t, size_t i, double v) {
  double g = get(dbl, t, i);
  if (isnan(v))
    return isnan(g);
  return g == v;
}

/* One (m, n, k, layout of B): A, B and the oracle are built once, then
 * every alpha and beta is run. Returns the number of wrong elements. */
static int run_shape(int dbl, fastla_int m, fastla_int n, fastla_int k,
                     int tb) {
  fastla_int lda = m + PAD, ldc = m + PAD;
  fastla_int ldb = (tb ? n : k) + PAD;
  fastla_int rsb = tb ? ldb : 1, csb = tb ? 1 : ldb;
  size_t na = (size_t)lda * k, nb = (size_t)ldb * (tb ? k : n);
  size_t nc = OFFSET + (size_t)ldc * n + TAIL;
  double *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b);
  double *c = malloc(nc * sizeof *c);
  for (size_t i = 0; i < na; i++)
    a[i] = (fastla_int)(i % lda) < m ? next(dbl) : NAN;
  for (size_t i = 0; i < nb; i++)
    b[i] = (fastla_int)(i % ldb) < (tb ? n : k) ? next(dbl) : NAN;

  long double *sum = malloc((size_t)m * n * sizeof *sum);
  long double *mag = malloc((size_t)m * n * sizeof *mag);
  for (fastla_int j = 0; j < n; j++)
    for (fastla_int i = 0; i < m; i++) {
      long double s = 0, g = 0;
      for (fastla_int l = 0; l < k; l++) {
        long double p = (long double)a[i + l * lda] * b[l * rsb + j * csb];
        s += p;
        g += fabsl(p);
      }
      sum[i + j * m] = s;
      mag[i + j * m] = g;
    }

  void *ta = typed(dbl, a, na), *tbuf = typed(dbl, b, nb);
  size_t es = dbl ? sizeof(double) : sizeof(float);
  void *a0 = malloc(na * es), *b0 = malloc(nb * es);
  memcpy(a0, ta, na * es);
  memcpy(b0, tbuf, nb * es);

  int wrong = 0;
  for (size_t ai = 0; ai < COUNT(alphas); ai++)
    for (size_t bi = 0; bi < COUNT(betas); bi++) {
      double alpha = alphas[ai], beta = betas[bi];
      for (size_t i = 0; i < nc; i++)
        c[i] = SENTINEL;
      for (fastla_int j = 0; j < n; j++)
        for (fastla_int i = 0; i < m; i++)
          c[OFFSET + i + j * ldc] = beta == 0 ? NAN : next(dbl);
      void *tc = typed(dbl, c, nc);
      if (dbl)
        table->dgemm_direct(m, n, k, alpha, (const double *)ta, lda,
                            (const double *)tbuf, rsb, csb, beta,
                            (double *)tc + OFFSET, ldc);
      else
        table->sgemm_direct(m, n, k, (float)alpha, (const float *)ta, lda,
                            (const float *)tbuf, rsb, csb, (float)beta,
                            (float *)tc + OFFSET, ldc);
      double eps = dbl ? 0x1p-53 : 0x1p-24;
      int w = 0;
      for (size_t at = 0; at < nc; at++) {
        size_t rel = at - OFFSET;
        fastla_int i = (fastla_int)(rel % (size_t)ldc);
        fastla_int j = (fastla_int)(rel / (size_t)ldc);
        if (at < OFFSET || j >= n || i >= m) {
          w += !same(dbl, tc, at, SENTINEL);
          continue;
        }
        long double want = alpha * sum[i + j * m];
        long double bound = fabs(alpha) * mag[i + j * m];
        if (beta != 0) {
          want += beta * (long double)c[at];
          bound += fabs(beta * c[at]);
        }
        long double tol = 3.0L * (k + 2) * eps * bound;
        double got = get(dbl, tc, at);
        if (isnan(got) || fabsl(got - want) > tol)
          w++;
      }
      w += memcmp(a0, ta, na * es) != 0;
      w += memcmp(b0, tbuf, nb * es) != 0;
      if (w)
        print_error("%s m=%ld n=%ld k=%ld %s alpha=%g beta=%g: %d wrong\n",
                    dbl ? "d" : "s", (long)m, (long)n, (long)k,
                    tb ? "B^T" : "B", alpha, beta, w);
      wrong += w;
      free(tc);
    }
  free(a), free(b), free(c), free(sum), free(mag);
  free(ta), free(tbuf), free(a0), free(b0);
  return wrong;
}

static void direct_matches_oracle(void **state) {
  int dbl = tu_state_prec(state) == TU_DOUBLE;
  int wrong = 0;
  for (size_t kk = 0; kk < COUNT(ks); kk++)
    for (int tb = 0; tb < 2; tb++)
      for (fastla_int m = 1; m <= max_m(dbl); m++)
        for (fastla_int n = 1; n <= max_n(); n++)
          wrong += run_shape(dbl, m, n, ks[kk], tb);
  assert_int_equal(wrong, 0);
}

/* No zero-skipping: a NaN in A(i, l) reaches every column of row i of C
 * even where B(l, j) is 0, and only row i. Rows chosen in the overlapping
 * last tile and in a masked narrow C. */
static void direct_nan_in_a_reaches_its_row(void **state) {
  int dbl = tu_state_prec(state) == TU_DOUBLE;
  static const fastla_int shapes[][2] = {{37, 0}, {37, 36}, {3, 1}, {1, 0}};
  for (size_t s = 0; s < COUNT(shapes); s++) {
    fastla_int m = shapes[s][0], row = shapes[s][1], n = 13, k = 9;
    size_t es = dbl ? sizeof(double) : sizeof(float);
    double *a = malloc((size_t)m * k * sizeof *a);
    double *b = malloc((size_t)k * n * sizeof *b);
    for (fastla_int i = 0; i < m * k; i++)
      a[i] = next(dbl);
    for (fastla_int i = 0; i < k * n; i++)
      b[i] = next(dbl);
    a[row + 4 * m] = NAN; /* A(row, 4) */
    for (fastla_int j = 0; j < n; j++)
      b[4 + j * k] = 0; /* B(4, j) = 0 must not hide it */
    void *ta = typed(dbl, a, (size_t)m * k), *tb = typed(dbl, b, (size_t)k * n);
    void *tc = calloc((size_t)m * n, es);
    if (dbl)
      table->dgemm_direct(m, n, k, 1.0, ta, m, tb, 1, k, 0.0, tc, m);
    else
      table->sgemm_direct(m, n, k, 1.0f, ta, m, tb, 1, k, 0.0f, tc, m);
    for (fastla_int j = 0; j < n; j++)
      for (fastla_int i = 0; i < m; i++)
        assert_int_equal(isnan(get(dbl, tc, (size_t)(i + j * m))) != 0,
                         i == row);
    free(a), free(b), free(ta), free(tb), free(tc);
  }
}

int main(void) {
  const char *config = fastla_test_select_config();
  if (strcmp(config, "simd-sse2") == 0)
    table = &fastla_sse2_table;
  else if (strcmp(config, "simd-avx2") == 0)
    table = &fastla_avx2_table;
  else if (strcmp(config, "simd-avx512") == 0)
    table = &fastla_avx512_table;
  if (!table || !table->sgemm_direct || !table->dgemm_direct) {
    print_message("SKIPPED: config %s has no direct gemm kernel\n", config);
    return 77;
  }
  const struct CMUnitTest tests[] = {
      TU_BOTH(direct_matches_oracle),
      TU_BOTH(direct_nan_in_a_reaches_its_row),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
