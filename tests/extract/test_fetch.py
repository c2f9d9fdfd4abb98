"""kg.extract.fetch: a page's article text kept, robots.txt obeyed (redirects too), requests to one host
spaced, limits enforced; against a real server on loopback (tests/extract/loopback.py), no mocks."""

from __future__ import annotations

import hashlib
import re

import pytest

from kg.core.errors import DataError, EndpointError
from kg.extract.fetch import Fetcher, article_text

from loopback import ARTICLE, closed_port, site  # noqa: F401 (site is a fixture)

pytestmark = pytest.mark.integration

BODY = ("افتتح في مدينة الواحة الخضراء يوم الاثنين معرض تجريبي للخط العربي شارك فيه خطاطون من بلدان عدة.",
        "ويستمر المعرض أسبوعين كاملين، ثم ينتقل إلى مدينة ساحلية قريبة في الشهر المقبل.")
AROUND = ("الصفحة الرئيسية للموقع", "اتصل بفريق التحرير", "جميع الحقوق محفوظة", "سياسة الخصوصية")


def test_article_text_keeps_the_article_without_navigation_or_footer():
    text, title = article_text(ARTICLE)
    assert all(sentence in text for sentence in BODY)
    assert not any(words in text for words in AROUND)
    assert title == "معرض الخط العربي في مدينة الواحة الخضراء"


def test_page_is_fetched_with_its_digest_and_time(site):
    page = Fetcher(delay=0).page(site.url("/news/calligraphy-2041.html"))
    assert page.html == ARTICLE and page.html_sha256 == hashlib.sha256(ARTICLE).hexdigest()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", page.retrieved)
    assert BODY[0] in page.text
    assert [p for p, _ in site.hits] == ["/robots.txt", "/news/calligraphy-2041.html"]


def test_robots_txt_is_obeyed_also_after_a_redirect(site):
    fetcher = Fetcher(delay=0)
    with pytest.raises(DataError, match="robots.txt"):
        fetcher.page(site.url("/private/calligraphy.html"))
    with pytest.raises(DataError, match="robots.txt"):
        fetcher.page(site.url("/go/calligraphy"))
    assert "/private/calligraphy.html" not in [p for p, _ in site.hits]
    assert site.times("/robots.txt") and len(site.times("/robots.txt")) == 1  # read once per host


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    fetcher = Fetcher(delay=0.3)
    fetcher.page(site.url("/news/calligraphy-2041.html"))
    fetcher.page(site.url("/news/library-2042.html"))
    times = [t for _, t in site.hits]
    assert len(times) == 3  # robots.txt, then the two pages
    assert all(b - a >= 0.3 for a, b in zip(times, times[1:])), times


def test_failures_of_the_server_are_endpoint_errors(site):
    fetcher = Fetcher(delay=0)
    with pytest.raises(EndpointError, match="HTTP 404"):
        fetcher.page(site.url("/news/nothing-here.html"))
    with pytest.raises(EndpointError, match="larger than the limit of 1000 bytes"):
        Fetcher(delay=0, max_bytes=1000).page(site.url("/news/calligraphy-2041.html"))
    url = f"http://127.0.0.1:{closed_port()}/news/a.html"
    with pytest.raises(EndpointError, match="cannot reach") as caught:
        fetcher.page(url)
    assert caught.value.one_line().startswith(url)


def test_only_http_addresses():
    with pytest.raises(DataError, match="not an http"):
        Fetcher().page("ftp://127.0.0.1/file.html")
