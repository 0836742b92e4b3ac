"""Clause shapes `planner draft` reads, each in our own paraphrase (not a
corpus sentence): the shape drafted, and a near miss that must not be."""

from __future__ import annotations

import json

import yaml

import planner
from tests.helpers import ROOT, cli_run, seed_path


def _draft(text: str, **kw):
    return planner.draft(text.encode(), name="bylaws.md", state=kw.pop("state", "DE"), year=2027, **kw)


def _rules(text: str) -> set[tuple]:
    return {(r.before, r.after, r.min, r.max, r.unit, tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                                                   for k, v in r.when.items())))
            for r in _draft(text).rules}


def test_record_date_as_the_taking_of_a_record():
    got = _rules("Section 5. The directors may fix a date, not exceeding fifty (50) days preceding the date of any meeting "
                 "of shareholders, as a date for the taking of a record of the shareholders entitled to vote.\n")
    assert got == {("record_date", "meeting", None, 50, "days", (("board_fixes_record_date", True),))}


def test_determination_is_not_termination():
    got = _rules("Section 5. For the determination of members entitled to vote, the board may fix a record date not more "
                 "than forty nor less than ten days before the meeting.\n")
    assert got == {("record_date", "meeting", 10, 40, "days", (("board_fixes_record_date", True),))}
    assert _draft("Section 6. Membership terminates when dues are unpaid 30 days after notice.\n").rules == []


def test_attendance_by_proxy_does_not_make_an_adjournment_a_proxy_rule():
    got = _rules("Section 8. The holders of a majority of the shares present in person or by proxy may adjourn the meeting "
                 "of shareholders for a period not to exceed fifteen days without further notice.\n")
    assert got == {("meeting", "adjourned_meeting", None, 15, "days", (("adjournment_new_notice", False),))}
    assert _draft("Section 9. No proxy shall be voted more than fifteen days after the meeting is adjourned.\n").rules == []


def test_a_boards_adjournment_drafts_no_rule():
    assert _draft("## Article III Directors\n\nSection 8. A majority of the directors present may adjourn any meeting of "
                  "the board for a period not to exceed fifteen days.\n").rules == []


def test_written_notification_to_the_board():
    got = _rules("Section 4. Written notification of a proposed change shall be sent to every member of the Board at "
                 "least seven (7) days in advance of the meeting at which it is voted on.\n")
    assert got == {("board_notice", "board_meeting", 7, None, "days", ())}
    assert _draft("Section 4. New members shall be invited to volunteer within 30 days.\n").rules == []


def test_members_invited_months_before():
    got = _rules("Section 2. All members shall be invited to the meeting at least three months prior to the meeting.\n")
    assert got == {("notice", "meeting", 3, None, "months", ())}


def test_board_meeting_within_days_after_the_annual_meeting():
    got = _rules("Section 3. Within thirty days following the annual meeting of stockholders the directors shall hold "
                 "their organization meeting.\n")
    assert got == {("meeting", "board_meeting", 0, 30, "days", (("meeting_type", "annual"),))}
    assert _draft("Section 3. Within thirty days following the annual meeting of stockholders the secretary shall file "
                  "the minutes.\n").rules == []


def test_notice_deadline_after_the_call_and_after_the_demand():
    got = _rules("Section 2. If notice of the special meeting is not given within twenty days after the date of the call "
                 "or the date the last demand is received, any demanding shareholder may give it.\n")
    special = (("meeting_type", "special"),)
    # A trigger for the holders' own notice, read as written: no lower bound added.
    assert got == {("special_meeting_call", "notice", None, 20, "days", special),
                   ("special_meeting_demand", "notice", None, 20, "days", special)}
    asked = _draft("Section 2. If notice of the special meeting is not given within twenty days after the date of the call "
                   "or the date the last demand is received, any demanding shareholder may give it.\n").questions
    assert [q.kind for q in asked] == ["trigger"]
    # Without the "if ... not", a plain deadline after the demand: not before it either, and nothing to ask.
    plain = _draft("Section 2. Notice of a special meeting shall be given within twenty days after receipt of the "
                   "holders' demand.\n")
    assert [(r.before, r.after, r.min, r.max) for r in plain.rules] == [("special_meeting_demand", "notice", 0, 20)]
    assert plain.questions == []
    assert _draft("Section 2. The president shall appoint inspectors within twenty days after the date of the call.\n").rules == []


def test_delivery_methods_read_per_clause():
    got = _rules("## Article III Directors\n\nSection 7. Special meetings of the board may be called on three days' notice "
                 "by mail or one day's notice by facsimile, to each director.\n")
    assert got == {("board_notice", "special_board_meeting", 3, None, "days", (("board_notice_method", "mail"),)),
                   ("board_notice", "special_board_meeting", 1, None, "days", (("board_notice_method", "fax"),))}


def test_an_aside_between_the_number_and_its_direction():
    got = _rules("## Article III Directors\n\nSection 7. Notice of any special meeting of the board shall be given at least "
                 "two business days (and not less than 48 hours) prior thereto if delivered personally, or at least five "
                 "days prior thereto if mailed.\n")
    personal, mail = (("board_notice_method", "personal"),), (("board_notice_method", "mail"),)
    assert got == {("board_notice", "special_board_meeting", 2, None, "business_days", personal),
                   ("board_notice", "special_board_meeting", 48, None, "hours", personal),
                   ("board_notice", "special_board_meeting", 5, None, "days", mail)}


def test_adjournment_from_day_to_day():
    got = _rules("Section 6. A meeting at which directors are to be elected may be adjourned only from day to day until "
                 "the election is held.\n")
    assert got == {("meeting", "adjourned_meeting", None, 1, "days", (("directors_elected", True),))}
    assert _rules("Section 6. Adjournment. The meeting may be adjourned from day to day.\n") == {
        ("meeting", "adjourned_meeting", None, 1, "days", ())}
    assert _draft("Section 6. Polls. The polls shall remain open from day to day.\n").rules == []


def test_list_at_the_earlier_of_two_dates():
    got = _rules("Section 9. The secretary shall prepare, at the earlier of fifteen days before the meeting or three "
                 "business days after notice is given, a list of the members entitled to vote.\n")
    assert got == {("voting_list", "meeting", 15, None, "days", ()),
                   ("notice", "voting_list", None, 3, "business_days", ())}
    assert _draft("Section 9. Inspectors shall be named at the earlier of fifteen days before the meeting or three "
                  "business days after notice is given.\n").rules == []


def test_a_future_record_date():
    got = _rules("Section 5. The board may fix a future date as the record date, not more than sixty nor less than ten "
                 "days before the meeting.\n")
    assert ("record_date_resolution", "record_date", 1, None, "days", (("board_fixes_record_date", True),)) in got
    assert ("record_date", "meeting", 10, 60, "days", (("board_fixes_record_date", True),)) in got
    assert not any(r[0] == "record_date_resolution" for r in _rules(
        "Section 5. The board may fix a record date not more than sixty nor less than ten days before the meeting.\n"))


def test_a_range_whose_first_number_is_no_number_is_a_question():
    found = _draft("Section 4. Notice shall be delivered not less than tem nor more than 50 days before the meeting.\n")
    assert found.rules == []
    assert [q.kind for q in found.questions] == ["unreadable_number"]


DATES = [  # (sentence, kind, day or window, roll, when)
    ("The annual meeting of shareholders shall be held on the second Tuesday of May in each year, or if that day is a "
     "legal holiday, on the next succeeding business day.", "on_date", "second tuesday of may", "next_business_day",
     {"meeting_type": "annual"}),
    ("Unless the board of directors fixes another date by resolution, the annual meeting of members shall be held on "
     "June 15.", "on_date", "june 15", "none", {"meeting_type": "annual", "board_sets_other_date": False}),
    ("The annual meeting of the members shall be held in the month of October.", "date_window", ("October 1", "October 31"),
     "none", {"meeting_type": "annual"}),
    ("The annual meeting of stockholders shall be held on the second Friday following the first Monday in March.",
     "on_date", "second friday after the first monday of march", "none", {"meeting_type": "annual"}),
    ("The annual meeting of members shall be held during the second calendar quarter of each year, as the board "
     "schedules it.", "date_window", ("April 1", "June 30"), "none", {"meeting_type": "annual"}),
    ("The annual meeting of shareholders shall be held between March 15th and May 31st of each year.", "date_window",
     ("March 15", "May 31"), "none", {"meeting_type": "annual"}),
    ("The annual meeting of stockholders shall be held on the twenty-first (21st) day of May in each year.", "on_date",
     "may 21", "none", {"meeting_type": "annual"}),
    # Third round: a list of months in a row is one window; the board's override named after a place or an hour.
    ("The annual meeting of shareholders shall be held on a day in the month of February, March or April that the "
     "board chooses.", "date_window", ("February 1", "April 30"), "none", {"meeting_type": "annual"}),
    ("The annual meeting of stockholders shall be held during June and July of each year.", "date_window",
     ("June 1", "July 31"), "none", {"meeting_type": "annual"}),
    ("The annual meeting of the shareholders shall be held on the second Tuesday in June, or at such other place, "
     "hour and date as the directors may set.", "on_date", "second tuesday of june", "none",
     {"meeting_type": "annual", "board_sets_other_date": False}),
    ("The annual meeting of the shareholders shall be held on the first Friday of May, or at such other place (in or "
     "outside the state), date and time as the board fixes.", "on_date", "first friday of may", "none",
     {"meeting_type": "annual", "board_sets_other_date": False}),
    ("The board may fix the date and hour of the annual meeting of shareholders, but if no such date and hour is "
     "fixed, it shall be held on the fifth day of March.", "on_date", "march 5", "none",
     {"meeting_type": "annual", "board_sets_other_date": False}),
    ("The annual meeting of shareholders shall be held on the second day of May, or if that day is not a \"Business "
     "Day\" as the statute defines it, on the next business day.", "on_date", "may 2", "next_business_day",
     {"meeting_type": "annual"}),
    # Only the hour left to the board: the day still holds.
    ("The annual meeting of shareholders shall be held on the first Monday of June, at ten o'clock or at such other "
     "hour as the board may fix.", "on_date", "first monday of june", "none", {"meeting_type": "annual"}),
]


def test_annual_meeting_dates():
    for sentence, kind, day, roll, when in DATES:
        found = _draft(f"Section 1. {sentence}\n")
        (fixed,) = found.dates
        got = fixed.day if kind == "on_date" else (fixed.not_before, fixed.not_after)
        assert (fixed.kind, got, fixed.roll, fixed.when) == (kind, day, roll, when), sentence
        assert [q for q in found.questions if q.kind != "state"] == []


def test_a_fixed_day_rolled_off_holidays_only_is_asked_about():
    """'June 15, or if a legal holiday the next business day': the planner's roll also moves a Saturday June 15."""
    found = _draft("Section 1. The annual meeting of shareholders shall be held on June 15, or if a legal holiday, on "
                   "the next succeeding business day.\n")
    assert [(d.day, d.roll) for d in found.dates] == [("june 15", "next_business_day")]
    assert [q.kind for q in found.questions] == ["holiday_roll"]


def test_a_day_of_a_month_written_as_an_ordinal_and_its_summary():
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the tenth day of May, or if that day "
                   "is a legal holiday, on the next business day.\n")
    assert [(d.day, d.roll) for d in found.dates] == [("may 10", "next_business_day")]
    (rule,) = [r for r in found.rulebook["rules"] if r["kind"] == "on_date"]
    assert rule["summary"].startswith("The annual meeting is held on May 10, moved to the next business day")
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the last Thursday of April.\n")
    (rule,) = [r for r in found.rulebook["rules"] if r["kind"] == "on_date"]
    assert rule["summary"].startswith("The annual meeting is held on the last Thursday of April.")
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the tenth (11th) day of May.\n")
    assert found.dates == [] and [q.kind for q in found.questions if q.kind != "state"] == ["meeting_date"]


def test_no_date_for_the_board_nor_an_unreadable_roll():
    assert _draft("Section 1. The board of directors shall hold its annual meeting on the first Monday of March.\n").dates == []
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the first Monday of March, or if a "
                   "holiday, on a day the chairman decides.\n")
    assert [d.roll for d in found.dates] == ["none"] and [q.kind for q in found.questions] == ["holiday_roll"]
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the first Monday of March or on "
                   "June 15.\n")
    assert found.dates == [] and [q.kind for q in found.questions] == ["meeting_date"]


def test_drafted_meeting_date_lints_and_plans_on_that_day(tmp_path):
    """The draft with its date rule plans as written: the meeting lands on the second Tuesday of May 2027 (May 11),
    with the notice, record date and list the drafted gaps put before it."""
    from planner.studies.lint import lint_rulebook

    bylaws = tmp_path / "acme.md"
    bylaws.write_text("# ARTICLE II\n\nSection 1. The annual meeting of shareholders shall be held on the second Tuesday "
                      "of May in each year, or if that day is a legal holiday, on the next succeeding business day.\n\n"
                      "Section 4. Written notice of each meeting of shareholders shall be given not less than ten nor "
                      "more than sixty days before the meeting.\n")
    found = planner.draft(bylaws.read_bytes(), name="acme.md", state="DE", year=2027)
    assert lint_rulebook(found.rulebook, year=2027).errors == []
    out = tmp_path / "acme.yaml"
    done = cli_run("draft", bylaws, "--out", out, "--year", "2027", "--state", "DE")
    assert done.returncode == 0, done.stderr
    scenario = yaml.safe_load((tmp_path / "acme.scenario.yaml").read_text())
    assert scenario["incorporation"] == "DE" and scenario["rulebook"] == "acme.yaml"
    assert [r["event"] for r in scenario["rules"]] == []  # the meeting has its date: no placeholder window
    planned = cli_run("plan", tmp_path / "acme.scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    dates = {e["id"]: e["date"] for e in json.loads(planned.stdout)["events"]}
    assert dates["meeting"] == "2027-05-11"
    assert "2027-03-12" <= dates["notice"] <= "2027-05-01"


def test_state_read_from_the_text_is_not_made_the_incorporation():
    found = planner.draft(b"Section 1. These are the bylaws of a Delaware general corporation.\n", name="x.md", year=2027)
    assert found.rulebook["jurisdiction"]["subdiv"] == "DE" and "incorporation" not in found.scenario


def test_notice_by_reference_to_a_numbered_section():
    text = ("## Section 2.4 Notice\n\nNotice of each meeting of shareholders shall be given not less than ten nor more "
            "than sixty days before the meeting.\n\n## Section 2.9 Special meetings\n\nThe notice required by Section 2.4 "
            "shall also be given for a special meeting of shareholders.\n")
    found = _draft(text)
    copied = [r for r in found.rules if r.cite == "§2.9"]
    assert [(r.before, r.after, r.min, r.max, r.when) for r in copied] == [("notice", "meeting", 10, 60, {"meeting_type": "special"})]
    assert [c.status for c in found.coverage if c.cite == "§2.9"] == ["drafted"]
    missing = _draft(text.replace("required by Section 2.4", "required by Section 2.7"))
    assert [r.cite for r in missing.rules] == ["§2.4"]
    assert [q.kind for q in missing.questions] == ["cross_reference"]


def test_docbook_cross_reference_followed_to_its_titled_section():
    book = ("<?xml version='1.0'?><book><chapter><title>Board of Directors</title>"
            "<section id='regular'><title>Regular Meetings</title><para>Notice of each regular meeting of the board must be "
            "given to every director at least four (4) days in advance.</para></section>"
            "<section><title>Special Meetings</title><para>Special meetings of the board may be called by the chair. "
            "Notice of such meeting shall be given according to <xref linkend='regular'/>.</para></section>"
            "<section><title>Removal</title><para>A director may be removed at a meeting, provided notice of it is given as "
            "provided in <xref linkend='nowhere'/>.</para></section></chapter></book>")
    found = planner.draft(book.encode(), name="bylaws.docbook", state="OH", year=2027)
    got = {(r.before, r.after, r.min, r.cite) for r in found.rules}
    assert got == {("board_notice", "board_meeting", 4, "Board of Directors > Regular Meetings"),
                   ("board_notice", "special_board_meeting", 4, "Board of Directors > Special Meetings")}
    # An <xref/> to no element: no rule, a question.
    assert [(q.kind, q.cite) for q in found.questions] == [("cross_reference", "Board of Directors > Removal")]


def test_methods_sharing_a_period_are_one_rule():
    """One rule per period as the sentence writes it, listing its methods; a period of its own, its own rule."""
    got = _rules("## Article III Directors\n\nSection 7. Notice of a special meeting of the board shall be given at least "
                 "two days before it if delivered personally, or at least two days before it if sent by facsimile, or at "
                 "least five days before it if mailed.\n")
    assert got == {("board_notice", "special_board_meeting", 2, None, "days", (("board_notice_method", ("personal", "fax")),)),
                   ("board_notice", "special_board_meeting", 5, None, "days", (("board_notice_method", "mail"),))}


def test_the_meeting_counted_to_names_its_type():
    got = _rules("Section 7. Written notice, and in the case of a special meeting the business to be transacted, shall be "
                 "given at least 15 days before an annual meeting and at least five days before a special meeting.\n")
    assert got == {("notice", "meeting", 15, None, "days", (("meeting_type", "annual"),)),
                   ("notice", "meeting", 5, None, "days", (("meeting_type", "special"),))}


def test_a_period_counted_to_the_notice_is_no_meeting_rule():
    assert _draft("## Article V Directors\n\nSection C. Any member may nominate a candidate for the board at least ten "
                  "days prior to the notice of a board election.\n").rules == []
    assert _rules("## Article V Directors\n\nSection C. Notice of a board election meeting shall be given to the directors "
                  "at least ten days prior to the meeting.\n") == {("board_notice", "board_meeting", 10, None, "days", ())}


def test_seed_annual_dates_equal_their_rulebooks():
    """Williams (Art. I §1.1) and Cleco (Art. II §3) fix the annual meeting's day; the draft reads the same day,
    roll and board override as our hand-made rulebooks."""
    for book in ("williams-natural-gas", "cleco-utility"):
        path = seed_path(book)
        (fixed,) = planner.draft(path.read_bytes(), name=path.name, year=2027).dates
        (rule,) = [r for r in yaml.safe_load((ROOT / "constraints" / f"{book}.yaml").read_text())["rules"] if r["kind"] == "on_date" and r["event"] == "meeting"]
        assert (fixed.day, fixed.roll, fixed.when) == (rule["date"]["day"].lower(), rule["date"].get("roll", "none"), rule["when"])


# Annual meeting limits counted from an anchor, our paraphrases: sentence -> {end: DateExpr as the rulebook writes it}.
ANCHORED = [
    ("The annual meeting of the shareholders shall be held within thirteen (13) months after the last annual meeting.",
     [{"not_after": {"anchor": "last_annual_meeting", "shift": "+13 months"}}]),
    ("The annual meeting of stockholders shall be held within 120 days after the end of the fiscal year.",
     [{"not_after": {"anchor": "fiscal_year_end", "shift": "+120 days"}}]),
    ("The annual meeting of shareholders shall be held not later than the last day of the sixth month following the "
     "close of the fiscal year.",
     [{"not_after": {"day": "the last day of the sixth month after fiscal_year_end"}}]),
    ("An annual meeting of the shareholders shall be held in each year, at a date fixed by the board, not more than "
     "13 months after the preceding annual meeting.",
     [{"not_after": {"anchor": "last_annual_meeting", "shift": "+13 months"}}]),
    ("The annual meeting of members shall be held not less than ten (10) months after the last annual meeting.",
     [{"not_before": {"anchor": "last_annual_meeting", "shift": "+10 months"}}]),
    ("The annual meeting of shareholders shall be held not less than ten (10) nor more than thirteen (13) months after "
     "the last annual meeting.",
     [{"not_before": {"anchor": "last_annual_meeting", "shift": "+10 months"},
       "not_after": {"anchor": "last_annual_meeting", "shift": "+13 months"}}]),
    # "within the earlier of the first N months after X or M months after Y": both limits at once.
    ("The annual meeting of shareholders shall be held on a day the board fixes within the earlier of the first five "
     "(5) months after the end of the fiscal year or fourteen months after the shareholders' last annual meeting.",
     [{"not_after": {"anchor": "fiscal_year_end", "shift": "+5 months"}},
      {"not_after": {"anchor": "last_annual_meeting", "shift": "+14 months"}}]),
    ("The annual meeting of the stockholders shall be held within the first 150 days after the close of the fiscal year.",
     [{"not_after": {"anchor": "fiscal_year_end", "shift": "+150 days"}}]),
]


def test_annual_meeting_limits_from_an_anchor():
    for sentence, ends in ANCHORED:
        found = _draft(f"Section 1. {sentence}\n")
        assert [d.ends for d in found.dates] == ends, sentence
        assert all(d.kind == "date_window" and d.event == "meeting" and d.when == {"meeting_type": "annual"}
                   and d.cite == "§1" and d.quote == sentence for d in found.dates)
        anchors = {e.get("anchor") or e["day"].rsplit(" ", 1)[-1] for d in ends for e in d.values()}
        assert set(found.rulebook["anchors"]) == anchors  # a placeholder for the draft to lint and plan ...
        assert sorted(q.kind for q in found.questions) == ["anchor"] * len(anchors)  # ... and a question for each
        assert all(q.question.startswith(tuple(anchors)) for q in found.questions)
        (line,) = found.coverage
        assert line.status == "drafted" and line.rules == [d.id for d in found.dates]
        # The summary says what the rule holds, for the reviewer.
        rules = [r for r in found.rulebook["rules"] if r["kind"] == "date_window"]
        assert len(rules) == len(ends)
        for rule, end in zip(rules, ends):
            assert ("on or before" if "not_after" in end else "on or after") in rule["summary"]


def test_anchored_near_misses_draft_no_limit():
    """A report due after the fiscal year, the board's meeting after the holders', a term of office counted from
    the last annual meeting: none places the holders' annual meeting."""
    for sentence in (
        "The Corporation shall send an annual report to the members not later than six (6) months after the close "
        "of each fiscal year.",
        "The board of directors shall hold its annual meeting within 45 days after the last annual meeting of "
        "shareholders.",
        "A director shall hold office until thirteen months after the last annual meeting of shareholders.",
        "The fiscal year of the corporation shall end on the last day of December, and the annual report of the "
        "board shall be filed within 120 days after the end of the fiscal year.",
    ):
        found = _draft(f"Section 1. {sentence}\n")
        assert found.dates == [] and "anchors" not in found.rulebook, sentence
        assert [q for q in found.questions if q.kind in {"anchor", "trigger", "direction", "missing_unit"}] == [], sentence


def test_unclear_anchored_limits_are_questions_not_numbers():
    cases = [
        # No unit: thirteen what?
        ("The annual meeting of shareholders shall be held within thirteen after the last annual meeting.", "missing_unit"),
        # No direction: at, within, or not before thirteen months?
        ("The annual meeting of shareholders shall be held thirteen months from the last annual meeting.", "direction"),
        # Business days: a shift counts calendar time.
        ("The annual meeting of shareholders shall be held within 80 business days after the end of the fiscal year.", "unit"),
        # A range whose ends are in different units: 300 days and 13 months, which is the earliest day?
        ("The annual meeting of shareholders shall be held not less than 300 days nor more than thirteen (13) months "
         "after the last annual meeting.", "unit"),
        # Either limit, whichever is later: one alternative, not two rules.
        ("The annual meeting of shareholders shall be held within six months after the end of the fiscal year or "
         "fifteen months after the last annual meeting, whichever is later.", "meeting_date"),
    ]
    for sentence, kind in cases:
        found = _draft(f"Section 1. {sentence}\n")
        assert found.dates == [] and "anchors" not in found.rulebook, sentence
        assert {q.kind for q in found.questions} == {kind}, sentence  # the gap reader may ask the same of 'within ... of'


def test_a_court_remedy_limit_is_drafted_and_asked_about_as_a_trigger():
    """Our paraphrase of the remedy shape: both limits drafted as deadlines the plan keeps ('whichever is earlier'),
    and a question saying they are a trigger."""
    found = _draft("Section 1. A shareholder may apply to the court to order a meeting if an annual meeting was not held "
                   "within six months after the close of the corporation's most recently ended fiscal year or fifteen "
                   "months after its last annual meeting, whichever is earlier.\n")
    assert [d.ends for d in found.dates] == [{"not_after": {"anchor": "fiscal_year_end", "shift": "+6 months"}},
                                             {"not_after": {"anchor": "last_annual_meeting", "shift": "+15 months"}}]
    assert [q.kind for q in found.questions] == ["trigger", "anchor", "anchor"]
    assert all(d.confidence < 0.6 for d in found.dates)  # lower than a limit the bylaws impose outright


def test_seed_anchored_limits_equal_their_rulebook():
    """Natural Gas Services (Art. II §1, 2nd para.): the draft's two limits are those of our hand rulebook."""
    path = seed_path("natural-gas-services")
    found = planner.draft(path.read_bytes(), name=path.name, year=2027)
    book = yaml.safe_load((ROOT / "constraints" / "natural-gas-services.yaml").read_text())
    gold = [{"not_after": r["not_after"]} for r in book["rules"] if r["kind"] == "date_window" and r["event"] == "meeting"]
    assert [d.ends for d in found.dates] == gold
    assert {d.cite for d in found.dates} == {"Art. II §1"} and "trigger" in {q.kind for q in found.questions}


def test_drafted_anchored_limit_lints_and_plans_with_the_anchor_the_scenario_gives(tmp_path):
    """'Within 13 months after the last annual meeting', last meeting 2026-03-20 given in the scenario: the plan keeps
    the meeting on or before 2027-04-20, although the skeleton's window would allow all of 2027; the rulebook's
    placeholder alone would not bind in 2027."""
    from planner.studies.lint import lint_rulebook

    bylaws = tmp_path / "acme.md"
    bylaws.write_text("# ARTICLE II\n\nSection 1. The annual meeting of shareholders shall be held within thirteen (13) "
                      "months after the last annual meeting.\n\nSection 4. Written notice of each meeting of shareholders "
                      "shall be given not less than ten nor more than sixty days before the meeting.\n")
    found = planner.draft(bylaws.read_bytes(), name="acme.md", state="DE", year=2027)
    assert lint_rulebook(found.rulebook, year=2027).errors == []
    done = cli_run("draft", bylaws, "--out", tmp_path / "acme.yaml", "--year", "2027", "--state", "DE")
    assert done.returncode == 0, done.stderr
    scenario_path = tmp_path / "acme.scenario.yaml"
    scenario = yaml.safe_load(scenario_path.read_text())
    assert [r["event"] for r in scenario["rules"]] == ["meeting"]  # a limit is no date: the placeholder window stays
    scenario["anchors"] = {"last_annual_meeting": {"day": "2026-03-20"}}
    # Hold the meeting no earlier than April 10, so only the drafted limit bounds it from above.
    scenario["rules"].append({"id": "late-window", "kind": "date_window", "source": "operational", "event": "meeting",
                              "cite": "test", "summary": "No earlier than April 2027, to test the limit's end.",
                              "not_before": {"day": "April 10"}})
    scenario_path.write_text(yaml.safe_dump(scenario))
    planned = cli_run("plan", scenario_path, "--format", "json")
    assert planned.returncode == 0, planned.stderr
    result = json.loads(planned.stdout)
    dates = {e["id"]: e["date"] for e in result["events"]}
    assert "2027-04-10" <= dates["meeting"] <= "2027-04-20"
    # Given a last meeting 14 months back, no day satisfies both: the limit binds.
    scenario["anchors"] = {"last_annual_meeting": {"day": "2026-02-01"}}
    scenario_path.write_text(yaml.safe_dump(scenario))
    blocked = cli_run("plan", scenario_path, "--format", "json")
    assert blocked.returncode == 1 and json.loads(blocked.stdout)["status"] == "infeasible"
    assert "annual-meeting-last-annual-meeting-limit-1" in json.dumps(json.loads(blocked.stdout)["conflicts"])


def test_a_members_meeting_under_an_annual_meeting_heading_and_window_near_misses():
    """'A meeting of Members shall be held between ...' under the heading 'Annual Meeting of Members' is the annual
    meeting; a special meeting there is not, nor a fiscal quarter (it moves with the fiscal year), and a window across
    the year's end is a question."""
    found = _draft("## Section 10. Annual Meeting of Members\n\nA meeting of Members shall be held for the election of "
                   "directors between October 1st and November 30th of each year.\n")
    assert [(d.not_before, d.not_after, d.when) for d in found.dates] == [("October 1", "November 30", {"meeting_type": "annual"})]
    for text in ("## Section 10. Annual Meeting of Members\n\nA special meeting of Members shall be held between October "
                 "1st and November 30th when the board calls it.\n",
                 "Section 1. The annual meeting of shareholders shall be held during the first fiscal quarter.\n"):
        assert _draft(text).dates == [], text
    found = _draft("Section 1. The annual meeting of shareholders shall be held between November 15th and January 31st.\n")
    assert found.dates == [] and [q.kind for q in found.questions] == ["meeting_date"]


def test_a_drafted_placeholder_anchor_leaves_its_rules_missing_until_the_scenario_gives_it(tmp_path):
    """The draft rulebook's stand-in for last year's meeting is marked a
    placeholder: the drafted 13-month limit and DGCL §211(c)'s are missing
    (not checked, named in the coverage), never satisfied on a made-up
    date; given the anchor, both are checked."""
    from planner.engine.problem import build_problem
    from planner.model.documents import Rulebook
    from planner.verdicts.answers import plan_problem

    text = ("# ARTICLE II\n\nSection 1. The annual meeting of shareholders shall be held within thirteen (13) "
            "months after the last annual meeting.\n")
    found = planner.draft(text.encode(), name="acme.md", state="DE", year=2027)
    assert found.rulebook["anchors"]["last_annual_meeting"]["placeholder"] is True
    book = Rulebook.model_validate(found.rulebook)
    scenario = {**found.scenario, "rulebook": book.id}
    plan = plan_problem(build_problem(scenario, rulebook=book))
    status = {r.id: r.status for r in plan.rules}
    drafted = next(r for r in found.rulebook["rules"] if r["kind"] == "date_window" and r["event"] == "meeting"
                   and "last_annual_meeting" in json.dumps(r))["id"]
    assert status[drafted] == "missing" and status["dgcl-211c-thirteen-months"] == "missing"
    assert any("last_annual_meeting" in line for line in plan.coverage.not_checked)
    given = {**scenario, "anchors": {"last_annual_meeting": {"day": "2026-05-01"}}}
    checked = {r.id: r.status for r in plan_problem(build_problem(given, rulebook=book)).rules}
    assert checked[drafted] == "satisfied" and checked["dgcl-211c-thirteen-months"] == "satisfied"


def test_no_later_than_before_an_event_is_a_least_not_a_most():
    # Counted back from the meeting, "no later than ten days before" means at
    # least ten days ahead of it (a most of ten would plan the notice a week
    # before the meeting, against the bylaws); "not earlier than sixty days
    # before" is a most; both together are one window.
    got = _rules("Section 3. Written notice of each meeting shall be given no later than ten (10) days before the date "
                 "of the meeting.\n")
    assert got == {("notice", "meeting", 10, None, "days", ())}
    got = _rules("Section 3. Written notice of each meeting shall be given not earlier than sixty (60) days before "
                 "the meeting.\n")
    assert got == {("notice", "meeting", None, 60, "days", ())}
    got = _rules("Section 5. The record date shall be not earlier than sixty (60) days and not later than ten (10) days "
                 "before the date of the meeting.\n")
    assert got == {("record_date", "meeting", 10, 60, "days", (("board_fixes_record_date", True),))}
    # After an event the words say what they say: a most.
    got = _rules("Section 7. The holders present may adjourn the meeting to a date not later than thirty (30) days after "
                 "the original meeting without further notice.\n")
    assert got == {("meeting", "adjourned_meeting", None, 30, "days", (("adjournment_new_notice", False),))}


def test_a_range_with_an_aside_between_its_numbers_and_with_sooner():
    # DGCL §213(a)'s own shape, in bylaws that restate it: the most, an aside
    # naming the meeting, then the least.  "No sooner than" is "not earlier than".
    got = _rules("Section 5. The Board may fix a record date, which shall not be more than 60 days, and for a meeting "
                 "of stockholders not less than 10 days, before the date of the meeting.\n")
    assert got == {("record_date", "meeting", 10, 60, "days", (("board_fixes_record_date", True),))}
    got = _rules("Section 3. Notice shall be given no sooner than sixty (60) days and no later than ten (10) days "
                 "before the meeting.\n")
    assert got == {("notice", "meeting", 10, 60, "days", ())}


def test_an_adjournment_limit_with_no_word_of_notice_binds_every_adjournment():
    # "Not for more than 120 days" with nothing about notice limits any
    # adjournment; the same limit on an adjournment "without new notice" only
    # binds when no new notice goes out.
    got = _rules("Section 8. Any meeting of shareholders may be adjourned from time to time, but not for more than one "
                 "hundred twenty (120) days from the original date.\n")
    assert got == {("meeting", "adjourned_meeting", None, 120, "days", ())}
    got = _rules("Section 8. If the adjournment is for more than thirty days, a notice of the adjourned meeting shall be "
                 "given to each stockholder.\n")
    assert got == {("meeting", "adjourned_meeting", None, 30, "days", (("adjournment_new_notice", False),))}


def test_the_list_open_for_a_period_ending_the_day_before_the_meeting():
    # DGCL §219(a)'s words since 2022, restated in bylaws: open for ten days
    # that end on the day before the meeting, so ready ten days ahead (as the
    # Delaware pack reads the statute).
    got = _rules("Section 7. The Corporation shall prepare a complete list of the stockholders entitled to vote, open "
                 "to examination for a period of ten (10) days ending on the day before the meeting date.\n")
    assert got == {("voting_list", "meeting", 10, None, "days", ())}


def test_a_range_written_as_n_to_m_days():
    got = _rules("Section 3. Notice of each meeting shall be given ten (10) to sixty (60) days before the meeting.\n")
    assert got == {("notice", "meeting", 10, 60, "days", ())}
    # A count of people or seats is no period: no unit of time after it.
    assert _draft("Section 2. The Board shall consist of five to seven directors elected at the meeting.\n").rules == []


def test_a_notice_period_for_meetings_on_one_subject_is_drafted_stricter_and_asked():
    # No fact says what a meeting acts on: the 20 days bind every meeting
    # (stricter, never looser), and the reviewer is asked; the general
    # period of the same sentence is not.
    found = _draft("Section 3. Notice of any meeting shall be given not more than sixty (60) nor less than ten (10) "
                   "days prior to such meeting, except that notice of a meeting to act on a merger shall be given at "
                   "least twenty (20) days before.\n")
    assert {(r.min, r.max) for r in found.rules} == {(10, 60), (20, None)}
    asked = [q.question for q in found.questions if q.kind == "condition"]
    assert len(asked) == 1 and asked[0].startswith("'at least twenty (20) days' is for a meeting on one subject ('merger')")


def test_electronic_mail_is_no_mailed_notice():
    # "electronic mail" and "e-mail" are the electronic method: the 24 hours
    # are not a mailed notice's period (the mail has its three days).
    got = _rules("## Article III Directors\n\nSection 5. Special meetings of the Board may be held upon at least three "
                 "(3) days' notice by mail or twenty-four (24) hours' notice by telephone, facsimile or electronic "
                 "mail.\n")
    assert got == {("board_notice", "special_board_meeting", 3, None, "days", (("board_notice_method", "mail"),)),
                   ("board_notice", "special_board_meeting", 24, None, "hours",
                    (("board_notice_method", ("telephone", "fax", "electronic")),))}


def test_the_second_limit_in_a_clause_of_its_own():
    # The most, the meeting it is counted to, then the least as a clause of
    # its own ("nor shall it be less than"): one window, never the ten days
    # read as an exact period or dropped.
    got = _rules("Section 3. Notice of a meeting shall go out not more than sixty days before the meeting, nor shall it "
                 "be less than ten days before the meeting.\n")
    assert got == {("notice", "meeting", 10, 60, "days", ())}
    got = _rules("Section 3. Notice of a meeting shall go out not less than ten days before the date of the meeting and "
                 "not more than sixty days before such meeting.\n")
    assert got == {("notice", "meeting", 10, 60, "days", ())}
    # The least in a sentence of its own: its own rule, still a least.
    got = _rules("Section 3. Notice shall go out not more than sixty days before the meeting. Nor shall it be given "
                 "less than ten days before the meeting.\n")
    assert got == {("notice", "meeting", None, 60, "days", ()), ("notice", "meeting", 10, None, "days", ())}
    # "shall not be less than": the verb between the words of a least.
    got = _rules("Section 6. Such a record date shall not be less than ten days before the meeting.\n")
    assert got == {("record_date", "meeting", 10, None, "days", (("board_fixes_record_date", True),))}
    got = _rules("Section 6. Such a record date shall not be more than sixty days before the meeting.\n")
    assert got == {("record_date", "meeting", None, 60, "days", (("board_fixes_record_date", True),))}
    # Near miss: the second limit counted after another event is no range with the first.
    found = _draft("Section 3. Notice shall go out not less than ten days before the meeting and not more than thirty "
                   "days after the record date.\n")
    assert found.rules == [] and [q.kind for q in found.questions] == ["direction"]


def test_at_the_latest_before_an_event_is_a_least():
    # "At the latest ten days before" the meeting is "no later than": at least
    # ten days ahead; "at the earliest sixty days before" is a most.
    got = _rules("Section 3. Notice of each meeting shall reach the holders at the latest ten days before the meeting.\n")
    assert got == {("notice", "meeting", 10, None, "days", ())}
    got = _rules("Section 3. Notice of each meeting shall go out at the earliest sixty days before the meeting.\n")
    assert got == {("notice", "meeting", None, 60, "days", ())}


def test_a_period_written_as_the_day_it_ends_on():
    # "On or before the tenth day before", "not later than the tenth day
    # before", "by the 10th day preceding": at least ten days ahead; "not
    # earlier than the sixtieth day before": at most sixty.
    for words in ("on or before the tenth day before", "not later than the tenth day before",
                  "by the 10th day preceding", "on or before the tenth (10th) day prior to"):
        got = _rules(f"Section 3. Notice of each meeting shall be mailed {words} the meeting.\n")
        assert got == {("notice", "meeting", 10, None, "days", ())}, words
    got = _rules("Section 6. The record date shall not be earlier than the sixtieth day before the meeting.\n")
    assert got == {("record_date", "meeting", None, 60, "days", (("board_fixes_record_date", True),))}
    got = _rules("Section 3. Notice of each meeting shall be mailed on or before the tenth business day preceding the meeting.\n")
    assert got == {("notice", "meeting", 10, None, "business_days", ())}
    # "On the tenth day before": that day exactly, or by it? A question, and the
    # sentence is covered (an ordinal is a time expression too).
    found = _draft("Section 6. The record date shall be the tenth day before the meeting.\n")
    assert found.rules == [] and [q.kind for q in found.questions] == ["exact_or_minimum"]
    assert [c.status for c in found.coverage] == ["not_understood"]
    # A day of a month is no period.
    assert _draft("Section 2. The annual meeting shall be held on the tenth day of May.\n").rules == []


def test_a_holders_notice_period_for_one_delivery_method_is_drafted_and_asked():
    # No fact says how the holders get notice: each method's period binds
    # every notice (stricter, never looser) and each is asked about, naming
    # its own condition, whether it stands before the period or after it.
    for text, conditions in (
            ("Section 3. Notice goes out, when sent by post, at least fifteen (15) days ahead of the meeting; when "
             "sent electronically, at least ten (10) days ahead of the meeting.\n", ["when sent by post", "when sent electronically"]),
            ("Section 3. Notice of each holders' meeting goes out at least 15 days before the meeting if mailed, or at "
             "least 10 days before the meeting if given by electronic transmission.\n", ["if mailed", "if given by electronic"])):
        found = _draft(text)
        assert {(r.before, r.min, r.max, tuple(r.when.items())) for r in found.rules} == {("notice", 15, None, ()),
                                                                                          ("notice", 10, None, ())}
        asked = [q.question for q in found.questions if q.kind == "condition"]
        assert [a.split("holds only ")[1].split(":")[0].strip("'") for a in asked] == conditions
    # Near misses: methods that share the period, and when a mailed notice counts as given.
    for text in ("Section 3. Written notice goes to each holder personally or by mail not less than ten nor more than "
                 "sixty days before the meeting.\n",
                 "Section 3. Written notice goes out not less than ten nor more than sixty days before the meeting, and, "
                 "if mailed, counts as given when deposited in the mail.\n",
                 "Section 3. Written notice goes out not less than ten nor more than sixty days before the meeting and is "
                 "deemed given when sent by mail.\n"):
        found = _draft(text)
        assert [(r.min, r.max) for r in found.rules] == [(10, 60)] and not [q for q in found.questions if q.kind == "condition"], text


def test_a_range_of_a_count_is_no_question_about_its_unit():
    # "Shall not be less than two, and not more than four" officers is a
    # count: no period, and no question asking for its unit (a range of time
    # with its unit left out still is one).
    for text in ("Section 2. The number of trustees shall not be less than two (2), and not more than four (4).\n",
                 "Section 2. The Board shall have not less than four (4) nor more than ten (10) members in good standing.\n"):
        found = _draft(text)
        assert found.rules == [] and [q.kind for q in found.questions] == [], text
    found = _draft("Section 3. Notice shall be sent not less than ten nor more than sixty before the meeting.\n")
    assert [q.kind for q in found.questions] == ["missing_unit"]


def test_a_semicolon_ends_the_clause_whose_methods_a_board_period_takes():
    # The mailed notice's five days, then "; or" the other methods' 24 hours:
    # telegraph and telecopier belong to the 24 hours, not to the five days
    # (read the other way, a mailed notice had no rule at all).
    got = _rules("## Article III Directors\n\nSection 9. Notice of a special meeting of the Board goes by mail to each "
                 "director's home at least five (5) days before the day set for the meeting; or it may go by telegraph "
                 "or telecopier, or be read to the director by telephone, no later than twenty-four (24) hours before "
                 "the hour set for the meeting.\n")
    assert got == {("board_notice", "special_board_meeting", 5, None, "days", (("board_notice_method", "mail"),)),
                   ("board_notice", "special_board_meeting", 24, None, "hours",
                    (("board_notice_method", ("telephone", "fax", "telegraph")),))}


def test_a_subject_named_after_the_period_is_asked_about():
    # "... at least seven days before any special meeting whose purpose is to
    # remove a director": drafted for every special meeting, and asked; the
    # general period before it is not.
    found = _draft("## Article III Directors\n\nSection 10. Notice of a special meeting of the Board goes out at least "
                   "twenty-four (24) hours ahead; provided that it goes out at least seven (7) days before any special "
                   "meeting whose purpose is to remove a director.\n")
    assert {(r.before, r.min, r.unit) for r in found.rules} == {("board_notice", 24, "hours"), ("board_notice", 7, "days")}
    asked = [q.question for q in found.questions if q.kind == "condition"]
    assert len(asked) == 1 and asked[0].startswith("'at least seven (7) days' is for a meeting on one subject ('remove')")
    found = _draft("Section 13. Notice of a proposed amendment goes to each member not less than 30 days before the "
                   "meeting at which the amendment is to be voted on.\n")
    assert [q.kind for q in found.questions] == ["condition"]


def test_each_type_takes_the_period_in_its_own_clause():
    # "For the annual meeting, 14 clear days' notice, and for a special
    # meeting, 5": the five days are the special meeting's, not every
    # meeting's; "annual or special" names neither.
    got = _rules("Section 12. For the annual meeting, 14 clear days' notice, and for a special meeting, 5 clear days' "
                 "notice shall go to all the members.\n")
    assert got == {("notice", "meeting", 14, None, "clear_days", (("meeting_type", "annual"),)),
                   ("notice", "meeting", 5, None, "clear_days", (("meeting_type", "special"),))}
    got = _rules("Section 3. Notice of each annual or special meeting shall go out at least 10 days before it.\n")
    assert got == {("notice", "meeting", 10, None, "days", ())}
    got = _rules("Section 3. Notice of a meeting of members goes out at least five (5) days before the date of a meeting "
                 "and not more than sixty (60) days before the date of a meeting.\n")
    assert got == {("notice", "meeting", 5, 60, "days", ())}


def test_books_closed_before_the_meeting_are_the_record_date_not_notice():
    # A section whose first words say "entitled to notice of or to vote" (its
    # stand-in title) made "closed for at least ten days before the meeting"
    # a notice period: the books' closing is the record date.
    got = _rules("## Article II Stockholders\n\nSection 5. To settle which holders are entitled to notice of or to vote "
                 "at a meeting, the directors may close the transfer books. If the transfer books are closed for that "
                 "purpose, they stay closed for at least ten days immediately before the meeting.\n")
    assert got == {("record_date", "meeting", 10, None, "days", (("board_fixes_record_date", True), ("transfer_books_closed", True)))}


def test_an_annual_meeting_within_the_first_months_of_the_fiscal_year():
    # "Within the first four months of each fiscal year" is four months after
    # the last one's end (it was out of scope, as a "fiscal year" sentence).
    found = _draft("## Article II Stockholders\n\nSection 8. The holders' annual meeting shall be held within the first "
                   "four months of each fiscal year.\n")
    (limit,) = found.dates
    assert limit.ends == {"not_after": {"anchor": "fiscal_year_end", "shift": "+4 months"}}
    assert [c.status for c in found.coverage] == ["drafted"] and [q.kind for q in found.questions] == ["anchor"]


def test_a_day_fixed_as_the_time_holders_entitled_to_vote_are_determined_is_the_record_date():
    # "Entitled to notice of and to vote" names whom the day serves: the range
    # was drafted as a NOTICE period; it is the record date.
    got = _rules("Section 4.8. The Board may fix a day not more than sixty nor less than ten days before the day of "
                 "any members' meeting as the time as of which the members entitled to notice of and to vote at it "
                 "shall be determined.\n")
    assert got == {("record_date", "meeting", 10, 60, "days", (("board_fixes_record_date", True),))}
    # With no record-date words at all, a period is not made a notice one by those words either.
    found = _draft("Section 4.8. Ten days before the meeting the members entitled to notice of and to vote at it are "
                   "settled for good.\n")
    assert found.rules == []


def test_a_word_with_a_figure_in_a_ranges_first_place_is_still_asked_about():
    # "not less than then (10)": a slip for "ten", the figure says 10; asked, never drafted.
    found = _draft("Section 4.4. Written notice of a members' meeting goes out not less than then (10) nor more than "
                   "sixty (60) days before the meeting.\n")
    assert found.rules == [] and [q.kind for q in found.questions] == ["unreadable_number"]


def test_a_meeting_held_within_days_of_a_requisition():
    got = _rules("Section 4.6. On the written requisition of a tenth of the members a special meeting shall be held "
                 "within twenty-one (21) days from the date the requisition is deposited.\n")
    assert got == {("special_meeting_demand", "meeting", 0, 21, "days", (("meeting_type", "special"),))}


def test_the_boards_annual_meeting_held_within_days_after_the_holders():
    # The board's meeting named as the subject ("the annual meeting of the
    # Board shall be held within ten days after ...") as well as "the Board shall hold".
    got = _rules("## Article III Directors\n\nSection 12. The annual meeting of the Board shall be held within ten days "
                 "after the annual meeting of stockholders.\n")
    assert got == {("meeting", "board_meeting", 0, 10, "days", (("meeting_type", "annual"),))}
    # Counted from the record date, an adjournment limit is no meeting-to-adjournment rule: it runs from the record date.
    assert _rules("Section 2. A meeting may be adjourned to a date not more than 120 days after the original record "
                  "date without new notice.\n") == {
        ("record_date", "adjourned_meeting", None, 120, "days", (("adjournment_new_notice", False),))}


def test_a_holders_advance_notice_to_the_corporation_is_no_notice_of_the_meeting():
    # A stockholder's notice of nominations or business, due at the company
    # some days before the meeting, was drafted as the meeting's notice period
    # (a least of 90 days the corporation's notice never has).
    for text in ("Section 2.9. A stockholder's nomination notice must reach the Secretary not later than 90 days "
                 "before the annual meeting.\n",
                 "Section 2.11. To be timely, notice from a stockholder must be delivered to the principal executive "
                 "offices not less than 60 days nor more than 90 days before the meeting.\n",
                 "Section 2.12. A stockholder who intends to bring business before the meeting shall give written "
                 "notice to the Secretary at least 30 days before the meeting.\n",
                 "Section 2.9. A stockholder's notice must be received by the Secretary not later than the close of "
                 "business on the 90th day before the annual meeting.\n"):
        assert _draft(text).rules == [], text
    # The corporation's own notice, given by the Secretary, still is one; and
    # "the close of business on" the day does not hide the day.
    got = _rules("Section 3. Notice of each meeting shall be delivered by the Secretary not later than the close of "
                 "business on the tenth day before the meeting.\n")
    assert got == {("notice", "meeting", 10, None, "days", ())}


def test_holders_notice_periods_per_method_without_if_are_asked_about():
    # "By first-class mail ten to forty-five days before, or by electronic
    # mail at least seven days before": no "if", still each period for its
    # method; drafted for every notice, and each asked about.
    found = _draft("Section 1.2. Notice of every members' meeting goes by first-class mail at least ten and no more "
                   "than forty-five days before the meeting, or by electronic mail at least seven days before it.\n")
    assert {(r.min, r.max) for r in found.rules} == {(10, 45), (7, None)}
    asked = [q.question for q in found.questions if q.kind == "condition"]
    assert [a.split("holds only ")[1].split(":")[0].strip("'") for a in asked] == ["by mail", "by electronic"]


def test_notice_of_a_period_with_no_before_is_notice_ahead_of_the_meeting():
    got = _rules("Section 4. Members shall be sent notice of at least seven days and no more than thirty days of each "
                 "meeting of the members.\n")
    assert got == {("notice", "meeting", 7, 30, "days", ())}


def test_a_demanded_meeting_held_weeks_to_a_month_after_the_request():
    got = _rules("Section 3. A special meeting shall take place not less than one week nor more than one month after "
                 "the Secretary receives the request of the members.\n")
    assert got == {("special_meeting_demand", "meeting", 1, 1, "weeks", (("meeting_type", "special"),))}
    (rule,) = _draft("Section 3. A special meeting shall take place not less than one week nor more than one month after "
                     "the Secretary receives the request of the members.\n").rulebook["rules"]
    assert (rule["min_days"], rule["max_months"]) == (7, 1)


def test_called_within_days_of_a_request_named_in_the_sentence_before():
    text = ("Section 3. Members holding a tenth of the votes may petition for a special meeting. Such a meeting must "
            "be called within thirty days.\n")
    assert _rules(text) == {("special_meeting_demand", "special_meeting_call", 0, 30, "days", (("meeting_type", "special"),))}
    assert [q.kind for q in _draft(text).questions] == ["reference"]
    # No request before it, or a request in another section: nothing to count from.
    assert _draft("Section 3. The President may call a special meeting. Such a meeting must be called within thirty "
                  "days.\n").rules == []
    assert _draft("Section 2. Members may petition for a special meeting.\n\nSection 3. A meeting must be held within "
                  "thirty days.\n").rules == []


def test_a_day_after_a_public_announcement_asks_nothing_in_an_advance_notice_clause():
    text = ("Section 7. To be timely, a stockholder's notice must reach the principal executive offices not earlier than "
            "the close of business on the 120th day and not later than the close of business on the 90th day prior to "
            "the first anniversary of the preceding year's annual meeting; provided that if the annual meeting is moved "
            "by more than 30 days from that anniversary, notice by the stockholder to be timely must be so delivered "
            "not earlier than the close of business on the 120th day prior to the annual meeting and not later than "
            "the close of business on the later of the 90th day prior to the annual meeting or the tenth day "
            "following the day on which public announcement of the meeting date is first made.\n")
    found = _draft(text)
    assert (found.rules, found.questions) == ([], [])


def test_an_announcement_ahead_of_the_anniversary_is_no_board_notice():
    found = _draft("Section 7. If the number of directors to be elected grows and the Corporation makes no public "
                   "announcement naming the nominees at least 100 days prior to the first anniversary of the last annual "
                   "meeting, a stockholder's notice is also timely if delivered by the 10th day after that announcement.\n")
    assert found.rules == []


def test_adjourned_from_day_to_day_within_a_limit_takes_the_limit_only():
    assert _rules("Section 8. The members present may adjourn from day to day for any time not exceeding three days.\n") == {
        ("meeting", "adjourned_meeting", None, 3, "days", ())}
    assert _rules("Section 8. A meeting at which directors are to be elected shall be adjourned only from day to day.\n") == {
        ("meeting", "adjourned_meeting", None, 1, "days", (("directors_elected", True),))}


# Shapes of the bylaws of large public companies (each in our own paraphrase).

def test_an_adjourned_meetings_date_more_than_thirty_days_after_the_first_noticed_date_needs_notice():
    got = _rules("Section 3. No notice of an adjourned meeting is needed if its date and place are announced at the "
                 "meeting; but if the adjourned meeting's date is more than thirty (30) days after the date for which "
                 "the meeting was first noticed, or if a new record date is fixed for it, written notice of it shall "
                 "be given.\n")
    assert got == {("meeting", "adjourned_meeting", None, 30, "days", (("adjournment_new_notice", False),))}
    # A new record date the law demands past 120 days names no notice: no rule on notice of the adjournment,
    # but the original record date's limit (test below).
    assert _rules("Section 7. If a meeting is adjourned to a date more than 120 days after the date fixed for the "
                  "original meeting, the board shall fix a new record date for the adjourned meeting.\n") == {
        ("meeting", "adjourned_meeting", None, 120, "days", (("adjournment_new_record_date", False),))}


KEEPS_RECORD_DATE = (("adjournment_new_record_date", False),)


def test_a_new_record_date_required_past_some_days_of_adjournment():
    # MBCA §7.07(c) and Colorado's shape, counted from the date first set for the meeting: the
    # original record date holds only that long, drafted as the packs draft the statute.
    got = _rules("Section 6. The holders of record on the record date vote at any adjournment, but the directors "
                 "must set a new record date if the meeting is adjourned to a date more than sixty (60) days after the "
                 "date set for the original meeting.\n")
    assert got == {("meeting", "adjourned_meeting", None, 60, "days", KEEPS_RECORD_DATE)}
    got = _rules("Section 6. When the meeting is adjourned to a day more than one hundred twenty days after the "
                 "date first fixed for it, a new record date is required.\n")
    assert got == {("meeting", "adjourned_meeting", None, 120, "days", KEEPS_RECORD_DATE)}
    got = _rules("Section 6. A record date once fixed serves every adjournment unless the board picks a new one, as "
                 "it is bound to do if the adjournment is for more than ninety days.\n")
    assert got == {("meeting", "adjourned_meeting", None, 90, "days", KEEPS_RECORD_DATE)}
    # Maryland's shape, counted from the original record date.
    got = _rules("Section 6. A new record date must be fixed if a meeting is adjourned to a date more than 120 days "
                 "after the original record date.\n")
    assert got == {("record_date", "adjourned_meeting", None, 120, "days", KEEPS_RECORD_DATE)}
    # Near misses: a new record date as a second trigger of notice stays the notice rule; one the board
    # may fix names no number; one counted from something else is no adjournment's limit.
    got = _rules("Section 6. Notice of the adjourned meeting is needed if the adjournment is for more than thirty "
                 "days or if a new record date is fixed.\n")
    assert got == {("meeting", "adjourned_meeting", None, 30, "days", (("adjournment_new_notice", False),))}
    assert _draft("Section 6. The board may fix a new record date for any adjourned meeting.\n").rules == []
    assert _draft("Section 6. A new record date is required if the meeting is adjourned to a date more than 120 "
                  "days after the demand is delivered.\n").rules == []
    assert _draft("Section 6. The board shall fix a new record date whenever more than 120 days have passed since "
                  "the last annual meeting.\n").rules == []


def test_the_record_date_kept_past_an_adjournment_is_a_declared_fact_and_plans(tmp_path):
    text = ("ARTICLE II\n\nSection 4. NOTICE. Written notice of each meeting of the holders is sent not fewer than "
            "ten nor more than sixty days ahead of the meeting.\n\nSection 5. RECORD DATE. The board may set a record "
            "date not more than seventy nor fewer than ten days before the meeting. That record date holds for any "
            "adjournment, but the board must set a new record date if the meeting is adjourned to a date more than "
            "one hundred twenty days after the date fixed for the original meeting.\n")
    source = tmp_path / "acme.txt"
    source.write_text(text)
    done = cli_run("draft", source, "--state", "DE", "--year", "2027", "--out", tmp_path / "acme.yaml")
    assert done.returncode == 0, done.stderr
    book = yaml.safe_load((tmp_path / "acme.yaml").read_text())
    assert book["facts"]["adjournment_new_record_date"]["default"] is False
    (rule,) = [r for r in book["rules"] if r["after"] == "adjourned_meeting"]
    assert (rule["cite"], rule["before"], rule["max_days"], rule["when"]) == (
        "Art. II §5", "meeting", 120, {"adjournment_new_record_date": False})
    planned = cli_run("plan", tmp_path / "acme.scenario.yaml", "--format", "json")
    assert planned.returncode == 0, planned.stderr


def test_a_record_date_that_may_not_precede_its_resolution_in_other_words():
    fixed = ("record_date_resolution", "record_date", 0, None, "days", (("board_fixes_record_date", True),))
    assert fixed in _rules("Section 5. The board may fix a record date, which shall not precede the date on which the "
                           "resolution fixing it is adopted, and which shall be not more than 60 nor less than 10 days "
                           "before the meeting.\n")
    assert fixed in _rules("Section 5. The Board may set a record date not more than 90 days nor fewer than ten days "
                           "before the meeting; the record date may not be prior to the close of business on the day "
                           "the record date is fixed.\n")
    assert fixed in _rules("Section 1.14. The Board may fix a record date, not preceding the date on which the resolution "
                           "fixing it is adopted, that is not more than 60 nor less than 10 days before the meeting.\n")


def test_a_record_date_for_a_consent_without_a_meeting_is_out_of_scope():
    found = _draft("Section 5(b). So that the corporation may determine the stockholders entitled to consent to "
                   "corporate action in writing without a meeting, the board may fix a record date, which shall not "
                   "precede the date upon which the resolution fixing the record date is adopted, and which shall not "
                   "be more than ten (10) days after that date.\n")
    assert found.rules == [] and [c.status for c in found.coverage] == ["out_of_scope"]


def test_the_days_to_fix_a_record_date_for_a_request_draft_no_meeting_date():
    assert _draft("## Article II Stockholders\n\nSection 2.3(b). Within ten (10) days after a valid request to fix a "
                  "Request Record Date is received, the Board may adopt a resolution fixing the Request Record Date.\n"
                  ).rules == []
    assert _draft("## Article II Shareholders\n\nSection 2.2. The board shall fix a record date for determining the "
                  "shareholders entitled to demand a special meeting not later than 30 days after the corporation "
                  "confirms it has received notice of a shareholder's intent to demand one.\n").rules == []


def test_what_must_happen_within_days_after_a_request_and_for_which_meeting():
    special = (("meeting_type", "special"),)
    # Called on the Board's request, but a meeting of the stockholders.
    assert _rules("## Article II Stockholders\n\nSection 2.3. Special meetings of stockholders may be called by the "
                  "Chairman, and shall be called by the Secretary within 10 calendar days after receipt of the written "
                  "request of a majority of the Whole Board.\n") == {
        ("special_meeting_demand", "special_meeting_call", 0, 10, "days", special)}
    # The meeting's date, though the Board fixes it: the holders' meeting.
    assert _rules("## Article II Stockholders\n\nSection 2.3(c). A special meeting requested by stockholders shall be "
                  "held at a date the Board fixes; however, the date of such a meeting shall not be more than ninety "
                  "(90) days after the date on which a valid request for it is received.\n") == {
        ("special_meeting_demand", "meeting", 0, 90, "days", special)}
    # "call the meeting within thirty days": the call, not the meeting.
    assert _rules("## Article II Stockholders\n\nSection 2.3(d). On a valid request the Board shall call the meeting "
                  "within thirty (30) days after the date the request was received.\n") == {
        ("special_meeting_demand", "special_meeting_call", 0, 30, "days", special)}


def test_advance_notice_to_directors_by_method_in_two_shapes():
    assert _rules("## Article III Directors\n\nSection 5. Special meetings of the Board shall be held upon four days' "
                  "advance notice to every director by mail, or 48 hours' advance notice given personally or by "
                  "telephone or electronic mail.\n") == {
        ("board_notice", "special_board_meeting", 4, None, "days", (("board_notice_method", "mail"),)),
        ("board_notice", "special_board_meeting", 48, None, "hours", (("board_notice_method", ("personal", "telephone", "electronic")),))}
    assert _rules("## Article III Directors\n\nSection 6. Special meetings of the Board shall be held when called by "
                  "the President, after not less than two (2) days' notice given in person or by telephone, and after "
                  "not less than four (4) days if the notice is mailed.\n") == {
        ("board_notice", "special_board_meeting", 2, None, "days", (("board_notice_method", ("personal", "telephone")),)),
        ("board_notice", "special_board_meeting", 4, None, "days", (("board_notice_method", "mail"),))}


def test_days_before_the_anniversary_in_an_advance_notice_clause_ask_nothing():
    found = _draft("Section 8. A stockholder's written notice of intent to propose business must be received by the "
                   "Secretary not later than (i) for an annual meeting, 90 days prior to the anniversary date of the "
                   "preceding annual meeting, and (ii) for a special meeting, the close of business on the tenth day "
                   "following the date on which notice of the meeting is first sent.\n")
    assert (found.rules, found.questions) == ([], [])


def test_the_lists_period_in_a_sentence_naming_a_record_date_is_the_lists():
    text = ("## Article II Stockholders\n\nSection 2.5. The Corporation shall prepare, no later than the 10th day before "
            "each meeting of stockholders, a complete list of the stockholders entitled to vote; but if the record date "
            "for those entitled to vote is less than 10 days before the meeting date, the list shall show the holders "
            "entitled to vote as of the 10th day before the meeting date. The list shall be open to examination for "
            "10 days ending on the day before the meeting date.\n")
    found = _draft(text)
    assert _rules(text) == {("voting_list", "meeting", 10, None, "days", ())}
    assert found.questions == []  # "less than 10 days before" is a condition, "as of the 10th day" no period


def test_a_second_limit_in_parentheses():
    assert _rules("Section 2.6. Notice of a meeting of stockholders shall be given to each stockholder entitled to vote "
                  "not less than ten (10) days (nor more than sixty (60) days) before the meeting.\n") == {
        ("notice", "meeting", 10, 60, "days", ())}


def test_a_special_meetings_purpose_in_an_aside_does_not_make_the_period_special():
    assert _rules("## Article II Shareholders\n\nSection 4. Written notice stating the place, day and hour of the meeting "
                  "and, in case of a special meeting, the purpose or purposes for which it is called, shall be delivered "
                  "not less than ten nor more than fifty days before the date of the meeting.\n") == {
        ("notice", "meeting", 10, 50, "days", ())}
    # The period named for a special meeting itself still is.
    assert _rules("## Article II Shareholders\n\nSection 4. Notice of a special meeting shall be delivered not less than "
                  "ten nor more than fifty days before it.\n") == {
        ("notice", "meeting", 10, 50, "days", (("meeting_type", "special"),))}


def test_books_closed_or_a_record_date_instead_are_two_alternatives():
    got = _rules("## Article II Stockholders\n\nSection 5. If the stock transfer books are closed to determine the "
                 "stockholders entitled to notice of or to vote at a meeting, they shall be closed for at least 20 days "
                 "immediately preceding the meeting. Instead of closing the books, the directors may fix in advance a "
                 "record date, not more than 20 days and, for a meeting of stockholders, not less than 10 days before "
                 "the meeting.\n")
    assert got == {("record_date", "meeting", 20, None, "days", (("board_fixes_record_date", True), ("transfer_books_closed", True))),
                   ("record_date", "meeting", 10, 20, "days", (("board_fixes_record_date", True),)),
                   ("record_date_resolution", "record_date", 0, None, "days", (("board_fixes_record_date", True),))}


def test_the_date_the_board_sets_after_a_request_is_the_meetings_not_the_call():
    assert _rules("## Article II Stockholders\n\nSection 4. If a special meeting is called on the written request of "
                  "stockholders, the Board shall set its date not less than sixty (60) days nor more than seventy-five "
                  "(75) days after the request is delivered to the corporation.\n") == {
        ("special_meeting_demand", "meeting", 60, 75, "days", (("meeting_type", "special"),))}


def test_notice_the_secretary_does_not_give_within_days_is_a_trigger_however_far_the_if():
    found = _draft("## Article II Stockholders\n\nSection 5. However, if the special meeting was called on a written "
                   "request of stockholders and the Secretary does not give notice within twenty (20) days after the "
                   "request is received, the requesting persons may give it.\n")
    assert [(r.before, r.after, r.min, r.max) for r in found.rules] == [("special_meeting_demand", "notice", None, 20)]
    assert [q.kind for q in found.questions] == ["trigger"]


def test_every_method_an_if_clause_lists_takes_its_period():
    assert _rules("## Article III Directors\n\nSection 3.7. If the notice is delivered personally or by telephone, or "
                  "sent by facsimile or electronic mail, it shall be sent at least 24 hours before the meeting. If the "
                  "notice is sent by mail, it shall be mailed at least four days before the meeting.\n") == {
        ("board_notice", "board_meeting", 24, None, "hours",
         (("board_notice_method", ("personal", "telephone", "fax", "electronic")),)),
        ("board_notice", "board_meeting", 4, None, "days", (("board_notice_method", "mail"),))}


def test_overnight_mail_or_courier_is_no_first_class_mail():
    got = _rules("## Article II Directors\n\nSection 2.7. If mailed by first-class mail, notice of a special meeting is "
                 "adequately delivered when deposited in the mail at least five (5) days before the meeting. If by "
                 "overnight mail or courier service, it is adequately delivered when handed to the service at least "
                 "twenty-four (24) hours before the meeting.\n")
    assert got == {("board_notice", "special_board_meeting", 5, None, "days", (("board_notice_method", "mail"),)),
                   ("board_notice", "special_board_meeting", 24, None, "hours", (("board_notice_method", "courier"),))}


def test_the_notice_after_an_advance_notice_semicolon_is_still_the_holders():
    found = _draft("Section 7. A shareholder's notice must be delivered to the Secretary not less than 90 days nor more "
                   "than 120 days before the first anniversary of the last annual meeting; if the annual meeting is "
                   "moved by more than 30 days, the notice must be delivered not earlier than 120 days before the annual "
                   "meeting and not later than the later of 90 days before it or 10 days after the first public "
                   "announcement of its date.\n")
    assert (found.rules, found.questions) == ([], [])


def test_notice_to_each_director_of_days_if_mailed_or_of_hours_otherwise():
    assert _rules("## Article II Directors\n\nSection 3. Special meetings of the Board shall be held when called by the "
                  "Chairman, upon notice to each director of at least two days if mailed, or of at least twenty-four "
                  "hours if given in person or by telephone.\n") == {
        ("board_notice", "special_board_meeting", 2, None, "days", (("board_notice_method", "mail"),)),
        ("board_notice", "special_board_meeting", 24, None, "hours", (("board_notice_method", ("personal", "telephone")),))}


def test_months_after_the_later_of_incorporation_or_the_last_annual_meeting():
    found = _draft("Section 1. The annual meeting of shareholders shall be held within thirteen (13) months subsequent to "
                   "the later of the date of incorporation or the last annual meeting of shareholders.\n")
    (limit,) = found.dates
    assert limit.ends == {"not_after": {"anchor": "last_annual_meeting", "shift": "+13 months"}}
    assert sorted(q.kind for q in found.questions) == ["anchor", "anchor"]


def test_a_bar_or_another_meetings_date_after_a_request_drafts_no_deadline():
    # An exception naming the annual meeting, and a bar counted from the last annual meeting: neither is the
    # demanded meeting's deadline (both drafted 0 to 90 days from the request).
    assert _draft("## Article II Stockholders\n\nSection 2.3. The Secretary need not call a special meeting if the Board "
                  "calls an annual meeting to be held within 90 days after the Secretary receives the request.\n").rules == []
    assert _draft("## Article II Stockholders\n\nSection 2.3. No special meeting requested by stockholders shall be held "
                  "within 90 days after the date of the last annual meeting.\n").rules == []
    # "after the meeting is requested" is still the request.
    assert _rules("## Article III Directors\n\nSection 5.7. The Chair shall fix the time of a special meeting, at least "
                  "ten (10) days after the meeting is requested.\n") == {
        ("special_meeting_demand", "special_board_meeting", 10, None, "days", ())}


def test_a_record_date_before_any_other_action_is_no_meetings():
    assert _draft("## Article II Stockholders\n\nSection 2.5. The record date for determining stockholders for any other "
                  "lawful action shall not be more than 60 days prior to that action.\n").rules == []


def test_a_record_date_for_demanding_a_special_meeting_is_never_the_meetings():
    # Who may demand a special meeting is fixed on a day of its own (the day the first signed demand
    # arrives, the Model Act's §7.07(b) shape); the vocabulary has no event for it (special_meeting_demand
    # is the last demand needed): understood, not drafted, with a question; never the meeting's record date.
    for text in ("Section 5. The record date for determining the holders entitled to demand a special meeting is "
                 "the day the first signed demand reaches the corporation.\n",
                 "Section 5. Unless the board fixes one, the record date for determining the shareholders who may "
                 "request a special meeting is the earliest date among the signed requests.\n",
                 "Section 5. The record date for determining the holders entitled to demand a special meeting shall "
                 "be no more than sixty days before the day the first demand is delivered.\n",
                 "Section 5. No more than 70 days before the meeting, the board may fix the record date for "
                 "determining the holders entitled to demand a special meeting.\n"):
        found = _draft(text)
        assert found.rules == [], text
        assert [c.status for c in found.coverage] == ["understood_not_drafted"], text
        (asked,) = found.questions
        assert asked.kind == "no_event" and "not the meeting's record date" in asked.question
    # A meeting's record date in the same sentence is drafted; the demand's is asked about beside it.
    found = _draft("Section 5. The board may set a record date no more than sixty nor fewer than ten days before the "
                   "meeting; the record date for determining holders entitled to demand a special meeting is the day "
                   "the first signed demand is delivered.\n")
    assert [(r.before, r.after, r.min, r.max) for r in found.rules] == [("record_date", "meeting", 10, 60)]
    assert [q.kind for q in found.questions] == ["no_event"] and found.coverage[0].status == "drafted"
    # A deadline counted from the demands is still the demanded meeting's.
    got = _rules("Section 5. The record date for determining holders who may request a special meeting is the date "
                 "the first request is signed; the meeting is held within ninety days after the last request arrives.\n")
    assert got == {("special_meeting_demand", "meeting", 0, 90, "days", (("meeting_type", "special"),))}
    # One record date for notice, voting and demanding alike is the meeting's.
    got = _rules("Section 5. The board may fix a record date for determining the holders entitled to notice of a "
                 "meeting, to vote at it or to demand a special meeting, not more than seventy days before the meeting.\n")
    assert got == {("record_date", "meeting", None, 70, "days", (("board_fixes_record_date", True),))}


def test_the_understood_but_not_drafted_count_is_shown(tmp_path):
    source = tmp_path / "acme.md"
    source.write_text("Section 5. The record date for determining the holders entitled to demand a special meeting is "
                      "the day the first signed demand reaches the corporation.\n")
    done = cli_run("draft", source, "--state", "DE", "--year", "2027", "--out", tmp_path / "acme.yaml")
    assert done.returncode == 0, done.stderr
    assert "1 understood not drafted" in done.stdout
    report = (tmp_path / "acme.coverage.md").read_text()
    assert "understood not drafted (a record date for demanding a special meeting" in report and "**no_event**" in report
    assert "understood_not_drafted 1" in (tmp_path / "acme.yaml").read_text()


def _assert_linear(text_of):
    """Drafting `text_of(400)` takes at most 8 times as long as `text_of(100)`
    (4 times the text): the time grows with the text, not with its square."""
    import time

    times = []
    for n in (100, 400):
        text = text_of(n)
        start = time.perf_counter()
        _draft(text)
        times.append(time.perf_counter() - start)
    assert times[1] < max(times[0], 0.05) * 8


def test_the_new_record_date_and_demand_readings_stay_linear_on_a_long_line():
    # One sentence repeating the words these readings look for (and near misses of them): the time
    # grows with the text, not with its square.
    piece = ("the record date for determining the holders entitled to demand a special meeting holds unless the "
             "board must fix a new record date if the meeting is adjourned to a date more than 120 days after the "
             "date first fixed for it, and record date for determining the the the holders entitled to ")
    _assert_linear(lambda n: "Section 5. " + piece * n + "end.\n")


# Third round on public companies' bylaws (South Carolina, Alabama, Iowa, Arizona, Kentucky, Virginia,
# Texas, Florida): each shape in our own paraphrase.

def test_annual_meeting_or_special_meeting_names_both_types():
    # "each annual meeting or special meeting" names both, as "annual or special meeting" does: every meeting.
    for text in ("Section 3. Holders shall have notice of each annual meeting or special meeting not less than ten "
                 "nor more than sixty days before it.\n",
                 "Section 3. Notice of any special meeting or annual meeting is given no fewer than ten nor more "
                 "than sixty days ahead of the meeting date.\n"):
        assert _rules(text) == {("notice", "meeting", 10, 60, "days", ())}, text
    # One type named alone still binds that type only.
    got = _rules("Section 3. Notice of each special meeting is given no fewer than ten nor more than sixty days before it.\n")
    assert got == {("notice", "meeting", 10, 60, "days", (("meeting_type", "special"),))}


def test_a_notice_that_must_be_received_ahead_is_the_holders_advance_notice():
    # The sentence after a holder's duty to give timely notice: "that notice must arrive no less than 100
    # days before the anniversary of last year's meeting or, if the meeting has been moved, no less than 80
    # days before the meeting" is the holder's notice to the corporation, not notice of the meeting.
    text = ("Section 1. A holder who wishes to bring business before the annual meeting must give the Corporation "
            "timely written notice. Any such notice shall be received not fewer than 100 days before the first "
            "anniversary of the prior annual meeting or, if the meeting date has been moved, not fewer than 80 days "
            "before the meeting date.\n")
    assert _draft(text).rules == []
    # Notice of the meeting that directors must have received by then is still drafted.
    got = _rules("## Article III Directors\n\nSection 7. Notice of each special meeting of the board shall be received "
                 "by each director at least two days before the meeting.\n")
    assert got == {("board_notice", "special_board_meeting", 2, None, "days", ())}


def test_a_months_list_not_in_a_row_is_asked_about():
    found = _draft("Section 1. The annual meeting of shareholders shall be held in March, May or July.\n")
    assert found.dates == [] and [q.kind for q in found.questions if q.kind != "state"] == ["meeting_date"]


def test_the_holiday_roll_in_the_next_sentence_moves_the_annual_day():
    # "held on the third Monday of April. If that day is a legal holiday, it is held on the next business day."
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the third Monday of April. If the day "
                   "so fixed is a legal holiday, the meeting shall be held on the next business day. The board may "
                   "call a special meeting.\n")
    assert [(d.day, d.roll) for d in found.dates] == [("third monday of april", "next_business_day")]
    assert [q.kind for q in found.questions if q.kind != "state"] == []
    assert "next business day" in found.dates[0].quote
    # A fixed day moved only off a legal holiday is asked about, as in one sentence.
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the first day of April. If that day "
                   "is a legal holiday, the meeting is held on the next succeeding business day.\n")
    assert [(d.day, d.roll) for d in found.dates] == [("april 1", "next_business_day")]
    assert [q.kind for q in found.questions if q.kind != "state"] == ["holiday_roll"]
    # Moved off a day that is no business day: weekends too, no question.
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the first day of April. If that day "
                   "is not a \"Business Day\" (as the statute defines it), the meeting is held on the next business day.\n")
    assert [(d.day, d.roll) for d in found.dates] == [("april 1", "next_business_day")]
    assert [q.kind for q in found.questions if q.kind != "state"] == []
    # A holiday sentence in another section, or about another meeting, moves nothing.
    found = _draft("Section 1. The annual meeting of shareholders shall be held on the first day of April.\n\n"
                   "Section 2. If a board meeting falls on a legal holiday, it is held on the next business day.\n")
    assert [(d.day, d.roll) for d in found.dates] == [("april 1", "none")]


def test_a_sentence_that_drafts_an_annual_date_is_covered_as_drafted():
    found = _draft("Section 2. An annual meeting of shareholders shall be held each year at 10 a.m. on a day in May the "
                   "board selects.\n")
    assert [(d.not_before, d.not_after) for d in found.dates] == [("May 1", "May 31")]
    assert [(c.status, c.rules) for c in found.coverage] == [("drafted", [found.dates[0].id])]


def test_the_third_rounds_readings_stay_linear_on_a_long_line():
    piece = ("the annual meeting of shareholders shall be held during the month of March, April, May, June or at such "
             "other place, hour, time and (in or out of the state) date, but if no such place, time and date is fixed, "
             "within the earlier of the first six months after the shareholders' last annual meeting or any such notice "
             "shall be received by the board, each annual meeting or special meeting and ")
    _assert_linear(lambda n: "Section 1. " + piece * n + "end. If that day is a legal holiday, the meeting is held on the next business day.\n")


def test_a_subject_named_far_before_the_period_is_still_asked_about():
    # "..., except that notice of a meeting to act on <a long list of subjects> is given 25 to 60 days ahead".
    found = _draft("Section 4. Notice of each meeting of shareholders is given not less than ten nor more than sixty days "
                   "before it, except that notice of a meeting to act on an amendment of the articles, a plan of merger or "
                   "of share exchange, a sale of all or nearly all the assets under Section 13.1-724 of the state's "
                   "corporation act or any later statute like it, or the winding up of the corporation is given not less "
                   "than twenty-five nor more than sixty days before the meeting.\n")
    assert {(r.min, r.max) for r in found.rules} == {(10, 60), (25, 60)}
    assert [q.kind for q in found.questions] == ["condition"] and "'amendment'" in found.questions[0].question


def test_notice_before_an_increase_of_the_capital_stock():
    # Capital stock alone: the increase_authorized_shares fact.
    got = _rules("Section 4. Notice of the annual meeting is given ten to sixty days before it; but the capital stock "
                 "may not be increased at an annual meeting unless 30 days' notice was given before the meeting.\n")
    assert ("notice", "meeting", 30, None, "days", (("increase_authorized_shares", True), ("meeting_type", "annual"))) in got
    # Capital stock or bonded debt: no fact for the debt, so every annual meeting, stricter, and a question.
    found = _draft("Section 4. Notice of the annual meeting is given ten to sixty days before it; but the capital stock "
                   "or the bonded indebtedness may not be increased at an annual meeting unless 30 days' notice was "
                   "given before the meeting.\n")
    assert {(r.min, r.max, tuple(sorted(r.when))) for r in found.rules} == {(10, 60, ("meeting_type",)), (30, None, ("meeting_type",))}
    assert [q.kind for q in found.questions] == ["condition"] and "indebtedness" in found.questions[0].question


# Fourth round: two bounds joined by a conjunction, whatever words name each end.

def test_a_least_and_a_most_joined_keep_both_ends():
    # "at least ten and at most sixty days": the minimum had been lost (a rule looser than the bylaws).
    for words in ("at least ten and at most sixty days", "not less than ten days and not more than sixty days",
                  "no fewer than 10 and no more than 60 days", "at least 10 but not more than 60 days",
                  "a minimum of 10 and a maximum of 60 days", "a minimum of ten days and a maximum of sixty days",
                  "at least ten (10) days but at most sixty (60) days", "at least ten and up to sixty days",
                  "at least ten days and not exceeding sixty days",
                  # the most first
                  "at most sixty and at least ten days", "a maximum of 60 and a minimum of 10 days",
                  "at most sixty days and not less than ten days", "no more than 60 and no fewer than 10 days"):
        text = f"Section 3. Each holder is sent written notice of a meeting {words} before the meeting.\n"
        assert _rules(text) == {("notice", "meeting", 10, 60, "days", ())}, words
    got = _rules("Section 5. The board may fix a record date at least ten and at most sixty days before the meeting.\n")
    assert got == {("record_date", "meeting", 10, 60, "days", (("board_fixes_record_date", True),))}
    # A count of people, not of days, is still no period.
    assert _draft("Section 2. The board has at least three and at most nine directors.\n").rules == []


def test_the_two_bounds_readings_stay_linear_on_a_long_line():
    piece = "at least ten and at most sixty a maximum of 60 and a minimum of at most sixty days and at least the "
    _assert_linear(lambda n: "Section 3. Notice of the meeting is sent " + piece * n + "ten days before the meeting.\n")


def test_a_length_of_adjournment_and_a_notice_period_are_no_one_range():
    got = _rules("Section 8. The holders present may adjourn the meeting for a maximum of 30 days and at least 5 days' "
                 "notice of the adjourned meeting shall be given.\n")
    assert ("notice", "meeting", 5, 30, "days", ()) not in got


def test_days_of_receipt_of_a_demand_run_after_it():
    # "of" a demand's receipt says neither before nor after, but what answers a demand cannot precede it: the
    # notice (or the meeting) at most that many days after it, as the packs draft the Model Act's 30 days.
    special = (("meeting_type", "special"),)
    lead = ("## Article II Shareholders\n\nSection 2. The secretary calls a special meeting when holders of a tenth of "
            "the shares so demand in writing. ")
    for tail in ("Within sixty days of receipt of a written demand, the secretary shall issue notice of the meeting.\n",
                 "The secretary shall send notice of the meeting within sixty days of receiving the written demand.\n",
                 "Within sixty (60) days after the demand is received, the secretary will send out notice of the meeting.\n",
                 "Notice of the meeting goes out within 60 days of the date of receipt of the demand.\n"):
        assert _rules(lead + tail) == {("special_meeting_demand", "notice", 0, 60, "days", special)}, tail
    # The meeting itself, held within days of the demand.
    assert _rules(lead + "The meeting shall be held within forty-five days of receipt of the demand.\n") == {
        ("special_meeting_demand", "meeting", 0, 45, "days", special)}
    # "of" anything else is still asked about, and so is "of the demand" with no receipt (the corpus's trap).
    for text in ("Section 3. A special meeting is held within seven days of the annual meeting.\n",
                 lead + "Notice of the meeting goes out within 60 days of the demand.\n"):
        found = _draft(text)
        assert found.rules == [] and [q.kind for q in found.questions if q.kind != "state"] == ["direction"], text


def test_notice_within_days_of_receipt_of_a_demand_plans(tmp_path):
    """Drafted, the notice 0 to 60 days after the demand plans: a demand on 2027-03-01 puts the notice by April 30
    and, with a meeting the board wants in late June, the notice still within the demand's 60 days."""
    bylaws = tmp_path / "acme.md"
    bylaws.write_text("# ARTICLE II Shareholders\n\nSection 2. The secretary calls a special meeting when holders of a "
                      "tenth of the shares so demand in writing. Within sixty days of receipt of a written demand, the "
                      "secretary shall issue notice of the meeting.\n\nSection 4. Written notice of each meeting of "
                      "shareholders shall be given not less than ten nor more than sixty days before the meeting.\n")
    done = cli_run("draft", bylaws, "--out", tmp_path / "acme.yaml", "--year", "2027", "--state", "DE")
    assert done.returncode == 0, done.stderr
    scenario_path = tmp_path / "acme.scenario.yaml"
    scenario = yaml.safe_load(scenario_path.read_text())
    scenario["facts"]["meeting_type"] = "special"
    scenario["rules"] = [
        {"id": "demand-in", "kind": "on_date", "source": "operational", "cite": "test", "summary": "The demand arrives.",
         "event": "special_meeting_demand", "date": "2027-03-01"},
        {"id": "late-june", "kind": "date_window", "source": "operational", "cite": "test", "summary": "Late June.",
         "event": "meeting", "not_before": {"day": "June 20"}, "not_after": {"day": "June 30"}}]
    scenario_path.write_text(yaml.safe_dump(scenario))
    planned = cli_run("plan", scenario_path, "--format", "json")
    assert planned.returncode == 0, planned.stderr
    dates = {e["id"]: e["date"] for e in json.loads(planned.stdout)["events"]}
    assert "2027-04-21" <= dates["notice"] <= "2027-04-30" and "2027-06-20" <= dates["meeting"] <= "2027-06-29"
    # A meeting the board wants in August leaves no notice day both 60 days from the demand and from the meeting.
    scenario["rules"][1].update(not_before={"day": "August 15"}, not_after={"day": "August 31"})
    scenario_path.write_text(yaml.safe_dump(scenario))
    blocked = cli_run("plan", scenario_path, "--format", "json")
    assert blocked.returncode == 1 and "special-meeting-demand-notice" in json.dumps(json.loads(blocked.stdout)["conflicts"])


def test_within_months_of_the_fiscal_years_end_is_after_it():
    # "of" says neither before nor after, but an annual meeting before the fiscal year's end is the year
    # before's, and one before the last annual meeting is that one: only after, as "after" is read.
    annual = {"meeting_type": "annual"}
    for words, ends in (
            ("within six months of the end of each fiscal year", {"not_after": {"anchor": "fiscal_year_end", "shift": "+6 months"}}),
            ("within 120 days of the close of the corporation's fiscal year", {"not_after": {"anchor": "fiscal_year_end", "shift": "+120 days"}}),
            ("within thirteen (13) months of the last annual meeting", {"not_after": {"anchor": "last_annual_meeting", "shift": "+13 months"}})):
        found = _draft(f"Section 1. The annual meeting of shareholders shall be held {words}.\n")
        assert [(d.ends, d.when) for d in found.dates] == [(ends, annual)], words
        assert [q.kind for q in found.questions] == ["anchor"], words  # the placeholder anchor alone: no direction
        assert [c.status for c in found.coverage] == ["drafted"], words
    # The same as "after": one limit each way it is written.
    after = _draft("Section 1. The annual meeting of shareholders shall be held within six months after the end of each "
                   "fiscal year.\n")
    of = _draft("Section 1. The annual meeting of shareholders shall be held within six months of the end of each fiscal year.\n")
    assert after.rulebook["rules"] == of.rulebook["rules"]
    # A number with no direction word is still asked about, "of" or not.
    found = _draft("Section 1. The annual meeting of shareholders shall be held six months of the end of the fiscal year.\n")
    assert found.dates == [] and "direction" in {q.kind for q in found.questions}


def test_an_annual_meeting_during_the_fiscal_year_is_a_window_on_its_days():
    # "during each fiscal year": from the day after the last fiscal year's end to twelve months after it.
    window = {"not_before": {"anchor": "fiscal_year_end", "shift": "+1 day"},
              "not_after": {"anchor": "fiscal_year_end", "shift": "+12 months"}}
    for words in ("during each fiscal year", "at a time the board fixes in every fiscal year of the corporation",
                  "once during the corporation's fiscal year"):
        found = _draft(f"Section 1. The annual meeting of shareholders shall be held {words}.\n")
        assert [(d.ends, d.when) for d in found.dates] == [(window, {"meeting_type": "annual"})], words
        assert [r["kind"] for r in found.rulebook["rules"]] == ["date_window"], words
        assert [q.kind for q in found.questions] == ["anchor"], words
        assert "fiscal_year_end" in found.rulebook["anchors"]
    # "on any business day during the fiscal year": the window, and a business day.
    found = _draft("Section 1. The annual meeting of members shall be held on any business day during the fiscal year, "
                   "at an hour the board sets.\n")
    assert [d.ends for d in found.dates] == [window]
    assert [(r["kind"], r["event"], r["when"]) for r in found.rulebook["rules"]] == [
        ("date_window", "meeting", {"meeting_type": "annual"}), ("business_day", "meeting", {"meeting_type": "annual"})]
    assert [c.status for c in found.coverage] == ["drafted"]
    # Not the annual meeting's: a report, a board meeting, a fiscal quarter.
    for text in ("Section 2. The board shall meet at least once during each fiscal year.\n",
                 "Section 3. The annual report of the shareholders' meeting is sent during the fiscal year.\n",
                 "Section 1. The annual meeting of shareholders shall be held during the first fiscal quarter.\n"):
        assert _draft(text).dates == [], text


def test_a_fiscal_year_window_lints_and_plans_in_the_year_the_anchor_gives(tmp_path):
    from planner.studies.lint import lint_rulebook

    bylaws = tmp_path / "acme.md"
    bylaws.write_text("# ARTICLE II\n\nSection 1. The annual meeting of shareholders shall be held on any business day "
                      "during each fiscal year.\n\nSection 4. Written notice of each meeting of shareholders shall be "
                      "given not less than ten nor more than sixty days before the meeting.\n")
    found = planner.draft(bylaws.read_bytes(), name="acme.md", state="DE", year=2027)
    assert lint_rulebook(found.rulebook, year=2027).errors == []
    done = cli_run("draft", bylaws, "--out", tmp_path / "acme.yaml", "--year", "2027", "--state", "DE")
    assert done.returncode == 0, done.stderr
    scenario_path = tmp_path / "acme.scenario.yaml"
    scenario = yaml.safe_load(scenario_path.read_text())
    # A fiscal year ending June 30: the meeting in July 2026 to June 2027, so by June 30, 2027 in the plan year.
    scenario["anchors"] = {"fiscal_year_end": {"day": "2026-06-30"}}
    scenario["rules"].append({"id": "late", "kind": "date_window", "source": "operational", "event": "meeting",
                              "cite": "test", "summary": "Not before June 2027.", "not_before": {"day": "June 26"}})
    scenario_path.write_text(yaml.safe_dump(scenario))
    planned = cli_run("plan", scenario_path, "--format", "json")
    assert planned.returncode == 0, planned.stderr
    dates = {e["id"]: e["date"] for e in json.loads(planned.stdout)["events"]}
    assert dates["meeting"] in {"2027-06-28", "2027-06-29", "2027-06-30"}  # June 26-27, 2027 are a weekend


def test_a_fiscal_year_window_with_a_period_it_does_not_read_asks_about_it():
    found = _draft("Section 1. The annual meeting of shareholders shall be held in each fiscal year, within six months "
                   "after its end.\n")
    assert len(found.dates) == 1 and "meeting_date" in {q.kind for q in found.questions}
    anchor = next(q for q in found.questions if q.kind == "anchor")
    assert "52 or 53 weeks" in anchor.question


def test_the_fourth_rounds_readings_stay_linear_on_a_long_line():
    piece = ("the annual meeting of shareholders shall be held on any business day during each fiscal year or within "
             "six months of the end of the fiscal year, and within sixty days of receipt of a written demand of the "
             "last annual meeting the secretary shall issue notice, at least ten and at most sixty days of receiving the ")
    _assert_linear(lambda n: "Section 1. " + piece * n + "request.\n")


def test_a_date_fixed_within_days_of_a_demand_is_not_the_notice():
    # "the board shall fix the date of the meeting and give notice": the first act named is the date's.
    got = _rules("## Article II Shareholders\n\nSection 2. Within 60 days after receipt of the shareholders' demand, "
                 "the board shall fix the date for the meeting and give notice of it.\n")
    assert not any(r[1] == "notice" for r in got)
