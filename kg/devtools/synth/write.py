"""Writing a planned synthetic corpus: source texts, source records, facts files, the registry, the manifest.

The facts files and the registry are written with the one writer of the
curated format, :class:`kg.pipeline.facts_format.FactsWriter` (block style:
values are YAML flow text made here, which keeps writing a million triples fast).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from bisect import bisect_left
from pathlib import Path

from kg.devtools.synth.model import Doc, Entity, Fact, Mention, Sentence, Term, ar_num, month_str
from kg.devtools.synth.registry import World
from kg.devtools.synth.tables import SEGMENTS, VIOLATION_KINDS
from kg.pipeline import facts_format as ff
from kg.pipeline.facts_format import scalar


def value_text(v: object) -> str:
    """A property value as YAML flow text: facts, terms and entities by id, lists and mappings in flow style.

    >>> value_text([Entity("state-1", "State", "State 1", "-"), "x: y"])
    '[state-1, "x: y"]'
    """
    if isinstance(v, str):  # the most common case first: this runs for every value of every fact
        return scalar(v)
    if isinstance(v, (Fact, Term, Entity)):
        return v.id
    if isinstance(v, list):
        return "[" + ", ".join([value_text(x) for x in v]) + "]"
    return ff.flow(v)


def render(doc: Doc) -> None:
    """Number the sentences in date order and assemble the text; offsets of every sentence."""
    a, b = doc.a, doc.b
    header = [f"معلومات تاريخية عامة / السياسة الخارجية / {a.ar} - {b.ar}", f"العلاقات بين {a.ar} و{b.ar}"]
    paragraphs = list(header)
    pos = sum(len(h) for h in header) + 2 * len(header)
    n = 0
    doc.clusters.sort(key=lambda c: c.when)  # stable: clusters of one day keep their order
    for cluster in doc.clusters:
        sentences = []
        for i, s in enumerate(cluster.sentences):
            if i:
                pos += 1
            n += 1
            s.start = pos
            s.text = f"{s.body} (البند {ar_num(n)})."
            pos += len(s.text)
            sentences.append(s.text)
        paragraphs.append(" ".join(sentences))
        pos += 2
    doc.text = "\n\n".join(paragraphs) + "\n"


def quote_text(doc: Doc, s: Sentence, key: str | None, cache: dict[str, list[int]]) -> str:
    """The quote of a fact as YAML text: the sentence, or its phrase ``key`` (with its occurrence when repeated).

    ``cache`` keeps the offsets of each phrase in the document's text.
    """
    if key is None:
        return scalar(s.text)
    start, end = s.marks[key]
    exact = s.text[start:end]
    at = s.start + start
    starts = cache.get(exact)
    if starts is None:
        starts, i = [], doc.text.find(exact)
        while i >= 0:  # non-overlapping, as the loader's re.finditer counts them
            starts.append(i)
            i = doc.text.find(exact, i + len(exact))
        cache[exact] = starts
    k = bisect_left(starts, at)
    if k == len(starts) or starts[k] != at:
        return scalar(s.text)  # an overlapping occurrence: quote the sentence instead
    if len(starts) == 1:
        return scalar(exact)
    return f"{{exact: {scalar(exact)}, occurrence: {k + 1}}}"


def term_fact(m: Mention) -> Fact:
    """The fact a mention writes: the ``OfficeTerm`` at the first mention of a term, else what it adds to it."""
    t, ev = m.term, m.event
    on = ev.date.literal if ev.date is not None else None
    if t.fact is None:
        props = [("holder", t.person.id), ("office", t.office.id)]
        if t.dated:
            props += [("termStart", month_str(t.start)), ("termEnd", month_str(t.end))]
        t.fact = Fact("term", "OfficeTerm", quote=m.key, id=t.id, props=props, violation=t.violation,
                      label={"en": f"{t.person.en} as {t.office.en}", "ar": f"{t.person.ar} {t.office.ar}"})
        f = t.fact
    else:
        f = Fact("attested", resource=t.fact, quote=m.key)
    if on is not None:
        f.props.append(("attestedOn", on))
    f.props.append(("attestedIn", ev))
    return f


def write_facts(doc: Doc) -> tuple[str, list[Fact]]:
    """The facts file of ``doc`` (rendered) and its facts, each given its id and line."""
    out = ff.FactsWriter(ff.BlockStyle())
    out.comment(f"Facts drawn from sources/{doc.id}.ar.txt (synthetic, written by kg.synth).")
    out.entry(ff.SOURCE, doc.id)
    out.blank()
    out.section(ff.FACTS)
    out.blank()
    facts: list[Fact] = []
    cache: dict[str, list[int]] = {}
    counter = 0

    def emit(f: Fact, s: Sentence) -> None:
        f.line = out.record(ff.fact_fields(
            f.id, type=f.type, resource=value_text(f.resource) if f.type is None else None,
            quote=quote_text(doc, s, f.quote, cache), props=[(k, value_text(v)) for k, v in f.props],
            date=f.date.yaml() if f.date is not None else None,
            label=value_text(f.label) if f.label is not None else None))
        facts.append(f)

    for cluster in doc.clusters:
        for s in cluster.sentences:
            for f in s.facts:  # ids first: facts of a sentence may name each other
                if f.id is None:
                    counter += 1
                    f.id = f"{doc.short}-{counter:05d}-{f.kind}"
            for f in s.facts:
                emit(f, s)
            for m in s.mentions:
                f = term_fact(m)
                if f.id is None:
                    counter += 1
                    f.id = f"{doc.short}-{counter:05d}-{f.kind}"
                emit(f, s)
    out.comment("Every sentence of the source is cited by a fact.")
    out.empty_section(ff.UNCOVERED)
    return out.text(), facts


def write_registry(w: World) -> tuple[str, int]:
    """The entity registry (rendered) and its number of entities."""
    out = ff.FactsWriter(ff.BlockStyle())
    out.comment(f"Synthetic entity registry written by kg.synth (seed {w.seed}, {w.n_states} states).")
    out.comment("Invented states, places, offices and persons; nothing here is true.")
    out.section(ff.ENTITIES)
    out.blank()
    n = 0
    groups = [("States and capitals", [e for st in w.states for e in (st.entity, st.capital)]),
              ("Offices", [o for st in w.states for o in st.offices.values()] + w.extra_entities),
              ("Organisations", [o for st in w.states for o in st.orgs.values()]),
              ("Topics", w.topics),
              ("Persons", w.names.people)]
    for title, entities in groups:
        out.comment(f"--- {title} ---", indent="  ")
        for e in entities:
            out.record(ff.entity_fields(e.id, type=e.type, label=ff.flow({"en": e.en, "ar": e.ar}),
                                        props=[(k, value_text(v)) for k, v in e.props]))
            n += 1
    return out.text(), n


def source_meta(doc: Doc, sha: str, seed: int) -> str:
    """The source record of ``doc`` (``sources/<id>.yaml``), its text's digest ``sha``."""
    a, b = doc.a, doc.b
    q = scalar
    return "\n".join([
        "# Metadata of one synthetic source document (kg.synth); the text beside it is generated.",
        f"{ff.SOURCE_ID}: {doc.id}",
        f"{ff.SOURCE_TEXT}: {doc.id}.ar.txt",
        f"{ff.SOURCE_SHA256}: {sha}",
        "language: ar",
        "title:",
        f"  ar: {q(f'العلاقات بين {a.ar} و{b.ar}')}",
        f"  en: {q(f'Relations between {a.en} and {b.en}')}",
        "categoryPath:",
        f"  ar: {q(f'معلومات تاريخية عامة / السياسة الخارجية / {a.ar} - {b.ar}')}",
        f"  en: {q(f'General historical information / Foreign policy / {a.en} – {b.en}')}",
        "publisher:",
        "  en: kg.synth, the synthetic-corpus generator of this project",
        "rights:",
        "  en: Generated text, free of rights; nothing in it is true.",
        "author: unknown",
        "published: unknown",
        f"note: Synthetic text generated by kg.synth with seed {seed}; states, persons and events are invented.",
    ]) + "\n"


def prepare(out: Path) -> None:
    """Refuse ``out`` unless it is new, empty, or a folder written earlier by :func:`synthesize` (which the
    new corpus replaces whole: see :func:`kg.pipeline.write.new_folder`)."""
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out}: a file; give a new folder")
    if out.exists() and any(out.iterdir()):
        marker = out / "violations.json"
        try:
            ours = json.loads(marker.read_text(encoding="utf-8")).get("generator") == "kg.synth"
        except (OSError, ValueError, AttributeError):
            ours = False
        if not ours:
            raise FileExistsError(f"{out}: not empty and not written by kg.synth; give a new folder")


def write_document(out: Path, doc: Doc, seed: int) -> tuple[list[Fact], list[dict]]:
    """Write the text, source record and facts file of ``doc``; return its facts and its planted violations."""
    render(doc)
    raw = doc.text.encode("utf-8")
    (out / "sources" / f"{doc.id}.ar.txt").write_bytes(raw)
    (out / "sources" / f"{doc.id}.yaml").write_bytes(
        source_meta(doc, hashlib.sha256(raw).hexdigest(), seed).encode("utf-8"))
    shown = f"facts/{doc.id}.yaml"
    text, facts = write_facts(doc)
    (out / shown).write_bytes(text.encode("utf-8"))
    planted = [{"kind": f.violation, "fact": f.id, "node": f"{SEGMENTS[f.type]}/{f.id}", "file": shown,
                "line": f.line}
               for f in facts if f.violation]
    return facts, planted


def write_manifest(out: Path, arguments: dict[str, int], planted: list[dict]) -> None:
    """``violations.json``: the arguments and the planted violations, in the order of :data:`VIOLATION_KINDS`."""
    order = {k: i for i, k in enumerate(VIOLATION_KINDS)}
    planted.sort(key=lambda v: (order[v["kind"]], v["file"], v["line"]))
    manifest = {
        "generator": "kg.synth",
        "arguments": arguments,
        "note": "file is relative to this folder; kg names it <folder name>/file in reports",
        "violations": planted,
    }
    (out / "violations.json").write_bytes(
        (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
