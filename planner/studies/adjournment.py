"""Adjourning or postponing a planned meeting: what the rulebook requires for
the new date (is it allowed, is a new notice or a new record date needed),
each answer with the rules and citations behind it, and the re-planned
calendar when new steps are needed.

An *adjournment* is taken at a meeting that has convened: the rulebooks'
``adjourned_meeting`` rules (guarded by the fact ``adjournment_new_notice``)
say how far the new date may lie when it is only announced there.  A
*postponement* moves a meeting that has not convened; none of the four
bylaws speaks of it, so the planner treats the new date as a meeting to be
noticed again under the ordinary notice and record-date rules (see the
README, "Adjournments and special meetings").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.model.dates_file import DatesFile
from planner.verdicts.answers import plan_problem
from planner.verdicts.checker import check_dates
from planner.studies.derived import Base, Requirement, after, dating_rules, derive, load_base, on_business_day, pin
from planner.model.documents import Rulebook, Scenario
from planner.errors import DatesFileError, InputError
from planner.model.loading import read_yaml, validate
from planner.engine.problem import Problem
from planner.verdicts.results import Plan, RuleResult
from planner.rules.base import FactValue
from planner.verdicts.solve import build_plan

__all__ = ["adjourn", "AdjournmentResult", "AdjournmentStatus"]

AdjournmentStatus = Literal["no_new_steps", "replanned", "infeasible", "not_allowed"]
NEW_NOTICE = "adjournment_new_notice"


class AdjournmentResult(BaseModel):
    """What moving a meeting to a new date requires, and the calendar for it."""

    model_config = ConfigDict(frozen=True)

    status: AdjournmentStatus = Field(description=(
        "no_new_steps: announce the new date at the meeting, nothing else; replanned: new notice and/or "
        "record date, planned and verified in `plan`; infeasible: they cannot be fitted before the new date "
        "(`plan.explanation` says why); not_allowed: the rulebook forbids the new date"))
    mode: Literal["adjournment", "postponement"]
    reason: Literal["quorum", "other"]
    scenario: str
    rulebook: str
    meeting: date = Field(description="The date of the original meeting.")
    new_date: date
    days_later: int
    new_notice: bool
    new_record_date: bool
    requirements: list[Requirement]
    assumptions: list[str] = Field(default_factory=list, description="Readings the planner takes where the bylaws are silent.")
    plan: Plan | None = Field(None, description="The verified calendar (or the check of the two dates when nothing else is needed).")

    @property
    def ok(self) -> bool:
        return self.status in ("no_new_steps", "replanned")


def _dates_file(dates: str | Path | dict | DatesFile) -> tuple[DatesFile, str | None]:
    if isinstance(dates, DatesFile):
        return dates, None
    source = str(dates) if isinstance(dates, (str, Path)) else None
    data = read_yaml(Path(dates), error=DatesFileError) if source else dates
    return validate(DatesFile, data, file=source, error=DatesFileError), source


def _results_on(rules: list[RuleResult], problem: Problem, events: set[str]) -> list[RuleResult]:
    """Results of the rulebook's rules that only involve `events` (not the pins)."""
    ids = {r.id for r in problem.rules if set(r.events()) <= events and not r.id.startswith(("given-", "planner-"))}
    return [r for r in rules if r.id in ids]


def _requirement(topic: str, answer: bool | None, results: list[RuleResult], text: str) -> Requirement:
    return Requirement(topic=topic, answer=answer, rules=[r.id for r in results], cites=sorted({r.cite for r in results}), text=text)


def _limits(results: list[RuleResult]) -> str:
    return "; ".join(f"{r.cite} ({r.id}): {r.text}, {'margin' if r.slack_days >= 0 else 'short by'} {abs(r.slack_days)} days"
                     for r in results)


def adjourn(
    scenario: str | Path | dict | Scenario,
    to: date,
    *,
    meeting: date | None = None,
    dates: str | Path | dict | DatesFile | None = None,
    reason: Literal["quorum", "other"] = "other",
    postponed: bool = False,
    new_record_date: bool = False,
    decided: date | None = None,
    facts: dict[str, FactValue] | None = None,
    holidays: Iterable[date] = (),
    time_limit_s: float | None = None,
    rulebook: str | Path | dict | Rulebook | None = None,
) -> AdjournmentResult:
    """What the rulebook requires to move a meeting to `to`, and the new calendar.

    The original meeting date is `meeting`, or the ``meeting`` of a dates file
    (a plan's JSON works); `new_record_date` says the board will fix a new
    record date even where it need not; `decided` (postponements) is the
    first day new steps can be taken; `rulebook` replaces the scenario's.
    """
    base = load_base(scenario, rulebook)
    original, given = _original(meeting, dates)
    if to <= original:
        raise InputError(f"the new date {to} must come after the meeting of {original}", field="--to")
    if reason not in ("quorum", "other"):
        raise InputError("must be quorum or other", field="--reason")
    if decided is not None and (decided > to or (not postponed and decided < original)):
        raise InputError("must lie between the meeting and the new date", field="--decided")
    facts = dict(facts or {})
    common = dict(year=original.year, holidays=tuple(holidays))
    if postponed:
        return _postpone(base, original, to, given, new_record_date, decided, reason, facts, common, time_limit_s)
    return _adjourn(base, original, to, given.get("record_date"), new_record_date, reason, facts, common, time_limit_s)


def _original(meeting: date | None, dates) -> tuple[date, dict[str, date]]:
    if (meeting is None) == (dates is None):
        raise InputError("give the original meeting date or a dates file, not both", field="--meeting")
    if dates is None:
        return meeting, {"meeting": meeting}
    given, source = _dates_file(dates)
    if "meeting" not in given.events:
        raise DatesFileError("the dates file gives no meeting date", file=source, field="events.meeting")
    return given.events["meeting"], dict(given.events)


def _adjourn(base: Base, original: date, to: date, old_record: date | None, new_record: bool, reason, facts, common,
             time_limit_s) -> AdjournmentResult:
    book = base.rulebook
    base.require_events(["adjourned_meeting"], "it says nothing on adjournments")
    required = [e for e, spec in book.events.items() if spec.required and e != "meeting"]
    two = {"meeting": original, "adjourned_meeting": to}
    pins = [pin("meeting", original, "original meeting"), pin("adjourned_meeting", to, "adjourned meeting")]
    announce_facts = {**facts, NEW_NOTICE: False} if NEW_NOTICE in book.facts else facts
    # Step 1: the new date only announced at the meeting.
    announced = derive(
        base, name=f"{base.scenario.name}: adjourned to {to}", facts=announce_facts,
        events={"adjourned_meeting": None}, rules=pins, pinned=two, keep_scenario=False, optional=required, **common,
    )
    limits = _results_on(check_dates(announced, two, announced.facts), announced, set(two))
    broken = [r for r in limits if r.status == "violated"]
    head = dict(mode="adjournment", reason=reason, scenario=base.scenario.name, rulebook=book.id,
                meeting=original, new_date=to, days_later=(to - original).days)
    assumptions = [_REASON_NOTE]
    if not broken and not new_record:
        kept = _record_carries_over(book, old_record)
        requirements = [
            _requirement("adjournment_allowed", True, limits,
                         f"Announce the new date, time and place at the meeting before it adjourns. {_limits(limits)}"
                         if limits else "The rulebook sets no limit on adjourning by announcement."),
            _requirement("new_notice", False, limits, "No new notice: the announcement at the meeting is the notice."),
            _requirement("new_record_date", False, [], kept),
        ]
        plan = build_plan(announced, "compliant", two, announced.facts, check_dates(announced, two, announced.facts))
        return AdjournmentResult(status="no_new_steps", new_notice=False, new_record_date=False,
                                 requirements=requirements, assumptions=assumptions, plan=plan, **head)
    # Step 2: a new notice (and, where the rulebook ties it to one or the board wants one, a new record date).
    base.require_events(["adjourned_notice"], "the new notice this adjournment needs cannot be planned")
    record_rules = [r for r in book.rules if "adjourned_record_date" in r.events()]
    forced = [r for r in record_rules if r.when.get(NEW_NOTICE) is True]
    plan_record = "adjourned_record_date" in book.events and (new_record or bool(forced))
    events = {"adjourned_meeting": None, "adjourned_notice": None}
    extra = [after("meeting", "adjourned_notice", "The new notice is sent once the meeting has adjourned."),
             on_business_day("adjourned_notice")]
    if plan_record:
        events["adjourned_record_date"] = None
        if "adjourned_voting_list" in book.events:  # a new record date, a new list of its holders
            events["adjourned_voting_list"] = None
        extra.append(on_business_day("adjourned_record_date"))
    notice_facts = {**facts, NEW_NOTICE: True} if NEW_NOTICE in book.facts else facts
    replanned = derive(
        base, name=f"{base.scenario.name}: adjourned to {to}, new notice", facts=notice_facts, events=events,
        rules=[*pins, *extra], pinned=two, keep_scenario=False, optional=required, **common,
    )
    still = [r for r in _results_on(check_dates(replanned, two, replanned.facts), replanned, set(two)) if r.status == "violated"]
    triggers = broken
    notice_text = (f"A new notice is required: {_limits(broken)}." if broken else
                   "A new notice is required because the board fixes a new record date: the holders of record on it must be told.")
    if new_record and not broken:
        # The rules (written or implied) that send the new record date's holders a notice.
        tying = {x.id for x in replanned.rules if {"adjourned_record_date", "adjourned_notice"} <= set(x.events())}
        triggers = [r for r in check_dates(replanned, {}, replanned.facts) if r.id in tying]
    requirements = []
    if still:
        requirements.append(_requirement("adjournment_allowed", False, still,
                                         f"The rulebook does not allow this adjournment, with or without a new notice: {_limits(still)}."))
        plan = build_plan(replanned, "non_compliant", two, replanned.facts, check_dates(replanned, two, replanned.facts))
        return AdjournmentResult(status="not_allowed", new_notice=False, new_record_date=False,
                                 requirements=requirements, assumptions=assumptions, plan=plan, **head)
    requirements.append(_requirement("adjournment_allowed", True, broken,
                                     "Allowed, with the new steps below." if broken else "Allowed by announcement; the new record date brings the steps below."))
    requirements.append(_requirement("new_notice", True, triggers, notice_text))
    if plan_record:
        applicable = [r for r in check_dates(replanned, {}, replanned.facts) if r.id in {x.id for x in record_rules}]
        if forced:
            why = f"{_limits(broken)}. " if broken else ""
            text = (f"A new record date is required: {why}The rulebook plans one with every new notice: "
                    + " ".join(f"{r.cite} ({r.id}): {r.summary}" for r in applicable if r.id in {f.id for f in forced}))
        else:
            text = "The board fixes a new record date (its choice; the original one would carry over)."
        requirements.append(_requirement("new_record_date", bool(forced), [*broken, *applicable] if forced else applicable, text))
    else:
        requirements.append(_requirement("new_record_date", False, [], _record_carries_over(book, old_record)))
    plan = plan_problem(replanned, time_limit_s)
    return AdjournmentResult(status="replanned" if plan.ok else "infeasible", new_notice=True, new_record_date=plan_record,
                             requirements=requirements, assumptions=assumptions, plan=plan, **head)


def _record_carries_over(book, old_record: date | None) -> str:
    cites = sorted({c for r in book.rules if "adjourned_record_date" in r.events() for c in r.cite.split("; ")})
    if cites:
        which = f" ({old_record})" if old_record else ""
        return f"The original record date{which} carries over to the adjourned meeting ({'; '.join(cites)})."
    return ("The bylaws say nothing of record dates for adjourned meetings; the planner keeps the original one "
            "(the adjourned session is the same meeting).")


_REASON_NOTE = (
    "Adjournment for want of a quorum and any other adjournment follow the same limits in the four seed bylaws "
    "(NGS Art. II §8 and §4; Williams Art. I §1.5 refers to §1.4; Porter Art. II §9 refers to §5; "
    "Cleco Art. II §2(b) covers both), so the reason is recorded but changes no answer."
)

_POSTPONE_NOTE = (
    "Postponement: the bylaws speak only of adjourning a meeting that has convened. A meeting that has not "
    "convened cannot announce its new date, so the planner requires a new notice of the new date under the "
    "ordinary notice rules, keeps the original record date only if it still fits the record-date window for "
    "the new date, and re-plans the stockholder list."
)


def _postpone(base: Base, original: date, to: date, given: dict[str, date], new_record: bool, decided, reason,
              facts, common, time_limit_s) -> AdjournmentResult:
    book = base.rulebook
    # A postponed meeting is noticed again under the ordinary rules, and its record date planned anew or kept.
    base.require_events(["notice", "record_date"], "a postponed meeting's new notice cannot be planned")
    head = dict(mode="postponement", reason=reason, scenario=base.scenario.name, rulebook=book.id,
                meeting=original, new_date=to, days_later=(to - original).days)
    keep_candidates = {"meeting": to}
    old_record = given.get("record_date")
    if old_record is not None:
        keep_candidates["record_date"] = old_record
    # The original rules, with the meeting moved: which still hold?
    probe = derive(
        base, name=f"{base.scenario.name}: postponed to {to}", facts=facts, events={},
        rules=[pin("meeting", to, "new meeting date")], pinned=(), keep_scenario=False, **common,
    )
    probe_results = check_dates(probe, keep_candidates, probe.facts)
    date_rules = [r for r in probe_results if r.id in {x.id for x in dating_rules(probe.rules, ["meeting"])} and r.id != "given-meeting"]
    record_results = [r for r in _results_on(probe_results, probe, {"meeting", "record_date"})
                      if "record_date" in probe.rule(r.id).events()] if old_record else []
    record_broken = [r for r in record_results if r.status == "violated"]
    keep_record = old_record is not None and not record_broken and not new_record
    notice_rules = [r for r in probe_results if r.id in {x.id for x in probe.rules if x.events() == ("notice", "meeting")}]
    requirements = [
        _requirement("adjournment_allowed", True, [], "The bylaws do not regulate postponement; nothing forbids it."),
        _requirement("new_notice", True, notice_rules,
                     "A new notice stating the new date is required: the notice must state the meeting's date, and "
                     "no meeting convenes at which the new date could be announced."),
    ]
    if keep_record:
        requirements.append(_requirement("new_record_date", False, record_results,
                                         f"The original record date {old_record} still fits the new date: {_limits(record_results)}."))
    elif old_record is not None and record_broken:
        requirements.append(_requirement("new_record_date", True, record_broken,
                                         f"The original record date {old_record} no longer fits: {_limits(record_broken)}."))
    else:
        requirements.append(_requirement("new_record_date", None, [],
                                         "The record date is planned anew (give the original calendar with --dates to test whether it can be kept)."
                                         if not new_record else "The board fixes a new record date (its choice)."))
    broken_dates = [r for r in date_rules if r.status == "violated"]
    if broken_dates:
        requirements.append(_requirement("meeting_date", False, broken_dates,
                                         f"The new date departs from the rulebook's date rule: {_limits(broken_dates)}. "
                                         # What departing costs differs (a resolution, a by-law amendment, a
                                         # holder's court remedy): each rule's own summary says which.
                                         + " ".join(r.summary for r in broken_dates)
                                         + " Departing takes a board resolution where the bylaws allow one, else an"
                                           " amendment of the bylaws; past a deadline, the remedy the rule names is open."))
    pins = [pin("meeting", to, "new meeting date")]
    pinned = ["meeting"]
    extra = [on_business_day("notice")]
    if keep_record:
        pins.append(pin("record_date", old_record, "original record date, kept"))
        pinned.append("record_date")
    else:
        extra.append(on_business_day("record_date"))
    if decided is not None:
        extra += [_not_before(event, decided) for event in ("notice", "record_date") if event not in pinned]
    replanned = derive(
        base, name=f"{base.scenario.name}: postponed to {to}", facts=facts, events={},
        rules=[*pins, *extra], pinned=pinned, keep_scenario=False, **common,
    )
    plan = plan_problem(replanned, time_limit_s)
    return AdjournmentResult(status="replanned" if plan.ok else "infeasible", new_notice=True,
                             new_record_date=not keep_record, requirements=requirements,
                             assumptions=[_POSTPONE_NOTE], plan=plan, **head)


def _not_before(event: str, day: date):
    from planner.days.dates import DateExpr
    from planner.rules.date_window import DateWindowRule

    return DateWindowRule(
        id=f"planner-{event}-after-decision", event=event, not_before=DateExpr(day=day), source="operational",
        cite="Given: date of the decision to postpone", summary="Nothing new is sent or fixed before the decision to postpone.",
    )
