"""Apache Jena SHACL as a measuring stick for the benchmarks (not a dependency of kg).

Runs Debian's Jena 4.5 (``libapache-jena-java``, installed by
``scripts/install-jena.sh``) as ``java -cp CP shacl.shacl validate`` on a shapes
file and a data file, and reports wall time, the child's peak RSS, whether the
data conforms and the validation results, parsed from Jena's Turtle report with
rdflib.

    python benchmarks/jena.py --shapes ontology/shapes.ttl --data union.nt

Debian's jars carry no Class-Path, and ``/usr/share/java/*`` holds several SLF4J
bindings at once, so :func:`classpath` builds an explicit one (see there).
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_child  # noqa: E402

JAVA_DIR = Path("/usr/share/java")
DPKG_INFO = Path("/var/lib/dpkg/info")
JENA_PACKAGE = "libapache-jena-java"
CACHE_DIR = Path.home() / ".cache" / "kg-bench" / "jena-xerces"
XERCES_PREFIX = "org/apache/jena/ext/xerces/"
XERCES_DIRS = ("impl/msg/", "impl/xpath/regex/")
SLF4J_BINDER = "org/slf4j/impl/StaticLoggerBinder.class"
# Not needed by Jena and best left out: a bridge that loops with a log4j binding, and a GUI tool.
SKIP_JARS = {"log4j-over-slf4j.jar", "slf4j-migrator.jar"}
SH = "http://www.w3.org/ns/shacl#"
INSTALL_HINT = "run scripts/install-jena.sh (as root)"
RSS_SOURCE = "os.wait4 rusage of the java child (ru_maxrss)"


class JenaMissing(RuntimeError):
    """java or Debian's Jena jars are not installed."""


class JenaFailed(RuntimeError):
    """Jena ran but did not produce a validation report."""


Result = tuple[str, "str | None", str, "str | None", str, str]


@dataclass(frozen=True)
class JenaRun:
    """One run of Jena's ``shacl validate``.

    ``peak_rss_kib`` is the child's peak resident set size in KiB, taken from the
    rusage that ``os.wait4`` returns for that one child (exact per child, unlike a
    ``RUSAGE_CHILDREN`` delta, which is a maximum over all children so far).
    ``results`` are tuples (focus, path or None, source shape, value or None,
    severity, constraint component), sorted; blank nodes show as ``"_:bnode"``
    (a blank-node path: a complex path), literals in N-Triples form (as kg's
    report.json shows them), IRIs in SHACL's namespace as ``sh:Name``.
    """

    wall_s: float
    peak_rss_kib: int
    conforms: bool
    results: list[Result]
    rss_source: str = RSS_SOURCE

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss_kib / 1024


# ---------------------------------------------------------------- classpath

def _installed_java_packages() -> dict[str, list[list[str]]]:
    """Installed ``*-java`` packages and their Depends (alternatives as inner lists)."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package}\t${db:Status-Status}\t${Depends}\t${Pre-Depends}\n"],
            capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise JenaMissing(f"cannot query dpkg ({exc}); {INSTALL_HINT}") from None
    packages = {}
    for line in out.splitlines():
        name, status, *deps = line.split("\t")
        if status != "installed":
            continue
        alternatives = []
        for clause in ",".join(deps).split(","):
            if clause.strip():
                names = [re.split(r"[\s(:]", alt.strip(), maxsplit=1)[0] for alt in clause.split("|")]
                alternatives.append(names)
        packages[name] = alternatives
    return packages


def _dependency_closure(root: str, packages: dict[str, list[list[str]]]) -> list[str]:
    """``root`` and the installed ``*-java`` packages it depends on, transitively."""
    if root not in packages:
        raise JenaMissing(f"{root} is not installed; {INSTALL_HINT}")
    seen: list[str] = []
    stack = [root]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.append(name)
        for alternatives in packages.get(name, []):
            for alt in alternatives:
                if alt in packages and alt.endswith("-java"):
                    stack.append(alt)
                    break
    return seen


def _package_jars(package: str) -> list[Path]:
    """The jars a package ships in /usr/share/java, one name per file (the unversioned symlink)."""
    listing = DPKG_INFO / f"{package}.list"
    if not listing.exists():
        return []
    by_target: dict[str, Path] = {}
    for line in listing.read_text().splitlines():
        path = Path(line.strip())
        if path.parent == JAVA_DIR and path.suffix == ".jar" and path.exists():
            target = os.path.realpath(path)
            if target not in by_target or len(path.name) < len(by_target[target].name):
                by_target[target] = path
    return sorted(by_target.values())


def _is_slf4j_binding(jar: Path) -> bool:
    try:
        with zipfile.ZipFile(jar) as zf:
            return SLF4J_BINDER in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def xerces_dir(cache: Path = CACHE_DIR) -> Path:
    """The folder holding jena-core.jar's xerces message bundles as ``xerces/impl/...``.

    Debian's Jena 4.5 looks its shaded xerces' resource bundles up under
    ``xerces.impl.msg`` and ``xerces.impl.xpath.regex`` while jena-core.jar has them
    under ``org/apache/jena/ext/xerces/``; without them every run dies while Jena
    initialises its XSD datatypes (ExceptionInInitializerError in
    xerces.impl.dv.SchemaDVFactory). Copied on first use, again when a size differs.
    """
    core = JAVA_DIR / "jena-core.jar"
    if not core.exists():
        raise JenaMissing(f"{core} not found; {INSTALL_HINT}")
    with zipfile.ZipFile(core) as zf:
        for info in zf.infolist():
            name = info.filename
            if not (name.startswith(XERCES_PREFIX) and name.endswith(".properties")):
                continue
            rel = name[len(XERCES_PREFIX):]
            if not rel.startswith(XERCES_DIRS):
                continue
            dest = cache / "xerces" / rel
            if dest.exists() and dest.stat().st_size == info.file_size:
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + f".{os.getpid()}.tmp")
            tmp.write_bytes(zf.read(info))
            tmp.replace(dest)
    return cache


@functools.lru_cache(maxsize=None)
def classpath() -> str:
    """An explicit classpath for Debian's Jena 4.5.

    Recipe: the xerces bundle folder (:func:`xerces_dir`) first; then the jars in
    /usr/share/java of ``libapache-jena-java`` and of every installed ``*-java``
    package it depends on, transitively (Depends/Pre-Depends, first installed
    alternative), unversioned names, leaving out every SLF4J binding (jars with
    ``org/slf4j/impl/StaticLoggerBinder.class``) and log4j-over-slf4j and
    slf4j-migrator; then ``slf4j-nop.jar`` as the one binding. (``/usr/share/java/*``
    would bring several bindings at once.)
    """
    if shutil.which("java") is None:
        raise JenaMissing(f"java not found; {INSTALL_HINT}")
    packages = _installed_java_packages()
    jars: list[Path] = []
    for package in _dependency_closure(JENA_PACKAGE, packages):
        jars.extend(j for j in _package_jars(package) if j not in jars)
    if not any(j.name == "jena-shacl.jar" for j in jars):
        raise JenaMissing(f"jena-shacl.jar not found in {JAVA_DIR}; {INSTALL_HINT}")
    nop = JAVA_DIR / "slf4j-nop.jar"
    if not nop.exists():
        raise JenaMissing(f"{nop} not found; {INSTALL_HINT}")
    jars = [j for j in jars if j.name not in SKIP_JARS and not _is_slf4j_binding(j)]
    jena = sorted(j for j in jars if j.name.startswith("jena-"))
    others = sorted(j for j in jars if not j.name.startswith("jena-"))
    entries = [xerces_dir()] + jena + others + [nop]
    return os.pathsep.join(str(e) for e in entries)


# ---------------------------------------------------------------- validation

def _show(node) -> str | None:
    from rdflib import BNode, Literal

    if node is None:
        return None
    if isinstance(node, BNode):
        return "_:bnode"
    if isinstance(node, Literal):
        return node.n3()
    text = str(node)
    return "sh:" + text[len(SH):] if text.startswith(SH) else text


def parse_report(turtle: str) -> tuple[bool, list[Result]]:
    """``sh:conforms`` and the sorted result tuples of a Turtle validation report."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    sh = Namespace(SH)
    g = Graph()
    # rdflib logs a traceback for each ill-typed literal (e.g. a reported bad xsd:date): keep it quiet.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)
    try:
        g.parse(data=turtle, format="turtle")
    except Exception as exc:
        raise JenaFailed(f"cannot parse Jena's report: {exc}") from None
    finally:
        term_log.setLevel(level)
    reports = list(g.subjects(RDF.type, sh.ValidationReport))
    if len(reports) != 1:
        raise JenaFailed(f"expected one sh:ValidationReport in Jena's output, found {len(reports)}")
    conforms = g.value(reports[0], sh.conforms)
    results = []
    for res in g.objects(reports[0], sh.result):
        results.append((
            _show(g.value(res, sh.focusNode)),
            _show(g.value(res, sh.resultPath)),
            _show(g.value(res, sh.sourceShape)),
            _show(g.value(res, sh.value)),
            _show(g.value(res, sh.resultSeverity)),
            _show(g.value(res, sh.sourceConstraintComponent)),
        ))
    results.sort(key=lambda r: tuple(x or "" for x in r))
    return bool(conforms is not None and conforms.toPython()), results


def validate(shapes: Path, data: Path, timeout: float | None = None) -> JenaRun:
    """Run Jena's ``shacl validate --shapes SHAPES --data DATA`` and parse its report.

    ``data`` must be Turtle or N-Triples (Jena picks the syntax by file
    extension): given TriG or N-Quads, Jena validates only the *default graph*,
    not the union of the named graphs, so write the union out as N-Triples first.
    Raises :class:`JenaMissing` when java or Jena is not installed,
    :class:`JenaFailed` when Jena exits non-zero, times out or prints no report.
    """
    cmd = ["java", "-cp", classpath(), "shacl.shacl", "validate",
           "--shapes", str(shapes), "--data", str(data)]
    try:
        child = run_child(cmd, timeout=timeout)
    except FileNotFoundError:
        raise JenaMissing(f"java not found; {INSTALL_HINT}") from None
    if child.timed_out:
        raise JenaFailed(f"Jena timed out after {timeout} s")
    if child.rc != 0:
        first = next((ln for ln in child.stderr.splitlines() if ln.strip()), "no message")
        raise JenaFailed(f"Jena exited with {child.rc}: {first}")
    conforms, results = parse_report(child.stdout)
    return JenaRun(wall_s=child.wall, peak_rss_kib=child.maxrss_kib, conforms=conforms, results=results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", type=Path, required=True, help="SHACL shapes (Turtle)")
    parser.add_argument("--data", type=Path, required=True, help="data graph, Turtle or N-Triples (not TriG)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds before Jena is killed")
    parser.add_argument("--show", type=int, default=10, help="how many results to print (default 10)")
    args = parser.parse_args(argv)
    for path in (args.shapes, args.data):
        if not path.is_file():
            print(f"jena: {path}: no such file", file=sys.stderr)
            return 2
    try:
        run = validate(args.shapes, args.data, timeout=args.timeout)
    except JenaMissing as exc:
        print(f"jena: {exc}", file=sys.stderr)
        return 3
    except JenaFailed as exc:
        print(f"jena: {exc}", file=sys.stderr)
        return 1
    print(f"Jena SHACL: {run.wall_s:.2f} s wall, peak RSS {run.peak_rss_mib:.0f} MiB ({run.rss_source})")
    print(f"conforms: {run.conforms}; {len(run.results)} result(s)")
    for focus, path, shape, value, severity, component in run.results[:args.show]:
        print(f"  {severity} {focus} {path or '-'} {value or '-'} [{shape}; {component}]")
    if len(run.results) > args.show:
        print(f"  ... {len(run.results) - args.show} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
