"""The limits every face holds a document to, in one place: the command
line, the Python API and the HTTP service refuse the same inputs (docs:
commands.md "Limits", http.md "Limits").

Each is far beyond an honest meeting calendar (a rulebook has tens of
rules, a cycle ten to twenty events), and near enough that the planner
answers in seconds rather than never.
"""

from __future__ import annotations

from planner.errors import InputError

__all__ = [
    "FIRST_PLAN_YEAR", "LAST_PLAN_YEAR", "MAX_DOCUMENT_BYTES", "MAX_FILE_BYTES", "MAX_RULES", "MAX_EVENTS", "MAX_ANCHORS",
    "check_year", "check_counts",
]

# Plan years: python-holidays' calendars and the statutes in the packs are
# modern; a year outside this range is a typo (1900 for 2027, or 20270).
FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 1970, 2200
# Bytes of one YAML file (scenario, rulebook, pack, dates file, sweep): the
# service's limit on a request body.
MAX_FILE_BYTES = 1_048_576
# Bytes of a bylaws document `planner draft` reads from a file: a PDF of
# bylaws is a few hundred kilobytes to a few megabytes; past this it is no
# bylaws (the service's body limit, MAX_FILE_BYTES, applies to its uploads).
MAX_DOCUMENT_BYTES = 16 * 1_048_576
# Rulebook, packs and scenario together.
MAX_RULES = 500
MAX_EVENTS = 200
MAX_ANCHORS = 100


def check_year(year: int, *, file: str | None = None, field: str = "year", error: type[InputError] = InputError) -> int:
    """`year` if it is a plan year the planner takes."""
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise error(f"year {year} is outside {FIRST_PLAN_YEAR}..{LAST_PLAN_YEAR}", file=file, field=field)
    return year


def check_counts(counts: dict[str, tuple[int, int]], *, file: str | None = None,
                 error: type[InputError] = InputError) -> None:
    """Refuse more rules, events or anchors than the limits allow.

    `counts` maps "rules", "events" or "anchors" to (in the rulebook and
    packs, in the scenario); the error names the side holding more."""
    most = {"rules": MAX_RULES, "events": MAX_EVENTS, "anchors": MAX_ANCHORS}
    for what, (in_book, in_scenario) in counts.items():
        if in_book + in_scenario > most[what]:
            # The scenario's own list, or the rulebook it names when that holds more.
            field = what if in_scenario >= in_book else "rulebook"
            raise error(f"{in_book + in_scenario} {what} (rulebook, packs and scenario together); "
                        f"the planner takes at most {most[what]} (limit max_{what})", file=file, field=field)
