"""One exception root for everything the planner refuses.

Every message is one line that names the file and the field at fault, so the
command line can print it as it is and exit with code 2.
"""

from __future__ import annotations

__all__ = [
    "PlannerError",
    "InputError",
    "RulebookError",
    "ScenarioError",
    "DatesFileError",
    "DateExpressionError",
    "MissingDateError",
    "HorizonError",
    "PackError",
    "DraftError",
]


class PlannerError(Exception):
    """Root of every error the planner raises on purpose."""


class InputError(PlannerError, ValueError):
    """Bad input: names the file (if any) and the field path."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None):
        self.file = file
        self.field = field
        self.detail = message
        where = ": ".join(part for part in (file, field) if part)
        super().__init__(f"{where}: {message}" if where else message)


class RulebookError(InputError):
    """A rulebook file or model is invalid."""


class ScenarioError(InputError):
    """A scenario file or model is invalid."""


class DatesFileError(InputError):
    """A calendar given to `planner check` is invalid."""


class DateExpressionError(InputError):
    """A date written in the bylaws' terms could not be understood."""


class MissingDateError(DateExpressionError, ScenarioError):
    """A date rule that names no day in some year ("the fifth Wednesday of
    April" in 2027): the rule is readable, that year just has no such day,
    so a run over several years reports the year and plans the others."""


class HorizonError(ScenarioError):
    """The dates a scenario asks for span more days than the planner allows."""


class PackError(InputError):
    """A rule pack (statute or securities rules layered on a rulebook) is invalid."""


class DraftError(InputError):
    """A bylaws document given to `planner draft` cannot be read."""
