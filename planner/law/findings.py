"""Conflicts between layers, found before planning.

A bylaw may be stricter than the statute, never looser.  Where a bylaw rule
allows what a pack's rule forbids, the plan still meets both (every hard
rule holds), but the secretary must know that the bylaw's own number cannot
be relied on.  Two sources:

* numbers: a pack ``gap`` against the bylaw ``gap`` rules over the same two
  events that can apply with it (their facts agree; business days beside
  calendar days or months compared meeting date by meeting date),
  where the bylaws' minimum is shorter, their maximum longer or missing
  while the bylaw states a minimum, or their notice counts as given sooner
  (``effective_after_days``); a bylaw rule that always applies and is as
  strict as the law covers a looser one on the same events; and a default
  the bylaws set differently (both rules pin the same event exactly, to
  different events);
* data: a pack's ``findings`` for differences numbers do not show (the
  Colorado rule on when mailed notice is effective against a bylaw's "when
  deposited"), reported when the rulebook has the bylaw rule they name.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from itertools import product
from typing import Literal

from dateutil.relativedelta import relativedelta

from pydantic import BaseModel, ConfigDict, Field

from planner.days.business_calendar import BusinessCalendar
from planner.engine.problem import Problem
from planner.rules import RuleBase
from planner.rules.base import event_name, when_values
from planner.rules.gap import GapRule

__all__ = ["Finding", "FindingKind", "find_conflicts"]

FindingKind = Literal[
    "shorter_minimum", "longer_maximum", "longer_months", "no_maximum", "no_minimum", "effective_sooner", "other_default", "declared",
    "disagreeing_sections",
]


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(description="The pack's rule or finding id and the bylaw rule's, joined by '/'.")
    kind: FindingKind
    layer: str = Field(description="The pack's layer: statute, securities or exchange.")
    pack: str
    rule: str | None = Field(None, description="The pack's rule, for a finding from numbers.")
    cite: str = Field(description="The pack's citation.")
    bylaw_rule: str | None = None
    bylaw_cite: str | None = None
    days: int | None = Field(None, description="How many days looser the bylaw is (business days where both rules count them).")
    verified: bool = Field(True, description="False when the pack's rule is marked unverified.")
    text: str


def _can_apply_together(problem: Problem, a: RuleBase, b: RuleBase) -> bool:
    """Whether some choice of the scenario's open facts lets both rules apply."""
    for fact in set(a.when) | set(b.when):
        allowed = set(problem.choices.get(fact, [problem.facts.get(fact)]))
        for rule in (a, b):
            if fact in rule.when:
                allowed &= set(when_values(rule.when[fact]))
        if not allowed:
            return False
    return True


def _calendar_bounds(rule: GapRule) -> tuple[int | None, int | None]:
    """The least and most days from `before` to `after` the rule allows, in
    its own unit (calendar days for calendar and clear counting)."""
    shift = rule.effective_after_days + (1 if rule.counting == "clear" else 0)
    low = None if rule.min_days is None else rule.min_days + shift
    high = None if rule.max_days is None else rule.max_days + shift
    return low, high


def _worlds(problem: Problem, rules: list[RuleBase]) -> list[dict]:
    """Every choice of the scenario's open facts that the rules name (one
    world, {}, when they name none): the bylaws are compared with the law in
    each, since a conditional bylaw rule binds only in the worlds it applies
    in.  Taking the strongest limit of rules that never apply together (a
    15-day annual notice and a 5-day special one, the meeting type open)
    hid the looser one."""
    names = sorted({fact for rule in rules for fact in rule.when if fact in problem.choices})
    return [dict(zip(names, combo)) for combo in product(*(problem.choices[name] for name in names))]


def _applies_in(problem: Problem, rule: RuleBase, world: dict) -> bool:
    """Whether the rule applies under the scenario's facts with `world`'s choices of its open ones."""
    return all(world.get(fact, problem.facts.get(fact, object())) in when_values(wanted) for fact, wanted in rule.when.items())


# A month is not a fixed number of days: "not more than two months" reaches
# 59 days before a meeting on 28 April 2027 but 62 before one on 1 September.
# Comparing a law in months with a bylaw in days (or the reverse) needs the
# day counts a month limit gives, over every meeting date of a leap cycle.
_CYCLE = [date(2025, 1, 1) + timedelta(days=i) for i in range(4 * 365 + 1)]


@lru_cache(maxsize=32)
def _month_reach(months: int) -> tuple[int, ...]:
    """For each date `a` of the cycle, the most calendar days `before` may
    precede `a` under "`a` at most `months` months after `before`"."""
    out = []
    for a in _CYCLE:
        b = a - relativedelta(months=months)
        while b + relativedelta(months=months) < a:
            b += timedelta(days=1)
        while (b - timedelta(days=1)) + relativedelta(months=months) >= a:
            b -= timedelta(days=1)
        out.append((a - b).days)
    return tuple(out)


# A limit in business days against one in calendar days (a bylaw's "one
# business day" against a statute's "two days"): the business days turned
# into calendar days meeting date by meeting date over the same cycle, on
# the state's legal holidays of those years.
@lru_cache(maxsize=8)
def _cycle_calendar(country: str, subdiv: str | None) -> BusinessCalendar:
    return BusinessCalendar(country, subdiv, range(_CYCLE[0].year - 1, _CYCLE[-1].year + 2))


@lru_cache(maxsize=64)
def _business_low(days: int, lag: int, where: tuple[str, str | None]) -> tuple[int, ...]:
    """For each date `a` of the cycle, the fewest calendar days `before`
    may precede `a` under "at least `days` business days before"."""
    add = _cycle_calendar(*where).add_business_days
    return tuple((a - add(a, -days)).days + lag for a in _CYCLE)


@lru_cache(maxsize=64)
def _business_reach(days: int, lag: int, where: tuple[str, str | None]) -> tuple[int, ...]:
    """For each date `a` of the cycle, the most calendar days `before` may
    precede `a` under "`a` within `days` business days after `before`"."""
    add, one, out = _cycle_calendar(*where).add_business_days, timedelta(days=1), []
    for a in _CYCLE:
        first = a - timedelta(days=lag)
        while add(first - one + timedelta(days=lag), days) >= a:
            first -= one
        out.append((a - first).days)
    return tuple(out)


def _low(rule: GapRule, mixed: bool, where: tuple[str, str | None]) -> int | tuple[int, ...] | None:
    """The fewest days `before` may precede `after` under the rule: in its
    own unit, or (`mixed`, business days beside calendar days) in calendar
    days for each date of the cycle."""
    low = _calendar_bounds(rule)[0]
    if low is None or not mixed or rule.counting != "business":
        return low
    return _business_low(rule.min_days, rule.effective_after_days, where)


def _reach(rules: list[GapRule], mixed: bool = False, where: tuple[str, str | None] = ("US", None)) -> tuple[int, ...] | int | None:
    """The most calendar days `before` may precede `after` under all the
    rules at once: one number, or one per date of the cycle when a month
    limit (or, `mixed`, a business-day limit) takes part; None when no rule
    sets a maximum."""
    turned = [r for r in rules if mixed and r.counting == "business" and r.max_days is not None]
    days = [high for high in (_calendar_bounds(r)[1] for r in rules if r not in turned) if high is not None]
    months = [(r.max_months, r.effective_after_days) for r in rules if r.max_months is not None]
    if not months and not turned:
        return min(days, default=None)
    cap = min(days, default=10 ** 6)
    reach = [cap] * len(_CYCLE)
    for count, lag in months:
        reach = [min(x, y + lag) for x, y in zip(reach, _month_reach(count))]
    for rule in turned:
        reach = [min(x, y) for x, y in zip(reach, _business_reach(rule.max_days, rule.effective_after_days, where))]
    return tuple(reach)


def _at(value: int | tuple[int, ...], index: int) -> int:
    return value[index] if isinstance(value, tuple) else value


def _compare(problem: Problem, law: GapRule, bylaws: list[GapRule]) -> list[Finding]:
    """Findings for one pack rule against the bylaw rules on the same two
    events, taken as a whole in each world the open facts allow: there the
    bylaws' strongest limit on each side counts, so a 30-day notice for a
    share increase is still capped by the general 60-day window, and only
    the 30 days are compared with a 35-day law."""
    pack, layer = problem.pack_of(law), problem.layer(law)
    # Business days beside calendar days compare meeting date by meeting
    # date, in calendar days on the state's holidays (the law's calendar).
    mixed = len({r.counting == "business" for r in [law, *bylaws]}) > 1
    counted = problem.calendar_for(law)
    where = (counted.country, counted.subdiv)
    l_low = _low(law, mixed, where)
    l_reach = _reach([law], mixed, where)
    # Both in business days: compared, and said, as business days.
    unit = "business day" if law.counting == "business" and not mixed else "day"

    def count(n: int) -> str:
        return f"{n} {unit}{'s' if n != 1 else ''}"

    found: dict[tuple[str, str], Finding] = {}

    def add(bylaw: GapRule, kind: str, days: int | None, what: str) -> None:
        amount = count(days) if days is not None else (
            f"{bylaw.max_months - law.max_months} months" if kind == "longer_months" else "no limit in the bylaws")
        key = (kind, bylaw.id)
        if key in found and (found[key].days or 0) >= (days or 0):
            return
        found[key] = Finding(
            id=f"{law.id}/{bylaw.id}", kind=kind, layer=layer, pack=pack.id, rule=law.id, cite=law.cite,
            bylaw_rule=bylaw.id, bylaw_cite=bylaw.cite, days=days, verified=law.verified,
            text=(f"{bylaw.cite} ({bylaw.id}: {bylaw.describe()}) {what}; {law.cite} ({law.id}: {law.describe()}) "
                  f"is stricter and binds ({amount})"),
        )

    for world in _worlds(problem, [law, *bylaws]):
        if not _applies_in(problem, law, world):
            continue
        here = [b for b in bylaws if _applies_in(problem, b, world)]
        lows = [(_low(b, mixed, where), b) for b in here if b.min_days is not None]
        b_low = _strongest_low([low for low, _ in lows])
        short, worst = _most_short(l_low, b_low)
        if short > 0:
            on = _CYCLE[worst]
            for low, bylaw in lows:
                if _at(low, worst) != _at(b_low, worst):
                    continue  # not the bylaw limit that lets the late date through
                if bylaw.effective_after_days < law.effective_after_days:
                    add(bylaw, "effective_sooner", short,
                        f"counts {bylaw.before} as given {bylaw.effective_after_days} days after sending, "
                        f"where the {layer} rule counts it {law.effective_after_days} days after")
                elif isinstance(b_low, tuple) or isinstance(l_low, tuple):
                    add(bylaw, "shorter_minimum", short,
                        f"allows {bylaw.before} as late as {_at(b_low, worst)} days before {bylaw.after} (a "
                        f"{bylaw.after} on {on:%A} {on.day} {on:%B} {on.year}, say), where the {layer} rule needs "
                        f"{_at(l_low, worst)}")
                else:
                    add(bylaw, "shorter_minimum", short, f"allows {bylaw.before} as late as {count(b_low)} before {bylaw.after}")
        if b_low is None and (any(l_low) if isinstance(l_low, tuple) else l_low):
            # The mirror of no_maximum: "notice not more than 60 days before
            # the meeting" and nothing on how late lets notice go out the day
            # before, where the law needs 10.
            for bylaw in here:
                add(bylaw, "no_minimum", None, f"sets no limit on how late {bylaw.before} may come")
        if l_reach is None:
            continue
        b_reach = _reach(here, mixed, where)
        if b_reach is None:
            # A one-sided bylaw window ("at least 15 days' notice") lets through
            # what the law's other side forbids.
            for bylaw in here:
                if bylaw.min_days:  # a window with a positive minimum, not a mere "not before"
                    add(bylaw, "no_maximum", None, f"sets no latest limit on how early {bylaw.before} may come")
            continue
        binding = [b for b in here if b.max_days is not None or b.max_months is not None]
        if isinstance(b_reach, int) and isinstance(l_reach, int):
            if b_reach > l_reach:
                for bylaw in binding:
                    if _calendar_bounds(bylaw)[1] == b_reach:
                        add(bylaw, "longer_maximum", b_reach - l_reach,
                            f"allows {bylaw.before} as early as {count(b_reach)} before {bylaw.after}")
            continue
        if law.max_months is not None and law.max_days is None and all(
                b.max_months is not None and b.max_days is None for b in binding):
            # months against months: the count itself says it (15 months against 13)
            least = min(b.max_months for b in binding)
            if least > law.max_months:
                for bylaw in binding:
                    if bylaw.max_months == least:
                        add(bylaw, "longer_months", None, f"allows {bylaw.after} up to {bylaw.max_months} months after {bylaw.before}")
            continue
        # days against months, or mixed limits: compare meeting date by meeting date
        bs = b_reach if isinstance(b_reach, tuple) else (b_reach,) * len(_CYCLE)
        ls = l_reach if isinstance(l_reach, tuple) else (l_reach,) * len(_CYCLE)
        over = max(x - y for x, y in zip(bs, ls))
        if over > 0:
            worst = max(range(len(_CYCLE)), key=lambda i: (bs[i] - ls[i], -i))
            on = _CYCLE[worst]
            for bylaw in binding:
                own = _reach([bylaw], mixed, where)
                if (own[worst] if isinstance(own, tuple) else own) != bs[worst]:
                    continue  # not the bylaw limit that lets the early date through
                add(bylaw, "longer_maximum", over,
                    f"allows {bylaw.before} as early as {bs[worst]} days before {bylaw.after} (a {bylaw.after} "
                    f"on {on.day} {on:%B}, say), where the {layer} rule allows {ls[worst]}")
    return list(found.values())


def _strongest_low(lows: list[int | tuple[int, ...]]) -> int | tuple[int, ...] | None:
    """The bylaws' minimum where several apply: the largest, date by date."""
    if not lows:
        return None
    if all(isinstance(low, int) for low in lows):
        return max(lows)
    return tuple(max(_at(low, i) for low in lows) for i in range(len(_CYCLE)))


def _most_short(law: int | tuple[int, ...] | None, bylaw: int | tuple[int, ...] | None) -> tuple[int, int]:
    """How many days the bylaws' minimum falls short of the law's at most,
    and at which date of the cycle (the first such); (0, 0) if never."""
    if law is None or bylaw is None:
        return 0, 0
    if isinstance(law, int) and isinstance(bylaw, int):
        return law - bylaw, 0
    worst = max(range(len(_CYCLE)), key=lambda i: (_at(law, i) - _at(bylaw, i), -i))
    return _at(law, worst) - _at(bylaw, worst), worst


def _declared(problem: Problem, numeric: list[Finding]) -> list[Finding]:
    """The packs' declared findings whose bylaw rule can apply in this
    scenario.  A declared finding takes the place of the numeric ones of its
    pack rules (`rules`) on the same bylaw rule, keeping their pack rule and
    days: it says the same, with the legal reading.  Another number-based
    finding on that bylaw rule (a maximum beside a mailing rule) says
    something else and stays; it was dropped with the rest."""
    book = problem.rulebook
    by_id = {r.id: r for r in book.rules}
    found = []
    for applied in problem.packs:
        pack = applied.pack
        for spec in pack.findings:
            hints = spec.hints()
            matched = []
            for hint in hints:
                book_id, _, rule_id = hint.rpartition(":")
                if (not book_id or book_id == book.id) and rule_id in by_id:
                    matched.append(by_id[rule_id])
            if hints and not matched:
                continue
            for rule in matched or [None]:
                if rule is not None and not _can_apply_together(problem, rule, rule):
                    continue  # e.g. a default record date when the board fixes one
                same = [f for f in numeric if rule is not None and (f.pack, f.bylaw_rule) == (pack.id, rule.id)
                        and f.rule in spec.rules]
                for f in same:
                    numeric.remove(f)
                days = max((f.days for f in same if f.days is not None), default=None)
                found.append(Finding(
                    id=f"{spec.id}/{rule.id}" if rule else spec.id, kind="declared", layer=pack.layer, pack=pack.id,
                    rule=same[0].rule if same else None, cite=spec.cite,
                    bylaw_rule=rule.id if rule else None, bylaw_cite=rule.cite if rule else None,
                    days=days, verified=spec.verified and all(f.verified for f in same),
                    text=(f"{rule.cite} ({rule.id}) against {spec.cite}: " if rule else f"{spec.cite}: ") + spec.summary
                    + (f" ({days} days)" if days else ""),
                ))
    return found


def find_conflicts(problem: Problem) -> list[Finding]:
    """Every place where the rulebook's bylaws are looser than a pack's law,
    for this scenario's facts; computed from the rules alone, before planning."""
    # A rule the problem itself does not apply (its facts switch it off, or
    # an event it names is not planned: the statute's default record date, the
    # eve of notice, when notice is waived) is compared with nothing: the
    # findings said the eve-of-meeting bylaw default clashed with a statute
    # rule the plan reported as not applicable.
    off = {s.rule.id for s in problem.skipped if s.status in ("not_applicable", "waived")}
    # Each rule as the problem applies it: with notice_waived open, the
    # rules on a notice apply only where it is not waived (build_problem).
    applied = {r.id: r for r in problem.rules}
    bylaws = [applied.get(r.id, r) for r in problem.rulebook.rules
              if r.source == "bylaw" and isinstance(r, GapRule) and r.id not in off]
    laws = [
        applied.get(r.id, r) for p in problem.packs for r in p.pack.rules
        if isinstance(r, GapRule) and not r.soft and r.id not in off
    ]
    found: list[Finding] = []
    for law in laws:
        same = [
            b for b in bylaws
            if (b.before, b.after) == (law.before, law.after) and _can_apply_together(problem, b, law)
        ]
        if same and not _exact(law):  # an exact rule is a default, not a window (see _other_defaults)
            found += _compare(problem, law, same)
        found += _other_defaults(problem, law, bylaws)
    declared = _declared(problem, found)  # removes the numeric findings it replaces
    return found + declared + _disagreeing_sections(problem, bylaws)


def _disagreeing_sections(problem: Problem, bylaws: list[GapRule]) -> list[Finding]:
    """Two bylaw rules on the same events that set different windows (notice
    10-50 days in one section, 10-60 in another): the plan meets the narrower
    one, and the bylaws need reading, as with a bylaw looser than the law."""
    found = []
    for index, a in enumerate(bylaws):
        for b in bylaws[index + 1:]:
            if (a.before, a.after, a.counting, a.effective_after_days) != (b.before, b.after, b.counting, b.effective_after_days):
                continue
            if (a.min_days, a.max_days, a.max_months) == (b.min_days, b.max_days, b.max_months):
                continue
            if a.max_days is None or b.max_days is None or not _can_apply_together(problem, a, b):
                continue  # a minimum beside a window is a stricter condition, not a disagreement
            found.append(Finding(
                id=f"{a.id}/{b.id}", kind="disagreeing_sections", layer="bylaw", pack="(rulebook)", rule=a.id, cite=a.cite,
                bylaw_rule=b.id, bylaw_cite=b.cite, verified=True,
                text=(f"{a.cite} ({a.id}: {a.describe()}) and {b.cite} ({b.id}: {b.describe()}) set different windows "
                      f"for the same events; the plan meets both, so the narrower governs: which section the bylaws "
                      f"mean needs reading"),
            ))
    return found


def _exact(rule: GapRule) -> bool:
    return rule.min_days is not None and rule.min_days == rule.max_days


def _same_day(a: GapRule, b: GapRule) -> bool:
    """Whether two exact rules on the same events pin the first event to the
    same day: the same count of the same days (clear days as calendar days
    plus one), or none at all however counted."""
    a_day, b_day = _calendar_bounds(a)[0], _calendar_bounds(b)[0]
    if a_day == b_day == 0:
        return True
    return a_day == b_day and (a.counting == "business") == (b.counting == "business")


def _other_defaults(problem: Problem, law: GapRule, bylaws: list[GapRule]) -> list[Finding]:
    """A default the bylaws state differently: both rules pin the same event
    exactly, to different events (Porter McLeod's record date the day before
    the meeting against DGCL §213(a)'s the day before notice), or to the same
    event at another distance (Missouri 351.250's twentieth day before the
    meeting against Porter McLeod's day before; California 701(b)'s business
    day before notice against a bylaw's calendar day before, which differ
    after a weekend).  Only other events were looked at, and an exact law
    was never compared as a window, so a default on the same events set to
    another day went unreported."""
    if not _exact(law):
        return []
    pack, layer = problem.pack_of(law), problem.layer(law)
    found = []
    for b in bylaws:
        if not (_exact(b) and b.before == law.before and _can_apply_together(problem, b, law)):
            continue
        first = event_name(b.before, None)
        if b.after == law.after:
            if _same_day(b, law):
                continue
            if _calendar_bounds(b)[0] == _calendar_bounds(law)[0]:
                clash = "one counts business days, the other calendar days: they differ whenever a weekend or holiday falls between"
            else:
                clash = "both cannot hold"
        else:
            clash = "both cannot hold unless the two dates coincide"
        found.append(Finding(
            id=f"{law.id}/{b.id}", kind="other_default", layer=layer, pack=pack.id, rule=law.id, cite=law.cite,
            bylaw_rule=b.id, bylaw_cite=b.cite, verified=law.verified,
            # describe() opens with the event's spoken name ("record date"), not its id
            text=(f"{b.cite} ({b.id}) puts the {first} {b.describe().removeprefix(first + ' ')}; "
                  f"{law.cite} ({law.id}) puts it {law.describe().removeprefix(first + ' ')}: "
                  f"{clash}, and the {layer} rule governs"),
        ))
    return found
