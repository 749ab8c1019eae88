/* test_info.c - the introspection queries fastla-info is built on:
 * backend availability, ISA support bits, CPU model and features, build
 * options, gemm blocking and thresholds. Run once per configuration. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned ALL =
    FASTLA_SUPPORT_CPU | FASTLA_SUPPORT_OS | FASTLA_SUPPORT_BUILD;

/* available() agrees with what fastla_set_backend accepts. */
static void backend_available_matches_set_backend(void **state) {
  (void)state;
  fastla_backend saved = fastla_get_backend();
  fastla_isa saved_isa = fastla_get_isa();
  assert_int_equal(fastla_backend_available(FASTLA_BACKEND_AUTO), 1);
  assert_int_equal(fastla_backend_available(FASTLA_BACKEND_REFERENCE), 1);
  assert_int_equal(fastla_backend_available((fastla_backend)-1), 0);
  assert_int_equal(fastla_backend_available((fastla_backend)99), 0);
  static const fastla_backend all[] = {
      FASTLA_BACKEND_REFERENCE, FASTLA_BACKEND_SIMD, FASTLA_BACKEND_OPENMP};
  for (size_t i = 0; i < COUNT(all); i++) {
    fastla_status st = fastla_set_backend(all[i]);
    assert_int_equal(st == FASTLA_OK, fastla_backend_available(all[i]));
  }
  assert_int_equal(fastla_set_backend(saved), FASTLA_OK);
  if (saved != FASTLA_BACKEND_REFERENCE)
    assert_int_equal(fastla_set_isa(saved_isa), FASTLA_OK);
}

/* An ISA is usable exactly when CPU, OS and build all support it, and the
 * best usable one is fastla_get_max_isa. */
static void isa_support_bits_agree_with_max_isa(void **state) {
  (void)state;
  assert_int_equal(fastla_isa_support(FASTLA_ISA_SCALAR), ALL);
  assert_int_equal(fastla_isa_support(FASTLA_ISA_AUTO), 0);
  assert_int_equal(fastla_isa_support((fastla_isa)-3), 0);
  assert_int_equal(fastla_isa_support((fastla_isa)42), 0);
  fastla_isa best = FASTLA_ISA_SCALAR;
  for (int isa = FASTLA_ISA_SSE2; isa <= FASTLA_ISA_AVX512; isa++) {
    unsigned s = fastla_isa_support((fastla_isa)isa);
    assert_int_equal(s & ~ALL, 0);
    if (s == ALL)
      best = (fastla_isa)isa;
    /* Higher ISAs need the lower ones' CPU features and OS state. */
    if (isa > FASTLA_ISA_SSE2) {
      unsigned lower = fastla_isa_support((fastla_isa)(isa - 1));
      if (s & FASTLA_SUPPORT_CPU)
        assert_true(lower & FASTLA_SUPPORT_CPU);
    }
  }
  assert_int_equal(best, fastla_get_max_isa());
}

static void cpu_model_is_trimmed_text(void **state) {
  (void)state;
  const char *m = fastla_cpu_model();
  assert_non_null(m);
  assert_true(strlen(m) > 0 && strlen(m) <= 48);
  assert_false(isspace((unsigned char)m[0]));
  assert_false(isspace((unsigned char)m[strlen(m) - 1]));
  assert_ptr_equal(m, fastla_cpu_model()); /* owned, stable */
}

/* The CPU's features include everything the usable ISAs need. */
static void cpu_features_cover_usable_isa(void **state) {
  (void)state;
  const char *f = fastla_cpu_feature_string();
  assert_non_null(f);
  fastla_isa best = fastla_get_max_isa();
  if (best >= FASTLA_ISA_SSE2)
    assert_non_null(strstr(f, "sse2"));
  if (best >= FASTLA_ISA_AVX2) {
    assert_non_null(strstr(f, "avx2"));
    assert_non_null(strstr(f, "fma"));
  }
  if (best >= FASTLA_ISA_AVX512)
    assert_non_null(strstr(f, "avx512bw"));
  if (fastla_isa_support(FASTLA_ISA_AVX512) & FASTLA_SUPPORT_CPU)
    assert_non_null(strstr(f, "avx512f"));
  assert_null(strchr(f, ' '));
}

static void build_options_name_version_and_int(void **state) {
  (void)state;
  const char *b = fastla_build_options();
  assert_non_null(b);
  char want[64];
  snprintf(want, sizeof want, "version=%s ", FASTLA_VERSION_STRING);
  assert_ptr_equal(strstr(b, want), b);
  assert_non_null(strstr(b, " int=64"));
  assert_non_null(strstr(b, " kernels="));
  assert_non_null(strstr(b, " openmp="));
  assert_non_null(strstr(b, " compiler="));
}

/* The blocking obeys the driver's invariants and matches the slots. */
static void gemm_blocking_follows_the_microkernel(void **state) {
  (void)state;
  fastla_gemm_blocks b = {-1, -1, -1, -1, -1};
  assert_int_equal(fastla_get_gemm_blocking('x', &b), FASTLA_ERR_INVALID_VALUE);
  assert_int_equal(b.mr, -1); /* nothing stored */
  assert_int_equal(fastla_get_gemm_blocking('d', NULL),
                   FASTLA_ERR_INVALID_VALUE);
  for (const char *p = "sdSD"; *p; p++) {
    assert_int_equal(fastla_get_gemm_blocking(*p, &b), FASTLA_OK);
    char slot[] = "?gemm_ukr";
    slot[0] = (char)tolower((unsigned char)*p);
    int has_ukr = strcmp(fastla_kernel_name(slot), "none") != 0;
    if (!has_ukr) {
      assert_int_equal(b.mr | b.nr | b.kc | b.mc | b.nc, 0);
      continue;
    }
    assert_true(b.mr > 0 && b.nr > 0 && b.kc > 0 && b.mc > 0 && b.nc > 0);
    assert_int_equal(b.mc % b.mr, 0);
    assert_int_equal(b.nc % b.nr, 0);
  }
}

static void thresholds_known_and_unknown(void **state) {
  (void)state;
  static const char *const names[] = {"axpy",
                                      "dot",
                                      "nrm2",
                                      "gemv",
                                      "gemm",
                                      "gemm_direct",
                                      "gemm_skinny_bytes"};
  for (size_t i = 0; i < COUNT(names); i++)
    assert_true(fastla_get_threshold(names[i]) > 0);
  assert_true(fastla_get_threshold("dgemm") == -1);
  assert_true(fastla_get_threshold("") == -1);
  assert_true(fastla_get_threshold(NULL) == -1);
}

int main(void) {
  fastla_test_select_config();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(backend_available_matches_set_backend),
      cmocka_unit_test(isa_support_bits_agree_with_max_isa),
      cmocka_unit_test(cpu_model_is_trimmed_text),
      cmocka_unit_test(cpu_features_cover_usable_isa),
      cmocka_unit_test(build_options_name_version_and_int),
      cmocka_unit_test(gemm_blocking_follows_the_microkernel),
      cmocka_unit_test(thresholds_known_and_unknown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
