#!/usr/bin/env python3
"""The plans of this engine against the golden plans, scenario by scenario.

For each feasible scenario in scenarios/, the golden plan (tests/golden, as
committed) and the plan planner.plan gives now, side by side:

* the smallest legal margin and the sorted vector of capped legal margins
  (then operational ones): the plan objective since issue 14 is leximin
  (planner.engine.leximin), so the new vector must be no worse in leximin
  order ("worse" marks one that is);
* the weighted objective of before issue 14 (planner.engine.compiler: the
  golden and new dates fixed in the CP-SAT model and its terms read off),
  so a scenario where the old objective prefers the old plan is listed
  with its margins, the stated reason the issue asks for.

Figures only, no timing.

    .venv/bin/python bench/margins_vs_golden.py
"""

from __future__ import annotations

import json
import sys
from datetime import date

from _paths import ROOT  # before the planner: this checkout first on sys.path

from ortools.sat.python import cp_model  # noqa: E402

import planner  # noqa: E402
from planner.engine.compiler import compile_problem  # noqa: E402
from planner.engine.leximin import margin_sides, margin_vector  # noqa: E402
from planner.engine.propagation import Propagator  # noqa: E402
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


def vector(problem, dates: dict[str, date], facts: dict) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sorted capped legal and operational margins (planner.engine.leximin)."""
    sides = margin_sides(problem, Propagator(problem, frame=problem.ranges).bounds)
    days = {e: (d - problem.origin).days for e, d in dates.items()}
    applying = {r.id for r in problem.rules if all(facts.get(f) in values for f, values in problem.conditions(r))}
    return margin_vector(sides, days, applying)


def short(values: tuple[int, ...]) -> str:
    """A vector as runs: 0 3x5 30x12."""
    return " ".join(f"{v}x{n}" if n > 1 else str(v) for v, n in ((v, values.count(v)) for v in sorted(set(values))))


def main() -> int:
    worse, preferred = 0, []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        golden = json.loads((GOLDEN / f"{path.stem}.json").read_text())
        if golden["status"] != "feasible":
            continue
        problem = build_problem(path)
        old_dates = {e: date.fromisoformat(d) for e, d in golden["dates"].items() if d}
        new = planner.plan(path)
        new_dates = {e.id: e.date for e in new.events if e.date}
        old_vec, new_vec = vector(problem, old_dates, golden["facts"]), vector(problem, new_dates, new.facts)
        old_value = objective(problem, old_dates, golden["facts"])
        new_value = objective(problem, new_dates, new.facts)
        flag = "  WORSE" if new_vec < old_vec else ("  same" if new_vec == old_vec else "  better")
        worse += new_vec < old_vec
        print(f"{path.stem}{flag}")
        print(f"  least legal margin  {min(old_vec[0], default=None)} -> {min(new_vec[0], default=None)}")
        print(f"  legal (golden)      {short(old_vec[0])}")
        print(f"  legal (new)         {short(new_vec[0])}")
        print(f"  operational         {short(old_vec[1])}  ->  {short(new_vec[1])}")
        print(f"  weighted objective  {old_value} -> {new_value}")
        if old_value is not None and (new_value is None or new_value < old_value):
            preferred.append(path.stem)
    print(f"\n{worse} scenario(s) worse than the golden plan in leximin order")
    print(f"the old weighted objective prefers the golden plan in: {', '.join(preferred) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
