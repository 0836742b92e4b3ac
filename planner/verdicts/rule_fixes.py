"""A gap rule's fix in the rule's own terms, confirmed before it is shown.

The explanation measures how far a rule must give in calendar days added to
its bound.  For a gap that counts business days, or whose minimum would have
to go below zero (the printer's delivery after the mailing it feeds), those
calendar days are no fix anyone can ask for.  Here the rule itself is
rewritten (a smaller minimum, a larger maximum, in its own unit), its bounds
replaced in the exact propagation, and the fix kept only if every hard rule
then holds: what the user reads is a plan that exists.
"""

from __future__ import annotations

from typing import Callable

from planner.engine.problem import Problem
from planner.engine.propagation import BoundsContext, Propagator
from planner.rules import RuleBase

__all__ = ["GapFix", "gap_fix"]

_MOST_DAYS = 3660  # GapRule's own ceiling on min_days and max_days
_MOST_MONTHS = 120  # ten years: past the longest horizon the planner takes


class GapFix:
    """The fix in words, how far the rule moves (in its own unit), and the
    rule's new min_days or max_days."""

    def __init__(self, text: str, days: int, field: str, value: int):
        self.text, self.days, self.field, self.value = text, days, field, value


def gap_fix(problem: Problem, propagator: Propagator, rule: RuleBase, hard: list[str]) -> GapFix | None:
    """The least change to a gap rule's minimum (else its maximum in days,
    else in months) under which every hard rule holds, or None when no
    number of its own will do."""
    if rule.kind != "gap" or rule.id not in propagator.bounds:
        return None
    context = BoundsContext(problem, problem.days_for(rule))
    unit = "business days" if rule.counting == "business" else "days"
    between = f"from {rule.before} to {rule.after}"

    def works(change: dict) -> bool:
        kept = propagator.bounds[rule.id]
        try:
            propagator.bounds[rule.id] = rule.model_copy(update=change).bounds(context)
            return propagator.feasible(hard)
        finally:
            propagator.bounds[rule.id] = kept

    if rule.min_days:
        # Looser as it falls: the largest minimum that works.
        least = _first(lambda m: works({"min_days": rule.min_days - m}), 1, rule.min_days)
        if least is not None:
            fewest = rule.min_days - least
            return GapFix(f"allow as little as {fewest} {unit} {between}, not {rule.min_days} ({rule.cite})", least,
                          "min_days", fewest)
    if rule.max_days is not None and rule.max_days < _MOST_DAYS:
        # As far as the explanation looks for any rule: the problem's horizon.
        more = _first(lambda m: works({"max_days": rule.max_days + m}), 1, min(_MOST_DAYS - rule.max_days, problem.horizon))
        if more is not None:
            most = rule.max_days + more
            return GapFix(f"allow as much as {most} {unit} {between}, not {rule.max_days} ({rule.cite})", more,
                          "max_days", most)
    if rule.max_months is not None:
        more = _first(lambda m: works({"max_months": rule.max_months + m}), 1, _MOST_MONTHS - rule.max_months)
        if more is not None:
            most = rule.max_months + more
            return GapFix(f"allow as much as {most} months {between}, not {rule.max_months} ({rule.cite})", more,
                          "max_months", most)
    return None


def _first(ok: Callable[[int], bool], low: int, high: int) -> int | None:
    """The least n in low..high with ok(n), ok being monotone; None if none."""
    if not ok(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if ok(mid):
            high = mid
        else:
            low = mid + 1
    return low
