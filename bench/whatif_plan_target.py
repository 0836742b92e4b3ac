#!/usr/bin/env python3
"""Plan-mode what-if sweeps against issue 14's target: 10,000 variants in
under 60 s on two cores.

Every variant in plan mode is a full plan (leximin on the propagation
since issue 14), re-checked; an infeasible one comes with its minimal
conflicts, days short and smallest fix.  The sweep is
bench/whatif_speed.py's grid of the Williams 2027 scenario (printing and
mailing leads, notice waived or not, years), run with 2 worker processes.
A sample (default 300 variants) is timed and the rate projected to 10,000.

Side by side in one run, two grids: the mixed one (78% feasible) and the
same with printing leads of 2 to 20 business days (every variant feasible,
so no conflict to explain).

Then, in one process, the time of a feasible and of an infeasible variant
and the share of each part (building the problem, solving, explaining a
conflict, the rest).  Prints each projection's ratio to 60 s (<= 1.00
meets it) and the load average.  Figures only.

    .venv/bin/python bench/whatif_plan_target.py [--variants N] [--workers N] [--grid mixed|feasible|both]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import _paths  # noqa: F401 -- before the planner: this checkout first on sys.path

import planner.studies.variants as variants  # noqa: E402
import planner.verdicts.answers as answers  # noqa: E402
from planner.studies.parallel import available_cores  # noqa: E402
from planner.studies.variants import _Prepared, prepare_sweep  # noqa: E402
from whatif_speed import BASE, FEASIBLE_LEADS, grid, sweep  # noqa: E402
from plan_speed import print_header  # noqa: E402  (bench/ is on sys.path)

TARGET_VARIANTS, TARGET_S = 10_000, 60.0


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


class _Timer:
    """Seconds spent in a few functions (wrapped for one process, then put back)."""

    def __init__(self, targets: list[tuple[object, str, str]]):
        self.targets, self.spent, self.saved = targets, {}, []

    def __enter__(self):
        for module, name, label in self.targets:
            real = getattr(module, name)
            self.saved.append((module, name, real))

            def timed(*args, _real=real, _label=label, **kwargs):
                start = time.perf_counter()
                try:
                    return _real(*args, **kwargs)
                finally:
                    self.spent[_label] = self.spent.get(_label, 0.0) + time.perf_counter() - start

            setattr(module, name, timed)
        return self

    def __exit__(self, *exc):
        for module, name, real in reversed(self.saved):
            setattr(module, name, real)


def _parts(variants_n: int = 100) -> str:
    """Per variant, one process: where the time goes, feasible and infeasible apart."""
    spec, _, _ = prepare_sweep(BASE, grid(variants_n), mode="plan")
    prepared = _Prepared(spec)
    out = []
    spent: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    targets = [(variants, "build_problem", "build"), (answers, "solve_problem", "solve"),
               (answers, "explain_problem", "explain")]
    for index in range(len(spec)):
        with _Timer(targets) as timer:
            start = time.perf_counter()
            row = prepared.row(index)
            total = time.perf_counter() - start
        parts = spent.setdefault(row.status, {"total": 0.0})
        parts["total"] += total
        for label, seconds in timer.spent.items():
            parts[label] = parts.get(label, 0.0) + seconds
        counts[row.status] = counts.get(row.status, 0) + 1
    for status, parts in spent.items():
        n = counts[status]
        rest = parts["total"] - sum(v for k, v in parts.items() if k != "total")
        shown = ", ".join(f"{label} {1000 * parts.get(label, 0) / n:.1f}" for label in ("build", "solve", "explain")
                          if parts.get(label))
        out.append(f"  {status:<10} {n:>3} variants: {1000 * parts['total'] / n:7.1f} ms each "
                   f"({shown}, the rest {1000 * rest / n:.1f} ms)")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = [] if argv is None and Path(sys.argv[0]).name != Path(__file__).name else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=300, help="a multiple of 100 (default 300)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--grid", choices=("mixed", "feasible", "both"), default="both")
    args = parser.parse_args(argv)
    print(f"== what-if plan mode: {TARGET_VARIANTS} variants in {TARGET_S:g} s on 2 cores "
          f"({args.workers} workers, {available_cores()} cores available) ==")
    print(f"load average before: {_load()}")
    header = (f"{'grid':<9} {'variants':>8} {'feasible':>8} {'time s':>7} {'variants/s':>10} "
              f"{'10,000 in':>9} {'x target':>8}")
    print_header(header)
    for name, leads in (("mixed", None), ("feasible", FEASIBLE_LEADS)):
        if args.grid not in ("both", name):
            continue
        elapsed, rows = sweep(args.variants, "plan", args.workers, *([leads] if leads else []))
        rate = args.variants / elapsed
        projected = TARGET_VARIANTS / rate
        feasible = sum(r.status == "feasible" for r in rows)
        print(f"{name:<9} {args.variants:>8} {feasible:>8} {elapsed:>7.1f} {rate:>10.1f} "
              f"{projected:>8.0f}s {projected / TARGET_S:>8.2f}", flush=True)
    print("Where a variant's time goes (one process, the first 100 variants; ms):")
    print(_parts(), flush=True)
    print(f"load average after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
