"""More hostile input, found by fuzzing the faces (hypothesis and mutations of
the bundled scenarios and rulebooks): each case was a crash (exit 3 or HTTP
500), a refusal with no field, or bad input let through. Run in this process
(tests.helpers.cli_run): the subprocess cases stay in tests/test_hostile_cli.py.

Every refusal is exit 2 with one line on stderr naming the file and the
field, and nothing on stdout; over HTTP a 422 with the field's location."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import WILLIAMS, cli_run, errors, seed

HUGE = "9" * 5000  # past Python's 4300-digit limit on int(str): int() raises ValueError
TIMELINE_HEADER = "company,state,listing,kind,record_date,mailing_date,meeting_date\n"


def refused(done, *says: str) -> str:
    """The one line of a refusal (exit 2), which must say each of `says`."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    # argparse's own refusals come after its usage lines (and those only).
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith(("usage: ", " "))]
    assert len(lines) == 1, done.stderr
    assert done.stdout == "", done.stdout
    for text in says:
        assert text in lines[0], lines[0]
    return lines[0]


def williams_text(old: str, new: str) -> str:
    text = WILLIAMS.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# Whole numbers of more than 4300 digits ------------------------------------------------------


@pytest.mark.parametrize("old, new, field", [
    ("year: 2027", f"year: {HUGE}", "s.yaml, line 5: year"),
    ("min_days: 7", f"min_days: {HUGE}", "printing-lead), min_days"),
    ("min_days: 7", f"min_days: -{HUGE}", "printing-lead), min_days"),
    ("min_days: 7", f"min_days: 0x{'f' * 4000}", "printing-lead), min_days"),
    ("min_days: 7", f"min_days: 1:{'1' * 5000}", "printing-lead), min_days"),  # YAML 1.1 base 60
])
def test_a_huge_whole_number_in_yaml_is_refused_naming_its_field(tmp_path, old, new, field):
    # PyYAML's int() raised ValueError (the 4300-digit limit) while parsing: "internal error", exit 3.
    (tmp_path / "s.yaml").write_text(williams_text(old, new), encoding="utf-8")
    refused(cli_run("plan", "s.yaml", cwd=tmp_path), field, "whole number")


def test_a_huge_whole_number_in_a_dates_file_is_refused_naming_its_field(tmp_path):
    (tmp_path / "d.yaml").write_text(f'{{"events": {{"meeting": "2027-04-28"}}, "facts": {{"notice_waived": {HUGE}}}}}')
    refused(cli_run("check", WILLIAMS, "--dates", "d.yaml", cwd=tmp_path), "d.yaml", "notice_waived")


@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "--1", "²", "١٢"])
def test_a_fact_that_looks_like_a_number_but_is_none_is_refused(tmp_path, value):
    # `--fact x=--1` passed lstrip("-").isdigit() and then failed int(); "²" is a digit to isdigit()
    # and not to int(): exit 3 both. They are text, and no value of the fact.
    refused(cli_run("plan", WILLIAMS, "--fact", f"notice_waived={value}", cwd=tmp_path), "notice_waived")


def test_whatif_with_a_huge_value_is_refused(tmp_path):
    refused(cli_run("whatif", WILLIAMS, "--vary", f"margin_cap_days={HUGE}", cwd=tmp_path), "--vary", "margin_cap_days")


@pytest.mark.parametrize("option, value", [
    ("--notice", f"1..{HUGE}"), ("--record", "²..10"), ("--board-notice", f"mail={HUGE}"), ("--board-notice", "mail=²"),
    ("--adjournment-days", HUGE), ("--adjournment-days", "²"),
])
def test_init_numbers_that_are_no_numbers_are_refused(tmp_path, option, value):
    done = cli_run("init", "--company", "Acme", "--state", "DE", "--annual-date", "last Wednesday of April",
                   "--out", tmp_path, option, value, cwd=tmp_path)
    refused(done, option)
    assert list(tmp_path.iterdir()) == []


def test_a_columns_variable_that_is_no_number_is_ignored(tmp_path):
    for columns in ("²", HUGE):
        done = cli_run("rules", "williams-natural-gas", cwd=tmp_path, env={"COLUMNS": columns, "PATH": "/usr/bin:/bin"})
        assert done.returncode == 0, done.stderr


def test_remind_at_with_an_hour_past_any_clock_is_refused(tmp_path):
    # time(99999999999, 0) raised OverflowError, not ValueError: exit 3.
    refused(cli_run("plan", WILLIAMS, "--ics", "o.ics", "--remind-at", "99999999999:00", cwd=tmp_path), "--remind-at")
    assert not (tmp_path / "o.ics").exists()


# extends: an inherited section of the wrong type ---------------------------------------------


@pytest.mark.parametrize("parent, child", [
    ("rules: 5\n", "remove: [rules.x]\n"),
    ("rules: abc\n", "remove: [rules.a]\n"),
    ("facts: [1, 2]\n", "remove: [facts.x]\n"),
    ("facts: 5\n", "remove: [facts.x]\n"),
    ("events: [[1, 2, 3]]\n", "remove: [events.x]\n"),
    ("", "rules: [{id: {a: 1}}]\n"),
    ("", "rules: [{id: [1]}]\n"),
])
def test_extends_with_sections_of_the_wrong_type_is_refused(tmp_path, parent, child):
    # merge_scenarios iterated or hashed whatever the files held: TypeError, exit 3.
    (tmp_path / "p.yaml").write_text(WILLIAMS.read_text(encoding="utf-8") + parent, encoding="utf-8")
    (tmp_path / "s.yaml").write_text("schema_version: 1\nextends: p.yaml\n" + child, encoding="utf-8")
    refused(cli_run("plan", "s.yaml", cwd=tmp_path), "s.yaml")


# Timelines CSV -------------------------------------------------------------------------------


def test_a_timelines_field_over_the_csv_field_limit_is_refused_naming_its_line(tmp_path):
    # csv.Error ("field larger than field limit (131072)") escaped: exit 3.
    row = "x" * 200_000 + ",DE,none,annual,2027-03-01,2027-03-20,2027-04-28\n"
    (tmp_path / "t.csv").write_text(TIMELINE_HEADER + row, encoding="utf-8")
    refused(cli_run("check", "--timelines", "t.csv", cwd=tmp_path), "t.csv", "line 2")


# Draft: the year of the scenario skeleton ----------------------------------------------------


@pytest.mark.parametrize("year", ["-5", "1900", "99999"])
def test_draft_refuses_a_year_no_scenario_can_plan(tmp_path, year):
    # The skeleton scenario was written with year -5, which no plan then reads.
    (tmp_path / "b.txt").write_text("The annual meeting shall be held on the last Wednesday of April.\n")
    refused(cli_run("draft", "b.txt", "--year", year, "--out", "o.yaml", cwd=tmp_path), "--year")
    assert not (tmp_path / "o.yaml").exists()


def test_draft_over_http_refuses_a_year_no_scenario_can_plan(client):
    response = client.post("/v1/draft", json={"name": "b.txt", "text": "The annual meeting is in April.", "year": 1900})
    assert response.status_code == 422
    assert errors(response)[0]["loc"] == ["body", "year"]


# HTTP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, body, loc", [
    ("/v1/plan", '{"scenario": SCENARIO, "year": HUGE}', ["body", "year"]),
    ("/v1/plan", '{"scenario": SCENARIO, "year": -HUGE}', ["body", "year"]),
    ("/v1/whatif", '{"scenario": SCENARIO, "vary": {"year": [HUGE]}}', ["body", "vary", "year", 0]),
    ("/v1/timelines", '{"timelines": [{"state": "DE", "meeting_date": HUGE}]}', ["body", "timelines", 0, "meeting_date"]),
    ("/v1/plan", '{"scenario": SCENARIO, "year": 1HUGE.5}', ["body", "year"]),  # a float: json.loads reads it, the model refuses it
])
def test_a_huge_whole_number_in_a_json_body_is_422_with_its_place(client, path, body, loc):
    # json.loads raised ValueError (the 4300-digit limit): 400 "There was an error parsing the body", no place.
    import json

    text = body.replace("SCENARIO", json.dumps(seed(WILLIAMS))).replace("HUGE", HUGE)
    response = client.post(path, content=text, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    detail = errors(response)[0]
    assert detail["loc"] == loc, detail


# Hypothesis: any value in any field of the scenario, through the command line --------------

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["2027-02-30", "0000-01-01", "9999-12-31", "February 30", "choose", "", "\ufeff", "ghost", HUGE]),
)


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


BASE = seed(WILLIAMS)
PATHS = list(_paths(BASE))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(PATHS), value=VALUES, delete=st.booleans())
def test_any_value_anywhere_in_a_scenario_is_planned_or_refused_in_one_line(tmp_path, where, value, delete):
    import copy

    data = copy.deepcopy(BASE)
    node = data
    for key in where[:-1]:
        node = node[key]
    if delete:
        del node[where[-1]]
    else:
        node[where[-1]] = value
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = cli_run("plan", "s.yaml", cwd=tmp_path)
    assert done.returncode in (0, 1, 2), done.stderr
    if done.returncode == 2:
        refused(done, "s.yaml")


def test_a_rule_with_no_kind_is_told_the_kinds(tmp_path):
    # "needs a kind: one of " and nothing: pydantic gives no tags when the tag is missing.
    data = seed(WILLIAMS)
    data["rules"] = [{"id": "x"}]
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    refused(cli_run("plan", "s.yaml", cwd=tmp_path), "rule 1 (x): needs a kind: one of gap, on_date, date_window, business_day")


@pytest.mark.parametrize("vary", ["{rules.printing-lead.min_days: []}", "{'': [1]}", "{year: 5}"])
def test_a_sweep_file_with_a_field_of_no_values_is_refused_naming_it(tmp_path, vary):
    # Sweep took `vary: {field: []}` and building the field's Variation then raised ValidationError: exit 3.
    (tmp_path / "w.yaml").write_text(f"schema_version: 1\nname: w\nbase: {WILLIAMS}\nvary: {vary}\n", encoding="utf-8")
    refused(cli_run("whatif", "w.yaml", "--workers", "1", cwd=tmp_path), "w.yaml", "vary")


# Paths the system refuses --------------------------------------------------------------------


@pytest.mark.parametrize("argv, says", [
    (["plan", "s\0.yaml"], "NUL byte"),
    (["check", WILLIAMS, "--dates", "d\0.yaml"], "NUL byte"),
    (["draft", "b\0.txt"], "NUL byte"),
    (["plan", WILLIAMS, "--ics", "o\0.ics"], "--ics"),
    (["plan", WILLIAMS, "--report", "x" * 300 + ".md"], "--report: cannot write here: File name too long"),
    (["plan", WILLIAMS, "--ics", "x" * 300 + ".ics"], "--ics: cannot write here: File name too long"),
    (["datemap", WILLIAMS, "--chart", "x" * 300 + ".svg"], "--chart"),
    (["datemap", WILLIAMS, "--chart", "m\0.svg"], "--chart"),
    (["plan", "x" * 300 + ".yaml"], "cannot read: File name too long"),
])
def test_paths_the_system_refuses_are_bad_input(tmp_path, argv, says):
    # os.stat raises ValueError for a NUL byte, and Path.is_dir() passes ENAMETOOLONG on: exit 3.
    refused(cli_run(*argv, cwd=tmp_path), says)
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_loop_says_so(tmp_path):
    (tmp_path / "s.yaml").symlink_to(tmp_path / "s.yaml")
    refused(cli_run("plan", "s.yaml", cwd=tmp_path), "s.yaml: cannot read: Too many levels of symbolic links")


def test_an_output_into_a_missing_folder_still_says_so(tmp_path):
    refused(cli_run("plan", WILLIAMS, "--ics", "nowhere/o.ics", cwd=tmp_path), "--ics: directory", "does not exist")
    (tmp_path / "d.ics").mkdir()
    refused(cli_run("plan", WILLIAMS, "--ics", "d.ics", cwd=tmp_path), "--ics: is a directory")


# serve: an address the server cannot listen on -----------------------------------------------


@pytest.fixture
def no_server(monkeypatch):
    import uvicorn

    def refuse(*args, **kwargs):
        raise AssertionError("the server was started")

    monkeypatch.setattr(uvicorn, "run", refuse)


@pytest.mark.parametrize("host", ["999.999.999.999", "not a host", "::g"])
def test_serve_on_an_address_that_is_none_is_refused(tmp_path, no_server, host):
    # uvicorn logged "Name or service not known" and exited with its STARTUP_FAILURE, 3: "a bug".
    refused(cli_run("serve", "--host", host, "--token", "t", "--port", "0", cwd=tmp_path), "--host")


def test_serve_on_a_port_in_use_is_refused(tmp_path, no_server):
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        refused(cli_run("serve", "--port", port, cwd=tmp_path), "--port", f"port {port}")


@pytest.mark.parametrize("answers", ["", "Acme\n"])
def test_init_interactive_with_answers_that_run_out_is_refused(tmp_path, monkeypatch, answers):
    # input() raised EOFError when the answers piped in ended: exit 3.
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    done = cli_run("init", "--interactive", "--out", tmp_path, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("planner: error: --interactive: the answers ended before")
    assert list(tmp_path.iterdir()) == []


# The Python API: options of the wrong type ---------------------------------------------------


@pytest.mark.parametrize("options, says", [
    ({"year": 2027.5}, "year: must be a whole number"),
    ({"year": True}, "year: must be a year; got True"),  # was read as year 1
    ({"holidays": [5]}, "holidays, item 1: must be a date"),
    ({"holidays": "2027-12-24"}, "holidays: must be a list"),
    ({"drop": [5]}, "drop, item 1: must be text"),
    ({"facts": "x"}, "facts: must be a mapping"),
    ({"incorporation": 5}, "incorporation: must be text"),
    ({"packs": [5]}, "packs, item 1: must be text"),
])
def test_the_python_api_refuses_options_of_the_wrong_type_naming_them(options, says):
    # AttributeError ('int' object has no attribute 'strip') or TypeError from deep inside.
    import planner
    from planner.errors import InputError

    with pytest.raises(InputError, match="^" + says.replace("(", r"\(")):
        planner.plan(WILLIAMS, **options)


def test_the_python_api_refuses_a_scenario_that_is_no_scenario():
    import planner
    from planner.errors import InputError

    with pytest.raises(InputError, match="scenario: must be a path, a mapping of fields or a Scenario; got int"):
        planner.plan(5)
