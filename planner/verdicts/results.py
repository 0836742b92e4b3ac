"""What the planner returns: a dated calendar with every rule's status.

The same model serves ``plan`` (status feasible/infeasible) and ``check``
(status compliant/non_compliant); its JSON is the CLI's and the HTTP API's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from planner.law.external_dates import ExternalCalendar
from planner.law.findings import Finding
from planner.rules.base import FactValue, RuleSource

__all__ = ["company_name", "EventResult", "RuleResult", "Plan", "PlanStatus", "RuleStatus", "Coverage", "assemble"]

PlanStatus = Literal["feasible", "infeasible", "compliant", "non_compliant"]
RuleStatus = Literal["satisfied", "violated", "not_applicable", "waived", "missing", "not_given", "unknown"]


def company_name(rulebook_title: str) -> str:
    """The company a rulebook's title names: "Williams Natural Gas Company
    (Delaware), By-laws" -> "Williams Natural Gas Company"."""
    name = re.sub(r",?\s*(amended and restated\s+)?by-?laws.*$", "", rulebook_title, flags=re.I)
    return re.sub(r"\s*\([^()]*\)", "", name).strip(" ,") or rulebook_title


M = TypeVar("M", bound=BaseModel)

# The slots every pydantic model has beside its __dict__ (BaseModel.__slots__),
# set through their descriptors: a frozen model's own __setattr__ refuses.
_new = object.__new__
_set_dict = object.__setattr__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def assemble(model: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """The model that validating `values` gives, made as pydantic's
    model_construct makes one minus its per-field work in Python, for the
    planner's own results made many times a plan (issue 14).  `values` must
    be valid already (each value of its field's type, as validation would
    keep it) and hold every field, in the model's order (its __dict__ is
    `values` itself); `fields_set` names those the validated call would be
    given, in a set of its own (a model_copy grows it).  Whoever assembles a
    model holds it to the validated one in tests/test_recheck_memo.py."""
    made = _new(model)  # what model.__new__ is: pydantic defines none
    _set_dict(made, "__dict__", values)
    _set_fields_set(made, fields_set)
    _set_extra(made, None)
    _set_private(made, None)
    return made


class EventResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    label: str
    date: dt.date | None = None
    weekday: str | None = None
    rules: list[str] = Field(default_factory=list, description="Applicable rules on this event.")
    binding: list[str] = Field(default_factory=list, description="Rules with no margin left on this event.")
    bound_by: list[str] = Field(
        default_factory=list,
        description="Whose rules hold this event tightest (least margin): statute, securities, exchange, bylaw, operational.",
    )
    tightest: list[str] = Field(default_factory=list, description="The hard rules with the least margin on this event.")


class RuleResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    cite: str
    summary: str
    source: RuleSource
    kind: str
    text: str = Field(description="The rule's arithmetic in one line.")
    status: RuleStatus
    slack_days: int | None = Field(None, description="Days of margin; negative: violated by that many days.")
    reason: str | None = None
    words: str | None = Field(
        None, description="For a violated or tight rule: the count on these dates against what the rule allows, in words.",
    )
    layer: str = Field("bylaw", description="statute, securities or exchange for a pack's hard rules; otherwise the source.")
    pack: str | None = Field(None, description="The rule pack the rule comes from; none for the rulebook's and the scenario's.")
    verified: bool = Field(True, description="False: the rule's number could not be checked against its source.")
    verification: str | None = None


class Coverage(BaseModel):
    """Which law the plan was checked against and which it was not."""

    model_config = ConfigDict(frozen=True)

    checked_against: list[str] = Field(description="The rulebook and each rule pack layered on it.")
    not_checked: list[str] = Field(
        default_factory=list,
        description="Law the plan was not checked against: a state with no pack, no state given, rules missing a date.",
    )
    unverified_rules: list[str] = Field(
        default_factory=list, description="Rules whose number could not be checked against the text they cite.",
    )
    unconstrained: list[str] = Field(
        default_factory=list,
        description="Events no rule bounds on one side (planned next to what they serve): 'event: no earliest date' or 'no latest date'.",
    )


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: PlanStatus
    scenario: str
    rulebook: str
    year: int
    company: str | None = Field(None, description="The company whose bylaws the rulebook holds (from its title), for calendar titles.")
    facts: dict[str, FactValue] = Field(default_factory=dict, description="Facts as given or as the planner picked them.")
    events: list[EventResult]
    rules: list[RuleResult]
    conflicts: list[list[str]] = Field(default_factory=list, description="Minimal sets of rule ids that cannot all hold.")
    explanation: Any = Field(None, description="For an infeasible plan: conflicts in words and the smallest fixes (see `planner explain`).")
    packs: list[str] = Field(default_factory=list, description="The rule packs layered on the rulebook (see `planner packs`).")
    findings: list[Finding] = Field(
        default_factory=list, description="Where a bylaw is looser than a pack's law, found before planning.",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Dates that break no rule but deserve a look: an event on a legal holiday or a closure.",
    )
    notes: list[str] = Field(default_factory=list, description="What the plan says about itself, e.g. that notice is waived.")
    not_given: list[str] = Field(
        default_factory=list,
        description="check: events and dates the calendar did not give, whose rules are not_given (compliant as far as given).",
    )
    unused: list[str] = Field(default_factory=list, description="check: given events that no rule of this scenario uses.")
    coverage: Coverage | None = Field(None, description="Which law the plan was checked against, and which not.")
    external: ExternalCalendar | None = Field(
        None, description="For a listed company: SEC dates outside the plan (Rules 14a-8, 14a-19, 10-K Part III) and warnings.",
    )

    @property
    def ok(self) -> bool:
        return self.status in ("feasible", "compliant")

    def dates(self) -> dict[str, dt.date]:
        return {e.id: e.date for e in self.events if e.date is not None}

    def rule(self, rule_id: str) -> RuleResult:
        return next(r for r in self.rules if r.id == rule_id)

    def to_frame(self):
        """The calendar as a pandas DataFrame, one row per event, by date."""
        import pandas as pd

        by_id = {r.id: r for r in self.rules}
        rows = [
            {
                "date": pd.Timestamp(e.date) if e.date else pd.NaT,
                "weekday": e.weekday,
                "event": e.id,
                "kind": e.kind,
                "label": e.label,
                "binding": ", ".join(by_id[r].cite for r in e.binding),
                "bound_by": ", ".join(e.bound_by),
                "rules": ", ".join(e.rules),
            }
            for e in self.events
        ]
        return pd.DataFrame(rows, columns=["date", "weekday", "event", "kind", "label", "binding", "bound_by", "rules"])
