"""Diplomatic events: cues, their participants, dates and places.

Each event is typed by its cue, from general Arabic diplomatic-news vocabulary
(verbs in their common conjugations, with proclitics and object pronouns;
verbal nouns with a light verb such as قام/أجرى):

==========================  ==============================================================
type                        cues
==========================  ==============================================================
visit                       زار، يزور، زيارة (قام/أجرى/أدى بزيارة)، وصل ... في زيارة
official-visit              زيارة رسمية، زيارة دولة
delegation-visit            a visit whose visitor is a delegation (وفد ... زار)
meeting                     التقى، لقاء، اجتمع، اجتماع
reception                   استقبل، استقبال، قابل
talks                       محادثات، مباحثات، مشاورات، بحث، ناقش، تباحث
summit-attendance           شارك/المشاركة/حضر/حضور + قمة
press-conference            مؤتمر صحفي/صحافي
agreement-signing           وقّع/التوقيع + مذكرة/اتفاقية/اتفاق/معاهدة/بروتوكول
diplomatic-relations-...    أنشئت/إقامة/تأسيس/أقامت + العلاقات الدبلوماسية
embassy-opening             افتتح/افتتاح/فتح + سفارة; السفارة ... بدأت/باشرت عملها
aid-provision               قدّم/منح/أرسل/تبرع/خصص + مساعدات/معونات/منحة/قرض
aid-pledge                  the same in the future (سنقدم، سوف نقدم) or تعهد/وعد بتقديم
invitation                  دعا/دعوة + لزيارة/للقيام بزيارة/لحضور
greetings-conveyed          بلّغ/أبلغ/نقل + تحيات/تحية
statement                   قال، صرّح، أكد، أشار، أعلن، ذكر، أوضح، شدد، وصف، نبّه، لفت، اعتبر،
                            أضاف، أفاد، نوّه، قائلا (أعرب/عبّر/أبدى only without another)
==========================  ==============================================================

A verbal noun that only refers back to an event (خلال الزيارة, اثناء اللقاء,
هذه الزيارة) is not a new event when the paragraph already reported one of its
kind; one governed by before/after/since (قبل إنشاء العلاقات) never is; a
visit that is the object of an invitation (دعوة ... لزيارة) or in the future
(سيقوم بزيارة) is not reported as having happened. Inside a quotation only
pledges count (the quotation is the speaker's words, not the narrator's).

Participants are the actors (persons, unnamed office-holders, delegations,
organisations, states) of the cue's clause, with roles named by the ontology's
properties; a missing subject is the paragraph's current actor, "both sides"
(الطرفان، رئيسا الدولتين) are the actors of the event they refer to. Dates
come from the sentence, else from the event referred to, else from the
paragraph so far; a date governed by after/before (عقب هجمات ١١ سبتمبر) dates
another event, so the event's own date is only known relative to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import entities as ents
from kg.extract.dates import DateMention
from kg.text.normalise import Token, key

# --- Cue lexicon (folded token forms; a leading و/ف is stripped before matching) -----------
_OBJ = r"(?:ه|ها|هم|هما)?"
VISIT_VERB = re.compile(rf"^(?:زار|زارت|زارا|زاروا|يزور|تزور){_OBJ}$")
VISIT_NOUN = re.compile(r"^(?:ب|ل|لل|ال|بال|ك)?(?:زياره|زيارات|زيارت(?:ه|ها|هم|هما))$")
LIGHT_VERB = re.compile(r"^(?:قام|قامت|قاما|يقوم|تقوم|اجري|اجرت|اجريا|يجري|تجري|ادي|ادت|يودي|تودي|بدا|بدات|"
                        r"يبدا|تبدا|اختتم|اختتمت|يختتم|وصل|وصلت|حل|حلت|توجه|توجهت|عقد|عقدت|عقدا|يعقد|تعقد)$")
MEET_VERB = re.compile(rf"^(?:التقي|التقت|التقيا|التقوا|يلتقي|تلتقي|اجتمع|اجتمعت|اجتمعا|يجتمع|تجتمع|التقا){_OBJ}$")
MEET_NOUN = re.compile(r"^(?:ب|ل|ال|بال|لل)?(?:لقاء|لقاءات|لقاءا|لقاي(?:ه|ها|هم|هما)|اجتماع|اجتماعا|اجتماعات)$")
RECEPTION_VERB = re.compile(rf"^(?:استقبل|استقبلت|يستقبل|تستقبل|قابل|قابلت|يقابل|تقابل){_OBJ}$")
RECEPTION_NOUN = re.compile(r"^(?:ب|ل|ال|بال|لل)?(?:استقبال|مقابله|استقباله|استقبالها)$")
TALKS_NOUN = re.compile(r"^(?:ب|ل|ال|بال|لل)?(?:محادثات|مباحثات|مشاورات)$")
TALKS_VERB = re.compile(r"^(?:بحث|بحثت|بحثا|ناقش|ناقشت|ناقشا|تباحث|تباحثت|تباحثا|يبحث|تبحث|يناقش|تناقش)$")
SUMMIT_LEAD = re.compile(r"^(?:ل|لل|ب|بال|ال)?(?:مشاركه|شارك|شاركت|يشارك|تشارك|حضر|حضرت|حضور|حضوره)$")
SUMMIT_NOUN = re.compile(r"^(?:ال|ب|بال|ل|لل)?قمه$")
PRESS_1 = re.compile(r"^(?:ال|ب|بال|ل|لل)?مؤتمرا?$".replace("ؤ", "و"))
PRESS_2 = re.compile(r"^(?:ال)?(?:صحفي|صحفيا|صحافي|صحافيا)$")
SIGN = re.compile(r"^(?:ال|ب|بال)?(?:توقيع|وقع|وقعت|وقعا|يوقع|توقع|يوقعان|وقعوا)$")
AGREEMENT = re.compile(r"^(?:ال|ب|بال|علي|ل)?(?:مذكره|مذكرات|مذكرتي|اتفاقيه|اتفاقيات|اتفاقيتي|اتفاق|اتفاقا|معاهده|"
                       r"بروتوكول|برنامج|اعلان)$")
ESTABLISH = re.compile(r"^(?:ال|ب|ل)?(?:انشيت|انشاء|انشا|اقامه|اقامت|اقيمت|اقام|اقاما|تاسيس|تاسست|اسست|اسسا|ارساء|"
                       r"اقامتها|انشايها|اقيمت)$")
RELATIONS = re.compile(r"^(?:ال)?علاقات$")
DIPLOMATIC = re.compile(r"^(?:ال)?دبلوماسيه$")
OPEN = re.compile(r"^(?:ال|ب)?(?:افتتحت|افتتح|افتتاح|فتحت|فتح|يفتتح|تفتتح|افتتحا)$")
EMBASSY = re.compile(r"^(?:ال|ب|ل|لل|بال)?(?:سفاره|سفارتها|سفارته|سفارات|سفارتي)$")
BEGAN = re.compile(r"^(?:ف)?(?:بدات|باشرت|بدا|باشر|افتتحت)$")
WORK = re.compile(r"^(?:عملها|اعمالها|نشاطها|مهامها|عمله|اعماله)$")
PROVIDE = re.compile(r"^(?:قدم|قدمت|قدما|يقدم|تقدم|منح|منحت|ارسل|ارسلت|تبرع|تبرعت|خصص|خصصت|تقديم|بتقديم|"
                     r"قدمتها|قدمها|منحتها)$")
PLEDGE_FUT = re.compile(r"^س(?:نقدم|تقدم|يقدم|نمنح|تمنح|يمنح|نرسل|ترسل|يرسل|نخصص|تخصص|يخصص|نواصل|تواصل|يواصل)$")
PLEDGE_VERB = re.compile(r"^(?:تعهد|تعهدت|وعد|وعدت|التزم|التزمت|يتعهد|تتعهد)$")
AID = re.compile(r"^(?:ال|ب|بال|لل|ل)?(?:مساعدات|مساعده|معونات|معونه|اعانات|اعانه|منحه|هبه|قرض|قروض|تبرعات)$")
INVITE = re.compile(rf"^(?:ب|ال)?(?:دعا|دعت|دعوا|يدعو|تدعو|دعاه|دعاها|دعوه|دعوته|دعوتها|دعوتهم|دعوتهما|دعوات){_OBJ}$")
INVITE_TO = re.compile(r"^(?:ل|لل|الي|ب)?(?:زياره|القيام|قيام|حضور|المشاركه|زيارتها|زيارته)$")
GREET_VERB = re.compile(r"^(?:بلغ|ابلغ|بلغت|ابلغت|نقل|نقلت|ينقل|تنقل|حمل|حملت|يبلغ|تبلغ)(?:ه|ها|هم|هما)?$")
GREETINGS = re.compile(r"^(?:ال)?(?:تحيات|تحيه|تحياته|تحياتها|تحيات)$")
STATEMENT = re.compile(r"^(?:قال|قالت|يقول|تقول|صرح|صرحت|يصرح|تصرح|اكد|اكدت|يوكد|توكد|اشار|اشارت|يشير|تشير|اعلن|اعلنت|"
                       r"يعلن|تعلن|ذكر|ذكرت|اوضح|اوضحت|يوضح|توضح|شدد|شددت|يشدد|تشدد|وصف|وصفت|نبه|نبهت|لفت|لفتت|"
                       r"اعتبر|اعتبرت|اضاف|اضافت|افاد|افادت|نوه|نوهت|قايلا|قايله)$")
STATEMENT_WEAK = re.compile(r"^(?:اعرب|اعربت|عبر|عبرت|ابدي|ابدت)$")  # with عن (عَبْر is "via")
PARTICIPLE = re.compile(r"^(?:قايلا|قايله)$")

DURING = re.compile(r"^(?:خلال|اثناء|لدي|ابان|طوال)$")
ANCHOR_WORDS = re.compile(r"^(?:قبل|بعد|عقب|منذ|اثر|اثر)$")
DEMONSTRATIVE = re.compile(r"^(?:هذه|هذا|تلك|ذلك)$")
FUTURE = re.compile(r"^(?:سوف|يعتزم|تعتزم|سيقوم|ستقوم|المقرر|المرتقبه|المقبله|المرتقب|المزمع|سيزور|ستزور|سيجري|ستجري|"
                    r"يزمع|تزمع)$")
SUBORDINATE = re.compile(r"^(?:عندما|حين|حينما|لما|بينما|بعدما|عند|لدي|حيث)$")
RELATIVE = re.compile(r"^(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان)$")
PREPOSITIONS = re.compile(r"^(?:مع|الي|علي|عن|من|في|بين|لدي|ل|ب|نحو|تجاه)$")
TOPIC = re.compile(r"^(?:حول|بشان|بخصوص|عن|تناول|تناولت|تطرق|تطرقت)$")
WITH = re.compile(r"^(?:مع|ب)$")
BETWEEN = re.compile(r"^(?:بين|وبين)$")
OFFICIAL = re.compile(r"^(?:رسميه|الرسميه|دوله)$")
#: Object pronoun on a verb cue (بلغه، استقبله): the verb has an object already.
OBJ_SUFFIX = re.compile(r"(?:ه|ها|هم|هما)$")

#: Family of each type, for telling a reference (خلال اللقاء) from a new event.
FAMILY = {"Visit": "visit", "OfficialVisit": "visit", "DelegationVisit": "visit", "Meeting": "meeting",
          "Reception": "meeting", "Talks": "talks", "SummitAttendance": "summit", "PressConference": "press",
          "AgreementSigning": "signing", "DiplomaticRelationsEstablishment": "relations",
          "EmbassyOpening": "embassy", "AidProvision": "aid", "AidPledge": "aid", "Invitation": "invitation",
          "GreetingsConveyed": "greetings", "Statement": "statement"}

ents.CUE_WORDS.update({
    "زار", "زارت", "زيارة", "بزيارة", "التقى", "التقت", "لقاء", "اجتمع", "استقبل", "قابل", "محادثات", "مباحثات",
    "المشاركة", "مؤتمر", "التوقيع", "وقع", "أنشئت", "افتتحت", "افتتح", "مساعدات", "دعا", "دعوة", "ودعوته", "دعوته",
    "بلغ", "ابلغ", "نقل", "تحيات", "قال", "صرح", "أكد", "أشار", "أعلن", "ذكر", "أوضح", "شدد", "وصف", "نبه", "اعرب",
    "قائلا", "انتهج", "وانتهج", "اجرى", "أجرى", "قام", "وقام", "بحث", "ناقش", "عقده", "جرى", "يحتاجون",
})


def _bare(text: str) -> list[str]:
    """A token's text with and without a leading conjunction و/ف."""
    out = [text]
    if text[:1] in "وف" and len(text) > 2:
        out.append(text[1:])
    return out


def _is(rx: re.Pattern, tok: Token) -> bool:
    return any(rx.match(t) for t in _bare(tok.text))


# --- Data -------------------------------------------------------------------------------------

@dataclass
class Actor:
    """A participant candidate: one chain of mentions (name, titles, offices) in a sentence."""

    kind: str  # person, holder (unnamed office-holder), state, place, organisation, delegation, both, pair
    t0: int
    t1: int
    start: int
    end: int
    text: str
    entity: str | None = None  # registry id (person, state, place, organisation) or office id for holders
    new: str | None = None  # id of a new-entity suggestion
    offices: list[str] = field(default_factory=list)  # office keys (registry ids or new office ids)
    state: str | None = None  # the state the actor belongs to, where known
    honorifics: list[str] = field(default_factory=list)
    prep: str | None = None  # preposition governing the actor (مع، الى، ل، ب، في...)
    members: list["Actor"] = field(default_factory=list)  # for "both sides" / pairs: the actors meant
    leader: "Actor | None" = None
    in_quote: bool = False

    @property
    def ref(self) -> str | None:
        return self.entity or self.new

    def same(self, other: "Actor") -> bool:
        return self is other or (self.ref is not None and self.ref == other.ref)


@dataclass
class Cue:
    type: str  # ontology class local name
    t0: int  # token range of the cue words
    t1: int
    head: int  # the token whose position orders the clause
    verbal: bool
    flags: set = field(default_factory=set)


@dataclass
class DraftEvent:
    type: str
    cue: Cue
    sentence: object
    participants: list[tuple[str, Actor]] = field(default_factory=list)  # (role, actor)
    date: DateMention | None = None
    date_relation: DateMention | None = None  # a date this event is after/before
    place: Actor | None = None
    agent: Actor | None = None
    extra: dict = field(default_factory=dict)

    @property
    def family(self) -> str:
        return FAMILY[self.type]


# --- Cue finding ------------------------------------------------------------------------------

def find_cues(toks: list[Token], lo: int, hi: int) -> list[Cue]:
    """Cues among tokens ``[lo, hi)`` of one sentence."""
    cues: list[Cue] = []
    used: set[int] = set()

    def add(cls, t0, t1, head, verbal, *flags):
        cues.append(Cue(cls, t0, t1, head, verbal, set(flags)))
        used.update(range(t0, t1))

    def window(i, before, after):
        return range(max(lo, i - before), min(hi, i + after + 1))

    for i in range(lo, hi):
        tok = toks[i]
        if i in used:
            continue
        # press conference: مؤتمر صحفي
        if _is(PRESS_1, tok) and i + 1 < hi and _is(PRESS_2, toks[i + 1]):
            add("PressConference", i, i + 2, i, False)
            continue
        # summit attendance: المشاركة في (مؤتمر) القمة
        if _is(SUMMIT_LEAD, tok):
            for j in window(i, 0, 8):
                if j > i and _is(SUMMIT_NOUN, toks[j]):
                    add("SummitAttendance", i, i + 1, i, not tok.text.startswith(("ال", "لل", "ل", "ب")))
                    break
            if i in used:
                continue
        # agreement signing
        if _is(SIGN, tok):
            verbal_sign = not re.match(r"^[وف]?(?:ال|ب|بال)?توقيع$", tok.text)
            if any(_is(AGREEMENT, toks[j]) for j in window(i, 0, 16 if verbal_sign else 4) if j > i):
                add("AgreementSigning", i, i + 1, i, not re.match(r"^[وف]?(?:ال|ب|بال)?توقيع$", tok.text))
                continue
        # diplomatic relations established
        if _is(RELATIONS, tok) and i + 1 < hi and _is(DIPLOMATIC, toks[i + 1]):
            for j in list(window(i, 3, 9)):
                if j not in (i, i + 1) and _is(ESTABLISH, toks[j]):
                    verbal = bool(re.match(r"^[وف]?(?:انشيت|اقامت|اقيمت|تاسست|اسست|اقام|اسسا|اقاما)$", toks[j].text))
                    add("DiplomaticRelationsEstablishment", min(i, j), max(i + 2, j + 1), j, verbal)
                    used.update({i, i + 1, j})
                    break
            continue
        # embassy opened
        if _is(OPEN, tok) and any(_is(EMBASSY, toks[j]) for j in window(i, 0, 4) if j > i):
            add("EmbassyOpening", i, i + 1, i, not tok.text.startswith(("ال", "ب")) and "افتتاح" not in tok.text)
            continue
        if _is(EMBASSY, tok):
            for j in window(i, 0, 8):
                if j > i and _is(BEGAN, toks[j]) and j + 1 < hi and _is(WORK, toks[j + 1]):
                    add("EmbassyOpening", j, j + 2, j, True)
                    used.add(i)
                    break
            if i in used:
                continue
        if _is(BEGAN, tok) and any(_is(EMBASSY, toks[j]) for j in window(i, 0, 3) if j > i) \
                and any(_is(WORK, toks[j]) for j in window(i, 0, 8) if j > i):
            add("EmbassyOpening", i, i + 1, i, True)
            continue
        # aid pledged / provided
        if _is(PLEDGE_FUT, tok) or (_is(PROVIDE, tok) and i > lo and toks[i - 1].text in ("سوف", "وسوف")):
            if any(_is(AID, toks[j]) for j in window(i, 0, 6) if j != i):
                add("AidPledge", i, i + 1, i, True)
                continue
        if _is(PLEDGE_VERB, tok) and any(_is(AID, toks[j]) for j in window(i, 0, 6) if j > i):
            add("AidPledge", i, i + 1, i, True)
            continue
        if _is(PROVIDE, tok) and any(_is(AID, toks[j]) for j in window(i, 3, 6) if j != i):
            add("AidProvision", i, i + 1, i, "تقديم" not in tok.text)
            continue
        # invitation
        if _is(INVITE, tok) and any(_is(INVITE_TO, toks[j]) for j in range(i + 1, min(hi, i + 30))):
            add("Invitation", i, i + 1, i, bool(re.match(r"^[وف]?(?:دعا|دعت|دعوا|يدعو|تدعو|دعاه|دعاها)", tok.text)))
            continue
        # greetings conveyed
        if _is(GREET_VERB, tok) and any(_is(GREETINGS, toks[j]) for j in window(i, 0, 14) if j > i):
            add("GreetingsConveyed", i, i + 1, i, True)
            continue
        # visits
        if _is(VISIT_VERB, tok):
            add("Visit", i, i + 1, i, True)
            continue
        if _is(VISIT_NOUN, tok):
            flags = set()
            if i + 1 < hi and _is(OFFICIAL, toks[i + 1]):
                flags.add("official")
            add("Visit", i, i + 1, i, False, *flags)
            continue
        # talks, meetings, receptions
        if _is(TALKS_NOUN, tok):
            add("Talks", i, i + 1, i, False)
            continue
        if _is(TALKS_VERB, tok):
            add("Talks", i, i + 1, i, True)
            continue
        if _is(MEET_VERB, tok):
            add("Meeting", i, i + 1, i, True)
            continue
        if _is(MEET_NOUN, tok):
            add("Meeting", i, i + 1, i, False, *({"plural"} if re.search(r"(?:لقاءات|اجتماعات)$", tok.text) else ()))
            continue
        if _is(RECEPTION_VERB, tok):
            add("Reception", i, i + 1, i, True)
            continue
        if _is(RECEPTION_NOUN, tok):
            add("Reception", i, i + 1, i, False)
            continue
        # statements
        if _is(STATEMENT, tok):
            add("Statement", i, i + 1, i, True, *({"participle"} if _is(PARTICIPLE, tok) else ()))
            continue
        if _is(STATEMENT_WEAK, tok) and i + 1 < hi and (toks[i + 1].text == "عن" or tok.text.startswith(("ابد", "وابد"))):
            add("Statement", i, i + 1, i, True, "weak")
            continue
    cues.sort(key=lambda c: c.head)
    return cues


# --- New-entity suggestions ------------------------------------------------------------------

_OFFICE_IDS = {
    "PresidentOffice": "president-of-{}", "EmirOffice": "emir-of-{}", "HeadOfStateOffice": "head-of-state-of-{}",
    "PrimeMinisterOffice": "prime-minister-of-{}", "DeputyPrimeMinisterOffice": "deputy-prime-minister-of-{}",
    "ForeignMinisterOffice": "minister-of-foreign-affairs-of-{}", "JusticeMinisterOffice": "minister-of-justice-of-{}",
    "SpeakerOfParliamentOffice": "speaker-of-the-parliament-of-{}", "MinisterOffice": "minister-of-{}",
    "Office": "office-of-{}",
}


@dataclass
class NewEntity:
    """Something the registry does not know: to be reviewed and added by a curator."""

    id: str
    type: str  # ontology class local name
    label: str  # the words of the source
    kind: str  # person, office, delegation, office-holder, agreement, embassy
    mentions: list[tuple[int, int]] = field(default_factory=list)
    props: dict = field(default_factory=dict)  # ontology properties, values registry or new ids
    note: str | None = None


# --- The extractor ---------------------------------------------------------------------------

class Extractor:
    """Turns one document (tokens, mentions, dates, sentences) into draft events."""

    def __init__(self, registry: ents.Registry, norm, toks, sentences, mentions, dates, *, pair, home_state):
        self.reg = registry
        self.norm = norm
        self.toks = toks
        self.sentences = sentences
        self.mentions = mentions
        self.dates = [d for d in dates if not d.partial]
        self.pair = pair  # the document's two states (most mentioned), may hold fewer
        self.home_state = home_state
        self.events: list[DraftEvent] = []
        self.new: dict[str, NewEntity] = {}
        self._new_keys: dict[tuple, str] = {}
        self.person_offices: dict[str, list[str]] = {}  # person ref -> office keys
        self.office_state: dict[str, str | None] = {}  # office key -> state
        self.office_class: dict[str, str] = {}
        self.last_delegation: str | None = None
        self._tok_starts = [norm.start(t.i) for t in toks]
        self._mention_t0 = [m.t0 for m in mentions]
        self._date_starts = [d.start for d in self.dates]

    # --- helpers ---------------------------------------------------------------------------
    def _new(self, kind: str, cls: str, label: str, span: tuple[int, int], dedup: tuple | None = None,
             ident: str | None = None, **props) -> str:
        dkey = dedup or (kind, label)
        if dkey in self._new_keys:
            nid = self._new_keys[dkey]
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
        self._new_keys[dkey] = ident
        return ident

    def _between_is_space(self, a: int, b: int) -> bool:
        return a <= b and not self.norm.original[a:b].strip()

    def _tok_range(self, sent) -> tuple[int, int]:
        import bisect
        lo = bisect.bisect_left(self._tok_starts, sent.start)
        hi = bisect.bisect_left(self._tok_starts, sent.end)
        return lo, hi

    def _text(self, t0: int, t1: int) -> tuple[int, int, str]:
        s, e = self.norm.span(self.toks[t0].i, self.toks[t1 - 1].j)
        return s, e, self.norm.original[s:e]

    # --- offices ------------------------------------------------------------------------------
    def _office_key(self, m: ents.Mention, state: str | None) -> str | None:
        """Registry id of an office mention, or the id of a new office."""
        cls = m.office_class or "Office"
        if m.entity:
            key_ = m.entity
        elif state:
            eid = self.reg.office_for(cls, state)
            if eid:
                key_ = eid
            else:
                label = m.text
                key_ = self._new("office", cls, label, (m.start, m.end), dedup=("office", cls, state),
                                 ident=_OFFICE_IDS.get(cls, "office-of-{}").format(state), officeOf=state)
        else:
            return None
        self.office_state[key_] = self.reg.state_of(key_) if key_ in self.reg.entities else state
        self.office_class[key_] = cls if key_ not in self.reg.entities else self.reg.entities[key_].type
        return key_

    # --- actors ---------------------------------------------------------------------------
    def _actors(self, sent, lo, hi, ms: list[ents.Mention], ctx) -> list[Actor]:
        actors: list[Actor] = []
        for i, m in enumerate(ms):
            if m.extra.get("counterpart") and m.office_class is None:
                prev = next((x for x in reversed(ms[:i]) if x.office_class and (x.kind == "office" or x.ekind == "office")), None)
                cls = prev.office_class if prev is not None else "Office"
                m.office_class = cls
                m.entity = self.reg.office_for(cls, m.state)
        k = 0
        n = len(ms)
        quoted = lambda m: sent.in_quote(m.start)  # noqa: E731

        def is_office(m):
            return m.kind == "office" or (m.kind == "entity" and m.ekind == "office")

        def is_name(m):
            return m.kind == "name" or (m.kind == "entity" and m.ekind == "person")

        def adjacent(a, b):
            return b.t0 == a.t1 and self._between_is_space(a.end, b.start)

        def offices_run(k0, prev_state=None, named=False):
            """Offices from ms[k0] on, joined by apposition or by the deputy-PM + minister convention."""
            run = [ms[k0]]
            k1 = k0 + 1
            while k1 < n and is_office(ms[k1]) and adjacent(run[-1], ms[k1]):
                conj = ms[k1].text[:1] in "وف" and not ms[k1].text.startswith(("وزير", "وزراء", "فخامه"))
                cls_prev = run[-1].office_class or ""
                if conj and not (cls_prev == "DeputyPrimeMinisterOffice" and
                                 ents.is_subclass(ms[k1].office_class or "Office", "MinisterOffice")):
                    break
                run.append(ms[k1])
                k1 += 1
            return run, k1

        while k < n:
            m = ms[k]
            start_k = k
            honor = []
            while k < n and m.kind == "honorific" and k + 1 < n and adjacent(m, ms[k + 1]):
                if m.honorific:
                    honor.append(m.honorific)
                k += 1
                m = ms[k]
            if m.kind == "honorific":
                k += 1
                continue
            title = None
            if m.kind == "title" and k + 1 < n and adjacent(m, ms[k + 1]):
                nxt = k + 1
                while nxt < n and ms[nxt].kind == "honorific" and nxt + 1 < n and adjacent(ms[nxt], ms[nxt + 1]):
                    if ms[nxt].honorific:
                        honor.append(ms[nxt].honorific)
                    nxt += 1
                if is_name(ms[nxt]):
                    title = m
                    k = nxt
                    m = ms[k]
            first = ms[start_k]
            actor = None
            if is_name(m):
                offices, k_after = [], k + 1
                if k + 1 < n and is_office(ms[k + 1]) and adjacent(m, ms[k + 1]) and title is None \
                        and not (ms[k + 1].text[:1] in "وف" and not ms[k + 1].text.startswith(("وزير",))):
                    offices, k_after = offices_run(k + 1)
                actor = self._person(m, first, offices, honor, title, ctx, ms[k_after - 1] if offices else m)
                k = k_after
            elif is_office(m):
                offices, k_after = offices_run(k)
                # office(s) then a name: الرئيس الأذربيجاني إلهام علييف
                nxt = k_after
                hon2 = list(honor)
                while nxt < n and ms[nxt].kind == "honorific" and nxt + 1 < n and adjacent(ms[nxt], ms[nxt + 1]):
                    if ms[nxt].honorific:
                        hon2.append(ms[nxt].honorific)
                    nxt += 1
                if nxt < n and is_name(ms[nxt]) and adjacent(ms[nxt - 1], ms[nxt]) \
                        and adjacent(offices[-1], ms[k_after]) and ms[k_after].text[:1] not in "وف":
                    actor = self._person(ms[nxt], first, offices, hon2, None, ctx, ms[nxt])
                    k = nxt + 1
                else:
                    actor = self._holder(offices, first, actors, ctx)
                    k = k_after
            elif m.kind == "title":
                actor = self._holder([m], first, actors, ctx)
                k += 1
            elif m.kind == "delegation":
                actor, k = self._delegation(ms, k, ctx, adjacent, is_name, is_office, offices_run)
            elif m.kind == "entity" and m.ekind in ("state", "place", "organisation"):
                actor = Actor("state" if m.ekind == "state" else m.ekind, m.t0, m.t1, m.start, m.end, m.text,
                              entity=m.entity, state=self.reg.state_of(m.entity))
                k += 1
            elif m.kind == "both":
                actor = Actor("both", m.t0, m.t1, m.start, m.end, m.text)
                k += 1
            elif m.kind == "pair":
                actor = Actor("pair", m.t0, m.t1, m.start, m.end, m.text,
                              members=[self._state_actor(s, m) for s in self.pair])
                k += 1
            elif m.kind in ("guest", "hpron"):
                actor = Actor("anaphor", m.t0, m.t1, m.start, m.end, m.text)
                actor.prep = m.kind
                actors.append(actor)
                actor.in_quote = quoted(actor)
                k += 1
                continue
            elif m.kind in ("our", "your", "his"):
                actor = Actor("deictic", m.t0, m.t1, m.start, m.end, m.text, entity=None, state=None)
                actor.prep = m.kind  # resolved by the caller, who knows the speaker
                k += 1
            else:
                k += 1
                continue
            if actor is None:
                continue
            # a member of a delegation: X عضو الوفد
            if actor.kind == "person" and actor.t1 < hi and self.toks[actor.t1].text in ents.MEMBER_WORDS:
                nxt = k
                if nxt < n and ms[nxt].t0 == actor.t1 + 1 and ms[nxt].kind in ("delegation", "entity"):
                    d = ms[nxt]
                    if d.kind == "delegation" and self.last_delegation:
                        self.new[self.last_delegation].props.setdefault("member", [])
                        if actor.ref and actor.ref not in self.new[self.last_delegation].props["member"]:
                            self.new[self.last_delegation].props["member"].append(actor.ref)
                    actor.t1, actor.end = d.t1, d.end
                    actor.text = self.norm.original[actor.start:actor.end]
                    k = nxt + 1
            actor.in_quote = quoted(actor)
            actor.prep = actor.prep if actor.kind == "deictic" else self._prep(actor, lo)
            actors.append(actor)
        return actors

    def _state_actor(self, state: str, m) -> Actor:
        return Actor("state", m.t0, m.t1, m.start, m.end, m.text, entity=state, state=state)

    def _prep(self, actor: Actor, lo: int) -> str | None:
        tok = self.toks[actor.t0]
        bare = tok.text[1:] if tok.text[:1] in "وف" and len(tok.text) > 3 else tok.text
        if actor.kind in ("state", "place", "organisation", "person", "holder", "delegation"):
            if bare.startswith("لل") or (bare.startswith("ل") and not tok.key.startswith("ل")
                                          and key(bare[1:]) != key(bare)):
                if not any(bare.startswith(w) for w in ("لقاء",)):
                    if actor.entity is None or not self._label_starts(actor, bare):
                        return "ل"
            if bare.startswith(("بال", "ب")) and not self._label_starts(actor, bare):
                return "ب"
        if actor.t0 - 1 >= lo:
            prev = self.toks[actor.t0 - 1].text
            prev = prev[1:] if prev[:1] in "وف" and len(prev) > 2 and PREPOSITIONS.match(prev[1:]) else prev
            if PREPOSITIONS.match(prev):
                return prev
        return None

    def _label_starts(self, actor: Actor, bare: str) -> bool:
        """True when the actor's own name begins with the letter taken for a preposition (باكو)."""
        e = self.reg.entities.get(actor.entity or "")
        if not e:
            return False
        return any(key(l.split()[0]) == key(bare) or l.startswith(bare[:2]) for l in
                   [ents.fold(x) for x in e.labels_ar])

    def _person(self, m, first, offices, honor, title, ctx, last) -> Actor:
        if m.kind == "name":
            ref = self._new("person", "Person", m.text, (m.start, m.end), dedup=("person", key(m.text)),
                            )
            entity = None
        else:
            ref, entity = None, m.entity
        a = Actor("person", first.t0, last.t1, first.start, last.end,
                  self.norm.original[first.start:last.end], entity=entity, new=ref, honorifics=honor)
        pref = a.ref
        keys = []
        for om in offices:
            prev = self.office_state.get(keys[-1]) if keys else None
            st = om.state or prev or self._context_state(om, ctx) or ctx["list_state"]
            okey = self._office_key(om, st)
            if okey:
                keys.append(okey)
        if title is not None and not keys:
            known = self.person_offices.get(pref, [])
            keys = [k for k in known if self.office_class.get(k, "") and
                    ents._compatible(self.office_class[k], title.office_class or "Office")][:1]
        for kk in keys:
            self.person_offices.setdefault(pref, [])
            if kk not in self.person_offices[pref]:
                self.person_offices[pref].append(kk)
            ctx["holders"][kk] = a
            ctx["last_office"][self.office_class.get(kk, "Office")] = kk
            ctx["doc_last_office"][self.office_class.get(kk, "Office")] = kk
        a.offices = keys or list(self.person_offices.get(pref, []))
        a.state = next((self.office_state.get(k) for k in a.offices if self.office_state.get(k)), None)
        if a.state:
            ctx["list_state"] = a.state
        return a

    def _context_state(self, om, ctx) -> str | None:
        """The state of a bare office (وزير الخارجية): the last office of its class in context."""
        cls = om.office_class or "Office"
        for table in (ctx["last_office"], ctx["doc_last_office"]):
            kk = table.get(cls)
            if kk:
                return self.office_state.get(kk)
        return None

    def _holder(self, offices, first, actors, ctx) -> Actor:
        """An office named without its holder: the paragraph's known holder, else an unnamed one."""
        keys = []
        for i, om in enumerate(offices):
            st = om.state
            if st is None and i > 0 and keys:
                st = self.office_state.get(keys[0])
            if st is None and om.text[:1] in "و" and actors and actors[-1].t1 == om.t0 and actors[-1].state:
                st = actors[-1].state  # in a list: ورئيس البرلمان after رئيس وزراء الكويت
            if st is None and om.kind != "title":
                st = self._context_state(om, ctx)
            if st is None and om.kind == "title":
                kk = ctx["last_office"].get(om.office_class or "Office")
                if kk:
                    keys.append(kk)
                continue
            kk = self._office_key(om, st)
            if kk:
                keys.append(kk)
        last = offices[-1]
        a = Actor("holder", first.t0, last.t1, first.start, last.end, self.norm.original[first.start:last.end])
        if not keys:
            nid = self._new("office", offices[0].office_class or "Office", offices[0].text,
                            (offices[0].start, offices[0].end), dedup=("office-unknown", key(offices[0].text)),
                            ident="todo-office")
            keys = [nid]
            self.office_state[nid] = None
            self.office_class[nid] = offices[0].office_class or "Office"
        a.offices = keys
        a.state = next((self.office_state.get(k) for k in keys if self.office_state.get(k)), None)
        for kk in keys:
            ctx["last_office"][self.office_class.get(kk, "Office")] = kk
            ctx["doc_last_office"][self.office_class.get(kk, "Office")] = kk
        held = next((ctx["holders"][kk] for kk in keys if kk in ctx["holders"]), None)
        if held is not None:  # the paragraph named the holder of this office
            a.kind, a.entity, a.new = "person", held.entity, held.new
            a.offices = list(dict.fromkeys(held.offices + keys))
        else:
            a.entity = keys[0]
        if a.state:
            ctx["list_state"] = a.state
        return a

    def _delegation(self, ms, k, ctx, adjacent, is_name, is_office, offices_run):
        m = ms[k]
        n = len(ms)
        state = None
        for t in range(m.t0, m.t1):
            for s in self.toks[t].stems[:1]:
                if s in self.reg.adjectives:
                    state = self.reg.adjectives[s]
        leader = None
        end_m = m
        k1 = k + 1
        if m.extra.get("leader_word") and k1 < n:
            j = k1
            honor = []
            while j < n and ms[j].kind == "honorific" and j + 1 < n and adjacent(ms[j], ms[j + 1]):
                honor.append(ms[j].honorific)
                j += 1
            if j < n and ms[j].t0 <= m.t1 + len(honor) + 1 and (is_name(ms[j]) or is_office(ms[j])):
                if is_name(ms[j]):
                    offices, j2 = ([], j + 1)
                    if j + 1 < n and is_office(ms[j + 1]) and adjacent(ms[j], ms[j + 1]):
                        offices, j2 = offices_run(j + 1)
                    leader = self._person(ms[j], ms[k1], offices, [h for h in honor if h], None, ctx, ms[j2 - 1])
                    end_m = ms[j]
                else:
                    offices, j2 = offices_run(j)
                    leader = self._holder(offices, ms[k1], [], ctx)
                    end_m = offices[-1]
                k1 = j2
        span = (m.start, end_m.end)
        label = self.norm.original[span[0]:span[1]]
        fresh = (not m.extra.get("definite")) or m.extra.get("modified") or leader is not None
        if fresh or self.last_delegation is None:
            props = {}
            if leader is not None and leader.ref:
                props["leader"] = leader.ref
            if state:
                props["delegationOf"] = state
            nid = self._new("delegation", "Delegation", label, span, dedup=("delegation", span))
            self.new[nid].props.update(props)
            self.last_delegation = nid
        else:
            nid = self.last_delegation
            if span not in self.new[nid].mentions:
                self.new[nid].mentions.append(span)
        d = self.new[nid]
        st = state or d.props.get("delegationOf") or (leader.state if leader else None)
        a = Actor("delegation", m.t0, (leader.t1 if leader else m.t1), m.start,
                  (leader.end if leader else m.end), "", new=nid, state=st, leader=leader)
        if leader is not None and leader.offices:
            a.t1, a.end = ms[k1 - 1].t1, ms[k1 - 1].end
        a.text = self.norm.original[a.start:a.end]
        return a, k1

    # --- the document ----------------------------------------------------------------------
    def run(self) -> list[DraftEvent]:
        para = None
        ctx: dict = {}
        doc_last_office: dict = {}
        for sent in self.sentences:
            if sent.paragraph != para:
                para = sent.paragraph
                ctx = {"holders": {}, "last_office": {}, "doc_last_office": doc_last_office, "events": [],
                       "topic": None, "date": None, "salience": []}
            ctx["list_state"] = None
            self._sentence(sent, ctx)
        return self.events

    def _bare(self, i: int) -> str:
        t = self.toks[i].text
        return t[1:] if t[:1] in "وف" and len(t) > 2 else t

    def _status(self, c: Cue, cues, lo, hi, sent, ctx) -> tuple[str, DraftEvent | None]:
        """'event', 'ref' (refers to an earlier event) or 'skip'."""
        toks = self.toks
        if sent.in_quote(self.norm.start(toks[c.head].i)):
            return ("event", None) if c.type == "AidPledge" else ("skip", None)
        if c.type == "Statement":
            others = [d for d in cues if d is not c and d.type == "Statement"]
            if "weak" in c.flags and any("weak" not in d.flags for d in others):
                return "skip", None
            if "participle" in c.flags and any(d.head < c.head and "participle" not in d.flags for d in others):
                return "skip", None
        if c.type not in ("AidPledge", "Invitation", "Statement", "GreetingsConveyed"):
            for j in range(max(lo, c.t0 - 3), c.t0 + 1):
                if FUTURE.match(self._bare(j)) or (j == c.head and re.match(r"^[وف]?س(?:ي|ت)", toks[j].text)
                                                   and c.verbal):
                    return "skip", None
        if c.type == "Visit" and not c.verbal:
            if any(d.type == "Invitation" and 0 < c.head - d.head <= 30 for d in cues):
                return "skip", None
        if c.verbal:
            return "event", None
        p1 = self._bare(c.head - 1) if c.head - 1 >= lo else ""
        p2 = self._bare(c.head - 2) if c.head - 2 >= lo else ""
        n1 = self._bare(c.t1) if c.t1 < hi else ""
        earlier = [e for e in ctx["events"] if e.family == FAMILY[c.type]]
        if ANCHOR_WORDS.match(p1):
            return "skip", None
        if DEMONSTRATIVE.match(p1) or DEMONSTRATIVE.match(n1):
            return ("ref", earlier[-1]) if earlier else ("skip", None)
        during = DURING.match(p1) or (p2 == "في" and p1 in ("اثناء", "ختام", "اطار"))
        if during:
            if earlier:
                return "ref", earlier[-1]
            c.flags.add("during")
            return "event", None
        if self._light_verb(c, lo) is not None:
            return "event", None
        if earlier and c.type not in ("AgreementSigning", "AidProvision", "AidPledge", "EmbassyOpening",
                                      "DiplomaticRelationsEstablishment"):
            return "ref", earlier[-1]
        return "event", None

    def _light_verb(self, c: Cue, lo: int) -> int | None:
        for j in range(c.t0 - 1, max(lo, c.t0 - 20) - 1, -1):
            if _is(LIGHT_VERB, self.toks[j]) or self._bare(j) == "تم":
                return j
        return None

    def _sentence(self, sent, ctx) -> None:
        lo, hi = self._tok_range(sent)
        if lo >= hi:
            return
        import bisect
        a, b = bisect.bisect_left(self._mention_t0, lo), bisect.bisect_left(self._mention_t0, hi)
        ms = self.mentions[a:b]
        actors = self._actors(sent, lo, hi, ms, ctx)
        cues = find_cues(self.toks, lo, hi)
        a, b = bisect.bisect_left(self._date_starts, sent.start), bisect.bisect_left(self._date_starts, sent.end)
        dates = [d for d in self.dates[a:b] if not sent.in_quote(d.start)]
        status = [self._status(c, cues, lo, hi, sent, ctx) for c in cues]
        ref_event = next((r for st, r in status if st == "ref" and r is not None), None)
        live = [c for c, (st, _) in zip(cues, status) if st == "event"]
        # a token that starts a new clause closes the participant zone
        stops = [i for i in range(lo, hi) if (SUBORDINATE.match(self._bare(i)) or RELATIVE.match(self._bare(i))
                                              or TOPIC.match(self._bare(i)))
                 and not any(a.t0 <= i < a.t1 for a in actors)]
        made: list[DraftEvent] = []
        paren = {}
        for c in live:
            if "during" in c.flags:  # خلال استقباله ... ، : a parenthetical, up to the next comma
                end = hi
                for i in range(c.t1, hi):
                    gap = self.norm.original[self.norm.end(self.toks[i - 1].j):self.norm.start(self.toks[i].i)]
                    if re.search(r"[،,;؛]", gap):
                        end = i
                        break
                nxt_live = [d.head for d in live if d.head > c.head]
                paren[id(c)] = (c.t0, min([end] + nxt_live))
        for c in live:
            nxt = [d.head for d in live if d.head > c.head and id(d) not in paren]
            zone_end = min(nxt + [hi])
            if id(c) in paren:
                zone_end = min(zone_end, paren[id(c)][1]) if paren[id(c)][1] > c.t1 else zone_end
            stop = min([i for i in stops if i >= c.t1] + [zone_end])
            ev = DraftEvent(c.type, c, sent)
            agent = self._agent(c, actors, lo, hi, zone_end, made, ctx, sent, dates)
            agent = self._resolve(agent, made, ctx, actors, sent)
            obj_lo = c.t1
            lv = None if c.verbal else self._light_verb(c, lo)
            if lv is not None and not any(lv < d.head < c.head for d in live if d is not c):
                obj_lo = lv + 1
            inside = [r for k2, r in paren.items() if k2 != id(c)]
            objects = [a for a in actors if obj_lo <= a.t0 < stop and a is not agent and a.kind != "pair"
                       and not any(r0 <= a.t0 < r1 for r0, r1 in inside)]
            objects = [r for r in (self._resolve(a, made, ctx, actors, sent) for a in objects) if r is not None]
            objects = [a for a in objects if not (agent is not None and a.same(agent))]
            between = self._between(c, actors, hi)
            if between:
                ev.extra["between"] = True
            self._roles(ev, agent, objects, between, actors, made, ctx, sent, zone_end, ref_event)
            if ev.type == "Statement" and not any(r == "speaker" for r, _ in ev.participants):
                continue
            self._date(ev, dates, zone_end, ref_event, ctx)
            made.extend(self._split(ev))
        self._share(made)
        for ev in made:
            self._place(ev, actors, ctx, made)
            self.events.append(ev)
            ctx["events"].append(ev)
            if ev.agent is not None and ev.agent.kind in ("person", "holder", "delegation", "organisation", "both"):
                ctx["topic"] = ev.agent
            ctx["date"] = (ev.date, ev.date_relation)
        ctx["salience"].extend(a for a in actors if a.kind in ("person", "holder"))

    # --- agents and roles ---------------------------------------------------------------------
    def _starts_at(self, actors, j, *, allow_state=True):
        for a in actors:
            if a.t0 == j and a.prep is None and a.kind != "deictic" and (allow_state or a.kind not in ("state", "place")):
                return a
        return None

    def _date_tokens(self, dates) -> set[int]:
        import bisect
        out = set()
        for d in dates:
            i = bisect.bisect_left(self._tok_starts, d.start)
            while i < len(self._tok_starts) and self._tok_starts[i] < d.end:
                out.add(i)
                i += 1
        return out

    def _skip_adverbials(self, j: int, hi: int, dates) -> int:
        """Skip what may stand between a verb and its subject: خلال اللقاء، في ١٣ ديسمبر، ايضا."""
        dtoks = self._date_tokens(dates)
        for _ in range(6):
            if j >= hi:
                break
            b = self._bare(j)
            if DURING.match(b):
                j += 2
                continue
            if b == "في" and j + 1 < hi and self._bare(j + 1) in ("اثناء", "ختام", "نفس"):
                j += 3
                continue
            if j in dtoks or (b == "في" and j + 1 in dtoks):
                j += 1
                while j < hi and j in dtoks:
                    j += 1
                continue
            if b in ("ايضا", "امس", "اليوم", "مجددا", "بدوره", "بدورها", "كذلك", "قد", "لقد"):
                j += 1
                continue
            break
        return j

    def _agent(self, c, actors, lo, hi, zone_end, made, ctx, sent, dates) -> Actor | None:
        toks = self.toks
        non_state = c.type in ("Visit", "Meeting", "Reception", "Talks", "SummitAttendance", "PressConference",
                               "Statement", "GreetingsConveyed", "Invitation")
        if c.verbal:
            if c.t0 - 1 >= lo and SUBORDINATE.match(self._bare(c.t0 - 1)) and made and made[0].agent is not None \
                    and c.type in ("Meeting", "Reception", "Talks", "Visit", "Invitation", "GreetingsConveyed") \
                    and not (OBJ_SUFFIX.search(toks[c.head].text) and not _is(re.compile(r"^(?:زار|يزور|تزور)$"), toks[c.head])):
                # (a verb with an object pronoun, استقبله X, has its subject after it)
                return made[0].agent  # حيث التقى X: the main clause's subject goes on
            for a in actors:  # أن بلاده ستقدم: subject before the verb, after a complementizer
                if a.t1 == c.t0 and a.t0 - 1 >= lo and re.match(r"^(?:ان|بان|لان)$", self._bare(a.t0 - 1)):
                    return a
            j = self._skip_adverbials(c.t1, zone_end, dates)
            a = self._starts_at(actors, j, allow_state=not non_state)
            if a is not None:
                return a
            for a in actors:
                if c.t1 <= a.t0 < zone_end and a.kind == "both" and a.prep is None:
                    return a
            for a in actors:
                if a.t0 == lo and a.t1 == c.t0 and a.prep is None:
                    return a
        else:
            lv = self._light_verb(c, lo)
            if lv is not None and self._bare(lv) != "تم":
                j = self._skip_adverbials(lv + 1, c.t0, dates)
                a = self._starts_at(actors, j, allow_state=not non_state)
                if a is not None:
                    return a
                for a in actors:
                    if lv < a.t0 < c.t0 and a.kind == "both" and a.prep is None:
                        return a
            elif lv is not None:
                return None  # تم التوقيع: passive, no agent named
            j = c.t1
            if j < hi and OFFICIAL.match(self._bare(j)):
                j += 1
            a = self._starts_at(actors, j, allow_state=not non_state)
            if a is not None and not (c.type == "Visit" and a.kind in ("state", "place")):
                return a
        if c.t0 - 1 >= lo and RELATIVE.match(self._bare(c.t0 - 1)):
            before = [a for a in actors if a.t1 <= c.t0 - 1 and a.kind not in ("state", "place", "pair", "deictic")]
            if before:
                return before[-1]
        if made:
            return made[0].agent if (c.t0 - 1 >= lo and SUBORDINATE.match(self._bare(c.t0 - 1))) else made[-1].agent
        return ctx["topic"]  # no subject in the sentence: the paragraph's current actor

    def _between(self, c: Cue, actors, hi) -> list[Actor]:
        """بين X و Y right after a cue: the two sides."""
        for b in range(c.t1, min(hi, c.t1 + 2)):
            if BETWEEN.match(self.toks[b].text):
                after = [a for a in actors if a.t0 > b and a.kind != "deictic"]
                if not after:
                    return []
                x = after[0]
                for y in after[1:]:
                    if self.toks[y.t0].text[:1] == "و" and (x.kind in ("state",)) == (y.kind in ("state",)):
                        return [x, y]
                return [x]
        return []

    def _expand(self, a: Actor | None, made, ctx, ref_event) -> list[Actor]:
        """The actors an actor stands for: itself, or the sides of "both sides"."""
        if a is None:
            return []
        if a.kind == "pair":
            return a.members
        if a.kind != "both":
            return [a]
        if a.members:
            return a.members
        pool = ([ref_event] if ref_event else []) + list(reversed(made)) + list(reversed(self.events[-200:]))
        pool = [e for e in pool if e.family in ("meeting", "talks", "signing")] + \
            [e for e in pool if e.family not in ("meeting", "talks", "signing")]
        for ev in pool:
            sides = []
            for _, p in ev.participants:
                if p.kind in ("person", "holder", "delegation", "organisation") and not any(p.same(q) for q in sides):
                    sides.append(p)
            if len(sides) >= 2:
                a.members = sides
                return sides
        return []

    def _resolve(self, a: Actor | None, made, ctx, actors, sent=None) -> Actor | None:
        """The actor an anaphor (الوزير الضيف، جلالته، بلاده) stands for; other actors unchanged."""
        if a is not None and a.kind == "deictic" and a.prep == "his" and sent is not None:
            return self._deictic(a, sent, made, ctx)
        if a is None or a.kind != "anaphor":
            return a
        events = list(reversed(made)) + list(reversed(ctx["events"]))
        if a.prep == "guest":
            for ev in events:
                for role, p in ev.participants:
                    if role in ("guest", "visitor"):
                        return p
            return None
        # جلالته، سموه: the head of state last named
        for x in reversed([x for x in actors if x.t0 < a.t0]):
            if any(ents.is_subclass(self.office_class.get(k, "Office"), "HeadOfStateOffice") for k in x.offices):
                return x
        for x in reversed(ctx["salience"]):
            if any(ents.is_subclass(self.office_class.get(k, "Office"), "HeadOfStateOffice") for k in x.offices):
                return x
        return None

    def _speaker_state(self, sent, made, ctx) -> str | None:
        sp = next((e.agent for e in reversed(made) if e.type == "Statement" and e.agent), None) or ctx["topic"]
        return self._state(sp)

    def _state(self, a: Actor | None) -> str | None:
        if a is None:
            return None
        if a.state:
            return a.state
        if a.kind in ("person",):
            for k in self.person_offices.get(a.ref or "", []):
                if self.office_state.get(k):
                    return self.office_state[k]
        if a.kind == "delegation" and a.leader is not None:
            return self._state(a.leader)
        return None

    def _counterpart(self, state: str | None) -> str | None:
        if state in self.pair and len(self.pair) == 2:
            return self.pair[1] if self.pair[0] == state else self.pair[0]
        return None

    def _deictic(self, a: Actor, sent, made, ctx) -> Actor | None:
        if a.kind != "deictic":
            return a
        if a.prep == "his":
            st = self._state(next((e.agent for e in reversed(made) if e.agent is not None), None) or ctx["topic"])
        elif a.prep == "our":
            st = self._speaker_state(sent, made, ctx) if sent.in_quote(a.start) else self.home_state
        else:
            st = self._counterpart(self._speaker_state(sent, made, ctx)) if sent.in_quote(a.start) else None
        if st is None:
            return None
        return Actor("state", a.t0, a.t1, a.start, a.end, a.text, entity=st, state=st)

    def _pronoun(self, agent: Actor | None, ctx, exclude=()) -> Actor | None:
        for a in reversed(ctx["salience"]):
            if a.kind in ("person", "holder") and not (agent is not None and a.same(agent)) \
                    and not any(a.same(x) for x in exclude if x is not None):
                return a
        return None

    def _roles(self, ev: DraftEvent, agent, objects, between, actors, made, ctx, sent, zone_end, ref_event):
        t = ev.type
        c = ev.cue
        add = lambda role, a: ev.participants.append((role, a)) if a is not None and not any(  # noqa: E731
            r == role and a.same(b) for r, b in ev.participants) else None
        agents = self._expand(agent, made, ctx, ref_event)
        ev.agent = agent
        people = [a for a in objects if a.kind in ("person", "holder", "delegation", "organisation", "both")]
        if t == "Visit":
            dest = next((a for a in objects if a.kind in ("state", "place") and a.prep in (None, "ل", "الي")), None)
            if dest is None:
                dest = next((a for a in actors if a.t0 >= c.t1 and a.kind in ("state", "place")
                             and a.prep in ("ل", "الي")), None)
            for a in agents:
                add("visitor", a)
            host = self.reg.state_of(dest.entity) if dest is not None else None
            if host:
                add("hostState", self._state_actor_at(host, dest))
            vis = self._state(agent)
            if vis is None or vis == host:
                vis = self._counterpart(host) if vis is None else None
            if host is None and vis is not None:
                host = self._counterpart(vis)
                if host:
                    add("hostState", self._state_actor_at(host, agent))
            if vis:
                add("visitingState", self._state_actor_at(vis, agent or dest))
            ev.place = dest
            if agent is not None and agent.kind == "delegation":
                ev.type = "DelegationVisit"
            elif "official" in c.flags:
                ev.type = "OfficialVisit"
        elif t in ("Meeting", "Talks"):
            sides = agents + [x for a in (between or people or [a for a in objects if a.kind == "state"])
                              for x in self._expand(a, made, ctx, ref_event)]
            for a in sides:
                add("participant", a)
        elif t == "Reception":
            for a in agents:
                add("host", a)
            for a in (between or people):
                for x in self._expand(a, made, ctx, ref_event):
                    add("guest", x)
            if not (between or people) and c.verbal and OBJ_SUFFIX.search(self.toks[c.head].text):
                prev = next((e.agent for e in reversed(made) if e.agent is not None), None) or self._pronoun(agent, ctx)
                if prev is not None and not (agent is not None and prev.same(agent)):
                    add("guest", prev)  # استقبله: him, the one just named
        elif t == "SummitAttendance":
            for a in agents:
                add("attendee", a)
            summit = next((a for a in objects if a.kind == "organisation"), None)
            if summit is not None:
                ev.extra["summit"] = summit
        elif t == "PressConference":
            for a in agents:
                add("heldBy", a)
        elif t == "Statement":
            for a in agents:
                add("speaker", a)
        elif t == "GreetingsConveyed":
            for a in agents:
                add("conveyedBy", a)
            g = next((i for i in range(c.t1, zone_end) if GREETINGS.match(self._bare(i))), zone_end)
            to = [a for a in objects if a.t0 < g and a.kind in ("person", "holder", "delegation")]
            frm = [a for a in actors if a.t0 > g and a.kind in ("person", "holder", "state", "organisation")][:1]
            if not to and OBJ_SUFFIX.search(self.toks[c.head].text):
                to = [self._pronoun(agent, ctx)] if self._pronoun(agent, ctx) else []
            for a in to:
                add("greetingsTo", a)
            for a in frm:
                add("greetingsFrom", a)
        elif t == "Invitation":
            greet = next((e for e in made if e.type == "GreetingsConveyed"), None)
            if greet is not None and not c.verbal and self.toks[c.t0].text[:1] == "و":
                ev.participants += [("inviter", a) for r, a in greet.participants if r == "greetingsFrom"]
                ev.participants += [("invitee", a) for r, a in greet.participants if r == "greetingsTo"]
                ev.participants += [("conveyedBy", a) for r, a in greet.participants if r == "conveyedBy"]
                ev.agent = next((a for r, a in greet.participants if r == "greetingsFrom"), None)
            elif agent is not None and agent.kind == "both":
                for a in agents:
                    add("inviter", a)
                    add("invitee", a)
                ev.extra["mutual"] = True
            else:
                for a in agents:
                    add("inviter", a)
                for a in people:
                    if a.prep in (None, "ل"):
                        add("invitee", a)
            dest = [a for a in actors if a.t0 > c.t0 and a.kind in ("state", "place", "pair") and a.prep in ("ل", "الي", None)]
            if dest:
                ev.extra["invitedTo"] = self._expand(dest[-1], made, ctx, ref_event) if dest[-1].kind == "pair" else [dest[-1]]
        elif t in ("AidProvision", "AidPledge"):
            donor = agent
            if sent.in_quote(self.norm.start(self.toks[c.head].i)):
                donor = next((e.agent for e in reversed(made) if e.type == "Statement" and e.agent), None) or ctx["topic"]
                ev.agent = donor
            for a in self._expand(donor, made, ctx, ref_event):
                add("donor", a)
            rec = None
            for a in actors:
                if a.t0 > c.t0 and a.t0 < zone_end + 8 and (a.prep in ("ل", "الي", "في") or a.kind == "deictic"):
                    r = self._deictic(a, sent, made, ctx)
                    if r is not None and r.kind in ("state", "place", "organisation", "person", "holder"):
                        rec = r
                        break
            if rec is None:
                cp = self._counterpart(self._state(donor))
                if cp:
                    rec = self._state_actor_at(cp, donor)
            if rec is not None and rec.kind == "place":
                st = self.reg.state_of(rec.entity)
                rec = self._state_actor_at(st, rec) if st else rec
            add("recipient", rec)
        elif t == "DiplomaticRelationsEstablishment":
            for a in actors:
                if a.kind == "state" or a.kind == "pair":
                    for x in self._expand(a, made, ctx, ref_event):
                        add("party", x)
        elif t == "EmbassyOpening":
            sending = self._state(agent) if agent is not None and agent.kind == "state" else None
            emb = next((i for i in range(max(0, c.t0 - 8), min(len(self.toks), c.t1 + 5))
                        if EMBASSY.match(self._bare(i))), None)
            if sending is None and emb is not None:
                for s in self.toks[emb + 1].stems[:1] if emb + 1 < len(self.toks) else ():
                    sending = self.reg.adjectives.get(s)
            receiving = None
            seat = None
            for a in actors:
                if a.prep in ("في", "لدي") and a.kind in ("state", "place") and (emb is None or a.t0 > emb):
                    receiving = self.reg.state_of(a.entity)
                    seat = a.entity if a.kind == "place" else None
                    break
            if sending:
                add("sendingState", self._state_actor_at(sending, agent or actors[0] if actors else None))
            if receiving:
                add("receivingState", self._state_actor_at(receiving, agent or actors[0] if actors else None))
            ev.extra["embassy"] = (sending, receiving, seat)
        elif t == "AgreementSigning":
            for a in agents:
                add("participant", a)
            for a in people:
                if a.prep in ("مع", None):
                    add("participant", a)
            ag = next((i for i in range(c.t1, min(len(self.toks), c.t1 + 5)) if AGREEMENT.match(self._bare(i))), None)
            if ag is not None:
                end = ag + 1
                hi = self._tok_range(sent)[1]
                while end < hi and end - ag < 14:
                    e0 = self.norm.start(self.toks[end].i)
                    if any(d.start <= e0 < d.end for d in self.dates) or re.search(
                            r"[،,;؛.]", self.norm.original[self.norm.end(self.toks[end - 1].j):e0]):
                        break
                    end += 1
                s0, e0, text = self._text(ag, end)
                ev.extra["agreement"] = (text, (s0, e0))

    def _state_actor_at(self, state: str, near: Actor | None) -> Actor:
        if near is None:
            return Actor("state", 0, 0, 0, 0, "", entity=state, state=state)
        return Actor("state", near.t0, near.t1, near.start, near.end, near.text if near.entity == state else "",
                     entity=state, state=state)

    # --- dates, places, splitting -------------------------------------------------------------
    def _date(self, ev: DraftEvent, dates, zone_end, ref_event, ctx) -> None:
        c = ev.cue
        if dates:
            usable = [d for d in dates if d.value or d.hijri]
            greg = [d for d in usable if d.calendar == "gregorian"]
            pool = greg or usable
            cue_at = self.norm.start(self.toks[c.head].i)
            zone_at = self.norm.start(self.toks[zone_end].i) if zone_end < len(self.toks) else len(self.norm.original)
            ahead = [d for d in pool if cue_at <= d.start < zone_at]
            chosen = ahead[0] if ahead else (min(pool, key=lambda d: abs(d.start - cue_at)) if pool else None)
            if chosen is not None:
                if chosen.relation in ("after", "before", "since", "until"):
                    ev.date_relation = chosen
                else:
                    ev.date = chosen
                return
        if ref_event is not None:
            ev.date, ev.date_relation = ref_event.date, ref_event.date_relation
            return
        if ctx.get("date"):
            ev.date, ev.date_relation = ctx["date"]

    def _place(self, ev: DraftEvent, actors, ctx, made=()) -> None:
        if ev.place is not None or ev.type in ("EmbassyOpening",):
            return
        c = ev.cue
        for a in actors:
            if a.t0 > c.t0 and a.prep == "في" and a.kind in ("place", "state") and not any(
                    a.same(p) for _, p in ev.participants):
                ev.place = a
                return
        for e in list(made) + list(reversed(ctx["events"])):
            if e is not ev and e.family == "visit" and e.place is not None and (e.date == ev.date or e.date is None):
                ev.place = e.place
                return

    def _split(self, ev: DraftEvent) -> list[DraftEvent]:
        """لقاءات مع A و B و C: one meeting per counterpart, as curators record them."""
        if ev.type not in ("Meeting", "Talks") or "plural" not in ev.cue.flags or ev.extra.get("between") \
                or ev.agent is None:
            return [ev]
        mine = [p for r, p in ev.participants if ev.agent is not None and any(p.same(x) for x in self._expand(ev.agent, [], {}, None))]
        others = [p for r, p in ev.participants if p not in mine]
        if len(others) < 2:
            return [ev]
        out = []
        for o in others:
            e = DraftEvent(ev.type, ev.cue, ev.sentence, [("participant", p) for p in mine] + [("participant", o)],
                           ev.date, ev.date_relation, ev.place, ev.agent, dict(ev.extra))
            out.append(e)
        return out

    def _share(self, made: list[DraftEvent]) -> None:
        """A meeting and talks held by the same agent in one sentence have the same participants."""
        fam = [e for e in made if e.family in ("meeting", "talks") and e.agent is not None]
        for e in fam:
            for f in fam:
                if e is not f and e.agent.same(f.agent) and "plural" not in e.cue.flags and "plural" not in f.cue.flags:
                    role = "participant" if e.type != "Reception" else "guest"
                    for r, p in f.participants:
                        if not any(p.same(q) for _, q in e.participants):
                            e.participants.append((role, p))
