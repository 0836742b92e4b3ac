"""The .ics export, read back with icalendar: every event on its date, stable
UIDs, reminders, citations, RFC 5545 folding and the properties Outlook and
Google Calendar look for."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

import planner
from tests.helpers import cli_run, golden_dates
import planner.faces.api
import planner.faces.cli
from planner.outputs.ics import REMINDED_KINDS, event_uid

ROOT = Path(__file__).resolve().parent.parent
WILLIAMS = ROOT / "scenarios/williams-natural-gas-2027.yaml"
CLECO = ROOT / "scenarios/cleco-utility-2027.yaml"
INFEASIBLE = ROOT / "scenarios/williams-natural-gas-infeasible-printing.yaml"
STAMP = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)





def events_of(data: bytes) -> dict[str, object]:
    """VEVENTs by UID."""
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


@pytest.mark.parametrize("name", ["williams-natural-gas-2027", "cleco-utility-2027"])
def test_every_event_is_an_all_day_event_on_its_golden_date(name, williams_plan, cleco_plan):
    plan = williams_plan if name.startswith("williams") else cleco_plan
    data = planner.to_ics(plan, stamp=STAMP)
    parsed = events_of(data)
    expected = golden_dates(name)
    assert len(parsed) == len(expected)
    for event_id, day in expected.items():
        entry = parsed[event_uid(plan, event_id)]
        start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
        # A date, not a datetime: all-day, whatever the reader's time zone.
        assert type(start) is date and type(end) is date
        assert start == day and end == day + timedelta(days=1)  # DTEND is exclusive (RFC 5545 3.6.1)
        label = next(e.label for e in plan.events if e.id == event_id)
        assert str(entry["SUMMARY"]) == f"{plan.company}: {label}"  # whose calendar, in a shared diary
        assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}".encode() in data


def test_calendar_properties_for_outlook_and_google(williams_plan):
    data = planner.to_ics(williams_plan, stamp=STAMP)
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"  # no attendees, no replies expected
    assert str(calendar["X-WR-CALNAME"]) == "Williams Natural Gas 2027 annual meeting"
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    for entry in calendar.walk("VEVENT"):
        # UID and DTSTAMP are required on every VEVENT (RFC 5545 3.6.1).
        assert str(entry["UID"]).endswith("@meeting-planner")
        assert entry.decoded("DTSTAMP") == STAMP
        assert str(entry["TRANSP"]) == "TRANSPARENT"
        assert str(entry["X-MICROSOFT-CDO-ALLDAYEVENT"]) == "TRUE"
        assert [str(c) for c in entry["CATEGORIES"].cats][-1] == "Meeting planner"


def test_categories_name_the_event_kind(williams_plan):
    parsed = events_of(planner.to_ics(williams_plan, stamp=STAMP))
    record = parsed[event_uid(williams_plan, "record_date")]
    assert [str(c) for c in record["CATEGORIES"].cats] == ["Record date", "Meeting planner"]


def test_same_input_same_bytes_and_uids_stable_across_stamps(williams_plan):
    first = planner.to_ics(williams_plan, stamp=STAMP)
    assert planner.to_ics(williams_plan, stamp=STAMP) == first
    later = planner.to_ics(williams_plan, stamp=STAMP + timedelta(days=3))
    assert later != first
    assert set(events_of(later)) == set(events_of(first))
    # A later export is a higher revision, so a re-import updates the event.
    assert max(int(e["SEQUENCE"]) for e in events_of(later).values()) > max(int(e["SEQUENCE"]) for e in events_of(first).values())
    again = planner.plan(WILLIAMS)  # a new run of the planner
    assert set(events_of(planner.to_ics(again, stamp=STAMP))) == set(events_of(first))


def test_uids_differ_by_event_year_and_scenario(williams_plan, cleco_plan):
    uids = set(events_of(planner.to_ics(williams_plan, stamp=STAMP)))
    assert len(uids) == len(williams_plan.dates())
    next_year = planner.plan(WILLIAMS, year=2028)
    assert not uids & set(events_of(planner.to_ics(next_year, stamp=STAMP)))
    assert event_uid(williams_plan, "meeting") != event_uid(cleco_plan, "meeting")


def test_deadlines_get_reminders_and_meetings_do_not(williams_plan):
    parsed = events_of(planner.to_ics(williams_plan, stamp=STAMP))
    assert {"notice", "record_date", "voting_list", "record_date_resolution"} <= REMINDED_KINDS
    for event in williams_plan.events:
        alarms = parsed[event_uid(williams_plan, event.id)].walk("VALARM")
        if event.kind in ("meeting", "board_meeting", "regular_board_meeting"):
            assert alarms == [], event.id
            continue
        assert [a.decoded("TRIGGER") for a in alarms] == [timedelta(days=-7, hours=9), timedelta(days=-1, hours=9)], event.id
        for alarm in alarms:
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert event.label in str(alarm["DESCRIPTION"])  # DISPLAY alarms need a DESCRIPTION
            assert event.date.isoformat() in str(alarm["DESCRIPTION"])


@pytest.mark.parametrize("reminders,triggers", [((14,), [-14]), ((), []), ((1, 30, 1), [-30, -1]), ((0,), [0])])
def test_reminder_lead_times_are_configurable(williams_plan, reminders, triggers):
    parsed = events_of(planner.to_ics(williams_plan, stamp=STAMP, reminders=reminders))
    notice = parsed[event_uid(williams_plan, "notice")]
    assert [a.decoded("TRIGGER") for a in notice.walk("VALARM")] == [timedelta(days=d, hours=9) for d in triggers]


@pytest.mark.parametrize("bad", [(-1,), (400,), ("7",), (True,)])
def test_bad_reminders_are_bad_input(williams_plan, bad):
    with pytest.raises(planner.InputError, match="reminders"):
        planner.to_ics(williams_plan, stamp=STAMP, reminders=bad)


def test_descriptions_carry_every_rule_with_citation_and_margin(cleco_plan):
    parsed = events_of(planner.to_ics(cleco_plan, stamp=STAMP))
    rules = {r.id: r for r in cleco_plan.rules}
    assert any(e.binding for e in cleco_plan.events)
    for event in cleco_plan.events:
        if event.date is None:
            continue
        text = str(parsed[event_uid(cleco_plan, event.id)]["DESCRIPTION"])
        assert text.splitlines()[0] == event.label
        for rid in event.rules:
            rule = rules[rid]
            assert f"{rule.cite} ({rid}, {rule.source})" in text
            unit = "day" if rule.slack_days == 1 else "days"  # "margin 1 day" since plans have one
            words = "margin 0 days (binding)" if rule.slack_days == 0 else f"margin {rule.slack_days} {unit}"
            assert words in next(line for line in text.splitlines() if f"({rid}," in line)
        if event.binding:
            binding = next(line for line in text.splitlines() if line.startswith("Binding"))
            assert all(f"({rid})" in binding for rid in event.binding)


def test_long_lines_are_folded_at_75_octets_and_text_survives(tmp_path):
    scenario = yaml.safe_load(WILLIAMS.read_text())
    label = "Épreuves d'imprimerie; proxy, card & notice — " + "§ 1.3 délai " * 12
    scenario["events"]["materials_printed"]["label"] = label
    scenario["rulebook"] = "williams-natural-gas"
    plan = planner.plan(scenario)
    data = planner.to_ics(plan, stamp=STAMP)
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # folding happened
    for line in lines:
        line.decode("utf-8")  # never cut inside a UTF-8 sequence
    entry = events_of(data)[event_uid(plan, "materials_printed")]
    assert str(entry["SUMMARY"]) == f"{plan.company}: {label}"


def test_stamp_defaults_to_source_date_epoch(williams_plan, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(STAMP.timestamp())))
    assert planner.to_ics(williams_plan) == planner.to_ics(williams_plan, stamp=STAMP)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(planner.InputError, match="SOURCE_DATE_EPOCH"):
        planner.to_ics(williams_plan)


def test_no_calendar_file_for_an_infeasible_plan():
    with pytest.raises(planner.NoCalendarError, match="infeasible"):
        planner.to_ics(planner.plan(INFEASIBLE), stamp=STAMP)


def test_a_checked_calendar_exports_only_when_compliant(williams_plan):
    good = planner.check(WILLIAMS, {"events": williams_plan.dates(), "facts": williams_plan.facts})
    assert good.status == "compliant"
    assert events_of(planner.to_ics(good, stamp=STAMP)).keys() == events_of(planner.to_ics(williams_plan, stamp=STAMP)).keys()
    late = dict(williams_plan.dates(), notice=date(2027, 4, 19))  # 9 days before the meeting
    bad = planner.check(WILLIAMS, {"events": late, "facts": williams_plan.facts})
    with pytest.raises(planner.NoCalendarError, match="notice-window"):
        planner.to_ics(bad, stamp=STAMP)


def test_write_ics_is_atomic_and_names_the_field_for_a_bad_place(williams_plan, tmp_path):
    path = planner.write_ics(williams_plan, tmp_path / "plan.ics", stamp=STAMP)
    assert path.read_bytes() == planner.to_ics(williams_plan, stamp=STAMP)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]  # no temporary left behind
    with pytest.raises(planner.InputError, match="path"):
        planner.write_ics(williams_plan, tmp_path / "missing" / "plan.ics", stamp=STAMP)


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return cli_run(*args, cwd=ROOT, env=env)  # in this process, with env as its environment


def test_cli_writes_the_ics_after_planning(tmp_path):
    import os

    out = tmp_path / "williams.ics"
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(STAMP.timestamp())))
    run = run_cli("plan", str(WILLIAMS), "--ics", str(out), "--remind", "3", env=env)
    assert run.returncode == 0, run.stderr
    assert "FEASIBLE" in run.stdout
    parsed = events_of(out.read_bytes())
    assert {e.decoded("DTSTART") for e in parsed.values()} == set(golden_dates("williams-natural-gas-2027").values())
    assert all(e.decoded("DTSTAMP") == STAMP for e in parsed.values())
    triggers = {a.decoded("TRIGGER") for e in parsed.values() for a in e.walk("VALARM")}
    assert triggers == {timedelta(days=-3, hours=9)}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """The command in this process (quicker than a subprocess)."""
    from planner.faces.cli import main

    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_infeasible_plan_writes_no_ics_and_says_why(tmp_path, capsys):
    out = tmp_path / "printing.ics"
    code, stdout, stderr = cli(capsys, "plan", str(INFEASIBLE), "--ics", str(out))
    assert code == 1  # infeasible, as without --ics
    assert "INFEASIBLE" in stdout and "conflict 1" in stdout
    assert not out.exists()
    assert len(stderr.strip().splitlines()) == 1
    assert "--ics" in stderr and "not written" in stderr and "infeasible" in stderr


@pytest.mark.parametrize("args,words", [
    (["--ics", "plan.txt"], ["--ics", "plan.txt", "use .ics"]),
    (["--ics", "nowhere/plan.ics"], ["--ics", "does not exist"]),
    (["--remind", "7,soon"], ["--remind"]),
    (["--ics", "plan.ics", "--report", "plan.ics"], ["--report", "use .md"]),
])
def test_cli_bad_output_options_exit_2_before_planning(tmp_path, capsys, monkeypatch, args, words):
    args = [str(tmp_path / a) if a.endswith((".txt", ".ics")) else a for a in args]
    # The command line imports the API when it plans: patched where it is looked up.
    monkeypatch.setattr(planner.faces.api, "plan", lambda *a, **k: pytest.fail("planned despite bad options"), raising=True)
    code, stdout, stderr = cli(capsys, "plan", str(WILLIAMS), *args)
    assert code == 2, stdout + stderr
    assert stdout == "" and "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]  # argparse prints its usage first
    for word in words:
        assert word in last
    assert list(tmp_path.iterdir()) == []


LABELS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120).filter(str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(LABELS, st.dates(date(1990, 1, 1), date(2199, 12, 30))), min_size=1, max_size=6))
def test_any_labels_and_dates_survive_the_round_trip(events):
    """Built without the solver: any text (commas, semicolons, backslashes,
    emoji) and any date come back as they went in, on lines of <= 75 octets."""
    plan = planner.Plan(
        status="feasible", scenario="s; a, b\\c", rulebook="book", year=2027,
        events=[planner.EventResult(id=f"e{i}", kind="notice", label=label, date=day, weekday=f"{day:%A}")
                for i, (label, day) in enumerate(events)],
        rules=[],
    )
    data = planner.to_ics(plan, stamp=STAMP)
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    parsed = events_of(data)
    for i, (label, day) in enumerate(events):
        entry = parsed[event_uid(plan, f"e{i}")]
        assert str(entry["SUMMARY"]) == label
        assert entry.decoded("DTSTART") == day and entry.decoded("DTEND") == day + timedelta(days=1)
    assert b"\r\nX-WR-CALNAME:s\\; a\\, b\\\\c\r\n" in data  # TEXT escaping (RFC 5545 3.3.11)
