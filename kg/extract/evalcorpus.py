"""The evaluation corpus of ``kg extract``: project-written documents with their gold facts.

Each document of ``tests/extract/corpus/`` is a folder laid out like ``data/``
(``entities.yaml``, ``sources/``, ``facts/``) without the reference tables; it is
scored in a temporary data folder that adds ``data/reference/``. The documents
named in ``tests/extract/corpus/HELD_OUT`` were committed with their gold before
any rule was changed for them and are kept out of all tuning.

:func:`score` runs the extraction and :func:`kg.extract.evaluate.evaluate` on one
document, and :func:`invented_dates` lists the extracted events whose date has no
ground in the text (see its docstring).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.extract import Extraction, extract_file
from kg.extract.evaluate import Report, evaluate

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "extract" / "corpus"
REFERENCE = ROOT / "data" / "reference"


@dataclass
class Scored:
    name: str
    held_out: bool
    report: Report
    invented: list[str]
    extraction: Extraction


def held_out(corpus: Path = CORPUS) -> set[str]:
    """The names of the held-out documents (one per line of ``HELD_OUT``; ``#`` starts a comment)."""
    path = corpus / "HELD_OUT"
    if not path.is_file():
        return set()
    return {line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()} - {""}


def documents(corpus: Path = CORPUS) -> list[Path]:
    """Every document folder of the corpus, in name order."""
    return sorted(p for p in corpus.iterdir() if (p / "facts").is_dir())


def score(folder: Path, reference: Path | None = REFERENCE, *, held: set[str] | None = None) -> Scored:
    """Extract the document of ``folder`` and score it against its gold facts.

    The folder's own ``reference/`` is used if it has one, else ``reference`` (None:
    none, for an older document whose registry lists its states itself)."""
    from kg.pipeline.load import load

    folder = Path(folder)
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        data = Path(tmp) / "data"
        for part in ("sources", "facts"):
            shutil.copytree(folder / part, data / part)
        shutil.copy(folder / "entities.yaml", data / "entities.yaml")
        own = folder / "reference"
        if own.is_dir() or reference is not None:
            shutil.copytree(own if own.is_dir() else reference, data / "reference")
        text = next((data / "sources").glob("*.txt"))
        extraction = extract_file(text, data_dir=data)
        corpus = load(data)
    source = next(r.source for r in corpus.records if r.kind == "fact")
    report = evaluate(extraction, corpus, source=source)
    held = held_out() if held is None else held
    return Scored(folder.name, folder.name in held, report, invented_dates(extraction), extraction)


def invented_dates(extraction: Extraction) -> list[str]:
    """The ids of extracted events whose date the text does not give them.

    A date is grounded when a date found in the event's own sentence has its value
    (a range: both its ends), or when its sentence counts it from its dispatch's
    dateline (اليوم, أمس: ``extra['dateline']``), or when the event says it took its date from an
    earlier event that its sentence refers to (``extra['dated_by']``) and that event
    has the same date. Anything else (a date carried over from another sentence) is
    invented.
    """
    events = {e.id: e for e in extraction.events}
    out = []
    for ev in extraction.events:
        if ev.date is None:
            continue
        own = {(d.value, d.end_value) for d in extraction.dates if ev.start <= d.start and d.end <= ev.end}
        if (ev.date, ev.date_end) in own:  # a range's two ends, or a single date, as the sentence gives it
            continue
        line = ev.extra.get("dateline")
        if line is not None and _counted(extraction, line, ev):
            continue
        ref = events.get(ev.extra.get("dated_by", ""))
        if ref is not None and ref is not ev and ref.start < ev.start and (ref.date, ref.date_end) == (
                ev.date, ev.date_end):
            continue
        out.append(ev.id)
    return out


def _counted(extraction: Extraction, line: dict, ev) -> bool:
    """The event's date is its paragraph's dateline plus the days its sentence counts (اليوم 0, أمس -1)."""
    from datetime import date, timedelta

    words = {0: "اليوم", -1: "مس"}  # أمس / امس
    dateline = next((d for d in extraction.dates if d.start == line["start"] and d.precision == "day"), None)
    if dateline is None or dateline.start > ev.start or words[line["days"]] not in ev.quote:
        return False
    return (date.fromisoformat(dateline.value) + timedelta(days=line["days"])).isoformat() == ev.date
