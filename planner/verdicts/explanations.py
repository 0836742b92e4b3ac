"""Why no calendar exists, and the smallest change that makes one.

Feasibility of any set of rules is decided by exact monotone propagation
(planner.engine.propagation), a fraction of a millisecond a check, where a CP-SAT
solve with assumption literals costs milliseconds; the tests hold the two,
and a brute-force oracle, to the same answers.

* Minimal conflicts: a set of rules that cannot all hold while every
  smaller set can, the one a deletion pass leaves (found by QuickXplain).
  Legal rules are tried for deletion first, so a conflict blames
  operational rules where it has the choice.
* Several conflicts: each new one must avoid a hitting set of those found,
  so every independent reason shows up.
* Days short: the fewest days one rule of the conflict must give for the
  rest to hold (binary search over a relaxation of that rule).
* Fixes: for each rule of a conflict, the fewest days it must give for the
  whole scenario to plan; where it cannot alone because other rules state
  the same limit (bylaws restating their statute), the fewest days all of
  them must give together (one fix naming the others, `Fix.together`);
  other values of the facts the conflict hangs on.
* Windows: for a feasible scenario, each event's earliest and latest date
  with every rule holding (None: no limit that way).

Past its time limit, an explanation of a scenario known to have no plan
gives what it has settled (`Explanation.stopped` says so): each conflict
given is irreducible and each fix holds, but there may be more of them.
The verdict never waits on the explanation.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.law.findings import Finding
from planner.engine.parts import linked_parts
from planner.engine.problem import Problem
from planner.engine.propagation import INF, PropagationTimeout, Propagator
from planner.verdicts.rule_fixes import gap_fix, joint_gap_fix
from planner.verdicts.solve import SolverTimeout
from planner.rules import RuleBase
from planner.rules.base import FactValue, RuleSource

__all__ = [
    "Conflict", "Fix", "Explanation", "explain_problem", "minimal_conflicts", "event_windows", "EXPLAIN_TIME_LIMIT_S",
]

# The HTTP service's request limit: an explanation never runs longer.
EXPLAIN_TIME_LIMIT_S = 30.0

# Deletion tries these first, so what remains in a conflict is, where there
# is a choice, the operational rules and preferences.
_DELETE_FIRST = {"implied": 0, "statute": 0, "bylaw": 1, "operational": 2, "preference": 3}
_MAX_CHECKS = 2000


class Conflict(BaseModel):
    model_config = ConfigDict(frozen=True)

    rules: list[str]
    cites: list[str]
    days_short: int | None = Field(None, description=(
        "The fewest calendar days one rule of the conflict must give, added to its bound (for a business-day "
        "rule too); none if not countable in days."))
    text: str


class Fix(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["move_date", "relax_rule", "change_fact", "waive_rule"]
    target: str = Field(description="Rule id, or fact name for change_fact.")
    days: int | None = None
    value: FactValue | None = Field(
        None, description="The fact's new value, for change_fact; a gap rule's new min_days or max_days, for its relax_rule.")
    source: RuleSource | Literal["fact"]
    allowed: bool = Field(description="False for statute and bylaw rules unless legal fixes were allowed.")
    legal_route: str | None = None
    together: list[str] = Field(default_factory=list, description=(
        "Other rules that state the same limit as the target (a bylaw restating its statute): relaxing the target "
        "alone makes no plan, so each of them gives the same days with it. Empty for a fix of one rule."))
    text: str


class Explanation(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Literal["feasible", "infeasible"]
    scenario: str
    conflicts: list[Conflict] = Field(default_factory=list)
    fixes: list[Fix] = Field(default_factory=list)
    windows: dict[str, tuple[date | None, date | None]] = Field(
        default_factory=dict, description="Event id: earliest and latest date (null: no limit that way)."
    )
    binding: list[str] = Field(default_factory=list, description="Rules with no margin in the plan.")
    findings: list[Finding] = Field(
        default_factory=list, description="Where a bylaw is looser than a pack's law (statute, SEC, exchange), found before planning.",
    )
    stopped: str | None = Field(None, description=(
        "Why the explanation is incomplete: it reached its time limit. Each conflict given is irreducible and each "
        "fix makes a plan, but there may be more conflicts and smaller fixes. Null when complete."))


class _Oracle:
    """Feasibility checks of sets of hard rules, counted.

    The rules of independent parts (planner.engine.parts) share no event
    and no fact the planner picks, so a set holds exactly when each part's
    share of it does; each share is propagated once, over its own part.  A
    conflict search changes one part at a time: in a rulebook of many funds
    the others are answered from what is known, and the one that changed is
    propagated without the rest (an infeasible 1,000-event fund complex
    propagated every fund for every check)."""

    def __init__(self, problem: Problem, deadline: float | None = None):
        self.propagator = Propagator(problem, deadline=deadline)
        self.hard = list(self.propagator.bounds)
        self.checks = 0
        self.deadline = deadline
        part_of = linked_parts(problem)
        self._part = {rule.id: part_of[rule.events()[0]] for rule in problem.rules}
        self._known: dict[tuple, bool] = {}

    def feasible(self, rules: Iterable[str], relax: dict[str, int] | None = None) -> bool:
        self.checks += 1
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise PropagationTimeout("explanation passed its time limit")
        shares: dict[str, list[str]] = {}
        for rule in rules:
            shares.setdefault(self._part[rule], []).append(rule)
        relax = relax or {}
        for share in shares.values():
            eased = {rule: relax[rule] for rule in share if relax.get(rule)}
            key = (frozenset(share), frozenset(eased.items()))
            holds = self._known.get(key)
            if holds is None:
                if len(self._known) >= _KNOWN_MOST:
                    self._known.clear()  # a long search keeps a bounded memory
                holds = self._known[key] = self.propagator.feasible(share, eased)
            if not holds:
                return False
        return True

    def share(self, rule: str) -> list[str]:
        """The hard rules of `rule`'s part."""
        part = self._part[rule]
        return [r for r in self.hard if self._part[r] == part]


_KNOWN_MOST = 20_000  # parts' shares whose verdict an oracle keeps


def _shrink(oracle: _Oracle, rules: list[str], order: dict[str, tuple]) -> list[str]:
    """The irreducible subset of `rules` (which cannot all hold) that the
    deletion pass leaves: each rule, in `order`, dropped if the rest still
    cannot hold.

    Found by QuickXplain (Junker, AAAI 2004) in some 2k log(n/k) checks for
    a conflict of k of n rules, where the deletion pass took n, most of them
    sets that cannot hold, each a walk across the search frame.  The answer
    is the same: deleting in `order` keeps the rules that adding them in
    the reverse order would need (the first rule with which the latest ones
    cannot hold, and so on down), which is the conflict QuickXplain prefers
    when the rules are ranked that way (tests/test_explanations.py holds it
    to the deletion pass)."""
    ranked = sorted(rules, key=order.__getitem__, reverse=True)  # the last to delete are the first wanted
    return sorted(_quickxplain(oracle, [], ranked, check=False), key=order.__getitem__)


def _quickxplain(oracle: _Oracle, held: list[str], ranked: list[str], check: bool) -> list[str]:
    """The preferred conflict among `ranked` given the rules `held` (which
    hold together, with the rest of `ranked` not): none needed if `held`
    alone cannot hold (`check`: asked only when `held` just grew)."""
    if check and not oracle.feasible(held):
        return []
    if len(ranked) == 1:
        return list(ranked)
    first, second = ranked[: len(ranked) // 2], ranked[len(ranked) // 2:]
    later = _quickxplain(oracle, held + first, second, check=True)
    return _quickxplain(oracle, held + later, first, check=bool(later)) + later


def minimal_conflicts(problem: Problem, limit: int = 3, *, oracle: _Oracle | None = None) -> list[list[str]]:
    """Up to `limit` distinct irreducible sets of hard rules that cannot all hold."""
    oracle = oracle or _Oracle(problem)
    return [] if oracle.feasible(oracle.hard) else _conflicts(problem, oracle, limit, [])


def _conflicts(problem: Problem, oracle: _Oracle, limit: int, found: list[list[str]]) -> list[list[str]]:
    """minimal_conflicts() of hard rules known not to hold together, each
    appended to `found` once irreducible (what a time limit leaves)."""
    hard = oracle.hard
    # Within each class, rules that date an event go last: while one is in
    # the set, a conflict shows at once; without any, the bounds must cross
    # the whole search frame (measured: most of the time of a deletion pass).
    order = {r.id: (_DELETE_FIRST[r.source], bool(r.date_exprs()), i) for i, r in enumerate(problem.rules)}
    found.append(_shrink(oracle, hard, order))
    while len(found) < limit and oracle.checks < _MAX_CHECKS:
        members = sorted({r for c in found for r in c}, key=order.__getitem__)
        new = None
        for size in range(1, min(len(found), 3) + 1):
            for removed in itertools.combinations(members, size):
                if oracle.checks >= _MAX_CHECKS or not all(set(removed) & set(c) for c in found):
                    continue
                rest = [r for r in hard if r not in removed]
                if not oracle.feasible(rest):
                    new = _shrink(oracle, rest, order)
                    break
            if new:
                break
        if not new or new in found:
            break
        found.append(new)
    return found


_GALLOP_ABOVE = 16  # days: below, halving alone takes no more checks


def _least_relaxation(oracle: _Oracle, rule: str, rules: list[str], most: int | None = None) -> int | None:
    """Fewest days `rule` must give for `rules` (which include it) to hold;
    None if no number of days is enough (with `most`: if more than `most`
    days are needed)."""
    high = oracle.propagator.problem.horizon if most is None else most
    if not oracle.feasible(rules, {rule: high}):
        return None
    # Up from one day, doubling, when the bound is far (the days short are
    # most often a few, the horizon hundreds); then halving what is left.
    low, step = 0, 1
    while high > _GALLOP_ABOVE and step < high and not oracle.feasible(rules, {rule: step}):
        low, step = step + 1, step * 2
    high = min(step, high) if high > _GALLOP_ABOVE else high
    while low < high:
        mid = (low + high) // 2
        if oracle.feasible(rules, {rule: mid}):
            high = mid
        else:
            low = mid + 1
    return low


def _witness(oracle: _Oracle, rules: list[str], relax: dict[str, int]) -> dict[str, date]:
    """Dates of the latest plan with the relaxation (events with a limit).

    A chain with no dated event (notice, record date and meeting tied only to
    each other) has no latest plan; one shifted to a fixed day shows the same
    differences, which is all a shortfall reads."""
    windows = oracle.propagator.windows(rules, relax) or {}
    origin = oracle.propagator.problem.origin
    dates = {e: origin + timedelta(days=hi) for e, (lo, hi) in windows.items() if abs(hi) < INF}
    if len(dates) < len(windows):
        shifted = oracle.propagator.example(rules, relax) or {}
        unbounded = [e for e in windows if e not in dates]
        if all(e in shifted for e in unbounded) and not dates:
            dates = {e: origin + timedelta(days=d) for e, d in shifted.items()}
    return dates


def _requirement(problem: Problem, rule: RuleBase) -> str:
    text = f"{rule.cite} requires {rule.describe()}"
    dated = [problem.resolve(e) for e in rule.date_exprs()]
    if dated:
        text += " (" + ", ".join(f"{d:%a %Y-%m-%d}" for d in dated) + ")"
    return text


def _shortfall(problem: Problem, rule: RuleBase, dates: dict[str, date], days: int) -> str:
    """How the relaxed plan breaks `rule`, in the rule's own numbers."""
    kind = rule.kind
    if kind == "gap" and rule.counting == "calendar" and not rule.effective_after_days:
        diff = (dates[rule.after] - dates[rule.before]).days
        if rule.max_days is not None and diff > rule.max_days:
            return (f"the others need {diff} days from {rule.before} to {rule.after}; "
                    f"{rule.cite} allows at most {rule.max_days}: {days} days short")
        if rule.min_days is not None and diff < rule.min_days:
            return (f"the others leave at most {diff} days from {rule.before} to {rule.after}; "
                    f"{rule.cite} needs at least {rule.min_days}: {days} days short")
    if kind in ("on_date", "date_window"):
        event = rule.events()[0]
        return f"the others put {event} on {dates[event]:%a %Y-%m-%d}; {rule.cite} ({rule.describe()}) is {days} days off"
    return _days_short(rule, days)


def _days_short(rule: RuleBase, days: int) -> str:
    """The generic shortfall line.  The days are always calendar days added
    to the rule's bound; said so for a rule that counts business days, whose
    reader would otherwise take them as its own unit (the fixes give that)."""
    unit = "calendar days" if getattr(rule, "counting", None) == "business" else "days"
    return f"{rule.cite} ({rule.describe()}) is {days} {unit} short"


def _describe_conflict(problem: Problem, oracle: _Oracle, rules: list[str]) -> Conflict:
    specs = [problem.rule(r) for r in rules]
    parts = [_requirement(problem, s) for s in specs]
    # The rule that gives the fewest days, legal rules last when tied (then
    # by id).  Searched in that tie order, so that each rule after the first
    # must give fewer days than the best so far to win, and its search stops
    # there: checks of sets that cannot hold, each a walk across the search
    # frame, were most of an explanation's time.
    best: tuple[int, str] | None = None  # (days, rule): a later rule only wins with fewer days
    for r in sorted(rules, key=lambda r: (-_DELETE_FIRST[problem.rule(r).source], r)):
        most = best[0] - 1 if best else None
        if most == 0:
            break  # every rule of a conflict gives at least a day: none can beat one
        days = _least_relaxation(oracle, r, rules, most=most)
        if days is not None:
            best = (days, r)
    if best is None:
        return _uncounted(problem, rules)
    days, rid = best
    dates = _witness(oracle, rules, {rid: days})
    rule = problem.rule(rid)
    if all(e in dates for e in rule.events()):
        broken = _shortfall(problem, rule, dates, days)
    else:
        broken = _days_short(rule, days)
    text = "; ".join(parts) + ". Together: " + broken + "."
    return Conflict(rules=rules, cites=[s.cite for s in specs], days_short=days, text=text)


def _uncounted(problem: Problem, rules: list[str]) -> Conflict:
    """A conflict with no days short: none countable, or not counted in time."""
    specs = [problem.rule(r) for r in rules]
    return Conflict(rules=rules, cites=[s.cite for s in specs], days_short=None,
                    text="; ".join(_requirement(problem, s) for s in specs) + ". These cannot all hold on any dates.")


def _legal_route(problem: Problem, rule: RuleBase) -> str:
    if rule.relief:
        return rule.relief
    if rule.source == "bylaw":
        return f"amend the bylaws ({rule.cite}) before the dates it governs"
    kind = {"securities": "an SEC rule", "exchange": "an exchange rule"}.get(problem.layer(rule), "statutory")
    return f"none known: {rule.cite} is {kind}"


def _joint_fix(problem: Problem, oracle: _Oracle, rule: RuleBase, rule_ids: list[str], allow_legal: bool,
               joined: set[str]) -> Fix | None:
    """The fix of gap `rule` together with the rules that state the same
    limit, when it has none alone (rule_fixes.joint_gap_fix), each rule of
    the group once: the rules of the conflicts first, in their order.  Allowed
    only if every rule of the group may give way."""
    if rule.kind != "gap" or rule.id in joined:
        return None
    share = oracle.share(rule.id)
    # The group is searched inside its own part: the fix makes a plan only if every other part holds.
    part = set(share)
    if not oracle.feasible([r for r in oracle.hard if r not in part]):
        return None
    order = {r: i for i, r in enumerate([*rule_ids, *(r for r in share if r not in rule_ids)])}
    candidates = [problem.rule(r) for r in sorted(share, key=order.__getitem__) if r not in joined]
    found = joint_gap_fix(problem, oracle.propagator, rule, share, candidates)
    if found is None:
        return None
    group = [problem.rule(r) for r in (rule.id, *found.together)]
    joined.update(r.id for r in group)
    legal = [r for r in group if r.source in ("statute", "bylaw")]
    routes = list(dict.fromkeys(_legal_route(problem, r) for r in legal))
    return Fix(kind="relax_rule", target=rule.id, days=found.days, value=found.value, source=rule.source,
               allowed=allow_legal or not legal, legal_route="; ".join(routes) or None,
               together=list(found.together), text=found.text)


def _rule_fixes(problem: Problem, oracle: _Oracle, rule_ids: list[str], allow_legal: bool) -> Iterator[Fix]:
    """Each fix as soon as it is found (a time limit keeps those found)."""
    joined: set[str] = set()  # rules already in a joint fix (_joint_fix)
    for rid in rule_ids:
        rule = problem.rule(rid)
        if rule.source == "implied":
            continue  # what the events mean cannot give way
        legal = rule.source in ("statute", "bylaw")
        allowed = allow_legal or not legal
        route = _legal_route(problem, rule) if legal else None
        days = _least_relaxation(oracle, rid, oracle.hard)
        if days is None:  # not countable in days (a business-day rule): waive it?
            if oracle.feasible([r for r in oracle.hard if r != rid]):
                yield Fix(kind="waive_rule", target=rid, source=rule.source, allowed=allowed, legal_route=route,
                          text=f"waive {rule.describe()} ({rule.cite})")
            elif (joint := _joint_fix(problem, oracle, rule, rule_ids, allow_legal, joined)) is not None:
                yield joint  # another rule states the same limit: alone, neither can give way
            continue
        # The rule giving `days` makes every part hold, so the other parts hold
        # as they are: what it must give is settled inside its own part.
        share = oracle.share(rid)
        if rule.kind in ("on_date", "date_window"):
            event = rule.events()[0]
            window = (oracle.propagator.windows(share, {rid: days}) or {}).get(event)
            target = problem.resolve(rule.date_exprs()[0])
            options = [problem.origin + timedelta(days=d) for d in (window or ()) if abs(d) < INF]
            moved = min(options, key=lambda d: abs((d - target).days)) if options else None
            where = f" to {moved:%a %Y-%m-%d}" if moved else ""
            yield Fix(kind="move_date", target=rid, days=days, source=rule.source, allowed=allowed, legal_route=route,
                      text=f"move {event}{where}, {days} days from what {rule.cite} sets")
        elif rule.kind == "gap":
            # In the rule's own number and unit, and only if the rewritten rule plans (planner.verdicts.rule_fixes).
            found = gap_fix(problem, oracle.propagator, rule, share)
            if found is not None:
                yield Fix(kind="relax_rule", target=rid, days=found.days, value=found.value, source=rule.source,
                          allowed=allowed, legal_route=route, text=found.text)
            elif (joint := _joint_fix(problem, oracle, rule, rule_ids, allow_legal, joined)) is not None:
                yield joint
        else:
            yield Fix(kind="relax_rule", target=rid, days=days, source=rule.source, allowed=allowed, legal_route=route,
                      text=f"let {rule.describe()} give {days} days ({rule.cite})")


def _fact_fixes(problem: Problem, conflicts: list[list[str]], rebuild, deadline: float | None = None) -> Iterator[Fix]:
    """Other values of the facts the conflicts hang on that make a plan, each as found."""
    facts = {
        f for c in conflicts for r in c for f in problem.rule(r).when
        if f in problem.facts and problem.fact_specs[f].option
    }
    for fact in sorted(facts):
        spec = problem.fact_specs[fact]
        for value in spec.values:
            if value == problem.facts[fact]:
                continue
            try:
                other = rebuild({fact: value})
            except Exception:  # a value this scenario cannot take (e.g. an event it lacks)
                continue
            check = _Oracle(other, deadline)
            if check.feasible(check.hard):
                yield Fix(kind="change_fact", target=fact, value=value, source="fact", allowed=True,
                          text=f"set {fact} to {value}" + (f" ({spec.doc})" if spec.doc else ""))


def event_windows(problem: Problem, oracle: _Oracle | None = None) -> dict[str, tuple[date | None, date | None]]:
    """Earliest and latest date of each event with every hard rule holding."""
    oracle = oracle or _Oracle(problem)
    found = oracle.propagator.windows(oracle.hard) or {}
    as_date = lambda d: problem.origin + timedelta(days=d) if abs(d) < INF else None
    return {e: (as_date(lo), as_date(hi)) for e, (lo, hi) in found.items()}


def explain_problem(problem: Problem, *, limit: int = 3, allow_legal: bool = False, rebuild=None,
                    time_limit_s: float = EXPLAIN_TIME_LIMIT_S, infeasible: bool = False) -> Explanation:
    """Conflicts and fixes for an infeasible problem, windows for a feasible
    one (every propagation and every feasibility check looks at the clock).
    Past `time_limit_s` seconds: what was settled, with `stopped` saying so,
    once the problem is known to have no plan (`infeasible`: the caller
    knows it already); SolverTimeout if that was not yet known."""
    deadline = time.monotonic() + time_limit_s
    so_far = _SoFar(infeasible)
    try:
        return _explain(problem, limit, allow_legal, rebuild, deadline, so_far)
    except PropagationTimeout:
        if not so_far.infeasible:
            raise SolverTimeout(f"no explanation within the time limit of {time_limit_s:g} s") from None
        return so_far.answer(problem, stopped=time_limit_s)


@dataclass
class _SoFar:
    """What an explanation has settled, kept should its time run out."""

    infeasible: bool  # the hard rules are known not to hold together
    conflicts: list[list[str]] = field(default_factory=list)  # each irreducible
    described: list[Conflict] = field(default_factory=list)  # the first of them, with their days short
    fixes: list[Fix] = field(default_factory=list)  # each makes a plan

    def answer(self, problem: Problem, stopped: float | None = None) -> Explanation:
        """The explanation; `stopped`: the time limit it reached, in seconds."""
        conflicts = self.described + [_uncounted(problem, c) for c in self.conflicts[len(self.described):]]
        fixes = sorted(self.fixes, key=lambda f: (not f.allowed, f.days is None, f.days or 0, f.kind, f.target))
        why = None
        if stopped is not None:
            found = ("each conflict given cannot hold and each fix makes a plan, but there may be more conflicts and "
                     "smaller fixes" if conflicts else "no plan exists, but no conflict was isolated yet")
            why = f"stopped at its time limit of {stopped:g} s: {found}"
        return Explanation(status="infeasible", scenario=problem.scenario.name, conflicts=conflicts, fixes=fixes,
                           stopped=why)


def _explain(problem: Problem, limit: int, allow_legal: bool, rebuild, deadline: float, so_far: _SoFar) -> Explanation:
    oracle = _Oracle(problem, deadline)
    if oracle.feasible(oracle.hard):  # even when the caller knows otherwise: its frame may be narrower
        return Explanation(status="feasible", scenario=problem.scenario.name, windows=event_windows(problem, oracle))
    so_far.infeasible = True
    conflicts = _conflicts(problem, oracle, limit, so_far.conflicts)
    for conflict in conflicts:
        so_far.described.append(_describe_conflict(problem, oracle, conflict))
    members = list(dict.fromkeys(r for c in conflicts for r in c))
    so_far.fixes.extend(_rule_fixes(problem, oracle, members, allow_legal))
    if rebuild is not None:
        so_far.fixes.extend(_fact_fixes(problem, conflicts, rebuild, deadline))
    return so_far.answer(problem)
