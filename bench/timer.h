/*
 * timer.h - wall-clock timing with warm-up and best-of-N samples.
 */
#ifndef FASTLA_BENCH_TIMER_H
#define FASTLA_BENCH_TIMER_H

#ifdef __cplusplus
extern "C" {
#endif

/* Monotonic wall-clock time in seconds. */
double bench_now(void);

typedef struct bench_timing_opts {
  double min_sample; /* each sample repeats the call for at least this long */
  int max_samples;   /* best of at most this many samples */
  double max_total;  /* ...but stop after this much sampling time */
} bench_timing_opts;

/* Seconds per call of fn(ctx): the fastest sample, each sample averaging
 * enough calls to last min_sample. Warm-up runs (which also calibrate the
 * call count) come first and are not counted. */
double bench_measure(void (*fn)(void *), void *ctx,
                     const bench_timing_opts *opts);

/* bench_measure in two steps, so that callers can take the samples of
 * several functions in turns: the number of calls per sample (found by
 * warm-up batches that grow until one lasts min_sample), then seconds per
 * call over one batch of that many calls. */
long bench_calibrate(void (*fn)(void *), void *ctx, double min_sample);
double bench_sample(void (*fn)(void *), void *ctx, long calls);

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_BENCH_TIMER_H */
