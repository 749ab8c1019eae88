/*
 * timer.c - see timer.h. Best-of-N rather than the mean: on a shared
 * machine noise only ever adds time, so the fastest sample is the closest
 * to what the code can do.
 */
#define _POSIX_C_SOURCE 200809L
#include "timer.h"

#include <time.h>

double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double run_calls(void (*fn)(void *), void *ctx, long calls) {
  double start = bench_now();
  for (long i = 0; i < calls; i++)
    fn(ctx);
  return bench_now() - start;
}

/* Grows the call count until one batch lasts min_sample. The first call
 * pays for page faults and cold caches; the batches after it warm the
 * caches, the branch predictors and the clock. */
long bench_calibrate(void (*fn)(void *), void *ctx, double min_sample) {
  long calls = 1;
  for (;;) {
    double t = run_calls(fn, ctx, calls);
    if (t >= min_sample)
      return calls;
    double grow = t > 0 ? 1.2 * min_sample / t : 10.0;
    grow = grow > 10.0 ? 10.0 : (grow < 2.0 ? 2.0 : grow);
    calls = (long)((double)calls * grow);
  }
}

double bench_sample(void (*fn)(void *), void *ctx, long calls) {
  return run_calls(fn, ctx, calls) / (double)calls;
}

double bench_measure(void (*fn)(void *), void *ctx,
                     const bench_timing_opts *opts) {
  long calls = bench_calibrate(fn, ctx, opts->min_sample);
  double best = 0.0, total = 0.0;
  for (int s = 0; s < opts->max_samples; s++) {
    double t = bench_sample(fn, ctx, calls);
    best = s == 0 || t < best ? t : best;
    total += t * (double)calls;
    if (total >= opts->max_total)
      break;
  }
  return best;
}
