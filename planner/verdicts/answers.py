"""The three questions every face asks of a built problem: plan it (a
re-checked calendar, or the minimal conflicts), check a given calendar
against it (no solver), explain it (conflicts and fixes, or windows)."""

from __future__ import annotations

from datetime import date
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.errors import DatesFileError, InputError
from planner.engine.problem import GIVEN_PREFIX, Problem, build_problem
from planner.model.timeline import STATUTE_ONLY, Timeline, statute_only_rulebook
from planner.law.findings import find_conflicts
from planner.model.dates_file import DatesFile
from planner.model.packs import matching_packs, statute_states
from planner.model.vocabulary import closest_standard_name
from planner.rules.base import FactValue
from planner.verdicts.checker import check_dates
from planner.verdicts.explanations import EXPLAIN_TIME_LIMIT_S, Explanation, explain_problem
from planner.verdicts.results import Plan
from planner.verdicts.solve import build_plan, solve_problem

__all__ = [
    "plan_problem", "check_problem", "explain_for_problem", "check_law_only", "check_timeline", "timeline_verdict",
    "TimelineVerdict",
]


def plan_problem(problem: Problem, time_limit_s: float | None = None,
                 explain_limit_s: float = EXPLAIN_TIME_LIMIT_S) -> Plan:
    """`plan` for a problem already built (the HTTP service builds its own);
    an infeasible one is explained within `explain_limit_s` seconds."""
    result = solve_problem(problem, time_limit_s)
    if result.status == "infeasible":
        # The verdict stands: past its time limit the explanation gives what it found.
        why = explain_problem(problem, rebuild=problem.variant, time_limit_s=explain_limit_s, infeasible=True)
        result = result.model_copy(update={"conflicts": [c.rules for c in why.conflicts], "explanation": why})
    return result


def explain_for_problem(problem: Problem, *, conflicts: int = 3, allow_legal: bool = False,
                        time_limit_s: float = EXPLAIN_TIME_LIMIT_S) -> Explanation:
    """`explain` for a problem already built.  Past `time_limit_s`: what was
    found (its `stopped` says so) once the problem is known to have no plan,
    else SolverTimeout."""
    why = explain_problem(problem, limit=conflicts, allow_legal=allow_legal, rebuild=problem.variant, time_limit_s=time_limit_s)
    why = why.model_copy(update={"findings": find_conflicts(problem)})
    if why.status == "feasible":
        planned = solve_problem(problem, problem.scenario.time_limit_s)
        why = why.model_copy(update={"binding": sorted({r for e in planned.events for r in e.binding})})
    return why


def check_problem(problem: Problem, given: DatesFile, source: str | None = None) -> Plan:
    """`check` for a problem already built; `source` names the dates file in errors.

    A calendar judges what it gives: rules on events it does not date are
    `not_given` (the verdict is then compliant as far as given), and dates
    of events no rule uses are reported as unused."""
    unused = sorted(event for event in given.events if event not in problem.events)
    dates = {event: day for event, day in given.events.items() if event in problem.events}
    facts = dict(problem.facts)
    for fact, value in given.facts.items():
        if fact in problem.facts and value != problem.facts[fact]:
            raise DatesFileError(f"the scenario fixes {fact} to {problem.facts[fact]!r}", file=source, field=f"facts.{fact}")
        if fact in problem.choices and value not in problem.choices[fact]:
            raise DatesFileError(f"{value!r} is not one of {problem.choices[fact]}", file=source, field=f"facts.{fact}")
        facts[fact] = value
    for fact in problem.choices:
        if fact not in facts:
            raise DatesFileError(f"say which of {problem.choices[fact]} was used", file=source, field=f"facts.{fact}")
    rules = [r.model_copy(update={"status": "not_given"}) if r.status == "missing" else r
             for r in check_dates(problem, dates, facts) if not r.id.startswith(GIVEN_PREFIX)]
    bad = any(r.status == "violated" and r.source != "preference" for r in rules)
    plan = build_plan(problem, "non_compliant" if bad else "compliant", dates, facts, rules)
    not_given = sorted({e for rule in problem.rules for e in rule.events() if e not in dates}
                       | {s.needs for s in problem.skipped if s.needs})
    hints = [f"{event}: no rule of this scenario uses it" + (f" (did you mean {close}?)" if close else "")
             for event in unused for close in [closest_standard_name(event, problem.events)]]
    # Which events a plan would leave unbounded says nothing about a calendar already dated.
    coverage = plan.coverage.model_copy(update={"unconstrained": []}) if plan.coverage else None
    return plan.model_copy(update={"not_given": not_given, "unused": unused, "warnings": [*plan.warnings, *hints],
                                   "coverage": coverage})


class TimelineVerdict(BaseModel):
    """One published timeline judged against its state's and listing's law."""

    model_config = ConfigDict(frozen=True)

    company: str
    state: str
    listing: str
    kind: str
    record_date: date | None
    mailing_date: date | None
    meeting_date: date
    verdict: Literal["compliant", "compliant as far as given", "non_compliant", "error"]
    packs: list[str] = Field(default_factory=list, description="The law it was checked against.")
    broken: list[str] = Field(default_factory=list, description="Each broken rule's count in words, with its citation.")
    not_given: list[str] = Field(default_factory=list)
    not_checked: list[str] = Field(default_factory=list, description="Law it was not checked against (a state with no pack).")
    error: str | None = None


def check_timeline(timeline: Timeline) -> Plan:
    """A published timeline checked against the statute and listing packs
    alone (no bylaws): rules on steps it does not give are not_given."""
    name = f"{timeline.company or 'Timeline'}: {timeline.kind} meeting {timeline.meeting_date}"
    return check_law_only(DatesFile(events=timeline.events()), timeline.state, listing=timeline.listing,
                          kind=timeline.kind, name=name)


def check_law_only(given: DatesFile, state: str, *, listing: str = "none", kind: str = "annual",
                   name: str | None = None, source: str | None = None,
                   facts: Mapping[str, FactValue] | None = None) -> Plan:
    """A calendar checked against the state's and the listing's packs, with
    no bylaws rulebook; the plan year is the meeting's.  The packs' facts
    (an option the statute leaves to the articles) are the calendar's own
    `facts` and then `facts` (the command line's --fact): with no scenario,
    nothing else fixes them."""
    meeting = given.events.get("meeting")
    if meeting is None:
        raise DatesFileError("a calendar checked against the law alone needs the meeting date", file=source,
                             field="events.meeting")
    if listing == "none" and not any(p.layer == "statute" for p in matching_packs(state, listing)):
        # With no bylaws, no statute and no listing there is no law to check it
        # against: "compliant" would say what nobody checked.
        raise InputError(f"no statute pack for {state}, and no listing: there is no law to check this calendar "
                         f"against (states with a pack: {', '.join(statute_states())})", field="incorporation")
    facts = dict(facts or {})
    for fact, value in facts.items():
        if fact in given.facts and given.facts[fact] != value:
            raise DatesFileError(f"--fact sets {fact} to {value!r}, the calendar to {given.facts[fact]!r}", file=source,
                                 field=f"facts.{fact}")
    scenario = {"schema_version": 1, "name": name or f"{kind.capitalize()} meeting {meeting}", "rulebook": STATUTE_ONLY,
                "year": meeting.year, "incorporation": state, "listing": listing, "facts": {"meeting_type": kind}}
    chosen = {**{fact: value for fact, value in given.facts.items() if fact != "meeting_type"}, **facts}  # --kind's
    problem = build_problem(scenario, rulebook=statute_only_rulebook(state), given=given.events, facts=chosen)
    return check_problem(problem, given, source)


def timeline_verdict(timeline: Timeline) -> TimelineVerdict:
    """`check_timeline` as one row of a batch: an input error is the row's verdict, not the end of the batch."""
    head = timeline.model_dump(include={"company", "state", "listing", "kind", "record_date", "mailing_date", "meeting_date"})
    try:
        plan = check_timeline(timeline)
    except InputError as exc:
        return TimelineVerdict(**head, verdict="error", error=str(exc))
    except ValidationError as exc:  # dates the calendar model refuses (outside the years planned)
        return TimelineVerdict(**head, verdict="error", error=exc.errors()[0]["msg"].removeprefix("Value error, "))
    verdict = "non_compliant" if plan.status == "non_compliant" else (
        "compliant as far as given" if plan.not_given else "compliant")
    broken = [r.words or f"{r.cite}: {r.text}" for r in plan.rules if r.status == "violated"]
    return TimelineVerdict(**head, verdict=verdict, packs=plan.packs, broken=broken, not_given=plan.not_given,
                           not_checked=plan.coverage.not_checked if plan.coverage else [])
