"""Event cues: the words that type an event (see :mod:`kg.extract.events` for the table).

:func:`find_cues` tries, at each token of a sentence, the matchers of
:data:`MATCHERS` in order; the first that matches gives the cue (or, for
"diplomatic relations" without a verb, consumes the token with no cue). The
word lists are in :mod:`kg.extract.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.lexicon import (
    AGREEMENT,
    AID,
    ANSWERING,
    BEGAN,
    DIPLOMATIC,
    EMBASSY,
    ESTABLISH,
    GREET_VERB,
    GREETINGS,
    INVITE,
    INVITE_TO,
    MEET_NOUN,
    MEET_VERB,
    OFFICIAL,
    OPEN,
    PARTICIPLE,
    PLEDGE_FUT,
    PLEDGE_VERB,
    PRESS_1,
    PRESS_2,
    PROVIDE,
    RECEPTION_NOUN,
    RECOGNISE,
    RECEPTION_VERB,
    RELATIONS,
    SIGN,
    STAND_VERB,
    STATEHOOD,
    STATEMENT,
    STATEMENT_WEAK,
    SUMMIT_LEAD,
    SUMMIT_NOUN,
    SUPPORT_VERB,
    TALKS_NOUN,
    TALKS_VERB,
    VISIT_NOUN,
    VISIT_VERB,
    WORK,
)
from kg.extract.model import Cue
from kg.text.normalise import Token


def bare_forms(text: str) -> list[str]:
    """A token's text with and without a leading conjunction و/ف.

    >>> bare_forms("وزار"), bare_forms("زار")
    (['وزار', 'زار'], ['زار'])
    """
    out = [text]
    if text[:1] in "وف" and len(text) > 2:
        out.append(text[1:])
    return out


def matches(rx: re.Pattern, tok: Token) -> bool:
    """True when ``rx`` matches the token, with or without its leading و/ف."""
    return any(rx.match(t) for t in bare_forms(tok.text))


class _Span:
    """The tokens ``[lo, hi)`` of one sentence, for looking around a token."""

    def __init__(self, toks: list[Token], lo: int, hi: int):
        self.toks, self.lo, self.hi = toks, lo, hi

    def window(self, i: int, before: int, after: int) -> range:
        return range(max(self.lo, i - before), min(self.hi, i + after + 1))

    def any_after(self, rx: re.Pattern, i: int, after: int) -> bool:
        """``rx`` matches one of the ``after`` tokens following ``i``."""
        return any(matches(rx, self.toks[j]) for j in self.window(i, 0, after) if j > i)

    def next_is(self, rx: re.Pattern, i: int) -> bool:
        return i + 1 < self.hi and matches(rx, self.toks[i + 1])


#: A matcher looks at token ``i``: None when it does not apply, else the cues it found (maybe none).
Matcher = Callable[[_Span, int], "list[Cue] | None"]


def _press_conference(sp: _Span, i: int) -> list[Cue] | None:
    if matches(PRESS_1, sp.toks[i]) and sp.next_is(PRESS_2, i):  # مؤتمر صحفي
        return [Cue("PressConference", i, i + 2, i, False)]
    return None


def _summit_attendance(sp: _Span, i: int) -> list[Cue] | None:
    tok = sp.toks[i]
    if matches(SUMMIT_LEAD, tok) and sp.any_after(SUMMIT_NOUN, i, 8):  # المشاركة في (مؤتمر) القمة
        return [Cue("SummitAttendance", i, i + 1, i, not tok.text.startswith(("ال", "لل", "ل", "ب")))]
    return None


def _agreement_signing(sp: _Span, i: int) -> list[Cue] | None:
    tok = sp.toks[i]
    if matches(SIGN, tok):
        verbal = not re.match(r"^[وف]?(?:ال|ب|بال)?توقيع$", tok.text)
        if sp.any_after(AGREEMENT, i, 16 if verbal else 4):
            return [Cue("AgreementSigning", i, i + 1, i, verbal)]
    return None


def _relations_established(sp: _Span, i: int) -> list[Cue] | None:
    toks = sp.toks
    if not (matches(RELATIONS, toks[i]) and sp.next_is(DIPLOMATIC, i)):
        return None
    for j in sp.window(i, 3, 9):
        if j not in (i, i + 1) and matches(ESTABLISH, toks[j]):
            verbal = bool(re.match(r"^[وف]?(?:انشيت|اقامت|اقيمت|تاسست|اسست|اقام|اسسا|اقاما)$", toks[j].text))
            return [Cue("DiplomaticRelationsEstablishment", min(i, j), max(i + 2, j + 1), j, verbal)]
    return []  # العلاقات الدبلوماسية without a verb: no event


def _embassy_opening(sp: _Span, i: int) -> list[Cue] | None:
    toks, tok = sp.toks, sp.toks[i]
    if matches(OPEN, tok) and sp.any_after(EMBASSY, i, 4):
        return [Cue("EmbassyOpening", i, i + 1, i, not tok.text.startswith(("ال", "ب")) and "افتتاح" not in tok.text)]
    if matches(EMBASSY, tok):  # السفارة ... بدأت عملها
        for j in sp.window(i, 0, 8):
            if j > i and matches(BEGAN, toks[j]) and sp.next_is(WORK, j):
                return [Cue("EmbassyOpening", j, j + 2, j, True)]
    if matches(BEGAN, tok) and sp.any_after(EMBASSY, i, 3) and sp.any_after(WORK, i, 8):
        return [Cue("EmbassyOpening", i, i + 1, i, True)]
    return None


def _aid(sp: _Span, i: int) -> list[Cue] | None:
    toks, tok = sp.toks, sp.toks[i]
    if matches(PLEDGE_FUT, tok) or (matches(PROVIDE, tok) and i > sp.lo and toks[i - 1].text in ("سوف", "وسوف")):
        if any(matches(AID, toks[j]) for j in sp.window(i, 0, 6) if j != i):
            return [Cue("AidPledge", i, i + 1, i, True)]
    if matches(PLEDGE_VERB, tok) and sp.any_after(AID, i, 6):
        return [Cue("AidPledge", i, i + 1, i, True)]
    if matches(PROVIDE, tok) and any(matches(AID, toks[j]) for j in sp.window(i, 3, 6) if j != i):
        return [Cue("AidProvision", i, i + 1, i, "تقديم" not in tok.text)]
    return None


def _recognition(sp: _Span, i: int) -> list[Cue] | None:
    tok = sp.toks[i]
    if matches(RECOGNISE, tok) and sp.any_after(STATEHOOD, i, 6):  # اعترفت (المملكة ...) باستقلال
        return [Cue("IndependenceRecognition", i, i + 1, i, bool(re.match(r"^[وف]?[يت]?(?:ا)?عترف", tok.text)))]
    return None


def _support(sp: _Span, i: int) -> list[Cue] | None:
    toks, tok = sp.toks, sp.toks[i]
    if matches(SUPPORT_VERB, tok):
        return [Cue("PositionSupport", i, i + 1, i, True)]
    # وقفت (المملكة) إلى جانب أذربيجان
    if matches(STAND_VERB, tok) and any(toks[j].text in ("الي", "بجانب") for j in sp.window(i, 0, 4) if j > i) \
            and any("جانب" in toks[j].text for j in sp.window(i, 0, 5) if j > i):
        return [Cue("PositionSupport", i, i + 1, i, True)]
    return None


def _invitation(sp: _Span, i: int) -> list[Cue] | None:
    tok = sp.toks[i]
    if matches(INVITE, tok) and i > sp.lo and matches(ANSWERING, sp.toks[i - 1]):  # تلبية لدعوة ...
        return [Cue("Invitation", i, i + 1, i, False, {"answered"})]
    if matches(INVITE, tok) and any(matches(INVITE_TO, sp.toks[j]) for j in range(i + 1, min(sp.hi, i + 30))):
        return [Cue("Invitation", i, i + 1, i, bool(re.match(r"^[وف]?(?:دعا|دعت|دعوا|يدعو|تدعو|دعاه|دعاها)", tok.text)))]
    return None


def _greetings(sp: _Span, i: int) -> list[Cue] | None:
    if matches(GREET_VERB, sp.toks[i]) and sp.any_after(GREETINGS, i, 14):
        return [Cue("GreetingsConveyed", i, i + 1, i, True)]
    return None


def _visit(sp: _Span, i: int) -> list[Cue] | None:
    tok = sp.toks[i]
    if matches(VISIT_VERB, tok):
        return [Cue("Visit", i, i + 1, i, True)]
    if matches(VISIT_NOUN, tok):
        return [Cue("Visit", i, i + 1, i, False, {"official"} if sp.next_is(OFFICIAL, i) else set())]
    return None


def _talks_meeting_reception(sp: _Span, i: int) -> list[Cue] | None:
    tok = sp.toks[i]
    for rx, cls, verbal in ((TALKS_NOUN, "Talks", False), (TALKS_VERB, "Talks", True),
                            (MEET_VERB, "Meeting", True), (MEET_NOUN, "Meeting", False),
                            (RECEPTION_VERB, "Reception", True), (RECEPTION_NOUN, "Reception", False)):
        if matches(rx, tok):
            plural = rx is MEET_NOUN and re.search(r"(?:لقاءات|اجتماعات)$", tok.text)
            return [Cue(cls, i, i + 1, i, verbal, {"plural"} if plural else set())]
    return None


def _statement(sp: _Span, i: int) -> list[Cue] | None:
    toks, tok = sp.toks, sp.toks[i]
    if matches(STATEMENT, tok):
        return [Cue("Statement", i, i + 1, i, True, {"participle"} if matches(PARTICIPLE, tok) else set())]
    if matches(STATEMENT_WEAK, tok) and i + 1 < sp.hi and (toks[i + 1].text == "عن"
                                                            or tok.text.startswith(("ابد", "وابد"))):
        return [Cue("Statement", i, i + 1, i, True, {"weak"})]
    return None


#: The matchers, in the order they are tried at each token.
MATCHERS: list[Matcher] = [_press_conference, _summit_attendance, _agreement_signing, _relations_established,
                           _embassy_opening, _aid, _recognition, _support, _invitation, _greetings, _visit,
                           _talks_meeting_reception, _statement]


def find_cues(toks: list[Token], lo: int, hi: int) -> list[Cue]:
    """Cues among tokens ``[lo, hi)`` of one sentence, ordered by their head token."""
    sp = _Span(toks, lo, hi)
    cues: list[Cue] = []
    used: set[int] = set()
    for i in range(lo, hi):
        if i in used:
            continue
        for matcher in MATCHERS:
            found = matcher(sp, i)
            if found is not None:
                for cue in found:
                    cues.append(cue)
                    used.update(range(cue.t0, cue.t1))
                break
    cues.sort(key=lambda c: c.head)
    return cues
