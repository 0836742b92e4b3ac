"""Plans and explanations for people and other programs: text tables,
.ics calendars, timeline charts, HTML and Markdown reports (templates/).

Layer 7 of the planner. May import: the layers below it: planner.errors, days, rules, model, engine, law, verdicts.
"""

__all__: list[str] = []
