"""A plan as an iCalendar file (RFC 5545) for Outlook, Google Calendar and
Apple Calendar.

Every dated event becomes an all-day VEVENT (DTSTART;VALUE=DATE and DTEND
the next day, which RFC 5545 makes exclusive).  Its DESCRIPTION says what it
is and lists every rule on that date with its citation and margin, binding
rules first.  Events that are deadlines get DISPLAY reminders some days
before.  UIDs depend only on the rulebook, scenario, year and event, so a
second import of a re-planned calendar updates the events instead of
adding copies.  Only a calendar that holds (feasible or compliant) is
exported: dates that break the bylaws must not land in anybody's diary.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Iterable, Sequence

from planner.errors import InputError, PlannerError
from planner.outputs.figures import write_atomic
from planner.verdicts.results import EventResult, Plan, RuleResult

__all__ = [
    "to_ics",
    "write_ics",
    "event_uid",
    "event_description",
    "NoCalendarError",
    "DEFAULT_REMINDERS",
    "REMINDED_KINDS",
    "PRODID",
    "DEFAULT_REMIND_AT",
    "parse_remind_at",
]

PRODID = "-//meeting-planner//Meeting calendar planner//EN"
# Lead times of the reminders, in days before the event (7 and 1: time to
# act, and a last call).
DEFAULT_REMINDERS: tuple[int, ...] = (7, 1)
# Dates by which something must be done or be in hand.  Meetings themselves
# are appointments: people set their own reminders for those.
REMINDED_KINDS = frozenset({
    "record_date_resolution", "record_date", "notice", "voting_list", "board_notice", "operational",
})
# Reminders fire at this time of day (the calendar app's local time), not
# at the all-day event's midnight start; `--remind-at HH:MM` changes it.
DEFAULT_REMIND_AT = time(9, 0)
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


class NoCalendarError(PlannerError, ValueError):
    """The plan has no calendar to export: it is infeasible, breaks a rule,
    or dates nothing."""


def _require_calendar(plan: Plan, what: str) -> list[EventResult]:
    dated = [e for e in plan.events if e.date is not None]
    if plan.status == "infeasible":
        raise NoCalendarError(f"no {what}: {plan.scenario} ({plan.year}) is infeasible; see the plan's explanation")
    if not plan.ok:
        broken = [r.id for r in plan.rules if r.status in ("violated", "missing") and r.source != "preference"]
        raise NoCalendarError(f"no {what}: the calendar breaks {', '.join(broken)}")
    if not dated:
        raise NoCalendarError(f"no {what}: the plan dates no event")
    return dated


def event_uid(plan: Plan, event_id: str) -> str:
    """The same event of the same scenario and year always has the same UID."""
    key = "\x1f".join((plan.rulebook, plan.scenario, str(plan.year), event_id))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{plan.rulebook}-{plan.year}-{event_id}-{digest}@meeting-planner"


def _margin(rule: RuleResult) -> str:
    if rule.slack_days is None:
        return rule.status.replace("_", " ")
    if rule.slack_days == 0:
        return "margin 0 days (binding)"
    return f"margin {rule.slack_days} day{'s' if abs(rule.slack_days) != 1 else ''}"


def event_description(plan: Plan, event: EventResult) -> str:
    """What the event is, and every rule on its date with citation and margin."""
    by_id = {r.id: r for r in plan.rules}
    lines = [
        event.label,
        f"{plan.scenario} ({plan.year}), rulebook {plan.rulebook}: {event.weekday} {event.date.isoformat()}, "
        f"event {event.id} ({event.kind.replace('_', ' ')}).",
    ]
    if event.binding:
        lines += ["", "Binding (no margin left): " + "; ".join(f"{by_id[r].cite} ({r})" for r in event.binding) + "."]
    ordered = sorted(event.rules, key=lambda r: (r not in event.binding, event.rules.index(r)))
    if ordered:
        lines += ["", "Rules on this date:"]
        for rid in ordered:
            rule = by_id[rid]
            lines.append(f"- {rule.cite} ({rule.id}, {rule.source}): {rule.summary} Requires {rule.text}; {_margin(rule)}.")
    lines += ["", "Planned by meeting-planner; re-check after any change of dates."]
    return "\n".join(lines)


def _default_stamp() -> datetime:
    # SOURCE_DATE_EPOCH: the reproducible-builds convention for a fixed time.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise InputError(f"{epoch!r} is not a Unix time", field="SOURCE_DATE_EPOCH") from None
    return datetime.now(timezone.utc).replace(microsecond=0)


def parse_remind_at(text: str) -> time:
    """HH:MM (24-hour) for --remind-at, or an InputError naming the option."""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return time(hours, minutes)
    except (ValueError, OverflowError):  # time(99999999999, 0) overflows a C int before it checks the range
        raise InputError(f"{text!r} is not a time of day such as 09:00", field="--remind-at") from None


def _check_reminders(reminders: Iterable[int]) -> list[int]:
    days = sorted(set(reminders), reverse=True)
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 365:
            raise InputError(f"{day!r} is not a number of days from 0 to 365", field="reminders")
    return days


def to_ics(
    plan: "Plan | Sequence[Plan]",
    *,
    stamp: datetime | None = None,
    reminders: Sequence[int] = DEFAULT_REMINDERS,
    reminded_kinds: Iterable[str] = REMINDED_KINDS,
    name: str | None = None,
    remind_at: time = DEFAULT_REMIND_AT,
) -> bytes:
    """The plan's calendar as iCalendar bytes (CRLF lines folded at 75 octets).

    `plan` may be several plans (the cycles of `plan --years`): one file
    holds them all.  Each title starts with the company's name.  `stamp` is
    the DTSTAMP (creation time; default now, or SOURCE_DATE_EPOCH); fix it
    for byte-identical files.  `reminders` are days before each event of a
    kind in `reminded_kinds`, largest first; () for none; each fires at
    `remind_at` (09:00 by default) in the calendar's own time zone, since
    the events are all-day dates.  The SEC dates outside the plan (Rule
    14a-8 proposals, Rule 14a-19 notices, Form 10-K Part III) are events
    too, with the same reminders.  `name` is the calendar's name in the app
    (default: the scenario's name).  Raises NoCalendarError unless every
    plan is feasible or compliant."""
    from icalendar import Calendar  # loaded when a calendar file is made

    plans = [plan] if isinstance(plan, Plan) else list(plan)
    if not plans:
        raise NoCalendarError("no calendar file: no plan to export")
    dated = [_require_calendar(p, "calendar file") for p in plans]
    leads = _check_reminders(reminders)
    if not isinstance(remind_at, time):
        raise InputError(f"{remind_at!r} is not a time of day", field="remind_at")
    kinds = frozenset(reminded_kinds)
    stamp = (stamp or _default_stamp()).astimezone(timezone.utc).replace(microsecond=0)
    # A later export is a newer revision: clients keep the higher SEQUENCE.
    sequence = max(0, int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))

    first = plans[0]
    years = f"{first.year}" if len(plans) == 1 else f"{first.year}-{plans[-1].year}"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # TEXT values (RFC 5545 3.3.11), escaped: icalendar leaves X- names raw otherwise.
    calendar.add("x-wr-calname", vtext(name or first.scenario))
    calendar.add("x-wr-caldesc", vtext(f"{first.scenario} ({years}), rulebook {first.rulebook}: "
                                       + ", ".join(sorted({p.status for p in plans}))))
    alarm = dict(leads=leads, remind_at=remind_at)
    for one, events in zip(plans, dated):
        by_id = {r.id: r for r in one.rules}
        for event in events:
            binding = "; ".join(by_id[r].cite for r in event.binding)
            calendar.add_component(_vevent(
                one, event.id, event.date, event.label, event_description(one, event),
                event.kind.replace("_", " ").capitalize(), stamp, sequence,
                alarm if event.kind in kinds else None, f" (binding: {binding})" if binding else ""))
        for outside in (one.external.dates if one.external else []):
            if outside.date is None:
                continue
            text = (f"{outside.label}\n{one.scenario} ({one.year}): a date outside the plan, {outside.cite}"
                    f"{'' if outside.verified else ' [unverified]'}.\n{outside.basis}.")
            calendar.add_component(_vevent(one, f"external-{outside.id}", outside.date, outside.label, text,
                                           "SEC date outside the plan", stamp, sequence, alarm, f" ({outside.cite})"))
    return calendar.to_ical()


def vtext(text: str):
    from icalendar import vText

    return vText(text)


def _vevent(plan: Plan, event_id: str, day, label: str, description: str, category: str, stamp: datetime,
            sequence: int, alarm: dict | None, suffix: str):
    from icalendar import Alarm, Event

    entry = Event()
    entry.add("uid", event_uid(plan, event_id))
    entry.add("dtstamp", stamp)
    entry.add("sequence", sequence)
    entry.add("dtstart", day)
    entry.add("dtend", day + timedelta(days=1))
    # The company first: in a shared diary "Record date" alone says whose.
    entry.add("summary", f"{plan.company}: {label}" if plan.company else label)
    entry.add("description", description)
    entry.add("categories", [category, "Meeting planner"])
    # A deadline marker, not a block of time: show as free.
    entry.add("transp", "TRANSPARENT")
    entry.add("x-microsoft-cdo-alldayevent", "TRUE")
    entry.add("x-microsoft-cdo-busystatus", "FREE")
    for days in (alarm or {}).get("leads", ()):
        at = alarm["remind_at"]
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        reminder.add("description", f"{when.capitalize()}, {day:%a %Y-%m-%d}: {label}{suffix}")
        # Relative to the all-day start (local midnight): N days before, at the working hour.
        reminder.add("trigger", timedelta(days=-days, hours=at.hour, minutes=at.minute))
        entry.add_component(reminder)
    return entry


def write_ics(plan: Plan, path: str | os.PathLike, *, field: str = "path", **options) -> Path:
    """Write `to_ics(plan, **options)` to `path` atomically."""
    return write_atomic(path, to_ics(plan, **options), field=field)
