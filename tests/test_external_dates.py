"""The SEC dates outside the plan: Rule 14a-8, Rule 14a-19, Form 10-K
Part III with the Rule 0-3 rollover, and the warning when the meeting moves
more than 30 days.  Expected dates are counted by hand (the comments show
the count), not computed with the module's own arithmetic."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import holidays
import pytest
import yaml

import planner
from planner.law.external_dates import external_dates, sec_calendar, sec_filing_deadline
from planner.engine.problem import build_problem
from planner.outputs.render import render_plan
from tests.test_findings import _book

ROOT = Path(__file__).resolve().parent.parent


def _external(anchors: dict[str, str], dates: dict[str, date], year: int = 2027):
    scenario = {"schema_version": 1, "name": "t", "rulebook": "x", "year": year, "packs": [],
                "anchors": {name: {"day": day} for name, day in anchors.items()}}
    return external_dates(build_problem(scenario, rulebook=_book([])), dates)


def _by_id(calendar):
    return {d.id: d for d in calendar.dates}


PROPOSALS = [
    # (last year's proxy release, proposal deadline, the count)
    ("2026-03-20", date(2026, 11, 20), "anniversary 2027-03-20; Nov 20 to Dec 20 30, to Jan 20 31, to Feb 20 31, to Mar 20 28: 120"),
    ("2026-04-10", date(2026, 12, 11), "anniversary 2027-04-10; Dec 11 to Jan 11 31, to Feb 11 31, to Mar 11 28, to Apr 10 30: 120"),
    ("2024-02-29", date(2024, 10, 31), "anniversary 2025-02-28 (no Feb 29); Oct 31 to Nov 30 30, Dec 31 31, Jan 31 31, Feb 28 28: 120"),
]


@pytest.mark.parametrize("release,due,count", PROPOSALS, ids=[c[0] for c in PROPOSALS])
def test_rule_14a8_deadline_is_120_days_before_the_release_anniversary(release, due, count):
    year = int(release[:4]) + 1
    meeting = date(year, 5, 1)
    calendar = _external({"last_proxy_release": release, "last_annual_meeting": f"{year - 1}-05-01"}, {"meeting": meeting}, year)
    deadline = _by_id(calendar)["rule-14a-8-deadline"]
    assert deadline.date == due, count
    assert deadline.cite == "Rule 14a-8(e)(2)" and release in deadline.basis


NOMINATIONS = [
    # (last year's meeting, dissident's notice, company's notice, the count)
    ("2026-04-29", date(2027, 3, 1), date(2027, 3, 10),
     "anniversary 2027-04-29; Feb 28 to Mar 29 29 + 31 to Apr 29 = 60, a Sunday: Instruction 1 moves it to Monday "
     "Mar 1; Mar 10: 21 + 29 = 50"),
    ("2026-06-11", date(2027, 4, 12), date(2027, 4, 22), "anniversary 2027-06-11; Apr 12: 29 + 31 = 60; Apr 22: 19 + 31 = 50"),
    ("2026-07-04", date(2027, 5, 5), date(2027, 5, 17),
     "anniversary 2027-07-04; May 5: 26 + 30 + 4 = 60, a Wednesday; May 15: 16 + 30 + 4 = 50, a Saturday: Monday May 17"),
]


@pytest.mark.parametrize("last,dissident,company,count", NOMINATIONS, ids=[c[0] for c in NOMINATIONS])
def test_rule_14a19_dates_count_back_from_last_years_meeting(last, dissident, company, count):
    anniversary = date(2027, int(last[5:7]), int(last[8:]))
    calendar = _external({"last_annual_meeting": last}, {"meeting": anniversary})
    found = _by_id(calendar)
    assert found["rule-14a-19-dissident-notice"].date == dissident, count
    assert found["rule-14a-19-company-notice"].date == company, count
    for rid in ("rule-14a-19-dissident-notice", "rule-14a-19-company-notice"):
        moved = found[rid].rolled_from  # set exactly when the count fell on a weekend (no holiday in these rows)
        counted = moved or found[rid].date
        assert (moved is not None) == (counted.weekday() >= 5)
        assert moved is None or "Instruction 1" in found[rid].basis
    assert calendar.warnings == []


MOVES = [
    # (this year's meeting, moved?, why) -- last year's meeting 2026-04-29, anniversary 2027-04-29
    (date(2027, 5, 29), False, "30 days later: not more than 30"),
    (date(2027, 5, 30), True, "31 days later"),
    (date(2027, 3, 30), False, "30 days earlier"),
    (date(2027, 3, 29), True, "31 days earlier"),
]


@pytest.mark.parametrize("meeting,moved,why", MOVES, ids=[c[2] for c in MOVES])
def test_a_meeting_moved_more_than_30_days_changes_the_dates(meeting, moved, why):
    calendar = _external({"last_proxy_release": "2026-03-20", "last_annual_meeting": "2026-04-29"}, {"meeting": meeting})
    assert [w.id for w in calendar.warnings] == (["meeting-moved-30-days"] if moved else []), why
    proposals = _by_id(calendar)["rule-14a-8-deadline"]
    assert (proposals.date is None) == moved
    if moved:
        assert "reasonable time before" in proposals.basis
        (warning,) = calendar.warnings
        assert any("14a-8" in t for t in warning.triggers) and any("10th day" in t for t in warning.triggers)


def test_moved_meeting_dissident_notice_is_the_later_of_two_dates():
    # Meeting 2027-06-10, 42 days after the anniversary 2027-04-29.
    # 60 days before it: 2027-04-11 (Apr 11 to May 11 30, to Jun 10 30).
    late = _external({"last_annual_meeting": "2026-04-29", "meeting_announcement": "2027-04-20"}, {"meeting": date(2027, 6, 10)})
    found = _by_id(late)
    assert found["rule-14a-19-dissident-notice"].date == date(2027, 4, 30)  # announced 04-20, +10 is later than 04-11
    assert found["rule-14a-19-company-notice"].date == date(2027, 4, 21)  # Apr 21 to May 21 30, to Jun 10 20: 50
    early = _by_id(_external({"last_annual_meeting": "2026-04-29", "meeting_announcement": "2027-03-01"},
                             {"meeting": date(2027, 6, 10)}))
    # 60 days before (Sunday Apr 11) is later than 03-11; Instruction 1 moves it to Monday.
    assert early["rule-14a-19-dissident-notice"].date == date(2027, 4, 12)
    assert early["rule-14a-19-dissident-notice"].rolled_from == date(2027, 4, 11)
    unknown = _external({"last_annual_meeting": "2026-04-29"}, {"meeting": date(2027, 6, 10)})
    assert _by_id(unknown)["rule-14a-19-dissident-notice"].date is None
    assert "meeting_announcement" in unknown.missing


PART_III = [
    # (fiscal year end, deadline, moved from, the reason)
    ("2026-12-31", date(2027, 4, 30), None, "Jan 31 + Feb 28 + Mar 31 + Apr 30 = 120: Friday 2027-04-30"),
    ("2022-12-31", date(2023, 5, 1), date(2023, 4, 30), "120th day Sunday 2023-04-30: Rule 0-3 moves it to Monday"),
    ("2027-01-31", date(2027, 6, 1), date(2027, 5, 31), "120th day 2027-05-31 is Memorial Day: Tuesday"),
    ("2026-11-26", date(2027, 3, 26), None, "120th day Good Friday 2027-03-26: a Delaware holiday, but the SEC is open"),
]


@pytest.mark.parametrize("year_end,due,moved_from,why", PART_III, ids=[c[3] for c in PART_III])
def test_form_10k_part_iii_deadline_with_rule_0_3(year_end, due, moved_from, why):
    year = int(year_end[:4]) + 1
    found = _by_id(_external({"fiscal_year_end": year_end}, {"meeting": date(year, 6, 1)}, year))["form-10-k-part-iii"]
    assert (found.date, found.rolled_from) == (due, moved_from), why


def test_sec_business_days_are_federal_not_state():
    assert date(2027, 3, 26) in holidays.US(subdiv="DE", years=2027)  # Good Friday closes Delaware
    calendar = sec_calendar(range(2026, 2029))
    assert sec_filing_deadline(date(2027, 3, 26), calendar) == (date(2027, 3, 26), None)
    assert sec_filing_deadline(date(2027, 1, 16), calendar) == (date(2027, 1, 19), date(2027, 1, 16))  # Sat, then MLK Day
    assert sec_filing_deadline(date(2027, 10, 11), calendar) == (date(2027, 10, 12), date(2027, 10, 11))  # Columbus Day


def test_a_proxy_filed_after_the_part_iii_deadline_is_warned():
    late = _external({"fiscal_year_end": "2026-12-31"}, {"meeting": date(2027, 6, 15), "definitive_proxy": date(2027, 5, 3)})
    (warning,) = late.warnings
    assert warning.id == "part-iii-late" and "10-K/A" in warning.triggers[0]


def test_missing_anchors_are_listed_not_guessed():
    calendar = _external({}, {"meeting": date(2027, 5, 1)})
    # Only the date that needs no anchor: a dissident's proxy, counted from the meeting.
    assert [d.id for d in calendar.dates] == ["rule-14a-19-dissident-proxy"]
    assert calendar.missing == ["fiscal_year_end", "last_annual_meeting", "last_proxy_release"]


# --- in plans --------------------------------------------------------------------

def test_only_listed_scenarios_carry_sec_dates():
    assert planner.plan(ROOT / "scenarios" / "williams-natural-gas-2027.yaml").external is None
    plan = planner.plan(ROOT / "scenarios" / "natural-gas-services-listed-2027.yaml")
    found = _by_id(plan.external)
    # Last meeting 2026-06-11 (second Thursday of June), this year's 2027-06-10: not moved.
    assert found["rule-14a-19-dissident-notice"].date == date(2027, 4, 12)
    # Release 2026-04-24 (last Friday of April): Dec 25 to Jan 25 31, Feb 25 31, Mar 25 28, Apr 24 30 = 120.
    assert found["rule-14a-8-deadline"].date == date(2026, 12, 25)


def test_moving_the_listed_williams_meeting_warns_with_what_it_triggers(tmp_path):
    data = yaml.safe_load((ROOT / "scenarios" / "williams-natural-gas-listed-2027.yaml").read_text())
    data["anchors"]["last_annual_meeting"] = {"day": "second Tuesday of June", "year_offset": -1}  # 2026-06-09
    plan = planner.plan(data)
    assert plan.status == "feasible"
    (warning,) = plan.external.warnings
    assert "42 days before" in warning.text  # 2027-04-28 against the anniversary 2027-06-09: 2 + 31 + 9 days
    table = render_plan(plan, "table")
    assert "warning (Rule 14a-8(e)(2)" in table and "reasonable time before" in table


def test_each_sec_date_says_how_it_was_checked():
    plan = planner.plan(ROOT / "scenarios" / "williams-natural-gas-listed-2027.yaml")
    checked = {d.id: d.verified for d in plan.external.dates}
    # Rules 14a-8(e)(2) and 14a-19 read in an eCFR copy; Form 10-K's instructions are no part of the CFR.
    assert checked == {"rule-14a-8-deadline": True, "rule-14a-19-dissident-notice": True,
                       "rule-14a-19-company-notice": True, "rule-14a-19-dissident-proxy": True, "form-10-k-part-iii": False}
    assert all(d.verification for d in plan.external.dates)
    table = render_plan(plan, "table")
    assert "Form 10-K, General Instruction G(3); Rule 0-3(a) [unverified]" in table
    assert "Rule 14a-8(e)(2) [unverified]" not in table and "Rule 14a-19(b)(1) [unverified]" not in table


DISSIDENT_PROXY = [
    # (meeting, the company's definitive proxy, the dissident's filing deadline, moved from, the count)
    (date(2027, 4, 28), date(2027, 3, 31), date(2027, 4, 5), None,
     "25 days before: Apr 3 (Apr 3 to 28); 5 days after Mar 31: Apr 5, the later"),
    (date(2027, 4, 28), date(2027, 3, 20), date(2027, 4, 5), date(2027, 4, 3),
     "25 days before: Sat Apr 3, later than Mar 25; a filing: Rule 0-3 moves it to Mon Apr 5"),
    (date(2027, 6, 16), None, date(2027, 5, 24), date(2027, 5, 22),
     "no company filing planned: 25 days before, Sat May 22 (May 22 to Jun 16), moved to Mon May 24"),
    (date(2027, 7, 29), date(2027, 6, 30), date(2027, 7, 6), date(2027, 7, 5),
     "5 days after Jun 30: Mon Jul 5, the observed Independence Day: Tue Jul 6; 25 days before: Jul 4"),
]


@pytest.mark.parametrize("meeting,filed,due,moved,count", DISSIDENT_PROXY, ids=[c[4][:40] for c in DISSIDENT_PROXY])
def test_rule_14a19_dissident_proxy_is_the_later_of_two_dates(meeting, filed, due, moved, count):
    dates = {"meeting": meeting, **({"definitive_proxy": filed} if filed else {})}
    found = _by_id(_external({"last_annual_meeting": "2026-04-29"}, dates))["rule-14a-19-dissident-proxy"]
    assert (found.date, found.rolled_from) == (due, moved), count
    assert found.verified and "Rule 14a-19(a)(2)" in found.cite


# --- when the rules govern -------------------------------------------------------

@pytest.mark.parametrize("meeting,governed", [
    (date(2022, 8, 31), False),  # the last day before Rule 14a-19's compliance date
    (date(2022, 9, 1), True),
    (date(1997, 12, 12), False),
])
def test_rule_14a19_dates_only_for_meetings_it_governs(meeting, governed):
    last = meeting.replace(year=meeting.year - 1)
    calendar = _external({"last_annual_meeting": last.isoformat()}, {"meeting": meeting}, meeting.year)
    ids = set(_by_id(calendar))
    assert ("rule-14a-19-dissident-notice" in ids) is governed
    assert ("rule-14a-19-company-notice" in ids) is governed
    assert ("rule-14a-19-dissident-proxy" in ids) is governed


def test_a_special_meeting_has_no_part_iii_date_and_nominee_dates_only_to_watch():
    scenario = {"schema_version": 1, "name": "t", "rulebook": "x", "year": 2027, "packs": [],
                "facts": {"meeting_type": "special"},
                "anchors": {"fiscal_year_end": {"day": "2026-12-31"}, "meeting_announcement": {"day": "2027-03-01"}}}
    problem = build_problem(scenario, rulebook=_book([]))
    assert problem.facts["meeting_type"] == "special"
    found = _by_id(external_dates(problem, {"meeting": date(2027, 5, 20)}))
    assert "form-10-k-part-iii" not in found
    assert "only if directors are elected" in found["rule-14a-19-company-notice"].basis
    assert found["rule-14a-19-company-notice"].date == date(2027, 3, 31)  # Mar 31 to Apr 30 30, to May 20 20: 50
