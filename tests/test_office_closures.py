"""Whose business days a rule counts (Problem.count_of): a scenario's
`closures` are legal non-business days for every count; its
`office_closures` are the company's own, seen only by its operational
rules and preferences.  A statute's "within 2 business days after
notice" does not stretch over a day the company shuts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import planner
from planner.engine.problem import build_problem
from tests.helpers import ROOT, cli_run

WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
LISTED = ROOT / "scenarios" / "williams-natural-gas-listed-2027.yaml"

# Williams under North Carolina's statute (MBCA §7.20(b): the list opens by
# the second business day after notice). Notice on Monday April 5, 2027;
# the list on Thursday April 8 is a business day late, unless Tuesday the
# 6th is no business day.
DATES = {"record_date_resolution": "2027-02-23", "record_date": "2027-03-12", "materials_printed": "2027-03-26",
         "notice": "2027-04-05", "voting_list": "2027-04-08", "meeting": "2027-04-28"}
LIST_RULE = "north-carolina-bca-7-20-list-after-notice"


def _check(dates: dict = DATES, **fields) -> planner.Plan:
    scenario = {"schema_version": 1, "name": "t", "rulebook": "williams-natural-gas", "extends": str(WILLIAMS),
                "incorporation": "NC", **fields}
    return planner.check(scenario, {"events": dates})


def _status(plan: planner.Plan, rule: str) -> tuple[str, int | None]:
    found = next(r for r in plan.rules if r.id == rule)
    return found.status, found.slack_days


def test_a_legal_business_day_deadline_does_not_stretch_over_an_office_closure():
    assert _status(_check(), LIST_RULE) == ("violated", -1)
    assert _status(_check(office_closures=["2027-04-06"]), LIST_RULE) == ("violated", -1)
    assert _check(office_closures=["2027-04-06"]).status == "non_compliant"


def test_a_legal_closure_stretches_it_and_the_plan_says_what_it_rests_on():
    checked = _check(closures=["2027-04-06"])
    assert _status(checked, LIST_RULE) == ("satisfied", 0) and checked.status == "compliant"
    said = [w for w in checked.warnings if LIST_RULE in w]
    assert len(said) == 1 and "2027-04-06" in said[0] and "office_closures" in said[0] and "by 1 business day" in said[0]
    # Only the closures between the rule's dates are named: a yearly one names this year's day.
    yearly = _check(closures=["2027-04-06", "December 24"])
    (said,) = [w for w in yearly.warnings if LIST_RULE in w]
    assert "(2027-04-06)" in said and "12-24" not in said
    # No word where the rule holds without the closure too.
    early = _check({**DATES, "voting_list": "2027-04-07"}, closures=["2027-04-06"])
    assert _status(early, LIST_RULE)[0] == "satisfied" and not [w for w in early.warnings if LIST_RULE in w]
    # Nor without closures at all.
    assert not [w for w in _check().warnings if "office_closures" in w]


def test_the_companys_own_steps_count_its_office_closures():
    # The printer takes 7 business days from the record date (Friday March
    # 12): Tuesday March 23 is the 7th; with Monday the 15th shut, the 24th.
    dates = {**DATES, "voting_list": "2027-04-07", "materials_printed": "2027-03-23"}
    assert _status(_check(dates), "printing-lead") == ("satisfied", 0)
    assert _status(_check(dates, office_closures=["2027-03-15"]), "printing-lead") == ("violated", -1)
    assert _status(_check(dates, closures=["2027-03-15"]), "printing-lead") == ("violated", -1)


def test_each_rule_counts_the_days_of_its_own_layer():
    p = build_problem(LISTED, reuse=False)
    office = build_problem({**planner.load_scenario(LISTED)[0].model_dump(exclude_none=True),
                            "office_closures": ["December 23"]}, rulebook="williams-natural-gas")
    for problem in (p, office):
        kinds = {r.id: problem.count_of(r) for r in problem.rules}
        assert kinds["sec-14a-13-broker-search"] == "federal"
        assert kinds["record-date-window"] == kinds["dgcl-222b-notice-window"] == "legal"
        assert kinds["implied-record-date-not-after-notice"] == "legal"
    # The company's operational rules count its office days only once it lists office closures.
    assert p.count_of(next(r for r in p.rules if r.id == "printing-lead")) == "legal"
    assert office.count_of(next(r for r in office.rules if r.id == "printing-lead")) == "office"
    # Thursday December 23, 2027 (Christmas is observed on the 24th).
    assert not office.office_calendar.is_business_day(date(2027, 12, 23))
    assert office.calendar.is_business_day(date(2027, 12, 23)) and office.federal_calendar.is_business_day(date(2027, 12, 23))


def test_the_companys_steps_move_off_its_office_closures():
    # "mail on a business day" is the scenario's own rule: the mailing
    # moves off a day the office is shut, and the plan still holds.
    base = planner.plan(WILLIAMS).dates()["notice"]
    moved = planner.plan({"schema_version": 1, "name": "t", "rulebook": "williams-natural-gas",
                          "extends": str(WILLIAMS), "office_closures": [base.isoformat()]})
    assert moved.status == "feasible" and moved.dates()["notice"] != base


def test_a_bad_office_closure_is_refused_naming_it(tmp_path: Path):
    bad = tmp_path / "s.yaml"
    bad.write_text(f"schema_version: 1\nname: t\nrulebook: williams-natural-gas\nextends: {WILLIAMS}\n"
                   f"office_closures: ['February 30']\n")
    run = cli_run("plan", bad)
    assert run.returncode == 2 and "February 30" in run.stderr and "s.yaml" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_the_companys_own_rules_raise_no_word_about_closures():
    # Washington's Birthday is no Delaware holiday: given as a closure, it
    # lets the scenario's "broker search not too early" hold by a day, which
    # is the company's own practice to decide, not law.
    plan = planner.plan(LISTED, holidays=["2027-02-15"])
    assert not [w for w in plan.warnings if "office_closures" in w]


@pytest.mark.parametrize("field", ["closures", "office_closures"])
def test_a_closure_counted_from_no_anchor_is_named_by_its_item(tmp_path: Path, field: str):
    bad = tmp_path / "s.yaml"
    bad.write_text(f"schema_version: 1\nname: t\nrulebook: williams-natural-gas\nextends: {WILLIAMS}\n"
                   f"{field}: ['2027-12-23', {{anchor: nowhere}}]\n")
    run = cli_run("plan", bad)
    assert run.returncode == 2 and f"{field}, item 2" in run.stderr and "nowhere" in run.stderr
