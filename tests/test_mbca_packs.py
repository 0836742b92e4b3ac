"""The Model Business Corporation Act base pack (constraints/packs/mbca.yaml)
and the state packs built on it (issue #15): their format, their citations
and verification notes, and each rule's numbers on hand-counted calendars,
checked with plain date arithmetic (no planner engine), plus loading through
``planner.load_pack`` (which needs the loader's ``extends``/``inherit`` and
``applies: {base: true}`` support).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner import load_pack
from tests.helpers import seed

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "constraints" / "packs"

BASE = "mbca"
STATE_OF_PACK = {
    "florida-bca": "FL",
    "georgia-bca": "GA",
    "massachusetts-bca": "MA",
    "washington-bca": "WA",
    "indiana-bca": "IN",
    "north-carolina-bca": "NC",
    "virginia-bca": "VA",
    "minnesota-bca": "MN",
    "wisconsin-bca": "WI",
    "tennessee-bca": "TN",
    "oregon-bca": "OR",
    "utah-bca": "UT",
    "connecticut-bca": "CT",
    "south-carolina-bca": "SC",
    "alabama-bca": "AL",
    "iowa-bca": "IA",
    "arizona-bca": "AZ",
}
STANDALONE = {"minnesota-bca"}  # Minn. Stat. 302A does not follow the Model Act for meetings
NEW_PACKS = [BASE, *STATE_OF_PACK]

STANDARD_EVENTS = {
    "meeting", "notice", "record_date", "record_date_resolution", "voting_list", "board_meeting",
    "board_notice", "special_board_meeting", "adjourned_meeting", "adjourned_notice",
    "adjourned_record_date", "special_meeting_demand", "special_meeting_call",
}
STANDARD_FACTS = {
    "meeting_type": ["annual", "special"],
    "notice_waived": [True, False],
    "board_fixes_record_date": [True, False],
    "adjournment_new_notice": [True, False],
    "adjournment_new_record_date": [True, False],
}
SOURCE = re.compile(r"[a-z0-9-]+\.(gov|com|org|us|io|edu|ai|net)\b")
INHERIT_KEYS = {"cite", "verified", "verification"}


def _load(stem: str) -> dict:
    return seed(PACKS / f"{stem}.yaml")  # parsed once (libyaml), a fresh copy each call


ALL = {stem: _load(stem) for stem in NEW_PACKS}
BASE_RULES = {rule["id"]: rule for rule in ALL[BASE]["rules"]}
OWN_RULES = [(stem, rule) for stem in NEW_PACKS for rule in ALL[stem]["rules"]]
INHERITED = [
    (stem, key, entry) for stem in STATE_OF_PACK for key, entry in (ALL[stem].get("inherit") or {}).items()
]
# Every rule a pack applies: its own ones and the base rules it inherits
# (with the base rule's numbers).
APPLIED = [(stem, rule) for stem, rule in OWN_RULES] + [(stem, BASE_RULES[key]) for stem, key, _ in INHERITED]


def _own_id(item) -> str:
    return f"{item[0]}:{item[1]['id']}"


# --- format -------------------------------------------------------------------


@pytest.mark.parametrize("stem", NEW_PACKS)
def test_top_level_shape(stem):
    pack = ALL[stem]
    assert pack["schema_version"] == 1
    assert pack["id"] == stem
    assert pack["layer"] == "statute"
    assert pack["title"].strip() and len(pack["document"].split()) >= 8
    assert isinstance(pack["rules"], list)
    if stem == BASE:
        assert pack["applies"] == {"base": True}
        assert "extends" not in pack and "inherit" not in pack
    else:
        assert pack["applies"] == {"incorporation": STATE_OF_PACK[stem]}
        if stem in STANDALONE:
            assert "extends" not in pack and "inherit" not in pack
        else:
            assert pack["extends"] == BASE
            assert pack.get("inherit"), f"{stem} follows the Model Act but inherits nothing"


@pytest.mark.parametrize("stem", NEW_PACKS)
def test_names_its_holiday_subdivision(stem):
    text = (PACKS / f"{stem}.yaml").read_text(encoding="utf-8")
    if stem == BASE:
        assert "python-holidays" in text
    else:
        assert f'holidays.US(subdiv="{STATE_OF_PACK[stem]}")' in text


@pytest.mark.parametrize("stem,rule", OWN_RULES, ids=[_own_id(item) for item in OWN_RULES])
def test_rule_has_cite_summary_and_verification(stem, rule):
    assert rule["id"].startswith(f"{stem}-"), "rule ids start with the pack id"
    assert rule["source"] == "statute"
    assert str(rule["cite"]).strip()
    assert len(rule["summary"].split()) >= 10, "a real summary, in our own words"
    assert isinstance(rule.get("verified"), bool)
    note = rule.get("verification") or ""
    assert len(note.split()) >= 6, "verification says where the text was read, or why it was not"
    if rule["verified"]:
        assert SOURCE.search(note), f"a verified rule names the site it was read on: {note}"
    if rule["kind"] == "gap":
        assert rule["counting"] in ("calendar", "clear", "business")


@pytest.mark.parametrize("stem,rule", OWN_RULES, ids=[_own_id(item) for item in OWN_RULES])
def test_rule_events_and_facts_are_known(stem, rule):
    pack = ALL[stem]
    events = STANDARD_EVENTS | set(pack.get("events") or {})
    named = [rule["before"], rule["after"]] if rule["kind"] == "gap" else [rule["event"]]
    assert set(named) <= events, f"unknown event in {named}"
    facts = dict(STANDARD_FACTS)
    for source in (ALL[BASE], pack) if pack.get("extends") == BASE else (pack,):
        facts.update({name: spec["values"] for name, spec in (source.get("facts") or {}).items()})
    for fact, wanted in (rule.get("when") or {}).items():
        assert fact in facts, f"'when' names {fact}, neither declared nor standard"
        for value in wanted if isinstance(wanted, list) else [wanted]:
            assert value in facts[fact], f"{fact} has no value {value!r}"


@pytest.mark.parametrize("stem", NEW_PACKS)
def test_declared_facts_have_values_default_and_doc(stem):
    for name, spec in (ALL[stem].get("facts") or {}).items():
        assert spec["values"], name
        assert spec.get("default") in spec["values"], name
        assert spec.get("doc", "").strip(), name


@pytest.mark.parametrize("stem,key,entry", INHERITED, ids=[f"{s}:{k}" for s, k, _ in INHERITED])
def test_inherited_entries_carry_the_states_own_cite(stem, key, entry):
    assert key in BASE_RULES, f"{stem} inherits {key}, which the base pack lacks"
    assert set(entry) == INHERIT_KEYS
    assert str(entry["cite"]).strip() and "MBCA" not in entry["cite"], "the state's own section, not the Model Act's"
    assert isinstance(entry["verified"], bool)
    assert len(entry["verification"].split()) >= 6
    if entry["verified"]:
        assert SOURCE.search(entry["verification"]), entry["verification"]


def test_rule_ids_are_unique():
    ids = [rule["id"] for _, rule in OWN_RULES]
    assert len(ids) == len(set(ids))


def test_base_rules_are_unverified_until_the_2016_text_is_read():
    # The 2016 Revision itself was not reachable; only enactments were read.
    assert BASE_RULES and not any(rule["verified"] for rule in BASE_RULES.values())


def test_states_that_depart_do_not_inherit_the_departed_rule():
    inherits = {stem: set(ALL[stem].get("inherit") or {}) for stem in STATE_OF_PACK}
    # Massachusetts: 7 days' notice, not 10.
    assert "mbca-7-05-notice-window" not in inherits["massachusetts-bca"]
    # Florida, Washington: list open ten days before; Georgia: at the meeting.
    for stem in ("florida-bca", "washington-bca", "georgia-bca"):
        assert "mbca-7-20-list-after-notice" not in inherits[stem]
    # Florida: a 15-month period only, no six months after fiscal year end.
    assert "mbca-7-03-annual-six-months" not in inherits["florida-bca"]
    # Wisconsin: its 10-60 days yield to the articles or bylaws, an own rule with a fact.
    assert "mbca-7-05-notice-window" not in inherits["wisconsin-bca"]
    # Tennessee: two months, not sixty days.
    assert "mbca-7-05-notice-window" not in inherits["tennessee-bca"]
    # "future date" states read strictly; no not-retroactive (same-day) rule.
    for stem in ("georgia-bca", "washington-bca", "wisconsin-bca", "tennessee-bca", "south-carolina-bca", "arizona-bca"):
        assert "mbca-7-07-record-date-not-retroactive" not in inherits[stem]


# --- arithmetic on hand-counted calendars ---------------------------------------

MEETING = date(2027, 6, 10)  # a Thursday


def _days(earlier: date, later: date) -> int:
    return (later - earlier).days


def test_hand_counted_day_differences():
    # April 11 -> May 11 is 30 days (April has 30), May 11 -> June 10 is 30.
    assert _days(date(2027, 4, 11), MEETING) == 60
    assert _days(date(2027, 4, 1), MEETING) == 70
    assert _days(date(2027, 5, 31), MEETING) == 10
    assert _days(date(2027, 6, 3), MEETING) == 7
    # June 10 -> October 8: 20 (rest of June) + 31 + 31 + 30 + 8 = 120.
    assert _days(MEETING, date(2027, 10, 8)) == 120
    # March 12 -> June 10: 31 + 30 + 29 = 90.
    assert _days(date(2027, 3, 12), MEETING) == 90


def _weekdays_after(start: date, count: int) -> date:
    """The count-th weekday after start (Saturdays and Sundays skipped)."""
    day = start
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


# Hand-counted business-day examples, in early March 2027, when none of the
# eight states keeps a legal holiday: notice Monday March 1 -> the second
# business day is Wednesday March 3; notice Friday March 5 -> Tuesday March 9.
BUSINESS_CASES = [(date(2027, 3, 1), date(2027, 3, 3)), (date(2027, 3, 5), date(2027, 3, 9))]


# Five business days (Virginia's § 13.1-661(B), South Carolina's § 33-7-200(b) for a
# public corporation), same holiday-free weeks: notice Monday March 1 -> Monday
# March 8; notice Friday March 5 -> Friday March 12.
FIFTH_BUSINESS_DAY_CASES = [(date(2027, 3, 1), date(2027, 3, 8)), (date(2027, 3, 5), date(2027, 3, 12))]


def test_hand_counted_business_days():
    for start, second in BUSINESS_CASES:
        assert _weekdays_after(start, 2) == second
    for start, fifth in FIFTH_BUSINESS_DAY_CASES:
        assert _weekdays_after(start, 5) == fifth


def _gap_holds(rule: dict, before: date, after: date) -> bool:
    """The gap rule on two dates, by plain arithmetic."""
    lag = rule.get("effective_after_days", 0)
    if rule["counting"] == "business":
        ok = True
        if rule.get("min_days") is not None:
            ok &= _weekdays_after(before + timedelta(days=lag), rule["min_days"]) <= after
        if rule.get("max_days") is not None:
            ok &= after <= _weekdays_after(before + timedelta(days=lag), rule["max_days"])
        return ok
    diff = _days(before, after) - lag - (1 if rule["counting"] == "clear" else 0)
    if rule.get("min_days") is not None and diff < rule["min_days"]:
        return False
    if rule.get("max_days") is not None and diff > rule["max_days"]:
        return False
    return True


def _gap_examples(rule: dict) -> tuple[list, list]:
    """(satisfied, violated) pairs of (before, after) dates at each limit."""
    lag = rule.get("effective_after_days", 0)
    shift = lag + (1 if rule["counting"] == "clear" else 0)
    good, bad = [], []
    if rule["counting"] == "business":
        assert rule.get("min_days") is None, "no minimum in business days among these packs"
        cases = {2: BUSINESS_CASES, 5: FIFTH_BUSINESS_DAY_CASES}[rule["max_days"]]
        for start, last in cases:
            good.append((start, last))
            bad.append((start, last + timedelta(days=1)))
        return good, bad
    if rule.get("min_days") is not None:
        before = MEETING - timedelta(days=rule["min_days"] + shift)
        good.append((before, MEETING))
        bad.append((before + timedelta(days=1), MEETING))
    if rule.get("max_days") is not None:
        before = MEETING - timedelta(days=rule["max_days"] + shift)
        good.append((before, MEETING))
        bad.append((before - timedelta(days=1), MEETING))
    return good, bad


GAPS = [(stem, rule) for stem, rule in APPLIED if rule["kind"] == "gap"]


@pytest.mark.parametrize("stem,rule", GAPS, ids=[_own_id(item) for item in GAPS])
def test_gap_rule_satisfied_and_violated(stem, rule):
    good, bad = _gap_examples(rule)
    assert good and bad
    for before, after in good:
        assert _gap_holds(rule, before, after), f"{rule['id']}: {before} -> {after} should hold"
    for before, after in bad:
        assert not _gap_holds(rule, before, after), f"{rule['id']}: {before} -> {after} should fail"


# Anchors resolved by hand: fiscal 2026 ends December 31, 2026, and six months
# later is June 30, 2027; last year's meeting on May 20, 2026 plus 15 months
# is August 20, 2027.
LIMITS = {
    ("fiscal_year_end", "+6 months"): date(2027, 6, 30),
    ("last_annual_meeting", "+15 months"): date(2027, 8, 20),
    # South Carolina § 33-7-103(a)(1): nine months after December 31, 2026 is September 30, 2027;
    # eighteen months after May 20, 2026 is November 20, 2027.
    ("fiscal_year_end", "+9 months"): date(2027, 9, 30),
    ("last_annual_meeting", "+18 months"): date(2027, 11, 20),
}
ANCHOR_DATES = {"fiscal_year_end": date(2026, 12, 31), "last_annual_meeting": date(2026, 5, 20)}


def _add_months(day: date, months: int) -> date:
    """Calendar-month shift with end-of-month clipping, by plain arithmetic."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    first_of_next = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (first_of_next - timedelta(days=1)).day))


def _window_holds(rule: dict, event: date, anchor: date) -> bool:
    months = int(re.fullmatch(r"\+(\d+) months", rule["not_after"]["shift"]).group(1))
    return event <= _add_months(anchor, months)


WINDOWS = [(stem, rule) for stem, rule in APPLIED if rule["kind"] == "date_window"]


@pytest.mark.parametrize("stem,rule", WINDOWS, ids=[_own_id(item) for item in WINDOWS])
def test_date_window_satisfied_and_violated(stem, rule):
    expr = rule["not_after"]
    assert "not_before" not in rule
    assert expr["anchor"] in ALL[BASE]["anchors"], "the anchor is declared in the base pack"
    start = ANCHOR_DATES[expr["anchor"]]
    months = int(re.fullmatch(r"\+(\d+) months", expr["shift"]).group(1))
    limit = _add_months(start, months)
    assert limit == LIMITS[(expr["anchor"], expr["shift"])], "plain arithmetic agrees with the hand count"
    assert limit <= limit  # a meeting on the last day holds
    assert limit + timedelta(days=1) > limit  # a day later breaks it
    assert _window_holds(rule, limit, start) and not _window_holds(rule, limit + timedelta(days=1), start)


def test_month_arithmetic_clips_at_month_end():
    assert _add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert _add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


# --- the numbers each pack states, on the same hand-counted dates ---------------


def _rule(stem: str, rule_id: str) -> dict:
    (rule,) = [r for r in ALL[stem]["rules"] if r["id"] == rule_id]
    return rule


def test_model_act_numbers():
    notice = BASE_RULES["mbca-7-05-notice-window"]
    assert (notice["min_days"], notice["max_days"]) == (10, 60)
    assert _gap_holds(notice, date(2027, 4, 11), MEETING)  # 60 days
    assert not _gap_holds(notice, date(2027, 4, 10), MEETING)  # 61 days
    assert _gap_holds(notice, date(2027, 5, 31), MEETING)  # 10 days
    assert not _gap_holds(notice, date(2027, 6, 1), MEETING)  # 9 days
    record = BASE_RULES["mbca-7-07-record-date-max"]
    assert _gap_holds(record, date(2027, 4, 1), MEETING)  # 70 days
    assert not _gap_holds(record, date(2027, 3, 31), MEETING)  # 71 days
    adjourned = BASE_RULES["mbca-7-07-adjournment-120-days"]
    assert _gap_holds(adjourned, MEETING, date(2027, 10, 8))  # 120 days
    assert not _gap_holds(adjourned, MEETING, date(2027, 10, 9))
    default = BASE_RULES["mbca-7-05-default-record-date"]
    assert _gap_holds(default, date(2027, 4, 30), date(2027, 5, 1))  # the eve of notice
    assert not _gap_holds(default, date(2027, 5, 1), date(2027, 5, 1))
    board = BASE_RULES["mbca-8-22-special-board-notice"]
    assert _gap_holds(board, date(2027, 6, 8), MEETING)
    assert not _gap_holds(board, date(2027, 6, 9), MEETING)
    demand = BASE_RULES["mbca-7-03-special-notice-30-days"]
    assert _gap_holds(demand, date(2027, 5, 11), MEETING)  # notice 30 days after the demand
    assert not _gap_holds(demand, date(2027, 5, 10), MEETING)


def test_massachusetts_seven_days():
    rule = _rule("massachusetts-bca", "massachusetts-bca-7-05-notice-window")
    assert (rule["min_days"], rule["max_days"]) == (7, 60)
    assert _gap_holds(rule, date(2027, 6, 3), MEETING)  # 7 days: fine in Massachusetts
    assert not _gap_holds(rule, date(2027, 6, 4), MEETING)
    assert not _gap_holds(BASE_RULES["mbca-7-05-notice-window"], date(2027, 6, 3), MEETING)


def test_florida_and_washington_list_ten_days_before():
    for stem, rule_id in (("florida-bca", "florida-bca-607-0720-list-ten-days"),
                          ("washington-bca", "washington-bca-23b-07-200-list-ten-days")):
        rule = _rule(stem, rule_id)
        assert rule["before"] == "voting_list" and rule["after"] == "meeting"
        assert _gap_holds(rule, date(2027, 5, 31), MEETING)
        assert not _gap_holds(rule, date(2027, 6, 1), MEETING)


def test_future_date_states_need_a_day_after_the_resolution():
    for stem, rule_id in (("georgia-bca", "georgia-bca-14-2-707-future-record-date"),
                          ("washington-bca", "washington-bca-23b-07-070-future-record-date"),
                          ("wisconsin-bca", "wisconsin-bca-180-0707-future-record-date"),
                          ("tennessee-bca", "tennessee-bca-48-17-107-future-record-date"),
                          ("connecticut-bca", "connecticut-bca-33-701-future-record-date"),
                          ("arizona-bca", "arizona-bca-10-707-future-record-date")):
        rule = _rule(stem, rule_id)
        assert _gap_holds(rule, date(2027, 3, 15), date(2027, 3, 16))
        assert not _gap_holds(rule, date(2027, 3, 15), date(2027, 3, 15))
    # The Model Act's "not retroactive" allows the same day.
    assert _gap_holds(BASE_RULES["mbca-7-07-record-date-not-retroactive"], date(2027, 3, 15), date(2027, 3, 15))


def test_georgia_bulk_mail_thirty_days():
    rule = _rule("georgia-bca", "georgia-bca-14-2-141-other-class-mail")
    assert rule["when"] == {"georgia_mail_class": "other_class"}
    assert _gap_holds(rule, date(2027, 5, 11), MEETING)  # 30 days
    assert not _gap_holds(rule, date(2027, 5, 12), MEETING)


def test_virginia_fundamental_changes_twenty_five_days():
    rule = _rule("virginia-bca", "virginia-bca-13-1-658-fundamental-change-25-days")
    assert (rule["min_days"], rule["max_days"]) == (25, 60)
    assert _gap_holds(rule, date(2027, 5, 16), MEETING)  # 25 days
    assert not _gap_holds(rule, date(2027, 5, 17), MEETING)


def test_virginia_list_opens_five_business_days_after_notice():
    # § 13.1-661(B), read 2026-12-05 in a law.justia.com copy (history through 2023 cc. 529, 530):
    # five business days, not the Model Act's two, which the pack inherited unverified before.
    inherits = ALL["virginia-bca"]["inherit"]
    assert "mbca-7-20-list-after-notice" not in inherits
    rule = _rule("virginia-bca", "virginia-bca-13-1-661-list-five-business-days")
    assert (rule["before"], rule["after"], rule["counting"], rule["max_days"]) == ("notice", "voting_list", "business", 5)
    assert rule["verified"] is True
    assert _gap_holds(rule, date(2027, 3, 1), date(2027, 3, 8))  # Monday -> the next Monday: 5th business day
    assert not _gap_holds(rule, date(2027, 3, 1), date(2027, 3, 9))  # the 6th
    assert _gap_holds(rule, date(2027, 3, 5), date(2027, 3, 12))  # Friday -> the next Friday
    assert not _gap_holds(rule, date(2027, 3, 5), date(2027, 3, 15))  # the Monday after: 6th
    # § 13.1-660 (B), (C) read: 70 and 120 days, verified.
    for key in ("mbca-7-07-record-date-max", "mbca-7-07-adjournment-120-days", "mbca-7-07-adjourned-record-date-max"):
        assert inherits[key]["verified"] is True, key


def test_north_carolina_demand_thirty_days():
    rule = _rule("north-carolina-bca", "north-carolina-bca-55-7-02-demand-30-days")
    assert _gap_holds(rule, date(2027, 5, 11), MEETING)
    assert not _gap_holds(rule, date(2027, 5, 10), MEETING)


def test_minnesota_standalone_numbers():
    notice_max = _rule("minnesota-bca", "minnesota-bca-302a-435-notice-max")
    notice_min = _rule("minnesota-bca", "minnesota-bca-302a-435-notice-min")
    assert notice_max["max_days"] == 60 and notice_min["min_days"] == 10
    assert notice_min["when"] == {"minnesota_articles_shorten_notice": False}
    held = _rule("minnesota-bca", "minnesota-bca-302a-433-demand-held-90-days")
    assert _gap_holds(held, date(2027, 3, 12), MEETING)  # 90 days
    assert not _gap_holds(held, date(2027, 3, 11), MEETING)
    called = _rule("minnesota-bca", "minnesota-bca-302a-433-demand-call-30-days")
    assert _gap_holds(called, date(2027, 3, 12), date(2027, 4, 11))  # 30 days
    assert not _gap_holds(called, date(2027, 3, 12), date(2027, 4, 12))


# --- with the engine's loader (needs extends / inherit / applies.base) ----------


@pytest.mark.parametrize("stem", NEW_PACKS)
def test_packs_load_with_the_engine(stem):
    pack = load_pack(stem)
    assert pack.id == stem
    ids = {rule.id for rule in pack.rules}
    assert {rule["id"] for rule in ALL[stem]["rules"]} <= ids
    inherit = ALL[stem].get("inherit") or {}
    assert len(pack.rules) >= len(ALL[stem]["rules"]) + len(inherit)
    # An inherited rule carries the state's cite and verification status.
    by_cite: dict[str, set] = {}
    for rule in pack.rules:
        by_cite.setdefault(rule.cite, set()).add(rule.verified)
    for entry in inherit.values():
        assert entry["verified"] in by_cite.get(entry["cite"], set()), entry["cite"]


def test_wisconsin_notice_window_yields_to_the_articles_or_bylaws():
    rule = _rule("wisconsin-bca", "wisconsin-bca-180-0705-notice-window")
    assert rule["when"] == {"wisconsin_articles_or_bylaws_set_notice": False}
    assert _gap_holds(rule, date(2027, 4, 11), MEETING)  # 60 days
    assert not _gap_holds(rule, date(2027, 4, 10), MEETING)  # 61
    assert _gap_holds(rule, date(2027, 5, 31), MEETING)  # 10
    assert not _gap_holds(rule, date(2027, 6, 1), MEETING)  # 9
    # Johnson Controls' 2005 record date (November 18, 2004) was 69 days before
    # its January 26, 2005 meeting: inside Wisconsin's 70, outside a flat 60.
    assert _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2004, 11, 18), date(2005, 1, 26))
    assert (date(2005, 1, 26) - date(2004, 11, 18)).days == 69


def test_tennessee_notice_counts_two_calendar_months():
    rule = _rule("tennessee-bca", "tennessee-bca-48-17-105-notice-window")
    assert rule["max_months"] == 2 and "max_days" not in rule and rule["min_days"] == 10
    # Two months before Wednesday May 27, 2020 (Dollar General's meeting) is
    # March 27: 61 days, one more than the Model Act's sixty.
    meeting = date(2020, 5, 27)
    assert _add_months(date(2020, 3, 27), 2) == meeting and (meeting - date(2020, 3, 27)).days == 61
    assert _add_months(date(2020, 3, 26), 2) < meeting  # a day earlier is past two months
    # Month ends clip: notice December 31, 2026 reaches February 28, 2027 (59 days).
    assert _add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert (date(2027, 2, 28) - date(2026, 12, 31)).days == 59
    # The engine's own check of the rule agrees on both edges.
    from planner.model.packs import load_pack
    (engine_rule,) = [r for r in load_pack("tennessee-bca").rules if r.id == rule["id"]]
    assert engine_rule.max_months == 2


def test_washington_fundamental_changes_twenty_days():
    # RCW 23B.07.050(1) (read 2026-12-05, law.justia.com text): twenty days' notice for charter
    # amendments, mergers, share exchanges, asset sales and dissolution; a pack fact, default false.
    rule = _rule("washington-bca", "washington-bca-23b-07-050-fundamental-change-notice")
    assert rule["when"] == {"washington_fundamental_change_vote": True} and rule["verified"] is True
    inherit = ALL["washington-bca"]["inherit"]
    for key in ("mbca-7-05-notice-window", "mbca-7-05-adjourned-notice", "mbca-8-22-special-board-notice"):
        assert inherit[key]["verified"] is True, key
    fact = ALL["washington-bca"]["facts"]["washington_fundamental_change_vote"]
    assert fact["default"] is False and "option" not in fact
    assert (rule["min_days"], rule["max_days"]) == (20, 60)
    assert _gap_holds(rule, date(2027, 5, 21), MEETING)  # 20 days
    assert not _gap_holds(rule, date(2027, 5, 22), MEETING)  # 19
    assert _gap_holds(rule, date(2027, 4, 11), MEETING)  # 60
    assert not _gap_holds(rule, date(2027, 4, 10), MEETING)  # 61


def test_connecticut_read_in_chapter_601_and_the_list_is_33_704():
    # Second pass (2026-12-05): §§ 33-699, 33-701, 33-704 and 33-750 read in chapter 601 itself.
    inherit = ALL["connecticut-bca"]["inherit"]
    assert all(entry["verified"] for entry in inherit.values())
    # § 33-703 is remote participation (P.A. 11-147); the shareholders' list is § 33-704.
    for key in ("mbca-7-20-list-after-record-date", "mbca-7-20-list-after-notice"):
        assert "33-704" in inherit[key]["cite"] and "33-703" not in inherit[key]["cite"], key
    # § 33-699(d), (e) read: the default record date and adjourned notice are the Model Act's.
    assert {"mbca-7-05-default-record-date", "mbca-7-05-adjourned-notice"} <= set(inherit)
    # § 33-701(a) says "future date": no same-day record date, so not-retroactive stays out.
    assert "mbca-7-07-record-date-not-retroactive" not in inherit
    from planner.model.packs import load_pack
    by_id = {rule.id: rule for rule in load_pack("connecticut-bca").rules}
    assert by_id["connecticut-bca-7-20-list-after-notice"].cite == "Conn. Gen. Stat. § 33-704(b)"
    assert by_id["connecticut-bca-7-07-record-date-max"].verified


def test_utah_departures():
    inherits = set(ALL["utah-bca"]["inherit"])
    # Only the 15-month limb of 16-10a-703(1)(a); sixty days (not thirty) for a demanded meeting's notice.
    assert "mbca-7-03-annual-six-months" not in inherits and "mbca-7-03-special-notice-30-days" not in inherits
    demand = _rule("utah-bca", "utah-bca-16-10a-703-special-notice-60-days")
    assert _gap_holds(demand, date(2027, 3, 1), date(2027, 4, 30))  # 60 days
    assert not _gap_holds(demand, date(2027, 3, 1), date(2027, 5, 1))  # 61
    # An adjournment without fresh notice resumes within 30 days (16-10a-705(4)(b)).
    adjourned = _rule("utah-bca", "utah-bca-16-10a-705-adjournment-30-days")
    assert adjourned["when"] == {"adjournment_new_notice": False}
    assert _gap_holds(adjourned, MEETING, date(2027, 7, 10))  # 30 days
    assert not _gap_holds(adjourned, MEETING, date(2027, 7, 11))  # 31
    # The list opens by the earlier of ten days before and two business days after notice:
    # both limits are planned (the Model Act's two business days are inherited).
    assert "mbca-7-20-list-after-notice" in inherits
    ten = _rule("utah-bca", "utah-bca-16-10a-720-list-ten-days")
    assert _gap_holds(ten, date(2027, 5, 31), MEETING) and not _gap_holds(ten, date(2027, 6, 1), MEETING)
    # SkyWest's 2020 record date (March 4) was 62 days before its May 5 meeting: inside the assumed 70.
    assert (date(2020, 5, 5) - date(2020, 3, 4)).days == 62
    assert _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2020, 3, 4), date(2020, 5, 5))


def test_south_carolina_departures():
    inherits = set(ALL["south-carolina-bca"]["inherit"])
    # § 33-7-103 read (second pass, 2026-12-05): nine and eighteen months, not the Model Act's six and fifteen.
    for key in ("mbca-7-03-annual-six-months", "mbca-7-03-annual-fifteen-months"):
        assert key not in inherits
    nine = _rule("south-carolina-bca", "south-carolina-bca-33-7-103-annual-nine-months")
    eighteen = _rule("south-carolina-bca", "south-carolina-bca-33-7-103-annual-eighteen-months")
    assert nine["not_after"] == {"anchor": "fiscal_year_end", "shift": "+9 months"}
    assert eighteen["not_after"] == {"anchor": "last_annual_meeting", "shift": "+18 months"}
    # Fiscal year ending December 31, 2026: a meeting on September 30, 2027 holds, October 1 does not.
    assert _window_holds(nine, date(2027, 9, 30), date(2026, 12, 31))
    assert not _window_holds(nine, date(2027, 10, 1), date(2026, 12, 31))
    # Last meeting May 20, 2026: November 20, 2027 holds, November 21 does not.
    assert _window_holds(eighteen, date(2027, 11, 20), date(2026, 5, 20))
    assert not _window_holds(eighteen, date(2027, 11, 21), date(2026, 5, 20))
    # § 33-7-103(a)(2)(i): the Model Act's thirty days for a demanded meeting's notice, verified.
    assert ALL["south-carolina-bca"]["inherit"]["mbca-7-03-special-notice-30-days"]["verified"] is True
    # § 33-7-107(a) "a future date": at least a day after the resolution (strict reading).
    future = _rule("south-carolina-bca", "south-carolina-bca-33-7-107-future-record-date")
    assert _gap_holds(future, date(2027, 4, 1), date(2027, 4, 2))
    assert not _gap_holds(future, date(2027, 4, 1), date(2027, 4, 1))
    # Every inherited rule now read in South Carolina's text.
    entries = ALL["south-carolina-bca"]["inherit"]
    assert all(entry["verified"] for entry in entries.values())
    # § 33-7-200(b): the list opens on the notice day (not public) or by the fifth business day after it
    # (public corporation); the Model Act's two business days, inherited unverified before, were wrong.
    assert "mbca-7-20-list-after-notice" not in entries
    public = _rule("south-carolina-bca", "south-carolina-bca-33-7-200-list-public-five-business-days")
    private = _rule("south-carolina-bca", "south-carolina-bca-33-7-200-list-nonpublic-notice-day")
    assert public["when"] == {"sc_public_corporation": True} and private["when"] == {"sc_public_corporation": False}
    assert ALL["south-carolina-bca"]["facts"]["sc_public_corporation"]["default"] is True
    assert _gap_holds(public, date(2027, 3, 1), date(2027, 3, 8))  # Monday -> next Monday: 5th business day
    assert not _gap_holds(public, date(2027, 3, 1), date(2027, 3, 9))
    assert not _gap_holds(BASE_RULES["mbca-7-20-list-after-notice"], date(2027, 3, 1), date(2027, 3, 8))
    assert _gap_holds(private, date(2027, 3, 1), date(2027, 3, 1))  # open on the notice day
    assert not _gap_holds(private, date(2027, 3, 1), date(2027, 3, 2))
    # South State's 2021 record date (February 26) was 61 days before its April 28 meeting: inside the 70.
    assert (date(2021, 4, 28) - date(2021, 2, 26)).days == 61
    assert _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2021, 2, 26), date(2021, 4, 28))
    assert not _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2021, 2, 16), date(2021, 4, 28))  # 71


def test_alabama_departures():
    entries = ALL["alabama-bca"]["inherit"]
    # § 10A-2A-7.07 (Act 2019-94, the 2016 Model Act's words) was read: 70 days, not retroactive, 120 days.
    for key in ("mbca-7-07-record-date-max", "mbca-7-07-record-date-not-retroactive", "mbca-7-07-adjournment-120-days",
                "mbca-7-20-list-after-record-date"):
        assert entries[key]["verified"], key
    # Not inherited: the default record date (the nonprofit twin 10A-3A-7.05(d) departs from the Model Act),
    # six months after the fiscal year end (the repealed 10A-2-7.03 had twelve), the demanded meeting's 30 days.
    for key in ("mbca-7-05-default-record-date", "mbca-7-03-annual-six-months", "mbca-7-03-special-notice-30-days"):
        assert key not in entries
    assert not entries["mbca-7-05-notice-window"]["verified"] and not entries["mbca-7-20-list-after-notice"]["verified"]
    # "May not be retroactive": the day of the resolution itself is allowed, the day before is not.
    same_day = BASE_RULES["mbca-7-07-record-date-not-retroactive"]
    assert _gap_holds(same_day, date(2027, 4, 1), date(2027, 4, 1))
    assert not _gap_holds(same_day, date(2027, 4, 2), date(2027, 4, 1))
    # Alabama Power's 2021 record date (March 9) was 45 days before its April 23 meeting: inside the 70.
    assert (date(2021, 4, 23) - date(2021, 3, 9)).days == 45
    assert _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2021, 3, 9), date(2021, 4, 23))
def test_iowa_follows_the_model_act_throughout():
    # Iowa Code ch. 490 (rewritten on the 2016 Revision in 2021): every Model Act rule, read in Iowa's text.
    inherits = ALL["iowa-bca"]["inherit"]
    assert set(inherits) == set(BASE_RULES) and ALL["iowa-bca"]["rules"] == []
    assert all(entry["verified"] for entry in inherits.values())
    # "Shall not be retroactive" (490.707(2)): a record date on the day of the resolution holds.
    same_day = BASE_RULES["mbca-7-07-record-date-not-retroactive"]
    assert _gap_holds(same_day, date(2027, 3, 15), date(2027, 3, 15))
    assert not _gap_holds(same_day, date(2027, 3, 15), date(2027, 3, 14))
    # A demanded meeting's notice within thirty days of the last needed demand (490.703(1)(b)(1)).
    demand = BASE_RULES["mbca-7-03-special-notice-30-days"]
    assert _gap_holds(demand, date(2027, 3, 1), date(2027, 3, 31)) and not _gap_holds(demand, date(2027, 3, 1), date(2027, 4, 1))
    # Iowa First Bancshares' 2000 record date (March 10) was 41 days before its April 20 meeting.
    assert (date(2000, 4, 20) - date(2000, 3, 10)).days == 41
    assert _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2000, 3, 10), date(2000, 4, 20))


def test_arizona_departures_and_unread_sections():
    inherits = ALL["arizona-bca"]["inherit"]
    # 10-707(A) "future date": the strict own rule, not the Model Act's same-day rule.
    assert "mbca-7-07-record-date-not-retroactive" not in inherits
    future = _rule("arizona-bca", "arizona-bca-10-707-future-record-date")
    assert _gap_holds(future, date(2027, 3, 15), date(2027, 3, 16))
    assert not _gap_holds(future, date(2027, 3, 15), date(2027, 3, 15))
    # Read: 10-707(B),(C), 10-720(A),(B) and the first sentence of 10-705(A) (ten to sixty days; second
    # pass, a law.justia.com fragment). Unread: the rest of 10-705 and 10-703 (inherited unverified).
    for key in ("mbca-7-07-record-date-max", "mbca-7-07-adjournment-120-days", "mbca-7-20-list-after-notice",
                "mbca-7-05-notice-window"):
        assert inherits[key]["verified"] is True
    for key in ("mbca-7-05-default-record-date", "mbca-7-03-annual-fifteen-months"):
        assert inherits[key]["verified"] is False
    # No six-month limb and no board notice: neither was read in an Arizona text.
    assert "mbca-7-03-annual-six-months" not in inherits and "mbca-8-22-special-board-notice" not in inherits
    # Alanco's 2003 record date (October 27) was 56 days before its December 22 meeting: inside 70.
    assert (date(2003, 12, 22) - date(2003, 10, 27)).days == 56
    assert _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2003, 10, 27), date(2003, 12, 22))
    assert not _gap_holds(BASE_RULES["mbca-7-07-record-date-max"], date(2003, 10, 12), date(2003, 12, 22))  # 71
