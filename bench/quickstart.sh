#!/usr/bin/env bash
# The main job: installs what is missing (Debian 12), builds libfastla and
# its benchmarks, and prints the backend comparison table - naive loops,
# every libfastla backend, OpenBLAS and BLIS - in about a minute.
# Extra arguments go to fastla-compare (e.g. --full, --ladder, --threads 2).
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/apt-install.sh build-essential cmake pkg-config python3 \
  libcmocka-dev libbenchmark-dev libopenblas-dev libblis-dev

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)" >/dev/null
if (($# == 0)); then
  set -- --quick
fi
exec build/release/bin/fastla-compare "$@"
