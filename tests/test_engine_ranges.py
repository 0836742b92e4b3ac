"""The engine's verdicts against an independent checker (issues 12 and 14).

Event ranges come from the exact propagation, never from walking paths of
the rule graph, so no plan is cut before solving and no short real span is
refused; an infeasible verdict is decided without the solver; a tiny time
budget changes the exit code or the speed, never the dates.

The random scenarios use calendar-day gaps only, so the independent check
is plain arithmetic: a calendar holds if every gap does, and a set of gaps
with pinned days has a calendar exactly when its difference-constraint
graph has no negative cycle (Floyd-Warshall, written here from scratch).
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import planner
from planner.engine.problem import build_problem
from planner.engine.propagation import Propagator
from planner.verdicts.answers import explain_for_problem, plan_problem
from planner.verdicts.solve import SolverTimeout
from tests.forked_cli import planner_process
from tests.helpers import CLECO, ROOT, golden_dates, problem, rule, rulebook, scenario

MEETING = date(2027, 4, 28)


def _book(events: list[str], rules: list[dict]) -> dict:
    return rulebook(rules, events=events)


def _gap(rid: str, before: str, after: str, low: int | None, high: int | None, source: str = "bylaw") -> dict:
    fields = {"before": before, "after": after, "source": source}
    if low is not None:
        fields["min_days"] = low
    if high is not None:
        fields["max_days"] = high
    return rule("gap", rid, **fields)


def _pin(event: str, day: date) -> dict:
    return rule("on_date", f"pin-{event}", event=event, date=day.isoformat(), source="bylaw")


def _holds(rules: list[dict], dates: dict[str, date]) -> bool:
    """Every rule on these dates, by arithmetic alone."""
    for r in rules:
        if r["kind"] == "on_date":
            if dates[r["event"]] != date.fromisoformat(r["date"]):
                return False
            continue
        diff = (dates[r["after"]] - dates[r["before"]]).days
        if diff < r.get("min_days", -10**9) or diff > r.get("max_days", 10**9):
            return False
    return True


def _has_calendar(events: list[str], rules: list[dict]) -> bool:
    """Difference constraints x[v] - x[u] <= w; a zero node pins dates.
    Feasible iff no negative cycle (Floyd-Warshall)."""
    nodes = ["zero", *events]
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    far = float("inf")
    dist = [[0 if i == j else far for j in range(n)] for i in range(n)]

    def edge(u: str, v: str, w: int) -> None:  # x[v] - x[u] <= w
        dist[index[u]][index[v]] = min(dist[index[u]][index[v]], w)

    for r in rules:
        if r["kind"] == "on_date":
            day = (date.fromisoformat(r["date"]) - MEETING).days
            edge("zero", r["event"], day)
            edge(r["event"], "zero", -day)
            continue
        if "min_days" in r:  # after - before >= min  <=>  before - after <= -min
            edge(r["after"], r["before"], -r["min_days"])
        if "max_days" in r:
            edge(r["before"], r["after"], r["max_days"])
    for k in range(n):
        for i in range(n):
            for j in range(n):
                if dist[i][k] + dist[k][j] < dist[i][j]:
                    dist[i][j] = dist[i][k] + dist[k][j]
    return all(dist[i][i] >= 0 for i in range(n))


def _random_case(rng: random.Random) -> tuple[list[str], list[dict], int]:
    count = rng.randint(3, 9)
    events = [f"e{i}" for i in range(count)]
    rules = [_pin("e0", MEETING)]
    for i in range(1, count):  # each event linked to an earlier one: a connected problem
        other = f"e{rng.randrange(i)}"
        low = rng.choice([None, 0, 1, 5, 10, 30])
        high = rng.choice([None, 10, 40, 60, 120]) if low is not None else rng.choice([10, 40, 60])
        if low is not None and high is not None and high < low:
            low, high = high, low
        pair = (f"e{i}", other) if rng.random() < 0.5 else (other, f"e{i}")
        rules.append(_gap(f"g{i}", *pair, low, high, source=rng.choice(["bylaw", "statute", "operational"])))
    for j in range(rng.randint(0, 3)):  # extra links make cycles, some too short
        a, b = rng.sample(events, 2)
        low = rng.choice([0, 3, 20, 45])
        rules.append(_gap(f"x{j}", a, b, low, low + rng.choice([0, 2, 15, 30])))
    return events, rules, rng.choice([0, 5, 30])


@pytest.mark.parametrize("seed", range(40))
def test_random_scenarios_against_an_independent_checker(seed):
    events, rules, cap = _random_case(random.Random(seed))
    data = scenario(margin_cap_days=cap)
    book = _book(events, rules)
    problem = build_problem(data, rulebook=book)
    plan = plan_problem(problem)
    expected = _has_calendar(events, rules)
    assert (plan.status == "feasible") == expected, (plan.status, rules)
    if plan.status == "feasible":
        assert _holds(rules, plan.dates()), plan.dates()
        # A tiny budget: the same dates, or no answer at all (exit 4).
        again = build_problem(data, rulebook=book)
        try:
            quick = plan_problem(again, time_limit_s=1e-4)
        except SolverTimeout:
            return
        assert quick.dates() == plan.dates()
    else:
        assert plan.conflicts, "an infeasible verdict names its conflict"


def test_cleco_with_no_margin_cap_still_plans():
    """Issue 12: margin_cap_days 0 shapes the objective only; it gave a false INFEASIBLE."""
    data = yaml.safe_load(CLECO.read_text())
    data["margin_cap_days"] = 0
    data["rulebook"] = str(ROOT / "constraints" / "cleco-utility.yaml")
    plan = planner.plan(data)
    assert plan.status == "feasible"
    usual = golden_dates("cleco-utility-2027")
    checked = planner.check(data, {"events": usual, "facts": plan.facts})
    assert checked.status == "compliant"


def test_a_long_chain_of_same_day_events_is_not_refused():
    """Issue 12: 150 events each 0 days after the one before spans one day."""
    events = [f"e{i}" for i in range(150)]
    rules = [_pin("e0", MEETING)] + [_gap(f"g{i}", f"e{i}", f"e{i - 1}", 0, 0) for i in range(1, 150)]
    problem = build_problem(scenario(), rulebook=_book(events, rules))
    assert problem.horizon == 1
    plan = plan_problem(problem)
    assert plan.status == "feasible" and set(plan.dates().values()) == {MEETING}


def _synthetic(count: int, per_event: int, seed: int = 7) -> tuple[list[str], list[dict]]:
    """A feasible layered rulebook: event i after a few earlier events by
    10 to 40 days (each gap 5..60), the first event pinned."""
    rng = random.Random(seed)
    events = [f"e{i}" for i in range(count)]
    rules = [_pin("e0", MEETING)]
    for i in range(1, count):
        for k, other in enumerate(rng.sample(range(max(0, i - 6), i), min(i, per_event))):
            rules.append(_gap(f"g{i}-{k}", f"e{other}", f"e{i}", 5, 60, source=rng.choice(["bylaw", "operational"])))
    return events, rules


def test_synthetic_twenty_events_sixty_one_rules_plan():
    """Issue 14: 'dates span 4,803 days' on a feasible rulebook this size."""
    events, rules = _synthetic(20, 4)
    rules = rules[:61]
    assert len(rules) == 61
    problem = build_problem(scenario(), rulebook=_book(events, rules))
    plan = plan_problem(problem)
    assert plan.status == "feasible"
    assert _holds(rules, plan.dates())
    assert _has_calendar(events, rules)


def test_explanation_stops_at_its_time_limit():
    """Issue 12: a 60-event cycle of gaps one day short kept a solve slot for minutes."""
    count = 60
    events = [f"e{i}" for i in range(count)]
    rules = [_pin("e0", MEETING)]
    rules += [_gap(f"g{i}", f"e{i}", f"e{(i + 1) % count}", 1, 30) for i in range(count - 1)]
    rules.append(_gap("close", f"e{count - 1}", "e0", 0, 58))  # 59 days needed one way, at most 58 back
    problem = build_problem(scenario(margin_cap_days=0), rulebook=_book(events, rules))
    start, why = time.monotonic(), None
    try:
        why = explain_for_problem(problem, time_limit_s=0.5)
    except SolverTimeout as exc:  # not even the verdict in time (a very slow machine)
        assert "time limit" in str(exc)
    else:
        assert why.status == "infeasible"
    assert time.monotonic() - start < 5
    if why is not None:  # stopped at its limit or not, each conflict given is whole: irreducible
        propagator = Propagator(problem)
        for conflict in why.conflicts:
            assert not propagator.feasible(conflict.rules)
            assert all(propagator.feasible([r for r in conflict.rules if r != out]) for out in conflict.rules)


def test_cli_exit_4_means_no_answer_in_time(tmp_path):
    data = yaml.safe_load((ROOT / "scenarios" / "williams-natural-gas-2027.yaml").read_text())
    data["time_limit_s"] = 1e-5
    path = tmp_path / "quick.yaml"
    path.write_text(yaml.safe_dump(data))
    run = planner_process("plan", path, "--format", "json", cwd=ROOT)  # the process's own exit status
    assert run.returncode in (0, 4), run.stderr
    if run.returncode == 4:
        assert "time limit" in run.stderr and "Traceback" not in run.stderr
    else:
        plan = planner.Plan.model_validate_json(run.stdout)
        assert plan.dates() == golden_dates("williams-natural-gas-2027")


# --- A descent around a cycle, computed at once ------------------------------------------

@st.composite
def _cycle_problems(draw):
    """A cycle a -> b -> c -> a of gaps, some counting business days, with a
    date window on a: often infeasible by a few days, sometimes feasible."""
    rules = []
    for index, (before, after) in enumerate((("a", "b"), ("b", "c"))):
        counting = draw(st.sampled_from(["calendar", "business"]))
        low = draw(st.integers(0, 12))
        rules.append(rule("gap", f"g{index}", before=before, after=after, min_days=low, counting=counting,
                          max_days=low + draw(st.integers(0, 10))))
    back = draw(st.integers(0, 30))
    rules.append(rule("gap", "back", before="a", after="c", max_days=back,
                      counting=draw(st.sampled_from(["calendar", "business"]))))
    rules.append(rule("date_window", "window", event="a", not_before={"day": "March 1"}, not_after={"day": "June 30"}))
    return problem(rules, events=("a", "b", "c"))


@settings(max_examples=60, deadline=None)
@given(_cycle_problems())
def test_a_cycle_descent_jumps_to_where_the_worklist_stops(p):
    """planner.engine.propagation._cycle_descent gives every set of rules the
    same windows (or the same "no plan") as the worklist alone, one lap at a
    time: it is exact, only quicker."""
    import planner.engine.propagation as propagation

    rules = [r.id for r in p.rules if not r.soft]
    subsets = [rules, *([r for r in rules if r != drop] for drop in rules)]
    quick = propagation.Propagator(p)
    jumped = [quick._windows(s, {}) for s in subsets] + [quick._windows(rules, {"back": -k}) for k in (1, 3, 8)]
    saved = propagation._LAPS_BEFORE_LOOKING
    propagation._LAPS_BEFORE_LOOKING = 10**9  # never look: the plain worklist
    try:
        plain = propagation.Propagator(p)
        walked = [plain._windows(s, {}) for s in subsets] + [plain._windows(rules, {"back": -k}) for k in (1, 3, 8)]
    finally:
        propagation._LAPS_BEFORE_LOOKING = saved
    assert jumped == walked


def test_a_cycle_that_closes_only_across_distant_holidays_is_planned():
    """"b at least 23 days before c" and "c within 13 business days after
    b" hold together only where holidays lengthen 13 business days to 23
    calendar days (Veterans Day, Thanksgiving and the day after, in
    Delaware), months before a meeting of Friday 2037-08-28 and beyond
    the reach of the rules.  The plan searched only that reach and said
    INFEASIBLE, with no conflict to show; a plan exists, and every rule
    holds on its dates by plain arithmetic."""
    from datetime import date, timedelta

    from planner.verdicts.answers import plan_problem
    from tests.helpers import problem, rule

    specs = [
        rule("on_date", "pin", event="a", date={"day": "last Friday of August"}),
        rule("gap", "far", before="b", after="c", min_days=23),
        rule("gap", "soon", before="b", after="c", max_days=13, counting="business"),
        rule("gap", "c-first", before="c", after="a", min_days=6),
    ]
    p = problem(specs, events=("a", "b", "c"), year=2037)
    plan = plan_problem(p)
    assert plan.status == "feasible"
    d = plan.dates()
    thirteenth, count = d["b"], 0  # the 13th business day after b, walked
    while count < 13:
        thirteenth += timedelta(days=1)
        count += thirteenth.weekday() < 5 and not p.calendar.is_holiday(thirteenth)
    assert d["a"] == date(2037, 8, 28) and (d["c"] - d["b"]).days >= 23 and d["c"] <= thirteenth
    assert (d["a"] - d["c"]).days >= 6
