"""kg.pipeline.coverage: every sentence of every source is cited by a fact or listed as uncovered."""

from kg.pipeline.coverage import coverage, sentences
from kg.pipeline.load import load

from conftest import DATA


def test_sentences_split_on_arabic_and_latin_ends():
    text = 'عنوان\n\nجملة أولى. جملة ثانية؟ وقال "نعم...". أخيرا'
    assert [s.text for s in sentences(text)] == ["عنوان", "جملة أولى.", "جملة ثانية؟", 'وقال "نعم...".', "أخيرا"]
    for s in sentences(text):
        assert text[s.start:s.end] == s.text


def test_every_sentence_accounted_for():
    corpus = load(DATA)
    for cov in coverage(corpus):
        assert cov.unaccounted == [], [s.text for s in cov.unaccounted]
        assert cov.stale == []
        listed = {u.text for u in corpus.uncovered if u.source == cov.source}
        assert {cov.sentences[i].text for i in cov.uncovered} | listed == listed  # nothing beyond the data's list
        assert len(cov.cited) + len(cov.uncovered) == len(cov.sentences)


def test_a_removed_fact_shows_up_as_unaccounted(data_copy):
    path = data_copy / "facts" / "kuwait-azerbaijan-relations.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: relations-not-highly-developed-in-the-1990s")
    end = text.index("  - id: embassy-of-azerbaijan-in-kuwait")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    [cov] = coverage(load(data_copy))
    assert [s.text for s in cov.unaccounted] == ["رغم هذا لم ترفع العلاقات بين البلدين الى مستوى التطور العالي في التسعينيات."]
