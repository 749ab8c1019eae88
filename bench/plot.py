#!/usr/bin/env python3
"""Turn the JSON of fastla-compare (--json FILE) or fastla_bench
(--benchmark_out=FILE) into PNG charts.

One chart per routine, a panel per precision: GFLOP/s against size for
gemm, GB/s against size for the memory-bound routines, one line per
implementation (naive, libfastla backends, peer libraries), and the peak the
harness measured on the machine as a dashed line. Non-square gemm shapes get
a bar chart, and a fastla-compare --ladder run gets a ladder chart.

    python3 bench/plot.py results.json -o plots/
    python3 bench/plot.py results.json -o docs/img --routines gemm --prefix dev
"""
import argparse
import json
import os
import sys

try:
    import matplotlib
except ImportError:
    sys.exit("plot.py: matplotlib not found: apt-get install "
             "python3-matplotlib and run it with the system /usr/bin/python3")

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

PREC_NAMES = {"s": "float (s)", "d": "double (d)"}


def parse_size(label):
    """'4096' -> (1, 4096, 1); '512x512' -> (512, 512, 0); 'MxNxK'."""
    dims = [int(v) for v in label.split("x")]
    if len(dims) == 1:
        return 1, dims[0], 1
    if len(dims) == 2:
        return dims[0], dims[1], 0
    return tuple(dims)


def load_compare(data):
    ctx = data["context"]
    records = []
    for r in data["results"]:
        if r.get("status") not in ("ok", "WRONG"):
            continue  # skipped or n/a rows have no numbers
        records.append(dict(section=r["section"], routine=r["routine"],
                            prec=r["prec"], impl=r["impl"], m=r["m"],
                            n=r["n"], k=r["k"], size=r["size"],
                            gflops=r["gflops"], gbs=r["gbs"],
                            threads=r["threads"], rung=r.get("rung", 0),
                            wrong=r["status"] == "WRONG"))
    limits = dict(peak={"s": ctx["peak_gflops_1t"]["s"],
                        "d": ctx["peak_gflops_1t"]["d"]},
                  read=ctx.get("read_gbs_1t"),
                  update=ctx.get("update_gbs_1t"))
    title = "fastla-compare on %s, %d thread(s), %s" % (
        ctx.get("cpu", "?"), ctx.get("threads", 1), ctx.get("date", "")[:10])
    return records, limits, title


def load_gbench(data):
    ctx = data.get("context", {})
    best = {}
    for b in data.get("benchmarks", []):
        if b.get("error_occurred") or b.get("run_type") == "aggregate":
            continue
        parts = b["name"].split("/")
        if len(parts) < 4 or "flops" not in b:
            continue
        routine, prec, impl, size = parts[0], parts[1], parts[2], parts[3]
        m, n, k = parse_size(size)
        rec = dict(section="table", routine=routine, prec=prec, impl=impl,
                   m=m, n=n, k=k, size=size, gflops=b["flops"] * 1e-9,
                   gbs=b["bytes"] * 1e-9, threads=1, rung=0, wrong=False)
        key = (routine, prec, impl, size)
        if key not in best or rec["gflops"] > best[key]["gflops"]:
            best[key] = rec  # best of repetitions
    limits = dict(peak={p: float(ctx["peak_gflops_1t_" + p])
                        for p in "sd" if "peak_gflops_1t_" + p in ctx},
                  read=float(ctx["read_gbs_1t"]) if "read_gbs_1t" in ctx
                  else None,
                  update=float(ctx["update_gbs_1t"]) if "update_gbs_1t" in ctx
                  else None)
    title = "fastla_bench on %s (%s)" % (ctx.get("host_name", "?"),
                                         ctx.get("date", "")[:10])
    return list(best.values()), limits, title


def is_square(r):
    if r["routine"] == "gemm":
        return r["m"] == r["n"] == r["k"]
    if r["routine"] in ("gemv", "gemvt"):
        return r["m"] == r["n"]
    return True


def impl_order(impls):
    """naive first, then libfastla's backends, then the peers."""
    def rank(name):
        for i, prefix in enumerate(("naive", "blocked", "reference", "simd",
                                    "openmp")):
            if name.startswith(prefix):
                return (i, name)
        return (9, name)
    return sorted(impls, key=rank)


def impl_colors(records):
    """One colour per implementation, the same in every panel and chart."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    names = impl_order({r["impl"] for r in records})
    return {name: cycle[i % len(cycle)] for i, name in enumerate(names)}


def draw_limit(ax, routine, prec, limits):
    """The measured ceiling: FMA peak for gemm, DRAM bandwidth otherwise."""
    if routine == "gemm":
        value = limits["peak"].get(prec)
        label = "FMA peak, 1 core (measured)"
    else:
        value = limits["update"] if routine == "axpy" else limits["read"]
        label = "DRAM %s bandwidth, 1 core (measured)" % (
            "update" if routine == "axpy" else "read")
    if value:
        ax.axhline(value, color="black", linestyle="--", linewidth=1.2,
                   label="%s: %.0f" % (label, value))


def size_tick(value, _pos):
    """2^k axis ticks as 64, 4K, 16M rather than 2^6."""
    v = int(round(value))
    if v >= 1 << 20 and v % (1 << 20) == 0:
        return "%dM" % (v >> 20)
    if v >= 8 << 10 and v % (1 << 10) == 0:
        return "%dK" % (v >> 10)
    return str(v)


def plot_routine(records, routine, limits, title, path):
    recs = [r for r in records if r["routine"] == routine and is_square(r)]
    precs = [p for p in "sd" if any(r["prec"] == p for r in recs)]
    if not recs or not precs:
        return None
    metric = "gflops" if routine == "gemm" else "gbs"
    colors = impl_colors(records)
    fig, axes = plt.subplots(1, len(precs), figsize=(6.5 * len(precs), 4.8),
                             squeeze=False)
    for ax, prec in zip(axes[0], precs):
        mine = [r for r in recs if r["prec"] == prec]
        for impl in impl_order({r["impl"] for r in mine}):
            pts = sorted((r["n"], r[metric]) for r in mine
                         if r["impl"] == impl)
            style = ":" if impl in ("naive", "blocked") else "-"
            ax.plot([p[0] for p in pts], [p[1] for p in pts], style,
                    marker="o", markersize=4, label=impl,
                    color=colors[impl])
        draw_limit(ax, routine, prec, limits)
        ax.set_xscale("log", base=2)
        ax.xaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(size_tick))
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
        ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_xlabel("n (elements)" if routine in ("axpy", "dot", "nrm2")
                      else "n (square %s)" % routine)
        ax.set_ylabel("GFLOP/s" if metric == "gflops" else "GB/s")
        ax.set_title("%s, %s" % (routine, PREC_NAMES.get(prec, prec)))
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8, loc="best")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_bars(groups, ylabel, title, path, peaks=None):
    """groups: [(group label, {impl: value})] drawn as grouped bars."""
    impls = impl_order({i for _, vals in groups for i in vals})
    fig, ax = plt.subplots(figsize=(max(6.5, 1.6 * len(groups) + 3), 4.8))
    width = 0.8 / max(1, len(impls))
    for j, impl in enumerate(impls):
        xs = [i + j * width for i in range(len(groups))]
        ax.bar(xs, [vals.get(impl, 0) for _, vals in groups], width,
               label=impl)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(groups))])
    ax.set_xticklabels([g for g, _ in groups], fontsize=8)
    for label, value in (peaks or []):
        ax.axhline(value, color="black", linestyle="--", linewidth=1.2,
                   label=label)
    ax.set_ylabel(ylabel)
    ax.set_yscale("log")
    ax.grid(True, axis="y", which="both", alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_shapes(records, limits, title, path):
    recs = [r for r in records
            if r["routine"] == "gemm" and not is_square(r)
            and r["section"] == "table"]
    if not recs:
        return None
    groups = []
    for prec in "sd":
        for size in sorted({r["size"] for r in recs if r["prec"] == prec}):
            groups.append(("%s %s" % (prec, size),
                           {r["impl"]: r["gflops"] for r in recs
                            if r["prec"] == prec and r["size"] == size}))
    peaks = [("FMA peak %s, 1 core: %.0f" % (p, v), v)
             for p, v in sorted(limits["peak"].items())]
    return plot_bars(groups, "GFLOP/s", "gemm shapes (MxNxK) - " + title,
                     path, peaks)


def plot_ladder(records, title, path):
    recs = [r for r in records if r["section"].startswith("ladder")]
    if not recs:
        return None
    groups = []
    for prec in "sd":
        mine = [r for r in recs if r["prec"] == prec]
        if mine:
            groups.append(("%s %s" % (prec, mine[0]["size"]),
                           {r["impl"]: r["gflops"] for r in mine}))
    return plot_bars(groups, "GFLOP/s", "gemm ladder - " + title, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", help="output of fastla-compare --json or "
                    "fastla_bench --benchmark_out")
    ap.add_argument("-o", "--outdir", default=".", help="where PNGs go")
    ap.add_argument("--prefix", default="fastla", help="file name prefix")
    ap.add_argument("--routines", default="axpy,dot,nrm2,gemv,gemvt,gemm")
    ap.add_argument("--title", help="override the chart title")
    args = ap.parse_args()
    with open(args.json) as f:
        data = json.load(f)
    if data.get("tool") == "fastla-compare":
        records, limits, title = load_compare(data)
    elif "benchmarks" in data:
        records, limits, title = load_gbench(data)
    else:
        sys.exit("plot.py: %s is neither fastla-compare nor Google Benchmark "
                 "JSON" % args.json)
    title = args.title or title
    os.makedirs(args.outdir, exist_ok=True)
    out = lambda name: os.path.join(args.outdir, "%s-%s.png" %
                                    (args.prefix, name))
    table = [r for r in records if r["section"] == "table"]
    written = [plot_routine(table, r, limits, title, out(r))
               for r in args.routines.split(",")]
    if "gemm" in args.routines:
        written.append(plot_shapes(records, limits, title, out("gemm-shapes")))
    written.append(plot_ladder(records, title, out("ladder")))
    for path in written:
        if path:
            print(path)
    if not any(written):
        sys.exit("plot.py: nothing to plot in %s" % args.json)


if __name__ == "__main__":
    main()
