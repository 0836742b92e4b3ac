"""Conflicts between layers, found before planning.

A bylaw may be stricter than the statute, never looser.  Where a bylaw rule
allows what a pack's rule forbids, the plan still meets both (every hard
rule holds), but the secretary must know that the bylaw's own number cannot
be relied on.  Two sources:

* numbers: a bylaw ``gap`` and a pack ``gap`` over the same two events and
  the same counting, that can apply together (their facts agree), where the
  bylaw's minimum is shorter, its maximum longer, or its notice counts as
  given sooner (``effective_after_days``) than the pack's;
* data: a pack's ``findings`` for differences numbers do not show (the
  Colorado rule on when mailed notice is effective against a bylaw's "when
  deposited"), reported when the rulebook has the bylaw rule they name.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .problem import Problem
from .rules import RuleBase
from .rules.gap import GapRule

__all__ = ["Finding", "FindingKind", "find_conflicts"]

FindingKind = Literal["shorter_minimum", "longer_maximum", "longer_months", "effective_sooner", "declared"]


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


def _compare(problem: Problem, bylaw: GapRule, law: GapRule) -> list[Finding]:
    if (bylaw.counting == "business") != (law.counting == "business"):
        return []  # business and calendar days do not compare as numbers
    pack = problem.pack_of(law)
    layer = problem.layer(law)
    (b_low, b_high), (l_low, l_high) = _calendar_bounds(bylaw), _calendar_bounds(law)
    found = []

    def add(kind: str, days: int | None, what: str) -> None:
        found.append(Finding(
            id=f"{law.id}/{bylaw.id}", kind=kind, layer=layer, pack=pack.id, rule=law.id, cite=law.cite,
            bylaw_rule=bylaw.id, bylaw_cite=bylaw.cite, days=days, verified=law.verified,
            text=(f"{bylaw.cite} ({bylaw.id}: {bylaw.describe()}) {what}; {law.cite} ({law.id}: {law.describe()}) "
                  f"requires more, and the {layer} rule binds"
                  + (f": {days} days" if days is not None else f": {bylaw.max_months - law.max_months} months")),
        ))

    if b_low is not None and l_low is not None and b_low < l_low:
        if bylaw.effective_after_days < law.effective_after_days:
            add("effective_sooner", l_low - b_low,
                f"counts {bylaw.before} as given {bylaw.effective_after_days} days after sending, "
                f"where the {layer} rule counts {law.effective_after_days}")
        else:
            add("shorter_minimum", l_low - b_low, f"allows {bylaw.before} as late as {b_low} days before {bylaw.after}")
    if b_high is not None and l_high is not None and b_high > l_high:
        add("longer_maximum", b_high - l_high, f"allows {bylaw.before} as early as {b_high} days before {bylaw.after}")
    if bylaw.max_months is not None and law.max_months is not None and bylaw.max_months > law.max_months:
        add("longer_months", None, f"allows {bylaw.after} up to {bylaw.max_months} months after {bylaw.before}")
    return found


def _declared(problem: Problem) -> list[Finding]:
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
                found.append(Finding(
                    id=f"{spec.id}/{rule.id}" if rule else spec.id, kind="declared", layer=pack.layer, pack=pack.id,
                    cite=spec.cite, bylaw_rule=rule.id if rule else None, bylaw_cite=rule.cite if rule else None,
                    verified=spec.verified,
                    text=(f"{rule.cite} ({rule.id}) against {spec.cite}: " if rule else f"{spec.cite}: ") + spec.summary,
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
        for bylaw in bylaws:
            if (bylaw.before, bylaw.after) == (law.before, law.after) and _can_apply_together(problem, bylaw, law):
                found += _compare(problem, bylaw, law)
    return found + _declared(problem)
