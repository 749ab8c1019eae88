/*
 * compare.c - fastla-compare: one table of naive loops, every libfastla
 * backend and other BLAS libraries on this machine, with GFLOP/s, GB/s,
 * percent of the measured peak and speedups; and the gemm "ladder".
 * This file: command line, machine limits and the list of
 * implementations. The measuring is in compare_run.c, the output in
 * report.c.
 */
#define _POSIX_C_SOURCE 200809L
#include "compare.h"
#include "peak.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out) {
  fputs("usage: fastla-compare [options]\n"
        "  --quick            moderate sizes, under a minute (the default)\n"
        "  --full             sweep sizes from L1-resident to DRAM-resident\n"
        "  --smoke            tiny sizes and short timings, for CI\n"
        "  --routines LIST    axpy,dot,nrm2,gemv,gemvt,gemm (default: all)\n"
        "  --prec LIST        s,d (default: both)\n"
        "  --sizes LIST       N (gemm N^3, gemv/gemvt NxN), MxN (gemv, gemvt: "
        "A is MxN)\n"
        "                     or MxNxK (gemm)\n"
        "  --trans LIST       gemm transposes, op(A) then op(B): NN,NT,TN,TT "
        "(default\n"
        "                     NN); every gemm size runs once per combination\n"
        "  --threads N        threads for openmp and the peers (default 1)\n"
        "  --samples N        best of N timed samples per row (default 3, "
        "--full 5)\n"
        "  --all-isas         a simd row for every ISA this CPU runs\n"
        "  --ladder           the gemm ladder: naive -> blocked -> SIMD -> "
        "all cores\n"
        "  --ladder-size N    size of the ladder's square gemm (default 1024)\n"
        "  --peer NAME=PATH   load a BLAS with cblas_* (or Fortran) symbols; "
        "NAME\n"
        "                     openblas or blis replaces the default search\n"
        "  --no-peers         do not search for OpenBLAS and BLIS (--peer "
        "still loads)\n"
        "  --json FILE        also write the results as JSON\n"
        "Exit status 1 if any result is wrong, 2 on a usage error.\n",
        out);
}

static int parse_list(const char *list, const char *const *names, int count,
                      unsigned *mask) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", list);
  *mask = 0;
  for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
    int found = 0;
    for (int i = 0; i < count; i++)
      if (strcmp(tok, names[i]) == 0) {
        *mask |= 1u << i;
        found = 1;
      }
    if (!found) {
      fprintf(stderr, "fastla-compare: unknown value '%s'\n", tok);
      return -1;
    }
  }
  return 0;
}

static int parse_sizes(const char *list, options *opt) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", list);
  opt->nsizes = 0;
  for (char *tok = strtok(buf, ","); tok && opt->nsizes < MAX_SIZES;
       tok = strtok(NULL, ",")) {
    long long d[3] = {0, 0, 0};
    int got = sscanf(tok, "%lldx%lldx%lld", &d[0], &d[1], &d[2]);
    if (got < 1 || d[0] < 1 || (got > 1 && d[1] < 1) || (got > 2 && d[2] < 1)) {
      fprintf(stderr, "fastla-compare: bad size '%s'\n", tok);
      return -1;
    }
    /* N means N, NxN or NxNxN; MxN gives gemm k = N. */
    shape s = {d[0], got > 1 ? d[1] : d[0],
               got > 2 ? d[2] : (got > 1 ? 0 : d[0])};
    opt->sizes[opt->nsizes++] = s;
  }
  return 0;
}

static int parse_int(const char *s, long long min, long long *out) {
  char *end;
  long long v = strtoll(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < min)
    return -1;
  *out = v;
  return 0;
}

/* Options that take a value; returns 1 if argv[*i] was one of them. */
static int parse_valued(options *opt, int argc, char **argv, int *i, int *bad) {
  const char *routine_names[BENCH_ROUTINE_COUNT];
  static const char *const prec_names[] = {"s", "d"};
  /* bit 2*trans_a + trans_b, as bench_trans_name spells them */
  static const char *const trans_names[] = {"NN", "NT", "TN", "TT"};
  for (int r = 0; r < BENCH_ROUTINE_COUNT; r++) /* bit r = bench_routine r */
    routine_names[r] = bench_routine_name((bench_routine)r);
  const char *arg = argv[*i];
  long long v = 0;
  if (strcmp(arg, "--routines") && strcmp(arg, "--prec") &&
      strcmp(arg, "--sizes") && strcmp(arg, "--trans") &&
      strcmp(arg, "--threads") && strcmp(arg, "--ladder-size") &&
      strcmp(arg, "--samples") && strcmp(arg, "--json") &&
      strcmp(arg, "--peer"))
    return 0;
  if (*i + 1 >= argc) {
    *bad = 1;
    return 1;
  }
  const char *val = argv[++*i];
  if (!strcmp(arg, "--routines"))
    *bad = parse_list(val, routine_names, BENCH_ROUTINE_COUNT,
                      &opt->routines) != 0;
  else if (!strcmp(arg, "--prec"))
    *bad = parse_list(val, prec_names, 2, &opt->precs) != 0;
  else if (!strcmp(arg, "--sizes"))
    *bad = parse_sizes(val, opt) != 0;
  else if (!strcmp(arg, "--trans"))
    *bad = parse_list(val, trans_names, 4, &opt->trans) != 0 || opt->trans == 0;
  else if (!strcmp(arg, "--threads")) {
    *bad = parse_int(val, 1, &v) != 0 || v > 256;
    opt->threads = (int)v;
    opt->threads_given = 1;
  } else if (!strcmp(arg, "--samples")) {
    *bad = parse_int(val, 1, &v) != 0 || v > 1000;
    opt->samples = (int)v;
  } else if (!strcmp(arg, "--ladder-size")) {
    *bad = parse_int(val, 1, &v) != 0;
    opt->ladder_size = v;
  } else if (!strcmp(arg, "--json"))
    opt->json_path = val;
  else if (opt->npeer_specs < MAX_PEERS && strchr(val, '='))
    opt->peer_spec[opt->npeer_specs++] = val;
  else
    *bad = 1;
  return 1;
}

/* Returns 0 to run, 1 after --help, -1 on a usage error. */
static int parse_args(options *opt, int argc, char **argv) {
  *opt = (options){.routines = (1u << BENCH_ROUTINE_COUNT) - 1,
                   .precs = 3,
                   .trans = 1, /* NN only, in every mode */
                   .threads = 1,
                   .mode = MODE_QUICK,
                   .ladder_size = 1024};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int bad = 0;
    if (parse_valued(opt, argc, argv, &i, &bad)) {
      if (bad) {
        fprintf(stderr, "fastla-compare: bad value for %s\n", arg);
        return -1;
      }
    } else if (!strcmp(arg, "--quick"))
      opt->mode = MODE_QUICK;
    else if (!strcmp(arg, "--full"))
      opt->mode = MODE_FULL;
    else if (!strcmp(arg, "--smoke"))
      opt->mode = MODE_SMOKE;
    else if (!strcmp(arg, "--ladder"))
      opt->ladder = 1;
    else if (!strcmp(arg, "--all-isas"))
      opt->all_isas = 1;
    else if (!strcmp(arg, "--no-peers"))
      opt->no_peers = 1;
    else if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      usage(stdout);
      return 1;
    } else {
      fprintf(stderr, "fastla-compare: unknown option %s\n", arg);
      return -1;
    }
  }
  return 0;
}

/* ---- peers -------------------------------------------------------------- */

/* The path --peer gave for name, or NULL. */
static const char *peer_override(const options *opt, const char *name) {
  size_t len = strlen(name);
  for (int i = 0; i < opt->npeer_specs; i++)
    if (!strncmp(opt->peer_spec[i], name, len) && opt->peer_spec[i][len] == '=')
      return opt->peer_spec[i] + len + 1;
  return NULL;
}

static void add_peer(context *ctx, const char *name, const char *path,
                     const char *const *defaults) {
  bench_peer *peer = &ctx->peers[ctx->npeers];
  char err[512];
  if (path && bench_peer_open(peer, name, path, err, sizeof err) != 0) {
    fprintf(stderr, "fastla-compare: peer %s: %s\n", name, err);
    return;
  }
  if (!path && bench_peer_open_first(peer, name, defaults) != 0)
    return; /* not installed: simply not compared */
  bench_peer_set_threads(peer, ctx->opt.threads);
  ctx->npeers++;
}

/* OpenBLAS and BLIS from the usual paths unless --no-peers or --peer
 * names them; then every other --peer. */
static void open_peers(context *ctx) {
  const options *opt = &ctx->opt;
  /* Libraries read these at load time and may spawn their thread pool
   * then; the explicit set-threads call after dlopen covers the rest. */
  bench_peers_preset_threads(opt->threads);
  const char *openblas = peer_override(opt, "openblas");
  const char *blis = peer_override(opt, "blis");
  if (openblas || !opt->no_peers)
    add_peer(ctx, "openblas", openblas, bench_openblas_paths);
  if (blis || !opt->no_peers)
    add_peer(ctx, "blis", blis, bench_blis_paths);
  for (int i = 0; i < opt->npeer_specs && ctx->npeers < MAX_PEERS; i++) {
    char name[32];
    const char *eq = strchr(opt->peer_spec[i], '=');
    snprintf(name, sizeof name, "%.*s", (int)(eq - opt->peer_spec[i]),
             opt->peer_spec[i]);
    if (strcmp(name, "openblas") && strcmp(name, "blis"))
      add_peer(ctx, name, eq + 1, NULL);
  }
}

/* ---- implementations, found by asking the library ------------------------ */

static void add_impl(context *ctx, impl_kind kind, const char *name,
                     fastla_backend backend, fastla_isa isa, int threads,
                     bench_peer *peer) {
  impl *im = &ctx->impls[ctx->nimpls++];
  *im = (impl){kind, "", backend, isa, threads, peer};
  snprintf(im->name, sizeof im->name, "%s", name);
}

/* The ISAs the simd backend accepts, best first unless all_isas. A cap the
 * library maps to a lower ISA (not built) is listed under the ISA it runs. */
static void add_simd_impls(context *ctx) {
  fastla_isa seen[8];
  int nseen = 0;
  for (int isa = FASTLA_ISA_AVX512; isa >= FASTLA_ISA_SSE2; isa--) {
    if (fastla_set_isa((fastla_isa)isa) != FASTLA_OK)
      continue;
    fastla_isa got = fastla_get_isa();
    int dup = 0;
    for (int i = 0; i < nseen; i++)
      dup |= seen[i] == got;
    if (dup)
      continue;
    seen[nseen++] = got;
    char name[40];
    snprintf(name, sizeof name, "simd(%s)", fastla_isa_name(got));
    add_impl(ctx, IMPL_FASTLA, name, FASTLA_BACKEND_SIMD, got, 1, NULL);
    if (!ctx->opt.all_isas)
      break;
  }
  fastla_set_isa(FASTLA_ISA_AUTO);
}

static void find_impls(context *ctx) {
  char name[40];
  add_impl(ctx, IMPL_NAIVE, "naive", FASTLA_BACKEND_AUTO, FASTLA_ISA_AUTO, 1,
           NULL);
  add_impl(ctx, IMPL_FASTLA, "reference", FASTLA_BACKEND_REFERENCE,
           FASTLA_ISA_SCALAR, 1, NULL);
  if (fastla_set_backend(FASTLA_BACKEND_SIMD) == FASTLA_OK)
    add_simd_impls(ctx);
  else
    ctx->simd_missing = "simd backend not available";
  if (fastla_set_backend(FASTLA_BACKEND_OPENMP) == FASTLA_OK) {
    snprintf(name, sizeof name, "openmp(%dt)", ctx->opt.threads);
    add_impl(ctx, IMPL_FASTLA, name, FASTLA_BACKEND_OPENMP, FASTLA_ISA_AUTO,
             ctx->opt.threads, NULL);
  } else {
    ctx->openmp_missing = "openmp backend not available";
  }
  for (int i = 0; i < ctx->npeers; i++)
    add_impl(ctx, IMPL_PEER, ctx->peers[i].name, FASTLA_BACKEND_AUTO,
             FASTLA_ISA_AUTO, ctx->opt.threads, &ctx->peers[i]);
  fastla_set_backend(FASTLA_BACKEND_AUTO);
}

/* ---- machine ------------------------------------------------------------ */

static void read_cpu_name(machine *m) {
  char line[256];
  FILE *f = fopen("/proc/cpuinfo", "r");
  snprintf(m->cpu, sizeof m->cpu, "unknown CPU");
  while (f && fgets(line, sizeof line, f)) {
    char *colon = strchr(line, ':');
    if (!strncmp(line, "model name", 10) && colon) {
      snprintf(m->cpu, sizeof m->cpu, "%s", colon + 2);
      m->cpu[strcspn(m->cpu, "\n")] = '\0';
      break;
    }
  }
  if (f)
    fclose(f);
}

/* The last-level cache from sysfs: sysconf's answer is wrong under some
 * hypervisors (it reports 320 MiB on the development VM). */
static double llc_bytes(void) {
  for (int index = 3; index >= 2; index--) {
    char path[96];
    long long kib = 0;
    snprintf(path, sizeof path,
             "/sys/devices/system/cpu/cpu0/cache/index%d/size", index);
    FILE *f = fopen(path, "r");
    int got = f ? fscanf(f, "%lldK", &kib) : 0;
    if (f)
      fclose(f);
    if (got == 1 && kib > 0)
      return (double)kib * 1024.0;
  }
  return 32.0 * 1024 * 1024;
}

static void measure_machine(context *ctx, int threads) {
  machine *m = &ctx->mach;
  double secs = ctx->opt.mode == MODE_SMOKE ? 0.01 : 0.05;
  read_cpu_name(m);
  m->cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
  m->llc_bytes = llc_bytes();
  m->threads = threads;
  for (int dbl = 0; dbl < 2; dbl++) {
    bench_fma_peak pk = bench_peak_fma(dbl, 1, secs);
    m->fma1[dbl] = pk.gflops;
    m->fma_width = pk.width;
    m->fmat[dbl] =
        threads > 1 ? bench_peak_fma(dbl, threads, secs).gflops : pk.gflops;
  }
  m->read1 = bench_peak_read_gbs(1);
  m->update1 = bench_peak_update_gbs(1);
  m->readt = threads > 1 ? bench_peak_read_gbs(threads) : m->read1;
  m->updatet = threads > 1 ? bench_peak_update_gbs(threads) : m->update1;
}

/* --samples N keeps the mode's sample length and scales its cap on
 * sampling time per row, so that N samples still fit. */
static bench_timing_opts timing_for(run_mode mode, int samples) {
  bench_timing_opts t = {0.05, 3, 0.25};
  if (mode == MODE_SMOKE)
    t = (bench_timing_opts){0.002, 2, 0.01};
  if (mode == MODE_FULL)
    t = (bench_timing_opts){0.2, 5, 2.0};
  if (samples > 0) {
    t.max_total *= (double)samples / t.max_samples;
    t.max_samples = samples;
  }
  return t;
}

/* The ladder's last rung uses every core unless --threads says otherwise. */
static int ladder_threads(const context *ctx) {
  if (ctx->opt.threads_given)
    return ctx->opt.threads;
  int cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 0 ? cpus : 1;
}

int main(int argc, char **argv) {
  static context ctx;
  int parsed = parse_args(&ctx.opt, argc, argv);
  if (parsed != 0)
    return parsed > 0 ? 0 : 2;
  if (ctx.opt.ladder && !ctx.opt.threads_given)
    ctx.opt.threads = ladder_threads(&ctx);
  ctx.timing = timing_for(ctx.opt.mode, ctx.opt.samples);
  /* Room for "2048x2048x2048 TN"; without transposes the table keeps its
   * usual layout. */
  ctx.size_width = ctx.opt.trans & ~1u ? 18 : 16;
  open_peers(&ctx);
  find_impls(&ctx);
  measure_machine(&ctx, ctx.opt.threads);
  json_open(&ctx);
  print_header(&ctx);
  if (ctx.opt.ladder)
    run_ladder(&ctx);
  else
    run_table(&ctx);
  json_close(&ctx);
  for (int i = 0; i < ctx.npeers; i++)
    bench_peer_close(&ctx.peers[i]);
  if (ctx.wrong)
    fprintf(stderr, "fastla-compare: %d WRONG result(s), see the table\n",
            ctx.wrong);
  return ctx.wrong ? 1 : 0;
}
