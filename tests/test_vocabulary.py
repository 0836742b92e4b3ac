"""The meeting model the engine owns: the standard vocabulary, the implied
rules, a waived notice, and honesty about what law a plan was checked
against (issue 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from planner.model.vocabulary import IMPLIED_RULES, STANDARD_EVENTS, STANDARD_FACTS, closest_standard_name
from tests.regen_golden import ROOT

WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
STATE_PACKS = {p: planner.load_pack(p).applies.incorporation for p in planner.bundled_packs()}
STATES = sorted(s for s in STATE_PACKS.values() if s)


def bare_rulebook(state: str = "DE", **extra) -> dict:
    """A company whose bylaws say only when the annual meeting falls (July)."""
    return {
        "schema_version": 1, "id": "bare", "title": f"A {state} company whose bylaws add nothing", "document": "none",
        "jurisdiction": {"subdiv": state}, "events": {"meeting": {"required": True}},
        "rules": [{"id": "meeting-in-july", "kind": "date_window", "cite": "Board resolution",
                   "summary": "The annual meeting is held in July.", "event": "meeting",
                   "not_before": "July 1", "not_after": "July 31"}],
        **extra,
    }


def scenario(book: dict, **extra) -> dict:
    return {"schema_version": 1, "name": "bare", "rulebook": book, "year": 2027, **extra}


# --- implied rules ---------------------------------------------------------------------------


def test_every_implied_rule_names_standard_events_and_says_why():
    ids = [r.id for r in IMPLIED_RULES]
    assert len(ids) == len(set(ids))
    for rule in IMPLIED_RULES:
        assert rule.before in STANDARD_EVENTS and rule.after in STANDARD_EVENTS, rule.id
        assert rule.id.startswith("implied-") and rule.cite and len(rule.reason) > 20


def _bare_plan(state="DE", **scenario_fields):
    from planner.engine.problem import build_problem
    from planner.verdicts.answers import plan_problem

    return plan_problem(build_problem(scenario("unused", incorporation=state, **scenario_fields),
                                      rulebook=bare_rulebook(state)))


def test_a_bare_delaware_rulebook_plans_the_list_after_the_record_date():
    # The case: DGCL alone put the list on 2001-06-06 and the record date on 2001-06-13.
    plan = _bare_plan("DE")
    dates = plan.dates()
    assert plan.status == "feasible" and plan.packs == ["dgcl"]
    assert dates["record_date"] <= dates["voting_list"] and dates["record_date"] <= dates["notice"] < dates["meeting"]
    implied = {r.id: r for r in plan.rules if r.layer == "implied"}
    assert implied["implied-record-date-not-after-list"].status == "satisfied"
    assert implied["implied-record-date-not-after-list"].cite.startswith("implied: ")


@pytest.mark.parametrize("state", STATES)
def test_a_bare_rulebook_of_each_pack_state_plans_soundly(state):
    plan = _bare_plan(state)
    assert plan.status == "feasible", plan.conflicts
    assert any(p for p in plan.packs if STATE_PACKS[p] == state)
    dates = plan.dates()
    for rule in IMPLIED_RULES:
        if rule.before in dates and rule.after in dates:
            assert (dates[rule.after] - dates[rule.before]).days >= rule.min_days, rule.id
    # Every hard rule the plan reports holds: checked again without the solver.
    checked = planner.check(_bare_scenario_file(state), {"events": dates, "facts": plan.facts})
    assert checked.status == "compliant"
    assert not [r.id for r in checked.rules if r.status == "violated"]


def _bare_scenario_file(state: str, tmp=ROOT / "build" / "bare") -> str:
    import yaml

    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / f"bare-{state}.yaml").write_text(yaml.safe_dump(bare_rulebook(state)))
    path = tmp / f"scenario-{state}.yaml"
    path.write_text(yaml.safe_dump(scenario(f"bare-{state}.yaml", incorporation=state)))
    return str(path)


def test_mckesson_record_date_61_days_before_the_meeting_breaks_dgcl_213a():
    # McKesson Corp. v. Derdiger (Del. Ch. 2002): a record date 61 days before the meeting is too early.
    meeting = date(2027, 7, 16)
    dates = {"meeting": meeting, "record_date": meeting - timedelta(days=61), "notice": meeting - timedelta(days=40),
             "voting_list": meeting - timedelta(days=30)}
    checked = planner.check(_bare_scenario_file("DE"), {"events": dates})
    assert checked.status == "non_compliant"
    rule = checked.rule("dgcl-213a-record-date-window")
    assert rule.status == "violated" and rule.slack_days == -1
    dates["record_date"] = meeting - timedelta(days=60)
    assert planner.check(_bare_scenario_file("DE"), {"events": dates}).rule("dgcl-213a-record-date-window").status == "satisfied"


def test_implied_off_needs_a_known_rule_and_a_reason():
    with pytest.raises(planner.RulebookError, match="not an implied rule"):
        planner.load_rulebook(bare_rulebook(implied_off={"implied-nonsense": {"reason": "because it is so"}}))
    with pytest.raises(planner.RulebookError, match="reason"):
        planner.load_rulebook(bare_rulebook(implied_off={"implied-notice-before-meeting": {"reason": "no"}}))


def test_implied_off_switches_a_rule_off_with_its_reason():
    from planner.engine.problem import build_problem

    book = bare_rulebook(implied_off={"implied-record-date-not-after-list": {"reason": "the list is kept from the share register"}})
    problem = build_problem(scenario("unused", incorporation="DE"), rulebook=book)
    assert "implied-record-date-not-after-list" not in {r.id for r in problem.rules}
    skipped = {s.rule.id: s.reason for s in problem.skipped}
    assert "share register" in skipped["implied-record-date-not-after-list"]


# --- a pack never fails for a standard fact; the vocabulary fills events ------------------


def test_a_rulebook_without_meeting_type_works_with_the_delaware_pack():
    plan = _bare_plan("DE")
    assert plan.facts["meeting_type"] == "annual"


def test_standard_events_need_no_kind_or_label():
    book = planner.Rulebook.model_validate(bare_rulebook())
    assert book.events["meeting"].kind == "meeting" and book.events["meeting"].label


def test_misspelled_standard_names_are_recognised():
    assert closest_standard_name("recrod_date", STANDARD_EVENTS) == "record_date"
    assert closest_standard_name("date_record", STANDARD_EVENTS) == "record_date"
    assert closest_standard_name("materials_printed", STANDARD_EVENTS) is None
    assert closest_standard_name("notice_waved", STANDARD_FACTS) == "notice_waived"


# --- a waived notice is not a mailing ------------------------------------------------------


def test_waived_notice_plans_no_mailing_and_says_so():
    waived = {"schema_version": 1, "name": "waived", "rulebook": "williams-natural-gas", "extends": str(WILLIAMS),
              "facts": {"notice_waived": True}}
    plan = planner.plan(waived)
    assert plan.status == "feasible"
    dated = plan.dates()
    assert "notice" not in dated and "materials_printed" not in dated  # the mailing and its printing
    assert any("Notice is waived" in n and "Art. VII §7.3" in n for n in plan.notes)
    assert all(d <= dated["meeting"] for d in dated.values())
    why = planner.explain(waived)
    assert why.status == "feasible"


def test_a_waived_notice_the_planner_picks_plans_no_mailing_either():
    # notice_waived left open (`--fact notice_waived=choose`): the planner
    # picked "waived" and still dated a mailing, its printing and the rules
    # on them, the day before the meeting. What a waived notice switches off
    # when it is fixed now applies only where it is not waived.
    for picked in ("choose", [False, True]):
        plan = planner.plan(WILLIAMS, facts={"notice_waived": picked})
        assert plan.status == "feasible" and plan.facts["notice_waived"] is True
        dated = plan.dates()
        assert "notice" not in dated and "materials_printed" not in dated
        status = {r.id: r.status for r in plan.rules}
        assert status["printing-lead"] == status["mailing-after-printing"] == "not_applicable"
        fixed = planner.plan(WILLIAMS, facts={"notice_waived": True})
        assert dated == fixed.dates()
    # Where a waived notice is not allowed, the open fact plans the mailing as before.
    unwaived = planner.plan(WILLIAMS, facts={"notice_waived": [False]})
    assert "notice" in unwaived.dates() and unwaived.dates() == planner.plan(WILLIAMS).dates()


def test_an_open_waiver_keeps_each_notice_rule_to_the_unwaived_world():
    from planner.engine.problem import build_problem

    p = build_problem(WILLIAMS, facts={"notice_waived": "choose"}, incorporation="DE")
    on = {r.id: r for r in p.rules}
    # Every rule on the mailing or its printing, the statute's too, applies only without a waiver.
    for rid in ("printing-lead", "mailing-after-printing", "mail-on-business-day", "dgcl-222b-notice-window",
                "implied-notice-before-meeting"):
        assert dict(p.conditions(on[rid])).get("notice_waived") == [False], rid
    # Rules on the meeting or the record date alone do not depend on it.
    assert "notice_waived" not in dict(p.conditions(on["voting-list"]))


# --- honesty about coverage ---------------------------------------------------------------


def test_a_state_with_no_pack_is_a_warning_in_every_output(tmp_path):
    from fastapi.testclient import TestClient

    from planner.faces.service import create_app

    plan = _bare_plan("WY")
    warning = next(w for w in plan.warnings if "No statute pack for WY" in w)
    assert warning in plan.coverage.not_checked
    from planner.outputs.render import render_plan
    from planner.outputs.report import to_report

    assert "No statute pack for WY" in render_plan(plan, "table")
    assert "No statute pack for WY" in to_report(plan, "md") and "No statute pack for WY" in to_report(plan, "html")
    client = TestClient(create_app())
    body = {"scenario": scenario("bare", incorporation="WY"), "rulebook": bare_rulebook("WY")}
    answer = client.post("/v1/plan", json=body)
    assert answer.status_code == 200, answer.text
    assert any("No statute pack for WY" in w for w in answer.json()["warnings"])


def test_a_placeholder_anchor_makes_its_rule_missing_not_satisfied():
    plan = _bare_plan("DE")
    rule = plan.rule("dgcl-211c-thirteen-months")
    assert rule.status == "missing" and "last_annual_meeting" in rule.reason
    given = _bare_plan("DE", anchors={"last_annual_meeting": "2026-07-15"})
    assert given.rule("dgcl-211c-thirteen-months").status == "satisfied"


def test_unverified_pack_rules_stay_marked_in_the_plan():
    plan = _bare_plan("DE")
    unverified = {r.id for r in plan.rules if not r.verified}
    assert unverified and all(any(u in line for line in plan.coverage.unverified_rules) for u in unverified
                              if plan.rule(u).status != "not_applicable")


def test_events_bound_on_one_side_only_are_listed():
    plan = planner.plan(WILLIAMS)
    assert "record_date_resolution: no earliest date" in plan.coverage.unconstrained
    assert not any(line.startswith("meeting:") for line in plan.coverage.unconstrained)


# --- property: no feasible plan breaks an implied rule, under any pack ----------------------

CYCLE = ["meeting", "record_date", "notice", "voting_list", "record_date_resolution", "special_meeting_call"]


@st.composite
def vocabulary_rulebooks(draw):
    events = ["meeting", *draw(st.lists(st.sampled_from(CYCLE[1:]), unique=True, min_size=1))]
    rules = [{"id": "meeting-window", "kind": "date_window", "cite": "t", "summary": "t", "event": "meeting",
              "not_before": "June 1", "not_after": "June 30"}]
    for index in range(draw(st.integers(0, 4))):
        before, after = draw(st.sampled_from(events)), draw(st.sampled_from(events))
        if before == after:
            continue
        low = draw(st.integers(0, 40))
        rules.append({"id": f"gap-{index}", "kind": "gap", "cite": "t", "summary": "t", "before": before, "after": after,
                      "min_days": low, **({"max_days": low + draw(st.integers(0, 40))} if draw(st.booleans()) else {})})
    state = draw(st.sampled_from([None, *STATES]))
    book = {"schema_version": 1, "id": "random", "title": "random", "document": "none",
            "jurisdiction": {"subdiv": state or "DE"}, "events": {e: {"required": True} for e in events}, "rules": rules}
    return book, state


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vocabulary_rulebooks())
def test_no_feasible_plan_breaks_an_implied_rule(drawn):
    from planner.engine.problem import build_problem
    from planner.verdicts.answers import plan_problem

    book, state = drawn
    try:
        problem = build_problem(scenario("unused", **({"incorporation": state} if state else {})), rulebook=book)
    except planner.InputError:
        return  # e.g. an event no rule links to a date: refused, not planned
    plan = plan_problem(problem)
    if plan.status != "feasible":
        return
    dates = plan.dates()
    for rule in IMPLIED_RULES:  # independent of the engine: the dates themselves
        if rule.before in dates and rule.after in dates:
            assert (dates[rule.after] - dates[rule.before]).days >= rule.min_days, (rule.id, dates)


def test_an_event_bound_on_one_side_only_is_planned_next_to_what_it_serves():
    # Issue 11: a notice that may go out any time before its meeting is not planned weeks early to
    # maximise a margin; it keeps COMFORT_DAYS of margin at most, and the plan lists it as unconstrained.
    from planner.engine.compiler import COMFORT_DAYS

    cleco = planner.plan(ROOT / "scenarios" / "cleco-utility-2027.yaml")
    results = {r.id: r for r in cleco.rules}
    leads = [r for r in planner.load_rulebook("cleco-utility").rules
             if r.kind == "gap" and r.before.startswith("regular_board_notice") and results[r.id].status == "satisfied"]
    assert leads
    for rule in leads:
        assert results[rule.id].slack_days <= COMFORT_DAYS + 2, rule.id  # a weekend may add two days
        assert f"{rule.before}: no earliest date" in cleco.coverage.unconstrained
    williams = planner.plan(WILLIAMS)
    resolution = williams.rule("resolution-lead")  # and on a business day: a weekend may add two days
    assert resolution.slack_days <= COMFORT_DAYS + 2
    assert "record_date_resolution: no earliest date" in williams.coverage.unconstrained


@pytest.mark.parametrize("state", STATES)
def test_a_bylaw_looser_than_each_states_statute_is_a_finding(state):
    # Issue 15: a notice window of 1 to 365 days and a record date up to 365 days before the meeting
    # are looser than every state's statute; each state's pack must say so before planning.
    from planner.engine.problem import build_problem
    from planner.law.findings import find_conflicts

    loose = bare_rulebook(state)
    loose["events"].update({"notice": {"required": True}, "record_date": {"required": True}})
    loose["rules"] += [
        {"id": "loose-notice", "kind": "gap", "cite": "Art. 1", "summary": "Notice 1 to 365 days ahead.",
         "before": "notice", "after": "meeting", "min_days": 1, "max_days": 365},
        {"id": "loose-record-date", "kind": "gap", "cite": "Art. 2", "summary": "Record date up to a year ahead.",
         "before": "record_date", "after": "meeting", "min_days": 0, "max_days": 365},
    ]
    found = find_conflicts(build_problem(scenario("unused", incorporation=state), rulebook=loose))
    statute = [f for f in found if f.layer == "statute"]
    assert statute, f"{state}: no finding for a bylaw looser than its statute"
    assert {f.bylaw_rule for f in statute} & {"loose-notice", "loose-record-date"}


def test_a_scenario_rule_on_a_meeting_step_plans_that_step():
    """Cleco listed under California: its scenario's rule "the list opens on a business day" names
    the voting list, which neither the bylaws nor the California pack date. It was refused
    ("voting_list is not planned"); a rule of any layer naming a step of the meeting plans it."""
    plan = planner.plan(ROOT / "scenarios" / "cleco-utility-listed-2027.yaml", incorporation="CA")
    assert plan.status == "feasible"
    listed = next(e for e in plan.events if e.id == "voting_list")
    assert listed.date is not None and listed.date.weekday() < 5
    assert next(r for r in plan.rules if r.id == "list-on-business-day").status == "satisfied"


def test_an_open_waiver_drops_what_serves_the_notice_as_a_fixed_one_does():
    # The printing serves the notice alone once notice is waived, even if a
    # rule that applies only to a notice given also ties it to the list
    # ("printed before the list opens, for the mailing's enclosure"). Left
    # open, the waiver counted that rule too: the printing stayed planned
    # where "waived" was picked, and a printing that cannot be done (a
    # printer's lead past its deadline) made the scenario infeasible though
    # the fixed waiver plans it.
    extra = [
        {"id": "printed-before-list", "kind": "gap", "source": "operational", "cite": "Scenario: enclosure",
         "summary": "Materials are printed before the list opens.", "when": {"notice_waived": False},
         "before": "materials_printed", "after": "voting_list", "min_days": 1},
        {"id": "printing-deadline", "kind": "gap", "source": "operational", "cite": "Scenario: printer's contract",
         "summary": "The printer delivers within 5 days of the record date.",
         "before": "record_date", "after": "materials_printed", "max_days": 5},
    ]
    data = {**planner.load_scenario(WILLIAMS)[0].model_dump(mode="json", exclude_none=True, exclude={"extends", "remove"})}
    data["rules"] = [*data.get("rules", []), *extra]
    fixed = planner.plan(data, facts={"notice_waived": True})
    assert fixed.status == "feasible" and "materials_printed" not in fixed.dates()
    assert planner.plan(data, facts={"notice_waived": False}).status == "infeasible"
    picked = planner.plan(data, facts={"notice_waived": "choose"})
    assert picked.status == "feasible" and picked.facts["notice_waived"] is True
    assert picked.dates() == fixed.dates()
