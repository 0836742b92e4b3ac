"""Statute packs for the incorporation states that do not follow the Model
Business Corporation Act on meeting timing (issue #15): New York, Texas,
Nevada, Maryland, California, Pennsylvania, Ohio, New Jersey, Illinois,
Michigan and Missouri.

The raw YAML is checked for format and provenance; ``planner.load_pack`` must
accept each pack; and every gap rule is tried on a satisfied and a violated
calendar computed here with plain ``datetime`` arithmetic (business days from
python-holidays directly), independently of the planner engine.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from dateutil.relativedelta import relativedelta

import planner
from tests.helpers import seed

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "constraints" / "packs"

# pack id -> (state of incorporation, python-holidays subdivision)
NEW_PACKS = {
    "new-york-bcl": ("NY", "NY"),
    "texas-boc": ("TX", "TX"),
    "nevada-nrs": ("NV", "NV"),
    "maryland-mgcl": ("MD", "MD"),
    "california-corp": ("CA", "CA"),
    "pennsylvania-bcl": ("PA", "PA"),
    "ohio-gcl": ("OH", "OH"),
    "new-jersey-bca": ("NJ", "NJ"),
    "illinois-bca": ("IL", "IL"),
    "michigan-bca": ("MI", "MI"),
    "missouri-gbcl": ("MO", "MO"),
}
STANDARD_EVENTS = {
    "meeting", "notice", "record_date", "record_date_resolution", "voting_list", "board_meeting",
    "board_notice", "special_board_meeting", "adjourned_meeting", "adjourned_notice",
    "adjourned_record_date", "special_meeting_demand", "special_meeting_call",
}
# Facts every rulebook declares; any other fact a rule names must be declared by the pack.
COMMON_FACTS = {"meeting_type": {"annual", "special"}}
SOURCE = re.compile(r"[a-z0-9-]+\.(gov|com|org|us|io|edu|ai|law)\b")
REQUIRED_KEYS = {"schema_version", "id", "title", "layer", "applies", "document", "rules"}
RULE_KEYS = {"id", "kind", "cite", "summary", "verified", "verification"}
BASE = date(2027, 6, 15)  # a Tuesday, clear of holidays in every state here


def _text(stem: str) -> str:
    return (PACKS / f"{stem}.yaml").read_text(encoding="utf-8")


def _raw(stem: str) -> dict:
    return seed(PACKS / f"{stem}.yaml")  # parsed once (libyaml), a fresh copy each call


RULES = [(stem, rule) for stem in NEW_PACKS for rule in _raw(stem)["rules"]]
GAPS = [(stem, rule) for stem, rule in RULES if rule["kind"] == "gap"]


def _ids(items):
    return [f"{stem}:{rule['id']}" for stem, rule in items]


# --- independent day arithmetic -------------------------------------------


def _holidays(subdiv: str, year: int):
    return holidays.US(subdiv=subdiv, years=range(year - 1, year + 2))


def _is_business(day: date, subdiv: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(subdiv, day.year)


def _shift_business(day: date, n: int, subdiv: str) -> date:
    """The n-th business day after (n > 0) or before (n < 0) `day`."""
    step, left = (1 if n > 0 else -1), abs(n)
    while left:
        day += timedelta(days=step)
        if _is_business(day, subdiv):
            left -= 1
    return day


def _gap_holds(rule: dict, dates: dict[str, date], subdiv: str) -> bool:
    """The gap rule's text, read with plain date arithmetic."""
    before = dates[rule["before"]] + timedelta(days=rule.get("effective_after_days", 0))
    after = dates[rule["after"]]
    lo, hi = rule.get("min_days"), rule.get("max_days")
    if rule["counting"] == "business":
        ok = True
        if lo is not None:
            ok &= before <= _shift_business(after, -lo, subdiv)
        if hi is not None:
            ok &= after <= _shift_business(before, hi, subdiv)
        return ok
    diff = (after - before).days - (1 if rule["counting"] == "clear" else 0)
    return (lo is None or diff >= lo) and (hi is None or diff <= hi)


def _examples(rule: dict, subdiv: str) -> tuple[dict, dict]:
    """A satisfied and a violated calendar for the rule, built on its tightest bound."""
    lag = rule.get("effective_after_days", 0)
    a = rule["after"]
    b = rule["before"]
    lo, hi = rule.get("min_days"), rule.get("max_days")
    if rule["counting"] == "business":
        start = BASE
        while not _is_business(start, subdiv):
            start += timedelta(days=1)
        if hi is not None:  # `after` on the hi-th business day after `before`, then one business day later
            good_after = _shift_business(start + timedelta(days=lag), hi, subdiv)
            bad_after = _shift_business(good_after, 1, subdiv)
            return {b: start, a: good_after}, {b: start, a: bad_after}
        latest = _shift_business(start, -lo, subdiv)
        return {b: latest - timedelta(days=lag), a: start}, {b: latest - timedelta(days=lag - 1), a: start}
    extra = 1 if rule["counting"] == "clear" else 0
    if lo == 0 and hi is None:  # same day allowed, a day earlier `after` is not
        return {b: BASE - timedelta(days=lag + extra), a: BASE}, {b: BASE - timedelta(days=lag + extra - 1), a: BASE}
    if lo is not None and lo > 0:
        good = BASE - timedelta(days=lo + lag + extra)
        return {b: good, a: BASE}, {b: good + timedelta(days=1), a: BASE}
    good = BASE - timedelta(days=hi + lag + extra)
    return {b: good, a: BASE}, {b: good - timedelta(days=1), a: BASE}


# --- format and provenance -------------------------------------------------


@pytest.mark.parametrize("stem", sorted(NEW_PACKS))
def test_top_level(stem):
    raw = _raw(stem)
    state, subdiv = NEW_PACKS[stem]
    assert REQUIRED_KEYS <= set(raw)
    assert raw["schema_version"] == 1 and raw["id"] == stem
    assert raw["layer"] == "statute"
    assert raw["applies"] == {"incorporation": state}
    text = _text(stem)
    assert f'subdivision "{subdiv}"' in text and f'holidays.US(subdiv="{subdiv}")' in text
    assert "Not encoded as rules" in text, "the header lists what could not be a dated rule"
    assert subdiv in holidays.US(years=2027).subdivisions


@pytest.mark.parametrize("stem,rule", RULES, ids=_ids(RULES))
def test_rule_fields(stem, rule):
    pack = _raw(stem)
    assert RULE_KEYS <= set(rule), f"missing {RULE_KEYS - set(rule)}"
    assert rule["id"].startswith(f"{stem}-")
    assert rule.get("source") == "statute"
    assert rule["cite"].strip() and len(rule["summary"].split()) >= 10
    assert isinstance(rule["verified"], bool)
    note = rule["verification"]
    assert len(note.split()) >= 6
    if rule["verified"]:
        assert SOURCE.search(note), f"a verified rule names the source it was read in: {note}"
        assert "2026-12-05" in note or "read" in note
    if rule["kind"] == "gap":
        assert rule["counting"] in ("calendar", "clear", "business")
        events = {rule["before"], rule["after"]}
    else:
        events = {rule["event"]}
    declared = set(pack.get("events") or {})
    assert events <= STANDARD_EVENTS | declared
    facts = {name: set(spec["values"]) for name, spec in (pack.get("facts") or {}).items()} | COMMON_FACTS
    for fact, wanted in (rule.get("when") or {}).items():
        assert fact in facts, f"'when' names {fact}: declare it under facts"
        for value in wanted if isinstance(wanted, list) else [wanted]:
            assert value in facts[fact]


@pytest.mark.parametrize("stem", sorted(NEW_PACKS))
def test_pack_facts_have_values_default_and_doc(stem):
    for name, spec in (_raw(stem).get("facts") or {}).items():
        assert spec["values"] and spec["default"] in spec["values"] and spec["doc"].strip(), name


def test_rule_ids_unique_across_new_packs():
    ids = [rule["id"] for _, rule in RULES]
    assert len(ids) == len(set(ids))


def test_summaries_do_not_copy_quoted_statute_words():
    # Six words in a row shared with a passage quoted in `verification` count as copying.
    def shingles(text):
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {tuple(words[i : i + 6]) for i in range(len(words) - 5)}

    for stem, rule in RULES:
        for quoted in re.findall(r'"([^"]+)"', rule["verification"]):
            assert not shingles(rule["summary"]) & shingles(quoted), f"{stem}:{rule['id']}"


# --- the engine accepts the packs ------------------------------------------


@pytest.mark.parametrize("stem", sorted(NEW_PACKS))
def test_load_pack_accepts(stem):
    pack = planner.load_pack(str(PACKS / f"{stem}.yaml"))
    assert pack.id == stem
    raw = {r["id"]: r for r in _raw(stem)["rules"]}
    assert {r.id for r in pack.rules} == set(raw)
    for rule in pack.rules:
        assert rule.verified == raw[rule.id]["verified"]


# --- every gap rule on a satisfied and a violated calendar -----------------


@pytest.mark.parametrize("stem,rule", GAPS, ids=_ids(GAPS))
def test_gap_examples(stem, rule):
    subdiv = NEW_PACKS[stem][1]
    good, bad = _examples(rule, subdiv)
    assert _gap_holds(rule, good, subdiv), good
    assert not _gap_holds(rule, bad, subdiv), bad


# --- hand-counted calendars for the key numbers ----------------------------


def _rule(stem: str, rule_id: str) -> dict:
    (rule,) = [r for r in _raw(stem)["rules"] if r["id"] == rule_id]
    return rule


def _holds(stem: str, rule_id: str, **dates: date) -> bool:
    return _gap_holds(_rule(stem, rule_id), dates, NEW_PACKS[stem][1])


def test_new_york_notice_ten_to_sixty_and_third_class_mail():
    meeting = date(2027, 6, 15)
    rule = "new-york-bcl-605a-notice-window"
    assert _holds("new-york-bcl", rule, notice=date(2027, 6, 5), meeting=meeting)  # 10 days
    assert not _holds("new-york-bcl", rule, notice=date(2027, 6, 6), meeting=meeting)  # 9
    assert _holds("new-york-bcl", rule, notice=date(2027, 4, 16), meeting=meeting)  # 60
    assert not _holds("new-york-bcl", rule, notice=date(2027, 4, 15), meeting=meeting)  # 61
    third = "new-york-bcl-605a-third-class-mail"
    assert _holds("new-york-bcl", third, notice=date(2027, 5, 22), meeting=meeting)  # 24
    assert not _holds("new-york-bcl", third, notice=date(2027, 5, 23), meeting=meeting)  # 23


def test_new_york_demand_notice_five_business_days_over_thanksgiving():
    # Demand Friday November 19, 2027; Thanksgiving (Thursday November 25) is
    # a New York holiday, so the five business days are Nov 22, 23, 24, 26, 29.
    assert date(2027, 11, 25) in holidays.US(subdiv="NY", years=2027)
    rule = "new-york-bcl-603a-secretary-notice"
    demand = date(2027, 11, 19)
    assert _holds("new-york-bcl", rule, special_meeting_demand=demand, notice=date(2027, 11, 29))
    assert not _holds("new-york-bcl", rule, special_meeting_demand=demand, notice=date(2027, 11, 30))
    window = "new-york-bcl-603a-demand-window"
    assert _holds("new-york-bcl", window, special_meeting_demand=demand, meeting=demand + timedelta(days=60))
    assert not _holds("new-york-bcl", window, special_meeting_demand=demand, meeting=demand + timedelta(days=91))


def test_new_york_default_record_date_is_the_eve_of_notice():
    rule = "new-york-bcl-604b-default-record-date"
    assert _holds("new-york-bcl", rule, record_date=date(2027, 5, 3), notice=date(2027, 5, 4))
    assert not _holds("new-york-bcl", rule, record_date=date(2027, 5, 4), notice=date(2027, 5, 4))


def test_texas_list_by_the_eleventh_day():
    rule = "texas-boc-21-372-meeting-list"
    assert _holds("texas-boc", rule, voting_list=date(2027, 6, 19), meeting=date(2027, 6, 30))
    assert not _holds("texas-boc", rule, voting_list=date(2027, 6, 20), meeting=date(2027, 6, 30))


def test_maryland_ninety_day_notice_cap():
    rule = "maryland-mgcl-2-504-notice-window"
    assert _holds("maryland-mgcl", rule, notice=date(2027, 3, 17), meeting=date(2027, 6, 15))  # 90
    assert not _holds("maryland-mgcl", rule, notice=date(2027, 3, 16), meeting=date(2027, 6, 15))  # 91


def test_california_default_record_date_skips_presidents_day():
    # Notice Tuesday February 16, 2027; Monday the 15th is Presidents' Day in
    # California, so the business day before notice is Friday February 12.
    assert date(2027, 2, 15) in holidays.US(subdiv="CA", years=2027)
    rule = "california-corp-701b-default-record-date"
    notice = date(2027, 2, 16)
    assert _holds("california-corp", rule, record_date=date(2027, 2, 12), notice=notice)
    assert not _holds("california-corp", rule, record_date=date(2027, 2, 15), notice=notice)
    assert not _holds("california-corp", rule, record_date=date(2027, 2, 11), notice=notice)


def test_adjournment_limits():
    meeting = date(2027, 6, 15)
    assert _holds("california-corp", "california-corp-701c-adjournment-45-days",
                  meeting=meeting, adjourned_meeting=date(2027, 7, 30))  # 45 days
    assert not _holds("california-corp", "california-corp-701c-adjournment-45-days",
                      meeting=meeting, adjourned_meeting=date(2027, 7, 31))
    assert _holds("nevada-nrs", "nevada-nrs-78-350-adjournment-60-days",
                  meeting=meeting, adjourned_meeting=date(2027, 8, 14))  # 60 days
    assert not _holds("nevada-nrs", "nevada-nrs-78-350-adjournment-60-days",
                      meeting=meeting, adjourned_meeting=date(2027, 8, 15))
    assert _holds("pennsylvania-bcl", "pennsylvania-bcl-1755c-election-adjournment",
                  meeting=meeting, adjourned_meeting=date(2027, 6, 30))  # 15 days
    assert not _holds("pennsylvania-bcl", "pennsylvania-bcl-1755c-election-adjournment",
                      meeting=meeting, adjourned_meeting=date(2027, 7, 1))


def test_pennsylvania_five_and_ten_days_no_maximum():
    meeting = date(2027, 6, 15)
    five, ten = "pennsylvania-bcl-1704b-notice-five-days", "pennsylvania-bcl-1704b-notice-ten-days"
    assert _holds("pennsylvania-bcl", five, notice=date(2027, 6, 10), meeting=meeting)
    assert not _holds("pennsylvania-bcl", five, notice=date(2027, 6, 11), meeting=meeting)
    assert not _holds("pennsylvania-bcl", ten, notice=date(2027, 6, 10), meeting=meeting)
    assert _holds("pennsylvania-bcl", ten, notice=date(2027, 6, 5), meeting=meeting)
    assert "max_days" not in _rule("pennsylvania-bcl", five)
    assert _holds("pennsylvania-bcl", five, notice=date(2026, 6, 15), meeting=meeting)  # a year ahead is lawful


def test_new_jersey_record_date_window():
    rule = "new-jersey-bca-14a-5-7-record-date-window"
    meeting = date(2027, 6, 15)
    assert _holds("new-jersey-bca", rule, record_date=date(2027, 6, 5), meeting=meeting)
    assert not _holds("new-jersey-bca", rule, record_date=date(2027, 6, 6), meeting=meeting)
    assert _holds("new-jersey-bca", rule, record_date=date(2027, 4, 16), meeting=meeting)
    assert not _holds("new-jersey-bca", rule, record_date=date(2027, 4, 15), meeting=meeting)


def test_court_remedy_windows_are_the_statutes_months():
    months = {
        ("new-york-bcl", "new-york-bcl-603a-thirteen-months"): 13,
        ("texas-boc", "texas-boc-21-351-thirteen-months"): 13,
        ("nevada-nrs", "nevada-nrs-78-345-eighteen-months"): 18,
        ("california-corp", "california-corp-600c-fifteen-months"): 15,
        ("new-jersey-bca", "new-jersey-bca-14a-5-2-thirteen-months"): 13,
        ("michigan-bca", "michigan-bca-450-1402-fifteen-months"): 15,
        ("illinois-bca", "illinois-bca-7-05-annual-fifteen-months"): 15,
    }
    for (stem, rule_id), n in months.items():
        rule = _rule(stem, rule_id)
        assert rule["not_after"] == {"anchor": "last_annual_meeting", "shift": f"+{n} months"}
        assert "last_annual_meeting" in _raw(stem)["anchors"]
    # Month arithmetic clips at month end: August 31, 2026 + 18 months is February 29, 2028 (a leap year).
    assert date(2026, 8, 31) + relativedelta(months=18) == date(2028, 2, 29)
    assert date(2026, 5, 20) + relativedelta(months=13) == date(2027, 6, 20)


def test_default_annual_dates():
    # Ohio: first Monday of April (fiscal year ending December 31); New Jersey:
    # first Tuesday of April. In 2027 April 1 is a Thursday.
    assert date(2027, 4, 1).weekday() == 3
    first_monday = next(date(2027, 4, d) for d in range(1, 8) if date(2027, 4, d).weekday() == 0)
    first_tuesday = next(date(2027, 4, d) for d in range(1, 8) if date(2027, 4, d).weekday() == 1)
    assert (first_monday, first_tuesday) == (date(2027, 4, 5), date(2027, 4, 6))
    assert _rule("ohio-gcl", "ohio-gcl-1701-39-default-annual-date")["date"] == {"day": "first Monday of April"}
    assert _rule("new-jersey-bca", "new-jersey-bca-14a-5-2-default-annual-date")["date"] == {"day": "first Tuesday of April"}


def test_unread_numbers_stay_unverified():
    # Sections whose text could not be reached in any stored copy.
    unverified = [
        ("texas-boc", "texas-boc-21-353-notice-window"),
        ("texas-boc", "texas-boc-6-101-record-date-max"),
        ("maryland-mgcl", "maryland-mgcl-2-511-record-date-window"),
        ("california-corp", "california-corp-601a-notice-window"),
        ("california-corp", "california-corp-307-board-notice-mail"),
        ("ohio-gcl", "ohio-gcl-1701-41-notice-window"),
        ("new-jersey-bca", "new-jersey-bca-14a-5-4-notice-window"),
        ("nevada-nrs", "nevada-nrs-78-350-adjournment-60-days"),
        ("illinois-bca", "illinois-bca-7-15-notice-window"),
        ("illinois-bca", "illinois-bca-7-25-record-date-window"),
    ]
    for stem, rule_id in unverified:
        assert _rule(stem, rule_id)["verified"] is False, rule_id


# --- record-date windows the articles may replace (corrected 2026-12-05) ---


def _law_only_check(state: str, events: dict[str, date], **facts) -> dict[str, str]:
    """The law-only check of `planner check --incorporation`, with pack facts as its --fact gives them."""
    from planner.model.dates_file import DatesFile
    from planner.verdicts.answers import check_law_only

    plan = check_law_only(DatesFile(events=events), state, facts=facts)
    return {rule.id: rule.status for rule in plan.rules}


@pytest.mark.parametrize("stem,rule_id,fact", [
    ("nevada-nrs", "nevada-nrs-78-350-record-date-window", "nevada_articles_set_record_date_period"),
    ("ohio-gcl", "ohio-gcl-1701-45-record-date-max", "ohio_regulations_set_record_date_period"),
])
def test_articles_may_set_another_record_date_period(stem, rule_id, fact):
    # NRS 78.350(2) lets the articles prescribe a period above 60 or below 10
    # days; R.C. 1701.45(A) lets the articles or regulations set a shorter or
    # longer one. The statutory window binds only while they do not.
    rule = _rule(stem, rule_id)
    assert rule["when"] == {"board_fixes_record_date": True, fact: False}
    declared = _raw(stem)["facts"][fact]
    assert declared["default"] is False and "option" not in declared  # never proposed as a fix
    state = NEW_PACKS[stem][0]
    events = {"record_date": date(2027, 3, 17), "meeting": date(2027, 6, 15)}  # 90 days
    assert _law_only_check(state, events)[rule_id] == "violated"
    assert _law_only_check(state, events, **{fact: True})[rule_id] == "not_applicable"


def test_california_board_notice_gives_way_to_the_bylaws():
    # Cal. Corp. Code § 307(a) supplies four days by mail and 48 hours
    # otherwise only where the articles or bylaws set no notice of their own.
    fact = _raw("california-corp")["facts"]["california_bylaws_set_board_notice"]
    assert fact["default"] is False and "option" not in fact
    for rule_id, method in (("california-corp-307-board-notice-mail", "mail"),
                            ("california-corp-307-board-notice-personal", "personal_or_electronic")):
        assert _rule("california-corp", rule_id)["when"] == {"board_notice_method": method,
                                                             "california_bylaws_set_board_notice": False}


def test_illinois_list_by_the_earlier_of_twenty_days_after_record_date_and_ten_before():
    # Record date Wednesday February 26, 2020, meeting Friday April 24 (Abbott's 2020 dates):
    # 20 days after the record date is March 17, which is earlier than April 14 (10 days before).
    after = "illinois-bca-7-30-list-twenty-days-after-record-date"
    before = "illinois-bca-7-30-list-ten-days-before"
    assert _holds("illinois-bca", after, record_date=date(2020, 2, 26), voting_list=date(2020, 3, 17))
    assert not _holds("illinois-bca", after, record_date=date(2020, 2, 26), voting_list=date(2020, 3, 18))
    assert _holds("illinois-bca", before, voting_list=date(2020, 4, 14), meeting=date(2020, 4, 24))
    assert not _holds("illinois-bca", before, voting_list=date(2020, 4, 15), meeting=date(2020, 4, 24))
    # Mergers and the like: twenty days of notice, not ten.
    merger = "illinois-bca-7-15-fundamental-change-notice"
    assert _holds("illinois-bca", merger, notice=date(2027, 5, 26), meeting=date(2027, 6, 15))
    assert not _holds("illinois-bca", merger, notice=date(2027, 5, 27), meeting=date(2027, 6, 15))
    # With no record date fixed, the notice day itself is the record date.
    default = "illinois-bca-7-25-default-record-date"
    assert _holds("illinois-bca", default, record_date=date(2027, 5, 3), notice=date(2027, 5, 3))
    assert not _holds("illinois-bca", default, record_date=date(2027, 5, 2), notice=date(2027, 5, 3))


def test_michigan_record_date_window_and_default():
    meeting = date(2025, 5, 8)  # Stryker's 2025 meeting; its record date, March 10, is 59 days out
    rule = "michigan-bca-450-1412-record-date-window"
    assert _holds("michigan-bca", rule, record_date=date(2025, 3, 10), meeting=meeting)
    assert _holds("michigan-bca", rule, record_date=date(2025, 3, 9), meeting=meeting)  # 60
    assert not _holds("michigan-bca", rule, record_date=date(2025, 3, 8), meeting=meeting)  # 61
    assert not _holds("michigan-bca", rule, record_date=date(2025, 4, 29), meeting=meeting)  # 9
    default = "michigan-bca-450-1412-default-record-date"
    assert _holds("michigan-bca", default, record_date=date(2027, 5, 3), notice=date(2027, 5, 4))
    assert not _holds("michigan-bca", default, record_date=date(2027, 5, 4), notice=date(2027, 5, 4))
    # The resolution may be adopted on the record date itself, not after it.
    same_day = "michigan-bca-450-1412-not-before-resolution"
    assert _holds("michigan-bca", same_day, record_date_resolution=date(2027, 3, 1), record_date=date(2027, 3, 1))
    assert not _holds("michigan-bca", same_day, record_date_resolution=date(2027, 3, 2), record_date=date(2027, 3, 1))


def test_missouri_seventy_days_no_minimum_and_the_twentieth_day_default():
    # Emerson's 2022 record date (November 23, 2021) was exactly 70 days before
    # its February 1, 2022 meeting: on Missouri's edge, legal; a day earlier is not.
    meeting = date(2022, 2, 1)
    rule = "missouri-gbcl-351-250-record-date-max"
    assert (meeting - date(2021, 11, 23)).days == 70
    assert _holds("missouri-gbcl", rule, record_date=date(2021, 11, 23), meeting=meeting)
    assert not _holds("missouri-gbcl", rule, record_date=date(2021, 11, 22), meeting=meeting)
    assert "min_days" not in _rule("missouri-gbcl", rule)  # no minimum distance
    assert _holds("missouri-gbcl", rule, record_date=date(2022, 1, 31), meeting=meeting)
    default = "missouri-gbcl-351-250-default-record-date"
    assert _holds("missouri-gbcl", default, record_date=date(2027, 5, 26), meeting=date(2027, 6, 15))  # 20 days
    assert not _holds("missouri-gbcl", default, record_date=date(2027, 5, 25), meeting=date(2027, 6, 15))
    assert not _holds("missouri-gbcl", default, record_date=date(2027, 5, 27), meeting=date(2027, 6, 15))
    notice = "missouri-gbcl-351-230-notice-window"  # read 2026-12-05 (law.justia.com text)
    assert _rule("missouri-gbcl", notice)["verified"] is True
    assert _holds("missouri-gbcl", notice, notice=date(2027, 4, 6), meeting=date(2027, 6, 15))  # 70
    assert not _holds("missouri-gbcl", notice, notice=date(2027, 4, 5), meeting=date(2027, 6, 15))  # 71


def test_pennsylvania_default_record_date_and_calendar_year_give_way():
    # 15 Pa.C.S. § 1763(b) applies "unless otherwise provided in the bylaws" and
    # § 1755(a)'s meeting in each calendar year "except as otherwise provided in
    # the articles" (re-read 2026-12-06): both bind only while the pack facts say
    # the bylaws / articles provide nothing else.
    default = "pennsylvania-bcl-1763b-default-record-date"
    year = "pennsylvania-bcl-1755a-calendar-year"
    assert _rule("pennsylvania-bcl", default)["when"] == {
        "board_fixes_record_date": False, "pennsylvania_bylaws_set_default_record_date": False}
    assert _rule("pennsylvania-bcl", year)["when"] == {
        "meeting_type": "annual", "pennsylvania_articles_set_meeting_schedule": False}
    for fact in ("pennsylvania_bylaws_set_default_record_date", "pennsylvania_articles_set_meeting_schedule"):
        declared = _raw("pennsylvania-bcl")["facts"][fact]
        assert declared["default"] is False and "option" not in declared
    # Record date two days before notice: violates the statutory eve-of-notice default.
    events = {"record_date": date(2027, 5, 1), "notice": date(2027, 5, 3), "meeting": date(2027, 6, 15)}
    assert _law_only_check("PA", events, board_fixes_record_date=False)[default] == "violated"
    assert _law_only_check("PA", events, board_fixes_record_date=False,
                           pennsylvania_bylaws_set_default_record_date=True)[default] == "not_applicable"
    assert _holds("pennsylvania-bcl", default, record_date=date(2027, 5, 2), notice=date(2027, 5, 3))


def test_a_packs_listing_names_its_facts_first_as_they_are_set():
    """The options a statute leaves to the articles are facts; `planner packs NAME` must show them,
    or nobody learns that --fact nevada_articles_set_record_date_period=true exists."""
    from planner.outputs.render import render_pack

    text = render_pack(planner.load_pack("nevada-nrs"), "table")
    line = next(l for l in text.splitlines() if "nevada_articles_set_record_date_period" in l)
    assert line.startswith("  nevada_articles_set_record_date_period = false | true (default false): Whether the articles")
    assert text.index(line) < text.index("nevada-nrs-78-370-notice-window")
