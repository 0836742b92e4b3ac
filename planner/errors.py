"""One exception root for everything the planner refuses.

Every message is one line that names the file and the field at fault, so the
command line can print it as it is and exit with code 2.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

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
    "rule_ref",
    "refused_path",
]


def rule_ref(index: int, rule_id: object = None) -> str:
    """A rule as a message names it: counted from 1, with its id
    ("rule 6 (printing-lead)"), not a list index from 0."""
    return f"rule {index + 1}" + (f" ({rule_id})" if isinstance(rule_id, str) and rule_id else "")


class PlannerError(Exception):
    """Root of every error the planner raises on purpose."""


class InputError(PlannerError, ValueError):
    """Bad input: names the file (if any) and the field path."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None,
                 keys: tuple[str | int, ...] | None = None, line: int | None = None):
        self.file = file
        self.field = field  # in the user's words: "rule 6 (printing-lead), min_days"
        self.keys = keys  # the same place as keys and 0-based indexes, for programs (the HTTP service's loc)
        self.line = line  # the line of the file, counted from 1, when known
        self.detail = message
        if line is not None:
            file = f"{file or 'input'}, line {line}"
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


@contextmanager
def refused_path(path: object, error: type[InputError] = InputError, *, doing: str,
                 field: str | None = None) -> Iterator[None]:
    """The system's refusals of a path, as bad input naming it: its own words
    for an OSError ("File name too long", "Too many levels of symbolic
    links"), and a NUL byte, which os functions refuse with ValueError.  Both
    escaped as exit 3.  An InputError raised inside (a ValueError too) passes
    as it is."""
    name = str(path)
    try:
        yield
    except InputError:
        raise
    except OSError as exc:
        raise error(f"cannot {doing}: {exc.strerror or type(exc).__name__}", file=name, field=field) from None
    except ValueError:
        raise error("is no file name: it holds a NUL byte", file=name.replace("\0", "\\0"), field=field) from None
