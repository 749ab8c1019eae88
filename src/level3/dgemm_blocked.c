/* dgemm_blocked.c - the blocked dgemm driver (Goto / BLIS algorithm).
 *
 *   for jc in n by nc:                 B panel kc x nc -> L3
 *     for pc in k by kc:               pack B panel into nr-wide micro-panels
 *       for ic in m by mc:             pack A block into mr-tall micro-panels
 *         for jr in nc by nr:          macro-kernel: the micro-panel of B
 *           for ir in mc by mr:          stays in L1 across this loop
 *             microkernel(kc, A micro-panel, B micro-panel, C tile)
 *
 * Packing reads op(A) and op(B) through row and column strides, so both
 * transposes (and, through the API, both layouts) end in the one format
 * the microkernel sees. Each micro-panel starts on a 64-byte boundary
 * (panel_stride), whatever kc is. Partial micro-panels are zero-padded to
 * mr / nr;
 * an edge tile of C is computed into a local mr x nr tile and only its
 * valid part merged into C. beta is applied by the first kc step only
 * (later steps accumulate with beta 1), so beta == 0 writes C unread. */

#include "level3/level3.h"

/* op(X)(i, l) = x[i * rs + l * cs]. */
typedef struct strided {
  const double *p;
  fastla_int rs, cs;
} strided;

/* Elements from one micro-panel to the next: mr * kc (or nr * kc) rounded
 * up to a whole number of 64-byte lines, so every panel is aligned. */
static fastla_int panel_stride(int r, fastla_int kc) {
  return (r * kc + 8 - 1) / 8 * 8;
}

/* mc x kc block of op(A) -> micro-panels of mr rows, column by column. */
static void pack_a(fastla_int mc, fastla_int kc, strided a, int mr,
                   double *pa) {
  for (fastla_int i0 = 0; i0 < mc; i0 += mr) {
    fastla_int rows = mc - i0 < mr ? mc - i0 : mr;
    double *dst = pa + i0 / mr * panel_stride(mr, kc);
    for (fastla_int l = 0; l < kc; l++) {
      const double *src = a.p + i0 * a.rs + l * a.cs;
      fastla_int i = 0;
      for (; i < rows; i++)
        dst[i] = src[i * a.rs];
      for (; i < mr; i++)
        dst[i] = 0;
      dst += mr;
    }
  }
}

/* kc x nc panel of op(B) -> micro-panels of nr columns, row by row. */
static void pack_b(fastla_int kc, fastla_int nc, strided b, int nr,
                   double *pb) {
  for (fastla_int j0 = 0; j0 < nc; j0 += nr) {
    fastla_int cols = nc - j0 < nr ? nc - j0 : nr;
    double *dst = pb + j0 / nr * panel_stride(nr, kc);
    for (fastla_int l = 0; l < kc; l++) {
      const double *src = b.p + l * b.rs + j0 * b.cs;
      fastla_int j = 0;
      for (; j < cols; j++)
        dst[j] = src[j * b.cs];
      for (; j < nr; j++)
        dst[j] = 0;
      dst += nr;
    }
  }
}

/* One mr x nr tile that sticks out of C: computed whole into tile, then
 * only the rows x cols that exist are merged (beta == 0: C not read). */
static void edge_tile(fastla_dgemm_ukr_fn *ukr, int mr, fastla_int kc,
                      double alpha, const double *a, const double *b,
                      double beta, double *c, fastla_int ldc, fastla_int rows,
                      fastla_int cols, double *tile) {
  ukr(kc, alpha, a, b, 0.0, tile, mr);
  for (fastla_int j = 0; j < cols; j++)
    for (fastla_int i = 0; i < rows; i++) {
      double *cij = &c[i + j * ldc];
      *cij = beta == 0 ? tile[i + j * mr] : tile[i + j * mr] + beta * *cij;
    }
}

/* All tiles of an mc x nc block of C from packed A and B. */
static void macro_kernel(const fastla_kernel_table *k, fastla_int mc,
                         fastla_int nc, fastla_int kc, double alpha,
                         const double *pa, const double *pb, double beta,
                         double *c, fastla_int ldc, double *tile) {
  const fastla_gemm_blocking *bl = &k->dgemm_blocking;
  int mr = bl->mr, nr = bl->nr;
  for (fastla_int jr = 0; jr < nc; jr += nr) {
    fastla_int cols = nc - jr < nr ? nc - jr : nr;
    for (fastla_int ir = 0; ir < mc; ir += mr) {
      fastla_int rows = mc - ir < mr ? mc - ir : mr;
      const double *a = pa + ir / mr * panel_stride(mr, kc);
      const double *b = pb + jr / nr * panel_stride(nr, kc);
      double *cij = c + ir + jr * ldc;
      if (rows == mr && cols == nr)
        k->dgemm_ukr(kc, alpha, a, b, beta, cij, ldc);
      else
        edge_tile(k->dgemm_ukr, mr, kc, alpha, a, b, beta, cij, ldc, rows, cols,
                  tile);
    }
  }
}

static size_t round_up(fastla_int v, int multiple) {
  return (size_t)((v + multiple - 1) / multiple * multiple);
}

void fastla_dgemm_blocked(const fastla_kernel_table *k, int trans_a,
                          int trans_b, fastla_int m, fastla_int n,
                          fastla_int kk, double alpha, const double *a,
                          fastla_int lda, const double *b, fastla_int ldb,
                          double beta, double *c, fastla_int ldc) {
  const fastla_gemm_blocking *bl = &k->dgemm_blocking;
  fastla_int mc_max = m < bl->mc ? m : bl->mc, nc_max = n < bl->nc ? n : bl->nc;
  fastla_int kc_max = kk < bl->kc ? kk : bl->kc;
  size_t a_size = (size_t)(round_up(mc_max, bl->mr) / (size_t)bl->mr) *
                  (size_t)panel_stride(bl->mr, kc_max);
  size_t b_size = (size_t)(round_up(nc_max, bl->nr) / (size_t)bl->nr) *
                  (size_t)panel_stride(bl->nr, kc_max);
  size_t tile_size = round_up((fastla_int)bl->mr * bl->nr, 16);
  double *pa = fastla_workspace((a_size + b_size + tile_size) * sizeof *pa);
  if (!pa) { /* no memory for packing: the unpacked kernel still works */
    k->dgemm(trans_a, trans_b, m, n, kk, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  double *pb = pa + a_size, *tile = pb + b_size;
  strided opa = {a, trans_a ? lda : 1, trans_a ? 1 : lda};
  strided opb = {b, trans_b ? ldb : 1, trans_b ? 1 : ldb};
  for (fastla_int jc = 0; jc < n; jc += bl->nc) {
    fastla_int nc = n - jc < bl->nc ? n - jc : bl->nc;
    for (fastla_int pc = 0; pc < kk; pc += bl->kc) {
      fastla_int kc = kk - pc < bl->kc ? kk - pc : bl->kc;
      double beta_p = pc == 0 ? beta : 1.0;
      strided bp = {opb.p + pc * opb.rs + jc * opb.cs, opb.rs, opb.cs};
      pack_b(kc, nc, bp, bl->nr, pb);
      for (fastla_int ic = 0; ic < m; ic += bl->mc) {
        fastla_int mc = m - ic < bl->mc ? m - ic : bl->mc;
        strided ap = {opa.p + ic * opa.rs + pc * opa.cs, opa.rs, opa.cs};
        pack_a(mc, kc, ap, bl->mr, pa);
        macro_kernel(k, mc, nc, kc, alpha, pa, pb, beta_p, c + ic + jc * ldc,
                     ldc, tile);
      }
    }
  }
}
