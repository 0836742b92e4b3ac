"""The solver-free checker: every rule of a problem against concrete dates.

It re-checks every plan the solver returns, and it is what ``planner check``
runs on a calendar a user already has.  It shares the rule kinds' ``check``
methods and the business calendar with nothing of CP-SAT.
"""

from __future__ import annotations

from datetime import date

from planner.days.dates import DateExpr
from planner.model.documents import CHOOSE
from planner.engine.problem import Problem
from planner.verdicts.results import RuleResult
from planner.rules.base import FactValue

__all__ = ["check_dates", "MissingDate"]


class MissingDate(KeyError):
    """A rule needs an event the calendar does not date."""


class _Context:
    def __init__(self, problem: Problem, dates: dict[str, date], calendar=None):
        self.problem = problem
        self.calendar = problem.calendar if calendar is None else calendar
        self.dates = dates

    def date(self, event: str) -> date:
        if event not in self.dates:
            raise MissingDate(event)
        return self.dates[event]

    def resolve(self, expr: DateExpr) -> date:
        return self.problem.resolve(expr)


def _result(problem: Problem, rule, status: str, slack: int | None = None, reason: str | None = None,
            names: dict[str, str] | None = None) -> RuleResult:
    pack = problem.pack_of(rule)
    return RuleResult(
        id=rule.id, cite=rule.cite, summary=rule.summary, source=rule.source, kind=rule.kind,
        # The names once per check, not once per rule: 3,000 rules over 1,000 events took 20 s.
        text=rule.describe(problem.event_names if names is None else names), status=status, slack_days=slack, reason=reason,
        layer=problem.layer(rule), pack=pack.id if pack else None,
        verified=rule.verified, verification=rule.verification,
    )


def check_dates(problem: Problem, dates: dict[str, date], facts: dict[str, FactValue]) -> list[RuleResult]:
    """Each rule's status and margin; `facts` gives the picked facts."""
    ctx = _Context(problem, dates)
    federal = _Context(problem, dates, problem.federal_calendar)  # SEC rules count SEC business days
    results, names = [], problem.event_names
    for rule in problem.rules:
        undecided = [fact for fact, _ in problem.conditions(rule) if facts.get(fact) == CHOOSE]
        if undecided:
            results.append(_result(problem, rule, "unknown", reason=f"depends on the choice of {undecided[0]}", names=names))
            continue
        off = [
            f"applies when {fact} is {' or '.join(map(str, values))}; it is {facts.get(fact)}"
            for fact, values in problem.conditions(rule)
            if facts.get(fact) not in values
        ]
        if off:
            results.append(_result(problem, rule, "not_applicable", reason=off[0], names=names))
            continue
        try:
            slack = rule.check(federal if problem.counts_federal_days(rule) else ctx)
        except MissingDate as missing:
            results.append(_result(problem, rule, "missing", reason=f"no date for event {missing.args[0]}", names=names))
            continue
        result = _result(problem, rule, "satisfied" if slack >= 0 else "violated", slack, names=names)
        if slack <= 0 and rule.has_margin:  # violated or tight: say the count
            result = result.model_copy(update={"words": rule.count_words(federal if problem.counts_federal_days(rule) else ctx)})
        results.append(result)
    for skipped in problem.skipped:
        results.append(_result(problem, skipped.rule, skipped.status, reason=skipped.reason, names=names))
    return results
