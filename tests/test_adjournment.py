"""Adjournments and postponements: the answers against the bylaws' own
numbers (worked out by hand from the texts in ../shared/seeds), the new
rules in satisfied/violated pairs, the re-planned calendars against an
independent business-day oracle, and bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta

import holidays
import pytest

import planner
from planner.faces.cli import main

from tests.helpers import CLECO, NGS, PORTER, WILLIAMS
STATE = {"williams-natural-gas": "DE", "porter-mcleod": "DE", "natural-gas-services": "CO", "cleco-utility": "LA"}

W_MEETING = date(2027, 4, 28)  # last Wednesday of April 2027 (Art. I §1.1)
N_MEETING = date(2027, 6, 10)  # second Thursday of June 2027 (the scenario's choice)
C_MEETING = date(2027, 4, 23)  # third Friday after the first Monday (April 5) of April 2027
P_MEETING = date(2027, 5, 20)  # third Thursday of May 2027

# (scenario, meeting, new date, options, status, new notice, new record date, rule that decides, why)
CASES = [
    (WILLIAMS, W_MEETING, W_MEETING + timedelta(days=30), {}, "no_new_steps", False, False, "adjournment-without-notice",
     "Art. I §1.4: 30 days is not 'more than thirty days'"),
    (WILLIAMS, W_MEETING, W_MEETING + timedelta(days=31), {}, "replanned", True, False, "adjournment-without-notice",
     "Art. I §1.4: 31 days needs notice; §1.8 keeps the record date"),
    (WILLIAMS, W_MEETING, W_MEETING + timedelta(days=14), {"new_record_date": True}, "replanned", True, True,
     "implied-adjourned-record-date-not-after-notice", "Art. I §1.4: a new record date fixed after adjourning needs notice"),
    (NGS, N_MEETING, N_MEETING + timedelta(days=120), {}, "no_new_steps", False, False, "adjournment-without-new-notice",
     "Art. II §4, §5: up to 120 days after the original date, announcement suffices"),
    (NGS, N_MEETING, N_MEETING + timedelta(days=121), {}, "replanned", True, True, "adjournment-without-new-notice",
     "Art. II §5: beyond 120 days the board must fix a new record date, and §4 then needs notice"),
    (NGS, N_MEETING, N_MEETING + timedelta(days=121), {"reason": "quorum"}, "replanned", True, True,
     "adjournment-without-new-notice", "Art. II §8: a quorum adjournment has the same 120-day limit"),
    (CLECO, C_MEETING, C_MEETING + timedelta(days=1), {}, "no_new_steps", False, False, "adjournment-day-to-day",
     "Art. II §2(b): an election meeting may go on to the next day"),
    (CLECO, C_MEETING, C_MEETING + timedelta(days=3), {}, "not_allowed", False, False, "adjournment-day-to-day",
     "Art. II §2(b): an election meeting only from day to day (Friday to Monday is three days)"),
    (CLECO, C_MEETING, date(2027, 5, 23), {"facts": {"directors_elected": False}}, "no_new_steps", False, False,
     "adjournment-one-month", "Art. II §2(b): one month at a time, April 23 to May 23"),
    (CLECO, C_MEETING, date(2027, 5, 24), {"facts": {"directors_elected": False}}, "replanned", True, False,
     "adjournment-one-month", "beyond one month: our reading, a fresh notice as for the meeting"),
    (PORTER, P_MEETING, P_MEETING + timedelta(days=200), {}, "no_new_steps", False, False, "adjournment-announced",
     "Art. II §5: no day limit in the bylaws"),
    (PORTER, P_MEETING, P_MEETING + timedelta(days=20), {"new_record_date": True}, "replanned", True, True,
     "implied-adjourned-record-date-not-after-notice", "Art. II §4 lets the board fix a new record date; its holders need notice"),
]


@pytest.mark.parametrize("path, meeting, to, options, status, notice, record, rule, why", CASES,
                         ids=[f"{c[0].stem}+{(c[2] - c[1]).days}d" + ("-" + "-".join(c[3]) if c[3] else "") for c in CASES])
def test_what_the_rulebook_requires(path, meeting, to, options, status, notice, record, rule, why):
    result = planner.adjourn(path, to, meeting=meeting, **options)
    assert (result.status, result.new_notice, result.new_record_date) == (status, notice, record), why
    deciding = {r for item in result.requirements for r in item.rules}
    assert rule in deciding, why
    for item in result.requirements:
        assert item.rules == [] or item.cites, "every answer backed by a rule carries its citation"
    if status == "not_allowed":
        assert next(i for i in result.requirements if i.topic == "adjournment_allowed").answer is False


def _business(subdiv: str, day: date) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays("US", subdiv=subdiv, years=day.year)


@pytest.mark.parametrize("year", [2027, 2028, 2029, 2030, 2031, 2033, 2036])
def test_replanned_notice_fits_the_window_on_a_business_day_across_years(year):
    """Williams adjourned for 45 days each year: the new notice is 10-60 days
    before the reconvened meeting, after the adjournment, on a Delaware business day."""
    meeting = date(year, 4, 30) - timedelta(days=(date(year, 4, 30).weekday() - 2) % 7)  # last Wednesday of April
    to = meeting + timedelta(days=45)
    result = planner.adjourn(WILLIAMS, to, meeting=meeting)
    assert result.status == "replanned"
    notice = result.plan.dates()["adjourned_notice"]
    assert meeting <= notice and 10 <= (to - notice).days <= 60
    assert _business("DE", notice)


@pytest.mark.parametrize("year", [2027, 2029, 2032, 2035])
def test_ngs_new_record_date_and_notice_after_120_days(year):
    meeting = date(year, 6, 8)
    to = meeting + timedelta(days=150)
    result = planner.adjourn(NGS, to, meeting=meeting)
    dates = result.plan.dates()
    record, notice = dates["adjourned_record_date"], dates["adjourned_notice"]
    assert record > meeting, "Art. II §5: a future date fixed after the adjournment"
    assert 10 <= (to - record).days <= 70
    assert record <= notice and 10 <= (to - notice).days <= 60
    assert _business("CO", record) and _business("CO", notice)
    listed = dates["adjourned_voting_list"]  # Art. II §6: the earlier of 10 days before, 2 business days after notice
    assert record <= listed and (to - listed).days >= 10
    second_business_day = [notice + timedelta(days=k) for k in range(1, 10) if _business("CO", notice + timedelta(days=k))][1]
    assert listed <= second_business_day


def test_too_little_time_for_a_new_record_date_is_explained():
    """Williams, new record date wanted, reconvening 5 days later: the record date
    must fall on or after the adjournment and 10 days before the new date."""
    result = planner.adjourn(WILLIAMS, W_MEETING + timedelta(days=5), meeting=W_MEETING, new_record_date=True)
    assert result.status == "infeasible" and not result.ok
    rules = {r for conflict in result.plan.conflicts for r in conflict}
    assert {"adjourned-record-date-window", "adjourned-record-date-after-adjournment"} <= rules


def test_original_meeting_from_a_plans_json(tmp_path):
    plan = planner.plan(WILLIAMS)
    dates = tmp_path / "plan.json"
    dates.write_text(plan.model_dump_json())
    result = planner.adjourn(WILLIAMS, date(2027, 6, 30), dates=dates)
    assert result.meeting == W_MEETING and result.new_notice


# --- postponement -----------------------------------------------------------


def test_postponement_keeps_a_record_date_that_still_fits():
    plan = planner.plan(WILLIAMS)  # record date 2027-03-12
    record = plan.dates()["record_date"]
    to = record + timedelta(days=60)  # the last day the record date still fits (Art. I §1.8)
    result = planner.adjourn(WILLIAMS, to, dates={"events": plan.dates()}, postponed=True)
    assert result.mode == "postponement" and result.new_notice and not result.new_record_date
    assert result.plan.dates()["record_date"] == record
    notice = result.plan.dates()["notice"]
    assert 10 <= (to - notice).days <= 60 and _business("DE", notice)
    moved = next(i for i in result.requirements if i.topic == "meeting_date")
    assert moved.answer is False and moved.rules == ["annual-meeting-date"]  # off the last Wednesday of April


def test_postponement_needs_a_new_record_date_one_day_too_late():
    plan = planner.plan(WILLIAMS)
    to = plan.dates()["record_date"] + timedelta(days=61)
    result = planner.adjourn(WILLIAMS, to, dates={"events": plan.dates()}, postponed=True)
    assert result.new_record_date
    why = next(i for i in result.requirements if i.topic == "new_record_date")
    assert why.answer is True and why.rules == ["record-date-window"]
    assert 10 <= (to - result.plan.dates()["record_date"]).days <= 60


def test_postponement_after_a_decision_plans_nothing_before_it():
    decided = date(2027, 4, 20)
    result = planner.adjourn(WILLIAMS, date(2027, 5, 14), meeting=W_MEETING, postponed=True, decided=decided)
    dates = result.plan.dates()
    assert dates["notice"] >= decided and dates["record_date"] >= decided


# --- the new rules, satisfied and violated -----------------------------------


def _status(rulebook: str, facts: dict, dates: dict[str, date], rule: str) -> str:
    scenario = {
        "schema_version": 1, "name": "pair", "rulebook": rulebook, "year": 2027, "facts": facts,
        "events": {e: None for e in dates if e in planner.load_rulebook(rulebook).events},
        "rules": [{"kind": "on_date", "id": "pin", "cite": "test", "summary": "the meeting date", "source": "operational",
                   "event": "meeting", "date": dates["meeting"].isoformat()}],
    }
    known = planner.load_rulebook(rulebook).events
    checked = planner.check(scenario, {"events": {e: d for e, d in dates.items() if e in known}})
    return checked.rule(rule).status


M = date(2027, 5, 12)
PAIRS = [
    # (rulebook, facts, rule, satisfied dates, violated dates)
    ("williams-natural-gas", {"meeting_type": "special", "adjournment_new_notice": True}, "adjourned-notice-window",
     {"adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=15)},
     {"adjourned_notice": M + timedelta(days=6), "adjourned_meeting": M + timedelta(days=15)}),
    ("williams-natural-gas", {"meeting_type": "special", "adjournment_new_notice": True}, "adjourned-notice-after-adjournment",
     {"adjourned_notice": M, "adjourned_meeting": M + timedelta(days=40)},
     {"adjourned_notice": M - timedelta(days=1), "adjourned_meeting": M + timedelta(days=40)}),
    ("williams-natural-gas", {"meeting_type": "special", "adjournment_new_notice": True}, "adjourned-record-date-window",
     {"adjourned_record_date": M + timedelta(days=5), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=65)},
     {"adjourned_record_date": M + timedelta(days=4), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=65)}),
    ("williams-natural-gas", {"meeting_type": "special", "adjournment_new_notice": True}, "implied-adjourned-record-date-not-after-notice",
     {"adjourned_record_date": M + timedelta(days=5), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=30)},
     {"adjourned_record_date": M + timedelta(days=6), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=30)}),
    ("williams-natural-gas", {"meeting_type": "special", "adjournment_new_notice": True}, "adjourned-voting-list",
     {"adjourned_record_date": M + timedelta(days=5), "adjourned_voting_list": M + timedelta(days=20), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=30)},
     {"adjourned_record_date": M + timedelta(days=5), "adjourned_voting_list": M + timedelta(days=21), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=30)}),
    ("natural-gas-services", {"meeting_type": "special", "adjournment_new_notice": True}, "adjourned-voting-list-two-business-days",
     # notice Thursday 2027-06-03; two business days later is Monday June 7
     {"adjourned_record_date": date(2027, 6, 1), "adjourned_notice": date(2027, 6, 3), "adjourned_voting_list": date(2027, 6, 7), "adjourned_meeting": date(2027, 7, 1)},
     {"adjourned_record_date": date(2027, 6, 1), "adjourned_notice": date(2027, 6, 3), "adjourned_voting_list": date(2027, 6, 8), "adjourned_meeting": date(2027, 7, 1)}),
    ("porter-mcleod", {"meeting_type": "special", "adjournment_new_notice": True}, "implied-adjourned-record-date-not-after-list",
     {"adjourned_record_date": M + timedelta(days=5), "adjourned_voting_list": M + timedelta(days=5), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=30)},
     {"adjourned_record_date": M + timedelta(days=5), "adjourned_voting_list": M + timedelta(days=4), "adjourned_notice": M + timedelta(days=5), "adjourned_meeting": M + timedelta(days=30)}),
    ("porter-mcleod", {"meeting_type": "special", "adjournment_new_notice": True}, "adjourned-record-date-after-adjournment",
     {"adjourned_record_date": M, "adjourned_notice": M, "adjourned_meeting": M + timedelta(days=30)},
     {"adjourned_record_date": M - timedelta(days=1), "adjourned_notice": M, "adjourned_meeting": M + timedelta(days=30)}),
    ("cleco-utility", {"meeting_type": "annual", "board_sets_other_date": True, "directors_elected": False,
                       "adjournment_new_notice": True}, "adjourned-notice-annual",
     {"adjourned_notice": M + timedelta(days=30), "adjourned_meeting": M + timedelta(days=45)},
     {"adjourned_notice": M + timedelta(days=31), "adjourned_meeting": M + timedelta(days=45)}),
    ("cleco-utility", {"meeting_type": "special", "directors_elected": False, "adjournment_new_notice": True},
     "adjourned-notice-special",
     {"adjourned_notice": M + timedelta(days=40), "adjourned_meeting": M + timedelta(days=45)},
     {"adjourned_notice": M + timedelta(days=41), "adjourned_meeting": M + timedelta(days=45)}),
]


@pytest.mark.parametrize("rulebook, facts, rule, good, bad", PAIRS, ids=[f"{p[0]}:{p[2]}" for p in PAIRS])
def test_new_adjournment_rules_pairs(rulebook, facts, rule, good, bad):
    base = {"meeting": M, "notice": M - timedelta(days=20), "record_date": M - timedelta(days=30),
            "voting_list": M - timedelta(days=15)}
    assert _status(rulebook, facts, {**base, **good}, rule) == "satisfied"
    assert _status(rulebook, facts, {**base, **bad}, rule) == "violated"


# --- command line and bad input ------------------------------------------------


def test_cli_json_and_exit_codes(capsys):
    assert main(["adjourn", str(WILLIAMS), "--meeting", "2027-04-28", "--to", "2027-06-15", "--format", "json"]) == 0
    result = planner.AdjournmentResult.model_validate(json.loads(capsys.readouterr().out))
    assert result.status == "replanned" and result.plan.dates()["adjourned_notice"]
    assert main(["adjourn", str(CLECO), "--meeting", "2027-04-23", "--to", "2027-04-30"]) == 1
    out = capsys.readouterr().out
    assert "NOT ALLOWED" in out and "Art. II §2(b)" in out


@pytest.mark.parametrize("args, words", [
    (["--meeting", "2027-04-28", "--to", "2027-04-20"], "--to"),
    (["--meeting", "2027-04-28", "--to", "2027-05-20", "--fact", "nonsense=1"], "facts.nonsense"),
    (["--meeting", "2027-04-28", "--to", "2027-05-20", "--fact", "novalue"], "--fact"),
    (["--meeting", "2027-04-28", "--to", "2027-05-20", "--decided", "2027-03-01"], "--decided"),
    (["--dates", "missing.yaml", "--to", "2027-05-20"], "missing.yaml"),
])
def test_bad_input_is_one_line_exit_2(capsys, args, words):
    assert main(["adjourn", str(WILLIAMS), *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and words in captured.err and len(captured.err.strip().splitlines()) == 1


def test_schemas_of_the_answers(capsys):
    for name, field in (("adjournment", "requirements"), ("special", "windows")):
        assert main(["schema", name]) == 0
        assert field in json.loads(capsys.readouterr().out)["properties"]


def test_a_dates_file_without_a_meeting_names_the_field(tmp_path):
    dates = tmp_path / "d.yaml"
    dates.write_text("events: {notice: 2027-03-25}\n")
    with pytest.raises(planner.DatesFileError) as caught:
        planner.adjourn(WILLIAMS, date(2027, 6, 1), dates=dates)
    assert caught.value.field == "events.meeting"


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(days=st.integers(min_value=1, max_value=200), book=st.sampled_from([(WILLIAMS, W_MEETING, 30, "DE"), (NGS, N_MEETING, 120, "CO")]))
def test_new_notice_exactly_beyond_the_limit(days, book):
    """Williams 30 days (Art. I §1.4), NGS 120 (Art. II §4, §5): a new notice
    exactly when the new date lies beyond the limit, and then it fits its window."""
    path, meeting, limit, state = book
    to = meeting + timedelta(days=days)
    result = planner.adjourn(path, to, meeting=meeting)
    assert result.new_notice == (days > limit)
    if result.new_notice:
        assert result.status == "replanned"  # 31+ days always leave room for a 10-day notice
        notice = result.plan.dates()["adjourned_notice"]
        assert meeting <= notice and 10 <= (to - notice).days <= 60 and _business(state, notice)
