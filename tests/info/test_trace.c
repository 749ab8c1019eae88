/* test_trace.c - call tracing: FASTLA_VERBOSE and fastla_set_verbose.
 * stderr is redirected to a temporary file around the calls, and the lines
 * written there are checked: one per call, the routine and its arguments,
 * the backend, ISA and kernel that served it (as the kernel queries name
 * them), threads, time, GFLOP/s and status; JSON mode alike. The
 * environment variable is read once per process, so those tests run this
 * binary again as a child with FASTLA_VERBOSE set. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

/* ---- capturing stderr ---------------------------------------------------- */

typedef struct capture {
  FILE *file;
  int saved_fd;
} capture;

static capture capture_begin(void) {
  capture c;
  fflush(stderr);
  c.file = tmpfile();
  assert_non_null(c.file);
  c.saved_fd = dup(2);
  assert_true(c.saved_fd >= 0);
  assert_true(dup2(fileno(c.file), 2) == 2);
  return c;
}

/* Restores stderr and returns what was written (free() it). */
static char *capture_end(capture *c) {
  fflush(stderr);
  assert_true(dup2(c->saved_fd, 2) == 2);
  close(c->saved_fd);
  long size = ftell(c->file);
  assert_true(size >= 0);
  char *text = calloc((size_t)size + 1, 1);
  assert_non_null(text);
  rewind(c->file);
  assert_int_equal(fread(text, 1, (size_t)size, c->file), (size_t)size);
  fclose(c->file);
  return text;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

/* The value of key=value (text) or "key":value (JSON) in a line, copied
 * into out without quotes; NULL if absent. */
static const char *field(const char *line, const char *key, int json, char *out,
                         size_t size) {
  char pat[64];
  snprintf(pat, sizeof pat, json ? "\"%s\":" : " %s=", key);
  const char *p = strstr(line, pat);
  if (!p && !json) { /* the first argument follows the parenthesis */
    snprintf(pat, sizeof pat, "(%s=", key);
    p = strstr(line, pat);
  }
  if (!p)
    return NULL;
  p += strlen(pat);
  if (*p == '"')
    p++;
  size_t n = strcspn(p, json ? "\",}" : " )\n");
  snprintf(out, size, "%.*s", (int)n, p);
  return out;
}

static void expect_field(const char *line, const char *key, int json,
                         const char *want) {
  char got[128];
  if (!field(line, key, json, got, sizeof got))
    fail_msg("no %s in: %s", key, line);
  if (strcmp(got, want) != 0)
    fail_msg("%s is '%s', want '%s' in: %s", key, got, want, line);
}

/* Checks the fields every line has: who served the call and how fast. */
static void expect_service(const char *line, int json, const char *slot,
                           const char *status) {
  expect_field(line, "backend", json,
               fastla_backend_name(fastla_get_backend()));
  expect_field(line, "isa", json, fastla_isa_name(fastla_get_isa()));
  expect_field(line, "kernel", json, slot ? fastla_kernel_name(slot) : "none");
  expect_field(line, "status", json, status);
  char v[64];
  assert_non_null(field(line, "threads", json, v, sizeof v));
  int threads = atoi(v);
  assert_true(threads >= 1 && threads <= fastla_get_num_threads());
  assert_non_null(field(line, "time_us", json, v, sizeof v));
  assert_true(atof(v) >= 0);
  assert_non_null(field(line, "gflops", json, v, sizeof v));
  assert_true(atof(v) >= 0);
}

/* ---- tests -------------------------------------------------------------- */

static int tracing_off(void **state) {
  (void)state;
  return fastla_set_verbose(FASTLA_VERBOSE_OFF) == FASTLA_OK ? 0 : -1;
}

static void set_verbose_rejects_bad_values(void **state) {
  (void)state;
  assert_int_equal(fastla_set_verbose((fastla_verbose)3),
                   FASTLA_ERR_INVALID_VALUE);
  assert_int_equal(fastla_set_verbose((fastla_verbose)-1),
                   FASTLA_ERR_INVALID_VALUE);
  assert_int_equal(fastla_get_verbose(), FASTLA_VERBOSE_OFF);
  assert_int_equal(fastla_set_verbose(FASTLA_VERBOSE_JSON), FASTLA_OK);
  assert_int_equal(fastla_get_verbose(), FASTLA_VERBOSE_JSON);
}

static void off_writes_nothing(void **state) {
  (void)state;
  double x[4] = {1, 2, 3, 4}, y[4] = {0};
  capture c = capture_begin();
  fastla_daxpy(4, 2.0, x, 1, y, 1);
  (void)fastla_ddot(4, x, 1, y, 1);
  char *text = capture_end(&c);
  assert_string_equal(text, "");
  free(text);
  assert_true(y[3] == 8); /* the call itself ran */
}

/* One line per call of every routine, in text and JSON. */
static void one_line_per_call(void **state) {
  (void)state;
  enum { N = 40 };
  double a[N * N], b[N * N], c[N * N], x[N], y[N];
  float fa[N * N], fx[N], fy[N];
  for (int i = 0; i < N * N; i++)
    a[i] = b[i] = fa[i] = 0.5f;
  for (int i = 0; i < N; i++)
    x[i] = y[i] = fx[i] = fy[i] = 1;
  for (int json = 0; json <= 1; json++) {
    fastla_set_verbose(json ? FASTLA_VERBOSE_JSON : FASTLA_VERBOSE_TEXT);
    capture cap = capture_begin();
    fastla_saxpy(N, 2.0f, fx, 1, fy, -1);
    (void)fastla_ddot(N, x, 1, y, 1);
    (void)fastla_snrm2(N, fx, 1);
    fastla_dgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, 7, N, 1.0, a, N, x, 1, 0.0,
                 y, 1);
    fastla_dgemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_TRANS, N, N - 1, 5,
                 1.5, a, N, b, N, 0.0, c, N);
    fastla_sgemm(FASTLA_COL_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, 3, 3, 3, 1.0,
                 fa, 3, fa, 3, 0.0, (float *)c, 2); /* ldc < m: rejected */
    fastla_set_verbose(FASTLA_VERBOSE_OFF);
    char *text = capture_end(&cap);
    assert_int_equal(count_lines(text), 6);
    char *save = NULL;
    const char *line = strtok_r(text, "\n", &save);
    const char *lines[6];
    for (int i = 0; i < 6; i++, line = strtok_r(NULL, "\n", &save))
      lines[i] = line;
    if (json) {
      for (int i = 0; i < 6; i++)
        assert_true(lines[i][0] == '{' &&
                    lines[i][strlen(lines[i]) - 1] == '}');
      expect_field(lines[0], "routine", 1, "saxpy");
    } else {
      assert_non_null(strstr(lines[0], "libfastla: saxpy(n=40 alpha=2 "));
      assert_non_null(strstr(lines[4], "libfastla: dgemm(layout=col "));
    }
    expect_field(lines[0], "incy", json, "-1");
    expect_service(lines[0], json, "saxpy", "ok");
    expect_field(lines[1], "n", json, "40");
    expect_service(lines[1], json, "ddot", "ok");
    expect_service(lines[2], json, "snrm2", "ok");
    /* Row-major A x runs the column-major kernel on A^T. */
    expect_field(lines[3], "layout", json, "row");
    expect_field(lines[3], "trans", json, "N");
    expect_field(lines[3], "m", json, "7");
    expect_service(lines[3], json, "dgemv_t", "ok");
    expect_field(lines[4], "transb", json, "T");
    expect_field(lines[4], "k", json, "5");
    expect_field(lines[4], "alpha", json, "1.5");
    expect_field(lines[4], "beta", json, "0");
    /* 40 x 39 x 5 is small: the direct kernel where the table has one,
     * else the microkernel, else (reference) the whole gemm. */
    const char *slot =
        strcmp(fastla_kernel_name("dgemm_direct"), "none") ? "dgemm_direct"
        : strcmp(fastla_kernel_name("dgemm_ukr"), "none")  ? "dgemm_ukr"
                                                           : "dgemm";
    expect_service(lines[4], json, slot, "ok");
    expect_service(lines[5], json, NULL, "bad-ldc");
    free(text);
  }
}

/* Quick returns and beta-only scalings run no kernel: kernel=none. */
static void no_kernel_is_none(void **state) {
  (void)state;
  double x[4] = {1, 2, 3, 4}, c[4] = {1, 1, 1, 1};
  fastla_set_verbose(FASTLA_VERBOSE_TEXT);
  capture cap = capture_begin();
  fastla_daxpy(4, 0.0, x, 1, c, 1);
  (void)fastla_dnrm2(0, x, 1);
  fastla_dgemm(FASTLA_COL_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, 2, 2, 2, 0.0,
               x, 2, x, 2, 0.5, c, 2);
  fastla_set_verbose(FASTLA_VERBOSE_OFF);
  char *text = capture_end(&cap);
  assert_int_equal(count_lines(text), 3);
  for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
    assert_non_null(strstr(l, " kernel=none "));
    assert_non_null(strstr(l, " gflops=0.000 "));
  }
  free(text);
  assert_true(c[0] == 0.5);
}

/* JSON has no NaN or infinity: such scalars become strings. */
static void json_quotes_non_finite_scalars(void **state) {
  (void)state;
  double x[2] = {1, 2}, y[2] = {0, 0};
  fastla_set_verbose(FASTLA_VERBOSE_JSON);
  capture cap = capture_begin();
  fastla_daxpy(2, 1.0 / 0.0, x, 1, y, 1);
  fastla_set_verbose(FASTLA_VERBOSE_OFF);
  char *text = capture_end(&cap);
  assert_non_null(strstr(text, "\"alpha\":\"inf\""));
  free(text);
}

/* A large call on the openmp backend reports the team it ran on. */
static void openmp_reports_its_threads(void **state) {
  (void)state;
  if (fastla_get_backend() != FASTLA_BACKEND_OPENMP ||
      fastla_get_num_threads() < 2) {
    skip();
    return;
  }
  size_t n = 1 << 20;
  double *x = calloc(n, sizeof *x);
  assert_non_null(x);
  fastla_set_verbose(FASTLA_VERBOSE_TEXT);
  capture cap = capture_begin();
  (void)fastla_ddot((fastla_int)n, x, 1, x, 1);
  (void)fastla_ddot(100, x, 1, x, 1);
  fastla_set_verbose(FASTLA_VERBOSE_OFF);
  char *text = capture_end(&cap);
  char *second = strchr(text, '\n') + 1;
  char v[16];
  assert_non_null(field(text, "threads", 0, v, sizeof v));
  assert_true(atoi(v) >= 2);
  assert_non_null(field(second, "threads", 0, v, sizeof v));
  assert_int_equal(atoi(v), 1); /* below the threshold */
  free(text);
  free(x);
}

/* ---- the environment variable (child processes) -------------------------- */

static const char *self;

/* Runs this binary with --child and FASTLA_VERBOSE=value; returns what
 * it wrote on stderr. */
static char *run_child(const char *value) {
  char path[] = "/tmp/fastla-trace-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fd, 2);
    setenv("FASTLA_VERBOSE", value, 1);
    execl(self, self, "--child", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  FILE *f = fdopen(fd, "r");
  assert_non_null(f);
  rewind(f);
  static char buf[4096];
  size_t got = fread(buf, 1, sizeof buf - 1, f);
  buf[got] = '\0';
  fclose(f);
  unlink(path);
  return buf;
}

static int child(void) {
  double x[3] = {1, 2, 3};
  return fastla_ddot(3, x, 1, x, 1) == 14 ? 0 : 1;
}

static void env_text_json_and_off(void **state) {
  (void)state;
  char *out = run_child("1");
  assert_int_equal(count_lines(out), 2); /* configuration, then the call */
  assert_non_null(strstr(out, "libfastla: libfastla "));
  assert_non_null(strstr(out, "\nlibfastla: ddot(n=3 incx=1 incy=1) "));
  out = run_child("json");
  assert_int_equal(count_lines(out), 2);
  assert_true(strncmp(out, "{\"config\":\"libfastla ", 21) == 0);
  assert_non_null(strstr(out, "\n{\"routine\":\"ddot\",\"n\":3,"));
  out = run_child("0");
  assert_string_equal(out, "");
  out = run_child("");
  assert_string_equal(out, "");
}

int main(int argc, char **argv) {
  self = argv[0];
  if (argc > 1 && strcmp(argv[1], "--child") == 0)
    return child();
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(set_verbose_rejects_bad_values, tracing_off),
      cmocka_unit_test_teardown(off_writes_nothing, tracing_off),
      cmocka_unit_test_teardown(one_line_per_call, tracing_off),
      cmocka_unit_test_teardown(no_kernel_is_none, tracing_off),
      cmocka_unit_test_teardown(json_quotes_non_finite_scalars, tracing_off),
      cmocka_unit_test_teardown(openmp_reports_its_threads, tracing_off),
      cmocka_unit_test(env_text_json_and_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
