/*
 * problem.h - one benchmark configuration (routine, precision, shape) with
 * its random inputs, the flop and byte conventions, the calls into each
 * implementation, and the once-per-configuration correctness check against
 * libfastla's reference backend. Shared by fastla-compare (C) and
 * fastla_bench (C++).
 */
#ifndef FASTLA_BENCH_PROBLEM_H
#define FASTLA_BENCH_PROBLEM_H

#include "fastla.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bench_routine {
  BENCH_AXPY,
  BENCH_DOT,
  BENCH_NRM2,
  BENCH_GEMV,   /* y := alpha A x + beta y */
  BENCH_GEMV_T, /* y := alpha A^T x + beta y, the same A read across */
  BENCH_GEMM,
  BENCH_ROUTINE_COUNT
} bench_routine;

/* Operands, all column-major with unit stride:
 *   axpy: a = x, c = y (updated)      dot:  a = x, b = y
 *   nrm2: a = x                       gemv: a = A (m x n), b = x, c = y
 *   gemvt: a = A (m x n), b = x (m), c = y (n)
 *   gemm: a = A (m x k), b = B (k x n), c = C (m x n); with trans_a the
 *         product uses A^T and A is stored k x m (lda = k), with trans_b
 *         it uses B^T and B is stored n x k (ldb = n)
 * c0 keeps the initial output so every check starts from the same state. */
typedef struct bench_problem {
  bench_routine routine;
  int dbl; /* 1 for double, 0 for float */
  int64_t m, n, k;
  int trans_a, trans_b; /* gemm: 1 when op(A) = A^T, op(B) = B^T */
  int64_t lda, ldb;     /* gemm: leading dimensions of A and B as stored */
  size_t esize;
  size_t na, nb, nc; /* element counts of a, b, c */
  void *a, *b, *c, *c0;
  double alpha, beta;
  double result; /* the value dot and nrm2 return */
  /* The check: expected output (reference backend) and per-element
   * tolerance from the rounding-error bound; NULL until computed. */
  double *expect, *tol;
} bench_problem;

const char *bench_routine_name(bench_routine r);
/* Returns BENCH_ROUTINE_COUNT for an unknown name. */
bench_routine bench_routine_parse(const char *name);
/* 1 for gemv and gemvt: an m x n matrix and two vectors. */
int bench_routine_is_gemv(bench_routine r);

/* Allocates and fills the operands with pseudo-random values in [-1, 1]
 * from seed. Level-1 routines use n only, gemv and gemvt m and n. Returns 0, or
 * -1 when memory runs out (p is then empty). */
int bench_problem_init(bench_problem *p, bench_routine r, int dbl, int64_t m,
                       int64_t n, int64_t k, uint64_t seed);
/* gemm with the given transposes (0 or 1 each). A transpose changes only
 * how A or B is stored, not its element count, so the operands hold the
 * same random values as bench_problem_init's. */
int bench_problem_init_gemm(bench_problem *p, int dbl, int64_t m, int64_t n,
                            int64_t k, int trans_a, int trans_b, uint64_t seed);
void bench_problem_free(bench_problem *p);
/* Restores the output operand to its initial contents. */
void bench_problem_reset(bench_problem *p);
/* "4096", "512x512" or "256x256x256"; a transposed gemm adds its
 * combination: "256x256x256 TN" (trans_a, not trans_b). */
void bench_problem_label(const bench_problem *p, char *buf, size_t size);
/* "NN", "NT", "TN" or "TT": op(A) then op(B), T for transposed. */
const char *bench_trans_name(int trans_a, int trans_b);

/* Conventions: gemm 2mnk, gemv and gemvt 2mn, axpy/dot/nrm2 2n flops.
 * Bytes are the compulsory traffic: axpy 3n (read x and y, write y), dot
 * 2n, nrm2 n, gemv mn + n + 2m (read A and x, read and write y), gemvt
 * mn + m + 2n (x has m elements, y n), gemm mk + kn + 2mn, all times the
 * element size. */
double bench_flops(const bench_problem *p);
double bench_bytes(const bench_problem *p);
/* Bytes of all operands together: tells cache-resident from DRAM. */
double bench_footprint(const bench_problem *p);

/* One call of each implementation on p's operands. */
void bench_run_naive(bench_problem *p);
/* Selects a libfastla backend for the following calls: the ISA cap for
 * simd and openmp, the thread count for openmp. Returns the status of
 * fastla_set_backend. */
int bench_select_backend(fastla_backend backend, fastla_isa isa, int threads);
/* The ladder's second rung; gemm only (other routines run naive). */
void bench_run_blocked(bench_problem *p);
/* libfastla with whatever backend and ISA are selected now. Returns the
 * fastla_status of the call (0 for the level-1 routines). */
int bench_run_fastla(bench_problem *p);

/* Computes the expected result with libfastla's reference backend (the
 * selected backend is restored afterwards) and the tolerance of every
 * output element. Returns 0, or -1 when memory runs out. */
int bench_problem_prepare_check(bench_problem *p);
/* Compares the current output (after exactly one call from the reset
 * state) with the expected one. Returns 1 when every element is within
 * tolerance, else 0; *worst gets the largest error / tolerance ratio. */
int bench_problem_check(const bench_problem *p, double *worst);

/* Results of dot and nrm2 land here too, so no call can be discarded. */
extern volatile double bench_sink;

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_BENCH_PROBLEM_H */
