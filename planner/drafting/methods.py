"""Delivery methods of a notice period: which ones a clause names for each
period, and one rule per period listing the methods that share it."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right

from planner.drafting.readings import TIME, Bound

__all__ = ["methods_for", "one_rule_per_period"]

_METHODS = [
    ("mail", r"(?<!electronic\s)(?<!e-)\bmail(?:ed|ing)?\b|post\b"),  # "electronic mail" and "e-mail" are electronic
    ("personal", r"personal(?:ly)?|\bhand\b|in\s+person"),
    ("telephone", r"telephone|\bphone"),
    ("fax", r"fax|facsimile|telecop"),
    ("electronic", r"electronic(?:ally)?|e-?mail"),
    ("telegraph", r"telegra(?:m|ph)"),
    ("telex", r"telex"),
    ("telecommunication", r"telecommunication"),
]



def one_rule_per_period(bounds: list[Bound]) -> list[Bound]:
    """Methods sharing a period in one sentence make one rule listing them
    ("24 hours ... personally, or (not less than 24 hours) by facsimile"): the
    reviewer checks one number against one phrase; a period of its own keeps
    its own rule."""
    merged: dict[tuple, Bound] = {}
    for bound in bounds:
        when = dict(bound.when)
        methods = when.pop("board_notice_method", None)
        key = (bound.before, bound.after, bound.min, bound.max, bound.unit, bound.max_unit, tuple(sorted(when.items())),
               methods is None)
        if key not in merged:
            merged[key] = bound
            continue
        if methods is None:
            continue  # the same rule twice in one sentence
        kept = dict(merged[key].when)
        values = [*_as_list(kept["board_notice_method"]), *[m for m in _as_list(methods) if m not in _as_list(kept["board_notice_method"])]]
        kept["board_notice_method"] = tuple(values)
        merged[key] = Bound(**{**merged[key].__dict__, "when": tuple(sorted(kept.items()))})
    return list(merged.values())


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


@functools.lru_cache(maxsize=8)
def _read_once(text: str) -> tuple[str, list[int], list[int]]:
    """The sentence in lower case and where its time expressions start and
    end (both in order), once a sentence: each of its bounds asks, and a long
    sentence's many bounds each lowering and scanning all of it was quadratic."""
    spans = [m.span() for m in TIME.finditer(text)]
    return text.lower(), [b for b, _ in spans], [e for _, e in spans]


def methods_for(text: str, match: re.Match) -> list[str]:
    """Delivery methods named for one bound: in its own clause after the number
    ("four days' notice by mail or three days' notice by telecommunication"),
    else in the clause before it ("by mail at least five days before")."""
    lower, starts, ends = _read_once(text)
    before_it = bisect_right(ends, match.start())  # the time expressions that end before this bound
    prev_end = ends[before_it - 1] if before_it else 0
    # The next bound after this one, passing over those in an aside ("(and not
    # less than 24 hours)"), which are not the next clause.
    next_start = next((starts[k] for k in range(bisect_left(starts, match.end()), len(starts))
                       if not re.search(r"\([^)]*$", lower[match.end(): starts[k]])), None)
    after = lower[match.end(): next_start if next_start is not None else len(lower)]
    if next_start is not None:
        breaks = list(re.finditer(r";|,\s+or\b|,\s+and\b", after))
        after = after[: breaks[-1].start()] if breaks else after
    else:
        stop = re.search(r";|\.\s", after)
        after = after[: stop.start()] if stop else after
    found = [name for name, rx in _METHODS if re.search(rx, after)]
    if found:
        return found
    before = lower[prev_end: match.start()]
    breaks = list(re.finditer(r";|,\s+or\b", before))
    before = before[breaks[-1].end():] if breaks else before
    return [name for name, rx in _METHODS if re.search(rx, before)]
