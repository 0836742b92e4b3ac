"""The Python API: ``plan`` and ``check`` take a path, a dict or a model."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .checker import check_dates
from .documents import Scenario
from .errors import DatesFileError
from .loading import read_yaml, validate
from .explanations import Explanation, explain_problem
from .findings import find_conflicts
from .problem import Problem, build_problem
from .results import Plan
from .rules.base import FactValue
from .solve import build_plan, solve_problem

__all__ = ["plan", "check", "explain", "plan_problem", "check_problem", "explain_for_problem", "DatesFile"]


def plan(
    scenario: str | Path | dict | Scenario,
    *,
    year: int | None = None,
    holidays: Iterable[date] = (),
    drop: Iterable[str] = (),
    time_limit_s: float | None = None,
    **layers: Any,
) -> Plan:
    """Plan a scenario: a verified calendar, or the rules in conflict.

    `incorporation=`, `listing=` and `packs=` layer rule packs as the
    scenario's fields of those names do, overriding them."""
    return plan_problem(build_problem(scenario, year=year, holidays=holidays, drop=drop, **_layers(layers)), time_limit_s)


def _layers(layers: dict[str, Any]) -> dict[str, Any]:
    unknown = set(layers) - {"incorporation", "listing", "packs"}
    if unknown:
        raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
    return layers


def plan_problem(problem: Problem, time_limit_s: float | None = None) -> Plan:
    """`plan` for a problem already built (the HTTP service builds its own)."""
    result = solve_problem(problem, time_limit_s)
    if result.status == "infeasible":
        why = explain_problem(problem, rebuild=problem.variant)
        result = result.model_copy(update={"conflicts": [c.rules for c in why.conflicts], "explanation": why})
    return result


def explain(
    scenario: str | Path | dict | Scenario,
    *,
    conflicts: int = 3,
    allow_legal: bool = False,
    year: int | None = None,
    holidays: Iterable[date] = (),
    drop: Iterable[str] = (),
    **layers: Any,
) -> Explanation:
    """Why a scenario has no calendar and what would fix it; for a feasible
    one, each event's window and the binding rules of its plan."""
    problem = build_problem(scenario, year=year, holidays=holidays, drop=drop, **_layers(layers))
    return explain_for_problem(problem, conflicts=conflicts, allow_legal=allow_legal)


def explain_for_problem(problem: Problem, *, conflicts: int = 3, allow_legal: bool = False) -> Explanation:
    """`explain` for a problem already built."""
    why = explain_problem(problem, limit=conflicts, allow_legal=allow_legal, rebuild=problem.variant)
    why = why.model_copy(update={"findings": find_conflicts(problem)})
    if why.status == "feasible":
        planned = solve_problem(problem, problem.scenario.time_limit_s)
        why = why.model_copy(update={"binding": sorted({r for e in planned.events for r in e.binding})})
    return why


class DatesFile(BaseModel):
    """A calendar to check: event ids to dates, and the facts picked."""

    model_config = ConfigDict(extra="ignore")

    events: dict[str, date] = Field(description="Event id to date; a plan's JSON events list is accepted too.")
    facts: dict[str, FactValue] = Field(default_factory=dict)

    @field_validator("events", mode="before")
    @classmethod
    def _from_plan_json(cls, value: Any) -> Any:
        if isinstance(value, list):  # the "events" list of `planner plan --format json`
            return {e.get("id"): e.get("date") for e in value if isinstance(e, dict) and e.get("date")}
        return value


def check(
    scenario: str | Path | dict | Scenario,
    dates: str | Path | dict | DatesFile,
    *,
    year: int | None = None,
    holidays: Iterable[date] = (),
    drop: Iterable[str] = (),
    **layers: Any,
) -> Plan:
    """Check dates a user already has against every rule; no solver involved."""
    problem = build_problem(scenario, year=year, holidays=holidays, drop=drop, **_layers(layers))
    source = str(dates) if isinstance(dates, (str, Path)) else None
    if isinstance(dates, DatesFile):
        given = dates
    else:
        data = read_yaml(Path(dates), error=DatesFileError) if source else dates
        given = validate(DatesFile, data, file=source, error=DatesFileError)
    return check_problem(problem, given, source)


def check_problem(problem: Problem, given: DatesFile, source: str | None = None) -> Plan:
    """`check` for a problem already built; `source` names the dates file in errors."""
    for event in given.events:
        if event not in problem.events:
            raise DatesFileError(f"not an event of this scenario ({', '.join(problem.events)})", file=source, field=f"events.{event}")
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
    rules = check_dates(problem, given.events, facts)
    bad = any(r.status in ("violated", "missing") and r.source != "preference" for r in rules)
    return build_plan(problem, "non_compliant" if bad else "compliant", given.events, facts, rules)
