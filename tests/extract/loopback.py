"""A small web site served on loopback for the tests of ``kg source add`` (tests/extract/test_fetch.py and
test_register.py): project-written Arabic pages, a robots.txt that forbids /private/, and a log of
when each request arrived (to measure the delay between two requests to one host).

The pages are written by the project for its tests, in its own words, about invented topics: they are
not publications and say nothing true about anyone.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

#: A news page: header, navigation and footer around an article of five sentences.
ARTICLE = """<!DOCTYPE html>
<!-- A project-written test page (bilateral-kg tests): an invented article in the project's own words,
     not a publication. -->
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>معرض الخط العربي في مدينة الواحة الخضراء | موقع الاختبار</title></head>
<body>
<header><div class="site">موقع الاختبار الإخباري</div></header>
<nav><ul><li><a href="/">الصفحة الرئيسية للموقع</a></li><li><a href="/news/">أخبار المدينة اليوم</a></li>
<li><a href="/contact">اتصل بفريق التحرير</a></li></ul></nav>
<main><article>
<h1>معرض الخط العربي في مدينة الواحة الخضراء</h1>
<p>افتتح في مدينة الواحة الخضراء يوم الاثنين معرض تجريبي للخط العربي شارك فيه خطاطون من بلدان عدة.</p>
<p>وضم المعرض أكثر من مئتي لوحة كتبت بخطوط النسخ والثلث والديواني والكوفي على الورق والخشب والنحاس.</p>
<p>وقال منظمو المعرض إن الهدف منه تعريف الطلاب بتاريخ الكتابة العربية وبأدواتها التقليدية القديمة.</p>
<p>وخصصت قاعة صغيرة لورشات يتعلم فيها الأطفال إمساك القلم وبري القصب وتحضير الحبر.</p>
<p>ويستمر المعرض أسبوعين كاملين، ثم ينتقل إلى مدينة ساحلية قريبة في الشهر المقبل.</p>
</article></main>
<footer><p>جميع الحقوق محفوظة لموقع الاختبار الإخباري</p><p><a href="/privacy">سياسة الخصوصية</a></p></footer>
</body>
</html>
""".encode("utf-8")

#: A second page of the same site, for two pages of one host.
SECOND = """<!DOCTYPE html>
<!-- A project-written test page (bilateral-kg tests): an invented article in the project's own words,
     not a publication. -->
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>إعادة افتتاح مكتبة المدرسة القديمة | موقع الاختبار</title></head>
<body>
<nav><a href="/">الصفحة الرئيسية للموقع</a> | <a href="/news/">أخبار المدينة اليوم</a></nav>
<article>
<h1>إعادة افتتاح مكتبة المدرسة القديمة</h1>
<p>أعيد يوم الخميس افتتاح مكتبة المدرسة القديمة في حي الزيتون بعد ترميم دام عاما كاملا.</p>
<p>وأضيفت إلى رفوفها كتب جديدة في العلوم والتاريخ والأدب للأطفال والكبار على حد سواء.</p>
<p>وقالت أمينة المكتبة إن القاعة ستفتح أبوابها كل مساء للقراءة والمطالعة الهادئة.</p>
<p>وتبرع سكان الحي بعشرات الكتب من مكتباتهم الخاصة دعما لهذا المشروع.</p>
</article>
<footer>جميع الحقوق محفوظة لموقع الاختبار الإخباري</footer>
</body>
</html>
""".encode("utf-8")

#: An English page: kept by trafilatura, refused as "not Arabic text".
ENGLISH = b"""<!DOCTYPE html>
<!-- A project-written test page (bilateral-kg tests), not a publication. -->
<html lang="en"><head><meta charset="utf-8"><title>A test page</title></head><body><article>
<h1>A test page</h1>
<p>This page was written for the tests of the project and is in English only, from start to end.</p>
<p>It describes nothing real and is served on the loopback interface while the tests run.</p>
<p>Its only purpose is to be refused by a command that expects a text in Arabic.</p>
</article></body></html>
"""

ROBOTS = b"User-agent: *\nDisallow: /private/\n"

#: path -> (status, content type, body); anything else is a 404.
PAGES = {
    "/robots.txt": (200, "text/plain", ROBOTS),
    "/news/calligraphy-2041.html": (200, "text/html; charset=utf-8", ARTICLE),
    "/news/library-2042.html": (200, "text/html; charset=utf-8", SECOND),
    "/news/english.html": (200, "text/html; charset=utf-8", ENGLISH),
    "/private/calligraphy.html": (200, "text/html; charset=utf-8", ARTICLE),
}
#: path -> where it redirects.
REDIRECTS = {"/go/calligraphy": "/private/calligraphy.html"}


class Site:
    """The site on 127.0.0.1 (a free port), in a thread; :attr:`hits` is (path, time.monotonic()) per request."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, float]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                site.hits.append((self.path, time.monotonic()))
                if self.path in REDIRECTS:
                    self.send_response(302)
                    self.send_header("Location", REDIRECTS[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, ctype, body = PAGES.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def times(self, path: str) -> list[float]:
        return [t for p, t in self.hits if p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def site():
    s = Site()
    yield s
    s.close()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
