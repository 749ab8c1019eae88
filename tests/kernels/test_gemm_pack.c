/* test_gemm_pack.c - each ISA's transposing gemm pack kernels
 * (sgemm_pack_t, dgemm_pack_t) on their own, against a plain scalar
 * transposition. Packing only moves data, so the comparison is bit for
 * bit: a -0.0 and a NaN with a payload must arrive unchanged, the rows
 * r..R-1 must be +0.0, the bytes after dst[k*R - 1] up to a guard must be
 * untouched and the source (sentinels in the gaps between rows included)
 * unchanged. The source is allocated to its last element, so a read past
 * it shows under ASan. R runs over the table's mr and nr and 1, 5, 16 (a
 * scalar or partial path), r over 1..R, k around the kernels' block sizes.
 * The kernels are linked in directly (they are internal to libfastla); the
 * config picks the table and is skipped where the CPU cannot run it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel_table.h"
#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const fastla_kernel_table *table;
static const fastla_int ks[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 100};
static const fastla_int gaps[] = {1, 3}; /* lds - k */
static const size_t offsets[] = {0, 1};  /* src elements from malloc's base */

enum { GUARD = 256 }; /* bytes checked after the packed block */
static const unsigned char FILL = 0xa5; /* dst before the call */

/* Element (i, l) of the source: distinct, exact in float, never zero. */
static double value(fastla_int i, fastla_int l) {
  return (double)(1 + i * 1024 + l);
}

/* Stores v at p[at] in the kernel's type. */
static void put(int dbl, void *p, size_t at, double v) {
  if (dbl)
    ((double *)p)[at] = v;
  else
    ((float *)p)[at] = (float)v;
}

/* A NaN with a payload, in the kernel's type. */
static void put_nan(int dbl, void *p, size_t at) {
  if (dbl) {
    uint64_t bits = 0x7ff8000000001234u;
    memcpy((double *)p + at, &bits, sizeof bits);
  } else {
    uint32_t bits = 0x7fc01234u;
    memcpy((float *)p + at, &bits, sizeof bits);
  }
}

/* Packs one r x k block with R and returns the number of wrong bytes in
 * dst (block and guard) plus changed bytes in the source. */
static long pack_once(int dbl, int R, fastla_int r, fastla_int k,
                      fastla_int lds, size_t offset) {
  size_t es = dbl ? sizeof(double) : sizeof(float);
  size_t nsrc = (size_t)((r - 1) * lds + k); /* up to the last element */
  size_t ndst = (size_t)(k * R) * es + GUARD;
  unsigned char *base = malloc((offset + nsrc) * es);
  unsigned char *copy = malloc(nsrc * es);
  unsigned char *dst = aligned_alloc(64, (ndst + 63) / 64 * 64);
  unsigned char *want = malloc(ndst);
  void *src = base + offset * es;
  assert_non_null(base);
  assert_non_null(copy);
  assert_non_null(dst);
  assert_non_null(want);

  for (size_t at = 0; at < nsrc; at++) {
    fastla_int i = (fastla_int)at / lds, l = (fastla_int)at % lds;
    put(dbl, src, at, l < k ? value(i, l) : -999.0); /* gap: sentinel */
  }
  put(dbl, src, 0, -0.0);
  put_nan(dbl, src, nsrc - 1); /* element (r-1, k-1) */
  memcpy(copy, src, nsrc * es);

  memset(want, FILL, ndst);
  for (fastla_int l = 0; l < k; l++)
    for (fastla_int i = 0; i < R; i++) {
      size_t to = (size_t)(l * R + i);
      if (i < r)
        memcpy(want + to * es,
               (unsigned char *)src + (size_t)(i * lds + l) * es, es);
      else
        put(dbl, want, to, 0.0);
    }

  memset(dst, FILL, ndst);
  if (dbl)
    table->dgemm_pack_t(R, r, k, src, lds, (double *)dst);
  else
    table->sgemm_pack_t(R, r, k, src, lds, (float *)dst);

  long wrong = 0;
  for (size_t b = 0; b < ndst; b++)
    wrong += dst[b] != want[b];
  for (size_t b = 0; b < nsrc * es; b++)
    wrong += ((unsigned char *)src)[b] != copy[b];
  free(base), free(copy), free(dst), free(want);
  return wrong;
}

static void pack_matches_transpose(void **state) {
  int dbl = tu_state_prec(state) == TU_DOUBLE;
  const fastla_gemm_blocking *bl =
      dbl ? &table->dgemm_blocking : &table->sgemm_blocking;
  const int Rs[] = {bl->mr, bl->nr, 1, 5, 16};
  long wrong = 0;
  int reported = 0;
  for (size_t a = 0; a < COUNT(Rs); a++)
    for (fastla_int r = 1; r <= Rs[a]; r++)
      for (size_t b = 0; b < COUNT(ks); b++)
        for (size_t g = 0; g < COUNT(gaps); g++)
          for (size_t o = 0; o < COUNT(offsets); o++) {
            long w =
                pack_once(dbl, Rs[a], r, ks[b], ks[b] + gaps[g], offsets[o]);
            if (w && reported++ < 10)
              print_error("R=%d r=%ld k=%ld lds=%ld offset=%zu: %ld bytes "
                          "wrong\n",
                          Rs[a], (long)r, (long)ks[b], (long)(ks[b] + gaps[g]),
                          offsets[o], w);
            wrong += w;
          }
  assert_int_equal(wrong, 0);
}

int main(void) {
  const char *config = fastla_test_select_config();
  if (strcmp(config, "simd-sse2") == 0)
    table = &fastla_sse2_table;
  else if (strcmp(config, "simd-avx2") == 0)
    table = &fastla_avx2_table;
  else if (strcmp(config, "simd-avx512") == 0)
    table = &fastla_avx512_table;
  if (!table || !table->sgemm_pack_t || !table->dgemm_pack_t) {
    print_message("SKIPPED: config %s has no gemm pack kernels\n", config);
    return 77;
  }
  const struct CMUnitTest tests[] = {
      TU_BOTH(pack_matches_transpose),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
