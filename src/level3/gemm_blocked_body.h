/* gemm_blocked_body.h - the blocked gemm driver (Goto / BLIS algorithm),
 * written once for both precisions: sgemm_blocked.c and dgemm_blocked.c
 * define GEMM_T (float or double) and GEMM_P (s or d) and include it.
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
 * mr / nr; an edge tile of C goes to the table's edge kernel, or without
 * one is computed into a local mr x nr tile and only its valid part merged
 * into C. beta is applied by the first kc step only
 * (later steps accumulate with beta 1), so beta == 0 writes C unread.
 *
 * Three things keep memory traffic off the critical path:
 *   - B is packed inside the first macro-kernel of each kc step, one
 *     micro-panel just before its column of tiles, so reading B from memory
 *     overlaps the arithmetic instead of preceding it (when m is small
 *     there is only that one macro-kernel); B transposed with several A
 *     blocks is the exception, packed whole first (see the driver);
 *   - in the later macro-kernels, each packed micro-panel of B is
 *     prefetched from L3 over the column of tiles before its own;
 *   - near the end of a macro-kernel, the source of the next A block is
 *     prefetched into L2, so that packing it does not wait on memory. */

#include "level3/level3.h"

#include <string.h>

#define GEMM_PASTE_(a, b, c) a##b##c
#define GEMM_PASTE(a, b, c)  GEMM_PASTE_(a, b, c)
/* GEMM_SLOT(ukr) is sgemm_ukr or dgemm_ukr, and so on; GEMM_WHOLE is the
 * whole-gemm slot sgemm or dgemm. */
#define GEMM_SLOT(x) GEMM_PASTE(GEMM_P, gemm_, x)
#define GEMM_WHOLE   GEMM_PASTE(GEMM_P, gemm, )
#define GEMM_BLOCKED GEMM_PASTE(fastla_, GEMM_P, gemm_blocked)

/* Elements per 64-byte line. */
enum { LINE = 64 / sizeof(GEMM_T) };

/* op(X)(i, l) = x[i * rs + l * cs]. */
typedef struct strided {
  const GEMM_T *p;
  fastla_int rs, cs;
} strided;

/* Elements from one micro-panel to the next: r * kc rounded up to a whole
 * number of 64-byte lines, so every panel is aligned. */
static fastla_int panel_stride(int r, fastla_int kc) {
  return (r * kc + LINE - 1) / LINE * LINE;
}

/* d[0 .. n) = s[0 .. n). The driver is built for the baseline ISA, where
 * GCC 12 leaves a copy loop of unknown length scalar, one element per
 * cycle; fixed chunks of 8 elements become vector moves. Measured, packing
 * a 352 x 296 float block that is already in cache: 46-52 us element by
 * element, 12-13 us in chunks (9 us with AVX-512 moves). */
static inline void copy_elems(GEMM_T *d, const GEMM_T *s, fastla_int n) {
  fastla_int i = 0;
  for (; i + 8 <= n; i += 8)
    memcpy(d + i, s + i, 8 * sizeof *d);
  for (; i < n; i++)
    d[i] = s[i];
}

/* Packs one micro-panel: r <= R elements along the panel (stride ps) by
 * kc along k (stride ks) into dst, element (i, l) at dst[l * R + i], rows
 * r..R zero. When the source runs along k (ks == 1) packing is a
 * transpose, done by the table's SIMD packing kernel if it has one. */
static void pack_panel(const fastla_kernel_table *k, fastla_int r,
                       fastla_int kc, const GEMM_T *src, fastla_int ps,
                       fastla_int ks, int R, GEMM_T *dst) {
  if (ks == 1 && ps != 1 && k->GEMM_SLOT(pack_t)) {
    k->GEMM_SLOT(pack_t)(R, r, kc, src, ps, dst);
    return;
  }
  if (ps == 1) {
    for (fastla_int l = 0; l < kc; l++, dst += R) {
      copy_elems(dst, src + l * ks, r);
      for (fastla_int i = r; i < R; i++)
        dst[i] = 0;
    }
    return;
  }
  for (fastla_int i = 0; i < r; i++) {
    const GEMM_T *s = src + i * ps;
    for (fastla_int l = 0; l < kc; l++)
      dst[l * R + i] = s[l * ks];
  }
  for (fastla_int l = 0; r < R && l < kc; l++)
    for (fastla_int i = r; i < R; i++)
      dst[l * R + i] = 0;
}

/* rows x kc block -> micro-panels of R rows, element (i, l) of the block
 * at x.p[i * x.rs + l * x.cs]: an mc x kc block of op(A) (R = mr), or a
 * B panel seen as op(B)^T (R = nr). When the block's columns are
 * contiguous (x.rs == 1: A not transposed, or B transposed), each column
 * segment is read once, start to end, and dealt out to the micro-panels:
 * one stream through memory instead of one short run per micro-panel. */
static void pack_block(const fastla_kernel_table *k, fastla_int rows,
                       fastla_int kc, strided x, int R, GEMM_T *dst) {
  fastla_int stride = panel_stride(R, kc);
  if (x.rs != 1) {
    for (fastla_int i0 = 0; i0 < rows; i0 += R)
      pack_panel(k, rows - i0 < R ? rows - i0 : R, kc, x.p + i0 * x.rs, x.rs,
                 x.cs, R, dst + i0 / R * stride);
    return;
  }
  for (fastla_int l = 0; l < kc; l++) {
    const GEMM_T *src = x.p + l * x.cs;
    for (fastla_int i0 = 0; i0 < rows; i0 += R) {
      GEMM_T *d = dst + i0 / R * stride + l * R;
      fastla_int r = rows - i0 < R ? rows - i0 : R;
      copy_elems(d, src + i0, r);
      for (fastla_int i = r; i < R; i++)
        d[i] = 0;
    }
  }
}

/* The source of an A block, walked a few lines at a time: segment o of
 * seg elements starts at p + o * stride (columns of A, or rows of A^T). */
typedef struct prefetcher {
  const GEMM_T *p;
  fastla_int stride, seg, segs;
  fastla_int o, at; /* next line: segment o, element at */
} prefetcher;

/* The source of the rows x kc block of op(A) at a. */
static prefetcher prefetch_block(strided a, fastla_int rows, fastla_int kc) {
  if (a.rs == 1)
    return (prefetcher){a.p, a.cs, rows, kc, 0, 0};
  return (prefetcher){a.p, a.rs, kc, rows, 0, 0};
}

/* Touches the next lines lines of the block, into L2 (the block is packed
 * only after the current macro-kernel): each segment line by line, then
 * its last element, which may sit on one more line when it is unaligned.
 * The inner loop is a bare run of prefetches, as it runs between
 * microkernel calls. Stepping a line at a time through the segment logic
 * instead cost about 1% (1 thread, interleaved, GFLOP/s line by line /
 * runs): s 2048^3 105.5 / 104.9 and 107.0 / 108.3, s 1024^3 102.6 / 103.3
 * and 106.0 / 106.4, d 2048^3 52.4 / 53.9 and 53.5 / 53.6, d 1024^3 53.2 /
 * 54.2 and 53.4 / 53.9. */
static void prefetch_lines(prefetcher *f, fastla_int lines) {
  while (lines > 0 && f->o < f->segs) {
    const GEMM_T *s = f->p + f->o * f->stride;
    fastla_int run = (f->seg - f->at + LINE - 1) / LINE;
    run = run < lines ? run : lines;
    for (fastla_int i = 0; i < run; i++)
      __builtin_prefetch(s + f->at + i * LINE, 0, 2);
    f->at += run * LINE;
    lines -= run;
    if (f->at >= f->seg) {
      __builtin_prefetch(s + f->seg - 1, 0, 2);
      lines--;
      f->o++;
      f->at = 0;
    }
  }
}

/* One mr x nr tile that sticks out of C: computed whole into tile, then
 * only the rows x cols that exist are merged (beta == 0: C not read). */
static void edge_tile(const fastla_kernel_table *k, fastla_int kc, GEMM_T alpha,
                      const GEMM_T *a, const GEMM_T *b, GEMM_T beta, GEMM_T *c,
                      fastla_int ldc, fastla_int rows, fastla_int cols,
                      GEMM_T *tile) {
  int mr = k->GEMM_SLOT(blocking).mr;
  k->GEMM_SLOT(ukr)(kc, alpha, a, b, 0, tile, mr);
  for (fastla_int j = 0; j < cols; j++)
    for (fastla_int i = 0; i < rows; i++) {
      GEMM_T *cij = &c[i + j * ldc];
      *cij = beta == 0 ? tile[i + j * mr] : tile[i + j * mr] + beta * *cij;
    }
}

/* One macro-kernel call: the mc x nc block of C at c from the packed A
 * block pa and the B panel pb. When bsrc is set, the B panel is not packed
 * yet: each micro-panel is packed from bsrc just before its column of
 * tiles. next is the source of the next A block, to prefetch. */
typedef struct macro_args {
  fastla_int mc, nc, kc;
  GEMM_T alpha, beta;
  const GEMM_T *pa;
  GEMM_T *pb;
  const strided *bsrc;
  GEMM_T *c;
  fastla_int ldc;
  GEMM_T *tile;
  prefetcher *next;
} macro_args;

/* Lines of the block f walks. */
static fastla_int block_lines(const prefetcher *f) {
  return f->segs * ((f->seg + LINE - 1) / LINE + 1);
}

/* The source of the next A block is prefetched into L2 over the last tiles
 * of the macro-kernel, PREFETCH_LINES lines per tile, so that it is still
 * there when it is packed. Spread over the whole macro-kernel, most of it
 * was evicted again by the B panel streaming through L2, and packing took
 * about the share of the cycles it takes with no prefetch at all. Measured
 * (1 thread, interleaved runs, share of the cycles spent packing A, timed
 * with the TSC): s 2048^3 2.4-2.8% spread over the macro-kernel, 1.5-2.0%
 * over its end, 2.9-3.1% without prefetch; d 1024^3 4.0-4.6%, 3.1-3.8%,
 * 4.0-5.5%. In wall time the gain is within this machine's noise (s and d,
 * 1024^3 and 2048^3, interleaved: +-1%). */
enum { PREFETCH_LINES = 128 };

/* f's block prefetched over the last tiles of a run of tiles: from tile
 * number from on, per_tile lines each. */
typedef struct window {
  prefetcher f;
  fastla_int from, per_tile;
} window;

/* The shortest window at the end of tiles tiles that touches at most most
 * lines per tile (most = 1: spread over all of them). */
static window prefetch_window(prefetcher f, fastla_int tiles, fastla_int most) {
  fastla_int lines = block_lines(&f);
  fastla_int n = (lines + most - 1) / most;
  n = n < tiles ? n : tiles;
  n = n > 0 ? n : 1;
  return (window){f, tiles - n, (lines + n - 1) / n};
}

static window no_window(void) {
  return (window){{0}, INT64_MAX, 0};
}

static void window_step(window *w, fastla_int tile_no) {
  if (tile_no >= w->from)
    prefetch_lines(&w->f, w->per_tile);
}

/* The window for B's next micro-panel (columns j1 .. j1 + nr of the
 * panel), before it is packed: the whole column of tiles before it. Left
 * to the hardware prefetcher, each of its nr column runs started cold, and
 * packing took 2.7% of an s 1024^3 gemm against 1.2% with the prefetch
 * (TSC-timed). Measured (1 thread, interleaved, GFLOP/s without / with):
 * s 1024^3 105.9 / 106.4, 106.9 / 107.5, 106.8 / 107.8; s 256x2048x2048
 * 99.5 / 101.7 and 102.2; s 128x2048x2048 91.3 / 92.3, 101.1 / 102.2;
 * d 2048^3 53.2 / 53.5, 54.2 / 54.5; d 1024^3 and s 2048^3 within 0.5%
 * either way. (It was once limited to columns of at most 4 tiles, when a
 * slower prefetch loop made it cost more than it saved.) */
static window next_b_panel(const macro_args *m, fastla_int j1, int nr,
                           fastla_int rows_of_tiles) {
  fastla_int cols = m->nc - j1 < nr ? m->nc - j1 : nr;
  if (cols <= 0)
    return no_window();
  strided bt = {m->bsrc->p + j1 * m->bsrc->cs, m->bsrc->cs, m->bsrc->rs};
  return prefetch_window(prefetch_block(bt, cols, m->kc), rows_of_tiles, 1);
}

/* B's next micro-panel, already packed (every macro-kernel of a k step but
 * the first): into L2, spread over the column of tiles before it. The
 * packed panel sits in L3 by then, and without the prefetch the first tile
 * of each column waited for it: timed with the TSC (double, 10 tiles per
 * column, kc 256), 6900-7600 ticks against 4450 for each of the other
 * nine, 4500-5100 with the prefetch. Measured on the macro-kernel loop
 * alone (1 thread, interleaved, GFLOP/s without / with): d 53.99 / 54.52
 * and 52.92 / 54.36, s 105.09 / 106.02 and 110.27 / 112.27; whole gemm
 * n = 2048, s 104.9, 103.5 / 105.5, 106.7 and d 52.8, 52.4 / 53.6, 53.2. */
static window next_packed_b(const macro_args *m, fastla_int j1, int nr,
                            fastla_int rows_of_tiles) {
  if (j1 >= m->nc)
    return no_window();
  fastla_int stride = panel_stride(nr, m->kc);
  prefetcher f = {m->pb + j1 / nr * stride, 0, stride, 1, 0, 0};
  return prefetch_window(f, rows_of_tiles, 1);
}

static void macro_kernel(const fastla_kernel_table *k, const macro_args *m) {
  const fastla_gemm_blocking *bl = &k->GEMM_SLOT(blocking);
  int mr = bl->mr, nr = bl->nr;
  fastla_int rows_of_tiles = (m->mc + mr - 1) / mr;
  fastla_int tiles = (m->nc + nr - 1) / nr * rows_of_tiles, tile_no = 0;
  window next_a =
      m->next ? prefetch_window(*m->next, tiles, PREFETCH_LINES) : no_window();
  for (fastla_int jr = 0; jr < m->nc; jr += nr) {
    fastla_int cols = m->nc - jr < nr ? m->nc - jr : nr;
    GEMM_T *b = m->pb + jr / nr * panel_stride(nr, m->kc);
    window next_b = no_window();
    if (m->bsrc) {
      pack_panel(k, cols, m->kc, m->bsrc->p + jr * m->bsrc->cs, m->bsrc->cs,
                 m->bsrc->rs, nr, b);
      next_b = next_b_panel(m, jr + nr, nr, rows_of_tiles);
    } else {
      next_b = next_packed_b(m, jr + nr, nr, rows_of_tiles);
    }
    for (fastla_int ir = 0; ir < m->mc; ir += mr) {
      fastla_int rows = m->mc - ir < mr ? m->mc - ir : mr;
      const GEMM_T *a = m->pa + ir / mr * panel_stride(mr, m->kc);
      GEMM_T *cij = m->c + ir + jr * m->ldc;
      window_step(&next_a, tile_no++);
      window_step(&next_b, ir / mr);
      if (rows == mr && cols == nr)
        k->GEMM_SLOT(ukr)(m->kc, m->alpha, a, b, m->beta, cij, m->ldc);
      else if (k->GEMM_SLOT(ukr_edge))
        k->GEMM_SLOT(ukr_edge)(m->kc, (int)rows, (int)cols, m->alpha, a, b,
                               m->beta, cij, m->ldc);
      else
        edge_tile(k, m->kc, m->alpha, a, b, m->beta, cij, m->ldc, rows, cols,
                  m->tile);
    }
  }
}

/* The A block packed after block (ic, pc): the next one down, else the
 * first of the next k step, else (when another B panel follows) the first
 * block again. Sets *f to prefetch it and returns 1, or returns 0 at the
 * end. */
static int next_a_block(strided a, fastla_int m, fastla_int kk,
                        fastla_int mc_step, fastla_int kc_step, fastla_int ic,
                        fastla_int pc, int more_panels, prefetcher *f) {
  ic += mc_step;
  if (ic >= m) {
    ic = 0;
    pc += kc_step;
    if (pc >= kk) {
      if (!more_panels)
        return 0;
      pc = 0;
    }
  }
  strided at = {a.p + ic * a.rs + pc * a.cs, a.rs, a.cs};
  *f = prefetch_block(at, m - ic < mc_step ? m - ic : mc_step,
                      kk - pc < kc_step ? kk - pc : kc_step);
  return 1;
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

void GEMM_BLOCKED(const fastla_kernel_table *k, int trans_a, int trans_b,
                  fastla_int m, fastla_int n, fastla_int kk, GEMM_T alpha,
                  const GEMM_T *a, fastla_int lda, const GEMM_T *b,
                  fastla_int ldb, GEMM_T beta, GEMM_T *c, fastla_int ldc) {
  const fastla_gemm_blocking *bl = &k->GEMM_SLOT(blocking);
  fastla_int mc_max = m < bl->mc ? m : bl->mc, nc_max = n < bl->nc ? n : bl->nc;
  fastla_int kc_max = kk < bl->kc ? kk : bl->kc;
  size_t a_size = round_up(mc_max, bl->mr) / (size_t)bl->mr *
                  (size_t)panel_stride(bl->mr, kc_max);
  size_t b_size = round_up(nc_max, bl->nr) / (size_t)bl->nr *
                  (size_t)panel_stride(bl->nr, kc_max);
  size_t tile_size = round_up((fastla_int)bl->mr * bl->nr, LINE);
  GEMM_T *pa = fastla_workspace((a_size + b_size + tile_size) * sizeof *pa);
  if (!pa) { /* no memory for packing: the unpacked kernel still works */
    k->GEMM_WHOLE(trans_a, trans_b, m, n, kk, alpha, a, lda, b, ldb, beta, c,
                  ldc);
    return;
  }
  GEMM_T *pb = pa + a_size, *tile = pb + b_size;
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
      strided bp = {opb.p + pc * opb.rs + jc * opb.cs, opb.rs, opb.cs};
      /* B transposed, with more than one A block to serve: its rows are
       * contiguous, so the panel is packed here in one pass over them
       * (packed per micro-panel in the first macro-kernel, each would take
       * a short run of kc rows). With a single A block the micro-panels
       * are packed just before use, where they are still in L1. Measured
       * at n = 1024 (1 thread, NT and TT, GFLOP/s): double 46.9-50.2 and
       * 45.6-50.1 before, 49.3-51.3 and 50.3-52.6 after (NN 47-52). */
      int b_now = opb.cs == 1 && m > mc_step;
      if (b_now)
        pack_block(k, nc, kc, (strided){bp.p, bp.cs, bp.rs}, bl->nr, pb);
      for (fastla_int ic = 0; ic < m; ic += mc_step) {
        fastla_int mc = m - ic < mc_step ? m - ic : mc_step;
        strided ap = {opa.p + ic * opa.rs + pc * opa.cs, opa.rs, opa.cs};
        pack_block(k, mc, kc, ap, bl->mr, pa);
        prefetcher next;
        int more = next_a_block(opa, m, kk, mc_step, kc_step, ic, pc,
                                jc + nc < n, &next);
        macro_args args = {mc,
                           nc,
                           kc,
                           alpha,
                           pc == 0 ? beta : 1,
                           pa,
                           pb,
                           ic == 0 && !b_now ? &bp : NULL,
                           c + ic + jc * ldc,
                           ldc,
                           tile,
                           more ? &next : NULL};
        macro_kernel(k, &args);
      }
    }
  }
}
