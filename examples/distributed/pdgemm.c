/* pdgemm.c - C = A * B across MPI ranks with ScaLAPACK's PBLAS, libfastla
 * as every rank's local BLAS.
 *
 *   mpirun -np R example_pdgemm [n [nb [reps]]]     (defaults 1024 128 3)
 *
 * The R ranks form a P x Q process grid (P the largest divisor of R not
 * above sqrt(R), so 2 ranks are 1 x 2). A, B and C are n x n, distributed
 * 2-D block-cyclically in nb x nb blocks: block (I, J) lives on process
 * (I mod P, J mod Q). pdgemm_ moves panels of A and B between ranks and
 * calls the local dgemm_ on each rank's share; because this program is
 * linked with libfastla_cblas before ScaLAPACK, that dgemm_ is libfastla's
 * (the program prints where dgemm_ resolved, to make it visible).
 *
 * The result is checked without gathering C: for a random vector x,
 * y = C x and z = A (B x) (three pdgemv_ calls) must agree within the
 * rounding-error bound 8 (n + 2) u (|A| |B| |x|)_i, row by row.
 *
 * Prints the best of reps timed pdgemm_ calls: seconds, GFLOP/s in total
 * and per rank. Exit status 0 when the check passes, 1 otherwise. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <fastla.h>
#include <float.h>
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* BLACS and PBLAS, as Debian's libscalapack-openmpi exports them. */
void Cblacs_pinfo(int *me, int *nprocs);
void Cblacs_get(int ctxt, int what, int *val);
void Cblacs_gridinit(int *ctxt, const char *order, int nprow, int npcol);
void Cblacs_gridinfo(int ctxt, int *nprow, int *npcol, int *myrow, int *mycol);
void Cblacs_gridexit(int ctxt);
int numroc_(const int *n, const int *nb, const int *iproc, const int *isrc,
            const int *nprocs);
void descinit_(int *desc, const int *m, const int *n, const int *mb,
               const int *nb, const int *irsrc, const int *icsrc,
               const int *ctxt, const int *lld, int *info);
void pdgemm_(const char *transa, const char *transb, const int *m, const int *n,
             const int *k, const double *alpha, const double *a, const int *ia,
             const int *ja, const int *desca, const double *b, const int *ib,
             const int *jb, const int *descb, const double *beta, double *c,
             const int *ic, const int *jc, const int *descc);
void pdgemv_(const char *trans, const int *m, const int *n, const double *alpha,
             const double *a, const int *ia, const int *ja, const int *desca,
             const double *x, const int *ix, const int *jx, const int *descx,
             const int *incx, const double *beta, double *y, const int *iy,
             const int *jy, const int *descy, const int *incy);
/* The local BLAS routine PBLAS calls; only its address is used here. */
void dgemm_(void);

static const int ZERO = 0, ONE = 1;

/* This rank's place in the grid and the matrices' shape. */
typedef struct grid {
  int ctxt, nprow, npcol, myrow, mycol;
  int n, nb;
  int mloc, nloc; /* local rows and columns of an n x n matrix */
  int xloc;       /* local rows of an n x 1 vector (on process column 0) */
} grid;

/* A uniform value in [-1, 1) from global indices and a seed, so that every
 * rank generates its own entries of the same global matrix. */
static double entry(uint64_t i, uint64_t j, uint64_t seed) {
  uint64_t h = (i * 0x9E3779B97F4A7C15u) ^ (j + 0x632BE59BD9B4E019u) ^ seed;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9u;
  h ^= h >> 29;
  h *= 0x94D049BB133111EBu;
  h ^= h >> 32;
  return (double)(h >> 11) * 0x1.0p-52 - 1.0;
}

/* Global index of local row (or column) l on process p of np. */
static int global_index(int l, int nb, int p, int np) {
  return (l / nb) * np * nb + p * nb + l % nb;
}

static void choose_grid(int nprocs, int *p, int *q) {
  *p = 1;
  for (int d = 1; d * d <= nprocs; d++)
    if (nprocs % d == 0)
      *p = d;
  *q = nprocs / *p;
}

/* Fills this rank's part of the global n x n matrix. */
static void fill_matrix(const grid *g, double *a, uint64_t seed) {
  for (int lj = 0; lj < g->nloc; lj++)
    for (int li = 0; li < g->mloc; li++) {
      int gi = global_index(li, g->nb, g->myrow, g->nprow);
      int gj = global_index(lj, g->nb, g->mycol, g->npcol);
      a[li + (size_t)lj * g->mloc] = entry((uint64_t)gi, (uint64_t)gj, seed);
    }
}

/* Fills this rank's part of the global n-vector (on process column 0). */
static void fill_vector(const grid *g, double *x, uint64_t seed) {
  for (int li = 0; g->mycol == 0 && li < g->xloc; li++)
    x[li] =
        entry((uint64_t)global_index(li, g->nb, g->myrow, g->nprow), 0, seed);
}

/* y = A x for a distributed n x n A and n-vectors x, y. */
static void gemv(const grid *g, const double *a, const int *desca,
                 const double *x, double *y, const int *descx) {
  const double one = 1.0, zero = 0.0;
  pdgemv_("N", &g->n, &g->n, &one, a, &ONE, &ONE, desca, x, &ONE, &ONE, descx,
          &ONE, &zero, y, &ONE, &ONE, descx, &ONE);
}

/* Largest |y_i - z_i| / w_i over this rank's rows, 0 where it holds none. */
static double local_ratio(const grid *g, const double *y, const double *z,
                          const double *w) {
  double worst = 0.0;
  if (g->mycol != 0)
    return 0.0;
  for (int i = 0; i < g->xloc; i++) {
    double r = fabs(y[i] - z[i]) / (w[i] > 0 ? w[i] : DBL_MIN);
    worst = r > worst ? r : worst;
  }
  return worst;
}

/* The scratch of the check: |A| and |B| (this rank's parts), and five
 * n-vectors. */
typedef struct scratch {
  double *aa, *ab, *x, *y, *z, *t, *w;
  size_t mat, vec; /* elements of each, plus one */
} scratch;

/* Freivalds-style check of C = A B on this rank's rows: y = C x and
 * z = A (B x) against the bound tol (|A| |B| |x|). Collective. */
static double freivalds(const grid *g, const double *a, const double *b,
                        const double *c, const int *desc, const int *descx,
                        scratch *s) {
  for (size_t i = 0; i + 1 < s->mat; i++) {
    s->aa[i] = fabs(a[i]);
    s->ab[i] = fabs(b[i]);
  }
  fill_vector(g, s->x, 3);
  gemv(g, c, desc, s->x, s->y, descx); /* y = C x */
  gemv(g, b, desc, s->x, s->t, descx); /* z = A (B x) */
  gemv(g, a, desc, s->t, s->z, descx);
  for (size_t i = 0; i + 1 < s->vec; i++)
    s->x[i] = fabs(s->x[i]);
  gemv(g, s->ab, desc, s->x, s->t, descx); /* w = |A| (|B| |x|) */
  gemv(g, s->aa, desc, s->t, s->w, descx);
  double tol = 8.0 * (g->n + 2) * (DBL_EPSILON / 2);
  for (size_t i = 0; i + 1 < s->vec; i++)
    s->w[i] *= tol;
  return local_ratio(g, s->y, s->z, s->w);
}

/* The worst ratio of the error of C = A B to its bound over all ranks
 * (<= 1 passes; infinite when some rank ran out of memory). */
static double check(const grid *g, const double *a, const double *b,
                    const double *c, const int *desc, const int *descx) {
  scratch s = {.mat = (size_t)g->mloc * g->nloc + 1,
               .vec = (size_t)g->xloc + 1};
  s.aa = malloc(s.mat * sizeof *s.aa);
  s.ab = malloc(s.mat * sizeof *s.ab);
  double **vecs[] = {&s.x, &s.y, &s.z, &s.t, &s.w};
  int ok = s.aa && s.ab, all_ok;
  for (int i = 0; i < 5; i++)
    ok &= (*vecs[i] = calloc(s.vec, sizeof **vecs[i])) != NULL;
  MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  double mine = all_ok ? freivalds(g, a, b, c, desc, descx, &s) : INFINITY;
  double worst;
  MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  free(s.aa), free(s.ab);
  for (int i = 0; i < 5; i++)
    free(*vecs[i]);
  return worst;
}

/* Best of reps pdgemm_ calls, in seconds (the slowest rank's time). */
static double time_pdgemm(const grid *g, const double *a, const double *b,
                          double *c, const int *desc, int reps) {
  const double one = 1.0, zero = 0.0;
  double best = INFINITY;
  for (int r = 0; r < reps; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    pdgemm_("N", "N", &g->n, &g->n, &g->n, &one, a, &ONE, &ONE, desc, b, &ONE,
            &ONE, desc, &zero, c, &ONE, &ONE, desc);
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime() - t0;
    best = t < best ? t : best;
  }
  return best;
}

/* Where dgemm_ resolved: the library every rank's local products use. */
static const char *local_blas(void) {
  Dl_info info;
  if (dladdr((void *)dgemm_, &info) && info.dli_fname)
    return info.dli_fname;
  return "(unknown)";
}

static int setup(grid *g, int n, int nb, int *desc, int *descx) {
  int me, nprocs, info, info2, xcols = 1;
  Cblacs_pinfo(&me, &nprocs);
  choose_grid(nprocs, &g->nprow, &g->npcol);
  Cblacs_get(-1, 0, &g->ctxt);
  Cblacs_gridinit(&g->ctxt, "Row", g->nprow, g->npcol);
  Cblacs_gridinfo(g->ctxt, &g->nprow, &g->npcol, &g->myrow, &g->mycol);
  g->n = n;
  g->nb = nb;
  g->mloc = numroc_(&n, &nb, &g->myrow, &ZERO, &g->nprow);
  g->nloc = numroc_(&n, &nb, &g->mycol, &ZERO, &g->npcol);
  g->xloc = g->mloc;
  int lld = g->mloc > 1 ? g->mloc : 1;
  descinit_(desc, &n, &n, &nb, &nb, &ZERO, &ZERO, &g->ctxt, &lld, &info);
  descinit_(descx, &n, &xcols, &nb, &nb, &ZERO, &ZERO, &g->ctxt, &lld, &info2);
  return info != 0 ? info : info2;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int n = argc > 1 ? atoi(argv[1]) : 1024, nb = argc > 2 ? atoi(argv[2]) : 128;
  int reps = argc > 3 ? atoi(argv[3]) : 3, rank, nprocs, desc[9], descx[9];
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nprocs);
  grid g;
  if (n < 1 || nb < 1 || reps < 1 || setup(&g, n, nb, desc, descx) != 0) {
    if (rank == 0)
      fprintf(stderr, "usage: example_pdgemm [n >= 1 [nb >= 1 [reps]]]\n");
    MPI_Finalize();
    return 2;
  }
  size_t mat = (size_t)g.mloc * g.nloc + 1;
  double *a = malloc(mat * sizeof *a), *b = malloc(mat * sizeof *b);
  double *c = malloc(mat * sizeof *c);
  int ok = a && b && c, all_ok;
  MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (!all_ok) {
    if (rank == 0)
      fprintf(stderr, "example_pdgemm: out of memory at n = %d\n", n);
    free(a), free(b), free(c);
    MPI_Finalize();
    return 2;
  }
  fill_matrix(&g, a, 1);
  fill_matrix(&g, b, 2);
  double t = time_pdgemm(&g, a, b, c, desc, reps);
  double worst = check(&g, a, b, c, desc, descx);
  if (rank == 0) {
    double gflops = 2.0 * n * (double)n * n / t * 1e-9;
    printf("pdgemm n=%d nb=%d on %d ranks (%d x %d grid), local dgemm_ "
           "from %s, libfastla backend %s, %d thread(s) per rank\n",
           n, nb, nprocs, g.nprow, g.npcol, local_blas(),
           fastla_backend_name(fastla_get_backend()), fastla_get_num_threads());
    printf("best of %d: %.4f s, %.2f GFLOP/s total, %.2f GFLOP/s per rank\n",
           reps, t, gflops, gflops / nprocs);
    printf("check: max |C x - A (B x)| / bound = %.3g: %s\n", worst,
           worst <= 1.0 ? "PASSED" : "FAILED");
  }
  free(a), free(b), free(c);
  Cblacs_gridexit(g.ctxt);
  MPI_Finalize();
  return worst <= 1.0 ? 0 : 1;
}
