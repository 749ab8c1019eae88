/* test_par_budget.c - the openmp backend never adds more than thread
 * count - 1 helper threads at once, however many application threads call
 * it together: 8 pthreads make large mixed calls at the same time, and the
 * library's own count of helpers at work (internal, hence the static
 * library) never passes the budget. Each result must also equal a lone
 * call's bits, since calls that found no helper free ran single-threaded.
 * Runs once, on the openmp backend at the best ISA; skipped in builds
 * without OpenMP. */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>

#include <cmocka.h>

#include "fastla.h"
#include "parallel/parallel.h"

enum { APP_THREADS = 8, CALLS = 300, NV = 1 << 18, GM = 512, GS = 160 };

static double *x, *y, *a, *b;

typedef struct results {
  double dot, gemv[GM], gemm[GS * GS];
} results;

static results lone;

/* Call i of the mixed sequence, every one above its threading threshold. */
static void call(int i, results *r) {
  switch (i % 3) {
  case 0:
    r->dot = fastla_ddot(NV, x, 1, y, 1);
    break;
  case 1:
    fastla_dgemv(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, GM, GM, 1.0, a, GM, x, 1,
                 0.0, r->gemv, 1);
    break;
  default:
    fastla_dgemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, GS, GS, GS,
                 1.0, a, GS, b, GS, 0.0, r->gemm, GS);
  }
}

static int differs(int i, const results *r) {
  switch (i % 3) {
  case 0:
    return memcmp(&r->dot, &lone.dot, sizeof r->dot) != 0;
  case 1:
    return memcmp(r->gemv, lone.gemv, sizeof r->gemv) != 0;
  default:
    return memcmp(r->gemm, lone.gemm, sizeof r->gemm) != 0;
  }
}

static void *app_thread(void *arg) {
  long *mismatches = arg;
  results *r = malloc(sizeof *r);
  for (int i = 0; i < CALLS; i++) {
    call(i, r);
    *mismatches += differs(i, r);
  }
  free(r);
  return NULL;
}

static long storm(void) {
  pthread_t t[APP_THREADS];
  long mismatches[APP_THREADS] = {0}, total = 0;
  for (int i = 0; i < APP_THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, app_thread, &mismatches[i]),
                     0);
  for (int i = 0; i < APP_THREADS; i++) {
    pthread_join(t[i], NULL);
    total += mismatches[i];
  }
  return total;
}

static void helpers_stay_within_the_budget(void **state) {
  (void)state;
  assert_int_equal(fastla_set_num_threads(2), FASTLA_OK);
  for (int i = 0; i < 3; i++)
    call(i, &lone);
  /* A lone large call takes the one helper two threads allow. */
  assert_int_equal(fastla_par_helpers_peak(), 1);
  long wrong = storm();
  if (wrong)
    fail_msg("%ld of %d calls differ from a lone call", wrong,
             APP_THREADS * CALLS);
  int peak = fastla_par_helpers_peak();
  if (peak != 1)
    fail_msg("%d helper threads at once with 2 threads configured", peak);
  /* Three threads: two helpers, shared by all eight callers. */
  assert_int_equal(fastla_set_num_threads(3), FASTLA_OK);
  assert_int_equal(storm(), 0);
  peak = fastla_par_helpers_peak();
  if (peak > 2)
    fail_msg("%d helper threads at once with 3 threads configured", peak);
  assert_int_equal(fastla_set_num_threads(0), FASTLA_OK);
}

static double *fill(size_t n, unsigned seed) {
  double *v = malloc(n * sizeof *v);
  for (size_t i = 0; i < n; i++) /* values in [-1, 1), varied */
    v[i] = (double)((i * 2654435761u + seed * 40503u) % 2000u) / 1000.0 - 1.0;
  return v;
}

int main(void) {
  if (fastla_set_backend(FASTLA_BACKEND_OPENMP) != FASTLA_OK) {
    printf("SKIPPED: this build has no openmp backend\n");
    return 77;
  }
  printf("config: %s\n", fastla_config_string());
  x = fill(NV, 1), y = fill(NV, 2);
  a = fill((size_t)GM * GM, 3), b = fill((size_t)GS * GS, 4);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(helpers_stay_within_the_budget),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  free(x), free(y), free(a), free(b);
  return failed;
}
