"""The two shapes every rule kind states its bounds in, for the exact
propagation (planner.engine.propagation): an upper bound of one event by a
non-decreasing function of another, and limits on one event alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

__all__ = ["Upper", "Unary", "shifted"]


@dataclass(frozen=True)
class Upper:
    """x[target] <= fn(x[source]), fn non-decreasing."""

    target: str
    source: str
    fn: Callable[[int], int]
    # fn(d + t) == fn(d) + t for every t (a plain difference of days): a set
    # of such bounds holds anywhere once it holds somewhere.
    shift_invariant: bool = False


@dataclass(frozen=True)
class Unary:
    """lo <= x[event] <= hi, and x[event] a day `allowed` admits."""

    event: str
    lo: int | None = None
    hi: int | None = None
    allowed: Callable[[int], bool] | None = None


def shifted(fn: Callable[[int], int], days: int) -> Callable[[int], int]:
    """d -> fn(d) + days, keeping fn's own inverse (``fn.preimage``, a
    guess at the least d with fn(d) >= a value) if it has one."""
    def moved(d: int) -> int:
        return fn(d) + days

    guess = getattr(fn, "preimage", None)
    if guess is not None:
        moved.preimage = lambda value: guess(value - days)
    return moved
