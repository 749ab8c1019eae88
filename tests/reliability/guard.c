/* guard.c - see guard.h. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "guard.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const uint32_t sentinel_f = 0x7FC0BEEFu;
static const uint64_t sentinel_d = 0x7FF8DEADBEEFCAFEull;

static size_t page_size(void) {
  static size_t page;
  if (!page)
    page = (size_t)sysconf(_SC_PAGESIZE);
  return page;
}

static void fatal(const char *what) {
  perror(what);
  abort();
}

gp_buf gp_make(tu_prec p, size_t len, gp_place place) {
  size_t page = page_size();
  gp_buf b = {p,    p == TU_FLOAT ? sizeof(float) : sizeof(double),
              len,  NULL,
              0,    0,
              NULL, NULL};
  size_t bytes = len * b.esize;
  b.span = (bytes + page - 1) / page * page;
  b.maplen = b.span + 2 * page;
  void *m = mmap(NULL, b.maplen, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    fatal("mmap");
  b.map = m;
  if (mprotect(b.map, page, PROT_NONE) != 0 ||
      mprotect(b.map + page + b.span, page, PROT_NONE) != 0)
    fatal("mprotect");
  unsigned char *span = b.map + page;
  for (size_t i = 0; i + b.esize <= b.span; i += b.esize)
    memcpy(span + i,
           p == TU_FLOAT ? (const void *)&sentinel_f
                         : (const void *)&sentinel_d,
           b.esize);
  b.data = place == GP_AT_START ? span : span + b.span - bytes;
  return b;
}

void gp_free(gp_buf *b) {
  if (b->map)
    munmap(b->map, b->maplen);
  free(b->snap);
  b->map = b->data = b->snap = NULL;
}

void gp_set(gp_buf *b, size_t i, double v) {
  if (b->prec == TU_FLOAT) {
    float f = (float)v;
    memcpy(b->data + i * 4, &f, 4);
  } else {
    memcpy(b->data + i * 8, &v, 8);
  }
}

double gp_get(const gp_buf *b, size_t i) {
  if (b->prec == TU_FLOAT) {
    float f;
    memcpy(&f, b->data + i * 4, 4);
    return f;
  }
  double d;
  memcpy(&d, b->data + i * 8, 8);
  return d;
}

double *gp_widen(const gp_buf *b) {
  double *w = malloc((b->len ? b->len : 1) * sizeof *w);
  if (!w)
    fatal("malloc");
  for (size_t i = 0; i < b->len; i++)
    w[i] = gp_get(b, i);
  return w;
}

static void protect(gp_buf *b, int prot) {
  if (b->span && mprotect(b->map + page_size(), b->span, prot) != 0)
    fatal("mprotect");
}

void gp_read_only(gp_buf *b) {
  protect(b, PROT_READ);
}

void gp_no_access(gp_buf *b) {
  protect(b, PROT_NONE);
}

void gp_snapshot(gp_buf *b) {
  free(b->snap);
  b->snap = malloc(b->span ? b->span : 1);
  if (!b->snap)
    fatal("malloc");
  memcpy(b->snap, b->map + page_size(), b->span);
}

size_t gp_changed_outside(const gp_buf *b, const unsigned char *footprint) {
  const unsigned char *span = b->map + page_size();
  size_t changed = 0;
  for (size_t i = 0; i < b->span; i++) {
    if (span[i] == b->snap[i])
      continue;
    size_t off = (size_t)(span + i - b->data);
    int inside = span + i >= b->data && off < b->len * b->esize && footprint &&
                 footprint[off / b->esize];
    changed += !inside;
  }
  return changed;
}

uint64_t gp_checksum(const gp_buf *b) {
  const unsigned char *span = b->map + page_size();
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t i = 0; i < b->span; i++)
    h = (h ^ span[i]) * 0x100000001b3u;
  return h;
}

static char current[512];

void gp_case(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(current, sizeof current, fmt, ap);
  va_end(ap);
}

const char *gp_current_case(void) {
  return current;
}

static void on_fault(int sig) {
  /* Not async-signal-safe in general, but the process ends here anyway. */
  static const char msg[] = "FAULT (guard page hit) in case: ";
  (void)!write(2, msg, sizeof msg - 1);
  (void)!write(2, current, strlen(current));
  (void)!write(2, sig == SIGBUS ? " [SIGBUS]\n" : " [SIGSEGV]\n",
               sig == SIGBUS ? 10 : 11);
  _exit(1);
}

void gp_install_fault_handler(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fault;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
}
