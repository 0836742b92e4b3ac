"""What every rule kind shares: its data fields and its two faces.

A rule kind is a pydantic model with

* ``compile(ctx, enforce)``: add its constraints to the CP-SAT model under
  the enforcement literal ``enforce`` and return its *margins*: linear
  expressions that are >= 0 exactly when the rule holds, one per legal limit
  that a day's slip could break (the objective keeps them large);
* ``check(ctx)``: the same rule on a concrete calendar, without any solver,
  returning the margin in days (negative: violated by that many days).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal, Mapping, Protocol

from pydantic import BaseModel, ConfigDict, Field

from planner.days.business_calendar import BusinessCalendar
from planner.days.dates import DateExpr

__all__ = ["RuleBase", "RuleSource", "CompileContext", "CheckContext", "FactValue", "count", "event_name", "when_values"]

RuleSource = Literal["statute", "bylaw", "operational", "preference", "implied"]
FactValue = str | bool | int

# Event and rule ids appear in file names, JSON keys and CLI flags.
ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


def when_values(wanted: FactValue | list[FactValue]) -> list[FactValue]:
    """The values a rule's `when` allows for one fact: one value or a list of them."""
    return wanted if isinstance(wanted, list) else [wanted]


def count(amount: int, unit: str) -> str:
    """'1 day', '2 business days': the unit's last word takes the plural."""
    return f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s"


def event_name(event: str, names: Mapping[str, str] | None) -> str:
    """How a sentence names an event: the name given (a label, see
    planner.model.documents.event_names), else the id in words."""
    return (names or {}).get(event) or event.replace("_", " ")


class CompileContext(Protocol):
    """What the model builder offers a rule kind while compiling."""

    model: Any  # ortools.sat.python.cp_model.CpModel
    calendar: BusinessCalendar
    horizon: int

    def var(self, event: str) -> Any: ...
    def require(self, margin: Any, enforce: Any) -> None:
        """Add `margin >= 0` under the enforcement literals `enforce`."""
        ...
    def offset(self, day: date) -> int: ...
    def resolve(self, expr: DateExpr) -> date: ...
    def business_shift(self, event: str, days: int, lag: int) -> Any:
        """An int var equal to offset(add_business_days(date(event) + lag, days))."""
        ...
    def month_shift(self, event: str, months: int, lag: int) -> Any:
        """An int var equal to offset(date(event) + lag days + months calendar months)."""
        ...
    def is_business_day(self, event: str) -> Any:
        """A 0/1 var that is 1 when the event falls on a business day."""
        ...


class CheckContext(Protocol):
    """What the checker offers a rule kind: dates, never a solver."""

    calendar: BusinessCalendar

    def date(self, event: str) -> date: ...
    def resolve(self, expr: DateExpr) -> date: ...


class RuleBase(BaseModel):
    """Fields every rule carries, whatever its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    id: str = Field(pattern=ID_PATTERN, max_length=80, description="Unique id within rulebook and scenario.")
    cite: str = Field(min_length=1, max_length=200, description="Article and section, statute section, or the scenario's own reason.")
    summary: str = Field(min_length=1, max_length=1000, description="What the rule requires, in our own words.")
    source: RuleSource = Field("bylaw", description="statute | bylaw | operational | preference (soft) | implied (by what the events mean; the engine adds these).")
    when: dict[str, FactValue | list[FactValue]] = Field(
        default_factory=dict,
        description="Facts of the scenario under which the rule applies; a list means any of these values.",
    )
    weight: int = Field(1, ge=1, le=1000, description="Importance of a preference against other preferences.")
    relief: str | None = Field(
        None, max_length=500,
        description="The lawful route to set the rule aside (e.g. written waiver by every holder), for explanations.",
    )
    verified: bool = Field(
        True, description="False when the rule's number could not be checked against the text it cites; plans mark it.",
    )
    verification: str | None = Field(
        None, max_length=500, description="Where and when the rule was checked against its source, or why it could not be.",
    )
    has_margin: ClassVar[bool] = True  # whether a zero margin means "binding" in a report

    @property
    def soft(self) -> bool:
        return self.source == "preference"

    def events(self) -> tuple[str, ...]:
        """Ids of the events the rule constrains."""
        raise NotImplementedError

    def date_exprs(self) -> tuple[DateExpr, ...]:
        """Dates the rule pins events to; they bound the planning horizon."""
        return ()

    def reach_days(self) -> int:
        """How far apart, at most, the rule can push its events (for the horizon)."""
        return 0

    def compile(self, ctx: CompileContext, enforce: Any) -> list[Any]:
        raise NotImplementedError

    def keeps_margins(self) -> bool:
        """Whether the limits of this rule have room worth keeping: the
        margins compile() returns are exactly, in the same order and the same
        days, the sides of its bounds() (an Upper's fn(x[source]) -
        x[target], a Unary's x - lo then hi - x) when this is True, and
        none when False (an exact gap, a fixed date, a business day)."""
        return True

    def check(self, ctx: CheckContext) -> int:
        raise NotImplementedError

    def bounds(self, ctx: Any) -> list[Any]:
        """The rule as monotone bounds (planner.engine.propagation.Upper / Unary),
        for solver-free feasibility checks and event windows."""
        raise NotImplementedError

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The rule's arithmetic in one line a secretary reads, e.g. 'notice
        10 to 60 days before meeting'; `names` maps event ids to the words
        used for them (default: the id with spaces)."""
        raise NotImplementedError

    def count_words(self, ctx: CheckContext) -> str:
        """The count on the dates checked, against what the rule allows, in
        words: 'the record date is 61 days before the meeting; DGCL §213(a)
        allows at most 60'.  Kinds without a count say what they require."""
        return f"{self.cite} requires {self.describe()}"
