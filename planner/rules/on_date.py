"""``on_date``: an event falls on a date the bylaws name.

"The annual meeting shall be held on the last Wednesday in April, or the next
business day if that is a legal holiday" is ``event: meeting, date: {on: last
Wednesday of April, roll: next_business_day}``.
"""

from __future__ import annotations

from typing import Any, Literal, Mapping

from pydantic import Field

from planner.days.dates import DateExpr
from planner.rules.bounds import Unary
from planner.rules.base import ID_PATTERN, CheckContext, CompileContext, RuleBase, event_name

__all__ = ["OnDateRule"]


class OnDateRule(RuleBase):
    kind: Literal["on_date"] = "on_date"
    event: str = Field(pattern=ID_PATTERN)
    date: DateExpr

    def events(self) -> tuple[str, ...]:
        return (self.event,)

    def date_exprs(self) -> tuple[DateExpr, ...]:
        return (self.date,)

    def compile(self, ctx: CompileContext, enforce: Any) -> list[Any]:
        gap = ctx.var(self.event) - ctx.offset(ctx.resolve(self.date))
        ctx.require(gap, enforce)
        ctx.require(-gap, enforce)
        return []  # a fixed date has no margin to keep

    def keeps_margins(self) -> bool:
        return False

    def bounds(self, ctx: Any) -> list[Any]:

        day = ctx.offset(ctx.resolve(self.date))
        return [Unary(self.event, lo=day, hi=day)]

    def check(self, ctx: CheckContext) -> int:
        return -abs((ctx.date(self.event) - ctx.resolve(self.date)).days)

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        return f"{event_name(self.event, names)} on {self.date.describe()}"
