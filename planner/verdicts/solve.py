"""Solve a problem into a verified calendar, or name the rules in conflict."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from ortools.sat.python import cp_model

from planner.verdicts.checker import check_dates
from planner.engine.compiler import compile_problem
from planner.model.documents import CHOOSE
from planner.errors import PlannerError
from planner.law.external_dates import external_dates
from planner.law.findings import find_conflicts
from planner.model.layering import LAYERS
from planner.engine.problem import Problem
from planner.verdicts.results import EventResult, Plan, RuleResult, company_name

__all__ = ["solve_problem", "build_plan", "SolverError", "VerificationError", "new_solver", "RANDOM_SEED"]

RANDOM_SEED = 20261126
# Events on one day, in the order they happen: a board meets before its
# resolution is adopted; the shareholders meet before the board that follows.
_SAME_DAY_ORDER = [
    "demand", "board_notice", "special_board_meeting", "regular_board_meeting", "record_date_resolution",
    "operational", "record_date", "notice", "voting_list", "meeting", "board_meeting", "adjourned_meeting",
]


class SolverError(PlannerError):
    """The solver gave no answer in its time limit."""


class VerificationError(PlannerError):
    """A solved plan failed the solver-free check: a bug, never shown as a plan."""


def new_solver(time_limit_s: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    # One worker and a fixed seed: same input, same plan.  Assumption cores
    # also need a single worker.
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.max_time_in_seconds = time_limit_s
    # Measured on the seed scenarios: probing costs more than it saves on
    # these small models (about 40% of the time; bench/plan_speed.py).
    solver.parameters.cp_model_probing_level = 0
    return solver


def _weekday(day: date) -> str:
    return day.strftime("%A")


def build_plan(problem: Problem, status: str, dates: dict[str, date], facts: dict, rules: list[RuleResult],
               conflicts: list[list[str]] = ()) -> Plan:
    binding: dict[str, list[str]] = {e: [] for e in problem.events}
    touching: dict[str, list[str]] = {e: [] for e in problem.events}
    margins: dict[str, list[tuple[int, str]]] = {e: [] for e in problem.events}
    by_id = {r.id: r for r in rules}
    for rule in problem.rules:
        result = by_id[rule.id]
        for event in rule.events():
            if result.status in ("satisfied", "violated", "missing"):
                touching[event].append(rule.id)
            if result.status == "satisfied" and result.slack_days == 0 and not rule.soft and rule.has_margin:
                binding[event].append(rule.id)
            if result.status in ("satisfied", "violated") and not rule.soft and rule.has_margin:
                margins[event].append((result.slack_days, rule.id))
    # Which layer holds each event: the hard rules with the least margin on it.
    tightest = {e: [r for s, r in m if s == min(m)[0]] if m else [] for e, m in margins.items()}
    # An event that only rules of unchosen options touch (a meeting that a
    # chosen fact makes unnecessary) gets no date.
    dated = {e: d for e, d in dates.items() if touching.get(e)}
    events = [
        EventResult(
            id=event, kind=spec.kind, label=spec.label, date=dated.get(event),
            weekday=_weekday(dated[event]) if event in dated else None,
            rules=touching[event], binding=binding[event], tightest=tightest[event],
            bound_by=[layer for layer in LAYERS if any(by_id[r].layer == layer for r in tightest[event])],
        )
        for event, spec in problem.events.items()
    ]
    events.sort(key=lambda e: (e.date or date.max, _SAME_DAY_ORDER.index(e.kind), e.id))
    listed = problem.scenario.listing != "none" or any(p.pack.layer == "securities" for p in problem.packs)
    return Plan(
        status=status, scenario=problem.scenario.name, rulebook=problem.rulebook.id, year=problem.year,
        company=company_name(problem.rulebook.title),
        facts=facts, events=events, rules=rules, conflicts=[list(c) for c in conflicts],
        packs=[p.pack.id for p in problem.packs], findings=find_conflicts(problem),
        external=external_dates(problem, dated) if listed else None,
        warnings=holiday_warnings(problem, events),
    )


def holiday_warnings(problem: Problem, events: list[EventResult]) -> list[str]:
    """Events dated on a legal holiday or a closure. No rule forbids them
    (else the plan would not hold), but a meeting on Good Friday or notice
    mailed on a holiday is worth a second look: some bylaws have no
    holiday rollover at all (Cleco's fixed annual date)."""
    where = problem.calendar.subdiv or problem.calendar.country
    out = []
    for event in events:
        name = event.date and problem.calendar.holiday_name(event.date)
        if name:
            kind = "a closure" if name == "closure" else f"{name}, a legal holiday in {where}"
            out.append(f"{event.label} ({event.id}) falls on {event.date:%a %Y-%m-%d}: {kind}; no rule moves it")
    return out


def solve_problem(problem: Problem, time_limit_s: float | None = None) -> Plan:
    """The optimal plan, verified; an infeasible plan carries no conflicts
    here: `planner.faces.api.plan_problem` adds the minimal ones (CP-SAT's own core
    was every rule on the seed scenarios, so it is not worth computing)."""
    compiled = compile_problem(problem)
    # Hard rules as assumptions (fixing them instead finds another of the
    # equally good plans; the golden plans pin this one).
    compiled.model.add_assumptions(list(compiled.rule_literals.values()))
    solver = new_solver(time_limit_s or problem.scenario.time_limit_s)
    status = solver.solve(compiled.model)
    if status == cp_model.INFEASIBLE:
        facts = {**problem.facts, **{fact: CHOOSE for fact in problem.choices}}
        rules = check_dates(problem, {}, facts)
        return build_plan(problem, "infeasible", {}, facts, _unknown(rules))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SolverError(f"no answer within {solver.parameters.max_time_in_seconds:g} s ({solver.status_name(status)})")
    dates = {e: problem.origin + timedelta(days=solver.value(v)) for e, v in compiled.events.items()}
    facts = dict(problem.facts)
    for fact, options in compiled.choice_literals.items():
        facts[fact] = next(v for v, lit in options.items() if solver.boolean_value(lit))
    rules = check_dates(problem, dates, facts)
    broken = [r for r in rules if r.status in ("violated", "missing") and r.source != "preference"]
    if broken:
        raise VerificationError(f"solved plan breaks {broken[0].id} ({broken[0].text}); please report this")
    return build_plan(problem, "feasible", dates, facts, rules)


def _unknown(rules: Iterable[RuleResult]) -> list[RuleResult]:
    """With no dates, applicable rules have no status yet."""
    return [r.model_copy(update={"status": "unknown", "reason": None}) if r.status == "missing" else r for r in rules]
