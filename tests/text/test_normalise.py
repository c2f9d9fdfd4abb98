"""kg.text.normalise and kg.text.sentences: folding with offsets kept, sentence splitting."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.normalise import fold, fold_char, key, normalise, stems, tokens
from kg.text.sentences import paragraphs, split
from kg.analysis.search import normalise as search_normalise

# Arabic letters, marks, digits, Persian forms, presentation forms, ligatures, bidi marks, Latin.
ARABICISH = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
    st.sampled_from(list(" \n.،؟!\"«»()/-:0123456789\u200f\u200e\u200c\u0640")),
    st.characters(min_codepoint=0x20, max_codepoint=0x24F),
), max_size=200)


@pytest.mark.parametrize("a, b", [
    ("أمير", "امير"), ("إلهام", "الهام"), ("آذار", "اذار"), ("مؤتمر", "موتمر"), ("رئيس", "رييس"),
    ("على", "علي"), ("دولة", "دوله"), ("مُحَمَّد", "محمد"), ("محـــمد", "محمد"), ("١٩٩٤", "1994"),
    ("۱۹۹۴", "1994"), ("ﻻ", "لا"), ("کویت", "كويت"), ("\u200fالكويت", "الكويت"),
])
def test_fold_equates_spelling_variants(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [("الأحمد", "احمد"), ("علييف", "عليف"), ("السليم", "سليم")])
def test_keys_drop_the_article_and_doubled_letters(a, b):
    assert key(fold(a)) == key(fold(b))


@pytest.mark.parametrize("word, stem", [
    ("وللكويت", "كويت"), ("بالكويت", "كويت"), ("لاذربيجان", "اذربيجان"), ("واذربيجان", "اذربيجان"),
    ("فالرئيس", "رييس"), ("كالعادة", "عاده"),
])
def test_stems_remove_proclitics(word, stem):
    assert key(stem) in stems(fold(word))


def test_the_search_normaliser_still_agrees_on_names():
    # kg.analysis.search keeps its own normaliser; the extractor's keys agree with it on names
    for name in ("حيدر علييف", "جابر الأحمد الصباح", "إلهام علييف"):
        assert [key(t) for t in fold(name).split()] == search_normalise(name)


def test_spans_map_back_to_the_original_text():
    text = "التقى حيدر علييف الرئيس الأذربيجاني في ١٣ ديسمبر عام ١٩٩٤."
    n = normalise(text)
    i = n.text.index("1994")
    s, e = n.span(i, i + 4)
    assert text[s:e] == "١٩٩٤"
    toks = tokens(n)
    s, e = n.span(toks[1].i, toks[2].j)
    assert text[s:e] == "حيدر علييف"


def test_marks_after_the_last_letter_belong_to_the_span():
    text = "زارَ مُحَمَّدٌ بلدَه"
    n = normalise(text)
    t = tokens(n)[1]
    s, e = n.span(t.i, t.j)
    assert text[s:e] == "مُحَمَّدٌ"


@settings(max_examples=300, deadline=None)
@given(ARABICISH)
def test_offsets_always_map_back(text):
    n = normalise(text)
    assert len(n.to_orig) == len(n.text) + 1
    assert "".join(fold_char(c) for c in text) == n.text
    assert all(0 <= n.to_orig[i] < len(text) for i in range(len(n.text)))
    assert all(n.to_orig[i] <= n.to_orig[i + 1] for i in range(len(n.text)))
    for tok in tokens(n):
        s, e = n.span(tok.i, tok.j)
        assert 0 <= s < e <= len(text)
        assert tok.text in fold(text[s:e])


@settings(max_examples=200, deadline=None)
@given(ARABICISH, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=200))
def test_any_folded_span_maps_to_an_original_span_that_folds_to_it(text, a, b):
    n = normalise(text)
    i, j = sorted((min(a, len(n.text)), min(b, len(n.text))))
    s, e = n.span(i, j)
    assert 0 <= s <= e <= len(text)
    assert n.text[i:j] in fold(text[s:e])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_crashes_and_is_deterministic(text):
    a, b = normalise(text), normalise(text)
    assert (a.text, list(a.to_orig)) == (b.text, list(b.to_orig))
    sents = split(text)
    assert sents == split(text)
    for sent in sents:
        assert 0 <= sent.start < sent.end <= len(text)
        assert text[sent.start:sent.end].strip() == text[sent.start:sent.end]
    for pa, pb in paragraphs(text):
        assert 0 <= pa < pb <= len(text)


def test_sentences_do_not_split_inside_quotations_numbers_or_abbreviations():
    text = ('وقال : "...ان مشاعر الشعب. قد احس بها...". ثم غادر في 12.05.2015 مع د. محمد.\n\n'
            'العنوان\nجملة اخرى.')
    got = [text[s.start:s.end] for s in split(text)]
    assert got == ['وقال : "...ان مشاعر الشعب. قد احس بها...".', "ثم غادر في 12.05.2015 مع د. محمد.",
                   "العنوان", "جملة اخرى."]
    first = split(text)[0]
    assert first.quotes and first.in_quote(text.index("مشاعر"))


def test_the_first_source_splits_like_its_curated_quotes():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "data/sources/kuwait-azerbaijan-relations.ar.txt").read_text("utf-8")
    got = {text[s.start:s.end] for s in split(text)}
    for quote in ("قدمت دولة الكويت مساعدات لتحقيق مشاريع مختلفة في اذربيجان.",
                  "قابل الرئيس إلهام علييف الشيخ محمد صباح السليم الصباح.",
                  "وبلغه الوزير الكويتي تحيات امير دولة الكويت ودعوته له للقيام بزيارة للكويت."):
        assert quote in got
