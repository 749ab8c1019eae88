/* ml_util.c - the plumbing of the machine-learning examples: clock, core
 * count, command-line options, backend selection, and the stop on a failed
 * libfastla call (declarations in ml_data.h). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, sysconf */

#include "ml_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void ml_require(fastla_status st, const char *routine) {
  if (st == FASTLA_OK)
    return;
  fprintf(stderr, "%s: %s\n", routine, fastla_strerror(st));
  exit(EXIT_FAILURE);
}

double ml_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int ml_default_threads(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores > 2 ? (int)cores : 2;
}

int ml_has_flag(int argc, char **argv, const char *name) {
  for (int i = 1; i < argc; i++)
    if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
      return 1;
  return 0;
}

static void usage(const ml_opt *opts, size_t count, const char *about) {
  printf("%s\noptions:\n", about);
  for (size_t i = 0; i < count; i++)
    printf("  --%-10s %s %s\n", opts[i].name,
           opts[i].kind == ML_FLAG ? "     " : "VALUE", opts[i].help);
}

/* Stores text into the option; returns 0, or -1 if it is not a number of
 * the option's kind. */
static int store(const ml_opt *o, const char *text) {
  char *end = NULL;
  if (o->kind == ML_TEXT) {
    *(const char **)o->value = text;
    return 0;
  }
  if (o->kind == ML_INT)
    *(fastla_int *)o->value = strtoll(text, &end, 10);
  else
    *(double *)o->value = strtod(text, &end);
  return end != text && *end == '\0' ? 0 : -1;
}

static const ml_opt *find(const ml_opt *opts, size_t count, const char *arg) {
  if (strncmp(arg, "--", 2) != 0)
    return NULL;
  for (size_t i = 0; i < count; i++)
    if (strcmp(arg + 2, opts[i].name) == 0)
      return &opts[i];
  return NULL;
}

int ml_parse_args(int argc, char **argv, const ml_opt *opts, size_t count,
                  const char *about) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(opts, count, about);
      return 1;
    }
    const ml_opt *o = find(opts, count, argv[i]);
    if (o && o->kind == ML_FLAG) {
      *(int *)o->value = 1;
      continue;
    }
    if (!o || i + 1 >= argc || store(o, argv[i + 1]) != 0) {
      fprintf(stderr, "%s: bad option or value at '%s' (try --help)\n", argv[0],
              argv[i]);
      return 2;
    }
    i++;
  }
  return 0;
}

int ml_select_backend(const char *name) {
  static const struct {
    const char *name;
    fastla_backend backend;
  } names[] = {{"auto", FASTLA_BACKEND_AUTO},
               {"reference", FASTLA_BACKEND_REFERENCE},
               {"simd", FASTLA_BACKEND_SIMD},
               {"openmp", FASTLA_BACKEND_OPENMP}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(name, names[i].name) != 0)
      continue;
    fastla_status st = fastla_set_backend(names[i].backend);
    if (st != FASTLA_OK)
      fprintf(stderr, "backend %s: %s\n", name, fastla_strerror(st));
    return st != FASTLA_OK;
  }
  fprintf(stderr, "unknown backend '%s' (auto, reference, simd, openmp)\n",
          name);
  return 1;
}
