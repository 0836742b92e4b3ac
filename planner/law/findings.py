"""Conflicts between layers, found before planning.

A bylaw may be stricter than the statute, never looser.  Where a bylaw rule
allows what a pack's rule forbids, the plan still meets both (every hard
rule holds), but the secretary must know that the bylaw's own number cannot
be relied on.  Two sources:

* numbers: a pack ``gap`` against the bylaw ``gap`` rules over the same two
  events and the same counting that can apply with it (their facts agree),
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

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.engine.problem import Problem
from planner.rules import RuleBase
from planner.rules.gap import GapRule

__all__ = ["Finding", "FindingKind", "find_conflicts"]

FindingKind = Literal[
    "shorter_minimum", "longer_maximum", "longer_months", "no_maximum", "effective_sooner", "other_default", "declared",
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
    days: int | None = Field(None, description="How many days looser the bylaw is.")
    verified: bool = Field(True, description="False when the pack's rule is marked unverified.")
    text: str


def _values(wanted) -> set:
    return set(wanted if isinstance(wanted, list) else [wanted])


def _can_apply_together(problem: Problem, a: RuleBase, b: RuleBase) -> bool:
    """Whether some choice of the scenario's open facts lets both rules apply."""
    for fact in set(a.when) | set(b.when):
        allowed = set(problem.choices.get(fact, [problem.facts.get(fact)]))
        for rule in (a, b):
            if fact in rule.when:
                allowed &= _values(rule.when[fact])
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


def _always_applies(problem: Problem, rule: RuleBase) -> bool:
    return all(problem.facts.get(fact, object()) in _values(wanted) for fact, wanted in rule.when.items())


def _compare(problem: Problem, law: GapRule, bylaws: list[GapRule]) -> list[Finding]:
    """Findings for one pack rule against the bylaw rules on the same two
    events, taken as a whole: on each side the bylaws' strongest limit counts
    (among the rules that always apply in this scenario, if any states one),
    so a 30-day notice for a share increase is still capped by the general
    60-day window, and only the 30 days are compared with a 35-day law."""
    pack, layer = problem.pack_of(law), problem.layer(law)
    l_low, l_high = _calendar_bounds(law)
    always = [b for b in bylaws if _always_applies(problem, b)]

    def strongest(limit, best) -> list[GapRule]:
        pool = [b for b in always if limit(b) is not None] or [b for b in bylaws if limit(b) is not None]
        value = best((limit(b) for b in pool), default=None)
        return [b for b in pool if limit(b) == value]

    found = []

    def add(bylaw: GapRule, kind: str, days: int | None, what: str) -> None:
        amount = f"{days} days" if days is not None else (
            f"{bylaw.max_months - law.max_months} months" if kind == "longer_months" else "no limit in the bylaws")
        found.append(Finding(
            id=f"{law.id}/{bylaw.id}", kind=kind, layer=layer, pack=pack.id, rule=law.id, cite=law.cite,
            bylaw_rule=bylaw.id, bylaw_cite=bylaw.cite, days=days, verified=law.verified,
            text=(f"{bylaw.cite} ({bylaw.id}: {bylaw.describe()}) {what}; {law.cite} ({law.id}: {law.describe()}) "
                  f"is stricter and binds ({amount})"),
        ))

    for bylaw in strongest(lambda b: _calendar_bounds(b)[0], max) if l_low is not None else []:
        b_low = _calendar_bounds(bylaw)[0]
        if b_low < l_low:
            if bylaw.effective_after_days < law.effective_after_days:
                add(bylaw, "effective_sooner", l_low - b_low,
                    f"counts {bylaw.before} as given {bylaw.effective_after_days} days after sending, "
                    f"where the {layer} rule counts it {law.effective_after_days} days after")
            else:
                add(bylaw, "shorter_minimum", l_low - b_low, f"allows {bylaw.before} as late as {b_low} days before {bylaw.after}")
    for bylaw in strongest(lambda b: _calendar_bounds(b)[1], min) if l_high is not None else []:
        b_high = _calendar_bounds(bylaw)[1]
        if b_high > l_high:
            add(bylaw, "longer_maximum", b_high - l_high, f"allows {bylaw.before} as early as {b_high} days before {bylaw.after}")
    for bylaw in strongest(lambda b: b.max_months, min) if law.max_months is not None else []:
        if bylaw.max_months > law.max_months:
            add(bylaw, "longer_months", None, f"allows {bylaw.after} up to {bylaw.max_months} months after {bylaw.before}")
    if l_high is not None and not any(_calendar_bounds(b)[1] is not None for b in bylaws):
        # A one-sided bylaw window ("at least 15 days' notice") lets through
        # what the law's other side forbids.
        for bylaw in bylaws:
            if bylaw.min_days:  # a window with a positive minimum, not a mere "not before"
                add(bylaw, "no_maximum", None, f"sets no latest limit on how early {bylaw.before} may come")
    return found


def _declared(problem: Problem, numeric: list[Finding]) -> list[Finding]:
    """The packs' declared findings whose bylaw rule can apply in this
    scenario.  A declared finding takes the place of the numeric ones of the
    same pack on the same bylaw rule, keeping their pack rule and days: it
    says the same, with the legal reading."""
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
                same = [f for f in numeric if rule is not None and (f.pack, f.bylaw_rule) == (pack.id, rule.id)]
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
    bylaws = [r for r in problem.rulebook.rules if r.source == "bylaw" and isinstance(r, GapRule)]
    laws = [
        r for p in problem.packs for r in p.pack.rules
        if isinstance(r, GapRule) and not r.soft
    ]
    found: list[Finding] = []
    for law in laws:
        same = [
            b for b in bylaws
            if (b.before, b.after) == (law.before, law.after)
            # business and calendar days do not compare as numbers
            and (b.counting == "business") == (law.counting == "business")
            and _can_apply_together(problem, b, law)
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


def _other_defaults(problem: Problem, law: GapRule, bylaws: list[GapRule]) -> list[Finding]:
    """A default the bylaws state differently: both rules pin the same event
    exactly, but to different events (Porter McLeod's record date the day
    before the meeting against DGCL §213(a)'s the day before notice)."""
    if not _exact(law):
        return []
    pack, layer = problem.pack_of(law), problem.layer(law)
    return [
        Finding(
            id=f"{law.id}/{b.id}", kind="other_default", layer=layer, pack=pack.id, rule=law.id, cite=law.cite,
            bylaw_rule=b.id, bylaw_cite=b.cite, verified=law.verified,
            text=(f"{b.cite} ({b.id}) puts {b.before} {b.describe().removeprefix(b.before + ' ')}; "
                  f"{law.cite} ({law.id}) puts it {law.describe().removeprefix(law.before + ' ')}: "
                  f"both cannot hold unless the two dates coincide, and the {layer} rule governs"),
        )
        for b in bylaws
        if _exact(b) and b.before == law.before and b.after != law.after and _can_apply_together(problem, b, law)
    ]
