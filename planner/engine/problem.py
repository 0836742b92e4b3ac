"""A scenario joined to its rulebook: the events to plan, the rules that
apply, the facts the planner must pick, the calendar and the horizon.

Both the solver (``solve``) and the solver-free checker (``check``) start
from a :class:`Problem`, so they agree on what applies.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, ValidationError

from planner.days.business_calendar import BusinessCalendar, DayArithmetic
from planner.days.dates import DateExpr, closure_day, resolve
from planner.model.documents import CHOOSE, EventSpec, FactSpec, Rulebook, Scenario, event_names
from planner.errors import DateExpressionError, HorizonError, InputError, MissingDateError, RulebookError, ScenarioError, rule_ref
from planner.model.file_state import FileCache, recording, working_folder
from planner.model.limits import check_counts, check_year
from planner.model.loading import BUNDLED_RULEBOOKS, load_rulebook, load_scenario, plain_message
from planner.model.layering import AppliedPack, merge_packs, overlay, rule_layer, select_packs
from planner.model.packs import Pack, bundled_folder
from planner.engine.memo import share_memo
from planner.engine.implied import IMPLIED_IDS, implied_rules, serving_notice
from planner.model.vocabulary import MEETING_CYCLE, NOTICE_WAIVED, STANDARD_EVENTS
from planner.engine.propagation import INF, Propagator
from planner.rules import RuleBase
from planner.rules.base import FactValue, when_values
from planner.rules.on_date import OnDateRule

__all__ = ["not_applicable_reason", "Problem", "Skipped", "build_problem", "bounded_sides", "MAX_HORIZON_DAYS", "GIVEN_PREFIX",
           "clear_problem_cache"]

MAX_HORIZON_DAYS = 3700  # about ten years: anything longer is a mistake in the input
MAX_YEARS_AWAY = 50  # a date this far from the plan year is a typo, not a plan


@dataclass(frozen=True)
class Skipped:
    rule: RuleBase
    status: str  # "not_applicable" | "waived" | "missing"
    reason: str
    needs: str | None = None  # for "missing": the anchor (date) the scenario did not give


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
    # The frame the ranges were found in (day offsets): the dated events
    # with room either side; explanations relax rules inside a wider one.
    frame: tuple[int, int] = (0, 0)
    # The run's options, so that variants of the problem can be built alike.
    extra_holidays: tuple[date | DateExpr, ...] = ()  # an ISO date, or a yearly date (closing its day in every year the calendar spans)
    dropped: tuple[str, ...] = ()
    # The rule packs layered on the rulebook, and which pack each rule came from.
    packs: list[AppliedPack] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # rule id -> pack id
    fact_specs: dict[str, FactSpec] = field(default_factory=dict)  # the rulebook's and the packs' facts
    notes: list[str] = field(default_factory=list)  # what the plan must say about itself (notice waived)

    @property
    def event_names(self) -> dict[str, str]:
        """Event id -> the words a rule's text uses for it (its label)."""
        return event_names(self.events)

    def copy(self) -> "Problem":
        """A copy whose own lists and dicts a caller may change without
        touching this problem (build_problem hands out copies of the
        problems it keeps).  The documents, rules, calendar and day
        arithmetic are shared: nobody changes them, and the day tables
        are pure functions of the problem, built once for all copies; so
        is the memo (planner.engine.memo) while a copy stays alike."""
        copy = dataclasses.replace(
            self, events=dict(self.events), rules=list(self.rules), skipped=list(self.skipped), facts=dict(self.facts),
            choices={name: list(values) for name, values in self.choices.items()}, ranges=dict(self.ranges),
            packs=list(self.packs), origins=dict(self.origins), fact_specs=dict(self.fact_specs), notes=list(self.notes),
            _resolved=dict(self._resolved),
        )
        share_memo(self, copy)  # what one plan computed from the problem alone, the next finds
        return copy

    def variant(self, facts: dict[str, FactValue]) -> "Problem":
        """The same problem with some facts changed."""
        scenario = self.scenario.model_copy(update={"facts": {**self.scenario.facts, **facts}})
        return build_problem(scenario, year=self.year, holidays=self.extra_holidays, drop=self.dropped, rulebook=self.rulebook)
    _resolved: dict[DateExpr, date] = field(default_factory=dict)
    _days: DayArithmetic | None = None
    # The other counts' day arithmetic ("federal", "office": count_of) and
    # calendars, the latter with the legal calendar they were made from.
    _other_days: dict[str, DayArithmetic] = field(default_factory=dict)
    _other_calendars: dict[str, tuple[BusinessCalendar, BusinessCalendar]] = field(default_factory=dict)

    def resolve(self, expr: DateExpr) -> date:
        # One lookup of the kept day: hashing a date expression (a frozen
        # model) twice was a tenth of checking a plan's date windows.
        known = self._resolved.get(expr)
        if known is None:
            try:
                day = resolve(expr, self.year, self.anchors, self.calendar)
            except InputError as exc:
                # A day missing in this year stays recognisable: `plan --years` reports the year and goes on.
                error = MissingDateError if isinstance(exc, MissingDateError) else ScenarioError
                raise error(exc.detail, file=self.source, field=f"date {expr.describe()!r}") from None
            if abs(day.year - self.year) > MAX_YEARS_AWAY:
                raise ScenarioError(
                    f"{day} is more than {MAX_YEARS_AWAY} years from the plan year {self.year}",
                    file=self.source, field=f"date {expr.describe()!r}",
                )
            self._resolved[expr] = known = day
        return known

    @property
    def days(self) -> DayArithmetic:
        """Day-offset arithmetic for this problem, shared by the CP-SAT
        compiler and the propagation; built once, on first use.

        It covers the propagation's frame (planner.engine.propagation) and a
        year beyond that for business-day counts."""
        if self._days is None:
            self._days = DayArithmetic(self.calendar, self.origin, *self._day_span())
        return self._days

    def _day_span(self) -> tuple[int, int]:
        low, high = min(self.frame[0], 0), max(self.frame[1], self.horizon)
        width = high - low + 1
        return low - width - 366, high + width + 366

    @property
    def federal_calendar(self) -> BusinessCalendar:
        """The SEC's business days: the country's (federal) holidays, no
        state's, and the run's closures (a national day of mourning; not
        its office closures)."""
        return self._counted("federal")

    @property
    def office_calendar(self) -> BusinessCalendar:
        """The company's business days: the legal ones less its office
        closures (the scenario's `office_closures`)."""
        return self._counted("office")

    def _counted(self, kind: str) -> BusinessCalendar:
        cached = self._other_calendars.get(kind)
        if cached is None or cached[0] is not self.calendar:  # built for this problem's calendar
            legal = self.calendar
            if kind == "federal":
                made = BusinessCalendar(legal.country, None, legal.years, legal.closures)
            else:
                office = _closure_days(self, list(self.scenario.office_closures), legal.years, "office_closures")
                made = BusinessCalendar(legal.country, legal.subdiv, legal.years, legal.closures | office)
            self._other_calendars[kind] = cached = (legal, made)
        return cached[1]

    def count_of(self, rule: RuleBase) -> str:
        """Whose business days a rule counts: "federal" for the SEC's rules
        (a state may work on Washington's Birthday, the SEC does not);
        "office" for the company's own operational rules and preferences
        when it lists office closures (its printer and mailing house do not
        work on December 24); "legal" (the state's legal holidays and the
        run's closures) for every statute, bylaw and exchange rule: a day
        the company closes is no legal holiday, and counting it would put a
        statute's "within 2 business days" deadline a day late."""
        if self.layer(rule) == "securities":
            return "federal"
        if self.scenario.office_closures and self.is_companys_own(rule):
            return "office"
        return "legal"

    def is_companys_own(self, rule: RuleBase) -> bool:
        """An operational rule or a preference of the rulebook or the
        scenario: the company's practice, not law."""
        return rule.source in ("operational", "preference") and self.pack_of(rule) is None

    def calendar_for(self, rule: RuleBase) -> BusinessCalendar:
        """The business calendar a rule counts with (count_of)."""
        kind = self.count_of(rule)
        return self.calendar if kind == "legal" else self._counted(kind)

    def days_for(self, rule: RuleBase) -> DayArithmetic:
        """The day arithmetic a rule counts business days with (count_of)."""
        kind = self.count_of(rule)
        if kind == "legal":
            return self.days
        days = self._other_days.get(kind)
        if days is None:
            days = self._other_days[kind] = DayArithmetic(self._counted(kind), self.origin, *self._day_span())
        return days

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
            (fact, when_values(wanted))
            for fact, wanted in rule.when.items()
            if fact in self.choices
        ]

    def all_rules(self) -> list[RuleBase]:
        implied = [r for r in self.rules if r.id in IMPLIED_IDS] + [s.rule for s in self.skipped if s.rule.id in IMPLIED_IDS]
        return [*self.rulebook.rules, *(r for p in self.packs for r in p.pack.rules), *self.scenario.rules, *implied]

    def placeholder_anchors(self, rule: RuleBase) -> list[str]:
        """The anchors a rule's dates rest on that nobody has given: a pack's
        placeholder (last year's meeting), or a rulebook's anchor marked
        `placeholder` (a drafted rulebook's stand-in), the scenario silent."""
        own = {**{name: expr for name, expr in self.rulebook.anchors.items() if not expr.placeholder},
               **self.scenario.anchors}
        anchors, out = self.anchors, []
        for expr in rule.date_exprs():
            seen = 0
            while expr is not None and expr.anchor is not None and seen < 20:
                if expr.anchor not in own and expr.anchor in anchors:
                    out.append(expr.anchor)
                    break
                expr, seen = own.get(expr.anchor), seen + 1
        return out

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


def _planned_events(rulebook: Rulebook, packs: list[AppliedPack], scenario: Scenario, source: str | None,
                    given: Iterable[str] = ()) -> dict[str, EventSpec]:
    # A rulebook's own label for an event beats a pack's generic one.
    catalog = {name: spec for p in packs for name, spec in p.pack.events.items()} | dict(rulebook.events)
    events = {name: spec for name, spec in catalog.items() if spec.required}
    # The steps of every shareholders' meeting, when the bylaws', the law's or the scenario's rules
    # name them (a scenario's "the list opens on a business day" under a statute with no list rule
    # was refused: its event was planned by nothing).
    named = {e for rule in [*rulebook.rules, *(r for p in packs for r in p.pack.rules), *scenario.rules]
             for e in rule.events()}
    for name in MEETING_CYCLE:
        if name in named and name not in events:
            standard = STANDARD_EVENTS[name]
            events[name] = catalog.get(name) or EventSpec(kind=standard.kind, label=standard.label)
    # An event the calendar checked gives a date for is planned (pinned to
    # that date) when the rulebook or a pack declares it, or a rule of theirs
    # names it in the vocabulary's words: a calendar judges what it gives.
    # Left out, every rule on it was not_applicable ("not planned in this
    # scenario"), so a board resolution dated after the record date it fixes
    # passed DGCL §213(a) as compliant and was listed as used by no rule.
    for name in given:
        if name not in events and (name in catalog or (name in named and name in STANDARD_EVENTS)):
            standard = STANDARD_EVENTS.get(name)
            events[name] = catalog.get(name) or EventSpec(kind=standard.kind, label=standard.label)
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


# Problems built from files, by the call's arguments, used again while every
# file the build read is unchanged (planner.model.file_state).  A warm plan
# spent 1 to 5 ms building the problem against 0.1 to 0.3 ms propagating it
# (issue 14).  Each caller gets a copy (Problem.copy, a few microseconds):
# a caller that changes its problem (derived.py sets `source`, and any
# future one) cannot change what the next call gets.
_PROBLEMS: FileCache["Problem"] = FileCache(32)


def clear_problem_cache() -> None:
    """Forget the problems kept (tests; a long-lived process never needs to:
    an edited file is noticed by itself)."""
    _PROBLEMS.clear()


_NONE_TAG = ("NoneType", None)


def _tagged(value: object) -> tuple:
    """A key part that tells True from 1 and a list from a tuple (equal or
    alike in Python, not alike for a fact or a path)."""
    if value is None:  # most arguments of most calls
        return _NONE_TAG
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_tagged(v) for v in value))
    return (type(value).__name__, value)


# The key's tail for a call with every argument left out (_cache_key).
_DEFAULTS = (_NONE_TAG, ("tuple", ()), ("tuple", ()), _NONE_TAG, (), _NONE_TAG, _NONE_TAG, None, ())


def _cache_key(scenario, year, holidays, drop, rulebook, facts, incorporation, listing, packs, given) -> tuple | None:
    """The arguments as a key, or None when the problem is not kept.

    Only a scenario named by a path (and a rulebook by a path or a name)
    is kept: dicts and models come from programs (the HTTP service, the
    studies' variants) that build each problem once, so a key made from
    their content (a JSON dump per call) would cost time for few hits,
    and a model made with model_copy(update=...) is not re-validated, so
    its dump need not be a faithful key.  The working folder (relative
    paths start there) and the bundled folder (PLANNER_CONSTRAINTS) are
    part of the key; the files read are checked on every lookup."""
    if not isinstance(scenario, (str, Path)) or not (rulebook is None or isinstance(rulebook, (str, Path))):
        return None
    cwd = working_folder()
    if cwd is None:  # the working folder was removed: build every time
        return None
    head = (_tagged(scenario), cwd, str(BUNDLED_RULEBOOKS), str(bundled_folder()))
    if (year is None and not holidays and not drop and rulebook is None and not facts and incorporation is None
            and listing is None and packs is None and not given):
        return head + _DEFAULTS  # the plain call (`planner.plan(path)`): the same key, its tail made once
    key = (
        _tagged(scenario), cwd, str(BUNDLED_RULEBOOKS), str(bundled_folder()), _tagged(year), _tagged(tuple(holidays)), _tagged(tuple(drop)),
        _tagged(rulebook), tuple(sorted((name, _tagged(value)) for name, value in (facts or {}).items())),
        _tagged(incorporation), _tagged(listing), None if packs is None else _tagged(tuple(packs)),
        tuple(sorted((event, _tagged(day)) for event, day in (given or {}).items())),
    )
    try:
        hash(key)
    except TypeError:  # a value no key can hold: build it every time
        return None
    return key


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
    given: dict[str, date] | None = None,
    reuse: bool = True,
    copy: bool = True,
) -> Problem:
    """Join a scenario with its rulebook, apply --year/--holiday/--drop/--fact
    and --incorporation/--listing/--pack (which override the scenario's own).

    `given`: the dates a calendar to check gives; each planned one is pinned
    (rules with ids starting GIVEN_PREFIX, which check leaves out of its
    answer), so a check never needs a rule that dates an event.

    A scenario read from a file is built once for the same arguments while
    the bytes of every file the build read (the scenario, those it extends,
    the rulebook, the packs, the packs' folder) are unchanged; each call
    gets its own copy (`reuse=False`: built afresh, as benchmarks and tests
    compare).  Errors are not kept: bad input fails every time.

    `copy=False` hands out the kept problem itself, for a caller that
    never changes it and hands it to nobody who could (the Python API's
    plan, check and explain: tests/test_problem_cache.py holds the kept
    problem to a fresh build after each); the copy was a tenth of what a
    warm plan spends outside its solve step (issue 14)."""
    options = _checked_options(scenario, year=year, holidays=holidays, drop=drop, facts=facts,
                               incorporation=incorporation, listing=listing, packs=packs)
    year, holidays, drop, facts = options.year, options.holidays, options.drop, options.facts
    incorporation, listing, packs = options.incorporation, options.listing, options.packs
    args = dict(year=year, holidays=holidays, drop=drop, rulebook=rulebook, facts=facts, incorporation=incorporation,
                listing=listing, packs=packs, given=given)
    key = _cache_key(scenario, **args) if reuse else None
    if key is None:
        return _build_problem(scenario, **args)
    problem = _PROBLEMS.get(key)
    if problem is None:
        with recording() as seen:
            problem = _build_problem(scenario, **args)
        _warm(problem)
        _PROBLEMS.put(key, problem, seen)
    return problem.copy() if copy else problem


def _warm(problem: Problem) -> None:
    """Build the day tables every plan of the problem uses, once, so that
    the copies handed out share them instead of each building its own."""
    problem.days
    for kind, rule in {problem.count_of(rule): rule for rule in problem.rules}.items():
        problem.days_for(rule)  # each count's table (the SEC's, the office's) once


class _Options(BaseModel):
    """build_problem's options as the faces pass them: the command line and the service hand over
    checked values, but a Python caller may pass anything (`year=2027.5`, `holidays=[5]`,
    `facts="x"`), which failed deep inside as TypeError or AttributeError. Refused here, naming
    the option, as the command line names its --option."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    year: int | None = None
    holidays: tuple[date | DateExpr | str, ...] = ()
    drop: tuple[str, ...] = ()
    facts: dict[str, FactValue | list[FactValue]] | None = None
    incorporation: str | None = None
    listing: str | None = None
    packs: tuple[str, ...] | None = None


def _checked_options(scenario: object, **options: object) -> _Options:
    if not isinstance(scenario, (str, Path, dict, Scenario)):
        raise ScenarioError(f"must be a path, a mapping of fields or a Scenario; got {type(scenario).__name__}",
                            field="scenario")
    if isinstance(options["year"], bool):  # an int to Python and to pydantic: True was "year 1"
        raise InputError(f"must be a year; got {options['year']!r}", field="year")
    if isinstance(options["holidays"], (str, date)) or isinstance(options["drop"], str) or isinstance(options["packs"], str):
        name = next(n for n in ("holidays", "drop", "packs") if isinstance(options[n], (str, date)))
        raise InputError(f"must be a list; got {options[name]!r:.60}", field=name)  # a string is no list of its letters
    try:
        return _Options.model_validate(options)
    except ValidationError as exc:
        first = exc.errors()[0]
        # "holidays, item 1", counted from 1 as the files' messages count; a union's branch names left out.
        where = ", ".join(f"item {part + 1}" if isinstance(part, int) else part
                          for part in first["loc"] if isinstance(part, int) or part in options)
        raise InputError(plain_message(first), field=where or None) from None


def _build_problem(
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
    given: dict[str, date] | None = None,
) -> Problem:
    """build_problem's work, every time."""
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
    check_year(plan_year, file=source if year is None else None, field="year" if year is None else "--year",
               error=ScenarioError)

    packs = select_packs(model, source, folder)
    # Before any work that grows with their number (rule ids are compared pairwise below).
    pack_counts = {what: sum(len(getattr(p.pack, what)) for p in packs) for what in ("rules", "events", "anchors")}
    check_counts({what: (len(getattr(book, what)) + pack_counts[what], len(getattr(model, what)))
                  for what in ("rules", "events", "anchors")}, file=source, error=ScenarioError)
    if model.packs is not None and folder is not None:
        # Pack paths relative to the scenario file, made absolute so that
        # variants of the problem (built from the model alone) find them too.
        named = [ref if not ref.endswith((".yaml", ".yml")) else str((folder / ref).resolve()) for ref in model.packs]
        model = model.model_copy(update={"packs": named})
    specs = merge_packs(book, packs, model)
    pack_rules = [r for p in packs for r in p.pack.rules]
    all_rules = [*book.rules, *pack_rules, *model.rules]
    ids = [r.id for r in all_rules]
    for index, rule in enumerate(model.rules):
        if ids.count(rule.id) > 1:
            raise ScenarioError(f"rule id {rule.id!r} is already used by the rulebook or a pack", file=source, field=f"{rule_ref(index, rule.id)}, id", keys=("rules", index, "id"))
    dropped = set(drop)
    unknown = dropped - set(ids) - IMPLIED_IDS
    if unknown:
        raise ScenarioError(f"no rule {sorted(unknown)[0]!r} to drop", file=source, field="--drop")

    fixed, choices = _fact_values(specs, book, model, source)
    events = _planned_events(book, packs, model, source, given or ())
    for index, rule in enumerate(model.rules):
        for fact in rule.when:
            if fact not in specs:
                raise ScenarioError(f"unknown fact {fact!r}", file=source, field=f"{rule_ref(index, rule.id)}, when", keys=("rules", index, "when"))
        for event in rule.events():
            if event not in events:
                raise ScenarioError(f"event {event!r} is not planned; add it under events", file=source, field=rule_ref(index, rule.id), keys=("rules", index))
    all_rules += _pins(given or {}, events)

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
    named = [expr for expr in [*model.closures, *holidays] if isinstance(expr, DateExpr)]
    closures = _closure_days(problem, named, years) | {day for day in holidays if isinstance(day, date)}
    calendar = BusinessCalendar(calendar.country, calendar.subdiv, years, closures)
    problem.calendar = calendar
    problem._resolved.clear()  # rollovers depend on the closures
    if model.office_closures:
        problem.office_calendar  # resolved now: a bad date is refused with the scenario, not at the first count

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
    for rule in list(problem.rules):
        # A date the scenario never gave (last year's meeting) is missing: a
        # margin counted from a pack's placeholder would be made up.
        placeholders = problem.placeholder_anchors(rule)
        if placeholders:
            problem.rules.remove(rule)
            problem.skipped.append(Skipped(rule, "missing", f"needs {placeholders[0]}, which the scenario does not give "
                                                            f"(add it under anchors)", needs=placeholders[0]))
    serving = serving_notice(problem.rules, fixed)
    # Left open, a waiver makes the same events optional: found as if waived,
    # over the rules that can apply with notice waived (as a fixed waiver
    # finds them): a rule only for a notice given ("printed before the list
    # opens") does not tie the printing to anything once notice is waived.
    waivable = serving_notice([r for r in problem.rules if True in when_values(r.when.get(NOTICE_WAIVED, True))],
                              {**fixed, NOTICE_WAIVED: True}) \
        if not serving and True in choices.get(NOTICE_WAIVED, ()) else set()
    if serving:
        # A waived notice is not a mailing: nothing is planned for it.
        route = specs["notice_waived"].doc or "notice_waived is true"
        for rule in [r for r in problem.rules if set(r.events()) & serving]:
            problem.rules.remove(rule)
            problem.skipped.append(Skipped(rule, "not_applicable", "notice is waived"))
        problem.notes.append(f"Notice is waived: no notice is mailed, and nothing that only serves it is planned "
                             f"({', '.join(sorted(serving))}). {route}")
    # An event no applicable rule mentions is not part of this plan (e.g. the
    # notice when every holder waived it), unless what it means ties it to
    # one that is (the call of a special meeting, before its notice).
    candidates = {e: spec for e, spec in problem.events.items() if e not in serving}
    implied, switched_off = implied_rules(candidates, book, specs)
    kept = {e for rule in problem.rules for e in rule.events()}
    grown = True
    while grown:
        before = len(kept)
        kept |= {e for rule in implied if set(rule.events()) & kept for e in rule.events()}
        grown = len(kept) > before
    problem.events = {e: spec for e, spec in candidates.items() if e in kept}
    implied = [rule for rule in implied if set(rule.events()) <= kept]
    switched_off = [(rule, why) for rule, why in switched_off if set(rule.events()) <= kept]
    for rule in implied:
        reason = not_applicable_reason(rule, fixed, problem.events)
        if rule.id in dropped:
            problem.skipped.append(Skipped(rule, "waived", "dropped for this run (--drop)"))
        elif reason:
            problem.skipped.append(Skipped(rule, "not_applicable", reason))
        else:
            problem.rules.append(rule)
    problem.skipped.extend(Skipped(rule, "not_applicable", reason) for rule, reason in switched_off)
    if waivable:
        _unless_waived(problem, waivable)
    _set_horizon(problem, years, closures, named)
    return problem



def _unless_waived(problem: Problem, waivable: set[str]) -> None:
    """With notice_waived open (the planner picks it), each rule on the
    notice or on what only serves it applies only where notice is not
    waived, as a waiver fixed true skips them all: picking "waived" dated
    a mailing and its printing anyway, and the findings compared the
    statute's default record date on the eve of notice with the bylaws'
    for a waived notice, two rules that never apply together.  A rule
    there that applies only to a waived notice is skipped, as it is when
    the waiver is fixed."""
    for index, rule in enumerate(list(problem.rules)):
        if not set(rule.events()) & waivable:
            continue
        if False not in when_values(rule.when.get(NOTICE_WAIVED, [False, True])):
            problem.skipped.append(Skipped(rule, "not_applicable", "notice is waived"))
            problem.rules[index] = None
        else:
            problem.rules[index] = rule.model_copy(update={"when": {**rule.when, NOTICE_WAIVED: False}})
    problem.rules = [rule for rule in problem.rules if rule is not None]


def _closure_days(problem: Problem, named: list[DateExpr], years: range, field: str = "closures") -> set[date]:
    """The days the closures written as date expressions close, in `years`.

    A yearly date ("December 24", "last Friday of November") names a day of
    every year, and a plan's calendar crosses year ends: a January meeting's
    record date, printing and mailing fall in the December before.  Resolved
    in the plan year alone, "December 24" closed 2027-12-24 for a 2027-01-21
    meeting and nothing in the December that counted its business days, so a
    lead the closure made a day short was checked as met.  It closes its day
    in each year of the calendar, as the state's legal holidays do.  A date
    that is one day (an ISO date) or counted from an anchor (which moves by
    its own rules, not by the year) is resolved in the plan year only, as
    before; so is any error (February 29 of a common plan year), named by
    the scenario's `field` and item where it is one of them (the others
    are --holiday's, checked when given)."""
    days = set()
    for index, expr in enumerate(named):
        try:
            days.add(problem.resolve(expr))
        except ScenarioError as exc:
            if index >= len(getattr(problem.scenario, field)):
                raise
            raise type(exc)(exc.detail, file=problem.source, field=f"{field}, item {index + 1}, {exc.field}",
                            keys=(field, index)) from None
    for expr in named:
        if expr.anchor is None and not isinstance(expr.day, date):
            for year in years:
                if year != problem.year:
                    try:
                        days.add(resolve(expr, year, problem.anchors, problem.calendar))
                    except InputError:  # no such day that year (February 29): it closes nothing there
                        pass
    return days


def bounded_sides(problem: Problem) -> dict[str, tuple[bool, bool]]:
    """For each event, whether some hard rule bounds it from below (an
    earliest date) and from above (a latest date)."""
    lower = dict.fromkeys(problem.events, False)
    upper = dict.fromkeys(problem.events, False)
    for rule in problem.rules:
        if rule.soft:
            continue
        events = rule.events()
        if rule.kind == "on_date":
            lower[events[0]] = upper[events[0]] = True
        elif rule.kind == "date_window":
            lower[events[0]] |= rule.not_before is not None
            upper[events[0]] |= rule.not_after is not None
        elif len(events) == 2:  # a gap: the earlier event below the later one, and back if capped
            before, after = events
            upper[before] = lower[after] = True
            if rule.max_days is not None or rule.max_months is not None:
                lower[before] = upper[after] = True
    return {event: (lower[event], upper[event]) for event in problem.events}


GIVEN_PREFIX = "given-date-"


def _pins(given: dict[str, date], events: dict[str, EventSpec]) -> list[RuleBase]:
    return [OnDateRule(kind="on_date", id=f"{GIVEN_PREFIX}{event.replace('_', '-')}", source="operational",
                       cite="the calendar checked", summary="The date the calendar gives.", event=event,
                       date={"day": day.isoformat()})
            for event, day in sorted(given.items()) if event in events]


def _check_pack_event_planned(rule: RuleBase, problem: Problem, fixed: dict[str, FactValue], events: dict[str, EventSpec]) -> None:
    """A pack's hard rule that the scenario's facts switch on must not drop
    out for want of the pack's own event (choosing notice-and-access without
    planning the notice of availability would skip Rule 14a-16's 40 days)."""
    pack = problem.pack_of(rule)
    if pack is None or rule.soft or not rule.when:
        return
    if not all(fact in fixed and fixed[fact] in when_values(w) for fact, w in rule.when.items()):
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
        options = when_values(wanted)
        if fact in fixed and fixed[fact] not in options:
            return f"applies when {fact} is {' or '.join(map(str, options))}; it is {fixed[fact]}"
    missing = [e for e in rule.events() if e not in events]
    if missing:
        return f"event {missing[0]} is not planned in this scenario"
    return None


def _linked_to_a_date(problem: Problem, pinned: set[str]) -> None:
    """Every planned event must be tied, through rules, to a dated event."""
    edges: dict[str, set[str]] = {}
    for rule in problem.rules:
        events = rule.events()
        if len(events) == 2:
            edges.setdefault(events[0], set()).add(events[1])
            edges.setdefault(events[1], set()).add(events[0])
    reached, stack = set(pinned), list(pinned)
    while stack:
        for other in edges.get(stack.pop(), ()):
            if other not in reached:
                reached.add(other)
                stack.append(other)
    for event in problem.events:
        if event not in reached:
            raise ScenarioError(f"no applicable rule links event {event!r} to a dated event", file=problem.source, field="events")


def _frame(problem: Problem, years: range, closures: set[date], named: list[DateExpr], first: date, last: date,
           pad: int) -> tuple[date, int, dict[str, tuple[int, int]]]:
    """Set the problem's search frame to `pad` days either side of the
    dated events (`first` to `last`): its origin, horizon, ranges and a
    calendar holding the holidays of every year it touches.  Returns the
    origin, the span in days and each event's range."""
    origin, end = first - timedelta(days=pad), last + timedelta(days=pad)
    # Holidays of every year the frame touches, for business-day counts near its ends.
    wider = range(min(years.start, origin.year - 1), max(years.stop, end.year + 2))
    if tuple(wider) != problem.calendar.years:
        if wider != years:
            closures = closures | _closure_days(problem, list(named), wider)  # the yearly closures of the added years too
        problem.calendar = BusinessCalendar(problem.calendar.country, problem.calendar.subdiv, wider, closures)
        problem._resolved.clear()
    span = (end - origin).days + 1
    problem.origin, problem.horizon = origin, span
    frame = {e: (0, span - 1) for e in problem.events}
    problem.ranges, problem.frame = dict(frame), (0, span - 1)
    problem._days, problem._other_days = None, {}
    return origin, span, frame


def _refuse_span(problem: Problem, first: date, last: date) -> None:
    """Dates that must lie this far apart (dated events, or the exact
    windows' limits) are a mistake in the input."""
    span = (last - first).days + 1
    if span > MAX_HORIZON_DAYS:
        raise HorizonError(
            f"dates span {span} days ({first} to {last}); the planner handles at most {MAX_HORIZON_DAYS}",
            file=problem.source, field="rules",
        )


def _close_open_sides(problem: Problem, windows: dict[str, tuple[int, int]], frame: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Each event's exact window, its open sides closed where an optimal
    plan must be.

    Events open on one side (notice of a board meeting: at least 5 days
    before, no earliest day) form groups linked by rules.  In an optimal
    plan each is linked to a dated event by rules each within its reach
    plus the margin cap (see _set_horizon); such a chain ends at a dated
    event of the group (within the cap of its date) or leaves the group
    through one of its rules to an event with a limit on that side.  So no
    event of the group lies further out than the nearest such limit plus
    the largest (reach + cap) of as many of the group's rules as it has events.  Far tighter than the
    frame, which kept CP-SAT's domains (and its business-day tables) long.
    """
    cap = problem.scenario.margin_cap_days
    links = [(r.events(), r.reach_days() + cap) for r in problem.rules if len(r.events()) == 2]
    # A chain may also end at a dated event of the group itself, within the
    # cap of its date (a deadline with no earliest day).
    dated: dict[str, list[int]] = {}
    for rule in problem.rules:
        for expr in rule.date_exprs():
            dated.setdefault(rule.events()[0], []).append((problem.resolve(expr) - problem.origin).days)
    ranges = {e: list(window) for e, window in windows.items()}
    for side, sign in ((0, -1), (1, +1)):
        open_ = {e for e, window in windows.items() if abs(window[side]) >= INF}
        group = {e: {e} for e in open_}
        for (a, b), _ in links:
            if a in open_ and b in open_ and group[a] is not group[b]:
                merged = group[a] | group[b]
                for e in merged:
                    group[e] = merged
        for members in {id(g): g for g in group.values()}.values():
            # A simple path inside the group and out of it has at most as many rules as the group has events.
            weight = sum(sorted((w for (a, b), w in links if a in members or b in members), reverse=True)[:len(members)])
            exits = [windows[x][side] for (a, b), _ in links for x in (a, b)
                     if (a in members or b in members) and x not in members]
            exits += [d + sign * cap for e in members for d in dated.get(e, ())]
            edge = frame[next(iter(members))][side]
            if not exits:
                bound = edge
            elif sign < 0:
                bound = max(edge, min(exits) - weight)
            else:
                bound = min(edge, max(exits) + weight)
            for e in members:
                other = windows[e][1 - side]
                ranges[e][side] = bound if abs(other) >= INF else (min(bound, other) if sign < 0 else max(bound, other))
    return {e: (lo, hi) for e, (lo, hi) in ranges.items()}


def _set_horizon(problem: Problem, years: range, closures: set[date], named: list[DateExpr] = ()) -> None:
    """The days each event could take, and the horizon that holds them all.

    Each event's range is its exact window over every plan (the monotone
    propagation, planner.engine.propagation), so no plan is cut before
    solving.  A side with no limit is closed by a frame around the dated
    events that still holds an optimal plan: in one, every event is linked
    to a dated event by rules each within its reach plus the margin cap
    (else the events off such paths could move closer and cut the excess
    the objective penalises), and no such path is longer than the sum of
    the (events - 1) largest (reach + cap) of its rules.  The frame is at
    most MAX_HORIZON_DAYS either
    side: an event further than ten years from every dated event is a
    mistake in the input.
    """
    pinned: dict[str, list[date]] = {}
    weights = []
    cap = problem.scenario.margin_cap_days
    for rule in problem.rules:
        events = rule.events()
        for expr in rule.date_exprs():
            pinned.setdefault(events[0], []).append(problem.resolve(expr))
        if len(events) == 2:
            weights.append(rule.reach_days() + cap)
    # A simple path has at most one rule fewer than there are events.
    total = sum(sorted(weights, reverse=True)[:max(len(problem.events) - 1, 0)])
    if not pinned:
        raise ScenarioError(
            "no applicable rule ties any event to a date; fix or bound the meeting date",
            file=problem.source, field="rules",
        )
    _linked_to_a_date(problem, set(pinned))
    days = [d for ds in pinned.values() for d in ds]
    _refuse_span(problem, min(days), max(days))
    pad = min(total + cap, MAX_HORIZON_DAYS)
    hard = [r.id for r in problem.rules if not r.soft]
    origin, span, frame = _frame(problem, years, closures, named, min(days), max(days), pad)
    windows = Propagator(problem, frame=frame).windows(hard)
    if windows is None and pad < MAX_HORIZON_DAYS:
        # The reach of the rules bounds how far an optimal plan lies from the
        # dated events once some plan exists near them; it does not say that
        # none exists further away.  A cycle of rules can close only where
        # the calendar lets it: "b at least 23 days before c" and "c within
        # 13 business days after b" hold only across a cluster of holidays
        # (Veterans Day, Thanksgiving and the day after), which may lie
        # beyond the reach of a meeting in August.  Judged on the reach frame
        # alone such a scenario was INFEASIBLE with no conflict to show (the
        # explanation, searching a wider frame, found the rules could hold).
        # No plan is declared impossible before the whole frame the planner
        # takes (MAX_HORIZON_DAYS either side) is searched.
        origin, span, frame = _frame(problem, years, closures, named, min(days), max(days), MAX_HORIZON_DAYS)
        # Day arithmetic for this frame and the rules' reach beyond it only,
        # not the three widths an explanation's frame takes (problem.days):
        # a table of business days over sixty years was most of this search.
        reach = max((r.reach_days() for r in problem.rules), default=0) + 366
        problem._days = DayArithmetic(problem.calendar, origin, -reach, span + reach)
        for kind in sorted({problem.count_of(r) for r in problem.rules} - {"legal"}):
            problem._other_days[kind] = DayArithmetic(problem._counted(kind), origin, -reach, span + reach)
        windows = Propagator(problem, frame=frame).windows(hard)
        if windows is None:  # none anywhere: the reach frame again, where the explanation searches as before
            origin, span, frame = _frame(problem, years, closures, named, min(days), max(days), pad)
    if windows is None:
        return  # no plan at all: the frame stays, for the explanation
    ranges = _close_open_sides(problem, windows, frame)
    if Propagator(problem, frame=ranges).latest_plan(hard) is None:
        # Never expected (the closed sides hold an optimal plan); a plan
        # matters more than small domains, so fall back to the frame.
        ranges = {e: (lo if lo > -INF else frame[e][0], hi if hi < INF else frame[e][1]) for e, (lo, hi) in windows.items()}
    finite = [d for lo, hi in windows.values() for d in (lo, hi) if abs(d) < INF]
    if finite:
        _refuse_span(problem, origin + timedelta(days=min(finite)), origin + timedelta(days=max(finite)))
    low = min(lo for lo, _ in ranges.values())
    high = max(hi for _, hi in ranges.values())
    problem.origin, problem.horizon = origin + timedelta(days=low), high - low + 1
    problem.ranges = {e: (lo - low, hi - low) for e, (lo, hi) in ranges.items()}
    problem.frame = (-low, span - 1 - low)
    problem._days, problem._other_days = None, {}  # rebuilt around the new origin
