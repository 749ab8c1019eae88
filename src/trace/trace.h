/* trace.h - call tracing (FASTLA_VERBOSE, fastla_set_verbose).
 *
 * Each public routine keeps its body, unchanged, in run_<routine>, and
 * becomes:
 *
 *   if (fastla_trace_on())
 *     return traced_<routine>(args);   (cold, out of line)
 *   return run_<routine>(args);        (inlined)
 *
 * so that with tracing off a call pays one relaxed atomic load and a
 * predicted branch. traced_<routine> starts the clock, runs the body and
 * writes the line; everything the line needs is worked out after the
 * call, from its arguments and the configuration. (Keeping the body out
 * of line behind a tail jump was measured too: the compiler then copies
 * gemm's stack arguments in the jump, 2-3 ns per call.) */
#ifndef FASTLA_TRACE_H
#define FASTLA_TRACE_H

#include <stdatomic.h>

#include "fastla.h"

/* FASTLA_VERBOSE_OFF/TEXT/JSON, or -1 until FASTLA_VERBOSE has been read:
 * a nonzero value sends the call down the slow path, which reads it. */
extern atomic_int fastla_trace_mode;

typedef struct fastla_trace_clock {
  double start; /* seconds, CLOCK_MONOTONIC */
} fastla_trace_clock;

/* For the routine bodies (inlined on both paths) and the traced wrappers
 * (kept out of the callers' hot code). */
#if defined(__GNUC__)
#define FASTLA_BODY        static inline __attribute__((always_inline))
#define FASTLA_TRACED      static __attribute__((noinline, cold))
#define FASTLA_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define FASTLA_BODY        static inline
#define FASTLA_TRACED      static
#define FASTLA_UNLIKELY(x) (x)
#endif

/* True when the call must take the traced path: tracing is on, or
 * FASTLA_VERBOSE has not been read yet. */
static inline int fastla_trace_on(void) {
  return FASTLA_UNLIKELY(
      atomic_load_explicit(&fastla_trace_mode, memory_order_relaxed) != 0);
}

/* The traced path's start: reads FASTLA_VERBOSE on first use; if tracing
 * is on, starts the clock and returns 1, else returns 0. */
int fastla_trace_start(fastla_trace_clock *tc);

/* Writes the configuration line FASTLA_VERBOSE asks for at start (called
 * once by the dispatcher's initialisation with its summary). */
void fastla_trace_announce(const char *config);

/* One trace line per call; prec is 's' or 'd'. They stop the clock first.
 * Pointers are passed only to tell a documented no-op (NULL operand). */
void fastla_trace_axpy(const fastla_trace_clock *tc, char prec, fastla_int n,
                       double alpha, const void *x, fastla_int incx,
                       const void *y, fastla_int incy);
void fastla_trace_dot(const fastla_trace_clock *tc, char prec, fastla_int n,
                      const void *x, fastla_int incx, const void *y,
                      fastla_int incy);
void fastla_trace_nrm2(const fastla_trace_clock *tc, char prec, fastla_int n,
                       const void *x, fastla_int incx);
void fastla_trace_gemv(const fastla_trace_clock *tc, char prec,
                       fastla_layout layout, fastla_transpose trans,
                       fastla_int m, fastla_int n, double alpha, fastla_int lda,
                       fastla_int incx, double beta, fastla_int incy,
                       fastla_status status);
void fastla_trace_gemm(const fastla_trace_clock *tc, char prec,
                       fastla_layout layout, fastla_transpose transa,
                       fastla_transpose transb, fastla_int m, fastla_int n,
                       fastla_int k, double alpha, fastla_int lda,
                       fastla_int ldb, double beta, fastla_int ldc,
                       fastla_status status);

#endif
