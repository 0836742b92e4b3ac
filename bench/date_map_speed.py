#!/usr/bin/env python3
"""How fast a meeting-date map is, against planning each day with CP-SAT.

For each feasible seed scenario, with the by-law date kept and set aside:

* ours: planner.studies.date_map over the 365 days of 2027 (one problem built, the
  exact propagation per day, a minimal conflict per blocked day), median of
  3 runs;
* CP-SAT: planner.plan of the scenario with the meeting pinned by a scenario
  rule, on 12 sample days (the 15th of each month), per day, and that rate
  times 365 for a whole year.

The two must agree on the sample days (exit 1 otherwise); figures only, no
assertions on time.

    .venv/bin/python bench/date_map_speed.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import yaml

from _paths import ROOT  # before the planner: this checkout first on sys.path

import planner  # noqa: E402
from plan_speed import feasible_scenarios, print_header  # noqa: E402
from planner.studies.date_map import PIN_ID  # noqa: E402

SAMPLE = [date(2027, month, 15) for month in range(1, 13)]


def pinned(path: Path, day: date) -> dict:
    data = yaml.safe_load(path.read_text())
    data["rules"] = [r for r in data.get("rules", []) if not (r["kind"] in ("on_date", "date_window") and r["event"] == "meeting")]
    data["rules"].append({"kind": "on_date", "id": PIN_ID, "cite": "bench", "summary": "pin", "source": "operational",
                          "event": "meeting", "date": day.isoformat()})
    return data


def main() -> int:
    os.chdir(ROOT)
    print("== date map speed: 365 days of 2027 ==")
    header = f"{'scenario':<28} {'by-law date':<11} | {'feasible':>8} | {'ours s':>6} | {'CP-SAT ms/day':>13} {'x365 s':>7} | {'ratio':>6}"
    print_header(header)
    status = 0
    for scenario in feasible_scenarios():
        for fixed in ("keep", "set_aside"):
            times, found = [], None
            for _ in range(3):
                start = time.perf_counter()
                found = planner.date_map(scenario, fixed_date=fixed)
                times.append(time.perf_counter() - start)
            ours = statistics.median(times)
            drop = [r.id for r in found.set_aside if r.source in ("bylaw", "statute")]
            per_day = []
            for day in SAMPLE:
                start = time.perf_counter()
                plan = planner.plan(pinned(scenario, day), drop=drop)
                per_day.append(time.perf_counter() - start)
                if (plan.status == "feasible") != found.day(day).feasible:
                    print(f"  DISAGREE on {day}: CP-SAT {plan.status}, map {found.day(day).feasible}")
                    status = 1
            cp_ms = 1000 * statistics.median(per_day)
            year_s = cp_ms * 365 / 1000
            print(f"{scenario.stem:<28} {fixed:<11} | {len(found.feasible_dates()):>8} | {ours:>6.2f} | "
                  f"{cp_ms:>13.1f} {year_s:>7.1f} | {year_s / ours:>5.0f}x")
    return status


if __name__ == "__main__":
    sys.exit(main())
