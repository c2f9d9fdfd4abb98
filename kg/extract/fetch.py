"""Fetching a web page for ``kg source add``: bounded, polite, and its article's text kept.

* **Polite**: each host's ``robots.txt`` is read once (with :mod:`urllib.robotparser`)
  and obeyed for the project's user agent; requests to one host are spaced by
  ``delay`` seconds (or the site's ``Crawl-delay``, if longer).
* **Bounded**: a time limit per request, a size limit on the body, http(s) only,
  at most :data:`MAX_REDIRECTS` redirects, each followed here so that its address
  is checked against its own host's ``robots.txt`` too.
* **The article's text**: trafilatura (a kept HTML-to-text library for news and
  encyclopaedia pages, not regular expressions) keeps the main text and drops the
  navigation, and reads the page's title.

Failures are one line: a host that cannot be reached (offline), an HTTP error, a
time or size limit is an :class:`~kg.core.errors.EndpointError` (exit 3); a page
``robots.txt`` forbids, or one that is not HTML, is a
:class:`~kg.core.errors.DataError` naming the address (exit 2).
"""

from __future__ import annotations

import hashlib
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from kg.core.errors import DataError, EndpointError

#: The user agent of every request, so that a site can tell the project apart (and forbid it).
USER_AGENT = "bilateral-kg-source-add/1.0 (+https://w3id.org/bilateral-kg/)"
#: Redirect statuses, followed by :meth:`Fetcher.page` one hop at a time (each hop's robots.txt obeyed).
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5


@dataclass
class Page:
    url: str  # the address asked for
    html: bytes
    retrieved: str  # UTC, xsd:dateTime, seconds
    text: str  # the article's text
    title: str | None  # the page's title, as the page gives it

    @property
    def html_sha256(self) -> str:
        return hashlib.sha256(self.html).hexdigest()


@dataclass
class Fetcher:
    """Fetches pages one at a time, each host's robots.txt obeyed and its requests spaced."""

    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds per request
    max_bytes: int = 5_000_000  # the largest page kept
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def page(self, url: str) -> Page:
        """The page at ``url`` and its article's text (see the module docstring).

        Redirects are followed here, one hop at a time, so that every address
        asked for is checked against its host's robots.txt and delay.
        """
        target = url
        for _ in range(MAX_REDIRECTS + 1):
            parts = checked_url(target)
            robots = self._robots_of(parts.scheme, parts.netloc, target)
            if not robots.can_fetch(USER_AGENT, target):
                raise DataError(target, "robots.txt of the site forbids fetching this page")
            status, headers, body = self._get(target, parts.netloc, robots)
            if status not in REDIRECTS or not headers.get("location"):
                break
            target = urljoin(target, headers["location"])
        else:
            raise EndpointError(f"{url}: more than {MAX_REDIRECTS} redirects")
        if status >= 400:
            raise EndpointError(f"{target}: HTTP {status}")
        ctype = headers.get("content-type", "").lower()
        if "html" not in ctype:
            raise DataError(target, "not an HTML page", ctype or "no content type")
        retrieved = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        text, title = article_text(body)
        if not text:
            raise DataError(target, "no article text found in the page")
        return Page(url, body, retrieved, text, title)

    def _robots_of(self, scheme: str, host: str, page: str) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt, read once; none (HTTP 4xx) forbids nothing; a server error stops here."""
        if host not in self._robots:
            robots_url = f"{scheme}://{host}/robots.txt"
            status, _, body = self._get(robots_url, host, None, follow=True, page=page)
            if status >= 500:
                raise EndpointError(f"{robots_url}: HTTP {status}, so whether the site allows fetching is "
                                    "not known")
            parser = urllib.robotparser.RobotFileParser()
            if status < 400:
                parser.parse(body.decode("utf-8", "replace").splitlines())
            else:
                parser.allow_all = True  # no robots.txt: nothing forbidden
            self._robots[host] = parser
        return self._robots[host]

    def _get(self, url: str, host: str, robots, follow: bool = False,
             page: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body of one GET, after the host's delay; limits enforced.

        A host that cannot be reached is reported for ``page``, the page asked for, when given.
        """
        import httpx

        wait = max(self.delay, float((robots.crawl_delay(USER_AGENT) or 0) if robots is not None else 0))
        if host in self._last:
            time.sleep(max(0.0, self._last[host] + wait - time.monotonic()))
        try:
            with httpx.Client(timeout=self.timeout, follow_redirects=follow, max_redirects=MAX_REDIRECTS,
                              headers={"User-Agent": USER_AGENT}) as client:
                with client.stream("GET", url) as resp:
                    too_big = EndpointError(f"{url}: the page is larger than the limit of {self.max_bytes} bytes")
                    size = resp.headers.get("content-length", "")
                    if size.isdigit() and int(size) > self.max_bytes:
                        raise too_big
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise too_big
                    return resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, bytes(body)
        except httpx.TimeoutException:
            raise EndpointError(f"{url}: no answer within {self.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise EndpointError(f"{page or url}: cannot reach {host} (offline, or the host is down): "
                                f"{type(exc).__name__}") from None
        except httpx.HTTPError as exc:
            raise EndpointError(f"{url}: {type(exc).__name__}: {exc}") from None
        finally:
            self._last[host] = time.monotonic()


def checked_url(url: str):
    """The parts of an http(s) address with a host and a valid port; DataError (exit 2) otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number or out of range
        host = parts.hostname
        if host:
            host.encode("idna")  # raises UnicodeError for an empty label (a..b)
    except (ValueError, UnicodeError):
        raise DataError(url, "not a valid http(s) address") from None
    if parts.scheme not in ("http", "https") or not host or (port is not None and not 0 < port < 65536):
        raise DataError(url, "not an http(s) address with a host")
    return parts


def article_text(html: bytes | str) -> tuple[str, str | None]:
    """The main text of an HTML page (paragraphs on lines of their own) and its title, by trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, favor_precision=True,
                                      with_metadata=True)
    if doc is None:
        return "", None
    text = (doc.text or "").strip()
    return (text + "\n" if text else ""), (doc.title or None)
