#!/usr/bin/env python3
"""A warm plan of each feasible seed scenario against the planner's own
propagation of the same problem (issue 14: at most 3x).

Side by side in one process, each called in turn round after round
(medians, after one untimed call):

* plan: ``planner.plan(path)``, the whole call: the problem kept from the
  first call (its files checked unchanged), the plan objective
  (planner.engine.leximin, each level tried first where the last plan
  found it, and proved there by two trials), the independent re-check and
  the Plan model;
* plan, searched: the same call with those hints forgotten before it
  (planner.engine.leximin.forget_hints), every level searched as on the
  first plan of a problem;
* solve: ``leximin_plan(problem)`` alone, on the problem built once;
* propagation: the planner's own propagation of the problem, as the issue
  names it: the exact propagation the explanations use, every event's
  window under every hard rule (bench.plan_speed.propagation:
  ``Propagator(problem).windows(hard rules)``).

Prints each ratio plan / propagation (<= 3.00 meets the target), the
searched plan's and the solve step's own ratio.  For information, not the target: plan against
one plan that holds with no objective (``Propagator(problem,
frame=problem.ranges).latest_plan(hard rules)``), a lighter propagation
than the windows.  Figures only, no assertions on time.

    .venv/bin/python bench/propagation_ratio.py
"""

from __future__ import annotations

import os
import sys

from _paths import ROOT  # before the planner: this checkout first on sys.path

import planner  # noqa: E402
from planner.engine.leximin import forget_hints, leximin_plan  # noqa: E402
from planner.engine.problem import build_problem  # noqa: E402
from planner.engine.propagation import Propagator  # noqa: E402
from plan_speed import feasible_scenarios, interleaved, print_header, propagation  # noqa: E402

TARGET_RATIO = 3.0


def main() -> int:
    os.chdir(ROOT)
    print("== warm plan against the planner's own propagation (the windows; target: ratio <= 3) ==")
    header = (f"{'scenario':<34} {'ev':>3} {'rules':>5} | {'plan() ms':>9} | {'solve ms':>8} | {'propagation ms':>14} | "
              f"{'ratio':>6} {'met':>4} | {'searched':>8} | {'solve ratio':>11} | {'vs one plan':>11}")
    print_header(header)
    ratios, searched_ratios, solve_ratios, plain_ratios = [], [], [], []
    for scenario in feasible_scenarios():
        problem = build_problem(str(scenario))
        kept = build_problem(str(scenario), copy=False)  # the problem planner.plan(path) plans

        def searched(path=str(scenario), kept=kept):
            forget_hints(kept)
            return planner.plan(path)
        hard = [r.id for r in problem.rules if not r.soft]
        if propagation(problem) is None or planner.plan(str(scenario)).status != "feasible":
            print(f"  {scenario.stem}: expected a plan and windows")
            return 1
        t = interleaved({
            "plan": lambda: planner.plan(str(scenario)),
            "searched": searched,
            "solve": lambda: leximin_plan(problem),
            "propagation": lambda: propagation(problem),
            "one plan": lambda: Propagator(problem, frame=problem.ranges).latest_plan(hard),
        }, rounds=200, budget_s=2.0)
        ratio, solve_ratio = t["plan"] / t["propagation"], t["solve"] / t["propagation"]
        plain_ratio = t["plan"] / t["one plan"]
        ratios.append(ratio)
        searched_ratios.append(t["searched"] / t["propagation"])
        solve_ratios.append(solve_ratio)
        plain_ratios.append(plain_ratio)
        print(f"{scenario.stem:<34} {len(problem.events):>3} {len(problem.rules):>5} | {1000 * t['plan']:>9.2f} | "
              f"{1000 * t['solve']:>8.2f} | {1000 * t['propagation']:>14.2f} | {ratio:>5.1f}x "
              f"{'yes' if ratio <= TARGET_RATIO else 'no':>4} | {searched_ratios[-1]:>7.1f}x | {solve_ratio:>10.1f}x | "
              f"{plain_ratio:>10.1f}x")
    print(f"\nmet on {sum(r <= TARGET_RATIO for r in ratios)} of {len(ratios)}; ratios {min(ratios):.1f}x to "
          f"{max(ratios):.1f}x; searched (no hints) {min(searched_ratios):.1f}x to {max(searched_ratios):.1f}x; "
          f"the solve step alone {min(solve_ratios):.1f}x to {max(solve_ratios):.1f}x the "
          f"propagation; for information, plan() {min(plain_ratios):.0f}x to {max(plain_ratios):.0f}x one plan with "
          f"no objective")
    return 0


if __name__ == "__main__":
    sys.exit(main())
