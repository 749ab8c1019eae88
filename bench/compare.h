/*
 * compare.h - the pieces of fastla-compare shared between its files:
 * options, the measured machine limits, the list of implementations and
 * one result row.
 */
#ifndef FASTLA_BENCH_COMPARE_H
#define FASTLA_BENCH_COMPARE_H

#include "fastla.h"
#include "peers.h"
#include "problem.h"
#include "timer.h"

#include <stdio.h>

enum { MAX_SIZES = 32, MAX_PEERS = 8, MAX_IMPLS = 16 };

typedef enum run_mode { MODE_SMOKE, MODE_QUICK, MODE_FULL } run_mode;

typedef struct shape {
  int64_t m, n, k;
} shape;

typedef struct options {
  unsigned routines; /* bit r set: run bench_routine r */
  unsigned precs;    /* bit 0: float, bit 1: double */
  shape sizes[MAX_SIZES];
  int nsizes;     /* 0: the mode's default sizes */
  unsigned trans; /* bit 2*trans_a + trans_b: gemm runs with it (NN = 1) */
  int threads;
  int threads_given;
  int samples; /* 0: the mode's default */
  run_mode mode;
  int ladder;
  int64_t ladder_size;
  int all_isas;
  int no_peers;
  const char *json_path;
  const char *peer_spec[MAX_PEERS]; /* "name=path" from --peer */
  int npeer_specs;
} options;

/* Measured limits; index [dbl] is 0 for float, 1 for double. */
typedef struct machine {
  char cpu[128];
  int cpus;
  double llc_bytes;
  int threads; /* the thread count of the "_t" figures */
  double fma1[2], fmat[2];
  const char *fma_width;
  double read1, update1, readt, updatet;
} machine;

typedef enum impl_kind {
  IMPL_NAIVE,
  IMPL_BLOCKED,
  IMPL_FASTLA,
  IMPL_PEER
} impl_kind;

typedef struct impl {
  impl_kind kind;
  char name[40];
  fastla_backend backend;
  fastla_isa isa;
  int threads;
  bench_peer *peer;
} impl;

typedef struct row {
  const impl *impl;
  const char *skipped; /* non-NULL: not measured, and why */
  double seconds, gflops, gbs, pct;
  const char *bound;       /* "fma" or "mem": what pct divides by */
  double x_naive, vs_peer; /* 0 when not available */
  double paired;           /* median same-round ratio to the best peer, or 0 */
  double factor;           /* ladder: speedup over the previous rung */
  int ok;
  double worst; /* largest error / tolerance */
  int rung;     /* ladder rung, 0 in the table */
} row;

typedef struct context {
  options opt;
  machine mach;
  bench_peer peers[MAX_PEERS];
  int npeers;
  impl impls[MAX_IMPLS];
  int nimpls;
  const char *simd_missing;   /* why simd is not listed, or NULL */
  const char *openmp_missing; /* likewise for openmp */
  bench_timing_opts timing;
  FILE *json;
  int json_records;
  int wrong;         /* count of wrong results */
  int size_width;    /* of the table's size column: wider for "... TN" */
  double spin_until; /* bench_now() when the last multi-threaded row's
                        threads have stopped busy-waiting */
} context;

/* compare_run.c */
void select_impl(const impl *im);
void measure_row(context *ctx, bench_problem *p, const impl *im, row *r);
void run_table(context *ctx);
void run_ladder(context *ctx);

/* report.c */
void print_header(const context *ctx);
void print_table_heading(const context *ctx);
void print_rows(const context *ctx, const bench_problem *p, const row *rows,
                int nrows);
void print_legend(const context *ctx);
void print_ladder_heading(const context *ctx, const bench_problem *p,
                          int threads);
void print_ladder_row(const row *r);
void print_ladder_comparison_heading(void);
void print_ladder_legend(void);
void json_open(context *ctx);
void json_row(context *ctx, const bench_problem *p, const row *r,
              const char *section);
void json_close(context *ctx);

#endif /* FASTLA_BENCH_COMPARE_H */
