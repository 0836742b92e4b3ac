"""The file formats: rulebooks (one per bylaws document) and scenarios (what
to plan).  Both are YAML read with ``yaml.safe_load`` into these models; the
JSON Schemas printed by ``planner schema`` are generated from them."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from planner.days.dates import DateExpr
from planner.model.limits import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from planner.rules import Rule
from planner.errors import rule_ref
from planner.model.vocabulary import IMPLIED_RULES, STANDARD_EVENTS, STANDARD_FACTS
from planner.rules.base import ID_PATTERN, FactValue, when_values

__all__ = [
    "StrictModel",
    "check_rule_ids",
    "event_names",
    "standard_fact_spec",
    "fill_standard_events",
    "SCHEMA_VERSION",
    "EventKind",
    "EventSpec",
    "FactSpec",
    "Jurisdiction",
    "ImpliedOff",
    "Rulebook",
    "Scenario",
    "CHOOSE",
]

SCHEMA_VERSION = 1
CHOOSE = "choose"  # a scenario fact the planner picks among the declared values

EventKind = Literal[
    "meeting",
    "record_date",
    "notice",
    "voting_list",
    "board_meeting",
    "board_notice",
    "regular_board_meeting",
    "special_board_meeting",
    "record_date_resolution",
    "adjourned_meeting",
    "demand",
    "operational",
]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventSpec(StrictModel):
    kind: EventKind
    label: str = Field(min_length=1, max_length=200, description="What happens on this date, for the calendar.")
    required: bool = Field(False, description="Planned in every scenario of the rulebook.")


class FactSpec(StrictModel):
    values: list[FactValue] = Field(min_length=1, description="Allowed values.")
    default: FactValue | None = Field(None, description="Value when the scenario says nothing; none: the scenario must say.")
    doc: str = ""
    option: bool = Field(
        False,
        description="A choice the secretary can make (a delivery method, a waiver), so explanations may propose another value.",
    )

    @model_validator(mode="after")
    def _default_allowed(self) -> "FactSpec":
        if self.default is not None and self.default not in self.values:
            raise ValueError(f"default {self.default!r} is not one of {self.values}")
        return self


def standard_fact_spec(name: str) -> FactSpec:
    """The vocabulary's declaration of a standard fact, as a rulebook would write it."""
    fact = STANDARD_FACTS[name]
    return FactSpec(values=list(fact.values), default=fact.default, doc=fact.meaning, option=fact.option)


def fill_standard_events(data: object) -> object:
    """A document's raw `events` with the vocabulary's kind and label filled
    in for standard events that leave them out (`notice: {required: true}`)."""
    if not isinstance(data, dict) or not isinstance(data.get("events"), dict):
        return data
    events = {}
    for name, spec in data["events"].items():
        standard = STANDARD_EVENTS.get(name) if isinstance(name, str) else None
        if standard is not None and (spec is None or isinstance(spec, dict)):
            spec = {"kind": standard.kind, "label": standard.label, **(spec or {})}
        events[name] = spec
    return {**data, "events": events}


class Jurisdiction(StrictModel):
    country: str = Field("US", pattern=r"^[A-Z]{2}$")
    subdiv: str | None = Field(None, pattern=r"^[A-Z]{2,3}$", description="State whose legal holidays count.")


def event_names(events: dict[str, EventSpec]) -> dict[str, str]:
    """Each event as a rule's text names it: its label without the
    parenthesis, lower-cased unless it starts with an acronym ("Record date
    (close of business)" -> "record date"; "NYSE notified" stays)."""
    return {event_id: _label_name(spec.label) for event_id, spec in events.items()}


@lru_cache(maxsize=4096)
def _label_name(label: str) -> str:
    # Cached: every rule's text asks for its events' names, in every plan checked.
    name = re.sub(r"\s*\([^()]*\)", "", label).strip() or label
    if len(name) > 1 and name[1].islower():
        name = name[0].lower() + name[1:]
    return name


def check_rule_ids(rules: list) -> None:
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if rule.id in seen:
            raise ValueError(f"{rule_ref(index)}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)


def _known_version(value: object) -> object:
    if value != SCHEMA_VERSION:
        raise ValueError(
            f"schema_version {value!r} is not supported: this planner reads version {SCHEMA_VERSION}; "
            "see `planner schema` for the format"
        )
    return value


SchemaVersion = Annotated[
    int,
    BeforeValidator(_known_version),
    Field(description="Format version; this planner reads version 1.", json_schema_extra={"enum": [SCHEMA_VERSION]}),
]


class ImpliedOff(StrictModel):
    """An implied rule switched off, always or under one fact's values."""

    reason: str = Field(min_length=10, max_length=500, description="Why the rulebook's meaning differs (cite the bylaw).")
    when: dict[str, FactValue | list[FactValue]] = Field(
        default_factory=dict, max_length=1,
        description="Off only under this fact's values (one fact); empty: always off.",
    )


class Rulebook(StrictModel):
    """The timing rules of one bylaws document."""

    schema_version: SchemaVersion
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    document: str = Field(description="Which bylaws, as amended when, and where the text lives.")
    jurisdiction: Jurisdiction
    facts: dict[str, FactSpec] = Field(default_factory=dict)
    anchors: dict[str, DateExpr] = Field(
        default_factory=dict, description="Named dates the rules use (e.g. fiscal_year_end); a scenario may override them."
    )
    events: dict[str, EventSpec] = Field(
        description="The events the bylaws time; a standard event (see the vocabulary) may leave out kind and label.",
    )
    rules: list[Rule]
    implied_off: dict[str, ImpliedOff] = Field(
        default_factory=dict,
        description="Implied rules (see the vocabulary) this rulebook switches off, each with the reason.",
    )

    _fill = model_validator(mode="before")(fill_standard_events)

    @model_validator(mode="after")
    def _references(self) -> "Rulebook":
        check_rule_ids(self.rules)
        for index, rule in enumerate(self.rules):
            for event in rule.events():
                if event not in self.events:
                    raise ValueError(f"{rule_ref(index, rule.id)}: unknown event {event!r}")
            for fact, wanted in rule.when.items():
                if fact in self.facts:
                    values = self.facts[fact].values
                elif fact in STANDARD_FACTS:
                    values = list(STANDARD_FACTS[fact].values)
                else:
                    raise ValueError(f"{rule_ref(index, rule.id)}: unknown fact {fact!r} in 'when'")
                for value in when_values(wanted):
                    if value not in values:
                        raise ValueError(f"{rule_ref(index, rule.id)}: fact {fact!r} has no value {value!r}")
        implied = {rule.id for rule in IMPLIED_RULES}
        for rule_id, off in self.implied_off.items():
            if rule_id not in implied:
                raise ValueError(f"implied_off: {rule_id!r} is not an implied rule ({', '.join(sorted(implied))})")
            for fact in off.when:
                if fact not in self.facts and fact not in STANDARD_FACTS:
                    raise ValueError(f"implied_off.{rule_id}.when: unknown fact {fact!r}")
        return self


class Scenario(StrictModel):
    """What to plan: which rulebook, which year, which facts, extra events and rules."""

    schema_version: SchemaVersion
    name: str = Field(min_length=1, max_length=200)
    rulebook: str = Field(description="A bundled rulebook name (see `planner rules`) or a path relative to the scenario.")
    year: int = Field(ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR, description="Plan year; `--year` overrides it.")
    facts: dict[str, FactValue | list[FactValue]] = Field(
        default_factory=dict,
        description=f"Values of the rulebook's facts; '{CHOOSE}' or a list lets the planner pick.",
    )
    anchors: dict[str, DateExpr] = Field(default_factory=dict, description="Named dates, e.g. fiscal_year_end.")
    incorporation: str | None = Field(
        None, pattern=r"^[A-Z]{2}$",
        description="State of incorporation: its statute pack applies (see `planner packs`); none: the bylaws alone.",
    )
    listing: Literal["none", "nyse", "nasdaq"] = Field(
        "none", description="Exchange listing: nyse or nasdaq adds the SEC's and the exchange's packs.",
    )
    packs: list[str] | None = Field(
        None,
        description="Exactly these packs (bundled names or .yaml paths) instead of those incorporation and listing select; [] for none.",
    )
    holiday_subdiv: str | None = Field(None, pattern=r"^[A-Z]{2,3}$", description="Use this state's holidays instead of the rulebook's.")
    closures: list[DateExpr] = Field(
        default_factory=list,
        description="Extra legal non-business days (a national day of mourning), for every count: the statute's, the "
        "bylaws', the SEC's and the company's own.",
    )
    office_closures: list[DateExpr] = Field(
        default_factory=list,
        description="Days the company's offices close (December 24): not business days for its own operational rules "
        "and preferences; no legal count sees them.",
    )
    events: dict[str, EventSpec | None] = Field(
        default_factory=dict,
        description="Optional rulebook events to plan (null) and the scenario's own events.",
    )
    rules: list[Rule] = Field(default_factory=list, description="Operational rules and preferences.")
    extends: str | None = Field(
        None, max_length=500,
        description="A scenario file this one builds on (a .yaml path relative to this file); resolved when the file "
        "is loaded: facts, anchors and events merge by key, rules by id, anything else is replaced. See README.",
    )
    remove: list[str] = Field(
        default_factory=list, max_length=1000,
        description="Inherited entries to drop before merging: 'rules.ID', 'events.ID', 'facts.NAME', 'anchors.NAME'.",
    )
    time_limit_s: float = Field(10.0, gt=0, le=60)
    margin_cap_days: int = Field(
        30, ge=0, le=120,
        description="Margins beyond this many days no longer make a plan safer (objective, see README).",
    )

    @model_validator(mode="after")
    def _unique(self) -> "Scenario":
        check_rule_ids(self.rules)
        for name in self.events:
            if not re.match(ID_PATTERN, name):
                raise ValueError(f"events: {name!r} is not a valid event id")
        return self
