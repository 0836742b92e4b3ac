"""Dates in the bylaws' own terms, built on dateutil.

A *yearly date* is text such as "last Wednesday of April", "fourth Friday in
January", "third Friday after the first Monday of April" or "December 31";
it names one day in any year.  A :class:`DateExpr` adds a year offset, a
calendar-month or day shift ("+6 months", with end-of-month clipping as
relativedelta does it) and a holiday rollover ("next business day").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dateutil.relativedelta import relativedelta, weekday as Weekday
from dateutil.relativedelta import MO, TU, WE, TH, FR, SA, SU
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planner.days.business_calendar import BusinessCalendar
from planner.errors import DateExpressionError

__all__ = ["YearlyDate", "parse_yearly", "parse_shift", "DateExpr", "Roll", "resolve", "closure_day"]

_WEEKDAYS: dict[str, Weekday] = {
    "monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH,
    "friday": FR, "saturday": SA, "sunday": SU,
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july",
         "august", "september", "october", "november", "december"], start=1)
}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
}
_ORD = "|".join(_ORDINALS)
_WD = "|".join(_WEEKDAYS)
_MON = "|".join(_MONTHS)
_NTH_WEEKDAY = re.compile(rf"^(?:the\s+)?({_ORD})\s+({_WD})\s+(?:of|in)\s+({_MON})$")
_WEEKDAY_AFTER = re.compile(
    rf"^(?:the\s+)?({_ORD})\s+({_WD})\s+after\s+(?:the\s+)?({_ORD})\s+({_WD})\s+(?:of|in)\s+({_MON})$"
)
_MONTH_DAY = re.compile(rf"^({_MON})\s+(\d{{1,2}})$")
_SHIFT = re.compile(r"^([+-])\s*(\d{1,4})\s+(day|days|month|months|year|years)$")


@dataclass(frozen=True)
class YearlyDate:
    """One day of any year, as the bylaws describe it."""

    text: str
    month: int
    day: int | None = None  # fixed day of the month ("December 31")
    nth: int | None = None  # 1..5 or -1 for "last"
    weekday: Weekday | None = None
    # "<nth> <weekday> after the <base_nth> <base_weekday> of <month>"
    base_nth: int | None = None
    base_weekday: Weekday | None = None

    def in_year(self, year: int) -> date:
        first = date(year, self.month, 1)
        if self.day is not None:
            try:
                return date(year, self.month, self.day)
            except ValueError as exc:  # February 29 in a common year
                raise DateExpressionError(f"{self.text!r} does not exist in {year}") from exc
        if self.base_weekday is not None:
            base = first + relativedelta(weekday=self.base_weekday(self.base_nth))
            # "after" excludes the base day itself.
            return base + relativedelta(days=1, weekday=self.weekday(self.nth))
        if self.nth == -1:
            return first + relativedelta(day=31, weekday=self.weekday(-1))
        found = first + relativedelta(weekday=self.weekday(self.nth))
        if found.month != self.month:
            raise DateExpressionError(f"{self.text!r} does not exist in {year}")
        return found


def parse_yearly(text: str) -> YearlyDate:
    """Parse a yearly date; raises DateExpressionError naming the text."""
    key = " ".join(text.lower().replace(",", " ").split())
    if m := _NTH_WEEKDAY.match(key):
        return YearlyDate(text, month=_MONTHS[m[3]], nth=_ORDINALS[m[1]], weekday=_WEEKDAYS[m[2]])
    if m := _WEEKDAY_AFTER.match(key):
        if _ORDINALS[m[1]] < 0 or _ORDINALS[m[3]] < 0:
            raise DateExpressionError(f"{text!r}: 'last' cannot be combined with 'after'")
        return YearlyDate(
            text, month=_MONTHS[m[5]], nth=_ORDINALS[m[1]], weekday=_WEEKDAYS[m[2]],
            base_nth=_ORDINALS[m[3]], base_weekday=_WEEKDAYS[m[4]],
        )
    if m := _MONTH_DAY.match(key):
        month, day = _MONTHS[m[1]], int(m[2])
        try:
            date(2024, month, day)  # a leap year admits every real month-day
        except ValueError as exc:
            raise DateExpressionError(f"{text!r} is not a day of the year") from exc
        return YearlyDate(text, month=month, day=day)
    raise DateExpressionError(
        f"cannot read {text!r}; write e.g. 'last Wednesday of April', "
        "'third Friday after the first Monday of April', 'December 31' or 2027-04-28"
    )


def parse_shift(text: str) -> relativedelta:
    m = _SHIFT.match(" ".join(text.lower().split()))
    if not m:
        raise DateExpressionError(f"cannot read shift {text!r}; write e.g. '+6 months' or '-1 day'")
    amount = int(m[2]) * (1 if m[1] == "+" else -1)
    unit = m[3].rstrip("s") + "s"
    return relativedelta(**{unit: amount})


Roll = Literal["none", "next_business_day", "previous_business_day"]
_MAX_ANCHOR_DEPTH = 20


class DateExpr(BaseModel):
    """A date in a given plan year.

    Exactly one of ``day`` (a yearly date or an ISO date) and ``anchor`` (the
    name of another date the scenario defines) is set.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Not "on": YAML 1.1 reads a bare `on` key as the boolean true.
    day: str | date | None = Field(None, description="Yearly date in the bylaws' terms, or an ISO date.")
    anchor: str | None = Field(None, description="Name of a date in the scenario's `anchors`.")
    year_offset: int = Field(0, ge=-50, le=50, description="Years relative to the plan year.")
    shift: str | None = Field(None, description="Calendar shift such as '+6 months' or '-1 day'.")
    roll: Roll = Field("none", description="Where to move the date if it is not a business day.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, (str, date)):
            return {"day": value}
        return value

    @field_validator("day")
    @classmethod
    def _check_day(cls, value: str | date | None) -> str | date | None:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                if re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
                    raise DateExpressionError(f"{value!r} is not a real date") from None
                parse_yearly(value)
        return value

    @field_validator("shift")
    @classmethod
    def _check_shift(cls, value: str | None) -> str | None:
        if value is not None:
            parse_shift(value)
        return value

    @model_validator(mode="after")
    def _one_base(self) -> "DateExpr":
        if (self.day is None) == (self.anchor is None):
            raise DateExpressionError("give exactly one of 'day' and 'anchor'")
        return self

    def describe(self) -> str:
        """In words: '6 months after fiscal year end', 'last Wednesday of April'."""
        base = str(self.day) if self.day is not None else (self.anchor or "").replace("_", " ")
        if self.year_offset:
            base += f" ({self.year_offset:+d} year{'s' if abs(self.year_offset) > 1 else ''})"
        shift = _SHIFT.match(" ".join(self.shift.lower().split())) if self.shift else None
        if shift:
            amount, unit = int(shift[2]), shift[3].rstrip("s")
            base = f"{amount} {unit}{'' if amount == 1 else 's'} {'after' if shift[1] == '+' else 'before'} {base}"
        if self.roll != "none":
            base += f", rolled to the {self.roll.replace('_', ' ')}"
        return base


def closure_day(value: "date | str | DateExpr") -> "date | DateExpr":
    """A closure given on the command line or to the API: an ISO date, or a
    yearly date in the bylaws' terms ("December 24", "last Friday of
    November") that each plan resolves in its own year, as a scenario's
    `closures` are.  Raises DateExpressionError for anything else."""
    if isinstance(value, (date, DateExpr)):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        pass
    try:
        return DateExpr(day=value.strip())
    except ValidationError as exc:
        raise DateExpressionError(str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from None


def resolve(
    expr: DateExpr,
    year: int,
    anchors: dict[str, DateExpr],
    calendar: BusinessCalendar | None,
    _seen: tuple[str, ...] = (),
) -> date:
    """The concrete date of `expr` for plan year `year`."""
    if expr.anchor is not None:
        if len(_seen) > _MAX_ANCHOR_DEPTH:
            raise DateExpressionError(f"anchors refer to anchors more than {_MAX_ANCHOR_DEPTH} deep")
        if expr.anchor in _seen:
            raise DateExpressionError(f"anchor {expr.anchor!r} refers to itself via {' -> '.join(_seen)}")
        if expr.anchor not in anchors:
            raise DateExpressionError(f"unknown anchor {expr.anchor!r}; defined: {sorted(anchors) or 'none'}")
        day = resolve(anchors[expr.anchor], year + expr.year_offset, anchors, calendar, _seen + (expr.anchor,))
    elif isinstance(expr.day, date):
        day = expr.day  # an ISO date is absolute: the plan year does not move it
    else:
        target = year + expr.year_offset
        if not 1 <= target <= 9999:
            raise DateExpressionError(f"year {target} is out of range")
        day = parse_yearly(expr.day).in_year(target)
    if expr.shift:
        try:
            day = day + parse_shift(expr.shift)
        except (OverflowError, ValueError) as exc:
            raise DateExpressionError(f"{expr.describe()} leaves the calendar") from exc
    if expr.roll != "none":
        if calendar is None:
            raise DateExpressionError("a rollover needs a business calendar")
        try:
            day = calendar.next_business_day(day) if expr.roll == "next_business_day" else calendar.previous_business_day(day)
        except OverflowError:
            raise DateExpressionError(f"{expr.describe()} rolls off the calendar") from None
    return day
