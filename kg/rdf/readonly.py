"""What a query may do on a read-only endpoint: no update, no ``SERVICE``, a bounded text.

The SPARQL endpoint of ``kg serve`` (:mod:`kg.publish.web.sparql`) asks
:func:`inspect` before it runs a query; a :class:`Refusal` says why not, and
its ``forbidden`` flag tells a refused operation (update, ``SERVICE``) from
text that is not a query at all. The HTTP status is the endpoint's business.

The checks:

* SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``...) is refused;
* ``SERVICE`` is refused: a query is parsed by rdflib and refused when its
  parse tree holds a ``SERVICE`` pattern, or the keyword appears outside
  strings, IRIs and comments after the ``\\u`` escapes SPARQL expands before
  parsing (:func:`mentions_service`, a parser-free, conservative check);
* a query in which neither ``SERVICE`` nor ``FROM`` appears as a word outside
  whole-line comments needs no parse here (:func:`needs_inspection` is false):
  it cannot hold the keyword nor name its dataset, and the engine parses it.

>>> mentions_service('SELECT * WHERE { ?s ?p "service" }')
False
>>> mentions_service("SELECT * WHERE { \\\\u0053ervice <http://example.org/> { ?s ?p ?o } }")
True
>>> inspect("INSERT DATA { <urn:a> <urn:b> <urn:c> }")[0].forbidden
True
>>> inspect("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
(None, True)
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: The longest query text accepted, in characters.
MAX_QUERY_CHARS = 100_000

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.S)
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_COMMENT = re.compile(r"#[^\n\r]*")
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.I)
#: Either word as a token, not part of a variable (``?from``) or a prefixed name.
_KEYWORDS = re.compile(r"(?<![\w?$:])(?:SERVICE|FROM)(?![\w:])", re.I)


class Refusal(NamedTuple):
    """Why a query may not run: ``forbidden`` for an update or ``SERVICE``, else bad text."""

    forbidden: bool
    message: str


def expand_escapes(text: str) -> str:
    """SPARQL's codepoint escapes, expanded over the whole query before parsing (as the spec says)."""
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def mentions_service(text: str) -> bool:
    """The keyword SERVICE outside strings, IRIs and comments (a conservative, parser-free check)."""
    text = expand_escapes(text)
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        pattern = _STRINGS if ch in "\"'" else _IRIREF if ch == "<" else _COMMENT if ch == "#" else None
        m = pattern.match(text, i) if pattern is not None else None
        if m:
            out.append(" ")
            i = m.end()
            continue
        out.append(ch)
        i += 1
    return bool(_SERVICE.search("".join(out)))


def needs_inspection(text: str) -> bool:
    """Whether ``SERVICE`` or ``FROM`` appears as a word outside whole-line comments.

    Whole-line comments cannot hold code (an IRI or a short string cannot span
    lines; inside a long string a line is text), so only the other lines are read.
    """
    plain = "\n".join(line for line in expand_escapes(text).lower().splitlines()
                      if not line.lstrip().startswith("#"))
    return bool(_KEYWORDS.search(plain))


def _has_service(tree) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    todo, seen = [tree], set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            todo.extend(node.values())
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            todo.extend(list(node))
    return False


def is_update(text: str) -> bool:
    """Whether ``text`` parses as SPARQL Update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # not an update (pyparsing and rdflib raise several types)
        return False
    return True


def inspect(text: str) -> tuple[Refusal | None, bool]:
    """The refusal or ``None``, and whether the query names its dataset (``FROM`` / ``FROM NAMED``)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    if len(text) > MAX_QUERY_CHARS:
        return Refusal(False, f"query too long: {len(text)} characters (at most {MAX_QUERY_CHARS})"), False
    if not text.strip():
        return Refusal(False, "SPARQL syntax error: the query is empty"), False
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        if is_update(text):
            return Refusal(True, "SPARQL Update is not allowed: this endpoint is read-only"), False
        return Refusal(False, f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg} "
                              f"(near {exc.line.strip()[:80]!r})"), False
    except Exception as exc:  # rdflib raises a few other types on odd input
        return Refusal(False, f"SPARQL syntax error: {type(exc).__name__}: {str(exc)[:200]}"), False
    if _has_service(tree) or mentions_service(text):
        return Refusal(True, "SERVICE is not allowed: this endpoint does not query other endpoints"), False
    try:
        has_dataset = "datasetClause" in tree[1]
    except (IndexError, TypeError):
        has_dataset = False
    return None, has_dataset
