/* test_dispatch.c - which kernel serves each slot: names for every slot, the
 * names agree with the configuration this run selected (a simd-<isa> run
 * really uses <isa> kernels or the reference stand-in, never another ISA's),
 * ISA caps change the names and requests above the CPU's best are refused,
 * and the choice made with no environment (checked in a child process,
 * since the environment is read once) is the best the CPU can run. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sched.h>
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

static const char *config = "reference";
static fastla_backend saved_backend;
static fastla_isa saved_isa;

static int restore_config(void **state) {
  (void)state;
  fastla_set_backend(saved_backend);
  fastla_set_isa(saved_backend == FASTLA_BACKEND_REFERENCE ? FASTLA_ISA_AUTO
                                                           : saved_isa);
  return 0;
}

/* The slots issue #4 and the reference backend provide; the library may
 * list more, never fewer. */
static const char *const required_slots[] = {
    "saxpy",   "daxpy",   "sdot",    "ddot",    "snrm2", "dnrm2",
    "sgemv_n", "sgemv_t", "dgemv_n", "dgemv_t", "sgemm", "dgemm"};

static int slot_count(void) {
  int n = 0;
  while (fastla_kernel_slot(n))
    n++;
  return n;
}

/* 1 if name is exactly "fastla_<slot>_<suffix>": the right routine for the
 * slot, from the given ISA. */
static int name_is(const char *name, const char *slot, const char *suffix) {
  char want[96];
  snprintf(want, sizeof want, "fastla_%s_%s", slot, suffix);
  return strcmp(name, want) == 0;
}

static int optional_slot(const char *slot) {
  static const char *const suffixes[] = {"_ukr", "_ukr_edge", "_direct",
                                         "_pack_t"};
  size_t len = strlen(slot);
  for (size_t i = 0; i < COUNT(suffixes); i++) {
    size_t sl = strlen(suffixes[i]);
    if (len > sl && strcmp(slot + len - sl, suffixes[i]) == 0)
      return 1;
  }
  return 0;
}

/* Every slot is served by its own routine from isa or the reference. Prints
 * the offending slot. Returns the number of slots with an ISA kernel. */
static int assert_names_for(const char *isa) {
  int own = 0;
  for (int i = 0; fastla_kernel_slot(i); i++) {
    const char *slot = fastla_kernel_slot(i);
    const char *name = fastla_kernel_name(slot);
    if (!name)
      fail_msg("[%s] slot %s has no kernel name", config, slot);
    /* Only the optional gemm slots may be empty: the reference backend
     * (and an ISA without a microkernel) runs the whole-gemm kernel. */
    if (strcmp(name, "none") == 0 && optional_slot(slot))
      continue;
    int mine = strcmp(isa, "ref") != 0 && name_is(name, slot, isa);
    if (!mine && !name_is(name, slot, "ref"))
      fail_msg("[%s] slot %s is served by %s, want fastla_%s_%s or _ref",
               config, slot, name, slot, isa);
    own += mine;
  }
  return own;
}

/* ------------------------------------------------------------------------ */
/* Slots and names                                                          */
/* ------------------------------------------------------------------------ */

static void every_required_slot_is_listed_once(void **state) {
  (void)state;
  int n = slot_count();
  assert_true(n >= (int)COUNT(required_slots));
  for (size_t r = 0; r < COUNT(required_slots); r++) {
    int seen = 0;
    for (int i = 0; i < n; i++)
      seen += strcmp(fastla_kernel_slot(i), required_slots[r]) == 0;
    if (seen != 1)
      fail_msg("slot %s listed %d times", required_slots[r], seen);
  }
  assert_null(fastla_kernel_slot(-1));
  assert_null(fastla_kernel_slot(n));
  assert_null(fastla_kernel_slot(1000));
}

static void unknown_slot_has_no_name(void **state) {
  (void)state;
  static const char *const bad[] = {
      "", "SDOT", "sdot ", "dot", "sgemv", "fastla_sdot_ref", "dgemv_nt"};
  assert_null(fastla_kernel_name(NULL));
  for (size_t i = 0; i < COUNT(bad); i++)
    if (fastla_kernel_name(bad[i]))
      fail_msg("slot \"%s\" is named %s", bad[i], fastla_kernel_name(bad[i]));
}

/* The configuration this run selected is the one in use, and its kernels are
 * its own ISA's or the reference's. */
static void names_match_selected_config(void **state) {
  (void)state;
  if (strcmp(config, "reference") == 0) {
    assert_int_equal(fastla_get_backend(), FASTLA_BACKEND_REFERENCE);
    assert_int_equal(fastla_get_isa(), FASTLA_ISA_SCALAR);
    assert_int_equal(assert_names_for("ref"), 0);
    return;
  }
  /* simd-<isa> or openmp-<isa>: the openmp backend runs the same kernels */
  int openmp = strncmp(config, "openmp-", 7) == 0;
  const char *isa = strchr(config, '-') + 1;
  assert_int_equal(fastla_get_backend(),
                   openmp ? FASTLA_BACKEND_OPENMP : FASTLA_BACKEND_SIMD);
  assert_string_equal(fastla_isa_name(fastla_get_isa()), isa);
  int own = assert_names_for(isa);
  print_message("[%s] %d of %d slots have %s kernels\n", config, own,
                slot_count(), isa);
}

/* The reference backend uses reference kernels whatever ISA cap is set. */
static void reference_backend_names_are_ref_under_any_cap(void **state) {
  (void)state;
  assert_int_equal(fastla_set_backend(FASTLA_BACKEND_REFERENCE), FASTLA_OK);
  for (int isa = FASTLA_ISA_AUTO; isa <= (int)fastla_get_max_isa(); isa++) {
    assert_int_equal(fastla_set_isa((fastla_isa)isa), FASTLA_OK);
    assert_int_equal(fastla_get_isa(), FASTLA_ISA_SCALAR);
    assert_names_for("ref");
  }
}

/* Each cap from sse2 to the best: the ISA in use is the cap itself, and the
 * names follow it (a cap of sse2 on an AVX-512 machine runs sse2 code). */
static void isa_cap_selects_that_isas_kernels(void **state) {
  (void)state;
  if (fastla_set_backend(FASTLA_BACKEND_SIMD) != FASTLA_OK)
    skip(); /* no SIMD here */
  for (int isa = FASTLA_ISA_SSE2; isa <= (int)fastla_get_max_isa(); isa++) {
    assert_int_equal(fastla_set_isa((fastla_isa)isa), FASTLA_OK);
    assert_int_equal(fastla_get_isa(), (fastla_isa)isa);
    assert_names_for(fastla_isa_name((fastla_isa)isa));
  }
  assert_int_equal(fastla_set_isa(FASTLA_ISA_SCALAR), FASTLA_OK);
  assert_int_equal(fastla_get_isa(), FASTLA_ISA_SCALAR);
  assert_names_for("ref");
  assert_int_equal(fastla_set_isa(FASTLA_ISA_AUTO), FASTLA_OK);
  assert_int_equal(fastla_get_isa(), fastla_get_max_isa());
}

/* Asking for more than the CPU runs is refused and changes nothing: neither
 * the ISA nor a single kernel name. Needs a CPU below AVX-512. */
static void isa_above_max_refused_and_names_unchanged(void **state) {
  (void)state;
  fastla_isa max = fastla_get_max_isa();
  if (max >= FASTLA_ISA_AVX512)
    skip(); /* nothing above this CPU's best */
  fastla_set_backend(FASTLA_BACKEND_SIMD);
  fastla_isa before = fastla_get_isa();
  const char *names[64] = {0};
  for (int i = 0; i < slot_count() && i < 64; i++)
    names[i] = fastla_kernel_name(fastla_kernel_slot(i));
  for (int isa = (int)max + 1; isa <= FASTLA_ISA_AVX512; isa++) {
    assert_int_equal(fastla_set_isa((fastla_isa)isa), FASTLA_ERR_UNAVAILABLE);
    assert_int_equal(fastla_get_isa(), before);
    for (int i = 0; i < slot_count() && i < 64; i++)
      assert_string_equal(fastla_kernel_name(fastla_kernel_slot(i)), names[i]);
  }
}

/* ------------------------------------------------------------------------ */
/* The choice made from the environment, in a child process                 */
/* ------------------------------------------------------------------------ */

typedef struct child_result {
  char out[2048];
  char err[1024];
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

static void read_all(FILE *f, char *buf, size_t size) {
  rewind(f);
  size_t len = fread(buf, 1, size - 1, f);
  buf[len] = '\0';
  fclose(f);
}

/* Runs this binary with "--report" in the environment minus every variable
 * that steers the library, plus `extra` (may be NULL). */
static child_result run_child(const char *extra) {
  child_result r = {{0}, {0}};
  size_t n = 0, k = 0;
  while (environ[n])
    n++;
  char **env = calloc(n + 2, sizeof *env);
  assert_non_null(env);
  for (size_t i = 0; i < n; i++)
    if (!is_config_var(environ[i]))
      env[k++] = environ[i];
  if (extra)
    env[k++] = (char *)extra;
  FILE *out = tmpfile(), *err = tmpfile();
  assert_non_null(out);
  assert_non_null(err);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fileno(out), STDOUT_FILENO);
    dup2(fileno(err), STDERR_FILENO);
    char *argv[] = {"test_dispatch", "--report", NULL};
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

/* Child mode: what the library chose by itself, and every slot's kernel. */
static void report_for_child(void) {
  printf(
      "backend=%s isa=%s max=%s\n", fastla_backend_name(fastla_get_backend()),
      fastla_isa_name(fastla_get_isa()), fastla_isa_name(fastla_get_max_isa()));
  for (int i = 0; fastla_kernel_slot(i); i++)
    printf("%s=%s\n", fastla_kernel_slot(i),
           fastla_kernel_name(fastla_kernel_slot(i)));
}

/* The cores this process may run on. */
static int available_cores(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    return CPU_COUNT(&set);
  return 1;
}

/* The backend the library should choose by itself: openmp when it is built
 * and more than one core is available, else simd where the CPU runs it. */
static const char *expected_best_backend(void) {
  fastla_backend was = fastla_get_backend();
  int openmp = fastla_set_backend(FASTLA_BACKEND_OPENMP) == FASTLA_OK;
  fastla_set_backend(was);
  if (openmp && available_cores() > 1)
    return "openmp";
  return fastla_get_max_isa() >= FASTLA_ISA_SSE2 ? "simd" : "reference";
}

/* The report the best configuration of this CPU should give. */
static void expected_best_report(char *buf, size_t size) {
  fastla_isa max = fastla_get_max_isa();
  int simd = max >= FASTLA_ISA_SSE2;
  snprintf(buf, size, "backend=%s isa=%s max=%s\n", expected_best_backend(),
           fastla_isa_name(simd ? max : FASTLA_ISA_SCALAR),
           fastla_isa_name(max));
}

static void default_choice_is_best_backend_at_max_isa(void **state) {
  (void)state;
  char want[128];
  expected_best_report(want, sizeof want);
  child_result r = run_child(NULL);
  assert_string_equal(r.err, "");
  if (strncmp(r.out, want, strlen(want)) != 0)
    fail_msg("default choice: got \"%.*s\", want \"%s\"",
             (int)strcspn(r.out, "\n"), r.out, want);
}

/* The kernels of the default choice are the ones a cap at max gives here. */
static void default_choice_names_match_max_isa(void **state) {
  (void)state;
  if (fastla_set_backend(FASTLA_BACKEND_SIMD) != FASTLA_OK)
    skip();
  assert_int_equal(fastla_set_isa(fastla_get_max_isa()), FASTLA_OK);
  child_result r = run_child(NULL);
  for (int i = 0; fastla_kernel_slot(i); i++) {
    char line[128];
    snprintf(line, sizeof line, "\n%s=%s\n", fastla_kernel_slot(i),
             fastla_kernel_name(fastla_kernel_slot(i)));
    if (!strstr(r.out, line))
      fail_msg("default child lacks \"%s\" in:\n%s", line + 1, r.out);
  }
}

static int count_lines(const char *s) {
  int lines = 0;
  for (; *s; s++)
    lines += *s == '\n';
  return lines;
}

/* A bogus FASTLA_ISA: exactly one warning line naming the variable, and the
 * best choice kept. */
static void env_isa_bogus_warns_once_and_keeps_best(void **state) {
  (void)state;
  static const char *const bogus[] = {"FASTLA_ISA=avx1024", "FASTLA_ISA=sse3",
                                      "FASTLA_ISA=2"};
  char want[128];
  expected_best_report(want, sizeof want);
  for (size_t i = 0; i < COUNT(bogus); i++) {
    child_result r = run_child(bogus[i]);
    if (count_lines(r.err) != 1 || !strstr(r.err, "FASTLA_ISA"))
      fail_msg("%s: want one warning line, got \"%s\"", bogus[i], r.err);
    if (strncmp(r.out, want, strlen(want)) != 0)
      fail_msg("%s: got \"%.*s\", want \"%s\"", bogus[i],
               (int)strcspn(r.out, "\n"), r.out, want);
  }
}

/* FASTLA_ISA=sse2 caps the default choice at sse2, silently. */
static void env_isa_sse2_caps_choice(void **state) {
  (void)state;
  if (fastla_get_max_isa() < FASTLA_ISA_SSE2)
    skip();
  child_result r = run_child("FASTLA_ISA=sse2");
  assert_string_equal(r.err, "");
  char want[64];
  snprintf(want, sizeof want, "backend=%s isa=sse2 max=%s\n",
           expected_best_backend(), fastla_isa_name(fastla_get_max_isa()));
  assert_true(strncmp(r.out, want, strlen(want)) == 0);
  assert_null(strstr(r.out, "_avx2\n"));
  assert_null(strstr(r.out, "_avx512\n"));
}

/* FASTLA_ISA above the CPU's best: one warning, best choice kept. */
static void env_isa_above_max_warns_and_keeps_best(void **state) {
  (void)state;
  if (fastla_get_max_isa() >= FASTLA_ISA_AVX512)
    skip(); /* nothing above this CPU's best */
  char want[128];
  expected_best_report(want, sizeof want);
  child_result r = run_child("FASTLA_ISA=avx512");
  assert_int_equal(count_lines(r.err), 1);
  assert_non_null(strstr(r.err, "FASTLA_ISA"));
  assert_true(strncmp(r.out, want, strlen(want)) == 0);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--report") == 0) {
    report_for_child(); /* select nothing: report the library's own choice */
    return 0;
  }
  config = fastla_test_select_config();
  saved_backend = fastla_get_backend();
  saved_isa = fastla_get_isa();
#define T(f) cmocka_unit_test_teardown(f, restore_config)
  const struct CMUnitTest tests[] = {
      T(every_required_slot_is_listed_once),
      T(unknown_slot_has_no_name),
      T(names_match_selected_config),
      T(reference_backend_names_are_ref_under_any_cap),
      T(isa_cap_selects_that_isas_kernels),
      T(isa_above_max_refused_and_names_unchanged),
      T(default_choice_is_best_backend_at_max_isa),
      T(default_choice_names_match_max_isa),
      T(env_isa_bogus_warns_once_and_keeps_best),
      T(env_isa_sse2_caps_choice),
      T(env_isa_above_max_warns_and_keeps_best),
  };
#undef T
  return cmocka_run_group_tests(tests, NULL, NULL);
}
