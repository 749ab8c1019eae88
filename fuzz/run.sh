#!/usr/bin/env bash
# Builds fuzz/fuzz_blas with clang - the library and shim under
# AddressSanitizer + UndefinedBehaviorSanitizer with libFuzzer coverage - and
# fuzzes for a bounded time: three quarters with normal allocation, one
# quarter with every workspace allocation failing (FASTLA_TEST_ALLOC_FAIL=1).
# Starts from the committed seeds in fuzz/corpus/; new inputs collect in
# <build>/corpus. Exits non-zero when the fuzzer finds a failure (the input is
# saved as <build>/crash-*; replay it with <build>/bin/fuzz_blas <file>).
#
#   FUZZ_SECONDS  total fuzzing time (default 120, what CI runs)
#   FUZZ_JOBS     parallel fuzzing processes (default 1)
#   FUZZ_BUILD    build directory (default build/fuzz)
#
# Long runs: FUZZ_SECONDS=14400 FUZZ_JOBS=$(nproc) bash fuzz/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-120}
jobs=${FUZZ_JOBS:-1}
build=${FUZZ_BUILD:-build/fuzz}

CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFASTLA_SANITIZE=ON -DFASTLA_BUILD_FUZZ=ON \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link \
  -DFASTLA_BUILD_TESTS=OFF -DFASTLA_BUILD_BENCH=OFF \
  -DFASTLA_BUILD_EXAMPLES=OFF -DFASTLA_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_blas >/dev/null
mkdir -p "$build/corpus"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# Two threads at most for the openmp configurations, whatever the machine.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

root=$(pwd)
build=$(cd "$build" && pwd)
total=0
session() { # <label> <seconds> [env...]
  local label=$1 secs=$2 log="$build/fuzz-$1.log"
  shift 2
  echo "== fuzz_blas ($label): ${secs}s, $jobs job(s)"
  rm -f "$build"/fuzz-[0-9]*.log
  local rc=0
  # From the build directory: with -jobs libFuzzer writes fuzz-<n>.log there.
  (cd "$build" && env "$@" ./bin/fuzz_blas -max_total_time="$secs" \
    -max_len=64 -len_control=0 -timeout=60 -rss_limit_mb=4096 \
    -print_final_stats=1 -jobs="$jobs" -workers="$jobs" \
    -artifact_prefix="$build/" corpus "$root/fuzz/corpus") >"$log" 2>&1 ||
    rc=$?
  local logs=("$log")
  if ((jobs > 1)); then logs+=("$build"/fuzz-[0-9]*.log); fi
  local execs
  execs=$(cat "${logs[@]}" | grep 'stat::number_of_executed_units' |
    awk '{s += $2} END {print s + 0}')
  total=$((total + execs))
  cat "${logs[@]}" | grep -m1 'fuzz_blas: reference against' || true
  echo "   executions: $execs, corpus: $(ls "$build/corpus" | wc -l) inputs"
  if ((rc != 0)); then
    cat "${logs[@]}" | grep -A3 'BUG in\|ERROR: AddressSanitizer\|runtime error' |
      head -20 || true
    echo "fuzz_blas ($label) FAILED: see $log and $build/crash-*"
    exit "$rc"
  fi
}

session normal $((seconds * 3 / 4))
session alloc-fail $((seconds - seconds * 3 / 4)) FASTLA_TEST_ALLOC_FAIL=1
echo "== fuzz_blas: $total executions in ${seconds}s, no failure"
