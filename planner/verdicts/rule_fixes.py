"""A gap rule's fix in the rule's own terms, confirmed before it is shown.

The explanation measures how far a rule must give in calendar days added to
its bound.  For a gap that counts business days, or whose minimum would have
to go below zero (the printer's delivery after the mailing it feeds), those
calendar days are no fix anyone can ask for.  Here the rule itself is
rewritten (a smaller minimum, a larger maximum, in its own unit), its bounds
replaced in the exact propagation, and the fix kept only if every hard rule
then holds: what the user reads is a plan that exists.

Bylaws often restate their statute: Art. I §1.3's notice 10 to 60 days
before the meeting is DGCL §222(b)'s.  Relaxing either alone plans nothing,
the other still holds the line; `joint_gap_fix` relaxes the rule together
with every hard rule that states the same limit (same events, kind,
counting and lag, a limit at least as strict on the side relaxed), each by
the same number of days, and keeps the fix only if they then plan.
"""

from __future__ import annotations

from typing import Callable

from planner.engine.problem import Problem
from planner.engine.propagation import BoundsContext, Propagator
from planner.rules import RuleBase

__all__ = ["GapFix", "gap_fix", "joint_gap_fix", "same_limit"]

_MOST_DAYS = 3660  # GapRule's own ceiling on min_days and max_days
_MOST_MONTHS = 120  # ten years: past the longest horizon the planner takes


class GapFix:
    """The fix in words, how far the rule moves (in its own unit), and the
    rule's new min_days or max_days."""

    def __init__(self, text: str, days: int, field: str, value: int, together: tuple[str, ...] = ()):
        self.text, self.days, self.field, self.value = text, days, field, value
        self.together = together  # the other rules stating the same limit, relaxed by the same days


def gap_fix(problem: Problem, propagator: Propagator, rule: RuleBase, hard: list[str]) -> GapFix | None:
    """The least change to a gap rule's minimum (else its maximum in days,
    else in months) under which every hard rule holds, or None when no
    number of its own will do."""
    return _side_fix(problem, propagator, rule, hard, lambda field: [])


# The sides of a gap, in the order gap_fix tries them: the field, whether a
# larger number is looser, and the most it may be.
_SIDES = (("min_days", False, None), ("max_days", True, _MOST_DAYS), ("max_months", True, _MOST_MONTHS))


def same_limit(rule: RuleBase, field: str, candidates: list[RuleBase]) -> list[RuleBase]:
    """The rules of `candidates` (other than `rule`) that state the limit
    `field` of gap `rule` on the same events, counted the same way, at least
    as strictly: relaxing `rule` on that side alone leaves them in the way."""
    mine = getattr(rule, field)
    if rule.kind != "gap" or mine is None:
        return []
    looser_up = field != "min_days"
    found = []
    for other in candidates:
        if (other.id == rule.id or other.kind != "gap" or (other.before, other.after) != (rule.before, rule.after)
                or other.counting != rule.counting or other.effective_after_days != rule.effective_after_days):
            continue
        theirs = getattr(other, field)
        if theirs is not None and (theirs <= mine if looser_up else theirs >= mine):
            found.append(other)
    return found


def joint_gap_fix(problem: Problem, propagator: Propagator, rule: RuleBase, hard: list[str],
                  candidates: list[RuleBase]) -> GapFix | None:
    """The least number of days by which gap `rule` and the rules of
    `candidates` that state the same limit (same_limit) must all give, each
    by those days on the same side, for every hard rule to hold; None when
    no side has such rules, or no number of days will do.  For a rule that
    gap_fix cannot fix alone."""
    def others(field: str) -> list[RuleBase] | None:
        found = [o for o in same_limit(rule, field, candidates) if o.id in propagator.bounds]
        return found or None  # no other rule states this limit: no joint fix on this side

    return _side_fix(problem, propagator, rule, hard, others)


def _side_fix(problem: Problem, propagator: Propagator, rule: RuleBase, hard: list[str],
              others_of: Callable[[str], list[RuleBase] | None]) -> GapFix | None:
    """The first side of gap `rule` (_SIDES) on which the fewest days given
    by the rule, together with `others_of(side)` (None: skip that side),
    let every hard rule hold; None when no side will do."""
    if rule.kind != "gap" or rule.id not in propagator.bounds:
        return None
    context = BoundsContext(problem, problem.days_for(rule))
    unit = "business days" if rule.counting == "business" else "days"
    between = f"from {rule.before} to {rule.after}"
    for field, up, ceiling in _SIDES:
        mine = getattr(rule, field)
        if mine is None if up else not mine:
            continue
        others = others_of(field)
        if others is None:
            continue
        group = [rule, *others]
        # How far every one of them can move: a minimum to zero (the rule's own
        # is the smallest), a maximum to its ceiling or, in days, as far as the
        # explanation looks for any rule: the problem's horizon.
        if up:
            reach = min(ceiling - getattr(r, field) for r in group)
            reach = min(reach, problem.horizon) if field == "max_days" else reach
        else:
            reach = mine
        if reach < 1:
            continue

        def works(m: int) -> bool:
            kept = {r.id: propagator.bounds[r.id] for r in group}
            try:
                for r in group:
                    value = getattr(r, field) + (m if up else -m)
                    propagator.bounds[r.id] = r.model_copy(update={field: value}).bounds(
                        BoundsContext(problem, problem.days_for(r)) if r is not rule else context)
                return propagator.feasible(hard)
            finally:
                propagator.bounds.update(kept)

        least = _first(works, 1, reach)
        if least is None:
            continue
        value = mine + least if up else mine - least
        own = "months" if field == "max_months" else unit
        word = "as much as" if up else "as little as"
        text = f"allow {word} {value} {own} {between}, not {mine} ({rule.cite})"
        if others:
            cites = " and ".join(o.cite for o in others)
            verb = "sets" if len(others) == 1 else "set"
            every = "both" if len(others) == 1 else f"all {len(group)}"
            if all(getattr(o, field) == mine for o in others):
                text += f"; {cites} {verb} the same limit: {every} must allow {word} {value} {own}"
            else:
                moved = ", ".join(f"{o.cite}: {word} {getattr(o, field) + (least if up else -least)}" for o in others)
                text += f"; {cites} {verb} the same limit or a stricter one: {every} must give {least} {own} ({moved})"
        return GapFix(text, least, field, value, tuple(o.id for o in others))
    return None


def _first(ok: Callable[[int], bool], low: int, high: int) -> int | None:
    """The least n in low..high with ok(n), ok being monotone; None if none."""
    if not ok(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if ok(mid):
            high = mid
        else:
            low = mid + 1
    return low
