"""kg.analysis.projections, .figures, .graph_files and .queries: the networkx projections, their
export, Arabic labels in matplotlib, and the package's own queries in queries/analysis/."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis import figures, graph_files, projections
from kg.analysis.queries import ANALYSIS_QUERIES_DIR, analysis_query
from kg.rdf.stores import OxigraphStore, RdflibStore, RemoteStore

BASE = "https://w3id.org/bilateral-kg/"
HEYDAR, JABER = BASE + "person/heydar-aliyev", BASE + "person/jaber-al-ahmad-al-sabah"
ILHAM, MOHAMMAD = BASE + "person/ilham-aliyev", BASE + "person/mohammad-sabah-al-salem-al-sabah"
AZ, KW = BASE + "state/azerbaijan", BASE + "state/kuwait"


@pytest.fixture(scope="module")
def ox(build_dir):
    return OxigraphStore.from_file(build_dir / "kg.nq")


@pytest.fixture(scope="module")
def actor_graph(ox):
    return projections.actors(ox)


def test_actors_edges_on_first_source(actor_graph):
    g = actor_graph
    assert g.has_edge(HEYDAR, JABER)
    assert g.has_edge(ILHAM, MOHAMMAD)
    d = g.edges[HEYDAR, JABER]
    assert d["weight"] == len(d["events"]) >= 1
    assert d["first"] <= d["last"]
    assert d["first"].startswith("1994-12")
    assert g.nodes[HEYDAR]["type"] == "person"
    assert g.nodes[AZ]["type"] == "state"
    assert g.nodes[HEYDAR]["label_en"] == "Heydar Aliyev"
    assert g.nodes[HEYDAR]["label_ar"]


def test_actors_same_on_rdflib(build_dir, actor_graph):
    g = projections.actors(RdflibStore.from_file(build_dir / "kg.trig"))
    assert set(g.nodes) == set(actor_graph.nodes)
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in actor_graph.edges}


@pytest.mark.integration
def test_projections_on_remote_endpoint(build_dir, oxigraph_server, actor_graph):
    import urllib.request

    data = (build_dir / "kg.nq").read_bytes()
    req = urllib.request.Request(oxigraph_server["store"], data=data, method="PUT",
                                 headers={"Content-Type": "application/n-quads"})
    urllib.request.urlopen(req, timeout=30).close()
    remote = RemoteStore(oxigraph_server["query"])
    g = projections.actors(remote)
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in actor_graph.edges}
    assert len(projections.timeline(remote)) > 0


def test_events_bipartite(ox):
    g = projections.events(ox)
    ev = BASE + "event/1994-10-10-diplomatic-relations-established"
    assert g.nodes[ev]["bipartite"] == 0
    assert g.nodes[ev]["type"] == "DiplomaticRelationsEstablishment"
    assert g.nodes[AZ]["bipartite"] == 1
    assert g.edges[ev, AZ]["role"] == "party"
    tops = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    assert nx.is_bipartite(g) and nx.bipartite.is_bipartite_node_set(g, tops)


def test_states_kinds(ox):
    g = projections.states(ox)
    assert set(g.nodes) >= {AZ, KW}
    assert {"relations", "embassy", "visit", "agreement", "aid"} <= {d["kind"] for *_, d in g.edges(data=True)}
    rel = [d for a, b, d in g.edges(data=True) if d["kind"] == "relations" and {a, b} == {AZ, KW}]
    assert rel and rel[0]["first"] == "1994-10-10"
    embassies = [d for *_, d in g.edges(data=True) if d["kind"] == "embassy"]
    assert {(d["from_state"], d["to_state"]) for d in embassies} >= {(AZ, KW), (KW, AZ)}
    agreement = [d for *_, d in g.edges(data=True) if d["kind"] == "agreement"]
    assert agreement[0]["first"].startswith("2007")
    aid = [d for *_, d in g.edges(data=True) if d["kind"] == "aid"]
    assert any(d["from_state"] == KW and d["to_state"] == AZ for d in aid)


def test_timeline(ox):
    df = projections.timeline(ox)
    assert list(df.columns) == ["iri", "type", "label_en", "label_ar", "date", "precision", "qualifier",
                                "earliest", "latest", "year"]
    first = df.iloc[0]
    assert first.type == "DiplomaticRelationsEstablishment"
    assert first.date == "1994-10-10" and first.precision == "day" and first.year == 1994
    assert {"EmbassyOpening", "AgreementSigning", "OfficialVisit"} <= set(df.type)


@pytest.mark.parametrize("projection", projections.PROJECTIONS)
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export(ox, tmp_path, projection, fmt):
    out = graph_files.export_projection(ox, projection, fmt, tmp_path / f"g.{fmt}")
    if fmt == "graphml":
        g = nx.read_graphml(out)
    elif fmt == "gexf":
        g = nx.read_gexf(out)
    else:
        data = json.loads(out.read_text(encoding="utf-8"))
        assert {"nodes", "links"} <= set(data)
        g = nx.node_link_graph(data, edges="links")
    assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
    if projection != "events":
        assert AZ in g and g.nodes[AZ]["label_ar"]


def test_export_rejects_unknown(ox, tmp_path):
    from kg.core.errors import UsageError

    with pytest.raises(UsageError):
        graph_files.export_projection(ox, "nope", "json", tmp_path / "x")
    with pytest.raises(UsageError):
        graph_files.export_projection(ox, "actors", "svgz", tmp_path / "x")


def test_arabic_label_shaped_and_reordered():
    text = "الكويت"
    shown = figures.arabic_label(text)
    assert shown != text
    # Presentation forms (shaped) and visual order: the last logical letter comes first.
    assert all("\ufe70" <= c <= "\ufeff" or "\ufb50" <= c <= "\ufdff" for c in shown)
    assert shown[0] in "\ufe95\ufe96\ufe97\ufe98"  # a form of ت, the last letter of الكويت
    assert figures.arabic_label("Kuwait") == "Kuwait"


def test_arabic_font_is_arabic_not_fallback():
    from matplotlib import font_manager

    font = figures.arabic_font()
    path = Path(font.get_file())
    assert path.name in figures.ARABIC_FONT_FILES
    assert "DejaVu" not in path.name
    assert Path(font_manager.findfont(font, fallback_to_default=False)) == path


def test_arabic_font_missing_raises(monkeypatch):
    from matplotlib import font_manager

    from kg.core.errors import UsageError

    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(UsageError, match="install-fonts.sh"):
        figures.arabic_font()


def test_png_drawing_labels(actor_graph, build_dir, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = figures.draw(actor_graph)
    texts = fig.axes[0].texts
    ar = figures.arabic_label(actor_graph.nodes[HEYDAR]["label_ar"])
    assert ar != actor_graph.nodes[HEYDAR]["label_ar"]
    drawn = [t for t in texts if ar in t.get_text()]
    assert drawn, "the shaped, visually ordered Arabic label is drawn"
    assert actor_graph.nodes[HEYDAR]["label_ar"] not in "".join(t.get_text() for t in texts)
    assert Path(drawn[0].get_fontproperties().get_file()).name in figures.ARABIC_FONT_FILES
    plt.close(fig)
    out = graph_files.export_projection(OxigraphStore.from_file(build_dir / "kg.nq"), "actors", "png",
                                  tmp_path / "actors.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_kg_graph_command_writes_each_format(build_dir, tmp_path):
    import json as _json

    from click.testing import CliRunner

    from kg.cli import main

    for fmt in ("graphml", "gexf", "json", "png"):
        out = tmp_path / f"actors.{fmt}"
        result = CliRunner().invoke(main, ["graph", "--projection", "actors", "--format", fmt, "--out", str(out),
                                           "--build-dir", str(build_dir)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    data = _json.loads((tmp_path / "actors.json").read_text(encoding="utf-8"))
    labels = {n.get("label_en") for n in data["nodes"]}
    assert {"Heydar Aliyev", "Jaber Ahmad Al-Sabah"} <= labels
    assert any(n.get("label_ar") == "حيدر علييف" for n in data["nodes"])


ANALYSIS_QUERIES = sorted(ANALYSIS_QUERIES_DIR.glob("*.rq"))


def test_analysis_queries_exist():
    assert {p.stem for p in ANALYSIS_QUERIES} == {
        "labels", "classes", "roles", "actor-types", "events", "participation", "members", "states",
        "provenance", "search-labels"}


@pytest.mark.parametrize("path", ANALYSIS_QUERIES, ids=lambda p: p.stem)
def test_analysis_query_files_are_documented_and_parse(path):
    from kg.rdf.sparql import check_syntax, read_query

    q = read_query(path)
    assert q.question.get("en") and q.row, f"{path.name}: open with '# Question:' and '# Row:'"
    assert not q.params, f"{path.name}: the package's own queries take no parameters"
    text = analysis_query(path.stem)
    assert text == path.read_text(encoding="utf-8")
    check_syntax(text)


def test_analysis_queries_are_not_competency_questions():
    """``kg query`` finds and lists queries/*.rq and queries/checks/ only, not queries/analysis/."""
    from kg.core.errors import UsageError
    from kg.rdf.sparql import find_query

    with pytest.raises(UsageError) as exc:
        find_query("participation")
    assert "participation" not in str(exc.value).split("known:")[1]


def test_provenance_and_sentence_support(ox):
    prov = projections.provenance(ox)
    assert list(prov.columns) == ["fact", "topic", "topic_en", "source", "start", "end", "quote"]
    assert len(prov) > 0 and (prov.start < prov.end).all()
    assert list(prov.start) == sorted(prov.start)
    text = "One sentence here. " * 3
    support = projections.sentence_support(text, prov.iloc[0:0])
    assert list(support.columns) == ["index", "start", "end", "sentence", "facts", "topics"]
    assert all(f == [] for f in support.facts)
