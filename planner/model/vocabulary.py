"""The standard vocabulary of a meeting cycle, owned by the engine.

A rulebook, a pack, `planner adjourn`, `planner special`, `planner init` and
the drafter all name the same things the same way: the events of a
shareholders' and a board meeting cycle, and the facts that switch rules on
and off.  A rulebook may use a standard event or fact without restating its
kind, label or values, and may add its own; a pack never fails because a
rulebook lacks one of the standard facts.

The implied rules are what the meaning of the events implies (a list of
holders of record cannot exist before the record date): they apply to every
problem whose events they name, reported with the class ``implied``, unless
a rulebook switches one off by id with a reason (``implied_off``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

__all__ = [
    "StandardEvent",
    "StandardFact",
    "ImpliedRule",
    "STANDARD_EVENTS",
    "STANDARD_FACTS",
    "IMPLIED_RULES",
    "NOTICE_WAIVED",
    "MEETING_CYCLE",
    "SHAREHOLDER_NOTICE",
    "closest_standard_name",
]


@dataclass(frozen=True)
class StandardEvent:
    id: str
    kind: str  # an EventKind of planner.model.documents
    label: str
    meaning: str


@dataclass(frozen=True)
class StandardFact:
    name: str
    values: tuple
    default: object
    meaning: str
    option: bool = False  # a choice the secretary can make, so explanations may propose it


@dataclass(frozen=True)
class ImpliedRule:
    id: str
    cite: str  # the short reason shown where a rule's citation goes
    before: str
    after: str
    min_days: int
    reason: str  # why the meaning of the events implies it, in a sentence


def _events(*rows: tuple[str, str, str, str]) -> dict[str, StandardEvent]:
    return {row[0]: StandardEvent(*row) for row in rows}


STANDARD_EVENTS: dict[str, StandardEvent] = _events(
    ("meeting", "meeting", "Meeting of shareholders",
     "The shareholders' meeting the cycle plans: the annual meeting, or a special meeting when meeting_type is special."),
    ("record_date", "record_date", "Record date (close of business)",
     "The day whose close fixes who the holders of record are: who gets notice, who is on the list, who votes."),
    ("record_date_resolution", "record_date_resolution", "Board resolution fixing the record date",
     "The board's act that fixes the record date."),
    ("notice", "notice", "Notice of meeting given to the holders of record",
     "The day the notice of the meeting counts as given (for mail, the day of deposit unless a rule says otherwise)."),
    ("voting_list", "voting_list", "List of holders entitled to vote ready and open for inspection",
     "The first day the list of holders of record is open to shareholders."),
    ("board_meeting", "board_meeting", "Board meeting",
     "A meeting of the board of directors in the cycle (the annual board meeting after the shareholders' meeting)."),
    ("regular_board_meeting", "regular_board_meeting", "Regular board meeting",
     "A board meeting held at a time the bylaws or the board fixed in advance."),
    ("special_board_meeting", "special_board_meeting", "Special meeting of the board",
     "A board meeting called for a purpose, needing notice to each director."),
    ("board_notice", "board_notice", "Notice of the special board meeting to each director",
     "The day the notice of the special board meeting counts as given."),
    ("adjourned_meeting", "adjourned_meeting", "Adjourned meeting reconvenes",
     "The day an adjourned or postponed shareholders' meeting is held."),
    ("adjourned_notice", "notice", "Notice of the adjourned meeting",
     "The day a new notice of the adjourned meeting counts as given, when one is needed."),
    ("adjourned_record_date", "record_date", "New record date for the adjourned meeting (close of business)",
     "A record date fixed anew for the adjourned meeting."),
    ("adjourned_voting_list", "voting_list", "List as of the new record date open for inspection",
     "The list of the holders of record on the new record date."),
    ("special_meeting_demand", "demand", "Holders' written demand for a special meeting received",
     "The day the holders' demand (request) for a special meeting reaches the corporation."),
    ("special_meeting_call", "demand", "Special meeting called",
     "The day the special meeting is called by whoever the bylaws or the statute allow."),
    ("broker_search", "operational", "Broker search cards sent (SEC Rule 14a-13)",
     "Inquiry to brokers, banks and other nominees about the beneficial owners they hold for."),
    ("notice_of_availability", "notice", "Notice of internet availability of proxy materials sent (SEC Rule 14a-16)",
     "Notice-and-access: the notice that proxy materials are posted online."),
    ("preliminary_proxy", "operational", "Preliminary proxy statement filed with the SEC",
     "Filing of the preliminary proxy statement (SEC Rule 14a-6(a))."),
    ("definitive_proxy", "operational", "Definitive proxy statement filed and first sent",
     "Filing of the definitive proxy statement, the day materials are first sent."),
    ("exchange_notice", "operational", "Exchange told of the record date",
     "The listing exchange's notice of the record date and meeting."),
)


def _facts(*rows: StandardFact) -> dict[str, StandardFact]:
    return {row.name: row for row in rows}


STANDARD_FACTS: dict[str, StandardFact] = _facts(
    StandardFact("meeting_type", ("annual", "special"), "annual",
                 "Annual meetings fall on the date the bylaws set; special meetings on the date in their call."),
    StandardFact("notice_waived", (False, True), False,
                 "Every holder entitled to notice waived it in writing (or by attending): no notice is mailed.",
                 option=True),
    StandardFact("board_fixes_record_date", (True, False), True,
                 "The board fixes the record date by resolution; false: the bylaws' or statute's default record date applies."),
    StandardFact("adjournment_new_notice", (False, True), False,
                 "A new notice is given for the adjourned meeting."),
    StandardFact("adjournment_new_record_date", (False, True), False,
                 "The board fixes a new record date for the adjourned meeting."),
    StandardFact("increase_authorized_shares", (False, True), False,
                 "The meeting votes on increasing the authorized shares (some laws then need longer notice)."),
)

# Every shareholders' meeting has these steps: planned whenever a rule of the
# rulebook, of a pack or of the scenario names them, whether or not the rulebook declares them.
MEETING_CYCLE = ("meeting", "record_date", "notice", "voting_list")

NOTICE_WAIVED = "notice_waived"
SHAREHOLDER_NOTICE = "notice"


def _implied(*rows: tuple[str, str, str, str, int, str]) -> list[ImpliedRule]:
    return [ImpliedRule(*row) for row in rows]


IMPLIED_RULES: list[ImpliedRule] = _implied(
    ("implied-record-date-not-after-notice", "notice goes to holders of record", "record_date", "notice", 0,
     "notice goes to the holders of record, known only once the record date has passed"),
    ("implied-record-date-not-after-list", "the list is of holders of record", "record_date", "voting_list", 0,
     "a list of holders of record cannot exist before the record date"),
    ("implied-record-date-not-after-meeting", "holders of record vote", "record_date", "meeting", 0,
     "the holders who vote are those of record before the meeting"),
    ("implied-resolution-not-after-record-date", "a record date is fixed in advance", "record_date_resolution", "record_date", 0,
     "a record date is fixed by a resolution made no later than that date"),
    ("implied-notice-before-meeting", "notice precedes its meeting", "notice", "meeting", 1,
     "a notice of meeting is given before the meeting it calls"),
    ("implied-list-not-after-meeting", "the list serves its meeting", "voting_list", "meeting", 0,
     "the list is open for inspection before the meeting it serves"),
    ("implied-board-notice-not-after-board-meeting", "notice precedes its board meeting", "board_notice", "special_board_meeting", 0,
     "a notice to directors precedes the board meeting it calls"),
    ("implied-adjourned-after-meeting", "adjourned meeting follows the original", "meeting", "adjourned_meeting", 0,
     "an adjourned meeting reconvenes after the meeting it continues"),
    ("implied-adjourned-notice-before-adjourned-meeting", "notice precedes its meeting", "adjourned_notice", "adjourned_meeting", 1,
     "the notice of an adjourned meeting is given before it reconvenes"),
    ("implied-adjourned-record-date-not-after-notice", "notice goes to holders of record", "adjourned_record_date", "adjourned_notice", 0,
     "the new notice goes to the holders of record on the new record date"),
    ("implied-adjourned-record-date-not-after-list", "the list is of holders of record", "adjourned_record_date", "adjourned_voting_list", 0,
     "a list as of the new record date cannot exist before it"),
    ("implied-adjourned-record-date-not-after-meeting", "holders of record vote", "adjourned_record_date", "adjourned_meeting", 0,
     "the holders who vote at the adjourned meeting are those of record before it"),
    ("implied-demand-not-after-call", "a demanded meeting is called after the demand", "special_meeting_demand", "special_meeting_call", 0,
     "a meeting called on the holders' demand is called after the demand"),
    ("implied-call-not-after-notice", "notice follows the call", "special_meeting_call", "notice", 0,
     "notice of a special meeting follows its call"),
    ("implied-call-before-meeting", "a meeting is called before it is held", "special_meeting_call", "meeting", 1,
     "a special meeting is called before it is held"),
)


def closest_standard_name(name: str, standard) -> str | None:
    """The standard name `name` looks like a misspelling of, if any: the same
    words in another order or with another separator, or a close spelling."""
    if name in standard:
        return None
    words = sorted(name.replace("-", "_").lower().split("_"))
    for candidate in standard:
        if sorted(candidate.split("_")) == words:
            return candidate
    close = difflib.get_close_matches(name.lower(), list(standard), n=1, cutoff=0.85)
    return close[0] if close else None
