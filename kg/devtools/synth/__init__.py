"""Synthetic corpora: a data folder of invented states, people and events, at any size.

:func:`synthesize` writes a folder laid out like ``data/`` (``entities.yaml``,
``sources/<id>.yaml`` + ``sources/<id>.ar.txt``, ``facts/<id>.yaml``) that the
pipeline loads and builds like the curated one. It exists to measure and test
the pipeline at scale; nothing in it is true. Everything follows the curators'
rules of ``data/README.md``:

* the **registry** holds N states ("State 7", Arabic "الدولة ٧", Arabic-Indic
  digits in Arabic text), their capitals (``City``, ``locatedIn``), offices
  (``PresidentOffice`` or ``EmirOffice``, ``PrimeMinisterOffice``,
  ``DeputyPrimeMinisterOffice``, ``ForeignMinisterOffice``,
  ``JusticeMinisterOffice``, a ``MinisterOffice`` of economy,
  ``SpeakerOfParliamentOffice``; ``officeOf``), ministries and a parliament
  (``organisationOf``), topics, and the persons who hold the offices: Arabic
  names built from syllables, with their transliteration. Every entity has an
  English and an Arabic label;
* one **source document** per pair of states (pairs drawn from the N states):
  an Arabic text of generated sentences, one paragraph per cluster of events
  (a visit and what happened during it, a delegation's visit, a meeting at a
  third place, aid, a statement), in date order. Each sentence ends with a
  running number, ``(البند ١٢).``, so every sentence is unique and a quote of
  a whole sentence never needs an occurrence; quotes of a phrase inside a
  sentence (a person and office, an embassy, a delegation, a memorandum) take
  ``{exact, occurrence}`` when the phrase occurs more than once. Every
  sentence is cited by a fact (full coverage, nothing ``uncovered``);
* the **facts**: ``DiplomaticRelationsEstablishment`` (+ ``diplomaticRelation``),
  two ``Embassy`` + ``EmbassyOpening`` (after the establishment), ``Visit`` /
  ``OfficialVisit`` / ``DelegationVisit`` (+ ``Delegation`` with leader and
  members), ``Reception`` / ``Meeting``, ``Talks`` with topics,
  ``MemorandumOfUnderstanding`` + ``AgreementSigning``, ``AidProvision`` /
  ``AidPledge``, ``Invitation`` (some mutual), ``GreetingsConveyed``,
  ``PressConference``, ``Statement`` (``speaker`` with ``content`` or
  ``quotedWords``), and ``OfficeTerm`` facts: the first mention of a person
  with an office defines the term (holder, office, ``attestedOn``,
  ``attestedIn``; half of the terms also ``termStart``/``termEnd``, which
  cover every event the term is attested at), later mentions add
  ``attestedOn``/``attestedIn`` to it (``resource:``). Dates are given to the
  day, month or year, some qualified (``{value: 2004, qualifier: late}``),
  some relative (``{after: id}``). Arabic ``content``, ``quotedWords``,
  ``subject`` and ``purpose`` are words of the fact's quote. A person who
  visits holds an office at the visit's date, attested in the visit itself.

Office holders come from one timeline per state and office (terms of whole
months), so whoever a sentence names holds that office on that date.

Sizes (built with :func:`kg.pipeline.build.build`, all graphs and the ontology
included; measured with ``benchmarks/synth_sizes.py``, seeds 1-3, on a
2-core machine; a built fact makes about 30 triples with its provenance)::

    states  events   sources  facts    triples   generate  load+build
    10      200      3        ~280     ~10.4K    < 0.1 s   < 1 s
    10      250      4        ~355     ~12.7K    < 0.1 s   < 1 s
    20      2 500    32       ~3.6K    ~107K     ~0.2 s    ~4 s
    40      25 000   313      ~35.5K   ~1.01M    ~3.6 s    ~46 s (2.6 GB)

that is about 40 triples per event plus the ontology and the registry
(2.5K triples for 10 states, 10K for 40): ``events`` counts the dated
diplomatic events (``DiplomaticEvent`` facts); the terms, embassies,
delegations and memoranda that come with them add about 0.4 fact per event.
Documents hold about 80 events each (at most one document per pair of
states). The 100K corpus validates (SHACL) in about 40 s.

``violations=N`` plants N of each kind in :data:`VIOLATION_KINDS`, each a
small extra cluster of sentences (so coverage stays complete) whose facts
still load and build but break a shape of ``ontology/shapes.ttl``:

* ``event-without-date``: a ``Meeting`` with no date
  (``shapes:DiplomaticEventDateShape``);
* ``statement-without-speaker``: a ``Statement`` with content but no speaker
  (``shapes:StatementSpeakerShape``);
* ``missing-arabic-label``: an ``AidProvision`` labelled ``{en: ..., fr: ...}``,
  the English text under a wrong tag and no Arabic label
  (``shapes:ArabicLabelShape``; the check
  ``entity-without-arabic-label-violation`` finds it too);
* ``embassy-opening-before-relations``: an ``EmbassyOpening`` one to three
  years before the pair's ``DiplomaticRelationsEstablishment``
  (``shapes:EmbassyOpeningAfterRelationsShape``);
* ``visitor-term-not-covering``: a minister of state met during his term
  (``termStart``/``termEnd``, his only ``OfficeTerm``) visits after it ended,
  and the visit is attested in that term (``shapes:TermAttestedInWithinTermShape``
  and ``shapes:TermAttestedOnWithinTermShape``; the focus is the term).

``violations.json`` in ``out`` lists them: kind, fact id, node (the IRI
after the base, the SHACL focus node), file (relative to ``out``; ``kg``
reports it as ``<folder name>/<file>``) and line of the fact. SHACL reports
nothing else: the rest of the corpus stays conforming.

The package: :mod:`~kg.devtools.synth.tables` (data tables),
:mod:`~kg.devtools.synth.model` (records), :mod:`~kg.devtools.synth.registry`
(names, states, offices, timelines, random streams), :mod:`~kg.devtools.synth.plan`
(documents and their clusters), :mod:`~kg.devtools.synth.visits`,
:mod:`~kg.devtools.synth.clusters` and :mod:`~kg.devtools.synth.occasions` (the
clusters of events), :mod:`~kg.devtools.synth.violations` (planted violations),
:mod:`~kg.devtools.synth.write` (the files, in the format of
:mod:`kg.pipeline.facts_format`).

Output is deterministic: the same arguments give byte-identical files (one
``random.Random(seed)``, no clock, no set order in the output).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.devtools.synth.model import ar_num
from kg.devtools.synth.plan import plan
from kg.devtools.synth.registry import World
from kg.devtools.synth.tables import EVENTS_PER_SOURCE, VIOLATION_KINDS
from kg.devtools.synth.write import prepare, write_document, write_manifest, write_registry
from kg.pipeline.write import new_folder

__all__ = ["EVENTS_PER_SOURCE", "VIOLATION_KINDS", "SynthSummary", "ar_num", "synthesize"]


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`synthesize` wrote."""

    states: int
    sources: int
    entities: int  # records of the registry
    facts: int  # records of the facts files
    events: int  # dated diplomatic events among the facts (planted ones not counted)
    violations: int  # planted violations, all kinds together


def synthesize(out: Path, *, states: int, events: int, seed: int, violations: int = 0,
               per_source: int = EVENTS_PER_SOURCE) -> SynthSummary:
    """Write a synthetic data folder into ``out`` and return what it holds.

    :param out: the folder to write (created; a folder written earlier by this
        function is replaced, any other non-empty folder is refused).
    :param states: number of invented states, at least 2.
    :param events: number of dated diplomatic events in all, at least 1; spread
        over about ``events / per_source`` source documents (one per pair of
        states; ``per_source`` is 80 by default: a larger one makes larger files).
    :param seed: the seed of the one random generator; the same arguments give
        byte-identical files.
    :param violations: how many of each kind of :data:`VIOLATION_KINDS` to plant.
    :raises ValueError: on arguments out of range.
    :raises FileExistsError: when ``out`` holds something else.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     s = synthesize(Path(tmp) / "synth", states=3, events=12, seed=1)
    >>> (s.states, s.sources, s.events, s.violations)
    (3, 1, 12, 0)
    """
    if states < 2:
        raise ValueError("states: at least 2 (relations are between pairs of states)")
    if events < 1:
        raise ValueError("events: at least 1")
    if violations < 0:
        raise ValueError("violations: 0 or more")
    out = Path(out)
    w = World(seed, states)
    docs, n_events = plan(w, events, violations, per_source)
    prepare(out)
    n_facts, planted = 0, []
    with new_folder(out) as folder:  # the whole corpus or nothing
        (folder / "sources").mkdir()
        (folder / "facts").mkdir()
        for doc in docs:
            facts, doc_planted = write_document(folder, doc, seed)
            n_facts += len(facts)
            planted += doc_planted
        registry, n_entities = write_registry(w)
        (folder / "entities.yaml").write_bytes(registry.encode("utf-8"))
        write_manifest(folder, {"states": states, "events": events, "seed": seed, "violations": violations},
                       planted)
    return SynthSummary(states, len(docs), n_entities, n_facts, n_events, len(planted))
