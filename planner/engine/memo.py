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


# The fields compared by value: the problem's own values, lists and dicts.
_EQUAL = ("year", "origin", "horizon", "ranges", "rules", "skipped", "events", "packs", "origins", "notes", "facts",
          "choices")


class _DictCopy:
    """A dict field as it was: its items (a list value copied, as the
    choices' options), and its keys in order, since dicts compare equal in
    any order and the answers may follow it."""

    __slots__ = ("items", "keys")

    def __init__(self, value: dict):
        self.items = {key: list(item) if isinstance(item, list) else item for key, item in value.items()}
        self.keys = list(value)

    def __eq__(self, value: object) -> bool:
        return self.items == value and self.keys == list(value)  # type: ignore[arg-type]


def _snapshot(value: Any) -> Any:
    """A copy of a field that an edit in place does not reach."""
    if isinstance(value, dict):
        return _DictCopy(value)
    if isinstance(value, list):
        return list(value)
    return value


def _same(problem: Any) -> tuple[Any, ...]:
    """By identity what is shared and never edited: the documents, the calendar."""
    return problem.scenario, problem.rulebook, problem.calendar


def _alike(problem: Any, held: tuple) -> bool:
    """Whether the fields the kept answers read are as they were: the
    shared ones the same objects, the problem's own equal to their copies
    (lists and dicts compared in C, an unchanged item found by identity
    first, so an unchanged problem costs little: the check runs on every
    lookup, several times a plan)."""
    same, copies = held[0], held[1]
    if same[0] is not problem.scenario or same[1] is not problem.rulebook or same[2] is not problem.calendar:
        return False
    for name, copy in zip(_EQUAL, copies):
        if not copy == getattr(problem, name):
            return False
    return True


def _held(problem: Any) -> tuple | None:
    """The problem's memo, made anew if a field it read has changed."""
    store = getattr(problem, "__dict__", None)
    if store is None:  # a problem without an instance dict (slots): nothing to keep it in
        return None
    held = store.get(MEMO_SLOT)
    if held is None or not _alike(problem, held):
        held = (_same(problem), tuple(_snapshot(getattr(problem, name)) for name in _EQUAL), {})
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
