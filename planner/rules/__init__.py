"""The rule kinds: one module a kind, each with the same hooks (compile to
CP-SAT under an enforcement literal, check a calendar without a solver,
state its bounds for the exact propagation), and their registry.

Layer 2 of the planner. May import: planner.errors, planner.days.
"""


from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from planner.rules.base import CheckContext, CompileContext, RuleBase
from planner.rules.business_day import BusinessDayRule
from planner.rules.date_window import DateWindowRule
from planner.rules.gap import GapRule
from planner.rules.on_date import OnDateRule

__all__ = ["RULE_KINDS", "Rule", "RuleBase", "CompileContext", "CheckContext"]

RULE_KINDS: dict[str, type[RuleBase]] = {
    "gap": GapRule,
    "on_date": OnDateRule,
    "date_window": DateWindowRule,
    "business_day": BusinessDayRule,
}

Rule = Annotated[
    Union[GapRule, OnDateRule, DateWindowRule, BusinessDayRule],
    Field(discriminator="kind"),
]
