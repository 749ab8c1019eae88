/* test_cpu_decode.c - the dispatcher's decision from recorded CPUID leaves.
 * Each file in tests/data/cpuid/ is one CPU (leaves, XCR0, and the table
 * libfastla must choose, "expect:"); the test decodes every file and checks
 * the choice, and checks this machine's live registers decode without
 * claiming an ISA the compiler's own runtime check denies. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dispatch/cpu.h"

#ifndef CPUID_DIR
#error "CPUID_DIR must name the folder of recorded leaves"
#endif

static fastla_isa isa_from_name(const char *s) {
  static const char *const names[] = {"auto", "scalar", "sse2", "avx2",
                                      "avx512"};
  for (int i = 0; i < 5; i++)
    if (strcmp(s, names[i]) == 0)
      return (fastla_isa)i;
  fail_msg("unknown ISA name '%s'", s);
  return FASTLA_ISA_AUTO;
}

/* Parses one recorded file; returns the expected ISA. */
static fastla_isa parse_file(const char *path, fastla_cpu_regs *regs) {
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  memset(regs, 0, sizeof *regs);
  fastla_isa expect = FASTLA_ISA_AUTO;
  char line[512], word[32];
  unsigned leaf, sub, r[4];
  unsigned long long xcr0;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "expect: %31s", word) == 1) {
      expect = isa_from_name(word);
    } else if (sscanf(line, "leaf %x.%x: eax=%x ebx=%x ecx=%x edx=%x", &leaf,
                      &sub, &r[0], &r[1], &r[2], &r[3]) == 6) {
      if (leaf == 0)
        regs->max_leaf = r[0];
      uint32_t *dst = leaf == 1               ? regs->leaf1
                      : leaf == 7 && sub == 0 ? regs->leaf7
                                              : NULL;
      /* Cache leaves: AMD's 0x8000001D, Intel's 4 (same layout). */
      if ((leaf == 0x8000001D || leaf == 4) && sub < 8) {
        dst = regs->cache[sub];
        if ((int)sub + 1 > regs->caches)
          regs->caches = (int)sub + 1;
      }
      for (int i = 0; dst && i < 4; i++)
        dst[i] = r[i];
    } else if (sscanf(line, "xcr0: 0x%llx", &xcr0) == 1) {
      regs->has_xcr0 = true;
      regs->xcr0 = xcr0;
    }
  }
  fclose(f);
  assert_int_not_equal(expect, FASTLA_ISA_AUTO);
  return expect;
}

static void test_recorded_cpus(void **state) {
  (void)state;
  DIR *dir = opendir(CPUID_DIR);
  assert_non_null(dir);
  int files = 0;
  struct dirent *e;
  while ((e = readdir(dir))) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CPUID_DIR, e->d_name);
    fastla_cpu_regs regs;
    fastla_isa expect = parse_file(path, &regs);
    fastla_cpu_features f = fastla_cpu_decode(&regs);
    fastla_isa got = fastla_cpu_best_isa(&f);
    print_message("%-40s expect %d got %d\n", e->d_name, expect, got);
    assert_int_equal(got, expect);
    files++;
  }
  closedir(dir);
  assert_true(files >= 6);
}

/* XCR0 without the AVX-512 state must never yield avx512, whatever CPUID
 * advertises; without the AVX state never avx2. */
/* The CPUs issue #4 names must stay among the recordings, each decoding to
 * the table it must get: a missing file would shrink the coverage silently. */
static void test_required_cpus_present(void **state) {
  (void)state;
  static const struct {
    const char *file;
    fastla_isa isa;
  } required[] = {
      {"amd-zen4-genoa-kvm.txt", FASTLA_ISA_AVX512},
      {"intel-skylake-x.txt", FASTLA_ISA_AVX512},
      {"intel-haswell-e.txt", FASTLA_ISA_AVX2},
      {"intel-pentium4.txt", FASTLA_ISA_SSE2},
      {"amd-zen4-genoa-xcr0-no-zmm.txt", FASTLA_ISA_AVX2},
  };
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CPUID_DIR, required[i].file);
    fastla_cpu_regs regs;
    assert_int_equal(parse_file(path, &regs), required[i].isa);
    fastla_cpu_features f = fastla_cpu_decode(&regs);
    assert_int_equal(fastla_cpu_best_isa(&f), required[i].isa);
  }
}

static void test_os_state_gates_isa(void **state) {
  (void)state;
  fastla_cpu_regs r = {.max_leaf = 7, .has_xcr0 = true, .xcr0 = 0xE7};
  r.leaf1[2] = (1u << 27) | (1u << 28) | (1u << 12); /* OSXSAVE AVX FMA */
  r.leaf1[3] = 1u << 26;                             /* SSE2 */
  r.leaf7[1] = (1u << 5) | (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);
  fastla_cpu_features f = fastla_cpu_decode(&r);
  assert_int_equal(fastla_cpu_best_isa(&f), FASTLA_ISA_AVX512);
  r.xcr0 = 0x07;
  f = fastla_cpu_decode(&r);
  assert_int_equal(fastla_cpu_best_isa(&f), FASTLA_ISA_AVX2);
  r.xcr0 = 0x03;
  f = fastla_cpu_decode(&r);
  assert_int_equal(fastla_cpu_best_isa(&f), FASTLA_ISA_SSE2);
  r.has_xcr0 = false; /* no OSXSAVE: XCR0 unknown, AVX unusable */
  f = fastla_cpu_decode(&r);
  assert_int_equal(fastla_cpu_best_isa(&f), FASTLA_ISA_SSE2);
}

static void test_live_cpu_agrees_with_compiler(void **state) {
  (void)state;
  fastla_cpu_regs regs;
  if (!fastla_cpu_read(&regs))
    skip();
  fastla_cpu_features f = fastla_cpu_decode(&regs);
#if defined(__x86_64__) || defined(__i386__)
  assert_int_equal(f.sse2, !!__builtin_cpu_supports("sse2"));
  assert_int_equal(f.avx2, !!__builtin_cpu_supports("avx2"));
  assert_int_equal(f.fma, !!__builtin_cpu_supports("fma"));
  assert_int_equal(f.avx512f, !!__builtin_cpu_supports("avx512f"));
#endif
}

/* The Zen 4 recording's cache leaves give the block-size model its inputs:
 * L1d 32 KiB, L2 1 MiB, L3 32 MiB (tests/data/cpuid/README.md). */
static void test_zen4_cache_sizes(void **state) {
  (void)state;
  fastla_cpu_regs regs;
  parse_file(CPUID_DIR "/amd-zen4-genoa-kvm.txt", &regs);
  fastla_cpu_caches c = fastla_cpu_decode_caches(&regs);
  assert_int_equal(c.l1d, 32 << 10);
  assert_int_equal(c.l2, 1 << 20);
  assert_int_equal(c.l3, 32 << 20);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_recorded_cpus),
      cmocka_unit_test(test_zen4_cache_sizes),
      cmocka_unit_test(test_required_cpus_present),
      cmocka_unit_test(test_os_state_gates_isa),
      cmocka_unit_test(test_live_cpu_agrees_with_compiler),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
