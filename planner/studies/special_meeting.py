"""Special meetings of shareholders on demand (or on a call): from the day the
last demand needed arrives, or the day the meeting is called, the calendar
under the rulebook's special-meeting rules, with each event's window and the
rules that decide who may call and by when.

A rulebook says holders may require a meeting by having a
``special_meeting_demand`` event (Natural Gas Services, Williams); a
``special_meeting_call`` event is the call by the board or an officer. Where
there is no demand event (Porter McLeod, Cleco) a demand binds no one, and
the calendar shown is the one that follows if the meeting is called that day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.verdicts.answers import plan_problem
from planner.studies.derived import Requirement, after, dating_rules, derive, load_base, on_business_day, pin
from planner.model.documents import Rulebook, Scenario
from planner.errors import InputError, RulebookError
from planner.verdicts.explanations import event_windows
from planner.verdicts.results import Plan, PlanStatus
from planner.rules.base import FactValue

__all__ = ["special_meeting", "SpecialMeetingResult", "DEMAND_EVENT", "CALL_EVENT"]

DEMAND_EVENT = "special_meeting_demand"
CALL_EVENT = "special_meeting_call"


class SpecialMeetingResult(BaseModel):
    """The calendar of a special meeting from the day it was demanded or called."""

    model_config = ConfigDict(frozen=True)

    status: PlanStatus
    scenario: str
    rulebook: str
    trigger: Literal["demand", "call"]
    received: date = Field(description="The day the last demand needed arrived, or the day of the call.")
    wanted_meeting: date | None = None
    holders_may_demand: bool | None = Field(None, description="Whether the bylaws let holders require the meeting (null for a call).")
    requirements: list[Requirement]
    windows: dict[str, tuple[date | None, date | None]] = Field(
        default_factory=dict, description="Each event's earliest and latest date with every rule holding (feasible plans).")
    plan: Plan

    @property
    def ok(self) -> bool:
        return self.plan.ok


def special_meeting(
    scenario: str | Path | dict | Scenario,
    *,
    demand: date | None = None,
    called: date | None = None,
    meeting: date | None = None,
    facts: dict[str, FactValue] | None = None,
    holidays: Iterable[date] = (),
    time_limit_s: float | None = None,
    rulebook: str | Path | dict | Rulebook | None = None,
) -> SpecialMeetingResult:
    """Plan a special meeting from `demand` (last demand needed received) or
    `called` (the call by the board or an officer); `meeting` asks for a
    meeting date, else the planner's default objective picks one and the
    windows show the earliest and latest; `rulebook` replaces the scenario's."""
    if (demand is None) == (called is None):
        raise InputError("give the day the demand arrived or the day of the call, not both", field="--demand")
    base = load_base(scenario, rulebook)
    book = base.rulebook
    day = demand if demand is not None else called
    if meeting is not None and meeting < day:
        raise InputError(f"the meeting {meeting} cannot come before {day}", field="--meeting")
    kinds = book.facts.get("meeting_type")
    if kinds is None or "special" not in kinds.values:
        raise RulebookError(f"rulebook {book.id} has no special meetings (fact meeting_type)", file=base.source, field="facts")
    holders_may = None
    if demand is not None:
        holders_may = DEMAND_EVENT in book.events
        trigger_event = DEMAND_EVENT if holders_may else CALL_EVENT
    else:
        trigger_event = CALL_EVENT
    if trigger_event not in book.events:
        raise RulebookError(f"rulebook {book.id} has no {trigger_event} event", file=base.source, field="events")
    # A scenario written for a special meeting keeps its own steps (lead times); an annual
    # scenario's steps belong to the annual calendar and are left out.
    keep = base.scenario.facts.get("meeting_type") == "special"
    pins = [pin(trigger_event, day, "demand received" if trigger_event == DEMAND_EVENT else "special meeting called")]
    pinned = [trigger_event]
    if meeting is not None:
        pins.append(pin("meeting", meeting, "wanted meeting date"))
        pinned.append("meeting")
    name = f"{base.scenario.name}: special meeting {'demanded' if demand else 'called'} {day}"
    events = {trigger_event: None}
    if "record_date_resolution" in book.events:
        # The board fixes the record date after the demand or call; the
        # rulebook's own rules then say how far ahead (NGS: a future date).
        events["record_date_resolution"] = None
    probe = derive(base, name=name, facts={**(facts or {}), "meeting_type": "special"}, events=events,
                   rules=pins, pinned=pinned, keep_scenario=keep, year=day.year, holidays=holidays)
    # Nothing for the meeting happens before it is demanded or called; and
    # mail, record dates and the meeting fall on business days, as in the seed scenarios.
    dated = {r.events()[0] for r in dating_rules(probe.rules, probe.events)}
    extra = [after(trigger_event, e, "Nothing is done for the special meeting before it is demanded or called.")
             for e in probe.events if e not in dated and e != trigger_event]
    extra += [on_business_day(e) for e in ("notice", "record_date", "meeting") if e in probe.events and e not in dated]
    problem = derive(base, name=name, facts={**(facts or {}), "meeting_type": "special"}, events=events,
                     rules=[*pins, *extra], pinned=pinned, keep_scenario=keep, year=day.year, holidays=holidays)
    plan = plan_problem(problem, time_limit_s)
    windows = event_windows(problem) if plan.ok else {}
    return SpecialMeetingResult(
        status=plan.status, scenario=base.scenario.name, rulebook=book.id, trigger="demand" if demand else "call",
        received=day, wanted_meeting=meeting, holders_may_demand=holders_may,
        requirements=_requirements(problem, plan, trigger_event, holders_may, day), windows=windows, plan=plan,
    )


def _requirements(problem, plan: Plan, trigger: str, holders_may: bool | None, day: date) -> list[Requirement]:
    by_id = {r.id: r for r in plan.rules}
    rules = [r for r in problem.rules if trigger in r.events() and r.source in ("bylaw", "statute")]
    out = []
    if holders_may is False:
        out.append(Requirement(
            topic="holders_may_demand", answer=False, rules=[r.id for r in rules], cites=sorted({r.cite for r in rules}),
            text="These bylaws give holders no right to require a special meeting: "
                 + " ".join(r.summary for r in rules)
                 + f" The calendar below is the one that follows if the meeting is called on {day}.",
        ))
    for rule in rules:
        result = by_id.get(rule.id)
        deadline = ""
        if getattr(rule, "max_days", None) is not None and rule.before == trigger:
            deadline = f" Deadline: {rule.after} by {date.fromordinal(day.toordinal() + rule.max_days)}."
        out.append(Requirement(
            topic="call", answer=True if holders_may is not False else None, rules=[rule.id], cites=[rule.cite],
            text=f"{rule.summary}{deadline}" + (f" ({result.status})" if result else ""),
        ))
    return out
