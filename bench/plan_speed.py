#!/usr/bin/env python3
"""How fast the planner plans the feasible seed scenarios.

For each feasible scenario in scenarios/ (file name without "infeasible"):

* warm solve: the problem is built once (planner.engine.problem.build_problem) and
  planner.verdicts.solve.solve_problem(problem) is timed over repeated calls: median
  milliseconds and plans per second;
* warm plan(): the whole planner.plan(path) call, YAML loading included;
* cold CLI: wall time of ``.venv/bin/planner plan SCENARIO --format json`` in
  a new process, median of 3 runs.

Each figure is printed next to its ratio to the target (5 ms warm, 1 s cold):
measured / target, so 1.00 or less meets the target.  Figures only, no
assertions on time.

    .venv/bin/python bench/plan_speed.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _paths import ROOT  # before the planner: this checkout first on sys.path

import planner  # noqa: E402
from planner.engine.problem import build_problem  # noqa: E402
from planner.engine.propagation import Propagator  # noqa: E402
from planner.verdicts.solve import solve_problem  # noqa: E402

WARM_TARGET_MS = 5.0
COLD_TARGET_S = 1.0
CLI_RUNS = 3
PLANNER_CLI = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "planner"


def print_header(header: str) -> None:
    """A table's column names, underlined to their width (rows follow as they are measured)."""
    print(header)
    print("-" * len(header))


def print_table(header: str, rows: list[str]) -> None:
    print_header(header)
    for row in rows:
        print(row)


def measure(fn, *, min_reps: int, max_reps: int, budget_s: float, warmup: int = 1):
    """Call fn repeatedly; the per-call times (s) and the last result.

    At least min_reps calls, at most max_reps, and no new call once
    budget_s has been spent (after min_reps)."""
    result = None
    for _ in range(warmup):
        result = fn()
    times: list[float] = []
    spent = 0.0
    while len(times) < max_reps and (len(times) < min_reps or spent < budget_s):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return times, result


def interleaved(fns: dict[str, object], *, rounds: int, budget_s: float) -> dict[str, float]:
    """Median seconds per call of each function, called in turn round
    after round (after one untimed call each), so that a change in the
    machine's load falls on all of them alike; at least 5 rounds, then
    until `rounds` or `budget_s` is spent."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()
    spent = 0.0
    while len(next(iter(times.values()))) < rounds and (len(next(iter(times.values()))) < 5 or spent < budget_s):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
            times[name].append(elapsed)
            spent += elapsed
    return {name: statistics.median(values) for name, values in times.items()}


def propagation(problem):
    """The planner's own propagation of a problem, as issue 14 names it:
    the exact propagation the explanations use, every event's window
    under every hard rule (planner.verdicts.explanations.event_windows:
    ``Propagator(problem).windows(hard rules)``)."""
    propagator = Propagator(problem)
    return propagator.windows(list(propagator.bounds))


def feasible_scenarios() -> list[Path]:
    return sorted(p for p in Path("scenarios").glob("*.yaml") if "infeasible" not in p.name)


def cli_times(scenario: Path) -> tuple[list[float], list[int]]:
    times, codes = [], []
    for _ in range(CLI_RUNS):
        start = time.perf_counter()
        done = subprocess.run(
            [str(PLANNER_CLI), "plan", str(scenario), "--format", "json"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        times.append(time.perf_counter() - start)
        codes.append(done.returncode)
    return times, codes


def main() -> int:
    os.chdir(ROOT)
    scenarios = feasible_scenarios()
    print("== plan speed: feasible seed scenarios ==")
    print(f"targets: warm solve {WARM_TARGET_MS:g} ms ({1000 / WARM_TARGET_MS:.0f} plans/s), "
          f"cold CLI {COLD_TARGET_S:g} s; 'x tgt' = measured / target (<= 1.00 meets it)")
    print(f"medians; warm figures after one untimed call; cold = {CLI_RUNS} new processes of "
          f"{PLANNER_CLI.relative_to(ROOT)} plan SCENARIO --format json")
    print()
    header = (f"{'scenario':<28} {'ev':>3} {'rules':>5} | {'solve ms':>8} {'n':>3} {'plans/s':>7} {'x tgt':>6} | "
              f"{'plan() ms':>9} {'n':>3} {'x tgt':>6} | {'CLI s':>6} {'x tgt':>6}")
    print_header(header)
    notes: list[str] = []
    for scenario in scenarios:
        problem = build_problem(str(scenario))
        solve_t, solved = measure(lambda: solve_problem(problem), min_reps=5, max_reps=40, budget_s=1.5)
        plan_t, planned = measure(lambda: planner.plan(str(scenario)), min_reps=5, max_reps=20, budget_s=1.5)
        cold_t, codes = cli_times(scenario)
        solve_ms = 1000 * statistics.median(solve_t)
        plan_ms = 1000 * statistics.median(plan_t)
        cold_s = statistics.median(cold_t)
        print(f"{scenario.stem:<28} {len(problem.events):>3} {len(problem.rules):>5} | "
              f"{solve_ms:>8.2f} {len(solve_t):>3} {1000 / solve_ms:>7.1f} {solve_ms / WARM_TARGET_MS:>6.2f} | "
              f"{plan_ms:>9.2f} {len(plan_t):>3} {plan_ms / WARM_TARGET_MS:>6.2f} | "
              f"{cold_s:>6.3f} {cold_s / COLD_TARGET_S:>6.2f}")
        if solved.status != "feasible" or planned.status != "feasible":
            notes.append(f"{scenario.stem}: status solve={solved.status} plan()={planned.status} (expected feasible)")
        if any(codes):
            notes.append(f"{scenario.stem}: CLI exit codes {codes} (expected 0)")
        spread = ", ".join(f"{t:.3f}" for t in cold_t)
        notes.append(f"{scenario.stem}: CLI runs {spread} s; solve min/max "
                     f"{1000 * min(solve_t):.2f}/{1000 * max(solve_t):.2f} ms")
    print()
    for note in notes:
        print("  " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
