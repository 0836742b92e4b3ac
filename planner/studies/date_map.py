"""Meeting-date maps: for every day of a year, whether the whole scenario can
be planned with the meeting on that day, and if not, which rules stop it.

The map asks which dates the board could choose, so the scenario's own
rules that date the meeting (its ``on_date`` and ``date_window`` rules on
the meeting, the board's pick) are set aside.  The bylaws' rules stay,
including a by-law date such as Williams' "last Wednesday of April" (then it
is what blocks every other day); ``fixed_date="set_aside"`` drops such
``on_date`` rules too, for a board that may resolve otherwise (Cleco, Art.
II §3) or amend the by-law.

Each day is decided by the exact propagation (planner.engine.propagation) on one
problem built once for the year, with the meeting pinned to the day; an
infeasible day gets one minimal conflict (planner.verdicts.explanations), and the
rules in it other than the pin are the ones that block the day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.days.dates import DateExpr
from planner.model.documents import Rulebook, Scenario
from planner.errors import ScenarioError
from planner.verdicts.explanations import minimal_conflicts
from planner.model.loading import load_scenario_and_rulebook
from planner.engine.problem import Problem, not_applicable_reason, build_problem
from planner.engine.propagation import Propagator
from planner.outputs.safe_text import csv_safe_frame
from planner.rules import RuleBase
from planner.rules.base import RuleSource
from planner.rules.date_window import DateWindowRule
from planner.rules.on_date import OnDateRule

__all__ = [
    "date_map",
    "DateMap",
    "DateMapDay",
    "MapRule",
    "Category",
    "FixedDate",
    "PIN_ID",
    "YEAR_WINDOW_ID",
    "render_map",
    "CATEGORY_TEXT",
]

PIN_ID = "date-map-pin"  # the meeting on the day being mapped
YEAR_WINDOW_ID = "date-map-year"  # bounds the horizon to the year; never checked
FixedDate = Literal["keep", "set_aside"]
Category = Literal["feasible", "fixed_date", "legal", "lead_time"]
CATEGORY_TEXT: dict[str, str] = {
    "feasible": "a calendar exists",
    "fixed_date": "the bylaws fix another date",
    "legal": "bylaw or statute limits alone",
    "lead_time": "the scenario's lead times with the bylaws",
}
_MEETING_DATE_KINDS = (OnDateRule, DateWindowRule)
_REUSE = 4  # earlier days' conflicts tried before a new deletion pass


class MapRule(BaseModel):
    """A rule the map names: as blocking a day, or as set aside."""

    model_config = ConfigDict(frozen=True)

    id: str
    cite: str
    source: RuleSource
    kind: str
    text: str = Field(description="The rule's arithmetic in one line.")

    @classmethod
    def of(cls, rule: RuleBase) -> "MapRule":
        return cls(id=rule.id, cite=rule.cite, source=rule.source, kind=rule.kind, text=rule.describe())


class DateMapDay(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: dt.date
    weekday: str
    feasible: bool
    category: Category = Field(description="feasible, or what kind of rule blocks the day (see README).")
    blocking: list[str] = Field(
        default_factory=list,
        description="For an infeasible day: the rules of a minimal conflict with the meeting pinned there, the pin left out.",
    )
    holiday: str | None = Field(None, description="The legal holiday or closure on this day, if any (marked on the chart).")


class DateMap(BaseModel):
    """Every day of a year as a candidate meeting date."""

    model_config = ConfigDict(frozen=True)

    scenario: str
    rulebook: str
    year: int
    event: str = Field(description="The event pinned to each day (the meeting).")
    fixed_date: FixedDate
    set_aside: list[MapRule] = Field(
        default_factory=list,
        description="Rules not applied: the scenario's own choice of date, and the bylaws' fixed date when set aside.",
    )
    rules: dict[str, MapRule] = Field(default_factory=dict, description="Every rule named in a day's blocking list.")
    days: list[DateMapDay]

    def feasible_dates(self) -> list[dt.date]:
        return [d.date for d in self.days if d.feasible]

    def day(self, when: dt.date) -> DateMapDay:
        return next(d for d in self.days if d.date == when)

    def cites(self, day: DateMapDay) -> list[str]:
        return [self.rules[r].cite for r in day.blocking]

    def to_frame(self):
        """One row per day (pandas)."""
        import pandas as pd

        rows = [
            {
                "date": pd.Timestamp(d.date), "weekday": d.weekday, "feasible": d.feasible,
                "category": d.category, "blocking": ", ".join(d.blocking), "cites": " / ".join(self.cites(d)),
            }
            for d in self.days
        ]
        return pd.DataFrame(rows, columns=["date", "weekday", "feasible", "category", "blocking", "cites"])

    def runs_frame(self):
        """Consecutive days with the same verdict and blocking rules, one row each (pandas)."""
        import pandas as pd

        rows: list[dict] = []
        for d in self.days:
            if rows and rows[-1]["feasible"] == d.feasible and rows[-1]["_blocking"] == d.blocking \
                    and (d.date - rows[-1]["to"]).days == 1:
                rows[-1]["to"] = d.date
                rows[-1]["days"] += 1
                continue
            rows.append({"from": d.date, "to": d.date, "days": 1, "feasible": d.feasible, "category": d.category,
                         "_blocking": d.blocking, "blocking": ", ".join(d.blocking) or "-",
                         "cites": " / ".join(self.cites(d)) or "-"})
        frame = pd.DataFrame(rows, columns=["from", "to", "days", "feasible", "category", "blocking", "cites", "_blocking"])
        return frame.drop(columns="_blocking")


def _meeting_date_rules(rules: Iterable[RuleBase], event: str) -> list[RuleBase]:
    return [r for r in rules if isinstance(r, _MEETING_DATE_KINDS) and r.event == event]


def _category(blocking: list[RuleBase], fixed: set[str]) -> Category:
    if any(r.id in fixed for r in blocking):
        return "fixed_date"
    if any(r.source in ("operational", "preference") for r in blocking):
        return "lead_time"
    return "legal"


def date_map(
    scenario: str | Path | dict | Scenario,
    *,
    year: int | None = None,
    holidays: Iterable[dt.date] = (),
    drop: Iterable[str] = (),
    fixed_date: FixedDate = "keep",
    event: str = "meeting",
    rulebook: str | Path | dict | Rulebook | None = None,
) -> DateMap:
    """For each day of `year` (default: the scenario's), whether the scenario
    plans with `event` on that day, and the rules that block it if not.
    `rulebook` replaces the scenario's, as in build_problem."""
    if fixed_date not in ("keep", "set_aside"):
        raise ScenarioError(f"{fixed_date!r} is not keep or set_aside", field="fixed_date")
    model, book, source = load_scenario_and_rulebook(scenario, rulebook)
    plan_year = model.year if year is None else year
    if event not in book.events and event not in model.events:
        raise ScenarioError(f"no event {event!r} to map", file=source, field="event")
    # The scenario's own date for the meeting is the choice the map replaces;
    # scenario rules of legal source (an overlay) stay.
    choice = [r for r in _meeting_date_rules(model.rules, event) if r.source in ("operational", "preference")]
    fixed = [r for r in _meeting_date_rules(book.rules, event) if isinstance(r, OnDateRule)]
    fixed += [r for r in _meeting_date_rules(model.rules, event) if isinstance(r, OnDateRule) and r not in choice]
    aside = choice + (fixed if fixed_date == "set_aside" else [])
    window = DateWindowRule(
        id=YEAR_WINDOW_ID, source="operational", cite="Date map: the year mapped",
        summary="The meeting falls in the year being mapped (sets the planning horizon only).",
        event=event, not_before=DateExpr(day=dt.date(plan_year, 1, 1)), not_after=DateExpr(day=dt.date(plan_year, 12, 31)),
    )
    widened = model.model_copy(update={"rules": [*model.rules, window]})
    drop = [*drop, *(r.id for r in aside)]
    try:
        base = build_problem(widened, year=plan_year, holidays=holidays, drop=drop, rulebook=book)
    except ScenarioError as exc:
        raise type(exc)(exc.detail, file=exc.file or source, field=exc.field, keys=exc.keys, line=exc.line) from None
    if event not in base.events:
        raise ScenarioError(f"event {event!r} is not planned in this scenario", file=source, field="event")
    # Report as set aside only what would otherwise apply (Cleco's by-law
    # date does not once the board has resolved otherwise).
    aside = [r for r in aside if not_applicable_reason(r, base.facts, base.events) is None]
    rules = [r for r in base.rules if r.id != YEAR_WINDOW_ID]
    by_id = {r.id: r for r in rules}
    fixed_ids = {r.id for r in fixed} if fixed_date == "keep" else set()
    days, named, known = [], {}, []
    base.days  # built once here, shared by every day's problem
    first = dt.date(plan_year, 1, 1)
    for n in range((dt.date(plan_year + 1, 1, 1) - first).days):
        day = first + dt.timedelta(days=n)
        blocking = _blocking(base, rules, event, day, known)
        holiday = base.calendar.holiday_name(day)
        if blocking is None:
            days.append(DateMapDay(date=day, weekday=day.strftime("%A"), feasible=True, category="feasible",
                                   holiday=holiday))
            continue
        specs = [by_id[r] for r in blocking]
        named.update((r.id, MapRule.of(r)) for r in specs)
        days.append(DateMapDay(date=day, weekday=day.strftime("%A"), feasible=False,
                               category=_category(specs, fixed_ids), blocking=blocking, holiday=holiday))
    return DateMap(
        scenario=model.name, rulebook=book.id, year=plan_year, event=event, fixed_date=fixed_date,
        set_aside=[MapRule.of(r) for r in aside], rules=dict(sorted(named.items())), days=days,
    )


def _blocking(base: Problem, rules: list[RuleBase], event: str, day: dt.date, known: list[list[str]]) -> list[str] | None:
    """None if the problem plans with `event` on `day`; else the rules of a
    minimal conflict other than the pin.  `known` holds the conflicts of
    earlier days, most recent first: neighbouring days mostly share one, and
    checking that it is still a minimal conflict costs a few propagations
    where a deletion pass costs one per rule."""
    pin = OnDateRule(
        id=PIN_ID, source="operational", cite="Date map: the day tried",
        summary="The meeting on the day being mapped.", event=event, date=DateExpr(day=day),
    )
    # The problem shares the base's calendar, day arithmetic and horizon
    # (which spans the whole year): building a problem costs about 40 ms,
    # a propagation well under one.
    pinned = dataclasses.replace(base, rules=[*rules, pin])
    propagator = Propagator(pinned)
    if propagator.feasible(list(propagator.bounds)):
        return None
    for conflict in known[:_REUSE]:
        if not propagator.feasible(conflict) and all(
            propagator.feasible([r for r in conflict if r != left_out]) for left_out in conflict
        ):
            found = conflict
            break
    else:
        found = minimal_conflicts(pinned, limit=1)[0]
    if found in known:
        known.remove(found)
    known.insert(0, found)
    return [r for r in found if r != PIN_ID]


def render_map(found: DateMap, fmt: Literal["table", "csv", "json", "markdown"]) -> str:
    """Runs of days for people (table, Markdown); one row per day for
    programs (CSV) and the whole model as JSON."""
    if fmt == "json":
        return found.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        frame = found.to_frame()
        from planner.outputs.render import CSV_BOM

        return CSV_BOM + csv_safe_frame(frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))).to_csv(index=False)
    runs = found.runs_frame()
    runs["feasible"] = runs["feasible"].map({True: "feasible", False: "blocked"})
    runs["category"] = runs["category"].map(CATEGORY_TEXT)
    feasible = len(found.feasible_dates())
    head = [f"{found.scenario} ({found.year}), rulebook {found.rulebook}: {feasible} of {len(found.days)} days "
            f"feasible for the {found.event}"]
    if found.set_aside:
        head.append("set aside: " + "; ".join(f"{r.id} ({r.cite}): {r.text}" for r in found.set_aside))
    if fmt == "markdown":
        body = runs.to_markdown(index=False)
    else:
        from planner.outputs.render import text_table

        body = text_table(list(runs.columns), [[str(v) for v in row] for row in runs.itertuples(index=False)])
    return "\n".join(head) + "\n\n" + body + "\n"
