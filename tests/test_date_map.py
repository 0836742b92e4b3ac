"""Meeting-date maps (planner.studies.date_map): every day of a year tried as the
meeting date, held to the bylaws' own dates worked out here, to full CP-SAT
planning on a sample of days, and to a brute-force oracle on a tiny
hand-built rulebook and on random ones (hypothesis).  The heat-map
(planner.studies.date_map_chart) is tested by what it shows: each day's cell colour
in the SVG (cells carry their date as id) and in the PNG (pixels read at
cell centres from the fixed layout), and the README picture regenerated."""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from dateutil.relativedelta import relativedelta
from matplotlib.image import imread
from ortools.sat.python import cp_model

import planner
from planner.faces.cli import main
from planner.engine.compiler import compile_problem
from planner.studies.date_map import PIN_ID, date_map
from planner.studies.date_map_chart import AXES_RECT, COLOURS, DPI, FIGSIZE, save_date_map_chart
from planner.engine.problem import build_problem
from planner.verdicts.solve import new_solver
from tests.helpers import rule, rulebook, scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
WILLIAMS = SCENARIOS / "williams-natural-gas-2027.yaml"
CLECO = SCENARIOS / "cleco-utility-2027.yaml"
NGS = SCENARIOS / "natural-gas-services-2027.yaml"
PICTURE = ROOT / "docs" / "date-map-cleco-2027.svg"
SVG = "{http://www.w3.org/2000/svg}"


def year_days(year: int) -> list[date]:
    return [date(year, 1, 1) + timedelta(days=n) for n in range(366 if calendar.isleap(year) else 365)]


def last_weekday_of(year: int, month: int, weekday: int) -> date:
    day = date(year, month, calendar.monthrange(year, month)[1])
    while day.weekday() != weekday:
        day -= timedelta(days=1)
    return day


def nth_weekday_after_first(year: int, month: int, first_weekday: int, nth: int, weekday: int) -> date:
    """The nth `weekday` strictly after the first `first_weekday` of the month."""
    day = date(year, month, 1)
    while day.weekday() != first_weekday:
        day += timedelta(days=1)
    found = 0
    while found < nth:
        day += timedelta(days=1)
        found += day.weekday() == weekday
    return day


# --- The bylaws' own dates ---------------------------------------------------------------

@pytest.mark.parametrize("year", [2027, 2028, 2030])  # 2028: a leap year
def test_williams_by_law_date_is_the_only_feasible_day_and_blocks_every_other(year):
    expected = last_weekday_of(year, 4, calendar.WEDNESDAY)
    de = holidays.US(subdiv="DE", years=year)
    while expected in de or expected.weekday() >= 5:  # Art. I §1.1: next business day
        expected += timedelta(days=1)
    found = date_map(WILLIAMS, year=year)
    assert [d.date for d in found.days] == year_days(year)
    assert found.feasible_dates() == [expected]
    for day in found.days:
        if day.date != expected:
            assert day.blocking == ["annual-meeting-date"] and day.category == "fixed_date"
            assert found.cites(day) == ["Art. I §1.1"]
    assert found.fixed_date == "keep" and found.set_aside == []


def test_cleco_by_law_date_kept_then_set_aside():
    expected = nth_weekday_after_first(2027, 4, calendar.MONDAY, 3, calendar.FRIDAY)
    assert expected == date(2027, 4, 23)
    kept = date_map(CLECO)
    assert kept.feasible_dates() == [expected]
    assert {kept.rules[r].cite for d in kept.days for r in d.blocking} == {"Art. II §3"}

    free = date_map(CLECO, fixed_date="set_aside")
    assert [r.id for r in free.set_aside] == ["annual-meeting-date"]
    assert expected in free.feasible_dates()
    # The record date is fixed at the January regular meeting (fourth Friday of
    # January, Art. III §3), so a meeting in January cannot be planned: the
    # scenario's lead times stand in the way, never the by-law date.
    january = [d for d in free.days if d.date.month == 1]
    assert not any(d.feasible for d in january)
    assert all(d.category == "lead_time" and "regular-board-january" in d.blocking for d in january)
    assert all("annual-meeting-date" not in d.blocking for d in free.days)


def test_ngs_window_comes_from_the_two_deadlines_of_art_ii_1():
    """Art. II §1: an annual meeting within six months after the fiscal year
    (calendar year: June 30) and fifteen months after the last one (the
    scenario's anchor: second Thursday of June 2026, June 11 -> Sept 11)."""
    found = date_map(NGS)
    assert [r.id for r in found.set_aside] == ["meeting-date-choice"]  # the board's pick, replaced by each day
    fiscal = date(2026, 12, 31) + relativedelta(months=6)
    last = [d for d in (date(2026, 6, n) for n in range(1, 31)) if d.weekday() == calendar.THURSDAY][1]
    fifteen = last + relativedelta(months=15)
    assert (fiscal, fifteen) == (date(2027, 6, 30), date(2027, 9, 11))
    assert found.feasible_dates() == [d for d in year_days(2027) if d <= fiscal]
    for day in found.days:
        if day.feasible:
            continue
        assert day.category == "legal"
        if day.date <= fifteen:
            assert day.blocking == ["annual-meeting-fiscal-year-deadline"]
        else:  # either deadline alone blocks: a minimal conflict names one of them
            assert day.blocking in (["annual-meeting-fiscal-year-deadline"], ["annual-meeting-fifteen-month-deadline"])
        assert found.cites(day) == ["Art. II §1, 2nd para."]


# --- Against full CP-SAT planning -------------------------------------------------------

def _pinned_scenario(path: Path, day: date) -> dict:
    data = yaml.safe_load(path.read_text())
    data["rules"] = [r for r in data.get("rules", []) if not (r["kind"] in ("on_date", "date_window") and r["event"] == "meeting")]
    data["rules"].append(rule("on_date", PIN_ID, event="meeting", date=day.isoformat(), source="operational"))
    return data


def _cp_sat_feasible(compiled, rules: list[str]) -> bool:
    """CP-SAT on the whole pinned problem with only `rules` enforced."""
    compiled.model.clear_assumptions()
    compiled.model.add_assumptions([compiled.rule_literals[r] for r in rules])
    # The wall clock is generous (the deterministic limit still bounds the work): on a loaded machine
    # (the whole suite in parallel) 10 s ran out and UNKNOWN was read as infeasible.
    status = new_solver(120).solve(compiled.model)
    assert status != cp_model.UNKNOWN, f"CP-SAT gave no answer with {rules}"
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _samples(path: Path, fixed: str, days: list[date], *marks):
    """One case a day, so the slow CP-SAT cross-checks spread over the workers."""
    return [pytest.param(path, fixed, day, marks=marks, id=f"{path.stem}-{fixed}-{day}") for day in days]


SAMPLE = [
    # A cross-check against CP-SAT, whose sub-conflict checks take up to 0.7 s each: the slow
    # group (tasks.py test runs it; -m "not slow" does not).
    *_samples(CLECO, "set_aside", [date(2027, 3, 20), date(2027, 4, 8), date(2027, 4, 9), date(2027, 12, 31)], pytest.mark.slow),
    *_samples(WILLIAMS, "keep", [date(2027, 4, 27), date(2027, 4, 28)], pytest.mark.slow),
    *_samples(NGS, "keep", [date(2027, 6, 30), date(2027, 7, 1)], pytest.mark.slow),
]


@pytest.mark.parametrize("path,fixed,day", SAMPLE)
def test_map_agrees_with_cp_sat_planning_and_blocking_rules_are_a_minimal_conflict(path, fixed, day):
    found = date_map(path, fixed_date=fixed)
    drop = [r.id for r in found.set_aside if r.source in ("bylaw", "statute")]  # the scenario's own are removed below
    mapped = found.day(day)
    pinned = _pinned_scenario(path, day)
    plan = planner.plan(pinned, drop=drop)
    assert (plan.status == "feasible") == mapped.feasible, day
    if mapped.feasible:
        assert plan.dates()["meeting"] == day
        return
    compiled = compile_problem(build_problem(pinned, drop=drop), objective=False)
    conflict = [PIN_ID, *mapped.blocking]
    assert not _cp_sat_feasible(compiled, conflict), day
    for left_out in conflict:
        assert _cp_sat_feasible(compiled, [r for r in conflict if r != left_out]), (day, left_out)


# --- Against brute force on a tiny rulebook -----------------------------------------------

TINY_RULES = [
    rule("on_date", "by-law-date", event="meeting", date={"day": "second Tuesday of March"}),
    rule("gap", "notice-window", before="notice", after="meeting", min_days=10, max_days=20),
    rule("date_window", "deadline", event="meeting", not_after={"day": "June 30"}),
]
TINY_SCENARIO = [
    rule("business_day", "notice-on-business-day", event="notice", source="operational"),
    rule("date_window", "materials-ready", event="notice", not_before={"day": "February 1"}, source="operational"),
    rule("on_date", "board-choice", event="meeting", date={"day": "May 5"}, source="operational"),
]
DE = holidays.US(subdiv="DE", years=range(2026, 2029))


def _tiny_holds(rid: str, meeting: date, notice: date, year: int) -> bool:
    """Each rule from its definition, not from the planner."""
    if rid == "by-law-date":
        march = [date(year, 3, n) for n in range(1, 32) if date(year, 3, n).weekday() == calendar.TUESDAY]
        return meeting == march[1]
    if rid == "notice-window":
        return 10 <= (meeting - notice).days <= 20
    if rid == "deadline":
        return meeting <= date(year, 6, 30)
    if rid == "notice-on-business-day":
        return notice.weekday() < 5 and notice not in DE
    if rid == "materials-ready":
        return notice >= date(year, 2, 1)
    raise AssertionError(rid)


def _tiny_feasible(rules: list[str], pinned: date | None, year: int) -> bool:
    meetings = [pinned] if pinned else [date(year, 1, 1) + timedelta(days=n) for n in range(-40, 400)]
    for meeting in meetings:
        for back in range(-60, 40):  # with no notice window in the set, the notice may fall after the meeting
            notice = meeting - timedelta(days=back)
            if all(_tiny_holds(r, meeting, notice, year) for r in rules):
                return True
    return False


@pytest.mark.parametrize("fixed", ["keep", "set_aside"])
def test_tiny_rulebook_against_brute_force(fixed):
    year = 2027
    book = rulebook(TINY_RULES, events=("meeting", "notice"))
    found = date_map(scenario(TINY_SCENARIO), rulebook=book, fixed_date=fixed)
    assert [r.id for r in found.set_aside] == ["board-choice"] + (["by-law-date"] if fixed == "set_aside" else [])
    rules = ["notice-window", "deadline", "notice-on-business-day", "materials-ready"]
    rules += ["by-law-date"] if fixed == "keep" else []
    expected = [d for d in year_days(year) if _tiny_feasible(rules, d, year)]
    assert found.feasible_dates() == expected
    assert expected  # not vacuous
    for day in found.days:
        if day.feasible:
            continue
        assert day.blocking, day
        # Blocking rules and the pin cannot all hold; without any one of them they can.
        assert not _tiny_feasible(day.blocking, day.date, year)
        for left_out in day.blocking:
            assert _tiny_feasible([r for r in day.blocking if r != left_out], day.date, year), (day.date, left_out)


def test_tiny_rulebook_categories():
    book = rulebook(TINY_RULES, events=("meeting", "notice"))
    kept = date_map(scenario(TINY_SCENARIO), rulebook=book)
    assert kept.day(date(2027, 5, 5)).category == "fixed_date"  # the board's choice is set aside
    free = date_map(scenario(TINY_SCENARIO), rulebook=book, fixed_date="set_aside")
    assert free.day(date(2027, 7, 1)).blocking == ["deadline"]
    assert free.day(date(2027, 7, 1)).category == "legal"
    # Notice by Feb 1 at the earliest and 10 days ahead: Feb 10 is too early.
    assert free.day(date(2027, 2, 10)).category == "lead_time"
    assert set(free.day(date(2027, 2, 10)).blocking) == {"notice-window", "materials-ready"}


# --- Tables ----------------------------------------------------------------------------------

def test_frames_one_row_per_day_and_runs_cover_the_year():
    found = date_map(WILLIAMS)
    frame = found.to_frame()
    assert len(frame) == 365 and frame["feasible"].sum() == 1
    runs = found.runs_frame()
    assert runs["days"].sum() == 365
    assert list(runs["feasible"]) == [False, True, False]
    assert runs.iloc[1]["from"] == runs.iloc[1]["to"] == date(2027, 4, 28)


def test_unknown_event_and_bad_option_are_input_errors():
    with pytest.raises(planner.ScenarioError, match="event"):
        date_map(WILLIAMS, event="nothing")
    with pytest.raises(planner.ScenarioError, match="fixed_date"):
        date_map(WILLIAMS, fixed_date="drop")


# --- The heat-map ----------------------------------------------------------------------------



@pytest.fixture(scope="module")
def ngs_map():
    return date_map(NGS)


def svg_cells(path: Path) -> dict[date, str]:
    """Each day's cell fill, from the SVG's groups named day-YYYY-MM-DD."""
    cells = {}
    for group in ET.parse(path).getroot().iter(f"{SVG}g"):
        name = group.get("id", "")
        if name.startswith("day-"):
            (shape,) = list(group.iter(f"{SVG}path"))
            cells[date.fromisoformat(name[4:])] = re.search(r"fill:\s*(#[0-9a-f]{6})", shape.get("style")).group(1)
    return cells


def test_svg_has_one_cell_per_day_in_its_category_colour(ngs_map, tmp_path):
    path = save_date_map_chart(ngs_map, tmp_path / "map.svg")
    cells = svg_cells(path)
    assert sorted(cells) == [d.date for d in ngs_map.days]
    feasible = [d for d, fill in cells.items() if fill == COLOURS["feasible"]]
    assert feasible == ngs_map.feasible_dates()
    assert len(feasible) == 181  # January 1 to June 30 (test_date_map: Art. II §1)
    for day in ngs_map.days:
        assert cells[day.date] == COLOURS[day.category]
    text = path.read_text()
    assert "possible meeting dates in 2027" in text and "181 of 365 days feasible" in text
    assert "bylaw or statute limits alone (184)" in text  # the legend counts each shade


def _pixel(image, month: int, day: int):
    """The cell centre of (month, day), from the fixed layout: one data unit a
    cell, 31 columns left to right, 12 rows from the top."""
    width, height = FIGSIZE[0] * DPI, FIGSIZE[1] * DPI
    left, bottom, w, h = AXES_RECT
    x = width * (left + w * (day - 0.5) / 31)
    y = height * (1 - bottom - h) + height * h * (month - 0.5) / 12
    return image[int(y), int(x), :3]


def test_png_pixels_at_cell_centres(ngs_map, tmp_path):
    path = save_date_map_chart(ngs_map, tmp_path / "map.png")
    image = imread(path)
    assert image.shape[:2] == (FIGSIZE[1] * DPI, FIGSIZE[0] * DPI)
    rgb = {c: tuple(int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)) for c, h in COLOURS.items()}
    for day in ngs_map.days:
        found = _pixel(image, day.date.month, day.date.day)
        assert max(abs(a - b) for a, b in zip(found, rgb[day.category])) < 0.01, day
    # A day that does not exist is white: February 30.
    assert _pixel(image, 2, 30).min() > 0.99


def test_readme_picture_regenerates_byte_for_byte(tmp_path):
    again = save_date_map_chart(date_map(CLECO, fixed_date="set_aside"), tmp_path / PICTURE.name)
    assert again.read_bytes() == PICTURE.read_bytes(), (
        "regenerate with: planner datemap scenarios/cleco-utility-2027.yaml --fixed-date set-aside "
        "--chart docs/date-map-cleco-2027.svg"
    )
    cells = svg_cells(PICTURE)
    assert sum(fill == COLOURS["feasible"] for fill in cells.values()) == 267


def test_bad_suffix_refused_and_nothing_left_behind(ngs_map, tmp_path):
    with pytest.raises(planner.InputError, match=r"\.png or \.svg"):
        save_date_map_chart(ngs_map, tmp_path / "map.pdf")
    save_date_map_chart(ngs_map, tmp_path / "map.svg")
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]  # no temporary file left


# --- The command line (in-process: planner.faces.cli.main) ---------------------------------------

def test_cli_datemap_formats_and_chart(tmp_path, capsys):
    chart = tmp_path / "map.svg"
    assert main(["datemap", str(NGS), "--format", "csv", "--chart", str(chart)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
    assert len(rows) == 365 and sum(r["feasible"] == "True" for r in rows) == 181
    assert rows[200]["cites"] == "Art. II §1, 2nd para."
    assert sum(fill == COLOURS["feasible"] for fill in svg_cells(chart).values()) == 181
    assert main(["datemap", str(WILLIAMS), "--format", "json", "--year", "2030"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["date"] for d in data["days"] if d["feasible"]] == ["2030-04-24"]
    assert main(["datemap", str(WILLIAMS), "--format", "markdown", "--fixed-date", "set-aside"]) == 0
    text = capsys.readouterr().out
    assert "365 of 365 days feasible" in text and "| from" in text and "annual-meeting-date (Art. I §1.1)" in text
    assert main(["datemap", str(WILLIAMS)]) == 0
    text = capsys.readouterr().out
    assert "2027-04-29  2027-12-31  247" in text and "Art. I §1.1" in text


def test_cli_datemap_exit_1_when_no_day_works_and_2_on_bad_input(tmp_path, capsys):
    assert main(["datemap", str(SCENARIOS / "williams-natural-gas-infeasible-printing.yaml"), "--format", "csv"]) == 1
    capsys.readouterr()
    bad = tmp_path / "map.pdf"
    assert main(["datemap", str(NGS), "--chart", str(bad)]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "--chart" in out.err and out.err.count("\n") == 1 and not bad.exists()
    assert main(["datemap", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err


def test_cleco_board_resolved_otherwise_its_own_date_is_the_choice_mapped():
    """Art. II §3: once the board resolves on another date, the by-law date no
    longer applies; the board's date is the choice the map replaces, so the
    map is that of the by-law date set aside."""
    data = yaml.safe_load(CLECO.read_text())
    data["facts"]["board_sets_other_date"] = True
    data["rules"].append(rule("on_date", "board-date", event="meeting", date={"day": "May 14"}, source="operational"))
    found = date_map(data)
    assert [r.id for r in found.set_aside] == ["board-date"]
    assert found.feasible_dates() == date_map(CLECO, fixed_date="set_aside").feasible_dates()


def test_json_round_trips_through_the_model_and_schema_is_printed(capsys):
    assert main(["datemap", str(WILLIAMS), "--format", "json"]) == 0
    again = planner.DateMap.model_validate_json(capsys.readouterr().out)
    assert again == date_map(WILLIAMS)
    assert main(["schema", "datemap"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"days", "set_aside", "fixed_date"} <= set(schema["properties"])


# --- Property: random tiny rulebooks against brute force ---------------------------------

FIRST = date(2027, 1, 1)
WIDE = [date(2026, 1, 1) + timedelta(days=n) for n in range(3 * 366)]  # where a notice tied to nothing may go


def _walk(day: date, n: int) -> date:
    """The n-th Delaware business day after (n > 0) or before (n < 0) `day`."""
    step = timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += step
        while day.weekday() >= 5 or day in DE:
            day += step
    return day


@st.composite
def tiny_books(draw):
    low = draw(st.integers(0, 12))
    high = low + draw(st.integers(0, 30))
    counting = draw(st.sampled_from(["calendar", "business"]))
    spec = {"gap": {"low": low, "high": high, "counting": counting}}
    rules = [rule("gap", "notice-window", before="notice", after="meeting", min_days=low, max_days=high, counting=counting)]
    scenario_rules = []
    if draw(st.booleans()):
        spec["notice-on-business-day"] = True
        scenario_rules.append(rule("business_day", "notice-on-business-day", event="notice", source="operational"))
    if draw(st.booleans()):
        start = FIRST + timedelta(days=draw(st.integers(0, 250)))
        end = start + timedelta(days=draw(st.integers(5, 120)))
        spec["materials"] = (start, end)
        scenario_rules.append(rule("date_window", "materials", event="notice", not_before=start.isoformat(),
                                   not_after=end.isoformat(), source="operational"))
    if draw(st.booleans()):
        start = FIRST + timedelta(days=draw(st.integers(0, 200)))
        end = start + timedelta(days=draw(st.integers(0, 160)))
        spec["season"] = (start, end)
        rules.append(rule("date_window", "season", event="meeting", not_before=start.isoformat(), not_after=end.isoformat()))
    if draw(st.booleans()):
        spec["by-law-date"] = FIRST + timedelta(days=draw(st.integers(0, 364)))
        rules.append(rule("on_date", "by-law-date", event="meeting", date=spec["by-law-date"].isoformat()))
    return spec, rules, scenario_rules, draw(st.sampled_from(["keep", "set_aside"]))


IMPLIED_NOTICE = "implied-notice-before-meeting"  # the engine adds it: notice is given before its meeting


def _oracle(spec: dict, rules: set[str], meeting: date) -> bool:
    """Is there a notice date with every rule in `rules` holding, the meeting on `meeting`?"""
    if "by-law-date" in rules and meeting != spec["by-law-date"]:
        return False
    if "season" in rules and not spec["season"][0] <= meeting <= spec["season"][1]:
        return False
    gap = spec["gap"]
    if "notice-window" in rules:  # min_days >= 0: the notice is on or before the meeting, within reach of it
        notices = [meeting - timedelta(days=n) for n in range(0, 2 * gap["high"] + 30)]
    else:
        notices = WIDE
    for notice in notices:
        if "notice-on-business-day" in rules and (notice.weekday() >= 5 or notice in DE):
            continue
        if "materials" in rules and not spec["materials"][0] <= notice <= spec["materials"][1]:
            continue
        if IMPLIED_NOTICE in rules and notice >= meeting:
            continue
        if "notice-window" in rules:
            if gap["counting"] == "calendar" and not gap["low"] <= (meeting - notice).days <= gap["high"]:
                continue
            if gap["counting"] == "business" and not (notice <= _walk(meeting, -gap["low"]) and meeting <= _walk(notice, gap["high"])):
                continue
        return True
    return False


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_books())
def test_random_tiny_rulebooks_against_brute_force(drawn):
    spec, rules, scenario_rules, fixed = drawn
    found = date_map(scenario(scenario_rules), rulebook=rulebook(rules, events=("meeting", "notice")), fixed_date=fixed)
    active = {r["id"] for r in rules + scenario_rules} | {IMPLIED_NOTICE}
    if fixed == "set_aside":
        active.discard("by-law-date")
    assert found.feasible_dates() == [d for d in year_days(2027) if _oracle(spec, active, d)]
    blocked = [d for d in found.days if not d.feasible]
    for day in blocked[:: max(1, len(blocked) // 4)]:  # a few blocked days across the year
        assert not _oracle(spec, set(day.blocking), day.date), day
        for left_out in day.blocking:
            assert _oracle(spec, set(day.blocking) - {left_out}, day.date), (day, left_out)
