"""Which margins count and how many days of each are worth keeping: shared
by the plan objective (planner.engine.leximin) and the CP-SAT model
(planner.engine.compiler)."""

from __future__ import annotations

from planner.rules import RuleBase

__all__ = ["COMFORT_DAYS", "LEGAL_SOURCES", "worth_cap"]

LEGAL_SOURCES = ("statute", "bylaw")
# Days of margin worth keeping before an event that nothing else bounds on
# its free side (a board notice that may go out any time before the board
# meeting): beyond them the event would only drift away from what it serves.
COMFORT_DAYS = 3


def worth_cap(rule: RuleBase, index: int, sides: dict[str, tuple[bool, bool]], cap: int) -> int:
    """The cap of the index-th margin a rule compiles to: the scenario's,
    or COMFORT_DAYS for a gap's minimum (its first margin) whose earlier
    event has no earliest date or whose later one has no latest."""
    if rule.kind != "gap" or rule.min_days is None or index != 0:
        return cap
    free = not sides[rule.before][0] or not sides[rule.after][1]
    return min(cap, COMFORT_DAYS) if free else cap
