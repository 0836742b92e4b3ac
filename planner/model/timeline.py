"""A published meeting timeline, as a proxy statement or an 8-K gives it:
the company, its state and listing, the kind of meeting, and the record,
mailing and meeting dates.  Checked against the statute and listing packs
alone, with no bylaws rulebook (``planner check --incorporation XX``)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.errors import DatesFileError
from planner.model.documents import Rulebook
from planner.model.limits import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from planner.model.loading import read_text

__all__ = ["Timeline", "read_timelines", "statute_only_rulebook", "STATUTE_ONLY", "TIMELINE_EVENTS", "MAX_TIMELINES"]

MAX_TIMELINES = 5000  # rows in one file: a season's filings, not a denial of service
# The timeline's columns and the standard events they date.
TIMELINE_EVENTS = {"record_date": "record_date", "mailing_date": "notice", "meeting_date": "meeting"}


class Timeline(BaseModel):
    """One published timeline; a CSV row of `planner check --timelines`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    company: str = Field("", max_length=200)
    state: str = Field(pattern=r"^[A-Z]{2}$", description="State of incorporation.")
    listing: Literal["none", "nyse", "nasdaq"] = "none"
    kind: Literal["annual", "special"] = "annual"
    record_date: date | None = None
    mailing_date: date | None = Field(None, description="The day notice was mailed (or first sent).")
    meeting_date: date

    @field_validator("record_date", "mailing_date", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("state", "listing", "kind", mode="before")
    @classmethod
    def _case(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        value = value.strip()
        return value.upper() if len(value) == 2 else value.lower() or "none"

    @model_validator(mode="after")
    def _order(self) -> "Timeline":
        if not FIRST_PLAN_YEAR <= self.meeting_date.year <= LAST_PLAN_YEAR:
            raise ValueError(f"meeting_date {self.meeting_date} is outside the years {FIRST_PLAN_YEAR}..{LAST_PLAN_YEAR}")
        for name in ("record_date", "mailing_date"):
            day = getattr(self, name)
            if day is not None and abs((self.meeting_date - day).days) > 3660:
                raise ValueError(f"{name} {day} is more than ten years from the meeting {self.meeting_date}")
        return self

    def events(self) -> dict[str, date]:
        return {event: getattr(self, column) for column, event in TIMELINE_EVENTS.items() if getattr(self, column)}


def read_timelines(path: str | Path, text: str | None = None) -> list[Timeline]:
    """The rows of a timelines CSV (header: company, state, listing, kind,
    record_date, mailing_date, meeting_date; other columns are kept out)."""
    source = str(path)
    if text is None:
        # A regular file of at most MAX_FILE_BYTES, refused before reading
        # otherwise (/dev/zero or a pipe hung it); a spreadsheet's BOM dropped.
        text = read_text(Path(path), error=DatesFileError).removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _rows(reader, source)
    except csv.Error as exc:
        # The csv module's own refusals (a field over its 131,072-character limit): exit 3 until
        # they named the line they stopped at.
        raise DatesFileError(f"cannot read the CSV: {exc}", file=source, field=f"line {reader.line_num + 1}") from None


def _rows(reader: csv.DictReader, source: str) -> list[Timeline]:
    missing = {"state", "meeting_date"} - set(reader.fieldnames or ())
    if missing:
        raise DatesFileError(f"no column {sorted(missing)[0]!r} in the header", file=source, field="header")
    rows = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_TIMELINES:
            raise DatesFileError(f"more than {MAX_TIMELINES} timelines", file=source, field=f"line {number}")
        try:
            rows.append(Timeline.model_validate({k: v for k, v in row.items() if k}))
        except ValueError as exc:
            error = exc.errors()[0] if hasattr(exc, "errors") else {"loc": (), "msg": str(exc)}
            where = ".".join(str(p) for p in error["loc"]) or "row"
            raise DatesFileError(error["msg"].removeprefix("Value error, "), file=source,
                                 field=f"line {number}: {where}") from None
    return rows


# The id of the rulebook a calendar checked against the law alone gets: no bylaws.
STATUTE_ONLY = "statute-only"


def statute_only_rulebook(state: str) -> Rulebook:
    """A rulebook that adds nothing to the law: the meeting's steps in the
    standard vocabulary, timed by the state's and the listing's packs."""
    return Rulebook.model_validate({
        "schema_version": 1, "id": STATUTE_ONLY, "title": f"No bylaws: the law of {state} and the listing alone",
        "document": "none (a published timeline checked against the law alone)", "jurisdiction": {"subdiv": state},
        "events": {"meeting": {"required": True}, "record_date": {"required": True}, "notice": {"required": True},
                   "voting_list": {"required": True}},
        "rules": [],
    })
