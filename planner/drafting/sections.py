"""Sections and sentences of a bylaws text, each sentence with the citation
the document itself would use ("Art. II §5", "§2.4(b)", "Art. IV §C", or the
heading path where headings carry no numbers) and its line in the text."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Sentence", "sentences"]

_ROMAN = r"[IVXLC]+"
_ARTICLE = re.compile(rf"^\s*(?:#+\s*)?\**\s*article\s+({_ROMAN}|\d+)\b[.:\s-]*(.*)$", re.I)
_SECTION = re.compile(r"^\s*(?:#+\s*)?\**\s*(?:section|sec\.|§)\s*(\d+(?:\.\d+)*[A-Za-z]?)\b\.?\s*(.*)$", re.I | re.S)
_NUMBERED = re.compile(r"^\s*(?:#+\s*)?\**\s*(\d+\.\d+[A-Za-z]?)\.?(?=\s|[A-Z*]|$)\s*(.*)$", re.S)
_HEAD_NUMBER = re.compile(r"^\s*#+\s*(\d+)\.\s+(.*)$")  # "## 4. Meetings" (an article)
# "4. NOTICE OF MEETING." in plain text: a number, a heading in capitals (two
# letters at least, no lower case), then a period or the line's end.  A
# heading with a lower-case letter ("4. The board may ...") is a list item.
_CAPS_HEADING = r"[A-Z][A-Z0-9'’&,;:/()\-–— ]{0,78}[A-Z)](?:\.|[ \t]*(?:\n|$))"
_PLAIN_NUMBER = re.compile(rf"^\s*\**\s*(\d{{1,3}})\.\s+(?={_CAPS_HEADING})(.*)$", re.S)
_LETTERED = re.compile(r"^\s*#+\s*([A-Z])\.\s+(.*)$")
_SUBPARA = re.compile(r"^\s*\(([a-z0-9]{1,3})\)\s")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
# A period after these words does not end a sentence.
_ABBREVIATIONS = {"sec", "art", "no", "nos", "inc", "corp", "co", "u.s", "i.e", "e.g", "mr", "ms", "dr", "st",
                  "p.m", "a.m", "v", "vs", "para", "paras", "seq", "et", "cf", "jr", "ltd"}
_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str  # whitespace normalised
    cite: str
    context: str  # the headings and section title above it, for telling board from members
    line: int  # 1-based line of the text where it starts
    offset: int  # character offset in the text


@dataclass
class _Place:
    article: str | None = None
    section: str | None = None
    sub: str | None = None
    headings: tuple[str, ...] = ()
    numbered: bool = False  # the document numbers its sections
    title: str = ""
    levels: list = None  # (heading level, title) of the open headings

    def __post_init__(self) -> None:
        self.levels = []

    def cite(self) -> str:
        if self.section is None:
            path = " > ".join(self.headings)
            return path or "(no section)"
        sub = f"({self.sub})" if self.sub else ""
        if "." in self.section or self.article is None:
            return f"§{self.section}{sub}"
        return f"Art. {self.article} §{self.section}{sub}"


def sentences(text: str) -> list[Sentence]:
    """Every sentence of the text with its citation, in document order."""
    place, found = _Place(), []
    title_seen = False
    # Where each line ends, so that a sentence's line is a bisection, not a
    # count from the start of the text (that was quadratic in a long text).
    newlines = [match.start() for match in re.finditer("\n", text)]
    for offset, block in _blocks(text):
        body = block
        heading = _MD_HEADING.match(block)
        if heading and "\n" not in block.strip():
            level, title = len(heading.group(1)), heading.group(2).strip("* ")
            if level == 1 and not title_seen and re.search(r"by-?laws", title, re.I):
                title_seen = True
                continue
            place.levels = [(lv, tt) for lv, tt in place.levels if lv < level] + [(level, title)]
            place.headings = tuple(tt for _, tt in place.levels)
        body = _read_heading(body, place)
        if not body.strip():
            continue
        sub = _SUBPARA.match(body)
        if sub and place.section is not None:
            place.sub = sub.group(1)
        base = offset + max(block.find(body), 0)  # the body's place in the text, once a block
        for start, sentence in _split(body):
            clean = re.sub(r"\s+", " ", sentence).strip(" *#")
            if clean:
                at = base + start
                found.append(Sentence(clean, place.cite(), " > ".join((*place.headings, place.title)),
                                      bisect_left(newlines, at) + 1, at))
    return found


def _read_heading(block: str, place: _Place) -> str:
    """Update the place from a heading at the start of a block; the rest is body text."""
    first = block.lstrip()
    if match := _ARTICLE.match(first.split("\n", 1)[0]):
        place.article, place.section, place.sub = match.group(1).upper(), None, None
        title = match.group(2).strip(" *#-.")
        rest = first.split("\n", 1)[1].strip() if "\n" in first else ""
        if not title and rest and _is_title(rest.split("\n", 1)[0]):
            title = rest.split("\n", 1)[0].strip(" *#-.")  # EDGAR: "ARTICLE II" over "SHAREHOLDERS"
            rest = rest.split("\n", 1)[1].strip() if "\n" in rest else ""
        place.numbered, place.title = True, re.sub(r"\.{3,}.*$", "", title).strip()
        place.levels = []
        place.headings = (place.title,) if place.title else ()
        # The heading (and its title) carry no clause; a section that follows
        # with no blank line between (a PDF's text, a plain-text filing) is read
        # as a block of its own.
        return _read_heading(rest, place) if rest else ""
    if place.section is None and place.article and not place.headings and _is_title(first):
        place.headings = (first.strip(" *#-."),)  # EDGAR: the article's title on its own line
        return ""
    if match := _SECTION.match(first):
        place.section, place.sub, place.numbered = match.group(1).rstrip("."), None, True
        place.title = match.group(2)[:80]
        return _after_title(match.group(2))
    if match := _NUMBERED.match(first):
        place.section, place.sub, place.numbered = match.group(1), None, True
        place.title = match.group(2)[:80]
        return _after_title(match.group(2))
    if match := _PLAIN_NUMBER.match(first):
        place.section, place.sub, place.numbered = match.group(1), None, True
        place.title = match.group(2)[:80]
        return _after_title(match.group(2))
    if match := _HEAD_NUMBER.match(first):
        place.article, place.section, place.sub = match.group(1), None, None
        return ""
    if match := _LETTERED.match(first):
        place.section, place.sub = match.group(1), None
        return ""
    if _MD_HEADING.match(first) and "\n" not in first.strip():
        if place.numbered:
            return ""  # an unnumbered sub-heading inside a numbered section
        place.section = None
        return ""
    return block


def _is_title(block: str) -> bool:
    """An article's title alone ("SHAREHOLDERS", "Board Of Directors"): short, capitalised, no sentence."""
    line = block.strip()
    return ("\n" not in line and 0 < len(line.split()) <= 6 and not line.endswith(".")
            and all(w[:1].isupper() or w.lower() in {"of", "and", "the", "for", "to", "&"} for w in line.split()))


def _after_title(rest: str) -> str:
    """'Annual Meeting. The annual meeting ...' -> the body after a short title."""
    rest = rest.strip().strip("*").strip()
    match = re.match(r"^([A-Z][^.\n]{0,80}?)\.\s*\**\s*(?=[A-Z(])", rest)
    if match and len(match.group(1).split()) <= 10:
        return rest[match.end():]
    if "\n" not in rest.strip() and len(rest.split()) <= 10:
        return ""  # a heading line alone
    return rest


# A line that opens a section or an article ("Section 6. Notice", "§ 6.",
# "2.5 Record Date", "ARTICLE III"), where the line before it ends a sentence.
_OPENS = re.compile(r"^\s*(?:(?i:(?:section|sec\.|§)\s*\d+(?:\.\d+)*[A-Za-z]?\.\s|\d+\.\d+[A-Za-z]?\.?\s+[A-Z])"
                    rf"|(?i:article\s+(?:[IVXLC]+|\d+)\b)|\d{{1,3}}\.\s+{_CAPS_HEADING})")
_STOPS = re.compile(r"[.:;][\"'”’)]*\s*$")


def _blocks(text: str):
    """Paragraphs (blank-line separated) with their offsets; a paragraph is
    also cut before a line that opens a section after a line that ends a
    sentence (a PDF's text box often holds the end of one section and the
    start of the next, with no blank line between)."""
    for match in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        start, block = match.start(), match.group(0)
        cut, at, previous = 0, 0, ""
        for line in block.splitlines(keepends=True):
            if at > cut and _OPENS.match(line) and _STOPS.search(previous):
                yield start + cut, block[cut:at]
                cut = at
            at, previous = at + len(line), line
        yield start + cut, block[cut:]


def _split(body: str):
    start = 0
    for match in _END.finditer(body):
        before = body[start:match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]|\d+(\.\d+)*|[ivx]+", last):
            continue
        yield start, body[start:match.end()]
        start = match.end()
    yield start, body[start:]
