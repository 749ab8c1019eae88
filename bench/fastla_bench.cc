// fastla_bench.cc - Google Benchmark runs of every routine x precision x
// libfastla backend (reference; simd for each ISA this CPU runs; openmp
// when built), plus the naive C loops as the baseline, from L1-resident to
// DRAM-resident sizes and the gemm shapes LAPACK-style callers use.
//
// Which backends and ISAs exist is asked of the library at run time, never
// assumed at compile time. Every configuration is checked once against the
// reference backend before it is timed; a wrong result is reported as an
// error and makes the exit status 1.
//
//   fastla_bench                              the whole sweep
//   fastla_bench --smoke                      tiny sizes, short runs (CI)
//   fastla_bench --benchmark_filter=gemm/d    any Google Benchmark flag
//   fastla_bench --benchmark_filter=gemm_     the four gemm transposes
//   fastla_bench --benchmark_out=r.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include "peak.h"
#include "problem.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Shape {
  int64_t m, n, k;
};

// One implementation: the naive loops or a libfastla backend.
struct Impl {
  std::string name;
  bool naive;
  fastla_backend backend;
  fastla_isa isa;
  int threads;
};

struct Case {
  Case(bench_routine r, int d, Shape s, Impl i, int ta = 0, int tb = 0)
      : routine(r), dbl(d), shape(s), impl(std::move(i)), trans_a(ta),
        trans_b(tb) {}
  bench_routine routine;
  int dbl;
  Shape shape;
  Impl impl;
  int trans_a, trans_b; // gemm: op(A) = A^T, op(B) = B^T
  bool checked = false;
  std::string error; // empty when the check passed
};

int g_wrong = 0;

// The operands of one configuration stay alive while its implementations
// run one after another (they are registered innermost), so a 128 MiB
// vector is filled and checked once, not once per backend.
struct Current {
  bench_problem p{};
  bool live = false;
  bench_routine routine{};
  int dbl = -1;
  Shape shape{};
  int trans_a = 0, trans_b = 0;
} g_current;

bench_problem *problem_for(const Case &c) {
  Current &cur = g_current;
  if (cur.live && cur.routine == c.routine && cur.dbl == c.dbl &&
      cur.shape.m == c.shape.m && cur.shape.n == c.shape.n &&
      cur.shape.k == c.shape.k && cur.trans_a == c.trans_a &&
      cur.trans_b == c.trans_b)
    return &cur.p;
  if (cur.live)
    bench_problem_free(&cur.p);
  cur.live = false;
  int init = c.routine == BENCH_GEMM
                 ? bench_problem_init_gemm(&cur.p, c.dbl, c.shape.m, c.shape.n,
                                           c.shape.k, c.trans_a, c.trans_b, 42)
                 : bench_problem_init(&cur.p, c.routine, c.dbl, c.shape.m,
                                      c.shape.n, c.shape.k, 42);
  if (init != 0)
    return nullptr;
  if (bench_problem_prepare_check(&cur.p) != 0) {
    bench_problem_free(&cur.p);
    return nullptr;
  }
  cur.live = true;
  cur.routine = c.routine;
  cur.dbl = c.dbl;
  cur.shape = c.shape;
  cur.trans_a = c.trans_a;
  cur.trans_b = c.trans_b;
  return &cur.p;
}

int call(const Impl &impl, bench_problem *p) {
  if (impl.naive) {
    bench_run_naive(p);
    return 0;
  }
  return bench_run_fastla(p);
}

// One call from the initial state compared with the reference backend.
void check_once(Case &c, bench_problem *p) {
  c.checked = true;
  if (!c.impl.naive && c.impl.backend == FASTLA_BACKEND_REFERENCE)
    return; // it computed the expected result itself
  bench_problem_reset(p);
  int status = call(c.impl, p);
  double worst = 0.0;
  if (status != 0 || !bench_problem_check(p, &worst)) {
    char msg[128];
    std::snprintf(msg, sizeof msg,
                  "WRONG result (status %d, error %.3g x "
                  "tolerance)",
                  status, worst);
    c.error = msg;
    g_wrong++;
  }
  bench_problem_reset(p);
}

void run_case(benchmark::State &state, Case *c) {
  bench_problem *p = problem_for(*c);
  if (p == nullptr) {
    state.SkipWithError("out of memory");
    return;
  }
  if (!c->impl.naive)
    bench_select_backend(c->impl.backend, c->impl.isa, c->impl.threads);
  if (!c->checked)
    check_once(*c, p);
  if (!c->error.empty()) {
    state.SkipWithError(c->error.c_str());
    return;
  }
  call(c->impl, p); // warm-up: caches, page mappings, thread pool
  for (auto _ : state)
    call(c->impl, p);
  benchmark::DoNotOptimize(bench_sink);
  // Per second, shown with SI prefixes: "flops=57.1G/s bytes=12.3G/s".
  // The JSON holds the plain per-second values.
  const auto rate = benchmark::Counter::kIsIterationInvariantRate;
  const auto si = benchmark::Counter::kIs1000;
  state.counters["flops"] = benchmark::Counter(bench_flops(p), rate, si);
  state.counters["bytes"] = benchmark::Counter(bench_bytes(p), rate, si);
}

// ---- what to register ----------------------------------------------------

std::vector<Impl> find_impls() {
  std::vector<Impl> impls;
  impls.push_back({"naive", true, FASTLA_BACKEND_AUTO, FASTLA_ISA_AUTO, 1});
  impls.push_back(
      {"reference", false, FASTLA_BACKEND_REFERENCE, FASTLA_ISA_SCALAR, 1});
  if (fastla_set_backend(FASTLA_BACKEND_SIMD) == FASTLA_OK) {
    // A cap the build cannot honour exactly runs a lower ISA: list each
    // ISA that actually runs once.
    std::vector<fastla_isa> seen;
    for (int i = FASTLA_ISA_SSE2; i <= FASTLA_ISA_AVX512; i++) {
      if (fastla_set_isa(static_cast<fastla_isa>(i)) != FASTLA_OK)
        continue;
      fastla_isa got = fastla_get_isa();
      if (std::find(seen.begin(), seen.end(), got) != seen.end())
        continue;
      seen.push_back(got);
      impls.push_back({std::string("simd:") + fastla_isa_name(got), false,
                       FASTLA_BACKEND_SIMD, got, 1});
    }
    fastla_set_isa(FASTLA_ISA_AUTO);
  }
  if (fastla_set_backend(FASTLA_BACKEND_OPENMP) == FASTLA_OK) {
    fastla_set_num_threads(0);
    int t = fastla_get_num_threads();
    impls.push_back({"openmp:" + std::to_string(t) + "t", false,
                     FASTLA_BACKEND_OPENMP, FASTLA_ISA_AUTO, t});
  }
  fastla_set_backend(FASTLA_BACKEND_AUTO);
  return impls;
}

// L1 (32 KiB) -> L2 (1 MiB) -> L3 (32 MiB) -> DRAM on the development
// machine; the tiny set is for CI.
std::vector<Shape> sizes_for(bench_routine r, bool smoke) {
  if (r == BENCH_GEMM) {
    if (smoke)
      return {{48, 48, 48}, {17, 13, 11}};
    return {{32, 32, 32},       {64, 64, 64},     {128, 128, 128},
            {256, 256, 256},    {512, 512, 512},  {1024, 1024, 1024},
            {2048, 2048, 2048}, {2048, 2048, 64}, // rank-64 update
            {2048, 64, 2048},                     // tall-skinny C
            {64, 2048, 2048}};                    // short-wide C
  }
  if (bench_routine_is_gemv(r)) { // gemvt: the same A, read across
    if (smoke)
      return {{67, 61, 0}};
    return {{64, 64, 0}, {256, 256, 0}, {1024, 1024, 0}, {4096, 4096, 0}};
  }
  if (smoke)
    return {{1, 1001, 1}};
  std::vector<Shape> v;
  for (int64_t n = 1 << 10; n <= (1 << 24); n <<= 2)
    v.push_back({1, n, 1});
  return v;
}

std::string label(bench_routine r, const Shape &s) {
  if (r == BENCH_GEMM)
    return std::to_string(s.m) + "x" + std::to_string(s.n) + "x" +
           std::to_string(s.k);
  if (bench_routine_is_gemv(r))
    return std::to_string(s.m) + "x" + std::to_string(s.n);
  return std::to_string(s.n);
}

// The i-j-k gemm (and the reference backend's gemm, the same dot-product
// loop) needs seconds per call beyond 1024^3 and most of a minute at
// 2048^3: such sizes are not timed for them (the reference backend still
// computes the expected result of every configuration).
bool too_slow(const Impl &impl, bench_routine r, const Shape &s) {
  bool slow_impl = impl.naive || impl.backend == FASTLA_BACKEND_REFERENCE;
  return slow_impl && r == BENCH_GEMM && 2.0 * s.m * s.n * s.k > 2.2e9;
}

void add_case(bool smoke, std::vector<std::unique_ptr<Case>> &cases,
              const Case &proto, const std::string &name) {
  cases.emplace_back(new Case(proto));
  Case *c = cases.back().get();
  auto *b = benchmark::RegisterBenchmark(
      name.c_str(), [c](benchmark::State &st) { run_case(st, c); });
  // Wall-clock time: CPU time would count every OpenMP thread.
  b->UseRealTime()->Unit(benchmark::kMicrosecond);
  if (smoke)
    b->MinTime(0.01);
}

// gemm in all four transpose combinations at one size, for each simd ISA:
// "gemm_TN/d/simd:avx512/1024x1024x1024" (op(A) = A^T, op(B) = B). The
// combination sits in the routine part of the name so that filters and
// plot.py, which key on routine/prec/impl/size, never mix these with the
// NN sweep above; NN is repeated here so the four sit side by side.
void register_transposes(bool smoke, int dbl, const std::vector<Impl> &impls,
                         std::vector<std::unique_ptr<Case>> &cases) {
  const int64_t n = smoke ? 48 : 1024;
  const Shape s{n, n, n};
  for (int t = 0; t < 4; t++)
    for (const Impl &impl : impls) {
      if (impl.naive || impl.backend != FASTLA_BACKEND_SIMD)
        continue;
      add_case(smoke, cases, Case(BENCH_GEMM, dbl, s, impl, t >> 1, t & 1),
               std::string("gemm_") + bench_trans_name(t >> 1, t & 1) + "/" +
                   (dbl ? "d" : "s") + "/" + impl.name + "/" +
                   label(BENCH_GEMM, s));
    }
}

void register_all(bool smoke, std::vector<std::unique_ptr<Case>> &cases) {
  const std::vector<Impl> impls = find_impls();
  for (int r = 0; r < BENCH_ROUTINE_COUNT; r++)
    for (int dbl = 0; dbl < 2; dbl++) {
      auto routine = static_cast<bench_routine>(r);
      for (const Shape &s : sizes_for(routine, smoke))
        for (const Impl &impl : impls) {
          if (too_slow(impl, routine, s))
            continue;
          add_case(smoke, cases, Case(routine, dbl, s, impl),
                   std::string(bench_routine_name(routine)) + "/" +
                       (dbl ? "d" : "s") + "/" + impl.name + "/" +
                       label(routine, s));
        }
      if (routine == BENCH_GEMM)
        register_transposes(smoke, dbl, impls, cases);
    }
}

// The measured limits go into the JSON context so plot.py can draw them.
void add_machine_context(bool smoke) {
  for (int dbl = 0; dbl < 2; dbl++) {
    bench_fma_peak pk = bench_peak_fma(dbl, 1, smoke ? 0.01 : 0.05);
    benchmark::AddCustomContext(dbl ? "peak_gflops_1t_d" : "peak_gflops_1t_s",
                                std::to_string(pk.gflops));
    if (dbl)
      benchmark::AddCustomContext("fma_width", pk.width);
  }
  if (!smoke) {
    benchmark::AddCustomContext("read_gbs_1t",
                                std::to_string(bench_peak_read_gbs(1)));
    benchmark::AddCustomContext("update_gbs_1t",
                                std::to_string(bench_peak_update_gbs(1)));
  }
  benchmark::AddCustomContext("fastla", fastla_config_string());
}

// Removes our own flags from argv before Google Benchmark sees it.
bool take_flag(int *argc, char **argv, const char *flag) {
  for (int i = 1; i < *argc; i++)
    if (std::strcmp(argv[i], flag) == 0) {
      for (int j = i; j + 1 < *argc; j++)
        argv[j] = argv[j + 1];
      --*argc;
      return true;
    }
  return false;
}

} // namespace

int main(int argc, char **argv) {
  bool smoke = take_flag(&argc, argv, "--smoke");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 2;
  std::vector<std::unique_ptr<Case>> cases;
  add_machine_context(smoke);
  register_all(smoke, cases);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (g_current.live)
    bench_problem_free(&g_current.p);
  if (g_wrong)
    std::fprintf(stderr, "fastla_bench: %d WRONG result(s)\n", g_wrong);
  return g_wrong ? 1 : 0;
}
