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
        **_overlays(plan),
    }


def _overlays(plan: planner.Plan) -> dict:
    """For a scenario with rule packs (the listed variants): which packs, which
    layer binds each event, the findings and the SEC dates outside the plan."""
    if not plan.packs:
        return {}
    external = plan.external
    return {
        "packs": plan.packs,
        "bound_by": {e.id: e.bound_by for e in plan.events},
        "findings": [f.id for f in plan.findings],
        "external_dates": {d.id: d.date.isoformat() if d.date else None for d in external.dates} if external else {},
        "external_warnings": [w.id for w in external.warnings] if external else [],
    }


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        plan = planner.plan(path)
        (GOLDEN / f"{path.stem}.json").write_text(json.dumps(snapshot(plan), indent=2, sort_keys=True) + "\n")
        print(path.stem, plan.status)


if __name__ == "__main__":
    main()
