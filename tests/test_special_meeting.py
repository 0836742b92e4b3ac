"""Special meetings on demand or call: who may require one (from the bylaws'
texts), the deadlines and windows against a day-walking oracle built on
python-holidays, the new rules in satisfied/violated pairs, wanted dates that
cannot work, and the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta

import holidays
import pytest

import planner
from planner.faces.cli import main

from tests.helpers import CLECO, NGS, PORTER, SCENARIOS, WILLIAMS


def _business(subdiv: str, day: date) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays("US", subdiv=subdiv, years=day.year)


def _next_business(subdiv: str, day: date) -> date:
    while not _business(subdiv, day):
        day += timedelta(days=1)
    return day


def _previous_business(subdiv: str, day: date) -> date:
    while not _business(subdiv, day):
        day -= timedelta(days=1)
    return day


# Demand dates over several years; several put day 30 on a weekend or a
# Colorado holiday (July 5, 2027 is the observed Independence Day; Sept 6,
# 2027 Labor Day; Nov 25, 2027 Thanksgiving; Jan 1, 2028 a Saturday).
DEMANDS = [date(2027, 6, 5), date(2027, 8, 7), date(2027, 10, 26), date(2027, 12, 2), date(2028, 2, 14),
           date(2029, 11, 22), date(2030, 5, 31), date(2031, 12, 24), date(2034, 3, 1)]


@pytest.mark.parametrize("demand", DEMANDS, ids=str)
def test_ngs_notice_within_30_days_of_the_demand(demand):
    """Art. II §1, 2nd para. and §2: notice within 30 days of the last demand
    needed; notice 10-60 days before the meeting (§4). Mail goes out on a
    business day and the meeting is held on one (planner assumptions)."""
    result = planner.special_meeting(NGS, demand=demand)
    assert result.status == "feasible" and result.holders_may_demand is True
    latest_notice = _previous_business("CO", demand + timedelta(days=30))
    # The board fixes a future record date (§5), so the record date is a business day after
    # the demand day; the notice goes to the holders as of that date, so not before it (§4).
    earliest_record = _next_business("CO", demand + timedelta(days=1))
    assert result.windows["notice"] == (earliest_record, latest_notice)
    # Earliest meeting: 10 days after the record date (and after the notice).
    assert result.windows["meeting"][0] == _next_business("CO", earliest_record + timedelta(days=10))
    assert result.windows["record_date"][0] == earliest_record
    # Latest meeting: 60 days after the latest notice; the 70-day record date reaches as far.
    assert result.windows["meeting"][1] == _previous_business("CO", latest_notice + timedelta(days=60))
    dates = result.plan.dates()
    assert demand <= dates["notice"] <= latest_notice
    assert 10 <= (dates["meeting"] - dates["notice"]).days <= 60
    assert 10 <= (dates["meeting"] - dates["record_date"]).days <= 70
    assert _business("CO", dates["notice"]) and _business("CO", dates["meeting"])
    deadline = next(r for r in result.requirements if "special-meeting-demand-notice-deadline" in r.rules)
    assert str(demand + timedelta(days=30)) in deadline.text and "Art. II §2" in deadline.cites[0]


@pytest.mark.parametrize("demand", DEMANDS[:5], ids=str)
def test_williams_majority_request_has_no_deadline(demand):
    """Art. I §1.2: the call follows a written request of a majority; no time is set."""
    result = planner.special_meeting(WILLIAMS, demand=demand)
    assert result.holders_may_demand is True
    assert result.windows["notice"][1] is None and result.windows["meeting"][1] is None
    earliest_notice = _next_business("DE", demand)
    assert result.windows["meeting"][0] == _next_business("DE", earliest_notice + timedelta(days=10))
    dates = result.plan.dates()
    assert dates["notice"] >= demand and 10 <= (dates["meeting"] - dates["notice"]).days <= 60


# Cleco's Art. II §4 keeps a call by holders open as the articles or the law
# provide (see tests/test_legal_review.py); only Porter gives holders no right.
@pytest.mark.parametrize("path, cite", [(PORTER, "Art. II §2")])
def test_no_holder_demand_right_in_porter(path, cite):
    result = planner.special_meeting(path, demand=date(2027, 9, 14))
    assert result.holders_may_demand is False
    no_right = next(r for r in result.requirements if r.topic == "holders_may_demand")
    assert no_right.answer is False and any(cite in c for c in no_right.cites)
    assert result.plan.dates()["special_meeting_call"] == date(2027, 9, 14)  # the calendar if called that day


def test_cleco_special_notice_five_days():
    """Art. II §7(a): at least 5 days before a special meeting; Louisiana business days."""
    called = date(2027, 9, 14)
    result = planner.special_meeting(CLECO, called=called, meeting=date(2027, 9, 20))
    assert result.status == "feasible"
    notice = result.plan.dates()["notice"]
    assert called <= notice <= date(2027, 9, 15) and _business("LA", notice)
    too_soon = planner.special_meeting(CLECO, called=called, meeting=date(2027, 9, 18))
    assert too_soon.status == "infeasible"
    assert any("notice-special" in c for c in too_soon.plan.conflicts)


def test_wanted_meeting_too_soon_after_the_demand_is_explained():
    """Demand on Tuesday Sept 14, 2027, meeting wanted Monday Sept 20: notice
    needs 10 days (Art. II §4), so the earliest is Friday Sept 24: 4 days short."""
    result = planner.special_meeting(NGS, demand=date(2027, 9, 14), meeting=date(2027, 9, 20))
    assert result.status == "infeasible" and not result.ok
    assert any({"notice-window", "given-meeting", "given-special_meeting_demand"} <= set(c) for c in result.plan.conflicts)
    assert min(c.days_short for c in result.plan.explanation.conflicts) == 4


def test_wanted_meeting_too_late_for_the_30_day_notice():
    """Notice by Oct 14 (30 days), at most 60 days before the meeting: Dec 13 at
    the latest. Dec 31 is 18 days too late under §4 alone."""
    result = planner.special_meeting(NGS, demand=date(2027, 9, 14), meeting=date(2027, 12, 31))
    assert result.status == "infeasible"
    two = next(c for c in result.plan.explanation.conflicts if set(c.rules) == {
        "special-meeting-demand-notice-deadline", "notice-window", "given-special_meeting_demand", "given-meeting"})
    assert two.days_short == 18


# --- the new rules, satisfied and violated -----------------------------------

D = date(2027, 9, 14)
PAIRS = [
    # (rulebook, trigger event, rule, notice satisfying, notice violating)
    ("natural-gas-services", "special_meeting_demand", "special-meeting-demand-notice-deadline", D + timedelta(days=30), D + timedelta(days=31)),
    ("natural-gas-services", "special_meeting_demand", "special-meeting-demand-notice-deadline", D, D - timedelta(days=1)),
    ("williams-natural-gas", "special_meeting_demand", "special-meeting-call-on-request", D, D - timedelta(days=1)),
    ("williams-natural-gas", "special_meeting_call", "special-meeting-call", D, D - timedelta(days=1)),
    ("porter-mcleod", "special_meeting_call", "special-meeting-call", D, D - timedelta(days=1)),
    ("cleco-utility", "special_meeting_call", "special-meeting-call", D, D - timedelta(days=1)),
]


@pytest.mark.parametrize("rulebook, trigger, rule, good, bad", PAIRS, ids=[f"{p[0]}:{p[2]}:{p[4]}" for p in PAIRS])
def test_special_meeting_rules_pairs(rulebook, trigger, rule, good, bad):
    book = planner.load_rulebook(rulebook)
    scenario = {
        "schema_version": 1, "name": "pair", "rulebook": rulebook, "year": 2027, "facts": {"meeting_type": "special"},
        "events": {trigger: None},
        "rules": [{"kind": "on_date", "id": "pin", "cite": "test", "summary": "the meeting date", "source": "operational",
                   "event": "meeting", "date": "2027-11-30"}],
    }
    base = {"meeting": date(2027, 11, 30), "record_date": D - timedelta(days=1), "voting_list": D,
            trigger: D}
    base = {e: d for e, d in base.items() if e in book.events}
    assert planner.check(scenario, {"events": {**base, "notice": good}}).rule(rule).status == "satisfied"
    assert planner.check(scenario, {"events": {**base, "notice": bad}}).rule(rule).status == "violated"


# --- command line --------------------------------------------------------------


def test_cli_special_json_and_exit_codes(capsys):
    assert main(["special", str(NGS), "--demand", "2027-09-14", "--format", "json"]) == 0
    result = planner.SpecialMeetingResult.model_validate(json.loads(capsys.readouterr().out))
    assert result.plan.dates()["special_meeting_demand"] == date(2027, 9, 14)
    assert main(["special", str(NGS), "--demand", "2027-09-14", "--meeting", "2027-09-20"]) == 1
    out = capsys.readouterr().out
    assert "INFEASIBLE" in out and "notice-window" in out
    assert main(["special", str(PORTER), "--demand", "2027-09-14"]) == 0
    assert "holders may demand  NO" in capsys.readouterr().out


@pytest.mark.parametrize("args, words", [
    (["--demand", "2027-09-14", "--called", "2027-09-15"], "not allowed with"),
    (["--demand", "2027-09-14", "--meeting", "2027-09-01"], "--meeting"),
    (["--demand", "2027-13-01"], "not a date"),
])
def test_bad_input_exit_2(capsys, args, words):
    try:
        code = main(["special", str(NGS), *args])
    except SystemExit as stop:  # argparse's own refusals
        code = stop.code
    assert code == 2
    err = capsys.readouterr().err
    assert words in err


SPECIAL = SCENARIOS / "natural-gas-services-special-2027.yaml"


@pytest.mark.parametrize("demand", [date(2027, 9, 14), date(2027, 11, 24), date(2028, 6, 30), date(2031, 12, 22)], ids=str)
def test_special_scenario_steps_fit_the_30_days(demand):
    """The scenario's own steps (consent, search, printing, mailing) kept, the
    demand moved: every step after the demand, notice within 30 days of it."""
    result = planner.special_meeting(SPECIAL, demand=demand)
    assert result.status == "feasible"
    dates = result.plan.dates()
    assert dates["record_date_resolution"] > demand
    assert all(d >= demand for d in dates.values())
    assert dates["notice"] <= demand + timedelta(days=30) and _business("CO", dates["notice"])
    assert (dates["meeting"] - demand).days <= 75  # the scenario's own limit
