"""Findings: where a bylaw is looser than a pack's law, reported before
planning with both citations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import planner
from planner.law.findings import find_conflicts
from planner.engine.problem import build_problem
from tests.test_cli import planner as run_cli

ROOT = Path(__file__).resolve().parent.parent


def _rule(rid: str, source: str = "bylaw", kind: str = "gap", **fields) -> dict:
    return {"kind": kind, "id": rid, "cite": f"Cite {rid}", "summary": "test rule", "source": source, **fields}


def _book(rules: list[dict], facts: dict | None = None) -> dict:
    return {
        "schema_version": 1, "id": "test-book", "title": "Test bylaws", "document": "in memory",
        "jurisdiction": {"country": "US", "subdiv": "DE"},
        "facts": {"meeting_type": {"values": ["annual", "special"], "default": "annual"}, **(facts or {})},
        "events": {e: {"kind": e, "label": e, "required": True} for e in ("meeting", "notice", "record_date")},
        "rules": [
            _rule("meeting-date", kind="on_date", event="meeting", date="2027-05-20"),
            # operational links so every event is planned; findings look at bylaw rules only
            _rule("link-notice", "operational", before="notice", after="meeting", min_days=0),
            _rule("link-record", "operational", before="record_date", after="meeting", min_days=0),
            *rules,
        ],
    }


def _pack(tmp_path: Path, rules: list[dict], findings: list[dict] = ()) -> str:
    data = {
        "schema_version": 1, "id": "law", "title": "A law", "layer": "statute", "applies": {"incorporation": "ZZ"},
        "document": "in a test", "rules": rules, "findings": list(findings),
    }
    path = tmp_path / "law.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def _findings(tmp_path, bylaws, laws, facts=None, book_facts=None, declared=()):
    scenario = {"schema_version": 1, "name": "t", "rulebook": "x", "year": 2027,
                "packs": [_pack(tmp_path, laws, declared)], "facts": facts or {}}
    problem = build_problem(scenario, rulebook=_book(bylaws, book_facts))
    return find_conflicts(problem)


notice = dict(before="notice", after="meeting")
record = dict(before="record_date", after="meeting")
INCREASE = {"increase": {"values": [False, True], "default": False}}

CASES = [
    # (bylaw rules, pack rules, scenario facts, expected (kind, law rule, bylaw rule, days), why)
    ([_rule("b", **notice, min_days=5, max_days=60)], [_rule("law-n", "statute", **notice, min_days=10, max_days=60)], {},
     [("shorter_minimum", "law-n", "b", 5)], "the bylaw allows notice 5 days before, the law needs 10"),
    ([_rule("b", **record, min_days=10, max_days=70)], [_rule("law-r", "statute", **record, max_days=60)], {},
     [("longer_maximum", "law-r", "b", 10)], "record date up to 70 days before against 60"),
    ([_rule("b", **notice, min_days=15, max_days=50)], [_rule("law-n", "statute", **notice, min_days=10, max_days=60)], {},
     [], "a stricter bylaw is no finding"),
    ([_rule("b", **notice, min_days=10, max_days=60)], [_rule("law-n", "statute", **notice, min_days=10, max_days=60)], {},
     [], "equal limits"),
    ([_rule("b", **notice, min_days=10, max_days=60)],
     [_rule("law-mail", "statute", **notice, min_days=10, effective_after_days=5)], {},
     [("effective_sooner", "law-mail", "b", 5)], "mailed notice effective on deposit against five days after"),
    ([_rule("b", **notice, min_days=15)], [_rule("law-n", "statute", **notice, min_days=10, max_days=60)], {},
     [("no_maximum", "law-n", "b", None)], "a one-sided bylaw window lets notice go out 90 days ahead"),
    ([_rule("b-any", **notice, min_days=10, max_days=60), _rule("b-increase", **notice, min_days=30, when={"increase": True})],
     [_rule("law-n", "statute", **notice, min_days=10, max_days=60)], {"increase": True},
     [], "the general window that always applies caps the one-sided share-increase rule"),
    ([_rule("b", **notice, min_days=5, when={"meeting_type": "special"})],
     [_rule("law-n", "statute", **notice, min_days=10)], {"meeting_type": "annual"},
     [], "a special-meeting bylaw does not apply to an annual meeting"),
    ([_rule("b", **notice, min_days=5, when={"meeting_type": "special"})],
     [_rule("law-n", "statute", **notice, min_days=10)], {"meeting_type": "choose"},
     [("shorter_minimum", "law-n", "b", 5)], "with the meeting type open, the special rule may apply"),
    ([_rule("b", before="notice", after="record_date", max_days=2, counting="business")],
     [_rule("law-x", "statute", before="notice", after="record_date", max_days=1)], {},
     [("longer_maximum", "law-x", "b", 5)],
     "2 business days after can be 6 calendar days (from the Tuesday before Thanksgiving, a four-day "
     "holiday in Delaware, to the Monday after); the law allows 1"),
    ([_rule("b", **notice, min_days=5)], [_rule("law-r", "statute", **record, min_days=10)], {},
     [], "different events"),
    ([_rule("b", **notice, max_days=60)], [_rule("law-n", "statute", **notice, min_days=0, counting="business")], {},
     [], "a law's minimum of 0 business days is no minimum, beside a bylaw in calendar days too"),
    ([_rule("b", **notice, min_days=10)], [_rule("law-n", "statute", **notice, min_days=10, counting="clear")], {},
     [("shorter_minimum", "law-n", "b", 1)], "10 clear days are 11 calendar days"),
    ([_rule("b", **notice, min_days=10, counting="clear")], [_rule("law-n", "statute", **notice, min_days=11)], {},
     [], "10 clear days meet 11 calendar days"),
    ([_rule("b", before="record_date", after="meeting", max_months=15)],
     [_rule("law-m", "statute", before="record_date", after="meeting", max_months=13)], {},
     [("longer_months", "law-m", "b", None)], "15 months against 13"),
    ([_rule("b", **record, min_days=10, max_days=60)], [_rule("law-pref", "preference", **record, min_days=30)], {},
     [], "a recommendation is never a finding"),
]


@pytest.mark.parametrize("bylaws,laws,facts,expected,why", CASES, ids=[c[4] for c in CASES])
def test_numeric_findings(tmp_path, bylaws, laws, facts, expected, why):
    found = _findings(tmp_path, bylaws, laws, facts, INCREASE)
    assert [(f.kind, f.rule, f.bylaw_rule, f.days) for f in found] == expected, why
    for f in found:  # both citations, in the text too
        assert f.cite == f"Cite {f.rule}" and f.bylaw_cite == f"Cite {f.bylaw_rule}"
        assert f.cite in f.text and f.bylaw_cite in f.text
        assert f.layer == "statute" and f.pack == "law"


DECLARED = [
    # (hint, reported, why)
    ("test-book:b", True, "names this rulebook's rule"),
    ("b", True, "a rule id in any rulebook"),
    (["other-book:b", "test-book:b"], True, "one of several"),
    ("test-book:b-special", False, "a bylaw rule that cannot apply to this annual meeting"),
    ("other-book:b", False, "another rulebook's rule"),
    ("test-book:missing", False, "a rule the rulebook lacks"),
    (None, True, "no hint: every rulebook the pack layers onto"),
]


@pytest.mark.parametrize("hint,reported,why", DECLARED, ids=[c[2] for c in DECLARED])
def test_declared_findings(tmp_path, hint, reported, why):
    declared = [{"id": "law-method", "cite": "Law §3", "summary": "Mail counts later under the law.", "verified": False,
                 **({"bylaw_rule_hint": hint} if hint is not None else {})}]
    bylaws = [_rule("b", **notice, min_days=10), _rule("b-special", **notice, min_days=5, when={"meeting_type": "special"})]
    found = _findings(tmp_path, bylaws, [_rule("law-n", "statute", **notice, min_days=10)], declared=declared)
    assert bool(found) == reported, why
    if found:
        (f,) = found
        assert f.kind == "declared" and f.cite == "Law §3" and f.verified is False
        assert f.bylaw_cite == (None if hint is None else "Cite b")
        assert "Mail counts later" in f.text


def test_a_declared_finding_replaces_only_the_numbers_it_explains(tmp_path):
    # The pack explains in words why notice counts later (its mailing rule),
    # and the same bylaw window is also 10 days too long: that finding is
    # something else and stays. All on one bylaw rule, which a declared
    # finding once swept up whole.
    declared = [{"id": "law-method", "cite": "Law §3", "summary": "Mail counts later under the law.",
                 "bylaw_rule_hint": "b", "rules": ["law-mail"]}]
    laws = [_rule("law-mail", "statute", **notice, min_days=10, effective_after_days=5),
            _rule("law-window", "statute", **notice, max_days=60)]
    found = _findings(tmp_path, [_rule("b", **notice, min_days=10, max_days=70)], laws, declared=declared)
    assert sorted((f.kind, f.rule, f.bylaw_rule, f.days) for f in found) == [
        ("declared", "law-mail", "b", 5), ("longer_maximum", "law-window", "b", 10)]
    # Naming no rule, it replaces none: both numbers and the words.
    del declared[0]["rules"]
    found = _findings(tmp_path, [_rule("b", **notice, min_days=10, max_days=70)], laws, declared=declared)
    assert sorted(f.kind for f in found) == ["declared", "effective_sooner", "longer_maximum"]


# --- the bundled packs on the listed seed scenarios -------------------------------

def _plan(stem: str) -> planner.Plan:
    return planner.plan(ROOT / "scenarios" / f"{stem}.yaml")


def test_colorado_mail_rule_against_natural_gas_services_when_deposited():
    # Found from the numbers (effective 5 days after mailing against on
    # deposit) and declared by the pack with its reading; reported once.
    (f,) = _plan("natural-gas-services-listed-2027").findings
    assert (f.kind, f.pack, f.bylaw_rule, f.days) == ("declared", "colorado-bca", "notice-window", 5)
    assert f.rule == "colorado-bca-7-90-105-mailed-notice-window"
    assert f.bylaw_cite == "Art. II §4, 1st para." and f.cite == "C.R.S. 7-90-105(3)"
    assert "Art. VIII §5" in f.text  # the bylaws defer to applicable law


def test_colorado_share_increase_finding_only_when_shares_increase():
    data = yaml.safe_load((ROOT / "scenarios" / "natural-gas-services-listed-2027.yaml").read_text())
    data["facts"]["increase_authorized_shares"] = True
    found = {f.bylaw_rule: f for f in planner.plan(data).findings}
    assert found["notice-share-increase"].days == 5  # 30 days from deposit against 30 from effect
    assert set(found) == {"notice-window", "notice-share-increase"}


def test_louisiana_notice_cap_against_cleco_one_sided_notice():
    (f,) = _plan("cleco-utility-listed-2027").findings
    assert (f.kind, f.pack, f.bylaw_rule) == ("no_maximum", "louisiana-bca", "notice-annual")
    assert "1-705" in f.cite and f.verified is False  # the pack could not verify 1-705's numbers


def test_delaware_bylaws_that_match_the_dgcl_have_no_findings():
    assert _plan("williams-natural-gas-listed-2027").findings == []
    assert _plan("porter-mcleod-listed-2027").findings == []


def test_no_packs_no_findings():
    assert _plan("natural-gas-services-2027").findings == []


def test_findings_come_first_in_plan_and_explain_output():
    path = str(ROOT / "scenarios" / "natural-gas-services-listed-2027.yaml")
    table = run_cli("plan", path).stdout
    assert "findings before planning" in table
    assert table.index("findings before planning") < table.index("date        day")
    assert "Art. II §4, 1st para." in table and "C.R.S. 7-90-105(3)(b)" in table
    data = json.loads(run_cli("plan", path, "--format", "json").stdout)
    assert [f["kind"] for f in data["findings"]] == ["declared"]
    explained = run_cli("explain", path)
    assert explained.returncode == 0
    assert explained.stdout.index("findings before planning") < explained.stdout.index("earliest")
    why = json.loads(run_cli("explain", path, "--format", "json").stdout)
    assert why["findings"][0]["bylaw_rule"] == "notice-window"


def test_a_default_the_bylaws_set_differently_from_the_statute():
    """Porter McLeod's bylaw default record date (the day before the meeting)
    against DGCL §213(a)'s (the day before notice): reported when neither the
    board nor the scenario fixes a record date."""
    data = yaml.safe_load((ROOT / "scenarios" / "porter-mcleod-listed-2027.yaml").read_text())
    data["facts"].update(board_fixes_record_date=False)
    plan = planner.plan(data)
    # Found from the rules (both pin the record date, to different events) and
    # declared by the DGCL pack; reported once, with the pack's words.
    assert [(f.kind, f.rule, f.bylaw_rule) for f in plan.findings] == [
        ("declared", "dgcl-213a-default-record-date", "record-date-default")]
    (f,) = plan.findings
    assert f.bylaw_cite == "Art. II §4(a)" and f.cite == "DGCL §213(a)"
    assert f.verified is False
    assert plan.status == "infeasible"  # as the rulebook's notes say: the board should fix a record date


def test_exact_rules_on_other_events_are_not_compared_as_windows(tmp_path):
    found = _findings(tmp_path, [_rule("b", before="record_date", after="notice", min_days=0)],
                      [_rule("law-default", "statute", before="record_date", after="notice", min_days=1, max_days=1)])
    assert found == []


def test_the_bylaws_strongest_limit_is_compared_not_each_rule(tmp_path):
    # With a share increase, the bylaws require 30 days; the law 35 (30 once
    # mailed notice takes effect, 5 days after mailing). Only the 30-day rule
    # is 5 days short; the general 10-day window is not reported as 25 short.
    bylaws = [_rule("b-any", **notice, min_days=10, max_days=60), _rule("b-increase", **notice, min_days=30, when={"increase": True})]
    laws = [_rule("law-increase", "statute", **notice, min_days=30, effective_after_days=5, when={"increase": True})]
    found = _findings(tmp_path, bylaws, laws, {"increase": True}, INCREASE)
    assert [(f.kind, f.bylaw_rule, f.days) for f in found] == [("effective_sooner", "b-increase", 5)]


def test_a_declared_finding_replaces_the_numeric_one_on_the_same_bylaw_rule(tmp_path):
    declared = [{"id": "law-method", "cite": "Law §3", "summary": "Mail counts later.", "bylaw_rule_hint": "b",
                 "rules": ["law-mail"]}]
    bylaws = [_rule("b", **notice, min_days=10)]
    laws = [_rule("law-mail", "statute", **notice, min_days=10, effective_after_days=5)]
    (f,) = _findings(tmp_path, bylaws, laws, declared=declared)
    assert (f.kind, f.rule, f.bylaw_rule, f.days, f.cite) == ("declared", "law-mail", "b", 5, "Law §3")


def test_two_sections_that_disagree_are_a_finding_and_the_narrower_is_planned():
    # Issue 13: notice 10-50 days in one section, 10-60 in another, on the same events.
    from planner.engine.problem import build_problem
    from planner.verdicts.answers import plan_problem

    def gap(rule_id, cite, high):
        return {"id": rule_id, "kind": "gap", "cite": cite, "summary": "Notice ahead of the meeting.",
                "before": "notice", "after": "meeting", "min_days": 10, "max_days": high}

    book = {"schema_version": 1, "id": "two-sections", "title": "t", "document": "d", "jurisdiction": {"subdiv": "DE"},
            "events": {"meeting": {"required": True}, "notice": {"required": True}},
            "rules": [{"id": "date", "kind": "on_date", "cite": "Art. I §1", "summary": "The meeting.", "event": "meeting",
                       "date": "May 20"}, gap("notice-a", "Art. I §3", 50), gap("notice-b", "Art. VII §2", 60)]}
    scenario = {"schema_version": 1, "name": "two", "rulebook": "two-sections", "year": 2027}
    plan = plan_problem(build_problem(scenario, rulebook=book))
    finding = next(f for f in plan.findings if f.kind == "disagreeing_sections")
    assert {finding.rule, finding.bylaw_rule} == {"notice-a", "notice-b"} and "Art. VII §2" in finding.text
    assert 10 <= (plan.dates()["meeting"] - plan.dates()["notice"]).days <= 50


# --- wrong verdicts found by an independent oracle (plain date arithmetic) ----

def test_a_month_limit_in_the_law_is_compared_with_a_bylaw_limit_in_days(tmp_path):
    # Tennessee 48-17-105: notice at most two months before the meeting. Two
    # months are 59 days before a meeting on 28 April 2027 (28 February + 2
    # months = 28 April; 27 February + 2 months = 27 April, too early), so a
    # bylaw's 60 days lets a notice the statute forbids. The findings compared
    # only days with days and months with months, and missed it.
    laws = [_rule("law-n", "statute", **notice, min_days=10, max_months=2)]
    (f,) = _findings(tmp_path, [_rule("b", **notice, min_days=10, max_days=60)], laws)
    assert (f.kind, f.rule, f.bylaw_rule, f.days) == ("longer_maximum", "law-n", "b", 1)
    assert "59" in f.text and "60 days" in f.text
    # 59 days is inside two months for every meeting date: no finding
    assert _findings(tmp_path, [_rule("b", **notice, min_days=10, max_days=59)], laws) == []
    # a one-sided bylaw window has no maximum where the law sets one in months
    (f,) = _findings(tmp_path, [_rule("b", **notice, min_days=15)], laws)
    assert (f.kind, f.bylaw_rule) == ("no_maximum", "b")


def test_a_month_limit_in_the_bylaws_is_compared_with_a_law_limit_in_days(tmp_path):
    # Utah 16-10a-705(4) against Cleco's adjournment "not more than one month"
    # (Art. II §7): 30 days against a month, which reaches 31 days from 31
    # January. Shown on two events the test rulebook plans.
    adj = record
    laws = [_rule("law-adj", "statute", **adj, min_days=0, max_days=30)]
    (f,) = _findings(tmp_path, [_rule("b", **adj, min_days=0, max_months=1)], laws)
    assert (f.kind, f.rule, f.bylaw_rule, f.days) == ("longer_maximum", "law-adj", "b", 1)
    # the same months in both are no finding (31 days against 28 is not "looser")
    assert _findings(tmp_path, [_rule("b", **adj, min_days=0, max_months=1)],
                     [_rule("law-adj", "statute", **adj, min_days=0, max_months=1)]) == []


def test_conditional_bylaw_rules_are_compared_in_each_world_they_apply_in(tmp_path):
    # Cleco: 15 days' notice of an annual meeting, 5 of a special one; with the
    # meeting type open the special rule may apply. The strongest of the two
    # (15) was compared with the law's 10 and the 5-day rule went unreported.
    bylaws = [_rule("b-annual", **notice, min_days=15, max_days=60, when={"meeting_type": "annual"}),
              _rule("b-special", **notice, min_days=5, max_days=60, when={"meeting_type": "special"})]
    laws = [_rule("law-n", "statute", **notice, min_days=10, max_days=60)]
    found = _findings(tmp_path, bylaws, laws, {"meeting_type": "choose"})
    assert [(f.kind, f.bylaw_rule, f.days) for f in found] == [("shorter_minimum", "b-special", 5)]
    assert _findings(tmp_path, bylaws, laws, {"meeting_type": "annual"}) == []


DEFAULTS = [
    # (bylaw default, law default, expected finding, why)
    (_rule("b", **record, min_days=1, max_days=1), _rule("law-d", "statute", **record, min_days=20, max_days=20),
     True, "Missouri 351.250: the 20th day before the meeting, against Porter McLeod's day before the meeting"),
    (_rule("b", before="record_date", after="notice", min_days=0, max_days=0),
     _rule("law-d", "statute", before="record_date", after="notice", min_days=1, max_days=1),
     True, "Natural Gas Services' day of notice against the MBCA's day before notice"),
    (_rule("b", before="record_date", after="notice", min_days=1, max_days=1),
     _rule("law-d", "statute", before="record_date", after="notice", min_days=1, max_days=1, counting="business"),
     True, "California 701(b)'s business day before notice against Williams' calendar day before (a Monday notice)"),
    (_rule("b", before="record_date", after="notice", min_days=1, max_days=1),
     _rule("law-d", "statute", before="record_date", after="notice", min_days=1, max_days=1),
     False, "the same default"),
    (_rule("b", before="record_date", after="notice", min_days=0, max_days=0, counting="business"),
     _rule("law-d", "statute", before="record_date", after="notice", min_days=0, max_days=0),
     False, "the same day, however counted"),
]


@pytest.mark.parametrize("bylaw,law,expected,why", DEFAULTS, ids=[c[3] for c in DEFAULTS])
def test_a_default_on_the_same_events_set_to_another_day(tmp_path, bylaw, law, expected, why):
    # Both rules pin the record date to the same event, to different days (or
    # the same number counted in other days). The findings looked for other
    # defaults only on other events, and skipped exact laws as windows: missed.
    found = _findings(tmp_path, [bylaw], [law])
    assert [(f.kind, f.rule, f.bylaw_rule) for f in found] == ([("other_default", "law-d", "b")] if expected else []), why
    for f in found:
        assert "Cite b" in f.text and "Cite law-d" in f.text


@pytest.mark.parametrize("state", ["DE", "GA", "NY"])
def test_no_finding_against_a_statute_rule_the_plan_does_not_apply(state):
    # Williams with no record date fixed and notice waived: the bylaws take
    # the eve of the meeting (Art. I §1.8(1)), and the statute's default (the
    # eve of notice) is not applicable, as the plan itself says ("notice is
    # waived"; DGCL §213(a) too takes the eve of the meeting then). The
    # findings still reported the two defaults as clashing.
    plan = planner.plan(ROOT / "scenarios" / "williams-natural-gas-2027.yaml", incorporation=state,
                        facts={"board_fixes_record_date": False, "notice_waived": True})
    skipped = {r.id for r in plan.rules if r.status in ("not_applicable", "waived")}
    assert not [f for f in plan.findings if f.rule in skipped or f.bylaw_rule in skipped]


@pytest.mark.parametrize("state", ["CA", "DE", "GA", "NY", "PA", "WA"])
def test_an_open_waiver_raises_no_finding_that_neither_fixed_value_raises(state):
    # notice_waived left open: the bylaws' waived-notice default (the eve of
    # the meeting) was compared with the statute's default on the eve of
    # notice, which applies only when notice is given: a finding of two
    # defaults that never apply together, in 16 states.
    def ids(value):
        plan = planner.plan(ROOT / "scenarios" / "williams-natural-gas-2027.yaml", incorporation=state,
                            facts={"notice_waived": value, "board_fixes_record_date": "choose"})
        return {f.id for f in plan.findings}

    assert ids("choose") <= ids(True) | ids(False)


def _looser_by_dates(bylaw: dict, law: dict) -> bool:
    """Oracle, plain date arithmetic: is there a meeting date in a leap cycle
    and a notice date the bylaw allows and the law forbids?"""
    from datetime import date as day, timedelta
    from dateutil.relativedelta import relativedelta

    def allows(rule, notice, meeting):
        lag = rule.get("effective_after_days", 0)
        gap = (meeting - notice).days - lag
        if "min_days" in rule and gap < rule["min_days"]:
            return False
        if "max_days" in rule and gap > rule["max_days"]:
            return False
        return "max_months" not in rule or meeting <= notice + timedelta(days=lag) + relativedelta(months=rule["max_months"])

    months = "max_months" in bylaw or "max_months" in law  # only then does the meeting date matter
    for offset in range(0, 4 * 365 + 1) if months else [0]:
        meeting = day(2027, 1, 1) + timedelta(days=offset)
        for gap in range(0, 130):
            notice = meeting - timedelta(days=gap)
            if allows(bylaw, notice, meeting) and not allows(law, notice, meeting):
                if not bylaw.get("min_days") and "max_days" not in bylaw and "max_months" not in bylaw \
                        and allows({k: v for k, v in law.items() if k in ("min_days", "effective_after_days")}, notice, meeting):
                    continue  # a mere "on or before" is an order, not a window: only the law's minimum counts
                return True
    return False


def test_property_findings_match_a_date_oracle(tmp_path):
    """Random notice windows in days, months and mailing delays: a finding
    exactly when some meeting date lets the bylaw allow a notice the law
    forbids (found by trying the dates). Seeded, about 40 cases."""
    import random
    rng = random.Random(20270428)
    cases = 0
    while cases < 40:
        def window():
            rule = {}
            if rng.random() < 0.8:
                rule["min_days"] = rng.choice([0, 5, 7, 10, 15, 30])
            kind = rng.random()
            if kind < 0.55:
                rule["max_days"] = rng.choice([28, 29, 30, 31, 58, 59, 60, 61, 62, 63, 70])
            elif kind < 0.85:
                rule["max_months"] = rng.choice([1, 2])
            if rng.random() < 0.2:
                rule["effective_after_days"] = rng.choice([3, 5])
            return rule
        bylaw, law = window(), window()
        if not {"min_days", "max_days", "max_months"} & set(law):
            continue  # not a rule
        if law.get("min_days") is not None and law.get("min_days") == law.get("max_days"):
            continue  # an exact law is a default, compared as one (test_a_default_on_the_same_events_...)
        if not bylaw or not law or bylaw.get("min_days", 0) > bylaw.get("max_days", 999) \
                or law.get("min_days", 0) > law.get("max_days", 999) or "min_days" not in bylaw and "max_days" not in bylaw \
                and "max_months" not in bylaw:
            continue
        cases += 1
        found = _findings(tmp_path, [_rule("b", **notice, **bylaw)], [_rule("law-n", "statute", **notice, **law)])
        assert bool(found) == _looser_by_dates(bylaw, law), (bylaw, law, [f.text for f in found])


def _looser_in_business_days(bylaw: dict, law: dict) -> bool:
    """Oracle for limits in business days beside calendar days, from
    python-holidays directly (Delaware, the test rulebook's state) and
    day-by-day walks: is there a meeting date of 2025-2028 and a notice
    date the bylaw allows and the law forbids?"""
    import holidays
    from datetime import date as day, timedelta

    closed = holidays.US(subdiv="DE", years=range(2024, 2030))
    one = timedelta(days=1)

    def walk(start, n, step):
        d = start
        while n:
            d += step
            if d.weekday() < 5 and d not in closed:
                n -= 1
        return d

    def window(rule, meeting):
        """The notice dates the rule allows for this meeting: (earliest, latest), None for no limit."""
        lag, business = rule.get("effective_after_days", 0), rule.get("counting") == "business"
        latest = earliest = None
        if "min_days" in rule:
            latest = (walk(meeting, rule["min_days"], -one) if business else meeting - timedelta(days=rule["min_days"])) \
                - timedelta(days=lag)
        if "max_days" in rule:
            if business:
                earliest = meeting - timedelta(days=lag)
                while walk(earliest - one + timedelta(days=lag), rule["max_days"], one) >= meeting:
                    earliest -= one
            else:
                earliest = meeting - timedelta(days=rule["max_days"] + lag)
        return earliest, latest

    start = day(2025, 1, 1)
    for offset in range(4 * 365 + 1):
        meeting = start + timedelta(days=offset)
        (b_first, b_last), (l_first, l_last) = window(bylaw, meeting), window(law, meeting)
        b_first = b_first or meeting - timedelta(days=400)  # no earliest: as early as you like
        b_last = min(b_last or meeting, meeting)
        if b_first > b_last:
            continue
        if not bylaw.get("min_days") and "max_days" not in bylaw:
            l_first = None  # a mere "on or before" is an order, not a window: only the law's minimum counts
        if (l_last is not None and b_last > l_last) or (l_first is not None and b_first < l_first):
            return True
    return False


def _mixed_cases(seed: int, count: int):
    """(bylaw, law) notice windows, one side in business days and the other
    in calendar days (or both in business days), the bylaw near the law's
    own numbers so that the unit decides."""
    import random
    rng = random.Random(seed)
    made = 0
    while made < count:
        law = {"counting": "business"} if rng.random() < 0.5 else {}
        if rng.random() < 0.8:
            law["min_days"] = rng.choice([0, 1, 2, 3, 5, 7, 10])
        if rng.random() < 0.6:
            law["max_days"] = rng.choice([1, 2, 3, 5, 6, 7, 10, 14])
        if rng.random() < 0.15:
            law["effective_after_days"] = rng.choice([1, 3])
        bylaw = {key: max(0, value + rng.choice([-1, 0, 0, 0, 1, 2])) for key, value in law.items() if key != "counting"}
        if "counting" not in law or rng.random() < 0.3:
            bylaw["counting"] = "business"  # business days beside the law's calendar days, or both business
        if not {"min_days", "max_days"} & set(law) or not {"min_days", "max_days"} & set(bylaw):
            continue
        if law.get("min_days") is not None and law.get("min_days") == law.get("max_days"):
            continue  # an exact law is a default, compared as one
        if bylaw.get("min_days", 0) > bylaw.get("max_days", 999) or law.get("min_days", 0) > law.get("max_days", 999):
            continue
        made += 1
        yield bylaw, law


def test_property_business_days_beside_calendar_days_match_a_date_oracle(tmp_path):
    """A finding exactly when some meeting date of the cycle lets the bylaw
    allow a notice the law forbids. Seeded, 30 cases."""
    for bylaw, law in _mixed_cases(20261205, 30):
        found = _findings(tmp_path, [_rule("b", **notice, **bylaw)], [_rule("law-n", "statute", **notice, **law)])
        assert bool(found) == _looser_in_business_days(bylaw, law), (bylaw, law, [f.text for f in found])


def test_limits_both_in_business_days_are_said_in_business_days(tmp_path):
    # 75 business days against 2 is 73 business days looser (about 111 calendar days): "73 days" misled.
    (f,) = _findings(tmp_path, [_rule("b", before="notice", after="record_date", max_days=75, counting="business")],
                     [_rule("law-x", "statute", before="notice", after="record_date", max_days=2, counting="business")])
    assert (f.kind, f.days) == ("longer_maximum", 73)
    assert "as early as 75 business days before" in f.text and "(73 business days)" in f.text
    (f,) = _findings(tmp_path, [_rule("b", before="notice", after="record_date", min_days=1, counting="business")],
                     [_rule("law-x", "statute", before="notice", after="record_date", min_days=2, counting="business")])
    assert "as late as 1 business day before" in f.text and "(1 business day)" in f.text


def test_a_bylaw_window_with_no_minimum_where_the_law_sets_one(tmp_path):
    # "Notice not more than 60 days before the meeting", and nothing on how
    # late: the bylaw lets notice go out the day before; the law needs 10.
    # The mirror of no_maximum, found by the property test above.
    (f,) = _findings(tmp_path, [_rule("b", **notice, max_days=60)], [_rule("law-n", "statute", **notice, min_days=10, max_days=60)])
    assert (f.kind, f.rule, f.bylaw_rule) == ("no_minimum", "law-n", "b")
    assert _findings(tmp_path, [_rule("b", **notice, max_days=60)], [_rule("law-n", "statute", **notice, min_days=0, max_days=60)]) == []
