/* cpu_decode.c - from CPUID/XCR0 values to usable features: a pure
 * function, unit-tested with leaves recorded on real CPUs. */
#include "dispatch/cpu.h"

enum { EAX, EBX, ECX, EDX };

static bool bit(uint32_t reg, int n) {
  return (reg >> n) & 1u;
}

/* XCR0 state components: 1 SSE, 2 AVX, 5 opmask, 6 ZMM0-15 upper halves,
 * 7 ZMM16-31. */
#define XCR0_AVX_STATE    0x06u
#define XCR0_AVX512_STATE 0xE6u

fastla_cpu_features fastla_cpu_decode(const fastla_cpu_regs *r) {
  fastla_cpu_features f = {0};
  f.sse2 = bit(r->leaf1[EDX], 26);
  bool osxsave = bit(r->leaf1[ECX], 27) && r->has_xcr0;
  bool os_avx = osxsave && (r->xcr0 & XCR0_AVX_STATE) == XCR0_AVX_STATE;
  bool os_avx512 =
      osxsave && (r->xcr0 & XCR0_AVX512_STATE) == XCR0_AVX512_STATE;
  f.avx = os_avx && bit(r->leaf1[ECX], 28);
  f.fma = f.avx && bit(r->leaf1[ECX], 12);
  if (r->max_leaf < 7)
    return f;
  f.avx2 = f.avx && bit(r->leaf7[EBX], 5);
  f.avx512f = os_avx512 && bit(r->leaf7[EBX], 16);
  f.avx512dq = f.avx512f && bit(r->leaf7[EBX], 17);
  f.avx512bw = f.avx512f && bit(r->leaf7[EBX], 30);
  f.avx512vl = f.avx512f && bit(r->leaf7[EBX], 31);
  return f;
}

fastla_isa fastla_cpu_best_isa(const fastla_cpu_features *f) {
  if (f->avx512f && f->avx512vl && f->avx512dq && f->avx512bw && f->avx2 &&
      f->fma)
    return FASTLA_ISA_AVX512;
  if (f->avx2 && f->fma)
    return FASTLA_ISA_AVX2;
  if (f->sse2)
    return FASTLA_ISA_SSE2;
  return FASTLA_ISA_SCALAR;
}

fastla_cpu_caches fastla_cpu_decode_caches(const fastla_cpu_regs *r) {
  fastla_cpu_caches c = {0};
  for (int i = 0; i < r->caches && i < 8; i++) {
    const uint32_t *l = r->cache[i];
    unsigned type = l[EAX] & 0x1f, level = (l[EAX] >> 5) & 7;
    if (type == 0)
      break;
    if (type == 2) /* instruction cache */
      continue;
    size_t ways = ((l[EBX] >> 22) & 0x3ff) + 1;
    size_t parts = ((l[EBX] >> 12) & 0x3ff) + 1;
    size_t line = (l[EBX] & 0xfff) + 1;
    size_t size = ways * parts * line * ((size_t)l[ECX] + 1);
    if (level == 1)
      c.l1d = size;
    else if (level == 2)
      c.l2 = size;
    else if (level == 3)
      c.l3 = size;
  }
  return c;
}
