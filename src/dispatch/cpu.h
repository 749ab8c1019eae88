/* cpu.h - CPU feature detection. Reading the registers (cpu_read.c) is kept
 * apart from deciding what they mean (cpu_decode.c), so the decision is a
 * pure function that tests drive with CPUID leaves recorded on real CPUs. */
#ifndef FASTLA_CPU_H
#define FASTLA_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fastla.h"

/* The raw values the decision needs: CPUID leaves 1 and 7.0 (eax, ebx, ecx,
 * edx), leaf 0's maximum standard leaf, and XCR0 when the OS lets XGETBV run
 * (has_xcr0 is false where leaf 1 reports no OSXSAVE). */
typedef struct fastla_cpu_regs {
  uint32_t max_leaf;
  uint32_t leaf1[4];
  uint32_t leaf7[4];
  bool has_xcr0;
  uint64_t xcr0;
  /* Deterministic cache parameters, one subleaf per cache: leaf 4 (Intel)
   * or 0x8000001D (AMD), eax..edx, until a subleaf reports type 0. */
  uint32_t cache[8][4];
  int caches;
} fastla_cpu_regs;

/* Data (or unified) cache sizes in bytes per level; 0 where not reported. */
typedef struct fastla_cpu_caches {
  size_t l1d, l2, l3;
} fastla_cpu_caches;

/* What the CPU offers and the OS has enabled. An instruction set counts only
 * when both agree: AVX needs XCR0 bits 1-2 (SSE, AVX state), AVX-512 also
 * needs bits 5-7 (opmask, upper ZMM halves, ZMM16-31). */
typedef struct fastla_cpu_features {
  bool sse2, avx, fma, avx2;
  bool avx512f, avx512vl, avx512dq, avx512bw;
} fastla_cpu_features;

/* Decodes recorded or live registers into usable features. */
fastla_cpu_features fastla_cpu_decode(const fastla_cpu_regs *regs);

/* The best kernel table the features allow: avx512 needs F, VL, DQ and BW;
 * avx2 needs AVX2 and FMA; sse2 otherwise on x86-64; scalar without SSE2. */
fastla_isa fastla_cpu_best_isa(const fastla_cpu_features *features);

/* Decodes the cache leaves: size = ways * partitions * line size * sets. */
fastla_cpu_caches fastla_cpu_decode_caches(const fastla_cpu_regs *regs);

/* Reads this CPU's registers. Returns false (regs zeroed) off x86. */
bool fastla_cpu_read(fastla_cpu_regs *regs);

/* Reads the 48-character brand string (CPUID 0x80000002-4) into brand,
 * NUL-terminated; empty where the CPU has none and off x86. */
void fastla_cpu_read_brand(char brand[49]);

#endif
