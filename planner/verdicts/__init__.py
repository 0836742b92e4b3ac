"""The answers: a solved calendar re-checked without the solver (solve,
checker), a given calendar checked (checker), the minimal conflicts and
smallest fixes or each event's window (explanations), and the Plan model
they all return (results); `answers` asks the three questions of a built
problem for every face; `memo` keeps what the re-check and the Plan compute
from the problem alone, once per problem.

Layer 7 of the planner. May import: the layers below it: planner.errors, days, rules, model, drafting, engine, law.
"""

__all__: list[str] = []
