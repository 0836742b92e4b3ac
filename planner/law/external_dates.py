"""A listed company's SEC dates that lie outside the meeting calendar.

They are not planned: they follow from last year's proxy release and
meeting and from the fiscal year end, and the plan reports them so that
nobody has to compute them by hand:

* Rule 14a-8(e)(2): a shareholder proposal for the company's proxy is due at
  the company 120 calendar days before the anniversary of the date of last
  year's proxy statement release.
* Rule 14a-19(b)(1) and (d): a dissident names its nominees 60 calendar days,
  and the company names its own 50 calendar days, before the anniversary of
  last year's annual meeting.
* When this year's meeting moves more than 30 days from that anniversary (or
  there was no meeting last year), those dates change: the 14a-8 deadline
  becomes a reasonable time before the company begins to print and send its
  proxy materials; the dissident's notice is due by the later of 60 days
  before the meeting and the 10th day after the meeting date is first
  announced; the company's by 50 days before the meeting.
* A special meeting is no regularly scheduled annual meeting: Rule
  14a-8(e)(3) sets its proposal deadline at a reasonable time before the
  company prints and sends its materials, and the nominee notices count
  from the meeting itself, as for a moved meeting (it has no anniversary).
* Rule 14a-19 governs meetings held after August 31, 2022 (its
  compliance date); an earlier meeting gets no nominee dates.  A special
  meeting gets them only as dates to watch: the rule speaks of meetings
  where directors are elected, which the plan does not know.
* Form 10-K, General Instruction G(3): Part III may be incorporated by
  reference from a definitive proxy statement filed within 120 days after the
  fiscal year end.  Rule 0-3 under the Exchange Act moves a filing deadline
  that falls on a Saturday, Sunday or holiday to the next business day; the
  SEC's holidays are the federal ones (python-holidays, US, no state).

The proposal and nomination deadlines are deliveries to the company, not
filings, so Rule 0-3 does not move them.  Dates use these anchors (a pack,
the rulebook or the scenario gives them): ``last_proxy_release``,
``last_annual_meeting``, ``fiscal_year_end``, and, when the meeting moves,
``meeting_announcement``; all but the fiscal year end only as the scenario
gives them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from planner.days.business_calendar import BusinessCalendar
from planner.engine.memo import memo
from planner.engine.problem import Problem

__all__ = [
    "ExternalDate",
    "ExternalWarning",
    "ExternalCalendar",
    "external_dates",
    "sec_filing_deadline",
    "sec_calendar",
    "MOVED_DAYS",
    "RULE_14A19_FROM",
]

MOVED_DAYS = 30  # Rules 14a-8(e)(2) and 14a-19: "changed by more than 30 calendar days"
# Rule 14a-19's compliance date: meetings held after August 31, 2022
# (Release 34-93596, Nov. 17, 2021).
RULE_14A19_FROM = dt.date(2022, 9, 1)

# How each number was checked (read 2026-11-26 through the stored public
# copies the project's search offers; ecfr.gov itself was not among them).
_SOURCES = {
    "rule-14a-8-deadline": (True, "120 calendar days before the date of last year's proxy release, and a reasonable "
                                  "time before printing when the meeting moved by more than 30 days: Rule 14a-8(e)(2), "
                                  "read in an eCFR copy (github.com/MichalOpoka/ecfr, commit 9166ad69), 2026-12-05"),
    "rule-14a-19-dissident-notice": (True, "60 calendar days before the anniversary of the prior year's meeting, or if it "
                                           "moved by more than 30 days the later of 60 days before the meeting and the 10th "
                                           "day after its announcement; a weekend or holiday deadline moves to the next "
                                           "business day (Instruction 1): Rule 14a-19(b)(1), eCFR copy "
                                           "(github.com/MichalOpoka/ecfr, commit 2e08f09e), and staff CDI 139.01"),
    "rule-14a-19-company-notice": (True, "50 calendar days before the anniversary (or before the meeting if it moved); "
                                         "Instruction 1's roll to the next business day: Rule 14a-19(d), eCFR copy "
                                         "(github.com/MichalOpoka/ecfr, commit 2e08f09e), read 2026-12-05"),
    "rule-14a-19-dissident-proxy": (True, "the later of 25 calendar days before the meeting and 5 calendar days after the "
                                          "company files its definitive proxy: Rule 14a-19(a)(2), eCFR copy "
                                          "(github.com/MichalOpoka/ecfr, commit 2e08f09e), read 2026-12-05; a filing, so "
                                          "Rule 0-3 moves it off a weekend or federal holiday"),
    "form-10-k-part-iii": (False, "120 days: G(3) quoted in a law-firm article and staff CDI 104.18 (as the sec pack "
                                  "notes); Rule 0-3(a) from secondary sources"),
}


class ExternalDate(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    date: dt.date | None = Field(None, description="None when it depends on something not yet known (see basis).")
    cite: str
    basis: str = Field(description="How the date follows from the anchors, in words.")
    rolled_from: dt.date | None = Field(
        None, description="The date before the rule moved it to the next business day (Rule 0-3; Rule 14a-19's Instruction 1).")
    verified: bool = Field(False, description="Whether the number was checked against the rule's text (or the staff's own restatement).")
    verification: str | None = None


class ExternalWarning(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    cite: str
    text: str
    triggers: list[str] = Field(default_factory=list, description="What changes because of it.")


class ExternalCalendar(BaseModel):
    model_config = ConfigDict(frozen=True)

    dates: list[ExternalDate] = Field(default_factory=list)
    warnings: list[ExternalWarning] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="Anchors needed for a date and not given.")


def sec_calendar(years: range) -> BusinessCalendar:
    """The SEC's business days: weekdays that are not federal holidays."""
    return _sec_calendar(tuple(years))


@lru_cache(maxsize=16)
def _sec_calendar(years: tuple[int, ...]) -> BusinessCalendar:
    # One per span of years, not one per plan of a listed company: a
    # BusinessCalendar is never changed once made.
    return BusinessCalendar("US", None, years)


def sec_filing_deadline(day: dt.date, calendar: BusinessCalendar) -> tuple[dt.date, dt.date | None]:
    """Rule 0-3(a): a filing due on a Saturday, Sunday or holiday may be made
    on the next business day.  Returns the deadline and the date it moved from."""
    rolled = calendar.next_business_day(day) if not calendar.is_business_day(day) else day
    return rolled, (day if rolled != day else None)


def _anchor(problem: Problem, name: str, given_only: bool = False) -> dt.date | None:
    """An anchor's date; `given_only`: only a date the scenario states
    (last year's dates have no sensible default, and a pack's or rulebook's
    placeholder would make up the deadlines computed from them)."""
    expr = (problem.scenario.anchors if given_only else problem.anchors).get(name)
    return problem.resolve(expr) if expr is not None else None


def _anniversary(day: dt.date) -> dt.date:
    """`day + relativedelta(years=1)` (Feb 29 falls back to Feb 28), without
    its cost on every plan of a listed company."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # Feb 29
        return day.replace(year=day.year + 1, day=28)


def _nominee_date(id: str, label: str, due: dt.date | None, cite: str, basis: str) -> ExternalDate:
    """A Rule 14a-19 deadline: its Instruction 1 moves one that falls on a
    Saturday, Sunday or federal holiday to the next business day, so a
    dissident's notice that arrives then is still on time."""
    rolled_from = None
    if due is not None:
        due, rolled_from = sec_filing_deadline(due, sec_calendar(range(due.year, due.year + 2)))
        if rolled_from:
            basis += f"; {rolled_from:%a %Y-%m-%d} is not a business day, so the rule's Instruction 1 moves it"
    return _external(id=id, label=label, date=due, cite=cite, basis=basis, rolled_from=rolled_from)


@lru_cache(maxsize=256)  # a frozen model of its three arguments: every plan of a listed company asks
def _dissident_proxy(meeting: dt.date, filed: dt.date | None, special: bool) -> ExternalDate:
    """Rule 14a-19(a)(2): a dissident soliciting for its own nominees files
    its definitive proxy by the later of 25 calendar days before the meeting
    and 5 calendar days after the company files its own; a filing, so Rule
    0-3 moves a weekend or federal holiday to the next business day."""
    twenty_five = meeting - timedelta(days=25)
    if filed is not None:
        due = max(twenty_five, filed + timedelta(days=5))
        basis = (f"the later of {twenty_five} (25 days before the meeting) and {filed + timedelta(days=5)} "
                 f"(5 days after the company's definitive proxy, planned {filed})")
    else:
        due = twenty_five
        basis = f"{twenty_five} (25 days before the meeting), or 5 days after the company's definitive proxy if later"
    due, rolled_from = sec_filing_deadline(due, sec_calendar(range(due.year, due.year + 2)))
    if rolled_from:
        basis += f"; {rolled_from:%a %Y-%m-%d} is not an SEC business day, so Rule 0-3 moves it"
    if special:
        basis += "; a special meeting: only if directors are elected at it"
    return _external(id="rule-14a-19-dissident-proxy", label="Dissident's definitive proxy filed (Rule 14a-19), if any",
                     date=due, cite="Rule 14a-19(a)(2); Rule 0-3(a)", basis=basis, rolled_from=rolled_from)


def _external(**fields) -> ExternalDate:
    """An SEC date with how its number was checked (_SOURCES)."""
    verified, verification = _SOURCES[fields["id"]]
    return ExternalDate(**fields, verified=verified, verification=verification)


@dataclass(frozen=True)
class _Fixed:
    """What the SEC dates take from the problem alone, whatever the plan's
    dates: the anchors resolved, and the dates counted from them alone
    (frozen models, shared by every plan of the problem)."""

    release: dt.date | None
    last_meeting: dt.date | None
    year_end: dt.date | None
    announced: dt.date | None
    missing: tuple[str, ...]  # of the three anchors every listed plan needs
    special: bool
    anniversary: dt.date | None
    proposals: ExternalDate | None  # Rule 14a-8 counted from last year's release (the meeting not moved)
    nominees: tuple[ExternalDate, ...]  # Rule 14a-19 counted from last year's meeting (not moved)
    part_iii: ExternalDate | None  # Form 10-K Part III (no meeting date needed)


def _fixed(problem: Problem) -> _Fixed:
    release = _anchor(problem, "last_proxy_release", given_only=True)
    last_meeting = _anchor(problem, "last_annual_meeting", given_only=True)
    year_end = _anchor(problem, "fiscal_year_end")
    announced = _anchor(problem, "meeting_announcement", given_only=True)
    missing = tuple(name for name, day in (("last_proxy_release", release), ("last_annual_meeting", last_meeting),
                                           ("fiscal_year_end", year_end)) if day is None)
    special = problem.facts.get("meeting_type", "annual") != "annual"
    anniversary = _anniversary(last_meeting) if last_meeting else None
    proposals = None
    if release is not None:
        proposals = _external(
            id="rule-14a-8-deadline", label="Shareholder proposals (Rule 14a-8) due at the company",
            date=_anniversary(release) - timedelta(days=120), cite="Rule 14a-8(e)(2)",
            basis=f"120 calendar days before {_anniversary(release)}, the anniversary of last year's proxy release ({release}); not moved for weekends",
        )
    nominees: tuple[ExternalDate, ...] = ()
    if anniversary is not None:
        nominees = tuple(
            _nominee_date(rid, label, anniversary - timedelta(days=days), cite,
                          f"{days} calendar days before {anniversary}, the anniversary of last year's meeting ({last_meeting})")
            for rid, label, days, cite in (
                ("rule-14a-19-dissident-notice", "Dissident's notice of its director nominees (Rule 14a-19) due", 60, "Rule 14a-19(b)(1)"),
                ("rule-14a-19-company-notice", "Company tells the dissident its nominees (Rule 14a-19)", 50, "Rule 14a-19(d)"),
            )
        )
    part_iii = None
    if year_end is not None:
        calendar = sec_calendar(range(year_end.year, year_end.year + 3))
        due, rolled_from = sec_filing_deadline(year_end + timedelta(days=120), calendar)
        basis = f"120 days after the fiscal year end ({year_end})"
        if rolled_from:
            basis += f"; {rolled_from:%a %Y-%m-%d} is not an SEC business day, so Rule 0-3 moves it"
        part_iii = _external(
            id="form-10-k-part-iii", label="Definitive proxy filed, for Form 10-K Part III by reference", date=due,
            cite="Form 10-K, General Instruction G(3); Rule 0-3(a)", basis=basis, rolled_from=rolled_from,
        )
    return _Fixed(release, last_meeting, year_end, announced, missing, special, anniversary, proposals, nominees, part_iii)


def external_dates(problem: Problem, dates: dict[str, dt.date]) -> ExternalCalendar:
    """The SEC dates of the scenario's year, given the planned (or checked) dates."""
    fixed = memo(problem, "external_dates", _fixed)
    meeting = dates.get("meeting")
    last_meeting, announced, special, anniversary = fixed.last_meeting, fixed.announced, fixed.special, fixed.anniversary
    out: list[ExternalDate] = []
    warnings: list[ExternalWarning] = []
    missing = list(fixed.missing)

    # With no last_annual_meeting given, nothing says whether the meeting moved:
    # the 14a-8 date is computed from the release and the anchor is reported missing.
    moved = anniversary is not None and meeting is not None and abs((meeting - anniversary).days) > MOVED_DAYS
    if moved and not special:
        shift = (meeting - anniversary).days
        warnings.append(ExternalWarning(
            id="meeting-moved-30-days", cite="Rule 14a-8(e)(2); Rule 14a-19(b)(1), (d)",
            text=(f"the meeting on {meeting} is {abs(shift)} days {'after' if shift > 0 else 'before'} the anniversary "
                  f"of last year's meeting ({anniversary}), more than {MOVED_DAYS}: last year's dates no longer set this year's"),
            triggers=[
                "Rule 14a-8: proposals are due a reasonable time before the company begins to print and send its "
                "proxy materials (tell holders the new deadline)",
                "Rule 14a-19(b)(1): a dissident's nominee notice is due by the later of 60 days before the meeting "
                "and the 10th day after the meeting date is first publicly announced",
                "Rule 14a-19(d): the company names its nominees by 50 days before the meeting",
                "Rule 14a-5(f): tell shareholders the new dates in time, e.g. in the earliest Form 10-Q "
                "(Item 5) (read in a secondary paraphrase only)",
            ],
        ))

    if fixed.proposals is not None and not moved and not special:
        out.append(fixed.proposals)
    elif moved or special:
        printing = dates.get("materials_printed") or dates.get("notice")
        out.append(_external(
            id="rule-14a-8-deadline", label="Shareholder proposals (Rule 14a-8) due at the company", date=None,
            cite="Rule 14a-8(e)(3)" if special else "Rule 14a-8(e)(2)",
            basis="a reasonable time before the company begins to print and send its proxy materials"
                  + (f" (planned from {printing})" if printing else ""),
        ))

    # Whether Rule 14a-19 governs this year's meeting; by the plan year when
    # no meeting date is known.
    universal_proxy = (meeting or dt.date(problem.year, 12, 31)) >= RULE_14A19_FROM
    if universal_proxy and anniversary is not None and not moved and not special:
        out.extend(fixed.nominees)
    elif universal_proxy and meeting is not None and (moved or special):
        watch = "; a special meeting: only if directors are elected at it" if special else ""
        sixty = meeting - timedelta(days=60)
        if announced is not None:
            due = max(sixty, announced + timedelta(days=10))
            basis = f"the later of {sixty} (60 days before the meeting) and {announced + timedelta(days=10)} (10 days after the announcement on {announced})"
        else:
            due = None
            basis = f"the later of {sixty} (60 days before the meeting) and the 10th day after the meeting date is first announced (give anchor meeting_announcement)"
            missing.append("meeting_announcement")
        out.append(_nominee_date("rule-14a-19-dissident-notice", "Dissident's notice of its director nominees (Rule 14a-19) due",
                                 due, "Rule 14a-19(b)(1)", basis + watch))
        out.append(_nominee_date("rule-14a-19-company-notice", "Company tells the dissident its nominees (Rule 14a-19)",
                                 meeting - timedelta(days=50), "Rule 14a-19(d)", "50 calendar days before the meeting" + watch))

    if universal_proxy and meeting is not None:
        out.append(_dissident_proxy(meeting, dates.get("definitive_proxy"), special))

    # G(3) speaks of the annual meeting's proxy statement (directors'
    # election): a special meeting's proxy does not carry Part III.
    if fixed.part_iii is not None and not special:
        due = fixed.part_iii.date
        out.append(fixed.part_iii)
        filed = dates.get("definitive_proxy") or dates.get("notice")
        if filed is not None and filed > due:
            warnings.append(ExternalWarning(
                id="part-iii-late", cite="Form 10-K, General Instruction G(3)",
                text=f"the proxy is planned to be filed on {filed}, after {due}",
                triggers=["Part III of the 10-K must then be filed by amendment (10-K/A) by the deadline"],
            ))
    out.sort(key=lambda d: (d.date or dt.date.max, d.id))
    return ExternalCalendar(dates=out, warnings=warnings, missing=sorted(set(missing)))
