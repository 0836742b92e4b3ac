"""A bench-only stand-in for the plan's solve step: the propagation's own
plan (``Propagator(...).latest_plan``), re-checked and assembled like any
plan, with no CP-SAT objective.

Issue 14 replaces the CP-SAT margin objective with a propagation-based one
(a plan's solve becomes a few propagations); until that lands, this shows
what everything *around* the solve costs in a what-if sweep.  Never used by
the planner itself: ``install()`` swaps the function the plan step calls,
in this process and in worker processes forked from it, and ``uninstall()``
puts it back.  Its plans are valid plans (the checker re-checks every one,
a broken rule is VerificationError) but not the margin-optimal ones.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from typing import Iterator

import planner.verdicts.answers as answers
from planner.engine.propagation import Propagator
from planner.verdicts.checker import check_dates
from planner.verdicts.solve import VerificationError, build_plan, solve_problem

__all__ = ["propagation_solve", "stubbed_solve"]


def propagation_solve(problem, time_limit_s=None):
    hard = [r.id for r in problem.rules if not r.soft]
    found = Propagator(problem, frame=problem.ranges).latest_plan(hard)
    if found is None:  # the real solve answers infeasible before any CP-SAT, the same way
        return solve_problem(problem, time_limit_s)
    facts, days = found
    dates = {e: problem.origin + timedelta(days=d) for e, d in days.items()}
    facts = {**problem.facts, **facts}
    rules = check_dates(problem, dates, facts)
    planned = {rule.id for rule in problem.rules}
    broken = [r for r in rules if r.status in ("violated", "missing") and r.source != "preference" and r.id in planned]
    if broken:
        raise VerificationError(f"propagation plan breaks {broken[0].id}")
    return build_plan(problem, "feasible", dates, facts, rules)


@contextmanager
def stubbed_solve(enabled: bool = True) -> Iterator[None]:
    """Within the block, plans (and what-if plan-mode rows) solve by propagation."""
    if not enabled:
        yield
        return
    real = answers.solve_problem
    answers.solve_problem = propagation_solve
    try:
        yield
    finally:
        answers.solve_problem = real
