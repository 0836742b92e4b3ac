"""Corporate meeting-calendar planner: bylaws timing rules solved with CP-SAT.

>>> import planner
>>> result = planner.plan("scenarios/williams-natural-gas-2027.yaml")
>>> result.status
'feasible'
"""

from planner.studies.adjournment import AdjournmentResult, adjourn
from planner.faces.api import DatesFile, check, draft, explain, plan
from planner.drafting.draft import Draft
from planner.studies.derived import Requirement
from planner.studies.special_meeting import SpecialMeetingResult, special_meeting
from planner.days.business_calendar import BusinessCalendar
from planner.studies.date_map import DateMap, DateMapDay, date_map
from planner.studies.date_map_chart import save_date_map_chart
from planner.days.dates import DateExpr, parse_yearly
from planner.model.documents import EventSpec, FactSpec, Rulebook, Scenario
from planner.verdicts.explanations import Conflict, Explanation, Fix
from planner.errors import (
    DateExpressionError,
    DatesFileError,
    DraftError,
    HorizonError,
    InputError,
    PackError,
    PlannerError,
    RulebookError,
    ScenarioError,
)
from planner.outputs.ics import NoCalendarError, to_ics, write_ics
from planner.outputs.report import to_report, write_report
from planner.outputs.timeline_chart import to_chart, write_chart
from planner.law.external_dates import ExternalCalendar, ExternalDate, ExternalWarning
from planner.law.findings import Finding
from planner.model.loading import bundled_rulebooks, load_rulebook, load_scenario
from planner.model.packs import Pack, bundled_packs, load_pack
from planner.verdicts.results import EventResult, Plan, RuleResult
from planner.rules import RULE_KINDS
from planner.verdicts.solve import SolverError, SolverTimeout, VerificationError
from planner.studies.years import Cycle, YearsPlan, plan_years
from planner.studies.sweep import Sweep, SweepError, Variation
from planner.studies.variants import VariantRow
from planner.studies.whatif import WhatIf, whatif

__all__ = [
    "plan",
    "check",
    "explain",
    "draft",
    "Draft",
    "DraftError",
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
    "SolverTimeout",
    "VerificationError",
]
