"""`planner init` writes a sound first rulebook; `planner lint` flags what a
reviewer would (issue 11)."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
import yaml

import planner
from planner.drafting.init import InitAnswers, init_files
from planner.faces.cli import main
from planner.studies.lint import lint_rulebook

# Ten answer sets: states with and without packs, fixed dates and windows, notice and record windows,
# board notice methods, adjournment limits, a listing.
ANSWERS = [
    dict(company="Acme Corp", state="DE", year=2027, annual_date="last Wednesday of April"),
    dict(company="Birch Holdings", state="NY", year=2027, annual_window=("May 1", "June 30"), notice_days=(10, 50)),
    dict(company="Cedar Trust Inc", state="MD", year=2028, annual_date="second Tuesday of May", record_days=(10, 90),
         notice_days=(10, 90)),
    dict(company="Delta Energy", state="TX", year=2027, annual_date="May 15", holiday_roll="previous_business_day"),
    dict(company="Elm Bank", state="OH", year=2029, annual_window=("April 1", "April 30"), notice_days=(7, 60),
         board_notice={"mail": 3, "electronic": 1}),
    dict(company="Fir Mining", state="NV", year=2027, annual_date="first Thursday of June", adjournment_days=60),
    dict(company="Gum Retail", state="PA", year=2027, annual_window=("March 1", "May 31"), notice_days=(10, 60),
         record_days=(10, 90), adjournment_days=None),
    dict(company="Hazel Labs", state="CA", year=2030, annual_date="third Friday of May", list_days=10, listing="nasdaq"),
    dict(company="Ivy Foods", state="WY", year=2027, annual_window=("June 1", "June 30"), board_notice={"personal": 2}),
    dict(company="Juniper Co", state="FL", year=2027, annual_date="last Tuesday of April", listing="nyse",
         notice_days=(10, 60), record_days=(10, 70)),
]


def _write(tmp_path, answers: dict):
    files = init_files(InitAnswers(**answers))
    (tmp_path / files.rulebook_name).write_text(files.rulebook_yaml)
    scenario = tmp_path / files.scenario_name
    scenario.write_text(files.scenario_yaml)
    return files, scenario


@pytest.mark.parametrize("answers", ANSWERS, ids=[a["company"] for a in ANSWERS])
def test_init_output_plans_checks_and_adjourns_without_edits(tmp_path, answers):
    files, scenario = _write(tmp_path, answers)
    book = yaml.safe_load(files.rulebook_yaml)
    assert all(rule["verified"] is False and rule["cite"] for rule in book["rules"])
    plan = planner.plan(scenario)
    assert plan.status == "feasible", plan.conflicts
    dates = plan.dates()
    low, high = answers.get("notice_days", (10, 60))
    assert low <= (dates["meeting"] - dates["notice"]).days <= high
    assert dates["record_date"] <= dates["notice"] and dates["record_date"] <= dates["voting_list"]
    checked = planner.check(scenario, {"events": dates, "facts": plan.facts})
    assert checked.status == "compliant" and not [r for r in checked.rules if r.status == "violated"]
    later = dates["meeting"].toordinal() + 14
    adjourned = planner.adjourn(scenario, date.fromordinal(later), meeting=dates["meeting"])
    assert adjourned.status in ("no_new_steps", "replanned")
    special = planner.special_meeting(scenario, called=date(answers["year"], 9, 14))
    assert special.status == "feasible"
    if answers["state"] != "WY":
        assert any(p for p in plan.packs if planner.load_pack(p).layer == "statute")


def test_init_from_the_command_line_and_its_bad_input(tmp_path, capsys):
    assert main(["init", "--company", "Oak Inc", "--state", "DE", "--year", "2027", "--annual-date",
                 "last Wednesday of April", "--board-notice", "mail=5,email=1", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "oak-inc.yaml").exists() and (tmp_path / "oak-inc-2027.yaml").exists()
    assert main(["plan", str(tmp_path / "oak-inc-2027.yaml")]) == 0
    capsys.readouterr()
    # Files that exist are not overwritten; bad answers name their flag.
    assert main(["init", "--company", "Oak Inc", "--state", "DE", "--year", "2027", "--annual-date", "May 1",
                 "--out", str(tmp_path)]) == 2
    assert "--out" in capsys.readouterr().err
    for flags, named in ([["--notice", "60..10"], "notice_days"], [["--notice", "ten"], "--notice"],
                         [["--board-notice", "mail"], "--board-notice"], [["--annual-date", "Febtober 3"], "annual_date"],
                         [["--state", "Delaware"], "state"]):
        # Each option once (an option given twice is refused before any answer is read).
        base = {"--company": "X", "--state": "DE", "--year": "2027", "--annual-date": "May 1", "--out": str(tmp_path)}
        base.pop(flags[0], None)
        args = ["init", *(part for pair in base.items() for part in pair), "--force", *flags]
        assert main(args) == 2, flags
        err = capsys.readouterr().err
        assert named in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_init_asks_when_interactive(tmp_path, monkeypatch, capsys):
    answers = iter(["Quince Ltd", "NJ", "2027", "none", "", "May 1..June 15", "10..60", "10..60", "10",
                    "mail=4", "never"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert main(["init", "--interactive", "--out", str(tmp_path)]) == 0
    assert planner.plan(tmp_path / "quince-ltd-2027.yaml").status == "feasible"


# --- planner lint: each defect, caught --------------------------------------------------------

def _book(**changes) -> dict:
    book = yaml.safe_load(init_files(InitAnswers(**ANSWERS[0])).rulebook_yaml)
    for key, value in changes.items():
        book[key] = value
    return book


def _codes(book: dict, **options) -> dict[str, str]:
    report = lint_rulebook(book, year=2027, **options)
    return {i.code: i.severity for i in report.items}


def test_init_rulebook_lints_clean():
    assert lint_rulebook(_book(), year=2027).items == []


def test_lint_finds_an_event_no_rule_bounds():
    book = _book()
    book["events"]["printer_proof"] = {"kind": "operational", "label": "Printer's proof"}
    assert _codes(book)["unbound_event"] == "warning"


def test_lint_finds_rules_that_can_never_hold_together():
    book = _book()
    book["rules"].append({"id": "late-notice", "kind": "gap", "cite": "Art. 9", "summary": "Notice at least 90 days ahead.",
                          "before": "notice", "after": "meeting", "min_days": 90})
    assert _codes(book)["conflict"] == "error"


def test_lint_finds_a_window_looser_than_the_statute():
    book = _book()
    window = next(r for r in book["rules"] if r["id"] == "record-date-window")
    window["max_days"] = 75  # DGCL §213(a): at most 60
    assert _codes(book, incorporation="DE")["looser_than_statute"] == "error"


def test_lint_finds_a_fact_declared_and_never_used():
    book = _book()
    book["facts"]["quorum_met"] = {"values": [True, False], "default": True}
    assert _codes(book)["unused_fact"] == "warning"


def test_lint_finds_a_meeting_date_on_a_weekend_with_no_roll():
    book = _book()
    rule = next(r for r in book["rules"] if r["id"] == "annual-meeting-date")
    rule["date"] = {"day": "May 15", "roll": "none"}  # a Saturday in 2027
    found = lint_rulebook(book, year=2027)
    item = next(i for i in found.items if i.code == "weekend_date")
    assert "Sat 2027-05-15" in item.text


def test_lint_finds_misspelled_standard_names():
    book = _book()
    book["events"].pop("adjourned_record_date")
    book["events"]["recrod_date"] = {"kind": "record_date", "label": "New record date"}
    for rule in book["rules"]:
        if rule.get("before") == "adjourned_record_date":
            rule["before"] = "recrod_date"
    assert _codes(book)["misspelling"] == "warning"


def test_lint_finds_two_sections_that_disagree():
    book = _book()
    book["rules"].append({"id": "notice-window-again", "kind": "gap", "cite": "Art. 7", "summary": "Notice 10 to 50 days.",
                          "before": "notice", "after": "meeting", "min_days": 10, "max_days": 50})
    assert _codes(book)["disagreeing_rules"] == "warning"


def test_lint_exit_codes(tmp_path, capsys):
    path = tmp_path / "book.yaml"
    book = _book()
    path.write_text(yaml.safe_dump(book))
    assert main(["lint", str(path), "--year", "2027"]) == 0
    capsys.readouterr()
    book["rules"].append({"id": "late-notice", "kind": "gap", "cite": "Art. 9", "summary": "Ninety days.",
                          "before": "notice", "after": "meeting", "min_days": 90})
    path.write_text(yaml.safe_dump(book))
    assert main(["lint", str(path), "--year", "2027", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["items"][0]["severity"] == "error"
    assert main(["lint", str(tmp_path / "missing.yaml")]) == 2
