"""The registry of rule kinds: one module a kind, all with the same hooks."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from .base import CheckContext, CompileContext, RuleBase
from .business_day import BusinessDayRule
from .date_window import DateWindowRule
from .gap import GapRule
from .on_date import OnDateRule

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
