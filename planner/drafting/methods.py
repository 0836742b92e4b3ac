"""Delivery methods of a notice period: which ones a clause names for each
period, and one rule per period listing the methods that share it."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right

from planner.drafting.readings import TIME, Bound

__all__ = ["method_condition", "methods_for", "one_rule_per_period", "other_method_nearby"]

_METHODS = [
    # "electronic mail" and "e-mail" are electronic, "overnight mail" a courier's
    ("mail", r"(?<!electronic\s)(?<!e-)(?<!overnight\s)\bmail(?:ed|ing)?\b|post\b"),
    ("courier", r"overnight\s+(?:mail|delivery)|courier"),
    ("personal", r"personal(?:ly)?|\bhand\b|in\s+person"),
    ("telephone", r"telephone|\bphone"),
    ("fax", r"fax|facsimile|telecop"),
    ("electronic", r"electronic(?:ally)?|e-?mail"),
    ("telegraph", r"telegra(?:m|ph)"),
    ("telex", r"telex"),
    ("telecommunication", r"telecommunication"),
]

# "if mailed", "when given by electronic transmission", "in the case of notice by mail":
# a period that holds for one method only.
_CONDITIONAL = re.compile(r"\b(?:if|when|where|unless|in\s+(?:the\s+)?case\s+of)\s+(?:[\w-]+\s+){0,4}?(?:"
                          + "|".join(f"(?:{rx})" for _, rx in _METHODS) + r")(?![^;]{0,60}\b(?:deemed|effective|considered|counts?\s+as|treated\s+as|regarded\s+as)\b)")
# "if mailed, notice is deemed given when deposited", "deemed given when sent by mail": when
# notice counts as given, no condition on the period (the word on either side of the condition).
_DEEMED = re.compile(r"\b(?:deemed|effective|considered|counts?\s+as|treated\s+as|regarded\s+as)\b")


# An "if" clause naming the methods, closed by the notice's verb: the period's methods are all of its.
_IF_METHODS = re.compile(r"\b(?:if|when|where)\b([^;]*?),\s+(?:it|the\s+notice|such\s+notice|notice)\s+(?:shall|must|will|may)\b[^;,]*$")


def method_condition(text: str, match: re.Match) -> str | None:
    """The words making a bound's period hold for one delivery method only,
    in the bound's own clause: after it up to the next clause ("at least 15
    days before the meeting if mailed, or ..."), else before it back to the
    last ("; if by electronic transmission, at least 10 days")."""
    lower = _read_once(text)[0]
    after = lower[match.end(): match.end() + 120]
    after = after[: next((m.start() for m in re.finditer(r";|,\s+or\b|\.\s", after)), len(after))]
    found = [m.group(0) for m in _CONDITIONAL.finditer(after) if not _DEEMED.search(after, max(0, m.start() - 40), m.start())]
    if found:
        return found[0]
    before = lower[max(0, match.start() - 120): match.start()]
    before = before[max((m.end() for m in re.finditer(r";|,\s+or\b", before)), default=0):]
    found = [m.group(0) for m in _CONDITIONAL.finditer(before) if not _DEEMED.search(before, max(0, m.start() - 40), m.start())]
    return found[-1] if found else None


class _Span:
    """A time expression's place, as methods_for reads a bound's."""

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def other_method_nearby(text: str, match: re.Match, own: list[str]) -> bool:
    """Whether the period just before or just after this bound names other
    methods ("by first-class mail at least ten days ..., or by electronic mail
    at least seven days"): then each period holds for its methods only.  Only
    the two neighbours are read, so a long sentence stays linear."""
    _, starts, ends = _read_once(text)
    for k in (bisect_right(ends, match.start()) - 1, bisect_left(starts, match.end())):
        if 0 <= k < len(starts):
            other = methods_for(text, _Span(starts[k], ends[k]))
            if other and set(other) != set(own):
                return True
    return False


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
        # A semicolon ends the bound's clause ("five days before the meeting; or such notice
        # shall be sent by telegraph ..." names the next period's methods); else the last ", or".
        semicolon = after.find(";")
        breaks = list(re.finditer(r",\s+or\b|,\s+and\b", after))
        after = after[: semicolon] if semicolon >= 0 else after[: breaks[-1].start()] if breaks else after
    else:
        stop = re.search(r";|\.\s", after)
        after = after[: stop.start()] if stop else after
    found = [name for name, rx in _METHODS if re.search(rx, after)]
    if found:
        return found
    before = lower[prev_end: match.start()]
    conditional = _IF_METHODS.search(before[-300:])  # its own clause, never a long text scanned again
    if conditional:
        # "If the notice is delivered personally or by telephone, or sent by facsimile or e-mail, it shall be
        # sent at least 24 hours before": every method the condition lists, its ", or" no new clause.
        return [name for name, rx in _METHODS if re.search(rx, conditional.group(1))]
    # Back to the last semicolon ("; or such notice shall be sent by telegraph or telecopier,
    # or read to the director by telephone no later than 24 hours": all three), else the last ", or".
    breaks = list(re.finditer(r";", before)) or list(re.finditer(r",\s+or\b", before))
    before = before[breaks[-1].end():] if breaks else before
    return [name for name, rx in _METHODS if re.search(rx, before)]
