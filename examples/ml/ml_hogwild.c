/* ml_hogwild.c - asynchronous SGD for least squares on a shared weight
 * vector, three ways over the same data and schedule:
 *   single thread  the loop below in one thread,
 *   locked         T threads, a mutex around every access to the weights,
 *   HOGWILD!       T threads, no lock at all.
 * Prints the time to reach a target loss and the final loss of each, so
 * both the speed-up and the (lack of) accuracy lost to races are visible;
 * exits 1 unless every version ends near the closed-form optimum.
 *
 * Memory model. The shared weights are _Atomic float, accessed only with
 * memory_order_relaxed loads and stores, element by element. Each element
 * access is indivisible (no torn floats) and, unlike plain concurrent
 * stores, is not a data race, so the program has no undefined behaviour.
 * But there is no atomic read-modify-write and no ordering between
 * elements: a thread's snapshot can mix elements from different updates,
 * and another thread's store that lands between our load and our store of
 * an element is lost. Those are exactly the races HOGWILD! tolerates. On
 * x86-64 and AArch64 a relaxed load or store of a float is a plain move, so
 * this costs what plain stores would.
 *
 * libfastla cannot read _Atomic arrays, so each step copies the shared
 * weights into a private snapshot, computes the minibatch update from it
 * with two sgemv calls, and adds the update to the shared weights at the
 * next copy. The locked version does the same copy and add under a mutex,
 * so its every read and update is consistent. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml_data.h"

typedef struct config {
  fastla_int n, d, epochs, batch, rounds, threads, repeats, seed;
  double lr0, noise, target;
  const char *backend;
  int tiny;
} config;

/* What every thread of one version shares. */
typedef struct shared {
  const ml_problem *p;
  _Atomic float *w;      /* the shared weights, d of them */
  pthread_mutex_t *lock; /* NULL: lock-free (HOGWILD!) */
  fastla_int batch;
  double lr0;
} shared;

/* One thread's rows for one round, and its private buffers. */
typedef struct worker {
  const shared *s;
  fastla_int from, to, epoch;
  float *local, *update, *resid; /* d, d and batch floats */
} worker;

/* Adds the update, if pending, to the shared weights and copies them into
 * the private snapshot, in one pass; under the lock in the locked version. */
static void sync_weights(const worker *wk, int pending) {
  const shared *s = wk->s;
  if (s->lock)
    pthread_mutex_lock(s->lock);
  for (fastla_int j = 0; j < s->p->d; j++) {
    float v = atomic_load_explicit(&s->w[j], memory_order_relaxed);
    if (pending) {
      v += wk->update[j];
      atomic_store_explicit(&s->w[j], v, memory_order_relaxed);
    }
    wk->local[j] = v;
  }
  if (s->lock)
    pthread_mutex_unlock(s->lock);
}

/* SGD over rows [from, to) in minibatches: r = X_b w - y_b on the snapshot,
 * update = -lr X_b^T r. Each libfastla call runs on this thread: the
 * threads of this program are the parallelism (see run_round). */
static void work_rows(worker *wk) {
  const ml_problem *p = wk->s->p;
  fastla_int d = p->d;
  int pending = 0;
  for (fastla_int i = wk->from; i < wk->to; i += wk->s->batch) {
    fastla_int b = wk->to - i < wk->s->batch ? wk->to - i : wk->s->batch;
    const float *xb = p->x + i * d;
    float lr =
        (float)ml_lr(wk->s->lr0, (double)(wk->epoch * p->n + i), (double)p->n);
    sync_weights(wk, pending);
    memcpy(wk->resid, p->y0 + i, (size_t)b * sizeof *wk->resid);
    ml_require(fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, b, d, 1.0f, xb,
                            d, wk->local, 1, -1.0f, wk->resid, 1),
               "sgemv");
    ml_require(fastla_sgemv(FASTLA_ROW_MAJOR, FASTLA_TRANS, b, d, -lr, xb, d,
                            wk->resid, 1, 0.0f, wk->update, 1),
               "sgemv");
    pending = 1;
  }
  sync_weights(wk, pending); /* adds the last update */
}

/* A mutex alone on its cache line, so that taking it disturbs no data. */
typedef struct line_lock {
  _Alignas(64) pthread_mutex_t m;
} line_lock;

typedef struct version {
  const char *name;
  fastla_int threads;
  int locked;
} version;

typedef struct outcome {
  double initial, final, seconds, to_target; /* to_target < 0: not reached */
} outcome;

/* Rows [from, to) in contiguous slices, one OpenMP thread each. Inside
 * the parallel region libfastla keeps every call on its calling thread (the
 * openmp backend never nests), so the T threads do not compete with
 * libfastla's own for the cores. One thread calls work_rows directly; main
 * sets one libfastla thread for that version. If OpenMP grants fewer
 * threads, some run two slices in turn. */
static void run_round(worker *wk, fastla_int threads, fastla_int from,
                      fastla_int to, fastla_int epoch) {
  for (fastla_int t = 0; t < threads; t++) {
    wk[t].from = from + (to - from) * t / threads;
    wk[t].to = from + (to - from) * (t + 1) / threads;
    wk[t].epoch = epoch;
  }
  if (threads == 1) {
    work_rows(&wk[0]);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static, 1)
  for (fastla_int t = 0; t < threads; t++)
    work_rows(&wk[t]);
}

/* The loss of the shared weights, read after every thread has joined. */
static double shared_loss(const shared *s, float *plain, float *work) {
  for (fastla_int j = 0; j < s->p->d; j++)
    plain[j] = atomic_load_explicit(&s->w[j], memory_order_relaxed);
  return ml_loss(s->p, plain, 1, s->p->y0, work);
}

/* Trains in rounds of n / rounds rows; the loss is measured between rounds,
 * outside the timed part, to find when it first reaches target. */
static void train(const config *c, const shared *s, worker *wk,
                  fastla_int threads, double target, outcome *out, float *plain,
                  float *work) {
  fastla_int n = s->p->n;
  out->initial = out->final = shared_loss(s, plain, work);
  out->seconds = 0.0;
  out->to_target = -1.0;
  for (fastla_int e = 0; e < c->epochs; e++)
    for (fastla_int r = 0; r < c->rounds; r++) {
      double t0 = ml_now();
      run_round(wk, threads, n * r / c->rounds, n * (r + 1) / c->rounds, e);
      out->seconds += ml_now() - t0;
      out->final = shared_loss(s, plain, work);
      if (out->to_target < 0.0 && out->final <= target)
        out->to_target = out->seconds;
    }
}

static int run_version(const ml_problem *p, const config *c, const version *v,
                       double target, outcome *out) {
  fastla_int d = p->d, stride = (2 * d + c->batch + 15) / 16 * 16;
  /* w gets cache lines of its own, shared with nothing the threads read. */
  _Atomic float *w = aligned_alloc(64, (size_t)(d + 15) / 16 * 16 * sizeof *w);
  worker *wk = calloc((size_t)v->threads, sizeof *wk);
  float *plain = malloc((size_t)d * sizeof *plain);
  float *work = malloc((size_t)p->n * sizeof *work);
  /* Per-thread buffers on their own 64-byte cache lines (stride is a
   * multiple of 16 floats): w is the only line two threads write. */
  float *bufs = aligned_alloc(64, (size_t)(v->threads * stride) * sizeof *bufs);
  line_lock lock = {PTHREAD_MUTEX_INITIALIZER};
  shared s = {p, w, v->locked ? &lock.m : NULL, c->batch, c->lr0};
  int rc = -1;
  if (w && wk && plain && work && bufs) {
    for (fastla_int j = 0; j < d; j++)
      atomic_init(&w[j], 0.0f);
    for (fastla_int t = 0; t < v->threads; t++) {
      wk[t].s = &s;
      wk[t].local = bufs + t * stride;
      wk[t].update = wk[t].local + d;
      wk[t].resid = wk[t].update + d;
    }
    train(c, &s, wk, v->threads, target, out, plain, work);
    rc = 0;
  }
  pthread_mutex_destroy(&lock.m);
  free(w), free(wk), free(plain), free(work), free(bufs);
  return rc;
}

static void defaults(config *c, int tiny) {
  /* The tiny rounds still give each thread hundreds of steps, so that the
   * threads overlap and race, also under the sanitizers. */
  *c = (config){.n = tiny ? 20000 : 100000,
                .d = tiny ? 32 : 256,
                .epochs = tiny ? 3 : 4,
                .batch = tiny ? 4 : 64,
                .rounds = tiny ? 4 : 10,
                .repeats = tiny ? 1 : 3,
                .threads = tiny ? 2 : ml_default_threads(),
                .seed = 42,
                .lr0 = 0.0,
                .noise = 0.1,
                .target = 1.05,
                .backend = "auto",
                .tiny = tiny};
}

static int parse(int argc, char **argv, config *c) {
  defaults(c, ml_has_flag(argc, argv, "tiny"));
  const ml_opt opts[] = {
      {"rows", ML_INT, &c->n, "examples n (100000)"},
      {"features", ML_INT, &c->d, "features d (256)"},
      {"epochs", ML_INT, &c->epochs, "passes over the data (4)"},
      {"batch", ML_INT, &c->batch, "rows per update (64)"},
      {"threads", ML_INT, &c->threads, "T threads (online cores, >= 2)"},
      {"rounds", ML_INT, &c->rounds, "loss measurements per epoch (10)"},
      {"repeats", ML_INT, &c->repeats, "runs of each version, best time (3)"},
      {"target", ML_REAL, &c->target, "target loss / optimum (1.05)"},
      {"lr", ML_REAL, &c->lr0, "initial rate per example (0.2 / features)"},
      {"noise", ML_REAL, &c->noise, "standard deviation of y's noise (0.1)"},
      {"seed", ML_INT, &c->seed, "data seed (42)"},
      {"backend", ML_TEXT, &c->backend, "auto, reference, simd, openmp"},
      {"tiny", ML_FLAG, &c->tiny, "20000 x 32, batch 4, 2 threads (tests)"}};
  int rc = ml_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0],
                         "HOGWILD!: lock-free parallel SGD against a locked "
                         "version and one thread");
  if (rc != 0)
    return rc;
  if (c->n <= c->d || c->d < 1 || c->epochs < 1 || c->batch < 1 ||
      c->threads < 1 || c->rounds < 1 || c->rounds > c->n || c->repeats < 1 ||
      !(c->noise >= 0.0) || c->lr0 < 0.0) {
    fprintf(stderr, "need rows > features >= 1, rows >= rounds >= 1, "
                    "epochs, batch, threads, repeats >= 1, noise, lr >= 0\n");
    return 2;
  }
  if (c->lr0 == 0.0)
    c->lr0 = 0.2 / (double)c->d;
  return ml_select_backend(c->backend) ? 2 : 0;
}

static void print_row(const version *v, const outcome *o, const outcome *one,
                      double optimum) {
  char reach[32] = "not reached", speedup[32] = "-";
  if (o->to_target >= 0.0)
    snprintf(reach, sizeof reach, "%.2f", o->to_target * 1e3);
  if (o->to_target > 0.0 && one->to_target > 0.0)
    snprintf(speedup, sizeof speedup, "%.2f", one->to_target / o->to_target);
  printf("%-22s %7lld %13s %9.2f %8s %12.6g %9.4f\n", v->name,
         (long long)v->threads, reach, o->seconds * 1e3, speedup, o->final,
         o->final / optimum);
}

/* Folds run o into the summary: the best times (a busy machine only makes
 * a run slower) and the worst final loss (every run must be accurate). */
static void fold(outcome *sum, const outcome *o, int first) {
  if (first) {
    *sum = *o;
    return;
  }
  if (o->to_target >= 0.0 &&
      (sum->to_target < 0.0 || o->to_target < sum->to_target))
    sum->to_target = o->to_target;
  if (o->seconds < sum->seconds)
    sum->seconds = o->seconds;
  if (!(o->final <= sum->final)) /* NaN too */
    sum->final = o->final;
}

static int run_all(const ml_problem *p, const config *c, double optimum) {
  const version versions[] = {{"single thread", 1, 0},
                              {"locked", c->threads, 1},
                              {"HOGWILD! (lock-free)", c->threads, 0}};
  enum { COUNT = sizeof versions / sizeof versions[0] };
  outcome out[COUNT];
  double target = c->target * optimum;
  printf("target loss %.6g (%g x optimum); versions run in turn, %lld "
         "run(s) each: best times, worst final loss\n\n",
         target, c->target, (long long)c->repeats);
  for (fastla_int r = 0; r < c->repeats; r++)
    for (int v = 0; v < COUNT; v++) {
      /* One libfastla thread per SGD thread in every version: the threaded
       * ones get it from their parallel region, this sets it for the other
       * (0: back to the default). */
      ml_require(fastla_set_num_threads(versions[v].threads == 1 ? 1 : 0),
                 "fastla_set_num_threads");
      outcome o;
      if (run_version(p, c, &versions[v], target, &o) != 0) {
        fprintf(stderr, "%s: out of memory\n", versions[v].name);
        return -1;
      }
      fold(&out[v], &o, r == 0);
    }
  printf("%-22s %7s %13s %9s %8s %12s %9s\n", "version", "threads",
         "to target(ms)", "total(ms)", "speed-up", "final loss", "final/opt");
  for (int v = 0; v < COUNT; v++)
    print_row(&versions[v], &out[v], &out[0], optimum);
  printf("\n");
  int fails = 0;
  for (int v = 0; v < COUNT; v++)
    fails +=
        ml_check_loss(versions[v].name, out[v].final, out[v].initial, optimum);
  return fails;
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
  _Atomic float probe = 0.0f;
  printf("data %lld x %lld, noise %g, seed %lld; batch %lld, %lld epochs, "
         "lr %g / (1 + examples seen / %lld) per example; _Atomic float is "
         "%slock-free\n",
         (long long)c.n, (long long)c.d, c.noise, (long long)c.seed,
         (long long)c.batch, (long long)c.epochs, c.lr0, (long long)c.n,
         atomic_is_lock_free(&probe) ? "" : "NOT ");
  printf("least-squares optimum (normal equations, double): %.6g\n", optimum);
  int fails = run_all(&p, &c, optimum);
  ml_problem_free(&p);
  return fails == 0 ? 0 : fails < 0 ? 2 : 1;
}
