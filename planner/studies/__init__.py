"""Studies built on many plans or on a changed problem: what-if sweeps
(sweep, variants, whatif, parallel), date maps, several years, adjourned
and postponed meetings, special meetings on demand (derived problems), and
the text of what changed.

Layer 9 of the planner. May import: the layers below it: planner.errors, days, rules, model, drafting, engine, law, verdicts, outputs.
"""

__all__: list[str] = []
