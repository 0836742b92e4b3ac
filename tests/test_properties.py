"""Property tests on small horizons against an independent brute-force oracle.

The oracle re-states each rule kind's meaning by walking the calendar day by
day, tries every date for the free events, and

* agrees with the planner on feasible / infeasible;
* confirms every solved plan (and the checker's verdict on it);
* finds no plan better than the planner's under the documented objective
  (preferences kept, then the sorted capped legal margins in leximin
  order, then the operational ones: planner.engine.leximin);
* confirms the reported conflict cannot hold on its own.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from planner.verdicts.answers import plan_problem
from tests.helpers import problem

CAP = 4  # a small margin cap keeps the brute-force window small
ANCHOR = date(2027, 3, 24)  # near Good Friday (a Delaware holiday) so business days matter
FREE = ("b", "c")
# Every rule moves an event at most its bound (<= 14 days, doubled plus 7 for
# business days) plus the cap: the optimum lies inside this window.
WINDOW = 50


def walk_business(cal, day: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += step
        while day.weekday() >= 5 or cal.is_holiday(day):
            day += step
    return day


def oracle_margins(spec: dict, dates: dict[str, date], cal) -> list[int]:
    """Every margin of a rule (>= 0 each when it holds), from its definition."""
    kind = spec["kind"]
    if kind == "gap":
        b, a = dates[spec["before"]], dates[spec["after"]]
        lag, lo, hi = spec.get("effective_after_days", 0), spec.get("min_days"), spec.get("max_days")
        counting = spec.get("counting", "calendar")
        if counting == "business":
            out = []
            if lo is not None:
                out.append((walk_business(cal, a, -lo) - b).days - lag)
            if hi is not None:
                out.append((walk_business(cal, b + timedelta(days=lag), hi) - a).days)
            return out
        diff = (a - b).days - lag - (1 if counting == "clear" else 0)
        return ([diff - lo] if lo is not None else []) + ([hi - diff] if hi is not None else [])
    if kind == "date_window":
        day = dates[spec["event"]]
        lo, hi = date.fromisoformat(spec["not_before"]), date.fromisoformat(spec["not_after"])
        return [(day - lo).days, (hi - day).days]
    if kind == "business_day":
        day = dates[spec["event"]]
        return [0 if day.weekday() < 5 and not cal.is_holiday(day) else -1]
    raise AssertionError(kind)


def counts_in_objective(spec: dict) -> bool:
    if spec["kind"] == "business_day":
        return False
    return not (spec["kind"] == "gap" and spec.get("min_days") is not None and spec.get("min_days") == spec.get("max_days"))


def objective(specs: list[dict], dates: dict[str, date], cal) -> tuple[int, tuple, tuple] | None:
    """The documented lexicographic objective, or None if a hard rule fails:
    preferences met, then the legal margins, each capped, sorted (a larger
    vector in this order is a leximin-better plan), then the operational
    ones.  Days past the cap are not compared: a plan keeps them small where
    the rules allow, greedily (planner.engine.leximin)."""
    prefs, legal, operational = 0, [], []
    for spec in specs:
        values = oracle_margins(spec, dates, cal)
        ok = all(v >= 0 for v in values)
        if spec.get("source") == "preference":
            prefs += ok
        elif not ok:
            return None
        elif counts_in_objective(spec):
            (operational if spec.get("source") == "operational" else legal).extend(values)
    capped = lambda ms: tuple(sorted(min(m, CAP) for m in ms))
    return prefs, capped(legal), capped(operational)


pairs = st.sampled_from([("a", "b"), ("b", "a"), ("a", "c"), ("c", "a"), ("b", "c"), ("c", "b")])


@st.composite
def gap_rules(draw, index: int):
    before, after = draw(pairs)
    low = draw(st.none() | st.integers(0, 6))
    high = draw(st.none() | st.integers(low or 0, (low or 0) + 6)) if low is not None else draw(st.integers(0, 8))
    return {
        "kind": "gap", "id": f"g{index}", "cite": "T", "summary": "s", "before": before, "after": after,
        "min_days": low, "max_days": high,
        "counting": draw(st.sampled_from(["calendar", "clear", "business"])),
        "effective_after_days": draw(st.sampled_from([0, 0, 2])),
        "source": draw(st.sampled_from(["bylaw", "bylaw", "operational", "preference"])),
    }


@st.composite
def small_problems(draw):
    specs = [draw(gap_rules(i)) for i in range(draw(st.integers(1, 4)))]
    for event in FREE:  # tie each free event to the anchor so the horizon is bounded
        specs.append({"kind": "gap", "id": f"tie-{event}", "cite": "T", "summary": "s", "before": "a",
                      "after": event, "min_days": None, "max_days": None, **draw(st.sampled_from([
                          {"min_days": 0, "max_days": 12}, {"max_days": 9}, {"min_days": 1, "max_days": 6}]))})
        specs[-1] = {k: v for k, v in specs[-1].items() if v is not None} | {"before": draw(st.sampled_from(["a", event]))}
        if specs[-1]["before"] == event:
            specs[-1]["after"] = "a"
    if draw(st.booleans()):
        specs.append({"kind": "business_day", "id": "bd", "cite": "T", "summary": "s", "event": draw(st.sampled_from(FREE))})
    if draw(st.booleans()):
        lo = ANCHOR + timedelta(days=draw(st.integers(-12, 4)))
        specs.append({"kind": "date_window", "id": "win", "cite": "T", "summary": "s", "event": draw(st.sampled_from(FREE)),
                      "not_before": lo.isoformat(), "not_after": (lo + timedelta(days=draw(st.integers(0, 8)))).isoformat()})
    return [{k: v for k, v in s.items() if v is not None} for s in specs]


def brute_force(specs: list[dict], cal, only: set[str] | None = None):
    active = [s for s in specs if only is None or s["id"] in only]
    window = [ANCHOR + timedelta(days=d) for d in range(-WINDOW, WINDOW + 1)]
    best, best_dates = None, None
    for b, c in itertools.product(window, window):
        dates = {"a": ANCHOR, "b": b, "c": c}
        value = objective(active, dates, cal)
        if value is not None and (best is None or value > best):
            best, best_dates = value, dates
    return best, best_dates


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_planner_agrees_with_brute_force(specs):
    pin = {"kind": "on_date", "id": "pin-a", "cite": "T", "summary": "s", "event": "a", "date": ANCHOR.isoformat()}
    p = problem([pin, *specs], events=("a", "b", "c"), margin_cap_days=CAP)
    plan = plan_problem(p)
    best, _ = brute_force(specs, p.calendar)
    if best is None:
        assert plan.status == "infeasible"
        core = set(plan.conflicts[0])
        assert core, "an infeasible plan names the rules in conflict"
        assert brute_force(specs, p.calendar, only=core)[0] is None, "the reported rules must conflict on their own"
        return
    assert plan.status == "feasible"
    dates = plan.dates()
    got = objective(specs, dates, p.calendar)
    assert got[0] == best[0], "the planner keeps the most preferences that can hold"
    # Leximin by progressive filling is exact up to whole days shared by two
    # margins (see planner.engine.leximin): the smallest margin is always the
    # greatest possible, and no plan is better than the oracle's.
    assert got[1][:1] == best[1][:1], "the smallest legal margin must be the greatest any plan has"
    if not best[1]:
        assert got[2][:1] == best[2][:1], "the smallest operational margin must be the greatest any plan has"
    assert got <= best
    for result in plan.rules:
        spec = next((s for s in specs if s["id"] == result.id), None)
        if spec is not None and result.status in ("satisfied", "violated"):
            assert (result.status == "satisfied") == all(m >= 0 for m in oracle_margins(spec, dates, p.calendar))
