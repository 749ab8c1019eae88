/* test_gemm_ukr.c - each ISA's gemm microkernels on their own, on packed
 * panels, against a long-double oracle: every k remainder of the unrolled
 * loop, alpha and beta (beta == 0 over a NaN-filled C), C offset from
 * alignment with an odd ldc and sentinels around the tile, and NaN in A
 * reaching its row of C. The edge kernels (where a table has them) run
 * every rows x cols corner of the tile, with sentinels in the rest of it,
 * and must give bitwise the full kernel's values. The kernels are linked in
 * directly (they are internal to libfastla); the config picks the table and is
 * skipped where the CPU cannot run it. */
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
static const fastla_int ks[] = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 257};
static const double alphas[] = {1.0, -0.7};
static const double betas[] = {0.0, 1.0, 0.5};

enum { PAD = 3, OFFSET = 1 };
static const double SENTINEL = -12345.0;

/* Operands of one call, in double for the oracle and in the kernel's type. */
typedef struct ukr_case {
  int mr, nr, dbl;
  int rows, cols, edge; /* edge: the edge kernel on the rows x cols corner */
  fastla_int k, ldc;
  double alpha, beta;
  double *a, *b, *c; /* a: mr x k panel, b: k x nr panel, c: ldc x nr */
} ukr_case;

static double next(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(*s >> 40) / (double)(1ull << 24) - 0.5;
}

/* Runs the kernel on copies in its own type; returns C (ldc x nr). */
static double *run(const ukr_case *u) {
  size_t na = (size_t)u->mr * u->k, nb = (size_t)u->nr * u->k;
  size_t nc = (size_t)u->ldc * u->nr + OFFSET;
  size_t es = u->dbl ? sizeof(double) : sizeof(float);
  char *a = aligned_alloc(64, (na * es + 63) / 64 * 64);
  char *b = aligned_alloc(64, (nb * es + 63) / 64 * 64);
  char *c = malloc(nc * es);
  double *out = malloc(nc * sizeof *out);
  for (size_t i = 0; i < na; i++)
    u->dbl ? (((double *)a)[i] = u->a[i]) : (((float *)a)[i] = (float)u->a[i]);
  for (size_t i = 0; i < nb; i++)
    u->dbl ? (((double *)b)[i] = u->b[i]) : (((float *)b)[i] = (float)u->b[i]);
  for (size_t i = 0; i < nc; i++)
    u->dbl ? (((double *)c)[i] = u->c[i]) : (((float *)c)[i] = (float)u->c[i]);
  if (u->edge && u->dbl)
    table->dgemm_ukr_edge(u->k, u->rows, u->cols, u->alpha, (double *)a,
                          (double *)b, u->beta, (double *)c + OFFSET, u->ldc);
  else if (u->edge)
    table->sgemm_ukr_edge(u->k, u->rows, u->cols, (float)u->alpha, (float *)a,
                          (float *)b, (float)u->beta, (float *)c + OFFSET,
                          u->ldc);
  else if (u->dbl)
    table->dgemm_ukr(u->k, u->alpha, (double *)a, (double *)b, u->beta,
                     (double *)c + OFFSET, u->ldc);
  else
    table->sgemm_ukr(u->k, (float)u->alpha, (float *)a, (float *)b,
                     (float)u->beta, (float *)c + OFFSET, u->ldc);
  for (size_t i = 0; i < nc; i++)
    out[i] = u->dbl ? ((double *)c)[i] : ((float *)c)[i];
  free(a), free(b), free(c);
  return out;
}

/* Number of wrong elements: the tile against the oracle, the rest of C
 * against the sentinel it started with. */
static int check(const ukr_case *u, const double *got) {
  double eps = u->dbl ? 0x1p-53 : 0x1p-24;
  int wrong = 0;
  for (fastla_int j = 0; j < u->nr; j++)
    for (fastla_int i = 0; i < u->ldc; i++) {
      size_t at = OFFSET + (size_t)(i + j * u->ldc);
      if (i >= u->rows || j >= u->cols) {
        wrong += got[at] != SENTINEL;
        continue;
      }
      long double sum = 0, mag = 0;
      for (fastla_int l = 0; l < u->k; l++) {
        long double p = (long double)u->a[l * u->mr + i] * u->b[l * u->nr + j];
        sum += p;
        mag += fabsl(p);
      }
      long double want = u->alpha * sum, bound = fabs(u->alpha) * mag;
      if (u->beta != 0) {
        want += u->beta * (long double)u->c[at];
        bound += fabs(u->beta * u->c[at]);
      }
      long double tol = 3.0L * (u->k + 2) * eps * bound;
      if (isnan(got[at]) || fabsl(got[at] - want) > tol)
        wrong++;
    }
  wrong += got[0] != SENTINEL; /* the element before the tile */
  return wrong;
}

static ukr_case make(int dbl, fastla_int k, double alpha, double beta,
                     uint64_t *seed) {
  const fastla_gemm_blocking *bl =
      dbl ? &table->dgemm_blocking : &table->sgemm_blocking;
  ukr_case u = {bl->mr,       bl->nr, dbl,  bl->mr, bl->nr, 0,   k,
                bl->mr + PAD, alpha,  beta, NULL,   NULL,   NULL};
  size_t nc = (size_t)u.ldc * u.nr + OFFSET;
  u.a = malloc((size_t)u.mr * k * sizeof *u.a);
  u.b = malloc((size_t)u.nr * k * sizeof *u.b);
  u.c = malloc(nc * sizeof *u.c);
  for (fastla_int i = 0; i < u.mr * k; i++)
    u.a[i] = next(seed);
  for (fastla_int i = 0; i < u.nr * k; i++)
    u.b[i] = next(seed);
  for (size_t i = 0; i < nc; i++)
    u.c[i] = SENTINEL;
  for (fastla_int j = 0; j < u.nr; j++)
    for (fastla_int i = 0; i < u.mr; i++)
      u.c[OFFSET + i + j * u.ldc] = beta == 0 ? NAN : next(seed);
  return u;
}

/* u restricted to its rows x cols corner, for the edge kernel: the rest of
 * the tile holds the sentinel, which must survive. */
static void make_edge(ukr_case *u, int rows, int cols) {
  u->rows = rows, u->cols = cols, u->edge = 1;
  for (fastla_int j = 0; j < u->nr; j++)
    for (fastla_int i = 0; i < u->mr; i++)
      if (i >= rows || j >= cols)
        u->c[OFFSET + i + j * u->ldc] = SENTINEL;
}

static void release(ukr_case *u) {
  free(u->a), free(u->b), free(u->c);
}

static void ukr_matches_oracle(void **state) {
  int dbl = tu_state_prec(state) == TU_DOUBLE;
  uint64_t seed = 77;
  int wrong = 0;
  for (size_t k = 0; k < COUNT(ks); k++)
    for (size_t a = 0; a < COUNT(alphas); a++)
      for (size_t b = 0; b < COUNT(betas); b++) {
        ukr_case u = make(dbl, ks[k], alphas[a], betas[b], &seed);
        double *got = run(&u);
        int w = check(&u, got);
        if (w)
          print_error("k=%ld alpha=%g beta=%g: %d wrong\n", (long)ks[k],
                      alphas[a], betas[b], w);
        wrong += w;
        free(got);
        release(&u);
      }
  assert_int_equal(wrong, 0);
}

static const fastla_int edge_ks[] = {1, 3, 4, 9, 60};

/* Every corner of the tile, against the oracle and bitwise against the
 * full kernel on the same operands (an element must not depend on which
 * kernel computed it). */
static void ukr_edge_matches_oracle_and_full_kernel(void **state) {
  int dbl = tu_state_prec(state) == TU_DOUBLE;
  uint64_t seed = 79;
  int wrong = 0, differ = 0, cases = 0;
  for (size_t k = 0; k < COUNT(edge_ks); k++)
    for (size_t b = 0; b < COUNT(betas); b++) {
      ukr_case u = make(dbl, edge_ks[k], alphas[1], betas[b], &seed);
      double *full = run(&u);
      for (int rows = 1; rows <= u.mr; rows++)
        for (int cols = 1; cols <= u.nr; cols++) {
          ukr_case e = make(dbl, edge_ks[k], alphas[1], betas[b], &seed);
          memcpy(e.a, u.a, (size_t)u.mr * u.k * sizeof *e.a);
          memcpy(e.b, u.b, (size_t)u.nr * u.k * sizeof *e.b);
          memcpy(e.c, u.c, ((size_t)u.ldc * u.nr + OFFSET) * sizeof *e.c);
          make_edge(&e, rows, cols);
          double *got = run(&e);
          int w = check(&e, got);
          for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) {
              size_t at = OFFSET + (size_t)(i + j * u.ldc);
              differ += memcmp(&got[at], &full[at], sizeof *got) != 0;
            }
          if (w)
            print_error("k=%ld beta=%g %dx%d: %d wrong\n", (long)u.k, betas[b],
                        rows, cols, w);
          wrong += w, cases++;
          free(got);
          release(&e);
        }
      free(full);
      release(&u);
    }
  assert_true(cases > 0);
  assert_int_equal(wrong, 0);
  assert_int_equal(differ, 0);
}

/* No zero-skipping: a NaN in A row 1 reaches every column of row 1. */
static void ukr_nan_in_a_reaches_its_row(void **state) {
  int dbl = tu_state_prec(state) == TU_DOUBLE;
  uint64_t seed = 78;
  ukr_case u = make(dbl, 9, 1.0, 0.0, &seed);
  u.a[4 * u.mr + 1] = NAN; /* A(1, 4) */
  u.b[4 * u.nr + 0] = 0;   /* B(4, 0) = 0 must not hide it */
  double *got = run(&u);
  for (fastla_int j = 0; j < u.nr; j++) {
    assert_true(isnan(got[OFFSET + 1 + j * u.ldc]));
    assert_false(isnan(got[OFFSET + 0 + j * u.ldc]));
  }
  free(got);
  release(&u);
}

int main(void) {
  const char *config = fastla_test_select_config();
  if (strcmp(config, "simd-sse2") == 0)
    table = &fastla_sse2_table;
  else if (strcmp(config, "simd-avx2") == 0)
    table = &fastla_avx2_table;
  else if (strcmp(config, "simd-avx512") == 0)
    table = &fastla_avx512_table;
  if (!table || !table->sgemm_ukr || !table->dgemm_ukr) {
    print_message("SKIPPED: config %s has no gemm microkernel\n", config);
    return 77;
  }
  const struct CMUnitTest tests[] = {
      TU_BOTH(ukr_matches_oracle),
      TU_BOTH(ukr_nan_in_a_reaches_its_row),
      TU_BOTH(ukr_edge_matches_oracle_and_full_kernel),
  };
  /* The edge cases (the last two) run where the table has edge kernels. */
  size_t count = COUNT(tests);
  if (!table->sgemm_ukr_edge || !table->dgemm_ukr_edge) {
    print_message("config %s has no edge kernels: their cases not run\n",
                  config);
    count -= 2;
  }
  return _cmocka_run_group_tests(config, tests, count, NULL, NULL);
}
