/* fastla-info - prints what libfastla sees and chooses on this machine:
 * version and build options, the CPU model and features, the ISAs the CPU,
 * OS and build support, the chosen backend and ISA, the kernel serving each
 * slot, threads and thresholds, and the gemm blocking. --json prints the
 * same as one JSON object. The FASTLA_* environment variables apply, so
 * `FASTLA_BACKEND=simd FASTLA_ISA=avx2 fastla-info` shows that choice. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <stdio.h>
#include <string.h>

#include <fastla.h>

static const fastla_isa isas[] = {FASTLA_ISA_SCALAR, FASTLA_ISA_SSE2,
                                  FASTLA_ISA_AVX2, FASTLA_ISA_AVX512};
static const fastla_backend backends[] = {
    FASTLA_BACKEND_REFERENCE, FASTLA_BACKEND_SIMD, FASTLA_BACKEND_OPENMP};
static const char *const thresholds[] = {
    "axpy", "dot", "nrm2", "gemv", "gemm", "gemm_direct", "gemm_skinny_bytes"};
static const char *const verbose_names[] = {"off", "text", "json"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *yes(int b) {
  return b ? "yes" : "no";
}

static const char *verbose_name(void) {
  fastla_verbose v = fastla_get_verbose();
  return v >= 0 && (size_t)v < COUNT(verbose_names) ? verbose_names[v] : "?";
}

static void text(void) {
  printf("libfastla %s\n", fastla_version());
  printf("build        %s\n", fastla_build_options());
  printf("cpu          %s\n", fastla_cpu_model());
  printf("cpu features %s\n", fastla_cpu_feature_string());
  printf("\nisa       cpu  os   build  usable\n");
  for (size_t i = 0; i < COUNT(isas); i++) {
    unsigned s = fastla_isa_support(isas[i]);
    printf("  %-7s %-4s %-4s %-6s %s\n", fastla_isa_name(isas[i]),
           yes(s & FASTLA_SUPPORT_CPU), yes(s & FASTLA_SUPPORT_OS),
           yes(s & FASTLA_SUPPORT_BUILD),
           yes((s & 7u) == 7u && isas[i] <= fastla_get_max_isa()));
  }
  printf("\nbackends    ");
  for (size_t i = 0; i < COUNT(backends); i++)
    printf("%s%s %s", i ? ", " : "", fastla_backend_name(backends[i]),
           fastla_backend_available(backends[i]) ? "available" : "unavailable");
  printf("\nbackend     %s\n", fastla_backend_name(fastla_get_backend()));
  printf("isa         %s (best available: %s)\n",
         fastla_isa_name(fastla_get_isa()),
         fastla_isa_name(fastla_get_max_isa()));
  printf("threads     %d\n", fastla_get_num_threads());
  printf("verbose     %s\n", verbose_name());
  printf("\nthresholds (openmp: threads at and above; gemm_direct: direct "
         "kernel at and below, and for m * element size at and below "
         "gemm_skinny_bytes)\n");
  for (size_t i = 0; i < COUNT(thresholds); i++)
    printf("  %-18s %.0f\n", thresholds[i],
           fastla_get_threshold(thresholds[i]));
  printf("\ngemm blocking  mr  nr    kc    mc    nc\n");
  for (const char *p = "sd"; *p; p++) {
    fastla_gemm_blocks b;
    fastla_get_gemm_blocking(*p, &b);
    printf("  %cgemm       %3d %3d %5d %5d %5d%s\n", *p, b.mr, b.nr, b.kc, b.mc,
           b.nc, b.mr ? "" : "   (not blocked)");
  }
  printf("\nkernels\n");
  for (int i = 0; fastla_kernel_slot(i); i++)
    printf("  %-15s %s\n", fastla_kernel_slot(i),
           fastla_kernel_name(fastla_kernel_slot(i)));
}

/* Strings here are names, numbers and the CPU's brand string: escape what
 * JSON requires and nothing else. */
static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

/* "key=value key=value" as a JSON object of strings. */
static void json_pairs(const char *s) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", s);
  printf("{");
  int first = 1;
  for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok;
       tok = strtok_r(NULL, " ", &save)) {
    char *eq = strchr(tok, '=');
    if (!eq)
      continue;
    *eq = '\0';
    printf("%s", first ? "" : ",");
    json_string(tok);
    printf(":");
    json_string(eq + 1);
    first = 0;
  }
  printf("}");
}

static void json(void) {
  printf("{\"version\":");
  json_string(fastla_version());
  printf(",\"build\":");
  json_pairs(fastla_build_options());
  printf(",\"cpu\":{\"model\":");
  json_string(fastla_cpu_model());
  printf(",\"features\":[");
  char features[256];
  snprintf(features, sizeof features, "%s", fastla_cpu_feature_string());
  int first = 1;
  if (strcmp(features, "none") != 0)
    for (char *save = NULL, *tok = strtok_r(features, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save), first = 0) {
      printf("%s", first ? "" : ",");
      json_string(tok);
    }
  printf("]},\"isas\":{");
  for (size_t i = 0; i < COUNT(isas); i++) {
    unsigned s = fastla_isa_support(isas[i]);
    printf("%s\"%s\":{\"cpu\":%s,\"os\":%s,\"build\":%s,\"usable\":%s}",
           i ? "," : "", fastla_isa_name(isas[i]),
           s & FASTLA_SUPPORT_CPU ? "true" : "false",
           s & FASTLA_SUPPORT_OS ? "true" : "false",
           s & FASTLA_SUPPORT_BUILD ? "true" : "false",
           (s & 7u) == 7u && isas[i] <= fastla_get_max_isa() ? "true"
                                                             : "false");
  }
  printf("},\"backends\":{");
  for (size_t i = 0; i < COUNT(backends); i++)
    printf("%s\"%s\":%s", i ? "," : "", fastla_backend_name(backends[i]),
           fastla_backend_available(backends[i]) ? "true" : "false");
  printf("},\"backend\":\"%s\",\"isa\":\"%s\",\"max_isa\":\"%s\"",
         fastla_backend_name(fastla_get_backend()),
         fastla_isa_name(fastla_get_isa()),
         fastla_isa_name(fastla_get_max_isa()));
  printf(",\"threads\":%d,\"verbose\":\"%s\",\"thresholds\":{",
         fastla_get_num_threads(), verbose_name());
  for (size_t i = 0; i < COUNT(thresholds); i++)
    printf("%s\"%s\":%.0f", i ? "," : "", thresholds[i],
           fastla_get_threshold(thresholds[i]));
  printf("},\"gemm_blocking\":{");
  for (const char *p = "sd"; *p; p++) {
    fastla_gemm_blocks b;
    fastla_get_gemm_blocking(*p, &b);
    printf("%s\"%c\":{\"mr\":%d,\"nr\":%d,\"kc\":%d,\"mc\":%d,\"nc\":%d}",
           *p == 's' ? "" : ",", *p, b.mr, b.nr, b.kc, b.mc, b.nc);
  }
  printf("},\"kernels\":{");
  for (int i = 0; fastla_kernel_slot(i); i++) {
    printf("%s\"%s\":", i ? "," : "", fastla_kernel_slot(i));
    json_string(fastla_kernel_name(fastla_kernel_slot(i)));
  }
  printf("},\"config\":");
  json_string(fastla_config_string());
  printf("}\n");
}

int main(int argc, char **argv) {
  int as_json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) {
      as_json = 1;
    } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      printf("usage: fastla-info [--json]\n"
             "Prints libfastla's version, build options, CPU, ISA support, "
             "chosen backend\nand ISA, kernels, threads, thresholds and gemm "
             "blocking. FASTLA_BACKEND,\nFASTLA_ISA and FASTLA_NUM_THREADS "
             "apply as for any program.\n");
      return 0;
    } else {
      fprintf(stderr, "fastla-info: unknown argument '%s' (try --help)\n",
              argv[i]);
      return 2;
    }
  }
  if (as_json)
    json();
  else
    text();
  return 0;
}
