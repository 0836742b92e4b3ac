"""What is computed from a built problem alone, kept on the problem so
that planning the same problem again (a warm plan, a service answering the
same request, a what-if row) computes it once: the bounds of its rules, the
plan objective's parts, each rule's result fields, the findings.

A problem is a mutable dataclass, so the memo lives in the instance's
``__dict__`` beside its fields and is dropped when any field it may read
has been replaced or edited since (a test, a study, a caller changing the
copy it was handed): never a stale answer.  The documents, rules and
calendar are compared by identity (nobody edits them in place), the
problem's own lists and dicts by value, so the copies build_problem hands
out of its cache (Problem.copy) share one memo while they are alike.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

# No import of planner.engine.problem: the propagation, which the problem
# builder runs, keeps its bounds here, so the problem is duck-typed.
__all__ = ["memo", "share_memo", "MEMO_SLOT"]

T = TypeVar("T")

MEMO_SLOT = "_memo"


def _guard(problem: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The fields the kept answers read: by identity what is shared and
    never edited (the documents, the calendar), by value the problem's own
    lists and dicts (a list's items are compared by identity first, so an
    unchanged list costs little)."""
    same = (problem.scenario, problem.rulebook, problem.calendar)
    equal = (problem.year, problem.origin, problem.horizon, tuple(problem.ranges.items()), tuple(problem.rules),
             tuple(problem.skipped),
             tuple(problem.events.items()), tuple(problem.packs), tuple(problem.origins.items()), tuple(problem.notes),
             tuple(problem.facts.items()), tuple((k, tuple(v)) for k, v in problem.choices.items()))
    return same, equal


def _held(problem: Any) -> tuple | None:
    """The problem's memo, made anew if a field it read has changed."""
    store = getattr(problem, "__dict__", None)
    if store is None:  # a problem without an instance dict (slots): nothing to keep it in
        return None
    same, equal = _guard(problem)
    held = store.get(MEMO_SLOT)
    if held is None or held[1] != equal or any(a is not b for a, b in zip(held[0], same)):
        held = (same, equal, {})
        store[MEMO_SLOT] = held  # one assignment: a thread sees the old memo or the new one
    return held


def memo(problem: Any, key: str, build: Callable[[Any], T]) -> T:
    """`build(problem)`, computed once per problem for each `key` (a name
    unique to what `build` computes); what it returns is shared by every
    caller and must not be changed."""
    held = _held(problem)
    if held is None:
        return build(problem)
    table = held[2]
    if key not in table:
        table[key] = build(problem)
    return table[key]


def share_memo(source: Any, copy: Any) -> None:
    """Let a copy of a problem use, and fill, the source's memo: what one
    of them computes the other finds (the problem cache keeps the source
    and hands out copies).  A copy changed later makes its own."""
    held = _held(source)
    if held is not None and getattr(copy, "__dict__", None) is not None:
        copy.__dict__[MEMO_SLOT] = held
