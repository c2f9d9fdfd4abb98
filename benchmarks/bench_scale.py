"""Benchmark: `kg build` per stage at several corpus sizes, beside Oxigraph's parse and Jena SHACL.

For each size a synthetic corpus is written once with ``kg synth`` (states, events,
a fixed seed, optionally ``--violations N`` of each kind planted), then, in one
run and one after the other (never concurrently: they would compete for the CPUs):

kg build
    ``python -m kg build --data CORPUS --out OUT --profile`` as a child process,
    OUT emptied first (its .cache too), so each run is a first, full build;
    ``--build-args`` adds arguments (e.g. ``--clean``: no cache written).
    Its wall time and peak RSS come from ``os.wait4``. On Linux the ``ru_maxrss``
    that wait4 returns is the *largest single process* of the tree: the kg process
    itself or any descendant it has reaped (the writer process of kg.trig, kg.ttl,
    kg.jsonld and the build cache), not their sum. So the script also samples the
    tree's summed PSS (``/proc/PID/smaps_rollup``, every 0.1 s; PSS shares
    pages shared between processes out instead of counting
    them twice) and prints the per-stage table of ``--profile`` (seconds and the
    *kg process's* RSS high-water during each stage; ``rdf-files`` is the writer process's
    own figures: it runs beside the build, from the first chunk on). Exit code 1 (planted
    violations) is expected; the output is then in OUT/rejected/.
Oxigraph
    pyoxigraph reading the kg.nq that build wrote, each in a fresh child process:
    ``Store().bulk_load(path=..., format=N_QUADS)`` and ``parse(path=...)`` iterated
    to the end. The seconds are timed inside the child around that call alone
    (no interpreter start-up or import); the peak RSS is the child's (wait4).
Jena SHACL
    ``benchmarks/jena.py``'s ``validate(ontology/shapes.ttl, union.nt)``: Debian's
    Jena 4.5 as a java child process; wall time includes JVM start-up and parsing,
    peak RSS from wait4. ``scripts/install-jena.sh`` is run first when Jena is
    missing. Jena gets the union of all graphs of kg.nq as N-Triples, made without
    an Oxigraph Store (a Store would rewrite xsd:nonNegativeInteger literals to
    xsd:integer), in a child process (so that this one stays small: a child
    forked from it would otherwise count its size in ru_maxrss):
    the graph term of each line is stripped and duplicates dropped
    (``kg.pipeline.write.union_ntriples`` when present and kg.nq is sorted, else a
    plain first-seen de-duplication).

Then the findings are compared: the (focus, shape) pairs of kg's report.json
against Jena's; and, with violations planted, every entry of the corpus's
violations.json (node, file, line) must be reported by kg at that focus, file
(``<corpus folder>/<file>``) and line, and every kg result must be a planted one.

With ``--repeat K`` each measurement is made K times (interleaved); times are
medians, peaks maxima. Nothing is asserted about timings: this prints figures.

    python benchmarks/bench_scale.py                         # small,100k
    python benchmarks/bench_scale.py --sizes 1m --violations 2
    python benchmarks/bench_scale.py --sizes 30:5000 --no-jena --workdir /tmp/kgb
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Child, run_child as run_measured  # noqa: E402
KG = [sys.executable, "-m", "kg"]
SHAPES = ROOT / "ontology" / "shapes.ttl"
SIZES = {  # label: (states, events); triples as kg build counts them (ontology included)
    "small": (10, 250),      # ~13K
    "100k": (20, 2500),      # ~107K
    "1m": (40, 25000),       # ~1.01M
    "5m": (100, 125000),     # ~5M (estimate)
}
DEFAULT_SIZES = "small,100k"
MiB = 2**20

OX_CHILD = r"""
import json, sys, time
import pyoxigraph as ox
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "bulk_load":
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    seconds = time.perf_counter() - start
    n = len(store)
else:
    n = 0
    for _ in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
        n += 1
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "quads": n}))
"""


# ---------------------------------------------------------------- processes

def run_child(args: list[str], sample: float = 0.0) -> Child:
    """``measure.run_child`` in the project's folder."""
    return run_measured(args, cwd=ROOT, sample=sample)


# ---------------------------------------------------------------- kg

@dataclass
class StageRow:
    name: str
    seconds: float
    peak_mib: float
    note: str = ""


def parse_profile(stderr: str) -> list[StageRow]:
    """The rows of ``kg build --profile``'s table (header ``stage seconds peak MiB``), total included.

    Tolerant of added columns or notes: a row is a name, then the numbers in the
    header's order (seconds first, then the peak), then free text.
    """
    lines = stderr.splitlines()
    head = next((i for i, ln in enumerate(lines) if re.match(r"\s*stage\s+seconds\b", ln)), None)
    if head is None:
        return []
    # Numeric columns: the header's words after "stage", units (MiB...) belonging to the word before.
    cols = [c for c in lines[head].split()[1:] if c not in ("MiB", "KiB", "MB", "GB", "GiB", "s", "(s)")]
    peak_col = next((i for i, c in enumerate(cols) if c.lower().startswith("peak")), 1)
    rows = []
    for ln in lines[head + 1:]:
        tokens = ln.split()
        if not tokens:
            continue
        nums = []
        for t in tokens[1:1 + len(cols)]:
            try:
                nums.append(float(t))
            except ValueError:
                break
        if not nums:
            break  # the table has ended
        note = ln.split(None, 1 + len(nums))[1 + len(nums)] if len(tokens) > 1 + len(nums) else ""
        rows.append(StageRow(tokens[0], nums[0], nums[peak_col] if peak_col < len(nums) else float("nan"),
                             note.strip()))
        if tokens[0] == "total":
            break
    return rows


def synth(label: str, states: int, events: int, violations: int, seed: int, workdir: Path) -> tuple[Path, float]:
    """The corpus folder (written unless already there with the same arguments) and the seconds it took."""
    folder = workdir / f"corpus-{label}-v{violations}-s{seed}"
    want = {"states": states, "events": events, "seed": seed, "violations": violations}
    listing = folder / "violations.json"
    if listing.exists():
        try:
            if json.loads(listing.read_text()).get("arguments") == want:
                return folder, 0.0
        except ValueError:
            pass
    if folder.exists():
        shutil.rmtree(folder)
    child = run_child(KG + ["synth", "--states", str(states), "--events", str(events), "--seed", str(seed),
                            "--violations", str(violations), "--out", str(folder)])
    if child.rc != 0:
        raise SystemExit(f"kg synth failed ({child.rc}): {child.stderr.strip()[-500:]}")
    return folder, child.wall


@dataclass
class KgRun:
    child: Child
    rows: list[StageRow]
    result_dir: Path


def kg_build(corpus: Path, out: Path, sample: float, extra: list[str]) -> KgRun:
    if out.exists():
        shutil.rmtree(out)  # OUT/.cache included: every run is a first, full build
    child = run_child(KG + ["build", "--data", str(corpus), "--out", str(out), "--profile", *extra], sample)
    if child.rc not in (0, 1):
        raise SystemExit(f"kg build failed ({child.rc}): {child.stderr.strip()[-1000:]}")
    result_dir = out / "rejected" if child.rc == 1 else out
    if not (result_dir / "kg.nq").exists():
        raise SystemExit(f"kg build exited {child.rc} but {result_dir}/kg.nq is missing")
    return KgRun(child, parse_profile(child.stderr), result_dir)


# ---------------------------------------------------------------- Oxigraph

@dataclass
class OxRun:
    seconds: float  # inside the child, around the call alone
    wall: float     # the whole child process
    peak_kib: int
    quads: int


def oxigraph(mode: str, nq: Path) -> OxRun:
    child = run_child([sys.executable, "-c", OX_CHILD, mode, str(nq)])
    if child.rc != 0:
        raise SystemExit(f"pyoxigraph {mode} failed: {child.stderr.strip()[-500:]}")
    info = json.loads(child.stdout.strip().splitlines()[-1])
    return OxRun(info["seconds"], child.wall, child.maxrss_kib, info["quads"])


# ---------------------------------------------------------------- Jena

#: The union is made in a child: made here, its memory would stay with this process, and every
#: child forked afterwards would start with (and report in ru_maxrss) this process's size.
UNION_CHILD = r"""
import importlib.util, os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
spec = importlib.util.spec_from_file_location("bench_scale", sys.argv[1])
bench = sys.modules["bench_scale"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
with open(sys.argv[2], "rb") as f, open(sys.argv[3], "wb") as out:
    out.write(bench.union_ntriples(f.read()))
"""


def write_union(nq: Path, path: Path) -> float:
    """Write the union of ``nq``'s graphs to ``path`` (in a child process); its wall seconds."""
    child = run_child([sys.executable, "-c", UNION_CHILD, str(Path(__file__).resolve()), str(nq), str(path)])
    if child.rc != 0:
        raise SystemExit(f"making the union for Jena failed: {child.stderr.strip()[-500:]}")
    return child.wall


def union_ntriples(nquads: bytes) -> bytes:
    """The union of the graphs as N-Triples, each triple once (no Store: literals stay as written)."""
    try:
        from kg.rdf.serialise import union_ntriples as kg_union
    except ImportError:
        kg_union = None
    lines = nquads.splitlines()
    if kg_union is not None and all(a <= b for a, b in zip(lines, lines[1:])):
        return kg_union(nquads)  # wants sorted N-Quads
    triples = dict.fromkeys(ln[:ln.rfind(b" <", 0, len(ln) - 2)] + b" ." for ln in lines if ln.strip())
    return b"\n".join(triples) + b"\n"


def load_jena(install: bool = True):
    """benchmarks/jena.py, with Jena installed (scripts/install-jena.sh) when missing; None if impossible."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import jena

    try:
        jena.classpath()
        return jena
    except jena.JenaMissing as exc:
        if not install:
            print(f"Jena: {exc}; skipped", file=sys.stderr)
            return None
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "install-jena.sh")], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"Jena: install-jena.sh failed: {proc.stderr.strip()}; Jena skipped", file=sys.stderr)
        return None
    jena.classpath.cache_clear()
    try:
        jena.classpath()
    except jena.JenaMissing as exc:
        print(f"Jena: {exc}; skipped", file=sys.stderr)
        return None
    return jena


# ---------------------------------------------------------------- findings

def _short_component(c: str | None) -> str:
    c = c or ""
    return c.rsplit("#", 1)[-1].removeprefix("sh:")


def compare_findings(report: dict, jena_results) -> dict:
    kg_res = report.get("validation", {}).get("results", [])
    kg_pairs = {(r["focus"], r["shape"]) for r in kg_res}
    jena_pairs = {(r[0], r[2]) for r in jena_results}
    kg_full = {(r["focus"], r.get("path"), r["shape"], r.get("value"), _short_component(r.get("component")))
               for r in kg_res}
    jena_full = {(r[0], r[1], r[2], r[3], _short_component(r[5])) for r in jena_results}
    return {"kg": len(kg_res), "jena": len(jena_results),
            "agree": len(kg_pairs & jena_pairs), "kg_only": sorted(kg_pairs - jena_pairs),
            "jena_only": sorted(jena_pairs - kg_pairs),
            "full_agree": len(kg_full & jena_full), "full_differ": len(kg_full ^ jena_full)}


def check_planted(report: dict, corpus: Path) -> dict:
    planted = json.loads((corpus / "violations.json").read_text()).get("violations", [])
    base = report.get("base", "")
    results = report.get("validation", {}).get("results", [])
    where = {}
    for r in results:
        src = r.get("source") or {}
        where.setdefault((r["focus"], src.get("file"), src.get("line")), []).append(r)
    expected = {(base + v["node"], f"{corpus.name}/{v['file']}", v["line"]): v for v in planted}
    missing = [v for key, v in expected.items() if key not in where]
    # A planted node reported elsewhere than its file:line counts as wrongly located, not as found.
    located_wrong = [v for v in missing if any(k[0] == base + v["node"] for k in where)]
    unexpected = [r for key, rs in where.items() if key not in expected for r in rs]
    return {"planted": len(planted), "found": len(planted) - len(missing), "missing": missing,
            "located_wrong": located_wrong, "unexpected": unexpected, "results": len(results)}


# ---------------------------------------------------------------- one size

def measure(label: str, states: int, events: int, args, workdir: Path, jena) -> None:
    load0 = os.getloadavg()
    corpus, synth_s = synth(label, states, events, args.violations, args.seed, workdir)
    corpus_mb = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
    out = workdir / f"out-{label}"
    union_path = workdir / f"union-{label}.nt"
    kg_runs, bulk_runs, parse_runs, jena_runs = [], [], [], []
    union_s = None
    for _ in range(args.repeat):
        kg_runs.append(kg_build(corpus, out, args.sample, shlex.split(args.build_args)))
        nq = kg_runs[-1].result_dir / "kg.nq"
        bulk_runs.append(oxigraph("bulk_load", nq))
        parse_runs.append(oxigraph("parse", nq))
        if jena is not None:
            if union_s is None:
                union_s = write_union(nq, union_path)
            jena_runs.append(jena.validate(SHAPES, union_path))
    load1 = os.getloadavg()
    last = kg_runs[-1]
    report = json.loads((last.result_dir / "report.json").read_text())
    nq_mb = (last.result_dir / "kg.nq").stat().st_size / 1e6

    med = statistics.median
    kg_wall = med(r.child.wall for r in kg_runs)
    kg_peak = max(r.child.maxrss_kib for r in kg_runs) / 1024
    kg_pss = max(r.child.tree_pss_kib for r in kg_runs) / 1024

    counted = next((f"{report[k]} {k}" for k in ("triples", "quads") if k in report), "? triples")
    print(f"\n== {label}: {states} states, {events} events, --violations {args.violations}, seed {args.seed}; "
          f"{counted} (report.json), {bulk_runs[-1].quads} distinct quads (Oxigraph); corpus {corpus_mb:.1f} MB, "
          f"kg.nq {nq_mb:.1f} MB ==")
    if synth_s:
        print(f"(kg synth took {synth_s:.2f} s)")
    print(f"load average {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f} before, "
          f"{load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f} after; {os.cpu_count()} CPUs; "
          f"{args.repeat} run(s) each: medians of seconds, maxima of peaks")

    print(f"\nkg build --profile (exit {last.child.rc}{', output in rejected/' if last.child.rc == 1 else ''})")
    print(f"  {'stage':<12} | {'seconds':>8} | {'peak MiB':>8} | note")
    names = [r.name for r in last.rows]
    if not names:
        print("  (no profile table found on stderr; the raw stderr follows)")
        print("  " + "\n  ".join(last.child.stderr.splitlines()[-20:]))
    for name in names:
        rows = [next((r for r in run.rows if r.name == name), None) for run in kg_runs]
        rows = [r for r in rows if r is not None]
        secs = med(r.seconds for r in rows)
        peak = max(r.peak_mib for r in rows)
        note = rows[-1].note
        if name == "rdf-files":
            note = f"writer process's own seconds and peak: {note or 'runs beside the build'}"
        elif name == "total":
            note = "sum of the kg process's stages; peak of the kg process"
        print(f"  {name:<12} | {secs:>8.2f} | {peak:>8.0f} | {note}".rstrip())

    print("\ntotals")
    w = 34
    print(f"  {'kg build, wall (child process)':<{w}} {kg_wall:>8.2f} s   peak {kg_peak:>6.0f} MiB "
          f"(wait4 ru_maxrss: largest single process, kg or its writer)")
    if kg_pss:
        print(f"  {'kg build, whole tree PSS (sampled)':<{w}} {'':>10}   peak {kg_pss:>6.0f} MiB "
              f"(kg + writer summed, every {args.sample:g} s)")
    b, p = med(r.seconds for r in bulk_runs), med(r.seconds for r in parse_runs)
    print(f"  {'Oxigraph Store.bulk_load kg.nq':<{w}} {b:>8.2f} s   peak {max(r.peak_kib for r in bulk_runs) / 1024:>6.0f}"
          f" MiB (in a child; {med(r.wall for r in bulk_runs):.2f} s with start-up)")
    print(f"  {'Oxigraph parse kg.nq (iterated)':<{w}} {p:>8.2f} s   peak {max(r.peak_kib for r in parse_runs) / 1024:>6.0f}"
          f" MiB (in a child; {med(r.wall for r in parse_runs):.2f} s with start-up)")
    if jena_runs:
        jw = med(r.wall_s for r in jena_runs)
        jp = max(r.peak_rss_kib for r in jena_runs) / 1024
        print(f"  {'union N-Triples for Jena':<{w}} {union_s:>8.2f} s   "
              f"({union_path.stat().st_size / 1e6:.1f} MB; not counted anywhere)")
        print(f"  {'Jena SHACL, wall (java child)':<{w}} {jw:>8.2f} s   peak {jp:>6.0f} MiB (wait4 ru_maxrss)")
    print("\nratios")
    if jena_runs:
        print(f"  kg/jena: time {kg_wall / jw:.2f} x, peak memory {kg_peak / jp:.2f} x"
              + (f" (tree PSS {kg_pss / jp:.2f} x)" if kg_pss else ""))
    print(f"  kg/oxigraph-parse: {kg_wall / p:.1f} x parse, {kg_wall / b:.1f} x bulk_load")
    if jena_runs:
        ok = kg_wall <= 1.5 * jw
        print(f"  budget: kg build <= 1.5 x Jena: {'yes' if ok else 'no'} "
              f"({kg_wall:.2f} s against {1.5 * jw:.2f} s)")
    else:
        print("  budget: kg build <= 1.5 x Jena: not measured (--no-jena or Jena missing)")

    print("\nfindings")
    if jena_runs:
        c = compare_findings(report, jena_runs[-1].results)
        verdict = "agree" if not c["kg_only"] and not c["jena_only"] else "DISAGREE"
        print(f"  kg {c['kg']} result(s), Jena {c['jena']} (conforms: kg {report.get('conforms')}, "
              f"Jena {jena_runs[-1].conforms}); (focus, shape) pairs: {c['agree']} in both, "
              f"{len(c['kg_only'])} kg only, {len(c['jena_only'])} Jena only: {verdict}")
        print(f"  on (focus, path, shape, value, component): {c['full_agree']} in both, "
              f"{c['full_differ']} in one only")
        for focus, shape in c["kg_only"][:5]:
            print(f"    kg only:   {focus} {shape}")
        for focus, shape in c["jena_only"][:5]:
            print(f"    Jena only: {focus} {shape}")
    pl = check_planted(report, corpus)
    verdict = "ok" if not pl["missing"] and not pl["unexpected"] else "NOT OK"
    print(f"  planted: {pl['planted']}, reported at their file:line {pl['found']}, missing {len(pl['missing'])} "
          f"(of which reported at another place {len(pl['located_wrong'])}), results not planted "
          f"{len(pl['unexpected'])}: {verdict}")
    for v in pl["missing"][:5]:
        print(f"    missing: {v['kind']} {v['node']} {v['file']}:{v['line']}")
    for r in pl["unexpected"][:5]:
        src = r.get("source") or {}
        print(f"    not planted: {r['focus']} {r['shape'].rsplit('#', 1)[-1]} at {src.get('file')}:{src.get('line')}")
    sys.stdout.flush()


# ---------------------------------------------------------------- main

def parse_sizes(text: str) -> list[tuple[str, int, int]]:
    sizes = []
    for item in filter(None, (s.strip() for s in text.split(","))):
        if item.lower() in SIZES:
            sizes.append((item.lower(), *SIZES[item.lower()]))
        elif re.fullmatch(r"\d+:\d+", item):
            s, e = (int(x) for x in item.split(":"))
            sizes.append((f"{s}x{e}", s, e))
        else:
            raise SystemExit(f"unknown size {item!r}: one of {', '.join(SIZES)} or STATES:EVENTS")
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=DEFAULT_SIZES,
                    help=f"comma-separated: {', '.join(f'{k} ({s}/{e})' for k, (s, e) in SIZES.items())} "
                         f"or STATES:EVENTS (default {DEFAULT_SIZES}; 1m takes 1-2 min a run with Jena)")
    ap.add_argument("--violations", type=int, default=0, help="plant this many of each kind (kg synth)")
    ap.add_argument("--seed", type=int, default=1, help="kg synth seed (default 1)")
    ap.add_argument("--jena", action=argparse.BooleanOptionalAction, default=True,
                    help="run Jena SHACL beside kg (default yes)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each measurement (default 1)")
    ap.add_argument("--sample", type=float, default=0.1,
                    help="interval of the kg process-tree PSS sampler in seconds; 0 turns it off (default 0.1)")
    ap.add_argument("--build-args", default="",
                    help="extra arguments for kg build, e.g. '--clean' (default none: OUT is emptied before "
                         "each run, so each is a first, full build)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="keep corpora and outputs here (corpora are reused); default a temporary folder")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    sizes = parse_sizes(args.sizes)
    jena = load_jena() if args.jena else None

    def run_all(workdir: Path) -> None:
        print(f"bench_scale: sizes {', '.join(s[0] for s in sizes)}; workdir {workdir}; python {sys.version.split()[0]}")
        for label, states, events in sizes:
            measure(label, states, events, args, workdir, jena)

    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run_all(args.workdir.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="kg-bench-scale-") as tmp:
            run_all(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
