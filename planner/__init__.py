"""Corporate meeting-calendar planner: bylaws timing rules solved with CP-SAT.

>>> import planner
>>> result = planner.plan("scenarios/williams-natural-gas-2027.yaml")
>>> result.status
'feasible'
"""

# Each public name is imported from its layer on first use (PEP 562), not
# here: a cold `planner rules` or `planner check` then loads neither CP-SAT
# (with the numpy and pandas it pulls in) nor the drafting, chart and report
# modules it never runs.  `from planner import plan` and `planner.plan` work
# as before; __all__ below stays the explicit list of the public API.

from importlib import import_module as _import_module

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

# Public name -> the module that defines it.
_WHERE = {
    **dict.fromkeys(('plan', 'check', 'explain', 'draft', 'DatesFile'), "planner.faces.api"),
    **dict.fromkeys(('Draft',), "planner.drafting.draft"),
    **dict.fromkeys(('DraftError', 'PlannerError', 'InputError', 'RulebookError', 'ScenarioError', 'DatesFileError', 'DateExpressionError', 'HorizonError', 'PackError'), "planner.errors"),
    **dict.fromkeys(('to_ics', 'write_ics', 'NoCalendarError'), "planner.outputs.ics"),
    **dict.fromkeys(('to_chart', 'write_chart'), "planner.outputs.timeline_chart"),
    **dict.fromkeys(('to_report', 'write_report'), "planner.outputs.report"),
    **dict.fromkeys(('adjourn', 'AdjournmentResult'), "planner.studies.adjournment"),
    **dict.fromkeys(('special_meeting', 'SpecialMeetingResult'), "planner.studies.special_meeting"),
    **dict.fromkeys(('Requirement',), "planner.studies.derived"),
    **dict.fromkeys(('date_map', 'DateMap', 'DateMapDay'), "planner.studies.date_map"),
    **dict.fromkeys(('save_date_map_chart',), "planner.studies.date_map_chart"),
    **dict.fromkeys(('plan_years', 'YearsPlan', 'Cycle'), "planner.studies.years"),
    **dict.fromkeys(('whatif', 'WhatIf'), "planner.studies.whatif"),
    **dict.fromkeys(('VariantRow',), "planner.studies.variants"),
    **dict.fromkeys(('Sweep', 'Variation', 'SweepError'), "planner.studies.sweep"),
    **dict.fromkeys(('Explanation', 'Conflict', 'Fix'), "planner.verdicts.explanations"),
    **dict.fromkeys(('Plan', 'EventResult', 'RuleResult'), "planner.verdicts.results"),
    **dict.fromkeys(('Rulebook', 'Scenario', 'EventSpec', 'FactSpec'), "planner.model.documents"),
    **dict.fromkeys(('DateExpr', 'parse_yearly'), "planner.days.dates"),
    **dict.fromkeys(('BusinessCalendar',), "planner.days.business_calendar"),
    **dict.fromkeys(('RULE_KINDS',), "planner.rules"),
    **dict.fromkeys(('load_rulebook', 'load_scenario', 'bundled_rulebooks'), "planner.model.loading"),
    **dict.fromkeys(('Pack', 'load_pack', 'bundled_packs'), "planner.model.packs"),
    **dict.fromkeys(('Finding',), "planner.law.findings"),
    **dict.fromkeys(('ExternalCalendar', 'ExternalDate', 'ExternalWarning'), "planner.law.external_dates"),
    **dict.fromkeys(('SolverError', 'SolverTimeout', 'VerificationError'), "planner.verdicts.solve"),
}


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(_import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
