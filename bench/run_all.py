#!/usr/bin/env python3
"""Every benchmark, one after the other: ``python3 tasks.py bench``.

    .venv/bin/python bench/run_all.py

Exits 1 if a benchmark's check of answers disagreed (never for timings).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from _paths import ROOT  # before the planner: this checkout first on sys.path

import date_map_speed  # noqa: E402
import explain_speed  # noqa: E402
import large_rulebook  # noqa: E402
import plan_speed  # noqa: E402
import problem_build  # noqa: E402
import propagation_ratio  # noqa: E402
import recheck_speed  # noqa: E402
import service_slots  # noqa: E402
import whatif_plan_target  # noqa: E402
import whatif_speed  # noqa: E402


def main() -> int:
    os.chdir(ROOT)
    status = 0
    # The issue 14 targets (ratios in one run) after the older figures.
    modules = (plan_speed, explain_speed, date_map_speed, whatif_speed,
               problem_build, propagation_ratio, recheck_speed, whatif_plan_target, large_rulebook, service_slots)
    for module in modules:
        start = time.perf_counter()
        status |= module.main() or 0
        print(f"\n[{Path(module.__file__).name}: {time.perf_counter() - start:.1f} s]\n", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
