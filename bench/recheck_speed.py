#!/usr/bin/env python3
"""The solver-free re-check and the Plan model of a warm plan, against the
planner's own propagation of the same problem (issue 14).

For each feasible seed scenario, on the problem built once and the dates of
``leximin_plan(problem)`` (medians after one untimed call):

* check_dates: planner.verdicts.checker.check_dates, every rule evaluated
  on the dates (what re-checks every solved plan);
* build_plan: planner.verdicts.solve.build_plan, the checked rules turned
  into the Plan (binding rules, findings, warnings, coverage, SEC
  dates);
* propagation: the planner's own propagation of the problem, as issue 14
  names it (bench.plan_speed.propagation: the explanations' windows).

Prints each step's ratio to the propagation; figures only, no assertions
on time.

    .venv/bin/python bench/recheck_speed.py
"""

from __future__ import annotations

import os
import statistics
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from planner.engine.leximin import leximin_plan  # noqa: E402
from planner.engine.problem import build_problem  # noqa: E402
from planner.verdicts.checker import check_dates  # noqa: E402
from planner.verdicts.solve import build_plan  # noqa: E402
from plan_speed import feasible_scenarios, measure, propagation  # noqa: E402


def _ms(fn, reps: int) -> float:
    times, _ = measure(fn, min_reps=reps, max_reps=10 * reps, budget_s=0.5)
    return 1000 * statistics.median(times)


def main() -> int:
    os.chdir(ROOT)
    print("== re-check and Plan model of a warm plan against the propagation of the same problem ==")
    header = (f"{'scenario':<34} {'ev':>3} {'rules':>5} | {'check_dates ms':>14} {'build_plan ms':>13} | "
              f"{'propagation ms':>14} | {'check ratio':>11} {'build ratio':>11} {'both ratio':>10}")
    print(header)
    print("-" * len(header))
    both_ratios = []
    for scenario in feasible_scenarios():
        problem = build_problem(str(scenario))
        found = leximin_plan(problem)
        if found is None:
            print(f"  {scenario.stem}: expected a plan")
            return 1
        dates = {e: problem.origin + timedelta(days=d) for e, d in found.days.items()}
        facts = {**problem.facts, **found.facts}
        rules = check_dates(problem, dates, facts)
        prop_ms = _ms(lambda: propagation(problem), 50)
        check_ms = _ms(lambda: check_dates(problem, dates, facts), 50)
        build_ms = _ms(lambda: build_plan(problem, "feasible", dates, facts, rules), 50)
        both = (check_ms + build_ms) / prop_ms
        both_ratios.append(both)
        print(f"{scenario.stem:<34} {len(problem.events):>3} {len(problem.rules):>5} | {check_ms:>14.3f} {build_ms:>13.3f} | "
              f"{prop_ms:>14.3f} | {check_ms / prop_ms:>10.2f}x {build_ms / prop_ms:>10.2f}x {both:>9.2f}x")
    print(f"\nre-check and Plan together: {min(both_ratios):.2f}x to {max(both_ratios):.2f}x the propagation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
