"""The ``kg`` command: parses arguments, calls :mod:`kg.api`, prints.

Exit codes (same for every command): 0 success; 1 the data violates the
shapes or a check query returned rows; 2 bad input or usage (nothing
written); 3 a server or endpoint failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import EXIT_BAD_INPUT, EXIT_VIOLATIONS, KGError

EPILOG = ("Exit codes: 0 success; 1 the data violates the shapes or a check query "
          "returned rows; 2 bad input or usage (nothing written); 3 a server or endpoint failed.")


class _Group(click.Group):
    """Turns every project error into one line on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"kg: error: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:  # keep click's own usage errors at exit 2
            exc.show()
            sys.exit(EXIT_BAD_INPUT)


@click.group(cls=_Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--base", "base", envvar="KG_BASE_IRI", metavar="IRI",
              help="Base IRI of the published data (default https://w3id.org/bilateral-kg/, or $KG_BASE_IRI).")
@click.version_option(package_name="bilateral-kg", prog_name="kg")
@click.pass_context
def main(ctx: click.Context, base: str | None) -> None:
    """A knowledge graph of bilateral relations between states, from source documents to linked data."""
    ctx.obj = {"base": base}


@main.command(epilog=EPILOG)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
              help="Data folder: entities.yaml, sources/, facts/.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Output folder.")
@click.pass_context
def build(ctx: click.Context, data_dir: Path, out_dir: Path) -> None:
    """Build and validate the graph; write kg.trig, kg.nq, kg.ttl, kg.jsonld, report.json.

    A dataset that violates the shapes or a check query is written to
    OUT/rejected/ instead, and the last conforming output is left untouched.
    """
    from kg.api import build_graph

    outcome = build_graph(data_dir, out_dir, ctx.obj["base"])
    click.echo(f"Built {outcome.triples} triples in {outcome.graphs} named graphs from {data_dir}/")
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
def validate(file: Path, fmt: str) -> None:
    """Check an RDF FILE (default build/kg.trig) against the SHACL shapes."""
    from kg.api import validate_file

    report = validate_file(file)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo("conforms" if report.conforms else f"{len(report.results)} result(s)")
        for line in report.lines():
            click.echo(line)
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)
