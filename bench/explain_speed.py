#!/usr/bin/env python3
"""Explanations against CP-SAT baselines, side by side in one run.

Infeasible scenarios (file name contains "infeasible"):

(a) CP-SAT's raw core: compile_problem(problem, objective=True), the hard
    rule literals as assumptions, one solve with new_solver(10); the size of
    sufficient_assumptions_for_infeasibility() (not minimal) and the time
    (compile + solve).
(b) Ours: planner.verdicts.explanations.minimal_conflicts, with limit=1 (one
    irreducible conflict, like for like with (d)) and with its default
    limit=3; sizes and times.
(c) planner.verdicts.explanations.explain_problem(problem, rebuild=None) (conflicts,
    fixes, text; no fact fixes) and planner.explain(path) (YAML to
    explanation, fact fixes included).
(d) Baseline: a deletion-based MUS with CP-SAT itself: the same compiled
    model with its objective replaced by minimize(0), the raw core of (a),
    then one solve per core rule with that rule's assumption left out (in
    the same deletion order as ours: legal rules first).  Time includes
    compile and the first core.

(e) CPMpy (when installed): the problem as a CPMpy model (bench/cpmpy_model.py:
    one constraint a hard rule, the picked facts' exactly-one as hard
    constraints), then cpmpy.tools.explain.mus and quickxplain (soft list in
    our deletion order reversed: operational rules preferred in the
    conflict), solver "ortools", against (b) with limit=1.  Build (problem to
    CPMpy constraints) and each explain call are timed apart; the CPMpy calls
    run in a worker process that is killed past CALL_TIMEOUT_S (reported as
    a timeout).  CPMpy's conflicts are checked with our propagation kept to
    the model's domains: a conflict, and irreducible.  The worker gives
    CPMpy's CP-SAT the planner's parameters (planner.verdicts.solve.new_solver) like
    (a) and (d); --cpmpy-defaults leaves CPMpy's own (much slower here).

Feasible scenarios: planner.verdicts.explanations.event_windows(problem) (timed)
against the same windows from CP-SAT: compile_problem(objective=False),
every hard rule literal fixed true, minimise then maximise each event
variable.  CP-SAT only sees each event's domain (problem.ranges), where
event_windows looks further (and says None for "no limit"); so the check
("agree"/"DIFFER") runs our propagation, with the very bounds event_windows
uses, plus each event kept in its domain, and wants CP-SAT's numbers
exactly.  Where event_windows' own answer is not CP-SAT's (no limit, a bound
beyond the domain), a note says so.

Times are medians of repeated calls (time.perf_counter); ratios are
baseline / ours (how many times faster ours is) and ours / raw core for
sizes.  Figures only, no assertions on time; the exit status is 1 if a check
of answers (windows, conflict minimality) disagrees.

    .venv/bin/python bench/explain_speed.py [--cpmpy-defaults]
"""

from __future__ import annotations

import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from _paths import ROOT  # before the planner: this checkout first on sys.path

from ortools.sat.python import cp_model  # noqa: E402

import planner  # noqa: E402
from planner.engine.compiler import compile_problem  # noqa: E402
from planner.verdicts.explanations import _DELETE_FIRST, event_windows, explain_problem, minimal_conflicts  # noqa: E402
from planner.engine.problem import Problem, build_problem  # noqa: E402
from planner.engine.propagation import Propagator  # noqa: E402
from planner.rules.bounds import Unary  # noqa: E402
from planner.verdicts.solve import new_solver  # noqa: E402
from plan_speed import measure, print_table  # noqa: E402  (bench/ is on sys.path)

TIME_LIMIT_S = 10
CALL_TIMEOUT_S = 20  # a CPMpy request (one step of one scenario) past this is a timeout
CPMPY_BUDGET_S = 40  # all CPMpy requests together (CPMpy's own defaults: CPMPY_DEFAULTS_BUDGET_S)
CPMPY_DEFAULTS_BUDGET_S = 150
STARTUP_TIMEOUT_S = 60  # the CPMpy worker's imports (not timed)
DOMAIN = "(CP-SAT domains)"  # a pseudo-rule: each event within problem.ranges




def ms(times: list[float]) -> float:
    return 1000 * statistics.median(times)


def deletion_order(problem: Problem) -> dict[str, tuple]:
    """The order our deletion tries rules in (legal first), for a like-for-like baseline."""
    return {r.id: (_DELETE_FIRST[r.source], i) for i, r in enumerate(problem.rules)}


# --- CP-SAT baselines ------------------------------------------------------

def cpsat_core(problem: Problem):
    """(a): compile, assume every hard rule, solve once; the raw core."""
    compiled = compile_problem(problem, objective=True)
    literals = compiled.rule_literals
    compiled.model.add_assumptions(list(literals.values()))
    solver = new_solver(TIME_LIMIT_S)
    status = solver.solve(compiled.model)
    if status != cp_model.INFEASIBLE:
        raise RuntimeError(f"{problem.scenario.name}: CP-SAT says {solver.status_name(status)}, expected INFEASIBLE")
    by_index = {lit.index: rid for rid, lit in literals.items()}
    core = sorted(by_index[i] for i in solver.sufficient_assumptions_for_infeasibility())
    return compiled, solver, core


def cpsat_mus(problem: Problem):
    """(d): deletion over CP-SAT's core with CP-SAT as the oracle.

    Returns (raw core, MUS, number of solves)."""
    compiled, solver, core = cpsat_core(problem)
    model, literals = compiled.model, compiled.rule_literals
    model.clear_objective()
    model.minimize(0)
    order = deletion_order(problem)
    keep = sorted(core, key=order.__getitem__)
    solves = 1
    for rule in list(keep):
        trial = [r for r in keep if r != rule]
        model.clear_assumptions()
        model.add_assumptions([literals[r] for r in trial])
        status = solver.solve(model)
        solves += 1
        if status == cp_model.INFEASIBLE:
            keep = trial
        elif status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError(f"{problem.scenario.name}: CP-SAT gave {solver.status_name(status)} during deletion")
    return core, sorted(keep, key=order.__getitem__), solves


def cpsat_windows(problem: Problem):
    """Each event's (min, max) day offset with every hard rule holding, from
    CP-SAT; and the number of solves."""
    compiled = compile_problem(problem, objective=False)
    model = compiled.model
    for literal in compiled.rule_literals.values():
        model.add(literal == 1)
    solver = new_solver(TIME_LIMIT_S)
    found: dict[str, tuple[int | None, int | None]] = {}
    solves = 0
    for event, var in compiled.events.items():
        bounds = []
        for sense in (model.minimize, model.maximize):
            sense(var)
            status = solver.solve(model)
            solves += 1
            bounds.append(solver.value(var) if status == cp_model.OPTIMAL else None)
        found[event] = (bounds[0], bounds[1])
    return found, solves


def domain_propagator(problem: Problem) -> tuple[Propagator, list[str]]:
    """Our propagation (the bounds event_windows uses) plus the pseudo-rule
    DOMAIN keeping each event in its CP-SAT domain (problem.ranges); and the
    hard rules."""
    propagator = Propagator(problem)
    hard = list(propagator.bounds)
    propagator.bounds[DOMAIN] = [Unary(e, lo, hi) for e, (lo, hi) in problem.ranges.items()]
    propagator.conditions[DOMAIN] = []
    return propagator, hard


def domain_windows(problem: Problem) -> dict[str, tuple[int, int]] | None:
    """The windows CP-SAT can see: our propagation kept to the domains."""
    propagator, hard = domain_propagator(problem)
    return propagator.windows([*hard, DOMAIN])


def compare_windows(problem: Problem, ours: dict[str, tuple[date | None, date | None]],
                    theirs: dict[str, tuple[int | None, int | None]]):
    """(differences, notes).

    A difference: our propagation kept to the model's domains gives another
    bound than CP-SAT.  A note: event_windows' own answer (no domains) is
    not CP-SAT's, and why: no limit that way, or a bound beyond the domain,
    or a tighter domain window."""
    day = lambda offset: problem.origin + timedelta(days=offset)
    restricted = domain_windows(problem) or {}
    differ, notes = [], []
    for event, (low, high) in problem.ranges.items():
        for index, side, edge in ((0, "earliest", low), (1, "latest", high)):
            cpsat = theirs.get(event, (None, None))[index]
            if cpsat is None:
                differ.append(f"{event} {side}: CP-SAT gave no optimal answer")
                continue
            mine = restricted.get(event, (None, None))[index]
            if mine != cpsat:
                differ.append(f"{event} {side}: ours {day(mine) if mine is not None else 'none'} vs CP-SAT {day(cpsat)}")
            raw = ours.get(event, (None, None))[index]
            if raw is None:
                notes.append(f"{event} {side}: event_windows says no limit; CP-SAT {day(cpsat)} "
                             f"({abs(cpsat - edge)} d from the domain edge {day(edge)})")
            elif raw != day(cpsat):
                where = "outside" if not low <= (raw - problem.origin).days <= high else "inside"
                notes.append(f"{event} {side}: event_windows says {raw} ({where} the domain "
                             f"{day(low)}..{day(high)}); CP-SAT {day(cpsat)}")
    return differ, notes


# --- report ----------------------------------------------------------------

def infeasible_part(scenarios: list[Path], ours_found: dict | None = None) -> list[str]:
    """Tables (a)-(d); ours_found gets each scenario's (times, conflict) of
    minimal_conflicts(problem, 1) for the CPMpy table."""
    problems_found: list[str] = []
    rows_a, rows_b, notes = [], [], []
    for scenario in scenarios:
        name = scenario.stem
        problem = build_problem(str(scenario))
        core_t, (compiled, _, core) = measure(lambda: cpsat_core(problem), min_reps=5, max_reps=30, budget_s=1.0)
        hard = len(compiled.rule_literals)
        one_t, one = measure(lambda: minimal_conflicts(problem, 1), min_reps=5, max_reps=30, budget_s=1.0)
        three_t, three = measure(lambda: minimal_conflicts(problem), min_reps=5, max_reps=30, budget_s=1.0)
        mus_t, (_, mus, solves) = measure(lambda: cpsat_mus(problem), min_reps=3, max_reps=3, budget_s=0, warmup=0)
        full_t, why = measure(lambda: explain_problem(problem, rebuild=None), min_reps=5, max_reps=20, budget_s=1.0)
        api_t, api_why = measure(lambda: planner.explain(str(scenario)), min_reps=3, max_reps=10, budget_s=1.0)

        ours = one[0] if one else []
        if ours_found is not None:
            ours_found[name] = (one_t, ours)
        rows_a.append(
            f"{name:<42} {hard:>4} | {len(core):>4} {ms(core_t):>7.2f} | {len(ours):>4} {ms(one_t):>7.2f} | "
            f"{len(mus):>4} {solves:>6} {ms(mus_t):>8.1f} | {len(ours) / len(core):>9.2f} {ms(mus_t) / ms(one_t):>8.1f}x"
            f" {ms(core_t) / ms(one_t):>8.2f}x | {'yes' if sorted(ours) == sorted(mus) else 'no':>4}"
        )
        rows_b.append(
            f"{name:<42} | {'/'.join(str(len(c)) for c in three) or '-':>9} {ms(three_t):>8.2f} | "
            f"{len(why.conflicts):>3} {len(why.fixes):>5} {ms(full_t):>8.2f} | {len(api_why.fixes):>5} {ms(api_t):>8.2f}"
        )
        if not one:
            problems_found.append(f"{name}: minimal_conflicts found no conflict")
        elif len(ours) != len(mus):
            problems_found.append(f"{name}: our conflict has {len(ours)} rules, CP-SAT's deletion MUS {len(mus)}")
        if set(ours) - set(core):
            notes.append(f"{name}: ours uses rules outside CP-SAT's raw core: {sorted(set(ours) - set(core))}")
        notes.append(f"{name}: ours {ours}")
        if sorted(ours) != sorted(mus):
            notes.append(f"{name}: CP-SAT MUS {mus}")

    print("== explanations: infeasible scenarios ==")
    print("(a) CP-SAT raw core = compile + one solve with every hard rule assumed; (b) ours = minimal_conflicts(limit=1);")
    print("(d) CP-SAT MUS = (a) then deletion over the core, one solve per core rule (minimize(0), same order as ours)")
    print("ratios: size ours/core; time baseline/ours (>1: ours faster); same = ours and CP-SAT MUS are the same rules")
    print()
    header = (f"{'scenario':<42} {'hard':>4} | {'core':>4} {'ms':>7} | {'ours':>4} {'ms':>7} | "
              f"{'MUS':>4} {'solves':>6} {'ms':>8} | {'size o/c':>9} {'MUS/ours':>9} {'core/ours':>9} | {'same':>4}")
    print_table(header, rows_a)
    print()
    print("(b) minimal_conflicts with its default limit=3; (c) explain_problem(rebuild=None) and planner.explain(path)")
    print()
    header = (f"{'scenario':<42} | {'sizes':>9} {'ms':>8} | {'cfl':>3} {'fixes':>5} {'ms':>8} | "
              f"{'fixes':>5} {'ms':>8}")
    print(f"{'':<42} | {'minimal_conflicts(3)':>18} | {'explain_problem':>18} | {'planner.explain':>14}")
    print_table(header, rows_b)
    print()
    for note in notes:
        print("  " + note)
    return problems_found


def feasible_part(scenarios: list[Path]) -> list[str]:
    problems_found: list[str] = []
    rows, notes = [], []
    for scenario in scenarios:
        name = scenario.stem
        problem = build_problem(str(scenario))
        ours_t, ours = measure(lambda: event_windows(problem), min_reps=5, max_reps=30, budget_s=0.5)
        theirs_t, (theirs, solves) = measure(lambda: cpsat_windows(problem), min_reps=3, max_reps=5,
                                             budget_s=1.0, warmup=0)
        differ, raw_notes = compare_windows(problem, ours, theirs)
        verdict = "DIFFER" if differ else "agree"
        rows.append(f"{name:<28} {len(problem.events):>3} {len(problem.choices):>7} | {ms(ours_t):>7.2f} | "
                    f"{ms(theirs_t):>8.1f} {solves:>6} | {ms(theirs_t) / ms(ours_t):>8.1f}x | {verdict}")
        for line in differ:
            problems_found.append(f"{name}: windows differ: {line}")
            notes.append(f"{name}: DIFFER {line}")
        for line in raw_notes:
            notes.append(f"{name}: {line}")

    print("== windows: feasible scenarios ==")
    print("ours = event_windows(problem); CP-SAT = compile(objective=False), hard literals fixed true, min and max of")
    print("each event var (one solve each); ratio = CP-SAT / ours (>1: ours faster)")
    print()
    header = (f"{'scenario':<28} {'ev':>3} {'choices':>7} | {'ours ms':>7} | {'CP-SAT ms':>8} {'solves':>6} | "
              f"{'ratio':>9} | check")
    print_table(header, rows)
    if notes:
        print()
        for note in notes:
            print("  " + note)
    return problems_found


# --- CPMpy -----------------------------------------------------------------

class CpmpyWorker:
    """bench/cpmpy_model.py in a process of its own (one JSON line per
    request and per answer), so that a call that runs too long can be
    stopped: the process is killed and a new one started for the next
    request."""

    def __init__(self, defaults: bool):
        self.command = [sys.executable, str(Path(__file__).resolve().with_name("cpmpy_model.py"))]
        if defaults:
            self.command.append("--cpmpy-defaults")
        self.proc: subprocess.Popen | None = None

    def _start(self) -> None:
        self.errors = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(self.command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.errors, text=True)
        self.lines: queue.Queue = queue.Queue()

        def read(stream, lines):
            for line in stream:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read, args=(self.proc.stdout, self.lines), daemon=True).start()

    def ask(self, request: dict, timeout: float) -> dict:
        """The worker's answer; {"timeout": s} past `timeout` seconds (the
        worker is then stopped), {"error": text} if it failed.  A worker's
        start (its imports) is not part of the timeout."""
        if self.proc is None:
            self._start()
            try:
                ready = self.lines.get(timeout=STARTUP_TIMEOUT_S)
            except queue.Empty:
                ready = None
            if ready is None:
                return self._failed("CPMpy worker did not start")
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            return {"timeout": timeout}
        except OSError:  # the worker is gone (broken pipe)
            line = None
        if line is None:
            return self._failed("CPMpy worker exited")
        return json.loads(line)

    def _failed(self, what: str) -> dict:
        self.errors.seek(0)
        tail = self.errors.read()[-800:]
        self.stop()
        return {"error": f"{what}: {tail}"}

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.errors.close()
            self.proc = None

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()  # the worker's loop ends
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.stop()


def conflict_check(propagator: Propagator, rules: list[str]) -> str:
    """Whether `rules` cannot all hold within the CP-SAT domains, while any
    smaller set of them can (our propagation plus DOMAIN)."""
    feasible = lambda subset: propagator.feasible([*subset, DOMAIN])
    if feasible(rules):
        return "NOT a conflict"
    spare = [r for r in rules if not feasible([x for x in rules if x != r])]
    return f"reducible (still a conflict without {spare[0]})" if spare else "irreducible"


def cpmpy_part(scenarios: list[Path], ours_found: dict, defaults: bool = False) -> list[str]:
    try:
        import cpmpy
    except ImportError:
        print("CPMpy comparison skipped (not installed)")
        return []
    version = getattr(cpmpy, "__version__", "?")
    budget = CPMPY_DEFAULTS_BUDGET_S if defaults else CPMPY_BUDGET_S
    started = time.perf_counter()
    deadline = started + budget
    worker = CpmpyWorker(defaults)
    problems_found: list[str] = []
    rows, notes = [], []

    def ask(scenario: Path, step: str, repeat_s: float = 0.5, **extra) -> dict:
        """One request; repeat_s: seconds the worker may spend repeating a
        call for a median (one call however long it takes)."""
        left = deadline - time.perf_counter()
        if left <= 1:
            return {"timeout": 0, "budget": True}
        limit = min(CALL_TIMEOUT_S, left)
        answer = worker.ask({"scenario": str(scenario), "step": step, "budget_s": repeat_s, **extra}, limit)
        if "timeout" in answer and limit < CALL_TIMEOUT_S:
            answer["budget"] = True
        return answer

    def cells(answer: dict, base_ms: float, ours_ms: float):
        """(size, solves, ms, ratio) columns of one explain call, and its ms (None if no answer)."""
        if "timeout" in answer:
            limit = answer["timeout"]
            over = f">{(base_ms + 1000 * limit) / ours_ms:.0f}x" if limit else "-"
            return ("t/o", "-", f">{1000 * limit:.0f}" if limit else "budget", over), None
        if "error" in answer:
            return ("err", "-", "-", "-"), None
        call = ms(answer["s"])
        return (str(len(answer["rules"])), str(answer["solves"]), f"{call:.1f}", f"{(base_ms + call) / ours_ms:.1f}x"), call

    try:
        for scenario in scenarios:
            name = scenario.stem
            problem = build_problem(str(scenario))
            if name in ours_found:
                one_t, ours = ours_found[name]
            else:
                one_t, one = measure(lambda: minimal_conflicts(problem, 1), min_reps=5, max_reps=30, budget_s=1.0)
                ours = one[0] if one else []
            ours_ms = ms(one_t)
            build = ask(scenario, "build", repeat_s=0.3)
            answers = {"mus": ask(scenario, "mus"), "quickxplain": ask(scenario, "quickxplain")}
            for step, answer in [("build", build), *answers.items()]:
                if "error" in answer:
                    problems_found.append(f"{name}: CPMpy {step} failed")
                    notes.append(f"{name}: CPMpy {step} failed: {answer['error'].strip().splitlines()[-1]}")
                elif "timeout" in answer:
                    why = "the CPMpy budget of the bench was spent" if answer.get("budget") else \
                        f"stopped after {CALL_TIMEOUT_S} s"
                    notes.append(f"{name}: CPMpy {step}: timeout ({why})")
            if "rules" in build:
                build_ms, post_ms = ms(build["build_s"]), ms(build["post_s"])
                build_cols = (f"{build['rules']:>5}", f"{build_ms:>8.2f}", f"{post_ms:>7.1f}")
            else:
                build_ms, post_ms = 0.0, None
                build_cols = (f"{len([r for r in problem.rules if not r.soft]):>5}", f"{'-':>8}", f"{'-':>7}")
            (m_size, m_solves, m_ms, m_ratio), mus_ms = cells(answers["mus"], build_ms, ours_ms)
            (q_size, q_solves, q_ms, q_ratio), qx_ms = cells(answers["quickxplain"], build_ms, ours_ms)
            same = []
            for answer in answers.values():
                same.append("yes" if "rules" in answer and answer["rules"] == ours else "no" if "rules" in answer else "-")
            rows.append(
                f"{name:<42} {build_cols[0]} | {build_cols[1]} {build_cols[2]} | {m_size:>4} {m_solves:>6} {m_ms:>8} | "
                f"{q_size:>4} {q_solves:>6} {q_ms:>8} | {len(ours):>4} {ours_ms:>7.2f} | {m_ratio:>8} {q_ratio:>8} | "
                f"{same[0]:>4} {same[1]:>4}"
            )

            # The answers, checked with our propagation kept to the CP-SAT domains.
            propagator, _ = domain_propagator(problem)
            checks = []
            for label, answer in (("mus", answers["mus"]), ("quickxplain", answers["quickxplain"])):
                if "rules" not in answer:
                    continue
                verdict = conflict_check(propagator, answer["rules"])
                checks.append(f"{label} {verdict}")
                if verdict != "irreducible":
                    problems_found.append(f"{name}: CPMpy {label} {answer['rules']} is {verdict} (our propagation, CP-SAT domains)")
                if answer["rules"] != ours:
                    why = ("mus deletes in its own order (most variables first)" if label == "mus" else
                           "quickxplain was given our order reversed; it can still differ where the domains bind")
                    notes.append(f"{name}: CPMpy {label} {answer['rules']} ({len(answer['rules'])} rules) is not ours "
                                 f"({len(ours)}): both minimal, a minimal conflict is not unique ({why})")
            ours_verdict = conflict_check(propagator, ours)
            checks.append(f"ours {ours_verdict}")
            if any("rules" in a and a["rules"] != ours for a in answers.values()):
                solved = ask(scenario, "solve", rules=ours)
                if "sat" in solved:
                    checks.append("CPMpy model: ours " + ("has a plan (DISAGREES)" if solved["sat"] else "unsat"))
                    if solved["sat"]:
                        problems_found.append(f"{name}: the CPMpy model finds a plan with our conflict {ours}")
            notes.append(f"{name}: checked (our propagation within the CP-SAT domains): {', '.join(checks)}")
            timing = []
            for label, call, answer in (("mus", mus_ms, answers["mus"]), ("quickxplain", qx_ms, answers["quickxplain"])):
                if call is not None:
                    per_solve = (call - (post_ms or 0)) / max(answer["solves"], 1)
                    timing.append(f"{label} call alone {call / ours_ms:.1f}x ours (~{per_solve:.0f} ms a solve after post)")
            if post_ms is not None:
                timing.append(f"post (assumption model + transformation to OR-Tools, inside each call) {post_ms:.1f} ms")
            if timing:
                notes.append(f"{name}: " + "; ".join(timing))
    finally:
        worker.close()

    parameters = ("CPMpy's own CP-SAT defaults (--cpmpy-defaults)" if defaults else
                  "the planner's CP-SAT parameters (planner.verdicts.solve.new_solver: 1 worker, fixed seed, probing off) "
                  "set on CPMpy's ort_solver")
    print(f"== explanations: CPMpy {version} (solver=\"ortools\") against ours, infeasible scenarios ==")
    print("build = problem to CPMpy model, one constraint a hard rule (bench/cpmpy_model.py); post = assumption model and")
    print("its transformation to OR-Tools (done inside every mus/quickxplain call, so part of their ms); mus = cpmpy.tools.explain.mus;")
    print("qx = quickxplain with the rules in our deletion order reversed (operational rules preferred in the conflict);")
    print("ours = minimal_conflicts(problem, 1), as (b); solves = CP-SAT solves a call; ratio = CPMpy (build + call) / ours")
    print(f"(>1: ours faster); same = the same rules as ours; t/o = stopped after {CALL_TIMEOUT_S} s (ms and ratio are then lower bounds)")
    print(f"CP-SAT parameters: {parameters}")
    print()
    header = (f"{'scenario':<42} {'rules':>5} | {'build ms':>8} {'post ms':>7} | {'size':>4} {'solves':>6} {'ms':>8} | "
              f"{'size':>4} {'solves':>6} {'ms':>8} | {'size':>4} {'ms':>7} | {'mus':>8} {'qx':>8} | {'mus':>4} {'qx':>4}")
    print(f"{'':<42} {'':>5} | {'CPMpy model':<16} | {'CPMpy mus':<20} | {'CPMpy quickxplain':<20} | "
          f"{'ours':<12} | {'CPMpy / ours':<17} | {'same':<9}")
    print_table(header, rows)
    print()
    for note in notes:
        print("  " + note)
    print(f"  CPMpy part: {time.perf_counter() - started:.1f} s in all (worker start, repeats, checks)")
    return problems_found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.chdir(ROOT)
    scenarios = sorted(Path("scenarios").glob("*.yaml"))
    infeasible = [s for s in scenarios if "infeasible" in s.name]
    ours_found: dict = {}
    problems = infeasible_part(infeasible, ours_found)
    print()
    problems += feasible_part([s for s in scenarios if "infeasible" not in s.name])
    print()
    problems += cpmpy_part(infeasible, ours_found, defaults="--cpmpy-defaults" in argv)
    if problems:
        print()
        print(f"{len(problems)} check(s) of answers disagree:")
        for line in problems:
            print("  " + line)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
