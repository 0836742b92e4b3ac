"""The re-check and the Plan model compute what depends on the problem alone
once per problem (planner.engine.memo), and a few hot helpers take a
quicker road to the same answer (issue 14).  Each is held here to the slow
road it replaced, and the memo to a problem built afresh."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from pydantic import ValidationError
from dateutil.relativedelta import relativedelta

from planner.days.business_calendar import BusinessCalendar
from planner.engine.leximin import leximin_plan
from planner.engine.memo import MEMO_SLOT, memo
from planner.engine.problem import build_problem
from planner.law.external_dates import _anniversary
from planner.model.documents import CHOOSE
from planner.verdicts import checker
from planner.verdicts.checker import check_dates
from planner.verdicts.results import Coverage, EventResult, Plan, RuleResult
from planner.verdicts.solve import _weekday, build_plan
from tests.helpers import SCENARIOS, WILLIAMS

LISTED = SCENARIOS / "porter-mcleod-listed-2027.yaml"


def _planned(path):
    problem = build_problem(str(path))
    found = leximin_plan(problem)
    dates = {e: problem.origin + timedelta(days=d) for e, d in found.days.items()}
    return problem, dates, {**problem.facts, **found.facts}


def _shifted(dates: dict[str, date], step: int) -> dict[str, date]:
    """Each event moved by a different number of days: most rules break,
    some tight, some by a margin (so words and violations are made)."""
    return {e: d + timedelta(days=(i * step) % 23 - 11) for i, (e, d) in enumerate(sorted(dates.items()))}


@pytest.mark.parametrize("path", [WILLIAMS, LISTED], ids=lambda p: p.stem)
def test_warm_check_and_plan_equal_a_fresh_problems(path):
    problem, dates, facts = _planned(path)
    for step in (0, 3, 7):
        moved = _shifted(dates, step)
        warm = [check_dates(problem, moved, facts) for _ in range(2)]  # the second from the memo
        fresh = check_dates(build_problem(str(path)), moved, facts)
        assert warm[0] == warm[1] == fresh
        assert [r.model_fields_set for r in warm[1]] == [r.model_fields_set for r in fresh]
        if step:
            assert any(r.status == "violated" and r.words for r in fresh)  # the shifted dates do break rules
        plans = [build_plan(problem, "feasible", moved, facts, warm[1]) for _ in range(2)]
        again = build_plan(build_problem(str(path)), "feasible", moved, facts, fresh)
        assert plans[0].model_dump_json() == plans[1].model_dump_json() == again.model_dump_json()


@pytest.mark.parametrize("path", [WILLIAMS, LISTED], ids=lambda p: p.stem)
def test_each_result_is_the_validated_model(path):
    """The checker makes its results without validating them again
    (checker._result): each must be what validation gives, field by field,
    with the same fields set, in the model's order."""
    problem, dates, facts = _planned(path)
    open_facts = {**facts, **{fact: CHOOSE for fact in problem.choices}}
    results = [r for step in (0, 5, 9) for r in check_dates(problem, _shifted(dates, step), facts)]
    results += check_dates(problem, {}, open_facts)
    assert {r.status for r in results} >= {"satisfied", "violated", "missing"}
    assert any(r.words for r in results)
    assert RuleResult.__pydantic_post_init__ is None and not RuleResult.__private_attributes__
    for made in results:
        valid = RuleResult(**{name: getattr(made, name) for name in made.model_fields_set})
        assert made == valid
        assert list(made.__dict__.items()) == list(valid.__dict__.items())
        assert made.model_fields_set == valid.model_fields_set
        assert made.__pydantic_extra__ == valid.__pydantic_extra__ and made.__pydantic_private__ == valid.__pydantic_private__
        assert made.model_dump_json() == valid.model_dump_json()
        assert made.model_copy(update={"words": "x"}).model_fields_set == valid.model_copy(update={"words": "x"}).model_fields_set
    # No two results share a set that a copy could grow (the skipped rules'
    # results are one model each, shared by every check of the problem).
    unique = {id(r): r for r in results}.values()
    assert len({id(r.model_fields_set) for r in unique}) == len(unique)


def _is_the_validated_model(made, model):
    """`made` equals what validating its set fields gives, field by field,
    with the same fields set, in the model's order."""
    assert type(made) is model and model.__pydantic_post_init__ is None and not model.__private_attributes__
    valid = model(**{name: getattr(made, name) for name in made.model_fields_set})
    assert made == valid
    assert list(made.__dict__.items()) == list(valid.__dict__.items())
    assert [type(v) for v in made.__dict__.values()] == [type(v) for v in valid.__dict__.values()]
    assert made.model_fields_set == valid.model_fields_set
    assert made.__pydantic_extra__ == valid.__pydantic_extra__ and made.__pydantic_private__ == valid.__pydantic_private__
    assert made.model_dump_json() == valid.model_dump_json()


@pytest.mark.parametrize("path", [WILLIAMS, LISTED], ids=lambda p: p.stem)
def test_each_event_is_the_validated_model(path):
    """build_plan makes its events without validating them (assemble)."""
    problem, dates, facts = _planned(path)
    plans = [build_plan(problem, "feasible", moved, facts, check_dates(problem, moved, facts))
             for moved in (dates, _shifted(dates, 5), _shifted(dates, 9))]
    plans.append(build_plan(problem, "infeasible", {}, facts, check_dates(problem, {}, facts)))
    events = [e for plan in plans for e in plan.events]
    assert any(e.binding for e in events) and any(e.date is None for e in events) and any(e.bound_by for e in events)
    for made in events:
        _is_the_validated_model(made, EventResult)
    # Each event its own set and lists: nothing one could change is shared.
    assert len({id(e.model_fields_set) for e in events}) == len(events)
    for name in ("rules", "binding", "bound_by", "tightest"):
        assert len({id(getattr(e, name)) for e in events}) == len(events)


@pytest.mark.parametrize("path", [WILLIAMS, LISTED], ids=lambda p: p.stem)
def test_each_plan_is_the_validated_model(path):
    """build_plan assembles the Plan and its coverage without validating
    them when every value is valid as it is (solve._valid_as_is)."""
    problem, dates, facts = _planned(path)
    open_facts = {**facts, **{fact: CHOOSE for fact in problem.choices}}
    plans = [build_plan(problem, "feasible", moved, facts, check_dates(problem, moved, facts))
             for moved in (dates, _shifted(dates, 5))]
    plans.append(build_plan(problem, "infeasible", {}, open_facts, check_dates(problem, {}, open_facts)))
    plans.append(build_plan(problem, "compliant", dates, facts, check_dates(problem, dates, facts), [["a", "b"]]))
    for plan in plans:
        _is_the_validated_model(plan, Plan)
        _is_the_validated_model(plan.coverage, Coverage)
    assert len({id(p.model_fields_set) for p in plans}) == len(plans)


def test_a_plan_of_values_validation_would_change_is_validated():
    """A year or a fact given as a float (the Python API takes what a
    program passes) is validated into the Plan as before, and a status no
    Plan has is refused."""
    problem, dates, facts = _planned(WILLIAMS)
    rules = check_dates(problem, dates, facts)
    plan = build_plan(problem, "feasible", dates, {**facts, "copies": 2.0}, rules)
    assert plan.facts["copies"] == 2 and type(plan.facts["copies"]) is int
    problem.year = float(problem.year)
    assert type(build_plan(problem, "feasible", dates, facts, rules).year) is int
    with pytest.raises(ValidationError):
        build_plan(problem, "done", dates, facts, rules)


def test_a_rules_results_are_kept_by_what_its_check_found_and_bounded():
    """A rule checked again to the same status, margin, reason and words
    hands out the result it made (a frozen value of those and the rule's
    fields); any other margin gets its own; a study checking many
    calendars on one problem keeps at most _KEPT_PER_RULE a rule."""
    problem, dates, facts = _planned(LISTED)
    first, again = check_dates(problem, dates, facts), check_dates(problem, dict(dates), facts)
    assert {r.status for r in first} >= {"satisfied", "not_applicable"}
    assert all(a is b for a, b in zip(first, again))
    fresh = build_problem(str(LISTED))
    for step in range(1, 3 * checker._KEPT_PER_RULE):
        moved = {e: d + timedelta(days=step % 150 - 75) if e == "meeting" else d for e, d in dates.items()}
        assert check_dates(problem, moved, facts) == check_dates(fresh, moved, facts)
    prepared = memo(problem, "checker", checker._prepare)[0]
    assert max(len(item.made) for item in prepared) <= checker._KEPT_PER_RULE
    assert any(len(item.made) > 10 for item in prepared)  # the meeting's rules did move
    assert check_dates(problem, dates, facts) == first


def test_memo_follows_a_problem_edited_after_it_was_built():
    problem, dates, facts = _planned(WILLIAMS)
    before = check_dates(problem, dates, facts)
    dropped = problem.rules[0].id
    problem.rules.pop(0)  # edited in place
    assert dropped not in {r.id for r in check_dates(problem, dates, facts)}
    problem.rules = [*problem.rules, *[r for r in build_problem(str(WILLIAMS)).rules if r.id == dropped]]  # replaced
    assert {r.id for r in check_dates(problem, dates, facts)} == {r.id for r in before}
    problem.rules[0] = problem.rules[0].model_copy(update={"cite": "Art. 99 §9"})  # one rule replaced in place
    assert check_dates(problem, dates, facts)[0].cite == "Art. 99 §9"
    kept = problem.__dict__[MEMO_SLOT]
    check_dates(problem, dates, facts)
    assert problem.__dict__[MEMO_SLOT] is kept  # nothing changed: the memo holds
    problem.facts["an_added_fact"] = True  # a fact edited in place (the findings depend on the facts)
    check_dates(problem, dates, facts)
    assert problem.__dict__[MEMO_SLOT] is not kept
    # A copy made with dataclasses.replace starts without the memo.
    fewer = dataclasses.replace(problem, rules=problem.rules[1:])
    assert len(check_dates(fewer, dates, facts)) == len(before) - 1
    assert len(check_dates(problem, dates, facts)) == len(before)


def test_memo_follows_a_replaced_scenario_or_rulebook():
    problem, dates, facts = _planned(WILLIAMS)
    plan = build_plan(problem, "feasible", dates, facts, check_dates(problem, dates, facts))
    problem.scenario = problem.scenario.model_copy(update={"name": "renamed"})
    problem.rulebook = problem.rulebook.model_copy(update={"title": "Another Company, Bylaws"})
    renamed = build_plan(problem, "feasible", dates, facts, check_dates(problem, dates, facts))
    assert (plan.company, renamed.company) == ("Williams Natural Gas Company", "Another Company")
    assert renamed.coverage.checked_against[0].startswith("bylaws: Another Company, Bylaws")


CALENDARS = [
    BusinessCalendar("US", "DE", range(2024, 2031)),
    BusinessCalendar("US", None, range(2024, 2031),
                     {date(2027, 3, 24), date(2027, 12, 27), date(2028, 2, 29), date(2027, 3, 27)}),
]


@pytest.mark.parametrize("calendar", CALENDARS, ids=["DE", "federal with closures"])
def test_count_business_days_equals_the_walk(calendar):
    start = date(2026, 12, 1)
    for first in range(0, 500, 7):
        a = start + timedelta(days=first)
        for length in (-3, -1, 0, 1, 2, 5, 6, 7, 10, 31, 60, 61, 100, 400):
            b = a + timedelta(days=length)
            walked = sum(calendar.is_business_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))
            assert calendar.count_business_days(a, b) == walked, (a, b)


def test_anniversary_equals_relativedelta_every_day_of_a_leap_cycle():
    day = date(2023, 1, 1)
    while day < date(2029, 1, 1):
        assert _anniversary(day) == day + relativedelta(years=1), day
        day += timedelta(days=1)
    assert _anniversary(date(2028, 2, 29)) == date(2029, 2, 28)


def test_weekday_names_are_strftimes():
    for offset in range(14):
        day = date(2027, 4, 26) + timedelta(days=offset)
        assert _weekday(day) == day.strftime("%A")
