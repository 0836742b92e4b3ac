"""Business days: weekdays that are neither a legal holiday of the state
(python-holidays) nor a closure the scenario or the command line adds."""

from __future__ import annotations

import importlib.util
import sys
import threading
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

import holidays
from dateutil.relativedelta import relativedelta

from planner.errors import InputError

__all__ = ["BusinessCalendar", "DayArithmetic"]


# The python-holidays module of each country the seed rulebooks use.
_COUNTRY_MODULES = {"US": ("holidays.countries.united_states", "UnitedStates")}
# The service plans in several threads: one loads the module, the others
# wait rather than see it half-executed in sys.modules.
_LOADING = threading.Lock()


def _country_class(country: str):
    """The python-holidays class of one country, loading only its module.

    holidays.country_holidays and holidays.US both import the package
    holidays.countries, whose __init__ imports all 250 countries' modules
    (a tenth of a cold `planner plan`).  The US module is loaded from its
    own file under its own name instead; the package, if someone imports it
    later, finds it already loaded.  Other countries go the usual way."""
    found = _COUNTRY_MODULES.get(country)
    if found is None or "holidays.countries" in sys.modules:
        return None
    name, cls = found
    with _LOADING:
        return getattr(_load_module(name), cls)


def _load_module(name: str):
    module = sys.modules.get(name)
    if module is None:
        folder = importlib.util.find_spec("holidays").submodule_search_locations[0]
        spec = importlib.util.spec_from_file_location(name, f"{folder}/countries/{name.rsplit('.', 1)[1]}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return module


@lru_cache(maxsize=64)
def _legal_holidays(country: str, subdiv: str | None, years: tuple[int, ...]) -> dict[date, str]:
    # Building a python-holidays calendar costs milliseconds; plans of the
    # same state and years share one.
    own = _country_class(country)
    if own is None:
        return dict(holidays.country_holidays(country, subdiv=subdiv, years=years).items())
    return dict(own(subdiv=subdiv, years=years).items())


class BusinessCalendar:
    """Answers "is this a business day?" and counts business days.

    :meth:`holiday_name` names a holiday or closure, for messages.
    """

    def __init__(
        self,
        country: str = "US",
        subdiv: str | None = None,
        years: range | tuple[int, ...] = (),
        closures: frozenset[date] | set[date] = frozenset(),
    ):
        self.country = country
        self.subdiv = subdiv
        self.years = tuple(years)
        self.closures = frozenset(closures)
        try:
            legal = _legal_holidays(country, subdiv, self.years)
        except NotImplementedError:
            where = f"{country}-{subdiv}" if subdiv else country
            raise InputError(f"python-holidays knows no legal holidays for {where}", field="jurisdiction") from None
        self._legal = legal
        self._holidays = frozenset(legal) | self.closures
        # On first count (a sweep builds many calendars): every closed day,
        # and the closed weekdays in order (_closed).
        self._holiday_ordinals: tuple[frozenset[int], tuple[int, ...]] | None = None

    def is_holiday(self, day: date) -> bool:
        return day in self._holidays

    @property
    def closed_days(self) -> frozenset[date]:
        """The legal holidays and the closures, for a caller that looks up many days."""
        return self._holidays

    def holiday_name(self, day: date) -> str | None:
        """The legal holiday's name (python-holidays), "closure" for a
        closure the scenario or the command line added, else None."""
        if day in self._legal:
            return self._legal[day]
        return "closure" if day in self.closures else None

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def next_business_day(self, day: date) -> date:
        """`day` itself if it is a business day, else the next one."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def previous_business_day(self, day: date) -> date:
        """`day` itself if it is a business day, else the one before."""
        while not self.is_business_day(day):
            day -= timedelta(days=1)
        return day

    def _closed(self) -> tuple[frozenset[int], tuple[int, ...]]:
        """The holidays and closures as ordinals, and those on weekdays
        sorted (a closure on a Saturday closes nothing), made on first use."""
        closed = self._holiday_ordinals
        if closed is None:
            every = frozenset(day.toordinal() for day in self._holidays)
            closed = self._holiday_ordinals = (every, tuple(sorted(o for o in every if (o + 6) % 7 < 5)))
        return closed

    def count_business_days(self, start: date, end: date) -> int:
        """How many business days fall after `start`, up to and including
        `end` (0 when `end` is not after `start`): the weekdays between, by
        arithmetic on ordinals, less the closed weekdays among them.  A
        walk over the days made the words of a tight 60-day rule cost more
        than checking every rule of the plan (tests/test_recheck_memo.py
        holds it to the walk)."""
        first, last = start.toordinal(), end.toordinal()
        if last <= first:
            return 0
        weekdays = self._closed()[1]
        return (_weekdays_through(last) - _weekdays_through(first)
                - (bisect_right(weekdays, last) - bisect_right(weekdays, first)))

    def add_business_days(self, day: date, n: int) -> date:
        """The n-th business day after `day` (n > 0) or before it (n < 0),
        not counting `day` itself; n == 0 returns `day`.  The n-th weekday
        that way is found by arithmetic; each closed weekday up to it puts
        the answer one business day further, walked day by day (closures
        are few).  A walk over every day was a third of checking a listed
        company's plan, whose SEC rules count 20 business days
        (tests/test_dates.py holds it to the walk)."""
        if n == 0:
            return day
        every, weekdays = self._closed()
        start = day.toordinal()
        if n > 0:  # (start, target] holds n weekdays
            target = _nth_weekday(_weekdays_through(start) + n)
            short = bisect_right(weekdays, target) - bisect_right(weekdays, start)
        else:  # [target, start) holds -n weekdays
            target = _nth_weekday(_weekdays_through(start - 1) + n + 1)
            short = bisect_left(weekdays, start) - bisect_left(weekdays, target)
        step = 1 if n > 0 else -1
        while short:
            target += step
            if (target + 6) % 7 < 5 and target not in every:
                short -= 1
        return date.fromordinal(target)


# Ordinal 1 (January 1 of year 1) is a Monday: (ordinal + 6) % 7 is the
# weekday, 0 for Monday, as date.weekday() gives it.
def _weekdays_through(ordinal: int) -> int:
    """How many weekdays (Monday to Friday) fall on ordinals 1 to `ordinal`."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday(k: int) -> int:
    """The ordinal of the k-th weekday counted from ordinal 1: the least
    ordinal o with _weekdays_through(o) == k."""
    weeks, rest = divmod(k - 1, 5)
    return 7 * weeks + rest + 1


# Business days as ordinals, per calendar (country, state, years, closures),
# over a range that grows as problems ask: building a DayArithmetic by
# walking the calendar day by day was most of a small problem's set-up time
# (a what-if sweep builds thousands of problems on the same calendar).
_ORDINALS: dict[tuple, tuple[int, int, tuple[int, ...], frozenset[int]]] = {}
_PAD = 400  # days computed beyond what was asked, so the next problem's range fits


def _business_ordinals(calendar: BusinessCalendar, low: int, high: int) -> tuple[tuple[int, ...], frozenset[int]]:
    """The business days from low to high (ordinals), and a set holding
    them (and perhaps more, outside low..high)."""
    key = (calendar.country, calendar.subdiv, calendar.years, calendar.closures)
    known = _ORDINALS.get(key)
    if known is None or low < known[0] or high > known[1]:
        if len(_ORDINALS) > 64:
            _ORDINALS.clear()
        start = min(low, known[0]) if known else low - _PAD
        stop = max(high, known[1]) if known else high + _PAD
        ordinals = tuple(o for o in range(start, stop + 1) if calendar.is_business_day(date.fromordinal(o)))
        # Replaced whole, never changed: safe for readers in other threads.
        known = _ORDINALS[key] = (start, stop, ordinals, frozenset(ordinals))
    ordinals = known[2]
    return ordinals[bisect_left(ordinals, low):bisect_right(ordinals, high)], known[3]


class DayArithmetic:
    """Calendar arithmetic on day offsets from an origin, as non-decreasing
    functions of an offset: what the CP-SAT tables and the solver-free
    propagation both need, computed once per problem.

    Business days are kept as sorted ordinals from `first` to `last` (a
    slice of the calendar's shared cache, so that the problems of a what-if
    sweep, each with its own origin, build nothing), and the n-th business
    day after a day is a bisection, not a walk.
    """

    def __init__(self, calendar: BusinessCalendar, origin: date, first: int, last: int):
        self.calendar, self.origin = calendar, origin
        self.first, self.last = first, last
        self._base = origin.toordinal()
        self._ordinals, self._ordinal_set = _business_ordinals(calendar, self._base + first, self._base + last)

    @property
    def business(self) -> list[int]:
        """The business days from first to last, as offsets."""
        return [o - self._base for o in self._ordinals]

    def day(self, offset: int) -> date:
        return self.origin + timedelta(days=offset)

    def offset(self, day: date) -> int:
        return (day - self.origin).days

    def is_business_day(self, offset: int) -> bool:
        # The set is shared and reaches past this span: outside it, no day counts (as before the cache).
        return self.first <= offset <= self.last and offset + self._base in self._ordinal_set

    def business_shift(self, days: int, lag: int) -> Callable[[int], int]:
        """d -> the |days|-th business day strictly after (days > 0) or
        before (days < 0) the day d + lag; d + lag for days == 0."""
        ordinals, size, base = self._ordinals, len(self._ordinals), self._base
        if days == 0:
            return lambda d: d + lag

        def shift(d: int) -> int:
            if days > 0:
                index = bisect_right(ordinals, d + lag + base) + days - 1
            else:
                index = bisect_left(ordinals, d + lag + base) + days
            if 0 <= index < size:
                return ordinals[index] - base
            # Far outside the range no plan lives; five business days a week
            # keeps the function total and increasing there.
            return d + lag + days * 7 // 5

        def preimage(value: int) -> int | None:
            """The least d with shift(d) >= value, by the same bisection:
            shift(d) is then the first business day on or after value and
            shift(d - 1) the one before it.  None where either would leave
            the table (the span's edges): the propagation searches there."""
            first = bisect_left(ordinals, value + base)  # the first business day on or after value
            # Count of business days <= d + lag (days > 0), or < d + lag (days < 0), that shift(d) needs.
            need = first - days + 1 if days > 0 else first - days
            if not (0 < first < size and 0 < need <= size):
                return None
            return ordinals[need - 1] - lag - base + (0 if days > 0 else 1)

        shift.preimage = preimage
        return shift

    def month_shift(self, months: int, lag: int) -> Callable[[int], int]:
        """d -> the day `months` calendar months after d + lag (end-of-month clipping)."""
        day, offset = self.day, self.offset
        return lambda d: offset(day(d + lag) + relativedelta(months=months))
