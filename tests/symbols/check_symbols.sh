#!/usr/bin/env bash
# Symbol hygiene: the dynamic symbols a library defines must be exactly the
# expected list (libfastla.so: the fastla_* API of fastla.h; the shim: the
# CBLAS and Fortran BLAS names and their error handlers). A new public
# function is added to the list on purpose; anything else leaking out (an
# internal helper, a kernel, a symbol from a static dependency) fails.
# Usage: check_symbols.sh <library.so> <expected list> <name regex>
# (every exported name must also match the regex: fastla_* or BLAS names).
# Symbols that sanitizer instrumentation adds (__asan_*, __odr_asan_*,
# __ubsan_*, __sancov_*) are ignored so the test also runs in that build.
set -euo pipefail
lib=$1
expected=$2
pattern=$3
command -v nm >/dev/null || { echo "SKIPPED: nm not found"; exit 77; }

actual=$(nm -D --defined-only "$lib" | awk '{print $NF}' |
  grep -Ev '^(__asan|__odr_asan|__ubsan|__sancov|___asan)' | sort -u)
want=$(grep -Ev '^(#|$)' "$expected" | sort -u)
if [ "$actual" != "$want" ]; then
  echo "FAILED: $(basename "$lib") exports differ from $(basename "$expected")"
  echo "(< expected only, > exported only)"
  diff <(echo "$want") <(echo "$actual") || true
  exit 1
fi
bad=$(echo "$actual" | grep -Ev "$pattern" || true)
if [ -n "$bad" ]; then
  echo "FAILED: exported names outside $pattern:"
  echo "$bad"
  exit 1
fi
echo "$(basename "$lib"): exactly the $(echo "$want" | wc -l) expected symbols:"
echo "$actual" | paste -sd' ' | fold -s -w 78 | sed 's/^/  /'
