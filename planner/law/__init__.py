"""What the law says around a problem beyond its rules: findings where a
bylaw is looser than the statute over it, and the SEC and exchange dates
outside the plan (proposal deadlines, filing dates).

Layer 6 of the planner. May import: the layers below it: planner.errors, days, rules, model, drafting, engine.
"""

__all__: list[str] = []
