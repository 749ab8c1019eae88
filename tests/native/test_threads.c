/* test_threads.c - the library is thread-safe: application threads calling
 * mixed routines at once, while another thread keeps re-applying the
 * configuration, get exactly the results a lone thread gets. For a fixed
 * backend and ISA the kernels are deterministic, so "exactly" means bitwise.
 * A second case runs this binary again so that the threads' calls are the
 * process's first, racing the one-time selection. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* One worker's calls and, after each, its results. */
typedef struct job {
  int check; /* compare each call with the want_* values */
  long mismatches;
  double dot, nrm2, c[M * M];
  float v[M];
} job;

static long differs(const job *j) {
  return (memcmp(&j->dot, &want_dot, sizeof j->dot) != 0) +
         (memcmp(&j->nrm2, &want_nrm2, sizeof j->nrm2) != 0) +
         (memcmp(j->c, want_gemm, sizeof j->c) != 0) +
         (memcmp(j->v, want_gemv, sizeof j->v) != 0);
}

static void *worker(void *arg) {
  job *j = arg;
  for (int i = 0; i < CALLS; i++) {
    compute(&j->dot, &j->nrm2, j->c, j->v);
    if (j->check)
      j->mismatches += differs(j);
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

static void make_inputs(void) {
  tu_rng rng = tu_rng_make(7);
  for (int i = 0; i < N; i++) {
    x[i] = tu_rng_value(&rng), y[i] = tu_rng_value(&rng);
    xs[i] = (float)x[i];
  }
  for (int i = 0; i < M * M; i++) {
    a[i] = tu_rng_value(&rng), b[i] = tu_rng_value(&rng);
    as[i] = (float)a[i];
  }
}

/* Runs THREADS workers at once; returns the mismatches they counted (when
 * check is set) plus those of their last results, or -1. */
static long run_workers(int check) {
  static job jobs[THREADS];
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; t++) {
    jobs[t] = (job){.check = check};
    if (pthread_create(&threads[t], NULL, worker, &jobs[t]) != 0)
      return -1;
  }
  for (int t = 0; t < THREADS; t++)
    pthread_join(threads[t], NULL);
  if (!check) /* the answers are known only now: see first_call_race */
    compute(&want_dot, &want_nrm2, want_gemm, want_gemv);
  long total = 0;
  for (int t = 0; t < THREADS; t++)
    total += jobs[t].mismatches + differs(&jobs[t]);
  return total;
}

static void concurrent_calls_match_single_thread(void **state) {
  (void)state;
  make_inputs();
  compute(&want_dot, &want_nrm2, want_gemm, want_gemv);
  pthread_t config_thread;
  atomic_store(&stop, 0);
  assert_int_equal(pthread_create(&config_thread, NULL, reconfigure, NULL), 0);
  long total = run_workers(1);
  atomic_store(&stop, 1);
  pthread_join(config_thread, NULL);
  assert_int_equal(total, 0);
}

/* Child mode: the workers' calls are the first into the library, racing
 * the one-time selection; the answers are computed after them, with the
 * configuration the parent passed through FASTLA_BACKEND / FASTLA_ISA. */
static int first_call_race(void) {
  make_inputs();
  return run_workers(0) == 0 ? 0 : 1;
}

static void first_calls_race_the_selection(void **state) {
  (void)state;
  setenv("FASTLA_BACKEND", fastla_backend_name(fastla_get_backend()), 1);
  setenv("FASTLA_ISA", fastla_isa_name(fastla_get_isa()), 1);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    char *argv[] = {"test_threads", "--first-call-race", NULL};
    execv("/proc/self/exe", argv);
    _exit(127);
  }
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--first-call-race") == 0)
    return first_call_race();
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(concurrent_calls_match_single_thread),
      cmocka_unit_test(first_calls_race_the_selection),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
