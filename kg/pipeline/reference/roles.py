"""The office roles of ``roles.tsv``: what an office of any state is called, in both languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import DataError, Location
from kg.pipeline.reference.tables import read_table, split_list

COLUMNS = ("role", "class", "kind", "label_en", "label_ar", "titles_ar", "forms_ar")
KINDS = ("head-of-state", "office", "ambassador")
_ID = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


@dataclass(frozen=True)
class Role:
    id: str
    cls: str  # a class of the ontology, checked by the build like any curated type
    kind: str
    label_en: str
    label_ar: str
    titles_ar: tuple[str, ...]
    forms_ar: tuple[str, ...]
    where: Location


def read_roles(path: Path, shown: str) -> dict[str, Role]:
    out: dict[str, Role] = {}
    for line, row in read_table(path, shown, COLUMNS):
        where = Location(shown, line)
        if not _ID.match(row["role"]):
            raise DataError(where, "a role is lower-case words joined by '-'", row["role"])
        if row["kind"] not in KINDS:
            raise DataError(where, f"kind is one of {', '.join(KINDS)}", row["kind"])
        if row["role"] in out:
            raise DataError(where, f"duplicate role (first at line {out[row['role']].where.line})", row["role"])
        if not row["titles_ar"]:
            raise DataError(where, "a role needs at least one Arabic title", row["role"])
        needs = ("{state}", "{to}") if row["kind"] == "ambassador" else ("{state}",)
        for column in ("label_en", "label_ar"):
            if any(n not in row[column] for n in needs):
                raise DataError(where, f"{column} must name {' and '.join(needs)}", row[column])
        out[row["role"]] = Role(row["role"], row["class"], row["kind"], row["label_en"], row["label_ar"],
                                tuple(split_list(row["titles_ar"])), tuple(split_list(row["forms_ar"])), where)
    return out
