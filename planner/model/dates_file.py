"""The calendar a user gives to `planner check`: event ids to dates, and
the facts picked (the file behind --dates, and the HTTP body's `dates`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
            return {e.get("id"): e.get("date") for e in value if isinstance(e, dict) and e.get("date")}
        return value
