#!/usr/bin/env python3
"""What a warm plan does outside its solve step, against the planner's own
propagation of the same problem (issue 14).

For each feasible seed scenario, called in turn round after round (medians,
after one untimed call; bench.plan_speed.interleaved):

* plan: ``planner.plan(path)``, the whole warm call;
* outside the solve: the same call with the solve step
  (``leximin_plan``, the lead's part) answered at once with the answer it
  gave before, so what is timed is all the rest of a warm plan: the look
  at the kept problem's files, the glue of the API, the independent
  re-check and the Plan model (SEC dates, warnings, coverage);
* check_dates: planner.verdicts.checker.check_dates alone, every rule
  evaluated on the plan's dates (what re-checks every solved plan);
* build_plan: planner.verdicts.solve.build_plan alone, the checked rules
  turned into the Plan;
* propagation: the planner's own propagation of the problem, as issue 14
  names it (bench.plan_speed.propagation: the explanations' windows).

Prints each ratio to the propagation (the issue's aim for the part
outside the solve: at most 0.75x); figures only, no assertions on time.
The stand-in for the solve step is used only while its row is timed.

    .venv/bin/python bench/recheck_speed.py
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import timedelta

from _paths import ROOT  # before the planner: this checkout first on sys.path

import planner  # noqa: E402
from planner.engine.leximin import leximin_plan  # noqa: E402
from planner.engine.problem import build_problem  # noqa: E402
from planner.verdicts import solve  # noqa: E402
from planner.verdicts.checker import check_dates  # noqa: E402
from planner.verdicts.solve import build_plan  # noqa: E402
from plan_speed import feasible_scenarios, interleaved, print_header, propagation  # noqa: E402

AIM = 0.75  # the part outside the solve step, against the propagation


@contextlib.contextmanager
def solved_as(found):
    """The solve step answered at once with `found`, inside the block only."""
    real = solve.leximin_plan
    solve.leximin_plan = lambda problem, deadline=None: found
    try:
        yield
    finally:
        solve.leximin_plan = real


def main() -> int:
    os.chdir(ROOT)
    print("== a warm plan outside its solve step, against the propagation of the same problem ==")
    header = (f"{'scenario':<34} {'ev':>3} {'rules':>5} | {'plan() ms':>9} {'outside ms':>10} | {'check_dates':>11} "
              f"{'build_plan':>10} | {'propagation':>11} | {'outside':>8} {'check':>6} {'build':>6}")
    print_header(header)
    ratios = []
    for scenario in feasible_scenarios():
        path = str(scenario)
        problem = build_problem(path)
        found = leximin_plan(problem)
        if found is None:
            print(f"  {scenario.stem}: expected a plan")
            return 1
        dates = {e: problem.origin + timedelta(days=d) for e, d in found.days.items()}
        facts = {**problem.facts, **found.facts}
        rules = check_dates(problem, dates, facts)
        expected = planner.plan(path).model_dump_json()
        with solved_as(found):
            if planner.plan(path).model_dump_json() != expected:
                print(f"  {scenario.stem}: the stand-in for the solve step changed the plan")
                return 1

        def outside(stand_in=lambda problem, deadline=None: found):
            # Not the context manager: its own cost is no part of a plan.
            real, solve.leximin_plan = solve.leximin_plan, stand_in
            try:
                planner.plan(path)
            finally:
                solve.leximin_plan = real

        t = interleaved({
            "plan": lambda: planner.plan(path),
            "outside": outside,
            "check": lambda: check_dates(problem, dates, facts),
            "build": lambda: build_plan(problem, "feasible", dates, facts, rules),
            "propagation": lambda: propagation(problem),
        }, rounds=400, budget_s=2.0)
        prop = t["propagation"]
        ratios.append(t["outside"] / prop)
        print(f"{scenario.stem:<34} {len(problem.events):>3} {len(problem.rules):>5} | {1000 * t['plan']:>9.3f} "
              f"{1000 * t['outside']:>10.3f} | {1000 * t['check']:>11.3f} {1000 * t['build']:>10.3f} | "
              f"{1000 * prop:>11.3f} | {t['outside'] / prop:>7.2f}x {t['check'] / prop:>5.2f}x {t['build'] / prop:>5.2f}x")
    print(f"\noutside the solve step: {min(ratios):.2f}x to {max(ratios):.2f}x the propagation; "
          f"within {AIM}x on {sum(r <= AIM for r in ratios)} of {len(ratios)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
