"""``business_day``: an event must fall on a business day (a weekday that is
not a legal holiday of the plan's state nor a closure)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Mapping

from pydantic import Field

from planner.rules.bounds import Unary
from planner.rules.base import ID_PATTERN, CheckContext, CompileContext, RuleBase, event_name

__all__ = ["BusinessDayRule"]


class BusinessDayRule(RuleBase):
    kind: Literal["business_day"] = "business_day"
    event: str = Field(pattern=ID_PATTERN)
    has_margin: ClassVar[bool] = False  # a yes/no rule: never "binding" in a report

    def events(self) -> tuple[str, ...]:
        return (self.event,)

    def compile(self, ctx: CompileContext, enforce: Any) -> list[Any]:
        ctx.require(ctx.is_business_day(self.event) - 1, enforce)
        return []

    def keeps_margins(self) -> bool:
        return False

    def bounds(self, ctx: Any) -> list[Any]:

        return [Unary(self.event, allowed=ctx.is_business_day())]

    def check(self, ctx: CheckContext) -> int:
        day = ctx.date(self.event)
        # Violated by the days to the nearest business day.
        return 0 if ctx.calendar.is_business_day(day) else -(ctx.calendar.next_business_day(day) - day).days

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        return f"{event_name(self.event, names)} on a business day"
