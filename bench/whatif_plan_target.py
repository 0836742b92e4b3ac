#!/usr/bin/env python3
"""Plan-mode what-if sweeps against issue 14's target: 10,000 variants in
under 60 s on two cores.

Every variant in plan mode is a full plan (leximin by propagation since
issue 14), re-checked.  The sweep is
bench/whatif_speed.py's grid of the Williams 2027 scenario (printing and
mailing leads, notice waived or not, years), run with 2 worker processes.
By default a sample of 300 variants is timed and the rate projected to
10,000 (``--variants 10000`` runs them all; minutes at today's speed).
Prints the projected time and its ratio to 60 s (<= 1.00 meets it).

    .venv/bin/python bench/whatif_plan_target.py [--variants N] [--workers N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from planner.studies.parallel import available_cores  # noqa: E402
from whatif_speed import sweep  # noqa: E402

TARGET_VARIANTS, TARGET_S = 10_000, 60.0


def main(argv: list[str] | None = None) -> int:
    argv = [] if argv is None and Path(sys.argv[0]).name != Path(__file__).name else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=300, help="a multiple of 100 (default 300)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"== what-if plan mode: {TARGET_VARIANTS} variants in {TARGET_S:g} s on 2 cores "
          f"({args.workers} workers, {available_cores()} cores available) ==")
    elapsed, rows = sweep(args.variants, "plan", args.workers)
    rate = args.variants / elapsed
    projected = TARGET_VARIANTS / rate
    feasible = sum(r.status == "feasible" for r in rows)
    print(f"{args.variants} variants ({feasible} feasible) in {elapsed:.1f} s: {rate:.1f} variants/s; "
          f"{TARGET_VARIANTS} would take {projected:.0f} s, {projected / TARGET_S:.2f}x the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
