/* test_config.c - backend/ISA/thread control, status strings, version and
 * configuration summary, and the FASTLA_* environment variables.
 *
 * The environment is read once, when the library first configures itself,
 * so the environment tests run this binary again as a child ("--report")
 * with a chosen environment and read what it reports on stdout and what the
 * library printed on stderr. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

extern char **environ;

/* What the configuration selected for this run looked like, restored after
 * every test so that the tests do not depend on each other's order. */
static fastla_backend saved_backend;
static fastla_isa saved_isa;
static int default_threads;

static int restore_config(void **state) {
  (void)state;
  fastla_set_backend(saved_backend);
  fastla_set_isa(saved_backend == FASTLA_BACKEND_REFERENCE ? FASTLA_ISA_AUTO
                                                           : saved_isa);
  fastla_set_num_threads(0);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Backend                                                                  */
/* ------------------------------------------------------------------------ */

static void backend_reference_always_selectable(void **state) {
  (void)state;
  assert_int_equal(fastla_set_backend(FASTLA_BACKEND_REFERENCE), FASTLA_OK);
  assert_int_equal(fastla_get_backend(), FASTLA_BACKEND_REFERENCE);
  assert_int_equal(fastla_get_isa(), FASTLA_ISA_SCALAR);
}

static void backend_auto_resolves_to_a_concrete_backend(void **state) {
  (void)state;
  assert_int_equal(fastla_set_backend(FASTLA_BACKEND_AUTO), FASTLA_OK);
  fastla_backend b = fastla_get_backend();
  assert_true(b == FASTLA_BACKEND_REFERENCE || b == FASTLA_BACKEND_SIMD ||
              b == FASTLA_BACKEND_OPENMP);
}

/* simd/openmp may be missing from a build or CPU: then UNAVAILABLE and the
 * backend stays as it was. */
static void backend_simd_and_openmp_ok_or_unavailable(void **state) {
  (void)state;
  static const fastla_backend want[] = {FASTLA_BACKEND_SIMD,
                                        FASTLA_BACKEND_OPENMP};
  for (size_t i = 0; i < COUNT(want); i++) {
    assert_int_equal(fastla_set_backend(FASTLA_BACKEND_REFERENCE), FASTLA_OK);
    fastla_status st = fastla_set_backend(want[i]);
    assert_true(st == FASTLA_OK || st == FASTLA_ERR_UNAVAILABLE);
    assert_int_equal(fastla_get_backend(),
                     st == FASTLA_OK ? want[i] : FASTLA_BACKEND_REFERENCE);
  }
}

static void backend_invalid_value_rejected_and_unchanged(void **state) {
  (void)state;
  static const int bad[] = {-1, 4, 99, 101};
  fastla_backend before = fastla_get_backend();
  for (size_t i = 0; i < COUNT(bad); i++) {
    assert_int_equal(fastla_set_backend((fastla_backend)bad[i]),
                     FASTLA_ERR_INVALID_VALUE);
    assert_int_equal(fastla_get_backend(), before);
  }
}

/* ------------------------------------------------------------------------ */
/* ISA                                                                      */
/* ------------------------------------------------------------------------ */

static void isa_max_is_a_concrete_isa(void **state) {
  (void)state;
  fastla_isa max = fastla_get_max_isa();
  assert_true(max >= FASTLA_ISA_SCALAR && max <= FASTLA_ISA_AVX512);
}

/* A cap the CPU can run is accepted; the ISA in use is at most the cap
 * (scalar for the reference backend). */
static void isa_cap_up_to_max_is_accepted(void **state) {
  (void)state;
  fastla_isa max = fastla_get_max_isa();
  int simd = fastla_set_backend(FASTLA_BACKEND_SIMD) == FASTLA_OK;
  for (int isa = FASTLA_ISA_SCALAR; isa <= (int)max; isa++) {
    assert_int_equal(fastla_set_isa((fastla_isa)isa), FASTLA_OK);
    fastla_isa in_use = fastla_get_isa();
    assert_true(in_use >= FASTLA_ISA_SCALAR && (int)in_use <= isa);
    if (!simd)
      assert_int_equal(in_use, FASTLA_ISA_SCALAR);
  }
  assert_int_equal(fastla_set_isa(FASTLA_ISA_AUTO), FASTLA_OK);
  if (simd)
    assert_int_equal(fastla_get_isa(), max);
}

static void isa_above_max_is_unavailable_and_unchanged(void **state) {
  (void)state;
  fastla_set_backend(FASTLA_BACKEND_SIMD); /* UNAVAILABLE is fine here */
  fastla_isa before = fastla_get_isa();
  for (int isa = (int)fastla_get_max_isa() + 1; isa <= FASTLA_ISA_AVX512;
       isa++) {
    assert_int_equal(fastla_set_isa((fastla_isa)isa), FASTLA_ERR_UNAVAILABLE);
    assert_int_equal(fastla_get_isa(), before);
  }
}

static void isa_invalid_value_rejected_and_unchanged(void **state) {
  (void)state;
  static const int bad[] = {-1, 5, 99};
  fastla_isa before = fastla_get_isa();
  for (size_t i = 0; i < COUNT(bad); i++) {
    assert_int_equal(fastla_set_isa((fastla_isa)bad[i]),
                     FASTLA_ERR_INVALID_VALUE);
    assert_int_equal(fastla_get_isa(), before);
  }
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */
/* ------------------------------------------------------------------------ */

static void threads_set_get_and_reset(void **state) {
  (void)state;
  assert_true(default_threads >= 1);
  assert_int_equal(fastla_set_num_threads(3), FASTLA_OK);
  assert_int_equal(fastla_get_num_threads(), 3);
  assert_int_equal(fastla_set_num_threads(1), FASTLA_OK);
  assert_int_equal(fastla_get_num_threads(), 1);
  assert_int_equal(fastla_set_num_threads(0), FASTLA_OK);
  assert_int_equal(fastla_get_num_threads(), default_threads);
}

static void threads_negative_rejected_and_unchanged(void **state) {
  (void)state;
  assert_int_equal(fastla_set_num_threads(2), FASTLA_OK);
  assert_int_equal(fastla_set_num_threads(-1), FASTLA_ERR_INVALID_VALUE);
  assert_int_equal(fastla_get_num_threads(), 2);
}

/* ------------------------------------------------------------------------ */
/* Names, statuses, version                                                 */
/* ------------------------------------------------------------------------ */

static void backend_and_isa_names(void **state) {
  (void)state;
  assert_string_equal(fastla_backend_name(FASTLA_BACKEND_AUTO), "auto");
  assert_string_equal(fastla_backend_name(FASTLA_BACKEND_REFERENCE),
                      "reference");
  assert_string_equal(fastla_backend_name(FASTLA_BACKEND_SIMD), "simd");
  assert_string_equal(fastla_backend_name(FASTLA_BACKEND_OPENMP), "openmp");
  assert_string_equal(fastla_backend_name((fastla_backend)99), "unknown");
  assert_string_equal(fastla_backend_name((fastla_backend)-1), "unknown");
  assert_string_equal(fastla_isa_name(FASTLA_ISA_AUTO), "auto");
  assert_string_equal(fastla_isa_name(FASTLA_ISA_SCALAR), "scalar");
  assert_string_equal(fastla_isa_name(FASTLA_ISA_SSE2), "sse2");
  assert_string_equal(fastla_isa_name(FASTLA_ISA_AVX2), "avx2");
  assert_string_equal(fastla_isa_name(FASTLA_ISA_AVX512), "avx512");
  assert_string_equal(fastla_isa_name((fastla_isa)99), "unknown");
  assert_string_equal(fastla_isa_name((fastla_isa)-1), "unknown");
}

static void strerror_gives_distinct_sentences(void **state) {
  (void)state;
  const char *seen[FASTLA_ERR_NO_MEMORY + 1];
  for (int s = FASTLA_OK; s <= FASTLA_ERR_NO_MEMORY; s++) {
    seen[s] = fastla_strerror((fastla_status)s);
    assert_non_null(seen[s]);
    assert_true(strlen(seen[s]) > 3);
    for (int t = 0; t < s; t++)
      assert_string_not_equal(seen[s], seen[t]);
  }
  static const int unknown[] = {-1, FASTLA_ERR_NO_MEMORY + 1, 999};
  for (size_t i = 0; i < COUNT(unknown); i++) {
    const char *msg = fastla_strerror((fastla_status)unknown[i]);
    assert_non_null(msg);
    assert_true(strlen(msg) > 3);
  }
}

/* The header spells each rejected argument as in the prototypes. */
static const struct {
  fastla_status status;
  const char *name;
} arg_names[] = {
    {FASTLA_ERR_ARG_LAYOUT, "layout"}, {FASTLA_ERR_ARG_TRANS, "trans"},
    {FASTLA_ERR_ARG_TRANSA, "transa"}, {FASTLA_ERR_ARG_TRANSB, "transb"},
    {FASTLA_ERR_ARG_M, "m"},           {FASTLA_ERR_ARG_N, "n"},
    {FASTLA_ERR_ARG_K, "k"},           {FASTLA_ERR_ARG_LDA, "lda"},
    {FASTLA_ERR_ARG_LDB, "ldb"},       {FASTLA_ERR_ARG_LDC, "ldc"},
    {FASTLA_ERR_ARG_INCX, "incx"},     {FASTLA_ERR_ARG_INCY, "incy"},
    {FASTLA_ERR_ARG_A, "a"},           {FASTLA_ERR_ARG_B, "b"},
    {FASTLA_ERR_ARG_C, "c"},           {FASTLA_ERR_ARG_X, "x"},
    {FASTLA_ERR_ARG_Y, "y"},
};

static void status_argument_names_each_argument(void **state) {
  (void)state;
  for (size_t i = 0; i < COUNT(arg_names); i++) {
    const char *name = fastla_status_argument(arg_names[i].status);
    assert_non_null(name);
    assert_string_equal(name, arg_names[i].name);
  }
}

/* A status sentence for a bad argument should tell which argument. */
static void strerror_mentions_the_argument(void **state) {
  (void)state;
  for (size_t i = 0; i < COUNT(arg_names); i++)
    assert_non_null(
        strstr(fastla_strerror(arg_names[i].status), arg_names[i].name));
}

static void status_argument_null_for_other_statuses(void **state) {
  (void)state;
  static const int others[] = {FASTLA_OK,
                               FASTLA_ERR_INVALID_VALUE,
                               FASTLA_ERR_UNAVAILABLE,
                               FASTLA_ERR_NO_MEMORY,
                               -1,
                               999};
  for (size_t i = 0; i < COUNT(others); i++)
    assert_null(fastla_status_argument((fastla_status)others[i]));
}

static void version_matches_header(void **state) {
  (void)state;
  char expect[32];
  snprintf(expect, sizeof expect, "%d.%d.%d", FASTLA_VERSION_MAJOR,
           FASTLA_VERSION_MINOR, FASTLA_VERSION_PATCH);
  assert_string_equal(FASTLA_VERSION_STRING, expect);
  assert_string_equal(fastla_version(), FASTLA_VERSION_STRING);
  assert_int_equal(FASTLA_VERSION, FASTLA_VERSION_MAJOR * 10000 +
                                       FASTLA_VERSION_MINOR * 100 +
                                       FASTLA_VERSION_PATCH);
  assert_int_equal(fastla_version_number(), FASTLA_VERSION);
}

/* One line naming the version, the backend and the ISA in use. */
static void config_string_is_one_line_summary(void **state) {
  (void)state;
  static const fastla_backend bs[] = {FASTLA_BACKEND_REFERENCE,
                                      FASTLA_BACKEND_SIMD};
  for (size_t i = 0; i < COUNT(bs); i++) {
    if (fastla_set_backend(bs[i]) != FASTLA_OK)
      continue;
    const char *s = fastla_config_string();
    assert_non_null(s);
    assert_true(strlen(s) > 0);
    const char *nl = strchr(s, '\n');
    assert_true(nl == NULL || nl[1] == '\0');
    assert_non_null(strstr(s, fastla_version()));
    assert_non_null(strstr(s, fastla_backend_name(fastla_get_backend())));
    assert_non_null(strstr(s, fastla_isa_name(fastla_get_isa())));
  }
}

/* ------------------------------------------------------------------------ */
/* Environment variables, through a child process                           */
/* ------------------------------------------------------------------------ */

typedef struct child_result {
  char out[512]; /* "backend=<name> isa=<name> threads=<n>\n" */
  char err[2048];
} child_result;

static int is_config_var(const char *entry) {
  static const char *const names[] = {
      "FASTLA_BACKEND=",  "FASTLA_ISA=",     "FASTLA_NUM_THREADS=",
      "OMP_NUM_THREADS=", "FASTLA_VERBOSE=", "FASTLA_TEST_CONFIG="};
  for (size_t i = 0; i < COUNT(names); i++)
    if (strncmp(entry, names[i], strlen(names[i])) == 0)
      return 1;
  return 0;
}

/* The current environment without any variable that steers the library,
 * plus the NULL-terminated assignments in extra. */
static char **child_env(const char *const *extra) {
  size_t n = 0, e = 0;
  while (environ[n])
    n++;
  while (extra[e])
    e++;
  char **env = calloc(n + e + 1, sizeof *env);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!is_config_var(environ[i]))
      env[k++] = environ[i];
  for (size_t i = 0; i < e; i++)
    env[k++] = (char *)extra[i];
  return env;
}

static void read_all(FILE *f, char *buf, size_t size) {
  rewind(f);
  size_t len = fread(buf, 1, size - 1, f);
  buf[len] = '\0';
  fclose(f);
}

/* Runs this binary with "--report" in the given environment. */
static child_result run_child(const char *const *extra) {
  child_result r = {{0}, {0}};
  FILE *out = tmpfile(), *err = tmpfile();
  assert_non_null(out);
  assert_non_null(err);
  char **env = child_env(extra);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fileno(out), STDOUT_FILENO);
    dup2(fileno(err), STDERR_FILENO);
    char *argv[] = {"test_config", "--report", NULL};
    execve("/proc/self/exe", argv, env);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  free(env);
  read_all(out, r.out, sizeof r.out);
  read_all(err, r.err, sizeof r.err);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail_msg("child failed (status %d): %s", status, r.err);
  return r;
}

static void report_for_child(void) {
  printf("backend=%s isa=%s threads=%d\n",
         fastla_backend_name(fastla_get_backend()),
         fastla_isa_name(fastla_get_isa()), fastla_get_num_threads());
}

static int count_lines(const char *s) {
  int lines = 0;
  for (; *s; s++)
    lines += *s == '\n';
  return lines;
}

/* An invalid value gives exactly one line on stderr naming the variable. */
static void assert_one_line_warning(const child_result *r, const char *var) {
  if (count_lines(r->err) != 1 || r->err[strlen(r->err) - 1] != '\n' ||
      !strstr(r->err, var))
    fail_msg("want one warning line naming %s, got stderr \"%s\"", var, r->err);
}

static child_result baseline(void) {
  const char *none[] = {NULL};
  return run_child(none);
}

static void env_unset_gives_auto_choice_silently(void **state) {
  (void)state;
  child_result r = baseline();
  assert_string_equal(r.err, "");
  assert_null(strstr(r.out, "backend=auto"));
  assert_non_null(strstr(r.out, "backend="));
}

static void env_backend_reference(void **state) {
  (void)state;
  const char *env[] = {"FASTLA_BACKEND=reference", NULL};
  child_result r = run_child(env);
  assert_string_equal(r.err, "");
  assert_non_null(strstr(r.out, "backend=reference isa=scalar "));
}

static void env_backend_auto_equals_unset(void **state) {
  (void)state;
  const char *env[] = {"FASTLA_BACKEND=auto", NULL};
  child_result r = run_child(env), base = baseline();
  assert_string_equal(r.err, "");
  assert_string_equal(r.out, base.out);
}

static void env_backend_simd_when_available(void **state) {
  (void)state;
  if (fastla_set_backend(FASTLA_BACKEND_SIMD) != FASTLA_OK)
    skip(); /* no SIMD backend in this build/CPU */
  const char *env[] = {"FASTLA_BACKEND=simd", "FASTLA_ISA=scalar", NULL};
  child_result r = run_child(env);
  assert_string_equal(r.err, "");
  assert_non_null(strstr(r.out, "backend=simd isa=scalar "));
}

/* A bad value warns and keeps the choice made without it. */
static void env_backend_invalid_warns_and_keeps_default(void **state) {
  (void)state;
  const char *env[] = {"FASTLA_BACKEND=turbo", NULL};
  child_result r = run_child(env), base = baseline();
  assert_one_line_warning(&r, "FASTLA_BACKEND");
  assert_string_equal(r.out, base.out);
}

static void env_isa_invalid_warns_and_keeps_default(void **state) {
  (void)state;
  const char *env[] = {"FASTLA_ISA=avx9000", NULL};
  child_result r = run_child(env), base = baseline();
  assert_one_line_warning(&r, "FASTLA_ISA");
  assert_string_equal(r.out, base.out);
}

static void env_num_threads(void **state) {
  (void)state;
  const char *fastla_only[] = {"FASTLA_NUM_THREADS=3", NULL};
  const char *omp_only[] = {"OMP_NUM_THREADS=5", NULL};
  const char *both[] = {"FASTLA_NUM_THREADS=3", "OMP_NUM_THREADS=5", NULL};
  const char *omp_list[] = {"OMP_NUM_THREADS=6,2,1", NULL}; /* nesting levels */
  assert_non_null(strstr(run_child(fastla_only).out, " threads=3\n"));
  assert_non_null(strstr(run_child(omp_only).out, " threads=5\n"));
  child_result r = run_child(omp_list);
  assert_string_equal(r.err, "");
  assert_non_null(strstr(r.out, " threads=6\n"));
  assert_non_null(strstr(run_child(both).out, " threads=3\n"));
}

static void env_num_threads_invalid_warns_and_keeps_default(void **state) {
  (void)state;
  static const char *const bad[] = {
      "FASTLA_NUM_THREADS=lots", "FASTLA_NUM_THREADS=-2",
      "FASTLA_NUM_THREADS=4x", "FASTLA_NUM_THREADS=4,2"};
  child_result base = baseline();
  for (size_t i = 0; i < COUNT(bad); i++) {
    const char *env[] = {bad[i], NULL};
    child_result r = run_child(env);
    assert_one_line_warning(&r, "FASTLA_NUM_THREADS");
    assert_string_equal(r.out, base.out);
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--report") == 0) {
    /* child mode: report the environment-driven choice, select nothing */
    report_for_child();
    return 0;
  }
  fastla_test_select_config();
  saved_backend = fastla_get_backend();
  saved_isa = fastla_get_isa();
  default_threads = fastla_get_num_threads();
#define T(f) cmocka_unit_test_teardown(f, restore_config)
  const struct CMUnitTest tests[] = {
      T(backend_reference_always_selectable),
      T(backend_auto_resolves_to_a_concrete_backend),
      T(backend_simd_and_openmp_ok_or_unavailable),
      T(backend_invalid_value_rejected_and_unchanged),
      T(isa_max_is_a_concrete_isa),
      T(isa_cap_up_to_max_is_accepted),
      T(isa_above_max_is_unavailable_and_unchanged),
      T(isa_invalid_value_rejected_and_unchanged),
      T(threads_set_get_and_reset),
      T(threads_negative_rejected_and_unchanged),
      T(backend_and_isa_names),
      T(strerror_gives_distinct_sentences),
      T(status_argument_names_each_argument),
      T(strerror_mentions_the_argument),
      T(status_argument_null_for_other_statuses),
      T(version_matches_header),
      T(config_string_is_one_line_summary),
      T(env_unset_gives_auto_choice_silently),
      T(env_backend_reference),
      T(env_backend_auto_equals_unset),
      T(env_backend_simd_when_available),
      T(env_backend_invalid_warns_and_keeps_default),
      T(env_isa_invalid_warns_and_keeps_default),
      T(env_num_threads),
      T(env_num_threads_invalid_warns_and_keeps_default),
  };
#undef T
  return cmocka_run_group_tests(tests, NULL, NULL);
}
