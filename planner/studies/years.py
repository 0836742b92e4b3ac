"""Several years at once: consecutive annual cycles, each planned after the
one before, so that rules linking years count from the dates actually
planned.

Anchor convention: an anchor named in LINKED_ANCHORS (``last_annual_meeting``)
is, from the second cycle on, the date the previous cycle planned for the
named event (its meeting), given as an exact date.  The first cycle uses the
scenario's anchor, or else the rulebook's default (a placeholder: the
result says so).  Other anchors are written relative to the plan year (the
fiscal year end is "December 31" of the year before), so they move with each
cycle on their own.

If a cycle has no calendar and the rules use a linked anchor, the later
cycles are not planned: the date their limits count from does not exist.
When nothing links the years, every year is planned on its own.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.verdicts.answers import plan_problem
from planner.days.dates import DateExpr
from planner.model.documents import Rulebook, Scenario
from planner.errors import InputError, MissingDateError, ScenarioError
from planner.model.limits import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from planner.model.loading import load_scenario_and_rulebook
from planner.engine.problem import Problem, build_problem
from planner.outputs.render import CSV_BOM, text_table
from planner.outputs.safe_text import csv_safe_frame
from planner.verdicts.results import Plan
from planner.verdicts.solve import SolverError

__all__ = ["plan_years", "YearsPlan", "Cycle", "LINKED_ANCHORS", "MAX_CYCLES", "parse_years", "render_years"]

# Anchor -> the event of the previous cycle whose planned date it becomes.
LINKED_ANCHORS = {"last_annual_meeting": "meeting"}
MAX_CYCLES = 25


class LinkedAnchor(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: dt.date
    source: str = Field(description="'plan of YYYY', 'scenario', or 'rulebook default' (a placeholder).")


class Cycle(BaseModel):
    model_config = ConfigDict(frozen=True)

    year: int
    status: Literal["feasible", "infeasible", "not_planned"]
    anchors: dict[str, LinkedAnchor] = Field(default_factory=dict, description="Linked anchors as this cycle used them.")
    plan: Plan | None = None
    reason: str | None = Field(None, description="Why a cycle was not planned.")


class YearsPlan(BaseModel):
    """Consecutive annual cycles of one scenario."""

    model_config = ConfigDict(frozen=True)

    scenario: str
    rulebook: str
    first: int
    last: int
    linked: list[str] = Field(default_factory=list, description="Linked anchors that applicable rules use.")
    cycles: list[Cycle]

    @property
    def ok(self) -> bool:
        return all(c.status == "feasible" for c in self.cycles)

    def plans(self) -> list[Plan]:
        return [c.plan for c in self.cycles if c.plan is not None]

    def to_frame(self):
        """Every cycle's calendar in one table (pandas), by year and date."""
        import pandas as pd

        frames = []
        for cycle in self.cycles:
            if cycle.plan is not None and cycle.status == "feasible":
                frame = cycle.plan.to_frame()
                frame.insert(0, "year", cycle.year)
                frames.append(frame)
        columns = ["year", "date", "weekday", "event", "kind", "label", "binding", "rules"]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def parse_years(text: str) -> range:
    """'2027-2031' (or '2027') as a range of plan years."""
    first, _, last = text.strip().partition("-")
    try:
        start, stop = int(first), int(last or first)
    except ValueError:
        raise InputError(f"{text!r} is not a year range such as 2027-2031", field="--years") from None
    if not FIRST_PLAN_YEAR <= start <= stop <= LAST_PLAN_YEAR:
        raise InputError(f"{text!r}: years run from {FIRST_PLAN_YEAR} to {LAST_PLAN_YEAR}, first to last", field="--years")
    if stop - start + 1 > MAX_CYCLES:
        raise InputError(f"{text!r}: at most {MAX_CYCLES} years at once", field="--years")
    return range(start, stop + 1)


def _anchor_names(expr: DateExpr, anchors: dict[str, DateExpr], seen: tuple[str, ...] = ()) -> set[str]:
    """The anchors a date refers to, directly or through other anchors."""
    if expr.anchor is None or expr.anchor in seen or expr.anchor not in anchors:
        return set()
    return {expr.anchor} | _anchor_names(anchors[expr.anchor], anchors, seen + (expr.anchor,))


def _linked_in_use(problem: Problem) -> list[str]:
    used = {n for rule in problem.rules for e in rule.date_exprs() for n in _anchor_names(e, problem.anchors)}
    return sorted(used & set(LINKED_ANCHORS))


def plan_years(
    scenario: str | Path | dict | Scenario,
    years: Iterable[int] | str,
    *,
    holidays: Iterable[dt.date] = (),
    drop: Iterable[str] = (),
    rulebook: str | Path | dict | Rulebook | None = None,
    incorporation: str | None = None,
    listing: str | None = None,
    packs: Iterable[str] | None = None,
    deadline: float | None = None,
    facts: dict | None = None,
) -> YearsPlan:
    """Plan the scenario for each of `years` (consecutive), in order, each
    cycle's linked anchors taken from the plan before it.  `years` may be
    written as on the command line ("2027-2031")."""
    years = parse_years(years) if isinstance(years, str) else years
    years, holidays, drop = list(years), tuple(holidays), tuple(drop)
    if not years or years != list(range(years[0], years[0] + len(years))):
        raise InputError("give consecutive years, first to last", field="years")
    if len(years) > MAX_CYCLES:
        raise InputError(f"at most {MAX_CYCLES} years at once", field="years")
    model, book, source = load_scenario_and_rulebook(scenario, rulebook)
    if facts:  # --fact NAME=VALUE: every cycle's
        model = model.model_copy(update={"facts": {**model.facts, **facts}})
    if "meeting_type" in book.facts and model.facts.get("meeting_type", book.facts["meeting_type"].default) != "annual":
        raise ScenarioError("several years plan annual meetings; set meeting_type: annual", file=source, field="facts.meeting_type")

    cycles: list[Cycle] = []
    carried: dict[str, LinkedAnchor] = {}
    linked: set[str] = set()
    stopped: str | None = None
    for year in years:
        if deadline is not None and time.monotonic() > deadline:
            # The HTTP service's request limit: stop between cycles, not in the middle of one.
            raise SolverError(f"stopped at the time limit after {len(cycles)} of {len(years)} years")
        if stopped:
            cycles.append(Cycle(year=year, status="not_planned", reason=stopped))
            continue
        given = {name: DateExpr(day=a.date) for name, a in carried.items()}
        variant = model.model_copy(update={"anchors": {**model.anchors, **given}})
        try:
            problem = build_problem(variant, year=year, holidays=holidays, drop=drop, rulebook=book,
                                    incorporation=incorporation, listing=listing, packs=packs)
            in_use = _linked_in_use(problem)
            anchors = {name: carried.get(name) or _first_anchor(problem, model, name) for name in in_use}
            plan = plan_problem(problem)
        except MissingDateError as exc:
            # "The fifth Wednesday of April" in a year with four: that year
            # has no calendar under the rule; the other years still do.
            cycles.append(Cycle(year=year, status="not_planned", reason=f"no such day: {exc.detail}"))
            if linked or _links_years(variant, book):
                stopped = f"{year} has no calendar, so the date that the last meeting stands for is unknown"
                carried = {}
            continue
        except InputError as exc:
            raise type(exc)(exc.detail, file=exc.file or source, field=exc.field, keys=exc.keys, line=exc.line) from None
        linked.update(in_use)
        cycles.append(Cycle(year=year, status=plan.status, anchors=anchors, plan=plan))
        if plan.status == "feasible":
            dates = plan.dates()
            carried = {
                name: LinkedAnchor(date=dates[event], source=f"plan of {year}")
                for name, event in LINKED_ANCHORS.items() if event in dates and name in problem.anchors
            }
        elif in_use:
            stopped = (f"{year} has no calendar, so the date that {', '.join(in_use)} stands for "
                       f"(the last meeting) is unknown")
    return YearsPlan(
        scenario=model.name, rulebook=book.id, first=years[0], last=years[-1], linked=sorted(linked), cycles=cycles,
    )


def _links_years(model: Scenario, book: Rulebook) -> bool:
    """Whether the rulebook's or the scenario's rules use a linked anchor
    (asked when a cycle could not even be built, so its rules are unknown)."""
    anchors = {**book.anchors, **model.anchors}
    names = {n for r in [*book.rules, *model.rules] for e in r.date_exprs() for n in _anchor_names(e, anchors)}
    return bool(names & set(LINKED_ANCHORS))


def _first_anchor(problem: Problem, model: Scenario, name: str) -> LinkedAnchor:
    origin = "scenario" if name in model.anchors else "rulebook default"
    return LinkedAnchor(date=problem.resolve(DateExpr(anchor=name)), source=origin)


def render_years(result: YearsPlan, fmt: Literal["table", "json", "csv"]) -> str:
    """The cycles as one table (text or CSV), or the whole model as JSON."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    frame = result.to_frame()
    if fmt == "csv":
        buffer = io.StringIO()
        frame = frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))
        csv_safe_frame(frame).to_csv(buffer, index=False)
        return CSV_BOM + buffer.getvalue()
    out = [f"{result.scenario}, {result.first}-{result.last}, rulebook {result.rulebook}: "
           + ("EVERY YEAR PLANNED" if result.ok else "NOT EVERY YEAR PLANNED")]
    rows = []
    for cycle in result.cycles:
        anchors = "; ".join(f"{n} = {a.date} ({a.source})" for n, a in cycle.anchors.items()) or "-"
        detail = cycle.reason or ""
        if cycle.status == "infeasible" and cycle.plan is not None:
            detail = "conflict: " + ", ".join(cycle.plan.conflicts[0]) if cycle.plan.conflicts else "no calendar"
        rows.append([str(cycle.year), cycle.status.replace("_", " "), anchors, detail or "-"])
    out += ["", text_table(["year", "status", "linked anchors", "why not"], rows)]
    events = []
    for cycle in result.cycles:
        if cycle.plan is None or cycle.status != "feasible":
            continue
        by_id = {r.id: r for r in cycle.plan.rules}
        for e in cycle.plan.events:
            if e.date:
                binding = "; ".join(f"{by_id[r].cite} ({r})" for r in e.binding) or "-"
                events.append([str(cycle.year), e.date.isoformat(), e.weekday[:3], e.label, binding])
    if events:
        out += ["", text_table(["year", "date", "day", "what to do", "binding rule (no margin left)"], events)]
    return "\n".join(out) + "\n"
