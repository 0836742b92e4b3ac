"""One what-if variant at a time: the base scenario with some fields set,
planned or screened, as a row.  Everything here is plain data or a pure
function of it, so processes and Dask workers (planner.studies.parallel) can
run any slice of the grid and the rows come back the same."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.model.documents import Rulebook, Scenario
from planner.errors import InputError, RulebookError, ScenarioError
from planner.verdicts.explanations import event_windows, minimal_conflicts
from planner.model.extends import expand_extends
from planner.model.loading import read_yaml, validate
from planner.engine.problem import Problem, build_problem
from planner.rules.gap import GapRule
from planner.rules.on_date import OnDateRule
from planner.verdicts.answers import plan_problem
from planner.verdicts.solve import SolverError
from planner.studies.sweep import (
    MAX_VARIANTS,
    Grid,
    Mode,
    SweepError,
    Variation,
    apply_assignment,
    canonical,
    check_path,
    is_sweep_data,
    json_value,
    load_sweep,
    parse_vary,
)

__all__ = [
    "VariantRow",
    "SweepSpec",
    "prepare_sweep",
    "evaluate_chunk",
    "forget_prepared",
    "base_values",
    "KEY_EVENTS",
    "MAX_CONFLICTS",
    "LEGAL_SOURCES",
]

KEY_EVENTS = ("meeting", "record_date", "notice", "voting_list")
MAX_CONFLICTS = 3  # as many as `planner plan` lists
LEGAL_SOURCES = ("statute", "bylaw")
Status = Literal["feasible", "infeasible", "error"]


class VariantRow(BaseModel):
    """One variant's outcome."""

    model_config = ConfigDict(frozen=True)

    variant: int = Field(description="Position in the grid, from 1 (the last field varies fastest).")
    values: dict[str, Any] = Field(description="Each varied field's value in this variant.")
    differs: list[str] = Field(description="The varied fields whose value differs from the base scenario's.")
    status: Status
    dates: dict[str, date] = Field(default_factory=dict, description="plan mode: the plan's dates by event id.")
    windows: dict[str, tuple[date | None, date | None]] = Field(
        default_factory=dict, description="screen mode: each event's earliest and latest date (null: no limit)."
    )
    margin: int | None = Field(
        None, description="plan mode: the smallest margin, in days, of the statute and bylaw rules that have one "
        "(not fixed dates, exact gaps or yes/no rules; never preferences or operational lead times).",
    )
    margin_rule: str | None = Field(None, description="The rule with that margin (the first by id when several tie).")
    binding: list[str] = Field(default_factory=list, description="plan mode: rules with no margin left in the plan.")
    conflicts: list[list[str]] = Field(default_factory=list, description="Minimal conflicts, as `planner plan` lists them.")
    days_short: int | None = Field(None, description="plan mode: the first conflict's days short, as `planner plan` explains it.")
    fix: str | None = Field(None, description="plan mode: the smallest fix `planner plan` proposes (no bylaw or statute relaxed).")
    error: str | None = Field(None, description="Why the variant could not be planned (status error).")


# What a worker needs --------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepSpec:
    """Everything a worker needs, as plain data (it is pickled to processes
    and Dask workers): the base scenario and rulebook as raw data, the
    variations, the mode and the run's options."""

    scenario: dict
    rulebook: dict
    variations: tuple[Variation, ...]
    mode: Mode
    holidays: tuple[date, ...] = ()
    drop: tuple[str, ...] = ()
    time_cap_s: float | None = None  # the most solver time any variant gets (the service's cap)
    key: str = field(default="", compare=False)

    def __len__(self) -> int:
        return len(Grid(list(self.variations)))


class _Prepared:
    """A spec made ready once per worker: the models validated, the base
    values known, and finished variants remembered by their values."""

    def __init__(self, spec: SweepSpec):
        self.spec = spec
        self.grid = Grid(list(spec.variations))
        self.book = Rulebook.model_validate(spec.rulebook)
        self.base = Scenario.model_validate(spec.scenario)
        self.base_values = {f: _value_at(self.base, self.book, f) for f in self.grid.fields}
        self.memo: dict[str, VariantRow] = {}

    def row(self, index: int) -> VariantRow:
        assignment = self.grid.assignment(index)
        key = canonical(assignment)
        if key in self.memo:  # the same values twice in a grid: the same answer
            return self.memo[key].model_copy(update={"variant": index + 1})
        row = self._evaluate(index, assignment)
        self.memo[key] = row
        return row

    def _evaluate(self, index: int, assignment: dict[str, Any]) -> VariantRow:
        spec = self.spec
        common = {"variant": index + 1, "values": assignment}
        try:
            data, book_data = apply_assignment(spec.scenario, spec.rulebook, assignment)
            scenario = validate(Scenario, data, file=None, error=ScenarioError)
            book = self.book if book_data is None else validate(Rulebook, book_data, file=None, error=RulebookError)
            differs = [f for f in self.grid.fields if _value_at(scenario, book, f) != self.base_values[f]]
            problem = build_problem(scenario, rulebook=book, holidays=spec.holidays, drop=spec.drop)
            outcome = _screen(problem) if spec.mode == "screen" else _plan(problem, spec.time_cap_s)
        except (InputError, SolverError) as exc:
            # Not validated: compared as data with the base's values.
            differs = [f for f in self.grid.fields if canonical(assignment[f]) != canonical(_jsonable(self.base_values[f]))]
            return VariantRow(**common, differs=differs, status="error", error=str(exc))
        return VariantRow(**common, differs=differs, **outcome)


_ABSENT = object()


def _value_at(scenario: Scenario, book: Rulebook, path: str) -> Any:
    """The validated value a path names (rulebook defaults included)."""
    head, _, rest = path.partition(".")
    if not rest:
        return getattr(scenario, head)
    if head == "facts":
        spec = book.facts.get(rest)
        return scenario.facts.get(rest, spec.default if spec else None)
    if head == "anchors":
        return scenario.anchors.get(rest, book.anchors.get(rest))
    if head == "events":
        return scenario.events.get(rest, _ABSENT)
    rules = {r.id: r for r in [*book.rules, *scenario.rules]}
    if rest in rules:
        return rules[rest]
    for rid in sorted(rules, key=len, reverse=True):
        if rest.startswith(rid + "."):
            return getattr(rules[rid], rest[len(rid) + 1:], None)
    return None  # the rule is left out in this variant


def _jsonable(value: Any) -> Any:
    if value is _ABSENT:
        return None
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return json_value(value)


def _margin_counts(rule) -> bool:
    """Whether a rule's slack is a margin that can vary: not a fixed date,
    an exact gap or a yes/no rule (their slack is 0 in every plan)."""
    if not rule.has_margin or isinstance(rule, OnDateRule):
        return False
    if isinstance(rule, GapRule) and rule.min_days is not None and rule.min_days == rule.max_days and rule.max_months is None:
        return False
    return rule.source in LEGAL_SOURCES


def _plan(problem: Problem, time_cap_s: float | None) -> dict:
    limit = min(problem.scenario.time_limit_s, time_cap_s or problem.scenario.time_limit_s)
    plan = plan_problem(problem, limit)  # `planner plan` itself: every plan verified by the checker
    if plan.status == "infeasible":
        why = plan.explanation
        return {
            "status": "infeasible",
            "conflicts": plan.conflicts,
            "days_short": why.conflicts[0].days_short if why.conflicts else None,
            "fix": next((f.text for f in why.fixes if f.allowed), None),
        }
    by_id = {r.id: r for r in plan.rules}
    margins = sorted((by_id[r.id].slack_days, r.id) for r in problem.rules
                     if _margin_counts(r) and by_id[r.id].status == "satisfied")
    return {
        "status": "feasible",
        "dates": plan.dates(),
        "margin": margins[0][0] if margins else None,
        "margin_rule": margins[0][1] if margins else None,
        # The same list as `planner explain` gives for a feasible scenario.
        "binding": sorted({r for e in plan.events for r in e.binding}),
    }


def _screen(problem: Problem) -> dict:
    # The windows exist exactly when the rules can all hold, so for a
    # feasible variant they are the one propagation needed.
    windows = event_windows(problem)
    if windows:
        return {"status": "feasible", "windows": windows}
    return {"status": "infeasible", "conflicts": minimal_conflicts(problem, MAX_CONFLICTS)}


# Workers keep prepared specs by key: a Dask worker or a process runs many chunks of one sweep.
_PREPARED: dict[str, _Prepared] = {}
_KEEP_PREPARED = 4


def forget_prepared(key: str | None = None) -> None:
    """Drop one prepared sweep (or all): a run must compute its rows, not
    find them remembered from an earlier run (or in a forked parent's memory)."""
    if key is None:
        _PREPARED.clear()
    else:
        _PREPARED.pop(key, None)


def evaluate_chunk(spec: SweepSpec, start: int, stop: int) -> list[VariantRow]:
    """Rows start+1 .. stop of the sweep (what each worker runs)."""
    prepared = _PREPARED.get(spec.key)
    if prepared is None:
        # A few at once: the HTTP service runs two sweeps side by side in threads.
        while len(_PREPARED) >= _KEEP_PREPARED:
            _PREPARED.pop(next(iter(_PREPARED)), None)
        prepared = _PREPARED[spec.key] = _Prepared(spec)
    return [prepared.row(i) for i in range(start, stop)]


# Building a spec from what the user gives ------------------------------------------------------


def _variations(vary: Any) -> list[Variation]:
    items = []
    if isinstance(vary, dict):
        for name, values in vary.items():
            try:
                items.append(Variation(field=name, values=list(values) if isinstance(values, (list, tuple)) else [values]))
            except ValidationError as exc:
                raise SweepError(f"{name}: {exc.errors()[0]['msg']}", field="--vary", path=str(name)) from None
    else:
        items = [v if isinstance(v, Variation) else parse_vary(v) for v in vary or ()]
    fields = [v.field for v in items]
    for name in fields:
        if fields.count(name) > 1:
            raise SweepError(f"{name} is varied twice", field="--vary", path=name)
    return items


def _base_data(scenario: str | Path | dict | Scenario) -> dict:
    """Raw scenario data, with its extends chain merged in."""
    if isinstance(scenario, Scenario):
        return scenario.model_dump(mode="json", exclude={"extends", "remove"})
    read = lambda p: read_yaml(p, error=ScenarioError)
    if isinstance(scenario, dict):
        return expand_extends(scenario, Path("."), None, read)
    path = Path(scenario)
    return expand_extends(read(path), path.parent, str(path), read)


def prepare_sweep(
    scenario: str | Path | dict | Scenario,
    vary: Any = (),
    *,
    mode: Mode | None = None,
    year: int | None = None,
    holidays: Iterable[date] = (),
    drop: Iterable[str] = (),
    rulebook: Rulebook | None = None,
    time_cap_s: float | None = None,
) -> tuple[SweepSpec, str, str]:
    """Check the base scenario and the variations (bad input raises before
    anything runs) and return the spec, the scenario's and rulebook's names.

    `scenario` may also be a sweep file (planner.studies.sweep.Sweep), whose `vary`
    comes before the given one and whose mode applies unless `mode` is given."""
    holidays, drop = tuple(holidays), tuple(drop)
    variations = _variations(vary)
    if isinstance(scenario, (str, Path)) and Path(scenario).suffix in (".yaml", ".yml"):
        data = read_yaml(Path(scenario), error=SweepError)
        if is_sweep_data(data):
            sweep, base = load_sweep(Path(scenario), data)
            variations = sweep.variations() + variations
            mode = mode or sweep.mode
            scenario = base
    mode = mode or "plan"
    if mode not in ("plan", "screen"):
        raise SweepError(f"mode must be plan or screen, not {mode!r}", field="--mode")
    if not variations:
        raise SweepError("nothing to vary; give --vary FIELD=V1,V2,...", field="--vary")
    size = math.prod(len(v.values) for v in variations)
    if size > MAX_VARIANTS:
        raise SweepError(f"{size} variants; a sweep runs at most {MAX_VARIANTS} (limit max_variants)", field="--vary")
    data = _base_data(scenario)
    if year is not None:
        data = {**data, "year": year}
    # The base must plan as given: its errors name the file and the field, as `planner plan` says them.
    base_problem = build_problem(scenario, year=year, holidays=holidays, drop=drop, rulebook=rulebook)
    book_data = base_problem.rulebook.model_dump(mode="json")
    for variation in variations:
        check_path(variation.field, data, book_data)
    key = hashlib.sha256(canonical([data, book_data, [v.model_dump() for v in variations], mode,
                                    [d.isoformat() if isinstance(d, date) else d.describe() for d in holidays], drop, time_cap_s]).encode()).hexdigest()
    spec = SweepSpec(data, book_data, tuple(variations), mode, holidays, drop, time_cap_s, key)
    return spec, base_problem.scenario.name, base_problem.rulebook.id


def base_values(spec: SweepSpec) -> dict[str, Any]:
    prepared = _Prepared(spec)
    return {f: _jsonable(v) for f, v in prepared.base_values.items()}
