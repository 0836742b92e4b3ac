"""Regenerate the golden plans: `.venv/bin/python tests/regen_golden.py`.

Review the diff before committing: a changed date is a changed calendar."""

from __future__ import annotations

import json
from pathlib import Path

import planner

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def snapshot(plan: planner.Plan) -> dict:
    return {
        "status": plan.status,
        "facts": plan.facts,
        "dates": {e.id: e.date.isoformat() if e.date else None for e in plan.events},
        "conflicts": plan.conflicts,
        "margins": {r.id: r.slack_days for r in plan.rules if r.slack_days is not None},
    }


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        plan = planner.plan(path)
        (GOLDEN / f"{path.stem}.json").write_text(json.dumps(snapshot(plan), indent=2, sort_keys=True) + "\n")
        print(path.stem, plan.status)


if __name__ == "__main__":
    main()
