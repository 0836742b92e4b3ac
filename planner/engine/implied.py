"""What the meaning of the events implies, applied to a problem.

Two things follow from the vocabulary (planner.model.vocabulary) whatever a
rulebook writes: the implied order of the events (a list of holders of
record cannot exist before the record date), and that a waived notice is
not a mailing (no notice is planned, nor what only serves it).
"""

from __future__ import annotations

from planner.model.documents import EventSpec, FactSpec, Rulebook
from planner.model.vocabulary import IMPLIED_RULES, NOTICE_WAIVED, SHAREHOLDER_NOTICE, STANDARD_EVENTS
from planner.rules import RuleBase
from planner.rules.base import FactValue, when_values
from planner.rules.gap import GapRule

__all__ = ["implied_rules", "serving_notice", "IMPLIED_IDS"]

IMPLIED_IDS = frozenset(rule.id for rule in IMPLIED_RULES)


def implied_rules(events: dict[str, EventSpec], book: Rulebook,
                  specs: dict[str, FactSpec]) -> tuple[list[GapRule], list[tuple[GapRule, str]]]:
    """The implied rules between planned events, and those the rulebook
    switched off with its reason.  A rule switched off under some values of
    a fact applies under the others."""
    on, off = [], []
    for implied in IMPLIED_RULES:
        if implied.before not in events or implied.after not in events:
            continue
        rule = GapRule(
            kind="gap", id=implied.id, source="implied", cite=f"implied: {implied.cite}",
            summary=f"Implied by what the events mean: {implied.reason}.",
            before=implied.before, after=implied.after, min_days=implied.min_days,
        )
        switched = book.implied_off.get(implied.id)
        if switched is None:
            on.append(rule)
        elif not switched.when:
            off.append((rule, f"switched off by the rulebook: {switched.reason}"))
        else:
            (fact, values), = switched.when.items()
            values = when_values(values)
            rest = [v for v in specs[fact].values if v not in values]
            on.append(rule.model_copy(update={
                "when": {fact: rest}, "summary": f"{rule.summary} Off when {fact} is {' or '.join(map(str, values))}: "
                                                 f"{switched.reason}",
            }))
    return on, off


def serving_notice(rules: list[RuleBase], facts: dict[str, FactValue]) -> set[str]:
    """With notice waived, the notice event and the events that only serve
    it (printing and mailing that must come before the notice and before
    nothing else), found by a fixpoint over the rules; empty otherwise."""
    if facts.get(NOTICE_WAIVED) is not True:
        return set()
    serving = {SHAREHOLDER_NOTICE}
    changed = True
    while changed:
        changed = False
        precedes: dict[str, set[str]] = {}
        for rule in rules:
            if isinstance(rule, GapRule):
                precedes.setdefault(rule.before, set()).add(rule.after)
        for event, later in precedes.items():
            if event not in serving and event not in STANDARD_EVENTS and later <= serving:
                serving.add(event)
                changed = True
    return serving
