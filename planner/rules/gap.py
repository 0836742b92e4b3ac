"""``gap``: a window of days between two events.

"Notice not less than 10 nor more than 60 days before the meeting" is
``before: notice, after: meeting, min_days: 10, max_days: 60``.

Counting (explicit on every rule, see the README):

* ``calendar``: the difference of the two dates (after - before), the usual
  reading of "not less than N days before" (McKesson v. Derdiger);
* ``clear``: days strictly between the two dates, so the difference is N + 1;
* ``business``: business days of the plan's calendar; "at least N business
  days before" puts ``before`` on or before the N-th business day preceding
  ``after``; "within N business days after" puts ``after`` on or before the
  N-th business day following ``before``.

``effective_after_days`` delays the first event, for notice that counts as
given only some days after it is sent (mail under some bylaws).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal, Mapping

from dateutil.relativedelta import relativedelta
from pydantic import Field, model_validator

from planner.rules.bounds import Upper, shifted
from planner.rules.base import ID_PATTERN, CheckContext, CompileContext, RuleBase, count, event_name

__all__ = ["GapRule"]

Counting = Literal["calendar", "clear", "business"]


_UNITS = {"calendar": "day", "clear": "clear day", "business": "business day"}


@lru_cache(maxsize=256)
def _spoken(event: str) -> str:
    return event.replace("_", " ")


@lru_cache(maxsize=256)
def _limit_words(low: int | None, high: int | None, counting: Counting) -> str:
    """What a gap allows, in words ('allows 10 to 60 days'): the same for
    every count of the rule, so made once (a plan says the count of each
    tight rule)."""
    unit = _UNITS[counting]
    plural = unit.replace("day", "days")
    if low is not None and high is not None:
        allows = f"exactly {low}" if low == high else f"{low} to {high}"
        return f"allows {allows} {plural if high != 1 else unit}"  # "exactly 1 business day"
    if low is not None:
        return f"requires at least {low} {plural if low != 1 else unit}"
    if high is not None:
        return f"allows at most {high} {plural if high != 1 else unit}"
    return ""


class GapRule(RuleBase):
    kind: Literal["gap"] = "gap"
    before: str = Field(pattern=ID_PATTERN, description="The earlier event (e.g. notice).")
    after: str = Field(pattern=ID_PATTERN, description="The later event (e.g. meeting).")
    min_days: int | None = Field(None, ge=0, le=3660, description="At least this many days from before to after.")
    max_days: int | None = Field(None, ge=0, le=3660, description="At most this many days from before to after.")
    max_months: int | None = Field(
        None, ge=1, le=120,
        description="At most this many calendar months after `before` (relativedelta, end-of-month clipping).",
    )
    counting: Counting = "calendar"
    effective_after_days: int = Field(0, ge=0, le=60, description="Days after sending that the first event takes effect.")

    @model_validator(mode="after")
    def _bounds(self) -> "GapRule":
        if self.min_days is None and self.max_days is None and self.max_months is None:
            raise ValueError("a gap needs min_days, max_days or max_months")
        if self.min_days is not None and self.max_days is not None and self.min_days > self.max_days:
            raise ValueError(f"min_days {self.min_days} exceeds max_days {self.max_days}")
        if self.before == self.after:
            raise ValueError("before and after name the same event")
        return self

    def events(self) -> tuple[str, ...]:
        return (self.before, self.after)

    def reach_days(self) -> int:
        days = max(self.min_days or 0, self.max_days or 0, (self.max_months or 0) * 31) + self.effective_after_days
        # A business day is at most a few calendar days (long weekends).
        return days * 2 + 7 if self.counting == "business" else days + 1

    def _shift(self) -> int:
        return 1 if self.counting == "clear" else 0

    def compile(self, ctx: CompileContext, enforce: Any) -> list[Any]:
        b, a = ctx.var(self.before), ctx.var(self.after)
        lag = self.effective_after_days
        margins: list[Any] = []
        if self.counting == "business":
            if self.min_days is not None:
                latest_before = ctx.business_shift(self.after, -self.min_days, 0)
                margins.append(latest_before - lag - b)
            if self.max_days is not None:
                latest_after = ctx.business_shift(self.before, self.max_days, lag)
                margins.append(latest_after - a)
        else:
            diff = a - b - lag - self._shift()
            if self.min_days is not None:
                margins.append(diff - self.min_days)
            if self.max_days is not None:
                margins.append(self.max_days - diff)
        if self.max_months is not None:
            margins.append(ctx.month_shift(self.before, self.max_months, lag) - a)
        for margin in margins:
            ctx.require(margin, enforce)
        return margins if self.keeps_margins() else []  # an exact gap has no room to keep

    def keeps_margins(self) -> bool:
        return not (self.min_days is not None and self.min_days == self.max_days)

    def bounds(self, ctx: Any) -> list[Any]:

        lag, out = self.effective_after_days, []
        if self.counting == "business":
            if self.min_days is not None:
                latest = ctx.business_shift(-self.min_days, 0)
                out.append(Upper(self.before, self.after, shifted(latest, -lag)))
            if self.max_days is not None:
                out.append(Upper(self.after, self.before, ctx.business_shift(self.max_days, lag)))
        else:
            shift = lag + self._shift()
            if self.min_days is not None:
                low = self.min_days + shift
                out.append(Upper(self.before, self.after, lambda d: d - low, shift_invariant=True))
            if self.max_days is not None:
                high = self.max_days + shift
                out.append(Upper(self.after, self.before, lambda d: d + high, shift_invariant=True))
        if self.max_months is not None:
            out.append(Upper(self.after, self.before, ctx.month_shift(self.max_months, lag)))
        return out

    def check(self, ctx: CheckContext) -> int:
        b, a = ctx.date(self.before), ctx.date(self.after)
        lag, low, high = self.effective_after_days, self.min_days, self.max_days
        if self.counting != "business":
            # The common case, a day count, without a list: a plan checks a
            # few dozen of these (issue 14).
            diff = (a - b).days - lag - self._shift()
            if self.max_months is None:
                if high is None:
                    return diff - low
                return min(diff - low, high - diff) if low is not None else high - diff
        margins: list[int] = []
        if self.counting == "business":
            cal = ctx.calendar
            if low is not None:
                margins.append((cal.add_business_days(a, -low) - b).days - lag)
            if high is not None:
                effective = b + timedelta(days=lag)
                margins.append((cal.add_business_days(effective, high) - a).days)
        else:
            if low is not None:
                margins.append(diff - low)
            if high is not None:
                margins.append(high - diff)
        if self.max_months is not None:
            limit = b + timedelta(days=lag) + relativedelta(months=self.max_months)
            margins.append((limit - a).days)
        return min(margins)

    def count_words(self, ctx: CheckContext) -> str:
        b, a = ctx.date(self.before), ctx.date(self.after)
        start = b + timedelta(days=self.effective_after_days) if self.effective_after_days else b
        if self.counting == "business":
            apart = self._business_apart(ctx, start, a)
        else:
            apart = (a - start).days - self._shift()
        unit = _UNITS[self.counting]
        if apart is None:  # the order itself is broken: say the calendar days (see _business_apart)
            apart, unit = (a - start).days, "day"
        units = unit if abs(apart) == 1 else unit.replace("day", "days")
        before, after = _spoken(self.before), _spoken(self.after)
        sent = f" once effective ({self.effective_after_days} days after sending)" if self.effective_after_days else ""
        said = f"the {before}{sent} is {apart} {units} before the {after}" if apart >= 0 else \
               f"the {before}{sent} is {-apart} {units} after the {after}"
        if self.min_days == 0 and self.max_days is None and self.max_months is None:
            limit = f"requires the {before} on or before the {after}"  # not "at least 0 days", as describe() says it
        else:
            limit = _limit_words(self.min_days, self.max_days, self.counting)
        if self.max_months is not None:
            until = start + relativedelta(months=self.max_months)
            limit += ("; and " if limit else "allows ") + f"at most {count(self.max_months, 'month')} (until {until:%Y-%m-%d})"
        return f"{said}; {self.cite} {limit}"

    def _business_apart(self, ctx: CheckContext, start: date, a: date) -> int | None:
        """How many business days `start` (the first event, once effective)
        lies before `a`, counted as the side of the rule the words explain
        counts them, so that the number agrees with the verdict; None when
        `a` comes first (then the calendar days are said).

        The two sides count differently where a date is not a business day.
        "At least N business days before a" holds when `start` is on or
        before the N-th business day preceding `a`: the business days from
        `start` up to the day before `a` (a Sunday meeting is 3 business days
        after the Wednesday before it).  "At most N business days after
        start" holds when `a` is on or before the N-th business day following
        `start`: the business days after `start` before `a`, and `a` itself
        as one more (a list opened the Saturday after the 5th business day
        is late, the 6th).  Counting the business days after `start` up to
        and including `a` for both sides said "2 business days; requires at
        least 3" of a rule that held, and "5; allows at most 5" of one
        broken.  Words are made only for tight or broken rules, so the side
        with the smaller margin (the one that binds or breaks) is said."""
        if a < start:
            return None
        if a == start:
            return 0
        cal, low, high = ctx.calendar, self.min_days, self.max_days
        one = timedelta(days=1)
        least = (cal.add_business_days(a, -low) - start).days if low is not None else None
        most = (cal.add_business_days(start, high) - a).days if high is not None else None
        if least is not None and (most is None or least <= most):
            return cal.count_business_days(start - one, a - one)  # business days in [start, a)
        return cal.count_business_days(start, a - one) + 1  # business days in (start, a), then a

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        first, second = event_name(self.before, names), event_name(self.after, names)
        unit = _UNITS[self.counting]
        low, high = self.min_days, self.max_days
        if low is not None and high is not None:
            if low == high == 0 and self.counting == "calendar":
                text = f"{first} on the same day as {second}"
            elif low == high:
                text = f"{first} exactly {count(low, unit)} before {second}"
            else:
                text = f"{first} {low} to {count(high, unit)} before {second}"
        elif low == 0 and self.counting == "calendar":
            text = f"{first} on or before {second}"  # "at least 0 days before"
        elif low is not None:
            text = f"{first} at least {count(low, unit)} before {second}"
        elif high is not None:
            text = f"{second} at most {count(high, unit)} after {first}"
        else:
            text = f"{second} at most {count(self.max_months, 'month')} after {first}"
        if self.max_months is not None and (low is not None or high is not None):
            text += f", and at most {count(self.max_months, 'month')} after it"
        if self.effective_after_days:
            text += f" (notice effective {count(self.effective_after_days, 'day')} after sending)"
        return text
