"""Corporate meeting-calendar planner: bylaws timing rules solved with CP-SAT.

>>> import planner
>>> result = planner.plan("scenarios/williams-natural-gas-2027.yaml")
>>> result.status
'feasible'
"""

from .api import DatesFile, check, explain, plan
from .business_calendar import BusinessCalendar
from .dates import DateExpr, parse_yearly
from .documents import EventSpec, FactSpec, Rulebook, Scenario
from .explanations import Conflict, Explanation, Fix
from .errors import (
    DateExpressionError,
    DatesFileError,
    HorizonError,
    InputError,
    PackError,
    PlannerError,
    RulebookError,
    ScenarioError,
)
from .external_dates import ExternalCalendar, ExternalDate, ExternalWarning
from .findings import Finding
from .loading import bundled_rulebooks, load_rulebook, load_scenario
from .packs import Pack, bundled_packs, load_pack
from .results import EventResult, Plan, RuleResult
from .rules import RULE_KINDS
from .solve import SolverError, VerificationError

__all__ = [
    "plan",
    "check",
    "explain",
    "Explanation",
    "Conflict",
    "Fix",
    "DatesFile",
    "Plan",
    "EventResult",
    "RuleResult",
    "Rulebook",
    "Scenario",
    "EventSpec",
    "FactSpec",
    "DateExpr",
    "BusinessCalendar",
    "RULE_KINDS",
    "parse_yearly",
    "load_rulebook",
    "load_scenario",
    "bundled_rulebooks",
    "PlannerError",
    "InputError",
    "RulebookError",
    "ScenarioError",
    "DatesFileError",
    "DateExpressionError",
    "HorizonError",
    "PackError",
    "Pack",
    "load_pack",
    "bundled_packs",
    "Finding",
    "ExternalCalendar",
    "ExternalDate",
    "ExternalWarning",
    "SolverError",
    "VerificationError",
]
