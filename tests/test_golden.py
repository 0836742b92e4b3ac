"""Golden plans for the bundled scenarios, each re-checked without a solver."""

from __future__ import annotations

import json

import pytest

import planner
from tests.regen_golden import GOLDEN, ROOT, snapshot

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_every_scenario_has_a_golden_plan():
    assert {p.stem for p in SCENARIOS} == {p.stem for p in GOLDEN.glob("*.json")}, "run tests/regen_golden.py"


def test_seed_scenarios_cover_the_four_bylaws_and_two_infeasible_cases():
    names = {p.stem for p in SCENARIOS}
    for stem in ("natural-gas-services-2027", "porter-mcleod-2027", "williams-natural-gas-2027", "cleco-utility-2027"):
        assert stem in names
    assert sum("infeasible" in n for n in names) >= 2


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_plan_matches_golden(path):
    expected = json.loads((GOLDEN / f"{path.stem}.json").read_text())
    assert snapshot(planner.plan(path)) == expected, f"plan of {path.name} changed; review, then run tests/regen_golden.py"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_plan_passes_the_solver_free_check(path):
    plan = planner.plan(path)
    if plan.status == "infeasible":
        assert plan.conflicts and all(plan.conflicts)
        return
    checked = planner.check(path, {"events": plan.dates(), "facts": plan.facts})
    assert checked.status == "compliant"
    assert all(r.status in ("satisfied", "not_applicable") or r.source == "preference" for r in checked.rules)


@pytest.mark.parametrize("year", [2026, 2028, 2030, 2033, 2040])
@pytest.mark.parametrize("stem", ["natural-gas-services-2027", "porter-mcleod-2027", "williams-natural-gas-2027", "cleco-utility-2027"])
def test_seed_scenarios_plan_other_years(stem, year):
    plan = planner.plan(ROOT / "scenarios" / f"{stem}.yaml", year=year)
    assert plan.status == "feasible"
    assert plan.year == year
    meeting = next(e for e in plan.events if e.id == "meeting")
    assert meeting.date.year == year


def test_same_day_events_are_listed_in_the_order_they_happen():
    from typing import get_args

    from planner.model.documents import EventKind
    from planner.verdicts.solve import _SAME_DAY_ORDER

    assert set(_SAME_DAY_ORDER) == set(get_args(EventKind)), "give every event kind a place in _SAME_DAY_ORDER"
    plan = planner.plan(ROOT / "scenarios" / "natural-gas-services-2027.yaml")
    ids = [e.id for e in plan.events]
    assert ids.index("meeting") < ids.index("board_meeting")  # the board meets right after the shareholders
    assert ids.index("special_board_meeting") < ids.index("record_date_resolution")
