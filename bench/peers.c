/*
 * peers.c - see peers.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "peers.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CBLAS_COL_MAJOR = 102, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };

/* Debian/Ubuntu first (alternatives link, then each threading flavour),
 * then the names the dynamic linker resolves by itself. */
const char *const bench_openblas_paths[] = {
    "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
    "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
    "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0",
    "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0",
    "/usr/lib64/libopenblas.so.0",
    "libopenblas.so.0",
    "libopenblas.so",
    NULL};

const char *const bench_blis_paths[] = {
    "/usr/lib/x86_64-linux-gnu/libblis.so.4",
    "/usr/lib/x86_64-linux-gnu/blis-openmp/libblis.so.4",
    "/usr/lib/x86_64-linux-gnu/blis-pthread/libblis.so.4",
    "/usr/lib/x86_64-linux-gnu/blis-serial/libblis.so.4",
    "/usr/lib64/libblis.so.4",
    "libblis.so.4",
    "libblis.so",
    NULL};

void bench_peers_preset_threads(int threads) {
  char value[16];
  snprintf(value, sizeof value, "%d", threads);
  setenv("OPENBLAS_NUM_THREADS", value, 1);
  setenv("BLIS_NUM_THREADS", value, 1);
}

/* dlsym into a function pointer without the object-to-function pointer
 * cast ISO C leaves undefined; counts what was found. */
static int load(void *handle, const char *symbol, void *fn_ptr) {
  void *sym = dlsym(handle, symbol);
  memcpy(fn_ptr, &sym, sizeof sym);
  return sym != NULL;
}

static void load_cblas(bench_peer *p) {
  void *h = p->handle;
  p->cblas_routines =
      load(h, "cblas_saxpy", &p->saxpy) + load(h, "cblas_daxpy", &p->daxpy) +
      load(h, "cblas_sdot", &p->sdot) + load(h, "cblas_ddot", &p->ddot) +
      load(h, "cblas_snrm2", &p->snrm2) + load(h, "cblas_dnrm2", &p->dnrm2) +
      load(h, "cblas_sgemv", &p->sgemv) + load(h, "cblas_dgemv", &p->dgemv) +
      load(h, "cblas_sgemm", &p->sgemm) + load(h, "cblas_dgemm", &p->dgemm);
}

static void load_f77(bench_peer *p) {
  void *h = p->handle;
  p->f77_routines =
      load(h, "saxpy_", &p->saxpy_) + load(h, "daxpy_", &p->daxpy_) +
      load(h, "sdot_", &p->sdot_) + load(h, "ddot_", &p->ddot_) +
      load(h, "snrm2_", &p->snrm2_) + load(h, "dnrm2_", &p->dnrm2_) +
      load(h, "sgemv_", &p->sgemv_) + load(h, "dgemv_", &p->dgemv_) +
      load(h, "sgemm_", &p->sgemm_) + load(h, "dgemm_", &p->dgemm_);
}

/* A one-line description from whichever query the library offers. */
static void load_info(bench_peer *p) {
  const char *(*openblas_config)(void) = NULL;
  const char *(*blis_version)(void) = NULL;
  load(p->handle, "openblas_get_config", &openblas_config);
  load(p->handle, "bli_info_get_version_str", &blis_version);
  if (openblas_config)
    snprintf(p->info, sizeof p->info, "%s", openblas_config());
  else if (blis_version)
    snprintf(p->info, sizeof p->info, "BLIS %s", blis_version());
}

int bench_peer_open(bench_peer *peer, const char *name, const char *path,
                    char *err, size_t err_size) {
  memset(peer, 0, sizeof *peer);
  snprintf(peer->name, sizeof peer->name, "%s", name);
  snprintf(peer->path, sizeof peer->path, "%s", path);
  /* RTLD_LOCAL: two BLAS libraries in one process must not resolve each
   * other's symbols (or libfastla's). */
  peer->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (peer->handle == NULL) {
    snprintf(err, err_size, "%s", dlerror());
    return -1;
  }
  load_cblas(peer);
  load_f77(peer);
  if (peer->cblas_routines + peer->f77_routines == 0) {
    snprintf(err, err_size, "%s has no cblas_* or Fortran BLAS symbols", path);
    bench_peer_close(peer);
    return -1;
  }
  load(peer->handle, "openblas_set_num_threads", &peer->set_threads_int);
  load(peer->handle, "bli_thread_set_num_threads", &peer->set_threads_i64);
  load_info(peer);
  return 0;
}

int bench_peer_open_first(bench_peer *peer, const char *name,
                          const char *const *paths) {
  char err[512];
  for (; *paths; paths++)
    if (bench_peer_open(peer, name, *paths, err, sizeof err) == 0)
      return 0;
  return -1;
}

void bench_peer_close(bench_peer *peer) {
  if (peer->handle)
    dlclose(peer->handle);
  peer->handle = NULL;
}

void bench_peer_set_threads(bench_peer *peer, int threads) {
  if (peer->set_threads_int)
    peer->set_threads_int(threads);
  if (peer->set_threads_i64) /* BLIS's dim_t is 64-bit */
    peer->set_threads_i64(threads);
}

int bench_peer_supports(const bench_peer *peer, const bench_problem *p) {
  if (p->m > INT_MAX || p->n > INT_MAX || p->k > INT_MAX)
    return 0; /* CBLAS and LP64 Fortran take int sizes */
  const bench_peer *q = peer;
  switch (p->routine * 2 + p->dbl) {
  case BENCH_AXPY * 2:
    return q->saxpy || q->saxpy_;
  case BENCH_AXPY * 2 + 1:
    return q->daxpy || q->daxpy_;
  case BENCH_DOT * 2:
    return q->sdot || q->sdot_;
  case BENCH_DOT * 2 + 1:
    return q->ddot || q->ddot_;
  case BENCH_NRM2 * 2:
    return q->snrm2 || q->snrm2_;
  case BENCH_NRM2 * 2 + 1:
    return q->dnrm2 || q->dnrm2_;
  case BENCH_GEMV * 2:
  case BENCH_GEMV_T * 2:
    return q->sgemv || q->sgemv_;
  case BENCH_GEMV * 2 + 1:
  case BENCH_GEMV_T * 2 + 1:
    return q->dgemv || q->dgemv_;
  case BENCH_GEMM * 2:
    return q->sgemm || q->sgemm_;
  default:
    return q->dgemm || q->dgemm_;
  }
}

static void run_level1_s(const bench_peer *q, bench_problem *p) {
  int n = (int)p->n, one = 1;
  float alpha = (float)p->alpha;
  const float *x = p->a, *y = p->b;
  switch (p->routine) {
  case BENCH_AXPY:
    if (q->saxpy)
      q->saxpy(n, alpha, x, 1, p->c, 1);
    else
      q->saxpy_(&n, &alpha, x, &one, p->c, &one);
    break;
  case BENCH_DOT:
    p->result =
        q->sdot ? q->sdot(n, x, 1, y, 1) : q->sdot_(&n, x, &one, y, &one);
    break;
  default:
    p->result = q->snrm2 ? q->snrm2(n, x, 1) : q->snrm2_(&n, x, &one);
    break;
  }
}

static void run_level1_d(const bench_peer *q, bench_problem *p) {
  int n = (int)p->n, one = 1;
  double alpha = p->alpha;
  const double *x = p->a, *y = p->b;
  switch (p->routine) {
  case BENCH_AXPY:
    if (q->daxpy)
      q->daxpy(n, alpha, x, 1, p->c, 1);
    else
      q->daxpy_(&n, &alpha, x, &one, p->c, &one);
    break;
  case BENCH_DOT:
    p->result =
        q->ddot ? q->ddot(n, x, 1, y, 1) : q->ddot_(&n, x, &one, y, &one);
    break;
  default:
    p->result = q->dnrm2 ? q->dnrm2(n, x, 1) : q->dnrm2_(&n, x, &one);
    break;
  }
}

/* gemv and gemvt: m and n are A's dimensions either way; the transpose
 * flag alone says which vector is x. */
static void run_gemv(const bench_peer *q, bench_problem *p) {
  int m = (int)p->m, n = (int)p->n, one = 1;
  int t = p->routine == BENCH_GEMV_T;
  int trans = t ? CBLAS_TRANS : CBLAS_NO_TRANS;
  const char *f77_trans = t ? "T" : "N";
  if (p->dbl) {
    double alpha = p->alpha, beta = p->beta;
    if (q->dgemv)
      q->dgemv(CBLAS_COL_MAJOR, trans, m, n, alpha, p->a, m, p->b, 1, beta,
               p->c, 1);
    else
      q->dgemv_(f77_trans, &m, &n, &alpha, p->a, &m, p->b, &one, &beta, p->c,
                &one, 1);
  } else {
    float alpha = (float)p->alpha, beta = (float)p->beta;
    if (q->sgemv)
      q->sgemv(CBLAS_COL_MAJOR, trans, m, n, alpha, p->a, m, p->b, 1, beta,
               p->c, 1);
    else
      q->sgemv_(f77_trans, &m, &n, &alpha, p->a, &m, p->b, &one, &beta, p->c,
                &one, 1);
  }
}

/* The same operands, transposes and leading dimensions as libfastla gets
 * (lda = k with trans_a, ldb = n with trans_b; see problem.h). */
static void run_gemm(const bench_peer *q, bench_problem *p) {
  int m = (int)p->m, n = (int)p->n, k = (int)p->k;
  int lda = (int)p->lda, ldb = (int)p->ldb;
  int ta = p->trans_a ? CBLAS_TRANS : CBLAS_NO_TRANS;
  int tb = p->trans_b ? CBLAS_TRANS : CBLAS_NO_TRANS;
  const char *f77_ta = p->trans_a ? "T" : "N";
  const char *f77_tb = p->trans_b ? "T" : "N";
  if (p->dbl) {
    double alpha = p->alpha, beta = p->beta;
    if (q->dgemm)
      q->dgemm(CBLAS_COL_MAJOR, ta, tb, m, n, k, alpha, p->a, lda, p->b, ldb,
               beta, p->c, m);
    else
      q->dgemm_(f77_ta, f77_tb, &m, &n, &k, &alpha, p->a, &lda, p->b, &ldb,
                &beta, p->c, &m, 1, 1);
  } else {
    float alpha = (float)p->alpha, beta = (float)p->beta;
    if (q->sgemm)
      q->sgemm(CBLAS_COL_MAJOR, ta, tb, m, n, k, alpha, p->a, lda, p->b, ldb,
               beta, p->c, m);
    else
      q->sgemm_(f77_ta, f77_tb, &m, &n, &k, &alpha, p->a, &lda, p->b, &ldb,
                &beta, p->c, &m, 1, 1);
  }
}

void bench_run_peer(const bench_peer *peer, bench_problem *p) {
  if (p->routine == BENCH_GEMM)
    run_gemm(peer, p);
  else if (bench_routine_is_gemv(p->routine))
    run_gemv(peer, p);
  else if (p->dbl)
    run_level1_d(peer, p);
  else
    run_level1_s(peer, p);
  bench_sink = p->result;
}
