"""kg.analysis.search and ``kg search``: labels in either language, Arabic normalised."""

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.analysis.search import matches, normalise

BASE = "https://w3id.org/bilateral-kg/"


@pytest.mark.parametrize("a, b", [
    ("حيدر علييف", "حيدر عليف"),            # a doubled letter written once
    ("أمير", "امير"), ("إلهام", "الهام"),    # hamza forms of alef
    ("دولة", "دوله"),                        # taa marbuta
    ("مؤتمر", "موتمر"), ("على", "علي"),      # hamza on waw, alef maqsura
    ("مُحَمَّد", "محمد"), ("محـــمد", "محمد"),  # diacritics, tatweel
    ("الكويت", "كويت"),                       # the article
    ("Héydar", "heydar"),
])
def test_normalise_equates_spelling_variants(a, b):
    assert normalise(a) == normalise(b)


def test_matching_is_by_token_prefix_in_order():
    assert matches(normalise("heyd ali"), normalise("Heydar Aliyev"))
    assert not matches(normalise("aliyev heydar"), normalise("Heydar Aliyev"))
    assert not matches([], normalise("Heydar Aliyev"))


@pytest.mark.parametrize("text", ["حيدر عليف", "heydar", "حيدر علييف", "Heydar Aliyev"])
def test_kg_search_finds_heydar_aliyev_first(build_dir, text):
    result = CliRunner().invoke(main, ["search", text, "--build-dir", str(build_dir)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0].split("\t")
    assert first == [BASE + "person/heydar-aliyev", "Person", "Heydar Aliyev", "حيدر علييف"]


def test_kg_search_on_oxigraph_agrees(build_dir):
    outputs = [CliRunner().invoke(main, ["search", "الكويت", "--store", store, "--build-dir", str(build_dir)]).output
               for store in ("rdflib", "oxigraph")]
    assert outputs[0] == outputs[1]
    # the state and its capital, Kuwait City, both carry the exact label الكويت
    first = {line.split("\t")[0] for line in outputs[0].splitlines()[:2]}
    assert first == {BASE + "state/kuwait", BASE + "place/kuwait-city"}


def test_nothing_found_says_so(build_dir):
    result = CliRunner().invoke(main, ["search", "xqxqxq", "--build-dir", str(build_dir)])
    assert result.exit_code == 0 and result.stdout == "" and "no entity matches" in result.stderr
