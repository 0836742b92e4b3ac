"""The bylaws' date language (issue 13): rolls past legal holidays only, to
the next secular day, and positions counted from an anchor, each over
2025-2040 against an oracle that walks the calendar day by day with the
state's holidays taken straight from python-holidays (no dateutil, no
planner calendar)."""

from __future__ import annotations

import calendar as cal
from datetime import date, timedelta

import holidays
import pytest

from planner.days.business_calendar import BusinessCalendar
from planner.days.dates import DateExpr, parse_position, resolve
from planner.errors import DateExpressionError, MissingDateError

YEARS = range(2025, 2041)
STATES = ("DE", "CO", "CA", "NY", "LA", "TX")


def legal_holidays(state: str) -> set[date]:
    return set(holidays.US(subdiv=state, years=range(YEARS.start - 2, YEARS.stop + 2)))


def planner_calendar(state: str) -> BusinessCalendar:
    return BusinessCalendar("US", state, range(YEARS.start - 2, YEARS.stop + 2))


# --- the oracle: walk days, one at a time ------------------------------------

def walk(day: date, step: int, stays) -> date:
    while not stays(day):
        day += timedelta(days=step)
    return day


def oracle_roll(day: date, how: str, hols: set[date]) -> date:
    business = lambda d: d.weekday() < 5 and d not in hols  # noqa: E731
    not_holiday = lambda d: d not in hols  # noqa: E731
    secular = lambda d: d.weekday() != 6 and d not in hols  # noqa: E731
    return {
        "next_business_day": lambda: walk(day, 1, business),
        "previous_business_day": lambda: walk(day, -1, business),
        "next_non_holiday": lambda: walk(day, 1, not_holiday),
        "previous_non_holiday": lambda: walk(day, -1, not_holiday),
        "next_secular_day": lambda: walk(day, 1, secular),
    }[how]()


def month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, cal.monthrange(year, month)[1] + 1)]


def month_from(anchor: date, offset: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + offset
    return index // 12, index % 12 + 1


def oracle_position(anchor: date, offset: int, nth: int, unit: str, hols: set[date]) -> date | None:
    """The nth weekday / day / business day of the month `offset` months
    from the anchor's month; None when that month has no such day."""
    days = month_days(*month_from(anchor, offset))
    if unit == "business_day":
        days = [d for d in days if d.weekday() < 5 and d not in hols]
    elif unit != "day":
        days = [d for d in days if d.weekday() == "MO TU WE TH FR SA SU".split().index(unit)]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


# --- rolls -------------------------------------------------------------------

ROLL_DAYS = ["March 31", "February 1", "July 4", "December 25", "January 1", "November 11", "June 19",
             "last Monday of May", "first Monday of September", "December 24"]
ROLLS = ["next_business_day", "previous_business_day", "next_non_holiday", "previous_non_holiday", "next_secular_day"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("how", ROLLS)
def test_rolls_match_the_day_walk_2025_2040(state, how):
    hols, calendar = legal_holidays(state), planner_calendar(state)
    moved = 0
    for text in ROLL_DAYS:
        for year in YEARS:
            plain = resolve(DateExpr(day=text), year, {}, calendar)
            got = resolve(DateExpr(day=text, roll=how), year, {}, calendar)
            assert got == oracle_roll(plain, how, hols), f"{text!r} {how} in {year} ({state})"
            moved += got != plain
    assert moved  # the table holds days that do move, for every roll and state


ROLL_CASES = [
    # (day, roll, state, year, expected, why)
    ("March 31", "next_non_holiday", "DE", 2029, date(2029, 3, 31), "a Saturday, not a holiday: weekends stay"),
    ("March 31", "next_business_day", "DE", 2029, date(2029, 4, 2), "the business-day roll the issue reports"),
    ("March 31", "next_non_holiday", "CO", 2029, date(2029, 4, 1), "Cesar Chavez Day in Colorado: the next day, a Sunday"),
    ("March 31", "next_non_holiday", "CO", 2027, date(2027, 4, 1), "Cesar Chavez Day on a Wednesday: Thursday"),
    ("July 4", "next_non_holiday", "DE", 2026, date(2026, 7, 5), "Independence Day on a Saturday: the Sunday"),
    ("July 4", "previous_non_holiday", "DE", 2026, date(2026, 7, 2), "July 3 is the observed holiday: the Thursday"),
    ("December 25", "next_non_holiday", "DE", 2027, date(2027, 12, 26), "Christmas on a Saturday: the Sunday"),
    ("February 1", "next_secular_day", "DE", 2025, date(2025, 2, 1), "a Saturday is a secular day"),
    ("February 1", "next_secular_day", "DE", 2026, date(2026, 2, 2), "a Sunday is not: Monday"),
    ("February 1", "next_secular_day", "DE", 2027, date(2027, 2, 1), "a Monday stays"),
    ("December 25", "next_secular_day", "DE", 2027, date(2027, 12, 27), "Christmas (Sat) to Mon: Sunday skipped"),
    ("December 24", "next_secular_day", "DE", 2027, date(2027, 12, 27),
     "Christmas observed (Fri 24), Christmas (Sat 25), Sunday: Monday"),
    ("first Monday of September", "next_secular_day", "NY", 2030, date(2030, 9, 3), "Labor Day: Tuesday"),
]


@pytest.mark.parametrize("text,how,state,year,expected,why", ROLL_CASES, ids=[f"{c[0]}-{c[1]}-{c[3]}" for c in ROLL_CASES])
def test_roll_cases(text, how, state, year, expected, why):
    assert resolve(DateExpr(day=text, roll=how), year, {}, planner_calendar(state)) == expected, why


def test_closures_count_as_holidays_for_every_roll():
    closed = date(2027, 6, 14)  # a Monday the scenario closes
    calendar = BusinessCalendar("US", "DE", (2027,), {closed})
    assert resolve(DateExpr(day="2027-06-14", roll="next_non_holiday"), 2027, {}, calendar) == date(2027, 6, 15)
    assert resolve(DateExpr(day="2027-06-14", roll="previous_non_holiday"), 2027, {}, calendar) == date(2027, 6, 13)
    assert resolve(DateExpr(day="2027-06-14", roll="next_secular_day"), 2027, {}, calendar) == date(2027, 6, 15)


# --- positions counted from an anchor -------------------------------------------

# (text, (nth, unit, month offset), why)
POSITIONS = [
    ("third Wednesday of the third month after fiscal_year_end", (3, "WE", 3), "annual meeting after the close"),
    ("last business day of the fourth month after fiscal_year_end", (-1, "business_day", 4), "a proxy deadline"),
    ("first Monday of the month of fiscal_year_end", (1, "MO", 0), "the anchor's own month"),
    ("last day of the month before fiscal_year_end", (-1, "day", -1), "end of the month before"),
    ("first day of the month before fiscal_year_end", (1, "day", -1), "start of the month before"),
    ("second Tuesday of the month after fiscal_year_end", (2, "TU", 1), "'the month after' is the first"),
    ("5th business day of the 2nd month after the fiscal_year_end", (5, "business_day", 2), "numerals read too"),
    ("the last Friday in the sixth month before fiscal_year_end", (-1, "FR", -6), "counting back"),
]
FISCAL_YEAR_ENDS = [
    ({"day": "December 31", "year_offset": -1}, "calendar year"),
    ({"day": "June 30", "year_offset": -1}, "June year end"),
    ({"day": "September 30", "year_offset": -1}, "September year end"),
    ({"day": "January 31"}, "retail year end"),
    ({"day": "last Saturday of August", "year_offset": -1}, "52-53 week year"),
]


@pytest.mark.parametrize("text,spec,why", POSITIONS, ids=[p[0] for p in POSITIONS])
@pytest.mark.parametrize("fye,fye_why", FISCAL_YEAR_ENDS, ids=[f[1] for f in FISCAL_YEAR_ENDS])
def test_positions_from_the_fiscal_year_end_match_the_oracle_2025_2040(text, spec, why, fye, fye_why):
    anchors = {"fiscal_year_end": DateExpr.model_validate(fye)}
    hols, calendar = legal_holidays("DE"), planner_calendar("DE")
    nth, unit, offset = spec
    expr = DateExpr.model_validate(text)
    assert (expr.anchor, expr.nth, expr.weekday, expr.month_offset) == ("fiscal_year_end", nth, unit, offset)
    for year in YEARS:
        end = resolve(anchors["fiscal_year_end"], year, anchors, calendar)
        assert resolve(expr, year, anchors, calendar) == oracle_position(end, offset, nth, unit, hols), (year, why)


def test_moving_the_fiscal_year_end_moves_the_date():
    expr = DateExpr.model_validate("third Wednesday of the third month after fiscal_year_end")
    december = {"fiscal_year_end": DateExpr(day="December 31", year_offset=-1)}
    june = {"fiscal_year_end": DateExpr(day="June 30", year_offset=-1)}
    assert resolve(expr, 2027, december, None) == date(2027, 3, 17)
    assert resolve(expr, 2027, june, None) == date(2026, 9, 16)


def test_each_year_takes_the_month_of_incorporation_in_the_plan_year():
    """"Within six months of the first Monday of the month of incorporation":
    the incorporation date is fixed; its month recurs every year."""
    anchors = {"incorporation": DateExpr(day="1998-03-14")}
    first = DateExpr.model_validate("first Monday of the month of incorporation, each year")
    last = DateExpr.model_validate({"day": "first Monday of the month of incorporation, each year", "shift": "+6 months"})
    assert first.each_year and first.month_offset == 0
    for year in YEARS:
        monday = oracle_position(date(year, 3, 14), 0, 1, "MO", set())
        assert resolve(first, year, anchors, None) == monday, year
        assert resolve(last, year, anchors, None) == date(year, 9, monday.day), year  # March + 6 months, same day
    # Without each_year the position stays in the anchor's own year.
    assert resolve(DateExpr.model_validate("first Monday of the month of incorporation"), 2027, anchors, None) == date(1998, 3, 2)


@pytest.mark.parametrize("text", [p[0] for p in POSITIONS] + ["first Monday of the month of incorporation, each year"])
def test_positions_read_back_as_written(text):
    """text -> position -> text -> the same position."""
    expr = DateExpr.model_validate(text)
    again = DateExpr.model_validate(expr.describe_position())
    assert again == expr and again.describe() == expr.describe()


def test_structured_and_text_positions_are_the_same_date():
    text = DateExpr.model_validate("third Wednesday of the third month after fiscal_year_end")
    structured = DateExpr.model_validate({"nth": 3, "weekday": "WE", "month_offset": 3, "anchor": "fiscal_year_end"})
    named = DateExpr.model_validate({"nth": 3, "weekday": "Wednesday", "month_offset": 3, "anchor": "fiscal_year_end"})
    assert text == structured == named


def test_a_position_that_a_month_lacks_is_a_missing_date():
    anchors = {"fiscal_year_end": DateExpr(day="December 31", year_offset=-1)}
    fifth = DateExpr.model_validate("fifth Wednesday of the fourth month after fiscal_year_end")
    hits = {}
    for year in YEARS:
        try:
            hits[year] = resolve(fifth, year, anchors, None)
        except MissingDateError as exc:
            assert f"April {year}" in str(exc)
            hits[year] = None
        assert hits[year] == oracle_position(date(year - 1, 12, 31), 4, 5, "WE", set()), year
    assert None in hits.values() and any(hits.values())


@pytest.mark.parametrize("bad,message", [
    ({"anchor": "x", "nth": 6, "weekday": "MO"}, "at most 5 Mondays"),
    ({"anchor": "x", "nth": 24, "weekday": "business_day"}, "at most 23"),
    ({"anchor": "x", "weekday": "MO"}, "needs both"),
    ({"day": "June 1", "nth": 2}, "counts from an anchor"),
    ({"day": "June 1", "each_year": True}, "give 'anchor'"),
    ({"day": "third Wednesday of the third month of x"}, "the month of"),
    ({"day": "third Wednesday of the third month after x", "anchor": "y"}, "drop the other fields"),
    ({"anchor": "x", "nth": 1, "weekday": "Funday"}, "weekday"),
])
def test_unreadable_positions_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        DateExpr.model_validate(bad)


def test_business_day_positions_need_a_calendar():
    anchors = {"fiscal_year_end": DateExpr(day="December 31", year_offset=-1)}
    with pytest.raises(DateExpressionError, match="business calendar"):
        resolve(DateExpr.model_validate("last business day of the month after fiscal_year_end"), 2027, anchors, None)


def test_a_position_is_not_read_as_a_yearly_date():
    assert parse_position("third Friday after the first Monday of April") is None
    assert parse_position("last Wednesday of April") is None
