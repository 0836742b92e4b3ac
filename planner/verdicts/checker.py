"""The solver-free checker: every rule of a problem against concrete dates.

It re-checks every plan the solver returns, and it is what ``planner check``
runs on a calendar a user already has.  It shares the rule kinds' ``check``
methods and the business calendar with nothing of CP-SAT.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Callable, NamedTuple

from planner.days.business_calendar import BusinessCalendar
from planner.days.dates import DateExpr
from planner.model.documents import CHOOSE
from planner.engine.problem import Problem
from planner.engine.memo import memo
from planner.verdicts.results import RuleResult, RuleStatus, assemble
from planner.rules import RuleBase
from planner.rules.base import FactValue

__all__ = ["check_dates", "held_by_closures", "MissingDate"]


class MissingDate(KeyError):
    """A rule needs an event the calendar does not date."""


class _Dates(dict):
    """The calendar's dates; an event it does not date is a MissingDate."""

    def __missing__(self, event: str) -> date:
        raise MissingDate(event)


class _Context:
    """What a rule's check sees (planner.rules.base.CheckContext): the
    calendar's dates, the business days it counts, the problem's dates of
    expressions.  Each is a bound call, no method of ours around it: a
    rule asks for two dates, a plan checks dozens of rules (issue 14)."""

    __slots__ = ("calendar", "date", "resolve")

    def __init__(self, problem: Problem, dates: _Dates, calendar: BusinessCalendar):
        self.calendar = calendar
        self.date: Callable[[str], date] = dates.__getitem__  # the dict's own lookup, in C
        self.resolve: Callable[[DateExpr], date] = problem.resolve


class _Prepared(NamedTuple):
    """What the check of one rule needs that does not depend on the dates
    (a tuple: the check's loop unpacks it)."""

    check: Callable[[Any], int]  # the rule's own check, bound
    count_words: Callable[[Any], str] | None  # its words for a violated or tight count; None: no margin to say
    conditions: list[tuple[str, list[FactValue]]]  # the picked facts it depends on
    count: str  # whose business days it counts (Problem.count_of: legal, federal, office)
    template: dict[str, Any]  # its RuleResult's fields in the model's order; status, slack_days, reason, words to fill
    made: dict[tuple, RuleResult]  # its results made so far, by what the check found (_kept)


def _fields(problem: Problem, rule: RuleBase, names: dict[str, str]) -> dict[str, Any]:
    """A rule's RuleResult fields that only the problem decides, validated
    (by making the RuleResult once) so that each check need not."""
    pack = problem.pack_of(rule)
    valid = RuleResult(
        id=rule.id, cite=rule.cite, summary=rule.summary, source=rule.source, kind=rule.kind,
        text=rule.describe(names), status="unknown", layer=problem.layer(rule), pack=pack.id if pack else None,
        verified=rule.verified, verification=rule.verification,
    )
    return {name: value for name, value in valid.__dict__.items() if name not in ("status", "slack_days", "reason", "words")}


def _prepare(problem: Problem) -> tuple[list[_Prepared], list[RuleResult], dict[str, Any]]:
    """Each applicable rule prepared, the skipped rules' results (which do
    not depend on the dates at all), and each count's calendar that a rule
    counts with besides the legal one."""
    names = problem.event_names
    prepared = [_Prepared(rule.check, rule.count_words if rule.has_margin else None, problem.conditions(rule),
                          problem.count_of(rule), _template(_fields(problem, rule, names)), {})
                for rule in problem.rules]
    skipped = [RuleResult(**_fields(problem, s.rule, names), status=s.status, slack_days=None, reason=s.reason)
               for s in problem.skipped]
    others = {rule.id: problem.count_of(rule) for rule in problem.rules}
    return prepared, skipped, {kind: problem.calendar_for(rule) for rule in problem.rules
                               if (kind := others[rule.id]) != "legal"}


# A RuleResult's fields in the model's order, and those the checker gives
# (all but `words`, unless it says the count).
_FIELDS = tuple(RuleResult.model_fields)
_GIVEN = frozenset(_FIELDS) - {"words"}
_GIVEN_WORDS = frozenset(_FIELDS)


def _template(fields: dict[str, Any]) -> dict[str, Any]:
    """A rule's result fields in the model's order, the dated ones left to
    _result: copying it keeps the order the model's own __dict__ has."""
    return {name: fields.get(name) for name in _FIELDS}


def _result(template: dict[str, Any], status: RuleStatus, slack: int | None = None, reason: str | None = None,
            words: str | None = None) -> RuleResult:
    """The RuleResult that RuleResult(**fields, status=..., slack_days=...,
    reason=..., words=...) validates, assembled without validation:
    validating the result of every rule of every plan was half a warm
    check, and building its dict field by field half of the rest (issue
    14).  What goes in is already
    valid: the `template` fields were validated once per problem
    (_fields), `status` is one of this module's literals, `slack` an int
    from a rule's check, `reason` and `words` strings.
    tests/test_recheck_memo.py holds every result to the validated model."""
    return assemble(RuleResult, dict(template, status=status, slack_days=slack, reason=reason, words=words),
                    set(_GIVEN if words is None else _GIVEN_WORDS))


# How many results of one rule are kept (_kept): a problem planned again
# gives the same margins; a study checking many calendars on one problem
# starts the rule's table afresh past this many.
_KEPT_PER_RULE = 64


def _kept(template: dict[str, Any], made: dict[tuple, RuleResult], status: RuleStatus, slack: int | None = None,
          reason: str | None = None, words: str | None = None) -> RuleResult:
    """A checked rule's result, kept per problem and rule by what the
    check found, and handed out again.  A RuleResult is a frozen value
    made from the rule's fields (the problem's alone) and these four, so
    the one kept is provably the one that would be made.  The rule itself
    is checked on the plan's dates every time; only the making of its
    result is spared (a third of a warm check, issue 14).  The skipped
    rules' results are shared between checks the same way; a model_copy
    copies what it changes."""
    key = (status, slack, reason, words)
    result = made.get(key)
    if result is None:
        if len(made) >= _KEPT_PER_RULE:
            made.clear()
        result = made[key] = _result(template, status, slack, reason, words)
    return result


def check_dates(problem: Problem, dates: dict[str, date], facts: dict[str, FactValue]) -> list[RuleResult]:
    """Each rule's status and margin; `facts` gives the picked facts.  The
    results of problem.rules come first, in their order, then those of the
    skipped rules."""
    on_dates = _Dates(dates)
    prepared, skipped, calendars = memo(problem, "checker", _prepare)
    ctx = _Context(problem, on_dates, problem.calendar)
    # SEC rules count SEC business days, the company's operational ones its office's.
    contexts = {"legal": ctx, **{kind: _Context(problem, on_dates, calendar) for kind, calendar in calendars.items()}}
    results = []
    for check, count_words, conditions, count, template, made in prepared:
        if conditions:
            undecided = [fact for fact, _ in conditions if facts.get(fact) == CHOOSE]
            if undecided:
                results.append(_kept(template, made, "unknown", reason=f"depends on the choice of {undecided[0]}"))
                continue
            off = [
                f"applies when {fact} is {' or '.join(map(str, values))}; it is {facts.get(fact)}"
                for fact, values in conditions
                if facts.get(fact) not in values
            ]
            if off:
                results.append(_kept(template, made, "not_applicable", reason=off[0]))
                continue
        on = contexts[count]
        try:
            slack = check(on)
        except MissingDate as missing:
            results.append(_kept(template, made, "missing", reason=f"no date for event {missing.args[0]}"))
            continue
        # Violated or tight: say the count.
        words = count_words(on) if slack <= 0 and count_words is not None else None
        results.append(_kept(template, made, "satisfied" if slack >= 0 else "violated", slack, None, words))
    results.extend(skipped)  # frozen models: shared between checks
    return results


def held_by_closures(problem: Problem, dates: dict[str, date],
                     results: list[RuleResult]) -> list[tuple[RuleBase, int, list[date]]]:
    """The legal rules (a statute's, the bylaws', the SEC's, an exchange's)
    that hold on these dates only because the run's closures (`closures`,
    `--holiday`) count as no business days, each with the days it would
    be short without them and the closures between its dates that do it.
    A closure is a legal holiday to every count; if it is only the
    company's (an office shut on December 24), a "within 2 business days
    after notice" deadline is then a day late.  Nothing to do without
    closures (the common case)."""
    if not problem.calendar.closures:
        return []
    held = {r.id for r in results if r.status == "satisfied"}
    on_dates, out = _Dates(dates), []
    for rule in problem.rules:
        if rule.id not in held or problem.is_companys_own(rule):
            continue
        counted = problem.calendar_for(rule)
        plain = _without_closures(counted.country, counted.subdiv, counted.years)
        try:
            slack = rule.check(_Context(problem, on_dates, plain))
        except MissingDate:
            continue
        if slack < 0:
            ends = [dates[event] for event in rule.events()]
            between = sorted(day for day in counted.closures
                             if min(ends) <= day <= max(ends) and plain.is_business_day(day))
            out.append((rule, -slack, between))
    return out


@lru_cache(maxsize=16)
def _without_closures(country: str, subdiv: str | None, years: tuple[int, ...]) -> BusinessCalendar:
    """The legal calendar with no run's closures, made once for every plan
    that asks (a BusinessCalendar is never changed once made)."""
    return BusinessCalendar(country, subdiv, years)
