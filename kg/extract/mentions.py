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

from kg.extract.dates import is_month_name
from kg.extract.entities import Registry, is_subclass
from kg.extract.lexicon import (
    BOTH_SIDES,
    COUNTERPART,
    CUE_WORDS,
    DELEGATION,
    DELEGATION_MODIFIERS,
    GOVERNMENT,
    GUEST,
    HIS_COUNTRY,
    HONORIFIC_PRONOUNS,
    LEADER_WORDS,
    NEEDS_STATE,
    OFFICE_FIRST_WORD,
    OFFICE_PATTERNS,
    OUR_COUNTRY,
    PAIR_STATES,
    STATE_NOUNS,
    STOPWORDS,
    YOUR_COUNTRY,
)
from kg.text.normalise import Normalised, Token, fold, key, normalise, tokens


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


#: Which of two equally long candidate mentions wins: the lower rank.
_RANK = {"entity": 0, "office": 1, "delegation": 2, "both": 3, "guest": 3, "pair": 4, "honorific": 5,
         "adj": 6, "our": 7, "your": 8, "his": 8, "hpron": 9}


def _subsequence(short: list[str], long: list[str]) -> bool:
    """Whether the words of ``short`` occur in ``long`` in order (جابر أحمد الصباح in جابر الأحمد الجابر الصباح)."""
    it = iter(long)
    return all(w in it for w in short)


def states_named(text: str, registry: Registry) -> list[str]:
    """The states a short text (a title, the rest of an ambassador's title) names, by name or adjective, in order."""
    norm = normalise(text)
    out: list[str] = []
    for m in MentionFinder(registry, None).find(norm, tokens(norm)):
        st = m.entity if (m.kind == "entity" and m.ekind == "state") else (m.state if m.kind == "adj" else None)
        if st and st not in out:
            out.append(st)
    return out


class MentionFinder:
    """Finds mentions in a tokenised, folded text."""

    def __init__(self, registry: Registry, home_state: str | None = None, kingdom: str | None = None):
        self.reg = registry
        self.home_state = home_state
        self.kingdom = kingdom  # the one state of the document's pair that is a kingdom: "المملكة" names it
        #: every Arabic label of a registry person as keys, for a title and a form of a known name
        self._labels = [(e.id, [key(t) for t in fold(lab).split()]) for e in registry.entities.values()
                        if e.kind == "person" for lab in e.labels_ar]
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
        """The mention that starts at token ``p``: the longest candidate, ties broken by kind."""
        tok = toks[p]
        phrase_hits = self._phrase_hits(toks, p)
        cands = self._group_phrases(norm, toks, p, phrase_hits)
        cands += self._pronoun_or_metonym(norm, toks, p)
        cands += self._registry_label(norm, toks, p)
        cands += [self._mk(norm, toks, p, p + 1, "adj", state=self.reg.adjectives[s], ekind="state")
                  for s in tok.stems if s in self.reg.adjectives][:1]
        off = self._office(norm, toks, p)
        if off is not None:
            cands.append(off)
        if "honorific" in phrase_hits:
            h = phrase_hits["honorific"]
            hid = self.reg.honorific_ids.get(h)
            end = p + len(h)
            if len(h) >= 2:  # فخامة رئيس جمهورية أذربيجان: the office begins at the honorific's last word
                inner = self._office(norm, toks, end - 1)
                if inner is not None and inner.t1 > end:
                    end -= 1
            cands.append(self._mk(norm, toks, p, end, "honorific", honorific=hid, ekind="title"))
        if DELEGATION.match(tok.text):
            cands.append(self._delegation(norm, toks, p))
        cands += self._country_word(norm, toks, p)
        if self.kingdom and re.fullmatch(r"[وف]?(?:ب|ل)?(?:ال|لل)مملكه", tok.text):
            cands.append(self._mk(norm, toks, p, p + 1, "entity", entity=self.kingdom, ekind="state",
                                  state=self.kingdom))  # "the Kingdom": the document's kingdom
        if not cands:
            return None
        cands.sort(key=lambda m: (-(m.t1 - m.t0), _RANK.get(m.kind, 9)))
        return cands[0]

    def _phrase_hits(self, toks, p) -> dict[str, tuple]:
        """The longest fixed phrase of each kind (both, pair, honorific, guest) at token ``p``."""
        tok = toks[p]
        hits: dict[str, tuple] = {}
        for s0 in tok.stems + tuple(_strip_conj(tok.text)):
            for seq, kind in self.phrases.get(s0, ()):
                if kind in hits and len(hits[kind]) >= len(seq):
                    continue
                if self._seq(toks, p, seq) or (kind == "guest" and len(seq) == 1 and tok.text[1:] == seq[0]
                                                and tok.text[:1] in "وف"):
                    hits[kind] = seq
        return hits

    def _group_phrases(self, norm, toks, p, phrase_hits) -> list[Mention]:
        """Both sides, the two countries, the guest."""
        ekinds = {"both": "group", "pair": "states", "guest": "person"}
        return [self._mk(norm, toks, p, p + len(phrase_hits[kind]), kind, ekind=ekinds[kind])
                for kind in ("both", "pair", "guest") if kind in phrase_hits]

    def _pronoun_or_metonym(self, norm, toks, p) -> list[Mention]:
        """An honorific pronoun (جلالته), "his counterpart" + adjective, or a government for its state."""
        tok = toks[p]
        out = []
        if tok.text in HONORIFIC_PRONOUNS or any(tok.text[k:] in HONORIFIC_PRONOUNS for k in (1, 2, 3)):
            out.append(self._mk(norm, toks, p, p + 1, "hpron", ekind="person"))
        if COUNTERPART.match(tok.text) and p + 1 < len(toks):
            for s in toks[p + 1].stems[:1]:
                if s in self.reg.adjectives:
                    out.append(self._mk(norm, toks, p, p + 2, "office", ekind="office", office_class=None,
                                        state=self.reg.adjectives[s], extra={"counterpart": True}))
        if GOVERNMENT.match(tok.text) and p + 1 < len(toks):
            used, st = self._state_ref(norm, toks, p + 1)
            if st:
                out.append(self._mk(norm, toks, p, p + 1 + used, "entity", entity=st, ekind="state", state=st))
        return out

    def _registry_label(self, norm, toks, p) -> list[Mention]:
        """The longest registry label at token ``p``: an entity, or an honorific title."""
        best = None
        for s in toks[p].stems:
            for keys, eid in self.reg.index.get(s, ()):
                if best is not None and len(keys) <= best[0]:
                    continue
                if self._label_at(toks, p, keys):
                    best = (len(keys), eid)
        if best is None:
            return []
        eid = best[1]
        e = self.reg.entities[eid]
        if e.kind == "title":
            return [self._mk(norm, toks, p, p + best[0], "honorific", entity=eid, ekind="title", honorific=eid)]
        return [self._mk(norm, toks, p, p + best[0], "entity", entity=eid, ekind=e.kind,
                         office_class=e.type if e.kind == "office" else None, state=self.reg.state_of(eid))]

    def _country_word(self, norm, toks, p) -> list[Mention]:
        """Our / your / his country (بلدنا، بلادكم، بلاده)."""
        for t in _strip_conj(toks[p].text):
            base = t[1:] if t[:1] in "بل" and t[1:] in OUR_COUNTRY | YOUR_COUNTRY else t
            for words, kind in ((OUR_COUNTRY, "our"), (YOUR_COUNTRY, "your"), (HIS_COUNTRY, "his")):
                if base in words:
                    return [self._mk(norm, toks, p, p + 1, kind, ekind="state")]
        return []

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
        if tok.text in STATE_NOUNS or tok.key in {key(w) for w in STATE_NOUNS}:
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
        if not OFFICE_FIRST_WORD.match(toks[p].text):
            return None
        for rxs, cls in OFFICE_PATTERNS:
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
            if state is None and cls in NEEDS_STATE:
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
    def _name_like(self, tok: Token, norm: Normalised | None = None) -> bool:
        """Whether a token may be a word of a person's name.

        Not: a stop word or cue, a state adjective, a month; a word written with
        tanween (مؤتمراً, a common noun); a verb of the form تفاعلت (تناولت).
        """
        t = tok.text
        if not re.fullmatch(r"[\u0621-\u064A]{2,}", t) or t in self.stop_keys or tok.key in self.stop_keys:
            return False
        if norm is not None and re.search("[\u064B-\u064D]", norm.original[slice(*norm.span(tok.i, tok.j))]):
            return False
        if re.fullmatch(r"[وف]?ت\w{2}ا\w{2}ت", t) or re.fullmatch(r"[وف]?ت\w{3,4}ت", t) and t.endswith("ت"):
            return False
        if t[:1] in "وف" and (t[1:] in self.stop_keys or key(t[1:]) in self.stop_keys):
            return False
        if any(s in self.reg.adjectives for s in tok.stems[:1]):
            return False
        return not is_month_name(t)

    def _names(self, norm, toks, mentions: list[Mention]) -> list[Mention]:
        """Add unknown names found next to honorifics, titles, offices and leader words."""
        taken = set()
        for m in mentions:
            taken.update(range(m.t0, m.t1))
        by_start = {m.t0: m for m in mentions}
        new: list[Mention] = []

        def joined(a, b) -> bool:
            """No sentence mark, comma or line break between tokens ``a`` and ``b``: one name may span them."""
            gap = norm.original[norm.span(toks[a].i, toks[a].j)[1]:norm.span(toks[b].i, toks[b].j)[0]]
            return not re.search(r"[.!?؟،,:;؛\n\"«»()]", gap)

        def run_forward(q, limit=5):
            r = q
            while r < len(toks) and r - q < limit and r not in taken and self._name_like(toks[r], norm) \
                    and (r == q or joined(r - 1, r)):
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
                known = self._first_names(toks, m.t1, r) if strong else None
                if known is not None:  # الملك فهد: the one registry person whose name begins so
                    new.append(self._mk(norm, toks, m.t1, known[1], "entity", entity=known[0], ekind="person"))
                    taken.update(range(m.t1, known[1]))
                elif r - m.t1 >= (1 if strong else 2):
                    # the word right after must not be a name-like noun phrase glued to a verb...
                    nm = self._mk(norm, toks, m.t1, r, "name", ekind="person")
                    new.append(nm)
                    taken.update(range(m.t1, r))
            if m.kind in ("office", "entity") and m.ekind == "office" or (m.kind == "title" and False):
                # a name right before an office: X أمير دولة الكويت
                q = m.t0
                r = q
                while r > 0 and q - r < 5 and (r - 1) not in taken and self._name_like(toks[r - 1], norm):
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

    def _first_names(self, toks, q: int, r: int) -> tuple[str, int] | None:
        """(person id, end) when the name words ``toks[q:r]``, all of them, begin the Arabic label of exactly
        one registry person, or are its surname alone, or a fuller or shorter form of it (same first and last
        word, the one's words in order in the other's): a title and a first name, a surname or another form
        of the name name a known person (الملك فهد، الرئيس السيسي، الشيخ جابر الأحمد الجابر الصباح)."""
        if r <= q:
            return None
        words = [toks[k].key for k in range(q, r)]  # every word of the name, none dropped
        ids = {pid for pid, ks in self._labels if ks[:len(words)] == words
               or (len(words) == 1 and len(ks) >= 2 and ks[-1] == words[0])  # الرئيس السيسي: the surname
               or (len(words) >= 2 and len(ks) >= 2 and words[0] == ks[0] and words[-1] == ks[-1]
                   and (_subsequence(ks, words) or _subsequence(words, ks)))}  # a fuller or shorter form
        return (next(iter(ids)), r) if len(ids) == 1 else None  # none, or two: a new person to suggest

    def _plausible_inner(self, tok: Token) -> bool:
        # a later word of a name starting with و (وليد, وائل) - but not "و" + title/honorific/entity
        rest = tok.text[1:]
        return rest not in self.stop_keys and key(rest) not in self.stop_keys and not any(
            key(rest) == h[0] for h in self.reg.honorifics) and key(rest) not in self.reg.index
