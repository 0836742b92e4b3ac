"""The problem and its two engines: a scenario resolved with its rulebook
and packs into events, rules and day arithmetic (problem); the CP-SAT model
(compiler); the exact monotone propagation that decides feasibility and
event windows without a solver (propagation).

Layer 5 of the planner. May import: planner.errors, planner.days, planner.rules, planner.model, planner.drafting.
"""

__all__: list[str] = []
