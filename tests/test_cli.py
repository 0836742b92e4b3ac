"""The command line as a user meets it: exit codes, formats, options, and
one-line errors for bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.forked_cli import planner_process
from tests.helpers import cli_run

ROOT = Path(__file__).resolve().parent.parent
WILLIAMS = "scenarios/williams-natural-gas-2027.yaml"
INFEASIBLE = "scenarios/williams-natural-gas-infeasible-printing.yaml"


def fresh_process(*args: str, hash_seed: str) -> subprocess.CompletedProcess:
    """The command in a new interpreter with this string hash seed: output must
    not depend on it (a fork shares its server's seed)."""
    return subprocess.run([sys.executable, "-m", "planner.faces.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONHASHSEED": hash_seed})


def planner(*args: str) -> subprocess.CompletedProcess:
    """The same command in this process (seconds of imports quicker)."""
    return cli_run(*args, cwd=ROOT)


def test_plan_table_shows_dates_weekdays_and_rules():
    run = planner_process("plan", WILLIAMS)
    assert run.returncode == 0, run.stderr
    assert "FEASIBLE" in run.stdout
    assert "2027-04-28  Wed  Meeting of stockholders" in run.stdout
    assert "Art. I §1.1" in run.stdout


def test_plan_json_contract():
    run = planner("plan", WILLIAMS, "--format", "json")
    data = json.loads(run.stdout)
    assert data["status"] == "feasible"
    assert {"id", "kind", "date"} <= set(data["events"][0])
    assert {"id", "cite", "summary", "status", "slack_days"} <= set(data["rules"][0])
    kinds = {e["kind"] for e in data["events"]}
    assert {"meeting", "record_date", "notice", "voting_list", "record_date_resolution"} <= kinds
    assert data["conflicts"] == []


def test_plan_csv_has_one_row_per_event():
    run = planner("plan", WILLIAMS, "--format", "csv")
    assert run.stdout.startswith("\ufeff")  # the byte-order mark Excel needs (tests/test_csv_bom.py)
    rows = list(csv.DictReader(io.StringIO(run.stdout.removeprefix("\ufeff"))))
    assert {r["event"] for r in rows} >= {"meeting", "notice", "record_date"}
    assert all(len(r["date"]) == 10 for r in rows)


def test_infeasible_plan_exits_1_with_a_minimal_conflict():
    run = planner_process("plan", INFEASIBLE, "--format", "json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert data["status"] == "infeasible"
    assert data["conflicts"] == [["notice-window", "record-date-window", "printing-lead"]]
    assert data["explanation"]["conflicts"][0]["days_short"] == 5


def test_year_option_replans_the_same_scenario():
    data = json.loads(planner("plan", WILLIAMS, "--year", "2030", "--format", "json").stdout)
    meeting = next(e for e in data["events"] if e["id"] == "meeting")
    assert meeting["date"] == "2030-04-24"  # the last Wednesday of April 2030


def test_holiday_option_rolls_the_meeting_to_the_next_business_day():
    data = json.loads(planner("plan", WILLIAMS, "--holiday", "2027-04-28", "--format", "json").stdout)
    meeting = next(e for e in data["events"] if e["id"] == "meeting")
    assert meeting["date"] == "2027-04-29"


def test_drop_option_waives_a_rule():
    run = planner("plan", INFEASIBLE, "--drop", "printing-lead", "--format", "json")
    assert run.returncode == 0
    rule = next(r for r in json.loads(run.stdout)["rules"] if r["id"] == "printing-lead")
    assert rule["status"] == "waived"


def test_same_input_same_plan():
    # Three processes with three string hash seeds: a new interpreter with hashing unsalted, the
    # fork server's random seed and this process's: the same bytes.
    first = fresh_process("plan", WILLIAMS, "--format", "json", hash_seed="0").stdout
    assert first == planner_process("plan", WILLIAMS, "--format", "json").stdout == planner("plan", WILLIAMS, "--format", "json").stdout


def test_check_round_trip_and_a_violation(tmp_path):
    plan = planner("plan", WILLIAMS, "--format", "json").stdout
    good = tmp_path / "good.json"
    good.write_text(plan)
    run = planner("check", WILLIAMS, "--dates", str(good), "--format", "json")
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["status"] == "compliant"

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "events:\n  meeting: 2027-04-28\n  notice: 2027-04-19\n  record_date: 2027-03-10\n"
        "  voting_list: 2027-04-16\n  record_date_resolution: 2027-02-01\n  materials_printed: 2027-04-01\n"
    )
    run = planner("check", WILLIAMS, "--dates", str(bad), "--format", "json")
    assert run.returncode == 1
    rules = {r["id"]: r for r in json.loads(run.stdout)["rules"]}
    assert rules["notice-window"]["status"] == "violated"
    assert rules["notice-window"]["slack_days"] == -1  # 9 days, one short of 10
    assert rules["record-date-window"]["status"] == "satisfied"


def test_check_reports_missing_dates(tmp_path):
    partial = tmp_path / "partial.yaml"
    partial.write_text("events:\n  meeting: 2027-04-28\n")
    run = planner("check", WILLIAMS, "--dates", str(partial), "--format", "json")
    assert run.returncode == 0  # compliant as far as given: nothing given breaks a rule
    checked = json.loads(run.stdout)
    statuses = {r["id"]: r["status"] for r in checked["rules"]}
    assert statuses["notice-window"] == "not_given"
    assert statuses["annual-meeting-date"] == "satisfied"
    assert {"notice", "record_date", "voting_list"} <= set(checked["not_given"])
    table = planner("check", WILLIAMS, "--dates", str(partial))
    assert "COMPLIANT AS FAR AS GIVEN (not given: " in table.stdout
    partial.write_text("events:\n  meeting: 2027-04-29\n")  # a Thursday: the by-law date is broken
    assert planner("check", WILLIAMS, "--dates", str(partial)).returncode == 1


def test_rules_lists_citations():
    run = planner("rules", "cleco-utility")
    assert run.returncode == 0
    assert "Art. II §3" in run.stdout and "third Friday after the first Monday of April" in run.stdout
    assert set(planner("rules").stdout.split()) == {"cleco-utility", "natural-gas-services", "porter-mcleod", "williams-natural-gas"}


SCENARIO = """schema_version: 1
name: t
rulebook: williams-natural-gas
year: 2027
"""

BAD_INPUTS = [
    # (file name, content or None for missing, words the one-line error must contain)
    ("missing.yaml", None, ["missing.yaml", "no such file"]),
    ("broken.yaml", "name: [unclosed\n", ["broken.yaml", "malformed YAML", "line"]),
    ("list.yaml", "- a\n- b\n", ["list.yaml", "mapping"]),
    ("kind.yaml", SCENARIO + "rules:\n  - {id: x, kind: teleport, cite: c, summary: s}\n", ["kind.yaml", "line 6: rule 1 (x)", "kind 'teleport' is not one of gap, on_date"]),
    ("feb30.yaml", SCENARIO + "closures: ['2027-02-30']\n", ["feb30.yaml", "line 5: closures, item 1", "not a real date"]),
    ("minmax.yaml", SCENARIO + "rules:\n  - {id: x, kind: gap, cite: c, summary: s, before: notice, after: meeting, min_days: 20, max_days: 10}\n",
     ["minmax.yaml", "line 6: rule 1 (x)", "min_days 20 exceeds max_days 10"]),
    ("year.yaml", SCENARIO.replace("2027", "99999"), ["year.yaml", "year"]),
    ("fact.yaml", SCENARIO + "facts: {colour: blue}\n", ["fact.yaml", "facts.colour", "unknown fact"]),
    ("factvalue.yaml", SCENARIO + "facts: {meeting_type: annualish}\n", ["factvalue.yaml", "facts.meeting_type"]),
    ("escape.yaml", SCENARIO.replace("williams-natural-gas", "../../etc/passwd"), ["escape.yaml", "rulebook"]),
    ("huge.yaml", SCENARIO + "rules:\n  - {id: far, kind: on_date, cite: c, summary: s, event: record_date_resolution, date: '2040-01-01', source: operational}\nevents:\n  record_date_resolution:\n",
     ["huge.yaml", "span"]),
    ("event.yaml", SCENARIO + "rules:\n  - {id: x, kind: business_day, cite: c, summary: s, event: nowhere}\n", ["event.yaml", "rule 1 (x)", "nowhere"]),
    ("cycle.yaml", SCENARIO + "anchors:\n  a: {anchor: b}\n  b: {anchor: a}\nrules:\n  - {id: x, kind: date_window, cite: c, summary: s, event: notice, not_after: {anchor: a}}\n",
     ["cycle.yaml", "refers to itself"]),
]


@pytest.mark.parametrize("name,content,words", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_exit_2(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    run = planner("plan", str(path))
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout == ""  # nothing half-written
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    for word in words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"


@pytest.mark.parametrize("args", [
    ["plan", WILLIAMS, "--year", "20x7"],
    ["plan", WILLIAMS, "--holiday", "2027-02-30"],
    ["plan", WILLIAMS, "--drop", "no-such-rule"],
    ["check", WILLIAMS, "--dates", "nowhere.yaml"],
    ["rules", "no-such-book"],
    ["explain", WILLIAMS, "--conflicts", "0"],
])
def test_bad_options_exit_2(args):
    run = planner(*args)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("name,field", [("rulebook", "rules"), ("scenario", "rulebook"), ("plan", "events"),
                                        ("dates", "events"), ("explanation", "fixes")])
def test_schema_prints_the_json_schema_of_each_format(name, field):
    run = planner("schema", name)
    assert run.returncode == 0
    assert field in json.loads(run.stdout)["properties"]


def test_an_old_schema_version_is_refused_with_what_to_change(tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text(SCENARIO.replace("schema_version: 1", "schema_version: 0"))
    run = planner("plan", str(path))
    assert run.returncode == 2
    assert "schema_version 0 is not supported: this planner reads version 1" in run.stderr


@pytest.mark.parametrize("extra,words", [
    ("holiday_subdiv: ZZ\n", ["holiday_subdiv", "no legal holidays for US-ZZ"]),
    ("rules:\n  - {id: x, kind: date_window, cite: c, summary: s, event: notice, not_after: {day: '0001-01-01', roll: previous_business_day}}\n",
     ["0001-01-01 is more than 50 years from the plan year 2027"]),
    ("anchors:\n" + "".join(f"  a{i}: {{anchor: a{i + 1}}}\n" for i in range(60)) + "  a60: {day: June 1}\n"
     "rules:\n  - {id: x, kind: date_window, cite: c, summary: s, event: notice, not_after: {anchor: a0}}\n",
     ["more than 20 deep"]),
])
def test_calendar_edge_inputs_are_bad_input_not_crashes(tmp_path, extra, words):
    path = tmp_path / "edge.yaml"
    path.write_text(SCENARIO + extra)
    run = planner("plan", str(path))
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in run.stderr


def test_a_huge_horizon_raises_the_specific_error_from_python():
    import planner as api

    scenario = {"schema_version": 1, "name": "t", "rulebook": "williams-natural-gas", "year": 2027,
                "events": {"record_date_resolution": None},
                "rules": [{"id": "far", "kind": "on_date", "cite": "c", "summary": "s", "source": "operational",
                           "event": "record_date_resolution", "date": "2040-01-01"}]}
    with pytest.raises(api.HorizonError, match="span"):
        api.plan(scenario)
