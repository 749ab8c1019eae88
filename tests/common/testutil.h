/* testutil.h - shared helpers for the cmocka tests. */
#ifndef FASTLA_TESTUTIL_H
#define FASTLA_TESTUTIL_H

/* Selects the backend/ISA named by the FASTLA_TEST_CONFIG environment
 * variable ("reference", "simd-sse2", "simd-avx2", "simd-avx512", "openmp";
 * unset means "reference"). When this machine or build cannot run it, prints
 * one line saying why and exits with 77, which ctest reports as skipped.
 * Returns the configuration name. Call first thing in main(). */
const char *fastla_test_select_config(void);

#endif
