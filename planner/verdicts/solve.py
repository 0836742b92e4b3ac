"""Solve a problem into a verified calendar, or name the rules in conflict."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable, get_args

from planner.days.dates import DateExpr
from planner.verdicts.checker import check_dates, held_by_closures
from planner.model.documents import CHOOSE
from planner.errors import PlannerError
from planner.law.external_dates import external_dates
from planner.law.findings import Finding, find_conflicts
from planner.model.layering import LAYERS
from planner.model.timeline import STATUTE_ONLY
from planner.engine.problem import Problem, bounded_sides
from planner.engine.leximin import DETERMINISTIC_LIMIT, RANDOM_SEED, leximin_plan
from planner.engine.propagation import PropagationTimeout
from planner.engine.memo import memo
from planner.verdicts.results import Coverage, EventResult, Plan, PlanStatus, RuleResult, assemble, company_name

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# CP-SAT (and the numpy and pandas it imports, half a second cold) is
# imported by the functions that solve, not here: checking a calendar,
# explaining a conflict by propagation and the errors below need none of it.

__all__ = [
    "solve_problem", "build_plan", "SolverTimeout", "SolverError", "VerificationError", "new_solver", "RANDOM_SEED",
    "DETERMINISTIC_LIMIT", "MEETING_KINDS", "weekend_warnings", "fixed_anchor_warnings",
]

# Events on one day, in the order they happen: a board meets before its
# resolution is adopted; the shareholders meet before the board that follows.
_SAME_DAY_ORDER = [
    "demand", "board_notice", "special_board_meeting", "regular_board_meeting", "record_date_resolution",
    "operational", "record_date", "notice", "voting_list", "meeting", "board_meeting", "adjourned_meeting",
]


class SolverTimeout(PlannerError):
    """No answer within the time limit (the solver's wall clock, or an
    explanation's deadline): not a bug and not bad input; the command line
    exits with 4."""


SolverError = SolverTimeout  # the name before issue 14; the same class


class VerificationError(PlannerError):
    """A solved plan failed the solver-free check: a bug, never shown as a plan."""


def new_solver(time_limit_s: float) -> "cp_model.CpSolver":
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    # One worker and a fixed seed: same input, same plan.  Assumption cores
    # also need a single worker.
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.max_deterministic_time = DETERMINISTIC_LIMIT
    # Measured on the seed scenarios: probing costs more than it saves on
    # these small models (about 40% of the time; bench/plan_speed.py).
    solver.parameters.cp_model_probing_level = 0
    return solver


# date.strftime("%A") in the C locale (the planner never sets another),
# without its cost in a loop over the events.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekday(day: date) -> str:
    return _WEEKDAYS[day.weekday()]


# Where each event kind goes among events of one day (_SAME_DAY_ORDER).
_SAME_DAY_RANK = {kind: rank for rank, kind in enumerate(_SAME_DAY_ORDER)}
_EVENT_FIELDS = frozenset(EventResult.model_fields)  # an EventResult is made with every field given
_COVERAGE_FIELDS = frozenset(Coverage.model_fields)  # all given
# The Plan's fields build_plan gives (the others, those of check and of an
# explanation, take their defaults), and the values a fact and a status take.
_PLAN_GIVEN = frozenset(Plan.model_fields) - {"explanation", "not_given", "unused"}
_PLAN_STATUSES = frozenset(get_args(PlanStatus))
_FACT_TYPES = frozenset((str, bool, int))
_STR = frozenset((str,))
# The statuses of a rule that is on its events (it applies, dated or not);
# all but "missing" count its margin.
_TOUCHING = frozenset(("satisfied", "violated", "missing"))


@dataclass(frozen=True)
class _PlanParts:
    """What a Plan takes from the problem alone, whatever the dates."""

    # Each event's id, kind and label (validated with the problem), and the
    # rules on it in the problem's order: each one's id and whether its
    # margin counts.
    events: list[tuple[str, str, str, list[tuple[str, bool]]]]
    findings: list[Finding]
    checked_against: list[str]
    not_checked: list[str]
    unconstrained: list[str]
    anchor_warnings: list[str]
    company: str
    packs: list[str]
    listed: bool
    holiday_place: str  # how a holiday warning names the calendar's place


def _plan_parts(problem: Problem) -> _PlanParts:
    # An implied order binds nothing a secretary can act on: the deadlines
    # around it do.
    on: dict[str, list[tuple[str, bool]]] = {event: [] for event in problem.events}
    for rule in problem.rules:
        counts = not rule.soft and rule.has_margin and rule.source != "implied"
        for event in rule.events():
            on[event].append((rule.id, counts))
    checked, not_checked = _coverage_of_problem(problem)
    return _PlanParts(
        events=[(event, spec.kind, spec.label, on[event]) for event, spec in problem.events.items()],
        findings=find_conflicts(problem),
        checked_against=checked, not_checked=not_checked,
        unconstrained=unconstrained_events(problem), anchor_warnings=fixed_anchor_warnings(problem),
        company=company_name(problem.rulebook.title), packs=[p.pack.id for p in problem.packs],
        listed=problem.scenario.listing != "none" or any(p.pack.layer == "securities" for p in problem.packs),
        holiday_place=problem.calendar.subdiv or problem.calendar.country,
    )


def build_plan(problem: Problem, status: str, dates: dict[str, date], facts: dict, rules: list[RuleResult],
               conflicts: list[list[str]] = ()) -> Plan:
    """The Plan of checked rules: each event's date, the rules on it and
    those that bind it, with what the problem alone decides (findings,
    coverage, warnings) and, for a listed company, the SEC dates.
    `dates` are date objects (a plan's, or a validated calendar's)."""
    parts = memo(problem, "plan", _plan_parts)
    by_id = {r.id: r for r in rules}
    events = []
    for event, kind, label, on_event in parts.events:
        touching, binding, margins = [], [], []
        for rule_id, counts in on_event:
            result = by_id.get(rule_id)
            if result is None:  # left out of the answer (a checked calendar's own dates)
                continue
            status_of = result.status
            if status_of not in _TOUCHING:
                continue
            touching.append(rule_id)
            if counts and status_of != "missing":
                margins.append((result.slack_days, rule_id))
                if status_of == "satisfied" and result.slack_days == 0:
                    binding.append(rule_id)
        # An event that only rules of unchosen options touch (a meeting that a
        # chosen fact makes unnecessary) gets no date.
        day = dates.get(event) if touching else None
        # Which layer holds each event: the hard rules with the least margin on it.
        tightest, bound_by = [], []
        if margins:
            least = min(margins)[0]
            tightest = [r for s, r in margins if s == least]
            if len(tightest) == 1:  # the common case, without a set
                layer = by_id[tightest[0]].layer
                bound_by = [layer] if layer in LAYERS else []
            else:
                layers = {by_id[r].layer for r in tightest}
                bound_by = [layer for layer in LAYERS if layer in layers]
        # Each value as validating EventResult(...) with every field given
        # keeps it: str ids, kinds and labels of the validated problem, a
        # date object, fresh lists of str (tests/test_recheck_memo.py).
        events.append(assemble(EventResult, {
            "id": event, "kind": kind, "label": label, "date": day,
            "weekday": _weekday(day) if day is not None else None, "rules": touching,
            "binding": binding, "bound_by": bound_by, "tightest": tightest,
        }, set(_EVENT_FIELDS)))
    events.sort(key=lambda e: (e.date or date.max, _SAME_DAY_RANK[e.kind], e.id))
    coverage = assemble(Coverage, {
        "checked_against": list(parts.checked_against), "not_checked": list(parts.not_checked),
        "unverified_rules": _unverified(rules), "unconstrained": list(parts.unconstrained),
    }, set(_COVERAGE_FIELDS))
    values = {
        "status": status, "scenario": problem.scenario.name, "rulebook": problem.rulebook.id, "year": problem.year,
        "company": parts.company, "facts": dict(facts), "events": events, "rules": list(rules),
        "conflicts": [list(c) for c in conflicts], "explanation": None, "packs": list(parts.packs),
        "findings": list(parts.findings),
        "warnings": [*parts.not_checked, *parts.anchor_warnings,
                     *holiday_warnings(problem, events, parts.holiday_place), *weekend_warnings(events),
                     *closure_warnings(problem, dates, rules, parts.holiday_place)],
        "notes": list(problem.notes), "not_given": [], "unused": [], "coverage": coverage,
        "external": (external_dates(problem, {e.id: e.date for e in events if e.date is not None})
                     if parts.listed else None),
    }
    if _valid_as_is(values):
        return assemble(Plan, values, set(_PLAN_GIVEN))
    return Plan(**{name: values[name] for name in _PLAN_GIVEN})  # validation converts them, or says what is wrong


def _valid_as_is(values: dict) -> bool:
    """Whether validating the Plan's values would keep each as it is, so
    that the Plan may be assembled (issue 14).  The planner makes the
    models, lists and strings itself (the rules' results and the events of
    the validated problem, the coverage and the SEC dates validated once
    per problem, tests/test_recheck_memo.py); what may come from a caller
    of the Python API is checked here: a year or a fact given as a float
    (2028.0, validated to 2028), a status no Plan has."""
    return (values["status"] in _PLAN_STATUSES and type(values["year"]) is int
            and _FACT_TYPES.issuperset(map(type, values["facts"].values()))
            and _STR.issuperset(map(type, values["facts"]))
            and all(_STR.issuperset(map(type, conflict)) for conflict in values["conflicts"]))


def plan_coverage(problem: Problem, rules: list[RuleResult]) -> Coverage:
    """Which law the plan was checked against, and which it was not."""
    checked, not_checked = _coverage_of_problem(problem)
    return Coverage(checked_against=checked, not_checked=not_checked, unverified_rules=_unverified(rules),
                    unconstrained=unconstrained_events(problem))


def _coverage_of_problem(problem: Problem) -> tuple[list[str], list[str]]:
    """The law checked and not checked, as the problem alone decides them."""
    book = problem.rulebook
    checked = [f"bylaws: {book.title} (rulebook {book.id})"]
    for applied in problem.packs:
        pack = applied.pack
        unverified = sum(not r.verified for r in pack.rules)
        count = f"; {unverified} of {len(pack.rules)} rules unverified" if unverified else ""
        checked.append(f"{pack.layer}: {pack.title} (pack {pack.id}{count})")
    not_checked = []
    state = problem.scenario.incorporation
    has_statute = any(p.pack.layer == "statute" for p in problem.packs)
    if problem.scenario.packs is None and not has_statute:
        if state is None:
            not_checked.append("No state of incorporation given: the plan was not checked against any corporation "
                               "statute (give incorporation: XX).")
        else:
            # A published timeline is checked against the law alone: no bylaws.
            checked_only = "the listing rules" if book.id == STATUTE_ONLY else \
                f"the bylaws{' and the listing rules' if problem.packs else ''}"
            not_checked.append(f"No statute pack for {state}: the plan was not checked against {state}'s corporation "
                               f"statute, only {checked_only}.")
    not_checked += [f"{s.rule.cite} ({s.rule.id}) was not checked: {s.reason}." for s in problem.skipped if s.needs]
    return checked, not_checked


def _unverified(rules: list[RuleResult]) -> list[str]:
    return [f"{r.id} ({r.cite})" for r in rules if not r.verified and r.status not in ("not_applicable",)]


def unconstrained_events(problem: Problem) -> list[str]:
    """Events that no hard rule bounds on one side (a board notice that may
    go out any time before its meeting), as the plan reports them."""
    sides = bounded_sides(problem)
    return [f"{event}: no {side} date" for event in problem.events
            for side, bounded in zip(("earliest", "latest"), sides[event]) if not bounded]


def holiday_warnings(problem: Problem, events: list[EventResult], where: str) -> list[str]:
    """Events dated on a legal holiday or a closure. No rule forbids them
    (else the plan would not hold), but a meeting on Good Friday or notice
    mailed on a holiday is worth a second look: some bylaws have no
    holiday rollover at all (Cleco's fixed annual date).  `where` names
    the calendar's place (its state, else its country)."""
    out = []
    calendar = problem.office_calendar if problem.scenario.office_closures else problem.calendar
    closed, holiday_name = calendar.closed_days, calendar.holiday_name
    for event in events:
        day = event.date
        name = day in closed and holiday_name(day)  # most events are on no holiday: one look
        if name:
            kind = "a closure" if name == "closure" else f"{name}, a legal holiday in {where}"
            out.append(f"{event.label} ({event.id}) falls on {event.date:%a %Y-%m-%d}: {kind}; no rule moves it")
    return out


def closure_warnings(problem: Problem, dates: dict[str, date], rules: list[RuleResult], where: str) -> list[str]:
    """Legal rules that hold only because the run's closures count as no
    business days (planner.verdicts.checker.held_by_closures): right if a
    closure is a legal holiday, a day late if it is the company's own."""
    out = []
    for rule, short, days in held_by_closures(problem, dates, rules):
        place = "federal holidays" if problem.count_of(rule) == "federal" else f"legal holidays in {where}"
        out.append(f"{rule.cite} ({rule.id}) holds only because the closures given ({', '.join(map(str, days))}) "
                   f"count as no business days; they are not {place}: if one is the company's own closure, list it "
                   f"under office_closures instead, and the rule is broken by {short} "
                   f"{'business day' if short == 1 else 'business days'}")
    return out


# Events at which people meet: a Saturday or Sunday there is worth a second look.
MEETING_KINDS = ("meeting", "board_meeting", "regular_board_meeting", "special_board_meeting", "adjourned_meeting")


def weekend_warnings(events: list[EventResult]) -> list[str]:
    """Meetings on a Saturday or Sunday, whether the bylaws' date put them
    there ("the next succeeding secular day" keeps Saturdays) or the board's
    window left it open.  Notices and record dates on weekends are common
    and harmless; a meeting nobody can attend is not."""
    return [
        f"{e.label} ({e.id}) falls on {e.date:%a %Y-%m-%d}, a {e.date:%A}; no rule moves it"
        for e in events if e.date and e.kind in MEETING_KINDS and e.date.weekday() >= 5
    ]


def _fixed_anchors(expr: DateExpr, anchors: dict[str, DateExpr], seen: tuple[str, ...] = ()) -> list[tuple[str, date]]:
    """The anchors written as an ISO date that `expr` counts from, directly
    or through other anchors; none past an `each_year` (which takes only the
    anchor's month and day, on purpose)."""
    name = expr.anchor
    if name is None or name in seen or name not in anchors or expr.each_year:
        return []
    target = anchors[name]
    if isinstance(target.day, date):
        return [(name, target.day)]
    return _fixed_anchors(target, anchors, seen + (name,))


def fixed_anchor_warnings(problem: Problem) -> list[str]:
    """Anchors written as a fixed date that is neither in the plan year nor
    the year before: they do not move with `--year`, so the rules counted
    from them would plan around another year's date without a word."""
    uses: dict[tuple[str, date], list[str]] = {}
    for rule in problem.rules:
        for expr in rule.date_exprs():
            for key in _fixed_anchors(expr, problem.anchors):
                if key[1].year not in (problem.year - 1, problem.year) and rule.id not in uses.setdefault(key, []):
                    uses[key].append(rule.id)
    out = []
    for (name, day), rules in sorted(uses.items()):
        if name in problem.scenario.anchors:
            owner = "the scenario"
        elif name in problem.rulebook.anchors:
            owner = f"rulebook {problem.rulebook.id}"
        else:
            owner = "pack " + next((p.pack.id for p in problem.packs if name in p.pack.anchors), "?")
        out.append(f"Anchor {name} is the fixed date {day} ({owner}), which does not move with the plan year "
                   f"{problem.year}: {'rule' if len(rules) == 1 else 'rules'} {', '.join(rules)} "
                   f"count{'s' if len(rules) == 1 else ''} from {day}; write it relative to the year "
                   f"(e.g. {{day: {day:%B} {day.day}, year_offset: -1}}) or give this year's date")
    return out


def solve_problem(problem: Problem, time_limit_s: float | None = None) -> Plan:
    """The plan of lexicographic max-min margins (planner.engine.leximin),
    verified; an infeasible plan carries no conflicts here:
    `planner.faces.api.plan_problem` adds the minimal ones.

    The exact propagation decides feasibility and chooses the dates, so an
    infeasible verdict never rests on a solver and the same input gives the
    same plan at every size; CP-SAT only picks facts and preferences where
    there are too many to try (planner.engine.leximin.CHOICE_LIMIT).  The
    time limit only ever turns an answer into SolverTimeout."""
    limit = time_limit_s or problem.scenario.time_limit_s
    try:
        found = leximin_plan(problem, deadline=time.monotonic() + limit)
    except PropagationTimeout:
        raise SolverTimeout(f"no answer within the time limit of {limit:g} s; raise time_limit_s") from None
    if found is None:
        facts = {**problem.facts, **{fact: CHOOSE for fact in problem.choices}}
        rules = check_dates(problem, {}, facts)
        return build_plan(problem, "infeasible", {}, facts, _unknown(rules))
    origin = problem.origin.toordinal()
    dates = {e: date.fromordinal(origin + d) for e, d in found.days.items()}
    facts = {**problem.facts, **found.facts}
    rules = check_dates(problem, dates, facts)
    # A rule skipped as missing (its date was never given) is reported, not
    # planned: the planned rules' results come first (check_dates).
    broken = [r for r in rules[:len(problem.rules)]
              if r.status in ("violated", "missing") and r.source != "preference"]
    if broken:
        raise VerificationError(f"solved plan breaks {broken[0].id} ({broken[0].text}); please report this")
    return build_plan(problem, "feasible", dates, facts, rules)


def _unknown(rules: Iterable[RuleResult]) -> list[RuleResult]:
    """With no dates, applicable rules have no status yet."""
    return [r.model_copy(update={"status": "unknown", "reason": None}) if r.status == "missing" else r for r in rules]
