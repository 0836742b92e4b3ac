"""Plans warn about dates that break no rule but fall on a legal holiday or
a closure (python-holidays is the oracle here, not the planner's calendar)."""

from __future__ import annotations

import re
from datetime import date

import holidays
import pytest

import planner
from planner.outputs.render import render_plan
from tests.helpers import CLECO, NGS, PORTER, WILLIAMS

STATE = {CLECO: "LA", NGS: "CO", PORTER: "DE", WILLIAMS: "DE"}


def warned(plan: planner.Plan) -> set[str]:
    return {re.search(r"\((\w+)\) falls on", w).group(1) for w in plan.warnings if " falls on " in w}


@pytest.mark.parametrize("path", list(STATE), ids=lambda p: p.stem)
@pytest.mark.parametrize("year", [2027, 2030, 2033])
def test_warnings_name_exactly_the_events_on_legal_holidays(path, year):
    plan = planner.plan(path, year=year)
    assert plan.status == "feasible"
    on_holiday = {e.id for e in plan.events
                  if e.date and e.date in holidays.country_holidays("US", subdiv=STATE[path], years=e.date.year)}
    assert warned(plan) == on_holiday


def test_cleco_2030_meeting_on_good_friday_is_flagged():
    """Art. II §3 fixes the date with no holiday rollover: in 2030 the third
    Friday after the first Monday of April is Good Friday, a Louisiana holiday."""
    plan = planner.plan(CLECO, year=2030)
    meeting = plan.dates()["meeting"]
    assert meeting == date(2030, 4, 19) and holidays.US(subdiv="LA", years=2030).get(meeting) == "Good Friday"
    assert any(w.startswith("Meeting of shareholders (meeting) falls on Fri 2030-04-19: Good Friday") for w in plan.warnings)
    table = render_plan(plan, "table")
    assert "warnings (no rule is broken):" in table and "Good Friday, a legal holiday in LA" in table


def test_an_event_on_a_closure_is_flagged_as_one():
    base = planner.plan(CLECO)
    day = base.dates()["meeting"]  # the by-law date: a closure there moves nothing (no rollover)
    closed = planner.plan(CLECO, holidays=[day])
    assert closed.dates()["meeting"] == day
    assert any(f"(meeting) falls on {day:%a %Y-%m-%d}: a closure" in w for w in closed.warnings)
