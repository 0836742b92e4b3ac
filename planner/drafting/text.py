"""A bylaws document, as it comes, turned into plain text with its headings.

Markup goes through the field's parsers (BeautifulSoup on lxml for HTML,
DocBook and JSX pages; pdfminer.six for PDF; python-docx for Word), never a
hand parser.  Headings come out as Markdown-style ``#`` lines so that one
section reader (``planner.drafting.sections``) serves every format.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import warnings
from collections import Counter
from pathlib import Path, PurePath

from planner.drafting.numbers import NUMBER_WORDS
from planner.errors import DraftError
from planner.model.limits import MAX_DOCUMENT_BYTES
from planner.model.loading import read_bytes

__all__ = ["FORMATS", "document_text", "read_document"]

# Extension -> reader name; the CLI and the service accept exactly these.
FORMATS = {
    ".txt": "text", ".md": "text", ".markdown": "text",
    ".htm": "markup", ".html": "markup", ".xml": "markup", ".docbook": "markup", ".jsx": "markup",
    ".pdf": "pdf", ".docx": "docx",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end a line of text (others, like <span>, run on).
_BLOCKS = {
    "p", "div", "li", "br", "tr", "td", "th", "para", "simpara", "listitem", "title", "section",
    "chapter", "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt",
}
# EDGAR's SGML wrapper: <PAGE>, <DOCUMENT>, <TYPE>EX-3.2 and the like.
_SGML_TAG = re.compile(r"^\s*</?(PAGE|DOCUMENT|TYPE|SEQUENCE|FILENAME|DESCRIPTION|TEXT|S|C|FN|CAPTION|TABLE)\b[^>]*>.*$", re.I | re.M)


def read_document(path: Path) -> bytes:
    """A bylaws document's bytes: a regular file of at most MAX_DOCUMENT_BYTES,
    refused before reading otherwise (/dev/zero or a FIFO would hang it)."""
    return read_bytes(path, error=DraftError, limit=MAX_DOCUMENT_BYTES)


def document_text(data: bytes, name: str) -> str:
    """The text of a document whose file name (its extension) says the format."""
    suffix = PurePath(name).suffix.lower()
    reader = FORMATS.get(suffix)
    if reader is None:
        raise DraftError(
            f"unknown document format {suffix or '(none)'!r}; give one of {', '.join(sorted(FORMATS))}",
            file=name, field="format",
        )
    try:
        if reader == "text":
            text = _decode(data, name).replace("\r\n", "\n")
            if suffix == ".txt":  # EDGAR: SGML wrapper lines, and dash runs left by underlining
                text = _join_pages(text)
                text = re.sub(r"-{3,}", " ", _SGML_TAG.sub("", text))
            text = _join_hyphenated(text)
        elif reader == "markup":
            text = _markup_text(_decode(data, name), docbook=suffix in {".xml", ".docbook"})
        elif reader == "pdf":
            text = _join_hyphenated(_join_pdf_pages(_pdf_text(data)))
        else:
            text = _docx_text(data)
    except DraftError:
        raise
    except RecursionError:  # markup nested thousands deep: no bylaws are
        raise DraftError(f"the {suffix} document's markup is nested too deeply to read", file=name,
                         field="document") from None
    except Exception as exc:  # a parser's own error on a damaged file: one line, exit 2
        raise DraftError(f"cannot read the {suffix} document: {type(exc).__name__}: {exc}".splitlines()[0],
                         file=name, field="document") from exc
    if not text.strip():
        raise DraftError("the document has no text (a scanned PDF needs OCR first)", file=name, field="document")
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), _INVISIBLE.sub("", text))
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


# Typesetting ligatures (ﬁ, ﬂ, ﬀ, ...), which a PDF's text often keeps:
# "ﬁve", "ﬁfty" and "ﬁfteen" are then no number at all.
_LIGATURES = re.compile("[\ufb00-\ufb06]")
# Soft hyphens and zero-width characters, which a PDF or a Word file may hold
# inside a word: "six\u00adty (60)" was no number.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


# A word split at a line's end ("thir-" / "ty days"): a typewritten filing's or a PDF's line breaks.
# The rest of the word runs to the next space, hyphens and stops and all ("ty-five days", "ing,").
_LINE_END_HYPHEN = re.compile(r"\b([A-Za-z]+)-[ \t]*\n[ \t]*([a-z]+)([^\s]*)")


def _join_hyphenated(text: str) -> str:
    """Join a word a line's end split with a hyphen, where the whole is a
    number word ("thir-/ty") or a word the document writes whole elsewhere
    ("meet-/ing"), and the document never writes it with the hyphen: a real
    hyphenated word ("two-/thirds", "thirty-/one") keeps its hyphen, and a
    number the parts spell ("thirty-one") still reads.  The newline moves
    after the word, so every line keeps its number."""
    if "-\n" not in text and not re.search(r"-[ \t]+\n", text):
        return text
    lower = text.lower()
    whole_words = set(re.findall(r"[a-z]+", lower))  # one pass each: linear in the text
    hyphenated = set(re.findall(r"[a-z]+-[a-z]+", lower))

    def join(match: re.Match) -> str:
        head, tail, rest = match.groups()
        word = (head + tail).lower()
        if f"{head}-{tail}".lower() in hyphenated or not (word in NUMBER_WORDS or word in whole_words):
            return f"{head}-{tail}{rest}\n"  # a real hyphen: the word whole on its line, for the quote
        return f"{head}{tail}{rest}\n"

    return _LINE_END_HYPHEN.sub(join, text)


# A page break in a filed text: blank lines, a page number, <PAGE>, blank lines.
_PAGE_BREAK = re.compile(r"\n(?:[ \t]*\n)*[ \t]*(?:-?\s*\d{1,4}\s*-?|[ivx]{1,6})?[ \t]*\n(?:[ \t]*\n)*[ \t]*<PAGE>[^\n]*\n(?:[ \t]*\n)*", re.I)
_UNDERLINE = re.compile(r"\n[ \t]*-{3,}[ \t]*(?=\n)")


def _join_pages(text: str) -> str:
    """Join a sentence a page break cut in two, and drop the lines of dashes
    that underline headings: else one sentence reads as two paragraphs."""
    text = _UNDERLINE.sub("", text)

    def join(match: re.Match) -> str:
        # The text's last stop before the break, from the few characters
        # before it (not a copy of all the text before: many pages made that quadratic).
        before = text[max(0, match.start() - 200):match.start()].rstrip()
        return "\n" if before and before[-1] not in ".:;" else "\n\n"

    return _PAGE_BREAK.sub(join, text)


# A line that is only a page number: "3", "- 3 -", "Page 3", "Page 3 of 12", "iv".
_PAGE_NUMBER = re.compile(r"^\s*(?:(?i:page)\s+)?[-\u2013\u2014]?\s*(?:\d{1,4}|[ivx]{1,6})\s*[-\u2013\u2014]?"
                          r"(?:\s+(?i:of)\s+\d{1,4})?\s*$")


def _join_pdf_pages(text: str) -> str:
    """A PDF's pages (pdfminer ends each with a form feed) without what is
    printed above or below their text (page numbers, and a running header
    or footer: a line at the edge of most pages, its digits aside), joined
    so that a sentence a page break cut in two reads as one paragraph, as
    _join_pages does for a filed text: where the page before ends with no
    stop and the next goes on in lower case.  Anything else (a heading, a
    new paragraph) starts a paragraph of its own, so no section runs into
    the one before."""
    pages = [page.split("\n") for page in text.split("\x0c")]
    running = _running(pages)

    def margin(line: str) -> bool:
        return not line.strip() or bool(_PAGE_NUMBER.match(line)) or _edge_key(line) in running

    parts: list[str] = []
    for lines in pages:
        while lines and margin(lines[0]):
            lines.pop(0)
        while lines and margin(lines[-1]):
            lines.pop()
        if not lines:
            continue
        if parts:
            parts.append("\n" if _goes_on(parts[-1], lines[0]) else "\n\n")
        parts.append("\n".join(lines).rstrip())
    return "".join(parts) + "\n"


# A line that names a section or an article, or a short title in capitals.
# "4. NOTICE OF MEETING." (a number, a heading in capitals) is one too.
_HEADING_LINE = re.compile(r"^\s*(?:(?:section|sec\.|§|article)\s*[\dIVXLC]|\d+(?:\.\d+)+\b"
                           r"|(?-i:\d{1,3}\.\s+[A-Z][A-Z0-9'\u2019&,;:/()\-\u2013\u2014 ]{0,78}[A-Z)](?:\.|\s*$)))", re.I)


def _goes_on(before: str, first: str) -> bool:
    """Whether the next page's first line goes on with the sentence the page
    `before` left open: no stop at its end, no heading there ("ARTICLE III",
    "Section 5. Record Date", "STOCKHOLDERS"), and no heading opening the
    next page; "the / Secretary" goes on as "the / ten" does."""
    if before.rstrip("\"')\u201d\u2019")[-1:] in ".:;!?":
        return False
    last = before.rsplit("\n", 1)[-1].strip()
    if len(last.split()) <= 8 and (_HEADING_LINE.match(last) or last.isupper()):
        return False
    return first.lstrip()[:1].islower() or not _HEADING_LINE.match(first)


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _running(pages: list[list[str]]) -> set[str]:
    """Lines among the first or last two of most pages (of two pages, both),
    digits aside: a running header or footer ("Bylaws of Acme Corp. - Page 3")."""
    filled = [[line for line in lines if line.strip()] for lines in pages]
    filled = [lines for lines in filled if lines]
    if len(filled) < 2:
        return set()
    seen = Counter(key for lines in filled for key in {_edge_key(line) for line in lines[:2] + lines[-2:]})
    return {key for key, count in seen.items() if count >= max(2, (len(filled) + 1) // 2)}


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")  # Windows' "Unicode" text
    if b"\x00" in data:
        # No text format holds a NUL: a binary file under a text name drafted nothing, and said so nowhere.
        raise DraftError("not a text document: it holds NUL bytes (a binary file under a text name?)", file=name,
                         field="document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Word and EDGAR exports of the 1990s


def _markup_text(source: str, *, docbook: bool) -> str:
    from bs4 import BeautifulSoup, NavigableString, Tag
    from bs4 import XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(source, "lxml-xml" if docbook else "lxml")
    for junk in soup.find_all(["script", "style", "head"] if not docbook else ["info"]):
        junk.decompose()
    parts: list[str] = []

    def walk(node: Tag, depth: int) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment or a doctype
                    parts.append(re.sub(r"\s+", " ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if docbook and name == "xref":
                # An <xref/> shows its target's title, so a reader (and the drafter) can follow it.
                target = soup.find(id=child.get("linkend") or "")
                title = target.find("title") if target is not None else None
                parts.append(f' the section "{title.get_text(" ", strip=True)}"' if title is not None else " [cross-reference]")
                continue
            level = _HEADINGS.get(name) or (depth if docbook and name == "title" else None)
            if level:
                parts.append("\n\n" + "#" * max(1, min(level, 6)) + " " + child.get_text(" ", strip=True) + "\n\n")
                continue
            inner = depth + 1 if name in {"section", "chapter", "sect1", "sect2", "sect3"} else depth
            if name in _BLOCKS:
                parts.append("\n\n")
            walk(child, inner)
            if name in _BLOCKS:
                parts.append("\n\n")

    walk(soup, 1)
    text = "".join(parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


def _pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
        match = re.match(r"Heading (\d)", style)
        prefix = "#" * int(match.group(1)) + " " if match else ""
        lines.append(prefix + paragraph.text)
    return "\n\n".join(lines)
