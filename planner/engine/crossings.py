"""What a failed trial of the filling (planner.engine.filling) says of the
level it tried: a Newton step, as in Dinkelbach's method for the best
ratio.

A trial that wants every free margin at t days fails where an event's
earliest day passes its latest (Fixpoint.crossing); each came down a chain
of bounds, perhaps round a cycle.  Every chain of bounds is implied by the
rules, and the chains' first events' days before the trial hold for every
plan that keeps at least the levels then kept (a higher level only
tightens), so replaying the chains at lower levels (a few bounds, no
propagation) gives a level no plan passes.  The filling tests that level
next; one that holds is the answer.  A notice window of 10 to 60 days fails
at the cap of 30 and says 25 at once.
"""

from __future__ import annotations

from planner.engine.propagation import INF, Chain, Fixpoint

__all__ = ["crossing_limit", "last_holding", "last_meeting"]

_LAPS = 64  # rounds of a cycle replayed before leaving the level to the trials


class _Undecided(Exception):  # noqa: N818 -- internal: never leaves this module
    """A cycle's descent too long to replay: the trials decide instead."""


def crossing_limit(fix: Fixpoint, witness: tuple, caps: dict[int, int], unary: list, good: int,
                   failed: int) -> int | None:
    """The highest level in [good, failed) at which the chains of `witness`
    (Fixpoint.crossing, taken from `fix` before its trial was undone) still
    meet, bound i wanting min(level, caps[i]) days where it is in `caps`
    (else its days now) and each margin on one event's limits in `unary`
    (a filling's Side) min(level, its cap); None if they do not tell (a
    cycle too long to replay, or they do not meet at `good`, never
    expected)."""
    _, (hi_path, hi_base, hi_cycle), (lo_path, lo_base, lo_cycle) = witness
    tops = [(s.bound.hi, s.cap) for s in unary if s.end == "hi" and s.bound.event == hi_base]
    bottoms = [(s.bound.lo, s.cap) for s in unary if s.end == "lo" and s.bound.event == lo_base]
    hi_path, lo_path = fix.chain(hi_path, True, caps), fix.chain(lo_path, False, caps)
    hi_cycle = None if hi_cycle is None else fix.chain(hi_cycle, True, caps)
    lo_cycle = None if lo_cycle is None else fix.chain(lo_cycle, False, caps)
    latest, earliest = fix.hi[hi_base], fix.lo[lo_base]  # before the trial: they hold at every level from good

    def slack(level: int, rough: bool = False) -> int:
        """The chains' days apart at the crossing event (its latest less its
        earliest): they meet at `level` if it is not negative.  `rough`: a
        cycle is not gone round when a round from the other chain's day
        leaves it (_round), so the sign may be wrong but a negative value
        still slopes a line."""
        hi, lo = latest, earliest
        for const, cap in tops:
            hi = min(hi, const - min(level, cap))
        for const, cap in bottoms:
            lo = max(lo, const + min(level, cap))
        hi, lo = fix.snap(hi_base, hi, latest=True), fix.snap(lo_base, lo, latest=False)
        if lo_cycle is None:
            if hi_cycle is None:
                return hi_path.follow(hi, level) - lo_path.follow(lo, level)
            least = lo_path.follow(lo, level)  # the side without a cycle first: the other stops once it passes
            hi = _round(hi_cycle, hi, level, True, fix.lo[hi_base], least, hi_path, rough)
            return hi_path.follow(hi, level) - least
        if hi_cycle is None:
            most = hi_path.follow(hi, level)
            lo = _round(lo_cycle, lo, level, False, fix.hi[lo_base], most, lo_path, rough)
            return most - lo_path.follow(lo, level)
        hi = _round(hi_cycle, hi, level, True, fix.lo[hi_base])
        lo = _round(lo_cycle, lo, level, False, fix.hi[lo_base])
        return hi_path.follow(hi, level) - lo_path.follow(lo, level)

    # A cycle of plain day differences runs away past the level where its
    # round's drift turns the wrong way: no level above holds, found by
    # arithmetic; the chains are replayed there first.
    top = failed - 1
    for cycle, downward in ((hi_cycle, True), (lo_cycle, False)):
        if cycle is not None and cycle.offsets:
            top = min(top, _steady(cycle, downward, good, top))
    try:
        high, at_high = top + 1, None
        if high == failed and (hi_cycle is not None or lo_cycle is not None):
            # Going round a cycle lap by lap makes `top` the dearest level to
            # replay first.  The trial failed at `failed`: that end needs no
            # replay, and a rough slack there slopes the line from `good`.
            rough = slack(failed, rough=True)
            at_high = rough if rough < 0 else None
        if at_high is None:
            at_top = slack(top)
            if at_top >= 0:
                return top  # often so: a trial there, which holds (or fails with a new crossing)
            high, at_high = top, at_top
        at_good = slack(good)
        return None if at_good < 0 else last_meeting(slack, good, at_good, high, at_high)
    except _Undecided:
        return None


def last_meeting(slack, low: int, at_low: int, high: int, at_high: int) -> int:
    """The highest level in [low, high) whose `slack` is not negative,
    given at_low = slack(low) >= 0 > at_high = slack(high) and a slack
    that never grows with the level.

    Where the chains are plain day differences, each wanted day moves the
    slack alike, so the line through the two ends finds the level at once
    and the day above confirms it (the line's next probe).  Business days,
    snaps, caps and cycles bend that line: after two probes in a row that
    did not halve the range, one halving (regula falsi, safeguarded by
    bisection)."""
    stale = 0
    while high - low > 1:
        width = high - low
        if stale >= 2 or at_high < -INF // 2:  # or a chain that ran away, which says nothing of how far
            probe = (low + high) // 2
        else:
            probe = min(max(low + width * at_low // (at_low - at_high), low + 1), high - 1)
        days = slack(probe)
        if days >= 0:
            low, at_low = probe, days
        else:
            high, at_high = probe, days
        stale = stale + 1 if 2 * (high - low) > width else 0
    return low


def _steady(cycle: Chain, latest: bool, low: int, high: int) -> int:
    """The highest level in [low, high] at which a round of a cycle of
    plain day differences does not move its event the wrong way (down for
    a latest day, up for an earliest); above it the cycle runs away and no
    plan holds.  `low` if none."""
    def steady(level: int) -> bool:
        drift = cycle.drift(level)
        return drift >= 0 if latest else drift <= 0

    return high if steady(high) else last_holding(steady, low, high)


def last_holding(holds, low: int, high: int) -> int:
    """The highest level in [low, high) that `holds`, which holds at low,
    not at high, and not above a level where it does not (bisection; the
    filling's floor uses it too)."""
    while high - low > 1:
        mid = (low + high) // 2
        if holds(mid):
            low = mid
        else:
            high = mid
    return low


def _round(cycle: Chain, day: int, level: int, latest: bool, far: int, other: int | None = None,
           path: Chain | None = None, rough: bool = False) -> int:
    """The latest (or earliest) day of an event that its cycle of bounds
    leaves from `day`, going round until it holds (as the propagation
    would); past `far`, the event's other limit, no day does: -INF (+INF).
    _Undecided after _LAPS rounds.

    With `other`, the other chain's day at the crossing event, and `path`,
    this side's chain from the cycle to that event: the rounds stop as
    soon as the path's day passes `other` (-INF or +INF then: the chains
    cannot meet, since the rounds only move the day further).  With no
    path, a round from `other` decides at once if it stays on its side:
    the rounds end between it and `day` (Tarski: the cycle maps the days
    between into themselves), so the chains meet.  Else, should the rounds
    pass `other`, the day it went round to is given instead of -INF: as
    far on the wrong side as a round from it moves, a slack that grows
    with the level for crossing_limit's line through two levels; with
    `rough`, that day is given without going round (whether the rounds
    would stop short of `other` is then left open)."""
    drift = cycle.drift(level) if cycle.offsets else 0
    if (drift < 0) if latest else (drift > 0):
        return -INF if latest else INF  # each round moves it the wrong way at least this far: it never stops
    beyond = -INF if latest else INF
    if other is not None and not path.steps and ((other <= day) if latest else (day <= other)):
        mark = cycle.follow(other, level)
        if (mark >= other) if latest else (mark <= other):
            return min(mark, day) if latest else max(mark, day)  # between other and day: the chains meet
        beyond = mark  # on the wrong side of other
        if rough:
            return beyond
    for _ in range(1 if cycle.plain else _LAPS):
        moved = cycle.follow(day, level)
        if (moved >= day) if latest else (moved <= day):
            return day
        if cycle.plain:  # every round moves it alike: it never stops
            break
        day = moved
        if (day < far) if latest else (day > far):
            break
        if other is not None and ((path.follow(day, level) < other) if latest else (path.follow(day, level) > other)):
            break  # already past the other chain's day: the rounds only go further
    else:
        raise _Undecided
    return beyond
