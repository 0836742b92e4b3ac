"""Scenarios derived from another one: the same rulebook and calendar, some
events pinned to dates already known (a meeting held, a demand received) and
the rest planned anew.  Adjournments and special meetings both start here,
and both plan through ``api.plan_problem`` so every calendar is re-checked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field

from planner.days.dates import DateExpr
from planner.model.documents import EventSpec, Rulebook, Scenario
from planner.errors import InputError, RulebookError
from planner.model.loading import load_scenario_and_rulebook, rulebook_file
from planner.model.vocabulary import STANDARD_EVENTS
from planner.engine.problem import Problem, build_problem
from planner.rules import RuleBase
from planner.rules.base import FactValue
from planner.rules.business_day import BusinessDayRule
from planner.rules.gap import GapRule
from planner.rules.on_date import OnDateRule

__all__ = ["Requirement", "Base", "load_base", "dating_rules", "pin", "after", "on_business_day", "derive"]

PLANNER_CITE = "Planner: re-planned calendar"


class Requirement(BaseModel):
    """One answer the rulebook gives, with the rules that give it."""

    model_config = ConfigDict(frozen=True)

    topic: str = Field(description="adjournment_allowed | new_notice | new_record_date | meeting_date | holders_may_demand | call")
    answer: bool | None = Field(description="Allowed / required / possible; null where the rulebook says nothing.")
    rules: list[str] = Field(default_factory=list, description="Rule ids that decide it.")
    cites: list[str] = Field(default_factory=list)
    text: str


class Base(BaseModel):
    """A scenario with its rulebook, as loaded."""

    model_config = ConfigDict(frozen=True)

    scenario: Scenario
    rulebook: Rulebook
    source: str | None = None
    rulebook_file: str | None = Field(None, description="The rulebook's file, for messages; None for a model or dict.")

    def require_events(self, events: Iterable[str], purpose: str) -> None:
        """Refuse, naming the rulebook file and the event in the vocabulary's
        words, when the rulebook lacks an event the question needs."""
        for event in events:
            if event not in self.rulebook.events:
                standard = STANDARD_EVENTS.get(event)
                words = f" ({standard.label.lower()})" if standard else ""
                raise RulebookError(
                    f"rulebook {self.rulebook.id} has no {event} event{words}, so {purpose}; "
                    f"add it under events with kind {standard.kind if standard else 'operational'}",
                    file=self.rulebook_file or self.source, field=f"events.{event}")


def load_base(scenario: str | Path | dict | Scenario, rulebook: str | Path | dict | Rulebook | None = None) -> Base:
    """The scenario and its rulebook, or `rulebook` instead (as in build_problem)."""
    model, book, source = load_scenario_and_rulebook(scenario, rulebook)
    # Refuse what `planner plan` refuses (a rule on an unknown event, a fact's
    # impossible value): the derived calendars leave some of the base's rules
    # out and would otherwise never meet the mistake.
    build_problem(scenario, rulebook=rulebook)
    folder = Path(source).parent if source else None
    file = rulebook_file(rulebook if rulebook is not None else model.rulebook, folder)
    return Base(scenario=model, rulebook=book, source=source, rulebook_file=file)


def dating_rules(rules: Iterable[RuleBase], events: Iterable[str]) -> list[RuleBase]:
    """Rules that put one of `events` on a date of their own (on_date, date_window)."""
    wanted = set(events)
    return [r for r in rules if r.kind in ("on_date", "date_window") and r.events()[0] in wanted]


def pin(event: str, day: date, what: str) -> OnDateRule:
    return OnDateRule(
        id=f"given-{event}", event=event, date=DateExpr(day=day), source="operational",
        cite=f"Given: {what}", summary=f"{what}: {day.isoformat()}, as given.",
    )


def after(first: str, then: str, why: str) -> GapRule:
    return GapRule(
        id=f"planner-{then}-after-{first}", before=first, after=then, min_days=0, source="operational",
        cite=PLANNER_CITE, summary=why,
    )


def on_business_day(event: str) -> BusinessDayRule:
    return BusinessDayRule(
        id=f"planner-{event}-on-business-day", event=event, source="operational", cite=PLANNER_CITE,
        summary=f"The {event.replace('_', ' ')} falls on a business day (offices, post office and transfer agent open).",
    )


def derive(
    base: Base,
    *,
    name: str,
    year: int,
    facts: dict[str, FactValue],
    events: dict[str, EventSpec | None],
    rules: list[RuleBase],
    pinned: Iterable[str],
    keep_scenario: bool,
    optional: Iterable[str] = (),
    holidays: Iterable[date] = (),
) -> Problem:
    """A problem on the base scenario's rulebook, calendar and anchors.

    Rules dating a `pinned` event are left out (the given date replaces
    them); `optional` rulebook events stop being required (an adjournment
    plans the new notice, not the original one).  With `keep_scenario` the
    base scenario's own events and rules stay, except those dating a pinned
    event.
    """
    pinned = set(pinned)
    unknown = [f for f in facts if f not in base.rulebook.facts]
    if unknown:
        raise InputError(f"unknown fact; rulebook {base.rulebook.id} has {sorted(base.rulebook.facts)}", file=base.source, field=f"facts.{unknown[0]}")
    dropped = {r.id for r in dating_rules(base.rulebook.rules, pinned)}
    book_events = {
        e: spec.model_copy(update={"required": False}) if e in set(optional) else spec
        for e, spec in base.rulebook.events.items()
    }
    book = base.rulebook.model_copy(update={
        "rules": [r for r in base.rulebook.rules if r.id not in dropped], "events": book_events,
    })
    own_events = dict(base.scenario.events) if keep_scenario else {}
    own_rules = list(base.scenario.rules) if keep_scenario else []
    own_rules = [r for r in own_rules if r not in dating_rules(own_rules, pinned)]
    base.require_events([e for e in events if events[e] is None], f"{name} cannot be planned")
    scenario = base.scenario.model_copy(update={
        "name": name, "year": year, "facts": {**base.scenario.facts, **facts},
        "events": {**own_events, **events}, "rules": [*own_rules, *rules],
    })
    problem = build_problem(scenario, year=year, holidays=holidays, rulebook=book)
    problem.source = base.source
    return problem
