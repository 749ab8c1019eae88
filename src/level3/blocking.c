/* blocking.c - cache block sizes for the gemm driver.
 *
 * The Goto/BLIS algorithm keeps three packed operands in three cache
 * levels (Low et al., "Analytical Modeling Is Enough for High-Performance
 * BLIS", simplified to one rule per level):
 *   - the kc x nr micro-panel of B, reused by every microkernel call of a
 *     column of tiles, stays in L1:   kc = (L1d / 2) / (nr * elem);
 *   - the mc x kc block of A, reused across the nc / nr micro-panels of B,
 *     stays in L2:                    mc = (L2 / 2) / (kc * elem);
 *   - the kc x nc panel of B, reused across the m / mc blocks of A, stays
 *     in L3:                          nc = (L3 / 2) / (kc * elem).
 * Half of each cache is left to the other operands streaming through it
 * (A micro-panels and C tiles in L1, B micro-panels in L2). kc is rounded
 * down to a multiple of 8 (unrolling), mc to a multiple of mr and nc to a
 * multiple of nr; nc is capped at 4096 so the packing buffer stays modest.
 * Zen 4 (32 KiB L1d, 1 MiB L2, 32 MiB L3), sgemm 32 x 12: kc 336, mc 384,
 * nc 4092. A non-zero kc/mc/nc in a kernel table overrides the rule, and
 * FASTLA_GEMM_BLOCKS=kc,mc,nc overrides both (for tuning and tests). */
#include <stdio.h>
#include <stdlib.h>

#include "level3/level3.h"

/* Defaults where a cache level is not reported. */
enum { DEFAULT_L1 = 32 << 10, DEFAULT_L2 = 256 << 10, DEFAULT_L3 = 8 << 20 };

static int round_down(size_t v, int multiple, int at_least) {
  size_t r = v / (size_t)multiple * (size_t)multiple;
  return r < (size_t)at_least ? at_least : (int)r;
}

static void from_caches(fastla_gemm_blocking *b, size_t elem,
                        const fastla_cpu_caches *c) {
  size_t l1 = c->l1d ? c->l1d : DEFAULT_L1, l2 = c->l2 ? c->l2 : DEFAULT_L2;
  size_t l3 = c->l3 ? c->l3 : DEFAULT_L3;
  if (!b->kc)
    b->kc = round_down(l1 / 2 / ((size_t)b->nr * elem), 8, 8);
  if (!b->mc)
    b->mc = round_down(l2 / 2 / ((size_t)b->kc * elem), b->mr, b->mr);
  if (!b->nc) {
    size_t nc = l3 / 2 / ((size_t)b->kc * elem);
    b->nc = round_down(nc < 4096 ? nc : 4096, b->nr, b->nr);
  }
}

/* FASTLA_GEMM_BLOCKS=kc,mc,nc; a 0 or missing field keeps the value. */
static void from_environment(fastla_gemm_blocking *b) {
  const char *s = getenv("FASTLA_GEMM_BLOCKS");
  long v[3] = {0, 0, 0};
  if (!s || !*s)
    return;
  if (sscanf(s, "%ld,%ld,%ld", &v[0], &v[1], &v[2]) < 1 || v[0] < 0 ||
      v[1] < 0 || v[2] < 0 || v[0] > 1 << 20 || v[1] > 1 << 20 ||
      v[2] > 1 << 20) {
    fprintf(stderr,
            "libfastla: FASTLA_GEMM_BLOCKS=%s is not kc,mc,nc; "
            "ignored\n",
            s);
    return;
  }
  if (v[0])
    b->kc = (int)v[0];
  if (v[1])
    b->mc = (int)v[1];
  if (v[2])
    b->nc = (int)v[2];
}

void fastla_gemm_blocking_resolve(fastla_gemm_blocking *b, size_t elem,
                                  const fastla_cpu_caches *caches) {
  if (b->mr <= 0 || b->nr <= 0)
    return;
  from_caches(b, elem, caches);
  from_environment(b);
  /* The invariants the driver relies on, checked once here. */
  b->mc = round_down((size_t)b->mc, b->mr, b->mr);
  b->nc = round_down((size_t)b->nc, b->nr, b->nr);
}
