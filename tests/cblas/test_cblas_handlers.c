/* test_cblas_handlers.c - the library's default cblas_xerbla and xerbla_
 * print one line to stderr and return: a child process makes one bad call
 * and must then exit 0 by itself, having printed exactly one line that
 * names the routine and the argument's position. (This program defines no
 * handler of its own, so the shim's defaults are the ones called.) */
#define _POSIX_C_SOURCE 200809L /* fork, pipe, dup2 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "f77_blas.h"
#include "fastla/cblas.h"
#include "testutil.h"

/* Runs bad_call in a child with stderr on a pipe; returns what it printed
 * after checking that the child exited normally with status 0. */
static char *stderr_of_child(void (*bad_call)(void)) {
  static char text[512];
  int fds[2], status;
  ssize_t got, len = 0;
  pid_t pid;

  assert_int_equal(pipe(fds), 0);
  fflush(stdout);
  pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    bad_call();
    exit(0); /* reached only if the handler returned */
  }
  close(fds[1]);
  while ((got = read(fds[0], text + len, sizeof text - 1 - (size_t)len)) > 0)
    len += got;
  close(fds[0]);
  text[len] = '\0';
  assert_int_equal(waitpid(pid, &status, 0), pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail_msg("the child did not exit 0 (status %#x); stderr: %s", status, text);
  return text;
}

/* Checks one line (ending in '\n') that contains every given word. */
static void expect_one_line(const char *text, const char *w1, const char *w2) {
  const char *nl = strchr(text, '\n');
  if (nl == NULL || nl[1] != '\0' || !strstr(text, w1) || !strstr(text, w2))
    fail_msg("expected one line with '%s' and '%s', got: '%s'", w1, w2, text);
}

static void bad_cblas_dgemm_row_major_m(void) {
  double a[4] = {0}, b[4] = {0}, c[4] = {0};
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, -1, 2, 2, 1.0, a, 2, b,
              2, 0.0, c, 2);
}

static void bad_cblas_sgemv_trans(void) {
  float a[4] = {0}, x[2] = {0}, y[2] = {0};
  cblas_sgemv(CblasColMajor, (CBLAS_TRANSPOSE)7, 2, 2, 1.0f, a, 2, x, 1, 0.0f,
              y, 1);
}

static void bad_dgemm_ldc(void) {
  double a[4] = {0}, b[4] = {0}, c[4] = {0}, one = 1.0, zero = 0.0;
  int two = 2, lone = 1;
  dgemm_("N", "N", &two, &two, &two, &one, a, &two, b, &two, &zero, c, &lone, 1,
         1);
}

static void bad_sgemv_incx(void) {
  float a[4] = {0}, x[2] = {0}, y[2] = {0}, one = 1.0f;
  int two = 2, zero = 0, lone = 1;
  sgemv_("T", &two, &two, &one, a, &two, x, &zero, &one, y, &lone, 1);
}

static void direct_cblas_xerbla(void) {
  cblas_xerbla(3, "cblas_example", "value %d was\nbad\n", 42);
}

static void test_cblas_default(void **state) {
  (void)state;
  /* Row-major M is reported as 5 like the reference; the default handler,
   * like the reference's, prints the position the caller wrote: 4. */
  expect_one_line(stderr_of_child(bad_cblas_dgemm_row_major_m), "cblas_dgemm",
                  "Parameter 4 ");
  expect_one_line(stderr_of_child(bad_cblas_sgemv_trans), "cblas_sgemv",
                  "Parameter 2 ");
  expect_one_line(stderr_of_child(direct_cblas_xerbla), "cblas_example",
                  "value 42 was");
}

static void test_f77_default(void **state) {
  (void)state;
  expect_one_line(stderr_of_child(bad_dgemm_ldc), "DGEMM ",
                  "parameter number 13 ");
  expect_one_line(stderr_of_child(bad_sgemv_incx), "SGEMV ",
                  "parameter number 8 ");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cblas_default),
      cmocka_unit_test(test_f77_default),
  };
  fastla_test_select_config();
  return cmocka_run_group_tests_name("cblas_handlers", tests, NULL, NULL);
}
