"""The documents a user writes and how they are read: rulebooks, scenarios,
rule packs and dates files as pydantic models, YAML loading with its
limits, `extends`, and packs layered onto a scenario.

Layer 3 of the planner. May import: planner.errors, planner.days, planner.rules.
"""

__all__: list[str] = []
