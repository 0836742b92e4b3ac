#!/usr/bin/env python3
"""A planner problem as a CPMpy model, for bench/explain_speed.py.

The model mirrors planner.engine.compiler.compile_problem (without the objective):

* one integer variable per event, its domain the event's day offsets from
  problem.origin (problem.ranges), as in CP-SAT;
* for each fact the planner picks (problem.choices), one Boolean per value
  and exactly one of them true: HARD constraints;
* for each hard rule (soft rules, i.e. preferences, are left out) ONE CPMpy
  constraint: the conjunction of the rule's requirements, and, when the
  rule's conditions hang on picked facts, ``condition -> conjunction`` with
  the condition the picked values under which the rule applies.

The requirements come from each rule kind's own ``compile(ctx, enforce)``
(planner/rules/*.py), run against a CPMpy stand-in for the compiler's
context: ``require(margin)`` collects ``margin >= 0``, and business-day
shifts, month shifts and is-business-day become tables over the event's
range read with CPMpy's Element, ``cpm_array(table)[var - lo]``, built by the
same functions as planner.engine.compiler._Context (same business-day offsets).

cpmpy.tools.explain.mus / quickxplain then get the rule constraints as their
soft list and the fact constraints as hard.

Run as a script, the module is a worker for explain_speed.py: it reads one
JSON request a line on stdin and answers one JSON line on stdout, so that
the bench can stop a call that runs too long (it kills this process).  The
worker gives CPMpy's OR-Tools solvers the planner's CP-SAT parameters (one
worker, fixed seed, probing off: planner.verdicts.solve.new_solver), like the CP-SAT
baselines of explain_speed.py; with --cpmpy-defaults it leaves CPMpy's own.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

import _paths  # noqa: F401 -- before the planner: this checkout first on sys.path

import cpmpy as cp  # noqa: E402
from cpmpy.tools.explain import make_assump_model, mus, quickxplain  # noqa: E402

from planner.engine.compiler import _Context as _CompileContext  # noqa: E402
from planner.verdicts.explanations import _DELETE_FIRST  # noqa: E402
from planner.engine.problem import Problem, build_problem  # noqa: E402

SOLVER = "ortools"

__all__ = ["CpmpyModel", "build_cpmpy_model", "deletion_order", "preference_order"]


@dataclass
class CpmpyModel:
    events: dict[str, Any]  # event -> cp.intvar over problem.ranges[event]
    choices: dict[str, dict[Any, Any]]  # picked fact -> value -> cp.boolvar
    hard: list[Any]  # exactly one value per picked fact
    rules: dict[str, Any]  # hard rule id -> its one constraint, in problem.rules order

    def rule_of(self, constraints: list[Any]) -> list[str]:
        """Rule ids of constraints handed back by mus / quickxplain."""
        by_identity = {id(c): rid for rid, c in self.rules.items()}
        by_text = {str(c): rid for rid, c in self.rules.items()}
        return [by_identity.get(id(c)) or by_text[str(c)] for c in constraints]


class _CpmpyContext(_CompileContext):
    """The planner's compile context, with CPMpy in place of CP-SAT: the
    business-day and month tables are the compiler's own; only the element
    and the collection of requirements differ."""

    def __init__(self, problem: Problem, events: dict[str, Any]):
        # Not the parent's __init__: it would build a CP-SAT model.
        self.problem = problem
        self.calendar = problem.calendar
        self.horizon = problem.horizon
        self.origin = problem.origin
        self.vars = events
        self.collected: list[Any] = []
        self._tables: dict[tuple, Any] = {}
        self._days, self._tag = problem.days, ""  # as the compiler's context: for_rule() switches calendars

    def require(self, margin: Any, enforce: Any = None) -> None:
        # The enforcement (rule literal, conditions) is added around the
        # whole rule by build_cpmpy_model.
        self.collected.append(margin >= 0)

    def _element(self, key: tuple, event: str, function: Callable[[int], int], name: str = "") -> Any:
        """function(day offset of event) as a table over the event's range."""
        if key not in self._tables:
            low, high = self.problem.ranges[event]
            table = [function(d) for d in range(low, high + 1)]
            self._tables[key] = cp.cpm_array(table)[self.vars[event] - low]
        return self._tables[key]


def build_cpmpy_model(problem: Problem) -> CpmpyModel:
    events = {e: cp.intvar(lo, hi, name=e) for e, (lo, hi) in problem.ranges.items()}
    choices: dict[str, dict[Any, Any]] = {}
    hard: list[Any] = []
    for fact, values in problem.choices.items():
        choices[fact] = {v: cp.boolvar(name=f"{fact}={v}") for v in values}
        hard.append(cp.sum(list(choices[fact].values())) == 1)

    ctx = _CpmpyContext(problem, events)
    rules: dict[str, Any] = {}
    for rule in problem.rules:
        if rule.soft:
            continue
        view = ctx.for_rule(rule)  # an SEC rule counts federal business days
        view.collected = []
        rule.compile(view, None)
        constraint = cp.all(view.collected)
        condition, vacuous = [], False
        for fact, wanted in problem.conditions(rule):
            options = [choices[fact][v] for v in wanted if v in choices[fact]]
            if not options:  # no picked value makes the rule apply (the compiler's constant 0)
                vacuous = True
            condition.append(options[0] if len(options) == 1 else cp.any(options))
        if vacuous:
            # Never enforced; a tautology on one of its events keeps it in the
            # soft list (CPMpy drops a constant True).
            first = rule.events()[0]
            constraint = events[first] >= problem.ranges[first][0]
        elif condition:
            constraint = (condition[0] if len(condition) == 1 else cp.all(condition)).implies(constraint)
        rules[rule.id] = constraint
    return CpmpyModel(events, choices, hard, rules)


def deletion_order(problem: Problem) -> dict[str, tuple]:
    """The order planner.verdicts.explanations deletes rules in (legal first)."""
    return {r.id: (_DELETE_FIRST[r.source], i) for i, r in enumerate(problem.rules)}


def preference_order(problem: Problem, model: CpmpyModel) -> list[Any]:
    """The soft list for quickxplain, most preferred (to be in the conflict)
    first: quickxplain keeps lower indexes where it has the choice, our
    deletion keeps the rules it tries last; so our deletion order reversed
    (operational rules first, later rules first within a source)."""
    order = deletion_order(problem)
    return [model.rules[r] for r in sorted(model.rules, key=order.__getitem__, reverse=True)]


# --- worker ----------------------------------------------------------------

def _measure(fn, *, max_reps: int, budget_s: float):
    """Per-call times (s) and the last result: calls until max_reps or until
    budget_s is spent, whichever comes first (so one slow call is timed once)."""
    result = None
    times: list[float] = []
    spent = 0.0
    while len(times) < max_reps and (not times or spent < budget_s):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return times, result


def _post(model: CpmpyModel):
    """What mus/quickxplain do before their first solve: the assumption
    model, and its transformation into an OR-Tools model."""
    m, _, _ = make_assump_model(list(model.rules.values()), hard=model.hard)
    return cp.SolverLookup.get(SOLVER, m)


_SOLVES = [0]


def _instrument(planner_parameters: bool) -> None:
    """Count CP-SAT solves; and, unless CPMpy's own defaults are wanted, give
    every CPMpy OR-Tools solver the planner's CP-SAT parameters (those of
    planner.verdicts.solve.new_solver, less its time limit: a solve cut short would
    read as "unsat" to mus).  CPMpy's docs allow editing ort_solver before
    solve(); only this worker process is affected."""
    from cpmpy.solvers.ortools import CPM_ortools

    from planner.verdicts.solve import RANDOM_SEED

    init, solve = CPM_ortools.__init__, CPM_ortools.solve

    def counted_solve(self, *args, **kwargs):
        _SOLVES[0] += 1
        return solve(self, *args, **kwargs)

    def tuned_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        parameters = self.ort_solver.parameters
        parameters.num_workers = 1
        parameters.random_seed = RANDOM_SEED
        parameters.cp_model_probing_level = 0

    CPM_ortools.solve = counted_solve
    if planner_parameters:
        CPM_ortools.__init__ = tuned_init


class _Worker:
    def __init__(self):
        self.scenario: str | None = None
        self.problem: Problem | None = None
        self.model: CpmpyModel | None = None

    def _load(self, scenario: str) -> None:
        if scenario != self.scenario:
            self.problem = build_problem(scenario)
            self.model = build_cpmpy_model(self.problem)
            self.scenario = scenario

    def handle(self, request: dict) -> dict:
        self._load(request["scenario"])
        problem, model, budget = self.problem, self.model, request.get("budget_s", 1.0)
        step = request["step"]
        if step == "build":
            times, built = _measure(lambda: build_cpmpy_model(problem), max_reps=50, budget_s=budget)
            self.model = model = built
            post_t, _ = _measure(lambda: _post(model), max_reps=20, budget_s=budget)
            return {"rules": len(model.rules), "hard": len(model.hard), "build_s": times, "post_s": post_t}
        if step in ("mus", "quickxplain"):
            if step == "mus":
                soft = list(model.rules.values())
                call = lambda: mus(soft, hard=model.hard, solver=SOLVER)
            else:
                soft = preference_order(problem, model)
                call = lambda: quickxplain(soft, hard=model.hard, solver=SOLVER)
            _SOLVES[0] = 0
            times, found = _measure(call, max_reps=20, budget_s=budget)
            order = deletion_order(problem)
            return {"rules": sorted(model.rule_of(found), key=order.__getitem__), "s": times,
                    "solves": _SOLVES[0] // len(times)}
        if step == "solve":  # do these rules (with the facts) admit a plan in the CPMpy model?
            chosen = [model.rules[r] for r in request["rules"]]
            solver = cp.SolverLookup.get(SOLVER, cp.Model(model.hard + chosen))
            return {"sat": bool(solver.solve())}
        raise ValueError(f"unknown step {step!r}")


def serve(planner_parameters: bool = True) -> None:
    """Answer JSON requests, one a line: {"scenario": path, "step": "build" |
    "mus" | "quickxplain" | "solve", "budget_s": seconds of repeats, "rules":
    [...] for "solve"}."""
    _instrument(planner_parameters)
    worker = _Worker()
    sys.stdout.write(json.dumps({"ready": True}) + "\n")  # imports done: timed requests may start
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = worker.handle(json.loads(line))
        except Exception:  # report, keep serving
            answer = {"error": traceback.format_exc(limit=3)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(planner_parameters="--cpmpy-defaults" not in sys.argv[1:])
