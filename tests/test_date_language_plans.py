"""The bylaws' date language in whole plans: rulebooks written as the bylaws
say, planned over 2025-2040 and compared with a day-walking oracle; a year
a date rule has no day in; weekend meetings and stale fixed anchors as
warnings; `planner adjourn` on a rulebook that lacks an event."""

from __future__ import annotations

import calendar as cal
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
import yaml

import planner
from planner.faces.cli import main

YEARS = range(2025, 2041)
WEEKDAYS = "MO TU WE TH FR SA SU".split()


def write_case(tmp_path: Path, rules: list[dict], *, anchors=None, events=None, subdiv="DE",
               scenario_extra=None) -> Path:
    """A rulebook file and a scenario file naming it; the scenario's path."""
    book = {
        "schema_version": 1, "id": "date-language", "title": "Date Language Corp., By-laws", "document": "test",
        "jurisdiction": {"country": "US", "subdiv": subdiv}, "anchors": anchors or {},
        "events": events or {"meeting": {"kind": "meeting", "label": "Annual meeting of stockholders", "required": True}},
        "rules": [{"cite": "Art. II §1", "summary": "The annual meeting's date.", "source": "bylaw", **r} for r in rules],
    }
    (tmp_path / "book.yaml").write_text(yaml.safe_dump(book, sort_keys=False))
    scenario = {"schema_version": 1, "name": "Date language", "rulebook": "book.yaml", "year": 2027,
                **(scenario_extra or {})}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def meetings(path: Path, years=YEARS) -> dict[int, date]:
    result = planner.plan_years(path, years)
    assert result.ok, [(c.year, c.reason) for c in result.cycles if c.status != "feasible"]
    return {c.year: c.plan.dates()["meeting"] for c in result.cycles}


# --- oracle ---------------------------------------------------------------------

def month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, cal.monthrange(year, month)[1] + 1)]


def nth_of(year: int, month: int, n: int, weekday: str) -> date | None:
    days = [d for d in month_days(year, month) if d.weekday() == WEEKDAYS.index(weekday)]
    return days[n - 1] if n == -1 or n <= len(days) else None


def state_holidays(state: str) -> set[date]:
    return set(holidays.US(subdiv=state, years=range(2024, 2042)))


def walk(day: date, stays) -> date:
    while not stays(day):
        day += timedelta(days=1)
    return day


# --- whole plans ------------------------------------------------------------------

def test_third_wednesday_of_the_third_month_after_the_close_of_the_fiscal_year(tmp_path):
    rules = [{"id": "annual-date", "kind": "on_date", "event": "meeting",
              "date": "third Wednesday of the third month after fiscal_year_end"}]
    path = write_case(tmp_path, rules, anchors={"fiscal_year_end": {"day": "December 31", "year_offset": -1}})
    assert meetings(path) == {y: nth_of(y, 3, 3, "WE") for y in YEARS}
    # A change of fiscal year (to June 30, in the plan year) moves every meeting to September.
    path = write_case(tmp_path, rules, anchors={"fiscal_year_end": {"day": "December 31", "year_offset": -1}},
                      scenario_extra={"anchors": {"fiscal_year_end": {"day": "June 30"}}})
    assert meetings(path, range(2027, 2031)) == {y: nth_of(y, 9, 3, "WE") for y in range(2027, 2031)}


def test_last_business_day_of_the_fourth_month_after_fiscal_year_end(tmp_path):
    rules = [{"id": "annual-deadline", "kind": "date_window", "event": "meeting",
              "not_before": "last business day of the fourth month after fiscal_year_end",
              "not_after": "last business day of the fourth month after fiscal_year_end"}]
    path = write_case(tmp_path, rules, anchors={"fiscal_year_end": {"day": "September 30", "year_offset": -1}})
    hols = state_holidays("DE")
    expected = {y: [d for d in month_days(y, 1) if d.weekday() < 5 and d not in hols][-1] for y in YEARS}
    assert meetings(path) == expected


def test_march_31_or_the_next_day_if_a_holiday_keeps_weekends(tmp_path):
    """Colorado keeps Cesar Chavez Day on March 31: the roll moves it one
    day, to a Sunday in 2029, never on to the Monday."""
    rules = [{"id": "annual-date", "kind": "on_date", "event": "meeting",
              "date": {"day": "March 31", "roll": "next_non_holiday"}}]
    hols = state_holidays("CO")
    planned = meetings(write_case(tmp_path, rules, subdiv="CO"))
    assert planned == {y: walk(date(y, 3, 31), lambda d: d not in hols) for y in YEARS}
    assert planned[2029] == date(2029, 4, 1)


def test_the_next_succeeding_secular_day_keeps_saturdays(tmp_path):
    rules = [{"id": "annual-date", "kind": "on_date", "event": "meeting",
              "date": {"day": "February 1", "roll": "next_secular_day"}}]
    hols = state_holidays("DE")
    planned = meetings(write_case(tmp_path, rules))
    assert planned == {y: walk(date(y, 2, 1), lambda d: d.weekday() != 6 and d not in hols) for y in YEARS}
    assert planned[2025] == date(2025, 2, 1) and planned[2026] == date(2026, 2, 2)  # Saturday stays; Sunday moves


def test_in_the_month_before_the_end_of_the_tax_year(tmp_path):
    """Read as the calendar month before the one the tax year ends in
    (docs/rulebooks.md says so, and how to write the other reading)."""
    rules = [{"id": "annual-window", "kind": "date_window", "event": "meeting",
              "not_before": "first day of the month before tax_year_end",
              "not_after": "last day of the month before tax_year_end"}]
    path = write_case(tmp_path, rules, anchors={"tax_year_end": {"day": "December 31"}})
    for year, planned in meetings(path).items():
        assert (planned.year, planned.month) == (year, 11), year
    result = planner.plan(path, year=2027)
    window = result.rule("annual-window")
    assert window.status == "satisfied" and "month before tax_year_end" in window.text


def test_within_six_months_of_the_first_monday_of_the_month_of_incorporation(tmp_path):
    start = "first Monday of the month of incorporation, each year"
    rules = [{"id": "annual-window", "kind": "date_window", "event": "meeting",
              "not_before": start, "not_after": {"day": start, "shift": "+6 months"}}]
    path = write_case(tmp_path, rules, anchors={"incorporation": "1998-03-14"})
    for year, planned in meetings(path).items():
        monday = nth_of(year, 3, 1, "MO")
        assert monday <= planned <= date(year, 9, monday.day), year
    assert not any("Anchor incorporation" in w for w in planner.plan(path, year=2031).warnings)  # each_year: meant fixed


# --- a year with no such day ---------------------------------------------------------

FIFTH = [{"id": "annual-date", "kind": "on_date", "event": "meeting", "date": "fifth Wednesday of April"}]


def test_years_report_a_year_with_no_fifth_wednesday_and_plan_the_others(tmp_path, capsys):
    path = write_case(tmp_path, FIFTH)
    result = planner.plan_years(path, YEARS)
    for cycle in result.cycles:
        fifth = nth_of(cycle.year, 4, 5, "WE")
        if fifth:
            assert cycle.status == "feasible" and cycle.plan.dates()["meeting"] == fifth, cycle.year
        else:
            assert cycle.status == "not_planned" and cycle.plan is None
            assert f"April {cycle.year} has 4 Wednesdays" in cycle.reason
    assert {c.status for c in result.cycles} == {"feasible", "not_planned"}
    assert main(["plan", str(path), "--years", "2025-2030"]) == 1
    out = capsys.readouterr().out
    assert "2027  not planned" in out and "2025-04-30" in out


def test_a_single_year_with_no_such_day_is_one_line_exit_2(tmp_path, capsys):
    path = write_case(tmp_path, FIFTH)
    assert main(["plan", str(path), "--year", "2027"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "fifth Wednesday of April" in captured.err and "April 2027 has 4 Wednesdays" in captured.err


def test_a_missing_year_stops_the_years_linked_to_it(tmp_path):
    rules = [*FIFTH, {"id": "fifteen-months", "kind": "date_window", "event": "meeting",
                      "not_after": {"anchor": "last_annual_meeting", "shift": "+15 months"}}]
    path = write_case(tmp_path, rules, anchors={"last_annual_meeting": {"day": "April 30", "year_offset": -1}})
    result = planner.plan_years(path, range(2025, 2029))
    assert [c.status for c in result.cycles] == ["feasible", "feasible", "not_planned", "not_planned"]
    assert "2027 has no calendar" in result.cycles[3].reason


# --- warnings --------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["2027-05-15", "2027-05-16", "2027-05-17"])
def test_a_meeting_on_a_weekend_is_a_warning(tmp_path, day):
    rules = [{"id": "annual-window", "kind": "date_window", "event": "meeting", "not_before": "May 1", "not_after": "May 31"}]
    choice = {"id": "board-choice", "kind": "on_date", "event": "meeting", "date": day, "cite": "Board resolution",
              "summary": "The board's date.", "source": "operational"}
    plan = planner.plan(write_case(tmp_path, rules, scenario_extra={"rules": [choice]}))
    weekday = date.fromisoformat(day).strftime("%A")
    flagged = [w for w in plan.warnings if "meeting" in w and weekday in w]
    assert flagged == ([f"Annual meeting of stockholders (meeting) falls on {weekday[:3]} {day}, a {weekday}; no rule moves it"]
                       if weekday in ("Saturday", "Sunday") else [])


def test_the_boards_window_choice_on_a_sunday_is_flagged(tmp_path):
    """Within the 31-day period from May 1: wherever the planner puts the
    meeting, a weekend day is flagged and a weekday is not."""
    rules = [{"id": "annual-window", "kind": "date_window", "event": "meeting", "not_before": "May 1",
              "not_after": {"day": "May 1", "shift": "+30 days"}}]
    plan = planner.plan(write_case(tmp_path, rules))
    meeting = plan.dates()["meeting"]
    assert any("falls on" in w and "meeting" in w for w in plan.warnings) == (meeting.weekday() >= 5)


def test_a_fixed_date_anchor_from_another_year_is_a_warning(tmp_path):
    rules = [{"id": "fye-limit", "kind": "date_window", "event": "meeting",
              "not_after": {"anchor": "fiscal_year_end", "shift": "+6 months"}},
             {"id": "board-date", "kind": "on_date", "event": "meeting", "date": "second Tuesday of June"}]
    path = write_case(tmp_path, rules, anchors={"fiscal_year_end": "2026-12-31"})
    assert not [w for w in planner.plan(path, year=2027).warnings if "fiscal_year_end" in w]
    stale = [w for w in planner.plan(path, year=2030).warnings if "fiscal_year_end" in w]
    assert len(stale) == 1
    assert "fixed date 2026-12-31 (rulebook date-language)" in stale[0] and "fye-limit" in stale[0]
    assert main(["plan", str(path), "--year", "2030", "--format", "json"]) in (0, 1)


# --- planner adjourn on a rulebook without the events it needs ----------------------------

ADJOURN_EVENTS = {"meeting": {"kind": "meeting", "label": "Annual meeting", "required": True},
                  "adjourned_meeting": {"kind": "adjourned_meeting", "label": "Adjourned meeting"}}
ADJOURN_RULES = [
    {"id": "annual-window", "kind": "date_window", "event": "meeting", "not_before": "May 1", "not_after": "May 31"},
    {"id": "adjourn-30", "kind": "gap", "before": "meeting", "after": "adjourned_meeting", "max_days": 30},
]


@pytest.mark.parametrize("extra,event,words", [
    ([], "adjourned_notice", "notice of the adjourned meeting"),
    (["--postponed"], "notice", "notice of meeting given to the holders of record"),
])
def test_adjourn_names_the_rulebook_and_the_missing_event(tmp_path, capsys, extra, event, words):
    path = write_case(tmp_path, ADJOURN_RULES, events=ADJOURN_EVENTS)
    assert main(["adjourn", str(path), "--meeting", "2027-05-12", "--to", "2027-07-20", *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert f"{tmp_path / 'book.yaml'}: events.{event}:" in captured.err and words in captured.err
    assert "rules[" not in captured.err and "is not planned" not in captured.err
