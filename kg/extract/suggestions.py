"""New-entity suggestions: what the registry does not know, each made once and given a fresh id."""

from __future__ import annotations

from kg.extract.entities import Registry
from kg.extract.model import NewEntity


class Suggestions:
    """The new entities of one document, by id; the same thing (by its dedup key) is suggested once."""

    def __init__(self, registry: Registry):
        self.reg = registry
        self.new: dict[str, NewEntity] = {}
        self._keys: dict[tuple, str] = {}

    def suggest(self, kind: str, cls: str, label: str, span: tuple[int, int], dedup: tuple | None = None,
                ident: str | None = None, **props: str) -> str:
        """The id of the suggestion for this thing: an existing one (its mention added) or a new one.

        ``dedup`` says when two mentions are the same thing (default: kind and label); ``ident``
        is the wished id (default ``new-KIND-N``), suffixed ``-2``, ``-3``... if taken.
        """
        dkey = dedup or (kind, label)
        if dkey in self._keys:
            nid = self._keys[dkey]
            if span not in self.new[nid].mentions:
                self.new[nid].mentions.append(span)
            return nid
        if ident is None:
            n = sum(1 for e in self.new.values() if e.kind == kind) + 1
            ident = f"new-{kind}-{n}"
        base, k = ident, 2
        while ident in self.new or ident in self.reg.entities:
            ident = f"{base}-{k}"
            k += 1
        self.new[ident] = NewEntity(ident, cls, label, kind, [span], dict(props))
        self._keys[dkey] = ident
        return ident
