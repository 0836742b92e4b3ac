"""Plans and explanations for people and other programs: text tables,
.ics calendars, timeline charts, HTML and Markdown reports (templates/).

Layer 8 of the planner. May import: the layers below it: planner.errors, days, rules, model, drafting, engine, law, verdicts.
"""

__all__: list[str] = []
