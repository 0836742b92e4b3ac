"""Text a user's own words pass through on their way to a spreadsheet or a
terminal, made harmless there.

- CSV: a cell beginning with = + - @ (or a tab or carriage return) is a
  formula to Excel and LibreOffice ("CSV injection"); a leading apostrophe
  makes it text, as OWASP recommends.  Only text cells: numbers stay numbers.
- Terminal: escape sequences in a scenario's name could move the cursor,
  rewrite earlier lines or set the window title; control characters other
  than newline and tab are dropped.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["csv_cell", "csv_safe_frame", "csv_safe_rows", "terminal_text"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 controls but tab and newline, DEL, and the C1 controls (0x9b is a one-byte CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_safe_rows(rows):
    """Rows for csv.writer, each text cell neutralised."""
    return ([csv_cell(cell) for cell in row] for row in rows)


def csv_safe_frame(frame):
    """A copy of a pandas frame whose text cells are neutralised."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype.kind not in "biufcmM":  # not a number or a date: text, whatever pandas calls it
            frame[column] = frame[column].map(csv_cell)
    return frame


def terminal_text(text: str) -> str:
    """`text` without the control characters a terminal would act on."""
    return _CONTROL.sub("", text)
