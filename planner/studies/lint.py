"""`planner lint RULEBOOK`: what a reviewer would flag before trusting a
rulebook.

Errors (exit 1): rules that can never hold together, a bylaw looser than
its state's statute.  Warnings (exit 0): events no rule bounds, facts
declared and never used, a meeting date that can fall on a weekend or a
legal holiday with no roll, names that look like misspellings of the
standard vocabulary, two rules on the same events that disagree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.days.business_calendar import BusinessCalendar
from planner.days.dates import resolve
from planner.engine.problem import build_problem
from planner.errors import InputError
from planner.law.findings import find_conflicts
from planner.model.documents import Rulebook
from planner.model.loading import load_rulebook
from planner.model.vocabulary import IMPLIED_RULES, STANDARD_EVENTS, STANDARD_FACTS, closest_standard_name
from planner.outputs.render import text_table
from planner.verdicts.explanations import minimal_conflicts

__all__ = ["LintItem", "LintReport", "lint_rulebook", "render_lint"]

YEARS_TRIED = 11  # a date rule is tried in this many years


class LintItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    severity: Literal["error", "warning"]
    code: str = Field(description="conflict | looser_than_statute | unbound_event | unused_fact | weekend_date | "
                                  "misspelling | disagreeing_rules | no_dated_event")
    text: str
    rules: list[str] = Field(default_factory=list)


class LintReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    rulebook: str
    items: list[LintItem]

    @property
    def errors(self) -> list[LintItem]:
        return [i for i in self.items if i.severity == "error"]


def _scenario(book: Rulebook, year: int, facts: dict, incorporation: str | None, events: list[str],
              pin: bool) -> dict:
    # A meeting no rule dates (a special meeting) is put on a day of the year, so the rest can be checked.
    pinned = [{"id": "lint-meeting-day", "kind": "date_window", "cite": "planner lint", "summary": "A day to try.",
               "source": "operational", "event": "meeting", "not_before": f"{year}-06-01", "not_after": f"{year}-09-30"}]
    return {"schema_version": 1, "name": f"lint {book.id}", "rulebook": book.id, "year": year, "facts": facts,
            "events": {name: None for name in events}, "rules": pinned if pin else [],
            **({"incorporation": incorporation} if incorporation else {})}


def _problem(book: Rulebook, year: int, facts: dict, incorporation: str | None):
    """The rulebook planned with every event that can be linked to a date under `facts`."""
    events, pin = list(book.events), False
    for _ in range(len(book.events) + 2):
        try:
            return build_problem(_scenario(book, year, facts, incorporation, events, pin), rulebook=book), pin
        except InputError as exc:
            unlinked = re.search(r"links event '([^']+)'", exc.detail)
            if unlinked and unlinked.group(1) in events:
                events.remove(unlinked.group(1))
            elif "ties any event to a date" in exc.detail and not pin and "meeting" in book.events:
                pin = True
            else:
                raise
    raise InputError("cannot build a problem to lint", field="events")


def _fact_cases(book: Rulebook) -> list[dict]:
    """The default facts, then each other value of each fact alone."""
    cases = [{}]
    for name, spec in book.facts.items():
        cases += [{name: value} for value in spec.values if value != spec.default]
    return cases


def _conflicts(book: Rulebook, year: int, incorporation: str | None) -> tuple[list[LintItem], list]:
    items, problems, seen = [], [], set()
    for facts in _fact_cases(book):
        problem, pinned = _problem(book, year, facts, incorporation)
        if pinned and not facts and "no-date" not in seen:
            seen.add("no-date")
            items.append(LintItem(severity="warning", code="no_dated_event",
                                  text="no rule puts the annual meeting on a date or in a window: each scenario must"))
        problems.append(problem)
        for conflict in minimal_conflicts(problem, 1):
            key = tuple(sorted(conflict))
            if key in seen:
                continue
            seen.add(key)
            when = ", ".join(f"{k}={v}" for k, v in facts.items()) or "the default facts"
            items.append(LintItem(severity="error", code="conflict", rules=list(conflict),
                                  text=f"these rules can never hold together under {when}: {', '.join(conflict)}"))
    return items, problems


def _statute(problems: list) -> list[LintItem]:
    items, seen = [], set()
    for problem in problems:
        for finding in find_conflicts(problem):
            if finding.id in seen:
                continue
            seen.add(finding.id)
            severity = "warning" if finding.kind in ("declared", "disagreeing_sections") else "error"
            code = "disagreeing_rules" if finding.kind == "disagreeing_sections" else "looser_than_statute"
            items.append(LintItem(severity=severity, code=code, text=finding.text,
                                  rules=[r for r in (finding.bylaw_rule, finding.rule) if r]))
    return items


def _unbound_events(book: Rulebook) -> list[LintItem]:
    used = {e for rule in book.rules for e in rule.events()}
    linked = used | {e for r in IMPLIED_RULES if r.before in used or r.after in used for e in (r.before, r.after)}
    return [LintItem(severity="warning", code="unbound_event", text=f"event {name!r} is bound by no rule")
            for name in book.events if name not in linked]


def _unused_facts(book: Rulebook) -> list[LintItem]:
    used = {fact for rule in book.rules for fact in rule.when}
    used |= {fact for off in book.implied_off.values() for fact in off.when}
    return [LintItem(severity="warning", code="unused_fact", text=f"fact {name!r} is declared and never used")
            for name in book.facts if name not in used]


def _misspellings(book: Rulebook) -> list[LintItem]:
    items = []
    for kind, names, standard in (("event", book.events, STANDARD_EVENTS), ("fact", book.facts, STANDARD_FACTS)):
        for name in names:
            close = closest_standard_name(name, standard)
            if close:
                items.append(LintItem(severity="warning", code="misspelling",
                                      text=f"{kind} {name!r} looks like the standard {kind} {close!r}; "
                                           f"with the standard name the engine's meaning and implied rules apply"))
    return items


def _weekend_dates(book: Rulebook, year: int) -> list[LintItem]:
    items = []
    subdiv = book.jurisdiction.subdiv
    years = range(year, year + YEARS_TRIED)
    calendar = BusinessCalendar(book.jurisdiction.country, subdiv, range(year - 1, year + YEARS_TRIED + 1))
    for rule in book.rules:
        if rule.kind != "on_date" or "meeting" not in rule.events():
            continue
        expr = rule.date_exprs()[0]
        if expr.roll in ("next_business_day", "previous_business_day"):
            continue  # the other rolls keep weekends ("the next day that is not a legal holiday")
        bad = []
        for y in years:
            try:
                day = resolve(expr, y, book.anchors, calendar)
            except InputError:
                continue
            if day.weekday() >= 5 or calendar.holiday_name(day):
                bad.append(f"{day:%a %Y-%m-%d}" + (f" ({calendar.holiday_name(day)})" if calendar.holiday_name(day) else ""))
        if bad:
            items.append(LintItem(severity="warning", code="weekend_date", rules=[rule.id],
                                  text=f"{rule.id} ({rule.cite}) puts the meeting on a weekend or legal holiday "
                                       + ("with no roll" if expr.roll == "none" else f"(its roll, {expr.roll}, keeps it there)")
                                       + f": {', '.join(bad)}"))
    return items


def lint_rulebook(ref: str | Path | dict | Rulebook, *, incorporation: str | None = None, year: int | None = None) -> LintReport:
    """The reviewer's list for a rulebook, errors first."""
    book = load_rulebook(ref)
    year = year or dt.date.today().year
    conflicts, problems = _conflicts(book, year, incorporation)
    items = [*conflicts, *_statute(problems), *_unbound_events(book), *_unused_facts(book), *_misspellings(book),
             *_weekend_dates(book, year)]
    items.sort(key=lambda i: i.severity != "error")
    return LintReport(rulebook=book.id, items=items)


def render_lint(report: LintReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.model_dump(), indent=2) + "\n"
    head = (f"rulebook {report.rulebook}: {len(report.errors)} errors, "
            f"{len(report.items) - len(report.errors)} warnings\n")
    if not report.items:
        return head
    rows = [[i.severity, i.code, i.text] for i in report.items]
    return head + "\n" + text_table(["severity", "what", "finding"], rows) + "\n"
