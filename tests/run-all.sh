#!/usr/bin/env bash
# Installs what is missing (Debian 12), builds libfastla with warnings as
# errors, and runs the whole test suite three times: a Release build, a
# portable build without SIMD kernels (what non-x86 targets get), and a
# build under AddressSanitizer + UndefinedBehaviorSanitizer. The Release
# run includes a fuzzing session of about two minutes (fuzz/run.sh, clang).
# Ends with ctest's summary line; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/apt-install.sh build-essential cmake pkg-config python3 \
  libcmocka-dev libbenchmark-dev libblas-test libopenblas-dev libblis-dev \
  python3-numpy liblapack3 libblas3 clang libclang-rt-14-dev \
  openmpi-bin libopenmpi-dev libscalapack-openmpi-dev scalapack-mpi-test

jobs=$(nproc)
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DFASTLA_WERROR=ON \
  -DFASTLA_FUZZ_IN_CTEST=ON
cmake --build build/release -j "$jobs"
cmake -S . -B build/portable -DCMAKE_BUILD_TYPE=Release -DFASTLA_WERROR=ON \
  -DFASTLA_ENABLE_SIMD=OFF -DFASTLA_BUILD_BENCH=OFF
cmake --build build/portable -j "$jobs"
cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DFASTLA_WERROR=ON \
  -DFASTLA_SANITIZE=ON -DFASTLA_BUILD_BENCH=OFF
cmake --build build/sanitize -j "$jobs"

echo "== tests: Release build"
ctest --test-dir build/release --output-on-failure -j "$jobs"
echo "== tests: portable build (reference kernels only)"
ctest --test-dir build/portable --output-on-failure -j "$jobs"
echo "== tests: AddressSanitizer + UndefinedBehaviorSanitizer build"
ctest --test-dir build/sanitize --output-on-failure -j "$jobs"
