/* test_threads.c - the library is thread-safe: application threads calling
 * mixed routines at once, while another thread keeps re-applying the
 * configuration, get exactly the results a lone thread gets. For a fixed
 * backend and ISA the kernels are deterministic, so "exactly" means bitwise. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

enum { THREADS = 8, CALLS = 300, N = 1000, M = 24 };

/* Inputs shared read-only by all threads, and the lone-thread answers. */
static double x[N], y[N], a[M * M], b[M * M];
static float xs[N], as[M * M];
static double want_dot, want_nrm2, want_gemm[M * M];
static float want_gemv[M];
static atomic_int stop;

static void compute(double *dot, double *nrm2, double *c, float *v) {
  *dot = fastla_ddot(N, x, 1, y, -1);
  *nrm2 = fastla_dnrm2(N, x, 1);
  fastla_dgemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_TRANS, M, M, M, 0.5, a,
               M, b, M, 0.0, c, M);
  fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, M, M, 1.5f, as, M, xs, 1,
               0.0f, v, 1);
}

static void *worker(void *arg) {
  long *mismatches = arg;
  double dot, nrm2, c[M * M];
  float v[M];
  for (int i = 0; i < CALLS; i++) {
    compute(&dot, &nrm2, c, v);
    *mismatches += memcmp(&dot, &want_dot, sizeof dot) != 0;
    *mismatches += memcmp(&nrm2, &want_nrm2, sizeof nrm2) != 0;
    *mismatches += memcmp(c, want_gemm, sizeof c) != 0;
    *mismatches += memcmp(v, want_gemv, sizeof v) != 0;
  }
  return NULL;
}

/* Re-applies the active configuration and reads the summary, racing the
 * workers' calls through the dispatcher. */
static void *reconfigure(void *arg) {
  (void)arg;
  fastla_backend backend = fastla_get_backend();
  fastla_isa isa = fastla_get_isa();
  while (!atomic_load(&stop)) {
    assert_int_equal(fastla_set_backend(backend), FASTLA_OK);
    if (backend != FASTLA_BACKEND_REFERENCE)
      assert_int_equal(fastla_set_isa(isa), FASTLA_OK);
    assert_non_null(fastla_config_string());
  }
  return NULL;
}

static void concurrent_calls_match_single_thread(void **state) {
  (void)state;
  tu_rng rng = tu_rng_make(7);
  for (int i = 0; i < N; i++) {
    x[i] = tu_rng_value(&rng), y[i] = tu_rng_value(&rng);
    xs[i] = (float)x[i];
  }
  for (int i = 0; i < M * M; i++) {
    a[i] = tu_rng_value(&rng), b[i] = tu_rng_value(&rng);
    as[i] = (float)a[i];
  }
  compute(&want_dot, &want_nrm2, want_gemm, want_gemv);

  pthread_t threads[THREADS], config_thread;
  long mismatches[THREADS] = {0};
  atomic_store(&stop, 0);
  assert_int_equal(pthread_create(&config_thread, NULL, reconfigure, NULL), 0);
  for (int t = 0; t < THREADS; t++)
    assert_int_equal(pthread_create(&threads[t], NULL, worker, &mismatches[t]),
                     0);
  long total = 0;
  for (int t = 0; t < THREADS; t++) {
    pthread_join(threads[t], NULL);
    total += mismatches[t];
  }
  atomic_store(&stop, 1);
  pthread_join(config_thread, NULL);
  assert_int_equal(total, 0);
}

int main(void) {
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(concurrent_calls_match_single_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
