/* ml_data.c - the synthetic least-squares problem of the machine-learning
 * examples: generation from a seed, the loss, and the closed-form optimum
 * that the checks compare against (declarations in ml_data.h). */
#include "ml_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: tiny, seedable, and good enough for synthetic data; every run
 * with the same seed sees the same problem on every machine. */
static uint64_t next_u64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* Uniform on (0, 1]: never 0, so that log() below is finite. */
static double next_unit(uint64_t *state) {
  return ((double)(next_u64(state) >> 11) + 1.0) * 0x1p-53;
}

/* Uniform on [-sqrt(3), sqrt(3)): variance 1, and much cheaper than a
 * normal for the n * d features. */
static float next_feature(uint64_t *state) {
  double u = (double)(next_u64(state) >> 40) * 0x1p-24;
  return (float)((2.0 * u - 1.0) * 1.7320508075688772);
}

/* Standard normal by Box-Muller (one of the pair is thrown away). */
static double next_normal(uint64_t *state) {
  double r = sqrt(-2.0 * log(next_unit(state)));
  return r * cos(6.283185307179586 * next_unit(state));
}

void ml_problem_free(ml_problem *p) {
  free(p->x);
  free(p->y);
  free(p->y0);
  memset(p, 0, sizeof *p);
}

/* Y := X W_true + noise, then y0 := column 0 of Y. */
static int make_targets(ml_problem *p, double noise, uint64_t *state) {
  size_t dk = (size_t)(p->d * p->k);
  float *wtrue = malloc(dk * sizeof *wtrue);
  if (!wtrue)
    return -1;
  for (size_t i = 0; i < dk; i++)
    wtrue[i] = (float)(next_normal(state) / sqrt((double)p->d));
  fastla_status st =
      fastla_sgemm(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, p->n,
                   p->k, p->d, 1.0f, p->x, p->d, wtrue, p->k, 0.0f, p->y, p->k);
  free(wtrue);
  if (st != FASTLA_OK)
    return -1;
  size_t nk = (size_t)(p->n * p->k);
  for (size_t i = 0; i < nk; i++)
    p->y[i] += (float)(noise * next_normal(state));
  for (fastla_int i = 0; i < p->n; i++)
    p->y0[i] = p->y[i * p->k];
  return 0;
}

int ml_problem_make(ml_problem *p, fastla_int n, fastla_int d, fastla_int k,
                    double noise, uint64_t seed) {
  memset(p, 0, sizeof *p);
  p->n = n;
  p->d = d;
  p->k = k;
  p->x = malloc((size_t)(n * d) * sizeof *p->x);
  p->y = malloc((size_t)(n * k) * sizeof *p->y);
  p->y0 = malloc((size_t)n * sizeof *p->y0);
  uint64_t state = seed;
  if (p->x && p->y && p->y0) {
    size_t nd = (size_t)(n * d);
    for (size_t i = 0; i < nd; i++)
      p->x[i] = next_feature(&state);
    if (make_targets(p, noise, &state) == 0)
      return 0;
  }
  ml_problem_free(p);
  return -1;
}

double ml_loss(const ml_problem *p, const float *w, fastla_int k,
               const float *y, float *work) {
  memcpy(work, y, (size_t)(p->n * k) * sizeof *work);
  fastla_status st;
  if (k == 1) /* work := X w - y */
    st = fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, p->n, p->d, 1.0f, p->x,
                      p->d, w, 1, -1.0f, work, 1);
  else /* work := X W - Y */
    st = fastla_sgemm(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, p->n,
                      k, p->d, 1.0f, p->x, p->d, w, k, -1.0f, work, k);
  if (st != FASTLA_OK)
    return NAN;
  double sum = 0.0;
  size_t nk = (size_t)(p->n * k);
  for (size_t i = 0; i < nk; i++)
    sum += (double)work[i] * work[i];
  return sum / (2.0 * (double)p->n * (double)k);
}

double ml_lr(double lr0, double seen, double horizon) {
  return lr0 / (1.0 + seen / horizon);
}

int ml_check_loss(const char *what, double final, double initial,
                  double optimum) {
  double limit = ML_CHECK_FACTOR * optimum + ML_CHECK_SLACK * initial;
  int ok = final < initial && final <= limit; /* false for NaN too */
  printf("check %-22s final loss %.6g %s %.3g x optimum + %.0e x initial "
         "= %.6g: %s\n",
         what, final, ok ? "<=" : "NOT <=", ML_CHECK_FACTOR, ML_CHECK_SLACK,
         limit, ok ? "ok" : "FAILED");
  return !ok;
}

/* ---- The closed-form optimum ------------------------------------------- */

/* a := X^T X (d x d), b := X^T Y (d x k), yy[j] := y_j^T y_j, all in double.
 * Rows go through a small double buffer so that the products are exact
 * sums of exact float products, whatever n is; dgemm does the work. */
static int normal_equations(const ml_problem *p, double *a, double *b,
                            double *yy) {
  enum { ROWS = 256 };
  fastla_int d = p->d, k = p->k;
  double *xd = malloc((size_t)(ROWS * d) * sizeof *xd);
  double *yd = malloc((size_t)(ROWS * k) * sizeof *yd);
  int rc = xd && yd ? 0 : -1;
  memset(yy, 0, (size_t)k * sizeof *yy);
  for (fastla_int i0 = 0; rc == 0 && i0 < p->n; i0 += ROWS) {
    fastla_int rows = p->n - i0 < ROWS ? p->n - i0 : ROWS;
    for (fastla_int i = 0; i < rows * d; i++)
      xd[i] = p->x[i0 * d + i];
    for (fastla_int i = 0; i < rows * k; i++) {
      yd[i] = p->y[i0 * k + i];
      yy[i % k] += yd[i] * yd[i];
    }
    double beta = i0 == 0 ? 0.0 : 1.0;
    if (fastla_dgemm(FASTLA_ROW_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, d, d,
                     rows, 1.0, xd, d, xd, d, beta, a, d) != FASTLA_OK ||
        fastla_dgemm(FASTLA_ROW_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, d, k,
                     rows, 1.0, xd, d, yd, k, beta, b, k) != FASTLA_OK)
      rc = -1;
  }
  free(xd);
  free(yd);
  return rc;
}

/* Overwrites the lower triangle of the symmetric d x d matrix a with its
 * Cholesky factor L (a = L L^T). Returns -1 if a is not positive definite. */
static int cholesky(double *a, fastla_int d) {
  for (fastla_int j = 0; j < d; j++) {
    double diag = a[j * d + j];
    for (fastla_int c = 0; c < j; c++)
      diag -= a[j * d + c] * a[j * d + c];
    if (!(diag > 0.0))
      return -1;
    a[j * d + j] = sqrt(diag);
    for (fastla_int i = j + 1; i < d; i++) {
      double s = a[i * d + j];
      for (fastla_int c = 0; c < j; c++)
        s -= a[i * d + c] * a[j * d + c];
      a[i * d + j] = s / a[j * d + j];
    }
  }
  return 0;
}

/* Solves L L^T x = column col of b (d x k) in place. */
static void cholesky_solve(const double *l, fastla_int d, double *b,
                           fastla_int k, fastla_int col) {
  for (fastla_int i = 0; i < d; i++) { /* forward: L z = b */
    double s = b[i * k + col];
    for (fastla_int c = 0; c < i; c++)
      s -= l[i * d + c] * b[c * k + col];
    b[i * k + col] = s / l[i * d + i];
  }
  for (fastla_int i = d - 1; i >= 0; i--) { /* backward: L^T x = z */
    double s = b[i * k + col];
    for (fastla_int c = i + 1; c < d; c++)
      s -= l[c * d + i] * b[c * k + col];
    b[i * k + col] = s / l[i * d + i];
  }
}

int ml_optimum(const ml_problem *p, double *opt) {
  fastla_int d = p->d, k = p->k;
  double *a = malloc((size_t)(d * d) * sizeof *a);
  double *b = malloc((size_t)(d * k) * sizeof *b);
  double *yy = malloc((size_t)k * sizeof *yy);
  double *xty = malloc((size_t)(d * k) * sizeof *xty);
  int rc = a && b && yy && xty ? normal_equations(p, a, b, yy) : -1;
  if (rc == 0) {
    memcpy(xty, b, (size_t)(d * k) * sizeof *xty);
    rc = cholesky(a, d);
  }
  /* At the optimum X^T X w = X^T y, so ||X w - y||^2 = y^T y - w^T X^T y:
   * no pass over the data is needed. */
  for (fastla_int j = 0; rc == 0 && j < k; j++) {
    cholesky_solve(a, d, b, k, j);
    double wb = 0.0;
    for (fastla_int i = 0; i < d; i++)
      wb += b[i * k + j] * xty[i * k + j];
    double twice = yy[j] - wb; /* >= 0 but for rounding */
    opt[j] = (twice > 0.0 ? twice : 0.0) / (2.0 * (double)p->n);
  }
  free(a);
  free(b);
  free(yy);
  free(xty);
  return rc;
}

int ml_prepare(ml_problem *p, fastla_int n, fastla_int d, fastla_int k,
               double noise, uint64_t seed, double *opt) {
  if (ml_problem_make(p, n, d, k, noise, seed) != 0) {
    fprintf(stderr, "out of memory for %lld x %lld\n", (long long)n,
            (long long)d);
    return -1;
  }
  if (ml_optimum(p, opt) != 0) {
    fprintf(stderr, "the normal equations have no unique solution\n");
    ml_problem_free(p);
    return -1;
  }
  printf("%s\n", fastla_config_string());
  return 0;
}
