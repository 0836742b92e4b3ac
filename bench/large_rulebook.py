#!/usr/bin/env python3
"""Plans and explanations of a synthetic fund complex of growing size
(issue 14: 1,000 events and 3,000 rules planned and explained in under 5 s
each).

The rulebook is bench/synthetic_complex.py: 10 events and 30 rules a fund,
funds in groups of ten sharing directors, a printer and a meeting staff.
The command line and the service refuse more than 500 rules or 200 events
(planner/model/limits.py, the same for every face); this bench builds the
problems through the Python API with those limits lifted, to see where the
engine itself stands.  For each size: building the problem (exact ranges by
propagation), the propagation's own plan, ``plan_problem`` (CP-SAT under its
deterministic work limit, then the re-check) and ``explain_for_problem``
(each event's window and the binding rules), each with the time limit
given; SolverTimeout is printed as such.  Then the same complex with no
plan (fund 0's notice impossible): the verdict with its explanation, and
``explain_for_problem``'s conflicts and fixes.  Figures only.

    .venv/bin/python bench/large_rulebook.py [--funds 1 10 30 100] [--time-limit S]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import _paths  # noqa: F401 -- before the planner: this checkout first on sys.path

import planner.model.limits as limits  # noqa: E402
from planner.engine.problem import build_problem  # noqa: E402
from planner.engine.propagation import Propagator  # noqa: E402
from planner.errors import PlannerError  # noqa: E402
from planner.verdicts.answers import explain_for_problem, plan_problem  # noqa: E402
from synthetic_complex import complex_rulebook, complex_scenario  # noqa: E402
from plan_speed import print_header  # noqa: E402  (bench/ is on sys.path)

TARGET_S = 5.0


def _timed(fn):
    start = time.perf_counter()
    try:
        result = fn()
    except PlannerError as exc:
        return time.perf_counter() - start, f"{type(exc).__name__}"
    return time.perf_counter() - start, getattr(result, "status", "ok")


def main(argv: list[str] | None = None) -> int:
    argv = [] if argv is None and Path(sys.argv[0]).name != Path(__file__).name else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--funds", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for each plan and explanation")
    args = parser.parse_args(argv)
    # The faces' limits (500 rules, 200 events) are for input from users; lifted here on purpose.
    limits.MAX_RULES = limits.MAX_EVENTS = 10**6
    print(f"== synthetic fund complex: plan and explain (target under {TARGET_S:g} s each at 1,000 events) ==")
    print(f"time limit {args.time_limit:g} s each; 'x tgt' = time / {TARGET_S:g} s")
    header = (f"{'funds':>5} {'events':>6} {'rules':>5} | {'build s':>7} | {'propagation s':>13} | "
              f"{'plan s':>7} {'x tgt':>6} {'answer':>13} | {'explain s':>9} {'x tgt':>6} {'answer':>13}")
    print_header(header)
    for funds in args.funds:
        start = time.perf_counter()
        problem = build_problem(complex_scenario(funds), rulebook=complex_rulebook(funds))
        build_s = time.perf_counter() - start
        hard = [r.id for r in problem.rules if not r.soft]
        prop_s, _ = _timed(lambda: Propagator(problem, frame=problem.ranges).latest_plan(hard))
        plan_s, plan_answer = _timed(lambda: plan_problem(problem, args.time_limit))
        why_s, why_answer = _timed(lambda: explain_for_problem(problem, time_limit_s=args.time_limit))
        print(f"{funds:>5} {len(problem.events):>6} {len(problem.rules):>5} | {build_s:>7.2f} | {prop_s:>13.3f} | "
              f"{plan_s:>7.2f} {plan_s / TARGET_S:>6.2f} {plan_answer:>13} | "
              f"{why_s:>9.2f} {why_s / TARGET_S:>6.2f} {why_answer:>13}", flush=True)
    print("\n== the same complex with no plan: fund 0's notice 70 to 80 days before its meeting, its record date "
          "at most 50 (plan = the verdict and its explanation; explain = up to 3 conflicts and the fixes) ==")
    header = (f"{'funds':>5} {'events':>6} {'rules':>5} | {'build s':>7} | {'plan s':>7} {'x tgt':>6} {'answer':>13} | "
              f"{'explain s':>9} {'x tgt':>6} {'conflicts':>9}")
    print_header(header)
    for funds in args.funds:
        start = time.perf_counter()
        problem = build_problem(complex_scenario(funds), rulebook=impossible_notice(complex_rulebook(funds)))
        build_s = time.perf_counter() - start
        plan_s, plan_answer = _timed(lambda: plan_problem(problem, args.time_limit))
        start = time.perf_counter()
        why = explain_for_problem(problem, time_limit_s=args.time_limit)
        why_s = time.perf_counter() - start
        print(f"{funds:>5} {len(problem.events):>6} {len(problem.rules):>5} | {build_s:>7.2f} | "
              f"{plan_s:>7.2f} {plan_s / TARGET_S:>6.2f} {plan_answer:>13} | "
              f"{why_s:>9.2f} {why_s / TARGET_S:>6.2f} {len(why.conflicts):>9}", flush=True)
    return 0


def impossible_notice(book: dict) -> dict:
    """Fund 0's bylaw notice window moved past its record date's reach: no plan."""
    for rule in book["rules"]:
        if rule["id"] == "f0-notice-bylaw":
            rule["min_days"], rule["max_days"] = 70, 80
    return book


if __name__ == "__main__":
    sys.exit(main())
