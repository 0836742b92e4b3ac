"""Numbers as bylaws write them: "10", "ten (10)", "sixty", "forty-eight",
"three hundred sixty (360)", and the units that follow them.

A small table, not a library: bylaws use the cardinal words below and
nothing else, and a word we do not know must stay unread (a question), never
become a guess.
"""

from __future__ import annotations

import re

__all__ = ["NUMBER", "NUMBER_WORDS", "ORDINAL", "UNIT", "parse_number", "parse_ordinal", "unit_name"]

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SMALL = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS], key=len, reverse=True))
_WORDS = rf"(?:(?:{_SMALL})(?:[\s-]+(?:hundred|and|{_SMALL}))*)"
# "ten (10)", "10", "sixty", "three hundred sixty (360)"; "a" as in "a week".
NUMBER = rf"(?:\b{_WORDS}\b(?:\s*\(\s*\d{{1,4}}\s*\))?|\b\d{{1,4}}\b(?!\.\d)|\ban?\b(?=\s+(?:week|month|day)\b))"
# "the tenth day before", "the 10th day preceding", "the sixtieth (60th) day":
# the count of a day, read as its cardinal.
_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                 "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_TENS = "|".join(_TENS_WORDS)
ORDINAL = (rf"(?:\b(?:(?:{_TENS})[\s-]+)?(?:{'|'.join(_ORDINAL_UNITS)})\b|\b(?:{'|'.join(_ORDINAL_TENS)})\b"
           rf"|\b\d{{1,3}}(?:st|nd|rd|th)\b)(?:\s*\(\s*\d{{1,3}}(?:st|nd|rd|th)?\s*\))?")
# Words a line-end hyphen may split ("thir-/ty"), which the text reader joins again.
NUMBER_WORDS = frozenset([*_UNITS_WORDS, *_TENS_WORDS, "hundred", *_ORDINAL_UNITS, *_ORDINAL_TENS])
UNIT = r"(?:(?:business|calendar|full|clear|consecutive)\s+)?(?:days?|hours?|weeks?|months?|years?)(?:['’]s|s['’])?"


def parse_number(text: str) -> int | None:
    """The value of a NUMBER match; a word and a disagreeing figure give None."""
    text = text.strip().lower()
    figure = re.search(r"\((\s*\d+\s*)\)", text)
    words = re.sub(r"\(.*\)", "", text).strip()
    if re.fullmatch(r"\d+", words):
        value: int | None = int(words)
    elif words in {"a", "an"}:
        value = 1
    else:
        value = _words_value(words)
    if figure and value is not None and int(figure.group(1)) != value:
        return None  # "ten (12)": the two disagree, a question for the reader
    return value


def _words_value(words: str) -> int | None:
    total, current = 0, 0
    for token in re.split(r"[\s-]+", words):
        if token == "and" or not token:
            continue
        if token in _UNITS_WORDS:
            current += _UNITS_WORDS[token]
        elif token in _TENS_WORDS:
            current += _TENS_WORDS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        else:
            return None
    return total + current


def unit_name(text: str) -> str:
    """'business days' -> business_days, "days'" -> days, 'hour' -> hours."""
    text = text.lower().replace("’", "'")
    base = next(u for u in ("day", "hour", "week", "month", "year") if u in text) + "s"
    if base == "days" and "business" in text:
        return "business_days"
    if base == "days" and ("clear" in text or "full" in text):
        return "clear_days"
    return base


def parse_ordinal(text: str) -> int | None:
    """The count an ORDINAL match names ("tenth", "10th", "twenty-first",
    "sixtieth (60th)"); a word and a disagreeing figure give None."""
    text = text.strip().lower()
    figure = re.search(r"\((\s*\d+)", text)
    words = re.sub(r"\(.*\)", "", text).strip()
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", words)
    if digits:
        value: int | None = int(digits.group(1))
    else:
        *tens, last = re.split(r"[\s-]+", words)
        value = _ORDINAL_UNITS.get(last, _ORDINAL_TENS.get(last))
        if value is not None and tens:
            value = value + _TENS_WORDS[tens[0]] if len(tens) == 1 and tens[0] in _TENS_WORDS else None
    if figure and value is not None and int(figure.group(1)) != value:
        return None
    return value
