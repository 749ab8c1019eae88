#!/usr/bin/env bash
# pdgemm with libfastla as the local BLAS against the same program with
# another BLAS preloaded (Debian's OpenBLAS by default), in turns, one
# thread per rank. Prints each run, then the best of each and the ratio.
#
#   bash examples/distributed/compare.sh [build-dir [n [nb [rounds [ranks]]]]]
#
# Defaults: build, 4096, 128, 3, 2. OTHER_BLAS names the library to
# compare with.
set -euo pipefail
build=${1:-build} n=${2:-4096} nb=${3:-128} rounds=${4:-3} ranks=${5:-2}
other=${OTHER_BLAS:-/usr/lib/x86_64-linux-gnu/libopenblas.so.0}
example=$build/bin/example_pdgemm
[ -x "$example" ] || { echo "no $example: build with MPI and ScaLAPACK first" >&2; exit 1; }
root=()
[ "$(id -u)" = 0 ] && root=(--allow-run-as-root)

run() { # run <label> [mpirun options...]: prints the GFLOP/s total
  local label=$1 line
  shift
  line=$(mpirun -np "$ranks" "${root[@]}" -x FASTLA_NUM_THREADS=1 \
    -x OMP_NUM_THREADS=1 -x OPENBLAS_NUM_THREADS=1 "$@" \
    "$example" "$n" "$nb" 3 | grep -E '^(pdgemm|best|check)')
  echo "$line" | sed "s/^/  $label: /" >&2
  echo "$line" | grep -q PASSED || { echo "$label: check failed" >&2; exit 1; }
  echo "$line" | sed -n 's/.* s, \([0-9.]*\) GFLOP\/s total.*/\1/p'
}

best_f=0 best_o=0
for _ in $(seq "$rounds"); do
  f=$(run libfastla)
  o=$(run other -x LD_PRELOAD="$other")
  best_f=$(echo "$f $best_f" | awk '{print ($1 > $2) ? $1 : $2}')
  best_o=$(echo "$o $best_o" | awk '{print ($1 > $2) ? $1 : $2}')
done
echo "pdgemm n=$n nb=$nb, $ranks ranks x 1 thread, best of $rounds rounds (GFLOP/s total):"
echo "  libfastla $best_f, $(basename "$other") $best_o, ratio $(echo "$best_f $best_o" | awk '{printf "%.2f", $1 / $2}')"
