"""The competency questions of ``queries/``: their headers, and their full answers on the first source.

Every expected result below is written from the source text
(``data/sources/kuwait-azerbaijan-relations.ar.txt``) and the curated records
(``data/entities.yaml``, ``data/facts/kuwait-azerbaijan-relations.yaml``): the
set of key columns of every row, compared with the whole result set on both
embedded stores (rdflib and pyoxigraph), loaded from one conforming build.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Literal, Namespace, URIRef

from kg.core.config import base_iri
from kg.rdf.sparql import parse_term, read_query, resolve_params
from kg.rdf.stores import OxigraphStore, RdflibStore, run

from conftest import DATA, ROOT

QUERIES_DIR = ROOT / "queries"
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
SOURCE_TEXT = (DATA / "sources" / "kuwait-azerbaijan-relations.ar.txt").read_text(encoding="utf-8")

BASE = base_iri()
BKG = Namespace("https://w3id.org/bilateral-kg/ontology#")
XSD_ = "http://www.w3.org/2001/XMLSchema#"  # (rdflib's closed XSD namespace at module level upsets pytest's collection)


def _ns(segment: str):
    return lambda local: URIRef(f"{BASE}{segment}/{local}")


STATE, PERSON, OFFICE, EVENT, ORG = _ns("state"), _ns("person"), _ns("office"), _ns("event"), _ns("organisation")
DELEGATION, TOPIC, TERM, CLAIM, EMBASSY = _ns("delegation"), _ns("topic"), _ns("term"), _ns("claim"), _ns("embassy")
PLACE, AGREEMENT, FACT, SOURCE = _ns("place"), _ns("agreement"), _ns("fact"), _ns("source")

AZ, KW, MA = STATE("azerbaijan"), STATE("kuwait"), STATE("morocco")
HEYDAR, JABER, ILHAM = PERSON("heydar-aliyev"), PERSON("jaber-al-ahmad-al-sabah"), PERSON("ilham-aliyev")
SABAH, MOHAMMAD = PERSON("sabah-al-ahmad-al-jaber-al-sabah"), PERSON("mohammad-sabah-al-salem-al-sabah")
AL_OMARI, AL_BABTAIN = PERSON("jamal-hussein-fahhat-al-omari"), PERSON("abdulaziz-saud-al-babtain")
UNNAMED_EMIR = PERSON("kuwaiti-emir-2007-06")
AZ_FM_2007 = PERSON("azerbaijani-foreign-minister-2007-01")
KW_DPM_FM_2007 = PERSON("kuwaiti-deputy-prime-minister-and-foreign-minister-2007-01")
OMARI_DELEGATION = DELEGATION("2001-09-al-omari-delegation")
ARAB_DELEGATION = DELEGATION("2000-07-07-arab-countries-delegation")
SEPT_11 = EVENT("september-11-attacks")
MEETING_1994 = EVENT("1994-12-13-meeting-heydar-aliyev-jaber-al-ahmad-al-sabah")
RECEPTION_2000 = EVENT("2000-07-07-heydar-aliyev-receives-arab-delegation")
MEETING_2001 = EVENT("2001-09-27-meeting-heydar-aliyev-al-omari-delegation")
PRESIDENCY_MEETINGS_2001 = EVENT("2001-09-meetings-with-the-presidency")
VISIT_2001 = EVENT("2001-09-al-omari-delegation-visit-to-azerbaijan")
VISIT_2007_01 = EVENT("2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait")
VISIT_2007_06 = EVENT("2007-06-07-official-visit-of-mohammad-sabah-al-salem-al-sabah")
RECEPTION_2007 = EVENT("2007-06-07-ilham-aliyev-receives-mohammad-sabah-al-salem-al-sabah")
TALKS_2001 = EVENT("2001-09-27-talks")
NK_CONFLICT = EVENT("nagorno-karabakh-conflict")
IRAQI_AGGRESSION = EVENT("iraqi-aggression-against-kuwait")
ARMENIAN_SEIZURE = EVENT("armenian-seizure-of-azerbaijani-territory")
ARMENIAN_AGGRESSION = EVENT("armenian-aggression-against-azerbaijan")
ESTABLISHMENT = EVENT("1994-10-10-diplomatic-relations-established")


def day(text: str) -> Literal:
    return Literal(text, datatype=URIRef(XSD_ + "date"))


def month(text: str) -> Literal:
    return Literal(text, datatype=URIRef(XSD_ + "gYearMonth"))


def year(text: str) -> Literal:
    return Literal(text, datatype=URIRef(XSD_ + "gYear"))


def ar(text: str) -> Literal:
    return Literal(text, lang="ar")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


TRUE, FALSE = Literal(True), Literal(False)


# --- Stores and running ---------------------------------------------------------


@pytest.fixture(scope="module")
def stores(build_dir) -> dict:
    return {"rdflib": RdflibStore.from_file(build_dir / "kg.trig"),
            "oxigraph": OxigraphStore.from_file(build_dir / "kg.nq")}


@pytest.fixture(params=["rdflib", "oxigraph"])
def store(request, stores):
    return stores[request.param]


def ask(store, name: str, **params: str):
    """Run ``queries/<name>.rq`` with parameters in Turtle term syntax; rows as dicts."""
    q = read_query(QUERIES_DIR / f"{name}.rq")
    res = run(store, q, resolve_params(q, params, BASE))
    return res, [dict(zip(res.vars, row)) for row in res.rows]


def keys(rows: list[dict], *cols: str) -> set[tuple]:
    return {tuple(row[c] for c in cols) for row in rows}


def check(store, name: str, cols: tuple[str, ...], expected: set[tuple], **params: str) -> list[dict]:
    """The key columns of the whole result equal ``expected``, one row per expected tuple."""
    res, rows = ask(store, name, **params)
    for c in cols:
        assert c in res.vars, f"{name}: no column ?{c}"
    got = keys(rows, *cols)
    assert got == expected, (f"{name}: missing {expected - got}, unexpected {got - expected}")
    assert len(rows) == len(expected), f"{name}: {len(rows)} rows for {len(expected)} expected"
    return rows


# --- Headers -----------------------------------------------------------------------


def test_there_are_the_competency_questions():
    names = {p.stem for p in QUERY_FILES}
    assert names >= {
        "relations-established", "embassies", "visits", "meetings-of-person", "office-holder-on-date",
        "agreements", "meeting-topics", "statements-of-person", "invitations", "mentioned-conflicts",
        "fact-provenance", "timeline", "unnamed-persons", "greetings", "events-outside-both-states",
        "person-offices", "events-of-person", "aid", "claims", "event-participants"}


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_header(path: Path):
    q = read_query(path)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.name), "file names are kebab case"
    assert q.question.get("en", "").endswith("?"), "# Question: in English"
    assert q.question.get("ar", "").endswith("؟"), "# السؤال: in Arabic"
    assert re.search(r"[\u0600-\u06FF]", q.question["ar"])
    assert q.row, "# Row: what one row means"
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert re.search(r"^PREFIX bkg:", body, re.MULTILINE)
    assert re.search(r"\bSELECT\b", body) and re.search(r"\bWHERE\s*\{", body)
    where = body[re.search(r"\bWHERE\s*\{", body).end():]
    for name, default in q.params.items():
        term = parse_term(default, BASE, f"{q.name}: @param {name}")
        assert term is not None
        assert re.search(rf"\?{name}\b", where), f"@param {name} is not used in the WHERE clause"
    # SPARQLWrapper (RemoteStore) guesses the query form from the first keyword it finds, comments
    # included (it strips only every other comment line): words such as "address" would read as ADD.
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper("http://localhost/query")
    client.setQuery(text)
    assert client.queryType == "SELECT", "a word of the comments reads as another query form"
    # every ?xLabel column is an English label (or an Arabic one, ?xLabelAr)
    for var in re.findall(r"\?(\w+Label)\b", body.split("WHERE")[0]):
        assert re.search(rf'LANG\(\?{var}\)\s*=\s*"en"', body) or \
            re.search(rf"AS \?{var}\)", body), f"?{var} is not filtered to English"


# --- Same answers on both stores ---------------------------------------------------------


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_same_result_on_rdflib_and_oxigraph(stores, path: Path):
    q = read_query(path)
    bindings = resolve_params(q, {}, BASE)
    a = run(stores["rdflib"], q, bindings)
    b = run(stores["oxigraph"], q, bindings)
    assert a.vars == b.vars
    assert Counter(a.rows) == Counter(b.rows)


# --- 1. Establishment of diplomatic relations -----------------------------------------------


@pytest.mark.parametrize("a,b", [("state:azerbaijan", "state:kuwait"), ("state:kuwait", "state:azerbaijan")])
def test_relations_established(store, a, b):
    # "اما العلاقات الدبلوماسية بين اذربيجان والكويت فانها أنشئت في ١٠ اكتوبر عام ١٩٩٤."
    check(store, "relations-established", ("event", "date", "precision", "earliestDate", "latestDate"),
          {(ESTABLISHMENT, day("1994-10-10"), BKG.day, day("1994-10-10"), day("1994-10-10"))}, a=a, b=b)


def test_relations_established_with_another_state(store):
    check(store, "relations-established", ("event",), set(), a="state:azerbaijan", b="state:morocco")


# --- 2. Embassies --------------------------------------------------------------------------------


@pytest.mark.parametrize("a,b", [("state:azerbaijan", "state:kuwait"), ("state:kuwait", "state:azerbaijan")])
def test_embassies(store, a, b):
    # "افتتحت اذربيجان سفارة لها في دولة الكويت في اواخر عام ٢٠٠٤" and
    # "السفارة الكويتية في باكو فبدأت عملها عام ٢٠٠٦"
    check(store, "embassies",
          ("embassy", "sendingState", "receivingState", "seat", "openingDate", "precision", "qualifier"),
          {(EMBASSY("embassy-of-azerbaijan-in-kuwait"), AZ, KW, None, year("2004"), BKG.year, BKG.late),
           (EMBASSY("embassy-of-kuwait-in-baku"), KW, AZ, PLACE("baku"), year("2006"), BKG.year, None)},
          a=a, b=b)


# --- 3. Visits ---------------------------------------------------------------------------------------


def test_visits(store):
    rows = check(
        store, "visits",
        ("visit", "kind", "visitor", "officeHolder", "office", "hostState", "visitingState", "place", "date",
         "precision"),
        {(VISIT_2001, BKG.DelegationVisit, OMARI_DELEGATION, AL_OMARI,
          OFFICE("head-of-the-kuwait-azerbaijan-friendship-group"), AZ, KW, AZ, month("2001-09"), BKG.month),
         (VISIT_2007_01, BKG.Visit, AZ_FM_2007, AZ_FM_2007, OFFICE("minister-of-foreign-affairs-of-azerbaijan"),
          KW, AZ, KW, day("2007-01-20"), BKG.day),
         (VISIT_2007_06, BKG.OfficialVisit, MOHAMMAD, MOHAMMAD, OFFICE("deputy-prime-minister-of-kuwait"),
          AZ, KW, AZ, day("2007-06-07"), BKG.day),
         (VISIT_2007_06, BKG.OfficialVisit, MOHAMMAD, MOHAMMAD, OFFICE("minister-of-foreign-affairs-of-kuwait"),
          AZ, KW, AZ, day("2007-06-07"), BKG.day)})
    # in date order (bkg:earliestDate); the visit to Morocco is not between the two states
    order = [r["visit"] for r in rows]
    assert sorted(set(order), key=order.index) == [VISIT_2001, VISIT_2007_01, VISIT_2007_06]
    assert [r["earliestDate"] for r in rows] == sorted(r["earliestDate"] for r in rows)


def test_visits_the_order_of_the_states_does_not_matter(store):
    _, ab = ask(store, "visits", a="state:azerbaijan", b="state:kuwait")
    _, ba = ask(store, "visits", a="state:kuwait", b="state:azerbaijan")
    assert keys(ab, "visit", "office") == keys(ba, "visit", "office")


def test_visits_to_morocco(store):
    # "عندما زار المملكة المغربية للمشاركة في مؤتمر القمة الاسلامي في ١٣ ديسمبر عام ١٩٩٤"
    check(store, "visits", ("visit", "kind", "visitor", "office", "hostState", "visitingState"),
          {(EVENT("1994-12-13-heydar-aliyev-visit-to-morocco"), BKG.Visit, HEYDAR, OFFICE("president-of-azerbaijan"),
            MA, AZ)},
          a="state:azerbaijan", b="state:morocco")


# --- 4. Meetings of a person ---------------------------------------------------------------------------


@pytest.mark.parametrize("person,expected", [
    ("person:heydar-aliyev", {
        (MEETING_1994, BKG.Meeting, BKG.participant, None, JABER, day("1994-12-13"), MA,
         EVENT("1994-12-13-islamic-summit-attendance")),
        (RECEPTION_2000, BKG.Reception, BKG.host, None, ARAB_DELEGATION, day("2000-07-07"), None, None),
        (MEETING_2001, BKG.Meeting, BKG.participant, None, OMARI_DELEGATION, day("2001-09-27"), AZ, None)}),
    # a member of a delegation takes part through it
    ("person:abdulaziz-saud-al-babtain", {
        (RECEPTION_2000, BKG.Reception, BKG.guest, ARAB_DELEGATION, HEYDAR, day("2000-07-07"), None, None)}),
    ("person:jamal-hussein-fahhat-al-omari", {
        (PRESIDENCY_MEETINGS_2001, BKG.Meeting, BKG.participant, OMARI_DELEGATION, ORG("presidency-of-azerbaijan"),
         month("2001-09"), AZ, None),
        (MEETING_2001, BKG.Meeting, BKG.participant, OMARI_DELEGATION, HEYDAR, day("2001-09-27"), AZ, None)}),
    ("person:hisham-al-oqayan", {
        (EVENT("2007-01-20-meeting-with-hisham-al-oqayan"), BKG.Meeting, BKG.participant, None, AZ_FM_2007,
         day("2007-01-20"), KW, None)}),
], ids=["heydar-aliyev", "al-babtain", "al-omari", "al-oqayan"])
def test_meetings_of_person(store, person, expected):
    check(store, "meetings-of-person",
          ("meeting", "kind", "role", "via", "counterpart", "date", "place", "occasion"), expected, person=person)


# --- 5. Office holder on a date ------------------------------------------------------------------------------


@pytest.mark.parametrize("office,date,expected", [
    ("office:emir-of-kuwait", '"2000-07-07"^^xsd:date', {(JABER, TERM("jaber-al-ahmad-al-sabah-emir-of-kuwait"), FALSE)}),
    ("office:emir-of-kuwait", '"1994-12-13"^^xsd:date', {(JABER, TERM("jaber-al-ahmad-al-sabah-emir-of-kuwait"), FALSE)}),
    ("office:emir-of-kuwait", '"2007-01-20"^^xsd:date',
     {(SABAH, TERM("sabah-al-ahmad-al-jaber-al-sabah-emir-of-kuwait"), FALSE)}),
    # "وبلغه الوزير الكويتي تحيات امير دولة الكويت": named only by office
    ("office:emir-of-kuwait", '"2007-06-07"^^xsd:date', {(UNNAMED_EMIR, TERM("kuwaiti-emir-2007-06-term"), TRUE)}),
    ("office:president-of-azerbaijan", '"2007-06-07"^^xsd:date',
     {(ILHAM, TERM("ilham-aliyev-president-of-azerbaijan"), FALSE)}),
    ("office:president-of-azerbaijan", '"1994-12"^^xsd:gYearMonth',
     {(HEYDAR, TERM("heydar-aliyev-president-of-azerbaijan"), FALSE)}),
    # nothing attests anyone in that office in 2003
    ("office:president-of-azerbaijan", '"2003-01-01"^^xsd:date', set()),
    # attested for September 2001 (month precision) covers the 15th
    ("office:head-of-the-kuwait-azerbaijan-friendship-group", '"2001-09-15"^^xsd:date',
     {(AL_OMARI, TERM("jamal-al-omari-head-of-friendship-group"), FALSE)}),
    ("office:minister-of-foreign-affairs-of-kuwait", '"2007-01-20"^^xsd:date',
     {(KW_DPM_FM_2007, TERM("kuwaiti-foreign-minister-2007-01-term"), TRUE)}),
    ("office:minister-of-foreign-affairs-of-kuwait", '"2007"^^xsd:gYear',
     {(KW_DPM_FM_2007, TERM("kuwaiti-foreign-minister-2007-01-term"), TRUE),
      (MOHAMMAD, TERM("mohammad-sabah-al-salem-al-sabah-foreign-minister"), FALSE)}),
])
def test_office_holder_on_date(store, office, date, expected):
    check(store, "office-holder-on-date", ("holder", "term", "knownOnlyByOffice"), expected, office=office, date=date)


# --- 6. Agreements ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("a,b", [("state:azerbaijan", "state:kuwait"), ("state:kuwait", "state:azerbaijan")])
def test_agreements(store, a, b):
    # "خلال الزيارة تم التوقيع على مذكرة التفاهم حول التشاور الثنائي بين وزارتي الخارجية لكلا البلدين."
    ministry = {AZ: ORG("ministry-of-foreign-affairs-of-azerbaijan"), KW: ORG("ministry-of-foreign-affairs-of-kuwait")}
    sa, sb = parse_term(a, BASE), parse_term(b, BASE)
    rows = check(store, "agreements",
                 ("agreement", "kind", "subjectEn", "subjectAr", "partyOfA", "partyOfB", "signing", "date", "during"),
                 {(AGREEMENT("memorandum-on-bilateral-consultations"), BKG.MemorandumOfUnderstanding,
                   en("bilateral consultations"), ar("التشاور الثنائي"), ministry[sa], ministry[sb],
                   EVENT("2007-01-20-memorandum-signed"), day("2007-01-20"), VISIT_2007_01)}, a=a, b=b)
    assert str(rows[0]["subjectAr"]) in SOURCE_TEXT


def test_agreements_with_another_state(store):
    check(store, "agreements", ("agreement",), set(), a="state:azerbaijan", b="state:morocco")


# --- 7. Topics of a meeting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("meeting,expected", [
    # "محادثات حول التعاون بين الكويت واذربيجان والنزاع القائم بين ارمينيا واذربيجان حول قره باغ الجبلية
    #  ومكافحة الارهاب الدولي"
    ("event:2001-09-27-meeting-heydar-aliyev-al-omari-delegation", {
        (TOPIC("kuwait-azerbaijan-cooperation"), BKG.Topic, TALKS_2001),
        (NK_CONFLICT, BKG.ArmedConflict, TALKS_2001),
        (TOPIC("fight-against-international-terrorism"), BKG.Topic, TALKS_2001)}),
    # "وأكدت ضرورة تعزيز العلاقات المتبادلة اثناء اللقاءات": the meeting's own topic
    ("event:2001-09-meetings-with-the-presidency", {
        (TOPIC("strengthening-mutual-relations"), BKG.Topic, PRESIDENCY_MEETINGS_2001)}),
    ("event:1994-12-13-meeting-heydar-aliyev-jaber-al-ahmad-al-sabah", set()),
], ids=["2001-09-27", "2001-09-presidency", "1994-12-13"])
def test_meeting_topics(store, meeting, expected):
    rows = check(store, "meeting-topics", ("topic", "topicKind", "discussedIn"), expected, meeting=meeting)
    for row in rows:
        assert row["topicLabel"].language == "en" and row["topicLabelAr"].language == "ar"


# --- 8. Statements of a person ------------------------------------------------------------------------------------


def test_statements_of_heydar_aliyev(store):
    # "قال حيدر علييف ... عقب هجمات ١١ سبتمبر عام ٢٠٠١" and "واشار رئيس الدولة الاذربيجانية الى التشابه بين
    #  حدثي عدوان العراق على الكويت واستيلاء ارمينيا على الاراضي الاذربيجانية"
    islam = EVENT("2001-heydar-aliyev-on-islam-and-terrorism")
    two = EVENT("2001-heydar-aliyev-on-two-aggressions")
    rows = check(store, "statements-of-person", ("statement", "date", "after", "earliestDate", "mentions"), {
        (islam, None, SEPT_11, day("2001-09-11"), SEPT_11),
        (two, None, SEPT_11, day("2001-09-11"), IRAQI_AGGRESSION),
        (two, None, SEPT_11, day("2001-09-11"), ARMENIAN_SEIZURE)}, person="person:heydar-aliyev")
    contents = {r["statement"]: r["content"] for r in rows}
    assert contents[islam] == ar("ان الاسلام والارهاب مفهومان متناقضان تماما")
    for content in contents.values():
        assert str(content) in SOURCE_TEXT


def test_statements_of_jaber_al_ahmad_al_sabah(store):
    rows = check(store, "statements-of-person", ("statement", "date", "mentions", "partOf"), {
        (EVENT("1994-12-13-emir-on-aggression"), day("1994-12-13"), None, MEETING_1994),
        (EVENT("1994-12-13-emir-on-refugees"), day("1994-12-13"), None, MEETING_1994)},
        person="person:jaber-al-ahmad-al-sabah")
    quoted = {r["statement"]: r["quotedWords"] for r in rows}
    assert quoted[EVENT("1994-12-13-emir-on-refugees")] == \
        ar("بان اللاجئين في بلدكم يحتاجون الى المساعدات وسنقدم هذه المساعدات اليهم...")
    assert quoted[EVENT("1994-12-13-emir-on-aggression")] is None


def test_statements_of_al_babtain(store):
    rows = check(store, "statements-of-person", ("statement", "mentions"), {
        (EVENT("2000-07-07-al-babtain-on-shared-experience-of-aggression"), ARMENIAN_AGGRESSION)},
        person="person:abdulaziz-saud-al-babtain")
    assert f'"{rows[0]["quotedWords"]}"' in SOURCE_TEXT


# --- 9. Invitations --------------------------------------------------------------------------------------------------


INVITATIONS = {
    # "ودعا خلال اللقاء ... رئيسا الدولتين بعضهما البعض للقيام بزيارة الى بلدي كل منهما."
    (EVENT("1994-12-13-mutual-invitation"), HEYDAR, JABER, AZ, None, TRUE, FALSE, None),
    (EVENT("1994-12-13-mutual-invitation"), JABER, HEYDAR, KW, None, TRUE, FALSE, None),
    # "وبلغه الوزير الكويتي تحيات امير دولة الكويت ودعوته له للقيام بزيارة للكويت."
    (EVENT("2007-06-07-invitation-to-ilham-aliyev"), UNNAMED_EMIR, ILHAM, KW, MOHAMMAD, FALSE, FALSE, None),
}
INVITATION_COLS = ("invitation", "inviter", "invitee", "invitedTo", "conveyedBy", "mutual", "answered", "answeredBy")


def test_invitations(store):
    check(store, "invitations", INVITATION_COLS, INVITATIONS)


# --- 10. Conflicts and outside events mentioned ---------------------------------------------------------------------------


def test_mentioned_conflicts(store):
    check(store, "mentioned-conflicts", ("outsideEvent", "kind", "mentionedIn", "how"), {
        (SEPT_11, BKG.TerroristAttack, EVENT("2001-heydar-aliyev-on-islam-and-terrorism"), BKG.mentions),
        (IRAQI_AGGRESSION, BKG.Aggression, EVENT("2001-heydar-aliyev-on-two-aggressions"), BKG.mentions),
        (IRAQI_AGGRESSION, BKG.Aggression, EVENT("2007-06-07-statement-on-azerbaijani-support-for-kuwait"),
         BKG.mentions),
        (ARMENIAN_SEIZURE, BKG.Occupation, EVENT("2001-heydar-aliyev-on-two-aggressions"), BKG.mentions),
        (ARMENIAN_AGGRESSION, BKG.Aggression, EVENT("2000-07-07-al-babtain-on-shared-experience-of-aggression"),
         BKG.mentions),
        (NK_CONFLICT, BKG.ArmedConflict, TALKS_2001, BKG.topic),
        (NK_CONFLICT, BKG.ArmedConflict, EVENT("2007-06-07-statement-on-un-resolutions"), BKG.mentions)})


# --- 11. Provenance of a fact ------------------------------------------------------------------------------------------------


def test_fact_provenance(store):
    rows = check(store, "fact-provenance", ("factGraph", "source", "quote"), {
        (FACT("1994-10-10-diplomatic-relations-established"), SOURCE("kuwait-azerbaijan-relations"),
         ar("اما العلاقات الدبلوماسية بين اذربيجان والكويت فانها أنشئت في ١٠ اكتوبر عام ١٩٩٤."))})
    row = rows[0]
    assert SOURCE_TEXT[row["start"].toPython():row["end"].toPython()] == str(row["quote"])


def test_fact_provenance_of_a_resource_described_by_several_facts(store):
    # Heydar Aliyev's presidency is attested in three passages, each its own fact graph.
    rows = check(store, "fact-provenance", ("factGraph",), {
        (FACT("heydar-aliyev-president-of-azerbaijan"),),
        (FACT("heydar-aliyev-president-of-azerbaijan-2000-07-07"),),
        (FACT("heydar-aliyev-president-of-azerbaijan-after-september-11"),)},
        fact="term:heydar-aliyev-president-of-azerbaijan")
    assert {str(r["quote"]) for r in rows} == {"حيدر علييف الرئيس الأذربيجاني", "حيدر علييف الرئيس الاذربيجاني"}
    assert [r["start"].toPython() for r in rows] == sorted(r["start"].toPython() for r in rows)


def test_every_quote_is_the_source_text_at_its_offsets(stores):
    store = stores["oxigraph"]
    topics = store.select("PREFIX bkg: <https://w3id.org/bilateral-kg/ontology#>\n"
                          "SELECT DISTINCT ?t WHERE { ?g bkg:primaryTopic ?t }").rows
    assert len(topics) > 50
    for (topic,) in topics:
        for name, s in stores.items():
            _, rows = ask(s, "fact-provenance", fact=topic.n3())
            assert rows, f"{topic}: no provenance on {name}"
            for row in rows:
                assert SOURCE_TEXT[row["start"].toPython():row["end"].toPython()] == str(row["quote"]), row


# --- 12. Timeline -----------------------------------------------------------------------------------------------------------


def test_timeline(store):
    n = lambda k: Literal(k, datatype=URIRef(XSD_ + "integer"))  # noqa: E731
    y = n
    res, rows = ask(store, "timeline")
    got = {(r["year"], r["kind"], r["events"]) for r in rows}
    assert got == {
        # "قدمت دولة الكويت مساعدات" is dated only before the establishment of relations: no year
        (None, BKG.AidProvision, n(1)),
        (y(1994), BKG.DiplomaticRelationsEstablishment, n(1)), (y(1994), BKG.Visit, n(1)),
        (y(1994), BKG.SummitAttendance, n(1)), (y(1994), BKG.Meeting, n(1)), (y(1994), BKG.Invitation, n(1)),
        (y(1994), BKG.Statement, n(2)), (y(1994), BKG.AidPledge, n(1)),
        (y(2000), BKG.Reception, n(1)), (y(2000), BKG.GreetingsConveyed, n(1)), (y(2000), BKG.Statement, n(1)),
        # the two statements after 11 September 2001 count in 2001, their earliest possible year
        (y(2001), BKG.DelegationVisit, n(1)), (y(2001), BKG.Meeting, n(2)), (y(2001), BKG.Talks, n(1)),
        (y(2001), BKG.Statement, n(2)),
        (y(2004), BKG.EmbassyOpening, n(1)), (y(2006), BKG.EmbassyOpening, n(1)),
        (y(2007), BKG.Visit, n(1)), (y(2007), BKG.Meeting, n(6)), (y(2007), BKG.AgreementSigning, n(1)),
        (y(2007), BKG.OfficialVisit, n(1)), (y(2007), BKG.PressConference, n(1)), (y(2007), BKG.Statement, n(3)),
        (y(2007), BKG.Reception, n(1)), (y(2007), BKG.GreetingsConveyed, n(1)), (y(2007), BKG.Invitation, n(1)),
    }
    assert len(rows) == len(got)
    # outside events (aggressions, the conflict, the attacks) are not diplomatic events
    assert not {r["kind"] for r in rows} & {BKG.Aggression, BKG.Occupation, BKG.ArmedConflict, BKG.TerroristAttack}


# --- 13. Persons known only by office -----------------------------------------------------------------------------------


def test_unnamed_persons(store):
    check(store, "unnamed-persons", ("person", "office", "attestedDate", "attestedIn"), {
        (AZ_FM_2007, OFFICE("minister-of-foreign-affairs-of-azerbaijan"), day("2007-01-20"), VISIT_2007_01),
        (PERSON("kuwaiti-speaker-2007-01"), OFFICE("speaker-of-the-parliament-of-kuwait"), day("2007-01-20"),
         EVENT("2007-01-20-meeting-with-the-speaker")),
        (KW_DPM_FM_2007, OFFICE("deputy-prime-minister-of-kuwait"), day("2007-01-20"),
         EVENT("2007-01-20-meeting-with-the-deputy-prime-minister-and-foreign-minister")),
        (KW_DPM_FM_2007, OFFICE("minister-of-foreign-affairs-of-kuwait"), day("2007-01-20"),
         EVENT("2007-01-20-meeting-with-the-deputy-prime-minister-and-foreign-minister")),
        (PERSON("kuwaiti-justice-minister-2007-01"), OFFICE("minister-of-justice-and-awqaf-of-kuwait"),
         day("2007-01-20"), EVENT("2007-01-20-meeting-with-the-justice-minister")),
        (UNNAMED_EMIR, OFFICE("emir-of-kuwait"), day("2007-06-07"), EVENT("2007-06-07-greetings-to-ilham-aliyev"))})


# --- 14. Greetings ---------------------------------------------------------------------------------------------------------------


def test_greetings(store):
    # "وبلغ عبد العزيز سعود الببطين عضو الوفد الرئيس الاذربيجاني تحيات صاحب السمو الشيخ جابر أحمد الصباح"
    # "وبلغه الوزير الكويتي تحيات امير دولة الكويت"
    check(store, "greetings", ("greetings", "conveyedBy", "from", "to", "date", "partOf"), {
        (EVENT("2000-07-07-greetings-from-jaber-al-ahmad-al-sabah"), AL_BABTAIN, JABER, HEYDAR, day("2000-07-07"),
         RECEPTION_2000),
        (EVENT("2007-06-07-greetings-to-ilham-aliyev"), MOHAMMAD, UNNAMED_EMIR, ILHAM, day("2007-06-07"),
         RECEPTION_2007)})


# --- 15. Events outside both states ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("a,b", [("state:azerbaijan", "state:kuwait"), ("state:kuwait", "state:azerbaijan")])
def test_events_outside_both_states(store, a, b):
    # Only the meeting in Morocco involves both; the visit to Morocco and the summit involve Azerbaijan only.
    check(store, "events-outside-both-states", ("event", "kind", "place", "date"),
          {(MEETING_1994, BKG.Meeting, MA, day("1994-12-13"))}, a=a, b=b)


def test_no_event_is_outside_a_state_where_it_takes_place(store):
    check(store, "events-outside-both-states", ("event",), set(), a="state:azerbaijan", b="state:morocco")


# --- 16. Offices of a person --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("person,expected", [
    ("person:heydar-aliyev", {
        (OFFICE("president-of-azerbaijan"), TERM("heydar-aliyev-president-of-azerbaijan"), day("1994-12-13"),
         MEETING_1994, None),
        (OFFICE("president-of-azerbaijan"), TERM("heydar-aliyev-president-of-azerbaijan"), day("2000-07-07"),
         RECEPTION_2000, None),
        # "قال حيدر علييف الرئيس الاذربيجاني ... عقب هجمات ١١ سبتمبر": dated only after the attacks
        (OFFICE("president-of-azerbaijan"), TERM("heydar-aliyev-president-of-azerbaijan"), None,
         EVENT("2001-heydar-aliyev-on-islam-and-terrorism"), SEPT_11)}),
    ("person:mohammad-sabah-al-salem-al-sabah", {
        (OFFICE("deputy-prime-minister-of-kuwait"), TERM("mohammad-sabah-al-salem-al-sabah-deputy-prime-minister"),
         day("2007-06-07"), VISIT_2007_06, None),
        (OFFICE("minister-of-foreign-affairs-of-kuwait"), TERM("mohammad-sabah-al-salem-al-sabah-foreign-minister"),
         day("2007-06-07"), VISIT_2007_06, None)}),
    ("person:ilham-aliyev", {
        (OFFICE("president-of-azerbaijan"), TERM("ilham-aliyev-president-of-azerbaijan"), day("2007-06-07"),
         RECEPTION_2007, None)}),
    ("person:jamal-hussein-fahhat-al-omari", {
        (OFFICE("head-of-the-kuwait-azerbaijan-friendship-group"), TERM("jamal-al-omari-head-of-friendship-group"),
         month("2001-09"), VISIT_2001, None)}),
    ("person:abdulaziz-saud-al-babtain", set()),
], ids=["heydar-aliyev", "mohammad-sabah", "ilham-aliyev", "al-omari", "al-babtain"])
def test_person_offices(store, person, expected):
    check(store, "person-offices", ("office", "term", "attestedDate", "attestedIn", "attestedAfter"), expected,
          person=person)


# --- 17. Events of a person -------------------------------------------------------------------------------------------------------------


def test_events_of_heydar_aliyev(store):
    rows = check(store, "events-of-person", ("event", "kind", "role", "via"), {
        (EVENT("1994-12-13-heydar-aliyev-visit-to-morocco"), BKG.Visit, BKG.visitor, None),
        (EVENT("1994-12-13-islamic-summit-attendance"), BKG.SummitAttendance, BKG.attendee, None),
        (MEETING_1994, BKG.Meeting, BKG.participant, None),
        (EVENT("1994-12-13-mutual-invitation"), BKG.Invitation, BKG.inviter, None),
        (EVENT("1994-12-13-mutual-invitation"), BKG.Invitation, BKG.invitee, None),
        (RECEPTION_2000, BKG.Reception, BKG.host, None),
        (EVENT("2000-07-07-greetings-from-jaber-al-ahmad-al-sabah"), BKG.GreetingsConveyed, BKG.greetingsTo, None),
        (MEETING_2001, BKG.Meeting, BKG.participant, None),
        (TALKS_2001, BKG.Talks, BKG.participant, None),
        (EVENT("2001-heydar-aliyev-on-islam-and-terrorism"), BKG.Statement, BKG.speaker, None),
        (EVENT("2001-heydar-aliyev-on-two-aggressions"), BKG.Statement, BKG.speaker, None)},
        person="person:heydar-aliyev")
    dates = [r["earliestDate"].toPython() for r in rows]
    assert dates == sorted(dates)


def test_events_of_al_omari_through_his_delegation(store):
    check(store, "events-of-person", ("event", "kind", "role", "via"), {
        (VISIT_2001, BKG.DelegationVisit, BKG.visitor, OMARI_DELEGATION),
        (PRESIDENCY_MEETINGS_2001, BKG.Meeting, BKG.participant, OMARI_DELEGATION),
        (MEETING_2001, BKG.Meeting, BKG.participant, OMARI_DELEGATION),
        (TALKS_2001, BKG.Talks, BKG.participant, OMARI_DELEGATION)}, person="person:jamal-hussein-fahhat-al-omari")


# --- 18. Aid -------------------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("a,b", [("state:azerbaijan", "state:kuwait"), ("state:kuwait", "state:azerbaijan")])
def test_aid(store, a, b):
    # "قدمت دولة الكويت مساعدات لتحقيق مشاريع مختلفة في اذربيجان" (before diplomatic relations) and
    # "وسنقدم هذه المساعدات اليهم" (the Emir's pledge, 13 December 1994)
    rows = check(store, "aid", ("aid", "kind", "donor", "donorState", "recipient", "recipientState", "purposeAr",
                                "purposeEn", "date", "before", "latestDate"), {
        (EVENT("kuwait-aid-for-projects-in-azerbaijan"), BKG.AidProvision, KW, KW, AZ, AZ,
         ar("لتحقيق مشاريع مختلفة في اذربيجان"), en("to carry out various projects in Azerbaijan"), None,
         ESTABLISHMENT, day("1994-10-10")),
        (EVENT("1994-12-13-aid-pledge-for-refugees"), BKG.AidPledge, JABER, KW, AZ, AZ, ar("المساعدات"),
         en("aid for the refugees in Azerbaijan"), day("1994-12-13"), None, day("1994-12-13"))}, a=a, b=b)
    for row in rows:
        assert str(row["purposeAr"]) in SOURCE_TEXT


# --- 19. Claims ----------------------------------------------------------------------------------------------------------------------------


def test_claims(store):
    rows = check(store, "claims", ("claim", "kind", "about"), {
        (CLAIM("religious-and-historical-ties"), BKG.RelationshipTie, AZ),
        (CLAIM("religious-and-historical-ties"), BKG.RelationshipTie, KW),
        (CLAIM("credit-for-relations-to-heydar-aliyev"), BKG.Assessment, HEYDAR),
        (CLAIM("credit-for-relations-to-heydar-aliyev"), BKG.Assessment, AZ),
        (CLAIM("credit-for-relations-to-heydar-aliyev"), BKG.Assessment, KW),
        (CLAIM("priority-of-relations-with-islamic-and-arab-world"), BKG.PolicyPriority, AZ),
        (CLAIM("azerbaijani-people-in-islamic-civilisation"), BKG.Claim, AZ),
        (CLAIM("rapid-development-is-logical"), BKG.Assessment, AZ),
        (CLAIM("rapid-development-is-logical"), BKG.Assessment, KW),
        (CLAIM("relations-before-diplomatic-relations"), BKG.RelationshipTie, AZ),
        (CLAIM("relations-before-diplomatic-relations"), BKG.RelationshipTie, KW),
        (CLAIM("relations-not-highly-developed-in-the-1990s"), BKG.Assessment, AZ),
        (CLAIM("relations-not-highly-developed-in-the-1990s"), BKG.Assessment, KW),
        (CLAIM("1994-12-13-meeting-in-atmosphere-of-understanding"), BKG.Assessment, MEETING_1994),
        (CLAIM("ilham-aliyev-successful-policy-towards-kuwait"), BKG.Assessment, ILHAM),
        (CLAIM("ilham-aliyev-successful-policy-towards-kuwait"), BKG.Assessment, KW)})
    by_claim = {r["claim"]: r for r in rows}
    assert by_claim[CLAIM("religious-and-historical-ties")]["quote"] == ar("تربط اذربيجان بالكويت الروابط الدينية والتاريخية.")
    assert by_claim[CLAIM("relations-not-highly-developed-in-the-1990s")]["date"] == year("1990")
    assert by_claim[CLAIM("relations-not-highly-developed-in-the-1990s")]["precision"] == BKG.decade
    assert by_claim[CLAIM("relations-before-diplomatic-relations")]["before"] == ESTABLISHMENT
    for row in rows:
        assert row["quote"].language == "ar" and str(row["quote"]) in SOURCE_TEXT
        if row["content"] is not None:
            assert str(row["content"]) in str(row["quote"])


# --- 20. Participants of an event ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("event,expected", [
    # "التقى حيدر علييف الرئيس الأذربيجاني مع جابر أحمد الصباح أمير دولة الكويت"
    ("event:1994-12-13-meeting-heydar-aliyev-jaber-al-ahmad-al-sabah", {
        (HEYDAR, BKG.participant, OFFICE("president-of-azerbaijan")),
        (JABER, BKG.participant, OFFICE("emir-of-kuwait"))}),
    # "قابل الرئيس إلهام علييف الشيخ محمد صباح السليم الصباح." (the guest's offices are those of his visit)
    ("event:2007-06-07-ilham-aliyev-receives-mohammad-sabah-al-salem-al-sabah", {
        (ILHAM, BKG.host, OFFICE("president-of-azerbaijan")),
        (MOHAMMAD, BKG.guest, OFFICE("deputy-prime-minister-of-kuwait")),
        (MOHAMMAD, BKG.guest, OFFICE("minister-of-foreign-affairs-of-kuwait"))}),
    ("event:2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait", {
        (AZ_FM_2007, BKG.visitor, OFFICE("minister-of-foreign-affairs-of-azerbaijan")),
        (KW, BKG.hostState, None), (AZ, BKG.visitingState, None)}),
    # no passage names Heydar Aliyev's office for 27 September 2001 itself (only "after 11 September")
    ("event:2001-09-27-meeting-heydar-aliyev-al-omari-delegation", {
        (HEYDAR, BKG.participant, None), (OMARI_DELEGATION, BKG.participant, None)}),
], ids=["1994-12-13-meeting", "2007-06-07-reception", "2007-01-20-visit", "2001-09-27-meeting"])
def test_event_participants(store, event, expected):
    check(store, "event-participants", ("participant", "role", "office"), expected, event=event)


# --- The same answers when the graph is richer ----------------------------------------------------------------------------------------------
#
# A store may hold inferred types and super-properties (RDFS entailment), and later
# sources add visits. The queries must give the same most specific classes and roles,
# and use what the new facts say.


def _plus(build_dir, extra: list[tuple]) -> dict:
    ds = Dataset(default_union=True)
    ds.parse(build_dir / "kg.trig", format="trig")
    g = ds.graph(URIRef(f"{BASE}fact/test-extra"))
    for triple in extra:
        g.add(triple)
    nq = ds.serialize(format="nquads", encoding="utf-8")
    return {"rdflib": RdflibStore(ds), "oxigraph": OxigraphStore.from_bytes(nq)}


@pytest.fixture(scope="module")
def entailed(build_dir) -> dict:
    """The build plus rdf:type for every superclass and a triple for every super-property (RDFS)."""
    ds = Dataset(default_union=True)
    ds.parse(build_dir / "kg.trig", format="trig")
    supers_c, supers_p = {}, {}
    for s, o in ds.subject_objects(RDFS.subClassOf):
        supers_c.setdefault(s, set()).add(o)
    for s, o in ds.subject_objects(RDFS.subPropertyOf):
        supers_p.setdefault(s, set()).add(o)

    def closure(x, table):
        out, todo = set(), [x]
        while todo:
            for y in table.get(todo.pop(), ()):
                if isinstance(y, URIRef) and y not in out:
                    out.add(y)
                    todo.append(y)
        return out
    extra = []
    for s, p, o in ds.triples((None, None, None)):
        if p == RDF.type and str(o).startswith(str(BKG)):
            extra += [(s, RDF.type, c) for c in closure(o, supers_c)]
        elif str(p).startswith(str(BKG)) and p in supers_p:
            extra += [(s, q, o) for q in closure(p, supers_p) if str(q).startswith(str(BKG))]
    assert extra
    return _plus(build_dir, extra)


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_entailed_types_and_super_properties_change_no_answer(stores, entailed, path):
    q = read_query(path)
    bindings = resolve_params(q, {}, BASE)
    for name in ("rdflib", "oxigraph"):
        plain = run(stores[name], q, bindings)
        rich = run(entailed[name], q, bindings)
        assert Counter(rich.rows) == Counter(plain.rows), name


@pytest.mark.parametrize("name", ["rdflib", "oxigraph"])
def test_a_later_visit_answers_an_invitation(build_dir, name):
    visit = EVENT("2009-ilham-aliyev-visit-to-kuwait")
    earlier = EVENT("2006-ilham-aliyev-visit-to-kuwait")
    extra = [(visit, RDF.type, BKG.OfficialVisit), (visit, BKG.visitor, ILHAM), (visit, BKG.hostState, KW),
             (visit, BKG.visitingState, AZ), (visit, BKG.earliestDate, day("2009-03-01")),
             (visit, BKG.latestDate, day("2009-03-01")),
             # a visit before the invitation does not answer it
             (earlier, RDF.type, BKG.Visit), (earlier, BKG.visitor, ILHAM), (earlier, BKG.hostState, KW),
             (earlier, BKG.visitingState, AZ), (earlier, BKG.earliestDate, day("2006-05-01")),
             (earlier, BKG.latestDate, day("2006-05-01")),
             # a visit the graph says answers an invitation
             (EVENT("1994-12-13-mutual-invitation"), BKG.answeredBy, VISIT_2007_06)]
    store = _plus(build_dir, extra)[name]
    _, rows = ask(store, "invitations")
    got = keys(rows, *INVITATION_COLS)
    mutual = EVENT("1994-12-13-mutual-invitation")
    assert got == {
        (mutual, HEYDAR, JABER, AZ, None, TRUE, TRUE, VISIT_2007_06),
        (mutual, JABER, HEYDAR, KW, None, TRUE, TRUE, VISIT_2007_06),
        (EVENT("2007-06-07-invitation-to-ilham-aliyev"), UNNAMED_EMIR, ILHAM, KW, MOHAMMAD, FALSE, TRUE, visit)}


@pytest.mark.parametrize("name", ["rdflib", "oxigraph"])
def test_an_event_in_a_city_of_one_state_is_not_outside_it(build_dir, name):
    inside, abroad = EVENT("test-meeting-in-baku"), EVENT("test-meeting-in-rabat")
    rabat = PLACE("rabat")
    extra = [(inside, RDF.type, BKG.Meeting), (inside, BKG.participant, HEYDAR), (inside, BKG.participant, SABAH),
             (inside, BKG.place, PLACE("baku")),
             (abroad, RDF.type, BKG.Meeting), (abroad, BKG.host, ORG("ministry-of-foreign-affairs-of-kuwait")),
             (abroad, BKG.guest, AZ), (abroad, BKG.place, rabat), (rabat, BKG.locatedIn, MA)]
    store = _plus(build_dir, extra)[name]
    _, rows = ask(store, "events-outside-both-states")
    assert keys(rows, "event", "place") == {(MEETING_1994, MA), (abroad, rabat)}
