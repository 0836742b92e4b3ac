"""Business days: weekdays that are neither a legal holiday of the state
(python-holidays) nor a closure the scenario or the command line adds."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from .errors import InputError

__all__ = ["BusinessCalendar"]


@lru_cache(maxsize=64)
def _legal_holidays(country: str, subdiv: str | None, years: tuple[int, ...]) -> frozenset[date]:
    # Building a python-holidays calendar costs milliseconds; plans of the
    # same state and years share one.
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=years).keys())


class BusinessCalendar:
    """Answers "is this a business day?" and counts business days.

    ``names`` maps each holiday or closure to its name, for messages.
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
        self._holidays = legal | self.closures

    def holidays_between(self, start: date, end: date) -> list[date]:
        return sorted(d for d in self._holidays if start <= d <= end)

    def is_holiday(self, day: date) -> bool:
        return day in self._holidays

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

    def add_business_days(self, day: date, n: int) -> date:
        """The n-th business day after `day` (n > 0) or before it (n < 0),
        not counting `day` itself; n == 0 returns `day`."""
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_business_day(day):
                remaining -= 1
        return day
