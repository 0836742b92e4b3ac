"""The draft: a rulebook in today's format for a person to review, with the
quote, line and confidence of every drafted rule, the questions the drafter
could not settle, a coverage report of every sentence with a time
expression, and a scenario skeleton that plans it.

Questions and provenance live in the `Draft` model and as YAML comments in
the rulebook file (the rulebook format itself is unchanged), so the draft is
valid for `planner lint` and `planner plan` as written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from planner.drafting.anchored_dates import read_anchored_limits
from planner.drafting.clauses import read_sentence
from planner.drafting.meeting_dates import held_on, read_holiday_roll, read_meeting_date
from planner.drafting.phrases import DAY_TO_DAY, DEFAULT_RECORD_DATE, DEMAND_RECORD_DATE
from planner.drafting.readings import ORDINAL_DAY, TIME, Bound, days_of
from planner.drafting.references import REFERENCE, find_reference, referred_sections, subject
from planner.drafting.sections import sentences
from planner.drafting.text import document_text
from planner.days.dates import DateExpr
from planner.rules.base import when_values
from planner.model.documents import Rulebook

__all__ = ["COVERAGE_STATUSES", "coverage_counts", "Draft", "DraftedRule", "DraftedDate", "DraftQuestion", "CoverageLine", "draft_document", "draft_text",
           "draft_yaml"]

# What became of a sentence with a time expression (or a record date for demanding a special meeting).
COVERAGE_STATUSES = ("drafted", "out_of_scope", "not_understood", "understood_not_drafted")

_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID",
    "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
    "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX",
    "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA", "west virginia": "WV",
    "wisconsin": "WI", "wyoming": "WY",
}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
           "december"}
_BARE_RANGE = re.compile(r"(?:less|fewer|more)\s+than\s+\S+(?:\s+\(\d+\))?\s*,?\s+(?:nor|or|and)\s+(?:not\s+)?(?:more|less|fewer)\s+than", re.I)
_EVENTS = {  # id: (kind, label)
    "meeting": ("meeting", "Meeting of shareholders (or members)"),
    "notice": ("notice", "Notice of the meeting given"),
    "record_date": ("record_date", "Record date for notice and voting"),
    "record_date_resolution": ("record_date_resolution", "Board resolution fixing the record date"),
    "voting_list": ("voting_list", "List of holders entitled to vote ready for inspection"),
    "board_meeting": ("board_meeting", "Board meeting"),
    "board_notice": ("board_notice", "Notice of the board meeting sent to each director"),
    "special_board_meeting": ("special_board_meeting", "Special meeting of the board"),
    "adjourned_meeting": ("adjourned_meeting", "Adjourned meeting reconvenes"),
    "special_meeting_demand": ("demand", "Last demand needed for a special meeting received"),
    "special_meeting_call": ("demand", "Special meeting called"),
}
_FACTS = {  # name: (values, default, option, doc)
    "meeting_type": (["annual", "special"], "annual", False, "Annual or special meeting."),
    "notice_waived": ([False, True], False, True, "Every holder entitled to notice waives it."),
    "board_fixes_record_date": ([True, False], True, False, "The board fixes a record date, or the bylaws' default applies."),
    "adjournment_new_notice": ([False, True], False, False, "An adjourned meeting gets new notice (false: announced at the meeting)."),
    "adjournment_new_record_date": ([False, True], False, False, "The board fixes a new record date for the adjourned meeting "
                                    "(false: the original record date holds)."),
    "increase_authorized_shares": ([False, True], False, False, "The meeting is to increase the authorized shares."),
    "directors_elected": ([True, False], True, False, "Directors are to be elected at the meeting (an annual meeting elects them)."),
    "transfer_books_closed": ([False, True], False, False, "The board closes the stock transfer books before the meeting instead "
                              "of fixing a record date (the record date is then the first day they are closed)."),
    "board_sets_other_date": ([False, True], False, False, "The board fixed another date for the annual meeting, as the bylaws let it."),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DraftedRule(_Model):
    id: str
    cite: str
    quote: str  # the sentence of the user's document
    line: int
    confidence: float
    before: str
    after: str
    min: int | None
    max: int | None
    unit: str
    max_unit: str | None
    when: dict[str, Any]


class DraftedDate(_Model):
    """The annual meeting's date the bylaws fix: an on_date (day) or a date_window (not_before, not_after)."""

    id: str
    kind: Literal["on_date", "date_window"]
    cite: str
    quote: str
    line: int
    confidence: float
    event: str
    day: str | None
    roll: str
    not_before: str | None
    not_after: str | None
    when: dict[str, Any]
    # An end counted from an anchor, as the rulebook writes it ({anchor, shift} or a position);
    # not_before/not_after then hold it in words.
    ends: dict[str, dict[str, Any]] = {}
    # "on any business day during the fiscal year": a business_day rule on the event too.
    business_day: bool = False


class DraftQuestion(_Model):
    kind: str
    cite: str
    line: int
    quote: str
    question: str


class CoverageLine(_Model):
    cite: str
    line: int
    sentence: str
    # understood_not_drafted: read, but the vocabulary has no event for it (a question says what it is)
    status: Literal["drafted", "out_of_scope", "not_understood", "understood_not_drafted"]
    rules: list[str]
    reason: str


class Draft(_Model):
    """What `planner draft` returns: the rulebook and everything a reviewer needs."""

    source: str
    rulebook: dict[str, Any]
    rules: list[DraftedRule]
    dates: list[DraftedDate] = []
    questions: list[DraftQuestion]
    coverage: list[CoverageLine]
    scenario: dict[str, Any]


def draft_document(data: bytes, name: str, *, state: str | None = None, year: int | None = None) -> Draft:
    """Draft a rulebook from a document's bytes; the name's extension gives the format."""
    return draft_text(document_text(data, name), name, state=state, year=year)


def draft_text(text: str, name: str, *, state: str | None = None, year: int | None = None) -> Draft:
    stem = re.sub(r"[^a-z0-9]+", "-", re.sub(r"\.[A-Za-z]+$", "", name.rsplit("/", 1)[-1]).lower()).strip("-") or "bylaws"
    drafted: list[DraftedRule] = []
    questions: list[DraftQuestion] = []
    coverage: list[CoverageLine] = []
    seen: dict[tuple, str] = {}
    dates: list[DraftedDate] = []
    deferred: list[tuple[int, Any, Any]] = []
    every = sentences(text)
    for sentence, previous in zip(every, [None, *every]):  # the sentence before: a bound may find its event there
        fixed, asked = read_meeting_date(sentence)
        if fixed is None and previous is not None and dates and dates[-1].line == previous.line \
                and dates[-1].cite == sentence.cite == previous.cite and dates[-1].kind == "on_date" and dates[-1].roll == "none":
            # "... held on the third Monday of April. If that day is a legal holiday, it shall be held on the
            # next business day.": the roll of the day drafted from the sentence just before.
            roll, holidays_only = read_holiday_roll(sentence)
            if roll is not None:
                last = dates[-1]
                dates[-1] = last.model_copy(update={"roll": roll, "quote": (last.quote + " " + sentence.text)[:1000]})
                if roll.endswith("business_day") and holidays_only and last.day.split()[0] in _MONTHS:
                    questions.append(DraftQuestion(
                        kind="holiday_roll", cite=sentence.cite, line=sentence.line, quote=sentence.text[:400],
                        question=f"{last.day}: the bylaws move it only off a legal holiday, the draft's "
                                 f"{roll.replace('_', ' ')} also off a weekend: keep it, or hold a weekend meeting on its day?"))
                coverage.append(CoverageLine(cite=sentence.cite, line=sentence.line, sentence=sentence.text[:400], status="drafted",
                                             rules=[last.id], reason="the annual meeting day's holiday roll"))
                continue
        for question in asked:
            questions.append(DraftQuestion(kind=question.kind, cite=sentence.cite, line=sentence.line,
                                           quote=sentence.text[:400], question=question.question))
        if fixed is not None:
            dates.append(DraftedDate(
                id=f"annual-meeting-{'date' if fixed.kind == 'on_date' else 'window'}-{len(dates) + 1}", kind=fixed.kind,
                cite=sentence.cite[:200], quote=sentence.text[:1000], line=sentence.line, confidence=fixed.confidence,
                event="meeting", day=fixed.day, roll=fixed.roll, not_before=fixed.not_before, not_after=fixed.not_after,
                when=dict(fixed.when)))
        limits, asked = read_anchored_limits(sentence)
        for question in asked:
            questions.append(DraftQuestion(kind=question.kind, cite=sentence.cite, line=sentence.line,
                                           quote=sentence.text[:400], question=question.question))
        anchored = []
        for limit in limits:
            anchor = _anchors_of(limit.ends)[0]
            words = {end: DateExpr.model_validate(expr).describe().replace("_", " ") for end, expr in limit.ends.items()}
            anchored.append(DraftedDate(
                id=f"annual-meeting-{anchor.replace('_', '-')}-limit-{len(dates) + 1}", kind="date_window",
                cite=sentence.cite[:200], quote=sentence.text[:1000], line=sentence.line, confidence=limit.confidence,
                event="meeting", day=None, roll="none", when={"meeting_type": "annual"},
                not_before=words.get("not_before"), not_after=words.get("not_after"), ends=dict(limit.ends),
                business_day=limit.business_day))
            dates.append(anchored[-1])
        # A time expression, or a range whose unit the document left out (a question below).
        if not (TIME.search(sentence.text) or ORDINAL_DAY.search(sentence.text) or _BARE_RANGE.search(sentence.text) or DEFAULT_RECORD_DATE.search(sentence.text)
                or DAY_TO_DAY.search(sentence.text) or REFERENCE.search(sentence.text) or DEMAND_RECORD_DATE.search(sentence.text)):
            if anchored:  # "the last day of the sixth month following ...": no count of days, still a rule
                coverage.append(CoverageLine(cite=sentence.cite, line=sentence.line, sentence=sentence.text[:400], status="drafted",
                                             rules=[d.id for d in anchored], reason="annual meeting limit from an anchor"))
            continue
        reading = read_sentence(sentence, previous.text if previous is not None and previous.cite == sentence.cite else "")
        ids = []
        for bound in reading.bounds:
            # The same rule in two sections is drafted twice, each with its own citation.
            key = (bound.before, bound.after, bound.min, bound.max, bound.unit, bound.max_unit, bound.when, sentence.cite)
            if key in seen:
                ids.append(seen[key])
                continue
            rule = _rule(bound, sentence, len(drafted) + 1)
            seen[key] = rule.id
            drafted.append(rule)
            ids.append(rule.id)
        for question in reading.questions:
            questions.append(DraftQuestion(kind=question.kind, cite=sentence.cite, line=sentence.line,
                                           quote=sentence.text[:400], question=question.question))
        status, reason = reading.status, reading.reason
        if fixed is not None and not reading.bounds and not reading.questions and status in {"not_understood", "out_of_scope"}:
            # "held each year at 10 a.m. on a day in May": the hour is no period, the day is drafted.
            ids.append(dates[-1 - len(anchored)].id)
            status, reason = "drafted", "annual meeting date"
        if anchored:  # the sentence's annual meeting limits are rules too
            ids += [d.id for d in anchored]
            status, reason = "drafted", (reason + "; " if reading.bounds else "") + "annual meeting limit from an anchor"
        coverage.append(CoverageLine(cite=sentence.cite, line=sentence.line, sentence=sentence.text[:400],
                                     status=status, rules=ids, reason=reason))
        if not reading.bounds and (reference := find_reference(sentence)) is not None:
            deferred.append((len(coverage) - 1, sentence, reference))
    for index, sentence, reference in deferred:  # once every section's own periods are drafted
        ids, asked = _follow(sentence, reference, drafted)
        questions.extend(asked)
        if ids:
            coverage[index] = coverage[index].model_copy(update={
                "status": "drafted", "rules": ids, "reason": f"notice by reference ({reference.text})"})
    questions.extend(_conflicts(drafted))
    fixed_days = [d for d in dates if not d.ends]  # limits from an anchor add to a date, they do not compete with it
    if len({(d.day, d.not_before, d.not_after) for d in fixed_days}) > 1:
        questions.append(DraftQuestion(kind="conflict", cite="; ".join(d.cite for d in fixed_days), line=fixed_days[-1].line,
                                       quote=fixed_days[-1].quote[:400],
                                       question="the bylaws give more than one annual meeting date; all are drafted "
                                                f"({', '.join(d.id for d in fixed_days)}): which one governs?"))
    questions.extend(_anchor_questions(dates))
    subdiv = state.upper() if state else _guess_state(text)
    if subdiv is None:
        questions.append(DraftQuestion(kind="state", cite="(whole document)", line=1, quote="",
                                       question="which state's law and holidays apply? give --state XX"))
    rulebook = _rulebook(stem, name, subdiv, drafted, dates)
    Rulebook.model_validate(rulebook)  # the draft must load as written
    scenario = _scenario(stem, rulebook, year or date.today().year + 1, state.upper() if state else None)
    return Draft(source=name, rulebook=rulebook, rules=drafted, dates=dates, questions=questions, coverage=coverage, scenario=scenario)


def _rule(bound: Bound, sentence, number: int) -> DraftedRule:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{bound.before}-{bound.after}")
    return DraftedRule(
        id=f"{slug}-{number}", cite=sentence.cite[:200], quote=sentence.text[:1000], line=sentence.line,
        confidence=bound.confidence, before=bound.before, after=bound.after, min=bound.min, max=bound.max,
        unit=bound.unit, max_unit=bound.max_unit,
        when={k: list(v) if isinstance(v, tuple) else v for k, v in bound.when},
    )


def _follow(sentence, reference, drafted: list[DraftedRule]) -> tuple[list[str], list[DraftQuestion]]:
    """The notice periods drafted at the section referred to, for this sentence's meeting."""
    sections = referred_sections(reference, list(dict.fromkeys(r.cite for r in drafted if r.cite != sentence.cite)))
    there = [r for r in drafted if r.cite in sections and r.before in {"notice", "board_notice"}]
    if not there:
        return [], [DraftQuestion(kind="cross_reference", cite=sentence.cite, line=sentence.line, quote=sentence.text[:400],
                                  question=f"{reference.text!r}: no notice period is drafted at the section it names; "
                                           "which period applies?")]
    before, after, when = subject(sentence)
    ids = []
    for rule in there:
        facts = dict(when, **{k: v for k, v in rule.when.items() if k == "board_notice_method"})
        bound = Bound(before, after, rule.min, rule.max, rule.unit, rule.max_unit,
                      tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in facts.items())),
                      reference.text, min(rule.confidence, 0.6), f"notice by reference to {rule.cite}")
        made = _rule(bound, sentence, len(drafted) + 1)
        drafted.append(made)
        ids.append(made.id)
    return ids, []


def _conflicts(rules: list[DraftedRule]) -> list[DraftQuestion]:
    """Two sections giving different numbers for the same events under the same facts."""
    found, by_key = [], {}
    for rule in rules:
        key = (rule.before, rule.after, tuple(sorted((k, str(v)) for k, v in rule.when.items())))
        other = by_key.setdefault(key, rule)
        if other is not rule and other.cite != rule.cite and (other.min, other.max, other.unit) != (rule.min, rule.max, rule.unit):
            found.append(DraftQuestion(
                kind="conflict", cite=f"{other.cite}; {rule.cite}", line=rule.line, quote=rule.quote[:400],
                question=f"{other.cite} and {rule.cite} give different limits for {rule.before} -> {rule.after}; "
                         f"both are drafted ({other.id}, {rule.id}): which one governs?"))
    return found


def _guess_state(text: str) -> str | None:
    names = "|".join(sorted(_STATES, key=len, reverse=True))
    match = re.search(rf"(?:state\s+of\s+({names})\b|\b({names})\s+(?:general\s+corporation|business\s+corporation|nonprofit|not-for-profit|non-profit)\b)",
                      text[:200000], re.I)
    if not match:
        return None
    return _STATES[(match.group(1) or match.group(2)).lower()]


def _rulebook(stem: str, name: str, subdiv: str | None, drafted: list[DraftedRule],
              dates: list[DraftedDate] = ()) -> dict[str, Any]:
    rules, facts, events = [one for d in dates for one in _date_rules(d)], {}, {"meeting"}
    for fixed in dates:
        facts.update({fact: _FACTS[fact] for fact in fixed.when})
    methods: list[str] = []
    for rule in drafted:
        body = _gap(rule)
        if body is None:
            continue
        rules.append(body)
        events.update((rule.before, rule.after))
        for fact, value in rule.when.items():
            if fact == "board_notice_method":
                methods.extend(v for v in when_values(value) if v not in methods)
            else:
                facts[fact] = _FACTS[fact]
    fact_specs = {name_: {"values": v, "default": d, **({"option": True} if o else {}), "doc": doc}
                  for name_, (v, d, o, doc) in sorted(facts.items())}
    if methods:
        fact_specs["board_notice_method"] = {"values": methods, "default": methods[0], "option": True,
                                         "doc": "How notice of a board meeting reaches the directors, as the bylaws list the methods."}
    anchors = sorted({a for fixed in dates for a in _anchors_of(fixed.ends)})
    return {
        "schema_version": 1,
        "id": stem,
        "title": f"Draft rulebook from {name.rsplit('/', 1)[-1]} (for review)",
        "document": f"{name.rsplit('/', 1)[-1]}, drafted by planner draft; every rule unverified until a person checks it",
        "jurisdiction": {"country": "US", **({"subdiv": subdiv} if subdiv else {})},
        "facts": fact_specs,
        "events": {e: {"kind": _EVENTS[e][0], "label": _EVENTS[e][1], **({"required": True} if e == "meeting" else {})}
                   for e in sorted(events, key=list(_EVENTS).index)},
        # Placeholders the drafted limits count from (each a question in the draft): the reviewer gives the real
        # dates (a scenario's anchors override the rulebook's).
        **({"anchors": {a: _PLACEHOLDER_ANCHORS[a] for a in anchors}} if anchors else {}),
        "rules": rules,
    }


def _date_rules(fixed: DraftedDate) -> list[dict[str, Any]]:
    """The date rule, and a business_day rule where the bylaws ask for a business day."""
    rules = [_date_rule(fixed)]
    if fixed.business_day:
        rules.append({"id": f"{fixed.id}-business-day"[:80], "kind": "business_day", "cite": fixed.cite, "verified": False,
                      "verification": f"drafted from line {fixed.line} (confidence {fixed.confidence}); check the quote",
                      "when": fixed.when, "event": fixed.event,
                      "summary": "The annual meeting is held on a business day. Drafted by machine: check against the quote."})
    return rules


def _date_rule(fixed: DraftedDate) -> dict[str, Any]:
    body: dict[str, Any] = {"id": fixed.id, "kind": fixed.kind, "cite": fixed.cite, "verified": False,
                            "verification": f"drafted from line {fixed.line} (confidence {fixed.confidence}); check the quote",
                            "when": fixed.when, "event": fixed.event}
    if fixed.ends:
        words = " and ".join(f"{'on or after' if end == 'not_before' else 'on or before'} {getattr(fixed, end)}" for end in fixed.ends)
        body["summary"] = f"The annual meeting is held {words}. Drafted by machine: check against the quote."
        body.update(fixed.ends)
    elif fixed.kind == "on_date":
        body["summary"] = held_on(fixed.day, fixed.roll) + " Drafted by machine: check against the quote."
        body["date"] = {"day": fixed.day, **({"roll": fixed.roll} if fixed.roll != "none" else {})}
    else:
        body["summary"] = f"The annual meeting is held from {fixed.not_before} to {fixed.not_after}. Drafted by machine: check against the quote."
        body["not_before"], body["not_after"] = {"day": fixed.not_before}, {"day": fixed.not_after}
    return body


def _gap(rule: DraftedRule) -> dict[str, Any] | None:
    body: dict[str, Any] = {"id": rule.id, "kind": "gap", "cite": rule.cite,
                            "summary": _summary(rule), "verified": False,
                            "verification": f"drafted from line {rule.line} (confidence {rule.confidence}); check the quote",
                            "before": rule.before, "after": rule.after}
    if rule.when:
        body["when"] = rule.when
    counting = "calendar"
    if rule.min is not None:
        converted = days_of(rule.min, rule.unit, upper=False)
        if converted is None:  # "at least two months": 31 days a month is always enough
            body["min_days"], counting = rule.min * 31, "calendar"
        else:
            body["min_days"], counting = converted
    if rule.max is not None:
        unit = rule.max_unit or rule.unit
        converted = days_of(rule.max, unit, upper=True)
        if converted is None:
            body["max_months"] = rule.max
        else:
            body["max_days"], max_counting = converted
            counting = max_counting if rule.min is None else counting
    if counting != "calendar":
        body["counting"] = counting
    if body.get("min_days") is not None and body.get("max_days") is not None and body["min_days"] > body["max_days"]:
        return None  # a question already: the limits cross
    return body


def _summary(rule: DraftedRule) -> str:
    parts = []
    if rule.min is not None:
        parts.append(f"at least {rule.min} {rule.unit.replace('_', ' ')}")
    if rule.max is not None:
        parts.append(f"at most {rule.max} {(rule.max_unit or rule.unit).replace('_', ' ')}")
    when = ", ".join(f"{k}={v}" for k, v in rule.when.items())
    return (f"{rule.before.replace('_', ' ')} comes {' and '.join(parts)} before {rule.after.replace('_', ' ')}"
            + (f" (when {when})" if when else "") + ". Drafted by machine: check against the quote.")


def _scenario(stem: str, rulebook: dict[str, Any], year: int, incorporation: str | None = None) -> dict[str, Any]:
    # A limit counted from an anchor does not place the meeting in the plan year: the placeholder window stays.
    dated = {rule["event"] for rule in rulebook["rules"] if rule["kind"] in {"on_date", "date_window"} and not _anchors_of(rule)}
    return {
        "schema_version": 1,
        "name": f"{stem} {year} (skeleton from planner draft)",
        "rulebook": f"{stem}.yaml",
        "year": year,
        # A state the user gave (--state) is the state of incorporation: its statute pack
        # applies; one read from the text is only a guess, left for the reviewer to add.
        **({"incorporation": incorporation} if incorporation else {}),
        "facts": {name: spec["default"] for name, spec in rulebook["facts"].items()},
        "events": {name: None for name, spec in rulebook["events"].items() if not spec.get("required")},
        # A placeholder where the bylaws fix no date the drafter read: the reviewer puts the date here.
        "rules": [{
            "id": f"{event.replace('_', '-')}-in-plan-year", "kind": "date_window", "source": "operational",
            "cite": "scenario skeleton from planner draft",
            "summary": f"Placeholder: the {event.replace('_', ' ')} falls in the plan year; replace with the date "
                       "the board fixes.",
            "event": event, "not_before": {"day": "January 1"}, "not_after": {"day": "December 31"},
        } for event in ("meeting", "board_meeting", "special_board_meeting")
            if event in rulebook["events"] and event not in dated],
    }


# Placeholders, each named in a question: a calendar fiscal year (the commonest), and a last annual
# meeting on the last day of last year, as the statute packs put it (a 13- or 15-month limit from it
# binds nowhere in the plan year) until the reviewer gives the real date (`planner plan --years` gives
# it from the second year on).
# Marked as placeholders: a rule counted from one is missing (not checked),
# never satisfied or binding on a made-up date, until the scenario gives it.
_PLACEHOLDER_ANCHORS = {"fiscal_year_end": {"day": "December 31", "year_offset": -1, "placeholder": True},
                        "last_annual_meeting": {"day": "December 31", "year_offset": -1, "placeholder": True}}


def _anchors_of(rule: dict[str, Any]) -> list[str]:
    """The standard anchors a drafted date rule counts from."""
    found = []
    for end in ("not_before", "not_after"):
        expr = rule.get(end) or {}
        anchor = expr.get("anchor") or next((a for a in _PLACEHOLDER_ANCHORS if str(expr.get("day", "")).endswith(a)), None)
        if anchor:
            found.append(anchor)
    return found


def _anchor_questions(dates: list[DraftedDate]) -> list[DraftQuestion]:
    """One question per anchor the drafted limits count from: the skeleton only holds a placeholder."""
    out = []
    for anchor in sorted({a for d in dates for a in _anchors_of(d.ends)}):
        first = next(d for d in dates if anchor in _anchors_of(d.ends))
        placeholder = _PLACEHOLDER_ANCHORS[anchor]
        out.append(DraftQuestion(
            kind="anchor", cite=first.cite, line=first.line, quote=first.quote[:400],
            question=f"{anchor} is a placeholder in the draft rulebook ({placeholder['day']} of last year): "
                     + ("give the fiscal year's real end" if anchor == "fiscal_year_end" else
                        "give last year's actual meeting date")
                     + (" (the window of the fiscal year ends twelve months after it: a year of 52 or 53 weeks "
                        "ends on another day, so set its end by hand)"
                        if any(d.ends.get("not_after", {}).get("shift") == "+12 months" and anchor in _anchors_of(d.ends)
                               for d in dates) else "")
                     + " under anchors in the scenario (it overrides the rulebook's); until then a limit counted "
                       "from it is not checked (missing in the plan)"))
    return out


def coverage_counts(coverage: list[CoverageLine]) -> dict[str, int]:
    """Sentences by status; understood_not_drafted only where there is one (output stays as it was)."""
    counts = {s: sum(c.status == s for c in coverage) for s in COVERAGE_STATUSES}
    return {s: n for s, n in counts.items() if n or s != "understood_not_drafted"}


def draft_yaml(draft: Draft) -> str:
    """The rulebook as YAML, questions and per-rule quotes as comments for the reviewer."""
    head = [f"# Draft rulebook from {draft.source}: review every rule against its quote before relying on it.",
            f"# {len(draft.rules)} rules drafted, {len(draft.questions)} questions; coverage: "
            + ", ".join(f"{s} {n}" for s, n in coverage_counts(draft.coverage).items())]
    if draft.questions:
        head.append("# QUESTIONS (nothing below invents an answer to them):")
        head += [f"#  - [{q.kind}] {q.cite} (line {q.line}): {q.question}" for q in draft.questions]
    body = yaml.safe_dump(draft.rulebook, sort_keys=False, allow_unicode=True, width=110)
    quotes = {r.id: r for r in [*draft.rules, *draft.dates]}
    out = []
    for line in body.splitlines():
        match = re.match(r"^- id: (\S+)$", line)
        if match and match.group(1) in quotes:
            rule = quotes[match.group(1)]
            out.append(f"# line {rule.line}, confidence {rule.confidence}: \"{rule.quote[:300]}\"")
        out.append(line)
    return "\n".join(head) + "\n" + "\n".join(out) + "\n"
