/* config.c - backend, ISA and thread-count selection, the environment
 * variables that set them, and the configuration summary.
 *
 * The state is three atomics plus a pointer to the active kernel table.
 * Readers (every BLAS call) only load the table pointer; writers (the
 * fastla_set_* calls, rare) serialise on a mutex so that a check and the
 * update it allows cannot interleave with another writer. */
#define _GNU_SOURCE /* sched_getaffinity */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch/cpu.h"
#include "dispatch/dispatch.h"
#include "level3/level3.h"
#include "parallel/parallel.h"
#include "trace/trace.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t set_lock = PTHREAD_MUTEX_INITIALIZER;

/* NULL until the first selection completes: every BLAS call loads it, and
 * only a NULL sends the caller through the one-time initialisation. */
static _Atomic(const fastla_kernel_table *) active_table;
static atomic_int active_backend = FASTLA_BACKEND_REFERENCE;
static atomic_int isa_cap = FASTLA_ISA_AUTO;
static atomic_int thread_request; /* 0 = default */
static int default_threads = 1;   /* set once by init */
static fastla_cpu_features cpu;   /* set once by init */
static fastla_cpu_regs regs;      /* set once by init */

/* ---- what this build and CPU can run ---------------------------------- */

/* The kernel table of each ISA, overlaid on the reference table at init:
 * index FASTLA_ISA_SCALAR is the reference table itself. */
static fastla_kernel_table tables[FASTLA_ISA_AVX512 + 1];
/* The openmp backend's tables: the same kernels with parallel set. */
static fastla_kernel_table par_tables[FASTLA_ISA_AVX512 + 1];
static fastla_kernel_names names[FASTLA_ISA_AVX512 + 1];
static fastla_isa best_built_isa = FASTLA_ISA_SCALAR;

/* Starts from the reference table and keeps each slot the ISA sets. */
static void overlay(fastla_isa isa, const fastla_kernel_table *t,
                    const fastla_kernel_names *n) {
  tables[isa] = fastla_ref_table;
  names[isa] = fastla_ref_names;
#define FASTLA_OVERLAY_SLOT(type, slot)                                        \
  if (t && t->slot) {                                                          \
    tables[isa].slot = t->slot;                                                \
    names[isa].slot = n->slot;                                                 \
  }
  FASTLA_KERNEL_SLOTS(FASTLA_OVERLAY_SLOT)
#undef FASTLA_OVERLAY_SLOT
  if (t && t->sgemm_ukr)
    tables[isa].sgemm_blocking = t->sgemm_blocking;
  if (t && t->dgemm_ukr)
    tables[isa].dgemm_blocking = t->dgemm_blocking;
}

/* Used when CPUID reports no cache levels (as blocking.c's default L3). */
enum { DEFAULT_LLC = 8 << 20 };

static void build_tables(const fastla_cpu_caches *caches) {
  size_t llc = caches->l3   ? caches->l3
               : caches->l2 ? caches->l2
                            : (size_t)DEFAULT_LLC;
  overlay(FASTLA_ISA_SCALAR, NULL, NULL);
#ifdef FASTLA_HAVE_X86_KERNELS
  overlay(FASTLA_ISA_SSE2, &fastla_sse2_table, &fastla_sse2_names);
  overlay(FASTLA_ISA_AVX2, &fastla_avx2_table, &fastla_avx2_names);
  overlay(FASTLA_ISA_AVX512, &fastla_avx512_table, &fastla_avx512_names);
  best_built_isa = FASTLA_ISA_AVX512;
#endif
  for (int isa = FASTLA_ISA_SCALAR; isa <= FASTLA_ISA_AVX512; isa++) {
    fastla_gemm_blocking_resolve(&tables[isa].sgemm_blocking, sizeof(float),
                                 caches);
    fastla_gemm_blocking_resolve(&tables[isa].dgemm_blocking, sizeof(double),
                                 caches);
    tables[isa].llc_bytes = llc;
    par_tables[isa] = tables[isa];
    par_tables[isa].parallel = 1;
  }
}

/* The best ISA both the CPU (with its OS) and this build can run. */
static fastla_isa max_isa(void) {
  fastla_isa cpu_best = fastla_cpu_best_isa(&cpu);
  return cpu_best < best_built_isa ? cpu_best : best_built_isa;
}

static int backend_available(fastla_backend b) {
  int simd = max_isa() >= FASTLA_ISA_SSE2;
#ifdef FASTLA_HAVE_OPENMP
  int openmp = simd;
#else
  int openmp = 0;
#endif
  return b == FASTLA_BACKEND_REFERENCE || (b == FASTLA_BACKEND_SIMD && simd) ||
         (b == FASTLA_BACKEND_OPENMP && openmp);
}

static int available_cores(void);

/* openmp when it can run and more than one core is there to use. */
static fastla_backend best_backend(void) {
  if (backend_available(FASTLA_BACKEND_OPENMP) && available_cores() > 1)
    return FASTLA_BACKEND_OPENMP;
  return backend_available(FASTLA_BACKEND_SIMD) ? FASTLA_BACKEND_SIMD
                                                : FASTLA_BACKEND_REFERENCE;
}

/* The ISA in use for a backend and cap: the cap, or the best runnable. */
static fastla_isa effective_isa(fastla_backend b, fastla_isa cap) {
  if (b == FASTLA_BACKEND_REFERENCE)
    return FASTLA_ISA_SCALAR;
  return cap == FASTLA_ISA_AUTO ? max_isa() : cap;
}

static const fastla_kernel_table *table_for(fastla_backend b, fastla_isa isa) {
  if (b == FASTLA_BACKEND_OPENMP)
    return &par_tables[effective_isa(b, isa)];
  return &tables[effective_isa(b, isa)];
}

/* Records a new backend/cap pair and, once initialisation has published a
 * table, publishes the matching one. Caller holds set_lock. */
static void apply(fastla_backend b, fastla_isa cap) {
  atomic_store(&active_backend, b);
  atomic_store(&isa_cap, cap);
  if (atomic_load(&active_table))
    atomic_store(&active_table, table_for(b, cap));
}

/* ---- environment ------------------------------------------------------- */

static int parse_name(const char *s, const char *const *names, int count) {
  for (int i = 0; i < count; i++)
    if (strcmp(s, names[i]) == 0)
      return i;
  return -1;
}

static const char *const backend_names[] = {"auto", "reference", "simd",
                                            "openmp"};
static const char *const isa_names[] = {"auto", "scalar", "sse2", "avx2",
                                        "avx512"};

static void env_backend(void) {
  const char *s = getenv("FASTLA_BACKEND");
  if (!s || !*s)
    return;
  int b = parse_name(s, backend_names, 4);
  if (b < 0)
    fprintf(stderr,
            "libfastla: FASTLA_BACKEND=%s is not one of auto, "
            "reference, simd, openmp; using %s\n",
            s, fastla_backend_name(best_backend()));
  else if (b != FASTLA_BACKEND_AUTO && !backend_available(b))
    fprintf(stderr,
            "libfastla: FASTLA_BACKEND=%s is not available here; "
            "using %s\n",
            s, fastla_backend_name(best_backend()));
  else if (b != FASTLA_BACKEND_AUTO)
    apply(b, atomic_load(&isa_cap));
}

static void env_isa(void) {
  const char *s = getenv("FASTLA_ISA");
  if (!s || !*s)
    return;
  int isa = parse_name(s, isa_names, 5);
  if (isa < 0)
    fprintf(stderr,
            "libfastla: FASTLA_ISA=%s is not one of auto, scalar, "
            "sse2, avx2, avx512; using %s\n",
            s, fastla_isa_name(max_isa()));
  else if (isa > (int)max_isa())
    fprintf(stderr,
            "libfastla: FASTLA_ISA=%s cannot run on this CPU or "
            "build; using %s\n",
            s, fastla_isa_name(max_isa()));
  else
    apply(atomic_load(&active_backend), isa);
}

/* Parses a positive thread count; 0 for unset, -1 for invalid. With
 * `list` set, a comma-separated list is accepted and its first entry is
 * the count, as OMP_NUM_THREADS=4,1 means 4 threads at the outer level. */
static int parse_threads(const char *name, int list) {
  const char *s = getenv(name);
  if (!s || !*s)
    return 0;
  char *end;
  long v = strtol(s, &end, 10);
  int rest_ok = *end == '\0' || (list && *end == ',' && end[1] != '\0');
  if (!rest_ok || v < 1 || v > 4096) {
    fprintf(stderr, "libfastla: %s=%s is not a thread count; ignored\n", name,
            s);
    return -1;
  }
  return (int)v;
}

static int available_cores(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
  return 1;
}

static void env_threads(void) {
  int n = parse_threads("FASTLA_NUM_THREADS", 0);
  if (n <= 0)
    n = parse_threads("OMP_NUM_THREADS", 1);
  default_threads = n > 0 ? n : available_cores();
}

static fastla_isa current_isa(void) {
  return effective_isa(atomic_load(&active_backend), atomic_load(&isa_cap));
}

static int current_threads(void) {
  int n = atomic_load(&thread_request);
  return n > 0 ? n : default_threads;
}

/* The CPU's usable features as a comma-separated list. */
static const char *cpu_features(char *buf, size_t size) {
  const fastla_cpu_features *f = &cpu;
  const struct {
    bool on;
    const char *name;
  } list[] = {{f->sse2, "sse2"},         {f->avx, "avx"},
              {f->avx2, "avx2"},         {f->fma, "fma"},
              {f->avx512f, "avx512f"},   {f->avx512vl, "avx512vl"},
              {f->avx512dq, "avx512dq"}, {f->avx512bw, "avx512bw"}};
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
    if (list[i].on && used < size)
      used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? "," : "",
                               list[i].name);
  return used ? buf : "none detected";
}

/* Writes the one-line summary; usable before initialisation completes. */
static const char *format_config(char *buf, size_t size) {
  char features[96];
  snprintf(buf, size,
           "libfastla %s; cpu features: %s; backend: %s; isa: %s "
           "(best available: %s); threads: %d",
           fastla_version(), cpu_features(features, sizeof features),
           fastla_backend_name(atomic_load(&active_backend)),
           fastla_isa_name(current_isa()), fastla_isa_name(max_isa()),
           current_threads());
  return buf;
}

static void init(void) {
#ifdef FASTLA_HAVE_OPENMP
  fastla_par_init();
#endif
  fastla_cpu_read(&regs);
  cpu = fastla_cpu_decode(&regs);
  fastla_cpu_caches caches = fastla_cpu_decode_caches(&regs);
  build_tables(&caches);
  pthread_mutex_lock(&set_lock);
  apply(best_backend(), FASTLA_ISA_AUTO);
  env_threads();
  env_isa();
  env_backend();
  /* Published last, so no call runs with a choice the environment is
   * about to override. */
  atomic_store(&active_table,
               table_for(atomic_load(&active_backend), atomic_load(&isa_cap)));
  pthread_mutex_unlock(&set_lock);
  char line[256];
  fastla_trace_announce(format_config(line, sizeof line));
}

static void ensure_init(void) {
  pthread_once(&init_once, init);
}

/* ---- public calls ------------------------------------------------------ */

const fastla_kernel_table *fastla_kernels(void) {
  const fastla_kernel_table *t =
      atomic_load_explicit(&active_table, memory_order_acquire);
  if (t)
    return t;
  ensure_init();
  return atomic_load_explicit(&active_table, memory_order_acquire);
}

fastla_status fastla_set_backend(fastla_backend backend) {
  ensure_init();
  if (backend < FASTLA_BACKEND_AUTO || backend > FASTLA_BACKEND_OPENMP)
    return FASTLA_ERR_INVALID_VALUE;
  if (backend == FASTLA_BACKEND_AUTO)
    backend = best_backend();
  if (!backend_available(backend))
    return FASTLA_ERR_UNAVAILABLE;
  pthread_mutex_lock(&set_lock);
  apply(backend, atomic_load(&isa_cap));
  pthread_mutex_unlock(&set_lock);
  return FASTLA_OK;
}

int fastla_backend_available(fastla_backend backend) {
  ensure_init();
  return backend == FASTLA_BACKEND_AUTO || backend_available(backend);
}

const fastla_cpu_regs *fastla_cpu_registers(void) {
  ensure_init();
  return &regs;
}

fastla_backend fastla_get_backend(void) {
  ensure_init();
  return atomic_load(&active_backend);
}

fastla_status fastla_set_isa(fastla_isa isa) {
  ensure_init();
  if (isa < FASTLA_ISA_AUTO || isa > FASTLA_ISA_AVX512)
    return FASTLA_ERR_INVALID_VALUE;
  if (isa > max_isa())
    return FASTLA_ERR_UNAVAILABLE;
  pthread_mutex_lock(&set_lock);
  apply(atomic_load(&active_backend), isa);
  pthread_mutex_unlock(&set_lock);
  return FASTLA_OK;
}

fastla_isa fastla_get_isa(void) {
  ensure_init();
  return current_isa();
}

fastla_isa fastla_get_max_isa(void) {
  ensure_init();
  return max_isa();
}

fastla_status fastla_set_num_threads(int n) {
  ensure_init();
  if (n < 0)
    return FASTLA_ERR_INVALID_VALUE;
  atomic_store(&thread_request, n);
  return FASTLA_OK;
}

int fastla_get_num_threads(void) {
  ensure_init();
  return current_threads();
}

int fastla_thread_count(void) {
  return current_threads();
}

/* Slot names in table order, from the one slot list. */
static const char *const slot_names[] = {
#define FASTLA_SLOT_STRING(type, slot) #slot,
    FASTLA_KERNEL_SLOTS(FASTLA_SLOT_STRING)
#undef FASTLA_SLOT_STRING
};
enum { SLOT_COUNT = sizeof slot_names / sizeof slot_names[0] };

const char *fastla_kernel_slot(int index) {
  return index >= 0 && index < SLOT_COUNT ? slot_names[index] : NULL;
}

const char *fastla_kernel_name(const char *slot) {
  ensure_init();
  if (!slot)
    return NULL;
  const fastla_kernel_names *n = &names[effective_isa(
      atomic_load(&active_backend), atomic_load(&isa_cap))];
#define FASTLA_SLOT_LOOKUP(type, s)                                            \
  if (strcmp(slot, #s) == 0)                                                   \
    return n->s ? n->s : "none";
  FASTLA_KERNEL_SLOTS(FASTLA_SLOT_LOOKUP)
#undef FASTLA_SLOT_LOOKUP
  return NULL;
}

const char *fastla_backend_name(fastla_backend backend) {
  if (backend < FASTLA_BACKEND_AUTO || backend > FASTLA_BACKEND_OPENMP)
    return "unknown";
  return backend_names[backend];
}

const char *fastla_isa_name(fastla_isa isa) {
  if (isa < FASTLA_ISA_AUTO || isa > FASTLA_ISA_AVX512)
    return "unknown";
  return isa_names[isa];
}

const char *fastla_config_string(void) {
  static _Thread_local char buf[256];
  ensure_init();
  return format_config(buf, sizeof buf);
}
