"""``kg source add`` (kg.extract.register): files and pages registered as sources, every bad input one
line and exit 2 (a server's failure exit 3) with nothing written, and a new source the build accepts.

Pages come from a real server on loopback (tests/extract/loopback.py); files and pages are the
project's own test texts.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.extract.register import arabic_share, derive_id

from conftest import DATA, ROOT
from loopback import ARTICLE, closed_port, site  # noqa: F401 (site is a fixture)

SERIES = ROOT / "tests" / "pipeline" / "series"
PAIR = "saudi-arabia,azerbaijan"
#: A project-written test text (not a publication): a title line and three sentences.
TEXT = ("تبادل ثقافي تجريبي بين مدينتين\n"
        "أرسلت مدرسة الموسيقى في المدينة الأولى فرقة من عشرين عازفا إلى المدينة الثانية.\n"
        "وقدمت الفرقة ثلاث حفلات في قاعة البلدية حضرها جمهور كبير.\n"
        "واتفق المنظمون على تكرار التبادل في الصيف المقبل.\n")


def kg(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def data(tmp_path) -> Path:
    """A copy of the project's test corpus (tests/pipeline/series) with data/reference beside it."""
    d = tmp_path / "data"
    shutil.copytree(SERIES, d)
    shutil.copytree(DATA / "reference", d / "reference")
    return d


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _one_line_error(result, exit_code: int, *words: str) -> str:
    assert result.exit_code == exit_code, (result.output, result.stderr)
    err = result.stderr.strip()
    assert "\n" not in err and "Traceback" not in result.output, err
    assert err.startswith("kg: error: ") and all(w in err for w in words), err
    return err


def _record(data: Path, sid: str) -> dict:
    return yaml.safe_load((data / "sources" / f"{sid}.yaml").read_text(encoding="utf-8"))


def test_a_file_is_registered(data, tmp_path):
    path = tmp_path / "Music_Exchange.ar.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = kg("source", "add", path, "--pair", PAIR, "--data", data, "--publisher", "a test publisher")
    assert result.exit_code == 0, result.stderr
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert result.output == f"Added sources/music-exchange.yaml ({len(TEXT)} characters, sha256 {digest[:12]})\n"
    assert (data / "sources" / "music-exchange.ar.txt").read_bytes() == path.read_bytes()
    rec = _record(data, "music-exchange")
    assert rec == {
        "id": "music-exchange", "text": "music-exchange.ar.txt", "sha256": digest, "language": "ar",
        "pair": ["saudi-arabia", "azerbaijan"],
        "title": {"ar": "تبادل ثقافي تجريبي بين مدينتين", "en": "(not yet translated)"},
        "publisher": {"en": "a test publisher"}, "url": "unknown", "series": "unknown",
        "rights": {"en": "Text © its publisher; copied here unchanged and attributed to it, for research."},
        "author": "unknown", "published": "unknown"}


@pytest.mark.integration
def test_a_page_is_registered_with_its_article_text_only(data, site):
    url = site.url("/news/calligraphy-2041.html")
    result = kg("source", "add", url, "--pair", PAIR, "--data", data, "--delay", 0, "--title-en", "A test page")
    assert result.exit_code == 0, result.stderr
    sid = "saudi-arabia-azerbaijan-calligraphy-2041"
    text_bytes = (data / "sources" / f"{sid}.ar.txt").read_bytes()
    text = text_bytes.decode("utf-8")
    assert "يوم الاثنين معرض تجريبي للخط العربي" in text and "الشهر المقبل" in text
    assert not any(w in text for w in ("الصفحة الرئيسية للموقع", "جميع الحقوق محفوظة", "سياسة الخصوصية"))
    rec = _record(data, sid)
    assert rec["url"] == url and rec["publisher"] == {"en": "127.0.0.1"}
    assert rec["htmlSha256"] == hashlib.sha256(ARTICLE).hexdigest()
    assert rec["sha256"] == hashlib.sha256(text_bytes).hexdigest()
    assert rec["title"] == {"ar": "معرض الخط العربي في مدينة الواحة الخضراء", "en": "A test page"}
    assert isinstance(rec["retrieved"], str) and rec["retrieved"].endswith("Z")  # quoted: a string, UTC
    assert result.output.startswith(f"Added sources/{sid}.yaml (")


@pytest.mark.integration
def test_two_pages_of_one_host_are_spaced_by_the_delay(data, site):
    pages = ["/news/calligraphy-2041.html", "/news/library-2042.html"]
    result = kg("source", "add", *(site.url(p) for p in pages), "--pair", PAIR, "--data", data, "--delay", 0.4)
    assert result.exit_code == 0, result.stderr
    assert len(result.output.splitlines()) == 2
    (first,), (second,) = (site.times(p) for p in pages)
    assert second - first >= 0.4


@pytest.mark.integration
def test_a_page_robots_txt_forbids_is_refused(data, site):
    before = _listing(data / "sources")
    url = site.url("/private/calligraphy.html")
    _one_line_error(kg("source", "add", url, "--pair", PAIR, "--data", data, "--delay", 0), 2, url, "robots.txt")
    assert _listing(data / "sources") == before
    assert [p for p, _ in site.hits] == ["/robots.txt"]


@pytest.mark.integration
@pytest.mark.parametrize("path, max_bytes, words", [
    ("/news/nothing-here.html", 5_000_000, ["HTTP 404"]),
    ("/news/calligraphy-2041.html", 500, ["larger than the limit of 500 bytes"]),
])
def test_server_failures_exit_3(data, site, path, max_bytes, words):
    before = _listing(data / "sources")
    result = kg("source", "add", site.url(path), "--pair", PAIR, "--data", data, "--delay", 0,
                "--max-bytes", max_bytes)
    _one_line_error(result, 3, *words)
    assert _listing(data / "sources") == before


@pytest.mark.integration
def test_an_unreachable_host_exits_3(data):
    url = f"http://127.0.0.1:{closed_port()}/news/a.html"
    _one_line_error(kg("source", "add", url, "--pair", PAIR, "--data", data, "--timeout", 5), 3, url, "cannot reach")


@pytest.mark.integration
def test_nothing_is_written_when_one_input_of_several_fails(data, site, tmp_path):
    good = tmp_path / "good.ar.txt"
    good.write_text(TEXT, encoding="utf-8")
    before = _listing(data / "sources")
    result = kg("source", "add", good, site.url("/news/english.html"), "--pair", PAIR, "--data", data,
                "--delay", 0)
    _one_line_error(result, 2, "english.html", "not Arabic text")
    assert _listing(data / "sources") == before


def _cp1256(tmp_path: Path) -> Path:
    path = tmp_path / "windows.txt"
    path.write_bytes(TEXT.encode("cp1256"))
    return path


def _write(name: str, text: str):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return make


@pytest.mark.parametrize("make, extra, words", [
    (_cp1256, [], ["windows.txt:1:", "Windows-1256", "iconv -f cp1256 -t utf-8"]),
    (_write("empty.txt", " \n\n"), [], ["empty.txt", "empty"]),
    (_write("english.txt", "Two states signed a test agreement.\n"), [], ["english.txt", "not Arabic text"]),
    (_write("ok.ar.txt", TEXT), ["--pair", "saudi-arabia,atlantis"], ["--pair", "atlantis"]),
    (_write("ok.ar.txt", TEXT), ["--pair", "azerbaijan,azerbaijan"], ["--pair", "azerbaijan,azerbaijan"]),
    (_write("saudi-azerbaijan-test.ar.txt", TEXT), [], ["saudi-azerbaijan-test.yaml", "exists already"]),
    (_write("ok.ar.txt", TEXT), ["--id", "saudi-azerbaijan-test"], ["saudi-azerbaijan-test", "exists already"]),
    (_write("ok.ar.txt", TEXT), ["--id", "Not An Id"], ["--id", "Not An Id"]),
    (_write("ok.ar.txt", TEXT), ["--title", "عنوان غير موجود"], ["the Arabic title must be words of the text"]),
    (lambda tmp_path: tmp_path / "missing.txt", [], ["missing.txt", "file not found"]),
    (lambda tmp_path: tmp_path, [], ["a folder"]),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(data, tmp_path, make, extra, words):
    path = make(tmp_path)
    before = _listing(data / "sources")
    args = ["--pair", PAIR, *extra] if "--pair" not in extra else extra
    _one_line_error(kg("source", "add", path, *args, "--data", data), 2, *words)
    assert _listing(data / "sources") == before


def test_id_is_refused_with_several_inputs(data, tmp_path):
    a, b = _write("a.ar.txt", TEXT)(tmp_path), _write("b.ar.txt", TEXT)(tmp_path)
    _one_line_error(kg("source", "add", a, b, "--id", "two", "--pair", PAIR, "--data", data), 2, "--id")


def test_ids_are_derived_from_the_file_or_the_address():
    assert derive_id("texts/Kuwait_Relations 2.ar.txt", ("kuwait", "azerbaijan")) == "kuwait-relations-2"
    assert derive_id("https://lib.aliyevheritage.org/ar/4400500.html",
                     ("saudi-arabia", "azerbaijan")) == "saudi-arabia-azerbaijan-4400500"
    arabic_slug = derive_id("https://example.org/%D8%AE%D8%A8%D8%B1/", ("kuwait", "azerbaijan"))
    assert arabic_slug.startswith("kuwait-azerbaijan-") and len(arabic_slug) == len("kuwait-azerbaijan-") + 8


def test_arabic_share_counts_letters_only():
    assert arabic_share("١٩٩٤ - 1994") == 0.0
    assert arabic_share(TEXT) == 1.0


@pytest.mark.integration
def test_a_new_file_source_builds(data, tmp_path, site):
    path = tmp_path / "music-exchange.ar.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert kg("source", "add", path, "--pair", PAIR, "--data", data).exit_code == 0
    page = kg("source", "add", site.url("/news/library-2042.html"), "--pair", PAIR, "--data", data, "--delay", 0)
    assert page.exit_code == 0, page.stderr
    out = tmp_path / "build"
    result = kg("build", "--data", data, "--out", out)
    # the records are accepted; the build asks only that the new texts' sentences be accounted for
    assert result.exit_code == 1 and "SHACL: conforms" in result.output, result.output + result.stderr
    assert "Coverage of source music-exchange: 1 of 4 sentences cited" in result.output
    for sid in ("music-exchange", "saudi-arabia-azerbaijan-library-2042"):
        text = (data / "sources" / f"{sid}.ar.txt").read_text(encoding="utf-8")
        lines = [line.strip() for line in text.splitlines()[1:] if line.strip()]
        (data / "facts" / f"{sid}.yaml").write_text(yaml.safe_dump(
            {"source": sid, "facts": [], "uncovered": [{"sentence": s, "reason": "not yet curated"} for s in lines]},
            allow_unicode=True), encoding="utf-8")
    result = kg("build", "--data", data, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    nquads = (out / "kg.nq").read_text(encoding="utf-8")
    assert f"<{site.url('/news/library-2042.html')}>" in nquads  # the page's address, foaf:page
    assert "retrieved" in nquads and "htmlSha256" in nquads


@pytest.mark.parametrize("url", ["http://[::1", "http://a..b/", "http://127.0.0.1:abc/", "http://127.0.0.1:99999/",
                                 "ftp://example.org/x", "http:///nohost"])
def test_a_malformed_address_is_bad_input(data, url):
    before = _listing(data / "sources")
    _one_line_error(kg("source", "add", url, "--pair", "saudi-arabia,azerbaijan", "--data", data), 2, url)
    assert _listing(data / "sources") == before


def test_only_arabic_sources_for_now(data, tmp_path):
    text = tmp_path / "doc.txt"
    text.write_text("Kuwait and Azerbaijan.\n", encoding="utf-8")
    result = kg("source", "add", text, "--pair", "kuwait,azerbaijan", "--language", "en", "--data", data)
    assert result.exit_code == 2 and "--language" in result.output + result.stderr
