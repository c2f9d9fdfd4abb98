"""The entity registry as a gazetteer, and the ontology's classes as the extractor sees them.

Entities come from the project's registry (``entities.yaml`` of a data
folder): no Arabic NER model installs offline here, so the registry is the
gazetteer. :class:`Registry` indexes each Arabic label by its token keys
(:mod:`kg.text.normalise`), derives each state's nisba adjectives
(:func:`adjective_forms`) and mints IRIs as the build mints them; finding the
mentions in a text is :mod:`kg.extract.mentions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.core.config import BKG_NS, ONTOLOGY_FILE, base_iri
from kg.core.errors import DataError
from kg.extract.lexicon import HONORIFICS, STATE_NOUNS
from kg.text.normalise import fold, key

#: Kind of a registry entity, by the first of these classes it belongs to.
KINDS = [("State", "state"), ("City", "place"), ("Place", "place"), ("Person", "person"),
         ("Office", "office"), ("Delegation", "delegation"), ("Organisation", "organisation"),
         ("HonorificTitle", "title"), ("Topic", "topic")]

ACTOR_KINDS = {"person", "office", "state", "organisation", "delegation", "name"}


@lru_cache(maxsize=4)
def ontology(path: str = str(ONTOLOGY_FILE)):
    """The project's ontology, parsed once."""
    from kg.core.ontology import Ontology

    return Ontology(Path(path))


def superclasses(cls: str) -> list[str]:
    """Local names of ``cls`` and its superclasses in the ontology, nearest first."""
    return _supers(cls)


@lru_cache(maxsize=512)
def _supers(cls: str) -> list[str]:
    from rdflib import URIRef

    onto = ontology()
    out = []
    for c in onto.superclasses(URIRef(BKG_NS + cls)):
        name = onto.local(c)
        if name:
            out.append(name)
    return out


def is_subclass(cls: str, of: str) -> bool:
    return of in _supers(cls)


@lru_cache(maxsize=512)
def segment(cls: str) -> str:
    from rdflib import URIRef

    return ontology().segment(URIRef(BKG_NS + cls))


@dataclass
class Entity:
    """One record of the registry, as the extractor uses it."""

    id: str
    type: str
    kind: str
    labels_ar: list[str]
    label_en: str | None = None
    office_of: str | None = None
    organisation_of: str | None = None
    located_in: str | None = None

    @property
    def label_ar(self) -> str:
        return self.labels_ar[0] if self.labels_ar else self.id


def _kind(cls: str) -> str:
    supers = set(_supers(cls))
    for name, kind in KINDS:
        if name in supers:
            return kind
    return "other"


def adjective_forms(name_key: str) -> list[str]:
    """Nisba adjectives of a state's name key: كويت → كويتي، كويتيه، كويتيين...

    >>> adjective_forms("كويت")[:2], adjective_forms("ارمينيا")[0], adjective_forms("فرنسا")[0]
    (['كويتي', 'كويتيه'], 'ارميني', 'فرنسي')
    """
    k = name_key
    if k.endswith("يه"):
        base = k[:-1]
    elif k.endswith("يا"):
        base = k[:-1]
    elif k.endswith("ا"):
        base = k[:-1] + "ي"
    else:
        base = k + "ي"
    return [base, base + "ه", base + "ين", base + "ون", base + "يه"]


class Registry:
    """The registry as a gazetteer; IRIs minted as the build mints them."""

    def __init__(self, entities: list[Entity], base: str | None = None):
        self.entities = {e.id: e for e in entities}
        self.reference = None  # kg.pipeline.reference.Reference, when loaded from a data folder
        self.base = base_iri(base)
        self.index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.adjectives: dict[str, str] = {}
        self.state_keys: dict[str, set[str]] = {}
        self.honorific_ids: dict[tuple[str, ...], str] = {}
        for e in entities:
            for label in e.labels_ar:
                keys = tuple(key(t) for t in fold(label).split() if t)
                if not keys:
                    continue
                self._add(keys, e.id)
                if e.kind == "person":
                    for variant in _name_variants(keys):
                        self._add(variant, e.id)
                if e.kind == "state":
                    core = [k for k in keys if fold(k) not in STATE_NOUNS and k not in STATE_NOUNS]
                    for k in core[-1:]:
                        self.state_keys.setdefault(e.id, set()).add(k)
                        for form in adjective_forms(k):
                            self.adjectives.setdefault(form, e.id)
                if e.kind == "title":
                    self.honorific_ids[keys] = e.id
        for lst in self.index.values():
            lst.sort(key=lambda t: -len(t[0]))
        self.honorifics = sorted({tuple(key(t) for t in h.split()) for h in HONORIFICS}
                                 | set(self.honorific_ids), key=len, reverse=True)

    def _add(self, keys: tuple[str, ...], eid: str) -> None:
        lst = self.index.setdefault(keys[0], [])
        if (keys, eid) not in lst:
            lst.append((keys, eid))

    # --- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: Path, base: str | None = None) -> "Registry":
        """The registry of a data folder: its ``entities.yaml`` and its ``reference/`` states."""
        from kg.pipeline.load import load_entities_and_reference  # the registry and reference alone

        data_dir = Path(data_dir)
        path = data_dir / "entities.yaml"
        if not path.is_file():
            raise DataError(str(path), "entity registry not found")
        records, reference = load_entities_and_reference(data_dir)
        reg = cls.from_records(records, base)
        reg.reference = reference
        return reg

    def minted_office(self, cls: str, state: str | None) -> tuple[str, str] | None:
        """(id, class) of the office of class ``cls`` of ``state`` as the build mints it from the reference's
        role table (``king-of-saudi-arabia`` for the head of state of a kingdom), or None.

        A head of state takes the state's own title (states.tsv); another office the one role of its class.
        """
        ref = self.reference
        info = ref.states.get(state) if ref is not None and state else None
        if info is None or cls == "Office":  # a bare "office" names no role
            return None
        roles = ref.roles
        if is_subclass(cls, "HeadOfStateOffice"):
            ids = [r for r in info.head_of_state if r in roles and (roles[r].cls == cls or cls == "HeadOfStateOffice")]
        else:
            ids = [r.id for r in roles.values() if r.kind == "office" and r.cls == cls]
        if len(ids) != 1 and not (ids and is_subclass(cls, "HeadOfStateOffice")):
            return None
        return f"{ids[0]}-of-{state}", roles[ids[0]].cls

    @classmethod
    def from_records(cls, records, base: str | None = None) -> "Registry":
        onto = ontology()
        from rdflib import URIRef

        entities = []
        for r in records:
            if r.type is None or URIRef(BKG_NS + r.type) not in onto.classes:
                continue
            if r.type == "OfficeRole":  # a kind of office, not an entity a text names (its titles are
                continue                # for linking offices, issue #15)
            ar = list(r.labels.get("ar", [])) + list(r.alt_labels.get("ar", []))
            en = (r.labels.get("en") or [None])[0]

            def prop(name):
                node = r.props.get(name)
                return getattr(node, "value", None)

            entities.append(Entity(r.id, r.type, _kind(r.type), ar, en, prop("officeOf"),
                                   prop("organisationOf"), prop("locatedIn")))
        return cls(entities, base)

    # --- lookups -------------------------------------------------------------------------
    def iri(self, eid: str, cls: str | None = None) -> str:
        """The IRI of a registry entity (or of a new one of class ``cls``)."""
        e = self.entities.get(eid)
        return f"{self.base}{segment(e.type if e else (cls or 'Event'))}/{eid}"

    def kind(self, eid: str | None) -> str | None:
        e = self.entities.get(eid) if eid else None
        return e.kind if e else None

    def state_of(self, eid: str | None) -> str | None:
        """The state an entity belongs to: itself, its office's or organisation's state, a city's state."""
        seen = set()
        while eid and eid not in seen:
            seen.add(eid)
            e = self.entities.get(eid)
            if e is None:
                return None
            if e.kind == "state":
                return eid
            eid = e.office_of or e.organisation_of or e.located_in
        return None

    def office_for(self, cls: str, state: str | None) -> str | None:
        """The registry office of class ``cls`` for ``state``, else one of a class it is a kind of, or (two
        heads of state) of a sibling class. Never a more specific office than the text names: "وزير النفط"
        (a minister) is not the foreign minister."""
        if state is None:
            return None
        best = None
        for e in self.entities.values():
            if e.kind != "office" or self.state_of(e.id) != state or e.office_of != state:
                continue
            if e.type == cls:
                return e.id
            if best is None and compatible_offices(e.type, cls) and not (
                    e.type != cls and is_subclass(e.type, cls) and not is_subclass(cls, "HeadOfStateOffice")):
                best = e.id
        return best


def compatible_offices(a: str, b: str) -> bool:
    """True when an office of class ``a`` may stand for one of class ``b`` (or the reverse).

    A class and its sub- or superclass (never the bare ``Office``), or two heads of state.
    """
    if a == b or is_subclass(a, b) or is_subclass(b, a):
        return a != "Office" and b != "Office" or a == b
    return is_subclass(a, "HeadOfStateOffice") and is_subclass(b, "HeadOfStateOffice")


def _name_variants(keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Spelling variants of a person's name: عبد العزيز = عبدالعزيز, أبو X = أبوX."""
    out: list[tuple[str, ...]] = []
    for glue in ("", "ال"):
        joined: list[str] = []
        i = 0
        while i < len(keys):
            if keys[i] in ("عبد", "ابو") and i + 1 < len(keys):
                joined.append(keys[i] + glue + keys[i + 1])
                i += 2
            else:
                joined.append(keys[i])
                i += 1
        if tuple(joined) != keys and tuple(joined) not in out:
            out.append(tuple(joined))
    return out
