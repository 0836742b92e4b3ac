"""What is computed from a built problem alone, kept on it
(planner.engine.memo): the copies the problem cache hands out share it,
a copy that a caller changes gets its own, plans made at once from many
threads agree, and the incremental fixpoint's copies are independent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import planner
from planner.engine.leximin import leximin_plan
from planner.engine.memo import MEMO_SLOT, memo
from planner.engine.problem import build_problem, clear_problem_cache
from planner.engine.propagation import Fixpoint, Propagator
from tests.helpers import PORTER, SCENARIOS, WILLIAMS

LISTED = SCENARIOS / "porter-mcleod-listed-2027.yaml"


@pytest.fixture(autouse=True)
def _fresh():
    clear_problem_cache()
    yield
    clear_problem_cache()


def test_copies_of_a_kept_problem_share_what_one_of_them_computed():
    first = build_problem(str(PORTER))
    leximin_plan(first)
    second = build_problem(str(PORTER))
    assert second is not first
    assert second.__dict__[MEMO_SLOT] is first.__dict__[MEMO_SLOT]
    assert {"bounds", "leximin"} <= set(second.__dict__[MEMO_SLOT][2])
    assert leximin_plan(second).days == leximin_plan(build_problem(str(PORTER), reuse=False)).days


def test_a_copy_a_caller_changes_gets_its_own_answers():
    fresh = build_problem(str(PORTER), reuse=False)
    kept = build_problem(str(PORTER))
    leximin_plan(kept)
    changed = build_problem(str(PORTER))
    gone = next(r for r in changed.rules if r.id == "notice-window")
    changed.rules.remove(gone)
    fresh.rules.remove(next(r for r in fresh.rules if r.id == "notice-window"))
    # The changed copy plans from its own rules, the others still from theirs.
    assert "notice-window" not in Propagator(changed).bounds
    assert leximin_plan(changed).days == leximin_plan(fresh).days
    assert "notice-window" in Propagator(build_problem(str(PORTER))).bounds


def test_memo_builds_once_and_hands_the_same_answer():
    problem = build_problem(str(WILLIAMS))
    calls = []

    def build(p):
        calls.append(p)
        return object()

    assert memo(problem, "test", build) is memo(problem, "test", build)
    assert len(calls) == 1
    problem.notes.append("edited")
    memo(problem, "test", build)
    assert len(calls) == 2


def test_memo_follows_every_kind_of_edit_in_place():
    """The guard compares copies of the problem's own lists and dicts: each
    edit in place below, even one that keeps a dict equal (its keys
    reordered), makes the memo anew; an untouched problem keeps it."""
    problem = build_problem(str(LISTED), reuse=False)

    def reorder(d):
        first = next(iter(d))
        d[first] = d.pop(first)

    edits = [
        lambda p: reorder(p.events),
        lambda p: reorder(p.ranges),
        lambda p: p.ranges.update({next(iter(p.ranges)): (0, 0)}),
        lambda p: p.rules.reverse(),
        lambda p: p.skipped.pop(),
        lambda p: p.packs.pop(),
        lambda p: p.origins.pop(next(iter(p.origins))),
        lambda p: p.facts.update(meeting_type="special"),
        lambda p: p.choices.update(extra=["a", "b"]),
        lambda p: p.choices["extra"].append("c"),
        lambda p: setattr(p, "horizon", p.horizon + 1),
        lambda p: setattr(p, "year", p.year + 1),
        lambda p: setattr(p, "scenario", p.scenario.model_copy()),
    ]
    for edit in edits:
        kept = memo(problem, "test", lambda p: object())
        assert memo(problem, "test", lambda p: object()) is kept
        edit(problem)
        assert memo(problem, "test", lambda p: object()) is not kept


@pytest.mark.parametrize("path", [WILLIAMS, LISTED], ids=lambda p: p.stem)
def test_plans_made_at_once_from_threads_agree(path):
    # The service plans in threads; every copy shares the kept problem's memo.
    expected = planner.plan(str(path)).model_dump_json()
    clear_problem_cache()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: planner.plan(str(path)).model_dump_json(), range(32)))
    assert set(answers) == {expected}


def test_a_fixpoint_copy_goes_its_own_way():
    problem = build_problem(str(PORTER))
    prop = Propagator(problem, frame=problem.ranges)
    fix = Fixpoint(dict(problem.ranges))
    for rule in prop.bounds:
        for bound in prop.bounds[rule]:
            fix.impose(bound)
    assert fix.settle()
    fix.commit()
    before = (dict(fix.lo), dict(fix.hi), len(fix.bound))
    other = fix.copy()
    event = next(iter(problem.ranges))
    other.set_hi(event, other.lo[event])
    assert other.settle()
    upper = next(b for bs in prop.bounds.values() for b in bs if hasattr(b, "source"))
    other.add(upper, 1)
    other.settle()
    assert (fix.lo, fix.hi, len(fix.bound)) == before
    assert other.hi[event] == other.lo[event] and len(other.bound) == before[2] + 1
    fix.begin()
    with pytest.raises(RuntimeError):
        fix.copy()  # a copy is of a settled fixpoint, outside a trial
    fix.rollback()
