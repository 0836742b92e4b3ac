"""The web app end to end in a real Chromium (Debian's, driven by Playwright):
each flow against the planner's own answers, and the screenshots of
docs/webapp.md.  One browser (for this module) and one server; the tests run
in one xdist group.  Without Chromium or Playwright they skip, saying why,
except under CI=true, where they fail: a browser test that silently skips in
CI is no test."""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

import planner
from planner.engine.problem import build_problem
from planner.faces.service import Limits, create_app
from planner.model.documents import Rulebook
from planner.model.timeline import Timeline, read_timelines
from planner.outputs.render import render_plan
from planner.verdicts.answers import plan_problem, timeline_verdict
from tests.helpers import ROOT

pytestmark = pytest.mark.xdist_group("browser")

CHROMIUM = os.environ.get("PLANNER_CHROMIUM", "/usr/bin/chromium")
# The screenshots the docs show are refreshed only on request
# (PLANNER_DOCS_SHOTS=1), so a test run leaves the tracked images alone;
# otherwise they are still taken, into a scratch folder.
SHOTS = ROOT / "docs" / "img" if os.environ.get("PLANNER_DOCS_SHOTS") else Path(tempfile.gettempdir()) / "planner-webapp-shots"
INFEASIBLE = ROOT / "scenarios" / "williams-natural-gas-infeasible-printing.yaml"
CATALYST = ROOT / "tests" / "data" / "bylaws" / "catalyst-cooperative-2025.md"
HIVE13 = ROOT / "tests" / "data" / "bylaws" / "hive13-sad-bee-2025.md"  # its annual meeting "in July"
WILLIAMS_BOOK = {"schema_version": 1, "name": "Williams Natural Gas Company (Delaware), By-laws 2027",
                 "rulebook": "williams-natural-gas", "year": 2027}
TIMEOUT_MS = 20_000
# The plan's heading (has_text alone would match "No calendar for" too).
PLANNED, NO_PLAN = re.compile(r"^Calendar for"), re.compile(r"^No calendar for")


def _missing(why: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run: {why} (python3 tasks.py test installs it)")
    pytest.skip(f"browser tests need {why}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(app) -> tuple[str, object]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:  # uvicorn sets it once the socket listens
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


@pytest.fixture(scope="session")
def server():
    url, running = _serve(create_app())
    yield url
    running.should_exit = True


# One browser for this module's tests (they run on one xdist worker, their group), ended with the
# module: Playwright's sync API keeps an event loop running in the thread, and a later test in the
# same worker that runs its own (asyncio.run) would fail.
@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package (requirements.lock)")
    if not shutil.which(CHROMIUM):
        _missing(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"{r.url}: {r.failure}"))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    context.close()
    assert not errors, errors  # no script error, no request that failed (nothing from elsewhere)


def _plan(page) -> str:
    """Plan, and the new plan's heading (the old one is removed first, so that it is not read instead)."""
    page.evaluate("document.getElementById('plan-status')?.remove()")
    page.click("#plan-button")
    return page.locator("#plan-status").inner_text()


def _shot(page, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)
    page.screenshot(path=SHOTS / f"webapp-{name}.png", full_page=full)


def _calendar(page) -> dict[str, str]:
    """Event id: date, as the calendar table shows them."""
    rows = page.locator("table.calendar tbody tr")
    return {rows.nth(i).get_attribute("data-event"): rows.nth(i).locator("th").inner_text() for i in range(rows.count())}


def _upload(page, field: str, name: str, text: str) -> None:
    page.set_input_files(field, files=[{"name": name, "mimeType": "application/yaml", "buffer": text.encode()}])


# The calendar --------------------------------------------------------------------------------


def test_calendar_is_the_planners_with_rules_margins_and_a_timeline(page):
    assert PLANNED.match(_plan(page))
    expected = planner.plan(WILLIAMS_BOOK)
    assert _calendar(page) == {e.id: e.date.isoformat() for e in expected.events if e.date}
    meeting = page.locator("tr[data-event=meeting]")
    assert "annual-meeting-date" in meeting.inner_text() and "0 (binding)" in meeting.inner_text()
    # The timeline: the binding event stands out; hovering a rule's bar shows its citation and text.
    binding = page.locator(".timeline .event.binding")
    assert binding.count() == sum(1 for e in expected.events if e.binding)
    bar = page.locator(".timeline .span[aria-label^='notice-window']")
    bar.hover()
    tip = page.locator("#tooltip")
    rule = expected.rule("notice-window")
    assert tip.is_visible() and rule.cite in tip.inner_text() and rule.text in tip.inner_text()
    assert "No state of incorporation given" in page.locator(".notes").inner_text()
    _shot(page, "calendar")


def test_coverage_notes_name_a_state_with_no_pack_and_unverified_rules(page):
    page.fill("#incorporation", "WY")
    _plan(page)
    assert "No statute pack for WY" in page.locator(".notes").inner_text()
    page.fill("#incorporation", "DE")
    page.select_option("#listing", "nyse")
    _plan(page)
    notes = page.locator(".notes").inner_text()
    expected = planner.plan({**WILLIAMS_BOOK, "incorporation": "DE", "listing": "nyse"})
    assert f"Rule packs applied: {', '.join(expected.packs)}." in notes
    unverified = expected.coverage.unverified_rules
    assert unverified and f"{len(unverified)} rule(s) not verified" in notes


def _coverage_shown(page) -> dict[str, list[str]]:
    notes = page.locator(".notes")
    shown = {kind: notes.locator(f"[data-coverage={kind}] li").all_inner_texts()
             for kind in ("checked_against", "unverified_rules", "unconstrained")}
    shown["not_checked"] = notes.locator("li[data-coverage=not_checked]").all_inner_texts()
    return shown


def test_the_plans_coverage_and_notes_are_shown_as_the_planner_gives_them(page):
    page.fill("#incorporation", "DE")
    page.select_option("#listing", "nyse")
    assert PLANNED.match(_plan(page))
    expected = planner.plan({**WILLIAMS_BOOK, "incorporation": "DE", "listing": "nyse"}).coverage
    # Every part of the coverage, none of them empty here, so each comparison means something.
    assert all((expected.checked_against, expected.not_checked, expected.unverified_rules, expected.unconstrained))
    assert _coverage_shown(page) == {"checked_against": expected.checked_against, "unverified_rules": expected.unverified_rules,
                                     "unconstrained": expected.unconstrained, "not_checked": expected.not_checked}
    page.locator(".notes").scroll_into_view_if_needed()
    _shot(page, "coverage", full=False)
    # A waived notice: the plan's own note says what is not planned and why.
    page.select_option("#fact-notice_waived", "true")
    _plan(page)
    waived = planner.plan({**WILLIAMS_BOOK, "incorporation": "DE", "listing": "nyse", "facts": {"notice_waived": True}})
    assert waived.notes
    assert page.locator(".notes li.note").all_inner_texts() == [f"Note: {n}" for n in waived.notes]
    assert "notice" not in _calendar(page)


# From a bylaws document ------------------------------------------------------------------------


def _drafted_plan(data: bytes, name: str, year: int):
    """The planner's own answers: the draft, and its skeleton planned with the drafted rulebook inline."""
    found = planner.draft(data, name=name, year=year)
    scenario = {**found.scenario, "rulebook": found.rulebook["id"]}
    return found, plan_problem(build_problem(scenario, rulebook=Rulebook.model_validate(found.rulebook)))


def _upload_bylaws(page, name: str, data: bytes, mime: str = "text/markdown") -> None:
    page.set_input_files("#upload-bylaws", files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_a_bylaws_document_is_drafted_its_questions_beside_its_rules_and_planned(page):
    # The document as filed asks nothing the drafter cannot answer; one section of our own words
    # adds a question on a section with no drafted rule ("the tenth day": exactly, or by then?).
    data = CATALYST.read_bytes() + ("\n## Article XV: Members' Vote by Mail\n\nBallots mailed to the Members shall be "
                                    "returned on the tenth day before the meeting.\n").encode()
    page.fill("#year", "2027")
    _upload_bylaws(page, CATALYST.name, data)
    page.locator("#plan-status").filter(has_text=PLANNED).wait_for()
    found, plan = _drafted_plan(data, CATALYST.name, 2027)
    rows = page.locator("table.draft-rules tbody tr")
    assert [r.get_attribute("data-rule") for r in rows.all()] == [r.id for r in found.rules]
    for rule in found.rules:
        row = page.locator(f"table.draft-rules tr[data-rule='{rule.id}']").inner_text()
        assert rule.cite in row and rule.quote in row and f"{round(rule.confidence * 100)}%" in row
    # A question naming rules sits in their rows; one on a section with no drafted rule is listed apart.
    cites = {r.cite for r in found.rules}
    naming = [q for q in found.questions if any(r.id in q.question for r in found.rules)]
    apart = [q for q in found.questions if not set(q.cite.split("; ")) & cites]
    # (The drafter's questions on this document name no drafted rule; those that do are checked
    # in their rows below whenever a draft has them.)
    assert apart, "this document must have a question apart from the drafted rules for the test to mean anything"
    for q in naming:
        for rule in found.rules:
            questions = page.locator(f"table.draft-rules tr[data-rule='{rule.id}'] ul.questions li").all_inner_texts()
            assert (q.question in questions) == (rule.id in q.question or (q.line == rule.line and rule.cite in q.cite.split("; ")))
    other = page.locator(".other-questions").inner_text()
    assert all(q.question in other and q.cite in other for q in apart)
    # The first calendar: the planner's for the draft's skeleton, its coverage naming the unverified draft rules.
    assert plan.status == "feasible"
    assert _calendar(page) == {e.id: e.date.isoformat() for e in plan.events if e.date}
    assert _coverage_shown(page)["unverified_rules"] == plan.coverage.unverified_rules
    assert page.locator("#rulebook option:checked").inner_text().startswith(f"drafted from {CATALYST.name}")
    _shot(page, "draft")


def test_a_drafted_meeting_date_is_shown_for_review_and_planned(page):
    page.fill("#year", "2027")
    _upload_bylaws(page, HIVE13.name, HIVE13.read_bytes())
    page.locator("#plan-status").filter(has_text=PLANNED).wait_for()
    found, plan = _drafted_plan(HIVE13.read_bytes(), HIVE13.name, 2027)
    assert found.dates, "this document must have a drafted meeting date for the test to mean anything"
    rows = page.locator("table.draft-dates tbody tr")
    assert [r.get_attribute("data-rule") for r in rows.all()] == [d.id for d in found.dates]
    for fixed in found.dates:
        row = page.locator(f"table.draft-dates tr[data-rule='{fixed.id}']").inner_text()
        assert fixed.cite in row and fixed.quote in row and f"not before {fixed.not_before}" in row
    assert "read from the bylaws' own words" in page.locator("#draft-review p.warning").inner_text()
    meeting = _calendar(page)["meeting"]
    assert meeting == next(e.date.isoformat() for e in plan.events if e.id == "meeting")
    assert meeting.startswith("2027-07-")


def _docx(paragraphs: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_document_goes_as_bytes_and_the_link_reopens_its_draft(page, browser):
    data = _docx(["Bylaws of Acme Corporation, a corporation of the State of Delaware",
                  "Section 4. Notice. Written notice of each meeting of stockholders shall be given not less than "
                  "ten (10) nor more than sixty (60) days before the date of the meeting.",
                  "Section 5. Record date. The record date shall not be more than sixty (60) nor less than ten (10) "
                  "days before the date of the meeting."])
    page.fill("#year", "2028")
    _upload_bylaws(page, "acme.docx", data, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    page.locator("#plan-status").filter(has_text=PLANNED).wait_for()
    found, plan = _drafted_plan(data, "acme.docx", 2028)
    assert [(r.before, r.after, r.min, r.max) for r in found.rules] == [("notice", "meeting", 10, 60), ("record_date", "meeting", 10, 60)]
    assert page.locator("table.draft-rules tbody tr").count() == len(found.rules)
    shown = _calendar(page)
    assert shown == {e.id: e.date.isoformat() for e in plan.events if e.date}
    other = browser.new_page()
    try:
        other.goto(page.url)
        other.locator("#plan-status").filter(has_text=PLANNED).wait_for(timeout=TIMEOUT_MS)
        assert _calendar(other) == shown
        assert other.locator("table.draft-rules tbody tr").count() == len(found.rules)
    finally:
        other.close()


def test_a_bylaws_file_that_cannot_be_drafted_is_named_next_to_the_upload(page):
    page.fill("#closures", "2027-04-21")
    error = page.locator("#upload-bylaws-error")
    _upload_bylaws(page, "bylaws.doc", b"Section 1. Notice ten days before.", "application/msword")
    error.filter(has_text="bylaws.doc").wait_for()
    assert "unknown document format" in error.inner_text()
    # A damaged PDF: the server's reader says why, next to the same field.
    _upload_bylaws(page, "scan.pdf", b"%PDF-1.4 not really", "application/pdf")
    error.filter(has_text="scan.pdf").wait_for()
    assert "cannot read the .pdf document" in error.inner_text()
    # Larger than the service takes: refused before sending, with the service's limit.
    limit = Limits().max_body_bytes
    _upload_bylaws(page, "huge.txt", b"x" * limit, "text/plain")
    error.filter(has_text="huge.txt").wait_for()
    assert f"limit of {limit} bytes" in error.inner_text()
    assert page.locator("#upload-bylaws").get_attribute("aria-invalid") == "true"
    assert page.locator("#plan-status").count() == 0 and page.locator("#draft-review").count() == 0
    assert page.input_value("#closures") == "2027-04-21"


# Published timelines, no YAML ----------------------------------------------------------------


TIMELINES_CSV = """company,state,listing,kind,record_date,mailing_date,meeting_date,source
Wyoming Co,WY,,annual,2027-04-01,2027-04-15,2027-05-20,8-K
"Smith, Jones & Co",DE,nasdaq,special,2027-03-01,2027-03-20,2027-04-22,DEF 14A
"""


def test_published_timelines_are_checked_with_the_broken_rules_in_words(page):
    page.click("#tab-timelines")
    page.fill("#tl-company", "Acme")
    page.fill("#tl-state", "de")
    page.select_option("#tl-listing", "nyse")
    page.fill("#tl-record", "2027-03-01")
    page.fill("#tl-mailing", "2027-03-20")
    page.fill("#tl-meeting", "2027-05-10")
    page.fill("#tl-csv", TIMELINES_CSV)
    page.click("#timelines-form button[type=submit]")
    rows = page.locator("table.verdicts tbody tr")
    rows.first.wait_for()
    typed = Timeline(company="Acme", state="DE", listing="nyse", record_date="2027-03-01", mailing_date="2027-03-20",
                     meeting_date="2027-05-10")
    expected = [timeline_verdict(t) for t in [typed, *read_timelines("pasted.csv", TIMELINES_CSV)]]
    assert [r.get_attribute("data-verdict") for r in rows.all()] == [v.verdict for v in expected]
    assert {v.verdict for v in expected} >= {"non_compliant", "compliant as far as given"}  # both kinds shown
    assert rows.locator("th").all_inner_texts() == ["the form", "line 2", "line 3"]
    for row, verdict in zip(rows.all(), expected):
        broken = row.locator("li.broken-rule").all_inner_texts()
        assert broken == verdict.broken
        text = row.inner_text()
        assert all(line in text for line in verdict.not_checked)
    assert expected[0].broken and "DGCL §213(a)" in expected[0].broken[0]
    _shot(page, "timelines")


def test_a_timeline_error_is_shown_at_its_field_or_its_line(page):
    page.click("#tab-timelines")
    page.fill("#tl-state", "DE")
    page.click("#timelines-form button[type=submit]")
    page.locator("#tl-meeting-error").filter(has_text="meeting_date").wait_for()
    assert page.locator("#tl-meeting").get_attribute("aria-invalid") == "true"
    page.fill("#tl-state", "")
    page.fill("#tl-csv", "Acme,DE,,annual,,,2027-05-10\nBeta,Delaware,,annual,,,2027-05-10\n")
    page.click("#timelines-form button[type=submit]")
    error = page.locator("#tl-csv-error")
    error.filter(has_text="line 2").wait_for()
    assert "state" in error.inner_text() and page.locator("table.verdicts").count() == 0


# No calendar: conflicts and fixes ------------------------------------------------------------


def test_conflict_in_words_and_a_relax_fix_that_replans(page):
    _upload(page, "#upload-scenario", INFEASIBLE.name, INFEASIBLE.read_text())
    status = page.locator("#plan-status")
    status.filter(has_text=NO_PLAN).wait_for()
    why = planner.plan(INFEASIBLE).explanation
    assert why.conflicts[0].text in page.locator(".conflicts").inner_text()
    _shot(page, "conflicts")
    fix = next(f for f in why.fixes if f.kind == "relax_rule" and f.target == "printing-lead")
    page.click(f"[data-fix='relax_rule:printing-lead']")
    status.filter(has_text=PLANNED).wait_for()
    # The same as the planner with the rule relaxed by the fix's days.
    data = yaml.safe_load(INFEASIBLE.read_text())
    for rule in data["rules"]:
        if rule["id"] == "printing-lead":
            rule["min_days"] -= fix.days
    relaxed = planner.plan(data)
    assert relaxed.status == "feasible"
    assert _calendar(page) == {e.id: e.date.isoformat() for e in relaxed.events if e.date}
    assert page.locator("#reset-changes").is_visible()


def test_a_joint_fix_relaxes_every_rule_that_states_the_same_limit(page):
    """Delaware's §222(b) states the bylaws' notice limit (Art. I §1.3): the
    fix names both, and its button relaxes both (the bylaw rewritten, the
    pack's rule planned as waived, as the app plans any relaxed pack rule)."""
    _upload(page, "#upload-scenario", INFEASIBLE.name, INFEASIBLE.read_text())
    status = page.locator("#plan-status")
    status.filter(has_text=NO_PLAN).wait_for()
    page.fill("#incorporation", "DE")
    assert NO_PLAN.search(_plan(page))
    why = planner.plan(INFEASIBLE, incorporation="DE").explanation
    fix = next(f for f in why.fixes if f.target == "notice-window")
    assert fix.together == ["dgcl-222b-notice-window"] and not fix.allowed
    button = page.locator("[data-fix='relax_rule:notice-window']")
    assert button.get_attribute("data-together") == "dgcl-222b-notice-window"
    assert button.inner_text() == f"Plan as if: {fix.text}"
    button.click()
    status.filter(has_text=PLANNED).wait_for()
    book = yaml.safe_load((ROOT / "constraints" / "williams-natural-gas.yaml").read_text())
    notice = next(r for r in book["rules"] if r["id"] == "notice-window")
    notice["min_days"] -= fix.days
    notice["max_days"] += fix.days
    expected = plan_problem(build_problem(yaml.safe_load(INFEASIBLE.read_text()), rulebook=book, incorporation="DE",
                                          drop=["dgcl-222b-notice-window"], reuse=False))
    assert expected.status == "feasible"
    assert _calendar(page) == {e.id: e.date.isoformat() for e in expected.events if e.date}


def test_an_explanation_stopped_at_its_time_limit_says_so_before_its_conflicts(page, monkeypatch):
    """The planner's own stopped explanation (its clock run out while it looked
    for fixes), served in place of the server's answer."""
    from planner.engine.propagation import PropagationTimeout
    from planner.verdicts import explanations

    def no_time_for_fixes(*args, **kwargs):
        raise PropagationTimeout("explanation passed its time limit")
        yield  # a generator, as the real one

    monkeypatch.setattr(explanations, "_rule_fixes", no_time_for_fixes)
    plan = planner.plan(INFEASIBLE).model_dump(mode="json")
    assert plan["explanation"]["stopped"] and not plan["explanation"]["fixes"]
    page.route("**/v1/plan", lambda route: route.fulfill(json=plan))
    _upload(page, "#upload-scenario", INFEASIBLE.name, INFEASIBLE.read_text())
    page.locator("#plan-status").filter(has_text=NO_PLAN).wait_for()
    text = page.locator(".conflicts").inner_text()
    said = f"The explanation {plan['explanation']['stopped']}."
    assert said in text and text.index(said) < text.index(plan["explanation"]["conflicts"][0]["text"])
    assert "No fix was found before the time limit." in text and "No single change fixes it." not in text


def test_a_fact_fix_sets_the_fact_in_the_form_and_replans(page):
    _upload(page, "#upload-scenario", INFEASIBLE.name, INFEASIBLE.read_text())
    page.locator("#plan-status").filter(has_text=NO_PLAN).wait_for()
    page.click("[data-fix='change_fact:notice_waived']")
    page.locator("#plan-status").filter(has_text=PLANNED).wait_for()
    assert page.locator("#fact-notice_waived").input_value() == "true"
    data = yaml.safe_load(INFEASIBLE.read_text())
    data["facts"]["notice_waived"] = True
    assert _calendar(page) == {e.id: e.date.isoformat() for e in planner.plan(data).events if e.date}


def test_office_closures_move_the_companys_own_steps(page):
    # The Williams scenario's own rule mails on a business day: a day the
    # office is shut moves the mailing; the bylaws' and statute's counts
    # do not see it (tests/test_office_closures.py).
    scenario = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
    _upload(page, "#upload-scenario", scenario.name, scenario.read_text())
    page.locator("#plan-status").filter(has_text=PLANNED).wait_for()
    mailed = _calendar(page)["notice"]
    page.fill("#office-closures", mailed)
    assert PLANNED.match(_plan(page))
    expected = planner.plan({**yaml.safe_load(scenario.read_text()), "office_closures": [mailed]})
    assert _calendar(page) == {e.id: e.date.isoformat() for e in expected.events if e.date}
    assert _calendar(page)["notice"] != mailed


def test_a_yearly_legal_holiday_is_typed_in_words(page):
    # One a line, spaces and all: the bylaws' meeting day closed rolls the meeting to the next business day.
    page.fill("#closures", "last Wednesday of April\n2027-12-24")
    assert PLANNED.match(_plan(page))
    expected = planner.plan(WILLIAMS_BOOK, holidays=["last Wednesday of April", date(2027, 12, 24)])
    assert _calendar(page) == {e.id: e.date.isoformat() for e in expected.events if e.date}
    assert _calendar(page)["meeting"] != planner.plan(WILLIAMS_BOOK).dates()["meeting"].isoformat()


def test_the_link_reopens_the_same_plan(page, browser):
    _upload(page, "#upload-scenario", INFEASIBLE.name, INFEASIBLE.read_text())
    page.locator("#plan-status").filter(has_text=NO_PLAN).wait_for()
    page.click("[data-fix='relax_rule:printing-lead']")
    page.locator("#plan-status").filter(has_text=PLANNED).wait_for()
    shown, link = _calendar(page), page.url
    other = browser.new_page()
    try:
        other.goto(link)
        other.locator("#plan-status").filter(has_text=PLANNED).wait_for(timeout=TIMEOUT_MS)
        assert _calendar(other) == shown
    finally:
        other.close()


# What if ------------------------------------------------------------------------------------


def test_moving_an_event_shows_the_rules_it_breaks_and_by_how_much(page):
    _plan(page)
    expected = planner.plan(WILLIAMS_BOOK)
    dates = {e.id: e.date for e in expected.events if e.date}
    moved = dates["meeting"] - timedelta(days=5)  # notice 5 days before the meeting: too late
    dates["notice"] = moved
    checked = planner.check(WILLIAMS_BOOK, {"events": {k: v.isoformat() for k, v in dates.items()}, "facts": expected.facts})
    broken = {r.id: -r.slack_days for r in checked.rules if r.status == "violated"}
    assert broken, "the move must break a rule for this test to mean anything"
    page.fill("#move-notice", moved.isoformat())
    page.click("[data-move=notice]")
    page.locator(".broken li").first.wait_for()
    shown = {li.get_attribute("data-rule"): li.inner_text() for li in page.locator(".broken li").all()}
    assert set(shown) == set(broken)
    for rule_id, days in broken.items():
        assert f"broken by {days} day(s)" in shown[rule_id]
    _shot(page, "move")


def test_date_map_click_replans_with_the_meeting_that_day(page):
    page.click("#tab-datemap")
    page.select_option("#fixed-date", "set_aside")
    page.locator(".heatmap[data-fixed-date=set_aside] .cell").first.wait_for()
    from planner.studies.date_map import date_map

    expected = date_map(WILLIAMS_BOOK, fixed_date="set_aside")
    cells = page.locator(".heatmap .cell")
    assert cells.count() == len(expected.days)
    feasible = [d.date for d in expected.days if d.feasible]
    assert {c.get_attribute("data-date") for c in page.locator(".heatmap .cell.feasible").all()} == {d.isoformat() for d in feasible}
    _shot(page, "datemap")
    # Keyboard: the grid is one tab stop; an arrow moves a day.
    first = page.locator(".heatmap .cell[tabindex='0']")
    first.focus()
    start = date.fromisoformat(first.get_attribute("data-date"))
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.date") == (start + timedelta(days=1)).isoformat()
    chosen = feasible[len(feasible) // 2]
    page.click(f".heatmap .cell[data-date='{chosen.isoformat()}']")
    page.locator("#plan-status").filter(has_text=PLANNED).wait_for()
    assert _calendar(page)["meeting"] == chosen.isoformat()


def test_several_years_side_by_side(page):
    page.click("#tab-years")
    page.fill("#years", "2027-2029")
    page.click("#years-form button[type=submit]")
    table = page.locator("#years-result table")
    table.wait_for()
    from planner.studies.years import plan_years

    expected = plan_years(WILLIAMS_BOOK, range(2027, 2030))
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Step", "2027", "2028", "2029"]
    meeting = table.locator("tbody tr", has_text="Meeting of stockholders").locator("td").all_inner_texts()
    assert [m.split()[0] for m in meeting] == [c.plan.dates()["meeting"].isoformat() for c in expected.cycles]
    _shot(page, "years")


def test_adjourn_and_special_meeting_from_the_plan_page(page):
    _plan(page)
    meeting = date.fromisoformat(_calendar(page)["meeting"])
    page.click("#tab-adjourn")
    page.fill("#adjourn-to", (meeting + timedelta(days=45)).isoformat())
    page.click("#adjourn-form button[type=submit]")
    heading = page.locator("#adjourn-result h3").first
    heading.wait_for()
    expected = planner.adjourn(WILLIAMS_BOOK, meeting + timedelta(days=45), meeting=meeting)
    assert heading.inner_text().startswith(expected.status.replace("_", " "))
    assert "45 days later" in heading.inner_text()
    _shot(page, "adjourn")
    page.click("#tab-special")
    page.fill("#special-date", "2027-03-01")
    page.click("#special-form button[type=submit]")
    special = page.locator("#special-result h3").first
    special.wait_for()
    from planner.studies.special_meeting import special_meeting

    assert special.inner_text() == special_meeting(WILLIAMS_BOOK, demand=date(2027, 3, 1)).status.replace("_", " ")


# Take it away -------------------------------------------------------------------------------


def test_downloads_are_the_planners_files(page):
    _plan(page)
    with page.expect_download() as got:
        page.click("[data-export=csv]")
    download = got.value
    assert download.suggested_filename.endswith(".csv")
    assert Path(download.path()).read_text() == render_plan(planner.plan(WILLIAMS_BOOK), "csv")
    with page.expect_download() as got:
        page.click("[data-export=ics]")
    ics = Path(got.value.path()).read_text()
    meeting = planner.plan(WILLIAMS_BOOK).dates()["meeting"]
    assert got.value.suggested_filename.endswith(".ics") and f"DTSTART;VALUE=DATE:{meeting:%Y%m%d}" in ics


# Uploads with errors ------------------------------------------------------------------------


def test_upload_error_is_shown_next_to_its_field_and_nothing_typed_is_lost(page):
    page.fill("#year", "2028")
    page.fill("#closures", "2028-04-21")
    page.fill("#drop", "voting-list")
    bad = "schema_version: 1\nname: Typo in a fact\nrulebook: williams-natural-gas\nfacts:\n  meeting_type: anual\n"
    _upload(page, "#upload-scenario", "typo.yaml", bad)
    error = page.locator("#fact-meeting_type-error")
    error.filter(has_text="anual").wait_for()
    assert "not one of" in error.inner_text()
    assert page.locator("#fact-meeting_type").get_attribute("aria-invalid") == "true"
    assert page.locator("#fact-meeting_type").input_value() == '"anual"'  # the value from the file, kept and marked
    assert (page.input_value("#year"), page.input_value("#closures"), page.input_value("#drop")) == ("2028", "2028-04-21", "voting-list")
    _shot(page, "upload-error", full=False)
    # Malformed YAML: the file and the line, next to the upload field; the form still as typed.
    _upload(page, "#upload-scenario", "broken.yaml", "schema_version: 1\nfacts: [unclosed\n")
    upload_error = page.locator("#upload-scenario-error")
    upload_error.filter(has_text="broken.yaml").wait_for()
    assert "malformed YAML at line" in upload_error.inner_text()
    assert page.input_value("#closures") == "2028-04-21"


def test_a_missing_fact_is_named_next_to_its_field(page):
    book = yaml.safe_load((ROOT / "constraints" / "williams-natural-gas.yaml").read_text())
    book["id"] = "my-bylaws"
    book["facts"]["meeting_type"]["default"] = None  # the scenario must now say
    _upload(page, "#upload-rulebook", "my-bylaws.yaml", yaml.safe_dump(book))
    page.locator("#rulebook option[value='@upload']").wait_for(state="attached")
    assert page.input_value("#rulebook") == "@upload" and page.locator("#fact-meeting_type option").first.inner_text() == "— choose —"
    page.click("#plan-button")
    page.locator("#fact-meeting_type-error").filter(has_text="meeting_type").wait_for()
    assert page.locator("#plan-status").count() == 0


# Keyboard, screen readers, a phone ------------------------------------------------------------


def test_every_control_is_labelled_and_the_tabs_work_by_keyboard(page):
    _plan(page)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((e) => !e.closest('[hidden]') && !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map((e) => e.id || e.outerHTML.slice(0, 60))""")
    assert unlabelled == []
    page.focus("#tab-plan")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-datemap"
    assert page.locator("#view-datemap").is_visible() and page.get_attribute("#tab-datemap", "aria-selected") == "true"


def test_readable_on_a_phone(browser, server):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    try:
        page.goto(server + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=TIMEOUT_MS)
        page.click("#plan-button")
        page.locator("#plan-status").wait_for(timeout=TIMEOUT_MS)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        _shot(page, "phone")
    finally:
        phone.close()


def test_a_token_server_asks_for_it_and_then_plans(browser):
    url, running = _serve(create_app(token="s3cret"))
    page = browser.new_page()
    try:
        page.goto(url + "/")
        page.locator("#token").wait_for(timeout=TIMEOUT_MS)
        page.fill("#token", "s3cret")
        page.click("#token-form button")
        page.wait_for_selector("body[data-ready=true]", timeout=TIMEOUT_MS)
        page.click("#plan-button")
        page.locator("#plan-status").filter(has_text=PLANNED).wait_for(timeout=TIMEOUT_MS)
        assert "s3cret" not in page.url  # a shared link carries no token
    finally:
        page.close()
        running.should_exit = True


def test_swagger_ui_renders_offline(page, server):
    page.goto(server + "/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock-summary-path", has_text="/v1/plan").count() >= 1
