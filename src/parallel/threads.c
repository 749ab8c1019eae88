/* threads.c - the OpenMP side of the openmp backend: how many threads a
 * call gets, and the one parallel construct every routine goes through.
 * The only file that sees OpenMP; without it (a build where CMake finds no
 * OpenMP) the openmp backend is unavailable and nothing here runs
 * threads. */
#include <pthread.h>
#include <stdatomic.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "dispatch/dispatch.h"
#include "parallel/parallel.h"

/* Set in the child of a fork(): the GNU OpenMP runtime's thread pool is
 * not rebuilt there, so a parallel region would wait forever for threads
 * that no longer exist. The child runs everything on its one thread. */
static atomic_int forked_child;

static void after_fork_in_child(void) {
  atomic_store(&forked_child, 1);
}

void fastla_par_init(void) {
  pthread_atfork(NULL, NULL, after_fork_in_child);
}

static int in_parallel_region(void) {
#ifdef _OPENMP
  return omp_in_parallel();
#else
  return 1; /* no OpenMP: never start threads */
#endif
}

int fastla_par_threads(double work, double min_per_thread) {
  if (atomic_load_explicit(&forked_child, memory_order_relaxed) ||
      in_parallel_region())
    return 1;
  int n = fastla_thread_count();
  double most = work / min_per_thread;
  if (most < n)
    n = most < 1 ? 1 : (int)most;
  return n;
}

_Thread_local int fastla_par_team = 1;

static void note_team(int id, int got) {
  if (id == 0 && got > fastla_par_team) /* thread 0 is the caller */
    fastla_par_team = got;
}

static void run_share(int id, int got, fastla_int count, fastla_par_body *body,
                      void *ctx) {
  note_team(id, got);
  fastla_int from = count * id / got, to = count * (id + 1) / got;
  if (to > from)
    body(ctx, from, to);
}

/* Claims: [0, count) is cut into one share per thread, as for fixed
 * shares, each with its own counter. A thread takes grains of its own share
 * first, then of the others'. So each thread streams one contiguous part of
 * the operands, as with fixed shares - measured: saxpy 2^24 at 2 threads
 * reached 85-99 GB/s this way, against 78-88 when both threads took grains
 * from one shared counter and their streams ran side by side - while a
 * helper that starts late (an idle core can take milliseconds to wake on a
 * virtual machine) or shares a core for a while leaves its work to the
 * others instead of holding up the whole call. About 8 grains per share:
 * few enough to cost nothing, small enough to even out. */
enum { MAX_SHARES = 64 }; /* beyond it, threads pair up on shares */

typedef struct share {
  _Alignas(64) atomic_llong taken; /* one cache line per counter */
} share;

static void run_claims(int id, int got, fastla_int count, share *shares,
                       fastla_par_body *body, void *ctx) {
  note_team(id, got);
  int ns = got < MAX_SHARES ? got : MAX_SHARES;
  fastla_int grain = count / ((fastla_int)ns * 8);
  if (grain < 1)
    grain = 1;
  for (int k = 0; k < ns; k++) {
    int s = (id + k) % ns;
    fastla_int lo = count * s / ns, hi = count * (s + 1) / ns;
    for (;;) {
      fastla_int from = lo + atomic_fetch_add(&shares[s].taken, grain);
      if (from >= hi)
        break;
      body(ctx, from, from + grain < hi ? from + grain : hi);
    }
  }
}

/* One team member's part: its fixed share, or claims. */
static void run_member(int id, int got, fastla_int count, share *shares,
                       fastla_par_body *body, void *ctx) {
  if (shares)
    run_claims(id, got, count, shares, body, ctx);
  else
    run_share(id, got, count, body, ctx);
}

/* Helper threads (team members besides the caller) running now, over all
 * calls of the process, and the most there have been. A program whose own
 * threads call at once shares one budget of thread count - 1 helpers:
 * the first calls take them, the rest run on their caller's thread. Every
 * team is then short of oversubscribing the cores by the caller threads
 * the program itself runs, never by the library's own. */
static atomic_int helpers_busy, helpers_peak;

/* Reserves up to want helpers; returns how many it got. */
static int take_helpers(int want) {
  int budget = fastla_thread_count() - 1;
  int busy = atomic_load(&helpers_busy);
  for (;;) {
    int got = budget - busy < want ? budget - busy : want;
    if (got <= 0)
      return 0;
    if (atomic_compare_exchange_weak(&helpers_busy, &busy, busy + got)) {
      int peak = atomic_load(&helpers_peak);
      while (busy + got > peak &&
             !atomic_compare_exchange_weak(&helpers_peak, &peak, busy + got))
        ;
      return got;
    }
  }
}

int fastla_par_helpers_peak(void) {
  return atomic_load(&helpers_peak);
}

/* Runs body over [0, count) on the caller and the helpers it gets from
 * the budget: in fixed shares, or, given share counters, in claims. */
static void run_team(int nt, fastla_int count, share *shares,
                     fastla_par_body *body, void *ctx) {
  if (nt > count)
    nt = (int)count;
  int helpers = nt > 1 ? take_helpers(nt - 1) : 0;
  if (helpers == 0) {
    body(ctx, 0, count);
    return;
  }
#ifdef _OPENMP
#pragma omp parallel num_threads(helpers + 1)
  run_member(omp_get_thread_num(), omp_get_num_threads(), count, shares, body,
             ctx);
#else
  run_member(0, 1, count, shares, body, ctx);
#endif
  atomic_fetch_sub(&helpers_busy, helpers);
}

void fastla_par_for(int nt, fastla_int count, fastla_par_body *body,
                    void *ctx) {
  run_team(nt, count, NULL, body, ctx);
}

void fastla_par_for_claims(int nt, fastla_int count, fastla_par_body *body,
                           void *ctx) {
  share shares[MAX_SHARES];
  for (int s = 0; s < nt && s < MAX_SHARES; s++)
    atomic_init(&shares[s].taken, 0);
  run_team(nt, count, shares, body, ctx);
}
