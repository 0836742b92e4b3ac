"""The annual meeting's date as the bylaws fix it, read into an `on_date` or a
`date_window` rule: a fixed day ("May 15"), an nth weekday ("the last
Wednesday of April", "the third Friday following the first Monday of
April"), a month ("in the month of June"), a calendar quarter ("during the
first calendar quarter"), two days of one year ("between September 1st and
December 31st"), with the holiday roll the sentence states.

Only the holders' annual meeting is read (the board's and the regular
meetings are tied to other events or conditions the drafter cannot see);
a date the text leaves to the board with no default is no rule; a holiday
mentioned without a readable roll, or two dates in one sentence, is a
question.  Every date drafted is checked by the same parser `planner plan`
reads it with, so the draft plans as written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from planner.days.dates import parse_yearly
from planner.drafting.numbers import ORDINAL, parse_ordinal
from planner.drafting.readings import Question
from planner.drafting.sections import Sentence
from planner.errors import PlannerError

__all__ = ["MeetingDate", "read_meeting_date", "read_holiday_roll", "held_on"]

_ORD = r"first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th"
_WD = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MON = r"january|february|march|april|may|june|july|august|september|october|november|december"
_NTH = re.compile(rf"\b({_ORD})\s+({_WD})\s+(?:(?:after|following)\s+(?:the\s+)?({_ORD})\s+({_WD})\s+)?"
                  rf"(?:of|in)\s+(?:the\s+month\s+of\s+|each\s+)?({_MON})\b")
_FIXED = re.compile(rf"\bon\s+({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")
# "on the tenth (10th) day of May": the same fixed day, its number an ordinal.
_DAY_OF = re.compile(rf"\bon\s+the\s+({ORDINAL})\s+day\s+of\s+(?:the\s+month\s+of\s+|each\s+)?({_MON})\b")
_MONTH = re.compile(rf"\b(?:in|during)\s+(?:the\s+month\s+of\s+)?({_MON})\b(?!\s+\d)")
# "during the month of March, April or May", "in June and July": months in a row are one window.
_MONTHS = re.compile(rf"\b(?:in|during)\s+(?:the\s+months?\s+of\s+|either\s+)?((?:{_MON})(?:\s*,\s*(?:{_MON})){{0,10}})\s*,?\s+"
                     rf"(?:or|and|through|to)\s+({_MON})\b(?!\s+\d)")
# "during the first calendar quarter" (a fiscal quarter moves with the fiscal year: not read);
# "between September 1st and December 31st".
_QUARTER = re.compile(r"\b(?:during|in|within)\s+the\s+(first|second|third|fourth)\s+(?:calendar\s+)?quarter\b")
_BETWEEN = re.compile(rf"\bbetween\s+({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+and\s+({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")
_MEMBERS_MEETING = re.compile(r"\bmeetings?\s+of\s+(?:the\s+)?(?:members|shareholders|stockholders)\b")
_ANNUAL = re.compile(r"annual\s+meetings?\s+of\s+(?:the\s+)?(?:stockholders|shareholders|members)|"
                     r"(?:stockholders|shareholders|members)['’]?\s+annual\s+meeting|\bannual\s+meeting\b")
_BOARD_OVERRIDE = re.compile(
    r"(?:unless|except\s+as)\s+(?:otherwise\s+)?(?:\w+\s+){0,4}?(?:by|of)\s+(?:a\s+)?(?:resolution\s+of\s+)?the\s+(?:board|directors)|"
    r"unless\s+(?:otherwise\s+\w+\s+by\s+)?the\s+(?:board|directors)|or\s+(?:on\s+|at\s+)?such\s+other\s+(?:date|day|time)|such\s+other\s+(?:date|day)\s+as\s+(?:the\s+)?(?:board|directors)|"
    # "or at such other place, time and date as the board shall fix", "such other place (within or without the
    # state), date and hour as fixed by the board" (an hour or a place alone leaves the day as written).
    r"such\s+other\s+(?:(?:place|hour|time)\s*(?:\([^()]{0,80}\)\s*)?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){1,3}(?:date|day)\b|"
    # "the board may fix the date ..., but if no such date is fixed, it shall be held on ...".
    r"\bif\s+no\s+(?:such\s+)?(?:(?:place|hour|time)\s*,?\s*(?:and\s+|or\s+)?){0,3}(?:date|day)\b")
_HOLIDAY = re.compile(r"legal\s+holiday|holiday|not\s+a\s+business\s+day")
_ROLLS = [  # (words after the holiday, roll)
    (re.compile(r"next\s+(?:succeeding\s+|following\s+)?(?:day\s+(?:which|that)\s+is\s+not\s+a\s+(?:legal\s+)?holiday|"
                r"(?:full\s+)?day\s+not\s+a\s+(?:legal\s+)?holiday)"), "next_non_holiday"),
    (re.compile(r"next\s+(?:succeeding\s+|following\s+)?business\s+day|business\s+day\s+(?:next\s+)?(?:following|thereafter)"),
     "next_business_day"),
    (re.compile(r"(?:next\s+)?(?:preceding|previous)\s+business\s+day"), "previous_business_day"),
]


@dataclass(frozen=True)
class MeetingDate:
    kind: str  # on_date | date_window
    day: str | None  # on_date: the yearly date as the parser reads it
    not_before: str | None  # date_window
    not_after: str | None
    roll: str
    when: tuple[tuple[str, object], ...]
    text: str
    confidence: float


def read_meeting_date(sentence: Sentence) -> tuple[MeetingDate | None, list[Question]]:
    """The holders' annual meeting date the sentence fixes, if it fixes one."""
    lower = sentence.text.lower().replace("’", "'")
    annual = _ANNUAL.search(lower) or (
        # "A meeting of Members shall be held ..." under the heading "Annual Meeting of Members".
        _ANNUAL.search(sentence.context.lower()) and _MEMBERS_MEETING.search(lower) and "special" not in lower)
    if not annual or not re.search(r"\bheld\b|\bhold\b|\bshall\s+be\s+on\b", lower):
        return None, []
    holders = re.search(r"stockholder|shareholder|member", lower + " " + sentence.context.lower())
    board_meeting = re.search(r"(?:board|directors)\s+(?:of\s+directors\s+)?shall\s+(?:hold|meet)|annual\s+meeting\s+of\s+the\s+(?:board|directors)",
                              lower)
    if not holders or board_meeting:
        return None, []
    found = [(m, "nth") for m in _NTH.finditer(lower)] + [(m, "fixed") for m in _FIXED.finditer(lower)]
    found += [(m, "day_of") for m in _DAY_OF.finditer(lower)]
    spans = [(m, "quarter") for m in _QUARTER.finditer(lower)] + [(m, "between") for m in _BETWEEN.finditer(lower)]
    listed = [m for m in _MONTHS.finditer(lower) if not any(m.start() < f.end() and f.start() < m.end() for f, _ in found + spans)]
    spans += [(m, "months") for m in listed]
    months = [m for m in _MONTH.finditer(lower) if not any(m.start() < f.end() and f.start() < m.end() for f, _ in found + spans)]
    found += spans
    if len(found) + len(months) > 1:
        return None, [Question("meeting_date", f"{len(found) + len(months)} dates in one sentence about the annual meeting: "
                                               "which one does the bylaw fix, and when?")]
    when: dict[str, object] = {"meeting_type": "annual"}
    if _BOARD_OVERRIDE.search(lower):
        when["board_sets_other_date"] = False  # the bylaw date holds unless the board fixes another
    questions: list[Question] = []
    roll = "none"
    unquoted = re.sub(r"[\"“”]", "", lower)  # 'not a "Business day"'
    if _HOLIDAY.search(unquoted):
        roll = next((name for rx, name in _ROLLS if rx.search(unquoted)), "")
        if not roll:
            questions.append(Question("holiday_roll", "the sentence speaks of a holiday but no day it moves to this "
                                                      "drafter can read: next business day, next day not a holiday?"))
            roll = "none"
    frozen = tuple(sorted(when.items()))
    if found and found[0][1] in {"quarter", "between", "months"}:
        return _window(*found[0], frozen, questions)
    if found:
        match, shape = found[0]
        if shape == "nth":
            base = f" after the {match.group(3)} {match.group(4)}" if match.group(3) else ""
            day = f"{match.group(1)} {match.group(2)}{base} of {match.group(5)}"
        else:
            number = int(match.group(2)) if shape == "fixed" else parse_ordinal(match.group(1))
            month = match.group(1) if shape == "fixed" else match.group(2)
            if number is None:  # a word and a figure that disagree: "the tenth (11th) day"
                return None, [Question("meeting_date", f"{match.group(0)!r}: which day of the month?")]
            day = f"{month} {number}"
            if roll.endswith("business_day") and not re.search(r"saturday|sunday|weekend|not\s+a\s+business\s+day", unquoted):
                # A fixed day can fall on a weekend the bylaws do not move; the roll moves it too.
                questions.append(Question("holiday_roll", f"{day}: the bylaws move it only off a legal holiday, the draft's "
                                                          f"{roll.replace('_', ' ')} also off a weekend: keep it, or hold a "
                                                          "weekend meeting on its day?"))
        try:
            parse_yearly(day)
        except PlannerError:
            return None, [Question("meeting_date", f"{match.group(0)!r}: not a day this planner can place in a year")]
        return MeetingDate("on_date", day, None, None, roll, frozen, match.group(0), 0.7), questions
    if months:
        month = months[0].group(1)
        number = list(calendar.month_name).index(month.capitalize())
        if number == 2:  # February's last day moves with leap years
            return None, [Question("meeting_date", "a meeting in February: which days (the month's end moves)?")]
        last = calendar.monthrange(2023, number)[1]
        return MeetingDate("date_window", None, f"{month.capitalize()} 1", f"{month.capitalize()} {last}", "none", frozen,
                           months[0].group(0), 0.6), questions
    return None, []


def read_holiday_roll(sentence: Sentence) -> tuple[str | None, bool]:
    """The roll a sentence of its own gives the annual day fixed just before it ("If that day is a legal
    holiday, the meeting shall be held on the next business day"): (roll, whether it names only holidays),
    or (None, False) where the sentence moves no day or fixes a date of its own."""
    lower = re.sub(r"[\"“”]", "", sentence.text.lower().replace("’", "'"))  # 'not a "Business day"'
    if not re.match(r"\W*(?:\(\w{1,3}\)\s*)?(?:if|in\s+the\s+event|should|whenever|when)\b", lower) or not _HOLIDAY.search(lower):
        return None, False
    if re.search(r"\b(?:board|directors?|committee|special)\b", lower) or _NTH.search(lower) or _FIXED.search(lower) \
            or _DAY_OF.search(lower) or _MONTH.search(lower):
        return None, False
    if not re.search(r"\b(?:that|such|the)\s+(?:day|date)\b|\bit\b|\bsuch\s+meeting\b|\bthe\s+(?:annual\s+)?meeting\b", lower):
        return None, False
    roll = next((name for rx, name in _ROLLS if rx.search(lower)), None)
    return roll, not re.search(r"saturday|sunday|weekend|not\s+a\s+business\s+day", lower)


def _window(match: re.Match, shape: str, when: tuple, questions: list[Question]) -> tuple[MeetingDate | None, list[Question]]:
    """A quarter of the calendar year, or the days between two dates of one year."""
    if shape == "quarter":
        first = ["first", "second", "third", "fourth"].index(match.group(1)) * 3 + 1
        start, end = f"{calendar.month_name[first]} 1", f"{calendar.month_name[first + 2]} {calendar.monthrange(2023, first + 2)[1]}"
    elif shape == "months":
        names = [m.capitalize() for m in re.findall(_MON, match.group(1))] + [match.group(2).capitalize()]
        numbers = [list(calendar.month_name).index(m) for m in names]
        if any(b != a + 1 for a, b in zip(numbers, numbers[1:])) or numbers[-1] == 2:
            # Months with a gap are no one window (and February's end moves with leap years).
            return None, [Question("meeting_date", f"{match.group(0)!r}: months not in a row: which days of the year?")]
        start, end = f"{names[0]} 1", f"{names[-1]} {calendar.monthrange(2023, numbers[-1])[1]}"
    else:
        start, end = f"{match.group(1).capitalize()} {int(match.group(2))}", f"{match.group(3).capitalize()} {int(match.group(4))}"
        try:
            days = [parse_yearly(day).in_year(2024) for day in (start, end)]  # a leap year: February 29 exists
        except PlannerError:
            return None, [Question("meeting_date", f"{match.group(0)!r}: not days this planner can place in a year")]
        if days[0] > days[1] or "february 29" in (start.lower(), end.lower()):  # the window must hold in every year
            return None, [Question("meeting_date", f"{match.group(0)!r}: a window across the year's end or on February 29: "
                                                   "which days of the plan year?")]
    return MeetingDate("date_window", None, start, end, "none", when, match.group(0), 0.6), questions


def held_on(day: str, roll: str) -> str:
    """A rule's summary of the annual meeting's yearly day and its roll:
    "held on May 10", "held on the last Wednesday of April"."""
    named = re.sub(rf"\b(?:{_WD}|{_MON})\b", lambda m: m.group(0).capitalize(), day.lower())  # "last Wednesday of April"
    fixed = day.split()[0].lower() in _MON.split("|")  # a month and its day; else an nth weekday
    words = named if fixed else f"the {named}"
    moved = "" if roll == "none" else f", moved to the {roll.replace('_', ' ')} if that day is not one"
    return f"The annual meeting is held on {words}{moved}."
