"""Explanations (planner.verdicts.explanations) and the solver-free propagation under
them (planner.engine.propagation), held to an independent brute-force oracle on
small generated problems, plus hand-written scenario and CLI cases.

The problems are those of tests.test_properties: event ``a`` pinned to
ANCHOR by rule ``pin-a``, events ``b`` and ``c`` free, a few gap rules, ties
of ``b`` and ``c`` to ``a``, maybe a business-day rule and a date window.

The oracle (:class:`BruteForce`) tries every date of ``b`` and ``c`` in the
search window ANCHOR +- WINDOW days and checks every hard rule with
``oracle_margins`` (which re-states each rule kind by walking the calendar);
rules with source "preference" are ignored.  When a set of rules does not
contain ``pin-a`` (a subset, or a conflict that does not need the pin),
``a`` is free too and ranges over the same window; such a set ties no event
to a date, so its plans may lie anywhere (a Thanksgiving long weekend eight
months off can be what makes it feasible), and the oracle then also looks
around the dates the propagator reports, each group of linked events on its
own (see BruteForce.verdict): the propagator only says where to look, the
plan is found and checked here.  Each rule is tabulated once per relaxation
as bit masks over the window, so a check is a few thousand integer ANDs.

Relaxation semantics (what "rule r relaxed by k days" means in the oracle):
every margin of r, as oracle_margins computes it, may be as low as -k
instead of 0.  So a calendar/clear gap's minimum may be k days shorter and
its maximum k days longer; a business-day gap's limit date (the N-th
business day before/after) may be passed by k calendar days; a date window
widens by k calendar days at each end; the pin (on_date, margins
``day - date`` and ``date - day``) lets ``a`` move up to k days either way.
A business_day rule is yes/no and is NOT relaxable: it still needs a
business day whatever k is (the planner proposes waiving such a rule, never
relaxing it by days).
"""

from __future__ import annotations

import functools
import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

import planner
from planner.verdicts import explanations
from planner.verdicts.explanations import event_windows, explain_problem, minimal_conflicts
from planner.verdicts.solve import SolverTimeout
from planner.engine.problem import build_problem
from planner.engine.propagation import INF, PropagationTimeout, Propagator
from tests.helpers import cli_run, pin, problem, rule, rulebook, scenario
from tests.test_properties import ANCHOR, CAP, WINDOW, oracle_margins, small_problems

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
INFEASIBLE = SCENARIOS / "williams-natural-gas-infeasible-printing.yaml"
FEASIBLE = SCENARIOS / "williams-natural-gas-2027.yaml"

PIN = {"kind": "on_date", "id": "pin-a", "cite": "T", "summary": "s", "event": "a", "date": ANCHOR.isoformat()}
DATES = [ANCHOR + timedelta(days=d) for d in range(-WINDOW, WINDOW + 1)]  # the search window
N = len(DATES)
FULL = (1 << N) - 1
ORDER = ("a", "b", "c")

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def build(specs: list[dict]):
    return problem([PIN, *specs], events=ORDER, margin_cap_days=CAP)


def hard_ids(specs: list[dict]) -> list[str]:
    return [PIN["id"], *(s["id"] for s in specs if s.get("source") != "preference")]


def _bits(mask: int):
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _margins(spec: dict, dates: dict[str, date], cal) -> list[int]:
    if spec["kind"] == "on_date":
        day, pinned = dates[spec["event"]], date.fromisoformat(spec["date"])
        return [(day - pinned).days, (pinned - day).days]
    return oracle_margins(spec, dates, cal)


def _events(spec: dict) -> tuple[str, ...]:
    if spec["kind"] == "gap":
        return tuple(sorted((spec["before"], spec["after"]), key=ORDER.index))
    return (spec["event"],)


@functools.cache
def _window(center: date) -> tuple[date, ...]:
    return tuple(center + timedelta(days=d) for d in range(-WINDOW, WINDOW + 1))


class BruteForce:
    """Every (b, c) in the search window ANCHOR +- WINDOW (and every a too
    when the pin is not among the rules or is relaxed), every rule checked
    from its definition.

    A group of events that no rule in the set ties to a date may plan
    anywhere: a long weekend months away can be what makes a set feasible.
    :meth:`verdict` then also searches, for each event, a window of the same
    size around the earliest and around the latest date the propagator gives
    it.  The propagator only says where to look; the plan is found and
    checked by brute force here.
    """

    def __init__(self, specs: list[dict], cal):
        self.specs = {s["id"]: s for s in [PIN, *specs]}
        self.cal = cal
        self._least: dict[tuple, list] = {}  # least margin per day (or pair of days)
        self._tables: dict[tuple, object] = {}
        self._by_gap: dict[tuple[str, int], int] = {}

    def _margin(self, spec: dict, dates: dict[str, date]) -> int:
        """The rule's least margin on these dates; a failed yes/no rule
        (business_day) is short by more than any relaxation."""
        if spec["kind"] == "gap" and spec.get("counting", "calendar") != "business":
            # A calendar or clear-day gap's margins depend on the days between its two events
            # alone (oracle_margins reads nothing else of the dates): one oracle call per
            # difference, not per pair of days.
            key = (spec["id"], (dates[spec["after"]] - dates[spec["before"]]).days)
            if key not in self._by_gap:
                self._by_gap[key] = min(_margins(spec, dates, self.cal))
            return self._by_gap[key]
        worst = min(_margins(spec, dates, self.cal))
        return worst if spec["kind"] != "business_day" or worst >= 0 else -10**9

    def text_table(self, rid: str, k: int, centers: dict[str, date]):
        """A unary rule: mask of allowed days.  A rule on (x, y), x before y
        in ORDER: for each day of the outer event, the mask of allowed days
        of the inner one (inner is a for pairs with a, c for (b, c))."""
        spec = self.specs[rid]
        events = _events(spec)
        if len(events) == 1:
            (inner,), outer = events, None
        else:
            x, y = events
            inner, outer = (x, y) if x == "a" else (y, x)
        where = (rid, centers[inner], centers.get(outer))
        if (*where, k) not in self._tables:
            if where not in self._least:
                if outer is None:
                    least = [self._margin(spec, {inner: d}) for d in _window(centers[inner])]
                else:
                    least = [[self._margin(spec, {outer: do, inner: di}) for di in _window(centers[inner])]
                             for do in _window(centers[outer])]
                self._least[where] = least
            least = self._least[where]
            mask = lambda row: sum(1 << i for i, m in enumerate(row) if m >= -k)
            self._tables[*where, k] = mask(least) if outer is None else [mask(row) for row in least]
        return self._tables[*where, k]

    def solutions(self, rules, relax: dict[str, int] | None = None, centers: dict[str, date] | None = None):
        """Yield (b, c) window indices of every plan of `rules` (hard ones)."""
        relax, centers = relax or {}, {e: ANCHOR for e in ORDER} | (centers or {})
        unary = {e: FULL for e in ORDER}
        a_by = {"b": [], "c": []}
        c_by_b = []
        for rid in rules:
            spec = self.specs[rid]
            if spec.get("source") == "preference":
                continue
            table = self.text_table(rid, relax.get(rid, 0), centers)
            events = _events(spec)
            if len(events) == 1:
                unary[events[0]] &= table
            elif events[0] == "a":
                a_by[events[1]].append(table)
            else:
                c_by_b.append(table)
        a_after_c = [unary["a"]] * N
        for table in a_by["c"]:
            a_after_c = [m & t for m, t in zip(a_after_c, table)]
        for ib in _bits(unary["b"]):
            a_mask = unary["a"]
            for table in a_by["b"]:
                a_mask &= table[ib]
            if not a_mask:
                continue
            c_mask = unary["c"]
            for table in c_by_b:
                c_mask &= table[ib]
            for ic in _bits(c_mask):
                if a_mask & a_after_c[ic]:
                    yield ib, ic

    def feasible(self, rules, relax: dict[str, int] | None = None, centers: dict[str, date] | None = None) -> bool:
        return next(self.solutions(rules, relax, centers), None) is not None

    def verdict(self, rules, relax: dict[str, int] | None = None, propagator: Propagator | None = None) -> bool:
        """Feasible by brute force.  Events not linked by any of the rules
        are independent, so each linked group is searched on its own: in
        the window around ANCHOR and, for a group that the (unrelaxed) pin
        does not tie down, around the dates the propagator gives its events."""
        relax = relax or {}
        rules = [r for r in rules if self.specs[r].get("source") != "preference"]
        group = {e: {e} for e in ORDER}
        for rid in rules:
            events = _events(self.specs[rid])
            if len(events) == 2 and group[events[0]] is not group[events[1]]:
                merged = group[events[0]] | group[events[1]]
                for e in merged:
                    group[e] = merged
        for events in {id(g): g for g in group.values()}.values():
            mine = [r for r in rules if set(_events(self.specs[r])) <= events]
            if mine and not self._group_feasible(mine, events, relax, propagator):
                return False
        return True

    def _group_feasible(self, rules, events, relax, propagator) -> bool:
        if self.feasible(rules, relax):
            return True
        if PIN["id"] in rules and not relax.get(PIN["id"]) or propagator is None:
            return False
        found = propagator.windows(rules, relax)
        if not found:
            return False
        origin = propagator.problem.origin
        for side in (1, 0):  # around the latest plan, then the earliest
            centers = {}
            for e in events:
                finite = [d for d in (found[e][side], found[e][1 - side]) if abs(d) < INF]
                centers[e] = origin + timedelta(days=finite[0]) if finite else ANCHOR
            if self.feasible(rules, relax, centers):
                return True
        return False


def _propagator_says(specs) -> bool:
    prop = Propagator(build(specs))
    return prop.feasible(list(prop.bounds))


feasible_problems = small_problems().filter(_propagator_says)
infeasible_problems = small_problems().filter(lambda specs: not _propagator_says(specs))


# 1. Feasibility -------------------------------------------------------------


@pytest.mark.slow  # hypothesis against brute force: tasks.py test runs it, -m "not slow" does not
@settings(max_examples=40, **SETTINGS)
@given(small_problems(), st.data())
def test_propagator_feasibility_matches_brute_force(specs, data):
    p = build(specs)
    prop = Propagator(p)
    hard = hard_ids(specs)
    assert sorted(prop.bounds) == sorted(hard), "the propagator holds exactly the hard rules"
    oracle = BruteForce(specs, p.calendar)
    assert prop.feasible(hard) == oracle.verdict(hard, propagator=prop), "full set of hard rules"
    for _ in range(4):
        subset = data.draw(st.lists(st.sampled_from(hard), unique=True), label="subset")
        assert prop.feasible(subset) == oracle.verdict(subset, propagator=prop), f"subset {subset}"


# 2. Windows -----------------------------------------------------------------


# Found by hypothesis: c is b - 4 and b is on a business day, both free below.
# No plan puts c on the window's first day (b would be a Sunday), yet the
# window is unbounded below: a plan can sit near an edge it could pass.
EDGE = 25  # days from an edge within which a plan may be held back by links and weekends
_LINKED_NEAR_EDGE = [
    {"kind": "gap", "id": "g0", "cite": "T", "summary": "s", "before": "c", "after": "b", "min_days": 3, "max_days": 3,
     "counting": "clear", "effective_after_days": 0, "source": "bylaw"},
    {"kind": "gap", "id": "tie-b", "cite": "T", "summary": "s", "before": "a", "after": "b", "max_days": 9},
    {"kind": "gap", "id": "tie-c", "cite": "T", "summary": "s", "before": "a", "after": "c", "max_days": 9},
    {"kind": "business_day", "id": "bd", "cite": "T", "summary": "s", "event": "b"},
]


@pytest.mark.slow  # hypothesis against brute force: tasks.py test runs it, -m "not slow" does not
@settings(max_examples=35, **SETTINGS)
@given(feasible_problems)
@example(_LINKED_NEAR_EDGE)
def test_event_windows_are_the_extremes_of_all_plans(specs):
    """Each free event's window is its earliest and latest date over all
    plans.  A side is decided by the search window only if no plan found
    puts any free event within EDGE days of that edge of the window:
    otherwise a plan beyond the window may reach further (c >= b + 1 with b
    unbounded below gives a least c one day inside the window), and the side
    is only checked to be None or at least as far out as the brute-force
    extreme."""
    p = build(specs)
    oracle = BruteForce(specs, p.calendar)
    plans = list(oracle.solutions(hard_ids(specs)))
    assert plans, "the propagator called this feasible; so must brute force"
    windows = event_windows(p)
    assert windows["a"] == (ANCHOR, ANCHOR)
    low_edge = any(min(plan) < EDGE for plan in plans)
    high_edge = any(max(plan) > N - 1 - EDGE for plan in plans)
    for event, column in (("b", 0), ("c", 1)):
        low = DATES[min(plan[column] for plan in plans)]
        high = DATES[max(plan[column] for plan in plans)]
        earliest, latest = windows[event]
        if low_edge:
            assert earliest is None or earliest <= low, f"earliest {event}"
        else:
            assert earliest == low, f"earliest {event}"
        if high_edge:
            assert latest is None or latest >= high, f"latest {event}"
        else:
            assert latest == high, f"latest {event}"


@pytest.mark.parametrize("mirror", [False, True])
def test_unbounded_side_is_none_even_when_linked(mirror):
    """c >= b + 1 with b unbounded below: c has no earliest date either (and
    mirrored, c <= b - 1 with b unbounded above: no latest date).  The
    propagation frame must not show through as a limit (it did: c's earliest
    came out as b's frame edge plus one day)."""
    if not mirror:
        rules = [rule("gap", "b-near", before="a", after="b", max_days=9),
                 rule("gap", "c-after-b", before="b", after="c", min_days=1),
                 rule("gap", "c-near", before="a", after="c", max_days=9)]
    else:
        rules = [rule("gap", "b-near", before="b", after="a", max_days=9),
                 rule("gap", "c-before-b", before="c", after="b", min_days=1),
                 rule("gap", "c-near", before="c", after="a", max_days=9)]
    windows = event_windows(problem([pin("a", ANCHOR), *rules], events=ORDER))
    side = 1 if mirror else 0
    assert windows["b"][side] is None
    assert windows["c"][side] is None, f"c's window {windows['c']} has a limit no rule sets"


# 3. Minimal conflicts -------------------------------------------------------


@pytest.mark.slow  # hypothesis against brute force: tasks.py test runs it, -m "not slow" does not
@settings(max_examples=35, **SETTINGS)
@given(infeasible_problems)
def test_minimal_conflicts_are_irreducible_and_distinct(specs):
    p = build(specs)
    oracle = BruteForce(specs, p.calendar)
    hard = hard_ids(specs)
    assert not oracle.verdict(hard), "the propagator called this infeasible; so must brute force"
    prop = Propagator(p)
    conflicts = minimal_conflicts(p, 3)
    assert 1 <= len(conflicts) <= 3
    assert len({frozenset(c) for c in conflicts}) == len(conflicts), "conflicts are pairwise distinct"
    for conflict in conflicts:
        assert conflict and set(conflict) <= set(hard), "a conflict names hard rules only"
        assert len(set(conflict)) == len(conflict)
        assert not oracle.verdict(conflict, propagator=prop), f"{conflict} must be infeasible on its own"
        for rule in conflict:
            rest = [r for r in conflict if r != rule]
            assert oracle.verdict(rest, propagator=prop), f"{conflict} without {rule} must be feasible (irreducible)"


class _Family:
    """A feasibility oracle over rule names: a set cannot hold when it holds
    one of `conflicts` (monotone, as the propagation's verdict is)."""

    def __init__(self, conflicts: list[set[str]]):
        self.conflicts, self.checks = [frozenset(c) for c in conflicts], 0

    def feasible(self, rules, relax=None) -> bool:
        self.checks += 1
        held = set(rules)
        return not any(c <= held for c in self.conflicts)


def _deletion_pass(oracle, rules: list[str], order: dict[str, tuple]) -> list[str]:
    """The shrink as it was written first, the oracle of QuickXplain's: each
    rule in `order` dropped if the rest still cannot hold."""
    keep = list(rules)
    for rule in sorted(rules, key=order.__getitem__):
        trial = [r for r in keep if r != rule]
        if not oracle.feasible(trial):
            keep = trial
    return sorted(keep, key=order.__getitem__)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sets(st.integers(0, 13), min_size=1, max_size=6), min_size=1, max_size=6),
       st.permutations(list(range(14))))
def test_the_conflict_found_is_the_one_the_deletion_pass_leaves(family, ranking):
    rules = [f"r{i}" for i in range(14)]
    order = {f"r{i}": (rank,) for rank, i in enumerate(ranking)}
    conflicts = [{f"r{i}" for i in c} for c in family]
    slow, quick = _Family(conflicts), _Family(conflicts)
    assert explanations._shrink(quick, rules, order) == _deletion_pass(slow, rules, order)


def test_quickxplain_needs_far_fewer_checks_for_a_small_conflict_among_many_rules():
    rules = [f"r{i:03}" for i in range(300)]
    order = {r: (i,) for i, r in enumerate(rules)}
    slow, quick = _Family([{"r040", "r170", "r260"}]), _Family([{"r040", "r170", "r260"}])
    assert explanations._shrink(quick, rules, order) == _deletion_pass(slow, rules, order) == ["r040", "r170", "r260"]
    assert slow.checks == 300 and quick.checks < 60


@pytest.mark.slow  # hypothesis against brute force: tasks.py test runs it, -m "not slow" does not
@settings(max_examples=30, **SETTINGS)
@given(infeasible_problems)
def test_conflict_days_short(specs):
    """days_short is the fewest days one rule of the conflict must give for
    the rest of the conflict to hold (relaxation as in the module doc)."""
    p = build(specs)
    oracle = BruteForce(specs, p.calendar)
    prop = Propagator(p)
    why = explain_problem(p)
    assert why.status == "infeasible" and why.conflicts
    for conflict in why.conflicts:
        k = conflict.days_short
        if k is None:
            continue
        assert k >= 1
        assert any(oracle.verdict(conflict.rules, {r: k}, prop) for r in conflict.rules), f"{conflict.rules} given {k} days"
        assert not any(oracle.verdict(conflict.rules, {r: k - 1}, prop) for r in conflict.rules), f"{conflict.rules} given {k - 1} days"


# 4. Fixes -------------------------------------------------------------------


def _is_gap(specs_by_id: dict, rule: str) -> bool:
    return rule in specs_by_id and specs_by_id[rule]["kind"] == "gap"


def _plans_with(specs: list[dict], hard: list[str], rule: str, **change) -> bool:
    """Brute force: the problem with one rule rewritten has a plan."""
    return _plans_with_all(specs, hard, {rule: change})


def _plans_with_all(specs: list[dict], hard: list[str], changes: dict[str, dict]) -> bool:
    """Brute force: the problem with these rules rewritten has a plan."""
    changed = [{**s, **changes[s["id"]]} if s["id"] in changes else s for s in specs]
    p = build(changed)
    return BruteForce(changed, p.calendar).verdict(hard, propagator=Propagator(p))


def _joint_side(spec: dict, fix) -> str:
    """The side of gap `spec` a fix relaxed: its minimum if the fix's value is below it."""
    return "min_days" if spec.get("min_days") is not None and fix.value < spec["min_days"] else "max_days"


def _check_joint_fix(specs_by_id: dict, specs: list[dict], hard: list[str], fix) -> None:
    """A fix of rules that state the same limit: each gives the fix's days on
    the same side and they plan, one day less they do not, and the target
    alone (given all it has on that side) does not."""
    target = specs_by_id[fix.target]
    side = _joint_side(target, fix)
    group = [specs_by_id[r] for r in (fix.target, *fix.together)]
    for spec in group:
        assert spec.get("source") != "preference" and spec["id"] in hard
        assert (spec["before"], spec["after"], spec.get("counting", "calendar"), spec.get("effective_after_days", 0)) == (
            target["before"], target["after"], target.get("counting", "calendar"), target.get("effective_after_days", 0))
    sign = -1 if side == "min_days" else 1
    by = lambda days: {s["id"]: {side: s[side] + sign * days} for s in group}
    assert _plans_with_all(specs, hard, by(fix.days)), f"{fix.text} must plan"
    assert not _plans_with_all(specs, hard, by(fix.days - 1)), f"{fix.text}: one day less must not"
    alone = 0 if side == "min_days" else target["max_days"] + build(specs).horizon
    assert not _plans_with(specs, hard, fix.target, **{side: alone}), f"{fix.target} alone would plan: no joint fix needed"


@pytest.mark.slow  # hypothesis against brute force: tasks.py test runs it, -m "not slow" does not
@settings(max_examples=35, **SETTINGS)
@given(infeasible_problems)
@example([  # b at least 5 days after a, said twice; a window keeps b within 2 days: a joint fix
    {"kind": "gap", "id": f"g{i}", "cite": "T", "summary": "s", "before": "a", "after": "b", "min_days": 5,
     "counting": "calendar", "effective_after_days": 0, "source": "bylaw"} for i in (0, 1)] + [
    {"kind": "gap", "id": "tie-c", "cite": "T", "summary": "s", "before": "a", "after": "c", "max_days": 9},
    {"kind": "date_window", "id": "win", "cite": "T", "summary": "s", "event": "b",
     "not_before": (ANCHOR - timedelta(days=4)).isoformat(), "not_after": (ANCHOR + timedelta(days=2)).isoformat()}])
def test_fixes_are_least_relaxations(specs):
    p = build(specs)
    oracle = BruteForce(specs, p.calendar)
    hard = hard_ids(specs)
    prop = Propagator(p)
    why = explain_problem(p)
    assert why.status == "infeasible"
    members = {r for c in why.conflicts for r in c.rules}
    # A rule of a conflict with no fix by days cannot be relaxed into a plan
    # (the planner tries up to the horizon), and with no fix at all cannot
    # be waived either.  (Duplicated rules can leave no single-rule fix: they
    # get a joint one, checked below.)
    by_days = {f.target for f in why.fixes if f.kind in ("relax_rule", "move_date")}
    waived = {f.target for f in why.fixes if f.kind == "waive_rule"}
    specs_by_id = {s["id"]: s for s in specs}
    for rule in members - by_days:
        if _is_gap(specs_by_id, rule):
            # A gap is fixed in its own numbers only (rule_fixes): none of them plans.
            spec = specs_by_id[rule]
            if spec.get("min_days") is not None:
                assert not _plans_with(specs, hard, rule, min_days=0), f"{rule} with min_days 0 would plan: fix missing"
            if spec.get("max_days") is not None:
                wider = spec["max_days"] + p.horizon  # as far as the planner looks
                assert not _plans_with(specs, hard, rule, max_days=wider), f"{rule} with max_days {wider} would plan: fix missing"
            continue
        assert not oracle.verdict(hard, {rule: p.horizon}, prop), f"relaxing {rule} would plan: fix missing"
        if rule not in waived:
            assert not oracle.verdict([r for r in hard if r != rule], propagator=prop), f"waiving {rule} would plan: fix missing"
    for fix in why.fixes:
        assert fix.target in members, "fixes touch rules of the conflicts"
        if fix.together:
            assert fix.kind == "relax_rule" and _is_gap(specs_by_id, fix.target)
            _check_joint_fix(specs_by_id, specs, hard, fix)
        elif fix.kind == "relax_rule" and _is_gap(specs_by_id, fix.target):
            # The rewritten rule plans, and one step less does not.
            spec = specs_by_id[fix.target]
            field = "min_days" if spec.get("min_days") is not None and fix.value < spec["min_days"] else "max_days"
            tighter = fix.value + 1 if field == "min_days" else fix.value - 1
            assert _plans_with(specs, hard, fix.target, **{field: fix.value}), f"{fix.text} must plan"
            assert not _plans_with(specs, hard, fix.target, **{field: tighter}), f"{fix.target} {field} {tighter} must not"
        elif fix.kind in ("relax_rule", "move_date"):
            assert fix.kind == ("move_date" if fix.target in ("pin-a", "win") else "relax_rule")
            k = fix.days
            assert k is not None and k >= 1
            assert oracle.verdict(hard, {fix.target: k}, prop), f"{fix.target} relaxed by {k} days must plan"
            assert not oracle.verdict(hard, {fix.target: k - 1}, prop), f"{fix.target} relaxed by {k - 1} days must not"
        elif fix.kind == "waive_rule":
            assert oracle.verdict([r for r in hard if r != fix.target], propagator=prop), f"waiving {fix.target} must plan"
        else:
            pytest.fail(f"unexpected fix kind {fix.kind} (no facts in these problems)")


# 5. Hand-written scenarios --------------------------------------------------


def test_williams_infeasible_printing_conflict_and_fix():
    p = build_problem(INFEASIBLE)
    conflicts = minimal_conflicts(p, 3)
    assert [set(c) for c in conflicts] == [{"notice-window", "record-date-window", "printing-lead"}]
    why = planner.explain(INFEASIBLE)
    assert why.status == "infeasible"
    assert len(why.conflicts) == 1
    assert set(why.conflicts[0].rules) == {"notice-window", "record-date-window", "printing-lead"}
    assert why.conflicts[0].days_short == 5
    allowed = [f for f in why.fixes if f.allowed]
    assert allowed and allowed[0].target == "printing-lead" and allowed[0].kind == "relax_rule"
    # Legal rules are offered, but not allowed unless asked for.
    assert all(not f.allowed for f in why.fixes if f.source in ("statute", "bylaw"))


def test_williams_feasible_windows_hold_the_plan():
    p = build_problem(FEASIBLE)
    windows = event_windows(p)
    dates = planner.plan(FEASIBLE).dates()
    assert dates and set(dates) <= set(windows)
    for event, day in dates.items():
        earliest, latest = windows[event]
        assert earliest is None or earliest <= day, f"{event} {day} before its window {windows[event]}"
        assert latest is None or day <= latest, f"{event} {day} after its window {windows[event]}"
    # The bylaws fix the meeting day: its window is that one day.
    assert windows["meeting"][0] == windows["meeting"][1] == dates["meeting"]


# CLI ------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    return cli_run(*args, cwd=ROOT)  # in this process; tests/test_cli.py runs the real one


def test_cli_explain_infeasible_json():
    run = _cli("explain", str(INFEASIBLE.relative_to(ROOT)), "--format", "json")
    assert run.returncode == 1, run.stderr
    out = json.loads(run.stdout)
    assert out["status"] == "infeasible"
    first = out["conflicts"][0]
    assert set(first["rules"]) == {"notice-window", "record-date-window", "printing-lead"}
    assert first["days_short"] == 5
    assert isinstance(first["text"], str) and "5 days short" in first["text"]
    assert out["fixes"]
    for fix in out["fixes"]:
        assert {"kind", "target", "days", "text"} <= set(fix)
        assert fix["kind"] in ("move_date", "relax_rule", "change_fact", "waive_rule")
        assert isinstance(fix["text"], str) and fix["text"]
        assert fix["days"] is None or (isinstance(fix["days"], int) and fix["days"] >= 1)
    first_allowed = next(f for f in out["fixes"] if f["allowed"])
    assert (first_allowed["kind"], first_allowed["target"]) == ("relax_rule", "printing-lead")


def test_cli_explain_feasible_json():
    run = _cli("explain", str(FEASIBLE.relative_to(ROOT)), "--format", "json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["status"] == "feasible"
    assert out["conflicts"] == [] and out["fixes"] == []
    assert "meeting" in out["windows"]
    for event, (earliest, latest) in out["windows"].items():
        if earliest is not None and latest is not None:
            assert date.fromisoformat(earliest) <= date.fromisoformat(latest), event


def test_a_chain_with_no_dated_event_is_explained_in_its_own_numbers():
    """Notice and record date are each 10 to 60 days before the meeting, so
    at most 60 - 10 = 50 days apart; the printer's 55 is 5 days short.  No
    rule of the conflict dates any event: the text still reads the chain."""
    why = planner.explain(INFEASIBLE)
    first = why.conflicts[0]
    assert set(first.rules) == {"notice-window", "record-date-window", "printing-lead"} and first.days_short == 5
    assert "the others leave at most 50 days from record_date to notice" in first.text
    assert "needs at least 55: 5 days short" in first.text


def test_a_business_day_rules_shortfall_says_its_days_are_calendar_days():
    """The days short are calendar days added to the rule's bound, whatever
    it counts.  Natural Gas Services' mailing house wants 2 business days
    between printing and notice: "2 days short" would read as 2 business
    days, so the line says calendar days; the fix gives business days."""
    why = planner.explain(SCENARIOS / "natural-gas-services-infeasible-shares.yaml")
    first = why.conflicts[0]
    assert first.days_short == 2
    assert "(materials printed at least 2 business days before notice) is 2 calendar days short" in first.text
    assert any("26 business days" in fix.text for fix in why.fixes)


def test_a_month_limit_is_fixed_in_months():
    # a on 2027-01-15, b on 2027-04-20, b at most one month after a: three months are needed.
    p = problem([pin("a", date(2027, 1, 15)), pin("b", date(2027, 4, 20)),
                 rule("gap", "month", before="a", after="b", max_months=1, source="operational")], events=("a", "b"))
    fix = next(f for f in explain_problem(p).fixes if f.target == "month")
    assert fix.kind == "relax_rule" and fix.value == 4 and fix.days == 3
    assert fix.text == "allow as much as 4 months from a to b, not 1 (Art. T §1)"


# --- Rules that state the same limit: one fix for all of them -----------------------------


def _relaxed_replan(fix, **layers):
    """planner.plan of the Williams printing scenario with the fix's rules each
    giving its days on their minimum: a bylaw rule rewritten in the rulebook, a
    pack's rule dropped and restated (the same, relaxed) in the scenario."""
    import yaml

    book = yaml.safe_load((ROOT / "constraints" / "williams-natural-gas.yaml").read_text())
    data = yaml.safe_load(INFEASIBLE.read_text())
    pack_rules = {r["id"]: r for r in yaml.safe_load((ROOT / "constraints" / "packs" / "dgcl.yaml").read_text())["rules"]}
    drop = []
    for rid in (fix.target, *fix.together):
        own = next((r for r in book["rules"] if r["id"] == rid), None)
        if own is not None:
            own["min_days"] -= fix.days
        else:
            drop.append(rid)
            data["rules"].append({**pack_rules[rid], "id": f"{rid}-relaxed", "min_days": pack_rules[rid]["min_days"] - fix.days})
    from planner.verdicts.answers import plan_problem

    return plan_problem(build_problem(data, rulebook=book, drop=drop, reuse=False, **layers))


def test_a_bylaw_restating_its_statute_gets_one_fix_for_both():
    """Williams' Art. I §1.3 (notice 10 to 60 days before the meeting) is
    DGCL §222(b)'s limit: relaxing either alone plans nothing, so one fix
    names both, and with both relaxed by its days the scenario plans (one day
    less does not).  Without the pack the bylaw's own fix is unchanged."""
    why = planner.explain(INFEASIBLE, incorporation="DE", allow_legal=True)
    fix = next(f for f in why.fixes if f.target == "notice-window")
    assert fix.kind == "relax_rule" and fix.together == ["dgcl-222b-notice-window"]
    assert fix.days == 5 and fix.value == 5 and fix.allowed and fix.source == "bylaw"
    assert fix.text == ("allow as little as 5 days from notice to meeting, not 10 (Art. I §1.3); "
                        "DGCL §222(b) sets the same limit: both must allow as little as 5 days")
    assert fix.legal_route == ("every holder entitled to notice waives it in a signed writing (Art. VII §7.3); "
                               "none known: DGCL §222(b) is statutory")
    record = next(f for f in why.fixes if f.target == "record-date-window")
    assert record.together == ["dgcl-213a-record-date-window"] and record.value == 60 + record.days
    assert not any(f.target in ("dgcl-222b-notice-window", "dgcl-213a-record-date-window") for f in why.fixes), \
        "a rule of a joint fix is not offered again"
    # Sorted with the others by days: 5 (notice), 7 (printer), 7 (record date).
    assert [f.target for f in why.fixes if f.kind == "relax_rule"] == ["notice-window", "printing-lead", "record-date-window"]
    # It plans: every rule of the group relaxed by the days, the whole planner.
    assert _relaxed_replan(fix, incorporation="DE").status == "feasible"
    less = fix.model_copy(update={"days": fix.days - 1})
    assert _relaxed_replan(less, incorporation="DE").status == "infeasible"
    # Not allowed without --allow-legal: every rule of the group must be allowed.
    blocked = next(f for f in planner.explain(INFEASIBLE, incorporation="DE").fixes if f.target == "notice-window")
    assert not blocked.allowed and blocked.together == ["dgcl-222b-notice-window"]
    # Without the pack, the bylaw alone suffices: its single fix, as before.
    single = next(f for f in planner.explain(INFEASIBLE, allow_legal=True).fixes if f.target == "notice-window")
    assert single.together == [] and single.days == 5
    assert single.text == "allow as little as 5 days from notice to meeting, not 10 (Art. I §1.3)"
    assert _relaxed_replan(single).status == "feasible"


def test_a_joint_fix_on_the_command_line_and_in_json():
    path = str(INFEASIBLE.relative_to(ROOT))
    run = _cli("explain", path, "--incorporation", "DE", "--allow-legal")
    assert run.returncode == 1, run.stderr
    assert "DGCL §222(b) sets the same limit: both must allow as little as 5 days" in run.stdout
    run = _cli("explain", path, "--incorporation", "DE")
    assert "notice-window with dgcl-222b-notice-window by 5 days" in run.stdout
    run = _cli("explain", path, "--incorporation", "DE", "--format", "json")
    fixes = {f["target"]: f for f in json.loads(run.stdout)["fixes"]}
    assert fixes["notice-window"]["together"] == ["dgcl-222b-notice-window"]
    assert fixes["printing-lead"]["together"] == []


def _duplicated(stricter: int = 5, within: int = 2) -> list[dict]:
    """b at least 5 days after a (Art. B), said again by a statute (Art. S,
    maybe stricter), and a window that keeps b within `within` days of a."""
    last = date(2027, 3, 1) + timedelta(days=within)
    return [pin("a", date(2027, 3, 1)),
            {**rule("gap", "bylaw-gap", before="a", after="b", min_days=5, source="bylaw"), "cite": "Art. B"},
            {**rule("gap", "statute-gap", before="a", after="b", min_days=stricter, source="statute"), "cite": "Art. S"},
            rule("date_window", "win", event="b", not_before="2027-02-20", not_after=last.isoformat(), source="operational")]


def _joint(specs: list[dict]) -> list[tuple]:
    why = explain_problem(problem(specs, events=("a", "b")), allow_legal=True)
    return [(f.target, f.together, f.days, f.value, f.text) for f in why.fixes if f.together]


def test_rules_that_state_the_same_limit_give_way_together():
    assert _joint(_duplicated()) == [("bylaw-gap", ["statute-gap"], 3, 2, "allow as little as 2 days from a to b, not 5 "
                                      "(Art. B); Art. S sets the same limit: both must allow as little as 2 days")]
    why = explain_problem(problem(_duplicated(), events=("a", "b")))
    assert [f.allowed for f in why.fixes if f.together] == [False], "a statute in the group: allowed only with allow_legal"
    # A stricter restatement gives the same days with it: 8 - 4 = 4 days, 5 - 4 = 1.
    assert _joint(_duplicated(stricter=8, within=4)) == [(
        "bylaw-gap", ["statute-gap"], 4, 1, "allow as little as 1 days from a to b, not 5 (Art. B); Art. S sets the "
        "same limit or a stricter one: both must give 4 days (Art. S: as little as 4)")]
    # The same days cannot bring 8 down to 2 while 5 stays at 0 or more; and a looser
    # rule (the bylaw's 5 to the statute's 8) is not the same limit: no joint fix.
    assert _joint(_duplicated(stricter=8)) == []
    # Another part with no plan of its own (c and d, apart from a and b): the group's fix alone makes none.
    apart = [pin("c", date(2027, 3, 1)), rule("gap", "cd", before="c", after="d", min_days=5, source="operational"),
             rule("date_window", "win-d", event="d", not_before="2027-02-20", not_after="2027-03-03", source="operational")]
    why = explain_problem(problem(_duplicated() + apart, events=("a", "b", "c", "d")), allow_legal=True)
    assert why.status == "infeasible" and not any(f.together for f in why.fixes)
    # One rule alone suffices (a looser restatement does not bind): its single fix.
    why = explain_problem(problem(_duplicated(stricter=1), events=("a", "b")), allow_legal=True)
    assert not any(f.together for f in why.fixes)
    assert any(f.target == "bylaw-gap" and f.value == 2 for f in why.fixes)


# --- Past the time limit: what was settled, the verdict kept ----------------------------


def _timeout(*args, **kwargs):
    """What every look at the clock raises once the explanation's time is up."""
    raise PropagationTimeout("explanation passed its time limit")


def _clock_runs_out(monkeypatch, where: str, after: int | None = None) -> None:
    """The explanation's clock runs out in `where` (a function of
    planner.verdicts.explanations): at once, or, for one that yields its
    results, after the first `after` of them."""
    real = getattr(explanations, where)

    def yields_then_times_out(*args, **kwargs):
        for index, result in enumerate(real(*args, **kwargs)):
            if index == after:
                _timeout()
            yield result

    monkeypatch.setattr(explanations, where, _timeout if after is None else yields_then_times_out)


def test_an_explanation_stopped_while_counting_days_keeps_its_conflicts(monkeypatch):
    whole = explain_problem(build_problem(INFEASIBLE))
    _clock_runs_out(monkeypatch, "_describe_conflict")
    cut = explain_problem(build_problem(INFEASIBLE), time_limit_s=7)
    assert cut.status == "infeasible" and whole.stopped is None
    assert cut.stopped.startswith("stopped at its time limit of 7 s") and "more conflicts" in cut.stopped
    assert [c.rules for c in cut.conflicts] == [c.rules for c in whole.conflicts]  # each found whole
    assert all(c.days_short is None for c in cut.conflicts) and cut.fixes == []
    assert "These cannot all hold on any dates." in cut.conflicts[0].text


def test_an_explanation_stopped_while_finding_fixes_keeps_those_found(monkeypatch):
    whole = explain_problem(build_problem(INFEASIBLE))
    assert len(whole.fixes) > 1
    _clock_runs_out(monkeypatch, "_rule_fixes", after=1)
    cut = explain_problem(build_problem(INFEASIBLE))
    assert cut.conflicts == whole.conflicts  # described in full before the fixes
    assert len(cut.fixes) == 1 and cut.fixes[0] in whole.fixes and cut.stopped


def test_before_the_verdict_is_known_a_time_limit_is_no_answer(monkeypatch):
    _clock_runs_out(monkeypatch, "_conflicts")  # right after the rules were found not to hold: a verdict
    assert explain_problem(build_problem(INFEASIBLE)).stopped.endswith("no conflict was isolated yet")
    monkeypatch.setattr(explanations._Oracle, "feasible", _timeout)  # not even that known
    with pytest.raises(SolverTimeout, match="time limit"):
        explain_problem(build_problem(INFEASIBLE))
    # A plan knows its verdict already: it is kept, with what the explanation found (nothing here).
    plan = planner.plan(INFEASIBLE)
    assert plan.status == "infeasible" and plan.conflicts == [] and "time limit" in plan.explanation.stopped


def test_a_stopped_explanation_says_so_in_the_plan_and_on_the_command_line(monkeypatch):
    from planner.outputs.render import render_explanation, render_plan

    _clock_runs_out(monkeypatch, "_rule_fixes", after=1)
    plan = planner.plan(INFEASIBLE)
    assert plan.status == "infeasible" and plan.conflicts and plan.explanation.stopped
    text = render_plan(plan, "table")
    stop = text.index("explanation stopped at its time limit of 30 s")
    assert stop < text.index("conflict 1 (3 rules") < text.index("found before the time limit")
    assert "smallest fixes" not in text
    assert "stopped at its time limit" in render_explanation(plan.explanation, "json")


# --- Independent parts: each propagated on its own ------------------------------------------


def _two_companies(linked: bool):
    """Company 1 cannot plan (its record date must be 70 days out, its notice
    at most 60, after the record date); company 2 can.  `linked`: one fact
    the planner picks switches a rule of each, which makes them one part."""
    facts = {"method": {"values": ["mail", "courier"], "default": "mail"}} if linked else None
    when = {"when": {"method": "mail"}} if linked else {}
    rules = []
    for n, record in ((1, 70), (2, 20)):
        rules += [pin(f"meeting{n}", date(2027, 5, 12 + n)),
                  rule("gap", f"record{n}", before=f"record{n}", after=f"meeting{n}", min_days=record, max_days=80),
                  rule("gap", f"notice{n}", before=f"notice{n}", after=f"meeting{n}", min_days=10, max_days=60),
                  rule("gap", f"order{n}", before=f"record{n}", after=f"notice{n}", min_days=0, max_days=5),
                  rule("gap", f"list{n}", before=f"list{n}", after=f"meeting{n}", min_days=3, counting="business", **when)]
    events = [f"{e}{n}" for n in (1, 2) for e in ("meeting", "record", "notice", "list")]
    picked = {"method": "choose"} if linked else {}
    return build_problem(scenario(facts=picked, margin_cap_days=0), rulebook=rulebook(rules, events, facts))


@pytest.mark.parametrize("linked", [False, True])
def test_parts_checked_apart_explain_as_the_whole_does(monkeypatch, linked):
    from planner.engine import parts

    p = _two_companies(linked)
    part_of = parts.linked_parts(p)
    assert (part_of["meeting1"] == part_of["meeting2"]) == linked
    sizes = []
    real = Propagator.feasible

    def spy(self, rules, relax=None):
        rules = list(rules)
        sizes.append({part_of[p.rule(r).events()[0]] for r in rules})
        return real(self, rules, relax)

    monkeypatch.setattr(Propagator, "feasible", spy)
    apart = explain_problem(p, limit=3)
    assert apart.status == "infeasible" and {"record1", "order1", "notice1"} <= set(apart.conflicts[0].rules)
    assert all(len(seen) == 1 for seen in sizes), "each propagation is of one part"
    # One part for the whole problem: the oracle as it was, every rule propagated together.
    monkeypatch.setattr(parts, "_link", lambda problem: {event: "all" for event in problem.events})
    whole = explain_problem(_two_companies(linked), limit=3)
    assert apart == whole

