"""What reading a sentence yields (bounds, questions, a status), and the
pieces of pattern every reader shares: a time expression, a number and its
unit, the words of a minimum and of a maximum."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from planner.drafting.numbers import NUMBER, ORDINAL, UNIT

__all__ = ["Bound", "MAX_WORDS", "MIN_WORDS", "N", "ORDINAL_DAY", "Question", "Reading", "TIME", "U", "days_of"]

TIME = re.compile(rf"({NUMBER})\s+({UNIT})\b|(\[[^\]]{{0,20}}\]|_{{2,}}|\(\s+\))\s*({UNIT})\b", re.I)
N, U = rf"({NUMBER})", rf"({UNIT})"
# "the tenth day before the meeting": a period written as the day it ends on,
# a time expression too (no sentence holding one may go uncovered).
ORDINAL_DAY = re.compile(rf"\bthe\s+({ORDINAL})\s+((?:business\s+|calendar\s+|full\s+)?day)"
                         r"(?=\s+(?:next\s+|immediately\s+)?(?:before|preceding|prior|previous|after|following))", re.I)
# "not less than", and "shall not be less than" with the verb between.
MIN_WORDS = r"(?:(?:not|no)\s+(?:be\s+)?(?:less|fewer)\s+than|at\s+least|a\s+minimum\s+of|minimum\s+of)"
MAX_WORDS = (r"(?:(?:not|no)\s+(?:be\s+)?(?:more|later|longer)\s+than|at\s+the\s+latest|not\s+exceeding|not\s+to\s+exceed|"
             r"at\s+most|a\s+maximum\s+of|within|up\s+to)")


@dataclass(frozen=True)
class Bound:
    """A drafted gap between two events, in the units the document used."""

    before: str
    after: str
    min: int | None
    max: int | None
    unit: str  # days | business_days | clear_days | hours | weeks | months
    max_unit: str | None
    when: tuple[tuple[str, object], ...]
    text_number: str
    confidence: float
    subject: str  # what the rule is about, for the summary


@dataclass(frozen=True)
class Question:
    kind: str  # placeholder | missing_unit | direction | unreadable_number | conflict | no_event ...
    question: str


@dataclass
class Reading:
    status: str  # drafted | out_of_scope | not_understood | understood_not_drafted
    bounds: list[Bound] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    reason: str = ""


def days_of(value: int, unit: str, *, upper: bool) -> tuple[int, str] | None:
    """A bound in whole days for the rulebook (and its counting), on the safe side.

    24 hours before a meeting is the day before at day granularity; n weeks
    are 7n days; months are left to max_months (upper) or to a question."""
    if unit == "hours":
        return math.ceil(value / 24), "calendar"
    if unit == "weeks":
        return value * 7, "calendar"
    if unit == "months":
        return None
    if unit == "business_days":
        return value, "business"
    if unit == "clear_days":
        return value, "clear"
    return value, "calendar"
