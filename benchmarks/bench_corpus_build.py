"""Benchmark: `kg build` on the first source alone against a corpus of ten sources, several pairs.

Two data folders are built, each with a clean build per run:

first source
    ``data/`` as it is: the first source (Kuwait–Azerbaijan) and its facts.
ten sources
    A temporary data folder: a copy of ``data/`` plus every document of
    ``tests/extract/corpus/*/`` (the nine project-written test documents, several
    pairs). Each document's ``sources/*`` and ``facts/*`` files are copied into the
    folder's ``sources/`` and ``facts/`` (a file name already there is an error; each
    document's fact ids get a prefix of their own, see :func:`own_ids`), and
    the entries of its ``entities.yaml`` are appended to the folder's
    ``entities.yaml``, skipping an entry whose id is already there (from ``data/`` or
    an earlier document; documents are taken in name order). An id skipped with
    a record different from the one kept is listed. Nothing under ``data/`` or
    ``tests/`` is changed. The documents are built from their gold facts; no
    extraction is run, so the held-out documents are not scored or looked at.

Each build is ``kg build --data DIR --out OUT --clean`` (the ``kg`` script beside
this interpreter, else ``python -m kg``) as a child process, OUT removed first,
so that each run is a first, full build. The runs of the two folders are
interleaved (never concurrent). Measured per run (``benchmarks/measure.py``):

* wall time (median of the runs is printed);
* peak RSS from ``os.wait4``: on Linux the largest *single* process of the tree
  (kg or a descendant it reaped, e.g. its writer process), not their sum;
* peak summed PSS of the process tree, sampled every 0.1 s from
  ``/proc/PID/smaps_rollup`` (a sum over the tree that counts shared pages once;
  a child living less than the interval may be missed);
* the number of quads, from the ``Built N quads`` line.

Peaks are maxima over the runs. The ratios ten sources / first source are printed
for time, both memory figures and quads. The ten-source build must exit 0 with
``SHACL: conforms``: a build that does not is not run again, what it printed is
shown, the other folder's figures are still printed (without ratios), and the
script exits 1. Nothing is asserted about speed or memory.

    .venv/bin/python benchmarks/bench_corpus_build.py [--repeat 3] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import run_child  # noqa: E402

DATA = ROOT / "data"
CORPUS = ROOT / "tests" / "extract" / "corpus"
BUILT = re.compile(r"^Built (\d+) quads", re.M)


def kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "kg"]


def documents() -> list[Path]:
    """The document folders of the evaluation corpus, in name order."""
    return sorted(p for p in CORPUS.iterdir() if (p / "sources").is_dir() and (p / "facts").is_dir())


def entries(path: Path) -> list[dict]:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("entities") or []


def own_ids(facts: Path, prefix: str) -> str:
    """A facts file with its fact ids made its own (``prefix``-id), and every reference to them in the file.

    The documents were written apart and reuse ids (a retelling of the first source keeps its
    ids; two documents of one pair share some): in one data folder every id must be unique.
    """
    doc = yaml.safe_load(facts.read_text(encoding="utf-8"))
    ids = {f["id"] for f in doc.get("facts", [])}

    def renamed(value):
        if isinstance(value, str):
            return f"{prefix}-{value}" if value in ids else value
        if isinstance(value, list):
            return [renamed(v) for v in value]
        if isinstance(value, dict):
            return {k: (v if k in ("label", "quote") else renamed(v)) for k, v in value.items()}
        return value

    doc["facts"] = [{k: (v if k in ("quote", "label", "note", "type") else renamed(v)) for k, v in f.items()}
                    for f in doc.get("facts", [])]
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


def make_corpus(dest: Path) -> dict:
    """Write the ten-source data folder at ``dest``; what was merged."""
    shutil.copytree(DATA, dest)
    kept = {e["id"]: e for e in entries(dest / "entities.yaml")}
    added, skipped, differing = 0, 0, []
    chunks = []
    docs = documents()
    for doc in docs:
        for part in ("sources", "facts"):
            for f in sorted((doc / part).iterdir()):
                target = dest / part / f.name
                if target.exists():
                    raise SystemExit(f"{doc.name}: {part}/{f.name} is already in the data folder")
                if part == "facts":
                    target.write_text(own_ids(f, f"d{docs.index(doc) + 1}"), encoding="utf-8")
                else:
                    shutil.copy2(f, target)
        new = []
        for e in entries(doc / "entities.yaml"):
            if e["id"] in kept:
                skipped += 1
                if kept[e["id"]] != e:
                    differing.append(f"{e['id']} (in {doc.name})")
                continue
            kept[e["id"]] = e
            new.append(e)
        added += len(new)
        if new:
            dumped = yaml.safe_dump(new, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
            chunks.append(f"\n  # --- from tests/extract/corpus/{doc.name}/entities.yaml\n"
                          + "".join(f"  {line}\n" if line else "\n" for line in dumped.splitlines()))
    registry = dest / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text + ("" if text.endswith("\n") else "\n") + "".join(chunks), encoding="utf-8")
    if len(entries(registry)) != len(kept):  # the appended text must parse as entries of the same list
        raise SystemExit(f"{registry}: {len(entries(registry))} entries after the merge, expected {len(kept)}")
    return {"documents": [d.name for d in docs], "sources": len(list((dest / "sources").glob("*.yaml"))),
            "entities_added": added, "entities_skipped": skipped, "skipped_differing": differing}


def build(data: Path, out: Path) -> dict:
    """One clean build of ``data`` into ``out`` (removed first)."""
    shutil.rmtree(out, ignore_errors=True)
    child = run_child(kg_command() + ["build", "--data", str(data), "--out", str(out), "--clean"],
                      cwd=ROOT, sample=0.1)
    printed = child.stdout + child.stderr
    m = BUILT.search(printed)
    return {"rc": child.rc, "wall": child.wall, "maxrss_kib": child.maxrss_kib, "pss_kib": child.tree_pss_kib,
            "quads": int(m.group(1)) if m else None, "conforms": "SHACL: conforms" in printed,
            "stdout": child.stdout, "stderr": child.stderr}


def failed(run: dict) -> bool:
    return run["rc"] != 0 or not run["conforms"]


def summary(runs: list[dict]) -> dict:
    return {"runs": len(runs), "median_s": statistics.median(r["wall"] for r in runs),
            "walls_s": [round(r["wall"], 3) for r in runs],
            "peak_rss_mib": max(r["maxrss_kib"] for r in runs) / 1024,
            "peak_tree_pss_mib": max(r["pss_kib"] for r in runs) / 1024,
            "quads": runs[-1]["quads"], "rc": [r["rc"] for r in runs], "conforms": all(r["conforms"] for r in runs)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="clean builds of each folder (default 3)")
    ap.add_argument("--keep", type=Path, help="write the ten-source data folder and the builds here and keep them "
                                              "(default: a temporary folder, removed at the end)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-corpus-bench-") as tmp:
        work = args.keep or Path(tmp)
        if args.keep and work.exists():
            ap.error(f"--keep {work}: already exists")
        corpus_dir = work / "ten-sources-data"
        merged = make_corpus(corpus_dir)
        folders = {"first source": DATA, "ten sources": corpus_dir}
        runs: dict[str, list[dict]] = {name: [] for name in folders}
        for _ in range(args.repeat):
            for name, data in folders.items():
                if not any(failed(r) for r in runs[name]):  # a failed build is not run again
                    runs[name].append(build(data, work / f"out-{name.replace(' ', '-')}"))

    bad = {name: next(r for r in rs if failed(r)) for name, rs in runs.items() if any(failed(r) for r in rs)}
    res = {name: summary(rs) for name, rs in runs.items() if name not in bad}
    first, ten = res.get("first source"), res.get("ten sources")
    ratios = None
    if first and ten:
        ratios = {"time": ten["median_s"] / first["median_s"],
                  "peak_rss": ten["peak_rss_mib"] / first["peak_rss_mib"],
                  "peak_tree_pss": ten["peak_tree_pss_mib"] / first["peak_tree_pss_mib"]
                  if first["peak_tree_pss_mib"] else None, "quads": ten["quads"] / first["quads"]}
    for name, r in bad.items():
        print(f"{name}: kg build exited {r['rc']}" + ("" if r["conforms"] else " without 'SHACL: conforms'")
              + "; not run again. It printed:\n" + r["stdout"] + r["stderr"], file=sys.stderr)
    if args.json:
        print(json.dumps({"merge": merged, "builds": res, "ratios": ratios,
                          "failed": {n: {"rc": r["rc"], "printed": r["stdout"] + r["stderr"]} for n, r in bad.items()}},
                         ensure_ascii=False, indent=2))
        return 1 if bad else 0
    print(f"Ten-source folder: data/ + {len(merged['documents'])} documents of tests/extract/corpus/ = "
          f"{merged['sources']} sources; {merged['entities_added']} registry entries appended, "
          f"{merged['entities_skipped']} skipped (id already there)")
    if merged["skipped_differing"]:
        print("  skipped with a record different from the one kept: " + ", ".join(merged["skipped_differing"]))
    print(f"kg build --clean, {args.repeat} runs each (interleaved):")
    print(f"  {'':<14} {'median':>8} {'peak RSS':>9} {'tree PSS':>9} {'quads':>7}")
    for name, r in res.items():
        print(f"  {name:<14} {r['median_s']:6.2f} s {r['peak_rss_mib']:5.0f} MiB {r['peak_tree_pss_mib']:5.0f} MiB "
              f"{r['quads']:>7}   runs {', '.join(f'{w:.2f}' for w in r['walls_s'])} s")
    for name in bad:
        print(f"  {name:<14} failed (see above): no figures")
    if ratios:
        pss = f"{ratios['peak_tree_pss']:.2f}" if ratios["peak_tree_pss"] is not None else "n/a"
        print(f"  ratio ten/first: time {ratios['time']:.2f}, peak RSS {ratios['peak_rss']:.2f}, "
              f"tree PSS {pss}, quads {ratios['quads']:.2f}")
    print("  (peak RSS: largest single process, from wait4; tree PSS: summed over the process tree, "
          "sampled every 0.1 s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
