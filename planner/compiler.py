"""Compile a :class:`Problem` to CP-SAT.

One integer variable per event (days since the horizon's origin), one
Boolean per rule that enforces it, one Boolean per value of each fact the
planner picks.  Business-day arithmetic becomes element constraints over
tables precomputed from the calendar: measured, this keeps plain interval
domains and is far faster than punching holidays out of the domains.

The default objective, lexicographic through weights:

1. satisfy as many preferences (weighted) as possible;
2. maximise the smallest margin to any legal limit (capped at
   MARGIN_CAP_DAYS), so that a slip of a day breaks nothing;
3. maximise the sum of capped margins;
4. keep margins from growing past the cap (dates no further apart than needed).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from ortools.sat.python import cp_model

from .dates import DateExpr
from .problem import MARGIN_CAP_DAYS, Problem
from .rules import RuleBase

__all__ = ["Compiled", "compile_problem"]


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
        self.vars = {e: self.model.new_int_var(0, self.horizon - 1, e) for e in problem.events}
        self._tables: dict[tuple, Any] = {}
        self._business_offsets: list[int] | None = None

    def var(self, event: str) -> cp_model.IntVar:
        return self.vars[event]

    def offset(self, day: date) -> int:
        return (day - self.origin).days

    def resolve(self, expr: DateExpr) -> date:
        return self.problem.resolve(expr)

    def _offsets(self) -> list[int]:
        """Sorted offsets of every business day around the horizon."""
        if self._business_offsets is None:
            reach = max(self.horizon, 400)
            is_bd = self.calendar.is_business_day
            self._business_offsets = [
                d for d in range(-reach, self.horizon + reach) if is_bd(self.origin + timedelta(days=d))
            ]
        return self._business_offsets

    def _element(self, key: tuple, event: str, table: list[int], name: str) -> Any:
        if key not in self._tables:
            target = self.model.new_int_var(min(table), max(table), name)
            self.model.add_element(self.vars[event], table, target)
            self._tables[key] = target
        return self._tables[key]

    def business_shift(self, event: str, days: int, lag: int) -> Any:
        offsets = self._offsets()
        if days >= 0:
            # The days-th business day strictly after (d + lag).
            table = [offsets[bisect_right(offsets, d + lag) + days - 1] if days else d + lag for d in range(self.horizon)]
        else:
            table = [offsets[bisect_left(offsets, d + lag) + days] for d in range(self.horizon)]
        return self._element(("shift", event, days, lag), event, table, f"{event}{days:+d}bd")

    def month_shift(self, event: str, months: int, lag: int) -> Any:
        """An int var equal to offset(date(event) + lag days + months)."""
        table = [
            self.offset(self.origin + timedelta(days=d + lag) + relativedelta(months=months))
            for d in range(self.horizon)
        ]
        return self._element(("months", event, months, lag), event, table, f"{event}+{months}m")

    def is_business_day(self, event: str) -> Any:
        is_bd = self.calendar.is_business_day
        table = [int(is_bd(self.origin + timedelta(days=d))) for d in range(self.horizon)]
        return self._element(("bd", event), event, table, f"{event}_is_business_day")


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
    ctx = _Context(problem)
    model = ctx.model
    choices: dict[str, dict[Any, Any]] = {}
    for fact, values in problem.choices.items():
        choices[fact] = {v: model.new_bool_var(f"{fact}={v}") for v in values}
        model.add_exactly_one(choices[fact].values())

    hard: dict[str, Any] = {}
    soft: dict[str, Any] = {}
    margins: list[tuple[Any, list[Any]]] = []  # (margin expression, enforcement literals)
    for rule in problem.rules:
        literal = model.new_bool_var(rule.id)
        (soft if rule.soft else hard)[rule.id] = literal
        enforce = [literal, *_condition_literals(ctx, problem, rule, choices)]
        for margin in rule.compile(ctx, enforce):
            if not rule.soft:
                margins.append((margin, enforce))

    if objective:
        cap, horizon = MARGIN_CAP_DAYS, problem.horizon
        capped, excess = [], []
        for index, (margin, enforce) in enumerate(margins):
            m = model.new_int_var(0, cap, f"margin{index}")
            model.add(m <= margin).only_enforce_if(enforce)
            e = model.new_int_var(0, horizon, f"excess{index}")
            model.add(e >= margin - cap).only_enforce_if(enforce)
            capped.append(m)
            excess.append(e)
        smallest = model.new_int_var(0, cap, "smallest_margin")
        for m in capped:
            model.add(smallest <= m)
        w_sum = len(margins) * horizon + 1
        w_min = w_sum * (cap * len(margins) + 1)
        w_pref = w_min * (cap + 1)
        model.maximize(
            w_pref * sum(rule_weight * soft[rid] for rid, rule_weight in _weights(problem).items())
            + w_min * smallest
            + w_sum * sum(capped)
            - sum(excess)
        )
    return Compiled(model, ctx.vars, hard, soft, choices)


def _weights(problem: Problem) -> dict[str, int]:
    return {rule.id: rule.weight for rule in problem.rules if rule.soft}
