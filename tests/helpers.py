"""Small problems built in memory, for tests of the engine."""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from planner.engine.compiler import compile_problem
from planner.engine.problem import Problem, build_problem
from planner.verdicts.solve import new_solver

EVENTS = ("a", "b", "c", "d")
ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
WILLIAMS = SCENARIOS / "williams-natural-gas-2027.yaml"
NGS = SCENARIOS / "natural-gas-services-2027.yaml"
CLECO = SCENARIOS / "cleco-utility-2027.yaml"
PORTER = SCENARIOS / "porter-mcleod-2027.yaml"

# The four seed bylaws our user started from lie beside the repository
# (../shared/seeds, or one level further up from a worktree under wt/). The
# project may hold no copy of them, so a checkout without them cannot run the
# tests that read them: those skip, naming the folder (seed_path).
SEED_DIR = next((p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds") if p.is_dir()),
                ROOT.parent / "shared" / "seeds")
SEED_FILES = {  # rulebook id -> its seed bylaws
    "natural-gas-services": "000_6aa9d4fd1b6ac9d2.txt",
    "porter-mcleod": "001_60d764ec31e0d365.txt",
    "williams-natural-gas": "003_0726aa95b8df460e.txt",
    "cleco-utility": "004_d774f114408ec502.txt",
}


def seed_path(rulebook_id: str) -> Path:
    """The seed bylaws of a bundled rulebook; the test skips if they are not beside the checkout."""
    import pytest

    path = SEED_DIR / SEED_FILES[rulebook_id]
    if not path.exists():
        pytest.skip(f"the seed bylaws {path.name} are not in {SEED_DIR} (they may not be copied into the project)")
    return path


def golden_dates(name: str) -> dict[str, date]:
    """The dates of a seed scenario's golden plan (tests/golden/NAME.json)."""
    data = json.loads((ROOT / "tests/golden" / f"{name}.json").read_text())
    return {e: date.fromisoformat(d) for e, d in data["dates"].items()}


def rulebook(rules: list[dict], events=EVENTS, facts: dict | None = None, subdiv: str = "DE") -> dict:
    return {
        "schema_version": 1,
        "id": "test-book",
        "title": "Test bylaws",
        "document": "in-memory",
        "jurisdiction": {"country": "US", "subdiv": subdiv},
        "facts": facts or {},
        "events": {e: {"kind": "operational", "label": f"event {e}", "required": True} for e in events},
        "rules": rules,
    }


def scenario(rules: list[dict] = (), **extra: Any) -> dict:
    return {"schema_version": 1, "name": "test", "rulebook": "unused", "year": 2027, "rules": list(rules), **extra}


def rule(kind: str, rid: str = "r", **fields: Any) -> dict:
    return {"kind": kind, "id": rid, "cite": "Art. T §1", "summary": "test rule", **fields}


def pin(event: str, day: date) -> dict:
    return rule("on_date", f"pin-{event}", event=event, date=day.isoformat(), source="operational")


def problem(rules: list[dict], events=EVENTS, facts=None, scenario_rules=(), holidays=(), **extra) -> Problem:
    return build_problem(
        scenario(scenario_rules, **extra), rulebook=rulebook(rules, events, facts), holidays=holidays
    )


def solver_says_feasible(p: Problem) -> bool:
    compiled = compile_problem(p, objective=False)
    compiled.model.add_assumptions(list(compiled.rule_literals.values()))
    status = new_solver(5).solve(compiled.model)
    from ortools.sat.python import cp_model

    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def seed(path: Path) -> dict:
    """A bundled scenario or rulebook file as data (a fresh copy: callers change it)."""
    return copy.deepcopy(_seed_data(Path(path), Path(path).stat().st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _seed_data(path: Path, mtime_ns: int) -> dict:
    # Test modules build their tables from the seeds while pytest collects
    # (some 200 reads in every xdist worker): parsed once per file and version.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)


def errors(response) -> list[dict]:
    """The `detail` list of an HTTP 4xx answer (it must name the fields)."""
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail, detail
    return detail


def cli_run(*args: object, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`planner ARGS` run in this process, answered like `subprocess.run(...,
    capture_output=True, text=True)`: the exit code, stdout and stderr as a
    user sees them. A subprocess costs seconds of imports; the real
    subprocess cases (exit codes of the process itself, hangs under a
    timeout, signals, umask) stay in tests/test_hostile_cli.py and a few
    others. A traceback that escapes main() fails the test with the bug."""
    from planner.faces.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's own errors and --help
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["planner", *argv], code, out.getvalue(), err.getvalue())


def plan_slowly_if_asked(request, limits):
    """The service's plan work, but a scenario named "slow" sleeps for a
    minute first: module-level, so that a worker process of the HTTP
    service (planner.faces.solve_pool) finds it by name."""
    import time

    import planner.faces.service as service

    if request.scenario.name == "slow":
        time.sleep(60)
    return service._plan(request, limits)
