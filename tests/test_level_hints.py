"""A warm plan tries first the levels its last plan found
(planner.engine.filling.Filling.highest, `hint`): each level is then
proved in two trials, and no hint, right, wrong or absurd, changes the
plan."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from planner.engine.filling import Filling
import planner.engine.leximin as leximin
from planner.engine.leximin import forget_hints, leximin_plan
from planner.engine.problem import build_problem
from tests.helpers import SCENARIOS, rulebook, scenario
from tests.test_leximin import CAP, FREE, choice_problems

PLANS = sorted(p for p in SCENARIOS.glob("*.yaml") if "infeasible" not in p.name) + \
    sorted((SCENARIOS / "variants").glob("*.yaml"))


def _candidates(p) -> list:
    """Every candidate the plans of problem `p` keep (made by its first plan)."""
    return [c for _, prepared in sorted(leximin._kept_layout(p)[6].items()) for c in prepared]


def _answer(found) -> tuple:
    if found is None:
        return None
    return (found.facts, found.days, sorted(found.kept),
            sorted((s.rule, s.index, s.end, v) for s, v in found.levels.items()))


def _replanned(p, hints) -> tuple:
    """The plan again with `hints(candidate)` given to every candidate."""
    for candidate in _candidates(p):
        candidate.hints = hints(candidate)
    return _answer(leximin_plan(p))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_the_last_plans_levels_give_the_same_plan_again(path: Path):
    p = build_problem(path, reuse=False)
    first = _answer(leximin_plan(p))  # no hints: a new problem
    assert first is not None
    assert any(c.hints for c in _candidates(p)), "the first plan leaves its levels as hints"
    assert _answer(leximin_plan(p)) == first
    forget_hints(p)
    assert not any(c.hints for c in _candidates(p))
    assert _answer(leximin_plan(p)) == first


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLANS), st.data())
def test_any_hints_give_the_same_plan(path: Path, data):
    p = build_problem(path, reuse=False)
    first = _answer(leximin_plan(p))
    drawn = st.lists(st.integers(-3, 80), max_size=10)
    assert _replanned(p, lambda _: data.draw(drawn)) == first
    # The right levels one day off, either way: the commonest wrong hint (a what-if's neighbour).
    shift = data.draw(st.sampled_from([-1, 1]))
    assert _replanned(p, lambda c: [level + shift for level in c.hints]) == first


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choice_problems(), st.data())
def test_any_hints_give_the_same_plan_on_generated_rules(rules, data):
    # Fact choices, preferences and ties: several candidates, some stopped
    # early by another's margins (their hints end short).
    facts = {"method": {"values": ["m1", "m2", "m3"], "default": "m1", "doc": "test"}}
    p = build_problem(scenario([], margin_cap_days=CAP, facts={"method": "choose"}),
                      rulebook=rulebook(rules, ("a", *FREE), facts))
    first = _answer(leximin_plan(p))
    if first is None:
        return
    assert _replanned(p, lambda _: data.draw(st.lists(st.integers(-2, CAP + 3), max_size=8))) == first


def test_a_warm_plan_proves_each_level_in_at_most_two_trials(monkeypatch):
    # Williams listed: its first level took four trials (three failed,
    # each limit from a crossing) before the hints.
    p = build_problem(SCENARIOS / "williams-natural-gas-listed-2027.yaml", reuse=False)
    trials: Counter = Counter()
    calls = {"highest": 0}
    real_highest, real_trial = Filling.highest, Filling.trial_level

    def highest(self, *args, **kwargs):
        calls["highest"] += 1
        return real_highest(self, *args, **kwargs)

    def trial_level(self, free, level, keep, witness=False):
        trials[calls["highest"]] += 1
        return real_trial(self, free, level, keep, witness)

    monkeypatch.setattr(Filling, "highest", highest)
    monkeypatch.setattr(Filling, "trial_level", trial_level)
    first = leximin_plan(p)
    cold, calls["highest"] = dict(trials), 0
    trials.clear()
    assert _answer(leximin_plan(p)) == _answer(first)
    assert max(cold.values()) >= 4
    assert max(trials.values()) <= 2 and sum(trials.values()) < sum(cold.values())
