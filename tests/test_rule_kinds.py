"""Every rule kind, both faces: satisfied/violated pairs through the
solver-free checker, and the CP-SAT compilation agreeing with it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

import planner.rules
from planner.verdicts.checker import check_dates
from planner.rules import RULE_KINDS, RuleBase
from tests.helpers import pin, problem, rule, solver_says_feasible

D = date(2027, 4, 28)  # a Wednesday
GOOD_FRIDAY = date(2027, 3, 26)  # a Delaware legal holiday


def days(n: int) -> timedelta:
    return timedelta(days=n)


# (rule, dates of a/b, satisfied?, margin in days, why)
CASES = [
    (rule("gap", before="a", after="b", min_days=10, max_days=60), {"a": D - days(10), "b": D}, True, 0, "10 days is 'not less than 10'"),
    (rule("gap", before="a", after="b", min_days=10, max_days=60), {"a": D - days(9), "b": D}, False, -1, "one day short"),
    (rule("gap", before="a", after="b", min_days=10, max_days=60), {"a": D - days(60), "b": D}, True, 0, "60 days is 'not more than 60'"),
    (rule("gap", before="a", after="b", min_days=10, max_days=60), {"a": D - days(61), "b": D}, False, -1, "McKesson: 61 days breaks a 60-day cap"),
    (rule("gap", before="a", after="b", min_days=10, max_days=60), {"a": D - days(35), "b": D}, True, 25, "middle of the window"),
    (rule("gap", before="a", after="b", min_days=10, counting="clear"), {"a": D - days(11), "b": D}, True, 0, "10 clear days need a difference of 11"),
    (rule("gap", before="a", after="b", min_days=10, counting="clear"), {"a": D - days(10), "b": D}, False, -1, "a difference of 10 is 9 clear days"),
    (rule("gap", before="a", after="b", min_days=3, effective_after_days=3), {"a": D - days(6), "b": D}, True, 0, "mail effective 3 days after deposit"),
    (rule("gap", before="a", after="b", min_days=3, effective_after_days=3), {"a": D - days(5), "b": D}, False, -1, "mailed too late"),
    # Business days around Good Friday 2027 (Fri 26 March, DE holiday): 2 business days before Mon 29 March is Wed 24 March.
    (rule("gap", before="a", after="b", min_days=2, counting="business"), {"a": date(2027, 3, 24), "b": date(2027, 3, 29)}, True, 0, "holiday not counted"),
    (rule("gap", before="a", after="b", min_days=2, counting="business"), {"a": date(2027, 3, 25), "b": date(2027, 3, 29)}, False, -1, "Good Friday is no business day"),
    # Within 2 business days after Wed 24 March: Thu 25, (Fri holiday), Mon 29.
    (rule("gap", before="a", after="b", max_days=2, counting="business"), {"a": date(2027, 3, 24), "b": date(2027, 3, 29)}, True, 0, "second business day after"),
    (rule("gap", before="a", after="b", max_days=2, counting="business"), {"a": date(2027, 3, 24), "b": date(2027, 3, 30)}, False, -1, "third business day after"),
    (rule("gap", before="a", after="b", min_days=0, max_days=0), {"a": D, "b": D}, True, 0, "same day"),
    (rule("gap", before="a", after="b", min_days=0, max_days=0), {"a": D, "b": D + days(1)}, False, -1, "next day is not the same day"),
    (rule("gap", before="a", after="b", max_months=1), {"a": date(2027, 1, 31), "b": date(2027, 2, 28)}, True, 0, "one month after Jan 31 is Feb 28"),
    (rule("gap", before="a", after="b", max_months=1), {"a": date(2027, 1, 31), "b": date(2027, 3, 1)}, False, -1, "past one month"),
    (rule("gap", before="a", after="b", max_days=30), {"a": D - days(30), "b": D}, True, 0, "an upper limit alone: 30 days"),
    (rule("gap", before="a", after="b", max_days=30, counting="clear"), {"a": D - days(31), "b": D}, True, 0, "30 clear days: a difference of 31"),
    (rule("gap", before="a", after="b", max_days=30), {"a": D + days(1), "b": D}, True, 31, "an upper limit alone holds in reverse"),
    (rule("gap", before="a", after="b", min_days=10, max_months=1), {"a": date(2027, 1, 31), "b": date(2027, 2, 5)}, False, -5, "both: the day count breaks"),
    (rule("gap", before="a", after="b", min_days=10, max_months=1), {"a": date(2027, 1, 31), "b": date(2027, 3, 2)}, False, -2, "both: the month breaks"),
    (rule("on_date", event="a", date={"day": "last Wednesday of April"}), {"a": D}, True, 0, "on the by-law date"),
    (rule("on_date", event="a", date={"day": "last Wednesday of April"}), {"a": D + days(1)}, False, -1, "a day late"),
    (rule("on_date", event="a", date={"day": "April 2", "roll": "next_business_day"}), {"a": date(2027, 4, 2)}, True, 0, "Friday, open"),
    (rule("on_date", event="a", date={"day": "March 26", "roll": "next_business_day"}), {"a": date(2027, 3, 29)}, True, 0, "Good Friday rolls to Monday"),
    (rule("on_date", event="a", date={"day": "March 26", "roll": "next_business_day"}), {"a": date(2027, 3, 26)}, False, -3, "not on the holiday itself"),
    (rule("date_window", event="a", not_after={"day": "December 31", "year_offset": -1, "shift": "+6 months"}), {"a": date(2027, 6, 30)}, True, 0, "6 months after FYE, last day"),
    (rule("date_window", event="a", not_after={"day": "December 31", "year_offset": -1, "shift": "+6 months"}), {"a": date(2027, 7, 1)}, False, -1, "a day late"),
    (rule("date_window", event="a", not_before={"day": "June 1"}, not_after={"day": "June 30"}), {"a": date(2027, 6, 10)}, True, 9, "in the window"),
    (rule("date_window", event="a", not_before={"day": "June 1"}), {"a": date(2027, 5, 31)}, False, -1, "a day early"),
    (rule("business_day", event="a"), {"a": date(2027, 3, 25)}, True, 0, "a Thursday"),
    (rule("business_day", event="a"), {"a": GOOD_FRIDAY}, False, -3, "Good Friday in Delaware"),
    (rule("business_day", event="a"), {"a": date(2027, 3, 27)}, False, -2, "a Saturday"),
]


def _case_id(case) -> str:
    return f"{case[0]['kind']}:{case[4]}"


@pytest.mark.parametrize("spec,dates,satisfied,margin,why", CASES, ids=[_case_id(c) for c in CASES])
def test_checker_pairs(spec, dates, satisfied, margin, why):
    events = tuple(dates)
    p = problem([spec, *(pin(e, d) for e, d in dates.items())], events=events)
    result = next(r for r in check_dates(p, dates, {}) if r.id == spec["id"])
    assert (result.status == "satisfied") == satisfied, why
    assert result.slack_days == margin, why


# A gap's count in words, as a plan says it of a violated or tight rule:
# (fields, the first event's day from D, words).  D is Wed 28 April 2027;
# 25 days before it is Saturday 3 April, on or before the 17th Delaware
# business day preceding D (Monday 5 April) but not the 18th (Friday 2 April).
WORDS = [
    (dict(min_days=10, max_days=60), -61, "the a is 61 days before the b; Art. T §1 allows 10 to 60 days"),
    (dict(min_days=10, max_days=10), -10, "the a is 10 days before the b; Art. T §1 allows exactly 10 days"),
    (dict(min_days=1), -1, "the a is 1 day before the b; Art. T §1 requires at least 1 day"),
    (dict(min_days=10), 3, "the a is 3 days after the b; Art. T §1 requires at least 10 days"),
    (dict(max_days=1), -2, "the a is 2 days before the b; Art. T §1 allows at most 1 day"),
    (dict(max_days=30), -30, "the a is 30 days before the b; Art. T §1 allows at most 30 days"),
    (dict(max_months=1), -40, "the a is 40 days before the b; Art. T §1 allows at most 1 month (until 2027-04-19)"),
    (dict(min_days=5, max_months=2), -3,
     "the a is 3 days before the b; Art. T §1 requires at least 5 days; and at most 2 months (until 2027-06-25)"),
    (dict(min_days=10, counting="clear"), -10, "the a is 9 clear days before the b; Art. T §1 requires at least 10 clear days"),
    (dict(min_days=20, counting="business"), -25,
     "the a is 17 business days before the b; Art. T §1 requires at least 20 business days"),
    (dict(max_days=1, counting="business"), -1, "the a is 1 business day before the b; Art. T §1 allows at most 1 business day"),
    (dict(min_days=3, effective_after_days=3), -5,
     "the a once effective (3 days after sending) is 2 days before the b; Art. T §1 requires at least 3 days"),
]


@pytest.mark.parametrize("fields,offset,words", WORDS, ids=[w for _, _, w in WORDS])
def test_a_gaps_count_in_words(fields, offset, words):
    spec = rule("gap", before="a", after="b", **fields)
    dates = {"a": D + days(offset), "b": D}
    p = problem([spec, *(pin(e, d) for e, d in dates.items())], events=tuple(dates))
    result = next(r for r in check_dates(p, dates, {}) if r.id == spec["id"])
    assert result.slack_days <= 0 and result.words == words


# A business-day count in words must agree with the verdict it explains: a
# plan shows the words of every tight or violated rule, and `planner check`
# lists those of the broken ones ("broken, in words").  Counting the
# business days after the first date up to and including the second said
# "2 business days before; requires at least 3" of a satisfied rule whose
# second date is a Sunday, and "5 business days; allows at most 5" of a list
# opened on the Saturday after the fifth business day, which is late.
BUSINESS_WORDS = [
    # (fields, first date, second date, margin, words)
    (dict(min_days=3), date(2032, 12, 8), date(2032, 12, 12), 0,
     "the a is 3 business days before the b; Art. T §1 requires at least 3 business days"),
    (dict(max_days=5), date(2040, 7, 8), date(2040, 7, 14), -1,
     "the a is 6 business days before the b; Art. T §1 allows at most 5 business days"),
    (dict(min_days=2, effective_after_days=2), date(2030, 7, 19), date(2030, 7, 23), -2,
     "the a once effective (2 days after sending) is 1 business day before the b; Art. T §1 requires at least 2 business days"),
    (dict(min_days=7, max_days=16), date(2029, 3, 1), date(2029, 3, 11), 0,
     "the a is 7 business days before the b; Art. T §1 allows 7 to 16 business days"),
    (dict(min_days=1, max_days=1), date(2027, 3, 14), date(2027, 3, 15), -2,
     "the a is 0 business days before the b; Art. T §1 allows exactly 1 business day"),
    (dict(min_days=1), date(2027, 3, 27), date(2027, 3, 26), -2,
     "the a is 1 day after the b; Art. T §1 requires at least 1 business day"),
]


@pytest.mark.parametrize("fields,first,second,margin,words", BUSINESS_WORDS, ids=[w for *_, w in BUSINESS_WORDS])
def test_a_business_count_in_words(fields, first, second, margin, words):
    spec = rule("gap", before="a", after="b", counting="business", **fields)
    dates = {"a": first, "b": second}
    p = problem([spec, *(pin(e, d) for e, d in dates.items())], events=tuple(dates))
    result = next(r for r in check_dates(p, dates, {}) if r.id == spec["id"])
    assert (result.slack_days, result.words) == (margin, words)


_COUNT = re.compile(r" is (\d+) (?:clear |business )?days? (before|after) ")


@pytest.mark.parametrize("fields", [dict(min_days=1), dict(min_days=3), dict(max_days=2), dict(min_days=2, max_days=4),
                                    dict(min_days=2, effective_after_days=3), dict(max_days=1, effective_after_days=2),
                                    dict(min_days=1, max_days=1)])
def test_business_words_agree_with_the_verdict(fields):
    """Every tight or violated business-day gap near Good Friday 2027 (a
    Delaware holiday), first dates on every day of the week: the count its
    words give lies inside the limits they state exactly when the rule holds."""
    spec = rule("gap", before="a", after="b", counting="business", **fields)
    p = problem([spec, pin("a", D), pin("b", D)], events=("a", "b"))
    low, high = fields.get("min_days"), fields.get("max_days")
    seen = 0
    for first in range(-45, -25):
        for apart in range(-3, 12):
            dates = {"a": D + days(first), "b": D + days(first + apart)}
            result = next(r for r in check_dates(p, dates, {}) if r.id == spec["id"])
            if result.slack_days > 0:
                continue
            found = _COUNT.search(result.words)
            said = int(found[1]) if found[2] == "before" else -int(found[1])
            inside = (low is None or said >= low) and (high is None or said <= high)
            assert inside == (result.status == "satisfied"), (dates, result.slack_days, result.words)
            seen += 1
    assert seen > 20


@pytest.mark.parametrize("spec,dates,satisfied,margin,why", CASES, ids=[_case_id(c) for c in CASES])
def test_compiled_rule_agrees_with_checker(spec, dates, satisfied, margin, why):
    events = tuple(dates)
    p = problem([spec, *(pin(e, d) for e, d in dates.items())], events=events)
    assert solver_says_feasible(p) == satisfied, why


def test_every_kind_has_a_satisfied_and_a_violated_case():
    for kind in RULE_KINDS:
        outcomes = {c[2] for c in CASES if c[0]["kind"] == kind}
        assert outcomes == {True, False}, f"add a satisfied and a violated case for rule kind {kind!r} to CASES"


def test_registry_lists_every_rule_module():
    """One module per kind; the registry and the package must agree."""
    found = {}
    for info in pkgutil.iter_modules(planner.rules.__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"planner.rules.{info.name}")
        for name in module.__all__:
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, RuleBase):
                found[cls.model_fields["kind"].default] = cls
    assert found == RULE_KINDS, "register each rule kind in planner/rules/__init__.py (RULE_KINDS and Rule)"


@pytest.mark.parametrize(
    "spec,error",
    [
        (rule("gap", before="a", after="b", min_days=20, max_days=10), "min_days 20 exceeds max_days 10"),
        (rule("gap", before="a", after="b"), "needs min_days"),
        (rule("gap", before="a", after="a", min_days=1), "same event"),
        (rule("date_window", event="a"), "needs not_before"),
        (rule("teleport", event="a"), "kind 'teleport' is not one of gap, on_date, date_window, business_day"),
    ],
)
def test_contradictory_or_unknown_rules_are_refused(spec, error):
    from planner.errors import RulebookError

    with pytest.raises(RulebookError, match=error):
        problem([spec, pin("a", D)], events=("a", "b"))


# --- a gap's check against python-holidays itself, across states and year ends ----------------

_STATES = ["DE", "CO", "LA", "NY", "TX", "CA", "MD", "PA", None]


def _walk(day: date, n: int, closed) -> date:
    """The n-th business day after (n > 0) or before (n < 0) `day`, day by day."""
    step = days(1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += step
        while day.weekday() >= 5 or day in closed:
            day += step
    return day


@settings(max_examples=150, deadline=None)
@given(state=st.sampled_from(_STATES), year=st.integers(2025, 2040), start=st.integers(0, 370),
       apart=st.integers(-5, 90), low=st.none() | st.integers(0, 25), high=st.none() | st.integers(0, 70),
       months=st.none() | st.integers(1, 15), counting=st.sampled_from(["calendar", "clear", "business"]),
       lag=st.sampled_from([0, 0, 3]), closure=st.none() | st.integers(0, 400), month_end=st.none() | st.integers(1, 12))
def test_a_gaps_margin_is_the_definitions(state, year, start, apart, low, high, months, counting, lag, closure, month_end):
    """GapRule.check, on a calendar as the planner builds it, against the
    rule's meaning computed from python-holidays directly (holidays.US with
    the state, observed days included) and a closure: calendar, clear and
    business days, effective dates, months with end-of-month clipping,
    December into January.  Start days near month ends come often."""
    import calendar as month_lengths

    import holidays as python_holidays

    from planner.days.business_calendar import BusinessCalendar
    from planner.rules.gap import GapRule

    if low is None and high is None and months is None:
        low = 1
    if low is not None and high is not None and low > high:
        low, high = high, low
    first = date(year, 1, 1) + days(start)
    if month_end is not None:  # the last days of a month (January 31 + 1 month, February 29)
        first = date(year, month_end, month_lengths.monthrange(year, month_end)[1]) - days(start % 3)
    second = first + days(apart)
    closures = {date(year, 1, 1) + days(closure)} if closure is not None else set()
    closed = set(python_holidays.US(subdiv=state, years=range(year - 1, year + 3))) | closures
    gap = GapRule(id="g", cite="c", summary="s", before="a", after="b", min_days=low, max_days=high, max_months=months,
                  counting=counting, effective_after_days=lag)

    class Dates:
        calendar = BusinessCalendar("US", state, range(year - 3, year + 4), closures)

        def date(self, event):
            return {"a": first, "b": second}[event]

    effective, want = first + days(lag), []
    if counting == "business":
        if low is not None:
            want.append((_walk(second, -low, closed) - first).days - lag)
        if high is not None:
            want.append((_walk(effective, high, closed) - second).days)
    else:
        between = (second - first).days - lag - (counting == "clear")
        want += [between - low] if low is not None else []
        want += [high - between] if high is not None else []
    if months is not None:
        month = effective.month - 1 + months
        y, m = effective.year + month // 12, month % 12 + 1
        limit = date(y, m, min(effective.day, month_lengths.monthrange(y, m)[1]))
        want.append((limit - second).days)
    assert gap.check(Dates()) == min(want)
