"""The functions behind the ``kg`` commands, callable from notebooks and tests.

``build_graph`` runs the pipeline (load → build → validate → checks) and
writes the outputs; the CLI only parses arguments and prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import ONTOLOGY_FILE, SHAPES_FILE, base_iri


@dataclass
class BuildOutcome:
    out_dir: Path
    written_to: Path  # OUT, or OUT/rejected when the data does not conform
    counts: dict[str, int]
    triples: int
    graphs: int
    coverage: list[dict]
    report: "object"  # kg.validate.ValidationReport
    checks: dict[str, int] = field(default_factory=dict)  # check name -> rows returned

    @property
    def ok(self) -> bool:
        return self.report.conforms and not any(self.checks.values()) and not self.coverage_problems

    @property
    def coverage_problems(self) -> int:
        return sum(len(c["unaccounted"]) + len(c["stale_uncovered_entries"]) for c in self.coverage)


def build_graph(data_dir: Path, out_dir: Path, base: str | None = None, *,
                ontology_path: Path | None = None, shapes_path: Path | None = None) -> BuildOutcome:
    """Load, build, validate and check ``data_dir``; write into ``out_dir``.

    A conforming dataset replaces the outputs in ``out_dir``; one that violates
    the shapes or a check goes to ``out_dir/rejected/`` and the last conforming
    output is left untouched. Bad input raises before anything is written.
    """
    from kg import coverage as cov
    from kg.build import build
    from kg.load import load
    from kg.ontology import Ontology
    from kg.output import replace_dir, serialise, write_all
    from kg.query import OxigraphStore, run_checks
    from kg.validate import load_shapes, validate

    base = base_iri(base)
    corpus = load(data_dir)
    onto = Ontology(ontology_path or ONTOLOGY_FILE)
    shapes = load_shapes(shapes_path or SHAPES_FILE)
    built = build(corpus, onto, base)
    union = built.union()
    report = validate(union, shapes, dataset=built.dataset)
    files = serialise(built.dataset, union)
    # The check queries run on an in-memory Oxigraph loaded from the N-Quads just written:
    # the same answers as rdflib (tests/test_checks.py), in milliseconds instead of a second.
    checks = {name: len(res.rows) for name, res in run_checks(OxigraphStore.from_bytes(files["kg.nq"])).items()}
    coverage = cov.as_dict(cov.coverage(corpus))
    outcome = BuildOutcome(out_dir, out_dir, built.counts, len(union),
                           len(list(built.dataset.graphs())) - 1, coverage, report, checks)
    files["report.json"] = (json.dumps({
        "base": base,
        "conforms": report.conforms,
        "counts": built.counts,
        "triples": outcome.triples,
        "named_graphs": outcome.graphs,
        "coverage": coverage,
        "checks": checks,
        "validation": json.loads(report.to_json()),
        "sources": {sid: {"file": str(s.text_path.name), "sha256": s.sha256}
                    for sid, s in sorted(corpus.sources.items())},
    }, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if outcome.ok:
        write_all(out_dir, files)
    else:
        outcome.written_to = out_dir / "rejected"
        replace_dir(outcome.written_to, files)
    return outcome


def validate_file(path: Path, shapes_path: Path | None = None):
    """Validate any RDF file against the shapes (the ontology is added when absent)."""
    from rdflib import URIRef

    from kg.build import stamp_version
    from kg.config import ONTOLOGY_FILE, ONTOLOGY_IRI
    from kg.validate import load_shapes, read_rdf, validate

    union, ds = read_rdf(path)
    if (URIRef(ONTOLOGY_IRI), None, None) not in union:
        union.parse(ONTOLOGY_FILE, format="turtle")
        stamp_version(union)
    return validate(union, load_shapes(shapes_path or SHAPES_FILE), dataset=ds)
