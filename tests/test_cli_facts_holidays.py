"""`--holiday` takes a yearly date as a scenario's closures do, closing that
day in the plan year and in the years around it that the calendar spans;
`plan --fact NAME=VALUE` sets a fact as adjourn and special do (issue 18)."""

from __future__ import annotations

from datetime import date

import pytest

import planner
from planner.faces import cli
from tests.helpers import WILLIAMS, golden_dates

RECORD_DATE = golden_dates("williams-natural-gas-2027")["record_date"]  # 2027-03-08


def test_a_yearly_holiday_closes_that_day_of_the_plan_year():
    by_name = planner.plan(WILLIAMS, holidays=[RECORD_DATE.strftime("%B %-d")])
    by_date = planner.plan(WILLIAMS, holidays=[RECORD_DATE])
    assert by_name.dates() == by_date.dates()
    assert by_name.dates()["record_date"] != RECORD_DATE


def test_a_yearly_holiday_follows_the_year_planned():
    plan = planner.plan(WILLIAMS, year=2028, holidays=["April 26"])  # the 2028 meeting's day (last Wednesday of April)
    meeting = plan.dates()["meeting"]
    assert meeting == date(2028, 4, 27)  # rolled to the next business day by the bylaw
    assert planner.plan(WILLIAMS, year=2028).dates()["meeting"] == date(2028, 4, 26)


def test_yearly_holidays_each_cycle_in_its_own_year(capsys):
    from planner.studies.years import plan_years

    result = plan_years(WILLIAMS, "2027-2028", holidays=["last Wednesday of April"])
    meetings = [c.plan.dates()["meeting"] for c in result.cycles]
    assert meetings == [date(2027, 4, 29), date(2028, 4, 27)]


JANUARY_MEETING = [
    {"kind": "on_date", "id": "meet", "cite": "Art. T §1", "summary": "s", "event": "b", "date": {"day": "third Thursday of January"}},
    {"kind": "gap", "id": "lead", "cite": "Art. T §2", "summary": "s", "before": "a", "after": "b", "min_days": 20,
     "counting": "business"},
]


@pytest.mark.parametrize("where", ["closures", "holidays"])
def test_a_yearly_closure_closes_its_day_before_the_plan_year_too(where):
    """A January meeting's calendar starts in December of the year before:
    "December 24" is the office's closure there too.  Resolved in the plan
    year alone (2027-12-24, after the meeting) it closed nothing, and a lead
    of 20 business days that the closure makes one day short was checked
    as satisfied with no margin to spare."""
    from planner.verdicts.answers import plan_problem
    from planner.verdicts.checker import check_dates
    from tests.helpers import problem

    extra = {"closures": ["December 24"]} if where == "closures" else {}
    p = problem(JANUARY_MEETING, events=("a", "b"), holidays=["December 24"] if where == "holidays" else (), **extra)
    assert {date(2026, 12, 24), date(2027, 12, 24)} <= p.calendar.closures
    # Meeting Thu 2027-01-21; without the closure the 20th Delaware business day before it is Mon 2026-12-21.
    lead = next(r for r in check_dates(p, {"a": date(2026, 12, 21), "b": date(2027, 1, 21)}, {}) if r.id == "lead")
    assert (lead.status, lead.slack_days) == ("violated", -3)  # the 20th is now Fri 2026-12-18
    assert plan_problem(p).dates()["a"] <= date(2026, 12, 18)


@pytest.mark.parametrize("text", ["Smarch 8", "2027-02-30", "December 32"])
def test_an_unreadable_holiday_is_a_one_line_error(text, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["plan", str(WILLIAMS), "--holiday", text])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("planner plan: error: argument --holiday:") and text in err


def test_plan_fact_sets_a_fact_for_this_run(capsys):
    assert cli.main(["plan", str(WILLIAMS), "--fact", "notice_waived=true", "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["facts"]["notice_waived"] is True
    plain = planner.plan(WILLIAMS)
    assert plain.facts["notice_waived"] is False
    assert {r["id"]: r["status"] for r in data["rules"]} != {r.id: r.status for r in plain.rules}


def test_plan_fact_unknown_name_is_a_one_line_error(capsys):
    assert cli.main(["plan", str(WILLIAMS), "--fact", "no_such_fact=true"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "facts.no_such_fact: unknown fact" in err


def test_plan_fact_without_equals_is_a_one_line_error(capsys):
    assert cli.main(["plan", str(WILLIAMS), "--fact", "notice_waived"]) == 2
    assert "--fact: 'notice_waived' is not NAME=VALUE" in capsys.readouterr().err


def test_years_take_facts_too(capsys):
    assert cli.main(["plan", str(WILLIAMS), "--years", "2027-2028", "--fact", "notice_waived=true", "--format", "json"]) == 0
    import json

    cycles = json.loads(capsys.readouterr().out)["cycles"]
    assert all(c["plan"]["facts"]["notice_waived"] is True for c in cycles)


# A calendar whose record date (Friday March 12) is no default record date:
# with no board resolution (board_fixes_record_date false) Art. I §1.8(1)
# puts it on the eve of notice (Monday April 5), so the 12th breaks it.
NO_RESOLUTION = {"record_date": "2027-03-12", "notice": "2027-04-05", "voting_list": "2027-04-08",
                 "meeting": "2027-04-28"}


def test_check_fact_sets_a_fact_for_this_run(tmp_path, capsys):
    # `check --fact` was accepted and then ignored: the check ran on the
    # scenario's facts, so a calendar breaking the rule the fact brings in
    # was compliant (and one the fact excuses non-compliant).
    checked = planner.check(WILLIAMS, {"events": NO_RESOLUTION}, facts={"board_fixes_record_date": False})
    assert checked.facts["board_fixes_record_date"] is False
    default = next(r for r in checked.rules if r.id == "record-date-default")
    assert default.status == "violated" and checked.status == "non_compliant"
    dates = tmp_path / "dates.yaml"
    dates.write_text("events:\n" + "".join(f"  {e}: '{d}'\n" for e, d in NO_RESOLUTION.items()))
    assert cli.main(["check", str(WILLIAMS), "--dates", str(dates), "--fact", "board_fixes_record_date=false",
                     "--format", "json"]) == 1
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["facts"]["board_fixes_record_date"] is False and data["status"] == "non_compliant"
    # A waiver given with --fact: the notice a day before the meeting breaks nothing.
    late = {**NO_RESOLUTION, "notice": "2027-04-27"}
    waived = planner.check(WILLIAMS, {"events": {e: d for e, d in late.items() if e != "notice"}},
                           facts={"notice_waived": True})
    assert waived.facts["notice_waived"] is True and waived.status == "compliant"
    assert {r.id: r.status for r in waived.rules}["notice-window"] == "not_applicable"
