"""The calendar a user gives to `planner check`: event ids to dates, and
the facts picked (the file behind --dates, and the HTTP body's `dates`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from planner.model.limits import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from planner.rules.base import FactValue

__all__ = ["DatesFile"]


class DatesFile(BaseModel):
    """A calendar to check: event ids to dates, and the facts picked."""

    model_config = ConfigDict(extra="ignore")

    events: dict[str, date] = Field(description="Event id to date; a plan's JSON events list is accepted too.")
    facts: dict[str, FactValue] = Field(default_factory=dict)

    @field_validator("events", mode="before")
    @classmethod
    def _from_plan_json(cls, value: Any) -> Any:
        if isinstance(value, list):  # the "events" list of `planner plan --format json`
            for index, item in enumerate(value):
                # Anything else in the list is a mistake, not an empty calendar to find non-compliant.
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    raise ValueError(f"item {index} ({str(item)[:40]!r}) is not an event of a plan's JSON "
                                     "({id: ..., date: ...}); write events as {id: date}")
            return {e["id"]: e.get("date") for e in value if e.get("date")}
        return value

    @field_validator("events")
    @classmethod
    def _plan_years(cls, value: dict[str, date]) -> dict[str, date]:
        # A calendar's dates lie in the years the planner plans; 0001-01-01 is a typo (and
        # overflows day arithmetic).
        first, last = FIRST_PLAN_YEAR - 1, LAST_PLAN_YEAR + 1
        for event, day in value.items():
            if not first <= day.year <= last:
                raise ValueError(f"{event}: {day} is outside the years {first}..{last}")
        return value
