/* workspace.c - per-thread packing buffers: allocated on first use, grown
 * when a larger one is needed, reused by every later call of that thread,
 * and freed when the thread exits (a key destructor) or, for the thread
 * that calls exit(), by an atexit handler. */
#define _DEFAULT_SOURCE /* madvise */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "level3/level3.h"

enum { HUGE_PAGE = 2 << 20 };

typedef struct workspace {
  void *data;
  size_t size;
} workspace;

static _Thread_local workspace mine;
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void release(void *p) {
  workspace *w = p;
  free(w->data);
  w->data = NULL;
  w->size = 0;
}

static void release_mine(void) {
  release(&mine);
}

static void make_key(void) {
  pthread_key_create(&key, release);
  atexit(release_mine);
}

/* Test hook (tests/reliability, fuzz/): FASTLA_TEST_ALLOC_FAIL=<n>, read
 * once, makes the n-th workspace request of the process (counted from 1
 * over all threads) and every later one fail as if memory had run out, even
 * when a buffer already held would be large enough, so that the callers'
 * no-memory paths can be exercised; 1 fails them all. Unset or 0: off. */
static long fail_from;
static atomic_long requests;
static pthread_once_t fail_once = PTHREAD_ONCE_INIT;

static void read_fail_from(void) {
  const char *v = getenv("FASTLA_TEST_ALLOC_FAIL");
  fail_from = v ? strtol(v, NULL, 10) : 0;
}

static int fail_injected(void) {
  pthread_once(&fail_once, read_fail_from);
  return fail_from > 0 &&
         atomic_fetch_add_explicit(&requests, 1, memory_order_relaxed) + 1 >=
             fail_from;
}

void *fastla_workspace(size_t bytes) {
  if (fail_injected())
    return NULL;
  if (mine.size >= bytes)
    return mine.data;
  pthread_once(&key_once, make_key);
  free(mine.data);
  bytes = (bytes + 63) / 64 * 64;
  if (bytes >= HUGE_PAGE) {
    bytes = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    mine.data = aligned_alloc(HUGE_PAGE, bytes);
    if (mine.data)
      madvise(mine.data, bytes, MADV_HUGEPAGE);
  } else {
    mine.data = aligned_alloc(64, bytes);
  }
  mine.size = mine.data ? bytes : 0;
  pthread_setspecific(key, &mine);
  return mine.data;
}
