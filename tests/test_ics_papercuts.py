"""The .ics a secretary imports into Outlook (issue 18): titles that name the
company, reminders at a working hour, the SEC dates outside the plan as
events, and .ics files from `--years`, `adjourn` and `special`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from icalendar import Calendar

import planner
from planner.faces import cli
from tests.helpers import NGS, SCENARIOS, WILLIAMS

LISTED = SCENARIOS / "williams-natural-gas-listed-2027.yaml"


def _events(path) -> list:
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def _alarm_times(event) -> list[datetime]:
    """When each alarm fires, as the app computes it: the all-day start (local
    midnight) plus the trigger."""
    start = datetime.combine(event.decoded("DTSTART"), time(0))
    return [start + alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]


def test_titles_start_with_the_company(tmp_path, capsys):
    out = tmp_path / "w.ics"
    assert cli.main(["plan", str(WILLIAMS), "--ics", str(out)]) == 0
    titles = [str(e["SUMMARY"]) for e in _events(out)]
    assert titles and all(t.startswith("Williams Natural Gas Company: ") for t in titles)
    assert "Williams Natural Gas Company: Meeting of stockholders" in titles


@pytest.mark.parametrize("options, hour, minute", [([], 9, 0), (["--remind-at", "08:30"], 8, 30)])
def test_reminders_fire_at_a_working_hour_days_before(options, hour, minute, tmp_path, capsys):
    out = tmp_path / "w.ics"
    assert cli.main(["plan", str(WILLIAMS), "--ics", str(out), *options]) == 0
    fired = 0
    for event in _events(out):
        day = event.decoded("DTSTART")
        times = _alarm_times(event)
        assert [t.date() for t in times] == [day - timedelta(days=7), day - timedelta(days=1)][: len(times)]
        for at in times:
            assert (at.hour, at.minute) == (hour, minute), (event["SUMMARY"], at)
            fired += 1
    assert fired >= 10


def test_a_bad_reminder_time_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["plan", str(WILLIAMS), "--ics", "x.ics", "--remind-at", "9am"])
    assert exit_.value.code == 2
    assert "'9am' is not a time of day such as 09:00" in capsys.readouterr().err


def test_the_sec_dates_outside_the_plan_are_events(tmp_path, capsys):
    plan = planner.plan(LISTED)
    outside = {d.label: d.date for d in plan.external.dates if d.date}
    assert any("14a-8" in label for label in outside)
    out = tmp_path / "listed.ics"
    assert cli.main(["plan", str(LISTED), "--ics", str(out)]) == 0
    sec = {str(e["SUMMARY"]): e for e in _events(out) if "SEC date outside the plan" in str(e["CATEGORIES"].to_ical())}
    assert {title.removeprefix("Williams Natural Gas Company: "): e.decoded("DTSTART") for title, e in sec.items()} == outside
    proposals = next(e for title, e in sec.items() if "14a-8" in title)
    assert "Rule 14a-8" in str(proposals["DESCRIPTION"]) and proposals.walk("VALARM")


def test_years_write_one_calendar_and_a_chart_and_report_per_cycle(tmp_path, capsys):
    ics, chart, report = tmp_path / "y.ics", tmp_path / "y.svg", tmp_path / "y.md"
    assert cli.main(["plan", str(WILLIAMS), "--years", "2027-2029", "--ics", str(ics), "--chart", str(chart),
                     "--report", str(report)]) == 0
    meetings = sorted(e.decoded("DTSTART") for e in _events(ics) if str(e["SUMMARY"]).endswith("Meeting of stockholders"))
    assert [d.year for d in meetings] == [2027, 2028, 2029]
    for year in (2027, 2028, 2029):
        assert (tmp_path / f"y-{year}.svg").read_bytes().startswith(b"<?xml")
        assert f"{year}-04-" in (tmp_path / f"y-{year}.md").read_text(encoding="utf-8")  # that cycle's meeting
    assert capsys.readouterr().err == ""


def test_years_with_no_calendar_say_so_and_write_nothing(tmp_path, capsys):
    ics = tmp_path / "none.ics"
    infeasible = SCENARIOS / "williams-natural-gas-infeasible-printing.yaml"
    assert cli.main(["plan", str(infeasible), "--years", "2027-2028", "--ics", str(ics)]) == 1
    assert "--ics" in capsys.readouterr().err and not ics.exists()


def test_years_refuse_a_bad_output_suffix_before_any_work(tmp_path, capsys):
    assert cli.main(["plan", str(WILLIAMS), "--years", "2027-2028", "--chart", str(tmp_path / "y.gif")]) == 2
    assert "--chart" in capsys.readouterr().err


def test_adjourn_writes_the_replanned_calendar(tmp_path, capsys):
    out = tmp_path / "adjourned.ics"
    assert cli.main(["adjourn", str(WILLIAMS), "--meeting", "2027-04-28", "--to", "2027-06-15", "--ics", str(out)]) == 0
    titles = [str(e["SUMMARY"]) for e in _events(out)]
    assert titles and all(t.startswith("Williams Natural Gas Company: ") for t in titles)


def test_special_writes_its_calendar(tmp_path, capsys):
    out = tmp_path / "special.ics"
    scenario = SCENARIOS / "natural-gas-services-special-2027.yaml"
    assert cli.main(["special", str(scenario), "--demand", "2027-09-01", "--ics", str(out)]) == 0
    plan_dates = {e.decoded("DTSTART") for e in _events(out)}
    assert len(plan_dates) >= 3
    assert all(str(e["SUMMARY"]).startswith("Natural Gas Services Group, Inc.: ") for e in _events(out))
