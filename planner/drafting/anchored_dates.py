"""The annual meeting's outer limits counted from a standard anchor:
"within thirteen (13) months after the last annual meeting", "within 120
days after the end of the fiscal year", "not later than the last day of the
sixth month following the close of the fiscal year", read into `date_window`
ends on the anchors `fiscal_year_end` and `last_annual_meeting`.

Only a limit the text gives a number, a unit and a direction for is drafted;
a limit without a unit ("within thirteen after the last annual meeting"),
without a direction ("thirteen months from the last annual meeting") or
counted in business days (a shift counts calendar time) is a question.
"Whichever is later" makes the two limits one alternative the rule format
cannot hold, so it is a question too; "whichever is earlier" (or no word) is
both limits at once, two rules.  A court-remedy sentence ("a shareholder may
apply to the court ... if an annual meeting was not held within ...") is
drafted as the seed rulebook reads it, a deadline the plan keeps, and asked
about: it is a trigger, and a meeting held later is still valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.days.dates import DateExpr
from planner.drafting.numbers import NUMBER, parse_number
from planner.drafting.readings import Question
from planner.drafting.sections import Sentence
from planner.errors import PlannerError

__all__ = ["AnchoredLimit", "read_anchored_limits"]

_FISCAL = (r"(?:the\s+)?(?:end|close|closing|expiration|termination)\s+of\s+(?:the\s+|its\s+|each\s+|such\s+|said\s+)?"
           r"(?:(?:corporation|company|association)['’]s\s+)?(?:most\s+recently\s+(?:ended|completed)\s+|preceding\s+|prior\s+|"
           r"last\s+|immediately\s+preceding\s+|each\s+)?fiscal\s+year")
_LAST_MEETING = (r"(?:the\s+date\s+of\s+)?(?:the\s+|its\s+)?(?:(?:stockholders|shareholders|members)'?\s+)?(?:last|preceding|prior|previous|most\s+recent|immediately\s+preceding|"
                 r"last\s+preceding)\s+annual\s+meeting")
_ANCHOR = rf"(?P<fiscal>{_FISCAL})|(?P<last>{_LAST_MEETING})"
_UNITS = r"(?:calendar\s+)?(?:days?|weeks?|months?|years?)|business\s+days?"
# "<number> <unit> after <anchor>"; the unit may be missing (a question).
# "after the later of the date of incorporation or the last annual meeting": at least as late as after the
# last meeting, so the limit from it is never looser (asked about).
_LATER_OF = r"(?P<later>the\s+later\s+of\s+(?:the\s+date\s+of\s+(?:its\s+)?(?:incorporation|organization)|the\s+corporation['’]s\s+incorporation)\s+or\s+)?"
_AMOUNT = re.compile(rf"(?P<number>{NUMBER})\s+(?:(?P<unit>{_UNITS})\s+)?(?P<way>after|following|from|of|subsequent\s+to)\s+{_LATER_OF}(?:{_ANCHOR})", re.I)
# "the last day of the sixth month following the close of the fiscal year"
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth", "thirteenth", "fourteenth", "fifteenth"]
_MONTH_END = re.compile(rf"(?:the\s+)?last\s+day\s+of\s+the\s+(?P<nth>{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))\s+(?:full\s+|calendar\s+)?"
                        rf"month\s+(?:after|following)\s+(?:{_ANCHOR})", re.I)
# "within the first four months of each fiscal year": the months after the last one's end.
_FIRST_MONTHS = re.compile(rf"within\s+the\s+first\s+(?P<number>{NUMBER})\s+(?P<unit>(?:calendar\s+)?months?)\s+of\s+"
                           r"(?:the\s+|each\s+|its\s+|every\s+|any\s+)?(?:(?:corporation|company|association)['’]s\s+)?"
                           r"(?P<fiscal>fiscal\s+year)", re.I)
# "within the earlier of the first six months after X or ...", "within the first 150 days after X": by X's end.
_AFTER_WORDS = re.compile(r"(?:within(?:\s+the\s+earlier\s+of)?(?:\s+the\s+first)?|(?:nor|and|or)\s+(?:not\s+)?(?:more|later)\s+than|not\s+more\s+than|no\s+more\s+than|not\s+later\s+than|no\s+later\s+than|not\s+exceeding|"
                          r"not\s+to\s+exceed|on\s+or\s+before|prior\s+to|before|by)\s*$")
_BEFORE_WORDS = re.compile(r"(?:not\s+less\s+than|no\s+less\s+than|not\s+fewer\s+than|not\s+earlier\s+than|no\s+earlier\s+than|"
                           r"at\s+least|on\s+or\s+after)\s*$")
# "not less than ten nor more than thirteen months after ...": the lower end shares the upper's anchor and unit.
_RANGE_LOW = re.compile(rf"(?:not|no)\s+(?:less|fewer|earlier)\s+than\s+(?P<low>{NUMBER})\s*(?P<unit>{_UNITS})?\s*,?\s+"
                        rf"(?:nor|and|or|but)\s+(?:not\s+|no\s+)?(?:more|later)\s+than\s*$")
# "during each fiscal year", "in every fiscal year of the corporation", "during the corporation's fiscal year": the
# fiscal year after the last one's end, from its first day to its last (not "the fiscal year following ...", whose
# year the words name elsewhere).
_DURING = re.compile(r"\b(?:during|in|within)\s+(?:(?:each|every|the|its|any|such|a)\s+)?(?:(?:corporation|company|association)'s\s+)?"
                     r"fiscal\s+year\b(?!['’]s|\s+(?:follow|after|next|preceding|prior|previous|ended|ending|then|in\s+which|to\s+which|"
                     r"immediately|last|end|close))")
# "on any business day during the fiscal year": a business day, too.
_BUSINESS_DAY = re.compile(r"\b(?:any|a|some)\s+business\s+day\s+(?:[\w,]+\s+){0,4}?$")
_CONTINUES = re.compile(r"^[\s,;]*(?:or|and|nor)?[\s,;]*$")  # "within six months ... or fifteen months ...": same direction
_TRIGGER = re.compile(r"\bcourt\b|may\s+(?:apply|petition|call|demand|summarily\s+order)|\border\b|\bfails?\s+to\s+hold|was\s+not\s+held|"
                      r"is\s+not\s+held|has\s+not\s+been\s+held|not\s+held\s+within")
# The sentence says when an annual meeting is (or was) held, not when something else happens.
_HELD = re.compile(r"annual\s+meeting\b.{0,250}?\b(?:shall|must|will|was|is|been|be)\s+(?:\w+\s+){0,2}?(?:held|convened)|"
                   r"\bhold\s+(?:an?\s+|the\s+|its\s+)?annual\s+meeting")


@dataclass(frozen=True)
class AnchoredLimit:
    """One end of the annual meeting's window, counted from an anchor."""

    ends: dict  # not_before and/or not_after: the DateExpr as the rulebook writes it
    text: str  # the words it was read from
    trigger: bool  # the sentence makes it a court remedy's trigger
    confidence: float
    business_day: bool = False  # "on any business day during the fiscal year": the day a business day too


def read_anchored_limits(sentence: Sentence) -> tuple[list[AnchoredLimit], list[Question]]:
    """The annual meeting's limits from the fiscal year's end or the last annual meeting, if the sentence sets any."""
    lower = sentence.text.lower().replace("’", "'")
    if not _HELD.search(lower):
        return [], []
    holders = re.search(r"stockholder|shareholder|member", lower + " " + sentence.context.lower())
    board = re.search(r"(?:board|directors)\s+(?:of\s+directors\s+)?shall\s+(?:hold|meet)|annual\s+meeting\s+of\s+the\s+(?:board|directors)",
                      lower)
    if not holders or board:
        return [], []
    found = sorted([(m, "amount") for m in _AMOUNT.finditer(lower)] + [(m, "month_end") for m in _MONTH_END.finditer(lower)]
                   + [(m, "first_months") for m in _FIRST_MONTHS.finditer(lower)]
                   + [(m, "during") for m in _DURING.finditer(lower)], key=lambda pair: pair[0].start())
    if not found:
        return [], []
    questions: list[Question] = []
    if re.search(r"whichever\s+(?:is|shall\s+be|occurs?)\s+(?:the\s+)?later|whichever\s+(?:is\s+)?last", lower):
        return [], [Question("meeting_date", "the limits hold only together ('whichever is later'): the meeting may come "
                                             "before either one, which two rules would not allow; which date governs?")]
    trigger = bool(_TRIGGER.search(lower))
    limits: list[AnchoredLimit] = []
    direction, last_end = None, 0
    for match, shape in found:
        lead = lower[max(0, match.start() - 60):match.start()]
        if shape == "during":
            # Exact for a fiscal year ending on a month's last day (twelve months on, relativedelta clips to the
            # month's end); a year of 52 or 53 weeks ends on another day (the anchor question says so).
            limits.append(AnchoredLimit({"not_before": {"anchor": "fiscal_year_end", "shift": "+1 day"},
                                         "not_after": {"anchor": "fiscal_year_end", "shift": "+12 months"}},
                                        match.group(0), trigger, 0.5 if trigger else 0.6,
                                        business_day=bool(_BUSINESS_DAY.search(lead))))
            continue
        if shape == "first_months":
            direction = "not_after"  # "within" the fiscal year's first months: by their end
        elif direction and _CONTINUES.match(lower[last_end:match.start()]):
            pass  # "within six months after X or fifteen months after Y": the same direction goes on
        elif _AFTER_WORDS.search(lead):
            direction = "not_after"
        elif _BEFORE_WORDS.search(lead):
            direction = "not_before"
        else:
            direction = None
        last_end = match.end()
        anchor = "fiscal_year_end" if match.group("fiscal") else "last_annual_meeting"
        words = match.group(0)
        # "within six months of the end of the fiscal year": "of" names no side, but the annual meeting cannot
        # precede either anchor (one before the fiscal year's end is the year before's, one before the last
        # annual meeting is that one): after it, as "after" reads, with no direction question.
        if direction is None:
            questions.append(Question("direction", f"{words!r}: is the meeting to be held within that time, or not before it?"))
            continue
        if shape == "month_end":
            nth = match.group("nth")
            months = _ORDINALS.index(nth) + 1 if nth in _ORDINALS else int(nth[:-2])
            expr: dict = {"day": f"the last day of the {_ORDINALS[months - 1] if months <= len(_ORDINALS) else nth} month "
                                 f"after {anchor}"}
        else:
            number = parse_number(match.group("number"))
            unit = (match.group("unit") or "").lower()
            if number is None:
                questions.append(Question("unreadable_number", f"{words!r}: the number cannot be read; how many?"))
                continue
            if not unit:
                questions.append(Question("missing_unit", f"{words!r}: {number} what, days or months?"))
                continue
            if "business" in unit:
                questions.append(Question("unit", f"{words!r}: business days counted from {anchor}; the rule format "
                                                  "shifts by calendar time: which calendar date is the limit?"))
                continue
            written = next(u for u in ("day", "week", "month", "year") if u in unit)
            amount, base = (number * 7, "day") if written == "week" else (number, written)
            expr = {"anchor": anchor, "shift": f"+{amount} {base}{'' if amount == 1 else 's'}"}
        ends = [(direction, expr)]
        low = _RANGE_LOW.search(lead) if shape == "amount" and direction == "not_after" else None
        if low:
            low_number, low_unit = parse_number(low.group("low")), (low.group("unit") or "").lower()
            if low_number is None or (low_unit and next(u for u in ("day", "week", "month", "year") if u in low_unit) != written):
                questions.append(Question("unit", f"{low.group(0).strip()!r} {words!r}: the lower end's number or unit "
                                                  "differs from the upper's: which date is the earliest?"))
                continue
            low_amount = low_number * 7 if written == "week" else low_number
            ends.insert(0, ("not_before", {"anchor": anchor, "shift": f"+{low_amount} {base}{'' if low_amount == 1 else 's'}"}))
        try:
            for _, one in ends:
                DateExpr.model_validate(one)
        except (PlannerError, ValueError):
            questions.append(Question("meeting_date", f"{words!r}: not a date this planner can place"))
            continue
        limits.append(AnchoredLimit(dict(ends), words, trigger, 0.5 if trigger else 0.6))
        if shape == "amount" and match.group("later"):
            questions.append(Question("anchor", f"{words!r}: drafted from the last annual meeting alone (the later of the "
                                                "two, once there has been one); a corporation with no annual meeting "
                                                "yet counts from its incorporation: give that date as last_annual_meeting"))
    if all(shape == "during" for _, shape in found) and re.search(rf"{NUMBER}\s+(?:calendar\s+|business\s+)?(?:days?|weeks?|months?)\b", lower):
        # "in each fiscal year, within six months after its end": the window is drafted, the period is not read.
        questions.append(Question("meeting_date", "the annual meeting is drafted within the fiscal year; the sentence "
                                                  "gives a period too, which is not read: what limit does it set?"))
    if trigger and limits:
        questions.append(Question("trigger", "the bylaws name this limit as a trigger (a court may order a meeting, or "
                                             "holders may act, if none was held by then), not a bar on a later meeting: "
                                             "drafted as a deadline the plan keeps, as the seed rulebooks read it; keep it "
                                             "as a hard limit, or drop it?"))
    return limits, questions
