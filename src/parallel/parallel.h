/* parallel.h - the openmp backend: large calls split over OpenMP threads,
 * with results that do not depend on the thread count.
 *
 * Reproducibility comes from the decomposition: a routine is cut into
 * chunks whose boundaries depend only on the problem size (never on the
 * thread count), each chunk is one call of the same SIMD kernel the simd
 * backend uses, and partial results are combined in chunk order. Threads
 * only decide who computes which chunks. gemm needs no chunks: every
 * element of C is computed by one microkernel call sequence whatever the
 * partition, as long as the partition follows the mr x nr tile grid.
 *
 * Threads are used only when the call is large enough to repay them (the
 * thresholds below, measured), never inside an enclosing OpenMP parallel
 * region (no oversubscription), never beyond one process-wide budget of
 * thread count - 1 helpers shared by concurrent callers, and never in the
 * child of a fork() (the GNU OpenMP runtime cannot run a parallel region
 * there once the parent has used one: the child would hang). */
#ifndef FASTLA_PARALLEL_H
#define FASTLA_PARALLEL_H

#include "kernel_table.h"

/* Below these sizes a call stays on one thread (and, for the chunked
 * routines, unchunked); at and above them two threads pay off. Measured on
 * Zen 4 (2 cores, AVX-512) with fastla-compare --threads 2 --samples 10
 * on a build with every threshold forced to 2: GFLOP/s of openmp (2
 * threads) over simd (1 thread), float / double:
 *   axpy   n = 8K 0.55 / 0.77, 16K 0.82 / 1.04, 32K 1.05 / 1.34,
 *          64K 1.44 / 1.99, 128K 1.92 / 1.74
 *   dot    n = 8K 0.58 / 0.82, 16K 0.83 / 1.14, 32K 1.15 / 1.45,
 *          64K 1.42 / 1.92, 128K 1.82 / 1.50
 *   nrm2   n = 32K 0.76 / 1.13, 64K 0.90 / 1.40, 128K 1.37 / 1.73,
 *          256K 1.61 / 1.48, 512K 1.57 / 1.79
 *   gemv   A x, n x n:   256 0.90 / 0.96, 384 1.07 / 1.35, 512 1.23 / 1.61
 *          A^T x, n x n: 192 0.92 / 1.27, 256 1.10 / 1.43, 384 1.53 / 1.60
 *   gemm   n^3 = 128 1.73 / 1.88, 160 1.81 / 1.91, 192 1.91 / 1.92;
 *          up to 127^3 the direct small-matrix kernel runs, unthreaded
 *          (level3.h).
 * The level-1 and gemv thresholds also bound what each thread gets (half
 * the threshold), so a third or fourth thread joins only for
 * proportionally larger calls. */
#ifndef FASTLA_PAR_LEVEL1_MIN
#define FASTLA_PAR_LEVEL1_MIN (1 << 15) /* axpy, dot: elements */
#endif
#ifndef FASTLA_PAR_NRM2_MIN
#define FASTLA_PAR_NRM2_MIN (1 << 17) /* nrm2: elements */
#endif
#ifndef FASTLA_PAR_GEMV_MIN
#define FASTLA_PAR_GEMV_MIN (1 << 17) /* gemv: m * n */
#endif
#ifndef FASTLA_PAR_GEMM_MIN
#define FASTLA_PAR_GEMM_MIN (128.0 * 128 * 128) /* gemm: m * n * k */
#endif

/* Threads for a call of `work` units where each thread should get at
 * least min_per_thread: at most the configured thread count, and 1 inside
 * a parallel region or a forked child. */
int fastla_par_threads(double work, double min_per_thread);

/* Runs body(ctx, from, to) over [0, count) split into nt contiguous
 * ranges, one per thread of an OpenMP team (the calling thread is one of
 * them); returns when all are done. Ranges follow the team actually
 * granted, which may be smaller than nt: the runtime's, and the process
 * shares one budget of thread count - 1 helper threads among concurrent
 * calls (a call that finds none free runs on its caller alone). */
typedef void fastla_par_body(void *ctx, fastla_int from, fastla_int to);
void fastla_par_for(int nt, fastla_int count, fastla_par_body *body, void *ctx);

/* As fastla_par_for, but each thread takes small ranges of its share in
 * turn, then of the other shares, until [0, count) is done, so a thread
 * that starts late or runs slowly gets less. For chunked routines, whose chunks
 * (and so results) are the same whoever computes them; gemm keeps one range per
 * thread, because each range packs its own panels. */
void fastla_par_for_claims(int nt, fastla_int count, fastla_par_body *body,
                           void *ctx);

/* The most helper threads that have run at once, over all calls since
 * the process started (for tests: never above thread count - 1). */
int fastla_par_helpers_peak(void);

/* The largest team fastla_par_for ran on in the calling thread since the
 * tracer last reset it to 1 (src/trace/): how many threads served a call. */
extern _Thread_local int fastla_par_team;

/* Registers the fork handler; called once by the dispatcher's init. */
void fastla_par_init(void);

/* The routines, for tables with parallel set; arguments as the kernel
 * slots (pointers at the first visited element, increments normalised). */
float fastla_sdot_par(const fastla_kernel_table *t, fastla_int n,
                      const float *x, fastla_int incx, const float *y,
                      fastla_int incy);
double fastla_ddot_par(const fastla_kernel_table *t, fastla_int n,
                       const double *x, fastla_int incx, const double *y,
                       fastla_int incy);
float fastla_snrm2_par(const fastla_kernel_table *t, fastla_int n,
                       const float *x, fastla_int incx);
double fastla_dnrm2_par(const fastla_kernel_table *t, fastla_int n,
                        const double *x, fastla_int incx);
void fastla_saxpy_par(const fastla_kernel_table *t, fastla_int n, float alpha,
                      const float *x, fastla_int incx, float *y,
                      fastla_int incy);
void fastla_daxpy_par(const fastla_kernel_table *t, fastla_int n, double alpha,
                      const double *x, fastla_int incx, double *y,
                      fastla_int incy);
/* Column-major y := alpha op(A) x + beta y, trans as the gemv_t slot. */
void fastla_sgemv_par(const fastla_kernel_table *t, int trans, fastla_int m,
                      fastla_int n, float alpha, const float *a, fastla_int lda,
                      const float *x, fastla_int incx, float beta, float *y,
                      fastla_int incy);
void fastla_dgemv_par(const fastla_kernel_table *t, int trans, fastla_int m,
                      fastla_int n, double alpha, const double *a,
                      fastla_int lda, const double *x, fastla_int incx,
                      double beta, double *y, fastla_int incy);
/* Column-major gemm through the blocked driver, m, n, k >= 1, alpha != 0. */
void fastla_sgemm_par(const fastla_kernel_table *t, int trans_a, int trans_b,
                      fastla_int m, fastla_int n, fastla_int k, float alpha,
                      const float *a, fastla_int lda, const float *b,
                      fastla_int ldb, float beta, float *c, fastla_int ldc);
void fastla_dgemm_par(const fastla_kernel_table *t, int trans_a, int trans_b,
                      fastla_int m, fastla_int n, fastla_int k, double alpha,
                      const double *a, fastla_int lda, const double *b,
                      fastla_int ldb, double beta, double *c, fastla_int ldc);

#endif
