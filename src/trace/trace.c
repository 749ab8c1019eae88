/* trace.c - the trace lines of FASTLA_VERBOSE / fastla_set_verbose.
 *
 * Only the slow path lives here: a call reaches it only when tracing is on
 * (or on the very first call, to read FASTLA_VERBOSE). Each line is built
 * in a local buffer and written with one fputs, which holds stderr's lock,
 * so lines from concurrent calls never interleave. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dispatch/dispatch.h"
#include "level3/level3.h"
#include "parallel/parallel.h"
#include "trace/trace.h"

atomic_int fastla_trace_mode = -1;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

/* FASTLA_VERBOSE: unset, empty or 0 is off, json is JSON, anything else
 * (1, yes, ...) is text, as before tracing existed any value but 0 asked
 * for the configuration line. */
static void read_env(void) {
  const char *v = getenv("FASTLA_VERBOSE");
  int mode = FASTLA_VERBOSE_TEXT;
  if (!v || !*v || strcmp(v, "0") == 0)
    mode = FASTLA_VERBOSE_OFF;
  else if (strcmp(v, "json") == 0)
    mode = FASTLA_VERBOSE_JSON;
  atomic_store(&fastla_trace_mode, mode);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int fastla_trace_start(fastla_trace_clock *tc) {
  pthread_once(&env_once, read_env);
  if (atomic_load_explicit(&fastla_trace_mode, memory_order_relaxed) ==
      FASTLA_VERBOSE_OFF)
    return 0;
  fastla_par_team = 1; /* the call's parallel regions raise it */
  tc->start = now();
  return 1;
}

fastla_status fastla_set_verbose(fastla_verbose mode) {
  if (mode < FASTLA_VERBOSE_OFF || mode > FASTLA_VERBOSE_JSON)
    return FASTLA_ERR_INVALID_VALUE;
  pthread_once(&env_once, read_env); /* so the variable cannot undo this */
  atomic_store(&fastla_trace_mode, mode);
  return FASTLA_OK;
}

fastla_verbose fastla_get_verbose(void) {
  pthread_once(&env_once, read_env);
  return (fastla_verbose)atomic_load(&fastla_trace_mode);
}

/* ---- building a line --------------------------------------------------- */

typedef struct line {
  char buf[768];
  size_t used;
  int json, fields; /* fields written so far, for separators */
} line;

static void put(line *l, const char *fmt, ...) {
  if (l->used >= sizeof l->buf)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(l->buf + l->used, sizeof l->buf - l->used, fmt, ap);
  va_end(ap);
  if (n > 0)
    l->used += (size_t)n;
}

/* key=value in text, "key":value in JSON; the text form puts the call's
 * arguments in parentheses after the routine name. */
static void sep(line *l, const char *key) {
  if (l->json)
    put(l, "%s\"%s\":", l->fields++ ? "," : "{", key);
  else
    put(l, "%s%s=", l->fields++ ? " " : "", key);
}

static void field_str(line *l, const char *key, const char *v) {
  sep(l, key);
  put(l, l->json ? "\"%s\"" : "%s", v);
}

static void field_int(line *l, const char *key, long long v) {
  sep(l, key);
  put(l, "%lld", v);
}

/* JSON has no NaN or infinity: those become strings. */
static void field_real(line *l, const char *key, double v, int digits) {
  sep(l, key);
  if (l->json && !isfinite(v))
    put(l, "\"%g\"", v);
  else
    put(l, "%.*g", digits, v);
}

static void field_fixed(line *l, const char *key, double v) {
  sep(l, key);
  put(l, "%.3f", v);
}

static void begin(line *l, char prec, const char *routine) {
  l->used = 0;
  l->fields = 0;
  l->json = atomic_load_explicit(&fastla_trace_mode, memory_order_relaxed) ==
            FASTLA_VERBOSE_JSON;
  char name[16];
  snprintf(name, sizeof name, "%c%s", prec, routine);
  if (l->json) {
    field_str(l, "routine", name);
  } else {
    put(l, "libfastla: %s(", name);
  }
}

/* Closes the argument list and adds who served the call and how fast:
 * flops is the nominal count (2n, 2mn, 2mnk), 0 when no kernel ran. */
static void finish(line *l, const fastla_trace_clock *tc, const char *kernel,
                   double flops, fastla_status status) {
  double seconds = now() - tc->start;
  if (!l->json) {
    put(l, ")");
    l->fields = 1; /* a blank before each of the fields that follow */
  }
  field_str(l, "backend", fastla_backend_name(fastla_get_backend()));
  field_str(l, "isa", fastla_isa_name(fastla_get_isa()));
  field_str(l, "kernel", kernel ? kernel : "none");
  field_int(l, "threads", kernel ? fastla_par_team : 1);
  field_fixed(l, "time_us", seconds * 1e6);
  field_fixed(l, "gflops",
              kernel && seconds > 0 ? flops / seconds * 1e-9 : 0.0);
  const char *arg = fastla_status_argument(status);
  char st[32];
  if (status == FASTLA_OK)
    snprintf(st, sizeof st, "ok");
  else if (arg)
    snprintf(st, sizeof st, "bad-%s", arg);
  else
    snprintf(st, sizeof st, "error-%d", (int)status);
  field_str(l, "status", st);
  put(l, l->json ? "}\n" : "\n");
  if (l->used >= sizeof l->buf) /* cannot happen with these fields */
    return;
  fputs(l->buf, stderr);
}

static const char *kernel_of(char prec, const char *slot) {
  char name[24];
  snprintf(name, sizeof name, "%c%s", prec, slot);
  return fastla_kernel_name(name);
}

static const char *layout_name(fastla_layout layout) {
  return layout == FASTLA_ROW_MAJOR   ? "row"
         : layout == FASTLA_COL_MAJOR ? "col"
                                      : "invalid";
}

static const char *trans_name(fastla_transpose t) {
  return t == FASTLA_NO_TRANS     ? "N"
         : t == FASTLA_TRANS      ? "T"
         : t == FASTLA_CONJ_TRANS ? "C"
                                  : "invalid";
}

/* ---- one function per routine ------------------------------------------ */

void fastla_trace_announce(const char *config) {
  pthread_once(&env_once, read_env);
  int mode = atomic_load(&fastla_trace_mode);
  if (mode == FASTLA_VERBOSE_TEXT)
    fprintf(stderr, "libfastla: %s\n", config);
  else if (mode == FASTLA_VERBOSE_JSON)
    fprintf(stderr, "{\"config\":\"%s\"}\n", config); /* no quotes in it */
}

void fastla_trace_axpy(const fastla_trace_clock *tc, char prec, fastla_int n,
                       double alpha, const void *x, fastla_int incx,
                       const void *y, fastla_int incy) {
  line l;
  begin(&l, prec, "axpy");
  field_int(&l, "n", n);
  field_real(&l, "alpha", alpha, l.json ? 17 : 6);
  field_int(&l, "incx", incx);
  field_int(&l, "incy", incy);
  int runs = n > 0 && alpha != 0 && x && y;
  finish(&l, tc, runs ? kernel_of(prec, "axpy") : NULL, 2.0 * (double)n,
         FASTLA_OK);
}

void fastla_trace_dot(const fastla_trace_clock *tc, char prec, fastla_int n,
                      const void *x, fastla_int incx, const void *y,
                      fastla_int incy) {
  line l;
  begin(&l, prec, "dot");
  field_int(&l, "n", n);
  field_int(&l, "incx", incx);
  field_int(&l, "incy", incy);
  int runs = n > 0 && x && y;
  finish(&l, tc, runs ? kernel_of(prec, "dot") : NULL, 2.0 * (double)n,
         FASTLA_OK);
}

void fastla_trace_nrm2(const fastla_trace_clock *tc, char prec, fastla_int n,
                       const void *x, fastla_int incx) {
  line l;
  begin(&l, prec, "nrm2");
  field_int(&l, "n", n);
  field_int(&l, "incx", incx);
  int runs = n > 0 && x;
  finish(&l, tc, runs ? kernel_of(prec, "nrm2") : NULL, 2.0 * (double)n,
         FASTLA_OK);
}

void fastla_trace_gemv(const fastla_trace_clock *tc, char prec,
                       fastla_layout layout, fastla_transpose trans,
                       fastla_int m, fastla_int n, double alpha, fastla_int lda,
                       fastla_int incx, double beta, fastla_int incy,
                       fastla_status status) {
  line l;
  begin(&l, prec, "gemv");
  int digits = l.json ? 17 : 6;
  field_str(&l, "layout", layout_name(layout));
  field_str(&l, "trans", trans_name(trans));
  field_int(&l, "m", m);
  field_int(&l, "n", n);
  field_real(&l, "alpha", alpha, digits);
  field_int(&l, "lda", lda);
  field_int(&l, "incx", incx);
  field_real(&l, "beta", beta, digits);
  field_int(&l, "incy", incy);
  /* As src/api/gemv.c: kernels see column-major A, so row-major flips
   * the operation. */
  int runs = status == FASTLA_OK && m > 0 && n > 0 && alpha != 0;
  int t = trans != FASTLA_NO_TRANS, row = layout == FASTLA_ROW_MAJOR;
  finish(&l, tc, runs ? kernel_of(prec, t != row ? "gemv_t" : "gemv_n") : NULL,
         2.0 * (double)m * (double)n, status);
}

void fastla_trace_gemm(const fastla_trace_clock *tc, char prec,
                       fastla_layout layout, fastla_transpose transa,
                       fastla_transpose transb, fastla_int m, fastla_int n,
                       fastla_int k, double alpha, fastla_int lda,
                       fastla_int ldb, double beta, fastla_int ldc,
                       fastla_status status) {
  line l;
  begin(&l, prec, "gemm");
  int digits = l.json ? 17 : 6;
  field_str(&l, "layout", layout_name(layout));
  field_str(&l, "transa", trans_name(transa));
  field_str(&l, "transb", trans_name(transb));
  field_int(&l, "m", m);
  field_int(&l, "n", n);
  field_int(&l, "k", k);
  field_real(&l, "alpha", alpha, digits);
  field_int(&l, "lda", lda);
  field_int(&l, "ldb", ldb);
  field_real(&l, "beta", beta, digits);
  field_int(&l, "ldc", ldc);
  /* The path src/api/gemm.c takes: direct kernel for small products and
   * skinny m (the m of the column-major product: n for row-major), else
   * the blocked driver's microkernel, else the whole-gemm kernel. */
  const char *kernel = NULL;
  if (status == FASTLA_OK && m > 0 && n > 0 && k > 0 && alpha != 0) {
    const fastla_kernel_table *t = fastla_kernels();
    int d = prec == 'd';
    fastla_int cm = layout == FASTLA_ROW_MAJOR ? n : m;
    if ((d ? t->dgemm_direct != NULL : t->sgemm_direct != NULL) &&
        (fastla_gemm_is_small(m, n, k) ||
         fastla_gemm_is_skinny(cm, d ? sizeof(double) : sizeof(float))))
      kernel = kernel_of(prec, "gemm_direct");
    else if (d ? t->dgemm_ukr != NULL : t->sgemm_ukr != NULL)
      kernel = kernel_of(prec, "gemm_ukr");
    else
      kernel = kernel_of(prec, "gemm");
  }
  finish(&l, tc, kernel, 2.0 * (double)m * (double)n * (double)k, status);
}
