"""`planner init`: a rulebook and a scenario for a new corporation, from a
few answers, in the standard vocabulary.

The answers are what a corporate secretary knows from the bylaws without
writing YAML: the state, how the annual meeting date is set, the notice and
record-date windows, how long the list is open, the board's notice by
method, the adjournment limit.  The rulebook written from them plans,
checks, adjourns and plans a special meeting as it is; every rule says it
came from the answers and is marked unverified until a person cites the
bylaws' section.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planner.days.dates import DateExpr
from planner.drafting.meeting_dates import held_on
from planner.errors import InputError
from planner.model.documents import Rulebook, Scenario
from planner.model.vocabulary import STANDARD_FACTS

__all__ = ["InitAnswers", "InitFiles", "init_files", "QUESTIONS"]

ANSWERS_CITE = "Answers to planner init (cite the bylaw section)"
UNVERIFIED = "Written from the answers given to planner init; check it against the bylaws and cite the section."


class InitAnswers(BaseModel):
    """The answers `planner init` asks for (flags or interactive)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    company: str = Field(min_length=1, max_length=120, description="The corporation's name.")
    state: str = Field(pattern=r"^[A-Z]{2}$", description="State of incorporation (two letters).")
    year: int = Field(ge=1970, le=2200, description="The first year to plan.")
    listing: Literal["none", "nyse", "nasdaq"] = "none"
    annual_date: str | None = Field(
        None, max_length=100,
        description="The bylaws' annual meeting date, e.g. 'last Wednesday of April' or 'May 15'.",
    )
    annual_window: tuple[str, str] | None = Field(
        None, description="Or the window the board picks the date in, e.g. ('May 1', 'June 30').",
    )
    holiday_roll: Literal["none", "next_business_day", "previous_business_day"] = Field(
        "next_business_day", description="Where the bylaws move a fixed annual date that is not a business day.",
    )
    notice_days: tuple[int, int] = Field((10, 60), description="Notice to shareholders: at least, at most (days before).")
    record_days: tuple[int, int] = Field((10, 60), description="Record date: at least, at most (days before the meeting).")
    list_days: int = Field(10, ge=0, le=120, description="The shareholder list is open at least this many days before.")
    board_notice: dict[str, int] = Field(
        default_factory=lambda: {"mail": 5, "personal": 1},
        description="Special board meeting notice, days before, by method (mail, personal, electronic, ...).",
    )
    adjournment_days: int | None = Field(
        30, ge=0, le=3660, description="An adjourned meeting needs new notice when more than this many days later; none: never.",
    )

    @field_validator("notice_days", "record_days")
    @classmethod
    def _window(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if not 0 <= low <= high <= 3660:
            raise ValueError(f"at least {low}, at most {high}: give 0 <= at least <= at most")
        return value

    @field_validator("board_notice")
    @classmethod
    def _methods(cls, value: dict[str, int]) -> dict[str, int]:
        if not value:
            raise ValueError("give at least one method, e.g. mail=5")
        for method, days in value.items():
            if not re.fullmatch(r"[a-z][a-z_]{0,30}", method) or not 0 <= days <= 365:
                raise ValueError(f"{method}={days}: a lower-case method name and 0..365 days")
        return value

    @model_validator(mode="after")
    def _one_date_rule(self) -> "InitAnswers":
        if (self.annual_date is None) == (self.annual_window is None):
            raise ValueError("give the annual meeting date (annual_date) or the window it falls in (annual_window), not both")
        field = "annual_date" if self.annual_date else "annual_window"
        for text in [self.annual_date] if self.annual_date else list(self.annual_window or ()):
            try:
                DateExpr(day=text)  # a date in the bylaws' terms
            except ValidationError as exc:
                raise ValueError(f"{field}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}") from None
            except InputError as exc:
                raise ValueError(f"{field}: {exc.detail}") from None
        return self

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.company.lower()).strip("-")[:60] or "company"


# The questions asked interactively: (field, prompt, example).
QUESTIONS = [
    ("company", "Company name", "Acme Corporation"),
    ("state", "State of incorporation (two letters)", "DE"),
    ("year", "First year to plan", "2027"),
    ("listing", "Exchange listing (none, nyse, nasdaq)", "none"),
    ("annual_date", "Annual meeting date as the bylaws set it (or leave empty to give a window)", "last Wednesday of April"),
    ("annual_window", "Window the board picks the annual date in (FROM..TO)", "May 1..June 30"),
    ("notice_days", "Notice to shareholders, days before the meeting (AT-LEAST..AT-MOST)", "10..60"),
    ("record_days", "Record date, days before the meeting (AT-LEAST..AT-MOST)", "10..60"),
    ("list_days", "Shareholder list open at least this many days before the meeting", "10"),
    ("board_notice", "Special board meeting notice by method (METHOD=DAYS,...)", "mail=5,personal=1"),
    ("adjournment_days", "New notice needed for an adjournment of more than this many days (or 'never')", "30"),
]


class InitFiles(BaseModel):
    """What `planner init` writes: the rulebook and the scenario, as YAML text and as models."""

    model_config = ConfigDict(frozen=True)

    rulebook_name: str
    scenario_name: str
    rulebook_yaml: str
    scenario_yaml: str


def _gap(rule_id: str, summary: str, before: str, after: str, *, low: int | None = None, high: int | None = None,
         when: dict | None = None) -> dict:
    rule = {"id": rule_id, "kind": "gap", "cite": ANSWERS_CITE, "summary": summary, "verified": False,
            "verification": UNVERIFIED}
    if when:
        rule["when"] = when
    rule.update({"before": before, "after": after})
    if low is not None:
        rule["min_days"] = low
    if high is not None:
        rule["max_days"] = high
    return rule


def _rulebook(a: InitAnswers) -> dict:
    methods = list(a.board_notice)
    facts = {
        "meeting_type": _standard("meeting_type"),
        "notice_waived": _standard("notice_waived"),
        "adjournment_new_notice": _standard("adjournment_new_notice"),
        "board_notice_method": {"values": methods, "default": methods[0], "option": True,
                                "doc": "How the special board meeting's notice goes to directors."},
    }
    events = {name: ({"required": True} if name in ("meeting", "notice", "record_date", "voting_list") else {})
              for name in ("meeting", "notice", "record_date", "voting_list", "record_date_resolution",
                           "special_board_meeting", "board_notice", "adjourned_meeting", "adjourned_notice",
                           "adjourned_record_date", "special_meeting_call")}
    rules: list[dict] = []
    if a.annual_date:
        rules.append({"id": "annual-meeting-date", "kind": "on_date", "cite": ANSWERS_CITE, "verified": False,
                      "verification": UNVERIFIED,
                      "summary": held_on(a.annual_date, a.holiday_roll),
                      "when": {"meeting_type": "annual"}, "event": "meeting",
                      "date": {"day": a.annual_date, "roll": a.holiday_roll}})
    else:
        start, end = a.annual_window
        rules.append({"id": "annual-meeting-window", "kind": "date_window", "cite": ANSWERS_CITE, "verified": False,
                      "verification": UNVERIFIED,
                      "summary": f"The board sets the annual meeting on a day from {start} to {end}.",
                      "when": {"meeting_type": "annual"}, "event": "meeting", "not_before": start, "not_after": end})
    low, high = a.notice_days
    rules.append(_gap("notice-window", f"Notice of every shareholders' meeting goes out {low} to {high} days before it.",
                      "notice", "meeting", low=low, high=high, when={"notice_waived": False}))
    low, high = a.record_days
    rules.append(_gap("record-date-window", f"The record date falls {low} to {high} days before the meeting.",
                      "record_date", "meeting", low=low, high=high))
    rules.append(_gap("voting-list", f"The list of shareholders entitled to vote is open at least {a.list_days} days "
                                     "before the meeting.", "voting_list", "meeting", low=a.list_days))
    for method, days in a.board_notice.items():
        rules.append(_gap(f"board-notice-{method.replace('_', '-')}",
                          f"Notice of a special board meeting given by {method} goes out at least {days} days before it.",
                          "board_notice", "special_board_meeting", low=days, when={"board_notice_method": method}))
    if a.adjournment_days is not None:
        rules.append(_gap("adjournment-without-notice",
                          f"An adjourned meeting reconvening within {a.adjournment_days} days of the original date needs "
                          "only an announcement at the meeting.", "meeting", "adjourned_meeting",
                          high=a.adjournment_days, when={"adjournment_new_notice": False}))
    low, high = a.notice_days
    rules.append(_gap("adjourned-notice-window", f"A new notice of the adjourned meeting goes out {low} to {high} days "
                                                 "before it reconvenes.", "adjourned_notice", "adjourned_meeting",
                      low=low, high=high, when={"adjournment_new_notice": True}))
    rules.append(_gap("adjourned-record-date-window", f"A new record date for the adjourned meeting falls {a.record_days[0]} "
                                                      f"to {a.record_days[1]} days before it.",
                      "adjourned_record_date", "adjourned_meeting", low=a.record_days[0], high=a.record_days[1]))
    return {
        "schema_version": 1, "id": a.slug, "title": f"{a.company} ({a.state}), bylaws",
        "document": "Bylaws (say which text, as amended when, and where it lives)",
        "jurisdiction": {"subdiv": a.state}, "facts": facts, "events": events, "rules": rules,
    }


def _standard(name: str) -> dict:
    fact = STANDARD_FACTS[name]
    return {"values": list(fact.values), "default": fact.default, "doc": fact.meaning, **({"option": True} if fact.option else {})}


def _scenario(a: InitAnswers, rulebook_file: str) -> dict:
    return {
        "schema_version": 1, "name": f"{a.company} {a.year} annual meeting", "rulebook": rulebook_file, "year": a.year,
        "incorporation": a.state, "listing": a.listing, "facts": {"meeting_type": "annual"},
        "events": {"record_date_resolution": None},
    }


def _yaml(data: dict, header: str) -> str:
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + body


def init_files(answers: InitAnswers) -> InitFiles:
    """The rulebook and scenario for `answers`, validated by the same models
    `planner plan` reads them with."""
    rulebook = _rulebook(answers)
    rulebook_name = f"{answers.slug}.yaml"
    scenario = _scenario(answers, rulebook_name)
    try:
        Rulebook.model_validate(rulebook)
        Scenario.model_validate(scenario)
    except ValueError as exc:  # a bug in this module, not the user's answers (those were validated)
        raise InputError(f"the drafted files do not validate: {exc}") from None
    given = "\n".join(f"  {name}: {value}" for name, value in answers.model_dump(exclude_none=True).items())
    book_head = (f"{answers.company}: timing rules of its bylaws, written by `planner init` from these answers:\n{given}\n"
                 "Review every rule against the bylaws: replace each cite with the article and section, and set\n"
                 "verified: true once the text is read. The standard vocabulary (docs/vocabulary.md) supplies the\n"
                 "events' meanings and the implied rules (the record date before the notice and the list, ...).")
    scen_head = (f"{answers.company}: the {answers.year} annual meeting. Plan it with: planner plan THIS_FILE\n"
                 f"The {answers.state} statute pack applies through `incorporation` (see planner packs).")
    return InitFiles(rulebook_name=rulebook_name, scenario_name=f"{answers.slug}-{answers.year}.yaml",
                     rulebook_yaml=_yaml(rulebook, book_head), scenario_yaml=_yaml(scenario, scen_head))
