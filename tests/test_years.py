"""Several years at once (planner.studies.years): each cycle counts the rules that
link years from the previous cycle's planned dates, every plan passes the
solver-free check, and a year with no calendar stops the years linked to it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from dateutil.relativedelta import relativedelta

import planner
from planner.faces.cli import main
from planner.studies.years import parse_years
from tests.helpers import rule, rulebook, scenario

ROOT = Path(__file__).resolve().parent.parent
NGS = ROOT / "scenarios" / "natural-gas-services-2027.yaml"
WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
FIFTEEN = "annual-meeting-fifteen-month-deadline"


def _checked(data: dict, cycle) -> planner.Plan:
    """The cycle's plan re-checked without a solver, with the anchors it used."""
    given = {**data, "anchors": {**data.get("anchors", {}), **{n: a.date.isoformat() for n, a in cycle.anchors.items()}}}
    return planner.check(given, {"events": cycle.plan.dates(), "facts": cycle.plan.facts}, year=cycle.year)


def test_ngs_each_cycle_counts_fifteen_months_from_the_plan_before():
    data = yaml.safe_load(NGS.read_text())
    result = planner.plan_years(NGS, range(2027, 2030))
    assert result.ok and result.linked == ["last_annual_meeting"]
    assert [c.year for c in result.cycles] == [2027, 2028, 2029]
    first = result.cycles[0].anchors["last_annual_meeting"]
    assert (first.date, first.source) == (date(2026, 6, 11), "scenario")  # second Thursday of June 2026
    for before, cycle in zip(result.cycles, result.cycles[1:]):
        anchor = cycle.anchors["last_annual_meeting"]
        assert anchor.date == before.plan.dates()["meeting"] and anchor.source == f"plan of {before.year}"
    for cycle in result.cycles:
        meeting = cycle.plan.dates()["meeting"]
        limit = cycle.anchors["last_annual_meeting"].date + relativedelta(months=15)
        assert cycle.plan.rule(FIFTEEN).slack_days == (limit - meeting).days
        assert _checked(data, cycle).status == "compliant"


def _late_ngs() -> dict:
    """NGS with no board date: the board prefers the latest day the fifteen
    months allow, and (dropped below) no fiscal-year limit."""
    data = yaml.safe_load(NGS.read_text())
    data["rules"] = [r for r in data["rules"] if r["id"] != "meeting-date-choice"]
    data["rules"].append(rule(
        "date_window", "as-late-as-allowed", event="meeting", source="preference", weight=50,
        not_before={"anchor": "last_annual_meeting", "shift": "+15 months"},
    ))
    data["anchors"]["last_annual_meeting"] = "2026-02-10"
    return data


def test_linking_rule_binds_from_each_planned_date():
    data = _late_ngs()
    result = planner.plan_years(data, range(2027, 2030), drop=["annual-meeting-fiscal-year-deadline"])
    assert result.ok
    # Worked out by hand: 2026-02-10 + 15 months, then 15 months after each.
    expected = [date(2027, 5, 10), date(2028, 8, 10), date(2029, 11, 10)]
    assert [c.plan.dates()["meeting"] for c in result.cycles] == expected
    for cycle in result.cycles:
        assert cycle.plan.rule(FIFTEEN).slack_days == 0
        meeting = next(e for e in cycle.plan.events if e.id == "meeting")
        assert FIFTEEN in meeting.binding
        given = {**data, "anchors": {**data["anchors"], "last_annual_meeting": cycle.anchors["last_annual_meeting"].date.isoformat()}}
        assert planner.check(given, {"events": cycle.plan.dates(), "facts": cycle.plan.facts}, year=cycle.year,
                             drop=["annual-meeting-fiscal-year-deadline"]).status == "compliant"


def test_fiscal_year_limit_moves_with_each_year():
    """With the six-month limit kept, the late preference cannot hold from 2028:
    June 30 of each year (fiscal year = calendar year) comes first."""
    result = planner.plan_years(_late_ngs(), range(2027, 2029))
    first, second = (c.plan.dates()["meeting"] for c in result.cycles)
    assert first == date(2027, 5, 10)
    assert second <= date(2028, 6, 30)
    fiscal = result.cycles[1].plan.rule("annual-meeting-fiscal-year-deadline")
    assert fiscal.slack_days == (date(2028, 6, 30) - second).days


# --- A year with no calendar ------------------------------------------------------------

TINY = [
    rule("gap", "notice-window", before="notice", after="meeting", min_days=10, max_days=60),
    rule("date_window", "fifteen-months", event="meeting", not_after={"anchor": "last_annual_meeting", "shift": "+15 months"}),
]
TINY_SCENARIO = [
    rule("on_date", "board-date", event="meeting", date={"day": "second Tuesday of June"}, source="operational"),
    rule("business_day", "meeting-on-business-day", event="meeting", source="operational"),
]


def _tiny(**extra) -> tuple[dict, dict]:
    book = rulebook(TINY, events=("meeting", "notice"))
    book["anchors"] = {"last_annual_meeting": {"day": "June 30", "year_offset": -1}}
    # 2028-06-13, the second Tuesday of June 2028, is closed: no meeting that year.
    return scenario(TINY_SCENARIO, closures=["2028-06-13"], **extra), book


def test_infeasible_year_stops_the_years_linked_to_it():
    data, book = _tiny()
    result = planner.plan_years(data, range(2027, 2031), rulebook=book)
    assert [c.status for c in result.cycles] == ["feasible", "infeasible", "not_planned", "not_planned"]
    assert result.cycles[0].anchors["last_annual_meeting"].source == "rulebook default"
    assert result.cycles[0].plan.dates()["meeting"] == date(2027, 6, 8)
    assert result.cycles[1].plan.conflicts == [["meeting-on-business-day", "board-date"]]
    assert "2028 has no calendar" in result.cycles[2].reason
    assert result.cycles[2].plan is None and not result.ok


def test_without_a_linking_rule_every_year_stands_alone():
    data, book = _tiny()
    result = planner.plan_years(data, range(2027, 2031), rulebook=book, drop=["fifteen-months"])
    assert result.linked == []
    assert [c.status for c in result.cycles] == ["feasible", "infeasible", "feasible", "feasible"]
    assert result.cycles[3].plan.dates()["meeting"] == date(2030, 6, 11)
    frame = result.to_frame()
    assert sorted(set(frame["year"])) == [2027, 2029, 2030]


def test_williams_links_nothing_and_keeps_its_by_law_date():
    result = planner.plan_years(WILLIAMS, range(2027, 2030))
    assert result.linked == [] and all(not c.anchors for c in result.cycles)
    assert [c.plan.dates()["meeting"] for c in result.cycles] == [date(2027, 4, 28), date(2028, 4, 26), date(2029, 4, 25)]


# --- Input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [("2027-2031", range(2027, 2032)), ("2027", range(2027, 2028))])
def test_parse_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["2031-2027", "20x7", "2027-2090", "1800-1801"])
def test_parse_years_refuses(text):
    with pytest.raises(planner.InputError, match="--years"):
        parse_years(text)


def test_years_as_text():
    result = planner.plan_years(WILLIAMS, "2027-2028")
    assert [c.year for c in result.cycles] == [2027, 2028]


def test_refuses_gaps_and_special_meetings():
    with pytest.raises(planner.InputError, match="consecutive"):
        planner.plan_years(WILLIAMS, [2027, 2029])
    data = yaml.safe_load(WILLIAMS.read_text())
    data["facts"]["meeting_type"] = "special"
    with pytest.raises(planner.ScenarioError, match="meeting_type"):
        planner.plan_years(data, range(2027, 2029))


def test_cli_years_formats_and_errors(capsys):
    """In-process (planner.faces.cli.main): the exit codes and streams a user sees."""
    assert main(["plan", str(NGS), "--years", "2027-2028", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
    assert {r["year"] for r in rows} == {"2027", "2028"}
    assert all(r["date"].startswith(r["year"]) for r in rows if r["event"] == "meeting")
    assert main(["plan", str(NGS), "--years", "2027-2028", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["year"] for c in data["cycles"]] == [2027, 2028]
    assert data["cycles"][1]["anchors"]["last_annual_meeting"]["source"] == "plan of 2027"
    assert main(["plan", str(NGS), "--years", "2027-2028"]) == 0
    assert "last_annual_meeting = 2027-06-10 (plan of 2027)" in capsys.readouterr().out
    for bad in (["--years", "2027-2028", "--year", "2027"], ["--years", "soon"]):
        assert main(["plan", str(NGS), *bad]) == 2
        out = capsys.readouterr()
        assert out.out == "" and out.err.count("\n") == 1 and "--years" in out.err


def test_cli_infeasible_year_exits_1(tmp_path, capsys):
    data, book = _tiny()
    (tmp_path / "book.yaml").write_text(yaml.safe_dump(book))
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({**data, "rulebook": "book.yaml"}))
    assert main(["plan", str(tmp_path / "s.yaml"), "--years", "2027-2029"]) == 1
    text = capsys.readouterr().out
    assert "NOT EVERY YEAR PLANNED" in text and "not planned" in text and "conflict: meeting-on-business-day" in text


def test_years_json_round_trips_and_schema_is_printed(capsys):
    assert main(["plan", str(WILLIAMS), "--years", "2027-2028", "--format", "json"]) == 0
    again = planner.YearsPlan.model_validate_json(capsys.readouterr().out)
    assert [c.plan.dates()["meeting"] for c in again.cycles] == [date(2027, 4, 28), date(2028, 4, 26)]
    assert main(["schema", "years"]) == 0
    assert "cycles" in json.loads(capsys.readouterr().out)["properties"]


def test_a_deadline_stops_between_cycles():
    """The HTTP service passes its request deadline: a run past it stops
    between years with a SolverError (503), never half-way through a plan."""
    import time

    from planner.verdicts.solve import SolverError

    with pytest.raises(SolverError, match="after 0 of 3 years"):
        planner.plan_years(NGS, "2027-2029", deadline=time.monotonic() - 1)
    assert len(planner.plan_years(NGS, "2027-2029", deadline=time.monotonic() + 600).cycles) == 3
