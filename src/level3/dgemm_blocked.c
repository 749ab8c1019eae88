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

/* Packs one micro-panel: r <= R elements along the panel (stride ps) by
 * kc along k (stride ks) into dst, element (i, l) at dst[l * R + i], rows
 * r..R zero. The loop order follows whichever stride is 1, so the source
 * is read contiguously for either transpose. */
static void pack_panel(fastla_int r, fastla_int kc, const double *src,
                       fastla_int ps, fastla_int ks, int R, double *dst) {
  if (ps == 1) {
    for (fastla_int l = 0; l < kc; l++, dst += R) {
      const double *s = src + l * ks;
      fastla_int i = 0;
      for (; i < r; i++)
        dst[i] = s[i];
      for (; i < R; i++)
        dst[i] = 0;
    }
    return;
  }
  for (fastla_int i = 0; i < r; i++) {
    const double *s = src + i * ps;
    for (fastla_int l = 0; l < kc; l++)
      dst[l * R + i] = s[l * ks];
  }
  for (fastla_int l = 0; r < R && l < kc; l++)
    for (fastla_int i = r; i < R; i++)
      dst[l * R + i] = 0;
}

/* mc x kc block of op(A) -> micro-panels of mr rows, column by column.
 * When the columns of op(A) are contiguous (A not transposed), each column
 * segment is read once, start to end, and dealt out to the micro-panels:
 * one stream through memory instead of one per column. */
static void pack_a(fastla_int mc, fastla_int kc, strided a, int mr,
                   double *pa) {
  fastla_int stride = panel_stride(mr, kc);
  if (a.rs != 1) {
    for (fastla_int i0 = 0; i0 < mc; i0 += mr)
      pack_panel(mc - i0 < mr ? mc - i0 : mr, kc, a.p + i0 * a.rs, a.rs, a.cs,
                 mr, pa + i0 / mr * stride);
    return;
  }
  for (fastla_int l = 0; l < kc; l++) {
    const double *src = a.p + l * a.cs;
    for (fastla_int i0 = 0; i0 < mc; i0 += mr) {
      double *dst = pa + i0 / mr * stride + l * mr;
      fastla_int rows = mc - i0 < mr ? mc - i0 : mr, i = 0;
      for (; i < rows; i++)
        dst[i] = src[i0 + i];
      for (; i < mr; i++)
        dst[i] = 0;
    }
  }
}

/* kc x nc panel of op(B) -> micro-panels of nr columns, row by row. */
static void pack_b(fastla_int kc, fastla_int nc, strided b, int nr,
                   double *pb) {
  for (fastla_int j0 = 0; j0 < nc; j0 += nr)
    pack_panel(nc - j0 < nr ? nc - j0 : nr, kc, b.p + j0 * b.cs, b.cs, b.rs, nr,
               pb + j0 / nr * panel_stride(nr, kc));
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

/* The step that splits total into as few pieces of at most block as
 * possible, all of nearly equal size, rounded up to a multiple of unit but
 * never above block (block is itself a multiple of unit, or total is
 * smaller). */
static fastla_int balanced(fastla_int total, int block, int unit) {
  if (total <= block)
    return total;
  fastla_int pieces = (total + block - 1) / block;
  fastla_int step = (total + pieces - 1) / pieces;
  step = (step + unit - 1) / unit * unit;
  return step < block ? step : block;
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
  /* Equal k and m steps (kc 256, 256, 256, 256 rather than 336, 336, 336,
   * 16): a thin last step would pay the C traffic of a whole one. */
  fastla_int kc_step = balanced(kk, bl->kc, 8),
             mc_step = balanced(m, bl->mc, bl->mr);
  for (fastla_int jc = 0; jc < n; jc += bl->nc) {
    fastla_int nc = n - jc < bl->nc ? n - jc : bl->nc;
    for (fastla_int pc = 0; pc < kk; pc += kc_step) {
      fastla_int kc = kk - pc < kc_step ? kk - pc : kc_step;
      double beta_p = pc == 0 ? beta : 1.0;
      strided bp = {opb.p + pc * opb.rs + jc * opb.cs, opb.rs, opb.cs};
      pack_b(kc, nc, bp, bl->nr, pb);
      for (fastla_int ic = 0; ic < m; ic += mc_step) {
        fastla_int mc = m - ic < mc_step ? m - ic : mc_step;
        strided ap = {opa.p + ic * opa.rs + pc * opa.cs, opa.rs, opa.cs};
        pack_a(mc, kc, ap, bl->mr, pa);
        macro_kernel(k, mc, nc, kc, alpha, pa, pb, beta_p, c + ic + jc * ldc,
                     ldc, tile);
      }
    }
  }
}
