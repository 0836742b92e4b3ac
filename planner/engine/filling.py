"""Progressive filling of margins on one fixpoint: the search the plan
objective (planner.engine.leximin) runs for each fact assignment.

A margin (`Side`) is the room a hard rule leaves on one of its limits.
Wanting every free margin to have t days is one propagation ("can they?"),
so the filling raises them together to the highest t that holds, freezes
the ones that cannot go further, and goes on (planner.engine.leximin's
docstring says the order and the one inexact case).  What is here makes
the same answer in fewer propagations: the fixpoint brackets each level
from both ends (a margin's reach, the fixpoint's two extreme plans), a
trial that holds is kept, one that fails says which level to try next
(planner.engine.crossings), wants a plan already meets need no search, and
a filling that cannot beat another's margins stops early (`bar`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from planner.engine.crossings import crossing_limit, last_holding
from planner.engine.propagation import Fixpoint
from planner.rules.bounds import Unary, Upper

__all__ = ["Side", "Filling"]


@dataclass(frozen=True, eq=False)
class Side:
    """One margin: the `end` ("upper", "lo" or "hi") of bound `index` of a rule.

    Compared and hashed as the object itself (a problem makes each margin
    once, planner.engine.leximin.margin_sides): the filling keys sets and
    dicts by margins thousands of times a plan, and the built-in identity
    hash costs no Python call."""

    rule: str
    index: int
    end: str
    legal: bool
    cap: int
    bound: Any = field(compare=False, repr=False)

    def __post_init__(self) -> None:
        # Read thousands of times a plan: the bound's parts once (a plain
        # difference of days by its offset, no call).
        b = self.bound
        upper = self.end == "upper"
        fields = {
            "slot": (self.rule, self.index),  # its bound's key in Filling.index
            "_plus": b.source if upper else b.event if self.end == "lo" else None,
            "_minus": b.target if upper else b.event if self.end == "hi" else None,
            "_fn": b.fn if upper else None,
            "_off": b.fn(0) if upper and b.shift_invariant else None,
            "_const": b.lo if self.end == "lo" else b.hi if self.end == "hi" else 0,
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def between(self, up: dict[str, int], down: dict[str, int]) -> int:
        """The margin with the limiting event read from `up` and the limited
        one from `down`: a plan's margin with both from the plan, the most
        any plan of a fixpoint allows with its latest and earliest days."""
        plus, minus = self._plus, self._minus
        if plus is None:  # hi - x
            return self._const - down[minus]
        if minus is None:  # x - lo
            return up[plus] - self._const
        off = self._off
        return (up[plus] + off if off is not None else self._fn(up[plus])) - down[minus]

    def spans(self, hi: dict[str, int], lo: dict[str, int]) -> tuple[int, int, int]:
        """between(hi, lo), between(hi, hi) and between(lo, lo) in one call:
        a fixpoint's reach of this margin and its two plans' margins (read
        for every free margin at every level)."""
        plus, minus = self._plus, self._minus
        if plus is None:  # hi - x
            return self._const - lo[minus], self._const - hi[minus], self._const - lo[minus]
        if minus is None:  # x - lo
            return hi[plus] - self._const, hi[plus] - self._const, lo[plus] - self._const
        off = self._off
        up = hi[plus] + off if off is not None else self._fn(hi[plus])
        return up - lo[minus], up - hi[minus], (lo[plus] + off if off is not None else self._fn(lo[plus])) - lo[minus]

    def margin(self, days: dict[str, int]) -> int:
        """Days of room on this limit in a plan (day offsets)."""
        return self.between(days, days)


class Filling:
    """Progressive filling of one part's margins under one assignment of
    facts, on one fixpoint (planner.engine.propagation.Fixpoint)."""

    def __init__(self, frame: dict[str, tuple[int, int]], deadline: float | None):
        self.fix = Fixpoint(frame, deadline)
        self.index: dict[tuple[str, int], int] = {}  # (rule, bound) -> the Fixpoint's bound
        self.witness: tuple | None = None  # the last failed trial's crossing chains, when asked for
        self._last_split: tuple | None = None  # _split() of the last free list it was given
        self.levels_found: list[int] = []  # each level the last fill() found, in order

    def copy(self, deadline: float | None = None) -> "Filling":
        """An independent filling from the same fixpoint, with its own deadline."""
        other = Filling.__new__(Filling)
        other.fix, other.index, other.witness, other._last_split = self.fix.copy(deadline), dict(self.index), None, None
        other.levels_found = []
        return other

    def impose(self, rule: str, bounds: list[Upper | Unary]) -> None:
        for number, bound in enumerate(bounds):
            index = self.fix.impose(bound)
            if index is not None:
                self.index[rule, number] = index

    def trial(self, changes: Iterable[tuple[Side, int]], keep: bool, limit: bool = False) -> bool:
        """Whether every side can have at least (with `limit`: at most) its
        days; kept if `keep` and it can, else undone."""
        fix, index = self.fix, self.index
        fix.begin()
        for side, days in changes:
            end = side.end
            if end == "upper":
                if limit:
                    fix.add(side.bound, days, upper=False)  # fn(x[source]) - x[target] <= days
                else:
                    fix.require(index[side.slot], days)
            elif end == "lo":
                b = side.bound
                fix.set_hi(b.event, b.lo + days) if limit else fix.set_lo(b.event, b.lo + days)
            else:
                b = side.bound
                fix.set_lo(b.event, b.hi - days) if limit else fix.set_hi(b.event, b.hi - days)
        return self._settle(keep)

    def trial_level(self, free: list[Side], level: int, keep: bool, witness: bool = False) -> bool:
        """trial() of every free side at min(level, its cap), in fewer calls.
        With `witness`, one that fails keeps the chains of bounds that
        crossed (Fixpoint.crossing) in `self.witness`."""
        wants = self._split(free)
        fix = self.fix
        fix.begin()
        fix.require_level(wants[1], level)
        for side in wants[2]:
            b, days = side.bound, level if level < side.cap else side.cap
            fix.set_lo(b.event, b.lo + days) if side.end == "lo" else fix.set_hi(b.event, b.hi - days)
        return self._settle(keep, witness)

    def _split(self, free: list[Side]) -> tuple:
        """`free` (kept until another list comes), its margins on bounds as
        (index, cap), the same as index -> the largest cap (two rules'
        margins on one bound, Fixpoint.impose: it keeps the larger want),
        and its margins on one event's limits."""
        split = self._last_split
        if split is None or split[0] is not free:
            index = self.index
            uppers = [(index[s.slot], s.cap) for s in free if s.end == "upper"]
            caps: dict[int, int] = {}
            for i, cap in uppers:
                caps[i] = max(caps.get(i, 0), cap)
            split = self._last_split = (free, uppers, [s for s in free if s.end != "upper"], caps)
        return split

    def _settle(self, keep: bool, witness: bool = False) -> bool:
        """A trial's end: propagated, then kept (if `keep` and it holds) or undone."""
        fix = self.fix
        ok = fix.settle()
        if ok and keep:
            fix.commit()
        else:
            self.witness = fix.crossing() if witness and not ok else None
            fix.rollback()
        return ok

    def bracket(self, free: list[Side], good: int) -> tuple[int, int]:
        """The least reach of a side its cap does not stop first (else the
        greatest cap), and `good` raised to the least capped margin of the
        better of the fixpoint's two plans (every event at its latest day,
        or its earliest: each keeps every requirement): one pass, on the
        hot path of every level."""
        hi, lo = self.fix.hi, self.fix.lo
        most, top_cap = None, 0
        least_hi = least_lo = None
        for s in free:
            cap = s.cap
            if cap > top_cap:
                top_cap = cap
            r, mh, ml = s.spans(hi, lo)
            if r < cap and (most is None or r < most):
                most = r
            m = cap if mh > cap else mh
            if least_hi is None or m < least_hi:
                least_hi = m
            m = cap if ml > cap else ml
            if least_lo is None or m < least_lo:
                least_lo = m
        most = top_cap if most is None or most > top_cap else most
        held = least_hi if least_hi > least_lo else least_lo
        return most, good if good > held else held

    def reach(self, side: Side) -> int:
        """The most days this margin can have in any plan the fixpoint
        holds, capped: its limit against the other event's far end (an
        Upper: fn(latest source) - earliest target).  No plan gives more,
        so no trial above it can hold."""
        most = side.between(self.fix.hi, self.fix.lo)
        return most if most < side.cap else side.cap

    def least(self, side: Side) -> int:
        """The fewest days this margin can have in any plan the fixpoint
        holds: its limit against the other event's near end."""
        return side.between(self.fix.lo, self.fix.hi)

    def highest(self, free: list[Side], start: int, floor: int | None = None, hint: int | None = None) -> int | None:
        """The highest t >= start at which every free side can have
        min(t, its cap) (start is known to hold), kept.  With a `floor`,
        that is tried first, and None if it does not hold.

        Bracketed from both ends by the fixpoint: no side passes its reach
        (so t is at most the least reach of a side its cap does not stop
        first), and the fixpoint's two plans hold every requirement (so t
        is at least the least margin they give).  Each trial that holds is
        kept, which narrows both ends again.  Tried in turn: the top (one
        side alone often stops them all), a day above the bottom (the two
        plans often give the answer already), then halvings, except that a
        reach fallen below the last failure is tried first.

        A `hint` (the level the last filling of the same candidate found
        here, Filling.fill) is tried before all these, then the day above
        it: if right, those are the two trials that prove the level; if
        not, the search goes on from what they showed.  No hint changes
        the answer (each trial that holds is kept, and keeping a weaker
        want first leaves the same fixpoint), only how soon it is found."""
        good, bad, kept = start, None, start
        guesses = [] if hint is None else [hint, hint + 1]
        if floor is not None and floor > good:
            if not self.trial_level(free, floor, keep=True):
                return None
            good = kept = floor
        tries, most, moved, cut = 0, 0, True, False
        while True:
            # A failed trial leaves the fixpoint, its reaches and its plans as
            # they were; nor is a bracket needed once the failures bound t at
            # the level that just held (no plan holds more than bad - 1).
            if moved and (bad is None or bad - 1 > good):
                most, good = self.bracket(free, good)
            top = most if bad is None else min(most, bad - 1)
            if good >= top:
                break
            while guesses and not good < guesses[0] <= top:
                del guesses[0]
            if guesses:
                t = guesses.pop(0)
            else:
                if tries == 0 or cut or (tries > 1 and bad is not None and most < bad - 1):
                    t = top  # the first time, the crossing's limit, or a reach below the last failure
                elif tries == 1:
                    t = good + 1
                else:
                    t = (good + top + 1) // 2
                tries += 1
            moved = self.trial_level(free, t, keep=True, witness=True)
            if moved:
                good = kept = t
            else:
                bad, guesses = t, []
                limit = self._limit(free, good, t)
                cut = limit is not None
                if cut:
                    bad = limit + 1
        if good > kept:  # known to hold (the fixpoint's plans give it), not yet required
            self.trial_level(free, good, keep=True)
        return good

    def _limit(self, free: list[Side], good: int, failed: int) -> int | None:
        """What the failed trial at `failed` says of the level
        (planner.engine.crossings.crossing_limit), every free side at
        min(level, its cap); None if it says nothing."""
        if self.witness is None or failed - good < 2:
            return None  # nothing to learn: the level is bracketed already
        _, _, unary, caps = self._split(free)
        return crossing_limit(self.fix, self.witness, caps, unary, good, failed)

    def blocked(self, free: list[Side], t: int) -> set[Side]:
        """The sides that cannot take t + 1 while the others keep their
        levels: none that one of the fixpoint's two plans gives more room
        already, every one that no plan gives more (its reach), and a
        trial for the rest."""
        hi, lo, out = self.fix.hi, self.fix.lo, set()
        for s in free:
            reach, in_latest, in_earliest = s.spans(hi, lo)
            if in_latest > t or in_earliest > t:
                continue  # a plan the fixpoint holds gives it more already
            if reach <= t or s.cap <= t or not self.trial([(s, t + 1)], keep=False):
                out.add(s)
        return out

    def fill(self, sides: list[Side], bar: tuple | None = None, idle: Iterable[Side] = (),
             strict: bool = True, hints: list[int] = ()) -> dict[Side, int] | None:
        """Progressive filling, legal margins first (see the module's
        docstring).  With `bar` (another plan's margin vectors, where the
        `idle` sides, of rules that do not apply, count at their cap), None
        as soon as these margins are sure to end below it (`strict`: not
        above it, the other plan winning ties): the rest of the filling
        cannot lift them, and the other plan wins.

        Each level found is appended to `self.levels_found`; given back as
        `hints` to a filling of the same candidate, they are tried first
        (highest), which proves each level in two trials."""
        idle = list(idle)
        found = self.levels_found = []
        level: dict[Side, int] = {}
        for legal in (True, False):
            free = [s for s in sides if s.legal == legal]
            level.update((s, 0) for s in free)
            free, t = [s for s in free if s.cap > 0], 0
            target = None if bar is None else bar[0 if legal else 1]
            # The operational margins decide only where the legal ones tie;
            # where a tie keeps the other plan, those must end above it, and
            # so must the legal ones if the operational ones cannot.
            above = strict and (not legal or (bar is not None and
                                              tuple(sorted(s.cap for s in [*sides, *idle] if not s.legal)) <= bar[1]))
            while free:
                floor = None
                if target is not None:
                    floor = _floor(target, above, level, free, [s for s in sides if s.legal == legal] +
                                   [s for s in idle if s.legal == legal])
                    if floor is not None and floor > max(s.cap for s in free):
                        return None
                t = self.highest(free, t, floor, hints[len(found)] if len(found) < len(hints) else None)
                if t is None:
                    return None
                found.append(t)
                level.update((s, min(t, s.cap)) for s in free)
                free = [s for s in free if s.cap > t]
                if not free:
                    break
                blocked = self.blocked(free, t)
                if blocked:
                    free = [s for s in free if s not in blocked]
                    continue
                # Each could take one more day alone, not all together:
                # in the rules' order, each takes it while it still fits.
                raised = self.in_order([(s, t + 1) for s in free])
                level.update((s, t + 1) for s in raised)
                free, t = raised, t + 1
            if target is not None:
                reached = tuple(sorted([level[s] for s in sides if s.legal == legal] +
                                       [s.cap for s in idle if s.legal == legal]))
                if reached < target or (above and reached == target):
                    return None
                if reached > target:
                    bar = None  # better already: the operational margins cannot undo it
        return level

    def in_order(self, wants: list[tuple[Side, int]], limit: bool = False, latest_only: bool = False) -> list[Side]:
        """The sides whose wants hold, each tried in order while it still
        fits (kept).  Wants that the latest plan left already meets hold
        together with everything kept (that plan is one), so a run of them
        is one trial that cannot fail, and the latest plan stays the same;
        the others are tried as runs that double while they fit and halve
        when not (a run that fits together fits one by one).  The answer is
        the one-by-one answer, in fewer trials.  With `latest_only`, only
        the latest plan is wanted afterwards: a last run it meets is not
        imposed (it would not move that plan)."""
        kept, at, run, trust = [], 0, 1, True
        while at < len(wants):
            met = at
            while trust and met < len(wants) and self.meets(wants[met], limit):
                met += 1
            if met > at:
                if latest_only and met == len(wants):
                    return kept + [side for side, _ in wants[at:]]
                if self.trial(wants[at:met], keep=True, limit=limit):
                    kept += [side for side, _ in wants[at:met]]
                    at = met
                    continue
                trust = False  # never expected (that plan is one): the trials below decide
            chunk = wants[at:at + run]
            if self.trial(chunk, keep=True, limit=limit):
                kept += [side for side, _ in chunk]
                at, run = at + len(chunk), run * 2
            elif len(chunk) > 1:
                run = len(chunk) // 2
            else:
                at, run = at + 1, 1  # this one does not fit: frozen where it is
        return kept

    def meets(self, want: tuple[Side, int], limit: bool) -> bool:
        """Whether the latest plan left has this margin (with `limit`: at most it)."""
        side, days = want
        margin = side.margin(self.fix.hi)
        return margin <= days if limit else margin >= days

    def settle_dates(self, sides: list[Side], level: dict[Side, int]) -> dict[str, int]:
        """Margins at their cap kept from growing past it where the rules
        allow, in order; then every event at its latest day left.  A
        window's opening ("lo") is tried last: keeping it small pulls the
        event early, and a meeting free in a wide window then sits the cap
        before its deadline, as the latest-day rule leans, not at the cap
        after its opening."""
        capped = [s for s in sorted(sides, key=lambda s: s.end == "lo") if level[s] == s.cap]  # stable: rules' order
        # One that every plan left gives more than its cap cannot be held to it.
        self.in_order([(side, side.cap) for side in capped if self.least(side) <= side.cap], limit=True, latest_only=True)
        return dict(self.fix.hi)


def _floor(target: tuple[int, ...], above: bool, level: dict[Side, int], free: list[Side], others: list[Side]) -> int | None:
    """The least level t the free sides must all reach for this class of
    margins to end at `target` or above (with `above`: above it), None if
    any t will do.

    When the free sides stop at t, at least one of them ends at t (had
    all fit at t + 1, t was not the highest), the others at their caps at
    most, and every other side of the class (`others`: the frozen at their
    level, a rule that does not apply at its cap) keeps what it has.  The
    best sorted vector that leaves puts t in place of the smallest cap: a
    sorted vector of values each no higher is never above it."""
    free_set = set(free)
    caps = sorted(s.cap for s in free)
    fixed = [level[s] if s in level else s.cap for s in others if s not in free_set]

    def enough(t: int) -> bool:
        best = tuple(sorted(fixed + caps[1:] + [min(t, caps[0])]))
        return best > target if above else best >= target

    if not enough(caps[0]):
        return caps[-1] + 1  # short of the target however high they go
    if enough(-1):
        return None
    # The first level that is enough: one above the last that is not (not enough(-1), enough(caps[0])).
    return last_holding(lambda t: not enough(t), -1, caps[0]) + 1

