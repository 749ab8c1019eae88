#!/usr/bin/env python3
"""Proof under real software: numpy on libfastla through the CBLAS shim.

blas mode: numpy's matmul, dot and vdot on float32 and float64 arrays run
  twice in Debian's python3 (/usr/bin/python3, which sees python3-numpy):
  once as installed (numpy's own BLAS answers) and once with
  LD_PRELOAD=libfastla_cblas.so and FASTLA_VERBOSE=json. A third, plain
  process compares the two within error bounds, and checks that every
  operation left a trace line from libfastla naming the expected routine,
  shape, backend and ISA.

lapack mode: numpy.linalg.solve, inv and eigh on 300 x 300 matrices with
  Debian's reference BLAS and LAPACK (LD_LIBRARY_PATH to their alternatives
  directories) and the shim preloaded. A plain process checks the results
  (residuals, orthogonality, agreement with numpy's own LAPACK); the
  process map shows the reference libraries were the ones loaded; the
  trace shows dgemm and dgemv calls in column-major (Fortran) form served
  by libfastla; LD_DEBUG=bindings shows LAPACK's dgemm_ and dgemv_ bound
  to libfastla_cblas.so and the shim's calls bound to libfastla.so.

Exit status: 0 pass, 1 fail, 77 skip (with one line saying why).
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

PYTHON = "/usr/bin/python3"
SKIP = 77

# ---- code run in /usr/bin/python3 ------------------------------------------

COMMON = r'''
import json, re, sys
import numpy as np

def mark(case):
    # Flushed before the call, so the library's trace lines (written
    # straight to fd 2) follow the marker of their case.
    sys.stderr.write(json.dumps({"case": case}) + "\n")
    sys.stderr.flush()

def loaded():
    libs = re.findall(r"\S*lib(?:blas|cblas|lapack|openblas\w*|blis\w*|fastla\w*)"
                      r"\.so[.0-9]*", open("/proc/self/maps").read())
    return sorted(set(libs))
'''

BLAS_CHILD = COMMON + r'''
out = sys.argv[1]
rng = np.random.default_rng(8)
res = {}
for dt in (np.float32, np.float64):
    p = np.dtype(dt).name
    a = rng.uniform(-1, 1, (67, 45)).astype(dt)
    b = rng.uniform(-1, 1, (45, 33)).astype(dt)
    at = rng.uniform(-1, 1, (45, 67)).astype(dt)  # used as at.T: 67 x 45
    big = rng.uniform(-1, 1, (300, 300)).astype(dt)
    v = rng.uniform(-1, 1, 45).astype(dt)
    w = rng.uniform(-1, 1, 45).astype(dt)
    cases = [
        ("matmul", lambda: a @ b, (a, b)),
        ("matmul_transposed", lambda: at.T @ b, (at.T, b)),
        ("matmul_300", lambda: big @ big, (big, big)),
        ("dot_matrix", lambda: np.dot(a, b), (a, b)),
        ("dot_matvec", lambda: np.dot(a, v), (a, v)),
        ("matmul_matvec", lambda: a @ v, (a, v)),
        ("dot_vectors", lambda: np.dot(v, w), (v, w)),
        ("vdot", lambda: np.vdot(v, w), (v, w)),
    ]
    for name, op, (x, y) in cases:
        key = name + "." + p
        mark(key)
        res[key] = np.asarray(op())
        res[key + ".x"], res[key + ".y"] = x, y
mark("end")
np.savez(out, **res)
print(json.dumps(loaded()))
'''

LAPACK_CHILD = COMMON + r'''
out = sys.argv[1]
rng = np.random.default_rng(9)
n = 300
a = rng.standard_normal((n, n))
b = rng.standard_normal(n)
s = a + a.T
mark("solve")
x = np.linalg.solve(a, b)
mark("inv")
ainv = np.linalg.inv(a)
mark("eigh")
w, v = np.linalg.eigh(s)
mark("end")
np.savez(out, a=a, b=b, s=s, x=x, ainv=ainv, w=w, v=v)
print(json.dumps(loaded()))
'''

BLAS_JUDGE = COMMON + r'''
ref, got = np.load(sys.argv[1]), np.load(sys.argv[2])
bad = []
for key in ref.files:
    if key.endswith(".x") or key.endswith(".y"):
        continue
    eps = np.finfo(ref[key].dtype).eps
    x, y = ref[key + ".x"].astype(np.float64), ref[key + ".y"].astype(np.float64)
    k = x.shape[-1]
    # Each answer is within (k + 2) eps |x| |y| of the exact one (the
    # tests' error bound with c = 3, so 6 for the difference of two).
    bound = 6 * (k + 2) * eps * np.dot(np.abs(x), np.abs(y))
    err = np.abs(got[key].astype(np.float64) - ref[key].astype(np.float64))
    if got[key].shape != ref[key].shape or not np.all(err <= bound):
        bad.append(key)
    print("%-28s max |fastla - numpy| %.3g, bound %.3g"
          % (key, float(np.max(err)), float(np.min(bound))))
print(json.dumps(bad))
'''

LAPACK_JUDGE = COMMON + r'''
r = np.load(sys.argv[1])
a, b, s, x, ainv, w, v = (r[k] for k in ("a", "b", "s", "x", "ainv", "w", "v"))
n = a.shape[0]
eps = np.finfo(np.float64).eps
na, ns = np.linalg.norm(a, 1), np.linalg.norm(s, 1)
checks = {
    "solve: |Ax - b| / (|A| |x| n eps)":
        np.linalg.norm(a @ x - b, 1) / (na * np.linalg.norm(x, 1) * n * eps),
    "inv: |A inv(A) - I| / (|A| |inv(A)| n eps)":
        np.linalg.norm(a @ ainv - np.eye(n), 1) /
        (na * np.linalg.norm(ainv, 1) * n * eps),
    "eigh: |S V - V diag(w)| / (|S| n eps)":
        np.linalg.norm(s @ v - v * w, 1) / (ns * n * eps),
    "eigh: |V^T V - I| / (n eps)":
        np.linalg.norm(v.T @ v - np.eye(n), 1) / (n * eps),
    "eigh: |w - numpy's own w| / (|S| n eps)":
        np.max(np.abs(w - np.linalg.eigvalsh(s))) / (ns * n * eps),
    "solve: |x - numpy's own x| / (|x| cond(A) n eps)":
        np.linalg.norm(x - np.linalg.solve(a, b), 1) /
        (np.linalg.norm(x, 1) * np.linalg.cond(a, 1) * n * eps),
}
bad = []
for name, value in checks.items():
    ok = value < 1.0
    print("%-52s %.3g %s" % (name, value, "ok" if ok else "TOO LARGE"))
    if not ok:
        bad.append(name)
print(json.dumps(bad))
'''

# ---- the driver --------------------------------------------------------------


def skip(why):
    print("SKIPPED: " + why)
    sys.exit(SKIP)


def config_environment(config):
    """FASTLA_* variables that select a test configuration, and what the
    trace must then report as backend and ISA (None: not checked)."""
    if config == "reference":
        return {"FASTLA_BACKEND": "reference"}, ("reference", "scalar")
    for backend in ("simd", "openmp"):
        if config.startswith(backend + "-"):
            isa = config[len(backend) + 1:]
            return ({"FASTLA_BACKEND": backend, "FASTLA_ISA": isa},
                    (backend, isa))
    sys.exit("unknown configuration %r" % config)


def check_config(probe, config, env):
    """Exits 77 if the configuration cannot run here."""
    p = subprocess.run([probe], env=dict(env, FASTLA_TEST_CONFIG=config),
                       capture_output=True, text=True)
    if p.returncode == SKIP:
        skip((p.stdout.strip().splitlines() or ["config cannot run"])[-1])
    if p.returncode != 0:
        print("config probe failed:\n" + p.stdout + p.stderr)
        sys.exit(1)


def sanitizer_runtimes(shim):
    """Sanitizer runtimes an instrumented shim needs first in LD_PRELOAD
    (python itself is not instrumented)."""
    out = subprocess.run(["ldd", shim], capture_output=True, text=True).stdout
    return re.findall(r"=>\s*(\S*lib(?:asan|ubsan)\S*)", out)


def run(code, args, env, what):
    """Runs code in /usr/bin/python3; returns (stdout, stderr)."""
    p = subprocess.run([PYTHON, "-c", code] + args, env=env,
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        print("%s failed (exit %d):\n%s\n%s" % (what, p.returncode,
                                                p.stdout, p.stderr[-4000:]))
        sys.exit(1)
    return p.stdout, p.stderr


def trace_by_case(stderr):
    """Maps each case marker to the trace records that follow it."""
    cases, current, config_line = {}, None, None
    for line in stderr.splitlines():
        if not line.startswith("{"):
            continue
        rec = json.loads(line)
        if "case" in rec:
            current = rec["case"]
            cases[current] = []
        elif "config" in rec:
            config_line = rec["config"]
        elif "routine" in rec and current:
            cases[current].append(rec)
    return cases, config_line


def show(rec):
    keys = ("layout", "trans", "transa", "transb", "m", "n", "k")
    args = " ".join("%s=%s" % (k, rec[k]) for k in keys if k in rec)
    return "%s(%s) backend=%s isa=%s kernel=%s threads=%s time_us=%s" % (
        rec["routine"], args, rec["backend"], rec["isa"], rec["kernel"],
        rec["threads"], rec["time_us"])


def check_service(rec, expect):
    """Problems with who served a traced call."""
    problems = []
    if rec["status"] != "ok":
        problems.append("status %s" % rec["status"])
    if rec["kernel"] == "none":
        problems.append("no kernel ran")
    if expect and (rec["backend"], rec["isa"]) != expect:
        problems.append("served by %s/%s, expected %s/%s"
                        % ((rec["backend"], rec["isa"]) + expect))
    return problems


# What each numpy operation must call, with its m, n, k as numpy passes
# them (row-major CBLAS).
BLAS_EXPECT = {
    "matmul": ("gemm", {"m": 67, "n": 33, "k": 45, "transa": "N"}),
    "matmul_transposed": ("gemm", {"m": 67, "n": 33, "k": 45, "transa": "T"}),
    "matmul_300": ("gemm", {"m": 300, "n": 300, "k": 300}),
    "dot_matrix": ("gemm", {"m": 67, "n": 33, "k": 45}),
    "dot_matvec": ("gemv", {}),
    "matmul_matvec": ("gemv", {}),
    "dot_vectors": ("dot", {"n": 45}),
    "vdot": ("dot", {"n": 45}),
}


def blas_mode(args, env, expect, workdir):
    plain = dict(env)
    for var in ("LD_PRELOAD", "FASTLA_VERBOSE"):
        plain.pop(var, None)
    ref_file = os.path.join(workdir, "numpy.npz")
    got_file = os.path.join(workdir, "fastla.npz")
    out, _ = run(BLAS_CHILD, [ref_file], plain, "numpy without the shim")
    print("numpy's own BLAS run loaded: " + ", ".join(json.loads(out)))
    if any("fastla" in lib for lib in json.loads(out)):
        print("FAILED: the plain run loaded libfastla")
        return 1
    out, err = run(BLAS_CHILD, [got_file], env, "numpy with the shim")
    libs = json.loads(out)
    print("preloaded run loaded: " + ", ".join(libs))
    out, _ = run(BLAS_JUDGE, [ref_file, got_file], plain, "the comparison")
    lines = out.splitlines()
    print("\n".join(lines[:-1]))
    problems = ["%s differs from numpy's own answer" % k
                for k in json.loads(lines[-1])]
    if not any("libfastla_cblas" in lib for lib in libs):
        problems.append("libfastla_cblas.so was not loaded")

    cases, config_line = trace_by_case(err)
    print("trace (FASTLA_VERBOSE=json), configuration: %s" % config_line)
    for prec, p in (("float32", "s"), ("float64", "d")):
        for name, (routine, fields) in BLAS_EXPECT.items():
            key = "%s.%s" % (name, prec)
            recs = cases.get(key, [])
            for rec in recs:
                print("  %-26s %s" % (key, show(rec)))
            match = [r for r in recs if r["routine"] == p + routine and
                     all(r.get(f) == v for f, v in fields.items())]
            if not match:
                problems.append("%s: no %s%s call with %s in the trace"
                                % (key, p, routine, fields))
            for r in match:
                problems += ["%s: %s" % (key, q)
                             for q in check_service(r, expect)]
    return report(problems, "numpy matmul/dot/vdot (float32, float64) "
                  "served by libfastla and equal to numpy's own answers")


def bound(bindings, symbol, src, dst):
    """True if ld.so bound symbol from a file matching src to one matching
    dst (patterns on the basename)."""
    pat = re.compile(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: "
                     r"normal symbol `%s'" % re.escape(symbol))
    return any(re.search(src, os.path.basename(m.group(1))) and
               re.search(dst, os.path.basename(m.group(2)))
               for m in pat.finditer(bindings))


def lapack_mode(args, env, expect, workdir):
    libdirs = {}
    for name in ("blas", "lapack"):
        hits = glob.glob("/usr/lib/*/%s/lib%s.so.3" % (name, name))
        if not hits:
            skip("Debian's reference lib%s.so.3 is not installed (packages "
                 "libblas3, liblapack3)" % name)
        libdirs[name] = os.path.dirname(hits[0])
    env = dict(env, LD_LIBRARY_PATH=libdirs["blas"] + ":" + libdirs["lapack"],
               LD_DEBUG="bindings",
               LD_DEBUG_OUTPUT=os.path.join(workdir, "bindings"))
    out_file = os.path.join(workdir, "lapack.npz")
    out, err = run(LAPACK_CHILD, [out_file], env, "numpy.linalg with the shim")
    libs = json.loads(out)
    print("loaded: " + ", ".join(libs))
    problems = []
    for name, d in libdirs.items():
        if not any(lib.startswith(d + "/lib" + name) for lib in libs):
            problems.append("the reference lib%s from %s was not loaded"
                            % (name, d))
    if any("openblas" in lib or "blis" in lib for lib in libs):
        problems.append("an optimised BLAS was loaded too")

    plain = {k: v for k, v in os.environ.items()
             if k not in ("LD_PRELOAD", "FASTLA_VERBOSE", "LD_LIBRARY_PATH")}
    out, _ = run(LAPACK_JUDGE, [out_file], plain, "the checks")
    lines = out.splitlines()
    print("\n".join(lines[:-1]))
    problems += ["check failed: " + c for c in json.loads(lines[-1])]

    cases, config_line = trace_by_case(err)
    print("trace (FASTLA_VERBOSE=json), configuration: %s" % config_line)
    for case in ("solve", "inv", "eigh"):
        recs = cases.get(case, [])
        counts = {}
        for r in recs:
            counts[r["routine"]] = counts.get(r["routine"], 0) + 1
        print("  %-6s %d calls: %s" % (case, len(recs), ", ".join(
            "%s %d" % kv for kv in sorted(counts.items()))))
        for routine in ("dgemm", "dgemv"):  # the largest call of each
            ran = [r for r in recs
                   if r["routine"] == routine and r["kernel"] != "none"]
            if ran:
                r = max(ran, key=lambda r: r["m"] * r["n"] * r.get("k", 1))
                print("    largest: " + show(r))
        if not any(r["routine"] == "dgemm" for r in recs):
            problems.append("%s: no dgemm call in the trace" % case)
        for r in recs:
            if r["routine"] in ("dgemm", "dgemv") and r["layout"] != "col":
                problems.append("%s: %s not column-major (not from LAPACK)"
                                % (case, r["routine"]))
            problems += ["%s: %s" % (case, q) for q in check_service(r, expect)
                         if q != "no kernel ran"]  # beta-only calls exist
    if not any(r["routine"] == "dgemv" for recs in cases.values()
               for r in recs):
        problems.append("no dgemv call in the trace")

    bindings = ""
    for name in os.listdir(workdir):
        if name.startswith("bindings."):
            with open(os.path.join(workdir, name), errors="replace") as f:
                bindings += f.read()
    for sym in ("dgemm_", "dgemv_"):
        ok = bound(bindings, sym, r"^liblapack\.so", r"^libfastla_cblas\.so")
        print("ld.so: liblapack.so.3 %s -> libfastla_cblas.so: %s"
              % (sym, "yes" if ok else "NO"))
        if not ok:
            problems.append("LAPACK's %s was not bound to the shim" % sym)
        native = "fastla_" + sym[:-1]
        ok = bound(bindings, native, r"^libfastla_cblas\.so",
                   r"^libfastla\.so")
        print("ld.so: libfastla_cblas.so %s -> libfastla.so: %s"
              % (native, "yes" if ok else "NO"))
        if not ok:
            problems.append("the shim's %s was not bound to libfastla"
                            % native)
    return report(problems, "numpy.linalg solve/inv/eigh (300 x 300) on the "
                  "reference LAPACK: correct, dgemm_/dgemv_ served by "
                  "libfastla")


def report(problems, what):
    if problems:
        print("FAILED:")
        for p in problems:
            print("  " + p)
        return 1
    print("PASSED: " + what)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("blas", "lapack"))
    ap.add_argument("--shim", required=True, help="libfastla_cblas.so")
    ap.add_argument("--config", default="reference")
    ap.add_argument("--probe", help="fastla_config_probe, to skip configs "
                    "this machine cannot run")
    args = ap.parse_args()

    if not os.access(PYTHON, os.X_OK):
        skip("%s not found (Debian package python3)" % PYTHON)
    p = subprocess.run([PYTHON, "-c", "import numpy; print(numpy.__version__)"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        skip("%s cannot import numpy (Debian package python3-numpy)" % PYTHON)
    print("numpy %s in %s" % (p.stdout.strip(), PYTHON))

    cfg_env, expect = config_environment(args.config)
    env = dict(os.environ, **cfg_env)
    for var in ("FASTLA_NUM_THREADS", "PYTHONPATH", "PYTHONHOME"):
        env.pop(var, None)
    if args.probe:
        check_config(args.probe, args.config, env)
    shim = os.path.abspath(args.shim)
    env["LD_PRELOAD"] = " ".join(sanitizer_runtimes(shim) + [shim])
    env["FASTLA_VERBOSE"] = "json"
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    with tempfile.TemporaryDirectory(prefix="fastla-numpy-") as workdir:
        if args.mode == "blas":
            return blas_mode(args, env, expect, workdir)
        return lapack_mode(args, env, expect, workdir)


if __name__ == "__main__":
    sys.exit(main())
