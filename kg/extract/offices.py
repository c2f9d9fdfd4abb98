"""What the extractor learns about offices while it reads: who holds which, of which state and class."""

from __future__ import annotations

import re

from kg.extract.entities import Registry
from kg.extract.lexicon import OFFICE_IDS
from kg.extract.mentions import Mention, states_named
from kg.extract.suggestions import Suggestions


class OfficeBook:
    """Offices met in one document (registry ids or new office ids), their states, classes and holders."""

    def __init__(self, registry: Registry, suggestions: Suggestions):
        self.reg = registry
        self.suggestions = suggestions
        self.person_offices: dict[str, list[str]] = {}  # person ref -> office keys
        self.state: dict[str, str | None] = {}  # office key -> state
        self.cls: dict[str, str] = {}  # office key -> ontology class

    def key_for(self, m: Mention, state: str | None) -> str | None:
        """Registry id of an office mention, or the id of a new office (None without a state)."""
        cls = m.office_class or "Office"
        ambassador = self._ambassador(m, state) if not m.entity else None
        if ambassador is not None:  # سفير أذربيجان لدى السعودية: the office the build mints for the two states
            self.state[ambassador], self.cls[ambassador] = state, "AmbassadorOffice"
            return ambassador
        if m.entity:
            key_ = m.entity
        elif state:
            eid = self.reg.office_for(cls, state)
            minted = self.reg.minted_office(cls, state) if not eid else None
            if eid:
                key_ = eid
            elif minted:  # the build mints it from the role table: nothing to add to the registry
                key_, cls = minted
                self.state[key_], self.cls[key_] = state, cls
                return key_
            else:
                key_ = self.suggestions.suggest("office", cls, m.text, (m.start, m.end),
                                                dedup=("office", cls, state),
                                                ident=OFFICE_IDS.get(cls, "office-of-{}").format(state),
                                                officeOf=state)
        else:
            return None
        self.state[key_] = self.reg.state_of(key_) if key_ in self.reg.entities else state
        self.cls[key_] = cls if key_ not in self.reg.entities else self.reg.entities[key_].type
        return key_

    def _ambassador(self, m: Mention, state: str | None) -> str | None:
        """``ambassador-of-{state}-to-{to}`` for "سفير X لدى/في Y" when the reference has the ambassador role."""
        ref = self.reg.reference
        parts = re.split(r"\s+(?:لدى|لدي|في|الى|إلى)\s+", m.text, maxsplit=1)
        if not state or ref is None or "ambassador" not in ref.roles or len(parts) != 2 \
                or not re.match(r"^[وف]?(?:ال)?سفير", parts[0]):
            return None
        to = next(iter(states_named(parts[1], self.reg)), None)
        return f"ambassador-of-{state}-to-{to}" if to and to != state and to in ref.states else None

    def class_of(self, key_: str) -> str:
        return self.cls.get(key_, "Office")

    def first_state(self, keys: list[str]) -> str | None:
        """The state of the first of these offices that has one."""
        return next((self.state.get(k) for k in keys if self.state.get(k)), None)

    def context_state(self, om: Mention, ctx: dict) -> str | None:
        """The state of a bare office (وزير الخارجية): the last office of its class in context."""
        cls = om.office_class or "Office"
        for table in (ctx["last_office"], ctx["doc_last_office"]):
            kk = table.get(cls)
            if kk:
                return self.state.get(kk)
        return None
