"""Days: date expressions in the bylaws' own terms ("last Wednesday of
April", "next business day"), business calendars from python-holidays, and
the day arithmetic every rule counts with.

Layer 1 of the planner. May import: planner.errors only.
"""

__all__: list[str] = []
