"""Mentions of known entities, offices and unknown names in Arabic text.

Entities come from the project's registry (``entities.yaml`` of a data
folder): no Arabic NER model installs offline here, so the registry is the
gazetteer. Matching is on token keys (:mod:`kg.text.normalise`): spelling
variants (hamza, taa marbuta, alef maqsura, علييف/عليف), the article on a
father's or family name (الأحمد = أحمد) and the proclitics و ف ب ك ل ال لل on
the first word of a name (لاذربيجان, وللكويت, بالكويت) do not matter.

Beyond the registry's labels:

* **state adjectives** are derived from each state's names (الكويت → الكويتي،
  الكويتية; أذربيجان → الأذربيجاني; أرمينيا → الأرميني; فرنسا → الفرنسي);
* **offices** are also composed: an office head (الرئيس، الأمير، رئيس الوزراء،
  نائب رئيس الوزراء، وزير الخارجية، وزير الخارجية، رئيس البرلمان...) followed by a
  state (an adjective, ``دولة X``, or ``X``) is the registry's office of that
  class and state, or a new office if the registry has none; a bare head
  (``وزير الخارجية``) is resolved later from its context;
* **names** that the registry does not know are found after honorifics and
  titles (الشيخ، السيد، صاحب السمو، الرئيس...), before or after an office, and
  after the words that introduce a delegation's leader (بزعامة، برئاسة...):
  they become new-entity suggestions;
* **delegations** (وفد ...), "both sides" (الطرفان، الجانبان، رئيسا الدولتين),
  "the two countries" (البلدين), "our country" / "your country" (بلدنا، بلدكم).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.core.config import BKG_NS, ONTOLOGY_FILE, base_iri
from kg.core.errors import DataError
from kg.text.normalise import Normalised, Token, fold, key

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


# --- Fixed vocabulary (folded forms) ----------------------------------------------------------

def _f(words: str) -> set[str]:
    return {fold(w) for w in words.split()}


#: Honorifics and forms of address that precede a name; the registry's HonorificTitle
#: labels are added to these.
HONORIFICS = [fold(w) for w in (
    "صاحب السمو الملكي", "صاحب السمو", "صاحب الجلالة", "صاحب الفخامة", "صاحب المعالي", "صاحبة السمو",
    "سمو الشيخ", "سمو الأمير", "سمو", "جلالة الملك", "جلالة", "فخامة الرئيس", "فخامة", "معالي", "سعادة",
    "سماحة", "دولة الرئيس", "الشيخ", "الشيخة", "السيد", "السيدة", "الدكتور", "الدكتورة", "د", "المهندس",
    "الأستاذ", "الزعيم القومي", "الزعيم الوطني", "الراحل", "المغفور له", "النائب", "العين")]

#: Words that introduce a delegation's leader.
LEADER_WORDS = _f("بزعامة برئاسة بقيادة يرأسه يترأسه يقوده ترأسه برئاسته")
DELEGATION = re.compile(r"^[وفبل]?(?:ال)?(?:وفد|وفدا|وفود)$")
DELEGATION_MODIFIERS = _f(
    "برلماني البرلماني رسمي الرسمي حكومي الحكومي اقتصادي الاقتصادي تجاري التجاري عسكري العسكري رفيع "
    "المستوى مشترك المشترك وزاري الوزاري شعبي الشعبي رجال الأعمال البلدان الدول العربية العربي "
    "الخليجي الإسلامي الإسلامية برلمانية")
BOTH_SIDES = [tuple(fold(w) for w in p.split()) for p in (
    "رئيسا الدولتين", "رئيسي الدولتين", "رئيسا البلدين", "رئيسي البلدين", "زعيما البلدين", "زعيمي البلدين",
    "وزيرا خارجية البلدين", "وزيري خارجية البلدين", "الطرفان", "الطرفين", "الجانبان", "الجانبين",
    "الزعيمان", "الزعيمين", "الوزيران", "الوزيرين", "الرئيسان", "الرئيسين")]
PAIR_STATES = [tuple(fold(w) for w in p.split()) for p in (
    "كلا البلدين", "كلا الدولتين", "البلدين", "البلدان", "الدولتين", "الدولتان", "بلدي", "البلدين الشقيقين",
    "البلدين الصديقين")]
OUR_COUNTRY = _f("بلدنا بلادنا وطننا دولتنا")
#: "his/her country": the country of the clause's speaker or agent.
HIS_COUNTRY = _f("بلاده بلادها بلده بلدها دولته دولتها")
#: The guest of the reception or visit at hand: الوزير الضيف، الضيف، الزائر.
GUEST = [tuple(fold(w) for w in p.split()) for p in (
    "الوزير الضيف", "الرئيس الضيف", "المسؤول الضيف", "الوزير الزائر", "الرئيس الزائر", "الضيف", "الزائر")]
#: Honorific pronouns, used of heads of state and royals: جلالته، سموه، فخامته.
HONORIFIC_PRONOUNS = _f("جلالته جلالتها سموه سموها فخامته فخامتها")
#: "his counterpart": the same office as the agent's, of another state (نظيره الأذربيجاني).
COUNTERPART = re.compile(r"^[وب]?(?:ل|ب)?نظير(?:ه|ها|يه|ته)$")
#: Government, as a metonym for its state: الحكومة الأذربيجانية، حكومة الأردن.
GOVERNMENT = re.compile(r"^[وف]?(?:ال)?حكوم(?:ه|تا|تان|تين)$")
YOUR_COUNTRY = _f("بلدكم بلادكم وطنكم دولتكم بلدك بلادك")
MEMBER_WORDS = _f("عضو أعضاء عضوا عضوة")

#: Office heads: token patterns (folded; the first may carry و/ف) → ontology class.
_OFFICE_HEADS: list[tuple[list[str], str]] = [
    (["نايب", "رييس", "مجلس", "(?:ال)?وزراء"], "DeputyPrimeMinisterOffice"),
    (["نايب", "رييس", "(?:ال)?(?:وزراء|حكومه)"], "DeputyPrimeMinisterOffice"),
    (["رييس", "مجلس", "(?:ال)?وزراء"], "PrimeMinisterOffice"),
    (["رييس", "(?:ال)?(?:وزراء|حكومه)"], "PrimeMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?(?:شوون|شيون)", "(?:ال)?خارجيه"], "ForeignMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?خارجيه"], "ForeignMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?عدل"], "JusticeMinisterOffice"),
    (["(?:ال)?وزير", "(?:ال)?دوله", "ل(?:ل)?\\w+"], "MinisterOffice"),
    (["(?:ال)?وزير", "ال\\w{3,}"], "MinisterOffice"),
    (["رييس", "(?:ال)?مجلس", "(?:ال)?(?:نواب|امه|شوري|شعب|ملي|اعيان|وطني|تشريعي)"], "SpeakerOfParliamentOffice"),
    (["رييس", "(?:ال)?(?:برلمان|كنيست)"], "SpeakerOfParliamentOffice"),
    (["(?:ال)?رييس", "(?:ال)?جمهوريه"], "PresidentOffice"),
    (["(?:ال)?رييس", "(?:ال)?دوله"], "HeadOfStateOffice"),
    (["(?:ال)?امير", "(?:ال)?دوله"], "EmirOffice"),
    (["(?:ال)?امير"], "EmirOffice"),
    (["(?:ال)?(?:ملك|عاهل)"], "HeadOfStateOffice"),
    (["(?:ال)?رييس"], "PresidentOffice"),
    (["(?:ال)?سفير"], "Office"),
    (["ولي", "(?:ال)?عهد"], "Office"),
]
_OFFICE_RX = [([re.compile(f"^(?:{p})$") for p in pats], cls) for pats, cls in _OFFICE_HEADS]
_OFFICE_FIRST = re.compile(r"^[وف]?(?:ال)?(?:نايب|رييس|وزير|امير|ملك|عاهل|سفير|ولي)$")
#: Heads that are only an office when a state follows (else a title before a name).
_NEEDS_STATE = {"PresidentOffice", "EmirOffice", "HeadOfStateOffice", "Office"}
_STATE_NOUNS = _f("دولة جمهورية مملكة المملكة الجمهورية الدولة سلطنة إمارة")
_TOPIC_WORDS = _f("حول بشأن بخصوص عن")


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
                    core = [k for k in keys if fold(k) not in _STATE_NOUNS and k not in _STATE_NOUNS]
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
        """The registry of a data folder (its ``entities.yaml``)."""
        data_dir = Path(data_dir)
        path = data_dir / "entities.yaml"
        if not path.is_file():
            raise DataError(str(path), "entity registry not found")
        try:
            from kg.pipeline.load import load_registry  # reads and checks the registry alone
            records = load_registry(data_dir, path)
        except ImportError:  # pragma: no cover - older or newer kg.pipeline.load
            from kg.pipeline.load import load
            records = [r for r in load(data_dir).records if r.kind == "entity"]
        return cls.from_records(records, base)

    @classmethod
    def from_records(cls, records, base: str | None = None) -> "Registry":
        onto = ontology()
        from rdflib import URIRef

        entities = []
        for r in records:
            if r.type is None or URIRef(BKG_NS + r.type) not in onto.classes:
                continue
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
        """The registry office of class ``cls`` (or a compatible one) for ``state``."""
        if state is None:
            return None
        best = None
        for e in self.entities.values():
            if e.kind != "office" or self.state_of(e.id) != state or e.office_of != state:
                continue
            if e.type == cls:
                return e.id
            if best is None and _compatible(e.type, cls):
                best = e.id
        return best


def _compatible(a: str, b: str) -> bool:
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


# --- Mentions --------------------------------------------------------------------------------

@dataclass
class Mention:
    """A span of the text that names something; ``t0``/``t1`` are token indices, end exclusive."""

    t0: int
    t1: int
    start: int
    end: int
    kind: str  # entity, adj, office, title, honorific, delegation, name, both, pair, our, your
    text: str
    entity: str | None = None  # registry id
    ekind: str | None = None  # kind of the registry entity, or of the thing named
    office_class: str | None = None  # for offices (and titles): the ontology class
    state: str | None = None  # for offices and adjectives: the state
    honorific: str | None = None  # registry id of an honorific title
    extra: dict = field(default_factory=dict)


def _tok_is(tok: Token, words: set[str]) -> bool:
    return tok.text in words or any(s in words for s in (tok.text[1:],) if tok.text[:1] in "وف")


def _strip_conj(text: str) -> list[str]:
    out = [text]
    if text[:1] in "وف" and len(text) > 2:
        out.append(text[1:])
    return out


class MentionFinder:
    """Finds mentions in a tokenised, folded text."""

    def __init__(self, registry: Registry, home_state: str | None = None):
        self.reg = registry
        self.home_state = home_state
        stops = STOPWORDS | {fold(w) for w in CUE_WORDS}
        self.stop_keys = {key(w) for w in stops} | stops
        # fixed phrases indexed by the key of their first word
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for kind, seqs in (("both", BOTH_SIDES), ("pair", PAIR_STATES), ("honorific", registry.honorifics),
                           ("guest", GUEST)):
            for seq in seqs:
                self.phrases.setdefault(key(seq[0]), []).append((seq, kind))
                self.phrases.setdefault(seq[0], []).append((seq, kind))

    # ----------------------------------------------------------------------------------
    def find(self, norm: Normalised, toks: list[Token]) -> list[Mention]:
        out: list[Mention] = []
        n = len(toks)
        p = 0
        while p < n:
            m = self._at(norm, toks, p)
            if m is None:
                p += 1
                continue
            out.append(m)
            p = m.t1
        out = self._names(norm, toks, out)
        return self._surnames(norm, toks, out)

    def _surnames(self, norm, toks, mentions: list[Mention]) -> list[Mention]:
        """A person's last name alone (الخطيب) after the full name was mentioned: that person."""
        last: dict[str, set[str]] = {}
        for e in self.reg.entities.values():
            if e.kind != "person":
                continue
            for label in e.labels_ar:
                ks = [key(t) for t in fold(label).split()]
                if len(ks) >= 2 and len(ks[-1]) >= 3:
                    last.setdefault(ks[-1], set()).add(e.id)
        taken = set()
        for m in mentions:
            taken.update(range(m.t0, m.t1))
        seen: set[str] = set()
        added = []
        by_t0 = {m.t0: m for m in mentions}
        for i, tok in enumerate(toks):
            m = by_t0.get(i)
            if m is not None and m.kind == "entity" and m.ekind == "person":
                seen.add(m.entity)
                continue
            if i in taken:
                continue
            for s in tok.stems[:2]:
                ids = last.get(s, set())
                hit = [x for x in ids if x in seen]
                if len(ids) == 1 and hit:
                    added.append(self._mk(norm, toks, i, i + 1, "entity", entity=hit[0], ekind="person"))
                    break
        if not added:
            return mentions
        return sorted(mentions + added, key=lambda m: m.t0)

    def _mk(self, norm, toks, t0, t1, kind, **kw) -> Mention:
        s, e = norm.span(toks[t0].i, toks[t1 - 1].j)
        return Mention(t0, t1, s, e, kind, norm.original[s:e], **kw)

    def _seq(self, toks, p, seq: tuple[str, ...], first_stems=True) -> bool:
        if p + len(seq) > len(toks):
            return False
        for k, want in enumerate(seq):
            tok = toks[p + k]
            cands = tok.stems if (k == 0 and first_stems) else (tok.key,)
            if want not in cands and key(want) not in cands:
                return False
        return True

    def _at(self, norm, toks, p) -> Mention | None:
        cands: list[Mention] = []
        tok = toks[p]
        # both sides, the two countries, honorifics, the guest
        phrase_hits: dict[str, tuple] = {}
        for s0 in tok.stems + tuple(_strip_conj(tok.text)):
            for seq, kind in self.phrases.get(s0, ()):
                if kind in phrase_hits and len(phrase_hits[kind]) >= len(seq):
                    continue
                if self._seq(toks, p, seq) or (kind == "guest" and len(seq) == 1 and tok.text[1:] == seq[0]
                                                and tok.text[:1] in "وف"):
                    phrase_hits[kind] = seq
        for kind in ("both", "pair", "guest"):
            if kind in phrase_hits:
                seq = phrase_hits[kind]
                cands.append(self._mk(norm, toks, p, p + len(seq), kind,
                                      ekind={"both": "group", "pair": "states", "guest": "person"}[kind]))
        if tok.text in HONORIFIC_PRONOUNS or any(tok.text[k:] in HONORIFIC_PRONOUNS for k in (1, 2, 3)):
            cands.append(self._mk(norm, toks, p, p + 1, "hpron", ekind="person"))
        if COUNTERPART.match(tok.text) and p + 1 < len(toks):
            for s in toks[p + 1].stems[:1]:
                if s in self.reg.adjectives:
                    cands.append(self._mk(norm, toks, p, p + 2, "office", ekind="office", office_class=None,
                                          state=self.reg.adjectives[s], extra={"counterpart": True}))
        if GOVERNMENT.match(tok.text) and p + 1 < len(toks):
            used, st = self._state_ref(norm, toks, p + 1)
            if st:
                cands.append(self._mk(norm, toks, p, p + 1 + used, "entity", entity=st, ekind="state", state=st))
        # registry labels
        best = None
        for s in tok.stems:
            for keys, eid in self.reg.index.get(s, ()):
                if best is not None and len(keys) <= best[0]:
                    continue
                if self._label_at(toks, p, keys):
                    best = (len(keys), eid)
        if best is not None:
            eid = best[1]
            e = self.reg.entities[eid]
            if e.kind == "title":
                cands.append(self._mk(norm, toks, p, p + best[0], "honorific", entity=eid, ekind="title",
                                      honorific=eid))
            else:
                cands.append(self._mk(norm, toks, p, p + best[0], "entity", entity=eid, ekind=e.kind,
                                      office_class=e.type if e.kind == "office" else None,
                                      state=self.reg.state_of(eid)))
        # state adjectives
        for s in tok.stems:
            if s in self.reg.adjectives:
                cands.append(self._mk(norm, toks, p, p + 1, "adj", state=self.reg.adjectives[s], ekind="state"))
                break
        # composed offices
        off = self._office(norm, toks, p)
        if off is not None:
            cands.append(off)
        # honorifics
        if "honorific" in phrase_hits:
            h = phrase_hits["honorific"]
            hid = self.reg.honorific_ids.get(h)
            cands.append(self._mk(norm, toks, p, p + len(h), "honorific", honorific=hid, ekind="title"))
        # delegations
        if DELEGATION.match(tok.text):
            cands.append(self._delegation(norm, toks, p))
        # our / your country
        for t in _strip_conj(tok.text):
            base = t[1:] if t[:1] in "بل" and t[1:] in OUR_COUNTRY | YOUR_COUNTRY else t
            if base in OUR_COUNTRY:
                cands.append(self._mk(norm, toks, p, p + 1, "our", ekind="state"))
                break
            if base in YOUR_COUNTRY:
                cands.append(self._mk(norm, toks, p, p + 1, "your", ekind="state"))
                break
            if base in HIS_COUNTRY:
                cands.append(self._mk(norm, toks, p, p + 1, "his", ekind="state"))
                break
        if not cands:
            return None
        order = {"entity": 0, "office": 1, "delegation": 2, "both": 3, "guest": 3, "pair": 4, "honorific": 5,
                 "adj": 6, "our": 7, "your": 8, "his": 8, "hpron": 9}
        cands.sort(key=lambda m: (-(m.t1 - m.t0), order.get(m.kind, 9)))
        return cands[0]

    def _label_at(self, toks, p, keys) -> bool:
        if p + len(keys) > len(toks):
            return False
        for k in range(1, len(keys)):
            tok = toks[p + k]
            if tok.key == keys[k]:
                continue
            # "our country" stands for the home state inside a name (رئاسة بلدنا)
            if self.home_state and tok.key in OUR_COUNTRY and keys[k] in self.reg.state_keys.get(self.home_state, ()):
                continue
            return False
        return True

    def _state_ref(self, norm, toks, q) -> tuple[int, str | None]:
        """A state right after an office head at token ``q``: (tokens used, state id)."""
        if q >= len(toks):
            return 0, None
        tok = toks[q]
        for s in (tok.key,) + tuple(x for x in tok.stems[1:2]):
            if s in self.reg.adjectives:
                return 1, self.reg.adjectives[s]
        used = 0
        if tok.text in _STATE_NOUNS or tok.key in {key(w) for w in _STATE_NOUNS}:
            used = 1
            if q + 1 < len(toks):
                nxt = toks[q + 1]
                for s in (nxt.key,):
                    if s in self.reg.adjectives:
                        return 2, self.reg.adjectives[s]
        q2 = q + used
        if q2 < len(toks):
            for s in toks[q2].stems[:1]:
                for keys, eid in self.reg.index.get(s, ()):
                    if self.reg.kind(eid) == "state" and self._label_at(toks, q2, keys):
                        return used + len(keys), eid
            if self.home_state and toks[q2].key in OUR_COUNTRY:
                return used + 1, self.home_state
        return 0, None

    def _office(self, norm, toks, p) -> Mention | None:
        if not _OFFICE_FIRST.match(toks[p].text):
            return None
        for rxs, cls in _OFFICE_RX:
            if p + len(rxs) > len(toks):
                continue
            ok = True
            for k, rx in enumerate(rxs):
                texts = _strip_conj(toks[p + k].text) if k == 0 else [toks[p + k].text]
                if not any(rx.match(t) for t in texts):
                    ok = False
                    break
            if not ok:
                continue
            q = p + len(rxs)
            if cls == "MinisterOffice" and len(rxs) == 2 and toks[q - 1].text in self.stop_keys:
                continue
            used, state = self._state_ref(norm, toks, q)
            if state is None and cls in _NEEDS_STATE:
                if cls in ("HeadOfStateOffice", "Office") and len(rxs) > 1 and rxs[1].pattern.endswith("دوله)$"):
                    continue
                return self._mk(norm, toks, p, q, "title", office_class=cls, ekind="office")
            end = q + used
            if state is None and is_subclass(cls, "MinisterOffice"):
                # coordinated portfolios: وزير العدل والأوقاف والشؤون الإسلامية
                after_conj = False
                while end < len(toks) and end - q < 4:
                    t = toks[end].text
                    if re.match(r"^وال\w{2,}$", t) and t[1:] not in self.stop_keys and not DELEGATION.match(t):
                        after_conj = True
                    elif not (after_conj and re.match(r"^ال\w{2,}$", t) and t not in self.stop_keys
                              and key(t) not in self.reg.adjectives):
                        break
                    end += 1
                used2, state = self._state_ref(norm, toks, end)
                end += used2
            extra = {}
            if state is not None and end + 1 < len(toks) and toks[end].text in ("لدي", "في") and cls == "Office":
                used3, host = self._state_ref(norm, toks, end + 1)
                if host:
                    extra["to"] = host
                    end += 1 + used3
            eid = self.reg.office_for(cls, state) if state else None
            if "سفير" in toks[p].text:
                extra["ambassador"] = True
            return self._mk(norm, toks, p, end, "office", entity=eid, ekind="office",
                            office_class=self.reg.entities[eid].type if eid else cls, state=state, extra=extra)
        return None

    def _delegation(self, norm, toks, p) -> Mention:
        q = p + 1
        n = len(toks)
        modified = False
        while q < n and q < p + 4:
            t = toks[q]
            if t.text in DELEGATION_MODIFIERS or key(t.text) in {key(w) for w in DELEGATION_MODIFIERS} \
                    or any(s in self.reg.adjectives for s in t.stems[:1]):
                q += 1
                modified = True
                continue
            hit = None
            for s in t.stems[:1]:
                for keys, eid in self.reg.index.get(s, ()):
                    if self.reg.kind(eid) in ("state", "organisation") and self._label_at(toks, q, keys):
                        hit = len(keys)
                        break
            if hit:
                q += hit
                modified = True
                continue
            break
        leader = False
        if q < n and toks[q].text in LEADER_WORDS:
            leader = True
            q += 1
        return self._mk(norm, toks, p, q, "delegation", ekind="delegation",
                        extra={"modified": modified, "leader_word": leader,
                               "definite": "ال" in toks[p].text[:4]})

    # --- unknown names --------------------------------------------------------------------
    def _name_like(self, tok: Token) -> bool:
        t = tok.text
        if not re.fullmatch(r"[\u0621-\u064A]{2,}", t) or t in self.stop_keys or tok.key in self.stop_keys:
            return False
        if t[:1] in "وف" and (t[1:] in self.stop_keys or key(t[1:]) in self.stop_keys):
            return False
        if any(s in self.reg.adjectives for s in tok.stems[:1]):
            return False
        from kg.extract.dates import _F_GREG, _F_HIJRI
        if t in _F_GREG or t in _F_HIJRI:
            return False
        return True

    def _names(self, norm, toks, mentions: list[Mention]) -> list[Mention]:
        """Add unknown names found next to honorifics, titles, offices and leader words."""
        taken = set()
        for m in mentions:
            taken.update(range(m.t0, m.t1))
        by_start = {m.t0: m for m in mentions}
        new: list[Mention] = []

        def run_forward(q, limit=5):
            r = q
            while r < len(toks) and r - q < limit and r not in taken and self._name_like(toks[r]):
                if r > q and toks[r].text[:1] == "و" and toks[r].text[1:2] != "ا" and len(toks[r].text) > 3 \
                        and not self._plausible_inner(toks[r]):
                    break
                r += 1
            return r

        for m in mentions:
            anchor_forward = m.kind in ("honorific", "title") or (m.kind in ("office", "entity") and m.ekind == "office") \
                or (m.kind == "delegation" and m.extra.get("leader_word"))
            if anchor_forward and m.t1 not in taken and m.t1 not in by_start:
                r = run_forward(m.t1)
                strong = m.kind in ("honorific", "title") or m.kind == "delegation"
                if r - m.t1 >= (1 if strong else 2):
                    # the word right after must not be a name-like noun phrase glued to a verb...
                    nm = self._mk(norm, toks, m.t1, r, "name", ekind="person")
                    new.append(nm)
                    taken.update(range(m.t1, r))
            if m.kind in ("office", "entity") and m.ekind == "office" or (m.kind == "title" and False):
                # a name right before an office: X أمير دولة الكويت
                q = m.t0
                r = q
                while r > 0 and q - r < 5 and (r - 1) not in taken and self._name_like(toks[r - 1]):
                    r -= 1
                if q - r >= 2:
                    # do not run across a sentence mark
                    s0, _ = norm.span(toks[r].i, toks[r].j)
                    if not re.search(r"[.!?؟،,:؛\n\"«»]", norm.original[s0:m.start]):
                        nm = self._mk(norm, toks, r, q, "name", ekind="person")
                        new.append(nm)
                        taken.update(range(r, q))
        if not new:
            return mentions
        return sorted(mentions + new, key=lambda m: m.t0)

    def _plausible_inner(self, tok: Token) -> bool:
        # a later word of a name starting with و (وليد, وائل) - but not "و" + title/honorific/entity
        rest = tok.text[1:]
        return rest not in self.stop_keys and key(rest) not in self.stop_keys and not any(
            key(rest) == h[0] for h in self.reg.honorifics) and key(rest) not in self.reg.index


#: Cue words are not names (filled in by kg.extract.events).
CUE_WORDS: set[str] = set()

STOPWORDS = _f("""
في من الى إلى على عن مع ب ل ك حتى منذ بين عند لدى خلال اثناء أثناء بعد قبل عقب حول بشأن بخصوص ضد نحو دون غير سوى
الذي التي الذين اللذين اللتين هذا هذه ذلك تلك هؤلاء هذين هاتين ان أن إن انه أنه إنه انها أنها لان لأن كما ايضا أيضا قد لقد
لم لن لا ما ماذا هل او أو ام أم ثم بل لكن لكن حيث اذا إذا اذ إذ عندما بينما كل بعض جميع كافة عدد اي أي نفس هو هي هم هن نحن
انا أنا انت أنت كان كانت يكون تكون ليس وقد فقد تم يتم جرى جرت أجرى اجرى أجرت اجرت قام قامت يقوم تقوم الرئيس رئيس وزير
الوزير أمير امير الأمير ملك الملك نائب سفير السفير عضو أعضاء وفد الوفد زيارة الزيارة لقاء اللقاء اجتماع الاجتماع محادثات
مباحثات مؤتمر المؤتمر قمة القمة اتفاقية الاتفاقية مذكرة المذكرة علاقات العلاقات تعاون التعاون دولة الدولة جمهورية مملكة
المملكة حكومة الحكومة برلمان البرلمان مجلس وزارة الوزارة الخارجية الشعب شعب البلدين الطرفين الجانبين الدولتين بلد بلاد
نظيره نظيرها نظيريه نظيره نظيرته الجانب الطرف الجانبان الطرفان عام العام سنة يوم اليوم امس أمس الماضي المقبل الجاري شهر
الثنائية الثنائي المشترك المشتركة الدبلوماسية الدبلوماسي الرسمية الرسمي السياسية السياسي الاقتصادية الاقتصادي
العربية العربي الاسلامية الإسلامية الاسلامي الإسلامي الدولي الدولية المتحدة الامم الأمم منظمة المنظمة مجموعة
الصداقة السفارة سفارة رئاسة الرئاسة حيث وذلك كذلك تحيات تحية دعوة الدعوة رسالة الرسالة بزيارة لزيارة للقيام القيام
ضرورة وجوب أهمية اهمية تطوير تعزيز توسيع دعم مساعدات المساعدات التي الذي بان بأن قائلا قائلة فيما يخص أما اما فانها فإنها
والذي والتي وهو وهي ومع وفي ومن وعلى وإلى والى كلا كل بعضهما البعض منهما تطرق تناول استعرض حضر حضره بحضور بمشاركة
مستوى المستوى رفيع الرفيع الأول الاول الثاني الثالث جديد الجديد عاصمة العاصمة مدينة المدينة مقر
له لها لهم لهما به بها بهم عليه عليها اليه إليه اليها إليها منه منها فيه فيها عنه عنها معه معها لدينا لديه
الضيف الزائر هنا هناك الان الآن اليوم غدا امس أمس الأسبوع الاسبوع المقبل الماضي الجاري بلاده بلادها
""")
