"""``date_window``: an event on or after one date and/or on or before another.

"Not later than six months after the end of the fiscal year" is ``event:
meeting, not_after: {anchor: fiscal_year_end, shift: '+6 months'}``; a
board's choice of "some day in June" is a window with both ends.
"""

from __future__ import annotations

from typing import Any, Literal, Mapping

from pydantic import Field, model_validator

from planner.days.dates import DateExpr
from planner.rules.bounds import Unary
from planner.rules.base import ID_PATTERN, CheckContext, CompileContext, RuleBase, event_name

__all__ = ["DateWindowRule"]


class DateWindowRule(RuleBase):
    kind: Literal["date_window"] = "date_window"
    event: str = Field(pattern=ID_PATTERN)
    not_before: DateExpr | None = None
    not_after: DateExpr | None = None

    @model_validator(mode="after")
    def _one_end(self) -> "DateWindowRule":
        if self.not_before is None and self.not_after is None:
            raise ValueError("a date window needs not_before, not_after or both")
        return self

    def events(self) -> tuple[str, ...]:
        return (self.event,)

    def date_exprs(self) -> tuple[DateExpr, ...]:
        return tuple(e for e in (self.not_before, self.not_after) if e is not None)

    def compile(self, ctx: CompileContext, enforce: Any) -> list[Any]:
        var, margins = ctx.var(self.event), []
        if self.not_before is not None:
            margins.append(var - ctx.offset(ctx.resolve(self.not_before)))
        if self.not_after is not None:
            margins.append(ctx.offset(ctx.resolve(self.not_after)) - var)
        for margin in margins:
            ctx.require(margin, enforce)
        return margins

    def bounds(self, ctx: Any) -> list[Any]:

        lo = ctx.offset(ctx.resolve(self.not_before)) if self.not_before is not None else None
        hi = ctx.offset(ctx.resolve(self.not_after)) if self.not_after is not None else None
        return [Unary(self.event, lo=lo, hi=hi)]

    def check(self, ctx: CheckContext) -> int:
        day, margins = ctx.date(self.event), []
        if self.not_before is not None:
            margins.append((day - ctx.resolve(self.not_before)).days)
        if self.not_after is not None:
            margins.append((ctx.resolve(self.not_after) - day).days)
        return min(margins)

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        parts = []
        if self.not_before is not None:
            parts.append(f"on or after {self.not_before.describe()}")
        if self.not_after is not None:
            parts.append(f"on or before {self.not_after.describe()}")
        return f"{event_name(self.event, names)} " + " and ".join(parts)
