/* guard.h - buffers flush against PROT_NONE pages, for the reliability
 * tests: one access past either end of the data faults at once, where a
 * malloc'd buffer (and its sentinels) would only catch a write afterwards
 * or a read by its effect on the result. */
#ifndef FASTLA_GUARD_H
#define FASTLA_GUARD_H

#include <stddef.h>
#include <stdint.h>

#include "testutil.h"

/* Where the data sit in their pages: their first byte right after the
 * leading PROT_NONE page, or their last byte right before the trailing
 * one. The slack on the other side (up to a page) is sentinel and is
 * compared byte for byte after the call. */
typedef enum gp_place { GP_AT_START = 0, GP_AT_END = 1 } gp_place;

typedef struct gp_buf {
  tu_prec prec;
  size_t esize, len; /* bytes per element, elements */
  unsigned char *map;
  size_t maplen, span; /* whole mapping; accessible bytes between guards */
  unsigned char *data;
  unsigned char *snap; /* copy of the span taken by gp_snapshot */
} gp_buf;

/* len elements (0 allowed: data then points at a guard page), every byte of
 * the span sentinel (the quiet-NaN patterns of testutil). Aborts on
 * failure. */
gp_buf gp_make(tu_prec p, size_t len, gp_place place);
void gp_free(gp_buf *b);
void gp_set(gp_buf *b, size_t i, double v);
double gp_get(const gp_buf *b, size_t i);
/* The data widened to double (sentinels become NaN); free() it. */
double *gp_widen(const gp_buf *b);
/* Makes the span read-only (an input: a write faults) or inaccessible (an
 * input the call must not read at all: a read faults). */
void gp_read_only(gp_buf *b);
void gp_no_access(gp_buf *b);
/* Remembers the span; gp_changed_outside then counts the bytes of the span
 * that differ although they lie outside the footprint (footprint[i] != 0
 * marks element i of the data as writable; NULL: nothing is). */
void gp_snapshot(gp_buf *b);
size_t gp_changed_outside(const gp_buf *b, const unsigned char *footprint);
/* FNV-1a of the span, for inputs. */
uint64_t gp_checksum(const gp_buf *b);

/* Installs SIGSEGV/SIGBUS handlers that print "FAULT in <what>" (set with
 * gp_case) and exit(1), so a guard-page hit names its case. */
void gp_install_fault_handler(void);
void gp_case(const char *fmt, ...);
const char *gp_current_case(void);

#endif
