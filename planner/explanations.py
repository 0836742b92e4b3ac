"""Why no calendar exists, and the smallest change that makes one.

* Minimal conflicts: from CP-SAT's core (sufficient, rarely minimal), a
  deletion pass over assumption literals leaves a set of rules that cannot
  all hold while any smaller set can.  Legal rules are tried for deletion
  first, so a conflict blames operational rules where it has the choice.
* Several conflicts: each new one must avoid a hitting set of those found,
  so every independent reason shows up.
* Days short: the same rules compiled with a per-rule "relax by k days"
  variable; the least total relaxation is how many days the chain lacks.
* Fixes: for each rule of a conflict, the fewest days it must give for the
  whole scenario to plan; other values of the facts the conflict hangs on.
* Windows: for a feasible scenario, each event's earliest and latest date
  with every rule holding.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Literal

from ortools.sat.python import cp_model
from pydantic import BaseModel, ConfigDict, Field

from .checker import _Context as CheckContext
from .compiler import compile_problem
from .documents import Scenario
from .problem import Problem, build_problem
from .rules import RuleBase
from .rules.base import FactValue, RuleSource
from .solve import new_solver

__all__ = ["Conflict", "Fix", "Explanation", "explain_problem", "minimal_conflicts", "event_windows"]

# Deletion tries these first, so what remains in a conflict is, where there
# is a choice, the operational rules and preferences.
_DELETE_FIRST = {"statute": 0, "bylaw": 1, "operational": 2, "preference": 3}
_MAX_ORACLE_CALLS = 400


class Conflict(BaseModel):
    model_config = ConfigDict(frozen=True)

    rules: list[str]
    cites: list[str]
    days_short: int | None = Field(None, description="Least total days the rules must give; none if not countable in days.")
    text: str


class Fix(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["move_date", "relax_rule", "change_fact", "waive_rule"]
    target: str = Field(description="Rule id, or fact name for change_fact.")
    days: int | None = None
    value: FactValue | None = Field(None, description="The fact's new value, for change_fact.")
    source: RuleSource | Literal["fact"]
    allowed: bool = Field(description="False for statute and bylaw rules unless legal fixes were allowed.")
    legal_route: str | None = None
    text: str


class Explanation(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Literal["feasible", "infeasible"]
    scenario: str
    conflicts: list[Conflict] = Field(default_factory=list)
    fixes: list[Fix] = Field(default_factory=list)
    windows: dict[str, tuple[date, date]] = Field(default_factory=dict, description="Event id: earliest and latest date.")
    binding: list[str] = Field(default_factory=list, description="Rules with no margin in the plan.")


class _Oracle:
    """Feasibility of sets of hard rules on one compiled model."""

    def __init__(self, problem: Problem, time_limit_s: float):
        self.compiled = compile_problem(problem, objective=False)
        self.literals = self.compiled.rule_literals
        self.by_index = {lit.index: rid for rid, lit in self.literals.items()}
        self.time_limit_s = time_limit_s
        self.calls = 0

    def conflict(self, rules: Iterable[str]) -> list[str] | None:
        """None if the rules can all hold, else CP-SAT's core among them."""
        self.calls += 1
        model = self.compiled.model
        model.clear_assumptions()
        model.add_assumptions([self.literals[r] for r in rules])
        solver = new_solver(self.time_limit_s)
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return sorted(self.by_index[i] for i in solver.sufficient_assumptions_for_infeasibility())
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        raise TimeoutError("no answer within the time limit")


def _shrink(oracle: _Oracle, core: list[str], order: dict[str, tuple]) -> list[str]:
    keep = list(core)
    for rule in sorted(core, key=order.__getitem__):
        trial = [r for r in keep if r != rule]
        if trial and oracle.conflict(trial) is not None:
            keep = trial
    return sorted(keep, key=order.__getitem__)


def minimal_conflicts(problem: Problem, limit: int = 3, *, time_limit_s: float = 5.0, oracle: _Oracle | None = None) -> list[list[str]]:
    """Up to `limit` distinct irreducible sets of hard rules that cannot all hold."""
    oracle = oracle or _Oracle(problem, time_limit_s)
    hard = list(oracle.literals)
    order = {r.id: (_DELETE_FIRST[r.source], i) for i, r in enumerate(problem.rules)}
    core = oracle.conflict(hard)
    if core is None:
        return []
    found = [_shrink(oracle, core, order)]
    while len(found) < limit and oracle.calls < _MAX_ORACLE_CALLS:
        members = sorted({r for c in found for r in c}, key=order.__getitem__)
        new = None
        for size in range(1, min(len(found), 3) + 1):
            for removed in itertools.combinations(members, size):
                if not all(set(removed) & set(c) for c in found) or oracle.calls >= _MAX_ORACLE_CALLS:
                    continue
                core = oracle.conflict([r for r in hard if r not in removed])
                if core is not None:
                    new = _shrink(oracle, core, order)
                    break
            if new:
                break
        if not new or new in found:
            break
        found.append(new)
    return found


def _relaxed(problem: Problem, relaxable: list[str], enforced: list[str], time_limit_s: float):
    """Least total days the `relaxable` rules must give for `enforced` to hold:
    (total, {rule: days}, dates) or None if no relaxation in days helps."""
    compiled = compile_problem(problem, objective=False, relaxable=frozenset(relaxable))
    model = compiled.model
    for rid in enforced:
        model.add(compiled.rule_literals[rid] == 1)
    model.clear_objective()
    model.minimize(sum(compiled.relax_vars.values()))
    solver = new_solver(time_limit_s)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    dates = {e: problem.origin + timedelta(days=solver.value(v)) for e, v in compiled.events.items()}
    given = {r: solver.value(v) for r, v in compiled.relax_vars.items() if solver.value(v) > 0}
    return int(solver.objective_value), given, dates


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
    return f"{rule.cite} ({rule.describe()}) is {days} days short"


def _describe_conflict(problem: Problem, rules: list[str], time_limit_s: float) -> Conflict:
    specs = [problem.rule(r) for r in rules]
    relaxed = _relaxed(problem, rules, rules, time_limit_s)
    parts = [_requirement(problem, s) for s in specs]
    if relaxed is None:
        return Conflict(rules=rules, cites=[s.cite for s in specs], days_short=None,
                        text="; ".join(parts) + ". These cannot all hold on any dates.")
    total, given, dates = relaxed
    broken = [_shortfall(problem, problem.rule(r), dates, d) for r, d in given.items()]
    text = "; ".join(parts) + ". Together: " + "; ".join(broken) + "."
    return Conflict(rules=rules, cites=[s.cite for s in specs], days_short=total, text=text)


def _legal_route(rule: RuleBase) -> str:
    if rule.relief:
        return rule.relief
    if rule.source == "bylaw":
        return f"amend the bylaws ({rule.cite}) before the dates it governs"
    return f"none known: {rule.cite} is statutory"


def _rule_fixes(problem: Problem, rule_ids: list[str], hard: list[str], allow_legal: bool, time_limit_s: float) -> list[Fix]:
    fixes = []
    for rid in rule_ids:
        rule = problem.rule(rid)
        legal = rule.source in ("statute", "bylaw")
        others = [r for r in hard if r != rid]
        relaxed = _relaxed(problem, [rid], hard, time_limit_s)
        allowed = allow_legal or not legal
        route = _legal_route(rule) if legal else None
        if relaxed is not None and relaxed[0] > 0:
            days, _, dates = relaxed
            if rule.kind in ("on_date", "date_window"):
                event = rule.events()[0]
                kind, text = "move_date", f"move {event} to {dates[event]:%a %Y-%m-%d} ({days} days from what {rule.cite} sets)"
            else:
                kind, text = "relax_rule", f"let {rule.describe()} give {days} days ({rule.cite})"
            fixes.append(Fix(kind=kind, target=rid, days=days, source=rule.source, allowed=allowed, legal_route=route, text=text))
        elif relaxed is None:
            # Not countable in days (a business-day rule): does dropping it help?
            if _Oracle(problem, time_limit_s).conflict(others) is None:
                fixes.append(Fix(kind="waive_rule", target=rid, source=rule.source, allowed=allowed, legal_route=route,
                                 text=f"waive {rule.describe()} ({rule.cite})"))
    return fixes


def _fact_fixes(problem: Problem, conflicts: list[list[str]], rebuild, time_limit_s: float) -> list[Fix]:
    facts = {f for c in conflicts for r in c for f in problem.rule(r).when if f in problem.facts}
    fixes = []
    for fact in sorted(facts):
        for value in problem.rulebook.facts[fact].values:
            if value == problem.facts[fact]:
                continue
            try:
                other = rebuild({fact: value})
            except Exception:  # a value this scenario cannot take (e.g. an event it lacks)
                continue
            check = _Oracle(other, time_limit_s)
            if check.conflict(list(check.literals)) is None:
                doc = problem.rulebook.facts[fact].doc
                fixes.append(Fix(kind="change_fact", target=fact, value=value, source="fact", allowed=True,
                                 text=f"set {fact} to {value}" + (f" ({doc})" if doc else "")))
    return fixes


def event_windows(problem: Problem, time_limit_s: float = 5.0) -> dict[str, tuple[date, date]]:
    """Earliest and latest date of each event with every hard rule holding."""
    compiled = compile_problem(problem, objective=False)
    model = compiled.model
    for literal in compiled.rule_literals.values():
        model.add(literal == 1)
    windows = {}
    for event, var in compiled.events.items():
        bounds = []
        for sense in (model.minimize, model.maximize):
            model.clear_objective()
            sense(var)
            solver = new_solver(time_limit_s)
            if solver.solve(model) != cp_model.OPTIMAL:
                return {}
            bounds.append(problem.origin + timedelta(days=int(solver.objective_value)))
        windows[event] = (bounds[0], bounds[1])
    return windows


def explain_problem(problem: Problem, *, limit: int = 3, allow_legal: bool = False, rebuild=None,
                    time_limit_s: float = 5.0) -> Explanation:
    """Conflicts and fixes for an infeasible problem, windows for a feasible one."""
    oracle = _Oracle(problem, time_limit_s)
    conflicts = minimal_conflicts(problem, limit, time_limit_s=time_limit_s, oracle=oracle)
    if not conflicts:
        return Explanation(status="feasible", scenario=problem.scenario.name, windows=event_windows(problem, time_limit_s))
    hard = list(oracle.literals)
    described = [_describe_conflict(problem, c, time_limit_s) for c in conflicts]
    members = list(dict.fromkeys(r for c in conflicts for r in c))
    fixes = _rule_fixes(problem, members, hard, allow_legal, time_limit_s)
    if rebuild is not None:
        fixes += _fact_fixes(problem, conflicts, rebuild, time_limit_s)
    fixes.sort(key=lambda f: (not f.allowed, f.days is None, f.days or 0, f.kind, f.target))
    return Explanation(status="infeasible", scenario=problem.scenario.name, conflicts=described, fixes=fixes)
