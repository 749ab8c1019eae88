/*
 * xerbla.c - the library's default error handlers.
 *
 * Unlike the reference ones they print one line and return instead of
 * exiting: a library must not end the program. Both have default
 * visibility and are reached only through their global names (see
 * report.c), so a program's own definition takes precedence.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "shim.h"

/* In row-major mode the reference numbers gemm/gemv parameters as in the
 * swapped Fortran call; its default handler maps them back to the CBLAS
 * positions the caller wrote, and so do we. */
static int row_major_position(int p, const char *rout) {
  if (strstr(rout, "gemm") != NULL) {
    static const int swap[][2] = {{4, 5}, {5, 4}, {9, 11}, {11, 9}};
    for (size_t i = 0; i < sizeof swap / sizeof swap[0]; i++) {
      if (p == swap[i][0]) {
        return swap[i][1];
      }
    }
  } else if (strstr(rout, "gemv") != NULL) {
    if (p == 3 || p == 4) {
      return 7 - p;
    }
  }
  return p;
}

void cblas_xerbla(int p, const char *rout, const char *form, ...) {
  char detail[160] = "";
  va_list args;

  if (rout == NULL) {
    rout = "?";
  }
  if (fastla_shim_reporting_row_major()) {
    p = row_major_position(p, rout);
  }
  if (form != NULL) {
    va_start(args, form);
    vsnprintf(detail, sizeof detail, form, args);
    va_end(args);
    detail[strcspn(detail, "\n")] = '\0'; /* keep it to one line */
  }
  fprintf(stderr, "Parameter %d to routine %s was incorrect%s%s\n", p, rout,
          detail[0] != '\0' ? ": " : "", detail);
}

void xerbla_(const char *srname, const int *info, size_t srname_len) {
  int len = srname == NULL ? 0 : (int)srname_len;

  while (len > 0 && srname[len - 1] == ' ') {
    len--; /* Fortran blank padding */
  }
  fprintf(stderr,
          " ** On entry to %.*s parameter number %d had an illegal "
          "value\n",
          len, len > 0 ? srname : "", info != NULL ? *info : 0);
}
