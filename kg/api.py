"""The API: one function per thing a user does, behind every ``kg`` command, the notebooks and the tests.

The CLI parses arguments and calls these functions only; each of them calls
the stages of :mod:`kg.pipeline`, the engines of :mod:`kg.rdf` and the parts
of :mod:`kg.publish`, :mod:`kg.analysis`, :mod:`kg.extract` and
:mod:`kg.devtools`. Heavy imports happen inside the functions, so that
``kg --help`` stays instant.

Errors are the project's two roots (:mod:`kg.core.errors`): a
:class:`~kg.core.errors.DataError` or :class:`~kg.core.errors.UsageError`
for the user's input (exit 2), an :class:`~kg.core.errors.OntologyError` for
ours, an :class:`~kg.core.errors.EndpointError` for a server (exit 3).

A notebook's first cell, for example::

    from kg import api
    store = api.open_store("build")
    rows = api.run_query("visits", {}, store)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.errors import UsageError
from kg.core.inputs import DEFAULT_MAX_FILE_BYTES, parse_size  # noqa: F401 (kg build's --max-file-size)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from nbformat import NotebookNode

    from kg.analysis.search import Hit
    from kg.core.progress import Stages
    from kg.devtools.synth import SynthSummary
    from kg.extract import Extraction
    from kg.extract.evaluate import Report
    from kg.extract.register import Added
    from kg.pipeline.coverage import SourceCoverage
    from kg.pipeline.load import Corpus
    from kg.pipeline.outcome import BuildOutcome
    from kg.pipeline.validate import ValidationReport
    from kg.publish.gsp import Upload
    from kg.rdf.results import Result
    from kg.rdf.sparql import QueryFile
    from kg.rdf.stores import Store

#: The stores a build can be queried in (``--store``); ``auto`` is ``oxigraph`` (see :func:`open_store`).
STORES = ("auto", "rdflib", "oxigraph")
#: The formats of query results (``--format`` of ``kg query``).
RESULT_FORMATS = ("table", "csv", "tsv", "json")


# --- build and validate ----------------------------------------------------------------------------

def new_stages(progress: bool | None = None) -> Stages:
    """A timer of the build's stages, drawing progress bars on a terminal (``progress=None``: when stderr is one)."""
    from kg.core.progress import Stages

    return Stages() if progress is None else Stages(progress=progress)


def build_graph(data_dir: Path, out_dir: Path, base: str | None = None, *,
                ontology_path: Path | None = None, shapes_path: Path | None = None,
                engine: str = "auto", stages: Stages | None = None, incremental: bool = True,
                wait: bool = True, on_wait=None, max_file_bytes: int | None = None) -> BuildOutcome:
    """Load, build, validate and check ``data_dir``; write into ``out_dir`` (see :mod:`kg.pipeline.run`).

    A conforming dataset replaces the outputs in ``out_dir``; one that violates
    the shapes or a check goes to ``out_dir/rejected/``, the last conforming
    output left untouched. Bad input raises :class:`~kg.core.errors.DataError`
    before anything is written. Builds into one folder run one at a time: this
    one waits for another (``on_wait(pid)`` is told), or with ``wait=False``
    raises :class:`~kg.core.errors.FolderLocked`. ``max_file_bytes`` is the
    largest input file read (default :data:`kg.core.inputs.DEFAULT_MAX_FILE_BYTES`).
    """
    from kg.pipeline.run import run_build

    return run_build(data_dir, out_dir, base, ontology_path=ontology_path, shapes_path=shapes_path,
                     engine=engine, stages=stages, incremental=incremental, wait=wait, on_wait=on_wait,
                     max_file_bytes=max_file_bytes or DEFAULT_MAX_FILE_BYTES)


def validate_file(path: Path, shapes_path: Path | None = None, engine: str = "auto") -> ValidationReport:
    """Validate any RDF file against the shapes (the ontology is added when absent)."""
    from kg.core.config import SHAPES_FILE
    from kg.pipeline.validate import read_shapes, read_store, validate_store

    store, nquads = read_store(path)
    return validate_store(store, read_shapes(shapes_path or SHAPES_FILE), nquads=nquads, engine=engine)


# --- query -------------------------------------------------------------------------------------------

def open_store(build_dir: Path = Path("build"), store: str = "auto", *, endpoint: str | None = None,
               timeout: float = 60.0) -> Store:
    """The store a query runs on: the last conforming build in ``build_dir`` loaded into an embedded
    store (``auto``, the default, is ``oxigraph``; or ``rdflib``), or, with ``endpoint``, a remote
    SPARQL 1.1 endpoint."""
    from kg.rdf.stores import RemoteStore, open_build_store

    if endpoint:
        return RemoteStore(endpoint, timeout=timeout)
    return open_build_store(Path(build_dir), store)


def parse_params(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` items (as ``--param`` gives them) as a dict; :class:`UsageError` on any other form.

    >>> parse_params(["person = person:heydar-aliyev"])
    {'person': 'person:heydar-aliyev'}
    """
    given = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        given[name.strip()] = value.strip()
    return given


def prepare_query(query: str, params: dict[str, str], base: str | None = None) -> tuple[QueryFile, dict]:
    """``query`` (a name in ``queries/`` or a ``.rq`` file) read, and ``params`` parsed as RDF terms.

    ``params`` maps parameter names to values in Turtle term syntax; each is
    parsed into one RDF term, to be bound, never pasted into the query text.
    An unknown query or parameter raises :class:`~kg.core.errors.UsageError`
    here, before any store is opened.
    """
    from kg.core.config import base_iri
    from kg.rdf.sparql import find_query, read_query, resolve_params

    q = read_query(find_query(query))
    return q, resolve_params(q, params, base_iri(base))


def run_query(query: str | tuple[QueryFile, dict], params: dict[str, str], store: Store,
              base: str | None = None) -> Result:
    """Run ``query`` on ``store``: a name or file with its ``params`` (see :func:`prepare_query`),
    or what :func:`prepare_query` returned (with the ``params`` it was given, or none).

    A given parameter that names a resource under the base IRI which the store does not
    describe raises :class:`~kg.core.errors.UsageError` (exit 2), rather than an empty answer.
    """
    from rdflib import URIRef

    from kg.core.config import base_iri
    from kg.rdf.sparql import find_query, read_query
    from kg.rdf.stores import run

    q, bindings = prepare_query(query, params, base) if isinstance(query, str) else query
    prefix = base_iri(base)
    entities = {name: bindings[name] for name in sorted(params)
                if isinstance(bindings.get(name), URIRef) and str(bindings[name]).startswith(prefix)}
    known = read_query(find_query("params/known-entity")) if entities else None
    for name, term in entities.items():
        if not run(store, known, {"entity": term}).rows:
            raise UsageError(f"{q.name}: --param {name}={params[name]} names nothing the graph describes "
                             f"({term})")
    return run(store, q, bindings)


def format_result(result: Result, fmt: str, base: str | None = None) -> str:
    """``result`` as a terminal table, or in a W3C results format (``csv``, ``tsv``, ``json``)."""
    from kg.core.config import base_iri
    from kg.rdf.results import FORMATS, to_table

    if fmt == "table":
        return to_table(result, base_iri(base))
    return FORMATS[fmt](result)


def search_entities(store: Store, text: str) -> list[Hit]:
    """Entities whose English or Arabic label matches ``text`` (Arabic normalised), best first."""
    from kg.analysis.search import search

    return search(store, text)


# --- publish -----------------------------------------------------------------------------------------

def load_build(gsp_url: str, build_dir: Path = Path("build"), base: str | None = None,
               timeout: float = 120.0) -> Upload:
    """Replace a triple store's content with the last conforming build (Graph Store Protocol)."""
    from kg.core.config import base_iri
    from kg.publish.gsp import upload

    source = Path(build_dir) / "kg.nq"
    if not source.is_file():
        raise UsageError(f"{source}: no conforming build here; run 'kg build' first")
    return upload(gsp_url, source, f"{base_iri(base)}graph/upload-manifest", timeout)


def export_build(build_dir: Path = Path("build"), out_dir: Path | None = None, formats: list[str] | None = None,
                 base: str | None = None) -> list[Path]:
    """Write the build in every RDF format, VoID/DCAT, ontology docs and CSV tables; the files written."""
    from kg.publish.export import export

    return export(Path(build_dir), out_dir, formats, base)


def serve_build(build_dir: Path = Path("build"), base: str | None = None, *, port: int = 8000,
                query_timeout: float = 10.0, row_cap: int = 10000) -> None:
    """Serve the build on 127.0.0.1: resource pages, RDF by content negotiation, a read-only /sparql."""
    from kg.publish.web.app import serve

    serve(Path(build_dir), base, port=port, query_timeout=query_timeout, row_cap=row_cap)


# --- analysis ----------------------------------------------------------------------------------------

def write_projection(store: Store, projection: str, fmt: str, out: Path) -> Path:
    """Write a networkx projection (actors, events, states) as graphml, gexf, json or png; returns ``out``."""
    from kg.analysis.graph_files import export_projection

    return export_projection(store, projection, fmt, Path(out))


def projection(store: Store, name: str) -> nx.Graph:
    """The networkx projection ``name`` of the graph in ``store``: actors, events or states."""
    from kg.analysis import projections

    if name not in projections.PROJECTIONS:
        raise UsageError(f"unknown projection {name!r}: {', '.join(projections.PROJECTIONS[:-1])} "
                         f"or {projections.PROJECTIONS[-1]}")
    return getattr(projections, name)(store)


def timeline(store: Store) -> pd.DataFrame:
    """Every event with its type, labels and date (precision, qualifier, earliest day, year), by date."""
    from kg.analysis.projections import timeline as events

    return events(store)


def provenance_table(store: Store) -> pd.DataFrame:
    """Every fact anchored to a quote: fact, topic, source, code-point offsets and the quote."""
    from kg.analysis.projections import provenance

    return provenance(store)


def sentence_support(text: str, provenance: pd.DataFrame) -> pd.DataFrame:
    """The sentences of a source ``text`` (as the coverage report splits them), each with the facts
    whose quote overlaps it (rows of :func:`provenance_table` for that source)."""
    from kg.analysis.projections import sentence_support as support

    return support(text, provenance)


def draw(g: nx.Graph, **options) -> Figure:
    """A matplotlib figure of a projection, Arabic labels shaped (see :mod:`kg.analysis.figures`)."""
    from kg.analysis.figures import draw as draw_graph

    return draw_graph(g, **options)


def arabic_font(size: float | None = None) -> FontProperties:
    """An installed Arabic font for matplotlib; :class:`~kg.core.errors.UsageError` when none is."""
    from kg.analysis.figures import arabic_font as font

    return font(size)


def arabic_label(text: str) -> str:
    """Arabic text shaped for a matplotlib figure (see :func:`kg.analysis.figures.arabic_label`)."""
    from kg.analysis.figures import arabic_label as shaped

    return shaped(text)


def load_corpus(data_dir: Path = Path("data")) -> Corpus:
    """The curated data of ``data_dir`` (registry, sources, facts), loaded and checked as the build loads it."""
    from kg.pipeline.load import load

    return load(Path(data_dir))


def source_coverage(corpus: Corpus) -> dict[str, SourceCoverage]:
    """Per source id: which sentences support facts, and why the others do not (the build's coverage report)."""
    from kg.pipeline.coverage import coverage

    return {c.source: c for c in coverage(corpus)}


def run_notebook(path: Path, build_dir: Path | None = None) -> NotebookNode:
    """Run a notebook of ``notebooks/`` top to bottom against ``build_dir``; a failing cell raises."""
    from kg.analysis.notebooks import execute_notebook

    return execute_notebook(Path(path), build_dir)


def render_notebooks(out_dir: Path, build_dir: Path | None = None) -> list[Path]:
    """Run every notebook against ``build_dir`` and write each as HTML into ``out_dir``."""
    from kg.analysis.notebooks import render_notebooks as render

    return render(Path(out_dir), build_dir)


# --- extraction and synthetic data ------------------------------------------------------------------

def add_sources(inputs: list[str], data_dir: Path = Path("data"), *, pair: str, source_id: str | None = None,
                title: str | None = None, title_en: str | None = None, publisher: str | None = None,
                language: str = "ar", series: str | None = None, delay: float = 1.0, timeout: float = 20.0,
                max_bytes: int = 5_000_000) -> list[Added]:
    """Register files or web pages as new sources of ``data_dir`` (``kg source add``; see
    :mod:`kg.extract.register`): every one, or on any error none.

    ``pair`` is two state ids joined by a comma; pages are fetched with robots.txt obeyed,
    ``delay`` seconds between two requests to one host, ``timeout`` seconds per request and
    at most ``max_bytes`` bytes a page.
    """
    from kg.extract.fetch import Fetcher
    from kg.extract.register import Options
    from kg.extract.register import add_sources as add

    options = Options(pair=pair, source_id=source_id, title=title, title_en=title_en, publisher=publisher,
                      language=language, series=series)
    return add(list(inputs), Path(data_dir), options, Fetcher(delay=delay, timeout=timeout, max_bytes=max_bytes))


def extract_source(path: Path, data_dir: Path = Path("data"), base: str | None = None) -> Extraction:
    """Draft facts from an Arabic source text, linked to the registry of ``data_dir``."""
    from kg.extract import extract_file

    return extract_file(Path(path), data_dir=Path(data_dir), base=base)


def draft_text(extraction: Extraction, fmt: str = "yaml") -> str:
    """An extraction as YAML draft facts (the curated format) or as JSON."""
    from kg.extract import to_json, to_yaml

    return to_json(extraction) + "\n" if fmt == "json" else to_yaml(extraction)


def write_draft_facts(extraction: Extraction, file: Path, text: str) -> Path:
    """Write a YAML draft as the facts file of the registered source ``file`` (``DATA/sources/X.txt`` ->
    ``DATA/facts/ID.yaml``), atomically; DataError (exit 2) when ``file`` is no registered source's text or
    the facts file exists already."""
    from kg.core.errors import DataError

    file = Path(file)
    records = [p for p in file.parent.glob("*.yaml") if p.stem == extraction.source_id]
    if file.parent.name != "sources" or not records:
        raise DataError(str(file), "not the text of a registered source (DATA/sources/ID.yaml beside it): "
                                   "register it with kg source add, or write the draft with --out")
    target = file.parent.parent / "facts" / f"{extraction.source_id}.yaml"
    if target.exists():
        raise DataError(str(target), "a facts file exists already: review it, or move it away to draft anew")
    write_text(target, text)
    return target


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (all of it or nothing)."""
    from kg.pipeline.write import write_all

    path = Path(path)
    write_all(path.parent if str(path.parent) else Path("."), {path.name: text.encode("utf-8")})


def evaluate_extraction(extraction: Extraction, facts: Path) -> Report:
    """Precision and recall of ``extraction``'s events against a curated facts file (in DATA/facts/)."""
    from kg.extract.evaluate import evaluate_file

    return evaluate_file(extraction, Path(facts))


def synthesize_corpus(out_dir: Path, *, states: int, events: int, seed: int, violations: int = 0,
                      per_source: int = 80) -> SynthSummary:
    """Write a synthetic corpus in the curated format into ``out_dir`` (a new folder, or one written by synth);
    about ``per_source`` events per source document and facts file."""
    from kg.devtools.synth import synthesize

    try:
        return synthesize(Path(out_dir), states=states, events=events, seed=seed, violations=violations,
                          per_source=per_source)
    except FileExistsError as exc:
        raise UsageError(str(exc)) from None
