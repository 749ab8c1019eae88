/* cpu_read.c - reads CPUID leaves and XCR0 on this CPU. XGETBV is executed
 * only when CPUID says the OS supports it (OSXSAVE), and through inline
 * assembly so that this file needs no ISA flags. */
#include <string.h>

#include "dispatch/cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static uint64_t read_xcr0(void) {
  uint32_t eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((uint64_t)edx << 32) | eax;
}

/* AMD reports caches in leaf 0x8000001D (with TOPOEXT), Intel in leaf 4;
 * both use the same layout. */
static void read_cache_leaves(fastla_cpu_regs *r) {
  unsigned leaf = 4, a, b, c, d;
  __cpuid(0, a, b, c, d);
  bool amd = b == 0x68747541; /* "Auth"enticAMD */
  if (amd) {
    if (__get_cpuid_max(0x80000000, NULL) < 0x8000001D)
      return;
    leaf = 0x8000001D;
  } else if (r->max_leaf < 4) {
    return;
  }
  for (unsigned i = 0; i < 8; i++) {
    uint32_t *q = r->cache[i];
    __cpuid_count(leaf, i, q[0], q[1], q[2], q[3]);
    if ((q[0] & 0x1f) == 0)
      break;
    r->caches = (int)i + 1;
  }
}

bool fastla_cpu_read(fastla_cpu_regs *r) {
  memset(r, 0, sizeof *r);
  uint32_t *l1 = r->leaf1, *l7 = r->leaf7;
  r->max_leaf = __get_cpuid_max(0, NULL);
  if (r->max_leaf >= 1)
    __cpuid(1, l1[0], l1[1], l1[2], l1[3]);
  if (r->max_leaf >= 7)
    __cpuid_count(7, 0, l7[0], l7[1], l7[2], l7[3]);
  r->has_xcr0 = (l1[2] >> 27) & 1u;
  if (r->has_xcr0)
    r->xcr0 = read_xcr0();
  read_cache_leaves(r);
  return true;
}

void fastla_cpu_read_brand(char brand[49]) {
  memset(brand, 0, 49);
  if ((unsigned)__get_cpuid_max(0x80000000, NULL) < 0x80000004u)
    return;
  uint32_t w[12]; /* 48 bytes, in the order CPUID gives them */
  for (unsigned i = 0; i < 3; i++)
    __cpuid(0x80000002 + i, w[4 * i], w[4 * i + 1], w[4 * i + 2], w[4 * i + 3]);
  memcpy(brand, w, 48);
}
#else
bool fastla_cpu_read(fastla_cpu_regs *r) {
  memset(r, 0, sizeof *r);
  return false;
}

void fastla_cpu_read_brand(char brand[49]) {
  memset(brand, 0, 49);
}
#endif
