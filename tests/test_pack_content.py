"""The statute and securities rule packs in constraints/packs/: their format,
their citations and verification notes, their arithmetic on hand-counted
calendars, that the engine's Pack model reads them, and that each one
layered onto the seed rulebooks it applies to still plans.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from planner.verdicts.answers import plan_problem
from planner.days.business_calendar import BusinessCalendar
from planner.days.dates import DateExpr, resolve
from planner import load_rulebook
from planner.model.documents import EventSpec, FactSpec
from planner.model.packs import load_pack
from planner.engine.problem import build_problem
from planner.model.vocabulary import STANDARD_EVENTS as VOCABULARY_EVENTS, STANDARD_FACTS as VOCABULARY_FACTS
from planner.rules import Rule
from tests.helpers import SEED_FILES, seed, seed_path

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "constraints" / "packs"

STATE_PACKS = {
    "dgcl": "DE", "colorado-bca": "CO", "louisiana-bca": "LA", "new-york-bcl": "NY", "texas-boc": "TX",
    "nevada-nrs": "NV", "maryland-mgcl": "MD", "california-corp": "CA", "pennsylvania-bcl": "PA", "ohio-gcl": "OH",
    "new-jersey-bca": "NJ", "florida-bca": "FL", "georgia-bca": "GA", "massachusetts-bca": "MA", "washington-bca": "WA",
    "indiana-bca": "IN", "north-carolina-bca": "NC", "virginia-bca": "VA", "minnesota-bca": "MN",
    "illinois-bca": "IL", "michigan-bca": "MI", "wisconsin-bca": "WI",
    "tennessee-bca": "TN", "missouri-gbcl": "MO", "oregon-bca": "OR", "utah-bca": "UT", "connecticut-bca": "CT",
    "south-carolina-bca": "SC", "alabama-bca": "AL",
    "iowa-bca": "IA", "arizona-bca": "AZ",
}
EXPECTED_PACKS = {*STATE_PACKS, "mbca", "sec", "nyse", "nasdaq"}
REQUIRED_KEYS = {"schema_version", "id", "title", "layer", "applies", "document", "rules"}
OPTIONAL_KEYS = {"facts", "anchors", "events", "findings", "extends", "inherit"}
RULE_EXTRA_KEYS = ("verified", "verification")
STANDARD_EVENTS = set(VOCABULARY_EVENTS)
COMMON_FACTS = {name: list(fact.values) for name, fact in VOCABULARY_FACTS.items()}  # the engine's vocabulary
LAYER_OF_APPLIES = {"incorporation": "statute", "listed": "securities", "listing": "exchange", "base": "statute"}
RULE_ADAPTER = TypeAdapter(Rule)
RUN = 8  # words in a row shared with a bylaws text that count as copying
QUOTE_RUN = 6  # words in a row shared with a statute passage quoted in `verification`

STATE_OF_RULEBOOK = {
    "natural-gas-services": "CO", "porter-mcleod": "DE", "williams-natural-gas": "DE", "cleco-utility": "LA",
}
SCENARIO_OF_RULEBOOK = {name: ROOT / "scenarios" / f"{name}-2027.yaml" for name in STATE_OF_RULEBOOK}


def _load(stem: str) -> dict:
    return seed(PACKS / f"{stem}.yaml")  # parsed once (libyaml), a fresh copy each call


def _packs() -> dict[str, dict]:
    return {path.stem: _load(path.stem) for path in sorted(PACKS.glob("*.yaml"))}


def _rule_model(raw: dict):
    """The rule as the current Rule models read it (without the pack-only keys)."""
    return RULE_ADAPTER.validate_python({k: v for k, v in raw.items() if k not in RULE_EXTRA_KEYS})


def _rule(pack: str, rule_id: str):
    (raw,) = [r for r in _load(pack)["rules"] if r["id"] == rule_id]
    return _rule_model(raw)


ALL = _packs()
RULES = [(stem, raw) for stem, pack in ALL.items() for raw in pack["rules"]]


def _rule_param(item):
    return f"{item[0]}:{item[1]['id']}"


# --- format ----------------------------------------------------------------


def test_every_expected_pack_is_there():
    assert set(ALL) == EXPECTED_PACKS


@pytest.mark.parametrize("stem", sorted(STATE_PACKS))
def test_each_state_pack_applies_to_its_state(stem):
    assert load_pack(stem).applies.incorporation == STATE_PACKS[stem]


@pytest.mark.parametrize("stem", sorted(EXPECTED_PACKS))
def test_top_level_shape(stem):
    pack = ALL[stem]
    assert REQUIRED_KEYS <= set(pack), f"{stem}: missing {REQUIRED_KEYS - set(pack)}"
    assert set(pack) <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{stem}: unknown keys {set(pack) - REQUIRED_KEYS - OPTIONAL_KEYS}"
    assert pack["schema_version"] == 1
    assert pack["id"] == stem and re.fullmatch(r"[a-z0-9-]+", stem)
    assert pack["title"].strip() and len(pack["document"].split()) >= 8
    (key,) = pack["applies"]  # exactly one condition
    assert pack["layer"] == LAYER_OF_APPLIES[key]
    value = pack["applies"][key]
    if key == "incorporation":
        assert re.fullmatch(r"[A-Z]{2}", value)
    elif key == "listing":
        assert value and set(value) <= {"nyse", "nasdaq"}
    else:
        assert value is True


@pytest.mark.parametrize("stem", sorted(EXPECTED_PACKS))
def test_facts_anchors_events_validate(stem):
    pack = ALL[stem]
    for name, spec in (pack.get("facts") or {}).items():
        FactSpec.model_validate(spec)
        assert spec.get("doc"), f"{stem}: fact {name} needs a doc"
    for spec in (pack.get("anchors") or {}).values():
        DateExpr.model_validate(spec)
    for name, spec in (pack.get("events") or {}).items():
        EventSpec.model_validate(spec)
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name)


@pytest.mark.parametrize("stem,raw", RULES, ids=[_rule_param(item) for item in RULES])
def test_rule_fields(stem, raw):
    pack = ALL[stem]
    rule = _rule_model(raw)
    assert rule.id.startswith(f"{stem}-"), "rule ids start with the pack id"
    assert rule.source in ("statute", "preference")
    assert rule.cite.strip()
    assert len(rule.summary.split()) >= 10, "a real summary, in our own words"
    assert isinstance(raw.get("verified"), bool), "every rule says whether its number was verified"
    note = raw.get("verification") or ""
    assert len(note.split()) >= 6, "verification says where the number was read, or why it was not"
    if raw["verified"]:
        # A verified number names the text it was read in.
        assert re.search(r"[a-z0-9-]+\.(gov|com|org|us|io|edu|ai)\b", note), note
    if raw["kind"] == "gap":
        assert "counting" in raw, "gap rules state their counting convention explicitly"
    declared = set(pack.get("events") or {})
    for event in rule.events():
        assert event in STANDARD_EVENTS | declared, f"unknown event {event}"
    base = ALL[pack["extends"]] if pack.get("extends") else {}
    facts = {name: spec["values"] for p in (base, pack) for name, spec in (p.get("facts") or {}).items()} | COMMON_FACTS
    for fact, wanted in rule.when.items():
        assert fact in facts, f"'when' names {fact}, neither a pack fact nor common to every rulebook"
        for value in wanted if isinstance(wanted, list) else [wanted]:
            assert value in facts[fact]
    for expr in rule.date_exprs():
        if expr.anchor is not None:
            assert expr.anchor in (pack.get("anchors") or {}), f"anchor {expr.anchor} is not declared"


def test_rule_ids_are_unique_across_packs():
    ids = [raw["id"] for _, raw in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("stem", sorted(EXPECTED_PACKS))
def test_every_declared_event_and_fact_is_used(stem):
    pack = ALL[stem]
    rules = [_rule_model(raw) for raw in pack["rules"]]
    used_events = {e for rule in rules for e in rule.events()}
    used_facts = {f for rule in rules for f in rule.when}
    assert set(pack.get("events") or {}) <= used_events
    assert set(pack.get("facts") or {}) <= used_facts


def test_recommendations_are_preferences_and_options_offer_both_readings():
    # NYSE's ~30 days is a recommendation; the CDI 133.02 reading is an option.
    assert _rule("nyse", "nyse-record-date-thirty-days").soft
    facts = ALL["sec"]["facts"]
    assert facts["broker_search_reading"]["option"] is True
    assert set(facts["broker_search_reading"]["values"]) == {"rule_text", "cdi_133_02", "special_impracticable"}
    assert facts["broker_search_reading"]["default"] == "rule_text"  # the strict reading unless chosen
    assert ALL["colorado-bca"]["facts"]["mailed_notice_effective"]["default"] == "five_days_after_mailing"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _shingles(words: list[str], run: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}


@pytest.mark.parametrize("stem", sorted(EXPECTED_PACKS))
def test_packs_do_not_copy_the_bylaws(stem):
    text = (PACKS / f"{stem}.yaml").read_text(encoding="utf-8")
    mine = _words(text)
    for seed in (seed_path(book) for book in sorted(SEED_FILES)):
        theirs = _shingles(_words(seed.read_text(encoding="utf-8", errors="replace")), RUN)
        copied = [" ".join(mine[i : i + RUN]) for i in range(len(mine) - RUN + 1) if tuple(mine[i : i + RUN]) in theirs]
        assert not copied, f"{stem} copies {seed.name}: {copied[:2]}"


@pytest.mark.parametrize("stem,raw", RULES, ids=[_rule_param(item) for item in RULES])
def test_summary_does_not_copy_the_quoted_text(stem, raw):
    # The passages quoted in `verification` are the statute's or rule's own
    # words; the summary has to say it differently.
    quoted = re.findall(r'"([^"]+)"', raw.get("verification") or "")
    summary = _shingles(_words(raw["summary"]), QUOTE_RUN)
    for passage in quoted:
        shared = summary & _shingles(_words(passage), QUOTE_RUN)
        assert not shared, f"summary repeats the quoted text: {' '.join(sorted(shared)[0])}"


def test_unconfirmed_louisiana_numbers_stay_unverified():
    # The domain brief marks 1-705 and 1-707 as unconfirmed; nothing read
    # since confirms their numbers, while 1-720 was read on legis.la.gov.
    rules = {raw["id"]: raw for raw in ALL["louisiana-bca"]["rules"]}
    assert not rules["louisiana-bca-1-705-notice-window"]["verified"]
    assert not rules["louisiana-bca-1-707-record-date-max"]["verified"]
    assert rules["louisiana-bca-1-720-list-after-notice"]["verified"]


# --- arithmetic on hand-counted calendars ---------------------------------


class _Dates:
    """A CheckContext over fixed dates, without any solver."""

    def __init__(self, dates: dict[str, date], subdiv: str, anchors: dict | None = None, year: int = 2027):
        self.calendar = BusinessCalendar("US", subdiv, range(year - 2, year + 3))
        self._dates, self._year = dates, year
        self._anchors = {k: DateExpr.model_validate(v) for k, v in (anchors or {}).items()}

    def date(self, event: str) -> date:
        return self._dates[event]

    def resolve(self, expr: DateExpr) -> date:
        return resolve(expr, self._year, self._anchors, self.calendar)


def _margin(pack: str, rule_id: str, subdiv: str, year: int = 2027, **dates: date) -> int:
    return _rule(pack, rule_id).check(_Dates(dates, subdiv, _load(pack).get("anchors"), year))


def test_dgcl_record_date_cap_is_mckesson():
    # McKesson v. Derdiger: a May 25, 2001 record date for a July 25, 2001
    # meeting is 61 days out and breaks the cap; May 26 is exactly 60.
    rule = "dgcl-213a-record-date-window"
    assert _margin("dgcl", rule, "DE", meeting=date(2001, 7, 25), record_date=date(2001, 5, 25)) == -1
    assert _margin("dgcl", rule, "DE", meeting=date(2001, 7, 25), record_date=date(2001, 5, 26)) == 0
    assert _margin("dgcl", rule, "DE", meeting=date(2001, 7, 25), record_date=date(2001, 7, 15)) == 0
    assert _margin("dgcl", rule, "DE", meeting=date(2001, 7, 25), record_date=date(2001, 7, 16)) == -1


def test_dgcl_211c_thirteen_months_is_tweedy_browne():
    # Tweedy, Browne & Knapp v. Cambridge Fund (Del. Ch. 1974): no meeting
    # since October 10, 1972 and a complaint in February 1974, past the
    # thirteen months of § 211(c). The limit ends on November 10, 1973.
    last = {"last_annual_meeting": {"day": "October 10", "year_offset": -1}}
    rule = _rule("dgcl", "dgcl-211c-thirteen-months")
    assert rule.check(_Dates({"meeting": date(1973, 11, 10)}, "DE", last, 1973)) == 0
    assert rule.check(_Dates({"meeting": date(1973, 11, 11)}, "DE", last, 1973)) == -1
    assert rule.check(_Dates({"meeting": date(1974, 2, 7)}, "DE", last, 1973)) < 0


def test_dgcl_verification_state_after_the_third_pass():
    # Third pass (2026-12-05): § 211(c) read in a court's quotation; the
    # default record date, § 222(b), § 219(a) and the finding still rest on
    # secondary sources only.
    raw = ALL["dgcl"]
    rules = {r["id"]: r for r in raw["rules"]}
    assert rules["dgcl-211c-thirteen-months"]["verified"]
    assert "318 A.2d 635" in rules["dgcl-211c-thirteen-months"]["verification"]
    for rule_id in ("dgcl-213a-default-record-date", "dgcl-222b-notice-window", "dgcl-219a-stock-list"):
        assert not rules[rule_id]["verified"], rule_id
    assert not raw["findings"][0]["verified"]


def test_dgcl_default_record_date_is_the_day_before_notice():
    rule = "dgcl-213a-default-record-date"
    assert _margin("dgcl", rule, "DE", notice=date(2027, 4, 1), record_date=date(2027, 3, 31)) == 0
    assert _margin("dgcl", rule, "DE", notice=date(2027, 4, 1), record_date=date(2027, 4, 1)) < 0


def test_dgcl_list_open_ten_days_ending_the_day_before():
    # Open April 18..27 for an April 28 meeting: ten days ending the day before.
    rule = "dgcl-219a-stock-list"
    assert _margin("dgcl", rule, "DE", voting_list=date(2027, 4, 18), meeting=date(2027, 4, 28)) == 0
    assert _margin("dgcl", rule, "DE", voting_list=date(2027, 4, 19), meeting=date(2027, 4, 28)) == -1


def test_colorado_mailed_notice_needs_five_more_days():
    # Mailed May 28 for a June 10 meeting: 13 days, fine if notice counted on
    # deposit, but effective only June 2 under 7-90-105, 8 days ahead.
    kw = dict(notice=date(2027, 5, 28), meeting=date(2027, 6, 10))
    assert _margin("colorado-bca", "colorado-bca-7-107-105-notice-window", "CO", **kw) == 3
    assert _margin("colorado-bca", "colorado-bca-7-90-105-mailed-notice-window", "CO", **kw) == -2
    kw = dict(notice=date(2027, 5, 26), meeting=date(2027, 6, 10))
    assert _margin("colorado-bca", "colorado-bca-7-90-105-mailed-notice-window", "CO", **kw) == 0
    # The share-increase 30 days run from the effective date too.
    kw = dict(notice=date(2027, 5, 6), meeting=date(2027, 6, 10))
    assert _margin("colorado-bca", "colorado-bca-const-xv-9-share-increase", "CO", **kw) == 5
    assert _margin("colorado-bca", "colorado-bca-const-xv-9-share-increase-mailed", "CO", **kw) == 0


def test_colorado_list_two_business_days_over_independence_day():
    # Notice Friday July 2, 2027; Monday July 5 is the observed Independence
    # Day in Colorado, so the two business days are July 6 and 7.
    assert date(2027, 7, 5) in BusinessCalendar("US", "CO", [2027])._holidays
    rule = "colorado-bca-7-107-201-list-two-business-days"
    assert _margin("colorado-bca", rule, "CO", notice=date(2027, 7, 2), voting_list=date(2027, 7, 7)) == 0
    assert _margin("colorado-bca", rule, "CO", notice=date(2027, 7, 2), voting_list=date(2027, 7, 8)) == -1


def test_colorado_record_date_and_adjournment_limits():
    assert _margin("colorado-bca", "colorado-bca-7-107-107-record-date-max", "CO",
                   record_date=date(2027, 4, 1), meeting=date(2027, 6, 10)) == 0  # 70 days
    assert _margin("colorado-bca", "colorado-bca-7-107-107-record-date-max", "CO",
                   record_date=date(2027, 3, 31), meeting=date(2027, 6, 10)) == -1
    rule = "colorado-bca-7-107-107-adjournment-120-days"
    assert _margin("colorado-bca", rule, "CO", meeting=date(2027, 6, 10), adjourned_meeting=date(2027, 10, 8)) == 0
    assert _margin("colorado-bca", rule, "CO", meeting=date(2027, 6, 10), adjourned_meeting=date(2027, 10, 9)) == -1


def test_louisiana_list_skips_mardi_gras():
    # Notice Monday February 8, 2027; Mardi Gras (February 9) is a Louisiana
    # legal holiday, so the list is due Thursday February 11.
    assert date(2027, 2, 9) in BusinessCalendar("US", "LA", [2027])._holidays
    rule = "louisiana-bca-1-720-list-after-notice"
    assert _margin("louisiana-bca", rule, "LA", notice=date(2027, 2, 8), voting_list=date(2027, 2, 11)) == 0
    assert _margin("louisiana-bca", rule, "LA", notice=date(2027, 2, 8), voting_list=date(2027, 2, 12)) == -1


@pytest.mark.parametrize(
    "subdiv,latest",
    [
        # Counted back from Monday March 1, 2027. Delaware keeps no holiday in
        # February, so the 20th business day back is Monday February 1.
        ("DE", date(2027, 2, 1)),
        # Louisiana also closes for Mardi Gras (Feb 9) and Washington's
        # Birthday (Feb 15): two more days back, Thursday January 28.
        ("LA", date(2027, 1, 28)),
        # The SEC's own (federal) calendar closes on Washington's Birthday
        # only: Friday January 29. The Delaware count is a day late (see sec.yaml).
        (None, date(2027, 1, 29)),
    ],
)
def test_broker_search_twenty_business_days(subdiv, latest):
    rule = "sec-14a-13-broker-search"
    record = date(2027, 3, 1)
    assert _margin("sec", rule, subdiv, broker_search=latest, record_date=record) == 0
    later = BusinessCalendar("US", subdiv, [2027]).next_business_day(date.fromordinal(latest.toordinal() + 1))
    assert _margin("sec", rule, subdiv, broker_search=later, record_date=record) < 0


def test_twenty_business_days_is_not_28_calendar_days():
    # The common shortcut puts the search on February 1 for a March 1 record
    # date: right in Delaware this year, two business days late in Louisiana.
    rule, record = "sec-14a-13-broker-search", date(2027, 3, 1)
    assert _margin("sec", rule, "DE", broker_search=date(2027, 2, 1), record_date=record) == 0
    assert _margin("sec", rule, "LA", broker_search=date(2027, 2, 1), record_date=record) == -4


def test_notice_and_access_forty_days():
    rule = "sec-14a-16-notice-of-availability"
    assert _margin("sec", rule, "DE", notice_of_availability=date(2027, 3, 19), meeting=date(2027, 4, 28)) == 0
    assert _margin("sec", rule, "DE", notice_of_availability=date(2027, 3, 20), meeting=date(2027, 4, 28)) == -1


def test_part_iii_proxy_within_120_days_of_fiscal_year_end():
    # Fiscal 2026 ends December 31: 31 + 28 + 31 + 30 = 120 days to April 30, 2027.
    rule = "sec-10k-g3-part-iii"
    assert _margin("sec", rule, "DE", definitive_proxy=date(2027, 4, 30)) == 0
    assert _margin("sec", rule, "DE", definitive_proxy=date(2027, 5, 1)) == -1
    # A leap year moves it: fiscal 2027 ends December 31, 2027, 120 days later is April 29, 2028.
    assert _margin("sec", rule, "DE", year=2028, definitive_proxy=date(2028, 4, 29)) == 0


def test_preliminary_proxy_ten_calendar_days():
    rule = "sec-14a-6a-preliminary-proxy"
    # The staff's own example (CDI 126.03): filed Friday October 20, 2023, the
    # definitive statement may go out from October 30 (day ten is the 29th).
    assert _margin("sec", rule, "DE", year=2023, preliminary_proxy=date(2023, 10, 20), definitive_proxy=date(2023, 10, 30)) == 0
    assert _margin("sec", rule, "DE", year=2023, preliminary_proxy=date(2023, 10, 20), definitive_proxy=date(2023, 10, 29)) == -1
    assert _margin("sec", rule, "DE", preliminary_proxy=date(2027, 3, 5), definitive_proxy=date(2027, 3, 15)) == 0
    assert _margin("sec", rule, "DE", preliminary_proxy=date(2027, 3, 6), definitive_proxy=date(2027, 3, 15)) == -1


def test_exchange_annual_meeting_windows():
    assert _margin("nyse", "nyse-302-annual-meeting", "DE", meeting=date(2027, 1, 1)) == 0
    assert _margin("nyse", "nyse-302-annual-meeting", "DE", meeting=date(2027, 12, 31)) == 0
    assert _margin("nyse", "nyse-302-annual-meeting", "DE", meeting=date(2026, 12, 31)) == -1
    assert _margin("nyse", "nyse-302-annual-meeting", "DE", meeting=date(2028, 1, 1)) == -1
    assert _margin("nasdaq", "nasdaq-5620a-annual-meeting", "DE", meeting=date(2027, 12, 31)) == 0
    assert _margin("nasdaq", "nasdaq-5620a-annual-meeting", "DE", meeting=date(2028, 1, 1)) == -1


def test_definitive_proxy_on_file_by_the_notice_of_availability():
    # Rules 14a-6(b) and 14a-16(a)(1): the Notice furnishes the statement, so
    # the statement is first sent, and must be on file, by the Notice's day.
    rule = "sec-14a-16-definitive-filed-first"
    assert _margin("sec", rule, "DE", definitive_proxy=date(2027, 3, 19), notice_of_availability=date(2027, 3, 19)) == 0
    assert _margin("sec", rule, "DE", definitive_proxy=date(2027, 3, 18), notice_of_availability=date(2027, 3, 19)) == 1
    assert _margin("sec", rule, "DE", definitive_proxy=date(2027, 3, 20), notice_of_availability=date(2027, 3, 19)) == -1


def test_sec_verification_state_after_the_ecfr_pass():
    # Third pass (2026-12-05): Rules 14a-3, 14a-6 and 14a-16 read in an eCFR
    # mirror; Rule 14a-13 and Form 10-K G(3) were not in any stored copy, and
    # neither were the exchanges' own rule texts.
    rules = {r["id"]: r for r in ALL["sec"]["rules"]}
    for rule_id in ("sec-14a-6a-preliminary-proxy", "sec-14a-16-definitive-filed-first",
                    "sec-14a-3-proxy-with-notice", "sec-14a-16-notice-of-availability"):
        assert rules[rule_id]["verified"], rule_id
        assert "MichalOpoka/ecfr" in rules[rule_id]["verification"], rule_id
    for rule_id in ("sec-14a-13-broker-search", "sec-14a-13-broker-search-special", "sec-14a-13-broker-search-annual",
                    "sec-cdi-133-02-broker-search", "sec-cdi-133-02-broker-search-preferred", "sec-10k-g3-part-iii"):
        assert not rules[rule_id]["verified"], rule_id
    for stem in ("nyse", "nasdaq"):
        assert not any(r["verified"] for r in ALL[stem]["rules"]), stem


def test_nyse_record_date_notice_ten_calendar_days():
    rule = "nyse-record-date-notice"
    assert _margin("nyse", rule, "DE", exchange_record_date_notice=date(2027, 2, 19), record_date=date(2027, 3, 1)) == 0
    assert _margin("nyse", rule, "DE", exchange_record_date_notice=date(2027, 2, 20), record_date=date(2027, 3, 1)) == -1


# --- with the engine's Pack model and layering -----------------------------


@pytest.mark.parametrize("stem", sorted(EXPECTED_PACKS))
def test_packs_load_with_the_engine(stem):
    pack = load_pack(stem)
    assert pack.id == stem
    raw = {r["id"]: r for r in ALL[stem]["rules"]}
    base = ALL[stem].get("extends")
    inherited = {f"{stem}-{rid.removeprefix(base + '-')}": enacted for rid, enacted in (ALL[stem].get("inherit") or {}).items()}
    assert {rule.id for rule in pack.rules} == set(raw) | set(inherited)
    for rule in pack.rules:
        # An inherited rule is verified only as the state's own section was read, whatever the base says.
        expected = raw[rule.id]["verified"] if rule.id in raw else inherited[rule.id].get("verified", False)
        assert rule.verified == expected
        if rule.id in inherited:
            assert rule.cite == inherited[rule.id]["cite"]


@pytest.mark.parametrize("stem", sorted(EXPECTED_PACKS))
def test_findings_name_real_bylaw_rules(stem):
    for finding in ALL[stem].get("findings") or []:
        assert finding["id"].startswith(f"{stem}-")
        assert isinstance(finding.get("verified"), bool) and finding.get("verification")
        hints = finding["bylaw_rule_hint"]
        for hint in hints if isinstance(hints, list) else [hints]:
            book, rule = hint.split(":")
            assert rule in {r.id for r in load_rulebook(book).rules}, hint


def _applies(pack: dict, state: str) -> bool:
    applies = pack["applies"]
    return applies.get("incorporation") == state or "listed" in applies or "listing" in applies


LAYERINGS = [
    (name, stem) for name, state in sorted(STATE_OF_RULEBOOK.items()) for stem in sorted(EXPECTED_PACKS)
    if _applies(ALL[stem], state)
]


@pytest.mark.parametrize("rulebook,stem", LAYERINGS, ids=[f"{r}+{p}" for r, p in LAYERINGS])
def test_pack_layered_on_seed_still_plans(rulebook, stem):
    # Each pack alone on each seed scenario it can apply to, through the
    # engine's own layering (scenario `packs`).
    pack = ALL[stem]
    scenario = yaml.safe_load(SCENARIO_OF_RULEBOOK[rulebook].read_text())
    scenario["packs"] = [stem]
    # An event the scenario declared itself that the pack now provides is
    # listed without a body, so the pack's definition applies.
    for name in pack.get("events") or {}:
        if name in scenario.get("events", {}):
            scenario["events"][name] = None
    problem = build_problem(scenario)
    result = plan_problem(problem)
    assert result.ok, f"{rulebook}+{stem}: {result.status} {result.conflicts}"
    dates = result.dates()
    # Independently of the solver's own checker, every hard pack rule whose
    # facts hold and whose events were planned holds on the returned calendar.
    anchors = {**(pack.get("anchors") or {}), **problem.rulebook.anchors, **scenario.get("anchors", {})}
    ctx = _Dates(dates, STATE_OF_RULEBOOK[rulebook], anchors, scenario["year"])
    checked = 0
    for raw in pack["rules"]:
        rule = _rule_model(raw)
        if rule.soft or not set(rule.events()) <= set(dates):
            continue
        if any(problem.facts.get(f) not in _values(w) for f, w in rule.when.items()):
            continue
        assert rule.check(ctx) >= 0, f"{rule.id} broken by the plan {dates}"
        checked += 1
    assert checked, "at least one pack rule applies to the seed scenario"


def _values(wanted) -> list:
    return wanted if isinstance(wanted, list) else [wanted]


def test_the_readme_states_the_verified_share_that_planner_packs_prints():
    from planner.outputs.render import render_pack_list

    listing = render_pack_list([load_pack(name) for name in sorted(ALL)])
    verified, total = re.search(r"verified against the text of their section: (\d+) of (\d+) rules", listing).groups()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # however the lines wrap
    assert f"Of their {total} rules, {verified} were verified" in readme, "update the README's count"
    states = {p.applies.incorporation for p in map(load_pack, ALL) if p.applies.incorporation}
    assert f"the statutes of {len(states)} states" in readme
