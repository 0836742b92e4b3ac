#!/usr/bin/env python3
"""A warm plan of each feasible seed scenario against the planner's own
propagation of the same problem (issue 14: at most 3x).

Side by side in one process, medians after one untimed call:

* plan: ``planner.plan(path)``, the whole call (rulebook cached by content
  hash, problem built, CP-SAT, re-check);
* solve: ``leximin_plan(problem)`` alone (planner.engine.leximin, the plan
  objective since issue 14) on the problem built once;
* propagation: ``Propagator(problem, frame=problem.ranges).latest_plan(hard
  rules)`` on the problem built once: a plan that holds, with no objective.

Prints each ratio plan / propagation (<= 3.00 meets the target) and the
solve step's own ratio to the propagation.  Figures
only, no assertions on time.

    .venv/bin/python bench/propagation_ratio.py
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import planner  # noqa: E402
from planner.engine.leximin import leximin_plan  # noqa: E402
from planner.engine.problem import build_problem  # noqa: E402
from planner.engine.propagation import Propagator  # noqa: E402
from plan_speed import feasible_scenarios, measure  # noqa: E402

TARGET_RATIO = 3.0


def main() -> int:
    os.chdir(ROOT)
    print("== warm plan against the planner's own propagation (target: ratio <= 3) ==")
    header = (f"{'scenario':<34} {'ev':>3} {'rules':>5} | {'plan() ms':>9} | {'solve ms':>8} | {'propagation ms':>14} | "
              f"{'ratio':>7} {'met':>4} | {'solve ratio':>11} | {'vs build+prop':>13}")
    print(header)
    print("-" * len(header))
    ratios, solve_ratios, built_ratios = [], [], []
    for scenario in feasible_scenarios():
        problem = build_problem(str(scenario))
        hard = [r.id for r in problem.rules if not r.soft]
        prop_t, found = measure(lambda: Propagator(problem, frame=problem.ranges).latest_plan(hard),
                                min_reps=20, max_reps=400, budget_s=0.5)
        solve_t, _ = measure(lambda: leximin_plan(problem), min_reps=10, max_reps=200, budget_s=1.0)
        plan_t, planned = measure(lambda: planner.plan(str(scenario)), min_reps=5, max_reps=20, budget_s=1.5)
        # For information, not the target: the problem built afresh from the same file and propagated.
        built_t, _ = measure(lambda: Propagator(p := build_problem(str(scenario), reuse=False), frame=p.ranges).latest_plan(hard),
                             min_reps=5, max_reps=40, budget_s=1.0)
        prop_ms, plan_ms = 1000 * statistics.median(prop_t), 1000 * statistics.median(plan_t)
        solve_ms = 1000 * statistics.median(solve_t)
        ratio, solve_ratio = plan_ms / prop_ms, solve_ms / prop_ms
        built_ratio = plan_ms / (1000 * statistics.median(built_t))
        ratios.append(ratio)
        solve_ratios.append(solve_ratio)
        built_ratios.append(built_ratio)
        print(f"{scenario.stem:<34} {len(problem.events):>3} {len(problem.rules):>5} | {plan_ms:>9.1f} | "
              f"{solve_ms:>8.2f} | {prop_ms:>14.2f} | {ratio:>6.0f}x {'yes' if ratio <= TARGET_RATIO else 'no':>4} | "
              f"{solve_ratio:>10.1f}x | {built_ratio:>12.1f}x")
        if found is None or planned.status != "feasible":
            print(f"  {scenario.stem}: expected a plan from both")
            return 1
    print(f"\nmet on {sum(r <= TARGET_RATIO for r in ratios)} of {len(ratios)}; ratios {min(ratios):.0f}x to {max(ratios):.0f}x; "
          f"the solve step alone {min(solve_ratios):.1f}x to {max(solve_ratios):.1f}x the propagation; "
          f"plan() {min(built_ratios):.1f}x to {max(built_ratios):.1f}x building the problem and propagating it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
