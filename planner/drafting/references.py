"""Notice given "as provided in Section 2.4" or "according to the section
'Annual Meetings'": the periods drafted at the section referred to, applied
to the meeting this sentence is about.

Only a reference from a notice sentence with no period of its own is
followed, and only to the notice rules drafted at the section it names; a
reference that lands on no such rule (a whole article, a section with no
period) is a question, never a period borrowed from elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.drafting.sections import Sentence

__all__ = ["REFERENCE", "Reference", "find_reference", "referred_sections", "subject"]

REFERENCE = re.compile(
    r"(?:according\s+to|as\s+provided\s+(?:in|by|for\s+in)|in\s+accordance\s+with|pursuant\s+to|"
    r"(?:as\s+)?(?:set\s+forth|required|specified|prescribed)\s+(?:in|by)|in\s+the\s+manner\s+(?:provided|prescribed|set\s+forth)\s+(?:in|by))"
    r"\s+(?:the\s+section\s+\"([^\"]{1,80})\"|(?:section|§)\s*(\d+(?:\.\d+)*[a-z]?)\b|\[cross-reference\])", re.I)
_NOTICE = re.compile(r"\bnotice\b[^.;]{0,80}$", re.I)


@dataclass(frozen=True)
class Reference:
    title: str | None  # a heading's title (DocBook <xref/>, rendered by planner.drafting.text)
    number: str | None  # "2.4"
    text: str


def find_reference(sentence: Sentence) -> Reference | None:
    """The section a notice sentence refers its period to, if it does."""
    for match in REFERENCE.finditer(sentence.text):
        if _NOTICE.search(sentence.text[: match.start()]):
            return Reference(match.group(1), match.group(2), match.group(0))
    return None


def referred_sections(reference: Reference, cites: list[str]) -> list[str]:
    """The drafted cites the reference names: a heading path ending in the
    title, or a section numbered as the reference numbers it."""
    found = []
    for cite in cites:
        if reference.title and cite.split(" > ")[-1].strip().lower() == reference.title.strip().lower():
            found.append(cite)
        elif reference.number and re.search(rf"§{re.escape(reference.number)}(?![\d.])", cite):
            found.append(cite)
    return found


def subject(sentence: Sentence) -> tuple[str, str, dict]:
    """(notice event, meeting event, when) of the meeting the sentence is about."""
    lower = f"{sentence.context} {sentence.text}".lower()
    special = bool(re.search(r"\bspecial\b", lower))
    if re.search(r"\bboard\b|\bdirectors?\b", lower) and not re.search(r"stockholders?|shareholders?", sentence.text.lower()):
        return "board_notice", "special_board_meeting" if special else "board_meeting", {}
    return "notice", "meeting", {"meeting_type": "special"} if special else {}
