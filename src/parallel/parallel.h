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
 * Zen 4 (2 cores), time on 1 thread / time on 2 threads, double unless
 * marked, with the thresholds forced to 0 (best of repeated calls):
 *   dot    n = 8K 1.03, 16K 1.39, 32K 1.64, 64K 1.92, 1M 2.10
 *   sdot   n = 16K 1.10, 32K 1.37, 64K 1.61, 128K 1.91
 *   axpy   n = 8K 0.86, 16K 1.46, 32K 1.56, 64K 1.66, 1M 2.03
 *   nrm2   n = 32K 0.79-0.85, 64K 1.06-1.14, 128K 1.09-1.57,
 *          256K 1.48-1.66, 1M 1.87-1.93
 *   gemv   A^T x: n x n = 192 0.81-1.34, 256 1.16-1.57, 384 1.92-2.00
 *          A x:   n x n = 256 0.99 (one chunk), 384 1.47, 512 1.73
 *   gemm   n^3 = 128 1.59, 160 1.69, 192 1.83, 256 1.89 (s: 1.56 at 128);
 *          up to 96^3 the direct small-matrix kernel runs, unthreaded.
 * The level-1 and gemv thresholds also bound what each thread gets
 * (half the threshold), so a third or fourth thread joins only for
 * proportionally larger calls. */
#ifndef FASTLA_PAR_LEVEL1_MIN
#define FASTLA_PAR_LEVEL1_MIN (1 << 15) /* axpy, dot: elements */
#endif
#ifndef FASTLA_PAR_NRM2_MIN
#define FASTLA_PAR_NRM2_MIN (1 << 18) /* nrm2: elements */
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
