"""Content negotiation: which representation of a resource the ``Accept`` header prefers."""

from __future__ import annotations

#: Representations of a resource: extension -> (media type, name).
REPRESENTATIONS = {
    "html": ("text/html; charset=utf-8", "HTML"),
    "ttl": ("text/turtle; charset=utf-8", "Turtle"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "nt": ("application/n-triples", "N-Triples"),
}
#: What a client may put in Accept for a resource, in the server's order of preference.
RESOURCE_OFFERS = [
    ("text/html", "html"), ("application/xhtml+xml", "html"), ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
    ("application/n-triples", "nt"),
]


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; malformed parts are skipped.

    >>> parse_accept("text/turtle;q=0.5, nonsense, */*")
    [('text/turtle', 0.5), ('*/*', 1.0)]
    """
    out = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def negotiate(header: str | None, offers: list[tuple[str, str]]) -> str | None:
    """The offer (its key) the client prefers; the first offer when there is no Accept; None if none fits.

    >>> negotiate("application/ld+json", RESOURCE_OFFERS), negotiate(None, RESOURCE_OFFERS)
    ('jsonld', 'html')
    """
    ranges = parse_accept(header)
    if not ranges:
        return offers[0][1]
    best, best_q = None, 0.0
    for media, key in offers:
        kind = media.split("/")[0]
        q, specificity = None, -1
        for rng, rq in ranges:
            spec = 2 if rng == media else 1 if rng == f"{kind}/*" else 0 if rng == "*/*" else -1
            if spec > specificity:
                q, specificity = rq, spec
        if q is not None and q > best_q:
            best, best_q = key, q
    return best


__all__ = ["REPRESENTATIONS", "RESOURCE_OFFERS", "negotiate", "parse_accept"]
