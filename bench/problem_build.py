#!/usr/bin/env python3
"""Building the problem of each feasible seed scenario, against the
planner's own propagation of it (issue 14: a warm plan at most 3x the
propagation, so building must cost a small part of that).

Medians of 30 calls after one untimed call, side by side in one process:

* afresh: ``build_problem(path, reuse=False)``: the problem built again
  (the parsed scenario, rulebook and packs are still kept while their
  files are unchanged);
* kept: ``build_problem(path)`` as a warm ``planner.plan(path)`` calls it:
  the problem kept from the first call, every file it read checked
  unchanged (planner.model.file_state), and a copy handed out;
* propagation: the planner's own propagation of the problem, as issue 14
  names it (bench.plan_speed.propagation: the explanations' windows).

Prints each as a ratio to the propagation.  Figures only, no assertions on
time; the check that kept and afresh problems agree is an answer check
(exit 1 if they differ).

    .venv/bin/python bench/problem_build.py
"""

from __future__ import annotations

import os
import statistics
import sys

from _paths import ROOT  # before the planner: this checkout first on sys.path

from planner.engine.problem import build_problem  # noqa: E402
from plan_speed import feasible_scenarios, measure, print_header, propagation  # noqa: E402

REPS = 30


def median_ms(fn) -> float:
    times, _ = measure(fn, min_reps=REPS, max_reps=REPS, budget_s=0.0)
    return 1000 * statistics.median(times)


def main() -> int:
    os.chdir(ROOT)
    print("== building the problem against propagating it (a warm plan reuses the kept problem) ==")
    header = f"{'scenario':<38} | {'afresh ms':>9} {'ratio':>7} | {'kept ms':>8} {'ratio':>7} | {'propagation ms':>14}"
    print_header(header)
    status = 0
    for scenario in feasible_scenarios():
        path = str(scenario)
        problem = build_problem(path)
        afresh = median_ms(lambda: build_problem(path, reuse=False))
        kept = median_ms(lambda: build_problem(path))
        windows = median_ms(lambda: propagation(problem))
        print(f"{scenario.stem:<38} | {afresh:>9.3f} {afresh / windows:>6.1f}x | {kept:>8.3f} {kept / windows:>6.2f}x | "
              f"{windows:>14.3f}")
        fresh = build_problem(path, reuse=False)
        if (fresh.ranges, sorted(r.id for r in fresh.rules)) != (problem.ranges, sorted(r.id for r in problem.rules)):
            print(f"  {scenario.stem}: the kept problem differs from one built afresh")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
