/* fuzz_blas.c - libFuzzer target for libfastla and libfastla_cblas.
 *
 * Each input decodes into one call: routine (s/d axpy, dot, nrm2, gemv,
 * gemm), entry point (native API, CBLAS, Fortran ABI), layout and
 * transposes (valid or not), sizes 0..300 (sometimes negative), leading
 * dimensions around their minimum (valid or one short), increments -4..4
 * (zero included), alpha and beta from {0, 1, -1, 0.5, ..., NaN, +-Inf,
 * subnormal}, and data from a seed with a few NaN / Inf / zero /
 * subnormal elements planted. The call runs first on the reference backend
 * (native API), then through the chosen entry point on every other
 * backend/ISA configuration this machine runs (simd-<isa>, openmp-<isa>).
 * Every run must:
 *   - return the status naming the first bad argument in CBLAS order
 *     (native), or report exactly once through cblas_xerbla / xerbla_ with
 *     the reference BLAS/CBLAS argument number and routine name (shim; this
 *     file defines both handlers) - computed here independently - and then
 *     leave the output untouched;
 *   - leave the inputs unchanged (byte comparison) and the output outside
 *     its footprint (ld padding, stride gaps) unchanged;
 *   - agree with the reference backend within the error bound
 *     2 * 3 * (k + 2) * eps * (|alpha| |A| |B| + |beta| |C|) per element
 *     (NaN where it gives NaN, the same infinity; with a non-finite alpha
 *     only finiteness must agree, since alpha * (a * b) and (alpha * a) * b
 *     may differ in NaN vs Inf);
 * and, the whole library being built with ASan + UBSan, never touch memory
 * outside the buffers, which are allocated to their exact footprint.
 * A violation aborts with a description (libFuzzer saves the input).
 *
 * FASTLA_FUZZ_CONFIGS=simd-avx2,openmp-sse2 (environment) restricts the
 * configurations; FASTLA_TEST_ALLOC_FAIL=1 fuzzes with every workspace
 * allocation failing. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "f77_blas.h"
#include "fastla.h"
#include "fastla/cblas.h"

/* ---- the handlers the shim reports to ----------------------------------- */

static struct {
  int calls, info;
  char rout[32];
} seen;

void cblas_xerbla(int p, const char *rout, const char *form, ...) {
  (void)form;
  seen.calls++;
  seen.info = p;
  snprintf(seen.rout, sizeof seen.rout, "%s", rout);
}

void xerbla_(const char *srname, const int *info, size_t len) {
  seen.calls++;
  seen.info = *info;
  snprintf(seen.rout, sizeof seen.rout, "%.*s", (int)len, srname);
}

/* ---- input decoding ----------------------------------------------------- */

typedef struct reader {
  const uint8_t *p;
  size_t n;
} reader;

static unsigned u8(reader *r) {
  if (!r->n)
    return 0;
  r->n--;
  return *r->p++;
}

static unsigned u16(reader *r) {
  unsigned lo = u8(r);
  return lo | u8(r) << 8;
}

/* Mostly 0..39 (the kernels' edges), sometimes up to 300, rarely negative;
 * level 1 sometimes long enough for the openmp split. */
static int64_t size_of(reader *r, int level1) {
  unsigned sel = u8(r) % 16;
  if (sel == 0)
    return -1 - (int64_t)(u8(r) % 3);
  if (sel <= 3)
    return u16(r) % 301;
  if (sel == 4 && level1)
    return 32768 + u16(r) % 2048;
  return u8(r) % 40;
}

static const double scalar_table[] = {
    0, 1, -1, 0.5, -2.25, 0.3, 2, NAN, INFINITY, -INFINITY, 0x1p-1060, -0.0};
#define N_SCALARS (sizeof scalar_table / sizeof scalar_table[0])

typedef enum op { OP_AXPY, OP_DOT, OP_NRM2, OP_GEMV, OP_GEMM } op;
typedef enum api { API_NATIVE, API_CBLAS, API_F77 } api;
static const char *const op_names[] = {"axpy", "dot", "nrm2", "gemv", "gemm"};
static const char *const api_names[] = {"native", "cblas", "f77"};

typedef struct call {
  int dbl;
  op o;
  api a;
  int layout, ta, tb; /* raw enum values, possibly invalid */
  int64_t m, n, k, lda, ldb, ldc, incx, incy;
  double alpha, beta;
  uint64_t seed;
  unsigned specials;
} call;

static int decode_trans(reader *r) {
  unsigned v = u8(r) % 8;
  return v < 3   ? FASTLA_NO_TRANS
         : v < 5 ? FASTLA_TRANS
         : v < 7 ? FASTLA_CONJ_TRANS
                 : 0; /* invalid */
}

static int64_t max1(int64_t v) {
  return v > 1 ? v : 1;
}

/* lda around its minimum: one short (invalid) to 4 over. */
static int64_t ld_around(reader *r, int64_t min) {
  return min + (int64_t)(u8(r) % 6) - 1;
}

static int64_t inc_of(reader *r) {
  return (int64_t)(u8(r) % 9) - 4;
}

static call decode(reader *r) {
  call c;
  memset(&c, 0, sizeof c);
  unsigned head = u8(r);
  c.dbl = head & 1;
  c.o = (op)((head >> 1) % 5);
  c.a = (api)(u8(r) % 3);
  unsigned lay = u8(r) % 8;
  c.layout = lay < 4 ? FASTLA_COL_MAJOR : lay < 7 ? FASTLA_ROW_MAJOR : 100;
  if (c.a == API_F77)
    c.layout = FASTLA_COL_MAJOR;
  c.ta = decode_trans(r);
  c.tb = decode_trans(r);
  int level1 = c.o <= OP_NRM2;
  c.m = size_of(r, level1);
  c.n = size_of(r, level1);
  c.k = size_of(r, 0);
  /* Keep gemm affordable under ASan: m * n * k <= 2^21. */
  while (c.o == OP_GEMM && c.m > 0 && c.n > 0 && c.k > 0 &&
         (double)c.m * c.n * c.k > 2097152.0)
    c.k /= 2;
  c.incx = inc_of(r);
  c.incy = inc_of(r);
  c.alpha = scalar_table[u8(r) % N_SCALARS];
  c.beta = scalar_table[u8(r) % N_SCALARS];
  int ta = c.ta != FASTLA_NO_TRANS, tb = c.tb != FASTLA_NO_TRANS;
  int col = c.layout != FASTLA_ROW_MAJOR;
  if (c.o == OP_GEMV) {
    c.lda = ld_around(r, max1(col ? c.m : c.n));
  } else {
    int64_t ar = ta ? c.k : c.m, ac = ta ? c.m : c.k;
    int64_t br = tb ? c.n : c.k, bc = tb ? c.k : c.n;
    c.lda = ld_around(r, max1(col ? ar : ac));
    c.ldb = ld_around(r, max1(col ? br : bc));
    c.ldc = ld_around(r, max1(col ? c.m : c.n));
  }
  c.seed = u16(r) | (uint64_t)u16(r) << 16;
  c.specials = u8(r);
  return c;
}

/* ---- expected error reports (independent of src/api and src/cblas) ------ */

static int bad_trans(int t) {
  return t != FASTLA_NO_TRANS && t != FASTLA_TRANS && t != FASTLA_CONJ_TRANS;
}

static fastla_status expected_status(const call *c) {
  int col = c->layout == FASTLA_COL_MAJOR;
  if (c->layout != FASTLA_COL_MAJOR && c->layout != FASTLA_ROW_MAJOR)
    return FASTLA_ERR_ARG_LAYOUT;
  if (c->o == OP_GEMV) {
    if (bad_trans(c->ta))
      return FASTLA_ERR_ARG_TRANS;
    if (c->m < 0)
      return FASTLA_ERR_ARG_M;
    if (c->n < 0)
      return FASTLA_ERR_ARG_N;
    if (c->lda < max1(col ? c->m : c->n))
      return FASTLA_ERR_ARG_LDA;
    if (c->incx == 0)
      return FASTLA_ERR_ARG_INCX;
    if (c->incy == 0)
      return FASTLA_ERR_ARG_INCY;
    return FASTLA_OK;
  }
  if (bad_trans(c->ta))
    return FASTLA_ERR_ARG_TRANSA;
  if (bad_trans(c->tb))
    return FASTLA_ERR_ARG_TRANSB;
  if (c->m < 0)
    return FASTLA_ERR_ARG_M;
  if (c->n < 0)
    return FASTLA_ERR_ARG_N;
  if (c->k < 0)
    return FASTLA_ERR_ARG_K;
  int ta = c->ta != FASTLA_NO_TRANS, tb = c->tb != FASTLA_NO_TRANS;
  int64_t ar = ta ? c->k : c->m, ac = ta ? c->m : c->k;
  int64_t br = tb ? c->n : c->k, bc = tb ? c->k : c->n;
  if (c->lda < max1(col ? ar : ac))
    return FASTLA_ERR_ARG_LDA;
  if (c->ldb < max1(col ? br : bc))
    return FASTLA_ERR_ARG_LDB;
  if (c->ldc < max1(col ? c->m : c->n))
    return FASTLA_ERR_ARG_LDC;
  return FASTLA_OK;
}

/* The INFO of the reference Fortran xGEMV / xGEMM for these arguments. */
static int f77_gemv_info(int trans_ok, int64_t m, int64_t n, int64_t lda,
                         int64_t incx, int64_t incy) {
  if (!trans_ok)
    return 1;
  if (m < 0)
    return 2;
  if (n < 0)
    return 3;
  if (lda < max1(m))
    return 6;
  if (incx == 0)
    return 8;
  if (incy == 0)
    return 11;
  return 0;
}

static int f77_gemm_info(int ta, int tb, int64_t m, int64_t n, int64_t k,
                         int64_t lda, int64_t ldb, int64_t ldc) {
  /* ta, tb: -1 invalid, 0 N, 1 T/C */
  if (ta < 0)
    return 1;
  if (tb < 0)
    return 2;
  if (m < 0)
    return 3;
  if (n < 0)
    return 4;
  if (k < 0)
    return 5;
  if (lda < max1(ta ? k : m))
    return 8;
  if (ldb < max1(tb ? n : k))
    return 10;
  if (ldc < max1(m))
    return 13;
  return 0;
}

static int tcode(int t) {
  return bad_trans(t) ? -1 : t != FASTLA_NO_TRANS;
}

/* The number the shim must report (0: none), as reference CBLAS 3.11 and
 * the Fortran reference do; CBLAS runs the Fortran check on the call it
 * would make, swapped in row-major mode, and reports INFO + 1. */
static int expected_report(const call *c) {
  if (c->o < OP_GEMV)
    return 0;
  if (c->a == API_F77) {
    if (c->o == OP_GEMV)
      return f77_gemv_info(!bad_trans(c->ta), c->m, c->n, c->lda, c->incx,
                           c->incy);
    return f77_gemm_info(tcode(c->ta), tcode(c->tb), c->m, c->n, c->k, c->lda,
                         c->ldb, c->ldc);
  }
  if (c->layout != FASTLA_COL_MAJOR && c->layout != FASTLA_ROW_MAJOR)
    return 1;
  int row = c->layout == FASTLA_ROW_MAJOR, info;
  if (c->o == OP_GEMV) {
    if (bad_trans(c->ta))
      return 2;
    info = row ? f77_gemv_info(1, c->n, c->m, c->lda, c->incx, c->incy)
               : f77_gemv_info(1, c->m, c->n, c->lda, c->incx, c->incy);
    return info ? info + 1 : 0;
  }
  if (bad_trans(c->ta))
    return 2;
  if (bad_trans(c->tb))
    return 3;
  info = row ? f77_gemm_info(tcode(c->tb), tcode(c->ta), c->n, c->m, c->k,
                             c->ldb, c->lda, c->ldc)
             : f77_gemm_info(tcode(c->ta), tcode(c->tb), c->m, c->n, c->k,
                             c->lda, c->ldb, c->ldc);
  return info ? info + 1 : 0;
}

static void expected_routine(const call *c, char *buf, size_t len) {
  const char *o = op_names[c->o];
  if (c->a == API_CBLAS)
    snprintf(buf, len, "cblas_%c%s", c->dbl ? 'd' : 's', o);
  else
    snprintf(buf, len, "%c%c%c%c%c ", c->dbl ? 'D' : 'S', o[0] - 32, o[1] - 32,
             o[2] - 32, o[3] - 32);
}

/* ---- operands ----------------------------------------------------------- */

typedef struct operand {
  size_t len; /* elements */
  unsigned char *data;
  unsigned char *fp; /* 1 = in the footprint */
} operand;

static size_t esz(const call *c) {
  return c->dbl ? sizeof(double) : sizeof(float);
}

static double get(const call *c, const operand *o, size_t i) {
  if (c->dbl) {
    double d;
    memcpy(&d, o->data + i * 8, 8);
    return d;
  }
  float f;
  memcpy(&f, o->data + i * 4, 4);
  return f;
}

static void put(const call *c, operand *o, size_t i, double v) {
  if (c->dbl) {
    memcpy(o->data + i * 8, &v, 8);
  } else {
    float f = (float)v;
    memcpy(o->data + i * 4, &f, 4);
  }
}

static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static double rng_value(uint64_t *s) {
  return (double)(rng_next(s) >> 11) * 0x1p-52 - 1.0;
}

/* len elements, footprint given by the caller; padding NaN, so that a read
 * of it poisons the result. malloc'd to the exact size: ASan's redzones
 * catch any access beyond. */
static operand make(const call *c, size_t len) {
  operand o = {len, malloc(len * esz(c) + 1), calloc(len + 1, 1)};
  for (size_t i = 0; i < len; i++)
    put(c, &o, i, NAN);
  return o;
}

static void drop(operand *o) {
  free(o->data);
  free(o->fp);
}

/* A vector of n elements, increment inc; pointer = lowest address. */
static size_t vec_len(int64_t n, int64_t inc) {
  if (n <= 0)
    return 0;
  int64_t a = inc < 0 ? -inc : inc;
  return (size_t)((n - 1) * a + 1);
}

static size_t vec_at(int64_t n, int64_t inc, int64_t i) {
  return (size_t)(inc >= 0 ? i * inc : (n - 1 - i) * -inc);
}

static operand make_vec(const call *c, int64_t n, int64_t inc, uint64_t *s) {
  operand o = make(c, vec_len(n, inc));
  for (int64_t i = 0; i < n; i++) {
    size_t at = vec_at(n, inc, i);
    put(c, &o, at, rng_value(s));
    o.fp[at] = 1;
  }
  return o;
}

/* rows x cols stored in the layout with ld (>= 1). Storage for an invalid
 * ld is what that ld implies: a call that wrongly proceeds overruns it. */
static size_t mat_at(int col, int64_t ld, int64_t r, int64_t cc) {
  return (size_t)(col ? r + cc * ld : r * ld + cc);
}

static operand make_mat(const call *c, int64_t rows, int64_t cols, int64_t ld,
                        uint64_t *s) {
  int col = c->layout != FASTLA_ROW_MAJOR;
  if (rows < 0 || cols < 0 || ld < 1)
    return make(c, 1);
  int64_t lines = col ? cols : rows, inner = col ? rows : cols;
  size_t len = lines ? (size_t)((lines - 1) * ld + inner) : 0;
  if (inner > ld) /* invalid ld: keep the storage the ld claims */
    len = lines ? (size_t)(lines * ld) : 0;
  operand o = make(c, len);
  for (int64_t r = 0; r < rows; r++)
    for (int64_t cc = 0; cc < cols; cc++) {
      size_t at = mat_at(col, ld, r, cc);
      if (at < len) {
        put(c, &o, at, rng_value(s));
        o.fp[at] = 1;
      }
    }
  return o;
}

/* A few special values at positions inside the footprint. */
static void plant(const call *c, operand *o, unsigned *specials, uint64_t *s) {
  static const double vals[] = {NAN, INFINITY, -INFINITY,
                                0.0, 0x1p-140, -0x1p-1070};
  unsigned count = *specials % 4;
  *specials /= 4;
  for (unsigned i = 0; i < count && o->len; i++) {
    size_t at = (size_t)(rng_next(s) % o->len);
    if (o->fp[at])
      put(c, o, at, vals[rng_next(s) % 6]);
  }
}

/* ---- configurations ----------------------------------------------------- */

typedef struct config {
  fastla_backend backend;
  fastla_isa isa;
  char name[24];
} config;

static config configs[8];
static int n_configs;

static void init_configs(void) {
  static const fastla_isa isas[] = {FASTLA_ISA_SSE2, FASTLA_ISA_AVX2,
                                    FASTLA_ISA_AVX512};
  static const fastla_backend backends[] = {FASTLA_BACKEND_SIMD,
                                            FASTLA_BACKEND_OPENMP};
  const char *only = getenv("FASTLA_FUZZ_CONFIGS");
  for (size_t b = 0; b < 2; b++)
    for (size_t i = 0; i < 3; i++) {
      if (!fastla_backend_available(backends[b]) ||
          (fastla_isa_support(isas[i]) & 7) != 7)
        continue;
      config cf = {backends[b], isas[i], ""};
      snprintf(cf.name, sizeof cf.name, "%s-%s",
               fastla_backend_name(backends[b]), fastla_isa_name(isas[i]));
      if (only && !strstr(only, cf.name))
        continue;
      configs[n_configs++] = cf;
    }
  fprintf(stderr, "fuzz_blas: reference against %d configurations:", n_configs);
  for (int i = 0; i < n_configs; i++)
    fprintf(stderr, " %s", configs[i].name);
  fputc('\n', stderr);
}

static void use(const config *cf) {
  if (fastla_set_backend(cf->backend) != FASTLA_OK ||
      fastla_set_isa(cf->isa) != FASTLA_OK || fastla_get_isa() != cf->isa) {
    fprintf(stderr, "fuzz_blas: cannot select %s\n", cf->name);
    abort();
  }
}

/* ---- running one call --------------------------------------------------- */

static char what[256];

static void describe(const call *c, const char *cfg) {
  snprintf(what, sizeof what,
           "%s %c%s %s layout=%d ta=%d tb=%d m=%ld n=%ld k=%ld lda=%ld "
           "ldb=%ld ldc=%ld incx=%ld incy=%ld alpha=%g beta=%g seed=%lu "
           "specials=%u",
           cfg, c->dbl ? 'd' : 's', op_names[c->o], api_names[c->a], c->layout,
           c->ta, c->tb, (long)c->m, (long)c->n, (long)c->k, (long)c->lda,
           (long)c->ldb, (long)c->ldc, (long)c->incx, (long)c->incy, c->alpha,
           c->beta, (unsigned long)c->seed, c->specials);
}

static void bug(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "fuzz_blas: BUG in [%s]: ", what);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}

typedef struct operands {
  operand x, y, a, b; /* level 1 / gemv: x, y, a; gemm: a, b, y (= C) */
  double scalar;      /* dot, nrm2 result */
  fastla_status st;
} operands;

/* Runs c through entry point e (native for the reference run). */
static void invoke(const call *c, api e, operands *o) {
  int d = c->dbl;
  float sa = (float)c->alpha, sb = (float)c->beta;
  double da = c->alpha, db = c->beta;
  int n = (int)c->n, m = (int)c->m, k = (int)c->k, ix = (int)c->incx,
      iy = (int)c->incy, lda = (int)c->lda, ldb = (int)c->ldb,
      ldc = (int)c->ldc;
  void *x = o->x.data, *y = o->y.data, *a = o->a.data, *b = o->b.data;
  char ta = bad_trans(c->ta)           ? 'X'
            : c->ta == FASTLA_NO_TRANS ? 'n'
            : c->ta == FASTLA_TRANS    ? 'T'
                                       : 'c';
  char tb = bad_trans(c->tb)           ? 'X'
            : c->tb == FASTLA_NO_TRANS ? 'N'
            : c->tb == FASTLA_TRANS    ? 't'
                                       : 'C';
  o->st = FASTLA_OK;
  switch (c->o) {
  case OP_AXPY:
    if (e == API_NATIVE)
      d ? fastla_daxpy(c->n, da, x, c->incx, y, c->incy)
        : fastla_saxpy(c->n, sa, x, c->incx, y, c->incy);
    else if (e == API_CBLAS)
      d ? cblas_daxpy(n, da, x, ix, y, iy) : cblas_saxpy(n, sa, x, ix, y, iy);
    else
      d ? daxpy_(&n, &da, x, &ix, y, &iy) : saxpy_(&n, &sa, x, &ix, y, &iy);
    break;
  case OP_DOT:
    if (e == API_NATIVE)
      o->scalar = d ? fastla_ddot(c->n, x, c->incx, y, c->incy)
                    : fastla_sdot(c->n, x, c->incx, y, c->incy);
    else if (e == API_CBLAS)
      o->scalar = d ? cblas_ddot(n, x, ix, y, iy) : cblas_sdot(n, x, ix, y, iy);
    else
      o->scalar = d ? ddot_(&n, x, &ix, y, &iy) : sdot_(&n, x, &ix, y, &iy);
    break;
  case OP_NRM2:
    if (e == API_NATIVE)
      o->scalar =
          d ? fastla_dnrm2(c->n, x, c->incx) : fastla_snrm2(c->n, x, c->incx);
    else if (e == API_CBLAS)
      o->scalar = d ? cblas_dnrm2(n, x, ix) : cblas_snrm2(n, x, ix);
    else
      o->scalar = d ? dnrm2_(&n, x, &ix) : snrm2_(&n, x, &ix);
    break;
  case OP_GEMV:
    if (e == API_NATIVE)
      o->st = d ? fastla_dgemv(c->layout, c->ta, c->m, c->n, da, a, c->lda, x,
                               c->incx, db, y, c->incy)
                : fastla_sgemv(c->layout, c->ta, c->m, c->n, sa, a, c->lda, x,
                               c->incx, sb, y, c->incy);
    else if (e == API_CBLAS)
      d ? cblas_dgemv(c->layout, c->ta, m, n, da, a, lda, x, ix, db, y, iy)
        : cblas_sgemv(c->layout, c->ta, m, n, sa, a, lda, x, ix, sb, y, iy);
    else
      d ? dgemv_(&ta, &m, &n, &da, a, &lda, x, &ix, &db, y, &iy, 1)
        : sgemv_(&ta, &m, &n, &sa, a, &lda, x, &ix, &sb, y, &iy, 1);
    break;
  case OP_GEMM:
    if (e == API_NATIVE)
      o->st = d ? fastla_dgemm(c->layout, c->ta, c->tb, c->m, c->n, c->k, da, a,
                               c->lda, b, c->ldb, db, y, c->ldc)
                : fastla_sgemm(c->layout, c->ta, c->tb, c->m, c->n, c->k, sa, a,
                               c->lda, b, c->ldb, sb, y, c->ldc);
    else if (e == API_CBLAS)
      d ? cblas_dgemm(c->layout, c->ta, c->tb, m, n, k, da, a, lda, b, ldb, db,
                      y, ldc)
        : cblas_sgemm(c->layout, c->ta, c->tb, m, n, k, sa, a, lda, b, ldb, sb,
                      y, ldc);
    else
      d ? dgemm_(&ta, &tb, &m, &n, &k, &da, a, &lda, b, &ldb, &db, y, &ldc, 1,
                 1)
        : sgemm_(&ta, &tb, &m, &n, &k, &sa, a, &lda, b, &ldb, &sb, y, &ldc, 1,
                 1);
    break;
  }
}

static operands build(const call *c) {
  uint64_t s = c->seed;
  unsigned sp = c->specials;
  operands o;
  memset(&o, 0, sizeof o);
  int ta = c->ta != FASTLA_NO_TRANS, tb = c->tb != FASTLA_NO_TRANS;
  switch (c->o) {
  case OP_AXPY:
  case OP_DOT:
  case OP_NRM2:
    o.x = make_vec(c, c->n, c->incx, &s);
    o.y = make_vec(c, c->n, c->incy, &s);
    o.a = make(c, 0), o.b = make(c, 0);
    break;
  case OP_GEMV: {
    int64_t lx = ta ? c->m : c->n, ly = ta ? c->n : c->m;
    o.a = make_mat(c, c->m, c->n, c->lda, &s);
    o.x = make_vec(c, lx, c->incx, &s);
    o.y = make_vec(c, ly, c->incy, &s);
    o.b = make(c, 0);
    break;
  }
  case OP_GEMM:
    o.a = make_mat(c, ta ? c->k : c->m, ta ? c->m : c->k, c->lda, &s);
    o.b = make_mat(c, tb ? c->n : c->k, tb ? c->k : c->n, c->ldb, &s);
    o.y = make_mat(c, c->m, c->n, c->ldc, &s);
    o.x = make(c, 0);
    break;
  }
  plant(c, &o.x, &sp, &s), plant(c, &o.a, &sp, &s), plant(c, &o.b, &sp, &s);
  plant(c, &o.y, &sp, &s);
  return o;
}

static operand clone(const call *c, const operand *src) {
  operand o = {src->len, malloc(src->len * esz(c) + 1), malloc(src->len + 1)};
  memcpy(o.data, src->data, src->len * esz(c));
  memcpy(o.fp, src->fp, src->len + 1);
  return o;
}

static int same_bytes(const call *c, const operand *p, const operand *q) {
  return memcmp(p->data, q->data, p->len * esz(c)) == 0;
}

/* ---- agreement ---------------------------------------------------------- */

static int agree(double ref, double got, double mag, double k, double eps,
                 int loose) {
  if (!isfinite(ref) || !isfinite(got)) {
    if (loose)
      return !isfinite(ref) && !isfinite(got);
    if (isnan(ref))
      return isnan(got);
    return ref == got;
  }
  if (!(mag < INFINITY)) /* NaN or Inf data whose terms cancelled */
    return 1;
  double tol = 2 * 3 * (k + 2) * eps * mag + 8 * DBL_TRUE_MIN +
               (eps > 1e-10 ? 8 * FLT_TRUE_MIN : 0);
  return fabs(ref - got) <= tol;
}

/* Magnitudes: mag[i] for element i of y's storage (gemv, axpy) / C. */
static double *magnitudes(const call *c, const operands *in) {
  size_t len = in->y.len;
  double *mag = calloc(len + 1, sizeof *mag);
  double aa = isfinite(c->alpha) ? fabs(c->alpha) : 0,
         bb = isfinite(c->beta) ? fabs(c->beta) : 0;
  int ta = c->ta != FASTLA_NO_TRANS, tb = c->tb != FASTLA_NO_TRANS;
  int col = c->layout != FASTLA_ROW_MAJOR;
  if (c->o == OP_AXPY) {
    for (size_t i = 0; i < len; i++)
      mag[i] = fabs(get(c, &in->y, i));
    for (int64_t i = 0; i < c->n; i++)
      mag[vec_at(c->n, c->incy, i)] +=
          aa ? aa * fabs(get(c, &in->x, vec_at(c->n, c->incx, i))) : 0;
  } else if (c->o == OP_GEMV) {
    int64_t lx = ta ? c->m : c->n, ly = ta ? c->n : c->m;
    for (int64_t i = 0; i < ly; i++) {
      double s = 0;
      for (int64_t j = 0; j < lx; j++) {
        size_t at = ta ? mat_at(col, c->lda, j, i) : mat_at(col, c->lda, i, j);
        s += fabs(get(c, &in->a, at)) *
             fabs(get(c, &in->x, vec_at(lx, c->incx, j)));
      }
      size_t yi = vec_at(ly, c->incy, i);
      mag[yi] = (aa ? aa * s : 0) + (bb ? bb * fabs(get(c, &in->y, yi)) : 0);
    }
  } else if (c->o == OP_GEMM) {
    for (int64_t i = 0; i < c->m; i++)
      for (int64_t j = 0; j < c->n; j++) {
        double s = 0;
        for (int64_t l = 0; l < c->k; l++) {
          size_t ia =
              ta ? mat_at(col, c->lda, l, i) : mat_at(col, c->lda, i, l);
          size_t ib =
              tb ? mat_at(col, c->ldb, j, l) : mat_at(col, c->ldb, l, j);
          s += fabs(get(c, &in->a, ia)) * fabs(get(c, &in->b, ib));
        }
        size_t ci = mat_at(col, c->ldc, i, j);
        mag[ci] = (aa ? aa * s : 0) + (bb ? bb * fabs(get(c, &in->y, ci)) : 0);
      }
  }
  return mag;
}

static void check_against(const call *c, const operands *in,
                          const operands *ref, const operands *got,
                          const double *mag) {
  double eps = c->dbl ? DBL_EPSILON : FLT_EPSILON;
  int loose = !isfinite(c->alpha);
  if (c->o == OP_DOT || c->o == OP_NRM2) {
    double m = 0;
    if (c->o == OP_DOT)
      for (int64_t i = 0; i < c->n; i++)
        m += fabs(get(c, &in->x, vec_at(c->n, c->incx, i)) *
                  get(c, &in->y, vec_at(c->n, c->incy, i)));
    else
      m = fabs(ref->scalar);
    if (!agree(ref->scalar, got->scalar, m, (double)(c->n > 0 ? c->n : 0), eps,
               0))
      bug("result %a, reference backend %a", got->scalar, ref->scalar);
    return;
  }
  double k = c->o == OP_GEMM ? (double)c->k
             : c->o == OP_GEMV
                 ? (double)(c->ta != FASTLA_NO_TRANS ? c->m : c->n)
             : c->incy == 0 ? (double)c->n
                            : 1;
  for (size_t i = 0; i < in->y.len; i++) {
    if (!in->y.fp[i])
      continue;
    double r = get(c, &ref->y, i), g = get(c, &got->y, i);
    if (!agree(r, g, mag[i], k, eps, loose))
      bug("output element %zu is %a, reference backend %a (bound from %g)", i,
          g, r, mag[i]);
  }
}

/* Runs the call on entry e and checks everything but agreement. */
static operands run_checked(const call *c, api e, const operands *in,
                            const char *cfg) {
  operands o = {
      clone(c, &in->x), clone(c, &in->y), clone(c, &in->a), clone(c, &in->b), 0,
      FASTLA_OK};
  describe(c, cfg);
  memset(&seen, 0, sizeof seen);
  invoke(c, e, &o);
  if (!same_bytes(c, &o.x, &in->x) || !same_bytes(c, &o.a, &in->a) ||
      !same_bytes(c, &o.b, &in->b))
    bug("an input changed");
  if (c->o == OP_DOT || c->o == OP_NRM2) {
    if (!same_bytes(c, &o.y, &in->y))
      bug("an input changed");
  } else {
    for (size_t i = 0; i < in->y.len; i++)
      if (!in->y.fp[i] &&
          memcmp(o.y.data + i * esz(c), in->y.data + i * esz(c), esz(c)))
        bug("output element %zu outside the footprint written", i);
  }
  int bad = 0;
  if (e == API_NATIVE && c->o >= OP_GEMV) {
    fastla_status want = expected_status(c);
    if (o.st != want)
      bug("status %d (%s), expected %d (%s)", (int)o.st,
          fastla_status_argument(o.st) ? fastla_status_argument(o.st) : "-",
          (int)want,
          fastla_status_argument(want) ? fastla_status_argument(want) : "-");
    bad = want != FASTLA_OK;
  } else if (e != API_NATIVE) {
    int want = expected_report(c);
    char rout[32];
    expected_routine(c, rout, sizeof rout);
    if (want == 0 && seen.calls)
      bug("unexpected report %d from %s", seen.info, seen.rout);
    if (want &&
        (seen.calls != 1 || seen.info != want || strcmp(seen.rout, rout) != 0))
      bug("expected one report %d from '%s', got %d reports, last %d from "
          "'%s'",
          want, rout, seen.calls, seen.info, seen.rout);
    bad = want != 0;
  }
  if (bad && !same_bytes(c, &o.y, &in->y))
    bug("output written although the arguments are invalid");
  return o;
}

static void drop_all(operands *o) {
  drop(&o->x), drop(&o->y), drop(&o->a), drop(&o->b);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  init_configs();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  reader r = {data, size};
  call c = decode(&r);
  /* Invalid sizes and lds reach the native/shim checks only where an
   * argument check exists; level 1 through the shim needs int sizes. */
  operands in = build(&c);
  if (fastla_set_backend(FASTLA_BACKEND_REFERENCE) != FASTLA_OK)
    abort();
  operands ref = run_checked(&c, API_NATIVE, &in, "reference");
  int invalid = c.o >= OP_GEMV && (expected_status(&c) != FASTLA_OK ||
                                   (c.a != API_NATIVE && expected_report(&c)));
  double *mag = invalid ? NULL : magnitudes(&c, &in);
  for (int i = 0; i < n_configs; i++) {
    use(&configs[i]);
    operands got = run_checked(&c, c.a, &in, configs[i].name);
    if (!invalid)
      check_against(&c, &in, &ref, &got, mag);
    drop_all(&got);
  }
  free(mag);
  drop_all(&ref);
  drop_all(&in);
  return 0;
}
