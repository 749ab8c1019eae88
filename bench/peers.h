/*
 * peers.h - other BLAS libraries loaded at run time with dlopen, so the
 * bench has no link-time dependency on them and each keeps its symbols to
 * itself (RTLD_LOCAL).
 */
#ifndef FASTLA_BENCH_PEERS_H
#define FASTLA_BENCH_PEERS_H

#include "problem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CBLAS enums are ints on every ABI we run on. */
typedef void cblas_saxpy_fn(int, float, const float *, int, float *, int);
typedef void cblas_daxpy_fn(int, double, const double *, int, double *, int);
typedef float cblas_sdot_fn(int, const float *, int, const float *, int);
typedef double cblas_ddot_fn(int, const double *, int, const double *, int);
typedef float cblas_snrm2_fn(int, const float *, int);
typedef double cblas_dnrm2_fn(int, const double *, int);
typedef void cblas_sgemv_fn(int, int, int, int, float, const float *, int,
                            const float *, int, float, float *, int);
typedef void cblas_dgemv_fn(int, int, int, int, double, const double *, int,
                            const double *, int, double, double *, int);
typedef void cblas_sgemm_fn(int, int, int, int, int, int, float, const float *,
                            int, const float *, int, float, float *, int);
typedef void cblas_dgemm_fn(int, int, int, int, int, int, double,
                            const double *, int, const double *, int, double,
                            double *, int);

/* Fortran BLAS (gfortran ABI, 32-bit integers, hidden string lengths),
 * used only when a library lacks the cblas_ symbol. */
typedef void f77_saxpy_fn(const int *, const float *, const float *,
                          const int *, float *, const int *);
typedef void f77_daxpy_fn(const int *, const double *, const double *,
                          const int *, double *, const int *);
typedef float f77_sdot_fn(const int *, const float *, const int *,
                          const float *, const int *);
typedef double f77_ddot_fn(const int *, const double *, const int *,
                           const double *, const int *);
typedef float f77_snrm2_fn(const int *, const float *, const int *);
typedef double f77_dnrm2_fn(const int *, const double *, const int *);
typedef void f77_sgemv_fn(const char *, const int *, const int *, const float *,
                          const float *, const int *, const float *,
                          const int *, const float *, float *, const int *,
                          size_t);
typedef void f77_dgemv_fn(const char *, const int *, const int *,
                          const double *, const double *, const int *,
                          const double *, const int *, const double *, double *,
                          const int *, size_t);
typedef void f77_sgemm_fn(const char *, const char *, const int *, const int *,
                          const int *, const float *, const float *,
                          const int *, const float *, const int *,
                          const float *, float *, const int *, size_t, size_t);
typedef void f77_dgemm_fn(const char *, const char *, const int *, const int *,
                          const int *, const double *, const double *,
                          const int *, const double *, const int *,
                          const double *, double *, const int *, size_t,
                          size_t);

typedef struct bench_peer {
  char name[32];
  char path[512];
  char info[160]; /* version/config string when the library offers one */
  void *handle;
  int cblas_routines, f77_routines; /* how many of the 10 each provides */
  cblas_saxpy_fn *saxpy;
  cblas_daxpy_fn *daxpy;
  cblas_sdot_fn *sdot;
  cblas_ddot_fn *ddot;
  cblas_snrm2_fn *snrm2;
  cblas_dnrm2_fn *dnrm2;
  cblas_sgemv_fn *sgemv;
  cblas_dgemv_fn *dgemv;
  cblas_sgemm_fn *sgemm;
  cblas_dgemm_fn *dgemm;
  f77_saxpy_fn *saxpy_;
  f77_daxpy_fn *daxpy_;
  f77_sdot_fn *sdot_;
  f77_ddot_fn *ddot_;
  f77_snrm2_fn *snrm2_;
  f77_dnrm2_fn *dnrm2_;
  f77_sgemv_fn *sgemv_;
  f77_dgemv_fn *dgemv_;
  f77_sgemm_fn *sgemm_;
  f77_dgemm_fn *dgemm_;
  void (*set_threads_int)(int);       /* openblas_set_num_threads */
  void (*set_threads_i64)(long long); /* bli_thread_set_num_threads */
} bench_peer;

/* Library paths tried, in order, for the built-in peers; NULL-terminated. */
extern const char *const bench_openblas_paths[];
extern const char *const bench_blis_paths[];

/* Sets the environment variables the known libraries read at load time
 * (OPENBLAS_NUM_THREADS, BLIS_NUM_THREADS) so they start with `threads`
 * threads. Call before the first bench_peer_open. */
void bench_peers_preset_threads(int threads);

/* dlopens path as peer `name`. Returns 0, or -1 with a reason in err when
 * the library cannot be loaded or has none of the routines. */
int bench_peer_open(bench_peer *peer, const char *name, const char *path,
                    char *err, size_t err_size);
/* Tries each path in turn; returns 0 on the first that loads. */
int bench_peer_open_first(bench_peer *peer, const char *name,
                          const char *const *paths);
void bench_peer_close(bench_peer *peer);
/* Sets the peer's thread count, if it has a known call for it. */
void bench_peer_set_threads(bench_peer *peer, int threads);
/* 1 if the peer provides p's routine in p's precision. */
int bench_peer_supports(const bench_peer *peer, const bench_problem *p);
/* One call of p's routine through the peer's CBLAS (or Fortran) entry. */
void bench_run_peer(const bench_peer *peer, bench_problem *p);

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_BENCH_PEERS_H */
