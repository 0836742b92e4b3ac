"""Adjournment and special-meeting answers as text (table) or JSON, built on
the plan renderer."""

from __future__ import annotations

import textwrap
from typing import Literal

from planner.studies.adjournment import AdjournmentResult
from planner.studies.derived import Requirement
from planner.outputs.render import paragraph_width, text_table, render_plan
from planner.studies.special_meeting import SpecialMeetingResult

__all__ = ["render_adjournment", "render_special"]

_TOPICS = {
    "adjournment_allowed": ("allowed", "yes", "NO"),
    "new_notice": ("new notice", "required", "not required"),
    "new_record_date": ("new record date", "required", "not required"),
    "meeting_date": ("meeting date rule", "kept", "departed from"),
    "holders_may_demand": ("holders may demand", "yes", "NO"),
    "call": ("call and notice", "applies", "applies"),
}


def _requirements(items: list[Requirement]) -> str:
    rows = []
    for item in items:
        name, yes, no = _TOPICS.get(item.topic, (item.topic, "yes", "no"))
        answer = "see text" if item.answer is None else (yes if item.answer else no)
        rows.append([name, answer, "; ".join(item.cites) or "-"])
    out = [text_table(["question", "answer", "cite"], rows), ""]
    for item in items:
        out += textwrap.wrap(f"{_TOPICS.get(item.topic, (item.topic,))[0]}: {item.text}", paragraph_width(), subsequent_indent="  ")
    return "\n".join(out) + "\n"


def render_adjournment(result: AdjournmentResult, fmt: Literal["table", "json"]) -> str:
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    verb = "postponed" if result.mode == "postponement" else "adjourned"
    out = [
        f"{result.scenario}, rulebook {result.rulebook}: meeting of {result.meeting} {verb} to {result.new_date} "
        f"({result.days_later} days later, reason: {result.reason}): {result.status.replace('_', ' ').upper()}",
        "",
        _requirements(result.requirements),
    ]
    out += [textwrap.fill(f"assumption: {a}", paragraph_width(), subsequent_indent="  ") for a in result.assumptions]
    if result.plan is not None:
        out += ["", render_plan(result.plan, "table")]
    return "\n".join(out).rstrip() + "\n"


def render_special(result: SpecialMeetingResult, fmt: Literal["table", "json"]) -> str:
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    what = "last demand received" if result.trigger == "demand" else "called"
    wanted = f", meeting wanted on {result.wanted_meeting}" if result.wanted_meeting else ""
    out = [
        f"{result.scenario}, rulebook {result.rulebook}: special meeting, {what} {result.received}{wanted}: "
        f"{result.status.replace('_', ' ').upper()}",
        "",
        _requirements(result.requirements),
    ]
    if result.windows:
        rows = [[e, str(lo or "no limit"), str(hi or "no limit")] for e, (lo, hi) in result.windows.items()]
        out += ["each event's window with every rule holding:", text_table(["event", "earliest", "latest"], rows), ""]
    out.append(render_plan(result.plan, "table"))
    return "\n".join(out).rstrip() + "\n"
