"""Corporate meeting-calendar planner: bylaws timing rules solved with CP-SAT.

>>> import planner
>>> result = planner.plan("scenarios/williams-natural-gas-2027.yaml")
>>> result.status
'feasible'
"""

from .adjournment import AdjournmentResult, adjourn
from .api import DatesFile, check, explain, plan
from .derived import Requirement
from .special_meeting import SpecialMeetingResult, special_meeting
from .business_calendar import BusinessCalendar
from .date_map import DateMap, DateMapDay, date_map
from .date_map_chart import save_date_map_chart
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
from .ics import NoCalendarError, to_ics, write_ics
from .report import to_report, write_report
from .timeline_chart import to_chart, write_chart
from .external_dates import ExternalCalendar, ExternalDate, ExternalWarning
from .findings import Finding
from .loading import bundled_rulebooks, load_rulebook, load_scenario
from .packs import Pack, bundled_packs, load_pack
from .results import EventResult, Plan, RuleResult
from .rules import RULE_KINDS
from .solve import SolverError, VerificationError
from .years import Cycle, YearsPlan, plan_years
from .sweep import Sweep, SweepError, Variation
from .whatif import VariantRow, WhatIf, whatif

__all__ = [
    "plan",
    "check",
    "explain",
    "to_ics",
    "write_ics",
    "to_chart",
    "write_chart",
    "to_report",
    "write_report",
    "adjourn",
    "special_meeting",
    "AdjournmentResult",
    "SpecialMeetingResult",
    "Requirement",
    "date_map",
    "DateMap",
    "DateMapDay",
    "save_date_map_chart",
    "plan_years",
    "YearsPlan",
    "Cycle",
    "whatif",
    "WhatIf",
    "VariantRow",
    "Sweep",
    "Variation",
    "SweepError",
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
    "NoCalendarError",
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
