"""The plan objective (planner.engine.leximin): lexicographic max-min margins
by the exact propagation, and the incremental fixpoint it runs on."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import planner.engine.leximin as leximin
from planner.engine.margins import COMFORT_DAYS
from planner.engine.compiler import _Context
from planner.engine.crossings import last_meeting
from planner.engine.filling import Filling, Side
from planner.engine.leximin import leximin_plan, margin_sides, margin_vector
from planner.engine.problem import build_problem
from planner.engine.propagation import Fixpoint, Propagator
from planner.rules.bounds import Upper
from planner.verdicts.answers import plan_problem
from tests.helpers import PORTER, SCENARIOS, pin, problem, rule, rulebook, scenario

ANCHOR = date(2027, 5, 12)  # a Wednesday
CAP = 4
SPAN = 12  # every free event within SPAN days of the anchor


def _days(plan, p) -> dict[str, int]:
    return {e.id: (e.date - p.origin).days for e in plan.events if e.date}


# -- the incremental fixpoint ----------------------------------------------

@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*-2027.yaml")), ids=lambda p: p.stem)
def test_fixpoint_reaches_what_a_pass_from_scratch_reaches(path):
    p = build_problem(path)
    prop = Propagator(p, frame=p.ranges)
    facts, _ = prop.latest_plan(list(prop.bounds))
    active = prop._active(list(prop.bounds), facts)
    fix = Fixpoint(p.ranges)
    # Added one rule at a time, settling after each: the same windows as one pass over all.
    for rid in active:
        for bound in prop.bounds[rid]:
            fix.impose(bound)
        assert fix.settle()
    scratch = prop._windows(active, {})
    assert {e: (fix.lo[e], fix.hi[e]) for e in p.events} == scratch


def test_a_failed_trial_leaves_the_fixpoint_as_it_was():
    fix = Fixpoint({"a": (0, 100), "b": (0, 100)})
    fix.add(Upper("a", "b", lambda d: d - 10, shift_invariant=True))  # a at least 10 days before b
    assert fix.settle() and (fix.lo, fix.hi) == ({"a": 0, "b": 10}, {"a": 90, "b": 100})
    before = (dict(fix.lo), dict(fix.hi))
    fix.begin()
    index = fix.add(Upper("b", "a", lambda d: d + 5, shift_invariant=True))  # b at most 5 after a: crosses
    assert index == 1 and not fix.settle()
    fix.rollback()
    assert (fix.lo, fix.hi) == before and len(fix.bound) == 1 and fix.on_hi["b"] == [0] and fix.on_lo["b"] == []
    fix.begin()
    fix.require(0, 30)  # a margin of 30 days on "a 10 before b": a at least 40 before b
    assert fix.settle()
    fix.commit()
    assert (fix.lo["b"], fix.hi["a"]) == (40, 60)


def test_a_margin_kept_at_most_bounds_both_events():
    fix = Fixpoint({"a": (0, 100), "b": (0, 100)})
    at_least = Upper("a", "b", lambda d: d - 10, shift_invariant=True)
    fix.add(at_least, 2)
    fix.add(at_least, 5, upper=False)  # b - 10 - a <= 5
    fix.set_hi("b", 50)
    assert fix.settle()
    assert (fix.lo["a"], fix.hi["a"]) == (0, 38) and fix.lo["b"] == 12


# -- margins mirror compile() ----------------------------------------------

@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_margin_sides_are_the_margins_compile_returns(path):
    p = build_problem(path)
    bounds = Propagator(p, frame=p.ranges).bounds
    sides = margin_sides(p, bounds)
    ctx = _Context(p)
    for r in p.rules:
        if r.soft or r.source == "implied":
            continue
        compiled = r.compile(ctx.for_rule(r), [ctx.model.new_constant(1)])
        assert len([s for s in sides if s.rule == r.id]) == len(compiled), r.id


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*-2027.yaml")), ids=lambda p: p.stem)
def test_each_rules_least_side_is_its_checked_margin(path):
    p = build_problem(path)
    plan = plan_problem(p)
    days = _days(plan, p)
    sides = margin_sides(p, Propagator(p, frame=p.ranges).bounds)
    for result in plan.rules:
        mine = [s.margin(days) for s in sides if s.rule == result.id]
        if mine and result.status == "satisfied":
            assert min(mine) == result.slack_days, result.id


# -- plans -----------------------------------------------------------------

def _notice_problem(**extra):
    return problem([
        pin("meeting", ANCHOR),
        rule("gap", "notice", before="notice", after="meeting", min_days=10, max_days=60, source="statute"),
    ], events=("notice", "meeting"), **extra)


def test_a_window_is_split_evenly():
    # 10 to 60 days: 50 days of room, 25 either side; the cap (30) is not reached.
    p = _notice_problem()
    plan = plan_problem(p)
    assert plan.dates()["notice"] == ANCHOR - timedelta(days=35)
    assert [r.slack_days for r in plan.rules if r.id == "notice"] == [25]


def test_a_margin_stops_at_its_cap_and_goes_no_further():
    # A meeting window of 200 days: 30 days from each end, then the latest day left.
    p = problem([
        rule("date_window", "window", event="meeting", not_before={"day": "2027-01-01"},
             not_after={"day": "2027-07-19"}, source="bylaw"),
        rule("gap", "notice", before="notice", after="meeting", min_days=10, max_days=60, source="statute"),
    ], events=("notice", "meeting"))
    plan = plan_problem(p)
    d = plan.dates()
    assert d["meeting"] == date(2027, 7, 19) - timedelta(days=30)
    assert (d["meeting"] - d["notice"]).days == 35
    days = _days(plan, p)
    sides = margin_sides(p, Propagator(p, frame=p.ranges).bounds)
    assert sorted(s.margin(days) for s in sides) == [25, 25, 30, 169]


def test_a_gap_with_a_free_end_keeps_comfort_days_only():
    # A board notice at least 5 days before its meeting, with no earliest day: 3 days more, not 30.
    p = problem([pin("meeting", ANCHOR),
                 rule("gap", "bn", before="board_notice", after="meeting", min_days=5, source="bylaw")],
                events=("board_notice", "meeting"))
    assert plan_problem(p).dates()["board_notice"] == ANCHOR - timedelta(days=5 + COMFORT_DAYS)


def test_legal_margins_come_before_operational_ones():
    # The printer wants 45 days, the statute 10 to 60: 60 - 45 = 15 days of legal room at most.
    rules = [pin("meeting", ANCHOR),
             rule("gap", "notice", before="notice", after="meeting", min_days=10, max_days=60, source="statute"),
             rule("gap", "print", before="notice", after="meeting", min_days=45, source="operational")]
    plan = plan_problem(problem(rules, events=("notice", "meeting")))
    slack = {r.id: r.slack_days for r in plan.rules}
    # The legal margin takes all the room; the printer gets none to spare.
    assert (slack["notice"], slack["print"]) == (15, 0)
    plan = plan_problem(problem(rules[:2], events=("notice", "meeting")))
    assert {r.id: r.slack_days for r in plan.rules}["notice"] == 25


def test_a_preference_comes_before_margins():
    rules = [pin("meeting", ANCHOR),
             rule("gap", "notice", before="notice", after="meeting", min_days=10, max_days=60, source="statute"),
             rule("gap", "short", before="notice", after="meeting", max_days=15, source="preference")]
    plan = plan_problem(problem(rules, events=("notice", "meeting")))
    assert 10 <= (ANCHOR - plan.dates()["notice"]).days <= 15
    assert {r.id: r.status for r in plan.rules}["short"] == "satisfied"


def test_independent_parts_plan_as_they_would_alone():
    one = [pin("meeting", ANCHOR),
           rule("gap", "notice", before="notice", after="meeting", min_days=10, max_days=60, source="statute")]
    two = [pin("board", ANCHOR + timedelta(days=3)),
           rule("gap", "bnotice", before="bnotice", after="board", min_days=2, max_days=9, source="bylaw")]
    together = plan_problem(problem(one + two, events=("notice", "meeting", "bnotice", "board"))).dates()
    alone = plan_problem(problem(one, events=("notice", "meeting"))).dates() | \
        plan_problem(problem(two, events=("bnotice", "board"))).dates()
    assert together == alone


def test_the_same_input_gives_the_same_plan():
    first = plan_problem(build_problem(PORTER))
    again = plan_problem(build_problem(PORTER))
    assert first.model_dump() == again.model_dump()


def test_too_many_choices_go_to_the_solver_and_still_plan(monkeypatch):
    p = build_problem(PORTER)
    enumerated = leximin_plan(p)
    monkeypatch.setattr(leximin, "CHOICE_LIMIT", 0)
    solved = leximin_plan(build_problem(PORTER))
    assert solved is not None
    weight = {r.id: r.weight for r in p.rules if r.soft}
    assert sum(weight[r] for r in solved.kept) == sum(weight[r] for r in enumerated.kept)
    plan = plan_problem(build_problem(PORTER))  # verified by the checker, or VerificationError
    assert plan.status == "feasible"


def test_an_infeasible_problem_has_no_leximin_plan():
    p = problem([pin("meeting", ANCHOR),
                 rule("gap", "notice", before="notice", after="meeting", min_days=10, max_days=60, source="statute"),
                 rule("date_window", "late", event="notice", not_before={"day": "2027-05-05"}, source="bylaw")],
                events=("notice", "meeting"))
    assert leximin_plan(p) is None and plan_problem(p).status == "infeasible"


# -- against enumerating every plan ----------------------------------------

FREE = ("b", "c", "d")


@st.composite
def gap_problems(draw):
    rules = []
    for index in range(draw(st.integers(1, 4))):
        before, after = draw(st.permutations(("a",) + FREE))[:2]
        low = draw(st.none() | st.integers(0, 6))
        high = draw(st.none() | st.integers(low or 0, (low or 0) + 9)) if low is not None else draw(st.integers(0, 9))
        fields = {k: v for k, v in (("min_days", low), ("max_days", high)) if v is not None}
        rules.append(rule("gap", f"g{index}", before=before, after=after, counting=draw(st.sampled_from(["calendar", "clear"])),
                          source=draw(st.sampled_from(["bylaw", "statute", "operational"])), **fields))
    for event in FREE:  # a window for each free event keeps the enumeration small
        lo = draw(st.integers(-SPAN, 0))
        hi = draw(st.integers(lo, SPAN))
        rules.append(rule("date_window", f"w-{event}", event=event, source=draw(st.sampled_from(["bylaw", "operational"])),
                          not_before={"day": (ANCHOR + timedelta(days=lo)).isoformat()},
                          not_after={"day": (ANCHOR + timedelta(days=hi)).isoformat()}))
    return [pin("a", ANCHOR), *rules]


def _best_by_enumeration(p, sides: list[Side]):
    applying = {r.id for r in p.rules}
    a = (ANCHOR - p.origin).days
    best = None
    for offsets in itertools.product(range(-SPAN, SPAN + 1), repeat=len(FREE)):
        days = {"a": a, **{e: a + o for e, o in zip(FREE, offsets)}}
        if any(r.check(_Dates(p, days)) < 0 for r in p.rules):
            continue
        vector = margin_vector(sides, days, applying)
        best = vector if best is None or vector > best else best
    return best


class _Dates:
    def __init__(self, p, days):
        self.calendar, self._p, self._days = p.calendar, p, days

    def date(self, event):
        return self._p.origin + timedelta(days=self._days[event])

    def resolve(self, expr):
        return self._p.resolve(expr)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gap_problems())
def test_the_smallest_margin_is_the_greatest_any_plan_has(rules):
    p = problem(rules, events=("a", *FREE), margin_cap_days=CAP)
    sides = margin_sides(p, Propagator(p, frame=p.ranges).bounds)
    best = _best_by_enumeration(p, sides)
    found = leximin_plan(p)
    if best is None:
        assert found is None
        return
    assert found is not None
    got = margin_vector(sides, found.days, {r.id for r in p.rules})
    assert got <= best, "no plan is better than the best of all"
    # Exact for the smallest margin (the legal one, else the operational one);
    # past it, exact up to whole days two margins share (module docstring).
    assert got[0][:1] == best[0][:1]
    if not best[0]:
        assert got[1][:1] == best[1][:1]
    # The levels the engine reports are the plan's own capped margins.
    assert sorted(found.levels.values()) == sorted(min(s.margin(found.days), s.cap) for s in found.levels)


def test_without_the_solvers_pick_the_first_facts_plan(monkeypatch):
    # CP-SAT stopped by its work limit with no answer: still a plan, never "infeasible".
    monkeypatch.setattr(leximin, "CHOICE_LIMIT", 0)
    monkeypatch.setattr(leximin, "_solver_choice", lambda problem: None)
    p = build_problem(PORTER)
    found = leximin_plan(p)
    assert found is not None and found.kept == []
    assert found.facts["board_notice_method"] == p.choices["board_notice_method"][0]


def test_a_deadline_passed_is_a_timeout_not_other_dates(monkeypatch):
    import time

    import planner.engine.propagation as propagation
    from planner.engine.propagation import PropagationTimeout
    from planner.verdicts import solve
    from planner.verdicts.solve import SolverTimeout

    monkeypatch.setattr(propagation, "_DEADLINE_EVERY", 1)
    with pytest.raises(PropagationTimeout):
        leximin_plan(build_problem(PORTER), deadline=time.monotonic() - 1)
    monkeypatch.setattr(solve, "time", type("Clock", (), {"monotonic": staticmethod(lambda: -10.0**9)}))
    with pytest.raises(SolverTimeout, match="time limit"):
        solve.solve_problem(build_problem(PORTER), time_limit_s=1)


# -- the shortcuts keep the plan -------------------------------------------

@st.composite
def choice_problems(draw):
    """Gap problems where a fact the planner picks (three methods) decides
    which rules apply, and some rules are preferences."""
    rules = draw(gap_problems())
    for r in rules[1:]:
        if draw(st.booleans()):
            r["when"] = {"method": draw(st.sampled_from(["m1", "m2", "m3"]))}
    # The same rule under another method, as is or a day apart: methods that
    # tie, or nearly, where the order of trying them must not matter.
    for r in list(rules[1:]):
        if "when" in r and r["kind"] == "gap" and draw(st.booleans()):
            twin = {**r, "id": r["id"] + "-twin", "when": {"method": draw(st.sampled_from(["m1", "m2", "m3"]))}}
            if "min_days" in twin and twin["min_days"] < twin.get("max_days", twin["min_days"] + 1):
                twin["min_days"] += draw(st.integers(0, 1))
            rules.append(twin)
    for r in rules[1:]:
        if r["kind"] == "gap" and draw(st.integers(0, 4)) == 0:
            r.update(source="preference", weight=draw(st.integers(1, 3)))
    return rules


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choice_problems())
def test_stopping_an_assignment_early_never_changes_the_plan(rules):
    # The bar (an assignment whose margins cannot beat the best so far stops)
    # and the shared starting fixpoint only save trials: filling every
    # assignment in full, each from scratch, picks the same plan.
    facts = {"method": {"values": ["m1", "m2", "m3"], "default": "m1", "doc": "test"}}
    p = build_problem(scenario([], margin_cap_days=CAP, facts={"method": "choose"}),
                      rulebook=rulebook(rules, ("a", *FREE), facts))
    assert p.choices == {"method": ["m1", "m2", "m3"]}
    fast = leximin_plan(p)
    slow = _fill_every_assignment_in_order(p)
    assert (fast is None) == (slow is None)
    if fast is not None:
        facts, days, kept = slow
        assert (fast.facts, fast.days, sorted(fast.kept)) == (facts, days, sorted(kept))  # kept: by part, then rule


def _fill_every_assignment_in_order(p):
    """The plan as the module's docstring defines it, the long way: every
    assignment in stated order, each from scratch and filled in full; the
    first with the heaviest preferences and then the best margins wins."""
    prop = Propagator(p, frame=p.ranges)
    bounds = dict(prop.bounds)
    for r in p.rules:
        if r.soft:
            bounds[r.id] = r.bounds(leximin.BoundsContext(p, p.days_for(r)))
    weights = {r.id: r.weight for r in p.rules if r.soft}
    sides = margin_sides(p, prop.bounds)
    hard_all, soft_all = [r.id for r in p.rules if not r.soft], [r.id for r in p.rules if r.soft]
    best = None
    for facts in prop._assignments(hard_all + soft_all):
        hard, soft = prop._active(hard_all, facts), prop._active(soft_all, facts)
        search = Filling(dict(p.ranges), None)
        for r in hard:
            search.impose(r, bounds[r])
        if not search.fix.settle():
            continue
        search.fix.commit()
        kept = []
        for option in leximin._subsets(soft, weights):
            search.fix.begin()
            for r in option:
                search.impose(r, bounds[r])
            if search.fix.settle():
                search.fix.commit()
                kept = option
                break
            search.fix.rollback()
        active = [s for s in sides if s.rule in set(hard)]
        level = search.fill(active)
        # The levels reached, a rule that does not apply at its cap (no trial above them held).
        legal = tuple(sorted(level[s] if s in level else s.cap for s in sides if s.legal))
        other = tuple(sorted(level[s] if s in level else s.cap for s in sides if not s.legal))
        key = (sum(weights[r] for r in kept), (legal, other))
        if best is None or key > best[0]:  # a tie keeps the earlier
            chosen = {n: v[0] for n, v in p.choices.items()} | facts
            best = (key, (chosen, search.settle_dates(active, level), kept))
    return None if best is None else best[1]




# -- a failed level's limit (the Newton step of Filling.highest) ------------

def _filling(p) -> tuple[Filling, list[Side]]:
    """Every hard rule of a problem on one filling, propagated, and its free margins."""
    prop = Propagator(p, frame=p.ranges)
    search = Filling(dict(p.ranges), None)
    for rule_id, bounds in prop.bounds.items():
        search.impose(rule_id, bounds)
    assert search.fix.settle()
    search.fix.commit()
    return search, [s for s in margin_sides(p, prop.bounds) if s.cap > 0]


def _all_at(free: list[Side], level: int) -> list[tuple[Side, int]]:
    return [(s, min(level, s.cap)) for s in free]


def test_a_cycles_crossing_gives_the_exact_level():
    # A notice 10 to 60 days before the meeting: a cycle of two bounds with
    # 50 days of room, so 25 days each at most; the trial at the cap (30)
    # fails on that cycle, and replaying it says 25 without another trial.
    search, free = _filling(_notice_problem())
    assert not search.trial_level(free, 30, keep=False, witness=True)
    assert search.witness is not None
    assert search._limit(free, 0, 30) == 25
    assert search.trial(_all_at(free, 25), keep=False) and not search.trial(_all_at(free, 26), keep=False)


@given(st.lists(st.integers(0, 40), min_size=2, max_size=70), st.data())
def test_the_last_meeting_level_is_found_exactly_with_few_probes(drops, data):
    # Any slack that never grows with the level: a line through plain
    # differences, kinks where caps stop, steps of weekends, jumps of a
    # cycle that runs away.  The search must find the last level that
    # meets (brute force), probing only inside the range, at most three
    # probes for bisection's two.
    start = data.draw(st.integers(0, 60))
    slack = list(itertools.accumulate([start, *(-d for d in drops)]))
    if slack[-1] >= 0:
        slack[-1] = -1 - data.draw(st.sampled_from([0, 3, 10**7]))  # the failed end: a few days, or ran away
    low = data.draw(st.integers(0, len(slack) - 2))
    low = max((t for t in range(low + 1) if slack[t] >= 0), default=None)
    if low is None:
        return
    high, probes = len(slack) - 1, []

    def probe(level: int) -> int:
        assert low < level < high
        probes.append(level)
        return slack[level]

    expected = max(t for t in range(low, high) if slack[t] >= 0)
    assert last_meeting(probe, low, slack[low], high, slack[high]) == expected
    assert len(probes) <= 3 * max(1, (high - low - 1).bit_length())


def test_a_straight_slack_is_found_with_two_probes():
    # Plain day differences: each level takes the same days off the slack,
    # so the line finds the level, and the day above confirms it.
    probes = []

    def slack(level: int) -> int:
        probes.append(level)
        return 35 - 2 * level  # 35 days of room, two margins on the chains: 17 each meets, 18 does not

    assert last_meeting(slack, 0, 35, 24, slack(24)) == 17
    assert probes == [24, 17, 18]


@st.composite
def level_problems(draw):
    """Gap problems with business-day counts and business-day-only events:
    chains whose replay snaps and counts like the propagation."""
    rules = draw(gap_problems())
    for r in rules[1:]:
        if r["kind"] == "gap" and draw(st.booleans()):
            r["counting"] = "business"
    for event in FREE:
        if draw(st.booleans()):
            rules.append(rule("business_day", f"bd-{event}", event=event))
    return rules


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(level_problems(), st.integers(0, CAP))
def test_a_failed_levels_limit_never_cuts_off_a_level_that_holds(rules, good):
    # The limit a failed trial's crossing gives must be at least the highest
    # level that holds (found here by a trial at every level, no witness):
    # else the filling would stop below it and return a worse plan.
    p = problem(rules, events=("a", *FREE), margin_cap_days=CAP)
    if leximin_plan(p) is None:
        return
    search, free = _filling(p)
    if not free:
        return
    holding = [t for t in range(CAP + 2) if search.trial(_all_at(free, t), keep=False)]
    highest = max(holding)
    assert holding == list(range(highest + 1))  # holding is monotone: a higher level only tightens
    good = min(good, highest)
    for failed in range(highest + 1, CAP + 2):
        assert not search.trial_level(free, failed, keep=False, witness=True)
        limit = search._limit(free, good, failed)
        if limit is not None:
            assert highest <= limit < failed


def test_a_bound_two_rules_state_alike_is_propagated_once():
    # Bylaws restating their statute's notice window: one bound in the
    # fixpoint, whose margin both rules read; the plan is the one rule's.
    twice = problem([
        pin("meeting", ANCHOR),
        rule("gap", "notice", before="notice", after="meeting", min_days=10, max_days=60, source="statute"),
        rule("gap", "bylaw-notice", before="notice", after="meeting", min_days=10, max_days=60, source="bylaw"),
    ], events=("notice", "meeting"))
    search, free = _filling(twice)
    assert search.index["notice", 0] == search.index["bylaw-notice", 0]
    assert search.index["notice", 1] == search.index["bylaw-notice", 1]
    once, _ = _filling(_notice_problem())
    assert len(search.fix.bound) == len(once.fix.bound)
    assert leximin_plan(twice).days == leximin_plan(_notice_problem()).days


@st.composite
def cycle_problems(draw):
    """Chains of windows (a gap with both a least and a most, so a cycle of
    two bounds), counted in calendar or business days, some events on
    business days only: failed levels whose crossings go round cycles."""
    rules, before = [pin("a", ANCHOR)], "a"
    for index, event in enumerate(FREE[:draw(st.integers(1, 3))]):
        low = draw(st.integers(0, 8))
        ends = {"before": event, "after": before} if draw(st.booleans()) else {"before": before, "after": event}
        rules.append(rule("gap", f"c{index}", **ends, min_days=low,
                          max_days=low + draw(st.integers(0, 14)), counting=draw(st.sampled_from(["calendar", "business"])),
                          source=draw(st.sampled_from(["bylaw", "statute", "operational"]))))
        if draw(st.booleans()):
            rules.append(rule("business_day", f"bd-{event}", event=event))
        if draw(st.booleans()):  # a limit of its own: crossings with a cycle on one side only
            lo = draw(st.integers(-4 * SPAN, 0))
            rules.append(rule("date_window", f"w-{event}", event=event, source=draw(st.sampled_from(["bylaw", "operational"])),
                              not_before={"day": (ANCHOR + timedelta(days=lo)).isoformat()},
                              not_after={"day": (ANCHOR + timedelta(days=lo + draw(st.integers(0, 3 * SPAN)))).isoformat()}))
        before = event
    return rules


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cycle_problems(), st.integers(0, CAP))
def test_a_limit_round_a_cycle_never_cuts_off_a_level_that_holds(rules, good):
    events = dict.fromkeys(e for r in rules if r["kind"] == "gap" for e in (r["before"], r["after"]))
    p = problem(rules, events=("a", *(e for e in events if e != "a")), margin_cap_days=2 * CAP)
    if leximin_plan(p) is None:
        return
    search, free = _filling(p)
    if not free:
        return
    holding = [t for t in range(2 * CAP + 2) if search.trial(_all_at(free, t), keep=False)]
    highest = max(holding)
    assert holding == list(range(highest + 1))
    good = min(good, highest)
    for failed in range(highest + 1, 2 * CAP + 2):
        assert not search.trial_level(free, failed, keep=False, witness=True)
        limit = search._limit(free, good, failed)
        if limit is not None:
            assert highest <= limit < failed
