"""Independent parts of a problem: events that rules, or facts the planner
picks, link together.  No plan of one part constrains another, so the plan
objective fills each part on its own (planner.engine.leximin) and a set of
rules holds exactly when each part's share of it does (the explanations'
feasibility checks, planner.verdicts.explanations)."""

from __future__ import annotations

from typing import Any

from planner.engine.memo import memo

__all__ = ["linked_parts"]


def linked_parts(problem: Any) -> dict[str, str]:
    """Each event's part, named by one of its events; a rule's part is its
    first event's.  Kept on the problem (read only)."""
    return memo(problem, "parts", _link)


def _link(problem: Any) -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for event in problem.events:
        find(event)
    for rule in problem.rules:
        # A fact the planner picks ties the rules it switches: one value for all of them.
        linked = list(rule.events()) + [f"fact:{f}" for f, _ in problem.conditions(rule)]
        for other in linked[1:]:
            parent[find(other)] = find(linked[0])
    return {event: find(event) for event in problem.events}
