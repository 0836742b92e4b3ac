"""Rule packs layered on a rulebook: which packs apply, how they join the
bylaws, which layer binds each event, and the one-line errors.

The engine's cases use the made-up packs in tests/fixtures/packs; the
bundled packs are used only to check which of them a scenario selects and
that the listed variants of the seed scenarios meet every layer at once.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
import yaml

import planner
import planner.faces.api  # planner.faces.api.* below: the submodule, not a lazy name of planner
from planner.errors import PackError, ScenarioError
from planner.model.packs import bundled_packs, load_pack
from planner.engine.problem import build_problem
from planner.outputs.render import render_plan
from tests.test_cli import planner as run_cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packs"
STATUTE = str(FIXTURES / "fixture-statute.yaml")
EXCHANGE = str(FIXTURES / "fixture-exchange.yaml")
MEETING = date(2027, 5, 20)


def _rule(kind: str, rid: str, source: str = "bylaw", **fields) -> dict:
    return {"kind": kind, "id": rid, "cite": f"Art. T §{rid}", "summary": "test rule", "source": source, **fields}


def book(rules: list[dict] = (), facts: dict | None = None) -> dict:
    """A bylaws rulebook on the standard event ids, with a fixed meeting."""
    base = [
        _rule("on_date", "meeting-date", event="meeting", date=MEETING.isoformat()),
        _rule("gap", "notice-window", before="notice", after="meeting", min_days=10, max_days=60),
        _rule("gap", "record-date-window", before="record_date", after="meeting", min_days=10, max_days=70),
    ]
    return {
        "schema_version": 1, "id": "test-book", "title": "Test bylaws", "document": "in memory",
        "jurisdiction": {"country": "US", "subdiv": "DE"},
        # meeting_type: the one rulebook fact the bundled packs may name (all four seeds have it)
        "facts": {"meeting_type": {"values": ["annual", "special"], "default": "annual"}, **(facts or {})},
        "events": {e: {"kind": e, "label": e, "required": True} for e in ("meeting", "notice", "record_date")},
        "rules": [*base, *rules],
    }


def scenario(packs: list[str] | None = None, rules: list[dict] = (), **extra) -> dict:
    data = {"schema_version": 1, "name": "layering test", "rulebook": "unused", "year": 2027, "rules": list(rules), **extra}
    if packs is not None:
        data["packs"] = packs
    return data


def problem(packs=None, rules=(), **extra):
    return build_problem(scenario(packs, rules, **extra), rulebook=book())


def checked(dates: dict[str, date], packs=(STATUTE,)) -> planner.Plan:
    return planner.faces.api.check_problem(problem(list(packs)), planner.DatesFile(events=dates))


# --- which packs apply ------------------------------------------------------

SELECTION = [
    # (incorporation, listing, packs expected, why)
    (None, "none", [], "the bylaws alone unless the scenario names the state"),
    ("DE", "none", ["dgcl"], "an unlisted Delaware company: the DGCL only"),
    ("DE", "nyse", ["dgcl", "sec", "nyse"], "statute, then the SEC, then the exchange"),
    ("DE", "nasdaq", ["dgcl", "sec", "nasdaq"], "Nasdaq instead of the NYSE"),
    ("CO", "nyse", ["colorado-bca", "sec", "nyse"], "Colorado"),
    ("LA", "none", ["louisiana-bca"], "Louisiana"),
    ("TX", "nasdaq", ["texas-boc", "sec", "nasdaq"], "Texas"),
    ("WY", "nasdaq", ["sec", "nasdaq"], "a state with no bundled pack: only the listing packs"),
]


@pytest.mark.parametrize("incorporation,listing,expected,why", SELECTION, ids=[c[3] for c in SELECTION])
def test_incorporation_and_listing_select_the_packs(incorporation, listing, expected, why):
    extra = {"listing": listing, **({"incorporation": incorporation} if incorporation else {})}
    p = build_problem(scenario(**extra), rulebook=book())
    assert [a.pack.id for a in p.packs] == expected, why


def test_packs_override_selects_exactly_those():
    assert [a.pack.id for a in problem([STATUTE]).packs] == ["fixture-statute"]
    assert problem([], incorporation="DE", listing="nyse").packs == []


def test_bundled_packs_cover_each_layer_and_the_model_act_base_is_never_chosen():
    assert {"dgcl", "colorado-bca", "louisiana-bca", "mbca", "sec", "nyse", "nasdaq"} <= set(bundled_packs())
    assert {load_pack(name).layer for name in bundled_packs()} == {"statute", "securities", "exchange"}
    assert not load_pack("mbca").applies.matches(None, "none") and not load_pack("mbca").applies.matches("DE", "nyse")


# --- how a pack joins the rulebook ------------------------------------------

def test_pack_rules_events_facts_and_anchors_join_the_problem():
    p = problem([STATUTE])
    ids = {r.id for r in p.rules}
    assert {"fixture-statute-record-date-cap", "fixture-statute-notice-window", "fixture-statute-filing"} <= ids
    assert "filing" in p.events  # required by the pack
    assert p.facts["mail_rule"] == "five_days"  # the pack's default
    assert p.resolve(p.anchors["statute_day"]) == date(2027, 3, 1)
    assert p.layer(p.rule("fixture-statute-filing")) == "statute"
    assert p.layer(p.rule("meeting-date")) == "bylaw"
    assert p.origins["fixture-statute-filing"] == "fixture-statute"


def test_scenario_and_rulebook_anchors_override_the_packs():
    p = problem([STATUTE], anchors={"statute_day": {"day": "April 2"}})
    assert p.resolve(p.anchors["statute_day"]) == date(2027, 4, 2)


def test_pack_events_not_required_are_planned_when_listed():
    p = problem([STATUTE, EXCHANGE])
    assert "exchange_notice" not in p.events
    skipped = {s.rule.id: s.reason for s in p.skipped}
    assert "exchange_notice" in skipped["fixture-exchange-record-date-notice"]
    p = problem([STATUTE, EXCHANGE], events={"exchange_notice": None})
    assert "exchange_notice" in p.events and "fixture-exchange-record-date-notice" in {r.id for r in p.rules}


def test_all_hard_rules_of_every_layer_hold_in_the_plan():
    plan = planner.faces.api.plan_problem(problem([STATUTE, EXCHANGE], events={"exchange_notice": None}))
    assert plan.status == "feasible"
    d = plan.dates()
    assert (MEETING - d["record_date"]).days <= 60  # the statute's cap, not the bylaws' 70
    assert (MEETING - d["notice"]).days >= 15  # notice effective 5 days after mailing, then 10 days
    assert (d["record_date"] - d["exchange_notice"]).days >= 10
    assert (MEETING - d["filing"]).days >= 5
    assert plan.packs == ["fixture-statute", "fixture-exchange"]
    layers = {r.id: r.layer for r in plan.rules}
    assert layers["fixture-exchange-record-date-notice"] == "exchange"
    assert layers["fixture-exchange-thirty-days"] == "preference"  # a recommendation stays soft
    assert plan.rule("fixture-exchange-thirty-days").source == "preference"


def test_statute_binds_where_it_is_stricter():
    # Record date 60 days before: the bylaws (70) have 10 days left, the statute none.
    plan = checked({"meeting": MEETING, "record_date": MEETING - timedelta(days=60),
                    "notice": MEETING - timedelta(days=20), "filing": MEETING - timedelta(days=30)})
    assert plan.status == "compliant"
    record = next(e for e in plan.events if e.id == "record_date")
    assert record.bound_by == ["statute"]
    assert record.tightest == ["fixture-statute-record-date-cap"]
    assert plan.rule("record-date-window").slack_days == 10


def test_bylaw_binds_where_it_is_stricter():
    rules = [_rule("gap", "notice-twenty", before="notice", after="meeting", min_days=20)]
    p = build_problem(scenario([STATUTE]), rulebook=book(rules))
    plan = planner.faces.api.check_problem(p, planner.DatesFile(events={
        "meeting": MEETING, "record_date": MEETING - timedelta(days=40),
        "notice": MEETING - timedelta(days=20), "filing": MEETING - timedelta(days=30)}))
    notice = next(e for e in plan.events if e.id == "notice")
    assert notice.bound_by == ["bylaw"]  # statute: 10 days left (5 once mail takes effect)
    assert notice.tightest == ["notice-twenty"]


def test_equal_limits_name_both_layers_outermost_first():
    plan = checked({"meeting": MEETING, "record_date": MEETING - timedelta(days=40),
                    "notice": MEETING - timedelta(days=60), "filing": MEETING - timedelta(days=30)})
    notice = next(e for e in plan.events if e.id == "notice")
    assert notice.bound_by == ["statute", "bylaw"]
    assert set(notice.tightest) == {"notice-window", "fixture-statute-notice-window"}


def test_a_date_the_bylaws_allow_and_the_statute_forbids_is_non_compliant():
    dates = {"meeting": MEETING, "record_date": MEETING - timedelta(days=65),
             "notice": MEETING - timedelta(days=20), "filing": MEETING - timedelta(days=30)}
    plan = checked(dates)
    assert plan.status == "non_compliant"
    assert plan.rule("record-date-window").status == "satisfied"
    broken = plan.rule("fixture-statute-record-date-cap")
    assert (broken.status, broken.slack_days, broken.layer, broken.pack) == ("violated", -5, "statute", "fixture-statute")
    # Without the pack, the same dates comply with the bylaws.
    bare = planner.faces.api.check_problem(problem([]), planner.DatesFile(events={k: v for k, v in dates.items() if k != "filing"}))
    assert bare.status == "compliant"


# --- explanations with pack rules ---------------------------------------------

def _tight_chain(days: int) -> dict:
    return _rule("gap", "printing-chain", source="operational", cite="Scenario: printer",
                 before="record_date", after="notice", min_days=days)


def test_statute_rules_are_not_offered_as_relaxations_unless_legal_fixes_are_allowed():
    p = problem([STATUTE], rules=[_tight_chain(55)])
    why = planner.faces.api.explain_for_problem(p)
    assert why.status == "infeasible"
    assert any("fixture-statute-record-date-cap" in c.rules for c in why.conflicts)
    statute = [f for f in why.fixes if f.target == "fixture-statute-record-date-cap"]
    assert statute and not any(f.allowed for f in statute)
    assert any(f.allowed and f.target == "printing-chain" for f in why.fixes)
    legal = planner.faces.api.explain_for_problem(p, allow_legal=True)
    route = next(f for f in legal.fixes if f.target == "fixture-statute-record-date-cap")
    assert route.allowed and route.legal_route == "none known: Fixture Act §1 is statutory"


def test_a_packs_option_fact_is_proposed_as_a_fix():
    # With mail effective five days after mailing, notice is due by day -15 and
    # the record date no earlier than day -60: 45 days, two short of 47.  On
    # deposit, notice is due by day -10: 50 days, enough.
    p = problem([STATUTE], rules=[_tight_chain(47)])
    why = planner.faces.api.explain_for_problem(p)
    change = [f for f in why.fixes if f.kind == "change_fact"]
    assert [(f.target, f.value) for f in change] == [("mail_rule", "on_deposit")]
    fixed = problem([STATUTE], rules=[_tight_chain(47)], facts={"mail_rule": "on_deposit"})
    assert planner.faces.api.plan_problem(fixed).status == "feasible"


# --- bad input: one line naming the file and the field -------------------------

def _write_pack(tmp_path: Path, name: str, **changes) -> str:
    data = yaml.safe_load(Path(STATUTE).read_text())
    data.update(changes)
    data["id"] = name
    for rule in data.get("rules", []):
        rule["id"] = rule["id"].replace("fixture-statute", name, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


BAD_PACKS = [
    # (changes to the fixture pack, error names this field, message contains, why)
    ({"rules": [_rule("gap", "meeting-date", before="notice", after="meeting", min_days=1)]},
     "rules", "start with", "pack rule ids start with the pack id"),
    ({"layer": "county"}, "layer", "statute", "unknown layer"),
    ({"applies": {}}, "applies", "exactly one", "applies names no condition"),
    ({"applies": {"incorporation": "DE", "listed": True}}, "applies", "exactly one", "two conditions"),
    ({"rules": [_rule("gap", "bad-x", before="tea_party", after="meeting", min_days=1)]},
     "rules", "unknown event 'tea_party'", "an event neither standard nor declared"),
    ({"schema_version": 2}, "schema_version", "not supported", "future format"),
]


@pytest.mark.parametrize("changes,field,message,why", BAD_PACKS, ids=[c[3] for c in BAD_PACKS])
def test_bad_packs_are_one_line_errors_naming_file_and_field(tmp_path, changes, field, message, why):
    path = _write_pack(tmp_path, "bad", **changes)
    with pytest.raises(PackError) as caught:
        problem([path])
    assert caught.value.file == path
    assert caught.value.field.startswith(field), caught.value
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_pack_id_must_equal_the_file_name(tmp_path):
    path = tmp_path / "other-name.yaml"
    path.write_text(Path(STATUTE).read_text())
    with pytest.raises(PackError, match="differs from the file name"):
        problem([str(path)])


def test_pack_rule_id_clashing_with_the_rulebook_is_refused(tmp_path):
    path = _write_pack(tmp_path, "clash")
    rules = [_rule("gap", "clash-record-date-cap", before="record_date", after="meeting", max_days=50)]
    with pytest.raises(PackError) as caught:
        build_problem(scenario([path]), rulebook=book(rules))
    assert (caught.value.file, caught.value.field) == (path, "rule 1 (clash-record-date-cap), id")


def test_pack_fact_with_other_values_than_the_rulebooks_is_refused():
    facts = {"mail_rule": {"values": ["yes", "no"], "default": "yes"}}
    with pytest.raises(PackError) as caught:
        build_problem(scenario([STATUTE]), rulebook=book(facts=facts))
    assert caught.value.field == "facts.mail_rule"


def test_same_fact_with_the_same_values_is_one_fact():
    facts = {"mail_rule": {"values": ["on_deposit", "five_days"], "default": "on_deposit", "doc": "the rulebook's"}}
    p = build_problem(scenario([STATUTE]), rulebook=book(facts=facts))
    assert p.facts["mail_rule"] == "on_deposit"  # the rulebook's declaration is kept


def test_pack_rule_naming_a_fact_nobody_declares_is_refused(tmp_path):
    rules = [_rule("gap", "when-x", before="notice", after="meeting", min_days=1, when={"board_mood": "good"})]
    path = _write_pack(tmp_path, "when", rules=rules)
    with pytest.raises(PackError) as caught:
        problem([path])
    assert (caught.value.file, caught.value.field) == (path, "rule 1 (when-x), when")


def test_unknown_pack_name_names_the_scenario_field():
    with pytest.raises(PackError) as caught:
        problem(["no-such-pack"])
    assert caught.value.field == "packs, pack 1" and "no bundled pack" in str(caught.value)


def test_scenario_may_describe_a_pack_event_in_its_own_words():
    p = problem([STATUTE], events={"filing": {"kind": "operational", "label": "Filing by the company's agent"}})
    assert p.events["filing"].label == "Filing by the company's agent"
    assert "fixture-statute-filing" in {r.id for r in p.rules}


def test_a_rulebook_event_still_cannot_be_redefined():
    with pytest.raises(ScenarioError, match="already a rulebook event") as caught:
        problem([STATUTE], events={"notice": {"kind": "notice", "label": "mine"}})
    assert caught.value.field == "events.notice"


def test_layers_from_the_command_line_and_python_override_the_scenario():
    base = ROOT / "scenarios" / "natural-gas-services-2027.yaml"
    plan = planner.plan(base, incorporation="CO", listing="nyse")
    assert plan.status == "feasible" and plan.packs == ["colorado-bca", "sec", "nyse"]
    assert planner.plan(ROOT / "scenarios" / "williams-natural-gas-2027.yaml", packs=["dgcl"]).packs == ["dgcl"]
    with pytest.raises(ScenarioError, match="two-letter"):
        planner.plan(base, incorporation="Colorado")
    with pytest.raises(TypeError):
        planner.plan(base, listed=True)
    run = run_cli("plan", str(base), "--incorporation", "CO", "--listing", "nyse", "--format", "json")
    assert run.returncode == 0 and json.loads(run.stdout)["packs"] == ["colorado-bca", "sec", "nyse"]
    relative = str(FIXTURES.relative_to(ROOT) / "fixture-exchange.yaml")  # relative to the working directory
    run = run_cli("plan", str(base), "--pack", "colorado-bca", "--pack", relative, "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["packs"] == ["colorado-bca", "fixture-exchange"]
    bad = run_cli("plan", str(base), "--incorporation", "co")
    assert bad.returncode == 2 and "--incorporation" in bad.stderr


def test_cli_bad_pack_exits_2_with_one_line(tmp_path):
    pack = _write_pack(tmp_path, "bad", layer="county")
    (tmp_path / "book.yaml").write_text(yaml.safe_dump(book()))
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(scenario([pack], rulebook="book.yaml")))
    run = run_cli("plan", str(tmp_path / "s.yaml"))
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and "layer" in run.stderr


# --- output: packs, unverified rules, bound-by --------------------------------

def test_unverified_rules_are_marked_in_json_and_table():
    plan = planner.faces.api.plan_problem(problem([STATUTE]))
    rule = plan.rule("fixture-statute-notice-window")
    assert rule.verified is False and "not checked" in rule.verification
    assert plan.rule("fixture-statute-record-date-cap").verified is True
    table = render_plan(plan, "table")
    assert "Fixture Act §2 [unverified]" in table
    assert "Fixture Act §1 [unverified]" not in table
    assert "packs: fixture-statute" in table and "bound by" in table


def test_cli_packs_lists_and_shows_a_pack():
    run = run_cli("packs")
    assert run.returncode == 0
    assert "verified against the text of their section:" in run.stdout
    rows = run_cli("packs", "--format", "csv").stdout.lstrip("\ufeff").splitlines()[1:]
    assert {row.split(",")[0] for row in rows} == set(bundled_packs())
    shown = run_cli("packs", "dgcl")
    assert shown.returncode == 0 and "DGCL §213(a)" in shown.stdout
    data = json.loads(run_cli("packs", STATUTE, "--format", "json").stdout)
    assert data["id"] == "fixture-statute"
    schema = json.loads(run_cli("schema", "pack").stdout)
    assert "applies" in schema["properties"] and "layer" in schema["properties"]


# --- the listed variants of the seed scenarios ---------------------------------

LISTED = sorted((ROOT / "scenarios").glob("*-listed-2027.yaml"))


def test_each_seed_scenario_has_a_listed_variant():
    assert [p.stem for p in LISTED] == [
        "cleco-utility-listed-2027", "natural-gas-services-listed-2027",
        "porter-mcleod-listed-2027", "williams-natural-gas-listed-2027",
    ]


@pytest.mark.parametrize("year", [2026, 2030, 2034])
@pytest.mark.parametrize("path", LISTED, ids=[p.stem for p in LISTED])
def test_listed_variants_plan_other_years(path, year):
    plan = planner.plan(path, year=year)
    assert plan.status == "feasible", plan.conflicts
    layers = {r.layer for r in plan.rules if r.status == "satisfied"}
    assert {"statute", "securities", "exchange"} <= layers
    assert all(e.bound_by for e in plan.events if e.date)  # every dated event says what holds it


def _business_days_before(day: date, n: int, closed) -> date:
    """Walk back n business days (weekdays that are not holidays), by hand."""
    while n:
        day -= timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            n -= 1
    return day


def test_williams_listed_2027_meets_bylaws_dgcl_sec_and_nyse_at_once():
    """The issue's acceptance case, checked against the texts' numbers by hand
    (no planner code): each requirement is recomputed from the plan's dates."""
    plan = planner.plan(ROOT / "scenarios" / "williams-natural-gas-listed-2027.yaml")
    assert plan.status == "feasible" and plan.packs == ["dgcl", "sec", "nyse"]
    d = plan.dates()
    meeting = d["meeting"]
    assert meeting == date(2027, 4, 28)  # last Wednesday of April 2027 (Art. I §1.1), not a Delaware holiday
    days = lambda a, b: (d[b] - d[a]).days
    assert 10 <= days("notice", "meeting") <= 60  # Art. I §1.3; DGCL §222(b)
    assert 10 <= days("record_date", "meeting") <= 60  # Art. I §1.8; DGCL §213(a)
    assert d["record_date_resolution"] <= d["record_date"]  # DGCL §213(a): no backdating
    assert days("voting_list", "meeting") >= 10 and d["voting_list"] >= d["record_date"]  # Art. I §1.9; DGCL §219
    # Rule 14a-13(a)(3): 20 business days, counted on the SEC's (federal) days and on
    # Delaware's at once, since the plan calendar is Delaware's (see the sec pack's notes).
    closed = set(holidays.US(subdiv="DE", years=[2026, 2027])) | set(holidays.US(years=[2026, 2027]))
    assert d["broker_search"] <= _business_days_before(d["record_date"], 20, closed)
    assert days("exchange_record_date_notice", "record_date") >= 10  # NYSE record-date notice
    assert date(2027, 1, 1) <= meeting <= date(2027, 12, 31)  # NYSE §302.00: within the year after FYE 2026
    assert d["definitive_proxy"] <= date(2027, 4, 30)  # Form 10-K G(3): FYE 2026-12-31 + 120 days
    assert meeting <= date(2027, 5, 29)  # DGCL §211(c): 13 months after the 2026-04-29 meeting
    # Every rule of every layer is reported with its citation.
    assert {r.pack for r in plan.rules} == {None, "dgcl", "sec", "nyse"}
    assert all(r.cite for r in plan.rules)
    bound = {e.id: e.bound_by for e in plan.events}
    assert bound["meeting"] == ["bylaw"]  # the by-law date, which the DGCL's 13 months leave free
    # "Bound by" recomputed from the rule results: the layers of the hard rules
    # with the least margin on each event.
    rules = {r.id: r for r in plan.rules}
    for event in plan.events:
        hard = [rules[r] for r in event.rules
                if rules[r].source not in ("preference", "implied") and rules[r].slack_days is not None
                and rules[r].kind != "business_day"]
        least = min(r.slack_days for r in hard)
        assert sorted(event.tightest) == sorted(r.id for r in hard if r.slack_days == least)
        assert set(event.bound_by) == {r.layer for r in hard if r.slack_days == least}
    # The SEC dates outside the plan (hand-counted in tests/test_external_dates.py).
    external = {x.id: x.date for x in plan.external.dates}
    assert external["rule-14a-8-deadline"] == date(2026, 11, 20)  # 120 days before 2027-03-20 (release 2026-03-20)
    # 60 days before 2027-04-29 is Sunday Feb 28: the rule's Instruction 1 moves it to Monday.
    assert external["rule-14a-19-dissident-notice"] == date(2027, 3, 1)
    assert external["rule-14a-19-company-notice"] == date(2027, 3, 10)  # 50 days before 2027-04-29
    assert external["form-10-k-part-iii"] == date(2027, 4, 30)
    assert plan.external.warnings == []  # 2027-04-28 is a day before the anniversary: not moved


def test_service_plans_listed_scenarios_and_reads_no_pack_paths():
    from fastapi.testclient import TestClient

    from planner.faces.service import create_app

    client = TestClient(create_app())
    data = yaml.safe_load((ROOT / "scenarios" / "williams-natural-gas-listed-2027.yaml").read_text())
    answer = client.post("/v1/plan", json={"scenario": data})
    assert answer.status_code == 200
    assert answer.json()["packs"] == ["dgcl", "sec", "nyse"]
    assert answer.json() == json.loads(planner.plan(data).model_dump_json())
    bad = client.post("/v1/plan", json={"scenario": {**data, "packs": [STATUTE]}})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "scenario", "packs", 0]
    unknown = client.post("/v1/plan", json={"scenario": {**data, "packs": ["no-such-pack"]}})
    assert unknown.status_code == 422 and "no bundled pack" in json.dumps(unknown.json())


def test_the_broker_search_reading_of_cdi_133_02_is_offered_never_assumed():
    """Rule 14a-13's 20 business days are the default reading; the staff's
    CDI 133.02 reading is an option the explanation proposes."""
    data = yaml.safe_load((ROOT / "scenarios" / "porter-mcleod-listed-2027.yaml").read_text())
    # The base scenario's own lead: the board fixes the record date 3 to 5
    # business days before it, too late for 20 business days of search.
    lead = next(r for r in data["rules"] if r["id"] == "resolution-lead")
    lead["after"] = "record_date"
    why = planner.explain(data)
    assert why.status == "infeasible"
    assert any("sec-14a-13-broker-search" in c.rules for c in why.conflicts)
    change = [(f.target, f.value) for f in why.fixes if f.kind == "change_fact"]
    assert ("broker_search_reading", "cdi_133_02") in change
    relax = next(f for f in why.fixes if f.target == "sec-14a-13-broker-search")
    assert not relax.allowed and relax.legal_route == "none known: SEC Rule 14a-13(a)(3) is an SEC rule"
    data["facts"]["broker_search_reading"] = "cdi_133_02"
    plan = planner.plan(data)
    assert plan.status == "feasible"
    # The 20 business days remain a preference under that reading, reported as such.
    assert plan.rule("sec-cdi-133-02-broker-search-preferred").source == "preference"


def test_a_pack_rule_the_facts_switch_on_needs_its_event_planned():
    data = yaml.safe_load((ROOT / "scenarios" / "williams-natural-gas-listed-2027.yaml").read_text())
    data["facts"]["notice_and_access"] = True
    with pytest.raises(ScenarioError, match="notice_of_availability") as caught:
        planner.plan(data)
    assert caught.value.field == "events" and "Rule 14a-16" in str(caught.value)
    data["events"]["notice_of_availability"] = None
    plan = planner.plan(data)
    assert plan.status == "feasible"
    d = plan.dates()
    assert (d["meeting"] - d["notice_of_availability"]).days >= 40  # Rule 14a-16(a)(1)
    assert d["definitive_proxy"] <= d["notice_of_availability"]


def _business_days_after(day: date, n: int, closed) -> date:
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            n -= 1
    return day


def test_the_other_listed_variants_meet_their_statutes_by_hand():
    """The statute and exchange numbers of the other three listed plans,
    recomputed from the dates with python-holidays directly."""
    ngs = planner.plan(ROOT / "scenarios" / "natural-gas-services-listed-2027.yaml").dates()
    co = holidays.US(subdiv="CO", years=[2026, 2027])
    assert (ngs["meeting"] - ngs["notice"]).days - 5 >= 10  # C.R.S. 7-90-105(3): mail effective 5 days after
    assert (ngs["meeting"] - ngs["notice"]).days <= 60  # C.R.S. 7-107-105
    assert (ngs["meeting"] - ngs["record_date"]).days <= 70  # C.R.S. 7-107-107(2)
    assert ngs["voting_list"] <= _business_days_after(ngs["notice"], 2, co)  # C.R.S. 7-107-201
    assert (ngs["meeting"] - ngs["voting_list"]).days >= 10
    assert (ngs["record_date"] - ngs["exchange_record_date_notice"]).days >= 10  # NYSE

    cleco = planner.plan(ROOT / "scenarios" / "cleco-utility-listed-2027.yaml").dates()
    la = holidays.US(subdiv="LA", years=[2026, 2027])
    assert 15 <= (cleco["meeting"] - cleco["notice"]).days <= 60  # bylaws 15, R.S. 12:1-705 60
    assert (cleco["meeting"] - cleco["record_date"]).days <= 60  # bylaws 60 (R.S. 12:1-707: 70)
    assert cleco["record_date"] <= cleco["voting_list"] <= _business_days_after(cleco["notice"], 2, la)  # R.S. 12:1-720
    federal = set(holidays.US(years=[2026, 2027]))
    assert cleco["broker_search"] <= _business_days_before(cleco["record_date"], 20, set(la) | federal)  # Rule 14a-13
    assert ngs["broker_search"] <= _business_days_before(ngs["record_date"], 20, set(co) | federal)
    porter_closed = set(holidays.US(subdiv="DE", years=[2026, 2027])) | federal

    porter = planner.plan(ROOT / "scenarios" / "porter-mcleod-listed-2027.yaml").dates()
    assert 10 <= (porter["meeting"] - porter["record_date"]).days <= 60  # DGCL §213(a)
    assert 10 <= (porter["meeting"] - porter["notice"]).days <= 60  # DGCL §222(b)
    assert porter["broker_search"] <= _business_days_before(porter["record_date"], 20, porter_closed)
    assert porter["meeting"] <= date(2028, 1, 31)  # Nasdaq 5620(a): a year after the FYE 2027-01-31
    assert porter["definitive_proxy"] <= date(2027, 5, 31)  # 10-K G(3): FYE + 120 days (the pack rolls nothing)


@pytest.mark.parametrize("layer,status", [("securities", "violated"), ("statute", "satisfied")])
def test_sec_rules_count_federal_business_days(tmp_path, layer, status):
    """Washington's Birthday (2027-02-15) closes the SEC but not Delaware:
    20 business days before a 2027-03-01 record date is 2027-02-01 on the
    Delaware calendar and 2027-01-29 on the federal one (counted by hand)."""
    data = {
        "schema_version": 1, "id": "search", "title": "t", "layer": layer, "applies": {"listed": True}, "document": "test",
        "events": {"search_cards": {"kind": "operational", "label": "search", "required": True}},
        "rules": [_rule("gap", "search-20", source="statute", before="search_cards", after="record_date",
                        min_days=20, counting="business")],
    }
    path = tmp_path / "search.yaml"
    path.write_text(yaml.safe_dump(data))
    p = problem([str(path)])
    dates = {"meeting": MEETING, "notice": MEETING - timedelta(days=20), "record_date": date(2027, 3, 1),
             "search_cards": date(2027, 2, 1)}
    result = planner.faces.api.check_problem(p, planner.DatesFile(events=dates)).rule("search-20")
    assert result.status == status
    if status == "violated":
        assert result.slack_days == -3  # Friday 2027-01-29 is the latest day
    # The solver and the propagation count the same way.  Good Friday
    # (2027-03-26) closes Delaware, not the SEC: 20 business days before a
    # 2027-04-12 record date is 2027-03-15 federally, 2027-03-12 in Delaware.
    pin = _rule("on_date", "record-on-april-12", source="operational", event="record_date", date="2027-04-12")
    pinned = problem([str(path)], rules=[pin])
    latest = date(2027, 3, 15) if layer == "securities" else date(2027, 3, 12)
    assert planner.faces.api.explain_for_problem(pinned).windows["search_cards"][1] == latest
    assert planner.faces.api.plan_problem(pinned).dates()["search_cards"] <= latest


def test_the_dgcl_record_date_rules_follow_the_board_fixes_record_date_fact():
    # The DGCL pack switched §213(a) on its own fact, record_date_fixed, which
    # a scenario had to set "to the same value" as board_fixes_record_date.
    # With only the rulebook's fact false (the board fixes no record date),
    # the statute's window for a fixed record date stayed on and its default
    # record date (the day before notice) stayed off: a wrong plan, silently.
    import planner
    from pathlib import Path
    scenario = Path(__file__).resolve().parent.parent / "scenarios" / "williams-natural-gas-2027.yaml"
    status = {r.id: r.status for r in planner.plan(scenario, incorporation="DE", facts={"board_fixes_record_date": False}).rules}
    assert status["dgcl-213a-record-date-window"] == "not_applicable"
    assert status["dgcl-213a-record-date-after-resolution"] == "not_applicable"
    assert status["dgcl-213a-default-record-date"] != "not_applicable"
    status = {r.id: r.status for r in planner.plan(scenario, incorporation="DE").rules}
    assert status["dgcl-213a-record-date-window"] != "not_applicable"
    assert status["dgcl-213a-default-record-date"] == "not_applicable"
