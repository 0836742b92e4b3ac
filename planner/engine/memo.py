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


def _state(problem: Any) -> tuple[Any, ...]:
    """The problem's own fields the kept answers read, as compared by
    value: its values, lists and dicts, each dict's keys in order too
    (dicts compare equal in any order, and the answers may follow it)."""
    p = problem
    return (p.year, p.origin, p.horizon, p.ranges, list(p.ranges), p.rules, p.skipped, p.events, list(p.events),
            p.packs, p.origins, list(p.origins), p.notes, p.facts, list(p.facts), p.choices, list(p.choices))


def _copied(value: Any) -> Any:
    """A copy of a field that an edit in place does not reach (a dict's
    list values, the choices' options, copied too)."""
    if isinstance(value, dict):
        return {key: list(item) if isinstance(item, list) else item for key, item in value.items()}
    if isinstance(value, list):
        return list(value)
    return value


def _same(problem: Any) -> tuple[Any, ...]:
    """By identity what is shared and never edited: the documents, the calendar."""
    return problem.scenario, problem.rulebook, problem.calendar


def _held(problem: Any) -> tuple | None:
    """The problem's memo, made anew if a field it read has changed: the
    shared fields must be the same objects, the problem's own equal to
    their copies (one comparison of two tuples, made in C, an unchanged
    item found by identity first: the check runs on every lookup, several
    times a plan)."""
    store = getattr(problem, "__dict__", None)
    if store is None:  # a problem without an instance dict (slots): nothing to keep it in
        return None
    held = store.get(MEMO_SLOT)
    if held is not None:
        same = held[0]
        if (same[0] is problem.scenario and same[1] is problem.rulebook and same[2] is problem.calendar
                and held[1] == _state(problem)):
            return held
    held = (_same(problem), tuple(_copied(value) for value in _state(problem)), {})
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
