"""Date rules in the bylaws' terms, over 2020-2040, against an oracle that
walks the calendar day by day (no dateutil)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from planner.days.business_calendar import BusinessCalendar, DayArithmetic
from planner.days.dates import DateExpr, parse_shift, parse_yearly, resolve
from planner.errors import DateExpressionError

YEARS = range(2020, 2041)
WEEKDAYS = list(calendar.day_name)  # Monday first, as date.weekday()
MONTHS = list(calendar.month_name)


def days_of(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    hits = [d for d in days_of(year, month) if d.weekday() == weekday]
    return hits[n - 1] if n > 0 else hits[n]


def weekday_after(year: int, month: int, weekday: int, n: int, base_weekday: int, base_n: int) -> date:
    day, found = nth_weekday(year, month, base_weekday, base_n), 0
    while found < n:
        day += timedelta(days=1)
        found += day.weekday() == weekday
    return day


CASES = [
    # (text, oracle(year), why)
    ("last Wednesday of April", lambda y: nth_weekday(y, 4, 2, -1), "Williams annual meeting, Art. I §1.1"),
    ("last Wednesday in April", lambda y: nth_weekday(y, 4, 2, -1), "'in' and 'of' are the same"),
    ("third Friday after the first Monday of April", lambda y: weekday_after(y, 4, 4, 3, 0, 1), "Cleco annual meeting"),
    ("third Friday after the first Monday in July", lambda y: weekday_after(y, 7, 4, 3, 0, 1), "Cleco July board meeting"),
    ("third Friday after the first Monday of October", lambda y: weekday_after(y, 10, 4, 3, 0, 1), "Cleco October board meeting"),
    ("fourth Friday of January", lambda y: nth_weekday(y, 1, 4, 4), "Cleco January board meeting"),
    ("second Tuesday in June", lambda y: nth_weekday(y, 6, 1, 2), "a board's choice"),
    ("first Monday of September", lambda y: nth_weekday(y, 9, 0, 1), "Labor Day pattern"),
    ("December 31", lambda y: date(y, 12, 31), "fiscal year end"),
    ("June 15", lambda y: date(y, 6, 15), "fixed date"),
]


@pytest.mark.parametrize("text,oracle,why", CASES, ids=[c[0] for c in CASES])
def test_yearly_dates_match_oracle_2020_2040(text, oracle, why):
    rule = parse_yearly(text)
    for year in YEARS:
        assert rule.in_year(year) == oracle(year), f"{text} in {year} ({why})"


def test_third_friday_after_first_monday_is_not_third_friday_of_month():
    # 2026: first Monday of April is the 6th; Fridays after it: 10, 17, 24.
    assert parse_yearly("third Friday after the first Monday of April").in_year(2026) == date(2026, 4, 24)
    assert parse_yearly("third Friday of April").in_year(2026) == date(2026, 4, 17)


def test_fifth_weekday_missing_in_some_years_is_an_error():
    with pytest.raises(DateExpressionError, match="does not exist"):
        parse_yearly("fifth Monday of February").in_year(2027)


@pytest.mark.parametrize("text", ["someday in April", "last Funday of April", "February 30", "13th Friday of May"])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(DateExpressionError):
        parse_yearly(text)


MONTH_CASES = [
    ("2026-08-31", "+6 months", "2027-02-28", "clipped to the end of February"),
    ("2027-08-31", "+6 months", "2028-02-29", "leap year"),
    ("2026-12-31", "+6 months", "2027-06-30", "fiscal year end + 6 months"),
    ("2026-06-09", "+15 months", "2027-09-09", "last annual meeting + 15 months"),
    ("2027-03-31", "-1 month", "2027-02-28", "backwards"),
    ("2027-04-28", "-1 day", "2027-04-27", "a day"),
]


@pytest.mark.parametrize("start,shift,expected,why", MONTH_CASES)
def test_calendar_month_shifts(start, shift, expected, why):
    assert date.fromisoformat(start) + parse_shift(shift) == date.fromisoformat(expected), why


def test_rollover_moves_a_holiday_to_the_next_business_day_every_year():
    for year in YEARS:
        meeting = nth_weekday(year, 4, 2, -1)
        closed = BusinessCalendar("US", "DE", range(year - 1, year + 2), {meeting})
        rolled = resolve(DateExpr(day="last Wednesday of April", roll="next_business_day"), year, {}, closed)
        assert rolled == meeting + timedelta(days=1), year  # a Thursday, not a holiday in DE in April
        plain = BusinessCalendar("US", "DE", range(year - 1, year + 2))
        assert resolve(DateExpr(day="last Wednesday of April", roll="next_business_day"), year, {}, plain) == meeting


def test_rollover_skips_weekends_and_consecutive_closures():
    cal = BusinessCalendar("US", "DE", (2027,), {date(2027, 4, 30)})  # a Friday
    expr = DateExpr(day="2027-04-29", roll="next_business_day")  # Thursday, open
    assert resolve(expr, 2027, {}, cal) == date(2027, 4, 29)
    expr = DateExpr(day="2027-04-30", roll="next_business_day")
    assert resolve(expr, 2027, {}, cal) == date(2027, 5, 3)  # Monday
    expr = DateExpr(day="2027-05-01", roll="previous_business_day")
    assert resolve(expr, 2027, {}, cal) == date(2027, 4, 29)


def test_anchors_year_offsets_and_cycles():
    anchors = {
        "fiscal_year_end": DateExpr(day="December 31", year_offset=-1),
        "deadline": DateExpr(anchor="fiscal_year_end", shift="+6 months"),
        "loop": DateExpr(anchor="loop"),
    }
    assert resolve(DateExpr(anchor="deadline"), 2027, anchors, None) == date(2027, 6, 30)
    with pytest.raises(DateExpressionError, match="refers to itself"):
        resolve(DateExpr(anchor="loop"), 2027, anchors, None)
    with pytest.raises(DateExpressionError, match="unknown anchor"):
        resolve(DateExpr(anchor="nope"), 2027, anchors, None)


def test_iso_dates_are_absolute_and_checked():
    assert resolve(DateExpr.model_validate("2027-04-28"), 2031, {}, None) == date(2027, 4, 28)
    with pytest.raises(ValueError, match="not a real date"):
        DateExpr.model_validate("2027-02-30")


@pytest.mark.parametrize("cal", [
    BusinessCalendar("US", "DE", range(2026, 2029)),
    # Closures on a Wednesday, a Monday, a leap day and a Saturday (which closes nothing).
    BusinessCalendar("US", None, range(2026, 2029),
                     {date(2027, 3, 24), date(2027, 12, 27), date(2028, 2, 29), date(2027, 3, 27)}),
], ids=["DE", "federal with closures"])
def test_business_day_arithmetic_against_day_walk(cal):
    start = date(2027, 1, 1)
    for offset in range(0, 365, 3):
        day = start + timedelta(days=offset)
        assert cal.add_business_days(day, 0) == day
        for n in (1, 2, 4, 5, 6, 10, 20, 60, 250):
            forward, count = day, 0
            while count < n:
                forward += timedelta(days=1)
                count += forward.weekday() < 5 and not cal.is_holiday(forward)
            assert cal.add_business_days(day, n) == forward
            backward, count = day, 0
            while count < n:
                backward -= timedelta(days=1)
                count += backward.weekday() < 5 and not cal.is_holiday(backward)
            assert cal.add_business_days(day, -n) == backward


def test_state_holidays_come_from_python_holidays():
    de = BusinessCalendar("US", "DE", (2027,))
    assert not de.is_business_day(date(2027, 3, 26))  # Good Friday is a Delaware holiday
    co = BusinessCalendar("US", "CO", (2027,))
    assert co.is_business_day(date(2027, 3, 26))
    assert not co.is_business_day(date(2027, 7, 5))  # Independence Day observed


@pytest.mark.parametrize("closures", [(), (date(2027, 3, 26), date(2027, 12, 24))])
def test_day_arithmetic_from_the_shared_cache_is_a_day_walk(closures):
    """DayArithmetic takes business days from a cache per calendar that grows
    as problems ask for wider ranges; each must still see the calendar's
    own business days, whatever was asked before."""
    calendar = BusinessCalendar("US", "DE", range(2024, 2032), set(closures))
    for origin, first, last in [(date(2027, 4, 1), -30, 30), (date(2026, 1, 1), -900, 40),
                                (date(2031, 6, 1), 0, 200), (date(2027, 4, 1), -30, 30)]:
        days = DayArithmetic(calendar, origin, first, last)
        walked = [d for d in range(first, last + 1) if calendar.is_business_day(origin + timedelta(days=d))]
        assert days.business == walked


def _least_by_walk(fn, value: int, start: int) -> int:
    """The least d with fn(d) >= value, by walking down from a day that has it."""
    d = start
    assert fn(d) >= value
    while fn(d - 1) >= value:
        d -= 1
    return d


@pytest.mark.parametrize("days", [-20, -10, -5, -2, -1, 1, 2, 5, 10, 20])
@pytest.mark.parametrize("lag", [0, 3])
def test_a_business_day_count_knows_its_least_preimage(days, lag):
    """A business-day shift's inverse is the least preimage a walk finds,
    for every value across a span with holidays (Good Friday, July 4th on a
    Sunday) and near its edges: the propagation takes it as it is."""
    from planner.engine.propagation import _least_preimage
    from planner.rules.bounds import shifted

    calendar = BusinessCalendar("US", "DE", range(2026, 2029))
    arithmetic = DayArithmetic(calendar, date(2027, 1, 1), -120, 500)
    for fn in (arithmetic.business_shift(days, lag), shifted(arithmetic.business_shift(days, lag), -lag)):
        for value in range(-60, 440):
            walked = _least_by_walk(fn, value, value + 60)
            assert fn.preimage(value) == walked, (days, lag, value)
            assert _least_preimage(fn, value) == walked, (days, lag, value)


def test_a_business_day_count_gives_no_inverse_off_its_table_and_the_propagation_searches():
    """Past the table of business days a shift leaves it (five business
    days a week, no holidays), so its inverse says nothing there (None) and
    the propagation finds the least preimage by searching."""
    from planner.engine.propagation import _least_preimage

    calendar = BusinessCalendar("US", "DE", range(2026, 2029))
    arithmetic = DayArithmetic(calendar, date(2027, 1, 1), 0, 60)
    # Only where the shift keeps increasing: a count forward from before
    # the table, or back from past it, stays on the table's first (last)
    # days, so a value on that side has no least preimage to find.
    for days, values in ((5, (61, 300)), (-5, (-200, -1))):
        fn = arithmetic.business_shift(days, 0)
        for value in values:
            assert fn.preimage(value) is None, (days, value)
            assert _least_preimage(fn, value) == _least_by_walk(fn, value, value + 60), (days, value)


