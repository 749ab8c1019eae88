/*
 * report.c - how the shim hands errors to the handlers.
 *
 * The handlers are called through their global names (never a local alias)
 * so that a cblas_xerbla or xerbla_ defined in the program, or preloaded
 * before us, receives the call: the shim must not be linked -Bsymbolic.
 */
#include <stdio.h>
#include <string.h>

#include "shim.h"

/* Set while a row-major report is in flight, for the default handler. */
static _Thread_local int reporting_row_major;

int fastla_shim_reporting_row_major(void) {
  return reporting_row_major;
}

void fastla_shim_cblas_error(int p, const char *rout, int row_major,
                             const char *detail) {
  reporting_row_major = row_major;
  if (detail != NULL) {
    cblas_xerbla(p, rout, "%s\n", detail);
  } else {
    cblas_xerbla(p, rout, "");
  }
  reporting_row_major = 0;
}

void fastla_shim_f77_error(const char *srname, int info) {
  xerbla_(srname, &info, strlen(srname));
}

void fastla_shim_native_failure(const char *rout, fastla_status status,
                                int null_pos, int row_major, int f77) {
  if (null_pos > 0 && f77) {
    fastla_shim_f77_error(rout, null_pos);
  } else if (null_pos > 0) {
    fastla_shim_cblas_error(null_pos, rout, row_major, fastla_strerror(status));
  } else {
    fprintf(stderr, "libfastla_cblas: %s failed: %s\n", rout,
            fastla_strerror(status));
  }
}
