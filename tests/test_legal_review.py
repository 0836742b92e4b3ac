"""Legal review of the adjournment, special-meeting, date-map and multi-year
work (issue 4): cases worked out by hand from the bylaws' texts in
../shared/seeds, each naming the article and section it rests on."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

import planner
from tests.helpers import SEED_FILES, seed_path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
NGS = SCENARIOS / "natural-gas-services-2027.yaml"
CLECO = SCENARIOS / "cleco-utility-2027.yaml"


def _business(subdiv: str, day: date) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays("US", subdiv=subdiv, years=day.year)


def test_ngs_demand_on_the_friday_before_memorial_day():
    """Last demand needed received Friday May 28, 2027 (Memorial Day is Monday
    May 31). Art. II §1, 2nd para.: notice within 30 days, so by Sunday June
    27; mail goes on a business day, so Friday June 25 at the latest, never
    rolled on to Monday June 28 (that would give the holders less than the
    bylaw promises). The meeting then lies at most 60 days after that notice
    (Art. II §4): Tuesday August 24."""
    result = planner.special_meeting(NGS, demand=date(2027, 5, 28))
    assert result.windows["notice"][1] == date(2027, 6, 25)
    assert result.windows["meeting"][1] == date(2027, 8, 24)
    assert "notice by 2027-06-27" in next(r.text for r in result.requirements if r.topic == "call")


def test_cleco_holders_may_call_as_the_articles_or_the_law_provide():
    """Art. II §4 lists who may call a special meeting and then keeps open a
    call by shareholders as the articles, the bylaws or the law provide; the
    law does (Louisiana R.S. 12:1-702(A)(2): holders of 10% of the votes, the
    articles may set another share up to 25%). So a demand is not answered
    'holders may not require the meeting': the calendar runs from the demand,
    with the notice at least 5 days before the meeting (Art. II §7(a)) on a
    Louisiana business day."""
    demand = date(2027, 9, 14)
    result = planner.special_meeting(CLECO, demand=demand)
    assert result.holders_may_demand is True
    assert result.status == "feasible"
    call = [r for r in result.requirements if r.topic == "call"]
    assert call and all(r.answer is True for r in call) and any("Art. II §4" in c for r in call for c in r.cites)
    dates = result.plan.dates()
    assert dates["special_meeting_demand"] == demand
    assert demand <= dates["notice"] and (dates["meeting"] - dates["notice"]).days >= 5
    assert _business("LA", dates["notice"])
    soon = planner.special_meeting(CLECO, demand=demand, meeting=demand + timedelta(days=4))
    assert soon.status == "infeasible"  # 5 days' notice cannot fit in 4




def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_readme_sections_of_issue_4_are_our_own_words():
    """The 8-word check of tests/test_seed_rulebooks.py, on the two README
    sections written for issue 4 (the bylaws' sentences are summarised,
    never copied)."""
    seed = _words(" ".join(seed_path(book).read_text(encoding="utf-8", errors="replace") for book in sorted(SEED_FILES)))
    shingles = {tuple(seed[i : i + 8]) for i in range(len(seed) - 7)}
    pages = (ROOT / "docs" / "datemaps-years.md", ROOT / "docs" / "adjourn-special.md")
    words = _words(" ".join(page.read_text(encoding="utf-8") for page in pages))
    copied = [" ".join(words[i : i + 8]) for i in range(len(words) - 7) if tuple(words[i : i + 8]) in shingles]
    assert not copied, f"rewrite in our own words: {copied[:3]}"


def test_ngs_date_map_six_and_fifteen_months_by_hand():
    """Art. II §1, 2nd para., the 2027 scenario: six months after the fiscal
    year closed on Dec 31, 2026 is June 30, 2027; fifteen months after the
    last annual meeting (second Thursday of June 2026, June 11) is Sept 11,
    2027. June 30 plans, July 1 does not (the six-month limit alone). With
    that limit waived, Sept 11 plans and Sept 12 is blocked by the other."""
    found = planner.date_map(NGS)
    assert found.day(date(2027, 6, 30)).feasible
    july = found.day(date(2027, 7, 1))
    assert not july.feasible and july.blocking == ["annual-meeting-fiscal-year-deadline"] and july.category == "legal"
    waived = planner.date_map(NGS, drop=["annual-meeting-fiscal-year-deadline"])
    assert waived.day(date(2027, 9, 11)).feasible
    assert waived.day(date(2027, 9, 12)).blocking == ["annual-meeting-fifteen-month-deadline"]


def test_postponing_ngs_past_june_30_names_the_court_remedy():
    """NGS 2027 meeting (June 10) postponed to July 15: fifteen days past six
    months after the fiscal year (Art. II §1, 2nd para.). That limit is not a
    date the board fixed and could move: past it, any shareholder may ask the
    district court to order a meeting. The answer must say so, not that the
    board needs power to set another date (the board sets the date anyway)."""
    plan = planner.plan(NGS)
    moved = planner.adjourn(NGS, date(2027, 7, 15), dates={"events": plan.dates(), "facts": plan.facts}, postponed=True)
    rule = next(r for r in moved.requirements if r.topic == "meeting_date")
    assert rule.answer is False and rule.rules == ["annual-meeting-fiscal-year-deadline"]
    assert "short by 15 days" in rule.text and "court" in rule.text
    assert "must have the power" not in rule.text
