"""What the re-check and the Plan model compute from the problem alone,
kept on the problem so that a warm plan computes it once.

A rule's citation, text, layer and pack, the facts it depends on, the
findings, the coverage and the fixed-anchor warnings do not change with the
dates; a what-if sweep or a service that plans the same (cached) problem
again used to rebuild them on every call (issue 14).  Nothing here depends
on the solver or the propagation: only on the problem's own fields.

`Problem` is a mutable dataclass that is not ours to change (layer 5), so
the memo lives in the instance's ``__dict__`` beside its fields, and is
dropped when any field it reads has been replaced or edited since: a
problem changed after it was built (a test, a study) never sees stale
answers.  ``dataclasses.replace`` makes a new
instance without it.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from planner.engine.problem import Problem

__all__ = ["memo"]

T = TypeVar("T")

_SLOT = "_verdicts_memo"


def _guard(problem: Problem) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The fields the memoized answers read: by identity (what is replaced
    whole), and by value what may be edited in place (a list's items are
    compared by identity first, so an unchanged list costs little)."""
    same = (problem.rules, problem.skipped, problem.events, problem.calendar, problem.packs, problem.origins,
            problem.scenario, problem.rulebook, problem.notes, problem.facts, problem.choices)
    equal = (problem.year, tuple(problem.rules), tuple(problem.skipped), tuple(problem.events.items()),
             tuple(problem.packs), tuple(problem.origins.items()), tuple(problem.notes), tuple(problem.facts.items()),
             tuple((k, tuple(v)) for k, v in problem.choices.items()))
    return same, equal


def memo(problem: Problem, key: str, build: Callable[[Problem], T]) -> T:
    """`build(problem)`, computed once per problem for each `key` (a name
    unique to what `build` computes)."""
    store = getattr(problem, "__dict__", None)
    if store is None:  # a problem without an instance dict (slots): nothing to keep it in
        return build(problem)
    same, equal = _guard(problem)
    held = store.get(_SLOT)
    if held is None or held[1] != equal or any(a is not b for a, b in zip(held[0], same)):
        held = (same, equal, {})
        store[_SLOT] = held  # one assignment: a thread sees the old memo or the new one
    table = held[2]
    if key not in table:
        table[key] = build(problem)
    return table[key]
