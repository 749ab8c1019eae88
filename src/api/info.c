/* info.c - the introspection queries of fastla.h: what the CPU, OS and
 * build offer, the gemm blocking in use and the dispatcher's thresholds,
 * for fastla-info and for users who need to know what runs. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "dispatch/cpu.h"
#include "dispatch/dispatch.h"
#include "level3/level3.h"
#include "parallel/parallel.h"

/* Set by CMake for this file (CMakeLists.txt); "unknown" elsewhere. */
#ifndef FASTLA_BUILD_COMPILER
#define FASTLA_BUILD_COMPILER "unknown"
#endif
#ifndef FASTLA_BUILD_TYPE
#define FASTLA_BUILD_TYPE "unknown"
#endif
#ifndef FASTLA_BUILD_KERNELS
#define FASTLA_BUILD_KERNELS "unknown"
#endif
#ifndef FASTLA_BUILD_SANITIZE
#define FASTLA_BUILD_SANITIZE "unknown"
#endif

enum { EAX, EBX, ECX, EDX };

/* ---- ISA support -------------------------------------------------------
 * The decoder (cpu_decode.c) answers "CPU and OS"; each half alone comes
 * from decoding the recorded registers with the other half forced on. */

/* What the CPU reports, as if the OS enabled every register state. */
static fastla_cpu_features cpu_view(void) {
  fastla_cpu_regs r = *fastla_cpu_registers();
  r.leaf1[ECX] |= 1u << 27; /* OSXSAVE */
  r.has_xcr0 = true;
  r.xcr0 = ~(uint64_t)0;
  return fastla_cpu_decode(&r);
}

/* What the OS enables, as if the CPU had every feature. */
static fastla_cpu_features os_view(void) {
  fastla_cpu_regs r = *fastla_cpu_registers();
  if (r.max_leaf < 7)
    r.max_leaf = 7;
  r.leaf1[EDX] |= 1u << 26;                 /* SSE2 */
  r.leaf1[ECX] |= (1u << 12) | (1u << 28);  /* FMA, AVX */
  r.leaf7[EBX] |= (1u << 5) | (1u << 16) |  /* AVX2, AVX512F */
                  (1u << 17) | (1u << 30) | /* AVX512DQ, AVX512BW */
                  (1u << 31);               /* AVX512VL */
  return fastla_cpu_decode(&r);
}

unsigned fastla_isa_support(fastla_isa isa) {
  unsigned all = FASTLA_SUPPORT_CPU | FASTLA_SUPPORT_OS | FASTLA_SUPPORT_BUILD;
  if (isa == FASTLA_ISA_SCALAR)
    return all;
  if (isa < FASTLA_ISA_SSE2 || isa > FASTLA_ISA_AVX512)
    return 0;
#if defined(__x86_64__) || defined(__i386__)
  unsigned bits = 0;
  fastla_cpu_features c = cpu_view(), o = os_view();
  if (fastla_cpu_best_isa(&c) >= isa)
    bits |= FASTLA_SUPPORT_CPU;
  if (fastla_cpu_best_isa(&o) >= isa)
    bits |= FASTLA_SUPPORT_OS;
#ifdef FASTLA_HAVE_X86_KERNELS
  bits |= FASTLA_SUPPORT_BUILD;
#endif
  return bits;
#else
  return 0;
#endif
}

/* ---- CPU model and features ------------------------------------------- */

static pthread_once_t strings_once = PTHREAD_ONCE_INIT;
static char model[49], features[128], build[256];

static void make_strings(void) {
  char raw[49];
  fastla_cpu_read_brand(raw);
  const char *s = raw;
  while (isspace((unsigned char)*s))
    s++;
  size_t len = strlen(s);
  while (len && isspace((unsigned char)s[len - 1]))
    len--;
  if (!len) {
    s = "unknown";
    len = strlen(s);
  }
  snprintf(model, sizeof model, "%.*s", (int)len, s);

  fastla_cpu_features f = {0};
#if defined(__x86_64__) || defined(__i386__)
  f = cpu_view();
#endif
  const struct {
    bool on;
    const char *name;
  } list[] = {{f.sse2, "sse2"},         {f.avx, "avx"},
              {f.fma, "fma"},           {f.avx2, "avx2"},
              {f.avx512f, "avx512f"},   {f.avx512vl, "avx512vl"},
              {f.avx512dq, "avx512dq"}, {f.avx512bw, "avx512bw"}};
  size_t used = 0;
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
    if (list[i].on)
      used += (size_t)snprintf(features + used, sizeof features - used, "%s%s",
                               used ? "," : "", list[i].name);
  if (!used)
    snprintf(features, sizeof features, "none");

#ifdef _OPENMP
  char openmp[16];
  snprintf(openmp, sizeof openmp, "%d", _OPENMP);
#else
  const char *openmp = "no";
#endif
  snprintf(build, sizeof build,
           "version=%s compiler=%s build=%s kernels=%s openmp=%s "
           "sanitize=%s int=%d",
           fastla_version(), FASTLA_BUILD_COMPILER, FASTLA_BUILD_TYPE,
           FASTLA_BUILD_KERNELS, openmp, FASTLA_BUILD_SANITIZE,
           (int)(8 * sizeof(fastla_int)));
}

const char *fastla_cpu_model(void) {
  pthread_once(&strings_once, make_strings);
  return model;
}

const char *fastla_cpu_feature_string(void) {
  pthread_once(&strings_once, make_strings);
  return features;
}

const char *fastla_build_options(void) {
  pthread_once(&strings_once, make_strings);
  return build;
}

/* ---- blocking and thresholds ------------------------------------------ */

fastla_status fastla_get_gemm_blocking(char precision,
                                       fastla_gemm_blocks *blocks) {
  int p = tolower((unsigned char)precision);
  if (!blocks || (p != 's' && p != 'd'))
    return FASTLA_ERR_INVALID_VALUE;
  const fastla_kernel_table *t = fastla_kernels();
  const fastla_gemm_blocking *b =
      p == 's' ? &t->sgemm_blocking : &t->dgemm_blocking;
  int blocked = p == 's' ? t->sgemm_ukr != NULL : t->dgemm_ukr != NULL;
  fastla_gemm_blocks out = {0, 0, 0, 0, 0};
  if (blocked)
    out = (fastla_gemm_blocks){b->mr, b->nr, b->kc, b->mc, b->nc};
  *blocks = out;
  return FASTLA_OK;
}

double fastla_get_threshold(const char *name) {
  static const struct {
    const char *name;
    double value;
  } list[] = {
      {"axpy", FASTLA_PAR_LEVEL1_MIN},
      {"dot", FASTLA_PAR_LEVEL1_MIN},
      {"nrm2", FASTLA_PAR_NRM2_MIN},
      {"gemv", FASTLA_PAR_GEMV_MIN},
      {"gemm", FASTLA_PAR_GEMM_MIN},
      {"gemm_direct", FASTLA_GEMM_SMALL_MNK},
      {"gemm_skinny_bytes", FASTLA_GEMM_SKINNY_BYTES},
  };
  for (size_t i = 0; name && i < sizeof list / sizeof list[0]; i++)
    if (strcmp(name, list[i].name) == 0)
      return list[i].value;
  return -1;
}
