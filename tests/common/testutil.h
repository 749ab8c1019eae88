/* testutil.h - shared helpers for the cmocka tests. */
#ifndef FASTLA_TESTUTIL_H
#define FASTLA_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "fastla.h"

/* Selects the backend/ISA named by the FASTLA_TEST_CONFIG environment
 * variable ("reference", "simd-<isa>" or "openmp-<isa>" for isa sse2, avx2,
 * avx512;
 * unset means "reference"). When this machine or build cannot run it, prints
 * one line saying why and exits with 77, which ctest reports as skipped.
 * Returns the configuration name. Call first thing in main(). */
const char *fastla_test_select_config(void);

/* ------------------------------------------------------------------------ */
/* Precision: every test body is written once and run for float and double. */
/* ------------------------------------------------------------------------ */

typedef enum tu_prec { TU_FLOAT = 0, TU_DOUBLE = 1 } tu_prec;

/* Initial states for cmocka: TU_BOTH(f) registers f twice, as "s:f" and
 * "d:f", and f reads its precision with tu_state_prec(state). */
extern tu_prec tu_prec_float, tu_prec_double;
#define TU_PREC_TEST(name, f, prec)                                            \
  { name, f, NULL, NULL, prec }
#define TU_BOTH(f)                                                             \
  TU_PREC_TEST("s:" #f, f, &tu_prec_float),                                    \
      TU_PREC_TEST("d:" #f, f, &tu_prec_double)
static inline tu_prec tu_state_prec(void **state) {
  return *(const tu_prec *)*state;
}

/* Machine epsilon of the precision. */
double tu_eps(tu_prec p);
/* Rounds v to the precision (what the library receives for a scalar). */
double tu_round(tu_prec p, double v);
/* Largest finite, smallest normal and smallest subnormal positive value. */
double tu_max(tu_prec p);
double tu_min_normal(tu_prec p);
double tu_true_min(tu_prec p);
/* "s" or "d", for messages. */
const char *tu_prec_name(tu_prec p);

/* ------------------------------------------------------------------------ */
/* Deterministic random numbers (fixed seed per test, so failures replay).  */
/* ------------------------------------------------------------------------ */

typedef struct tu_rng {
  uint64_t state;
} tu_rng;

tu_rng tu_rng_make(uint64_t seed);
/* Uniform in [-1, 1), never exactly zero so no product vanishes by luck. */
double tu_rng_value(tu_rng *rng);

/* ------------------------------------------------------------------------ */
/* Guarded buffers                                                          */
/* ------------------------------------------------------------------------ */

/* A buffer of len elements of one precision with at least TU_GUARD
 * elements of sentinel before and after. Every element starts as the
 * sentinel (a NaN with a recognisable payload), so padding the library must
 * not read turns results into NaN, and padding it must not write can be
 * compared byte for byte with a snapshot.
 *
 * The data start TU_ALIGN-byte aligned plus a chosen misalignment in
 * elements, so SIMD kernels meet both aligned operands and operands one
 * element off a vector boundary (their peel and unaligned paths). */
#define TU_GUARD 16
#define TU_ALIGN 64

typedef struct tu_buf {
  tu_prec prec;
  size_t esize; /* bytes per element */
  size_t len;   /* elements the library may see */
  size_t lead;  /* sentinel elements before data: TU_GUARD + misalignment */
  unsigned char *alloc;
  void *data; /* alloc + lead elements */
} tu_buf;

/* Allocates len (may be 0) elements, all sentinel, TU_ALIGN-aligned.
 * Aborts the test on OOM. */
tu_buf tu_buf_make(tu_prec p, size_t len);
/* Same with data misalign elements past a TU_ALIGN-byte boundary. */
tu_buf tu_buf_make_at(tu_prec p, size_t len, size_t misalign);
void tu_buf_free(tu_buf *b);
void tu_buf_set(tu_buf *b, size_t i, double v);
double tu_buf_get(const tu_buf *b, size_t i);
/* Sets every element (not the guards) to v. */
void tu_buf_fill(tu_buf *b, double v);
/* A copy of the whole allocation, guards included; free() it. */
unsigned char *tu_buf_snapshot(const tu_buf *b);
/* 1 if the whole allocation equals the snapshot byte for byte. */
int tu_buf_unchanged(const tu_buf *b, const unsigned char *snap);
/* Number of elements (guards included) that differ from the snapshot
 * although footprint[i] is 0 for them; footprint has len entries. */
size_t tu_buf_changed_outside(const tu_buf *b, const unsigned char *snap,
                              const unsigned char *footprint);
/* The elements widened to double (sentinels become NaN); free() it. */
double *tu_buf_widen(const tu_buf *b);

/* ------------------------------------------------------------------------ */
/* Vector and matrix storage (reference BLAS conventions)                   */
/* ------------------------------------------------------------------------ */

/* Elements of storage a vector of n elements with increment inc spans. */
size_t tu_vec_len(fastla_int n, fastla_int inc);
/* Storage index of logical element i (pointer = lowest address). */
size_t tu_vec_index(fastla_int n, fastla_int inc, fastla_int i);
/* Storage index of element (r, c) of a stored matrix. */
size_t tu_mat_index(fastla_layout layout, fastla_int ld, fastla_int r,
                    fastla_int c);
/* Elements a rows x cols stored matrix with leading dimension ld spans
 * (ld times the number of columns/rows, so trailing padding is included). */
size_t tu_mat_len(fastla_layout layout, fastla_int rows, fastla_int cols,
                  fastla_int ld);
/* Minimal legal leading dimension of a stored rows x cols matrix. */
fastla_int tu_min_ld(fastla_layout layout, fastla_int rows, fastla_int cols);

/* A vector of n elements with increment inc in a fresh buffer, its elements
 * random, its gaps sentinel. */
tu_buf tu_vec_random(tu_prec p, fastla_int n, fastla_int inc, tu_rng *rng);
tu_buf tu_vec_random_at(tu_prec p, fastla_int n, fastla_int inc,
                        size_t misalign, tu_rng *rng);
/* A stored rows x cols matrix, elements random, padding sentinel. */
tu_buf tu_mat_random(tu_prec p, fastla_layout layout, fastla_int rows,
                     fastla_int cols, fastla_int ld, tu_rng *rng);
tu_buf tu_mat_random_at(tu_prec p, fastla_layout layout, fastla_int rows,
                        fastla_int cols, fastla_int ld, size_t misalign,
                        tu_rng *rng);
/* A vector holding v[0..n-1] with increment inc, gaps sentinel; with
 * inc == 0 the one stored element is v[0]. */
tu_buf tu_vec_from(tu_prec p, const double *v, fastla_int n, fastla_int inc);
tu_buf tu_vec_from_at(tu_prec p, const double *v, fastla_int n, fastla_int inc,
                      size_t misalign);
/* Sets every logical element of a vector / stored matrix to v. */
void tu_vec_fill(tu_buf *b, fastla_int n, fastla_int inc, double v);
void tu_mat_fill(tu_buf *b, fastla_layout layout, fastla_int rows,
                 fastla_int cols, fastla_int ld, double v);
/* Footprints (1 = element may be written) for tu_buf_changed_outside;
 * free() them. */
unsigned char *tu_vec_footprint(const tu_buf *b, fastla_int n, fastla_int inc);
unsigned char *tu_mat_footprint(const tu_buf *b, fastla_layout layout,
                                fastla_int rows, fastla_int cols,
                                fastla_int ld);

/* ------------------------------------------------------------------------ */
/* Tolerances                                                               */
/* ------------------------------------------------------------------------ */

/* Constant c of the error bound c * (k + 2) * eps * magnitude; the +2
 * covers the scaling by alpha/beta and the final rounding, so k = 1 still
 * allows a few roundings. */
#define TU_ERR_C 3.0

/* 1 if got is acceptable for the exact value: NaN iff exact is NaN, equal
 * infinities, else |got - exact| <= TU_ERR_C * (k + 2) * eps * mag. */
int tu_close(double got, long double exact, long double mag, double k,
             double eps);
/* Same with a relative bound: mag = |exact|. */
int tu_close_rel(double got, long double exact, double k, double eps);

/* ------------------------------------------------------------------------ */
/* Calls into the library for either precision (pointers may be NULL).      */
/* ------------------------------------------------------------------------ */

void tu_axpy(tu_prec p, fastla_int n, double alpha, const void *x,
             fastla_int incx, void *y, fastla_int incy);
double tu_dot(tu_prec p, fastla_int n, const void *x, fastla_int incx,
              const void *y, fastla_int incy);
double tu_nrm2(tu_prec p, fastla_int n, const void *x, fastla_int incx);
fastla_status tu_gemv(tu_prec p, fastla_layout layout, fastla_transpose trans,
                      fastla_int m, fastla_int n, double alpha, const void *a,
                      fastla_int lda, const void *x, fastla_int incx,
                      double beta, void *y, fastla_int incy);
fastla_status tu_gemm(tu_prec p, fastla_layout layout, fastla_transpose transa,
                      fastla_transpose transb, fastla_int m, fastla_int n,
                      fastla_int k, double alpha, const void *a, fastla_int lda,
                      const void *b, fastla_int ldb, double beta, void *c,
                      fastla_int ldc);

#endif
