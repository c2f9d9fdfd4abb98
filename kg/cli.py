"""The ``kg`` command: parses arguments, calls :mod:`kg.api`, prints.

Exit codes (same for every command): 0 success; 1 the data violates the
shapes or a check query returned rows; 2 bad input or usage (nothing
written); 3 a server or endpoint failed, or a time, size or disk-space limit
was reached.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from pathlib import Path

import click

from kg import api
from kg.core.errors import EXIT_BAD_INPUT, EXIT_ENDPOINT, EXIT_VIOLATIONS, KGError

VALIDATOR_HELP = ("SHACL engine: oxigraph (shapes compiled to SPARQL, fast on large graphs), pyshacl "
                  "(the reference), auto (oxigraph unless the shapes use what it does not compile).")
EPILOG = ("Exit codes: 0 success; 1 the data violates the shapes or a check query "
          "returned rows; 2 bad input or usage (nothing written); 3 a server or endpoint failed, or a "
          "time, size or disk-space limit was reached.")


class _Group(click.Group):
    """Turns every project error into one line on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            for line in exc.lines():
                click.echo(f"kg: error: {line}", err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:  # keep click's own usage errors at exit 2
            exc.show()
            sys.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader went away (kg ... | head): not an error of ours
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:  # the file system said no: a path that is a file, no permission, a full disk
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"kg: error: {where}{exc.strerror or exc}", err=True)
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left on device" in str(exc)  # (RocksDB's)
            sys.exit(EXIT_ENDPOINT if full else EXIT_BAD_INPUT)
        except Exception as exc:  # a bug of ours: still one line, the traceback on request
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"kg: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
                       "(set KG_DEBUG=1 for the traceback)", err=True)
            sys.exit(EXIT_BAD_INPUT)


@click.group(cls=_Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--base", "base", envvar="KG_BASE_IRI", metavar="IRI",
              help="Base IRI of the published data (default https://w3id.org/bilateral-kg/, or $KG_BASE_IRI).")
@click.version_option(package_name="bilateral-kg", prog_name="kg")
@click.pass_context
def main(ctx: click.Context, base: str | None) -> None:
    """A knowledge graph of bilateral relations between states, from source documents to linked data."""
    ctx.obj = {"base": base}
    # SIGTERM ends a command as Ctrl-C does: its staging files removed, the last good output kept.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


@main.command(epilog=EPILOG)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
              help="Data folder: entities.yaml, reference/ (every state, office roles), sources/, facts/.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Output folder.")
@click.option("--ontology", "ontology_path", type=click.Path(path_type=Path), default=None,
              help="Ontology file (default ontology/bkg.ttl of the project).")
@click.option("--shapes", "shapes_path", type=click.Path(path_type=Path), default=None,
              help="SHACL shapes file (default ontology/shapes.ttl of the project).")
@click.option("--validator", "engine", type=click.Choice(["auto", "oxigraph", "pyshacl"]), default="auto",
              show_default=True, help=VALIDATOR_HELP)
@click.option("--profile", is_flag=True, help="Print the time and peak memory of each stage (on stderr).")
@click.option("--clean", is_flag=True,
              help="Build everything anew, ignoring OUT/.cache (what lets a build after an edit redo only "
                   "what the edit reaches).")
@click.option("--no-wait", is_flag=True,
              help="When another build is writing OUT, stop (exit 2) instead of waiting for it.")
@click.option("--max-file-size", "max_file_size", metavar="SIZE", default=f"{api.DEFAULT_MAX_FILE_BYTES // 2**20}M",
              show_default=True, help="The largest input file read, e.g. 64M or 2G; a larger one stops the build "
                                      "(exit 3).")
@click.pass_context
def build(ctx: click.Context, data_dir: Path, out_dir: Path, ontology_path: Path | None,
          shapes_path: Path | None, engine: str, profile: bool, clean: bool, no_wait: bool,
          max_file_size: str) -> None:
    """Build and validate the graph; write kg.trig, kg.nq, kg.ttl, kg.jsonld, report.json.

    A dataset that violates the shapes or a check query is written to
    OUT/rejected/ instead, and the last conforming output is left untouched.
    On a terminal, stages longer than a second show a progress bar (stderr).
    A build after another of the same folder rebuilds and revalidates only
    what changed (the cache is OUT/.cache/), with the same outputs. Builds
    into one folder run one at a time: a second waits for the first.
    OUT/kg.nq and the other files are links into OUT/.builds/, swapped to a
    new build at once.
    """
    try:
        max_bytes = api.parse_size(max_file_size)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-file-size") from None

    def waiting(pid: int | None) -> None:
        click.echo(f"kg: waiting for {out_dir}/: another build (pid {pid or 'unknown'}) is writing it", err=True)

    stages = api.new_stages()
    try:
        outcome = api.build_graph(data_dir, out_dir, ctx.obj["base"], ontology_path=ontology_path,
                                  shapes_path=shapes_path, engine=engine, stages=stages, incremental=not clean,
                                  wait=not no_wait, on_wait=waiting, max_file_bytes=max_bytes)
    finally:
        stages.close()
        if profile:
            for line in stages.table():
                click.echo(line, err=True)
    how = " (incremental: only what changed was rebuilt)" if outcome.incremental else ""
    click.echo(f"Built {outcome.quads} quads in {outcome.graphs} named graphs from {data_dir}/{how}")
    click.echo("Instances per class:")
    for name, n in outcome.counts.items():
        click.echo(f"  {name:<34} {n:>5}")
    for c in outcome.coverage:
        click.echo(f"Coverage of source {c['source']}: {c['cited']} of {c['sentences']} sentences cited, "
                   f"{len(c['uncovered'])} listed as uncovered, {len(c['unaccounted'])} unaccounted for")
        for u in c["uncovered"]:
            click.echo(f"  uncovered: {u['sentence'][:70]} ({u['reason']})")
        for u in c["unaccounted"]:
            click.echo(f"  NOT ACCOUNTED FOR [{u['start']}:{u['end']}]: {u['sentence'][:70]}")
        for s in c["stale_uncovered_entries"]:
            click.echo(f"  listed as uncovered but cited by a fact: {s[:70]}")
    for name, rows in outcome.checks.items():
        if rows:
            click.echo(f"Check {name}: {rows} row(s)")
    report = outcome.report
    click.echo(f"Checks: {sum(1 for r in outcome.checks.values() if not r)} of {len(outcome.checks)} pass")
    if report.conforms:
        click.echo("SHACL: conforms")
    else:
        click.echo(f"SHACL: {len(report.results)} result(s)")
        for line in report.lines():
            click.echo(f"  {line}")
    if outcome.ok:
        click.echo(f"Wrote {outcome.written_to}/")
    else:
        click.echo(f"Not conforming: wrote {outcome.written_to}/; {out_dir}/ keeps the last conforming build")
        sys.exit(EXIT_VIOLATIONS)


@main.command(epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path), default=Path("build/kg.trig"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--shapes", "shapes_path", type=click.Path(path_type=Path), default=None,
              help="SHACL shapes file (default ontology/shapes.ttl of the project).")
@click.option("--validator", "engine", type=click.Choice(["auto", "oxigraph", "pyshacl"]), default="auto",
              show_default=True, help=VALIDATOR_HELP)
def validate(file: Path, fmt: str, shapes_path: Path | None, engine: str) -> None:
    """Check an RDF FILE (default build/kg.trig) against the SHACL shapes.

    The project's ontology is added when the file does not contain it.
    """
    report = api.validate_file(file, shapes_path=shapes_path, engine=engine)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo("conforms" if report.conforms else f"{len(report.results)} result(s)")
        for line in report.lines():
            click.echo(line)
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)


#: --store of kg query, kg search and kg graph.
_STORE_CHOICES = click.Choice(list(api.STORES))
_STORE_HELP = ("Embedded store that loads the last conforming build: auto (the default) is oxigraph, "
               "at every size; rdflib reads kg.trig into rdflib objects (same results, slower).")


@main.command(epilog=EPILOG)
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value in Turtle term syntax: <iri>, prefix:name, \"text\"@ar, \"1994-10-10\"^^xsd:date.")
@click.option("--format", "fmt", type=click.Choice(list(api.RESULT_FORMATS)), default="table", show_default=True)
@click.option("--store", type=_STORE_CHOICES, default="auto", show_default=True, help=_STORE_HELP)
@click.option("--endpoint", metavar="URL", help="Query a remote SPARQL 1.1 endpoint (its query URL) instead.")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds to wait for a remote endpoint.")
@click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Where the last conforming build is.")
@click.pass_context
def query(ctx: click.Context, query: str, params: tuple[str, ...], fmt: str, store: str,
          endpoint: str | None, timeout: float, build_dir: Path) -> None:
    """Run QUERY, a name in queries/ (such as visits) or a .rq file, and print its rows.

    A --param naming an entity the graph does not describe is an error (exit 2), not an empty answer.
    """
    given = api.parse_params(params)
    prepared = api.prepare_query(query, given, ctx.obj["base"])
    result = api.run_query(prepared, given, api.open_store(build_dir, store, endpoint=endpoint, timeout=timeout))
    click.echo(api.format_result(result, fmt, ctx.obj["base"]), nl=False)


@main.command("load", epilog=EPILOG)
@click.option("--gsp", "gsp_url", required=True, metavar="URL",
              help="Graph Store HTTP Protocol URL of the server, e.g. http://127.0.0.1:7878/store.")
@click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Where the last conforming build is.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds per HTTP request.")
@click.pass_context
def load_command(ctx: click.Context, gsp_url: str, build_dir: Path, timeout: float) -> None:
    """Upload the last conforming build to a triple store, named graphs preserved.

    The store's content is replaced: loading twice never duplicates, and graphs
    no longer in the build are dropped.
    """
    result = api.load_build(gsp_url, build_dir, ctx.obj["base"], timeout)
    how = "one N-Quads upload" if result.mode == "dataset" else "one request per graph"
    click.echo(f"Loaded {result.quads} quads in {result.graphs} named graphs into {gsp_url} ({how})")
    for graph in result.dropped:
        click.echo(f"  dropped {graph}")


@main.command(epilog=EPILOG)
@click.argument("text")
@click.option("--store", type=_STORE_CHOICES, default="auto", show_default=True, help=_STORE_HELP)
@click.option("--endpoint", metavar="URL", help="Search a remote SPARQL 1.1 endpoint (its query URL) instead.")
@click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
def search(text: str, store: str, endpoint: str | None, build_dir: Path) -> None:
    """Find entities by label in English or Arabic (hamza, taa marbuta, diacritics, the article normalised)."""
    hits = api.search_entities(api.open_store(build_dir, store, endpoint=endpoint), text)
    for hit in hits:
        en, ar = hit.labels.get("en", ""), hit.labels.get("ar", "")
        click.echo(f"{hit.iri}\t{', '.join(hit.types)}\t{en}\t{ar}")
    if not hits:
        click.echo(f"no entity matches {text!r}", err=True)


@main.command(epilog=EPILOG)
@click.option("--states", type=click.IntRange(2), default=10, show_default=True, help="Number of states.")
@click.option("--events", type=click.IntRange(1), default=250, show_default=True, help="Number of events in all.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: the same seed, the same corpus.")
@click.option("--violations", type=click.IntRange(0), default=0, show_default=True,
              help="Plant this many of each kind of SHACL violation (listed in OUT/violations.json).")
@click.option("--events-per-source", "per_source", type=click.IntRange(1), default=80, show_default=True,
              help="Events per source document (and facts file); one pair of states never has more than one.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder to write the corpus to (laid out like data/).")
def synth(states: int, events: int, seed: int, violations: int, per_source: int, out_dir: Path) -> None:
    """Write a synthetic corpus in the curated format, for tests and benchmarks.

    About 10K triples for --states 10 --events 250, 100K for 20/2500, 1M for 40/25000.
    With --states 2 --events-per-source N every event is in one facts file.
    """
    summary = api.synthesize_corpus(out_dir, states=states, events=events, seed=seed, violations=violations,
                                    per_source=per_source)
    click.echo(f"Wrote {out_dir}/: {summary.states} states, {summary.sources} sources, {summary.entities} "
               f"registry entities, {summary.facts} facts ({summary.events} events), "
               f"{summary.violations} planted violations")


@main.command(epilog=EPILOG)
@click.option("--build-dir", "build_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Where the last conforming build is.")
@click.option("--format", "formats", multiple=True, metavar="NAME",
              help="Only these: nquads trig ntriples turtle jsonld rdfxml ontology shapes void html csv "
                   "event-data (repeatable).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Output folder (default BUILD/export).")
@click.pass_context
def export(ctx: click.Context, build_dir: Path, formats: tuple[str, ...], out_dir: Path | None) -> None:
    """Write the dataset, ontology and shapes in every RDF format, VoID/DCAT, HTML docs, CSV tables and
    event data (one row per event and ordered dyad, CAMEO coded)."""
    for path in api.export_build(build_dir, out_dir, list(formats) or None, ctx.obj["base"]):
        click.echo(path)


@main.command(epilog=EPILOG)
@click.option("--build-dir", "build_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Where the last conforming build is.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds a SPARQL query may run.")
@click.option("--row-cap", type=click.IntRange(1), default=10000, show_default=True,
              help="Most rows a SPARQL query returns.")
@click.pass_context
def serve(ctx: click.Context, build_dir: Path, port: int, timeout: float, row_cap: int) -> None:
    """Serve the graph on 127.0.0.1: resource pages and RDF by content negotiation, and /sparql (read-only)."""
    api.serve_build(build_dir, ctx.obj["base"], port=port, query_timeout=timeout, row_cap=row_cap)


@main.command(epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
              help="Data folder whose entity registry names the known entities.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="Write here (atomically) instead of standard output.")
@click.option("--evaluate", "facts", type=click.Path(path_type=Path), default=None, metavar="FACTS",
              help="Score the extracted events against a curated facts file (precision and recall).")
@click.option("--draft-facts", is_flag=True,
              help="Write the YAML draft to facts/ID.yaml in the data folder that holds FILE (FILE is "
                   "DATA/sources/...; never over an existing file); kg build refuses it until every draft entry "
                   "is reviewed.")
@click.pass_context
def extract(ctx: click.Context, file: Path, data_dir: Path, fmt: str, out_file: Path | None,
            facts: Path | None, draft_facts: bool) -> None:
    """Draft facts from a new Arabic source FILE: events, dates, entities, each with its quote and offsets.

    YAML is in the curated format of data/facts/, every entry marked 'draft: true',
    ready for review; JSON is {"source", "events": [...], "new_entities": [...]}
    (see the README). The pair that "both countries" stands for comes from the
    source record beside FILE (sources/ID.yaml), when there is one.
    """
    if draft_facts and (out_file is not None or fmt != "yaml" or facts is not None):
        raise click.UsageError("--draft-facts writes YAML to the facts folder: not with --out, --format json "
                               "or --evaluate")
    extraction = api.extract_source(file, data_dir, ctx.obj["base"])
    if facts is not None:
        for line in api.evaluate_extraction(extraction, facts).lines():
            click.echo(line)
        return
    text = api.draft_text(extraction, fmt)
    if draft_facts:
        click.echo(f"Wrote {api.write_draft_facts(extraction, Path(file), text)} (a draft: review it, then build)")
        return
    if out_file is None:
        click.echo(text, nl=False)
    else:
        api.write_text(out_file, text)
        click.echo(f"Wrote {out_file}")


@main.group(epilog=EPILOG)
def source() -> None:
    """Manage the source documents of a data folder (kg source add)."""


@source.command("add", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, metavar="FILE_OR_URL...")
@click.option("--pair", required=True, metavar="STATE,STATE",
              help="The two states the source is about, as ids of the data folder, e.g. saudi-arabia,azerbaijan.")
@click.option("--id", "source_id", metavar="ID",
              help="The new source's id (one input only; default from the file name, or the pair and the "
                   "address's last segment).")
@click.option("--title", metavar="TITLE", help="Title in the source's language: words of the text (default the "
                                               "page's title when it is, else the text's first line).")
@click.option("--title-en", metavar="TITLE", help="English title (default '(not yet translated)').")
@click.option("--publisher", metavar="NAME", help="Publisher, in English (default a page's host name, or unknown).")
@click.option("--language", default="ar", show_default=True, type=click.Choice(["ar"]),
              help="Language of the text: Arabic for now (the build asks every source for an Arabic title; "
                   "the text is checked to be Arabic).")
@click.option("--series", metavar="URL", help="Address of the series the source belongs to (default unknown).")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
              help="Data folder: the new files go to DATA/sources/; its states check --pair.")
@click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Seconds between two requests to one host (longer if its robots.txt asks).")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=20.0, show_default=True,
              help="Seconds per request.")
@click.option("--max-bytes", type=click.IntRange(1), default=5_000_000, show_default=True,
              help="The largest page fetched.")
def source_add(inputs: tuple[str, ...], pair: str, source_id: str | None, title: str | None,
               title_en: str | None, publisher: str | None, language: str, series: str | None, data_dir: Path,
               delay: float, timeout: float, max_bytes: int) -> None:
    """Register new sources: each FILE (UTF-8 text) or URL (a web page, robots.txt obeyed, its
    article's text kept) becomes DATA/sources/ID.LANG.txt and DATA/sources/ID.yaml.

    What is not known is written 'unknown' for a curator to fill in. Every
    input is checked before anything is written: on any error nothing is.
    """
    added = api.add_sources(list(inputs), data_dir, pair=pair, source_id=source_id, title=title,
                            title_en=title_en, publisher=publisher, language=language, series=series,
                            delay=delay, timeout=timeout, max_bytes=max_bytes)
    for a in added:
        click.echo(f"Added sources/{a.id}.yaml ({a.characters} characters, sha256 {a.sha256[:12]})")


@main.command(epilog=EPILOG)
@click.option("--projection", type=click.Choice(["actors", "events", "states"]), required=True,
              help="actors: who took part in events together; events: event–participant; states: state–state links.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "png"]), default="graphml",
              show_default=True, help="graphml/gexf for Gephi and Cytoscape, json (node-link) for d3, png.")
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="Output file (default build/graph/PROJECTION.FORMAT).")
@click.option("--store", type=_STORE_CHOICES, default="auto", show_default=True, help=_STORE_HELP)
@click.option("--endpoint", metavar="URL", help="Read a remote SPARQL 1.1 endpoint (its query URL) instead.")
@click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
def graph(projection: str, fmt: str, out_file: Path | None, store: str, endpoint: str | None,
          build_dir: Path) -> None:
    """Write a networkx projection of the graph for graph tools; node labels in English and Arabic."""
    out = out_file or Path("build") / "graph" / f"{projection}.{fmt}"
    click.echo(api.write_projection(api.open_store(build_dir, store, endpoint=endpoint), projection, fmt, out))
