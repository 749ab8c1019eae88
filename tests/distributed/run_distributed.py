#!/usr/bin/env python3
"""libfastla as the node-local BLAS under ScaLAPACK, on 2 MPI ranks.

  pdgemm  runs examples/distributed/pdgemm.c (mpirun -np 2): its own check
          of C = A B must pass, and dgemm_ must have resolved to
          libfastla_cblas.
  pblas   runs Debian's PBLAS tester dpb3tst (scalapack-mpi-test) on a 1 x 2
          and a 2 x 1 grid, PDGEMM only, with libfastla_cblas.so preloaded:
          every PDGEMM test must pass and none fail.

Both run with FASTLA_VERBOSE=1 and one thread per rank, and each rank's
stderr (mpirun --output-filename) must hold libfastla's trace of dgemm
calls on the configuration's backend and ISA, all with status=ok: the
proof that every rank's local products went through libfastla.
Exit status: 0 pass, 1 fail, 77 skip (with one line saying why).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "conformance"))
from run_testers import (SKIP, check_config, config_environment,  # noqa: E402
                         sanitizer_runtimes)

RANKS = 2
PBLAS_DIR = "/usr/lib/x86_64-linux-gnu/scalapack/openmpi-tests/PBLAS"
PBLAS_DATA = "/usr/share/scalapack/PBLAS/PDBLAS3TST.dat"
TRACE = re.compile(r"^libfastla: dgemm\(.*\) backend=(\S+) isa=(\S+) .*"
                   r"status=(\S+)$", re.M)


def pblas_input():
    """Debian's PDBLAS3TST.dat with two grids (1 x 2, 2 x 1), PDGEMM only,
    results on stdout."""
    with open(PBLAS_DATA) as f:
        lines = f.read().splitlines()
    out = []
    for line in lines:
        note = line.split(maxsplit=1)[-1] if line.strip() else ""
        if "output file name" in line:
            line = "''\t\toutput file name (if any)"
        elif "number of process grids" in note:
            line = "2\t\tnumber of process grids (ordered pairs of P & Q)"
        elif note.endswith("values of P"):
            line = "1 2\t\tvalues of P"
        elif note.endswith("values of Q"):
            line = "2 1\t\tvalues of Q"
        elif re.match(r"PD[A-Z0-9]+\s+T", line) and not line.startswith(
                "PDGEMM"):
            line = line.replace(" T", " F", 1)
        out.append(line)
    return "\n".join(out) + "\n"


def mpirun(args, env, workdir, extra_env):
    """Runs args on RANKS ranks; returns (status, stdout, [rank stderr])."""
    cmd = ["mpirun", "-np", str(RANKS), "--oversubscribe",
           "--output-filename", os.path.join(workdir, "out")]
    if os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    for name, value in extra_env.items():
        cmd += ["-x", "%s=%s" % (name, value)]
    proc = subprocess.run(cmd + args, env=env, cwd=workdir, timeout=300,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    ranks = []
    for r in range(RANKS):
        path = os.path.join(workdir, "out", "1", "rank.%d" % r, "stderr")
        ranks.append(open(path).read() if os.path.exists(path) else "")
    return proc.returncode, proc.stdout, ranks


def judge_traces(ranks, config_env):
    """Problems with the ranks' dgemm traces (none, or another backend)."""
    want_backend = config_env.get("FASTLA_BACKEND")
    want_isa = config_env.get("FASTLA_ISA")
    problems = []
    for r, text in enumerate(ranks):
        calls = TRACE.findall(text)
        if not calls:
            problems.append("rank %d: no dgemm call went through libfastla"
                            % r)
        for backend, isa, status in calls:
            if status != "ok" or backend != want_backend or (
                    want_isa and isa != want_isa):
                problems.append("rank %d: dgemm ran as backend=%s isa=%s "
                                "status=%s" % (r, backend, isa, status))
                break
        print("rank %d: %d dgemm calls through libfastla" % (r, len(calls)))
    return problems


def run_pdgemm(args, env, workdir, extra_env):
    code, out, ranks = mpirun([args.example, "384", "32", "1"], env, workdir,
                              extra_env)
    print(out.strip())
    problems = [] if code == 0 else ["example_pdgemm exited with %d" % code]
    if not re.search(r"^check: .*: PASSED$", out, re.M):
        problems.append("the example's own check did not pass")
    if not re.search(r"local dgemm_ from \S*libfastla_cblas", out):
        problems.append("dgemm_ did not resolve to libfastla_cblas")
    return problems + judge_traces(ranks, extra_env)


def run_pblas(args, env, workdir, extra_env):
    tester = os.path.join(PBLAS_DIR, "dpb3tst")
    with open(os.path.join(workdir, "PDBLAS3TST.dat"), "w") as f:
        f.write(pblas_input())
    shim = os.path.abspath(args.shim)
    extra_env = dict(extra_env, LD_PRELOAD=" ".join(
        sanitizer_runtimes(shim) + [shim]))
    code, out, ranks = mpirun([tester], env, workdir, extra_env)
    row = re.search(r"\|\s+PDGEMM\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", out)
    problems = [] if code == 0 else ["dpb3tst exited with %d" % code]
    if not row:
        problems.append("no PDGEMM line in the tester's summary:\n"
                        + out[-3000:])
    else:
        total, passed, failed, skipped = map(int, row.groups())
        print("dpb3tst PDGEMM: %d tests, %d passed, %d failed, %d skipped"
              % (total, passed, failed, skipped))
        if total == 0 or passed != total or failed:
            problems.append("PDGEMM tests did not all pass")
    return problems + judge_traces(ranks, extra_env)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["pdgemm", "pblas"])
    ap.add_argument("--config", required=True)
    ap.add_argument("--probe", required=True, help="fastla_config_probe")
    ap.add_argument("--shim", required=True, help="libfastla_cblas.so")
    ap.add_argument("--example", help="example_pdgemm")
    ap.add_argument("--missing", help="why the example was not built")
    args = ap.parse_args()

    if not shutil.which("mpirun"):
        print("SKIPPED: mpirun not found (Debian: openmpi-bin)")
        return SKIP
    if args.mode == "pdgemm" and not args.example:
        print("SKIPPED: example_pdgemm not built: %s" % args.missing)
        return SKIP
    if args.mode == "pblas" and not os.path.exists(
            os.path.join(PBLAS_DIR, "dpb3tst")):
        print("SKIPPED: no %s/dpb3tst (Debian: scalapack-mpi-test)"
              % PBLAS_DIR)
        return SKIP

    config_env = config_environment(args.config)
    env = dict(os.environ, **config_env)
    check_config(args, env)
    extra_env = dict(config_env, FASTLA_VERBOSE="1", FASTLA_NUM_THREADS="1",
                     OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                     # Open MPI's own allocations outlive MPI_Finalize
                     ASAN_OPTIONS="detect_leaks=0")
    with tempfile.TemporaryDirectory(prefix="fastla-distributed-") as workdir:
        run = run_pdgemm if args.mode == "pdgemm" else run_pblas
        problems = run(args, env, workdir, extra_env)
    if problems:
        print("FAILED:")
        for p in problems:
            print("  " + p)
        return 1
    print("distributed %s %s: passed, every rank's dgemm through libfastla"
          % (args.mode, args.config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
