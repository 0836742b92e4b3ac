"""One sentence with a time expression, read into drafted rules, questions,
or a reason it is out of scope or not understood.

The reading is deliberately narrow: a rule is drafted only where the
sentence says which events, which bound and which direction; anything less
becomes a question for the reviewer, never a number we made up.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left

from planner.drafting.methods import method_condition, methods_for, one_rule_per_period, other_method_nearby
from planner.drafting.numbers import parse_number, parse_ordinal, unit_name
from planner.drafting.phrases import DAY_TO_DAY, DEFAULT_RECORD_DATE, DEMAND_RECORD_DATE, phrase_bounds, record_date_defaults
from planner.drafting.readings import MAX_WORDS, MIN_WORDS, ORDINAL_DAY, TIME, N, U, Bound, Question, Reading, days_of
from planner.drafting.sections import Sentence

# Bound, Question, Reading, TIME, days_of (readings) and DAY_TO_DAY, DEFAULT_RECORD_DATE
# (phrases) are named here too: the draft reads them with the sentence reader.
__all__ = ["DAY_TO_DAY", "DEFAULT_RECORD_DATE", "Bound", "Question", "Reading", "TIME", "read_sentence", "days_of"]

# The meeting a range's first number is counted to, written before the second
# ("not more than sixty days before the meeting, nor less than ten days").
_TO_MEETING = (r"\s+(?:before|prior\s+to|preceding)\s+(?:the\s+)?(?:date\s+(?:of|for)\s+)?(?:the\s+|such\s+|any\s+|each\s+|every\s+|an?\s+)?"
               r"(?:annual\s+|special\s+)?meeting(?:\s+of\s+(?:the\s+)?(?:stockholders|shareholders|members))?")
# "nor shall it be", "nor shall such notice be": the second limit as a clause of its own.
_NOR_SHALL = r"nor\s+(?:shall|may|will|can)\s+(?:\w+\s+){1,3}?be\s+(?:given\s+|sent\s+|mailed\s+|delivered\s+|fixed\s+)?"
# The most's words after a least ("at least ten and at most sixty days", "a minimum of 10 and a maximum of 60
# days"); "within" is not one (a second clause's own period).
_MOST = r"at\s+most|(?:a\s+)?maximum\s+of|not\s+exceeding|not\s+to\s+exceed|up\s+to"
_PATTERNS = [  # (name, regex): earliest then latest, min then max, max then min, between, single bounds
    ("earlier_later", re.compile(rf"(?:not|no)\s+(?:earlier|sooner)\s+than\s+{N}(?:\s+{U})?\s*,?\s*(?:nor|or|and|but)\s+"
                                 rf"(?:not\s+|no\s+)?later\s+than\s+{N}(?:\s+{U})?", re.I)),
    ("min_max", re.compile(rf"{MIN_WORDS}\s+{N}(?:\s+{U})?(?:{_TO_MEETING}|\s+(?:before|prior\s+thereto|prior))?\s*,?\s*\(?"
                           rf"(?:nor|or|and|but)\s+(?:(?<=nor\s)(?:shall|may|will|can)\s+(?:\w+\s+){{1,3}}?be\s+)?"
                           rf"(?:(?:not\s+|no\s+)?(?:more|later|greater)\s+than|{_MOST})\s+{N}(?:\s+{U})?", re.I)),
    # An aside between the two ("..., nor, in the case of a meeting, ..." or DGCL
    # §213(a)'s "not more than 60 days, and for a meeting of stockholders not
    # less than 10 days"): a few words, no number.
    ("max_min", re.compile(rf"(?:not|no)\s+(?:be\s+)?more\s+than\s+{N}(?:\s+{U})?(?:{_TO_MEETING})?\s*,?\s*(?:nor|or|and|but)\s*"
                           rf"(?:,[^,;]{{0,60}},\s*|(?:[a-z]+\s+){{1,6}}?)?(?:(?:not\s+|no\s+)?(?:less|fewer)\s+than|at\s+least|(?:a\s+)?minimum\s+of)\s+{N}(?:\s+{U})?", re.I)),
    # "at most sixty and at least ten days", "a maximum of 60 and a minimum of 10 days": no aside between, and
    # no length of time ("adjourned for a maximum of 30 days and at least five days' notice": two events).
    ("most_least", re.compile(rf"(?<!\bfor\s)(?<!\ba\s)(?:at\s+most|(?:a\s+)?maximum\s+of)\s+{N}(?:\s+{U})?(?:{_TO_MEETING})?\s*,?\s*(?:and|but)\s+"
                              rf"(?:(?:not\s+|no\s+)?(?:less|fewer)\s+than|at\s+least|(?:a\s+)?minimum\s+of)\s+{N}(?:\s+{U})?", re.I)),
    ("between", re.compile(rf"between\s+{N}(?:\s+{U})?\s+and\s+{N}\s+{U}", re.I)),
    ("to_range", re.compile(rf"(?<![\w(])(?:from\s+)?{N}(?:\s+{U})?\s+(?:to|through)\s+{N}\s+{U}", re.I)),
    # The second limit in a clause of its own, the first in an earlier one (or none).
    ("nor_min", re.compile(rf"{_NOR_SHALL}(?:less|fewer)\s+than\s+{N}\s+{U}", re.I)),
    ("nor_max", re.compile(rf"{_NOR_SHALL}(?:more|greater)\s+than\s+{N}\s+{U}", re.I)),
    # "on or before the tenth day before the meeting": the day a period ends on;
    # with no word before it ("on the tenth day before") exactly that day, or by it?
    ("ordinal", re.compile(rf"(?:(on\s+or\s+before|(?:not|no)\s+(?:be\s+)?later\s+than|by|at\s+the\s+latest(?:\s+on)?|on\s+or\s+after|"
                           rf"(?:not|no)\s+(?:be\s+)?(?:earlier|sooner)\s+than|at\s+the\s+earliest(?:\s+on)?)\s+(?:the\s+close\s+of\s+business\s+on\s+)?)?"
                           rf"{ORDINAL_DAY.pattern}", re.I)),
    ("min", re.compile(rf"{MIN_WORDS}\s+{N}\s+{U}", re.I)),
    ("max", re.compile(rf"{MAX_WORDS}\s+(?:a\s+period\s+of\s+)?{N}\s+{U}", re.I)),
    ("not_earlier", re.compile(rf"(?:(?:not|no)\s+(?:be\s+)?(?:earlier|sooner)\s+than|at\s+the\s+earliest)\s+{N}\s+{U}", re.I)),
    ("or_less", re.compile(rf"(?:for\s+)?{N}\s+{U}\s+or\s+(?:less|fewer)", re.I)),
    ("more_than", re.compile(rf"(?:more|longer)\s+than\s+{N}\s+{U}", re.I)),
    ("notice_of", re.compile(rf"{N}\s+{U}\s*(?:(?:written|advance|prior)\s+)?(?:notice|prior|in\s+advance|before|previous)", re.I)),
]
_ALIASES = {"nor_min": "min", "nor_max": "max", "most_least": "max_min"}  # read as the bound they name, once matched
# A range of a count, not of time: what follows names people or seats, or the sentence
# is about "the number of" them.
_A_COUNT = re.compile(r"\W*(?:\w+\s+)?(?:members?|directors?|persons?|individuals?|officers?|trustees?|champions?|"
                      r"seats?|votes?|shares?|holders?|stockholders?|shareholders?)\b")
_A_COUNT_OF = re.compile(r"\bnumber\s+of\s+(?!days|hours|weeks|months)[a-z]+\b[^.;]*$")
_RANGES = {"earlier_later", "min_max", "max_min", "between", "to_range"}  # two numbers: a least and a most
_LATER = re.compile(r"(?:not|no)\s+(?:be\s+)?later\s+than|at\s+the\s+latest")
# A notice period for meetings on one subject ("a meeting at which a merger is
# to be considered", "a meeting called to act on an amendment of the articles").
# "... prior to any special meeting whose purpose is to remove a director" names it after the number.
_FOR_A_SUBJECT = re.compile(
    r"meeting\s+(?:at\s+which|to\s+act\s+on|called\s+to\s+(?:consider|act\s+on)|for\s+the\s+purpose\s+of|"
    r"whose\s+purpose\s+is|the\s+purpose\s+of\s+which\s+is)\s+"
    r"[^.;]{0,60}?\b(merger|consolidation|amendment|dissolution|(?:a\s+)?sale\s+of|conversion|share\s+exchange|remov(?:e|al))")
# The clause a bound is in, back from the number: "..., except that notice of a meeting to act on <a long
# list of subjects> shall be given ..." names its subject far before the number.
_LAST_CLAUSE = re.compile(r";|\.\s|,\s*(?:except|provided|but|unless)\b")
# "the capital stock shall not be increased unless 30 days' notice": the increase_authorized_shares fact;
# "the capital stock or bonded indebtedness": a debt too, which no fact names (every meeting, a question).
_SHARES_INCREASE = re.compile(r"authori[sz]ed\s+(?:shares|capital|stock)|(?:capital\s+stock|number\s+of\s+shares)\b[^.;]{0,80}?\bincreas")
_DEBT_INCREASE = re.compile(r"\b(?:bonded\s+)?(?:indebtedness|debt)\b[^.;]{0,80}?\bincreas")
# Where the clause after a bound ends: the subject of another clause ("..., except that notice
# of a meeting to act on a merger ...") is not this bound's.
_CLAUSE_END = re.compile(r"[;.]|,\s*(?:except|provided|but|unless)\b")
_OUT_OF_SCOPE = re.compile(
    r"prox(?:y|ies)|indemnif|fiscal\s+year|dues|\bfees?\b|dividend|consents?\s+in\s+writing|written\s+consent|consent\s+to\s+(?:corporate\s+)?action|"
    r"term\s+of\s+office|terms?\s+of\s+(?:one|two|three|\d)|elected\s+for|shall\s+serve|resign|vacanc|"
    r"suspen|\bterminat|expel|expuls|\barbitrat|\bmediat|dispute|\bliquidat|\bdissol|inspect|payment|\bpaid\b|"
    r"transfer\s+(?:of\s+)?(?:shares|stock)|amend|patronage|hours\s+worked|works?\s+(?:at\s+least|less)|"
    r"years?\s+of\s+age|audit|tax|budget|report", re.I)
# "present in person or by proxy" says how holders attend, not what a proxy may do:
# it must not make an adjournment or quorum sentence a proxy rule.
# "members entitled to notice of and to vote at the meeting" says whom a record date serves:
# no notice is given by it (a record-date sentence with no other "notice" is no notice period).
_ENTITLED = re.compile(r"entitled\s+to\s+(?:receive\s+)?notice\s+of\s+(?:,\s*)?(?:and|or)\s+(?:to\s+)?vote", re.I)
_WITHOUT_MEETING = re.compile(r"without\s+a\s+meeting(?:\s+of\s+(?:the\s+)?(?:stockholders|shareholders|members))?", re.I)
_ATTENDANCE = re.compile(r"(?:in\s+person\s+or\s+(?:represented\s+)?by\s+prox(?:y|ies)|represented\s+by\s+prox(?:y|ies))", re.I)


def read_sentence(sentence: Sentence, previous: str = "") -> Reading:
    """`previous`: the sentence before it in its section, where a bound with no event of its own may find one."""
    reading = _read(sentence, previous)
    demands = list(DEMAND_RECORD_DATE.finditer(sentence.text))
    if not demands:
        return reading
    # The record date for who may demand a special meeting is no record date of the meeting: where
    # the sentence names no other record date, nothing of it is drafted as one.
    spans = [m.span() for m in demands]
    others = [m for m in re.finditer(_RECORD, sentence.text.lower()) if not any(a <= m.start() < b for a, b in spans)]
    bounds = reading.bounds if others else [
        b for b in reading.bounds if "record_date" not in (b.before, b.after) and b.before != "record_date_resolution"]
    asked = Question("no_event", f"{demands[0].group(0)!r}: a record date for who may demand a special meeting (as "
                                 "the bylaws fix it, e.g. the day the first signed demand is delivered), not the "
                                 "meeting's record date; the vocabulary has no event for it (special_meeting_demand is "
                                 "the day the last demand needed arrives), so nothing is drafted: check the demanding "
                                 "holders against it by hand")
    if bounds:
        return Reading("drafted", bounds=bounds, questions=[*reading.questions, asked], reason=reading.reason)
    return Reading("understood_not_drafted", questions=[*reading.questions, asked],
                   reason="a record date for demanding a special meeting: no event of the vocabulary")


def _read(sentence: Sentence, previous: str = "") -> Reading:
    text = sentence.text.replace("’", "'")
    lower = _ATTENDANCE.sub(lambda m: " " * len(m.group(0)), text.lower())
    lower = _ENTITLED.sub(lambda m: "entitled" + " " * (len(m.group(0)) - 8), lower)  # same length: offsets hold
    # "consent to corporate action in writing without a meeting": a consent, no meeting.
    lower = _WITHOUT_MEETING.sub(lambda m: " " * len(m.group(0)), lower)
    questions: list[Question] = []
    for match in TIME.finditer(text):
        if match.group(3):
            questions.append(Question("placeholder", f"the document leaves the number blank ({match.group(0)!r}): how many {unit_name(match.group(4)).replace('_', ' ')}?"))
    context = f"{sentence.context} {sentence.cite}".lower()
    defaults = record_date_defaults(lower)
    if any(b.after == "meeting" and b.when == (("board_fixes_record_date", False),) for b in defaults):
        questions.append(Question("implied", "the default record date is the day before the meeting, but notice goes to the "
                                  "holders of record, and the list is of them, so neither can come before that day: is notice waived, "
                                  "or does the statute's default (the day before notice) govern?"))
    if defaults and not TIME.search(text):
        return Reading("drafted", bounds=defaults, questions=questions)
    if _OUT_OF_SCOPE.search(lower) and not re.search(r"meeting", lower):
        return Reading("out_of_scope", reason="not about meeting timing (terms, proxies, dues, consents, transfers ...)")
    if _OUT_OF_SCOPE.search(lower) and not re.search(r"notice|list|adjourn|request|demand|held|\bhold\b|" + _RECORD, lower):
        return Reading("out_of_scope", reason="not about meeting timing")
    # Judged around each time expression, not the whole sentence: "proxy holders" in
    # the list of who gets notice of an adjourned meeting does not make its 30 days a proxy rule.
    windows = [lower[max(0, m.start() - 120): m.end() + 80] for m in TIME.finditer(lower)]
    if windows and all(re.search(r"prox(?:y|ies)|written\s+consent|consents?\s+in\s+writing|consent\s+to\s+(?:corporate\s+)?action|"
                                 r"indemnif|suspen|\bterminat|expel", w)
                       for w in windows):
        return Reading("out_of_scope", reason="proxies, written consents, indemnification or membership discipline")
    units = {unit_name(m.group(2) or m.group(4)) for m in TIME.finditer(text)}
    if units == {"years"}:
        return Reading("out_of_scope", reason="years: terms, retention or ages, not meeting timing")
    bounds: list[Bound] = []
    found_here, asked, spans = phrase_bounds(text, lower)
    bounds.extend(found_here)
    questions.extend(asked)
    taken = _Taken(spans)
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            taken.add(match.start(), match.end())
            found, question = _bound(name, match, text, lower, context, previous.lower())
            if question:
                questions.append(question)
            if found:
                bounds.extend(found)
    bounds.extend(defaults)
    if not bounds and questions:
        return Reading("not_understood", questions=questions, reason="a question for the reviewer")
    if not bounds:
        if _OUT_OF_SCOPE.search(lower):
            return Reading("out_of_scope", reason="not about meeting timing")
        return Reading("not_understood", reason="no event and bound the drafter can read with confidence")
    return Reading("drafted", bounds=one_rule_per_period(bounds), questions=questions)


class _Taken:
    """The parts of a sentence a reading took (no other reading reads them
    again), kept as sorted disjoint spans: whether a match overlaps one is a
    bisection, not a pass over all of them (quadratic in a long sentence)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last span starting before `end`
        return i >= 0 and self.ends[i] > start

    def add(self, start: int, end: int) -> None:
        # Spans it touches are merged into one, so that they stay disjoint.
        low, high = bisect_left(self.ends, start + 1), bisect_left(self.starts, end)
        if low < high:
            start, end = min(start, self.starts[low]), max(end, self.ends[high - 1])
        self.starts[low:high], self.ends[low:high] = [start], [end]


@functools.lru_cache(maxsize=256)
def _has(pattern: str | re.Pattern, lower: str) -> bool:
    """Whether the sentence says it anywhere: asked for each of its bounds,
    answered once a sentence (a long sentence's many bounds each scanning
    all of it made the reading quadratic)."""
    return re.search(pattern, lower) is not None


def _bound(name: str, match: re.Match, text: str, lower: str, context: str,
           previous: str = "") -> tuple[list[Bound], Question | None]:
    groups = [g for g in match.groups()]
    name = _ALIASES.get(name, name)
    by_day = False  # "on or before the tenth day before": a latest, turned round like "not later than"
    if name == "ordinal":
        prefix, n, u = groups[:3]
        if not prefix:
            # A holder's advance notice, named anywhere in the clause ("notice by the stockholder ... not later
            # than the later of the 90th day before the meeting or the 10th day following the public
            # announcement"), or a day counted from an announcement: no event to ask a period for.
            if _holders_deadline(lower, match) or _ANNOUNCEMENT.match(lower, match.end()) or _AS_OF.search(
                    lower[max(0, match.start() - 100): match.start()]):
                return [], None
            return [], Question("exact_or_minimum", f"{match.group(0)!r}: on that day exactly, or on or before it?")
        value, unit = parse_ordinal(n), unit_name(u)
        if value is None:
            return [], Question("unreadable_number", f"cannot read the number in {match.group(0)!r}")
        by_day = not re.search(r"after|earl|sooner", prefix, re.I)
        name = "max" if by_day else "not_earlier"
        lo, hi, lo_unit, hi_unit = None, value, unit, unit
    elif name in _RANGES:
        n1, u1, n2, u2 = groups[0], groups[1], groups[2], groups[3]
        if not u1 and not u2:
            if _A_COUNT.match(lower, match.end()) or _A_COUNT_OF.search(lower[max(0, match.start() - 80): match.start()]):
                return [], None  # "not less than two, and not more than four" members: a count, no period
            return [], Question("missing_unit", f"{match.group(0)!r} gives no unit: days, business days, hours?")
        first, second = parse_number(n1), parse_number(n2)
        unit2 = unit_name(u2 or u1)
        unit1 = unit_name(u1) if u1 else unit2
        lo, hi = (first, second) if name != "max_min" else (second, first)
        lo_unit, hi_unit = (unit1, unit2) if name != "max_min" else (unit2, unit1)
    else:
        n, u = groups[0], groups[1]
        value, unit = parse_number(n), unit_name(u)
        if name in {"min", "notice_of", "more_than_min"}:
            lo, hi, lo_unit, hi_unit = value, None, unit, unit
        else:
            lo, hi, lo_unit, hi_unit = None, value, unit, unit
        if n.strip().lower() in {"a", "an"} and unit not in {"weeks", "months"}:
            return [], None
    if "years" in (lo_unit, hi_unit):
        return [], None
    if (lo is None and hi is None) or (name in _RANGES and None in (lo, hi)):
        return [], Question("unreadable_number", f"cannot read the number in {match.group(0)!r}")
    after_text = lower[match.end(): match.end() + 120]
    if name == "notice_of" and not re.match(r"['’s]*\s*(?:(?:written|advance|prior)\s+)?notice", re.sub(rf"^.*?{U}", "", lower[match.start():match.end()], count=1)):
        # "thirty (30) days before the meeting": exactly, or at least? The bylaws do not say.
        if re.search(r"(?:less|more|fewer|greater|earlier|later)\s+than\s+$", lower[max(0, match.start() - 30): match.start()]):
            return [], None  # "if the record date is less than 10 days before the meeting": a condition, no period
        if _holders_deadline(lower, match) or re.match(r"\W*(?:to\s+)?(?:the\s+|such\s+)?(?:first\s+|one-year\s+)?anniversary", after_text):
            return [], None  # "90 days prior to the anniversary date": a holder's advance notice, nothing to ask
        return [], Question("exact_or_minimum", f"{match.group(0)!r}: exactly that period, or at least it?")
    before_text = lower[max(0, match.start() - 160): match.start()]
    direction = _direction(after_text)
    if direction is None and (_NOTICE_OF_A_PERIOD.search(before_text) or (
            before_text.endswith("after ") and re.search(_NOTICE_WORDS, before_text[-80:] + _CLAUSE_END.split(after_text, 1)[0]))):
        # "notice of at least seven days", a meeting held "after not less than four days if the notice is
        # mailed": a period of notice runs up to the meeting.
        direction = "before"
    if name in {"min_max", "max_min"} and direction == "after" and re.search(r"meeting", match.group(0), re.I):
        # The first number is counted back from the meeting, the second forward from something:
        # no one range.
        return [], Question("direction", f"{match.group(0)!r}: the second limit is counted after an event: which one?")
    if direction is None and (re.search(r"(?:after|following)\s+(?:\w+\s+){0,3}(?:receipt|request|demand)", after_text[:60])
                              or _OF_A_DEMAND.match(after_text)):
        direction = "after"  # "within sixty days of receipt of a demand": what answers it cannot precede it
    elif direction is None and _OF_AN_ANCHOR.match(after_text):
        direction = "after"  # "within six months of the end of the fiscal year": the anchored reader's, no gap
    # Counted back from an event the words turn round: "no later than ten days
    # before the meeting" is at least ten days ahead of it, "not earlier than
    # sixty days before" at most sixty.  After an event they say what they say.
    later = name == "max" and (by_day or _LATER.match(lower, match.start()))
    if (later and direction == "before") or (name == "not_earlier" and direction != "before"):
        lo, hi, lo_unit = hi, None, hi_unit
    elif name == "earlier_later" and direction == "before":
        lo, hi, lo_unit, hi_unit = hi, lo, hi_unit, lo_unit
    demanded = _demand_named_before(name, direction, lower, match, previous, context)
    pair = demanded or _events(lower, before_text, after_text, direction, context, name)
    if pair and pair != "direction?" and pair[0] == "notice" and _holders_deadline(lower, match):
        return [], None  # a holder's notice to the corporation, named in the clause or before its semicolon
    direction = "after" if demanded else direction
    if pair is None:
        return [], None
    if pair == "direction?":
        return [], Question("direction", f"{match.group(0)!r}: before or after the event it names?")
    before, after, subject, when = pair
    extra: list[tuple[str, str]] = []
    if before == "special_meeting_demand" and _AFTER_CALL.match(after_text):
        # "within thirty days after the date of the call or the date the last of the demands ... was received"
        before = "special_meeting_call"
        if re.search(r"demand|request|petition", after_text[:160]):
            extra.append(("special_meeting_demand", "special meeting on demand"))
    if name == "more_than" and before in {"meeting", "record_date"} and after == "adjourned_meeting":
        lo, hi = None, lo if lo is not None else hi  # "if adjourned for more than N days, new notice": no-notice limit
    elif name == "more_than":
        return [], None
    if name == "or_less" and not (before == "meeting" and after == "adjourned_meeting"):
        return [], None
    # "within N days after the demand" also says not before it; "if notice is not
    # given within N days" is a trigger for the requesters' self-help, read as written.
    trigger = bool(re.search(r"\bif\b[^,;]{0,120}\bnot\b", lower[max(0, match.start() - 160): match.start()]))
    if name == "max" and before in {"special_meeting_demand", "meeting"} and after != "adjourned_meeting" and direction == "after" and not trigger:
        lo, lo_unit = 0, hi_unit  # "within N days after the demand": not before it either
    asked = None
    if demanded:
        asked = Question("reference", f"{match.group(0)!r} names no event it is counted from: drafted from the request "
                                      "named in the sentence before; is that what it runs from?")
    if trigger and before in {"special_meeting_demand", "special_meeting_call"}:
        asked = Question("trigger", f"{match.group(0)!r}: drafted as a deadline for the notice, but the bylaws make it the "
                                    "point after which the holders (or a court) may act: keep it as a limit on the plan, or drop it?")
    if after_text.lstrip().startswith("after") and before in {"notice", "record_date", "voting_list", "board_notice"} \
            and after != "adjourned_meeting":
        return [], Question("direction", f"{match.group(0)!r} after the event: which event comes first?")
    # The clause before the number, or the meeting it is counted to, names the meetings it is for.
    subject_only = before in {"notice", "board_notice"} and "increase_authorized_shares" not in when and (
        _FOR_A_SUBJECT.search(before_text[-160:]) or _FOR_A_SUBJECT.search(_LAST_CLAUSE.split(lower[max(0, match.start() - 400):match.start()])[-1])
        or _FOR_A_SUBJECT.search(_CLAUSE_END.split(after_text, 1)[0]))
    debt = before == "notice" and "increase_authorized_shares" not in when and _DEBT_INCREASE.search(before_text[-200:])
    if debt and asked is None and not subject_only:
        asked = Question("condition", f"{match.group(0)!r} is for a meeting increasing the capital stock or the "
                                      "indebtedness, which no fact says: drafted for every meeting (stricter than the "
                                      "bylaws); keep it, or drop it where the meeting increases neither?")
    if subject_only and asked is None:
        # No fact of the vocabulary says what a meeting acts on: drafted for
        # every meeting, which is stricter than the bylaws, never looser.
        asked = Question("condition", f"{match.group(0)!r} is for a meeting on one subject "
                                      f"({subject_only.group(1)!r}): drafted for every meeting (stricter than the "
                                      "bylaws); keep it, or drop it where the meeting acts on no such thing?")
    if lo_unit != hi_unit and lo is not None and hi is not None:
        unit, max_unit = lo_unit, hi_unit
    else:
        unit, max_unit = (lo_unit if lo is not None else hi_unit), None
    when = dict(when)
    methods = methods_for(text, match)
    if before == "board_notice" and methods:
        when["board_notice_method"] = tuple(methods) if len(methods) > 1 else methods[0]
    elif before == "notice" and asked is None and (only := method_condition(text, match) or (
            methods and other_method_nearby(text, match, methods) and f"by {' or '.join(methods)}")):
        # No fact says how the holders get notice: the period binds every meeting
        # (stricter where another method has a shorter one), and the reviewer is asked.
        asked = Question("condition", f"{match.group(0)!r} holds only {only!r}: drafted for every notice whatever "
                                      "its method (no fact says how the holders are notified); keep it, or drop it "
                                      "where notice goes another way?")
    confidence = 0.9 if name in _RANGES else 0.75
    if unit in {"hours", "weeks", "months"} or max_unit:
        confidence -= 0.15
    found = [Bound(before, after, lo, hi, unit, max_unit, tuple(sorted(when.items())), match.group(0), round(confidence, 2), subject)]
    found += [Bound(other, after, lo, hi, unit, max_unit, tuple(sorted(when.items())), match.group(0), round(confidence, 2), why)
              for other, why in extra]
    return found, asked


# "notice of the special meeting was not given | shall be sent" just before the bound.
_NOTICE_GIVEN = (r"notice(?:\s+of\s+(?:the\s+|such\s+|a\s+|any\s+)?(?:special\s+)?meeting)?\s+(?:is\s+|was\s+|has\s+been\s+|shall\s+be\s+)?"
                 r"(?:not\s+)?(?:given|sent|mailed|delivered)?\s*$")
_AFTER_A_MEETING = re.compile(r"\W*(?:after|following)\s+(?:the\s+)?(?:date\s+of\s+)?(?:the\s+|its\s+|any\s+)?(?:last\s+|preceding\s+|prior\s+|previous\s+)?"
                              r"(?:annual\s+|special\s+)?meeting\b(?!\s+(?:is|was|has\s+been)\s+(?:requested|demanded|called|petitioned))")
# A bar ("no special meeting shall be held within", "may not be called within"), not "if it is not held within" (a trigger).
_NOT_HELD_WITHIN = re.compile(r"(?:\bno\b[^.;]{0,80}?\b(?:shall|may|will|can)\s+|\b(?:shall|may|will|can)\s+not\s+)(?:be\s+)?"
                              r"(?:held|called|convened)\s+(?:\w+\s+){0,2}$")
_ANNUAL_HELD = re.compile(r"\bannual\s+meeting\s+(?:of\s+\w+\s+)?(?:to\s+be|shall\s+be|is\s+to\s+be)\s+held\s+$")
# "within sixty days of (the) receipt of a written demand", "of receiving the request": the corporation's
# receiving it, which what answers it follows.  "Within 7 days of the request" stays a question (a trap of the
# corpus: "of" an event names no side of it).
_OF_A_DEMAND = re.compile(r"\W*of\s+(?:the\s+)?(?:date\s+of\s+(?:the\s+)?)?(?:(?:receipt|delivery)\s+(?:by\s+(?:the\s+)?\w+\s+)?of|"
                          r"receiving)\s+(?:a\s+|the\s+|such\s+|any\s+|said\s+|its\s+)?(?:written\s+|valid\s+|proper\s+|last\s+)?"
                          r"(?:demand|request|petition|requisition)s?\b")
# "within six months of the end of the fiscal year", "of the last annual meeting": the annual meeting after
# an anchor, which planner.drafting.anchored_dates reads (a date limit, no gap between two events).
_OF_AN_ANCHOR = re.compile(r"\W*of\s+(?:the\s+)?(?:(?:end|close|closing|expiration|termination)\s+of\s+(?:the\s+|its\s+|each\s+|"
                           r"such\s+|said\s+)?(?:[\w'’]+\s+){0,4}?fiscal\s+year|(?:date\s+of\s+)?(?:the\s+|its\s+)?(?:[\w'’]+\s+){0,2}?"
                           r"(?:last|preceding|prior|previous|most\s+recent)\s+(?:\w+\s+)?annual\s+meeting)")
# The act a demand's days lead to, named after them: "within sixty days of receipt of a demand, the secretary
# shall issue notice of the meeting" (the first of notice, a call or the meeting's being held, in the clause).
_ANSWER_NAMED = re.compile(r"\b(?:(notice)|(call(?:ed)?)|(h(?:eld|old)|convened?|(?:set|fix)\s+(?:its|the|a)\s+date))\b")
_AFTER_CALL = re.compile(r"\W*(?:after|following)\s+(?:the\s+)?(?:date\s+of\s+(?:the\s+)?)?call\b")
# "after the Secretary receives the request (or the call) of the members": the demand, named a few words on.
_AFTER_DEMAND = re.compile(r"\W*(?:after|following)\s+(?:[\w'’]+\s+){0,6}?(?:request|demand|petition|requisition|"
                           r"(?:receipt\s+of|receives?|received)\s+(?:the\s+|a\s+|such\s+)?(?:written\s+)?call)")
# "notice of at least seven days", "a notice period of ten days": the words name a period of notice.
# "notice to each director of at least two days if mailed, or of at least twenty-four hours if ...".
_NOTICE_OF_A_PERIOD = re.compile(r"\bnotice\s+(?:period\s+)?(?:to\s+(?:each|every|all|the)\s+\w+\s+)?of\s+$|"
                                 r"\bnotice\s+(?:to\s+(?:each|every|all|the)\s+\w+\s+)?of\s+[^.;]{0,80},?\s+or\s+of\s+$")
# "within 45 days after each annual meeting of shareholders, ... the board shall hold its annual meeting"
_AFTER_HOLDERS_MEETING = re.compile(
    r"\W*(?:after|following)\s+(?:each|the|every|any)\s+(annual\s+)?meeting\s+of\s+(?:the\s+)?(?:stockholders|shareholders|members)")
# ... or "the annual meeting of the Board shall be held within ten days after ...".
_BOARD_HOLDS = re.compile(r"(?:board|directors)\b[^.;]{0,60}?\b(?:shall|will|may)\s+(?:hold|meet)|"
                          r"meeting\s+of\s+the\s+(?:board|directors)\b[^.;]{0,40}?\b(?:shall|will|may)\s+be\s+held", re.I)


def _holders_deadline(lower: str, match: re.Match) -> bool:
    """The bound's clause is a holder's advance notice to the corporation, named anywhere in it ("notice by
    the stockholder ... not later than the later of the 90th day before the meeting or the 10th day
    following the public announcement"); the clause read back to its semicolon, at most 600 characters."""
    window = lower[max(0, match.start() - 600): match.start()]
    clause = window.rsplit(";", 1)[-1]
    # "; if the meeting is moved, the notice must be delivered not earlier than 120 days before it": "the
    # notice" is still the holder's named before the semicolon.
    return bool(_HOLDERS_NOTICE.search(clause) or (_THE_NOTICE_DELIVERED.search(clause) and _HOLDERS_NOTICE.search(window)))


_THE_NOTICE_DELIVERED = re.compile(r"\b(?:the|such|this|that)\s+notice\s+(?:must|shall|will)\s+(?:\w+\s+)?be\s+(?:so\s+)?(?:delivered|received)")


def _demand_named_before(name: str, direction: str | None, lower: str, match: re.Match, previous: str, context: str):
    """'Such a meeting must be called within thirty days', the holders' request named
    in the sentence before: by its sense the days run from that request."""
    if name != "max" or direction is not None or not re.search(r"\b(?:request|demand|petition|requisition)", previous):
        return None
    verb = re.search(r"\b(?:be|is|are)\s+(called|held|convened|given|sent)\s+$", lower[max(0, match.start() - 40): match.start()])
    holders = re.search(r"stockholder|shareholder|member|holders", previous + " " + context)
    if not verb or not holders or re.search(r"\b(?:board|directors?)\b", previous + " " + lower) and not re.search(
            r"stockholder|shareholder|member", previous + " " + lower):
        return None
    target = {"called": "special_meeting_call", "given": "notice", "sent": "notice"}.get(verb.group(1), "meeting")
    return "special_meeting_demand", target, "special meeting on demand", {"meeting_type": "special"}


# What must happen within the days after a request: the last act named before them in their
# clause, else the first after ("shall call the meeting within 30 days after", "within ten days
# after the request, the Board may adopt a resolution fixing the record date").
# The meeting's date set or fixed ("the Board shall set its date not less than 60 days after") is the meeting's.
_ACTS = re.compile(r"\b(?:(call(?:ed)?)|(h(?:eld|old)|convened?|date\s+of\s+(?:the|such)\s+meeting|(?:set|fix)\s+(?:its|the)\s+date)|"
                   r"(record\s+date|resolution))\b")


def _demand_act(before_text: str, after_text: str) -> str | None:
    clause = re.split(r";|\.\s", before_text)[-1]
    acts = list(_ACTS.finditer(clause)) or list(_ACTS.finditer(re.split(r";|\.\s", after_text)[0]))[:1]
    if not acts:
        return None
    last = acts[-1]
    return "call" if last.group(1) else "meeting" if last.group(2) else "record"


def _direction(after_text: str) -> str | None:
    # "one business day (and not less than 24 hours) previous thereto": the aside is skipped
    head = re.sub(r"^\s*\([^)]{0,80}\)", "", after_text)[:60]
    if re.match(r"\W*(?:prior\s+|advance\s+|written\s+)*notice", head):  # "48 hours' notice": ahead of the meeting
        return "before"
    if re.match(r"\W*(?:\w+\W+){0,4}?(?:before|prior|in\s+advance|ahead\b|preceding|previous|earlier)", head):
        return "before"
    if re.match(r"\W*(?:\w+\W+){0,4}?(?:after|following|from\s+(?:the\s+)?(?:receipt|date))", head):
        return "after"
    return None


def _events(lower: str, before_text: str, after_text: str, direction: str | None, context: str, name: str):
    """(before, after, subject, when) for the bound, None to skip it, or 'direction?'."""
    when: dict[str, object] = {}
    near = before_text[-100:] + " " + after_text[:100]
    # Committees and officers hold meetings the vocabulary has no event for: no rule, not a guess.
    if re.search(r"\bcommittee\b", near) or re.search(r"\bcommittee|meetings?\s+of\s+(?:the\s+)?officers", context.split(" > ")[-1] + " " + context):
        if not re.search(r"\b(?:board|directors?)\b", near):
            return None
    # Board or holders: the words around the number first, then the heading path
    # (ARTICLE III DIRECTORS > Special Meetings), innermost heading first.
    board = bool(re.search(r"\b(?:board|directors?)\b", near)) and not re.search(
        r"(?:stockholders?|shareholders?|members?)\b(?!\s+of\s+the\s+board)", before_text[-60:] + " " + after_text[:60])
    if not board and not re.search(r"stockholder|shareholder|member", near):
        for heading in reversed(context.split(" > ")):
            if re.search(r"stockholder|shareholder|member", heading):
                break
            if re.search(r"board|director", heading):
                board = True
                break
    # "notice stating the place, day and hour and, in case of a special meeting, its purpose, shall be given":
    # the aside says what a special meeting's notice holds, not which meetings the period is for.
    before_text, after_text = _PURPOSE_ASIDE.sub(" ", before_text), _PURPOSE_ASIDE.sub(" ", after_text)
    special = ("special" in before_text or ("special" in context and "annual" not in before_text)
               or bool(re.search(r"\bspecial\s+meeting", after_text)))
    record = _has(_RECORD + r"|transfer\s+books", lower)
    # "adjourned for more than N days": the adjournment's limit; in a record-date
    # sentence "any adjournment thereof" only names what the record date serves.
    # A new record date named as a second trigger of new notice ("if the adjourned meeting's date is more
    # than thirty days after the date for which the meeting was first noticed, or if a new record date is
    # fixed, notice shall be given") leaves the period the adjournment's.
    # "a new record date is required if the meeting is adjourned to a date more than 120 days after the
    # date fixed for the original meeting" (MBCA §7.07(c), Colorado; Maryland counts from the original
    # record date): the original record date holds only that long, as the packs draft it.
    if name == "more_than" and _has(r"adjourn", lower) and _has(_NEW_RECORD_DATE_DUE, lower) \
            and _ADJOURNED_BY.search(before_text[-80:]):
        # A record date is the holders': "the board shall fix a new record date" names no board meeting.
        if _AFTER_RECORD_DATE.match(after_text):
            return ("record_date", "adjourned_meeting", "adjourned meeting keeping the record date",
                    {"adjournment_new_record_date": False})
        if _ADJOURNED_DATE.match(after_text) or _AFTER_ORIGINAL_DATE.match(after_text) or not re.match(r"\W*(?:after|from)\b", after_text):
            return ("meeting", "adjourned_meeting", "adjourned meeting keeping the record date",
                    {"adjournment_new_record_date": False})
        return None  # counted from something else: no event to tie it to
    if _has(r"adjourn", lower) and name in {"more_than", "or_less", "max"} and (
            not record or _has(r"adjourn\w*\s+(?:\w+\s+){0,3}(?:is|be)\s+(?:for|to)", lower)
            or (_ADJOURNED_DATE.match(after_text) and _has(_NOTICE_WORDS, lower)) or _AFTER_RECORD_DATE.match(after_text)):
        if board and not _has(r"stockholder|shareholder|member", lower):
            return None  # a board meeting's adjournment: the vocabulary has no event for it
        if _AFTER_RECORD_DATE.match(after_text):
            # "adjourned without further notice to a date not more than 120 days after the original
            # record date": counted from the record date, not from the meeting.
            return ("record_date", "adjourned_meeting", "adjourned meeting after the record date",
                    {"adjournment_new_notice": False} if _has(_NOTICE_WORDS, lower) else {})
        if not _has(_NOTICE_WORDS, lower):
            # "may be adjourned, but not for more than 120 days": a limit on any
            # adjournment, new notice or not (no word of notice makes it the limit
            # of an adjournment without one).
            return "meeting", "adjourned_meeting", "adjournment limit", {}
        return "meeting", "adjourned_meeting", "adjournment without new notice", {"adjournment_new_notice": False}
    if direction == "after" and (re.search(r"(?:request|demand|petition|requisition)", before_text) or _AFTER_DEMAND.match(after_text)
                                 or _AFTER_CALL.match(after_text) or _OF_A_DEMAND.match(after_text)):
        act = _demand_act(before_text, after_text)
        if act == "record":
            return None  # the days to fix a record date for the request (or a consent): no event of the vocabulary
        if (_AFTER_A_MEETING.match(after_text) or _NOT_HELD_WITHIN.search(before_text[-80:])
                or _ANNUAL_HELD.search(re.split(r";|\.\s", before_text)[-1])):
            # "no special meeting shall be held within 90 days after the last annual meeting", "if the Board
            # calls an annual meeting to be held within 90 days after the request": a bar, or another
            # meeting's date, not the demanded meeting's deadline.
            return None
        # A board's own meeting on its directors' request only where no holders are named:
        # "special meetings of stockholders shall be called within 10 days after the Board's request".
        board = board and not _has(r"stockholder|shareholder|member", lower + " " + context)
        clause = re.split(r";|\.\s", before_text)[-1]
        answer = None if _ACTS.search(clause) or "notice" in clause else _ANSWER_NAMED.search(re.split(r";|\.(?:\s|$)", after_text)[0])
        target = "notice" if re.search(_NOTICE_GIVEN, before_text[-90:]) or "notice" in before_text[-40:] or (
            answer is not None and answer.group(1)) else (
            "special_board_meeting" if board else
            "special_meeting_call" if act == "call" and not _AFTER_CALL.match(after_text) else "meeting")
        if target == "meeting" and not special and not _has(r"meeting", lower):
            return None
        w = {} if target == "special_board_meeting" else {"meeting_type": "special"}
        return "special_meeting_demand", target, "special meeting on demand", w
    holders_meeting = _AFTER_HOLDERS_MEETING.match(after_text)
    if direction == "after" and holders_meeting and name == "max" and _has(_BOARD_HOLDS, lower):
        return ("meeting", "board_meeting", "board meeting after the holders' meeting",
                {"meeting_type": "annual"} if holders_meeting.group(1) else {})
    if direction is None:
        if name == "max" and _has(r"within\s+\S+(?:\s+\(\d+\))?\s+\w+\s+of\b", lower):
            return "direction?"
        if name != "notice_of":
            return None
    if direction == "after":
        return None
    if re.search(r"other\s+action|any\s+other\s+purpose|consent", after_text[:60]) or _NO_EVENT_AHEAD.match(after_text) \
            or _BEFORE_AN_ACTION.match(after_text):
        return None
    if re.search(r"public(?:ly)?\s+(?:announce|disclos)\w*(?:\s+\w+){0,6}\s*$", before_text):
        return None  # "no public announcement naming the nominees at least 100 days before": no notice of the meeting
    listed = _has(r"\blist\b", lower) and _has(r"stockholder|shareholder|member", lower)
    # "prepare, no later than the 10th day before the meeting, a list ...; but if the record date is less
    # than 10 days before ..." names a record date: the list's period is still the list's.
    if _record_subject(lower, before_text) and not (listed and not re.search(_RECORD, before_text)):
        marks = list(re.finditer(_RECORD, before_text))
        if marks and any(m.start() <= marks[-1].start() < m.end() for m in DEMAND_RECORD_DATE.finditer(before_text)):
            return None  # the record date for demanding a special meeting: not the meeting's (a question)
        if marks and "books" in marks[-1].group(0):
            # "if the transfer books are closed ..., for at least ten days": only when the board closes them
            # (the alternative, "in lieu of closing the books, fix a record date", has its own period).
            return "record_date", "meeting", "transfer books closed", {"board_fixes_record_date": True, "transfer_books_closed": True}
        return "record_date", "meeting", "record date", {"board_fixes_record_date": True}
    if re.match(r"\W*(?:\w+\W+){0,2}?(?:before|prior\s+to|preceding)\s+(?:the\s+|any\s+)?(?:notice|mailing)\b", after_text):
        return None  # counted to the notice (a nomination before it): no event of the vocabulary comes there
    if listed:
        return "voting_list", "meeting", "voting list", {}
    # A heading, or a section's first words standing for its title, that says "entitled to
    # notice" names whom a record date serves: it makes no period a notice period.
    if not _has(_NOTICE_WORDS, lower) and not re.search(_NOTICE_NAMED, context):
        return None
    if _HOLDERS_NOTICE.search(before_text.rsplit(";", 1)[-1]):
        return None  # a holder's notice to the corporation (advance notice): no event of the vocabulary
    if board:
        target = "special_board_meeting" if special else "board_meeting"
        return "board_notice", target, "notice of a board meeting", {}
    if _has(r"meeting", lower) or "meeting" in context:
        # "at least 15 days before an annual meeting and at least five days before a special
        # meeting": the meeting the period is counted to names the type, whatever came before.
        named = re.match(r"\W*(?:\w+\W+){0,2}?(?:before|prior\s+to|preceding|in\s+advance\s+of)\s+(?:an?|the|any|each|every)\s+"
                         r"(annual|special)\s+meeting", after_text)
        if named:
            when["meeting_type"] = named.group(1)
        elif special and "annual" not in before_text:
            when["meeting_type"] = "special"
        elif "annual" in before_text and "special" not in before_text:
            when["meeting_type"] = "annual"
        elif (nearest := _nearest_type(before_text)) is not None:
            when["meeting_type"] = nearest
        clause = _LAST_CLAUSE.split(before_text)[-1]
        if (re.search(r"authori[sz]ed\s+(?:shares|capital|stock)", before_text + after_text)
                or _SHARES_INCREASE.search(clause + " " + _CLAUSE_END.split(after_text, 1)[0])) \
                and not _DEBT_INCREASE.search(clause):
            when["increase_authorized_shares"] = True
        return "notice", "meeting", "notice of meeting", when
    return None


def _nearest_type(before_text: str) -> str | None:
    """Both types named before the number ("in the case of the annual meeting, 14 days'
    notice, and in the case of a special meeting, 5 days' notice"): the nearer one, in
    the bound's own clause; "annual or special meeting" names both, so neither."""
    clause = re.split(r"[;]|,\s+(?:and|or|but)\b", before_text)[-1]
    # "each annual meeting or special meeting" names both, as "annual or special meeting" does.
    named = list(re.finditer(r"\b(annual|special)\b(\s+(?:meetings?\s+)?(?:or|and|and/or)\s+(?:an?\s+|any\s+|each\s+)?"
                             r"(?:annual|special)\b)?", clause))
    if not named or named[-1].group(2):
        return None
    return named[-1].group(1)


_RECORD = (r"record\s+date|date\s+of\s+record|record\s+holders?\s+shall\s+be|closing\s+of\s+the\s+(?:stock\s+)?transfer\s+books|"
           r"transfer\s+books\s+(?:shall\s+|may\s+)?(?:be|are|is)\s+(?:temporarily\s+)?closed|"
           r"books\s+of\s+the\s+\w+\s+shall\s+be\s+(?:temporarily\s+)?closed|"
           r"taking\s+of\s+a\s+record\s+of\s+the|"
           # "fix a day ... as the time as of which the members entitled to vote shall be determined"
           r"(?:time|day|date)\s+(?:as\s+of|at)\s+which\s+(?:the\s+)?(?:stockholders|shareholders|members|holders)\s+entitled")
# "the list shall reflect the holders entitled to vote as of the tenth day before the meeting date":
# the day the list speaks as of, no period.
_AS_OF = re.compile(r"\b(?:reflect|show|include)\w*\b[^.;]{0,80}\bas\s+of\s+$")
_PURPOSE_ASIDE = re.compile(r"(?:in\s+(?:the\s+)?case\s+of|for|in|if)\s+(?:a|an|any|the|each|every)\s+special\s+meeting,?\s+"
                            r"(?:the\s+|its\s+|a\s+|such\s+)?(?:purposes?|statement|description|general\s+nature|business)\b")
# "more than thirty days after the date for which the meeting was first noticed (originally called)".
_ADJOURNED_DATE = re.compile(r"\W*(?:after|from)\s+the\s+(?:original\s+|first\s+)?date\s+(?:for\s+which|on\s+which|"
                             r"of\s+the\s+(?:original\s+|first\s+)?meeting|(?:fixed|set|originally\s+\w+)\s+for)")
_AFTER_RECORD_DATE = re.compile(r"\W*after\s+the\s+(?:original\s+)?record\s+date")
_AFTER_ORIGINAL_DATE = re.compile(r"\W*(?:after|from)\s+the\s+(?:(?:original|first|initial)\s+(?:meeting\s+)?date\b|"
                                  r"date\s+(?:first|originally|initially)\s+(?:fixed|set|scheduled|called|noticed)\b)")
# The law (or the bylaws) requires a new record date, not "if a new record date is fixed" (a trigger
# of new notice): "a new record date is required", "the board shall fix a new record date", "unless the
# board fixes a new record date, which it must do if ...".
_NEW_RECORD_DATE_DUE = (r"new\s+record\s+date\s+(?:(?:is|shall\s+be|must\s+be|will\s+be)\s+(?:required|necessary|needed)|"
                        r"(?:shall|must|will)\s+be\s+(?:fixed|set|established|determined))|"
                        r"(?:shall|must|will)\s+(?:\w+\s+){0,2}?(?:fix|set|establish|determine)\s+a\s+new\s+record\s+date|"
                        r"requir\w*\s+(?:the\s+(?:fixing|setting)\s+of\s+)?a\s+new\s+record\s+date|"
                        r"new\s+(?:record\s+date|one)\s*,?\s+(?:which|as)\s+(?:it|they|the\s+board)\s+(?:must|shall|is\s+bound\s+to|are\s+bound\s+to)\s+do")
# "adjourned to a date more than", "the adjournment is for more than": the number is the adjournment's.
_ADJOURNED_BY = re.compile(r"adjourn\w*\s+(?:\w+\s+){0,3}?(?:to\s+(?:a|any)\s+(?:\w+\s+)?(?:date|day)|for|by|until)?\s*$|"
                           r"adjournment\s+(?:is\s+|be\s+)?(?:to\s+a\s+date\s+|for\s+)?$")
# "notice", and the words bylaws use for it: "written notification", "shall be invited".
_NOTICE_WORDS = r"notice|notif(?:y|ied|ication)|invit(?:ed|ation)"
# "the tenth day following the day on which public announcement ... is first made": an
# announcement (or a disclosure) of the date is no event of the vocabulary.
_ANNOUNCEMENT = re.compile(r"\s+(?:\w+\s+){1,8}?(?:public(?:ly)?\s+(?:announce|disclos)|(?:announcement|disclosure)\s+of)")
# A period counted to no event of the vocabulary: the anniversary of last year's meeting, or
# last year's proxy statement (advance-notice windows), "prior to the first anniversary".
# "not more than 60 days prior to that action" (a record date for any other lawful action): no meeting.
_BEFORE_AN_ACTION = re.compile(r"\W*(?:\w+\W+){0,2}?(?:before|prior\s+to|preceding)\s+(?:the\s+date\s+of\s+)?(?:that|such|any\s+such|any\s+other|the\s+other)\s+action\b")
_NO_EVENT_AHEAD = re.compile(r"\W*(?:\w+\W+){0,2}?(?:before|prior\s+to|preceding|in\s+advance\s+of)\s+(?:the\s+|such\s+)?"
                             r"(?:(?:first\s+|one-year\s+)?anniversary|date\s+(?:of|on\s+which)\s+the\s+(?:corporation|company)['’]s\s+proxy)")
# A holder's notice to the corporation, not the corporation's notice of the meeting: "a
# stockholder's notice must be delivered to the Secretary not less than 60 days before the
# meeting" (advance notice of business or nominations).  "Delivered by the Secretary" is not one.
_HOLDERS_NOTICE = re.compile(
    r"(?:stockholder|shareholder|member)['’]s\s+(?:\w+\s+)?notice|"
    r"notice\s+(?:by|from)\s+(?:the\s+|a\s+|any\s+|such\s+)?(?:stockholder|shareholder|member)|"
    r"(?:received\s+by|(?:delivered|mailed|given|submitted|sent)\s+to|(?:received|delivered)\s+at)\s+(?:the\s+)?"
    r"(?:secretary|corporation|company|principal\s+(?:executive\s+)?offices?)|"
    r"intends?\s+to\s+(?:bring|nominate|propose|make\s+a\s+nomination)|\bto\s+be\s+timely\b|"
    # "any such notice must be received not less than 120 days before the anniversary ...": received by the
    # corporation (notice of a meeting is given; one that directors or holders must have received names them).
    r"notice\s+(?:must|shall|is\s+to)\s+be\s+received\b(?!\s+by\s+(?:each|every|all|the|such)\s+(?:directors?|stockholders?|"
    r"shareholders?|members?|holders?))")
# Notice named as an event, not as whom a record date serves ("entitled to notice of or to vote").
_NOTICE_NAMED = r"(?<!entitled\sto\s)\bnotice\b(?!\s+of\s+or\s+to\s+vote)"


def _record_subject(lower: str, before_text: str) -> bool:
    """The bound is the record date's: a record date is named and no notice is
    named between it and the number ("entitled to notice" names who, not when)."""
    if not _has(_RECORD, lower):
        return False
    marks = [(m.end(), "record") for m in re.finditer(_RECORD, before_text)]
    marks += [(m.end(), "notice") for m in re.finditer(_NOTICE_NAMED, before_text)]
    if not marks:
        return True
    return max(marks)[1] == "record"


