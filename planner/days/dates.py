"""Dates in the bylaws' own terms, built on dateutil.

A *yearly date* is text such as "last Wednesday of April", "fourth Friday in
January", "third Friday after the first Monday of April" or "December 31";
it names one day in any year.  A :class:`DateExpr` adds a year offset, a
calendar-month or day shift ("+6 months", with end-of-month clipping as
relativedelta does it) and a rollover: to a business day, past legal
holidays only ("the next day that is not a legal holiday"), or to the next
secular day (Sundays and legal holidays skipped, Saturdays kept).

A date can also be a *position counted from an anchor*: "the third Wednesday
of the third month after fiscal_year_end", "the last business day of the
fourth month after fiscal_year_end", "the first Monday of the month of
incorporation, each year".  Months are calendar months counted from the
month the anchor falls in, so moving the anchor moves the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta, weekday as Weekday
from dateutil.relativedelta import MO, TU, WE, TH, FR, SA, SU
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planner.days.business_calendar import BusinessCalendar
from planner.errors import DateExpressionError, MissingDateError

__all__ = [
    "YearlyDate", "parse_yearly", "parse_shift", "parse_position", "Position", "DateExpr", "Roll", "ROLLS",
    "roll", "resolve", "closure_day",
]

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
                raise MissingDateError(f"{self.text!r} does not exist in {year}") from exc
        if self.base_weekday is not None:
            base = first + relativedelta(weekday=self.base_weekday(self.base_nth))
            # "after" excludes the base day itself.
            return base + relativedelta(days=1, weekday=self.weekday(self.nth))
        if self.nth == -1:
            return first + relativedelta(day=31, weekday=self.weekday(-1))
        found = first + relativedelta(weekday=self.weekday(self.nth))
        if found.month != self.month:
            raise MissingDateError(f"{self.text!r} does not exist in {year}: {_how_many(first, self.weekday)}")
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


# --- Positions counted from an anchor ---------------------------------------

PositionUnit = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU", "day", "business_day"]
_UNIT_OF_WORD = {**{name: name[:2].upper() for name in _WEEKDAYS}, "business day": "business_day", "day": "day"}
_WORD_OF_UNIT = {unit: word for word, unit in _UNIT_OF_WORD.items()}
_COUNT_WORDS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
]
_COUNTS = {word: n for n, word in enumerate(_COUNT_WORDS, start=1)}
_COUNT = rf"(?:{'|'.join(_COUNT_WORDS)}|\d{{1,2}}(?:st|nd|rd|th))"
_ANCHORED = re.compile(
    rf"^(?:the\s+)?(?P<nth>{_COUNT}|last)\s+(?P<unit>{_WD}|business\s+day|day)\s+(?:of|in)\s+"
    rf"the\s+(?:(?P<months>{_COUNT})\s+)?month\s+(?P<way>after|before|of)\s+"
    rf"(?:the\s+)?(?P<anchor>[a-z][a-z0-9_]*)(?P<each>,?\s+each\s+year)?$",
    re.IGNORECASE,
)
# The most of each unit a month can hold: a sixth Monday or a 24th business day never exists.
_MAX_NTH = {"day": 31, "business_day": 23}


def _count(word: str) -> int:
    word = word.lower()
    return _COUNTS[word] if word in _COUNTS else int(word[:-2])


def _ordinal(n: int) -> str:
    if n == -1:
        return "last"
    if n <= len(_COUNT_WORDS):
        return _COUNT_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Position:
    """"<nth> <unit> of the <k-th> month after|before <anchor>" read from text."""

    nth: int
    weekday: str  # a PositionUnit
    month_offset: int
    anchor: str
    each_year: bool = False


def parse_position(text: str) -> Position | None:
    """A position counted from an anchor, or None if `text` is not written
    as one (then it may still be a yearly date)."""
    m = _ANCHORED.match(" ".join(text.replace(",", " , ").split()).replace(" ,", ","))
    if not m:
        return None
    unit = _UNIT_OF_WORD[" ".join(m["unit"].lower().split())]
    months = _count(m["months"]) if m["months"] else 1
    way = m["way"].lower()
    if way == "of" and m["months"]:
        raise DateExpressionError(f"{text!r}: write 'the {m['months']} month after' or 'before', or 'the month of'")
    offset = 0 if way == "of" else months if way == "after" else -months
    return Position(nth=-1 if m["nth"].lower() == "last" else _count(m["nth"]), weekday=unit,
                    month_offset=offset, anchor=m["anchor"], each_year=bool(m["each"]))


def _how_many(first: date, weekday: Weekday) -> str:
    """"April 2027 has 4 Wednesdays", for the message of a missing day."""
    count = ((first + relativedelta(day=31, weekday=weekday(-1))).day + 6) // 7
    name = next(n for n, w in _WEEKDAYS.items() if w == weekday).capitalize()
    return f"{first:%B %Y} has {count} {name}s"


def _nth_in_month(first: date, nth: int, unit: str, calendar: BusinessCalendar | None, what: str) -> date:
    """The nth (or last, nth == -1) day of `unit` in the month starting on `first`."""
    if unit == "day":
        if nth == -1:
            return first + relativedelta(day=31)
        found = first + relativedelta(day=nth)  # clips to the month's end: check it did not
        if found.day != nth:
            raise MissingDateError(f"{what} does not exist in {first:%B %Y}")
        return found
    if unit == "business_day":
        if calendar is None:
            raise DateExpressionError(f"{what} needs a business calendar")
        days = [first + timedelta(days=i) for i in range((first + relativedelta(day=31)).day)]
        business = [d for d in days if calendar.is_business_day(d)]
        if nth == -1 and business:
            return business[-1]
        if 0 < nth <= len(business):
            return business[nth - 1]
        raise MissingDateError(f"{what} does not exist in {first:%B %Y}")
    weekday = _WEEKDAYS[_WORD_OF_UNIT[unit]]
    if nth == -1:
        return first + relativedelta(day=31, weekday=weekday(-1))
    found = first + relativedelta(weekday=weekday(nth))
    if found.month != first.month:
        raise MissingDateError(f"{what} does not exist in {first:%B %Y}: {_how_many(first, weekday)}")
    return found


# --- Rollovers ---------------------------------------------------------------

Roll = Literal[
    "none", "next_business_day", "previous_business_day", "next_non_holiday", "previous_non_holiday",
    "next_secular_day",
]


def _business(calendar: BusinessCalendar, day: date) -> bool:
    return calendar.is_business_day(day)


def _not_holiday(calendar: BusinessCalendar, day: date) -> bool:
    # Weekends stay: "if a legal holiday, then the next day that is not a
    # legal holiday" says nothing of Saturdays and Sundays.
    return not calendar.is_holiday(day)


def _secular(calendar: BusinessCalendar, day: date) -> bool:
    # "The next succeeding secular day": Sundays and legal holidays are not
    # secular days; Saturdays are.
    return day.weekday() != 6 and not calendar.is_holiday(day)


# roll -> (direction, which days the date may stay on)
ROLLS = {
    "next_business_day": (1, _business),
    "previous_business_day": (-1, _business),
    "next_non_holiday": (1, _not_holiday),
    "previous_non_holiday": (-1, _not_holiday),
    "next_secular_day": (1, _secular),
}


def roll(day: date, how: Roll, calendar: BusinessCalendar) -> date:
    """`day` itself if it may stay, else the nearest day in the roll's
    direction that may.  Holidays are the state's legal holidays
    (python-holidays) and the closures the scenario or the run adds."""
    if how == "none":
        return day
    step, keeps = ROLLS[how]
    while not keeps(calendar, day):
        day += timedelta(days=step)
    return day


_MAX_ANCHOR_DEPTH = 20
_POSITION_FIELDS = ("nth", "weekday", "month_offset")


class DateExpr(BaseModel):
    """A date in a given plan year.

    Exactly one of ``day`` (a yearly date or an ISO date) and ``anchor`` (the
    name of another date the scenario defines) is set.  With an anchor, a
    *position* (``nth``, ``weekday``, ``month_offset``) names a day of a
    month counted from the anchor's month; ``day`` text written as a
    position ("third Wednesday of the third month after fiscal_year_end") is
    read into those fields.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Not "on": YAML 1.1 reads a bare `on` key as the boolean true.
    day: str | date | None = Field(None, description="Yearly date in the bylaws' terms, a position counted from an anchor, or an ISO date.")
    anchor: str | None = Field(None, description="Name of a date in the scenario's `anchors`.")
    nth: int | None = Field(None, ge=-1, le=31, description="With weekday: 1 for the first, 2 for the second, ..., -1 for the last.")
    weekday: PositionUnit | None = Field(None, description="MO..SU, day or business_day: what nth counts in the month.")
    month_offset: int | None = Field(None, ge=-120, le=120, description="Calendar months after (+) or before (-) the anchor's month; 0 is the anchor's own month.")
    each_year: bool = Field(False, description="Take only the anchor's month (or month and day), in the plan year: 'the month of incorporation'.")
    year_offset: int = Field(0, ge=-50, le=50, description="Years relative to the plan year.")
    shift: str | None = Field(None, description="Calendar shift such as '+6 months' or '-1 day'.")
    roll: Roll = Field("none", description="Where to move the date if it may not stay where it falls (a holiday, a weekend).")
    placeholder: bool = Field(
        False, description="A stand-in nobody has confirmed (a drafted rulebook's last annual meeting): rules counted "
                           "from it are missing, not checked, until a scenario gives the anchor.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, (str, date)):
            value = {"day": value}
        if isinstance(value, dict) and isinstance(value.get("day"), str):
            position = parse_position(value["day"])
            if position is not None:
                if any(value.get(f) is not None for f in ("anchor", *_POSITION_FIELDS)):
                    raise DateExpressionError(f"{value['day']!r} already names its anchor and position; drop the other fields")
                value = {k: v for k, v in value.items() if k != "day"}
                value.update(anchor=position.anchor, nth=position.nth, weekday=position.weekday,
                             month_offset=position.month_offset, each_year=position.each_year or value.get("each_year", False))
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

    @field_validator("weekday", mode="before")
    @classmethod
    def _weekday_names(cls, value: object) -> object:
        # RFC 5545 codes (WE) as dateutil writes them; the full name reads as well.
        if isinstance(value, str):
            word = " ".join(value.lower().replace("_", " ").split())
            if word in _UNIT_OF_WORD:
                return _UNIT_OF_WORD[word]
            if word.upper() in _WORD_OF_UNIT:
                return word.upper()
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
        positioned = [f for f in _POSITION_FIELDS if getattr(self, f) is not None]
        if positioned and self.anchor is None:
            raise DateExpressionError(f"{positioned[0]!r} counts from an anchor; give 'anchor'")
        if self.each_year and self.anchor is None:
            raise DateExpressionError("'each_year' takes an anchor's month in the plan year; give 'anchor'")
        if positioned and (self.nth is None or self.weekday is None):
            raise DateExpressionError("a position needs both 'nth' and 'weekday' (e.g. nth: 3, weekday: WE)")
        if self.nth is not None:
            most = _MAX_NTH.get(self.weekday, 5)
            if self.nth == 0 or self.nth > most:
                unit = _WORD_OF_UNIT[self.weekday]
                raise DateExpressionError(f"nth {self.nth}: a month has at most {most} {unit.capitalize() if unit in _WEEKDAYS else unit}s; -1 is the last")
        return self

    @property
    def positioned(self) -> bool:
        return self.weekday is not None

    def describe_position(self) -> str:
        """The position in the bylaws' words, as `parse_position` reads it."""
        offset = self.month_offset or 0
        months = ("the month of" if offset == 0 else
                  f"the {'' if abs(offset) == 1 else _ordinal(abs(offset)) + ' '}month {'after' if offset > 0 else 'before'}")
        unit = _WORD_OF_UNIT[self.weekday]
        unit = unit.capitalize() if unit in _WEEKDAYS else unit
        text = f"{_ordinal(self.nth)} {unit} of {months} {self.anchor}"
        return text + (", each year" if self.each_year else "")

    def describe(self) -> str:
        """In words: '6 months after fiscal year end', 'last Wednesday of April'."""
        if self.positioned:
            base = self.describe_position()
        else:
            base = str(self.day) if self.day is not None else (self.anchor or "").replace("_", " ")
            if self.each_year:
                base += ", each year"
        if self.year_offset:
            base += f" ({self.year_offset:+d} year{'s' if abs(self.year_offset) > 1 else ''})"
        shift = _SHIFT.match(" ".join(self.shift.lower().split())) if self.shift else None
        if shift:
            amount, unit = int(shift[2]), shift[3].rstrip("s")
            base = f"{amount} {unit}{'' if amount == 1 else 's'} {'after' if shift[1] == '+' else 'before'} {base}"
        if self.roll != "none":
            base += f", rolled to the {self.roll.replace('_', ' ')}"
        return base


def _anchor_day(expr: DateExpr, year: int, anchors: dict[str, DateExpr], calendar: BusinessCalendar | None,
                seen: tuple[str, ...]) -> date:
    """The day `expr` counts from: its anchor's date, then the position in
    the month counted from the anchor's month, if it names one."""
    if len(seen) > _MAX_ANCHOR_DEPTH:
        raise DateExpressionError(f"anchors refer to anchors more than {_MAX_ANCHOR_DEPTH} deep")
    if expr.anchor in seen:
        raise DateExpressionError(f"anchor {expr.anchor!r} refers to itself via {' -> '.join(seen)}")
    if expr.anchor not in anchors:
        raise DateExpressionError(f"unknown anchor {expr.anchor!r}; defined: {sorted(anchors) or 'none'}")
    target = year + expr.year_offset
    day = resolve(anchors[expr.anchor], target, anchors, calendar, seen + (expr.anchor,))
    if expr.each_year:
        # The anchor's month (and day) in the plan year: "the month of
        # incorporation" recurs every year; February 29 clips to the 28th.
        if not 1 <= target <= 9999:
            raise DateExpressionError(f"year {target} is out of range")
        day = day + relativedelta(year=target)
    if not expr.positioned:
        return day
    try:
        first = day.replace(day=1) + relativedelta(months=expr.month_offset or 0)
    except (OverflowError, ValueError):
        raise DateExpressionError(f"{expr.describe()} leaves the calendar") from None
    return _nth_in_month(first, expr.nth, expr.weekday, calendar, expr.describe_position())


def closure_day(value: "date | str | DateExpr") -> "date | DateExpr":
    """A closure given on the command line or to the API: an ISO date, or a
    yearly date in the bylaws' terms ("December 24", "last Friday of
    November") that closes that day in every year a plan spans, as a scenario's
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
        day = _anchor_day(expr, year, anchors, calendar, _seen)
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
            day = roll(day, expr.roll, calendar)
        except OverflowError:
            raise DateExpressionError(f"{expr.describe()} rolls off the calendar") from None
    return day
