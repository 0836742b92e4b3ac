"""Exact feasibility and event windows without a solver.

Every rule is monotone: it says ``x[target] <= f(x[source])`` for a
non-decreasing ``f`` (a difference of days, a count of business days, a
number of months), or bounds one event (fixed dates, windows, business days
only).  The plans of such a system form a lattice: the latest date of each
event over all plans is reached by one plan, found by pushing upper bounds
down from "no limit" until nothing changes (and the earliest symmetrically).
So one propagation pass decides feasibility exactly and gives every event's
window, in pure Python; explanations call it many times where a CP-SAT
solve would cost milliseconds each.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from datetime import date
from typing import Any, Callable, Iterable

from planner.days.dates import DateExpr
from planner.engine.memo import memo
from planner.errors import PlannerError
from planner.rules.base import FactValue
from planner.rules.bounds import Unary, Upper

# No import of planner.engine.problem: the problem builder runs this
# propagation to set each event's range, so the problem is duck-typed here.
__all__ = ["BoundsContext", "Chain", "Fixpoint", "Propagator", "PropagationTimeout", "INF", "greatest_preimage"]

INF = 10**7  # "no limit", far beyond any horizon
_WIDEN = 28  # days: a second, wider frame tells the limits the frame sets


class BoundsContext:
    """What rule kinds use to state their bounds: day offsets from the
    problem's origin, and the problem's shared day arithmetic."""

    def __init__(self, problem: Any, days=None):
        self.problem = problem
        self.calendar = problem.calendar if days is None else days.calendar
        self.origin = problem.origin
        self._days = days = problem.days if days is None else days
        self.business_shift, self.month_shift = days.business_shift, days.month_shift

    def offset(self, day: date) -> int:
        return (day - self.origin).days

    def resolve(self, expr: DateExpr) -> date:
        return self.problem.resolve(expr)

    def is_business_day(self) -> Callable[[int], bool]:
        return self._days.is_business_day


def _least_preimage(fn: Callable[[int], int], value: int) -> int:
    """The least d with fn(d) >= value (fn non-decreasing, fn(d) - d bounded)."""
    if abs(value) >= INF:
        return value
    # A function that knows its own inverse (a business-day count, by
    # bisection of the business days) gives it, except at its table's edges.
    inverse = getattr(fn, "preimage", None)
    if inverse is not None:
        d = inverse(value)
        if d is not None:
            return d
    # Gallop from `value` to bracket the answer, then bisect: a business-day
    # count shifts by weeks, and stepping day by day was the hot spot.
    step, d = 1, value
    if fn(d) >= value:
        while fn(d - step) >= value and step < INF:
            d, step = d - step, step * 2
        low, high = d - step + 1, d  # fn(low - 1) < value <= fn(high)
    else:
        while fn(d + step) < value and step < INF:
            d, step = d + step, step * 2
        low, high = d + 1, d + step
    while low < high:
        mid = (low + high) // 2
        if fn(mid) >= value:
            high = mid
        else:
            low = mid + 1
    return low


def greatest_preimage(fn: Callable[[int], int], value: int) -> int:
    """The greatest d with fn(d) <= value (fn non-decreasing)."""
    if abs(value) >= INF:
        return value
    return _least_preimage(fn, value + 1) - 1


def _snap(tests: list[Callable[[int], bool]] | None, day: int, step: int) -> int:
    """The nearest day from `day`, stepping by `step`, that every test
    allows (an event on business days only); +-INF if none in a year."""
    if not tests or abs(day) >= INF:
        return day
    # One test is the usual case (business days only), called as it is: this is on the hot path.
    test = tests[0] if len(tests) == 1 else (lambda d: all(t(d) for t in tests))
    for _ in range(366):
        if test(day):
            return day
        day += step
    return -INF if step < 0 else INF  # no allowed day nearby


class PropagationTimeout(PlannerError):
    """A propagation passed its caller's deadline (an explanation's time limit)."""


_DEADLINE_EVERY = 4096  # propagation steps between looks at the clock


def _compiled(problem: Any) -> tuple[dict[str, list[Upper | Unary]], dict[int, int], dict[str, list]]:
    """Each hard rule's bounds, the fixed offset of each plain difference
    of days, and each rule's picked-fact conditions: the same for every
    propagation of a problem (kept on it)."""
    return memo(problem, "bounds", _compile)


def _compile(problem: Any) -> tuple[dict[str, list[Upper | Unary]], dict[int, int], dict[str, list]]:
    # Each rule counts business days on its own calendar (an SEC rule on the federal one).
    contexts: dict[int, BoundsContext] = {}
    bounds: dict[str, list[Upper | Unary]] = {}
    for rule in problem.rules:
        if not rule.soft:
            days = problem.days_for(rule)
            context = contexts.get(id(days)) or contexts.setdefault(id(days), BoundsContext(problem, days))
            bounds[rule.id] = rule.bounds(context)
    # A plain difference of days fn(d) = d + c is inverted by arithmetic,
    # not by a search (the search was most of an explanation's time).
    offsets = {id(b): b.fn(0) for bs in bounds.values() for b in bs if isinstance(b, Upper) and b.shift_invariant}
    conditions = {rule.id: problem.conditions(rule) for rule in problem.rules}
    return bounds, offsets, conditions


class Propagator:
    """Bounds of one problem's rules, ready for repeated feasibility checks."""

    def __init__(self, problem: Any, frame: dict[str, tuple[int, int]] | None = None, deadline: float | None = None):
        self.problem = problem
        self.events = list(problem.events)
        # A finite frame around the planning ranges: a set of rules that
        # cannot hold with no event dated (a cycle that is too short) then
        # shows as bounds crossing, not as an endless descent from "no limit".
        if frame is None:
            # Wide enough for every relaxation an explanation tries: the
            # problem's own frame, widened by its width either side.
            low, high = min(problem.frame[0], 0), max(problem.frame[1], problem.horizon)
            pad = high - low + 1
            frame = {e: (low - pad, high + pad) for e in problem.ranges}
            self.pin_at = {e: lo for e, (lo, hi) in problem.ranges.items()}
        else:
            self.pin_at = {e: (lo + hi) // 2 for e, (lo, hi) in frame.items()}
        self.frame = frame
        # time.monotonic() past which a propagation raises PropagationTimeout.
        self.deadline = deadline
        bounds, self.offsets, self.conditions = _compiled(problem)
        self.bounds = dict(bounds)  # a copy: an explanation swaps a rule's bounds in and out (rule_fixes)

    def _assignments(self, rules: list[str]) -> Iterable[dict[str, FactValue]]:
        """Combinations of the picked facts these rules depend on, one for
        each distinct set of rules they make apply (four fax-like methods
        with the same rule are one case)."""
        names = sorted({f for r in rules for f, _ in self.conditions[r]})
        seen = set()
        for values in itertools.product(*(self.problem.choices[n] for n in names)):
            facts = dict(zip(names, values))
            active = tuple(self._active(rules, facts))
            if active not in seen:
                seen.add(active)
                yield facts

    def _active(self, rules: Iterable[str], facts: dict[str, FactValue]) -> list[str]:
        return [r for r in rules if all(facts[f] in values for f, values in self.conditions[r])]

    def windows(self, rules: Iterable[str], relax: dict[str, int] | None = None):
        """(earliest, latest) day offset of each event over all plans in which
        `rules` hold (each relaxed by `relax` days), or None if there are none.
        INF / -INF: no limit that way."""
        rules, best = list(rules), None
        for facts in self._assignments(rules):
            active = self._active(rules, facts)
            found = self._windows(active, relax or {})
            if found is not None:
                # A side that moves when the frame moves is set by the frame
                # alone, directly or through other events: no limit that way.
                wider = self._windows(active, relax or {}, widen=_WIDEN)
                found = {
                    e: (-INF if wider[e][0] != lo else lo, INF if wider[e][1] != hi else hi)
                    for e, (lo, hi) in found.items()
                }
                best = found if best is None else {
                    e: (min(best[e][0], found[e][0]), max(best[e][1], found[e][1])) for e in found
                }
        return best

    def example(self, rules: Iterable[str], relax: dict[str, int] | None = None) -> dict[str, int] | None:
        """The latest day offset of each event in one plan where `rules` hold
        (relaxed by `relax`), or None if there is none.  Rules that only
        fix day differences are pinned at one event first, so the plan is
        finite where windows() would say "no limit"."""
        rules = list(rules)
        for facts in self._assignments(rules):
            active = self._active(rules, facts)
            found = self._windows(active, relax or {}, pin=self._free_pin(active))
            if found is not None:
                return {e: hi for e, (lo, hi) in found.items()}
        return None

    def latest_plan(self, rules: Iterable[str]) -> tuple[dict[str, FactValue], dict[str, int]] | None:
        """One plan where `rules` hold, without a solver: the first values of
        the picked facts (in their stated order) that allow one, and each
        event at its latest day in the frame under them; None if there is
        no plan.  Deterministic: the same problem gives the same plan."""
        rules = list(rules)
        for facts in self._assignments(rules):
            active = self._active(rules, facts)
            found = self._windows(active, {}, pin=self._free_pin(active))
            if found is not None:
                chosen = {name: values[0] for name, values in self.problem.choices.items()} | facts
                return chosen, {e: hi for e, (lo, hi) in found.items()}
        return None

    def feasible(self, rules: Iterable[str], relax: dict[str, int] | None = None) -> bool:
        rules = list(rules)
        for facts in self._assignments(rules):
            active = self._active(rules, facts)
            if self._windows(active, relax or {}, pin=self._free_pin(active)) is not None:
                return True
        return False

    def _free_pin(self, rules: list[str]) -> str | None:
        """An event that may be fixed anywhere without changing the answer:
        when every bound is a plain difference of days, a plan can be shifted
        at will, and fixing one event spares the bounds a walk across the
        whole frame before a too-short cycle shows."""
        bounds = [b for r in rules for b in self.bounds[r]]
        if bounds and all(isinstance(b, Upper) and b.shift_invariant for b in bounds):
            return bounds[0].target
        return None

    def _windows(self, rules: list[str], relax: dict[str, int], widen: int = 0, pin: str | None = None):
        """Earliest and latest offsets of each event inside the frame
        (widened by `widen` days each way), or None if no plan exists."""
        lo = {e: self.frame[e][0] - widen for e in self.events}
        hi = {e: self.frame[e][1] + widen for e in self.events}
        if pin is not None:
            lo[pin] = hi[pin] = self.pin_at[pin]
        uppers: list[tuple[Upper, int]] = []
        allowed: dict[str, list[Callable[[int], bool]]] = {}
        for rid in rules:
            k = relax.get(rid, 0)
            for bound in self.bounds[rid]:
                if isinstance(bound, Upper):
                    uppers.append((bound, k))
                    continue
                if bound.lo is not None:
                    lo[bound.event] = max(lo[bound.event], bound.lo - k)
                if bound.hi is not None:
                    hi[bound.event] = min(hi[bound.event], bound.hi + k)
                if bound.allowed is not None:
                    allowed.setdefault(bound.event, []).append(bound.allowed)

        def snap(event: str, d: int, step: int) -> int:
            return _snap(allowed.get(event), d, step)

        for e in self.events:
            hi[e], lo[e] = snap(e, hi[e], -1), snap(e, lo[e], +1)
        # Worklist propagation (Bellman-Ford with a queue): a bound is looked
        # at again only when an event it reads has moved.  Bounds only ever
        # tighten inside a finite frame, so this ends; crossing bounds mean
        # no plan.
        by_source: dict[str, list[int]] = {}
        by_target: dict[str, list[int]] = {}
        for index, (bound, _) in enumerate(uppers):
            by_source.setdefault(bound.source, []).append(index)
            by_target.setdefault(bound.target, []).append(index)
        if any(lo[e] > hi[e] for e in self.events):
            return None
        queue, queued = deque(range(len(uppers))), [True] * len(uppers)
        offsets, deadline, steps = self.offsets, self.deadline, 0

        def push(indices) -> None:
            """Look at these bounds again (an event they read has moved)."""
            for other in indices:
                if not queued[other]:
                    queued[other] = True
                    queue.append(other)

        cause: dict[str, int] = {}  # the bound that last lowered each latest day
        laps: dict[str, int] = {}
        while queue:
            index = queue.popleft()
            queued[index] = False
            bound, k = uppers[index]
            steps += 1
            if deadline is not None and steps % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
                raise PropagationTimeout("propagation passed its time limit")
            source, target = bound.source, bound.target
            new = bound.fn(hi[source]) + k
            if new < hi[target]:
                hi[target] = snap(target, new, -1)
                if lo[target] > hi[target]:
                    return None
                cause[target] = index
                laps[target] = laps.get(target, 0) + 1
                if laps[target] >= _LAPS_BEFORE_LOOKING:
                    if _negative_cycle(target, cause, uppers, offsets):
                        return None
                    laps[target] = 0
                    jump = _cycle_descent(target, cause, uppers, hi, lo)
                    if jump is None:
                        return None
                    node, day = jump
                    if day < hi[node]:
                        hi[node] = snap(node, day, -1)
                        if lo[node] > hi[node]:
                            return None
                        push(by_source.get(node, ()))
                push(by_source.get(target, ()))
            want = lo[target] - k  # least d with fn(d) >= want
            if abs(lo[target]) >= INF:
                need = lo[target]
            elif id(bound) in offsets:
                need = want - offsets[id(bound)]
            else:
                need = _least_preimage(bound.fn, want)
            if need > lo[source]:
                lo[source] = snap(source, need, +1)
                if lo[source] > hi[source]:
                    return None
                push(by_target.get(source, ()))
        return {e: (lo[e], hi[e]) for e in self.events}


# Times an event's latest day is lowered in one settle before the bounds
# that lowered it are walked back for a cycle (a descent that never ends).
_LAPS_BEFORE_LOOKING = 3


def _negative_cycle(event: str, cause: dict[str, int], uppers: list[tuple[Upper, int]], offsets: dict[int, int]) -> bool:
    """Whether the bounds that lowered the latest days, walked back from
    `event`, close a cycle of plain day differences (each relaxed by its
    k days) that sums below zero: x <= x + w, w < 0, holds for no plan.
    The propagation would find the same by walking the whole frame down
    a few days a lap; this says it at once."""
    at, weight, seen = event, 0, {}
    while at not in seen:
        seen[at] = weight
        index = cause.get(at)
        if index is None:
            return False
        bound, k = uppers[index]
        if id(bound) not in offsets:
            return False  # a count of business days or months: no fixed weight
        weight, at = weight + offsets[id(bound)] + k, bound.source
    return weight - seen[at] < 0


def _cycle_descent(event: str, cause: dict[str, int], uppers: list[tuple[Upper, int]],
                   hi: dict[str, int], lo: dict[str, int]) -> tuple[str, int] | None:
    """Where a descent around a cycle stops, computed without the worklist.

    The bounds that lowered the latest days, walked back from `event`, close
    a cycle through some event c: x[c] <= G(x[c]) for G their composition
    (non-decreasing; a count of business days or months included).  Every
    plan has x[c] <= G(x[c]), so x[c] is at most the greatest h <= hi[c] with
    h <= G(h), and iterating h <- G(h) from hi[c] reaches exactly that h (an
    h above it has G(h) < h, and G(h) >= G(h*) >= h* keeps the iterates above
    it).  Returns (c, that h), (event, hi[event]) when the walk closes no
    cycle, or None when no day from lo[c] up fits: no plan.  The worklist
    found the same, a few days a lap across the whole frame (what an
    explanation's checks of rule sets that cannot hold spent their time on)."""
    at, seen, chain = event, {}, []
    while at not in seen:
        seen[at] = len(chain)
        index = cause.get(at)
        if index is None:
            return event, hi[event]
        chain.append(uppers[index])
        at = uppers[index][0].source
    cycle = chain[seen[at]:]  # x[at] <= fn1(x[s1]) + k1, x[s1] <= fn2(x[s2]) + k2, ..., back to at

    def through(day: int) -> int:
        for bound, k in reversed(cycle):
            day = bound.fn(day) + k
        return day

    day, floor = hi[at], lo[at]
    while (lower := through(day)) < day:
        day = lower
        if day < floor:
            return None
    return at, day


class Chain:
    """Bounds replayed one after another from a first event's day (see
    Fixpoint.chain): the latest or earliest day they leave the last event,
    at a level of wanted margins."""

    def __init__(self, steps: list[tuple], step: int):
        self.steps, self.step = steps, step
        # Plain day differences: a round of a cycle moves a day by drift() before any allowed-day snap;
        # with no allowed-day test either, by exactly that.
        self.offsets = all(off is not None for _, off, _, _, _, _ in steps)
        self.plain = self.offsets and not any(tests for _, _, _, _, _, tests in steps)

    def drift(self, level: int) -> int:
        """The days a round of a cycle of plain differences moves a day, snaps aside."""
        days = 0
        for mode, off, _, cap, k, _ in self.steps:
            if cap is not None:
                k = level if level < cap else cap
            days += off - k if mode == 0 else k - off
        return days

    def follow(self, day: int, level: int) -> int:
        """Replayed from `day` at the first event, each bound wanting its
        days (min(level, cap) for one a margin is on): the last event's day."""
        step = self.step
        for mode, off, fn, cap, k, tests in self.steps:
            if cap is not None:
                k = level if level < cap else cap
            if mode == 0:
                day = (day + off if off is not None else fn(day)) - k
            elif off is not None:
                day = day + k - off
            else:
                day = greatest_preimage(fn, day + k) if mode == 1 else _least_preimage(fn, day + k)
            if tests:
                day = _snap(tests, day, step)
        return day


class Fixpoint:
    """Each event's earliest and latest day under a set of monotone bounds
    that only ever tightens, kept between tightenings (the plan objective,
    planner.engine.leximin, asks thousands of "and with this too?").

    Bounds are ``x[target] <= fn(x[source]) - k`` (an Upper wanting a margin
    of k days) and ``x[target] >= fn(x[source]) - c`` (an Upper's margin
    kept at most c days), plus limits on one event.  A tighter set has its
    greatest fixpoint below the current one, so a worklist started from the
    current state and from the bounds that changed reaches it: no pass from
    scratch.  ``begin()`` opens a trial; ``rollback()`` undoes everything
    since, ``commit()`` keeps it.  ``ok`` is False once bounds cross.
    """

    def __init__(self, frame: dict[str, tuple[int, int]], deadline: float | None = None):
        self.lo = {e: lo for e, (lo, hi) in frame.items()}
        self.hi = {e: hi for e, (lo, hi) in frame.items()}
        self.deadline = deadline
        # Parallel lists, one entry a bound: True for "<=", False for ">=".
        self.upper: list[bool] = []
        self.bound: list[Upper] = []
        self.ends: list[tuple] = []  # each bound's (source, target, fn), unpacked faster than read off it
        self.shift: list[int] = []
        self.offset: list[int | None] = []  # fn(0) when fn(d) = d + fn(0)
        # Bounds to look at again when an event's latest day drops / earliest rises.
        self.on_hi: dict[str, list[int]] = {e: [] for e in frame}
        self.on_lo: dict[str, list[int]] = {e: [] for e in frame}
        self.allowed: dict[str, list[Callable[[int], bool]]] = {}
        self._plain: dict[tuple, int] = {}  # (source, target, offset) -> an imposed plain difference's index
        self.ok = True
        self.crossed: str | None = None  # the event whose bounds crossed, when `ok` turned False there
        self._trail: list[tuple] | None = None
        self._queue: deque[int] = deque()
        self._queued: set[int] = set()
        self._steps = 0

    def copy(self, deadline: float | None = None) -> "Fixpoint":
        """An independent fixpoint with the same bounds, days and pending
        tightenings, and its own `deadline` (no trial open)."""
        if self._trail is not None:
            raise RuntimeError("copy a fixpoint outside a trial")
        other = Fixpoint.__new__(Fixpoint)
        other.__dict__.update(self.__dict__)
        other.lo, other.hi = dict(self.lo), dict(self.hi)
        other.upper, other.bound, other.shift, other.offset = list(self.upper), list(self.bound), list(self.shift), list(self.offset)
        other.ends = list(self.ends)
        other.on_hi = {e: list(v) for e, v in self.on_hi.items()}
        other.on_lo = {e: list(v) for e, v in self.on_lo.items()}
        other.allowed = {e: list(v) for e, v in self.allowed.items()}
        other._plain = dict(self._plain)
        other._queue, other._queued = deque(self._queue), set(self._queued)
        other.deadline, other._steps = deadline, 0
        return other

    # -- trials -----------------------------------------------------------
    def begin(self) -> None:
        self._trail = []

    def commit(self) -> None:
        self._trail = None

    def rollback(self) -> None:
        for entry in reversed(self._trail or ()):
            kind = entry[0]
            if kind == "lo":
                self.lo[entry[1]] = entry[2]
            elif kind == "hi":
                self.hi[entry[1]] = entry[2]
            elif kind == "shift":
                self.shift[entry[1]] = entry[2]
            elif kind == "add":
                index = len(self.bound) - 1
                bound = self.bound.pop()
                self.ends.pop()
                self.upper.pop(), self.shift.pop(), self.offset.pop()
                first, second = (self.on_hi, self.on_lo) if entry[1] else (self.on_lo, self.on_hi)
                first[bound.source].remove(index)
                second[bound.target].remove(index)
            elif kind == "allow":
                self.allowed[entry[1]].pop()
            elif kind == "plain":
                del self._plain[entry[1]]
        self._trail, self.ok, self.crossed = None, True, None
        self._queue.clear()
        self._queued.clear()

    def _log(self, entry: tuple) -> None:
        if self._trail is not None:
            self._trail.append(entry)

    # -- tightenings ------------------------------------------------------
    def add(self, bound: Upper, shift: int = 0, upper: bool = True) -> int:
        """Add x[target] <= fn(x[source]) - shift (upper) or
        x[target] >= fn(x[source]) - shift; returns its index."""
        index = len(self.bound)
        self.upper.append(upper)
        self.bound.append(bound)
        self.ends.append((bound.source, bound.target, bound.fn))
        self.shift.append(shift)
        self.offset.append(bound.fn(0) if bound.shift_invariant else None)
        # "<=" reads the source's latest day and the target's earliest;
        # ">=" the source's earliest and the target's latest.
        (self.on_hi if upper else self.on_lo)[bound.source].append(index)
        (self.on_lo if upper else self.on_hi)[bound.target].append(index)
        self._log(("add", upper))
        self._push(index)
        return index

    def require(self, index: int, shift: int) -> None:
        """Raise bound `index`'s shift (a "<=" bound: its margin) to `shift`."""
        shifts = self.shift
        if shift > shifts[index]:
            if self._trail is not None:
                self._trail.append(("shift", index, shifts[index]))
            shifts[index] = shift
            if index not in self._queued:
                self._queued.add(index)
                self._queue.append(index)

    def require_level(self, wants: list[tuple[int, int]], level: int) -> None:
        """require(index, min(level, cap)) for each (index, cap): a level
        of the plan objective's filling in one call (its hot path)."""
        shifts, trail, queued, queue, lo, hi, offsets, ends = (
            self.shift, self._trail, self._queued, self._queue, self.lo, self.hi, self.offset, self.ends)
        for index, cap in wants:
            k = level if level < cap else cap
            if k > shifts[index]:
                off = offsets[index]
                if off is not None:
                    source, target, _ = ends[index]
                    if lo[source] + off - hi[target] >= k:
                        continue  # every plan left has that margin: nothing to push
                if trail is not None:
                    trail.append(("shift", index, shifts[index]))
                shifts[index] = k
                if index not in queued:
                    queued.add(index)
                    queue.append(index)

    def allow(self, event: str, test: Callable[[int], bool]) -> None:
        self.allowed.setdefault(event, []).append(test)
        self._log(("allow", event))
        self.set_hi(event, self.hi[event])
        self.set_lo(event, self.lo[event])

    def set_hi(self, event: str, day: int) -> None:
        """x[event] <= day (snapped to an allowed day)."""
        # Written out, not through _log/_push: the hot path of every trial.
        tests = self.allowed.get(event)
        if tests:
            day = _snap(tests, day, -1)
        hi = self.hi
        if day < hi[event]:
            if self._trail is not None:
                self._trail.append(("hi", event, hi[event]))
            hi[event] = day
            if self.lo[event] > day:
                self.ok, self.crossed = False, event
            queued, queue = self._queued, self._queue
            for index in self.on_hi[event]:
                if index not in queued:
                    queued.add(index)
                    queue.append(index)

    def set_lo(self, event: str, day: int) -> None:
        """x[event] >= day (snapped to an allowed day)."""
        tests = self.allowed.get(event)
        if tests:
            day = _snap(tests, day, +1)
        lo = self.lo
        if day > lo[event]:
            if self._trail is not None:
                self._trail.append(("lo", event, lo[event]))
            lo[event] = day
            if day > self.hi[event]:
                self.ok, self.crossed = False, event
            queued, queue = self._queued, self._queue
            for index in self.on_lo[event]:
                if index not in queued:
                    queued.add(index)
                    queue.append(index)

    def snap(self, event: str, day: int, latest: bool) -> int:
        """`day` moved to the event's nearest allowed day: down for a latest day, up for an earliest."""
        tests = self.allowed.get(event)
        return _snap(tests, day, -1 if latest else +1) if tests else day

    def _push(self, index: int) -> None:
        if index not in self._queued:
            self._queued.add(index)
            self._queue.append(index)

    def impose(self, bound: Upper | Unary) -> int | None:
        """A rule's bound, as it states it: an Upper's index (see add), or a
        Unary's limits and allowed days applied at once (None).  A plain
        difference of days already imposed (bylaws often restate their
        statute's notice and record-date windows) is that bound's index:
        one bound to propagate, whose margin both rules read."""
        if isinstance(bound, Upper):
            if not bound.shift_invariant:
                return self.add(bound)
            key = (bound.source, bound.target, bound.fn(0))
            index = self._plain.get(key)
            if index is None:
                index = self._plain[key] = self.add(bound)
                self._log(("plain", key))
            return index
        if bound.lo is not None:
            self.set_lo(bound.event, bound.lo)
        if bound.hi is not None:
            self.set_hi(bound.event, bound.hi)
        if bound.allowed is not None:
            self.allow(bound.event, bound.allowed)
        return None

    def _descends(self, event: str) -> bool:
        """Whether the latest days just lowered follow a cycle of plain
        day differences that sums below zero: x <= x + w with w < 0 holds
        for no plan, so the answer is known without walking the frame a
        day a lap (a margin one day too many on a tight cycle).  Exact: the
        cycle is made of bounds of the set, whatever order found them."""
        # Walk back along what lowered each latest day: an Upper lowers its
        # target from its source (x[t] <= x[s] + off - k), a ">=" bound its
        # source from its target (x[s] <= x[t] + k - off).
        at, weight, seen = event, 0, {}
        while at not in seen:
            seen[at] = weight
            cause = self._cause.get(at)
            if cause is None or self.offset[cause] is None:
                return False  # reached the first change, or a count of business days or months
            bound, off, k = self.bound[cause], self.offset[cause], self.shift[cause]
            if self.upper[cause]:
                weight, at = weight + off - k, bound.source
            else:
                weight, at = weight + k - off, bound.target
        return weight - seen[at] < 0

    def crossing(self) -> tuple[str, tuple, tuple] | None:
        """After a settle that failed where an event's bounds crossed (or
        the latest days descended round a cycle): that event, and for its
        latest day, then its earliest, the bounds that last moved it walked
        back as (path, first event, cycle): the path's bounds from the
        event back to the first event (one this settle did not move), or
        to the event where the walk came round, whose cycle's bounds are
        then given too (else None).  Any chain of bounds is implied by the
        set, so replaying one (`follow`) gives a limit every plan keeps."""
        event = self.crossed
        if event is None:
            return None
        bound, upper = self.bound, self.upper
        walks = []
        for cause, lowers in ((self._cause, True), (self._raised, False)):
            at, steps, seen = event, [], {}
            while at not in seen and (index := cause.get(at)) is not None:
                seen[at] = len(steps)
                steps.append(index)
                # An Upper moves its target's latest day from its source's, and its source's earliest day from its
                # target's; a ">=" bound the other way round.
                at = bound[index].source if upper[index] == lowers else bound[index].target
            walks.append((steps[:seen[at]], at, steps[seen[at]:]) if at in seen else (steps, at, None))
        return event, walks[0], walks[1]

    def chain(self, steps: list[int], latest: bool, caps: dict[int, int]) -> "Chain":
        """A chain of bounds from `crossing`, ready to replay (Chain.follow):
        bound i wants min(level, caps[i]) days if it is in `caps`, else its
        shift now."""
        bound, upper, offset, allowed = self.bound, self.upper, self.offset, self.allowed
        out = []
        for index in reversed(steps):
            b = bound[index]
            if upper[index] == latest:  # forwards: fn(day) - k, at the target (<=: latest; >=: earliest)
                mode, at = 0, b.target
            else:  # backwards, at the source: a ">=" bound's greatest d with fn(d) <= day + k; an Upper's least with fn(d) >= day + k
                mode, at = (1 if latest else 2), b.source
            out.append((mode, offset[index], b.fn, caps.get(index), self.shift[index], allowed.get(at)))
        return Chain(out, -1 if latest else +1)


    def settle(self) -> bool:
        """Propagate the pending tightenings; False if no plan is left."""
        # The hot loop of every trial, written out: names bound once,
        # set_hi and set_lo inlined, the lap count of _descends kept here
        # and the cycle walked only past a few laps.
        cause, lowered, raised = self._cause, self._lowered, self._raised = {}, {}, {}
        queue, queued, lo, hi = self._queue, self._queued, self.lo, self.hi
        ends, shifts, offsets, uppers = self.ends, self.shift, self.offset, self.upper
        allowed, on_hi, on_lo, trail, deadline = self.allowed, self.on_hi, self.on_lo, self._trail, self.deadline
        popleft, discard, push, mark = queue.popleft, queued.discard, queue.append, queued.add
        steps, ok = self._steps, self.ok
        while queue and ok:
            index = popleft()
            discard(index)
            steps += 1
            if deadline is not None and steps % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
                self._steps = steps
                raise PropagationTimeout("propagation passed its time limit")
            source, target, fn = ends[index]
            k, off = shifts[index], offsets[index]
            if uppers[index]:  # x[target] <= fn(x[source]) - k
                lowers, raises = target, source
                new = (hi[source] + off if off is not None else fn(hi[source])) - k
                want = lo[target] + k  # x[source] >= least d with fn(d) >= want
                need = want - off if off is not None else _least_preimage(fn, want)
            else:  # x[target] >= fn(x[source]) - k
                lowers, raises = source, target
                room = hi[target] + k  # x[source] <= greatest d with fn(d) <= room
                new = room - off if off is not None else greatest_preimage(fn, room)
                need = (lo[source] + off if off is not None else fn(lo[source])) - k
            # One event's latest day, then the other's earliest: each only
            # tightens, so the order changes no answer (set_hi and set_lo,
            # written out).
            if new < hi[lowers]:
                tests = allowed.get(lowers)
                if tests:
                    new = _snap(tests, new, -1)
                cause[lowers] = index
                if new < hi[lowers]:
                    if trail is not None:
                        trail.append(("hi", lowers, hi[lowers]))
                    hi[lowers] = new
                    for other in on_hi[lowers]:
                        if other not in queued:
                            mark(other)
                            push(other)
                    if lo[lowers] > new:
                        # No plan left; the other event's earliest day is still moved, as it
                        # would be, so that the crossing kept (Fixpoint.crossing) is the last one.
                        ok, self.crossed = False, lowers
                laps = lowered[lowers] = lowered.get(lowers, 0) + 1
                if laps >= _LAPS_BEFORE_LOOKING and self._descends(lowers):
                    ok, self.crossed = False, lowers
                    break
            if need > lo[raises]:
                tests = allowed.get(raises)
                if tests:
                    need = _snap(tests, need, +1)
                raised[raises] = index
                if need > lo[raises]:
                    if trail is not None:
                        trail.append(("lo", raises, lo[raises]))
                    lo[raises] = need
                    for other in on_lo[raises]:
                        if other not in queued:
                            mark(other)
                            push(other)
                    if need > hi[raises]:
                        ok, self.crossed = False, raises
                        break
        self._steps, self.ok = steps, ok
        if not ok:
            queue.clear()
            queued.clear()
        return ok
