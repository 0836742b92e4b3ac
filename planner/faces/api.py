"""The Python API: ``plan`` and ``check`` take a path, a dict or a model."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from planner.errors import DatesFileError
from planner.engine.problem import build_problem
from planner.model.dates_file import DatesFile
from planner.model.documents import Scenario
from planner.rules.base import FactValue
from planner.model.loading import read_yaml, validate
from planner.verdicts.answers import check_problem, explain_for_problem, plan_problem
from planner.verdicts.explanations import EXPLAIN_TIME_LIMIT_S, Explanation
from planner.verdicts.results import Plan

if TYPE_CHECKING:
    from planner.drafting.draft import Draft

__all__ = ["plan", "check", "explain", "draft", "DatesFile"]


def plan(
    scenario: str | Path | dict | Scenario,
    *,
    year: int | None = None,
    holidays: Iterable[date | str] = (),
    drop: Iterable[str] = (),
    facts: Mapping[str, FactValue] | None = None,
    time_limit_s: float | None = None,
    **layers: Any,
) -> Plan:
    """Plan a scenario: a verified calendar, or the rules in conflict.

    `incorporation=`, `listing=` and `packs=` layer rule packs as the
    scenario's fields of those names do, overriding them; `facts` override
    the scenario's facts (`--fact`); `holidays` are ISO dates or yearly
    dates such as "December 24", closing that day in every year the plan spans."""
    # The kept problem itself (copy=False): a plan only reads it.
    problem = build_problem(scenario, year=year, holidays=holidays, drop=drop, facts=facts, copy=False, **_layers(layers))
    return plan_problem(problem, time_limit_s)


def _layers(layers: dict[str, Any]) -> dict[str, Any]:
    unknown = set(layers) - {"incorporation", "listing", "packs"}
    if unknown:
        raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
    return layers


def explain(
    scenario: str | Path | dict | Scenario,
    *,
    conflicts: int = 3,
    allow_legal: bool = False,
    year: int | None = None,
    holidays: Iterable[date | str] = (),
    drop: Iterable[str] = (),
    facts: Mapping[str, FactValue] | None = None,
    time_limit_s: float = EXPLAIN_TIME_LIMIT_S,
    **layers: Any,
) -> Explanation:
    """Why a scenario has no calendar and what would fix it; for a feasible
    one, each event's window and the binding rules of its plan.  Past
    `time_limit_s` seconds: what was found, with `stopped` saying so, once
    the scenario is known to have no plan; else SolverTimeout (the command
    line's exit 4)."""
    problem = build_problem(scenario, year=year, holidays=holidays, drop=drop, facts=facts, copy=False, **_layers(layers))
    return explain_for_problem(problem, conflicts=conflicts, allow_legal=allow_legal, time_limit_s=time_limit_s)


def check(
    scenario: str | Path | dict | Scenario,
    dates: str | Path | dict | DatesFile,
    *,
    year: int | None = None,
    holidays: Iterable[date | str] = (),
    drop: Iterable[str] = (),
    facts: Mapping[str, FactValue] | None = None,
    **layers: Any,
) -> Plan:
    """Check dates a user already has against every rule; no solver involved."""
    source = str(dates) if isinstance(dates, (str, Path)) else None
    if isinstance(dates, DatesFile):
        given = dates
    else:
        data = read_yaml(Path(dates), error=DatesFileError) if source else dates
        given = validate(DatesFile, data, file=source, error=DatesFileError)
    problem = build_problem(scenario, year=year, holidays=holidays, drop=drop, facts=facts, given=given.events,
                            copy=False, **_layers(layers))
    return check_problem(problem, given, source)




def draft(document: str | Path | bytes, *, name: str | None = None, state: str | None = None,
          year: int | None = None) -> "Draft":
    """Draft a rulebook from a bylaws document (a path, or bytes with `name=`
    giving the format): rules with quotes, questions, coverage, a scenario."""
    # Imported here: the drafting modules compile many patterns, and a plan needs none of them.
    from planner.drafting.draft import draft_document
    from planner.drafting.text import read_document

    if isinstance(document, bytes):
        if name is None:
            raise TypeError("draft(bytes) needs name= (its extension gives the format)")
        return draft_document(document, name, state=state, year=year)
    path = Path(document)
    return draft_document(read_document(path), path.name, state=state, year=year)
