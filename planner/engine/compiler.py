"""Compile a :class:`Problem` to CP-SAT.

One integer variable per event (days since the horizon's origin), one
Boolean per rule that enforces it, one Boolean per value of each fact the
planner picks.  Business-day arithmetic becomes element constraints over
tables precomputed from the calendar: measured, this keeps plain interval
domains and is far faster than punching holidays out of the domains.

The default objective, lexicographic through weights:

1. satisfy as many preferences (weighted) as possible;
2. keep every margin to a legal limit (statute, bylaw) large, so that a slip
   of a day breaks nothing: maximise the sum of a concave worth of each
   margin (days of margin are worth 4, 3, 2, 1 by quarters of the scenario's
   margin_cap_days, 30 by default, nothing after), which spreads the room
   among the limits rather than giving it all to one;
3. the same for operational limits (lead times);
4. keep margins from growing past the cap (dates no further apart than needed).
"""

from __future__ import annotations

import copy

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ortools.sat.python import cp_model

from planner.days.dates import DateExpr
from planner.engine.margins import COMFORT_DAYS, LEGAL_SOURCES, worth_cap
from planner.engine.problem import Problem, bounded_sides
from planner.rules import RuleBase

__all__ = ["Compiled", "compile_problem", "COMFORT_DAYS", "LEGAL_SOURCES", "day_worth", "margin_pieces"]


@dataclass
class Compiled:
    model: cp_model.CpModel
    events: dict[str, cp_model.IntVar]
    rule_literals: dict[str, cp_model.IntVar]  # hard rules: assumption literals
    preference_literals: dict[str, cp_model.IntVar]
    choice_literals: dict[str, dict[Any, cp_model.IntVar]] = field(default_factory=dict)


class _Context:
    """The CompileContext offered to rule kinds."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.model = cp_model.CpModel()
        self.calendar = problem.calendar
        self.horizon = problem.horizon
        self.origin = problem.origin
        self.vars = {e: self.model.new_int_var(lo, hi, e) for e, (lo, hi) in problem.ranges.items()}
        self._tables: dict[tuple, Any] = {}
        self._days, self._tag = problem.days, ""

    def for_rule(self, rule: RuleBase) -> "_Context":
        """This context, counting business days as the rule does (an SEC
        rule on the federal calendar, an operational one on the office's);
        model, variables and tables shared."""
        kind = self.problem.count_of(rule)
        if kind == "legal":
            return self
        view = copy.copy(self)
        view._days, view._tag, view.calendar = self.problem.days_for(rule), kind, self.problem.calendar_for(rule)
        return view

    def var(self, event: str) -> cp_model.IntVar:
        return self.vars[event]

    def require(self, margin: Any, enforce: Any) -> None:
        self.model.add(margin >= 0).only_enforce_if(enforce)

    def offset(self, day: date) -> int:
        return (day - self.origin).days

    def resolve(self, expr: DateExpr) -> date:
        return self.problem.resolve(expr)

    def _element(self, key: tuple, event: str, function: Callable[[int], int], name: str) -> Any:
        """An int var equal to function(day offset of event), as a table
        over the days the event can take."""
        if key not in self._tables:
            low, high = self.problem.ranges[event]
            table = [function(d) for d in range(low, high + 1)]
            target = self.model.new_int_var(min(table), max(table), name)
            self.model.add_element(self.vars[event] - low, table, target)
            self._tables[key] = target
        return self._tables[key]

    def business_shift(self, event: str, days: int, lag: int) -> Any:
        function = self._days.business_shift(days, lag)
        return self._element(("shift", self._tag, event, days, lag), event, function, f"{event}{days:+d}bd{self._tag}")

    def month_shift(self, event: str, months: int, lag: int) -> Any:
        """An int var equal to offset(date(event) + lag days + months)."""
        function = self.problem.days.month_shift(months, lag)
        return self._element(("months", event, months, lag), event, function, f"{event}+{months}m")

    def is_business_day(self, event: str) -> Any:
        is_bd = self._days.is_business_day
        return self._element(("bd", self._tag, event), event, lambda d: int(is_bd(d)), f"{event}_is_business_day{self._tag}")


def _condition_literals(ctx: _Context, problem: Problem, rule: RuleBase, choices) -> list[Any]:
    literals = []
    for fact, values in problem.conditions(rule):
        options = [choices[fact][v] for v in values if v in choices[fact]]
        if not options:
            literals.append(ctx.model.new_constant(0))
        elif len(options) == 1:
            literals.append(options[0])
        else:
            any_of = ctx.model.new_bool_var(f"{rule.id}:{fact}")
            ctx.model.add_bool_or([any_of.Not(), *options])
            for option in options:
                ctx.model.add_implication(option, any_of)
            literals.append(any_of)
    return literals


def compile_problem(problem: Problem, *, objective: bool = True) -> Compiled:
    """The CP-SAT model of a problem; with `objective` False, a feasibility
    model (hard rules are then enforced through assumptions or fixed
    literals by the caller)."""
    ctx = _Context(problem)
    model = ctx.model
    choices: dict[str, dict[Any, Any]] = {}
    for fact, values in problem.choices.items():
        choices[fact] = {v: model.new_bool_var(f"{fact}={v}") for v in values}
        model.add_exactly_one(choices[fact].values())

    hard: dict[str, Any] = {}
    soft: dict[str, Any] = {}
    # (margin expression, enforcement literals, legal?, the most days of it worth having)
    margins: list[tuple[Any, list[Any], bool, int]] = []
    sides = bounded_sides(problem)
    cap = problem.scenario.margin_cap_days
    for rule in problem.rules:
        literal = model.new_bool_var(rule.id)
        (soft if rule.soft else hard)[rule.id] = literal
        enforce = [literal, *_condition_literals(ctx, problem, rule, choices)]
        for index, margin in enumerate(rule.compile(ctx.for_rule(rule), enforce)):
            # An implied order (record date before notice) is meaning, not a
            # deadline: its margin makes no plan safer.
            if not rule.soft and rule.source != "implied":
                margins.append((margin, enforce, rule.source in LEGAL_SOURCES, worth_cap(rule, index, sides, cap)))

    if objective:
        _set_objective(ctx, problem, margins, soft)
    else:
        # Measured: with no objective at all, CP-SAT spends 100x longer in
        # presolve and in shrinking assumption cores; a constant objective
        # keeps a feasibility check at a few milliseconds.
        model.minimize(0)
    return Compiled(model, ctx.vars, hard, soft, choices)


def day_worth(day: int, cap: int) -> int:
    """Worth of the day-th day of margin (0-based): 4 in the first quarter of
    the cap, then 3, 2, 1, and nothing past the cap.  Decreasing, so the
    total prefers two margins of 10 days to one of 20 and one of 0."""
    return 4 - (4 * day) // cap if 0 <= day < cap else 0


def margin_pieces(cap: int) -> list[tuple[int, int]]:
    """The concave total worth of a margin as lines (slope, intercept); the
    worth of m days is the least of them for 0 <= m <= cap."""
    pieces, total = [], 0
    for day in range(cap):
        slope = day_worth(day, cap)
        if not pieces or pieces[-1][0] != slope:
            pieces.append((slope, total - slope * day))
        total += slope
    return pieces or [(0, 0)]


def _set_objective(ctx: _Context, problem: Problem, margins, soft: dict[str, Any]) -> None:
    model, cap = ctx.model, problem.scenario.margin_cap_days
    # A margin is at most the distance between two days of the frame that
    # holds every dated day and every event's range (a date window's far
    # limit can lie well outside the events' ranges).
    horizon = max(problem.frame[1], problem.horizon) - min(problem.frame[0], 0) + 1
    pieces = margin_pieces(cap)
    best = sum(day_worth(d, cap) for d in range(cap))
    legal, operational, excess = [], [], []
    for index, (margin, enforce, is_legal, most) in enumerate(margins):
        capped = model.new_int_var(0, most, f"margin{index}")
        model.add(capped <= margin).only_enforce_if(enforce)
        # Concave pieces as upper bounds: tight in the LP, quick to prove.
        worth = model.new_int_var(0, best, f"worth{index}")
        for slope, intercept in pieces:
            model.add(worth <= slope * capped + intercept)
        (legal if is_legal else operational).append(worth)
        over = model.new_int_var(0, 2 * horizon, f"excess{index}")
        model.add(over >= margin - most).only_enforce_if(enforce)
        excess.append(over)
    weights = {rule.id: rule.weight for rule in problem.rules if rule.soft}
    # Lexicographic order through weights, most important first; each term's
    # weight exceeds the whole range of the terms after it.
    terms = [
        (sum(w * soft[rid] for rid, w in weights.items()), sum(weights.values())),
        (sum(legal), len(legal) * best),
        (sum(operational), len(operational) * best),
        (-sum(excess), len(excess) * 2 * horizon),
    ]
    objective, weight = 0, 1
    for expr, span in reversed(terms):
        objective += weight * expr
        weight *= span + 1
    model.maximize(objective)
