"""A scenario joined to its rulebook: the events to plan, the rules that
apply, the facts the planner must pick, the calendar and the horizon.

Both the solver (``solve``) and the solver-free checker (``check``) start
from a :class:`Problem`, so they agree on what applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Mapping

from planner.days.business_calendar import BusinessCalendar, DayArithmetic
from planner.days.dates import DateExpr, closure_day, resolve
from planner.model.documents import CHOOSE, EventSpec, FactSpec, Rulebook, Scenario, event_names
from planner.errors import DateExpressionError, HorizonError, InputError, RulebookError, ScenarioError, rule_ref
from planner.model.loading import load_rulebook, load_scenario
from planner.model.layering import AppliedPack, merge_packs, overlay, rule_layer, select_packs
from planner.model.packs import Pack
from planner.rules import RuleBase
from planner.rules.base import FactValue

__all__ = ["not_applicable_reason", "Problem", "Skipped", "build_problem", "MAX_HORIZON_DAYS"]

MAX_HORIZON_DAYS = 3700  # about ten years: anything longer is a mistake in the input
MAX_YEARS_AWAY = 50  # a date this far from the plan year is a typo, not a plan


@dataclass(frozen=True)
class Skipped:
    rule: RuleBase
    status: str  # "not_applicable" | "waived"
    reason: str


@dataclass
class Problem:
    scenario: Scenario
    rulebook: Rulebook
    source: str | None
    year: int
    calendar: BusinessCalendar
    events: dict[str, EventSpec]
    rules: list[RuleBase]  # applicable, not waived
    skipped: list[Skipped]
    facts: dict[str, FactValue]  # fixed facts
    choices: dict[str, list[FactValue]]  # facts the planner picks
    origin: date = date.min
    horizon: int = 0
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # event -> (first, last) day offset
    # The run's options, so that variants of the problem can be built alike.
    extra_holidays: tuple[date | DateExpr, ...] = ()  # an ISO date, or a yearly date resolved in the plan year
    dropped: tuple[str, ...] = ()
    # The rule packs layered on the rulebook, and which pack each rule came from.
    packs: list[AppliedPack] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # rule id -> pack id
    fact_specs: dict[str, FactSpec] = field(default_factory=dict)  # the rulebook's and the packs' facts

    @property
    def event_names(self) -> dict[str, str]:
        """Event id -> the words a rule's text uses for it (its label)."""
        return event_names(self.events)

    def variant(self, facts: dict[str, FactValue]) -> "Problem":
        """The same problem with some facts changed."""
        scenario = self.scenario.model_copy(update={"facts": {**self.scenario.facts, **facts}})
        return build_problem(scenario, year=self.year, holidays=self.extra_holidays, drop=self.dropped, rulebook=self.rulebook)
    _resolved: dict[DateExpr, date] = field(default_factory=dict)
    _days: DayArithmetic | None = None
    _federal_days: DayArithmetic | None = None
    _federal_calendar: tuple[BusinessCalendar, BusinessCalendar] | None = None

    def resolve(self, expr: DateExpr) -> date:
        if expr not in self._resolved:
            try:
                day = resolve(expr, self.year, self.anchors, self.calendar)
            except InputError as exc:
                raise ScenarioError(exc.detail, file=self.source, field=f"date {expr.describe()!r}") from None
            if abs(day.year - self.year) > MAX_YEARS_AWAY:
                raise ScenarioError(
                    f"{day} is more than {MAX_YEARS_AWAY} years from the plan year {self.year}",
                    file=self.source, field=f"date {expr.describe()!r}",
                )
            self._resolved[expr] = day
        return self._resolved[expr]

    @property
    def days(self) -> DayArithmetic:
        """Day-offset arithmetic for this problem, shared by the CP-SAT
        compiler and the propagation; built once, on first use.

        It covers the horizon, the propagation's frame of one horizon either
        side, and a year beyond that for business-day counts."""
        if self._days is None:
            self._days = DayArithmetic(self.calendar, self.origin, -self.horizon - 366, 2 * self.horizon + 366)
        return self._days

    @property
    def federal_calendar(self) -> BusinessCalendar:
        """The SEC's business days: the country's (federal) holidays, no
        state's, and the run's closures."""
        cached = self._federal_calendar
        if cached is None or cached[0] is not self.calendar:  # built for this problem's calendar
            federal = BusinessCalendar(self.calendar.country, None, self.calendar.years, self.calendar.closures)
            self._federal_calendar = cached = (self.calendar, federal)
        return cached[1]

    def counts_federal_days(self, rule: RuleBase) -> bool:
        """SEC rules count SEC business days (federal), not the state's: a
        state may work on Washington's Birthday, the SEC does not."""
        return self.layer(rule) == "securities"

    def days_for(self, rule: RuleBase) -> DayArithmetic:
        """The day arithmetic a rule counts business days with."""
        if not self.counts_federal_days(rule):
            return self.days
        if self._federal_days is None:
            self._federal_days = DayArithmetic(self.federal_calendar, self.origin, -self.horizon - 366, 2 * self.horizon + 366)
        return self._federal_days

    @property
    def anchors(self) -> dict[str, DateExpr]:
        # The company's own dates (rulebook, scenario) override a pack's placeholders.
        packs = {name: expr for p in self.packs for name, expr in p.pack.anchors.items()}
        return {**packs, **self.rulebook.anchors, **self.scenario.anchors}

    def pack_of(self, rule: RuleBase) -> Pack | None:
        """The pack a rule came from; None for the rulebook's and the scenario's rules."""
        pack_id = self.origins.get(rule.id)
        return next((p.pack for p in self.packs if p.pack.id == pack_id), None) if pack_id else None

    def layer(self, rule: RuleBase) -> str:
        """statute, securities, exchange (a pack's hard rules), or the rule's source."""
        return rule_layer(rule, self.pack_of(rule))

    def conditions(self, rule: RuleBase) -> list[tuple[str, list[FactValue]]]:
        """The picked facts a rule depends on: (fact, values under which it applies)."""
        return [
            (fact, wanted if isinstance(wanted, list) else [wanted])
            for fact, wanted in rule.when.items()
            if fact in self.choices
        ]

    def all_rules(self) -> list[RuleBase]:
        return [*self.rulebook.rules, *(r for p in self.packs for r in p.pack.rules), *self.scenario.rules]

    def rule(self, rule_id: str) -> RuleBase:
        for rule in self.all_rules():
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _fact_values(specs: dict[str, FactSpec], rulebook: Rulebook, scenario: Scenario, source: str | None):
    fixed: dict[str, FactValue] = {}
    choices: dict[str, list[FactValue]] = {}
    for name in scenario.facts:
        if name not in specs:
            raise ScenarioError(
                f"unknown fact; rulebook {rulebook.id} and its packs have {sorted(specs) or 'none'}",
                file=source, field=f"facts.{name}",
            )
    for name, spec in specs.items():
        value = scenario.facts.get(name, spec.default)
        if value is None:
            raise ScenarioError(f"must be set; one of {spec.values}", file=source, field=f"facts.{name}")
        if value == CHOOSE or isinstance(value, list):
            options = list(spec.values) if value == CHOOSE else value
            bad = [v for v in options if v not in spec.values]
            if bad or not options:
                raise ScenarioError(f"{bad or options} not among {spec.values}", file=source, field=f"facts.{name}")
            if len(options) == 1:
                fixed[name] = options[0]
            else:
                choices[name] = options
        elif value not in spec.values:
            raise ScenarioError(f"{value!r} is not one of {spec.values}", file=source, field=f"facts.{name}")
        else:
            fixed[name] = value
    return fixed, choices


def _planned_events(rulebook: Rulebook, packs: list[AppliedPack], scenario: Scenario, source: str | None) -> dict[str, EventSpec]:
    # A rulebook's own label for an event beats a pack's generic one.
    catalog = {name: spec for p in packs for name, spec in p.pack.events.items()} | dict(rulebook.events)
    events = {name: spec for name, spec in catalog.items() if spec.required}
    for name, spec in scenario.events.items():
        if spec is None:
            if name not in catalog:
                raise ScenarioError(
                    f"not a rulebook or pack event ({', '.join(catalog)}); give it a kind and a label",
                    file=source, field=f"events.{name}",
                )
            events[name] = catalog[name]
        elif name in rulebook.events:
            raise ScenarioError("already a rulebook event; list it with no body", file=source, field=f"events.{name}")
        else:
            # The scenario's own words for an event a pack also declares are kept
            # (the base seed scenarios describe their broker search themselves).
            events[name] = spec
    return events


def build_problem(
    scenario: str | Path | dict | Scenario,
    *,
    year: int | None = None,
    holidays: Iterable[date | str | DateExpr] = (),
    drop: Iterable[str] = (),
    rulebook: str | Path | dict | Rulebook | None = None,
    facts: Mapping[str, FactValue] | None = None,
    incorporation: str | None = None,
    listing: str | None = None,
    packs: Iterable[str] | None = None,
) -> Problem:
    """Join a scenario with its rulebook, apply --year/--holiday/--drop/--fact
    and --incorporation/--listing/--pack (which override the scenario's own)."""
    try:
        holidays = tuple(closure_day(day) for day in holidays)
    except DateExpressionError as exc:
        raise InputError(exc.detail, field="holidays") from None
    drop = tuple(drop)
    model, folder = load_scenario(scenario)
    source = str(scenario) if isinstance(scenario, (str, Path)) else None
    model = overlay(model, incorporation, listing, packs)
    if facts:  # --fact NAME=VALUE over the scenario's facts, checked against the rulebook's below
        model = model.model_copy(update={"facts": {**model.facts, **facts}})
    try:
        book = load_rulebook(rulebook if rulebook is not None else model.rulebook, relative_to=folder)
    except InputError as exc:
        if exc.file is None:  # say which scenario named the rulebook
            raise type(exc)(exc.detail, file=source, field="rulebook") from None
        raise
    plan_year = model.year if year is None else year
    if not 1900 <= plan_year <= 2200:
        raise ScenarioError(f"year {plan_year} is outside 1900..2200", field="year")

    packs = select_packs(model, source, folder)
    if model.packs is not None and folder is not None:
        # Pack paths relative to the scenario file, made absolute so that
        # variants of the problem (built from the model alone) find them too.
        named = [ref if not ref.endswith((".yaml", ".yml")) else str((folder / ref).resolve()) for ref in model.packs]
        model = model.model_copy(update={"packs": named})
    specs = merge_packs(book, packs)
    pack_rules = [r for p in packs for r in p.pack.rules]
    all_rules = [*book.rules, *pack_rules, *model.rules]
    ids = [r.id for r in all_rules]
    for index, rule in enumerate(model.rules):
        if ids.count(rule.id) > 1:
            raise ScenarioError(f"rule id {rule.id!r} is already used by the rulebook or a pack", file=source, field=f"{rule_ref(index, rule.id)}, id", keys=("rules", index, "id"))
    dropped = set(drop)
    unknown = dropped - set(ids)
    if unknown:
        raise ScenarioError(f"no rule {sorted(unknown)[0]!r} to drop", file=source, field="--drop")

    fixed, choices = _fact_values(specs, book, model, source)
    events = _planned_events(book, packs, model, source)
    for index, rule in enumerate(model.rules):
        for fact in rule.when:
            if fact not in specs:
                raise ScenarioError(f"unknown fact {fact!r}", file=source, field=f"{rule_ref(index, rule.id)}, when", keys=("rules", index, "when"))
        for event in rule.events():
            if event not in events:
                raise ScenarioError(f"event {event!r} is not planned; add it under events", file=source, field=rule_ref(index, rule.id), keys=("rules", index))

    years = range(plan_year - 3, plan_year + 4)
    jurisdiction = book.jurisdiction
    try:
        calendar = BusinessCalendar(jurisdiction.country, model.holiday_subdiv or jurisdiction.subdiv, years)
    except InputError as exc:
        if model.holiday_subdiv:
            raise ScenarioError(exc.detail, file=source, field="holiday_subdiv") from None
        raise RulebookError(f"{exc.detail} (rulebook {book.id})", file=source, field="jurisdiction") from None
    problem = Problem(model, book, source, plan_year, calendar, events, [], [], fixed, choices)
    problem.extra_holidays, problem.dropped = tuple(holidays), tuple(dropped)
    problem.packs, problem.fact_specs = packs, specs
    problem.origins = {r.id: p.pack.id for p in packs for r in p.pack.rules}
    closures = {problem.resolve(expr) for expr in [*model.closures, *holidays] if isinstance(expr, DateExpr)}
    closures |= {day for day in holidays if isinstance(day, date)}
    calendar = BusinessCalendar(calendar.country, calendar.subdiv, years, closures)
    problem.calendar = calendar
    problem._resolved.clear()  # rollovers depend on the closures

    for rule in all_rules:
        if rule.id in dropped:
            problem.skipped.append(Skipped(rule, "waived", "dropped for this run (--drop)"))
            continue
        reason = not_applicable_reason(rule, fixed, events)
        if reason:
            _check_pack_event_planned(rule, problem, fixed, events)
            problem.skipped.append(Skipped(rule, "not_applicable", reason))
        else:
            problem.rules.append(rule)
    # An event no applicable rule mentions is not part of this plan (e.g. the
    # notice when every holder waived it).
    constrained = {e for rule in problem.rules for e in rule.events()}
    problem.events = {e: spec for e, spec in problem.events.items() if e in constrained}
    _set_horizon(problem)
    end = problem.origin + timedelta(days=problem.horizon)
    if problem.origin.year <= years.start or end.year >= years.stop - 1:
        # Business-day counts near the horizon's ends need those years' holidays.
        years = range(problem.origin.year - 1, end.year + 2)
        problem.calendar = BusinessCalendar(calendar.country, calendar.subdiv, years, closures)
        problem._resolved.clear()
    return problem


def _check_pack_event_planned(rule: RuleBase, problem: Problem, fixed: dict[str, FactValue], events: dict[str, EventSpec]) -> None:
    """A pack's hard rule that the scenario's facts switch on must not drop
    out for want of the pack's own event (choosing notice-and-access without
    planning the notice of availability would skip Rule 14a-16's 40 days)."""
    pack = problem.pack_of(rule)
    if pack is None or rule.soft or not rule.when:
        return
    if not all(fact in fixed and fixed[fact] in (w if isinstance(w, list) else [w]) for fact, w in rule.when.items()):
        return
    missing = [e for e in rule.events() if e not in events and e in pack.events]
    if missing:
        facts = ", ".join(f"{f}={fixed[f]}" for f in rule.when)
        raise ScenarioError(
            f"{facts} makes {rule.id} ({rule.cite}) apply; list its event {missing[0]!r} under events",
            file=problem.source, field="events",
        )


def not_applicable_reason(rule: RuleBase, fixed: dict[str, FactValue], events: dict[str, EventSpec]) -> str | None:
    for fact, wanted in rule.when.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if fact in fixed and fixed[fact] not in options:
            return f"applies when {fact} is {' or '.join(map(str, options))}; it is {fixed[fact]}"
    missing = [e for e in rule.events() if e not in events]
    if missing:
        return f"event {missing[0]} is not planned in this scenario"
    return None


def _longest_paths(source: str, edges: dict[str, list[tuple[str, int]]], budget: int = 200_000) -> dict[str, int]:
    """For each event linked to `source`, the heaviest simple path to it.

    Rule graphs are small and sparse (chains of notices and lead times), so
    a depth-first walk is quick; past `budget` steps every event gets the
    component's total weight, which is always enough.
    """
    best: dict[str, int] = {source: 0}
    steps = 0
    stack = [(source, 0, frozenset([source]))]
    while stack:
        event, length, seen = stack.pop()
        for other, weight in edges.get(event, ()):
            if other in seen:
                continue
            steps += 1
            if steps > budget:
                component = set(best) | {o for e in best for o, _ in edges.get(e, ())}
                total = sum(w for e in component for _, w in edges.get(e, ())) // 2
                return {e: total for e in component}
            best[other] = max(best.get(other, 0), length + weight)
            stack.append((other, length + weight, seen | {other}))
    return best


def _set_horizon(problem: Problem) -> None:
    """The days each event could take, and the horizon that holds them all.

    Small domains keep the model small and fast; they must still hold an
    optimal plan.  In an optimal plan every event is linked to a dated event
    by a path of rules each within its reach plus the margin cap of its
    limit (else the events off such paths could all move closer and cut the
    excess the objective penalises).  So an event lies within the heaviest
    simple path of (reach + cap) from some dated event's tight interval.
    """
    edges: dict[str, list[tuple[str, int]]] = {}
    pinned: dict[str, list[date]] = {}
    for rule in problem.rules:
        events = rule.events()
        for expr in rule.date_exprs():
            pinned.setdefault(events[0], []).append(problem.resolve(expr))
        if len(events) == 2:
            weight = rule.reach_days() + problem.scenario.margin_cap_days
            edges.setdefault(events[0], []).append((events[1], weight))
            edges.setdefault(events[1], []).append((events[0], weight))
    if not pinned:
        raise ScenarioError(
            "no applicable rule ties any event to a date; fix or bound the meeting date",
            file=problem.source, field="rules",
        )
    cap = timedelta(days=problem.scenario.margin_cap_days)
    bounds: dict[str, list[tuple[date, date]]] = {}
    for event, days in pinned.items():
        low, high = min(days) - cap, max(days) + cap
        for other, dist in _longest_paths(event, edges).items():
            bounds.setdefault(other, []).append((low - timedelta(days=dist), high + timedelta(days=dist)))
    ranges: dict[str, tuple[date, date]] = {}
    for event in problem.events:
        if event not in bounds:
            raise ScenarioError(f"no applicable rule links event {event!r} to a dated event", file=problem.source, field="events")
        # Linked to at least one dated event in an optimal plan: the hull.
        ranges[event] = (min(b[0] for b in bounds[event]), max(b[1] for b in bounds[event]))
    first = min(r[0] for r in ranges.values())
    last = max(r[1] for r in ranges.values())
    span = (last - first).days + 1
    if span > MAX_HORIZON_DAYS:
        raise HorizonError(
            f"dates span {span} days ({first} to {last}); the planner handles at most {MAX_HORIZON_DAYS}",
            file=problem.source, field="rules",
        )
    problem.origin, problem.horizon = first, span
    problem.ranges = {e: ((lo - first).days, (hi - first).days) for e, (lo, hi) in ranges.items()}
