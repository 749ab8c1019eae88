/*
 * peak.c - measures the FMA peak and the memory bandwidth of this machine.
 *
 * FMA peak: each thread runs CHAINS independent accumulators acc = acc * m
 * + c. The chains are independent so the loop is limited by FMA throughput,
 * not latency: 12 chains cover latency 4 x 2 pipes with room to spare and
 * still fit in 16 vector registers. m and c are read through volatile so
 * the compiler cannot fold the loop, and the fixed point c / (1 - m) keeps
 * the values normal (no denormal slow path).
 *
 * Only the few functions below get ISA flags, per function through
 * __attribute__((target)), and run only after __builtin_cpu_supports says
 * the CPU has the ISA; the rest of the harness stays baseline. On AMD Zen 4
 * AVX-512 executes on 256-bit datapaths, so the zmm and ymm peaks come out
 * equal (about 115 GFLOP/s float, 58 double per core); on Intel server
 * cores with two 512-bit FMA units zmm doubles the ymm figure.
 */
#define _POSIX_C_SOURCE 200809L
#include "peak.h"

#include "timer.h"

#include <immintrin.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { CHAINS = 12, FMA_PASSES = 10 };

static volatile double g_mul = 0.999999, g_add = 1e-6;
static volatile double g_sink;

/* Each kernel runs `iters` rounds of CHAINS fused multiply-adds of one
 * vector width and returns a sum of the chains for the sink. The pragma
 * unrolls the chain loop so the accumulators live in registers at any
 * optimisation level. */
/* clang-format off */
#define FMA_KERNEL(name, target_isa, vec, set1, fma, reduce_expr)            \
  __attribute__((target(target_isa))) static double name(long iters) {       \
    vec m = set1(g_mul), c = set1(g_add), acc[CHAINS];                       \
    for (int j = 0; j < CHAINS; j++)                                         \
      acc[j] = set1((double)j);                                              \
    for (long i = 0; i < iters; i++) {                                       \
      _Pragma("GCC unroll 12")                                               \
      for (int j = 0; j < CHAINS; j++)                                       \
        acc[j] = fma(acc[j], m, c);                                          \
    }                                                                        \
    double sum = 0.0;                                                        \
    for (int j = 0; j < CHAINS; j++)                                         \
      sum += reduce_expr;                                                    \
    return sum;                                                              \
  }
/* clang-format on */

/* SSE2 has no FMA: a multiply and an add per element, also 2 flops. */
static inline __m128 sse_madd_ps(__m128 a, __m128 b, __m128 c) {
  return _mm_add_ps(_mm_mul_ps(a, b), c);
}
static inline __m128d sse_madd_pd(__m128d a, __m128d b, __m128d c) {
  return _mm_add_pd(_mm_mul_pd(a, b), c);
}

FMA_KERNEL(fma_zmm_s, "avx512f", __m512, _mm512_set1_ps, _mm512_fmadd_ps,
           (double)_mm512_reduce_add_ps(acc[j]))
FMA_KERNEL(fma_zmm_d, "avx512f", __m512d, _mm512_set1_pd, _mm512_fmadd_pd,
           _mm512_reduce_add_pd(acc[j]))
FMA_KERNEL(fma_ymm_s, "avx2,fma", __m256, _mm256_set1_ps, _mm256_fmadd_ps,
           (double)_mm_cvtss_f32(_mm256_castps256_ps128(acc[j])))
FMA_KERNEL(fma_ymm_d, "avx2,fma", __m256d, _mm256_set1_pd, _mm256_fmadd_pd,
           _mm_cvtsd_f64(_mm256_castpd256_pd128(acc[j])))
FMA_KERNEL(fma_xmm_s, "sse2", __m128, _mm_set1_ps, sse_madd_ps,
           (double)_mm_cvtss_f32(acc[j]))
FMA_KERNEL(fma_xmm_d, "sse2", __m128d, _mm_set1_pd, sse_madd_pd,
           _mm_cvtsd_f64(acc[j]))

typedef struct fma_variant {
  const char *width;
  const char *cpu_feature; /* for __builtin_cpu_supports; NULL: always */
  int lanes_s, lanes_d;
  double (*kernel_s)(long);
  double (*kernel_d)(long);
} fma_variant;

static int variant_runs(const fma_variant *v) {
  if (v->cpu_feature == NULL)
    return 1;
  if (strcmp(v->cpu_feature, "avx512f") == 0)
    return __builtin_cpu_supports("avx512f");
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

static const fma_variant variants[] = {
    {"zmm (AVX-512)", "avx512f", 16, 8, fma_zmm_s, fma_zmm_d},
    {"ymm (AVX2+FMA)", "avx2", 8, 4, fma_ymm_s, fma_ymm_d},
    {"xmm (SSE2)", NULL, 4, 2, fma_xmm_s, fma_xmm_d},
};

typedef struct fma_job {
  double (*kernel)(long);
  long iters;
} fma_job;

static void *fma_thread(void *arg) {
  const fma_job *job = arg;
  g_sink = job->kernel(job->iters);
  return NULL;
}

/* Runs fn(arg) on `threads` threads at once (the caller is one of them)
 * and returns the wall time until all have finished. */
static double run_parallel(int threads, void *(*fn)(void *), void *args,
                           size_t arg_size) {
  pthread_t tid[256];
  threads = threads < 1 ? 1 : (threads > 256 ? 256 : threads);
  double start = bench_now();
  int started = 1;
  for (int t = 1; t < threads; t++)
    if (pthread_create(&tid[t], NULL, fn, (char *)args + t * arg_size) == 0)
      started++;
    else
      break;
  fn(args);
  for (int t = 1; t < started; t++)
    pthread_join(tid[t], NULL);
  return bench_now() - start;
}

/* Iterations per pass of v's kernel: doubled until one single-threaded
 * pass lasts seconds / 4. */
static long fma_calibrate(double (*kernel)(long), double seconds) {
  long iters = 1000;
  while (run_parallel(1, fma_thread, &(fma_job){kernel, iters}, 0) <
         seconds / 4)
    iters *= 2;
  return iters;
}

/* GFLOP/s of the best of passes passes of iters iterations on all
 * threads. */
static double fma_passes(const fma_variant *v, int dbl, int threads, long iters,
                         int passes) {
  fma_job jobs[256];
  double (*kernel)(long) = dbl ? v->kernel_d : v->kernel_s;
  for (int t = 0; t < 256; t++)
    jobs[t] = (fma_job){kernel, iters};
  double best = 1e30;
  for (int rep = 0; rep < passes; rep++) {
    double t = run_parallel(threads, fma_thread, jobs, sizeof jobs[0]);
    best = t < best ? t : best;
  }
  double lanes = dbl ? v->lanes_d : v->lanes_s;
  return 2.0 * lanes * CHAINS * (double)iters * threads / best * 1e-9;
}

/* What bench_peak_fma found, per precision and for one thread ([0]) or
 * many ([1]), so that bench_peak_fma_pass can repeat it. */
static struct {
  const fma_variant *v;
  long iters;
  int threads;
} g_found[2][2];

bench_fma_peak bench_peak_fma(int dbl, int threads, double seconds) {
  bench_fma_peak peak = {0.0, "none"};
  for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
    const fma_variant *v = &variants[i];
    if (!variant_runs(v))
      continue;
    /* Calibrated single-threaded. With 3 passes a slow spell of the shared
     * host lowered the float peak to 110.5 in one run against 114-116 in
     * the others, and the %peak column with it. */
    long iters = fma_calibrate(dbl ? v->kernel_d : v->kernel_s, seconds);
    double g = fma_passes(v, dbl, threads, iters, FMA_PASSES);
    /* Prefer the wider width on a tie within noise: it is what a
     * well-built kernel would use. */
    if (g > peak.gflops * 1.03) {
      peak.gflops = g;
      peak.width = v->width;
      g_found[dbl != 0][threads > 1].v = v;
      g_found[dbl != 0][threads > 1].iters = iters;
      g_found[dbl != 0][threads > 1].threads = threads;
    }
  }
  return peak;
}

double bench_peak_fma_pass(int dbl, int threads) {
  const fma_variant *v = g_found[dbl != 0][threads > 1].v;
  if (v == NULL || g_found[dbl != 0][threads > 1].threads != threads)
    return 0.0;
  return fma_passes(v, dbl, threads, g_found[dbl != 0][threads > 1].iters, 1);
}

/* ---- memory bandwidth ------------------------------------------------- */

typedef struct bw_job {
  double *a, *b;
  size_t n;
  double result;
} bw_job;

/* Eight independent sums: enough loads in flight to saturate DRAM, and
 * plain C (the compiler keeps it scalar or SSE2; either is far faster
 * than DRAM). */
static void *read1_thread(void *arg) {
  bw_job *job = arg;
  double s[8] = {0};
  for (size_t i = 0; i + 8 <= job->n; i += 8)
    for (int j = 0; j < 8; j++)
      s[j] += job->a[i + j];
  job->result = s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
  return NULL;
}

/* Two streams at once, as dot reads x and y: one core's prefetchers keep
 * more lines in flight over two streams than over one. */
static void *read2_thread(void *arg) {
  bw_job *job = arg;
  double s[8] = {0};
  for (size_t i = 0; i + 4 <= job->n; i += 4)
    for (int j = 0; j < 4; j++) {
      s[j] += job->a[i + j];
      s[j + 4] += job->b[i + j];
    }
  job->result = s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
  return NULL;
}

/* axpy's own pattern, a := a + s * b. A read-modify-write stream moves more
 * bytes per second than pure reads: the write-backs do not occupy the
 * core's miss buffers. */
static void *update_thread(void *arg) {
  bw_job *job = arg;
  const double scalar = g_add;
  for (size_t i = 0; i < job->n; i++)
    job->a[i] += scalar * job->b[i];
  return NULL;
}

/* Times the best of 30 passes (the machine is shared: the best pass is the
 * one least disturbed) of fn over the arrays split among threads and
 * returns GB/s, counting bytes_per_elem per element. */
static double time_passes(int threads, double *buf[2], size_t n,
                          void *(*fn)(void *), double bytes_per_elem) {
  bw_job jobs[256];
  threads = threads < 1 ? 1 : (threads > 256 ? 256 : threads);
  size_t chunk = n / (size_t)threads;
  for (int t = 0; t < threads; t++)
    jobs[t] = (bw_job){buf[0] + t * chunk, buf[1] ? buf[1] + t * chunk : NULL,
                       chunk, 0.0};
  double best = 1e30;
  for (int rep = 0; rep < 30; rep++) {
    double t = run_parallel(threads, fn, jobs, sizeof jobs[0]);
    best = t < best ? t : best;
  }
  g_sink = jobs[0].result;
  return bytes_per_elem * (double)(chunk * (size_t)threads) / best * 1e-9;
}

/* Allocates `arrays` arrays of n doubles (1 or 2) and times fn over them. */
static double bandwidth(int threads, int arrays, size_t n, void *(*fn)(void *),
                        double bytes_per_elem) {
  double *buf[2] = {NULL, NULL};
  int ok = 1;
  for (int i = 0; i < arrays && ok; i++) {
    buf[i] = aligned_alloc(64, n * sizeof(double));
    ok = buf[i] != NULL;
    for (size_t j = 0; ok && j < n; j++) /* also commits the pages */
      buf[i][j] = 1.0 + (double)(j & 255) * 1e-3;
  }
  double gbs = ok ? time_passes(threads, buf, n, fn, bytes_per_elem) : 0.0;
  for (int i = 0; i < arrays; i++)
    free(buf[i]);
  return gbs;
}

enum { MIB_DOUBLES = 1 << 17 };

double bench_peak_read_gbs(int threads) {
  double one =
      bandwidth(threads, 1, (size_t)256 * MIB_DOUBLES, read1_thread, 8.0);
  double two =
      bandwidth(threads, 2, (size_t)128 * MIB_DOUBLES, read2_thread, 16.0);
  return one > two ? one : two;
}

double bench_peak_update_gbs(int threads) {
  return bandwidth(threads, 2, (size_t)128 * MIB_DOUBLES, update_thread, 24.0);
}
