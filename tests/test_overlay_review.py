"""Legal review of the statute and securities overlays (issue #6): each test
states the text it checks against; the expected values come from the rules'
words, not from the planner's output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from planner.law.external_dates import external_dates
from planner.engine.problem import build_problem
from tests.test_findings import _book

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "constraints" / "packs"


def _pack_rules(pack: str) -> dict[str, dict]:
    data = yaml.safe_load((PACKS / f"{pack}.yaml").read_text())
    return {r["id"]: r for r in data["rules"]}


def test_colorado_mailed_notice_rule_is_unverified_while_the_ten_days_it_shifts_are():
    # The rule's numbers are the 10-day minimum of C.R.S. 7-107-105(1) and the
    # five days of 7-90-105(3)(b); only the five days were read in the text
    # (its own verification note says so), so it cannot be marked verified.
    rules = _pack_rules("colorado-bca")
    window, mailed = rules["colorado-bca-7-107-105-notice-window"], rules["colorado-bca-7-90-105-mailed-notice-window"]
    assert mailed["min_days"] == window["min_days"] == 10
    assert window["verified"] is False
    assert mailed["verified"] is False


def _special(dates: dict[str, date], meeting_type: str = "special"):
    book = _book([])
    book["facts"]["meeting_type"]["default"] = meeting_type
    scenario = {"schema_version": 1, "name": "t", "rulebook": "x", "year": 2027, "packs": [],
                "anchors": {"fiscal_year_end": {"day": "2026-12-31"}, "last_proxy_release": {"day": "2026-04-23"},
                            "last_annual_meeting": {"day": "2026-06-10"}}}
    return external_dates(build_problem(scenario, rulebook=book), dates)


def test_a_special_meetings_proposal_deadline_is_rule_14a8_e3_not_the_annual_anniversary():
    # Rule 14a-8(e)(2) counts from last year's proxy release only for a
    # regularly scheduled annual meeting; for any other meeting (e)(3) sets a
    # reasonable time before the company prints and sends its materials.
    calendar = _special({"meeting": date(2027, 11, 16), "notice": date(2027, 10, 14)})
    proposals = {d.id: d for d in calendar.dates}["rule-14a-8-deadline"]
    assert proposals.date is None
    assert proposals.cite == "Rule 14a-8(e)(3)"
    # nothing "moved": a special meeting has no anniversary to move from
    assert "meeting-moved-30-days" not in {w.id for w in calendar.warnings}


def test_a_special_meetings_proxy_after_120_days_does_not_force_a_10k_amendment():
    # Form 10-K G(3) looks at the definitive proxy for the annual meeting
    # (the one electing directors); a special meeting's proxy filed in
    # October says nothing about Part III of the 10-K.
    calendar = _special({"meeting": date(2027, 11, 16), "notice": date(2027, 10, 14),
                         "definitive_proxy": date(2027, 10, 14)})
    assert "part-iii-late" not in {w.id for w in calendar.warnings}


def test_an_annual_meeting_still_gets_the_14a8_e2_date_and_the_part_iii_warning():
    # Control for the two tests above: anniversary 2027-04-23, 120 days back:
    # Dec 24 to Jan 24 31, Feb 24 31, Mar 24 28, Apr 23 30 = 120.
    calendar = _special({"meeting": date(2027, 6, 10), "definitive_proxy": date(2027, 5, 3)}, "annual")
    proposals = {d.id: d for d in calendar.dates}["rule-14a-8-deadline"]
    assert (proposals.date, proposals.cite) == (date(2026, 12, 24), "Rule 14a-8(e)(2)")
    assert "part-iii-late" in {w.id for w in calendar.warnings}  # Dec 31 + 120 = Apr 30, 2027 (a Friday)


def _applies(rule: dict, facts: dict) -> bool:
    return all(facts[f] in (w if isinstance(w, list) else [w]) for f, w in (rule.get("when") or {}).items())


def _broker_search_hard_minimum(facts: dict) -> list[tuple[int, str]]:
    return [(r["min_days"], r["counting"]) for r in _pack_rules("sec").values()
            if r.get("before") == "broker_search" and r.get("source") == "statute" and _applies(r, facts)]


def test_rule_14a13_twenty_business_days_bind_special_meetings_unless_impracticable():
    # Rule 14a-13(a)(3): the search goes at least 20 business days before
    # the record date of the meeting; (a)(3)(i) allows fewer, as many as are
    # practicable, only where 20 are impracticable for a special meeting.
    # That is a judgment the company makes, so it is a reading to choose,
    # never the default for every special meeting.
    default = {"meeting_type": "special", "broker_search_reading": "rule_text"}
    assert _broker_search_hard_minimum(default) == [(20, "business")]
    assert _broker_search_hard_minimum({**default, "meeting_type": "annual"}) == [(20, "business")]
    shorter = {"meeting_type": "special", "broker_search_reading": "special_impracticable"}
    assert _broker_search_hard_minimum(shorter) == [(1, "calendar")]
    # the exception is for special meetings only
    assert _broker_search_hard_minimum({**shorter, "meeting_type": "annual"}) == [(20, "business")]


def _porter_listed_without_last_year():
    data = yaml.safe_load((ROOT / "scenarios" / "porter-mcleod-listed-2027.yaml").read_text())
    del data["anchors"]["last_annual_meeting"], data["anchors"]["last_proxy_release"]
    return data


def test_dgcl_211c_does_not_run_from_another_packs_placeholder_meeting_date():
    # DGCL §211(c) (13 months after the last annual meeting) is a hard
    # statute rule; with no last meeting date given, it must keep the DGCL
    # pack's own never-binding placeholder (Dec 31 of last year, limit
    # Jan 31, 2028), not a made-up April 30, 2026 from the SEC pack that
    # would forbid a meeting after May 30, 2027.
    import planner
    from planner.model.loading import load_scenario_and_rulebook

    scenario, book, _ = load_scenario_and_rulebook(_porter_listed_without_last_year())
    problem = build_problem(scenario, rulebook=book)
    assert problem.resolve(problem.anchors["last_annual_meeting"]) == date(2026, 12, 31)
    plan = planner.plan(_porter_listed_without_last_year())
    # Nor is it satisfied against that placeholder: with no date given it is missing, and says what to give.
    rule = plan.rule("dgcl-211c-thirteen-months")
    assert rule.status == "missing" and rule.slack_days is None
    assert "last_annual_meeting" in rule.reason
    assert plan.status == "feasible"


def test_sec_dates_are_not_computed_from_placeholder_dates():
    # Rule 14a-8(e)(2) and 14a-19 count from last year's actual proxy release
    # and meeting; without them the plan lists what is missing instead of
    # printing deadlines from invented dates (or warning that the meeting moved).
    import planner

    external = planner.plan(_porter_listed_without_last_year()).external
    dated = {d.id for d in external.dates if d.date is not None}
    # The fiscal year end is given; a dissident's proxy counts from the planned meeting and filing alone.
    assert dated == {"form-10-k-part-iii", "rule-14a-19-dissident-proxy"}
    assert {"last_annual_meeting", "last_proxy_release"} <= set(external.missing)
    assert external.warnings == []
