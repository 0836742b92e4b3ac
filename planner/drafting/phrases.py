"""Clauses read from their words rather than from a "not less than N days
before" range: the record date when the board fixes none ("the close of
business on the day next preceding the day on which notice is given"), a
record date fixed in advance or as a future date, a meeting adjourned
"from day to day", the list made "at the earlier of" two days or open "for
a period of ten days ending on the day before the meeting date", and a
range whose first number is no number (a question)."""

from __future__ import annotations

import re

from planner.drafting.numbers import NUMBER, parse_number, unit_name
from planner.drafting.readings import MAX_WORDS, MIN_WORDS, N, U, Bound, Question

__all__ = ["DAY_TO_DAY", "DEFAULT_RECORD_DATE", "DEMAND_RECORD_DATE", "phrase_bounds", "record_date_defaults"]

# The record date for who may demand (request) a special meeting ("the record date for determining the
# holders entitled to demand a special meeting is the day the first signed demand is delivered", MBCA
# §7.07(b)'s shape): not the meeting's record date, and no event of the vocabulary (special_meeting_demand
# is the day the last demand needed arrives).
DEMAND_RECORD_DATE = re.compile(
    r"record\s+date\s+(?:for|to\s+determine|for\s+(?:the\s+purpose\s+of\s+)?determining|of)\s+(?:the\s+|which\s+|any\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:stockholders|shareholders|members|holders)\s+(?:of\s+record\s+)?(?:who\s+(?:are\s+)?|that\s+(?:are\s+)?)?"
    r"(?:entitled|eligible|may|can)\s+(?:to\s+)?(?:demand|request|call|require|petition\s+for)\s+"
    r"(?:the\s+(?:calling|holding)\s+of\s+|that\s+the\s+\w+\s+call\s+)?(?:a\s+|any\s+|the\s+)?special\s+meeting|"
    r"record\s+date\s+(?:for|of)\s+(?:a|any|the)\s+(?:demand|request|petition)\s+(?:for|to\s+call)\s+(?:a\s+|the\s+)?special\s+meeting",
    re.I)

# "the close of business on the (business) day next preceding the day on which
# notice is given / the meeting is held": the record date when the board fixes none.
DEFAULT_RECORD_DATE = re.compile(
    r"close\s+of\s+business\s+on\s+the\s+(business\s+)?day\s+(?:next\s+|immediately\s+)?(?:preceding|before)\s+"
    r"the\s+(?:day|date)\s+on\s+which\s+(?:the\s+)?(notice|meeting)", re.I)
# "adjourned only from day to day": each adjournment to the next day, a one-day
# limit with no number written; "a meeting at which directors are to be elected"
# before it is the condition.
DAY_TO_DAY = re.compile(r"adjourn\w*\s+(?:\w+\s+){0,3}?(?:only\s+)?from\s+day\s+to\s+day", re.I)
# "... from day to day, for any time not exceeding three days": the adjournments' total limit follows.
_AND_A_LIMIT = re.compile(rf",?\s+(?:for\s+|but\s+)?(?:\w+\s+){{0,3}}?(?:{MAX_WORDS}|(?:not|no)\s+(?:for\s+)?(?:more|longer)\s+than)\s+{N}\s+{U}")
_ELECTION = re.compile(r"(?:meeting|session)\s+(?:at|in)\s+which\s+(?:a\s+|the\s+)?directors?\s+(?:or\s+directors\s+)?(?:is|are)\s+to\s+be\s+elected")
# "at the earlier of ten days before each meeting or two business days after notice
# of the meeting is given" (the list): two limits, both binding.
_EARLIER = re.compile(
    rf"earlier\s+of\s+{N}\s+{U}\s+(?:before|prior\s+to|preceding)\s+(?:the\s+|each\s+|any\s+|such\s+)?meeting\b[^;]{{0,60}}?"
    rf"\bor\s+{N}\s+{U}\s+after\s+(?:the\s+)?notice", re.I)
# "open ... for a period of ten days ending on the day before the meeting date"
# (DGCL §219(a) since 2022): the list is ready that many days ahead.
_LIST_PERIOD = re.compile(
    rf"(?:period\s+of|for)\s+(?:at\s+least\s+)?{N}\s+{U}\s+ending\s+on\s+the\s+(?:day|date)\s+(?:next\s+|immediately\s+)?"
    rf"(?:before|preceding|prior\s+to)\s+the\s+(?:date\s+of\s+the\s+)?meeting", re.I)
# "not less than tn nor more than 60 days": a word that is no number where the range's first number goes.
# "not less than then (10) nor ...": a figure after the word does not make it a number either.
_GARBLED_RANGE = re.compile(
    rf"{MIN_WORDS}\s+(?!{NUMBER}\b)([a-z]+)(?:\s*\(\s*\d{{1,4}}\s*\))?\s+(?:nor|or|and)\s+(?:not\s+)?more\s+than\s+{N}\s+{U}", re.I)


# The record date fixed in advance: "shall not precede the date upon (on) which the resolution fixing it
# is adopted", "may not be prior to the close of business on the day the record date is fixed"
# (Maryland's shape), "fix, in advance, a record date".
_NOT_BEFORE_RESOLUTION = re.compile(
    r"(?:(?:shall|may|will)\s+not\s+(?:precede|be\s+(?:prior\s+to|before|earlier\s+than))|not\s+preceding)\s+(?:the\s+close\s+of\s+business\s+on\s+)?"
    r"the\s+(?:date|day)\s+(?:up)?on\s+which\s+the\s+(?:resolution|record\s+date\s+is\s+fixed)|"
    r"(?:shall|may|will)\s+not\s+(?:precede|be\s+(?:prior\s+to|before|earlier\s+than))\s+(?:the\s+close\s+of\s+business\s+on\s+)?"
    r"the\s+(?:date|day)\s+(?:that\s+)?the\s+record\s+date\s+is\s+fixed|"
    r"fix,?\s+in\s+advance,?\s+a\s+record\s+date")


def phrase_bounds(text: str, lower: str) -> tuple[list[Bound], list[Question], list[tuple[int, int]]]:
    """Bounds and questions from these phrases, and the spans they take (no other reading reads them again)."""
    bounds: list[Bound] = []
    questions: list[Question] = []
    taken: list[tuple[int, int]] = []
    for match in _GARBLED_RANGE.finditer(text):
        questions.append(Question("unreadable_number", f"{match.group(0)!r}: {match.group(1)!r} is no number; what is the minimum?"))
        taken.append(match.span())
    if re.search(r"\blist\b", lower):
        for match in _EARLIER.finditer(text):
            bounds.extend(_earlier_of(match))
            taken.append(match.span())
        for match in _LIST_PERIOD.finditer(text):
            days = parse_number(match.group(1))
            if days is not None:
                bounds.append(Bound("voting_list", "meeting", days, None, unit_name(match.group(2)), None, (),
                                    match.group(0), 0.75, "voting list open for a period ending the day before"))
            taken.append(match.span())
    for match in DAY_TO_DAY.finditer(lower):
        if _AND_A_LIMIT.match(lower, match.end()):
            continue  # "from day to day for any time not exceeding three days": the limit is the three days
        elected = _ELECTION.search(lower[max(0, match.start() - 160): match.start()])
        bounds.append(Bound("meeting", "adjourned_meeting", None, 1, "days", None,
                            (("directors_elected", True),) if elected else (), match.group(0), 0.6,
                            "adjournment from day to day"))
    return bounds, questions, taken


def _earlier_of(match: re.Match) -> list[Bound]:
    """The list is ready N before the meeting and no later than M after notice."""
    n1, u1, n2, u2 = match.groups()[:4]
    first, second = parse_number(n1), parse_number(n2)
    if first is None or second is None:
        return []
    return [Bound("voting_list", "meeting", first, None, unit_name(u1), None, (), match.group(0), 0.7, "voting list"),
            Bound("notice", "voting_list", None, second, unit_name(u2), None, (), match.group(0), 0.7,
                  "voting list after notice")]


def record_date_defaults(lower: str) -> list[Bound]:
    """Record date when the board fixes none: the day before notice (or the
    meeting, if notice is waived, or where the bylaws name only the meeting)."""
    found = []
    for default in DEFAULT_RECORD_DATE.finditer(lower):
        unit = "business_days" if default.group(1) else "days"
        if default.group(2) == "notice":
            found.append(Bound("record_date", "notice", 1, 1, unit, None,
                               (("board_fixes_record_date", False), ("notice_waived", False)), default.group(0), 0.8,
                               "record date when the board fixes none"))
        elif "waived" in lower[max(0, default.start() - 60): default.start()]:
            found.append(Bound("record_date", "meeting", 1, 1, unit, None,
                               (("board_fixes_record_date", False), ("notice_waived", True)), default.group(0), 0.7,
                               "record date when the board fixes none and notice is waived"))
        else:
            found.append(Bound("record_date", "meeting", 1, 1, unit, None,
                               (("board_fixes_record_date", False),), default.group(0), 0.75,
                               "record date when the board fixes none"))
    if re.search(r"fix\s+a\s+future\s+date\s+as\s+the\s+record\s+date", lower):  # "future": after the day it is fixed
        found.append(Bound("record_date_resolution", "record_date", 1, None, "days", None,
                           (("board_fixes_record_date", True),), "a future date as the record date", 0.7,
                           "record date fixed as a future date"))
    elif _NOT_BEFORE_RESOLUTION.search(lower):
        found.append(Bound("record_date_resolution", "record_date", 0, None, "days", None,
                           (("board_fixes_record_date", True),), "record date fixed in advance", 0.7,
                           "record date fixed by resolution in advance"))
    return found
