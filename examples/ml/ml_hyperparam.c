/* ml_hyperparam.c - a learning-rate search for least squares by minibatch
 * SGD (two sgemv per minibatch), done two ways over the same rates:
 *   concurrent         one rate per thread at a time, each thread's
 *                      libfastla calls on one thread;
 *   one after another  each rate in turn, every libfastla call split over
 *                      all threads by the openmp backend.
 * The coarse parallelism of the first needs no synchronisation inside a
 * training run, the fine one of the second pays for it in every call. Both
 * must find the same best rate with the same losses (libfastla's results do
 * not depend on its thread count); the program exits 1 unless they do and
 * the best loss ends near the closed-form optimum. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml_data.h"

typedef struct config {
  fastla_int n, d, epochs, batch, rates, threads, repeats, seed;
  double noise;
  const char *backend;
  int tiny;
} config;

/* The search both modes run: rate[j] gives loss[j]. */
typedef struct search {
  const ml_problem *p;
  const config *c;
  const double *rate;
  double *loss;
  double initial;    /* loss of w = 0; far above it means diverged */
  atomic_long next;  /* concurrent mode: the next rate to take */
  atomic_int failed; /* a thread ran out of memory */
} search;

/* Trains from w = 0 with rate lr0; returns the final loss, or +Inf as soon
 * as an epoch ends diverged. r holds batch floats, work n. */
static double train_one(const search *s, double lr0, float *w, float *r,
                        float *work) {
  const ml_problem *p = s->p;
  fastla_int d = p->d, batch = s->c->batch;
  double loss = s->initial;
  memset(w, 0, (size_t)d * sizeof *w);
  for (fastla_int e = 0; e < s->c->epochs; e++) {
    for (fastla_int i = 0; i < p->n; i += batch) {
      fastla_int b = p->n - i < batch ? p->n - i : batch;
      const float *xb = p->x + i * d;
      float lr = (float)ml_lr(lr0, (double)(e * p->n + i), (double)p->n);
      memcpy(r, p->y0 + i, (size_t)b * sizeof *r);
      ml_require(fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, b, d, 1.0f, xb,
                              d, w, 1, -1.0f, r, 1),
                 "sgemv");
      ml_require(fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_TRANS, b, d, -lr, xb, d,
                              r, 1, 1.0f, w, 1),
                 "sgemv");
    }
    loss = ml_loss(p, w, 1, p->y0, work);
    if (!(loss < 1e3 * s->initial)) /* NaN too */
      return INFINITY;
  }
  return loss;
}

/* Buffers for train_one; returns NULL when memory runs out. */
static float *buffers(const search *s) {
  return malloc((size_t)(s->p->d + s->c->batch + s->p->n) * sizeof(float));
}

/* Concurrent mode: take rates until none is left. */
static void take_rates(search *s) {
  float *w = buffers(s);
  if (!w) {
    atomic_store(&s->failed, 1);
    return;
  }
  float *r = w + s->p->d, *work = r + s->c->batch;
  for (long j; (j = atomic_fetch_add(&s->next, 1)) < s->c->rates;)
    s->loss[j] = train_one(s, s->rate[j], w, r, work);
  free(w);
}

/* One rate per OpenMP thread at a time. Inside the parallel region every
 * libfastla call runs on its calling thread (the openmp backend never
 * nests), so the search needs no libfastla setting. Returns 0, or -1 if a
 * thread ran out of memory. */
static int run_concurrent(search *s) {
  atomic_store(&s->next, 0);
  atomic_store(&s->failed, 0);
#pragma omp parallel num_threads(s->c->threads)
  take_rates(s);
  return atomic_load(&s->failed) ? -1 : 0;
}

/* One rate after another, each libfastla call on all its threads. */
static int run_sequential(search *s) {
  float *w = buffers(s);
  if (!w)
    return -1;
  float *r = w + s->p->d, *work = r + s->c->batch;
  for (fastla_int j = 0; j < s->c->rates; j++)
    s->loss[j] = train_one(s, s->rate[j], w, r, work);
  free(w);
  return 0;
}

static fastla_int best_of(const double *loss, fastla_int count) {
  fastla_int best = 0;
  for (fastla_int j = 1; j < count; j++)
    if (loss[j] < loss[best])
      best = j;
  return best;
}

/* Equal up to rounding (they should be bitwise equal), or both diverged. */
static int same(double a, double b) {
  if (isinf(a) || isinf(b))
    return a == b;
  return fabs(a - b) <= 1e-6 * fabs(b);
}

static void print_rates(const search *con, const search *seq, double limit,
                        double optimum) {
  printf("%12s %10s %16s %16s %10s\n", "rate", "rate/edge", "loss concurrent",
         "loss in turn", "loss/opt");
  for (fastla_int j = 0; j < con->c->rates; j++)
    printf("%12.4g %10.4g %16.8g %16.8g %10.4f%s\n", con->rate[j],
           con->rate[j] / limit, con->loss[j], seq->loss[j],
           seq->loss[j] / optimum, isinf(seq->loss[j]) ? " (diverged)" : "");
}

static void print_times(const config *c, double t_con, double t_seq) {
  int blas_threads = fastla_get_backend() == FASTLA_BACKEND_OPENMP
                         ? fastla_get_num_threads()
                         : 1;
  printf("\n%-36s %8s %16s %9s\n", "mode", "threads", "libfastla (max)",
         "time(ms)");
  printf("%-36s %8lld %16d %9.2f\n", "concurrent (one rate per thread)",
         (long long)c->threads, 1, t_con * 1e3);
  printf("%-36s %8d %16d %9.2f\n", "one after another (threaded BLAS)", 1,
         blas_threads, t_seq * 1e3);
  printf("speed-up of the concurrent search: %.2f (best of %lld runs each)\n\n",
         t_seq / t_con, (long long)c->repeats);
}

/* Both modes must agree on every loss and on the best rate, and the best
 * loss must be near the optimum. Returns the number of failed checks. */
static int check(const search *con, const search *seq, double optimum) {
  fastla_int rates = con->c->rates, bc = best_of(con->loss, rates),
             bs = best_of(seq->loss, rates);
  int differ = 0;
  for (fastla_int j = 0; j < rates; j++)
    differ += !same(con->loss[j], seq->loss[j]);
  printf("best rate %.4g (concurrent) and %.4g (in turn); losses of %lld "
         "rates differ\n",
         con->rate[bc], seq->rate[bs], (long long)differ);
  int fails = bc != bs || differ != 0;
  printf("check %-22s same best rate and losses: %s\n", "both modes",
         fails ? "FAILED" : "ok");
  return fails +
         ml_check_loss("best rate", seq->loss[bs], seq->initial, optimum);
}

static void defaults(config *c, int tiny) {
  *c = (config){.n = tiny ? 4000 : 100000,
                .d = tiny ? 16 : 256,
                .epochs = tiny ? 3 : 5,
                .batch = tiny ? 64 : 1024,
                .rates = 8,
                .threads = tiny ? 2 : ml_default_threads(),
                .repeats = tiny ? 1 : 3,
                .seed = 42,
                .noise = 0.1,
                .backend = "auto",
                .tiny = tiny};
}

static int parse(int argc, char **argv, config *c) {
  defaults(c, ml_has_flag(argc, argv, "tiny"));
  const ml_opt opts[] = {
      {"rows", ML_INT, &c->n, "examples n (100000)"},
      {"features", ML_INT, &c->d, "features d (256)"},
      {"epochs", ML_INT, &c->epochs, "passes over the data per rate (5)"},
      {"batch", ML_INT, &c->batch, "minibatch rows (1024)"},
      {"rates", ML_INT, &c->rates, "learning rates tried, >= 2 (8)"},
      {"threads", ML_INT, &c->threads, "threads (online cores, >= 2)"},
      {"repeats", ML_INT, &c->repeats, "runs of each search, best time (3)"},
      {"noise", ML_REAL, &c->noise, "standard deviation of y's noise (0.1)"},
      {"seed", ML_INT, &c->seed, "data seed (42)"},
      {"backend", ML_TEXT, &c->backend, "auto, reference, simd, openmp"},
      {"tiny", ML_FLAG, &c->tiny, "4000 x 16, batch 64 (tests)"}};
  int rc = ml_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0],
                         "learning-rate search: one rate per thread against "
                         "one rate after another with threaded libfastla");
  if (rc != 0)
    return rc;
  if (c->n <= c->d || c->d < 1 || c->epochs < 1 || c->batch < 1 ||
      c->rates < 2 || c->threads < 1 || c->repeats < 1 || !(c->noise >= 0.0)) {
    fprintf(stderr, "need rows > features >= 1, epochs, batch, threads, "
                    "repeats >= 1, rates >= 2, noise >= 0\n");
    return 2;
  }
  if (c->batch > c->n)
    c->batch = c->n;
  return ml_select_backend(c->backend) ? 2 : 0;
}

/* Rates double from edge / 2^(rates - 2) to 2 x edge, where edge =
 * 2 / (batch + d) is where a step of lr times the sum of a minibatch's
 * gradients stops shrinking the error in mean square (features of variance
 * 1): the top rate diverges, the lowest learns slowly, the best lies
 * between. */
static double fill_rates(const config *c, double *rate) {
  double edge = 2.0 / (double)(c->batch + c->d);
  for (fastla_int j = 0; j < c->rates; j++)
    rate[j] = edge * pow(2.0, (double)(j - (c->rates - 2)));
  return edge;
}

static int run_both(const ml_problem *p, const config *c, double optimum) {
  double *rate = malloc((size_t)c->rates * sizeof *rate);
  double *loss = malloc((size_t)(2 * c->rates) * sizeof *loss);
  if (!rate || !loss) {
    free(rate), free(loss);
    return -1;
  }
  double edge = fill_rates(c, rate), yy = 0.0;
  for (fastla_int i = 0; i < p->n; i++)
    yy += (double)p->y0[i] * p->y0[i];
  search con = {.p = p,
                .c = c,
                .rate = rate,
                .loss = loss,
                .initial = yy / (2.0 * (double)p->n)};
  search seq = {.p = p,
                .c = c,
                .rate = rate,
                .loss = loss + c->rates,
                .initial = con.initial};
  /* The searches take turns; the best time of each counts (a busy machine
   * only makes a run slower). Every run computes the same losses. */
  double t_con = INFINITY, t_seq = INFINITY;
  int rc = 0;
  for (fastla_int r = 0; rc == 0 && r < c->repeats; r++) {
    double t0 = ml_now();
    rc = run_concurrent(&con);
    double t1 = ml_now();
    rc = rc != 0 ? rc : run_sequential(&seq);
    double t2 = ml_now();
    t_con = fmin(t_con, t1 - t0);
    t_seq = fmin(t_seq, t2 - t1);
  }
  if (rc == 0) {
    print_rates(&con, &seq, edge, optimum);
    print_times(c, t_con, t_seq);
    rc = check(&con, &seq, optimum);
  }
  free(rate), free(loss);
  return rc;
}

int main(int argc, char **argv) {
  config c;
  int rc = parse(argc, argv, &c);
  if (rc != 0)
    return rc == 1 ? 0 : 2;
  ml_problem p;
  double optimum;
  if (ml_prepare(&p, c.n, c.d, 1, c.noise, (uint64_t)c.seed, &optimum) != 0)
    return 2;
  printf("data %lld x %lld, noise %g, seed %lld; batch %lld, %lld epochs "
         "per rate, rate / (1 + examples seen / %lld) per example\n",
         (long long)c.n, (long long)c.d, c.noise, (long long)c.seed,
         (long long)c.batch, (long long)c.epochs, (long long)c.n);
  printf("least-squares optimum (normal equations, double): %.6g\n\n", optimum);
  int fails = run_both(&p, &c, optimum);
  ml_problem_free(&p);
  return fails == 0 ? 0 : fails < 0 ? 2 : 1;
}
