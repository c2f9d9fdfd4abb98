"""Sentences that follow a meeting or a visit: talks on topics, a memorandum signed, a statement."""

from __future__ import annotations

from kg.devtools.synth.model import Cluster, Fact, GDate, StateInfo, Term
from kg.devtools.synth.registry import People, World
from kg.devtools.synth.tables import ASSERTIONS, EMPHASES, MOU_SUBJECTS, QUOTED_WORDS


def talks(w: World, c: Cluster, participants: list, met: Fact, when: GDate, who_en: str, who_ar: str) -> None:
    """``Talks`` of ``participants`` on one to three topics, part of ``met``."""
    topics = w.rng.sample(w.topics, w.rng.choice((1, 2, 2, 3)))
    s = c.sentence()
    s.add("واجرى الطرفان محادثات حول " + " و".join(t.ar for t in topics))
    s.fact(Fact("talks", "Talks", props=[("participant", participants), ("topic", [t.id for t in topics]),
                                         ("partOf", met)], date=when,
                label={"en": f"Talks between {who_en} on {', '.join(t.en for t in topics)}",
                       "ar": f"محادثات بين {who_ar}"}))
    c.events += 1


def memorandum(w: World, c: Cluster, a: StateInfo, b: StateInfo, visit: Fact, when: GDate) -> None:
    """A ``MemorandumOfUnderstanding`` of two ministries and its ``AgreementSigning`` during ``visit``."""
    subj_ar, subj_en, org = w.rng.choice(MOU_SUBJECTS)
    oa, ob = a.orgs[org], b.orgs[org]
    s = c.sentence()
    s.add("وخلال الزيارة تم التوقيع على ").mark("mou", f"مذكرة تفاهم حول {subj_ar} بين {oa.ar} و{ob.ar}")
    signing = Fact("memorandum-signed", "AgreementSigning", props=[("partOf", visit)], date=when,
                   label={"en": f"Signing of the memorandum on {subj_en} ({when.en()})",
                          "ar": f"التوقيع على مذكرة التفاهم حول {subj_ar}"})
    mou = Fact("memorandum", "MemorandumOfUnderstanding", quote="mou",
               props=[("subject", {"ar": subj_ar, "en": subj_en}), ("party", [oa.id, ob.id]),
                      ("signedAt", signing)],
               label={"en": f"Memorandum of understanding on {subj_en} between {oa.en} and {ob.en}",
                      "ar": f"مذكرة تفاهم حول {subj_ar} بين {oa.ar} و{ob.ar}"})
    signing.props.insert(0, ("agreement", mou))
    s.fact(mou)
    s.fact(signing)
    c.events += 1


def said(w: World, c: Cluster, people: People, speaker: Term, a: StateInfo, b: StateInfo, when: GDate,
         occasion: Fact, relative_to: Fact | None) -> None:
    """A statement of ``speaker`` (of state ``a``, speaking of ``b``): an assertion, an emphasis or quoted words.

    Part of ``occasion``, or, when the speaker was named before in the cluster,
    sometimes dated only as after ``relative_to``.
    """
    rng = w.rng
    relative = relative_to is not None and speaker.person.id in people.named and rng.random() < 0.4
    s = c.sentence()
    st = Fact("statement", "Statement", props=[("speaker", speaker.person.id)])
    if relative:
        st.date = GDate("after", anchor=relative_to, sort_day=c.when)
    else:
        st.date = when
        st.props.append(("partOf", occasion))
    form = rng.randrange(3)
    s.add(("وعقب اللقاء " if relative_to.type == "Meeting" else "وعقب الزيارة ") if relative else "و")
    if form == 0:
        ar, en = rng.choice(ASSERTIONS)
        ar, en = ar.format(a=a.ar, b=b.ar), en.format(a=a.en, b=b.en)
        s.add("قال ")
        people.say(s, speaker, st)
        s.add(f" ان {ar}")
        st.props.append(("content", {"ar": ar, "en": en}))
    elif form == 1:
        ar, en = rng.choice(EMPHASES)
        t = rng.choice(w.topics)
        ar, en = ar.format(t=t.ar), en.format(t=t.en)
        s.add("أكد ")
        people.say(s, speaker, st)
        s.add(f" {ar}")
        st.props.append(("content", {"ar": ar, "en": en}))
    else:
        ar, en = rng.choice(QUOTED_WORDS)
        s.add("صرح ")
        people.say(s, speaker, st)
        s.add(f' قائلا "{ar}"')
        st.props.append(("quotedWords", {"ar": ar}))  # the source's words: Arabic only
    st.label = {"en": f"Statement of {speaker.person.en} ({'later' if relative else st.date.en()})",
                "ar": f"تصريح {speaker.person.ar}"}
    s.fact(st)
    c.events += 1
