/*
 * compare_run.c - fastla-compare's measuring: the table sweep and the gemm
 * ladder. Every configuration is checked once against the reference
 * backend before it is timed.
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include "compare.h"
#include "peak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The naive loops and the reference backend (whose gemm is the same
 * dot-product loop) need seconds per call beyond 512^3 and minutes at
 * 2048^3: above this many flops they are not timed. The reference backend
 * still computes the expected result of every configuration, and the
 * ladder always runs the naive loop. */
static double slow_flop_cap(run_mode mode) {
  return mode == MODE_FULL ? 2.2e9 : 2.7e8;
}

static int is_slow_impl(const impl *im) {
  return im->kind == IMPL_NAIVE ||
         (im->kind == IMPL_FASTLA && im->backend == FASTLA_BACKEND_REFERENCE);
}

void select_impl(const impl *im) {
  if (im->kind == IMPL_PEER) {
    bench_peer_set_threads(im->peer, im->threads);
    return;
  }
  if (im->kind == IMPL_FASTLA)
    bench_select_backend(im->backend, im->isa, im->threads);
}

typedef struct call_ctx {
  const impl *im;
  bench_problem *p;
  int status;
} call_ctx;

static void call_once(void *arg) {
  call_ctx *c = arg;
  switch (c->im->kind) {
  case IMPL_NAIVE:
    bench_run_naive(c->p);
    break;
  case IMPL_BLOCKED:
    bench_run_blocked(c->p);
    break;
  case IMPL_FASTLA:
    c->status |= bench_run_fastla(c->p);
    break;
  default:
    bench_run_peer(c->im->peer, c->p);
    break;
  }
}

/* Percent of peak: compute-bound work (gemm; anything whose operands fit
 * in the last-level cache) against the FMA peak, DRAM-resident level 1,
 * gemv and gemvt against the streaming bandwidth (the update pattern y += s x
 * for axpy, read for the others). */
static int fma_bound(const machine *m, const bench_problem *p) {
  return p->routine == BENCH_GEMM || bench_footprint(p) <= m->llc_bytes;
}

static void derive(const context *ctx, const bench_problem *p, row *r) {
  const machine *m = &ctx->mach;
  int many = r->impl->threads > 1;
  r->gflops = bench_flops(p) / r->seconds * 1e-9;
  r->gbs = bench_bytes(p) / r->seconds * 1e-9;
  if (fma_bound(m, p)) {
    r->bound = "fma";
    r->pct = 100.0 * r->gflops / (many ? m->fmat[p->dbl] : m->fma1[p->dbl]);
  } else {
    double bw = p->routine == BENCH_AXPY ? (many ? m->updatet : m->update1)
                                         : (many ? m->readt : m->read1);
    r->bound = "mem";
    r->pct = bw > 0 ? 100.0 * r->gbs / bw : 0.0;
  }
}

/* Multi-threaded runs: the libraries' worker threads busy-wait for a while
 * after each call before they sleep (measured with getrusage: OpenBLAS
 * ~0.1 s, GNU OpenMP - libfastla's openmp - ~10 ms). On a machine with as
 * many cores as threads, those spinning on behind the previous row take
 * cores from the next one, and a short call then runs at one-thread speed
 * (measured: gemm 128^3, 2 threads, 50-83 GFLOP/s in the table against
 * 90-182 alone). So a row starts only once the spinners of the last
 * multi-threaded row have stopped: 250 ms after a peer's, 30 ms after
 * libfastla's. Waiting no longer than that keeps the rows of a round close
 * in time, which matters for the DRAM-bound rows: the host's memory
 * bandwidth changes in spells of seconds. */
static void wait_for_spinners(const context *ctx) {
  double wait = ctx->spin_until - bench_now();
  if (wait > 0) {
    struct timespec q = {0, (long)(wait * 1e9)};
    nanosleep(&q, NULL);
  }
}

static void note_spinners(context *ctx, const impl *im) {
  if (im->threads > 1)
    ctx->spin_until = bench_now() + (im->kind == IMPL_PEER ? 0.25 : 0.03);
}

/* Checks one implementation's result; c is left ready for timing. */
static void prepare_row(context *ctx, bench_problem *p, const impl *im, row *r,
                        call_ctx *c) {
  *c = (call_ctx){im, p, 0};
  *r = (row){.impl = im};
  wait_for_spinners(ctx);
  select_impl(im);
  bench_problem_reset(p);
  if (im->kind == IMPL_FASTLA && im->backend == FASTLA_BACKEND_REFERENCE) {
    r->ok = 1; /* it computed the expected result itself */
  } else {
    call_once(c);
    note_spinners(ctx, im);
    r->ok = c->status == 0 && bench_problem_check(p, &r->worst);
    r->worst = c->status != 0 ? INFINITY : r->worst;
    ctx->wrong += !r->ok;
  }
  bench_problem_reset(p);
}

void measure_row(context *ctx, bench_problem *p, const impl *im, row *r) {
  call_ctx c;
  prepare_row(ctx, p, im, r, &c);
  r->seconds = bench_measure(call_once, &c, &ctx->timing);
  note_spinners(ctx, im);
  derive(ctx, p, r);
}

/* One more FMA peak pass (one thread, and the run's thread count), the
 * highest kept: the host has fast and slow spells that last seconds, and
 * a peak taken only at start-up in a slow spell overstated the %peak of
 * rows sampled later in a fast one (measured: 113.3 float and 57.1 double
 * at start-up against 116-117 and 58-58.5 in most runs). */
static void recheck_peak(context *ctx, int dbl) {
  machine *m = &ctx->mach;
  double g = bench_peak_fma_pass(dbl, 1);
  m->fma1[dbl] = g > m->fma1[dbl] ? g : m->fma1[dbl];
  if (m->threads > 1) {
    g = bench_peak_fma_pass(dbl, m->threads);
    m->fmat[dbl] = g > m->fmat[dbl] ? g : m->fmat[dbl];
  }
}

/* The rows of one configuration take their samples in turns, one each per
 * round, and each keeps its fastest. A slow spell of a shared machine (it
 * can last seconds) then falls on every row alike instead of on whichever
 * one was running, and the ratios between rows stay meaningful. Each round
 * starts one row further on, so that no row always follows the same one
 * (a multi-threaded row right after a one-thread row finds the other cores
 * idle for longer, and its threads wake more slowly). */
static void measure_rows_in_turns(context *ctx, bench_problem *p, row *rows,
                                  int nrows, double *samples) {
  call_ctx c[MAX_IMPLS];
  long calls[MAX_IMPLS];
  double total[MAX_IMPLS] = {0};
  const bench_timing_opts *tm = &ctx->timing;
  for (int i = 0; i < nrows; i++)
    if (!rows[i].skipped) {
      prepare_row(ctx, p, rows[i].impl, &rows[i], &c[i]);
      calls[i] = bench_calibrate(call_once, &c[i], tm->min_sample);
      note_spinners(ctx, rows[i].impl);
    }
  for (int s = 0; s < tm->max_samples; s++) {
    for (int k = 0; k < nrows; k++) {
      int i = (s + k) % nrows;
      samples[i * tm->max_samples + s] = NAN;
      if (rows[i].skipped || total[i] >= tm->max_total)
        continue;
      wait_for_spinners(ctx);
      select_impl(rows[i].impl);
      double t = bench_sample(call_once, &c[i], calls[i]);
      note_spinners(ctx, rows[i].impl);
      samples[i * tm->max_samples + s] = t;
      rows[i].seconds = s == 0 || t < rows[i].seconds ? t : rows[i].seconds;
      total[i] += t * (double)calls[i];
    }
    if (fma_bound(&ctx->mach, p))
      recheck_peak(ctx, p->dbl);
  }
  for (int i = 0; i < nrows; i++)
    if (!rows[i].skipped)
      derive(ctx, p, &rows[i]);
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median over the rounds in which both sampled of peer[s] / mine[s]. */
static double paired_ratio(const double *mine, const double *peer, int n) {
  double *r = malloc((size_t)(n > 0 ? n : 1) * sizeof *r);
  int got = 0;
  for (int s = 0; r && s < n; s++)
    if (!isnan(mine[s]) && !isnan(peer[s]))
      r[got++] = peer[s] / mine[s];
  double median = 0.0;
  if (got > 0) {
    qsort(r, (size_t)got, sizeof *r, compare_doubles);
    median = got % 2 ? r[got / 2] : 0.5 * (r[got / 2 - 1] + r[got / 2]);
  }
  free(r);
  return median;
}

/* Speedup over naive and ratio to the fastest peer, once all rows of a
 * configuration are in. */
static void relate_rows(row *rows, int nrows, const double *samples,
                        int nsamples) {
  double naive = 0.0, best_peer = 0.0;
  int peer = -1;
  for (int i = 0; i < nrows; i++) {
    if (rows[i].skipped)
      continue;
    if (rows[i].impl->kind == IMPL_NAIVE)
      naive = rows[i].seconds;
    if (rows[i].impl->kind == IMPL_PEER &&
        (best_peer == 0.0 || rows[i].seconds < best_peer)) {
      best_peer = rows[i].seconds;
      peer = i;
    }
  }
  for (int i = 0; i < nrows; i++) {
    if (rows[i].skipped)
      continue;
    rows[i].x_naive = naive > 0 ? naive / rows[i].seconds : 0.0;
    rows[i].vs_peer = best_peer > 0 ? best_peer / rows[i].seconds : 0.0;
    rows[i].paired = peer >= 0
                         ? paired_ratio(samples + i * nsamples,
                                        samples + peer * nsamples, nsamples)
                         : 0.0;
  }
}

/* ---- the table ----------------------------------------------------------- */

static int default_sizes(run_mode mode, bench_routine r, shape *out) {
  static const shape smoke_l1[] = {{1001, 1001, 1001}};
  static const shape smoke_gemv[] = {{67, 61, 0}};
  static const shape smoke_gemm[] = {{48, 48, 48}, {17, 13, 11}};
  static const shape quick_l1[] = {{4096, 4096, 4096},
                                   {1 << 24, 1 << 24, 1 << 24}};
  static const shape quick_gemv[] = {{512, 512, 0}, {4096, 4096, 0}};
  static const shape quick_gemm[] = {{256, 256, 256}, {512, 512, 512}};
  static const shape full_gemv[] = {
      {64, 64, 0},     {128, 128, 0},   {256, 256, 0},  {512, 512, 0},
      {1024, 1024, 0}, {2048, 2048, 0}, {4096, 4096, 0}};
  static const shape full_gemm[] = {
      {8, 8, 8},        {16, 16, 16},       {32, 32, 32},
      {64, 64, 64},     {128, 128, 128},    {256, 256, 256},
      {512, 512, 512},  {1024, 1024, 1024}, {2048, 2048, 2048},
      {2048, 2048, 64}, {2048, 64, 2048},   {64, 2048, 2048}};
  const shape *src;
  int n;
  int gemv = bench_routine_is_gemv(r); /* gemvt: the same shapes */
  int l1 = !gemv && r != BENCH_GEMM;
  if (mode == MODE_FULL && l1) {
    for (n = 0; n < 8; n++) /* 1 Ki .. 16 Mi elements, x4 */
      out[n] = (shape){1024LL << (2 * n), 1024LL << (2 * n), 0};
    return n;
  }
#define PICK(arr) (src = arr, n = (int)(sizeof arr / sizeof arr[0]))
  if (mode == MODE_SMOKE)
    l1 ? PICK(smoke_l1) : gemv ? PICK(smoke_gemv) : PICK(smoke_gemm);
  else if (mode == MODE_QUICK)
    l1 ? PICK(quick_l1) : gemv ? PICK(quick_gemv) : PICK(quick_gemm);
  else
    gemv ? PICK(full_gemv) : PICK(full_gemm);
#undef PICK
  memcpy(out, src, (size_t)n * sizeof *src);
  return n;
}

/* Whether a --sizes entry fits the routine: N fits all, MxN gemv and
 * gemvt, MxNxK gemm. */
static int size_fits(bench_routine r, shape s) {
  int single = s.m == s.n && s.k == s.m;
  if (r == BENCH_GEMM)
    return s.k > 0;
  if (bench_routine_is_gemv(r))
    return single || s.k == 0;
  return single;
}

/* One configuration: every implementation on the same operands. trans is
 * the gemm combination, bit 1 trans_a and bit 0 trans_b (0 otherwise). */
static void run_config(context *ctx, bench_routine r, int dbl, shape s,
                       unsigned trans, uint64_t seed) {
  bench_problem p = {0}; /* freeable even if samples could not be had */
  row rows[MAX_IMPLS];
  int ns = ctx->timing.max_samples;
  double *samples = malloc((size_t)ctx->nimpls * (size_t)ns * sizeof *samples);
  int init = !samples ? -1
             : r == BENCH_GEMM
                 ? bench_problem_init_gemm(&p, dbl, s.m, s.n, s.k,
                                           (trans >> 1) & 1, trans & 1, seed)
                 : bench_problem_init(&p, r, dbl, s.m, s.n, s.k, seed);
  if (init != 0 || bench_problem_prepare_check(&p) != 0) {
    fprintf(stdout, "%-5s %s out of memory at %lldx%lldx%lld\n",
            bench_routine_name(r), dbl ? "d" : "s", (long long)s.m,
            (long long)s.n, (long long)s.k);
    bench_problem_free(&p);
    free(samples);
    return;
  }
  for (int i = 0; i < ctx->nimpls; i++) {
    const impl *im = &ctx->impls[i];
    rows[i] = (row){.impl = im};
    if (is_slow_impl(im) && bench_flops(&p) > slow_flop_cap(ctx->opt.mode))
      rows[i].skipped = "skipped: too slow at this size";
    else if (im->kind == IMPL_PEER && !bench_peer_supports(im->peer, &p))
      rows[i].skipped = "n/a: routine not in this library";
  }
  measure_rows_in_turns(ctx, &p, rows, ctx->nimpls, samples);
  relate_rows(rows, ctx->nimpls, samples, ns);
  print_rows(ctx, &p, rows, ctx->nimpls);
  for (int i = 0; i < ctx->nimpls; i++)
    json_row(ctx, &p, &rows[i], "table");
  bench_problem_free(&p);
  free(samples);
}

void run_table(context *ctx) {
  const options *opt = &ctx->opt;
  uint64_t seed = 1;
  print_table_heading(ctx);
  for (int r = 0; r < BENCH_ROUTINE_COUNT; r++) {
    if (!(opt->routines & (1u << r)))
      continue;
    shape sizes[MAX_SIZES];
    int n = opt->nsizes ? opt->nsizes : default_sizes(opt->mode, r, sizes);
    if (opt->nsizes)
      memcpy(sizes, opt->sizes, sizeof sizes);
    /* gemm: each size once per requested transpose combination, side by
     * side; the other routines ignore --trans. */
    unsigned trans = r == BENCH_GEMM ? opt->trans : 1;
    for (int dbl = 0; dbl < 2; dbl++)
      for (int i = 0; i < n && (opt->precs & (1u << dbl)); i++)
        for (unsigned t = 0; t < 4; t++)
          if ((trans & (1u << t)) && size_fits((bench_routine)r, sizes[i]))
            run_config(ctx, (bench_routine)r, dbl, sizes[i], t, seed++);
  }
  print_legend(ctx);
}

/* ---- the ladder ---------------------------------------------------------- */

static const impl *find_backend(const context *ctx, fastla_backend b) {
  for (int i = 0; i < ctx->nimpls; i++)
    if (ctx->impls[i].kind == IMPL_FASTLA && ctx->impls[i].backend == b)
      return &ctx->impls[i];
  return NULL;
}

/* Measures one rung, or marks it n/a; the factor is over the last rung
 * that was measured. */
static void ladder_rung(context *ctx, bench_problem *p, const impl *im,
                        const char *missing, row *r, double *prev,
                        double naive) {
  if (im == NULL) {
    static const impl none = {IMPL_FASTLA,     "-", FASTLA_BACKEND_AUTO,
                              FASTLA_ISA_AUTO, 1,   NULL};
    *r = (row){.impl = &none, .skipped = missing};
    return;
  }
  measure_row(ctx, p, im, r);
  r->x_naive = naive > 0 ? naive / r->seconds : 1.0;
  r->factor = *prev > 0 ? *prev / r->seconds : 0.0;
  *prev = r->seconds;
}

/* Libraries beside the ladder, so its last rung has a yardstick: each peer
 * on one core and on all of them. */
static void ladder_comparison(context *ctx, bench_problem *p, double naive) {
  impl extra[2 * MAX_PEERS];
  int count = 0, threads = ctx->opt.threads;
  for (int i = 0; i < ctx->npeers; i++)
    for (int t = 1; t <= threads; t = t == threads ? t + 1 : threads) {
      impl *im = &extra[count++];
      *im = (impl){IMPL_PEER, "", 0, 0, t, &ctx->peers[i]};
      if (t > 1)
        snprintf(im->name, sizeof im->name, "%s(%dt)", ctx->peers[i].name, t);
      else
        snprintf(im->name, sizeof im->name, "%s", ctx->peers[i].name);
    }
  if (count)
    print_ladder_comparison_heading();
  for (int i = 0; i < count; i++) {
    row r;
    measure_row(ctx, p, &extra[i], &r);
    r.x_naive = naive / r.seconds;
    print_ladder_row(&r);
    json_row(ctx, p, &r, "ladder-comparison");
  }
}

/* The SIMD rung is meant to show a SIMD microkernel: when the simd backend
 * has no gemm microkernel (its gemm would be the reference loop), say so
 * instead of timing the reference loop under the simd label. Returns NULL
 * when the rung can run, else the reason. */
static const char *simd_gemm_missing(int dbl) {
  if (fastla_set_backend(FASTLA_BACKEND_SIMD) != FASTLA_OK)
    return NULL; /* the backend itself is missing: its own reason applies */
  const char *name = fastla_kernel_name(dbl ? "dgemm_ukr" : "sgemm_ukr");
  fastla_set_backend(FASTLA_BACKEND_AUTO);
  if (name && strcmp(name, "none") != 0)
    return NULL;
  return "no SIMD gemm microkernel in this build";
}

static void ladder_prec(context *ctx, int dbl) {
  int64_t n = ctx->opt.ladder_size;
  int threads = ctx->opt.threads;
  bench_problem p;
  if (bench_problem_init(&p, BENCH_GEMM, dbl, n, n, n, 7) != 0 ||
      bench_problem_prepare_check(&p) != 0) {
    printf("ladder: out of memory at n = %lld\n", (long long)n);
    bench_problem_free(&p);
    return;
  }
  impl naive = {IMPL_NAIVE, "naive", 0, 0, 1, NULL};
  impl blocked = {IMPL_BLOCKED, "blocked", 0, 0, 1, NULL};
  const impl *omp = find_backend(ctx, FASTLA_BACKEND_OPENMP);
  const impl *simd = find_backend(ctx, FASTLA_BACKEND_SIMD);
  const char *simd_missing = ctx->simd_missing;
  const char *no_kernel = simd ? simd_gemm_missing(dbl) : NULL;
  if (no_kernel) {
    simd_missing = no_kernel;
    simd = NULL;
  }
  const impl *rungs[4] = {&naive, &blocked, simd, omp};
  const char *missing[4] = {NULL, NULL, simd_missing, ctx->openmp_missing};
  row rows[4];
  double prev = 0.0;
  print_ladder_heading(ctx, &p, threads);
  for (int i = 0; i < 4; i++) {
    ladder_rung(ctx, &p, rungs[i], missing[i], &rows[i], &prev,
                i ? rows[0].seconds : 0.0);
    rows[i].rung = i + 1;
    print_ladder_row(&rows[i]);
    json_row(ctx, &p, &rows[i], "ladder");
  }
  ladder_comparison(ctx, &p, rows[0].seconds);
  printf("\n");
  bench_problem_free(&p);
}

void run_ladder(context *ctx) {
  for (int dbl = 0; dbl < 2; dbl++)
    if (ctx->opt.precs & (1u << dbl))
      ladder_prec(ctx, dbl);
  print_ladder_legend();
}
