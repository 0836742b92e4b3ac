#!/usr/bin/env python3
"""The plans of this engine against the golden plans, scenario by scenario.

For each feasible scenario in scenarios/, the plan's dates (the golden one
in tests/golden, and the one planner.plan gives now) are fixed in the
CP-SAT model and the objective's terms read off (planner.engine.compiler:
preferences kept, worth of legal margins, worth of operational margins,
days of margin past the cap).  Printed side by side, with the smallest
legal and operational margin of each plan; "worse" marks a plan whose
objective is lower than the golden one's.  Figures only, no timing.

    .venv/bin/python bench/margins_vs_golden.py
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ortools.sat.python import cp_model  # noqa: E402

import planner  # noqa: E402
from planner.engine.compiler import compile_problem  # noqa: E402
from planner.engine.problem import build_problem  # noqa: E402
from planner.verdicts.checker import check_dates  # noqa: E402
from planner.verdicts.solve import new_solver  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


def objective(problem, dates: dict[str, date], facts: dict) -> int | None:
    """The objective of these dates, or None if they fall outside the model."""
    compiled = compile_problem(problem)
    model = compiled.model
    for event, var in compiled.events.items():
        if event in dates:
            model.add(var == (dates[event] - problem.origin).days)
    for fact, options in compiled.choice_literals.items():
        for value, literal in options.items():
            model.add(literal == int(value == facts.get(fact)))
    for literal in compiled.rule_literals.values():
        model.add(literal == 1)
    solver = new_solver(30)
    status = solver.solve(model)
    return round(solver.objective_value) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def least_margins(problem, dates, facts) -> tuple[int | None, int | None]:
    rules = check_dates(problem, dates, facts)
    legal = [r.slack_days for r in rules if r.slack_days is not None and r.source in ("statute", "bylaw")]
    other = [r.slack_days for r in rules if r.slack_days is not None and r.source == "operational"]
    return (min(legal) if legal else None, min(other) if other else None)


def main() -> int:
    worse = 0
    print(f"{'scenario':42} {'golden objective':>20} {'new objective':>20}  least legal/operational margin (golden -> new)")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        golden = json.loads((GOLDEN / f"{path.stem}.json").read_text())
        if golden["status"] != "feasible":
            continue
        problem = build_problem(path)
        old_dates = {e: date.fromisoformat(d) for e, d in golden["dates"].items() if d}
        new = planner.plan(path)
        new_dates = {e.id: e.date for e in new.events if e.date}
        old_value = objective(problem, old_dates, golden["facts"])
        new_value = objective(problem, new_dates, new.facts)
        flag = "  worse" if old_value is not None and (new_value or 0) < old_value else ""
        worse += bool(flag)
        old_least = least_margins(problem, old_dates, golden["facts"])
        new_least = least_margins(problem, new_dates, new.facts)
        print(f"{path.stem:42} {old_value!s:>20} {new_value!s:>20}  {old_least} -> {new_least}{flag}")
    print(f"\n{worse} scenario(s) with a lower objective than the golden plan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
