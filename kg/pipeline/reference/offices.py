"""The office of any state, minted when a record names it: ``king-of-saudi-arabia``,
``minister-of-foreign-affairs-of-jordan``, ``ambassador-of-azerbaijan-to-saudi-arabia``.

An id that ends in ``-of-{state}`` (or ``-of-{state}-to-{state}``) and that no
record has is read as ``{role}-of-{state}``; its role must be in ``roles.tsv``
(and a head-of-state role must be the state's title). The office's labels and
Arabic forms come from the role's templates, filled with the state's labels.
"""

from __future__ import annotations

from rdflib import URIRef

from kg.core.config import BKG, BKG_NS
from kg.core.errors import DataError, Location
from kg.core.ontology import Ontology
from kg.core.yamlnodes import Map, Reader, Scalar, Seq
from kg.pipeline.records import Record
from kg.pipeline.reference.roles import Role
from kg.pipeline.reference.states import Reference, StateInfo


def named_offices(ref: Reference, records: list[Record], onto: Ontology, known: set[str]) -> list[Record]:
    """The office records that ``records`` name and no record (nor ``known``) has, sorted by id."""
    out: dict[str, Record] = {}
    for rec in records:
        r = Reader(rec.where.file)
        named = [(rec.about, rec.prop_lines["resource"])] if rec.about is not None else []  # resource: an office
        for prop, value in rec.props.items():
            p = onto.properties.get(prop)
            if p is not None and p.kind == "object":  # (the build reports an unknown property)
                named += [(item.value, item.line) for item in r.scalars(value)]
        for oid, line in named:
            if oid not in known and oid not in out:
                office = mint_office(ref, oid, Location(rec.where.file, line), onto)
                if office is not None:
                    out[oid] = office
    return [out[k] for k in sorted(out)]


def _parse(ref: Reference, oid: str) -> tuple[str, StateInfo, StateInfo | None] | None:
    """(role id, state, receiving state or None) of an office id, or None if it names no state."""
    for sid, state in ref.states.items():
        if oid.endswith(f"-of-{sid}"):
            return oid[: -len(f"-of-{sid}")], state, None
    if oid.startswith("ambassador-of-"):
        rest = oid[len("ambassador-of-"):]
        for sid, state in ref.states.items():
            if rest.startswith(f"{sid}-to-") and rest[len(sid) + 4:] in ref.states:
                return "ambassador", state, ref.states[rest[len(sid) + 4:]]
    return None


def mint_office(ref: Reference, oid: str, where: Location, onto: Ontology) -> Record | None:
    """The office ``oid`` names (``king-of-saudi-arabia``), None if it names no state; DataError at
    ``where`` for a role not in the table, a title not the state's, or an ambassador to its own state."""
    parsed = _parse(ref, oid)
    if parsed is None:
        return None
    role_id, state, to = parsed
    role = ref.roles.get(role_id)
    if role is None or (role.kind == "ambassador") != (to is not None):
        raise DataError(where, f"office role not in the table ({ref.roles_file})", oid)
    if to is state:
        raise DataError(where, "an ambassador is accredited to another state", oid)
    if not onto.is_subclass(URIRef(BKG_NS + role.cls), BKG.Office):
        raise DataError(role.where, "a role's class is an office class of the ontology", role.cls)
    if role.kind == "head-of-state" and role_id not in state.head_of_state:
        raise DataError(where, f"{state.label_en}'s head of state is not a {role_id} "
                               f"(states.tsv line {state.where.line}: {', '.join(state.head_of_state)})", oid)
    return _record(oid, role, state, to)


def _fill(template: str, state: StateInfo, to: StateInfo | None, lang: str) -> str:
    label = state.label_en if lang == "en" else state.label_ar
    text = template.replace("{state}", label).replace("{adj}", state.adjective)
    if to is not None:
        text = text.replace("{to}", to.label_en if lang == "en" else to.label_ar)
    return text


def _record(oid: str, role: Role, state: StateInfo, to: StateInfo | None) -> Record:
    line = role.where.line
    props = {"officeOf": Scalar(state.id, line), "role": Scalar(role.id, line)}
    if to is not None:
        props["accreditedTo"] = Scalar(to.id, line)
    if role.kind == "head-of-state" and role.id == state.head_of_state[0] and state.titles_ar:
        props["officeTitle"] = Map({"ar": Seq([Scalar(t, line) for t in state.titles_ar], line)}, line, {"ar": line})
    forms = [_fill(f, state, to, "ar") for f in role.forms_ar]
    return Record(oid, "reference", role.where, role.cls, None, props, {k: line for k in (*props, "type")},
                  labels={"en": [_fill(role.label_en, state, to, "en")], "ar": [_fill(role.label_ar, state, to, "ar")]},
                  alt_labels={"ar": list(dict.fromkeys(forms))} if forms else {})
