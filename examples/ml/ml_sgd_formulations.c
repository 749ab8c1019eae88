/* ml_sgd_formulations.c - least squares trained by SGD in three
 * formulations over the same seeded data and learning-rate schedule:
 *   per-example  one dot and one axpy per example (level 1),
 *   minibatch    two gemv per minibatch (level 2),
 *   multi-model  two gemm per minibatch, training k models at once, one per
 *                column of Y (level 3).
 * Prints loss, time and GFLOP/s per epoch, so the gain from casting the same
 * arithmetic as matrix-matrix products is visible, and checks that each
 * ends near the closed-form optimum (exit status 1 if not). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml_data.h"

typedef struct config {
  fastla_int n, d, k, epochs, batch, seed;
  double lr0, noise;
  const char *backend;
  int tiny;
} config;

/* One epoch of a formulation: updates w (d x models) and returns the flops
 * of its libfastla calls. scratch holds batch * models floats. */
typedef double epoch_fn(const ml_problem *p, const config *c, fastla_int epoch,
                        float *w, float *scratch);

typedef struct formulation {
  const char *name;
  int multi; /* 1: k models against Y, 0: one model against y0 */
  epoch_fn *epoch;
} formulation;

static double lr_at(const ml_problem *p, const config *c, fastla_int epoch,
                    fastla_int row) {
  return ml_lr(c->lr0, (double)(epoch * p->n + row), (double)p->n);
}

/* r = x_i . w - y_i; w -= lr r x_i: 2d + 2d flops per example. */
static double epoch_per_example(const ml_problem *p, const config *c,
                                fastla_int epoch, float *w, float *scratch) {
  (void)scratch;
  fastla_int d = p->d;
  for (fastla_int i = 0; i < p->n; i++) {
    const float *xi = p->x + i * d;
    float r = fastla_sdot(d, xi, 1, w, 1) - p->y0[i];
    float step = (float)(-lr_at(p, c, epoch, i) * r);
    fastla_saxpy(d, step, xi, 1, w, 1);
  }
  return 4.0 * (double)p->n * (double)d;
}

/* r = X_b w - y_b; w -= lr X_b^T r (the update folded into the second gemv
 * through beta = 1): 2bd + 2bd flops per minibatch of b rows. */
static double epoch_gemv(const ml_problem *p, const config *c, fastla_int epoch,
                         float *w, float *r) {
  fastla_int d = p->d;
  for (fastla_int i = 0; i < p->n; i += c->batch) {
    fastla_int b = p->n - i < c->batch ? p->n - i : c->batch;
    const float *xb = p->x + i * d;
    float lr = (float)lr_at(p, c, epoch, i);
    memcpy(r, p->y0 + i, (size_t)b * sizeof *r);
    ml_require(fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, b, d, 1.0f, xb,
                            d, w, 1, -1.0f, r, 1),
               "sgemv");
    ml_require(fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_TRANS, b, d, -lr, xb, d, r,
                            1, 1.0f, w, 1),
               "sgemv");
  }
  return 4.0 * (double)p->n * (double)d;
}

/* R = X_b W - Y_b; W -= lr X_b^T R: the same two steps for k models, now
 * matrix-matrix products with 2bdk + 2bdk flops per minibatch. */
static double epoch_gemm(const ml_problem *p, const config *c, fastla_int epoch,
                         float *w, float *r) {
  fastla_int d = p->d, k = p->k;
  for (fastla_int i = 0; i < p->n; i += c->batch) {
    fastla_int b = p->n - i < c->batch ? p->n - i : c->batch;
    const float *xb = p->x + i * d;
    float lr = (float)lr_at(p, c, epoch, i);
    memcpy(r, p->y + i * k, (size_t)(b * k) * sizeof *r);
    ml_require(fastla_sgemm(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS,
                            b, k, d, 1.0f, xb, d, w, k, -1.0f, r, k),
               "sgemm");
    ml_require(fastla_sgemm(FASTLA_ROW_MAJOR, FASTLA_TRANS, FASTLA_NO_TRANS, d,
                            k, b, -lr, xb, d, r, k, 1.0f, w, k),
               "sgemm");
  }
  return 4.0 * (double)p->n * (double)d * (double)k;
}

typedef struct result {
  double final, initial, seconds, flops;
} result;

/* Trains one formulation from w = 0, printing a row per epoch. */
static int run(const ml_problem *p, const config *c, const formulation *f,
               double optimum, result *res) {
  fastla_int models = f->multi ? p->k : 1;
  const float *y = f->multi ? p->y : p->y0;
  float *w = calloc((size_t)(p->d * models), sizeof *w);
  float *scratch = malloc((size_t)(c->batch * models) * sizeof *scratch);
  float *work = malloc((size_t)(p->n * models) * sizeof *work);
  if (!w || !scratch || !work) {
    free(w), free(scratch), free(work);
    return -1;
  }
  memset(res, 0, sizeof *res);
  res->initial = ml_loss(p, w, models, y, work);
  for (fastla_int e = 0; e < c->epochs; e++) {
    double t0 = ml_now();
    double flops = f->epoch(p, c, e, w, scratch);
    double dt = ml_now() - t0;
    res->seconds += dt;
    res->flops += flops;
    res->final = ml_loss(p, w, models, y, work);
    printf("%-24s %5lld %12.6g %9.4f %9.4f %8.2f\n", f->name, (long long)e + 1,
           res->final, res->final / optimum, dt * 1e3, flops / dt * 1e-9);
  }
  free(w), free(scratch), free(work);
  return 0;
}

static void defaults(config *c, int tiny) {
  *c = (config){.n = tiny ? 2000 : 100000,
                .d = tiny ? 16 : 256,
                .k = tiny ? 4 : 16,
                .epochs = tiny ? 4 : 5,
                .batch = tiny ? 16 : 256,
                .seed = 42,
                .lr0 = 0.0,
                .noise = 0.1,
                .backend = "auto",
                .tiny = tiny};
}

static int validate(config *c) {
  if (c->n <= c->d || c->d < 1 || c->k < 1 || c->epochs < 1 || c->batch < 1 ||
      !(c->noise >= 0.0) || c->lr0 < 0.0) {
    fprintf(stderr, "need rows > features >= 1, models, epochs, batch >= 1, "
                    "noise >= 0, lr >= 0\n");
    return 2;
  }
  if (c->batch > c->n)
    c->batch = c->n;
  if (c->lr0 == 0.0) /* a step of 0.2 / ||x||^2 per example */
    c->lr0 = 0.2 / (double)c->d;
  /* A step of lr times the sum of b gradients shrinks the error in mean
   * square only while lr < 2 / (b + d) (for features of variance 1); the
   * per-example step is the case b = 1. */
  if (c->lr0 * (double)(c->batch + c->d) > 2.0)
    printf("warning: lr %g x (batch + features) = %.2f > 2: the minibatch "
           "formulations will likely diverge\n",
           c->lr0, c->lr0 * (double)(c->batch + c->d));
  return 0;
}

static int parse(int argc, char **argv, config *c) {
  defaults(c, ml_has_flag(argc, argv, "tiny"));
  const ml_opt opts[] = {
      {"rows", ML_INT, &c->n, "examples n (100000)"},
      {"features", ML_INT, &c->d, "features d (256)"},
      {"models", ML_INT, &c->k, "models trained at once by gemm (16)"},
      {"epochs", ML_INT, &c->epochs, "passes over the data (5)"},
      {"batch", ML_INT, &c->batch, "minibatch rows (256)"},
      {"lr", ML_REAL, &c->lr0, "initial rate per example (0.2 / features)"},
      {"noise", ML_REAL, &c->noise, "standard deviation of y's noise (0.1)"},
      {"seed", ML_INT, &c->seed, "data seed (42)"},
      {"backend", ML_TEXT, &c->backend, "auto, reference, simd, openmp"},
      {"tiny", ML_FLAG, &c->tiny, "2000 x 16, 4 models, batch 16 (tests)"}};
  int rc = ml_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0],
                         "SGD for least squares: per-example (dot+axpy), "
                         "minibatch (gemv), several models at once (gemm)");
  if (rc != 0)
    return rc;
  return validate(c) || ml_select_backend(c->backend) ? 2 : 0;
}

/* Mean of the k optima: the gemm formulation reports its mean loss. */
static double mean(const double *v, fastla_int k) {
  double s = 0.0;
  for (fastla_int j = 0; j < k; j++)
    s += v[j];
  return s / (double)k;
}

static int train_all(const ml_problem *p, const config *c, const double *opt) {
  char gemm_name[40];
  snprintf(gemm_name, sizeof gemm_name, "%lld models (gemm)", (long long)p->k);
  const formulation forms[] = {{"per-example (dot+axpy)", 0, epoch_per_example},
                               {"minibatch (gemv)", 0, epoch_gemv},
                               {gemm_name, 1, epoch_gemm}};
  enum { COUNT = sizeof forms / sizeof forms[0] };
  result res[COUNT];
  printf("%-24s %5s %12s %9s %9s %8s\n", "formulation", "epoch", "loss",
         "loss/opt", "time(ms)", "GFLOP/s");
  for (int f = 0; f < COUNT; f++)
    if (run(p, c, &forms[f], forms[f].multi ? mean(opt, p->k) : opt[0],
            &res[f]) != 0)
      return -1;
  printf("\n%-24s %6s %10s %16s %8s\n", "formulation", "models", "ms/epoch",
         "ms/(model*epoch)", "GFLOP/s");
  int fails = 0;
  for (int f = 0; f < COUNT; f++) {
    double models = forms[f].multi ? (double)p->k : 1.0;
    double per_epoch = res[f].seconds * 1e3 / (double)c->epochs;
    printf("%-24s %6.0f %10.4f %16.5f %8.2f\n", forms[f].name, models,
           per_epoch, per_epoch / models, res[f].flops / res[f].seconds * 1e-9);
  }
  printf("\n");
  for (int f = 0; f < COUNT; f++)
    fails += ml_check_loss(forms[f].name, res[f].final, res[f].initial,
                           forms[f].multi ? mean(opt, p->k) : opt[0]);
  return fails;
}

int main(int argc, char **argv) {
  config c;
  int rc = parse(argc, argv, &c);
  if (rc != 0)
    return rc == 1 ? 0 : 2;
  ml_problem p;
  double *opt = malloc((size_t)c.k * sizeof *opt);
  if (!opt ||
      ml_prepare(&p, c.n, c.d, c.k, c.noise, (uint64_t)c.seed, opt) != 0) {
    free(opt);
    return 2;
  }
  printf("data %lld x %lld, %lld models, noise %g, seed %lld; batch %lld, "
         "%lld epochs, lr %g / (1 + examples seen / %lld) per example\n",
         (long long)c.n, (long long)c.d, (long long)c.k, c.noise,
         (long long)c.seed, (long long)c.batch, (long long)c.epochs, c.lr0,
         (long long)c.n);
  printf("least-squares optimum (normal equations, double): model 0 %.6g, "
         "mean of %lld models %.6g\n\n",
         opt[0], (long long)c.k, mean(opt, c.k));
  int fails = train_all(&p, &c, opt);
  ml_problem_free(&p);
  free(opt);
  return fails == 0 ? 0 : fails < 0 ? 2 : 1;
}
