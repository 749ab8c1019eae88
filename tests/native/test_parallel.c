/* test_parallel.c - the openmp backend's threading guarantees, on calls
 * large enough to be split over threads:
 *   - results are bitwise identical for 1, 2, 3 and 4 threads (dot, nrm2,
 *     axpy, gemv both ways, gemm split by columns and by rows, skinny gemm
 *     on the direct path over two k steps), and right
 *     against the long-double oracle;
 *   - the backend really starts threads for them;
 *   - calls from inside an OpenMP parallel region run (single-threaded)
 *     and give the same bits;
 *   - after fork(), calls complete and are right in both parent and child
 *     (a hang fails the test through a timeout instead of stalling CI);
 *   - 8 application threads making 1000 mixed calls each at once (six
 *     routines, both precisions) all get the lone-thread bits, which are
 *     right against the oracle.
 * Runs only in the openmp-<isa> configurations. */
#define _GNU_SOURCE /* dirent, kill */
#include <dirent.h>
#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "oracle.h"
#include "testutil.h"

/* Sizes above every threshold in src/parallel/parallel.h, with odd ends so
 * the last chunk and the last tile are partial. */
enum {
  NV = 600011, /* dot, axpy; nrm2 over every other element */
  GM = 3001,
  GN = 257, /* gemv: A is GM x GN (and GN x GM for A^T x) */
  CM = 299,
  CN = 301,
  CK = 280, /* gemm split by columns (n >= m) */
  RM = 1201,
  RN = 30,
  RK = 250, /* gemm split by rows (m > n) */
  TM = 30,
  TN = 2003,
  TK = 1100, /* skinny gemm (direct path, level3.h), A^T, k > one step */
};

/* Every output of one round of calls, in double (float results widened). */
typedef struct outputs {
  double dot, nrm2;
  double *axpy, *gemv_n, *gemv_t, *gemm_c, *gemm_r, *gemm_t;
} outputs;

/* Inputs, shared read-only. */
static double *x, *y, *a, *b, *c0;
static float *xs, *ys, *as, *bs, *cs0;

static double *fill(size_t n, uint64_t seed) {
  double *v = malloc(n * sizeof *v);
  tu_rng r = tu_rng_make(seed);
  for (size_t i = 0; i < n; i++)
    v[i] = tu_rng_value(&r);
  return v;
}

static float *narrow(const double *v, size_t n) {
  float *f = malloc(n * sizeof *f);
  for (size_t i = 0; i < n; i++)
    f[i] = (float)v[i];
  return f;
}

static size_t big(void) { /* elements of the largest matrix operand */
  size_t s = (size_t)GM * GN;
  s = s > (size_t)RM * RK ? s : (size_t)RM * RK;
  s = s > (size_t)TN * TK ? s : (size_t)TN * TK;
  return s > (size_t)CM * CK ? s : (size_t)CM * CK;
}

static void make_inputs(void) {
  x = fill(NV, 1), y = fill(NV, 2), a = fill(big(), 3), b = fill(big(), 4);
  c0 = fill(big(), 5);
  xs = narrow(x, NV), ys = narrow(y, NV), as = narrow(a, big());
  bs = narrow(b, big()), cs0 = narrow(c0, big());
}

static outputs outputs_make(void) {
  outputs o = {0,
               0,
               calloc(NV, 8),
               calloc(GM, 8),
               calloc(GM, 8),
               calloc((size_t)CM * CN, 8),
               calloc((size_t)RM * RN, 8),
               calloc((size_t)TM * TN, 8)};
  return o;
}

static void outputs_free(outputs *o) {
  free(o->axpy), free(o->gemv_n), free(o->gemv_t), free(o->gemm_c);
  free(o->gemm_r), free(o->gemm_t);
}

/* One round of every routine in precision p, results into o. */
static void run_all(tu_prec p, outputs *o) {
  if (p == TU_DOUBLE) {
    o->dot = fastla_ddot(NV, x, 1, y, -1);
    o->nrm2 = fastla_dnrm2(NV / 2, x, 2);
    memcpy(o->axpy, y, NV * sizeof *y);
    fastla_daxpy(NV, 0.75, x, 1, o->axpy, 1);
    memcpy(o->gemv_n, c0, GM * sizeof *c0);
    fastla_dgemv(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, GM, GN, 1.5, a, GM, x, 1,
                 0.5, o->gemv_n, 1);
    memcpy(o->gemv_t, c0, GM * sizeof *c0);
    fastla_dgemv(FASTLA_COL_MAJOR, FASTLA_TRANS, GN, GM, -1.0, a, GN, x, -1,
                 2.0, o->gemv_t, 1);
    memcpy(o->gemm_c, c0, (size_t)CM * CN * sizeof *c0);
    fastla_dgemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_TRANS, CM, CN, CK,
                 0.5, a, CM, b, CN, 0.25, o->gemm_c, CM);
    memcpy(o->gemm_r, c0, (size_t)RM * RN * sizeof *c0);
    fastla_dgemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, RM, RN, RK,
                 1.0, a, RK, b, RK, 0.0, o->gemm_r, RM);
    memcpy(o->gemm_t, c0, (size_t)TM * TN * sizeof *c0);
    fastla_dgemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, TM, TN, TK,
                 -0.5, a, TK, b, TK, 1.5, o->gemm_t, TM);
    return;
  }
  float *t = malloc(big() * sizeof *t);
  o->dot = fastla_sdot(NV, xs, 1, ys, -1);
  o->nrm2 = fastla_snrm2(NV / 2, xs, 2);
  memcpy(t, ys, NV * sizeof *t);
  fastla_saxpy(NV, 0.75f, xs, 1, t, 1);
  for (size_t i = 0; i < NV; i++)
    o->axpy[i] = t[i];
  memcpy(t, cs0, GM * sizeof *t);
  fastla_sgemv(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, GM, GN, 1.5f, as, GM, xs, 1,
               0.5f, t, 1);
  for (size_t i = 0; i < GM; i++)
    o->gemv_n[i] = t[i];
  memcpy(t, cs0, GM * sizeof *t);
  fastla_sgemv(FASTLA_COL_MAJOR, FASTLA_TRANS, GN, GM, -1.0f, as, GN, xs, -1,
               2.0f, t, 1);
  for (size_t i = 0; i < GM; i++)
    o->gemv_t[i] = t[i];
  memcpy(t, cs0, (size_t)CM * CN * sizeof *t);
  fastla_sgemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_TRANS, CM, CN, CK,
               0.5f, as, CM, bs, CN, 0.25f, t, CM);
  for (size_t i = 0; i < (size_t)CM * CN; i++)
    o->gemm_c[i] = t[i];
  memcpy(t, cs0, (size_t)RM * RN * sizeof *t);
  fastla_sgemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, RM, RN, RK,
               1.0f, as, RK, bs, RK, 0.0f, t, RM);
  for (size_t i = 0; i < (size_t)RM * RN; i++)
    o->gemm_r[i] = t[i];
  memcpy(t, cs0, (size_t)TM * TN * sizeof *t);
  fastla_sgemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, TM, TN, TK,
               -0.5f, as, TK, bs, TK, 1.5f, t, TM);
  for (size_t i = 0; i < (size_t)TM * TN; i++)
    o->gemm_t[i] = t[i];
  free(t);
}

/* Number of outputs that differ in any bit. */
static int bit_differences(const outputs *u, const outputs *v) {
  return (memcmp(&u->dot, &v->dot, 8) != 0) +
         (memcmp(&u->nrm2, &v->nrm2, 8) != 0) +
         (memcmp(u->axpy, v->axpy, NV * 8) != 0) +
         (memcmp(u->gemv_n, v->gemv_n, GM * 8) != 0) +
         (memcmp(u->gemv_t, v->gemv_t, GM * 8) != 0) +
         (memcmp(u->gemm_c, v->gemm_c, (size_t)CM * CN * 8) != 0) +
         (memcmp(u->gemm_r, v->gemm_r, (size_t)RM * RN * 8) != 0) +
         (memcmp(u->gemm_t, v->gemm_t, (size_t)TM * TN * 8) != 0);
}

/* Inputs as the precision sees them (floats widened back). */
static const double *in(tu_prec p, const double *d, const float *f, size_t n,
                        double **keep) {
  if (p == TU_DOUBLE)
    return d;
  *keep = malloc(n * sizeof **keep);
  for (size_t i = 0; i < n; i++)
    (*keep)[i] = f[i];
  return *keep;
}

/* Elements outside the error bound among want-ed outputs of length n. */
static int count_wrong(const double *got, const long double *want,
                       const long double *mag, size_t n, double k, double eps) {
  int wrong = 0;
  for (size_t i = 0; i < n; i++)
    wrong += !tu_close(got[i], want[i], mag[i], k, eps);
  return wrong;
}

/* The thread-count-1 outputs against the oracle. */
static void check_against_oracle(tu_prec p, const outputs *o) {
  double *kx = NULL, *ky = NULL, *ka = NULL, *kb = NULL, *kc = NULL;
  const double *X = in(p, x, xs, NV, &kx), *Y = in(p, y, ys, NV, &ky);
  const double *A = in(p, a, as, big(), &ka), *B = in(p, b, bs, big(), &kb);
  const double *C = in(p, c0, cs0, big(), &kc);
  double eps = tu_eps(p);
  size_t most = big() > NV ? big() : NV;
  long double *want = malloc(most * sizeof *want), mag1;
  long double *mag = malloc(most * sizeof *mag);
  long double d = oracle_dot(NV, X, 1, Y, -1, &mag1);
  assert_true(tu_close(o->dot, d, mag1, NV, eps));
  assert_true(tu_close_rel(o->nrm2, oracle_nrm2(NV / 2, X, 2), NV, eps));
  oracle_axpy(NV, p == TU_DOUBLE ? 0.75 : 0.75f, X, 1, Y, 1, want, mag);
  assert_int_equal(count_wrong(o->axpy, want, mag, NV, 2, eps), 0);
  oracle_gemv(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, GM, GN, 1.5, A, GM, X, 1, 0.5,
              C, 1, want, mag);
  assert_int_equal(count_wrong(o->gemv_n, want, mag, GM, GN, eps), 0);
  oracle_gemv(FASTLA_COL_MAJOR, FASTLA_TRANS, GN, GM, -1.0, A, GN, X, -1, 2.0,
              C, 1, want, mag);
  assert_int_equal(count_wrong(o->gemv_t, want, mag, GM, GN, eps), 0);
  /* oracle_gemm indexes its output row by row: (i, j) at [i * n + j] */
  oracle_gemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_TRANS, CM, CN, CK, 0.5,
              A, CM, B, CN, 0.25, C, CM, want, mag);
  int wrong = 0;
  for (int i = 0; i < CM; i++)
    for (int j = 0; j < CN; j++)
      wrong += !tu_close(o->gemm_c[i + (size_t)j * CM], want[i * CN + j],
                         mag[i * CN + j], CK, eps);
  oracle_gemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, RM, RN, RK, 1.0,
              A, RK, B, RK, 0.0, C, RM, want, mag);
  for (int i = 0; i < RM; i++)
    for (int j = 0; j < RN; j++)
      wrong += !tu_close(o->gemm_r[i + (size_t)j * RM], want[i * RN + j],
                         mag[i * RN + j], RK, eps);
  oracle_gemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, TM, TN, TK, -0.5,
              A, TK, B, TK, 1.5, C, TM, want, mag);
  for (int i = 0; i < TM; i++)
    for (int j = 0; j < TN; j++)
      wrong += !tu_close(o->gemm_t[i + (size_t)j * TM], want[i * TN + j],
                         mag[i * TN + j], TK, eps);
  assert_int_equal(wrong, 0);
  free(want), free(mag), free(kx), free(ky), free(ka), free(kb), free(kc);
}

/* Threads of this process right now. */
static int task_count(void) {
  DIR *d = opendir("/proc/self/task");
  int n = 0;
  if (!d)
    return -1;
  for (struct dirent *e; (e = readdir(d));)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

static void same_bits_for_1_to_4_threads(void **state) {
  tu_prec p = tu_state_prec(state);
  outputs one = outputs_make(), other = outputs_make();
  assert_int_equal(fastla_set_num_threads(1), FASTLA_OK);
  run_all(p, &one);
  check_against_oracle(p, &one);
  for (int t = 2; t <= 4; t++) {
    assert_int_equal(fastla_set_num_threads(t), FASTLA_OK);
    run_all(p, &other);
    int d = bit_differences(&one, &other);
    if (d)
      fail_msg("%d of 8 outputs differ between 1 and %d threads", d, t);
  }
  /* The OpenMP runtime keeps its team threads: proof the calls above did
   * run on more than one thread. */
  if (task_count() < 2)
    fail_msg("the openmp backend started no threads (%d task)", task_count());
  assert_int_equal(fastla_set_num_threads(0), FASTLA_OK);
  outputs_free(&one), outputs_free(&other);
}

static void inside_a_parallel_region(void **state) {
  tu_prec p = tu_state_prec(state);
  outputs want = outputs_make(), got[2] = {outputs_make(), outputs_make()};
  run_all(p, &want);
  int wrong = 0;
#pragma omp parallel num_threads(2) reduction(+ : wrong)
  {
    int id = omp_get_thread_num();
    run_all(p, &got[id]);
    wrong += bit_differences(&want, &got[id]);
  }
  assert_int_equal(wrong, 0);
  outputs_free(&want), outputs_free(&got[0]), outputs_free(&got[1]);
}

/* Waits up to seconds for pid; kills it and fails on a hang. */
static int wait_with_timeout(pid_t pid, int seconds) {
  for (int waited = 0; waited < seconds * 10; waited++) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    nanosleep(&(struct timespec){0, 100000000}, NULL);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  fail_msg("the child of fork() hung for %d s", seconds);
  return -1;
}

static void fork_after_threaded_calls(void **state) {
  tu_prec p = tu_state_prec(state);
  outputs want = outputs_make(), got = outputs_make();
  assert_int_equal(fastla_set_num_threads(2), FASTLA_OK);
  run_all(p, &want); /* the OpenMP team now exists in the parent */
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    alarm(120); /* a last resort if the parent's timeout failed too */
    run_all(p, &got);
    _exit(bit_differences(&want, &got) == 0 ? 0 : 3);
  }
  run_all(p, &got); /* the parent keeps working meanwhile */
  assert_int_equal(bit_differences(&want, &got), 0);
  assert_int_equal(wait_with_timeout(pid, 120), 0);
  assert_int_equal(fastla_set_num_threads(0), FASTLA_OK);
  outputs_free(&want), outputs_free(&got);
}

/* ---- many application threads ------------------------------------------ */

enum { APP_THREADS = 8, CALLS = 1000, SN = 1 << 18, SM = 512, SG = 160 };

typedef struct small_outputs {
  double dot, nrm2, gemv[SM], gemm[SG * SG], axpy[SN];
  float sgemm[SG * SG];
} small_outputs;

static small_outputs lone;

/* Call i of the mixed sequence: one of six routines, both precisions, all
 * above their threading thresholds. */
static void small_call(int i, small_outputs *o) {
  switch (i % 6) {
  case 0:
    o->dot = fastla_ddot(SN, x, 1, y, 1);
    break;
  case 1:
    o->nrm2 = fastla_dnrm2(SN, y, 1);
    break;
  case 2:
    fastla_dgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, SM, SM, 1.0, a, SM, x, 1,
                 0.0, o->gemv, 1);
    break;
  case 3:
    fastla_dgemm(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, SG, SG, SG,
                 1.0, a, SG, b, SG, 0.0, o->gemm, SG);
    break;
  case 4:
    memcpy(o->axpy, y, sizeof o->axpy);
    fastla_daxpy(SN, -0.5, x, 1, o->axpy, 1);
    break;
  default:
    fastla_sgemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, SG, SG, SG,
                 1.0f, as, SG, bs, SG, 0.0f, o->sgemm, SG);
  }
}

static int small_differs(int i, const small_outputs *o) {
  switch (i % 6) {
  case 0:
    return memcmp(&o->dot, &lone.dot, 8) != 0;
  case 1:
    return memcmp(&o->nrm2, &lone.nrm2, 8) != 0;
  case 2:
    return memcmp(o->gemv, lone.gemv, sizeof o->gemv) != 0;
  case 3:
    return memcmp(o->gemm, lone.gemm, sizeof o->gemm) != 0;
  case 4:
    return memcmp(o->axpy, lone.axpy, sizeof o->axpy) != 0;
  default:
    return memcmp(o->sgemm, lone.sgemm, sizeof o->sgemm) != 0;
  }
}

/* The lone thread's results against the oracle (all threads must match
 * them bit for bit). Row-major gemv and gemm in the oracle's indexing. */
static void check_lone_against_oracle(void) {
  long double mag, *want = malloc(SN * sizeof *want);
  long double *wmag = malloc(SN * sizeof *wmag);
  double eps = tu_eps(TU_DOUBLE), feps = tu_eps(TU_FLOAT);
  long double dot = oracle_dot(SN, x, 1, y, 1, &mag);
  assert_true(tu_close(lone.dot, dot, mag, SN, eps));
  assert_true(tu_close_rel(lone.nrm2, oracle_nrm2(SN, y, 1), SN, eps));
  double *zero = calloc(SG * SG, sizeof *zero); /* y and C: beta is 0 */
  int wrong = 0;
  oracle_axpy(SN, -0.5, x, 1, y, 1, want, wmag);
  for (int i = 0; i < SN; i++)
    wrong += !tu_close(lone.axpy[i], want[i], wmag[i], 2, eps);
  oracle_gemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, SM, SM, 1.0, a, SM, x, 1, 0.0,
              zero, 1, want, wmag);
  for (int i = 0; i < SM; i++)
    wrong += !tu_close(lone.gemv[i], want[i], wmag[i], SM, eps);
  oracle_gemm(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, SG, SG, SG,
              1.0, a, SG, b, SG, 0.0, zero, SG, want, wmag);
  for (int i = 0; i < SG * SG; i++)
    wrong += !tu_close(lone.gemm[i], want[i], wmag[i], SG, eps);
  double *fa = malloc(SG * SG * sizeof *fa), *fb = malloc(SG * SG * sizeof *fb);
  for (int i = 0; i < SG * SG; i++)
    fa[i] = as[i], fb[i] = bs[i];
  oracle_gemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, SG, SG, SG, 1.0,
              fa, SG, fb, SG, 0.0, zero, SG, want, wmag);
  for (int i = 0; i < SG; i++) /* oracle (i, j) at [i*SG + j] */
    for (int j = 0; j < SG; j++)
      wrong += !tu_close(lone.sgemm[i + j * SG], want[i * SG + j],
                         wmag[i * SG + j], SG, feps);
  assert_int_equal(wrong, 0);
  free(want), free(wmag), free(fa), free(fb), free(zero);
}

static void *app_thread(void *arg) {
  long *mismatches = arg;
  small_outputs *o = malloc(sizeof *o);
  for (int i = 0; i < CALLS; i++) {
    small_call(i, o);
    *mismatches += small_differs(i, o);
  }
  free(o);
  return NULL;
}

static void many_application_threads(void **state) {
  (void)state;
  for (int i = 0; i < 6; i++)
    small_call(i, &lone);
  check_lone_against_oracle();
  pthread_t t[APP_THREADS];
  long mismatches[APP_THREADS] = {0};
  for (int i = 0; i < APP_THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, app_thread, &mismatches[i]),
                     0);
  long total = 0;
  for (int i = 0; i < APP_THREADS; i++) {
    pthread_join(t[i], NULL);
    total += mismatches[i];
  }
  if (total)
    fail_msg("%ld of %d calls differ from a lone thread's", total,
             APP_THREADS * CALLS);
}

int main(void) {
  const char *config = fastla_test_select_config();
  if (strncmp(config, "openmp-", 7) != 0) {
    print_message("SKIPPED: config %s is not an openmp configuration\n",
                  config);
    return 77;
  }
  make_inputs();
  const struct CMUnitTest tests[] = {
      TU_BOTH(same_bits_for_1_to_4_threads),
      TU_BOTH(inside_a_parallel_region),
      TU_BOTH(fork_after_threaded_calls),
      cmocka_unit_test(many_application_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
