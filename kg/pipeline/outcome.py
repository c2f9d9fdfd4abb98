"""What a build found: its counts, coverage, checks and validation report, and ``report.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.pipeline.validate import ValidationReport


@dataclass
class BuildOutcome:
    """The result of ``kg build``: where it wrote, what it counted and what validation said."""

    out_dir: Path
    written_to: Path  # OUT, or OUT/rejected when the data does not conform
    counts: dict[str, int]  # instances per class
    quads: int  # distinct quads (lines of kg.nq)
    graphs: int  # named graphs, the ontology's not counted
    coverage: list[dict]  # one entry of kg.pipeline.coverage.as_dict per source
    report: ValidationReport
    checks: dict[str, int] = field(default_factory=dict)  # check name -> rows returned
    incremental: bool = False  # rebuilt from the cache of the last build (kg.pipeline.incremental)

    @property
    def ok(self) -> bool:
        """The data conforms to the shapes, every check query returned no rows, every sentence is accounted for."""
        return self.report.conforms and not any(self.checks.values()) and not self.coverage_problems

    @property
    def coverage_problems(self) -> int:
        """Sentences no fact cites and no entry lists, and entries listing sentences a fact does cite."""
        return sum(len(c["unaccounted"]) + len(c["stale_uncovered_entries"]) for c in self.coverage)


def report_json(base: str, report: ValidationReport, counts: dict[str, int], quads: int, graphs: int,
                coverage: list[dict], checks: dict[str, int], sources: dict[str, dict]) -> bytes:
    """``report.json``: counts, coverage, checks, the SHACL report and the sources' hashes, keys sorted."""
    return (json.dumps({
        "base": base,
        "conforms": report.conforms,
        "counts": counts,
        "quads": quads,
        "named_graphs": graphs,
        "coverage": coverage,
        "checks": checks,
        "validation": json.loads(report.to_json()),
        "sources": sources,
    }, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
