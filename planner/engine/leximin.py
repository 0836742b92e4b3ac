"""The plan objective: lexicographic max-min margins (leximin), reached by
the exact propagation, no solver.

A margin is the room a hard rule leaves on one of its limits, in the days
its compile() returns (planner.rules.base.RuleBase.keeps_margins): an Upper
bound's ``fn(x[source]) - x[target]``, a Unary's ``x - lo`` and ``hi - x``.
Wanting a margin of t days keeps a bound monotone (``x[target] <=
fn(x[source]) - t``, ``lo + t <= x <= hi - t``), so "can every margin be
at least t?" is one propagation, and the best plan is found by
progressive filling:

1. legal margins (statute, bylaw) first, then operational ones, each
   capped (the scenario's margin_cap_days; COMFORT_DAYS for a gap minimum
   whose earlier event has no earliest date or later one no latest); an
   implied order's margin never counts;
2. raise every free margin of the class together to the highest t the
   rules allow; a margin that cannot take t + 1 while the others keep t is
   blocked and frozen at t, one at its cap is frozen there; if none is
   blocked alone but not all fit at t + 1 (whole days shared: two margins
   with one odd day between them), they are raised to t + 1 one by one in
   the rules' order, each while it still fits, the rest frozen at t;
3. repeat until every margin is frozen.

The smallest margin is the greatest possible (tests/test_leximin.py checks
it, and the whole sorted vector, against enumerating every plan).  Then the
dates: a margin at its cap is kept from growing past it where the rules
allow (in the rules' order, a window's opening last), and each event takes
its latest day left: one plan, the lattice's top, the same on every run.

Facts the planner picks and preferences come before margins, as they did
in the weighted objective: the preferences of the largest total weight
that can hold (ties: keep the earlier ones), then the fact values whose
margins are best (ties: the first in stated order).  Events that no rule
or picked fact links plan apart (the leximin of independent parts is the
union of theirs), so a rulebook of many funds is many small problems.  A
part with more choices than CHOICE_LIMIT leaves the discrete choice (facts
and preferences) to CP-SAT, single worker, fixed seed, under its
deterministic work limit, so that the answer never depends on the clock.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from planner.engine.margins import LEGAL_SOURCES, worth_cap
from planner.engine.problem import bounded_sides
from planner.engine.memo import memo
from planner.engine.parts import linked_parts
from planner.engine.filling import Filling, Side
from planner.engine.propagation import BoundsContext, Propagator
from planner.rules.base import FactValue
from planner.rules.bounds import Unary, Upper

__all__ = [
    "CHOICE_LIMIT", "LeximinPlan", "leximin_plan", "margin_sides", "margin_vector", "RANDOM_SEED",
    "DETERMINISTIC_LIMIT", "forget_hints",
]

RANDOM_SEED = 20261126
# CP-SAT's own count of work (its "deterministic time", about seconds on a
# quiet machine), the same on every machine and under any load: a search
# stopped by it stops at the same point every time, so its answer does not
# depend on the clock.  The wall-clock limit only ever turns an answer into
# a timeout, never into other dates.
DETERMINISTIC_LIMIT = 3.0
# Fact assignments times preference subsets a part tries by propagation;
# past it, CP-SAT makes the discrete choice.
CHOICE_LIMIT = 256


def margin_sides(problem: Any, bounds: dict[str, list[Upper | Unary]]) -> list[Side]:
    """Every counted margin of the hard rules, in the rules' order."""
    sides, cap, out = bounded_sides(problem), problem.scenario.margin_cap_days, []
    for rule in problem.rules:
        # An implied order (record date before notice) is meaning, not a deadline.
        if rule.soft or rule.source == "implied" or not rule.keeps_margins():
            continue
        legal, count = rule.source in LEGAL_SOURCES, 0
        for index, bound in enumerate(bounds[rule.id]):
            ends = ["upper"] if isinstance(bound, Upper) else \
                [end for end, limit in (("lo", bound.lo), ("hi", bound.hi)) if limit is not None]
            for end in ends:
                out.append(Side(rule.id, index, end, legal, worth_cap(rule, count, sides, cap), bound))
                count += 1
    return out


@dataclass
class LeximinPlan:
    facts: dict[str, FactValue]  # a value for every fact the planner picks
    days: dict[str, int]  # day offsets from the problem's origin
    kept: list[str]  # preferences that hold
    levels: dict[Side, int]  # each margin of an applying rule, capped


def margin_vector(sides: Iterable[Side], days: dict[str, int], applying: set[str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The sorted capped legal and operational margins of a plan; a rule
    that does not apply counts at its cap (nothing to keep)."""
    legal, other = [], []
    for side in sides:
        value = min(side.margin(days), side.cap) if side.rule in applying else side.cap
        (legal if side.legal else other).append(value)
    return tuple(sorted(legal)), tuple(sorted(other))


class _Part:
    """Events that rules or picked facts link, with their rules and margins."""

    def __init__(self, events: list[str]):
        self.events, self.hard, self.soft, self.sides = events, [], [], []
        self.unconditional: list[str] = []  # the hard rules no picked fact switches off


def _parts(problem: Any, sides: list[Side]) -> list[_Part]:
    part_of = linked_parts(problem)
    parts: dict[str, _Part] = {}
    for event in problem.events:
        parts.setdefault(part_of[event], _Part([])).events.append(event)
    for rule in problem.rules:
        part = parts[part_of[rule.events()[0]]]
        (part.soft if rule.soft else part.hard).append(rule.id)
        if not rule.soft and not problem.conditions(rule):
            part.unconditional.append(rule.id)
    first = {rule.id: rule.events()[0] for rule in problem.rules}
    for side in sides:
        parts[part_of[first[side.rule]]].sides.append(side)
    return list(parts.values())


def _active(conditions: dict[str, list], rules: list[str], facts: dict[str, FactValue]) -> list[str]:
    """The rules that apply under these values of the picked facts."""
    return [r for r in rules if all(facts[f] in values for f, values in conditions[r])]


def _vectors(level: dict[Side, int], active: list[Side], idle: list[Side]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The sorted legal and operational margins; a rule that does not apply counts at its cap."""
    values = [(s.legal, level[s]) for s in active] + [(s.legal, s.cap) for s in idle]
    return (tuple(sorted(v for legal, v in values if legal)), tuple(sorted(v for legal, v in values if not legal)))


class _Candidate:
    """One assignment of the picked facts, propagated, its preferences chosen
    (kept between plans: each plan fills a copy of `search`)."""

    def __init__(self, index: int, facts: dict[str, FactValue], kept: list[str], weight: int,
                 search: Filling, active: list[Side], idle: list[Side]):
        self.index, self.facts, self.kept, self.weight = index, facts, kept, weight
        self.search, self.active, self.idle = search, active, idle  # search: propagated, never filled itself
        # The levels its last filling found, tried first by the next one
        # (Filling.highest): a warm plan proves each level in two trials.
        # Replaced whole, never edited: another thread's plan reads the old
        # list or the new, and any hints give the same answer.
        self.hints: list[int] = []

    @functools.cached_property
    def most(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The best margins any plan of it could still give: no margin
        passes its reach or its cap, and filling only tightens."""
        return _vectors({s: self.search.reach(s) for s in self.active}, self.active, self.idle)


@dataclass
class _Choice:
    weight: int
    vector: tuple
    facts: dict[str, FactValue]
    kept: list[str]
    days: dict[str, int]
    levels: dict[Side, int]


def _subsets(soft: list[str], weights: dict[str, int]) -> list[list[str]]:
    """Preference sets, the heaviest first; among equal weights, the one
    keeping the earlier preferences."""
    options = [[r for r, keep in zip(soft, mask) if keep] for mask in itertools.product((True, False), repeat=len(soft))]
    return sorted(options, key=lambda kept: -sum(weights[r] for r in kept))  # stable: product order breaks ties


def _prepare(part: _Part, conditions: dict[str, list], bounds: dict, weights: dict[str, int], template: Filling,
             assignments: list[dict[str, FactValue]], forced: list[str] | None,
             deadline: float | None) -> list[_Candidate]:
    """Each fact assignment that allows a plan, its hard rules propagated
    and its preferences chosen, ready to fill (the same on every plan of a
    problem: planner.engine.leximin keeps them and fills copies)."""
    template_rules = set(part.unconditional)
    # The rules every assignment keeps are propagated once; each assignment
    # starts from a copy of that fixpoint (the fixpoint itself if alone)
    # and adds its own.
    actives = [_active(conditions, part.hard, facts) for facts in assignments]
    common = [r for r in part.hard if all(r in active for active in actives)]
    base = template.copy(deadline)
    for rule in common:
        if rule not in template_rules:
            base.impose(rule, bounds[rule])
    if not base.fix.settle():
        return []
    base.fix.commit()
    candidates: list[_Candidate] = []
    for index, (facts, hard) in enumerate(zip(assignments, actives)):
        soft = _active(conditions, part.soft, facts)
        own = [rule for rule in hard if rule not in common]
        search = base.copy(deadline) if len(assignments) > 1 else base
        for rule in own:
            search.impose(rule, bounds[rule])
        if own and not search.fix.settle():
            continue
        search.fix.commit()
        kept: list[str] = []
        # The solver's pick (those of its preferences that apply), or every set.
        options = _subsets(soft, weights) if forced is None else [[r for r in soft if r in forced], []]
        for option in options:
            if not option:
                break  # no preference kept: it always holds, the hard rules hold already
            search.fix.begin()
            for rule in option:
                search.impose(rule, bounds[rule])
            if search.fix.settle():
                search.fix.commit()
                kept = option
                break
            search.fix.rollback()
        applying = set(hard)
        active = [s for s in part.sides if s.rule in applying]
        idle = [s for s in part.sides if s.rule not in applying]
        candidate = _Candidate(index, facts, kept, sum(weights[r] for r in kept), search, active, idle)
        candidate.most  # noqa: B018 -- computed before any filling, from the propagated rules alone
        candidates.append(candidate)
    return candidates


def _plan_part(prepared: list[_Candidate], deadline: float | None) -> _Choice | None:
    """The best plan of one part, each prepared candidate filled on its own
    copy (the prepared ones stay as they are, for the next plan)."""
    # The most promising first (heaviest preferences, then the best margins
    # any plan could still give), so that the others stop early; ties still
    # go to the earlier assignment in stated order, as if tried in order.
    best: _Candidate | None = None
    best_search, best_level, best_vector = None, {}, ()
    ordered = sorted(prepared, key=lambda c: (c.weight, c.most, -c.index), reverse=True) if len(prepared) > 1 else prepared
    for candidate in ordered:
        if best is not None and ((candidate.weight, candidate.most) < (best.weight, best_vector) or (
                (candidate.weight, candidate.most) == (best.weight, best_vector) and candidate.index > best.index)):
            continue  # cannot beat it
        # A heavier set of preferences wins whatever its margins; at equal
        # weight, margins sure not to beat the best so far stop early.
        bar = best_vector if best is not None and candidate.weight == best.weight else None
        search = candidate.search.copy(deadline)
        level = search.fill(candidate.active, bar, candidate.idle, strict=best is not None and candidate.index > best.index,
                            hints=candidate.hints)
        candidate.hints = search.levels_found
        if level is None:
            continue
        vector = _vectors(level, candidate.active, candidate.idle)
        if best is None or (candidate.weight, vector, -candidate.index) > (best.weight, best_vector, -best.index):
            best, best_search, best_level, best_vector = candidate, search, level, vector
    if best is None:
        return None
    days = best_search.settle_dates(best.active, best_level)
    return _Choice(best.weight, best_vector, best.facts, best.kept, days, best_level)


def _solver_choice(problem: Any) -> tuple[dict[str, FactValue], list[str]] | None:
    """Facts and preferences by CP-SAT: the heaviest preferences that hold
    with every hard rule.  Single worker, fixed seed and a deterministic
    work limit: the same answer on every run and machine."""
    from ortools.sat.python import cp_model

    from planner.engine.compiler import compile_problem

    compiled = compile_problem(problem, objective=False)
    for literal in compiled.rule_literals.values():
        compiled.model.add(literal == 1)
    weights = {r.id: r.weight for r in problem.rules if r.soft}
    compiled.model.maximize(sum(w * compiled.preference_literals[r] for r, w in weights.items()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.max_deterministic_time = DETERMINISTIC_LIMIT
    status = solver.solve(compiled.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    facts = {f: next(v for v, lit in options.items() if solver.boolean_value(lit))
             for f, options in compiled.choice_literals.items()}
    kept = [r for r, lit in compiled.preference_literals.items() if solver.boolean_value(lit)]
    return facts, kept


def _layout(problem: Any, prop: Propagator) -> tuple:
    """Every rule's bounds (preferences too), the preferences' weights, the
    independent parts, each part's fact assignments, a filling with its
    unconditional rules imposed on the frame (not yet propagated) and each
    rule's picked-fact conditions: the same on every plan of a problem
    (read only; plans copy the filling)."""
    bounds: dict[str, list] = dict(prop.bounds)
    for rule in problem.rules:
        if rule.soft:
            bounds[rule.id] = rule.bounds(BoundsContext(problem, problem.days_for(rule)))
    weights = {r.id: r.weight for r in problem.rules if r.soft}
    parts = _parts(problem, margin_sides(problem, prop.bounds))
    options = [_distinct(prop, part, bounds, weights) for part in parts]
    templates = []
    for part in parts:
        # The rules that hold under every fact value, imposed on the frame
        # and not yet propagated: each plan starts from a copy.
        template = Filling({e: problem.ranges[e] for e in part.events}, None)
        for rule in part.unconditional:
            template.impose(rule, bounds[rule])
        templates.append(template)
    # Each part's prepared candidates, made by the first plan that needs
    # them (under its deadline) and kept: they depend on the problem alone.
    ready: dict[int, list[_Candidate]] = {}
    return bounds, weights, parts, options, templates, prop.conditions, ready


def _distinct(prop: Propagator, part: _Part, bounds: dict[str, list], weights: dict[str, int]) -> list[dict]:
    """The part's fact assignments, less those whose rules say the same as
    an earlier one's (two notice methods with the same lead, stated as two
    rules): such a one has the same plans and margins, so it ties and the
    earlier keeps the plan; filling it would only cost time."""
    sides: dict[str, list[tuple]] = {}
    for side in part.sides:
        sides.setdefault(side.rule, []).append((side.index, side.end, side.legal, side.cap))
    seen, out = set(), []
    for facts in prop._assignments(part.hard + part.soft):
        hard, soft = _active(prop.conditions, part.hard, facts), _active(prop.conditions, part.soft, facts)
        said = (frozenset(Counter((_said(bounds[r]), tuple(sides.get(r, ()))) for r in hard).items()),
                frozenset(Counter((_said(bounds[r]), weights[r]) for r in soft).items()))
        if said not in seen:
            seen.add(said)
            out.append(facts)
    return out


def _said(bounds: list[Upper | Unary]) -> tuple:
    """What a rule's bounds say, comparable across rules: a plain
    difference of days by its offset, a business-day count or an allowed-
    day test only as itself (two of those are never taken as the same)."""
    out = []
    for b in bounds:
        if isinstance(b, Upper):
            out.append(("upper", b.source, b.target, b.fn(0) if b.shift_invariant else id(b)))
        else:
            out.append(("unary", b.event, b.lo, b.hi, None if b.allowed is None else id(b)))
    return tuple(out)


def _kept_layout(problem: Any) -> tuple:
    """_layout, made once per problem (planner.engine.memo)."""
    return memo(problem, "leximin", lambda p: _layout(p, Propagator(p, frame=p.ranges)))


def forget_hints(problem: Any) -> None:
    """Let the next plan of `problem` search every level afresh, as its
    first plan did (bench/propagation_ratio.py times both)."""
    for prepared in _kept_layout(problem)[6].values():
        for candidate in prepared:
            candidate.hints = []


def leximin_plan(problem: Any, deadline: float | None = None) -> LeximinPlan | None:
    """The plan of lexicographic max-min margins, or None if no plan exists.
    `deadline` (time.monotonic()) only ever raises PropagationTimeout."""
    layout = _kept_layout(problem)
    bounds, weights, parts, options, templates, conditions, ready = layout
    solver_pick = None
    if any(len(o) * 2 ** len(p.soft) > CHOICE_LIMIT for o, p in zip(options, parts)):
        solver_pick = _solver_choice(problem)
        if solver_pick is None:
            # No answer within CP-SAT's work limit (the same on every run):
            # the first facts in stated order that allow a plan, no preference.
            prop = Propagator(problem, frame=problem.ranges, deadline=deadline)
            first = prop.latest_plan(list(prop.bounds))
            if first is None:
                return None
            solver_pick = (first[0], [])
    facts = {name: values[0] for name, values in problem.choices.items()}
    days, kept, levels = {}, [], {}
    for number, (part, assignments, template) in enumerate(zip(parts, options, templates)):
        if solver_pick is None:
            prepared = ready.get(number)
            if prepared is None:
                prepared = ready.setdefault(number, _prepare(part, conditions, bounds, weights, template, assignments,
                                                             None, deadline))
        else:
            names = sorted({f for r in part.hard + part.soft for f, _ in conditions[r]})
            prepared = _prepare(part, conditions, bounds, weights, template, [{n: solver_pick[0][n] for n in names}],
                                solver_pick[1], deadline)
        choice = _plan_part(prepared, deadline)
        if choice is None:
            return None
        facts |= choice.facts
        days |= choice.days
        kept += choice.kept
        levels |= choice.levels
    return LeximinPlan(facts, days, kept, levels)
