#!/usr/bin/env python3
"""How fast what-if sweeps run, and how the cost grows with the variants.

The base is the bundled Williams 2027 scenario.  A sweep of N variants
varies the printer's lead (5 to 50 business days by 5; the longest leads
leave no calendar), the mailing house's lead (1 to 5 business days), whether
notice is waived, and the year (from 2027 on, N / 100 years), so every size
has the same mix of feasible and infeasible variants:

    N = 10 printing leads x 5 mailing leads x 2 waivers x N/100 years

A second screen sweep (screen*) takes printing leads of 2 to 20 business
days, so every variant is feasible.

For each N: wall time of planner.studies.whatif's engine (prepare_sweep + run_sweep,
process start-up included) in screen mode (no solver) and in plan mode
(CP-SAT, every plan re-checked), variants per second, and the ratio to the
target (10,000 variants in 15 s on 2 cores).  It also checks that the rows
of 2 workers are those of 1 worker (exit 1 if not).  Figures only, no
assertions on time.

    .venv/bin/python bench/whatif_speed.py [--plan-up-to N] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _paths import ROOT  # before the planner: this checkout first on sys.path

from planner.studies.parallel import available_cores, run_sweep  # noqa: E402
from planner.studies.variants import prepare_sweep  # noqa: E402
from plan_speed import print_header  # noqa: E402  (bench/ is on sys.path)

BASE = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
TARGET_VARIANTS, TARGET_S = 10_000, 15.0
SIZES = (100, 300, 1000, 3000, 10_000)


def grid(variants: int, leads: range = range(5, 55, 5)) -> dict:
    years = variants // 100
    return {
        "year": list(range(2027, 2027 + years)),
        "rules.printing-lead.min_days": list(leads),
        "rules.mailing-after-printing.min_days": [1, 2, 3, 4, 5],
        "facts.notice_waived": [False, True],
    }


# Leads of 2 to 20 business days: every variant has a calendar.
FEASIBLE_LEADS = range(2, 22, 2)


def sweep(variants: int, mode: str, workers: int, leads: range = range(5, 55, 5)):
    start = time.perf_counter()
    spec, _, _ = prepare_sweep(BASE, grid(variants, leads), mode=mode)
    rows = run_sweep(spec, workers=workers)
    elapsed = time.perf_counter() - start
    assert len(rows) == variants
    return elapsed, rows


def main(argv: list[str] | None = None) -> int:
    # run_all.py calls main() with no arguments: its own command line is not ours.
    argv = [] if argv is None and Path(sys.argv[0]).name != Path(__file__).name else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan-up-to", type=int, default=300, help="largest sweep to run in plan mode (default 300)")
    parser.add_argument("--workers", type=int, default=min(2, available_cores()))
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    workers = args.workers
    print("== what-if speed: sweeps of the Williams 2027 scenario ==")
    print(f"target: {TARGET_VARIANTS} variants in {TARGET_S:g} s on 2 cores ({TARGET_VARIANTS / TARGET_S:.0f} variants/s); "
          f"{workers} worker processes, {available_cores()} cores available; 'x tgt' = needed time at this rate for "
          f"{TARGET_VARIANTS} / {TARGET_S:g} s (<= 1.00 meets it)")
    print()
    header = (f"{'mode':<7} {'variants':>8} {'feasible':>8} {'time s':>8} {'variants/s':>10} {'ms/variant':>10} "
              f"{'x tgt':>6}")
    print_header(header)
    status = 0
    runs = [("screen", None), ("screen", FEASIBLE_LEADS), ("plan", None)]
    for mode, leads in runs:
        for size in SIZES:
            if mode == "plan" and size > args.plan_up_to or leads and size not in (1000, 10_000):
                continue
            elapsed, rows = sweep(size, mode, workers, *([leads] if leads else []))
            rate = size / elapsed
            feasible = sum(r.status == "feasible" for r in rows)
            needed = TARGET_VARIANTS / rate
            print(f"{mode + ('*' if leads else ''):<7} {size:>8} {feasible:>8} {elapsed:>8.2f} {rate:>10.0f} {1000 * elapsed / size:>10.2f} "
                  f"{needed / TARGET_S:>6.2f}", flush=True)
    print("  screen*: leads of 2 to 20 business days, so every variant is feasible")
    print()
    # Where the time goes, one process: a feasible variant needs one propagation (its windows);
    # an infeasible one a deletion pass of many (its minimal conflicts).
    from planner.studies.variants import _Prepared

    for mode in ("screen", "plan"):
        spec, _, _ = prepare_sweep(BASE, grid(100), mode=mode)
        prepared, spent = _Prepared(spec), {"feasible": [], "infeasible": []}
        for index in range(len(spec)):
            start = time.perf_counter()
            row = prepared.row(index)
            spent[row.status].append(time.perf_counter() - start)
        print(f"  {mode}, one process, 100 variants: " + "; ".join(
            f"{status} {len(times)} at {1000 * sum(times) / len(times):.1f} ms each" for status, times in spent.items() if times))
    for mode in ("screen", "plan"):
        _, alone = sweep(100, mode, 1)
        _, pooled = sweep(100, mode, workers)
        same = alone == pooled
        print(f"  {mode}: rows of {workers} workers == rows of 1 worker (100 variants): {same}")
        status |= 0 if same else 1
    return status


if __name__ == "__main__":
    sys.exit(main())
