/*
 * peak.h - this machine's limits, measured: FMA throughput and memory
 * bandwidth. The percent-of-peak columns divide by these numbers.
 */
#ifndef FASTLA_BENCH_PEAK_H
#define FASTLA_BENCH_PEAK_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_fma_peak {
  double gflops;     /* best over the widths the CPU runs */
  const char *width; /* "zmm (AVX-512)", "ymm (AVX2+FMA)" or "xmm (SSE2)" */
} bench_fma_peak;

/* Floating-point peak in GFLOP/s (an FMA counts 2) for float (dbl = 0) or
 * double, with `threads` threads each running independent FMA chains for
 * about `seconds`. */
bench_fma_peak bench_peak_fma(int dbl, int threads, double seconds);

/* One more pass of the width bench_peak_fma chose for dbl and threads, at
 * the length it calibrated: GFLOP/s, or 0 if it has not run for them. */
double bench_peak_fma_pass(int dbl, int threads);

/* Streaming bandwidth in GB/s (10^9 bytes) from DRAM with `threads`
 * threads. "read": the better of summing one 256 MiB buffer and summing two
 * 128 MiB buffers side by side (as dot reads). "update": a := a + s * b
 * over two 128 MiB arrays, axpy's pattern, counting 3 x 8 bytes per
 * element. Returns 0 if memory runs out. */
double bench_peak_read_gbs(int threads);
double bench_peak_update_gbs(int threads);

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_BENCH_PEAK_H */
