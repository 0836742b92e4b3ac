"""The three questions every face asks of a built problem: plan it (a
re-checked calendar, or the minimal conflicts), check a given calendar
against it (no solver), explain it (conflicts and fixes, or windows)."""

from __future__ import annotations

from planner.errors import DatesFileError
from planner.engine.problem import Problem
from planner.law.findings import find_conflicts
from planner.model.dates_file import DatesFile
from planner.verdicts.checker import check_dates
from planner.verdicts.explanations import EXPLAIN_TIME_LIMIT_S, Explanation, explain_problem
from planner.verdicts.results import Plan
from planner.verdicts.solve import build_plan, solve_problem

__all__ = ["plan_problem", "check_problem", "explain_for_problem"]


def plan_problem(problem: Problem, time_limit_s: float | None = None) -> Plan:
    """`plan` for a problem already built (the HTTP service builds its own)."""
    result = solve_problem(problem, time_limit_s)
    if result.status == "infeasible":
        why = explain_problem(problem, rebuild=problem.variant, time_limit_s=EXPLAIN_TIME_LIMIT_S)
        result = result.model_copy(update={"conflicts": [c.rules for c in why.conflicts], "explanation": why})
    return result


def explain_for_problem(problem: Problem, *, conflicts: int = 3, allow_legal: bool = False,
                        time_limit_s: float = EXPLAIN_TIME_LIMIT_S) -> Explanation:
    """`explain` for a problem already built; SolverTimeout past `time_limit_s`."""
    why = explain_problem(problem, limit=conflicts, allow_legal=allow_legal, rebuild=problem.variant, time_limit_s=time_limit_s)
    why = why.model_copy(update={"findings": find_conflicts(problem)})
    if why.status == "feasible":
        planned = solve_problem(problem, problem.scenario.time_limit_s)
        why = why.model_copy(update={"binding": sorted({r for e in planned.events for r in e.binding})})
    return why


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
