/*
 * report.c - fastla-compare's output: the header with the measured
 * machine, the table, the ladder, and the JSON file.
 */
#define _POSIX_C_SOURCE 200809L
#include "compare.h"

#include <math.h>
#include <string.h>
#include <time.h>

static const char *prec_name(int dbl) {
  return dbl ? "d" : "s";
}

void print_header(const context *ctx) {
  const machine *m = &ctx->mach;
  printf("fastla-compare: %s\n", fastla_config_string());
  printf("machine: %s, %d logical CPUs, last-level cache %.0f MiB\n", m->cpu,
         m->cpus, m->llc_bytes / 1048576.0);
  printf("FMA peak (measured, %s): 1 thread %.1f GFLOP/s float, %.1f "
         "double",
         m->fma_width, m->fma1[0], m->fma1[1]);
  if (m->threads > 1)
    printf("; %d threads %.1f float, %.1f double", m->threads, m->fmat[0],
           m->fmat[1]);
  printf("\nDRAM bandwidth (measured): 1 thread read %.1f GB/s, update %.1f "
         "GB/s",
         m->read1, m->update1);
  if (m->threads > 1)
    printf("; %d threads read %.1f, update %.1f", m->threads, m->readt,
           m->updatet);
  printf("\nlibfastla backends: reference");
  for (int i = 0; i < ctx->nimpls; i++)
    if (ctx->impls[i].kind == IMPL_FASTLA &&
        ctx->impls[i].backend != FASTLA_BACKEND_REFERENCE)
      printf(", %s", ctx->impls[i].name);
  if (ctx->simd_missing)
    printf("; simd n/a: %s", ctx->simd_missing);
  if (ctx->openmp_missing)
    printf("; openmp n/a: %s", ctx->openmp_missing);
  printf("\npeers (%d thread%s):", ctx->opt.threads,
         ctx->opt.threads > 1 ? "s" : "");
  for (int i = 0; i < ctx->npeers; i++)
    printf("%s %s = %s%s%s%s", i ? "," : "", ctx->peers[i].name,
           ctx->peers[i].path, ctx->peers[i].info[0] ? " (" : "",
           ctx->peers[i].info, ctx->peers[i].info[0] ? ")" : "");
  printf("%s\n\n", ctx->npeers ? "" : " none found (see --peer)");
}

void print_table_heading(const context *ctx) {
  printf("%-7s %-4s %-*s %-14s %9s %9s %7s %-5s %8s %8s %7s  %s\n", "routine",
         "prec", ctx->size_width, "size", "impl", "GFLOP/s", "GB/s", "%peak",
         "bound", "x-naive", "vs-peer", "paired", "check");
}

static void format_ratio(char *buf, size_t size, double v) {
  if (v > 0)
    snprintf(buf, size, "%.2f", v);
  else
    snprintf(buf, size, "-");
}

static void format_check(char *buf, size_t size, const row *r) {
  if (r->ok)
    snprintf(buf, size, "ok");
  else if (isinf(r->worst))
    snprintf(buf, size, "WRONG (error status or NaN)");
  else
    snprintf(buf, size, "WRONG (error %.3g x tolerance)", r->worst);
}

void print_rows(const context *ctx, const bench_problem *p, const row *rows,
                int nrows) {
  char size[48], xn[16], vp[16], pr[16], check[64];
  bench_problem_label(p, size, sizeof size);
  for (int i = 0; i < nrows; i++) {
    const row *r = &rows[i];
    printf("%-7s %-4s %-*s %-14s ", bench_routine_name(p->routine),
           prec_name(p->dbl), ctx->size_width, size, r->impl->name);
    if (r->skipped) {
      printf("%s\n", r->skipped);
      continue;
    }
    format_ratio(xn, sizeof xn, r->x_naive);
    format_ratio(vp, sizeof vp, r->vs_peer);
    format_ratio(pr, sizeof pr, r->paired);
    format_check(check, sizeof check, r);
    printf("%9.2f %9.2f %6.1f%% %-5s %8s %8s %7s  %s\n", r->gflops, r->gbs,
           r->pct, r->bound, xn, vp, pr, check);
  }
  printf("\n");
  fflush(stdout);
}

void print_legend(const context *ctx) {
  const bench_timing_opts *tm = &ctx->timing;
  const machine *m = &ctx->mach;
  printf(
      "GFLOP/s: gemm 2mnk, gemv/gemvt 2mn, axpy/dot/nrm2 2n flops per call.\n"
      "GB/s: compulsory traffic per call: axpy 3n (x, y read, y written), "
      "dot 2n,\n"
      "  nrm2 n, gemv mn+n+2m, gemvt (y = A^T x) mn+m+2n, gemm mk+kn+2mn "
      "elements\n"
      "  (y and C are read and written).\n"
      "%%peak: bound fma = GFLOP/s over the measured FMA peak, the best of "
      "its\n"
      "  start-up passes and one more per round of samples so far (gemm, and\n"
      "  anything that fits in the last-level cache); bound mem = GB/s over "
      "the\n"
      "  measured DRAM bandwidth (update for axpy, read for the others). "
      "Peaks of\n"
      "  the thread count the row uses.\n"
      "x-naive: speedup over the naive loop of the same size; vs-peer: "
      "speedup over\n"
      "  the fastest peer library (> 1 is faster). Best of %d timed samples "
      "(each\n"
      "  at least %g s) after warm-up, the rows of a configuration sampled in\n"
      "  turns; every result checked once against the reference backend with "
      "the\n"
      "  rounding-error bound as tolerance.\n"
      "paired: the same comparison made round by round - the median, over "
      "the\n"
      "  rounds, of that peer's sample time over this row's in the same "
      "round.\n"
      "  Steadier than vs-peer when the machine has fast and slow spells: a "
      "best\n"
      "  sample can come from a spell that only one of the two rows met.\n",
      tm->max_samples, tm->min_sample);
  printf("FMA peak at the end: 1 thread %.1f GFLOP/s float, %.1f double",
         m->fma1[0], m->fma1[1]);
  if (m->threads > 1)
    printf("; %d threads %.1f, %.1f", m->threads, m->fmat[0], m->fmat[1]);
  printf(".\n");
}

/* ---- the ladder --------------------------------------------------------- */

void print_ladder_heading(const context *ctx, const bench_problem *p,
                          int threads) {
  char size[48];
  bench_problem_label(p, size, sizeof size);
  printf("gemm ladder, %s, %s (column-major, C = %.2g*A*B + %.2g*C), all "
         "cores = %d thread%s\n",
         p->dbl ? "double" : "float", size, p->alpha, p->beta, threads,
         threads > 1 ? "s" : "");
  printf("peak: 1 thread %.1f GFLOP/s, %d threads %.1f GFLOP/s\n",
         ctx->mach.fma1[p->dbl], threads, ctx->mach.fmat[p->dbl]);
  printf("%-4s %-34s %-14s %7s %9s %7s %8s %8s  %s\n", "rung", "step", "impl",
         "threads", "GFLOP/s", "%peak", "factor", "x-naive", "check");
}

static const char *rung_step(int rung) {
  static const char *const steps[] = {
      "", "naive i-j-k triple loop", "loop order + cache blocking (C)",
      "SIMD microkernel (simd backend)", "all cores (openmp backend)"};
  return rung >= 1 && rung <= 4 ? steps[rung] : "";
}

void print_ladder_row(const row *r) {
  char label[8] = "", fac[16], xn[16], check[64];
  if (r->rung)
    snprintf(label, sizeof label, "%d", r->rung);
  printf("%-4s %-34s ", label, rung_step(r->rung));
  if (r->skipped) {
    printf("n/a: %s\n", r->skipped);
    return;
  }
  format_ratio(xn, sizeof xn, r->x_naive);
  if (r->factor > 0)
    snprintf(fac, sizeof fac, "%.2fx", r->factor);
  else
    snprintf(fac, sizeof fac, "-");
  format_check(check, sizeof check, r);
  printf("%-14s %7d %9.2f %6.1f%% %8s %8s  %s\n", r->impl->name,
         r->impl->threads, r->gflops, r->pct, fac, xn, check);
  fflush(stdout);
}

void print_ladder_comparison_heading(void) {
  printf("     for comparison:\n");
}

void print_ladder_legend(void) {
  printf("factor: speedup over the rung above it that was measured; "
         "x-naive: over rung 1.\n"
         "%%peak: over the measured FMA peak of the thread count the row "
         "uses.\n");
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fprintf(f, "\\%c", *s);
    else if ((unsigned char)*s < 0x20)
      fprintf(f, "\\u%04x", (unsigned char)*s);
    else
      fputc(*s, f);
  }
  fputc('"', f);
}

/* JSON has no inf or NaN. */
static void json_number(FILE *f, double v) {
  if (isfinite(v))
    fprintf(f, "%.6g", v);
  else
    fprintf(f, "null");
}

static void json_context(const context *ctx, FILE *f) {
  const machine *m = &ctx->mach;
  static const char *const modes[] = {"smoke", "quick", "full"};
  char date[32];
  time_t now = time(NULL);
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
  fprintf(f, "{\n  \"tool\": \"fastla-compare\",\n  \"context\": {\n");
  fprintf(f, "    \"date\": \"%s\",\n    \"cpu\": ", date);
  json_string(f, m->cpu);
  fprintf(f, ",\n    \"logical_cpus\": %d,\n    \"fastla\": ", m->cpus);
  json_string(f, fastla_config_string());
  fprintf(f, ",\n    \"mode\": \"%s\",\n    \"threads\": %d,\n",
          modes[ctx->opt.mode], m->threads);
  fprintf(f, "    \"llc_bytes\": %.0f,\n    \"fma_width\": \"%s\",\n",
          m->llc_bytes, m->fma_width);
  fprintf(f, "    \"peak_gflops_1t\": {\"s\": %.4g, \"d\": %.4g},\n",
          m->fma1[0], m->fma1[1]);
  fprintf(f, "    \"peak_gflops_nt\": {\"s\": %.4g, \"d\": %.4g},\n",
          m->fmat[0], m->fmat[1]);
  fprintf(f, "    \"read_gbs_1t\": %.4g, \"update_gbs_1t\": %.4g,\n", m->read1,
          m->update1);
  fprintf(f, "    \"read_gbs_nt\": %.4g, \"update_gbs_nt\": %.4g,\n", m->readt,
          m->updatet);
  fprintf(f, "    \"peers\": [");
  for (int i = 0; i < ctx->npeers; i++) {
    fprintf(f, "%s{\"name\": ", i ? ", " : "");
    json_string(f, ctx->peers[i].name);
    fprintf(f, ", \"path\": ");
    json_string(f, ctx->peers[i].path);
    fprintf(f, ", \"info\": ");
    json_string(f, ctx->peers[i].info);
    fprintf(f, "}");
  }
  fprintf(f, "]\n  },\n  \"results\": [");
}

void json_open(context *ctx) {
  if (!ctx->opt.json_path)
    return;
  ctx->json = fopen(ctx->opt.json_path, "w");
  if (!ctx->json) {
    perror(ctx->opt.json_path);
    return;
  }
  json_context(ctx, ctx->json);
}

void json_row(context *ctx, const bench_problem *p, const row *r,
              const char *section) {
  FILE *f = ctx->json;
  char size[48];
  if (!f)
    return;
  bench_problem_label(p, size, sizeof size);
  fprintf(f, "%s\n    {\"section\": \"%s\", \"routine\": \"%s\", ",
          ctx->json_records++ ? "," : "", section,
          bench_routine_name(p->routine));
  fprintf(f, "\"prec\": \"%s\", \"m\": %lld, \"n\": %lld, \"k\": %lld, ",
          prec_name(p->dbl), (long long)p->m, (long long)p->n, (long long)p->k);
  fprintf(f, "\"size\": \"%s\", ", size);
  /* Only a transposed gemm says so: NN records stay as they always were,
   * and a reader takes a missing "trans" as NN. */
  if (p->routine == BENCH_GEMM && (p->trans_a || p->trans_b))
    fprintf(f, "\"trans\": \"%s\", ", bench_trans_name(p->trans_a, p->trans_b));
  fprintf(f, "\"impl\": ");
  json_string(f, r->impl->name);
  fprintf(f, ", \"threads\": %d, \"rung\": %d", r->impl->threads, r->rung);
  if (r->skipped) {
    fprintf(f, ", \"status\": ");
    json_string(f, r->skipped);
    fprintf(f, "}");
    return;
  }
  fprintf(f, ", \"status\": \"%s\", \"seconds\": ", r->ok ? "ok" : "WRONG");
  json_number(f, r->seconds);
  fprintf(f, ", \"gflops\": ");
  json_number(f, r->gflops);
  fprintf(f, ", \"gbs\": ");
  json_number(f, r->gbs);
  fprintf(f, ", \"pct_peak\": ");
  json_number(f, r->pct);
  fprintf(f, ", \"bound\": \"%s\", \"x_naive\": ", r->bound);
  json_number(f, r->x_naive);
  fprintf(f, ", \"vs_best_peer\": ");
  json_number(f, r->vs_peer);
  fprintf(f, ", \"paired_vs_best_peer\": ");
  json_number(f, r->paired);
  fprintf(f, ", \"factor\": ");
  json_number(f, r->factor);
  fprintf(f, ", \"worst_error_ratio\": ");
  json_number(f, r->worst);
  fprintf(f, "}");
}

void json_close(context *ctx) {
  if (!ctx->json)
    return;
  fprintf(ctx->json, "\n  ]\n}\n");
  fclose(ctx->json);
  ctx->json = NULL;
}
