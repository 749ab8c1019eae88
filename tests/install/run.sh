#!/usr/bin/env bash
# Installs a libfastla build into a temporary prefix, moves the installed
# tree elsewhere (everything must be relocatable), and builds and runs
# small consumers against it:
#   find_package(fastla): fastla::fastla, fastla::fastla_static, fastla::cblas
#   pkg-config: fastla (shared, and static with Libs.private), fastla-cblas
# plus the installed fastla-info. Usage:
#   run.sh <build dir> [extra C flags for the consumers, e.g. sanitizers]
# Exit status 0 pass, 1 fail, 77 skip (a tool is missing).
set -euo pipefail
build=$(cd "$1" && pwd)
extra=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}

for tool in cmake pkg-config "$cc"; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool not found"; exit 77; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fastla-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

step() { echo "== $*"; }

step "cmake --install into a prefix, then move the tree"
cmake --install "$build" --prefix "$tmp/staged" >/dev/null
mv "$tmp/staged" "$tmp/moved"
prefix=$tmp/moved
(cd "$prefix" && find . -type f -o -type l | sort | sed 's/^/  /')

step "installed fastla-info"
"$prefix/bin/fastla-info" | head -n 1
"$prefix/bin/fastla-info" --json >/dev/null

step "find_package consumer"
cmake -S "$here/consumer" -B "$tmp/cmake-consumer" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$extra" \
  -DCMAKE_EXE_LINKER_FLAGS="$extra" | grep "found fastla"
cmake --build "$tmp/cmake-consumer" >/dev/null
for exe in use_shared use_static use_cblas; do
  "$tmp/cmake-consumer/$exe"
done

step "pkg-config consumers"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
for pc in fastla fastla-cblas; do
  echo "  $pc $(pkg-config --modversion $pc): $(pkg-config --cflags --libs $pc)"
done
out=$tmp/pkg
mkdir -p "$out"
# shellcheck disable=SC2046,SC2086 # pkg-config output and $extra are lists
$cc $extra "$here/consumer.c" $(pkg-config --cflags --libs fastla) \
  -o "$out/use_shared"
# shellcheck disable=SC2046,SC2086
$cc $extra "$here/consumer_cblas.c" $(pkg-config --cflags --libs fastla-cblas) \
  -o "$out/use_cblas"
# Static: libfastla.a plus what Libs.private says it needs.
# shellcheck disable=SC2046,SC2086
$cc $extra "$here/consumer.c" $(pkg-config --cflags fastla) \
  $(pkg-config --libs-only-L fastla) -Wl,-Bstatic -lfastla -Wl,-Bdynamic \
  $(pkg-config --static --libs-only-other fastla) \
  $(pkg-config --static --libs-only-l fastla | sed 's/-lfastla\b//') \
  -o "$out/use_static"
LD_LIBRARY_PATH=$prefix/lib "$out/use_shared"
LD_LIBRARY_PATH=$prefix/lib "$out/use_cblas"
"$out/use_static"
# The static programs must not need libfastla.so at all.
for exe in "$tmp/cmake-consumer/use_static" "$out/use_static"; do
  if ldd "$exe" | grep -q 'libfastla\.so'; then
    echo "FAILED: $exe depends on libfastla.so"
    exit 1
  fi
done

echo "install: find_package and pkg-config consumers built and ran against" \
  "a relocated install"
