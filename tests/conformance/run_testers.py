#!/usr/bin/env python3
"""Run Debian's reference BLAS/CBLAS testers against libfastla_cblas.so.

Each tester from libblas-test runs with the shim in LD_PRELOAD, in front of
the reference BLAS, in a fresh temporary directory (they write SNAP and
summary files). The run passes when, for every routine the shim provides
(s/d axpy, dot, nrm2, gemv, gemm):
  * the tester printed its PASS lines (error exits included) and no failure
    line names the routine, and
  * LD_DEBUG=bindings shows the tester's call bound to the shim, the shim's
    call bound to libfastla, and, for the error-exit tests, the shim's
    report bound to the tester's own xerbla handler.
Routines the shim does not provide run on the reference BLAS and are not
judged. Exit status: 0 pass, 1 fail, 77 skip (with one line saying why).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

BLAS_DIR = "/usr/lib/x86_64-linux-gnu/blas"
SKIP = 77


class Tester:
    """One tester program and what it must show for our routines."""

    def __init__(self, program, stdin, kind, routines, handler=None):
        self.program = program
        self.stdin = stdin  # input file name in BLAS_DIR, or None
        self.kind = kind  # "level1", "f77" or "cblas"
        self.routines = routines  # names as the tester prints them
        self.handler = handler  # error handler the shim must reach

    def symbol(self, routine):
        """The symbol the tester calls for a routine it prints."""
        if self.kind == "f77":
            return routine.lower() + "_"
        if self.kind == "level1" and not routine.startswith("CBLAS_"):
            return routine.lower() + "_"
        return routine.lower()


def testers():
    """The twelve testers, s and d, in the order they are run."""
    result = []
    for p in "sd":
        P = p.upper()
        level1 = [P + "DOT", P + "AXPY", P + "NRM2"]
        result += [
            Tester("xblat1" + p, None, "level1", level1),
            Tester("xblat2" + p, p + "blat2.in", "f77", [P + "GEMV"], "xerbla_"),
            Tester("xblat3" + p, p + "blat3.in", "f77", [P + "GEMM"], "xerbla_"),
            Tester("x%scblat1" % p, None, "level1",
                   ["CBLAS_" + r for r in level1]),
            Tester("x%scblat2" % p, p + "in2", "cblas", ["cblas_%sgemv" % p],
                   "cblas_xerbla"),
            Tester("x%scblat3" % p, p + "in3", "cblas", ["cblas_%sgemm" % p],
                   "cblas_xerbla"),
        ]
    return result


def config_environment(config):
    """FASTLA_* variables that select a test configuration."""
    if config == "reference":
        return {"FASTLA_BACKEND": "reference"}
    if config.startswith("simd-"):
        return {"FASTLA_BACKEND": "simd", "FASTLA_ISA": config[len("simd-"):]}
    if config.startswith("openmp-"):
        return {"FASTLA_BACKEND": "openmp",
                "FASTLA_ISA": config[len("openmp-"):]}
    sys.exit("unknown configuration %r" % config)


def sanitizer_runtimes(shim):
    """Sanitizer runtimes the shim needs, which must be preloaded first
    because the testers themselves are not instrumented."""
    out = subprocess.run(["ldd", shim], capture_output=True, text=True).stdout
    return [m.group(1) for m in re.finditer(r"=>\s*(\S*lib(?:asan|ubsan)\S*)",
                                            out)]


def summary_file(input_path):
    """The summary file a Fortran tester's input names (else stdout)."""
    with open(input_path) as f:
        for line in f:
            if "NAME OF SUMMARY OUTPUT FILE" in line:
                return line.split("'")[1]
    return None


def run_tester(t, env, workdir):
    """Runs one tester; returns (exit code, its whole output, binding log)."""
    ld_debug = os.path.join(workdir, "bindings." + t.program)
    env = dict(env, LD_DEBUG="bindings", LD_DEBUG_OUTPUT=ld_debug)
    stdin = open(os.path.join(BLAS_DIR, t.stdin)) if t.stdin else None
    try:
        proc = subprocess.run([os.path.join(BLAS_DIR, t.program)], stdin=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              cwd=workdir, env=env, text=True, errors="replace",
                              timeout=600)
    finally:
        if stdin:
            stdin.close()
    output = proc.stdout
    summary = summary_file(os.path.join(BLAS_DIR, t.stdin)) if t.stdin else None
    if summary and os.path.exists(os.path.join(workdir, summary)):
        with open(os.path.join(workdir, summary), errors="replace") as f:
            output += f.read()
    bindings = ""
    for name in os.listdir(workdir):  # ld.so appends the pid to the name
        if name.startswith("bindings." + t.program + "."):
            with open(os.path.join(workdir, name), errors="replace") as f:
                bindings += f.read()
    return proc.returncode, output, bindings


def names_routine(line, routine):
    """True if the line mentions the routine (any case, whole name)."""
    bare = routine.lower().replace("cblas_", "")
    pattern = r"(?<![a-z0-9])(cblas_)?%s(?![a-z0-9])" % re.escape(bare)
    return re.search(pattern, line.lower()) is not None


FAILURE = re.compile(r"FAIL|SUSPECT|NOT DETECTED|INSTEAD OF|FATAL|\*\*\*\*\*")


def level1_sections(output):
    """Maps each subprogram name of a level-1 tester to its report lines."""
    sections, current = {}, None
    for line in output.splitlines():
        m = re.search(r"Test of subprogram number\s+\d+\s+(\S+)", line)
        if m:
            current = m.group(1)
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def judge_output(t, output):
    """Returns (result lines to show, problems) for our routines."""
    shown, problems = [], []
    if t.kind == "level1":
        sections = level1_sections(output)
        for r in t.routines:
            lines = sections.get(r)
            if lines is None:
                problems.append("%s: no report for %s" % (t.program, r))
            elif any("FAIL" in l for l in lines) or not any(
                    "----- PASS -----" in l for l in lines):
                problems.append("%s: %s did not pass:\n%s"
                                % (t.program, r, "\n".join(lines)))
            else:
                shown.append("%s: %s ----- PASS -----" % (t.program, r))
        return shown, problems

    for r in t.routines:
        wanted = ["PASSED THE TESTS OF ERROR-EXITS"]
        if t.kind == "f77":
            wanted.append("PASSED THE COMPUTATIONAL TESTS")
        else:
            wanted += ["PASSED THE COLUMN-MAJOR COMPUTATIONAL TESTS",
                       "PASSED THE ROW-MAJOR    COMPUTATIONAL TESTS"]
        for w in wanted:
            hits = [l.strip() for l in output.splitlines()
                    if l.strip().startswith(r + " ") and w in l]
            if hits:
                shown.append("%s: %s" % (t.program, hits[0]))
            else:
                problems.append("%s: missing '%s %s'" % (t.program, r, w))
        for line in output.splitlines():
            if FAILURE.search(line) and names_routine(line, r):
                problems.append("%s: %s" % (t.program, line.strip()))
    return shown, problems


def bound(bindings, symbol, from_pattern, to_pattern):
    """True if ld.so bound symbol from a file matching from_pattern to a
    file matching to_pattern (patterns match the basename)."""
    line = re.compile(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: "
                      r"normal symbol `%s'" % re.escape(symbol))
    for m in line.finditer(bindings):
        if (re.search(from_pattern, os.path.basename(m.group(1))) and
                re.search(to_pattern, os.path.basename(m.group(2)))):
            return True
    return False


def judge_bindings(t, bindings):
    """Checks that calls reached the shim, libfastla and the handler."""
    problems, shim = [], r"^libfastla_cblas\.so"
    exe = "^" + re.escape(t.program) + "$"
    for r in t.routines:
        sym = t.symbol(r)
        native = "fastla_" + re.sub(r"^cblas_|_$", "", sym)
        if not bound(bindings, sym, exe, shim):
            problems.append("%s: %s not bound to libfastla_cblas.so"
                            % (t.program, sym))
        if not bound(bindings, native, shim, r"^libfastla\.so"):
            problems.append("%s: the shim never called %s"
                            % (t.program, native))
    if t.handler and not bound(bindings, t.handler, shim, exe):
        problems.append("%s: the shim never reached the tester's %s"
                        % (t.program, t.handler))
    return problems


def check_config(args, env):
    """Exits 77 if the configuration cannot run here, 1 if the environment
    does not select it."""
    probe = subprocess.run([args.probe], env=dict(env, FASTLA_TEST_CONFIG=
                                                  args.config),
                           capture_output=True, text=True)
    text = (probe.stdout + probe.stderr).strip()
    if probe.returncode == SKIP:  # testutil prints why on stdout
        why = probe.stdout.strip().splitlines() or ["config cannot run here"]
        print(why[-1])
        sys.exit(SKIP)
    if probe.returncode != 0:
        print("config probe failed:\n" + text)
        sys.exit(1)
    print(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--shim", required=True, help="path of libfastla_cblas.so")
    ap.add_argument("--probe", required=True, help="fastla_config_probe")
    args = ap.parse_args()

    missing = [t.program for t in testers()
               if not os.path.exists(os.path.join(BLAS_DIR, t.program))]
    if missing:
        print("SKIPPED: libblas-test not installed (no %s in %s)"
              % (missing[0], BLAS_DIR))
        return SKIP

    env = dict(os.environ, **config_environment(args.config))
    check_config(args, env)
    shim = os.path.abspath(args.shim)
    env["LD_PRELOAD"] = " ".join(sanitizer_runtimes(shim) + [shim])
    env["LD_LIBRARY_PATH"] = BLAS_DIR
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")  # the testers' leaks

    shown, problems = [], []
    with tempfile.TemporaryDirectory(prefix="fastla-conformance-") as workdir:
        for t in testers():
            code, output, bindings = run_tester(t, env, workdir)
            if code != 0:
                problems.append("%s exited with status %d; its output:\n%s"
                                % (t.program, code, output[-4000:]))
            lines, bad = judge_output(t, output)
            shown += lines
            problems += bad + judge_bindings(t, bindings)

    print("Tester results for the routines libfastla_cblas provides "
          "(config %s):" % args.config)
    for line in shown:
        print("  " + line)
    if problems:
        print("FAILED:")
        for p in problems:
            print("  " + p)
        return 1
    print("conformance %s: every provided routine passed in all %d testers, "
          "calls bound to libfastla_cblas.so" % (args.config, len(testers())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
