"""Published timelines checked as they are published: no rulebook, one
command each, against the state's and the listing's law (issue 13)."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
import yaml
from fastapi.testclient import TestClient

from planner import load_pack
from planner.errors import InputError
from planner.faces.cli import main
from planner.faces.service import create_app
from planner.model.timeline import read_timelines
from planner.outputs.render import render_timeline_verdicts
from planner.verdicts.answers import timeline_verdict
from planner.model.packs import bundled_packs
from planner.model.timeline import Timeline, read_timelines
from planner.verdicts.answers import check_timeline
from tests.regen_golden import ROOT

CORPUS = ROOT / "tests" / "data" / "timelines.csv"
ROWS = list(csv.DictReader(CORPUS.open(encoding="utf-8")))


def test_the_corpus_has_fifteen_sourced_timelines_in_several_states():
    assert len(ROWS) >= 15
    assert len({row["state"] for row in ROWS}) >= 8
    assert all(row["source"].startswith("http") and row["meeting_date"] and row["expected"] for row in ROWS)


def test_every_state_pack_has_a_published_timeline():
    # Issue 15's "done when": each state pack is checked against at least one
    # real timeline, not only against timelines we made up.
    states = {load_pack(name).applies.incorporation for name in bundled_packs()} - {None}
    assert len(states) >= 19
    assert sorted(states - {row["state"] for row in ROWS}) == []


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['company'][:30]} {r['meeting_date']}" for r in ROWS])
def test_each_published_timeline_checks_with_one_command(row, tmp_path, capsys):
    dates = {"events": {event: row[column] for column, event in
                        (("record_date", "record_date"), ("mailing_date", "notice"), ("meeting_date", "meeting")) if row[column]}}
    path = tmp_path / "dates.yaml"
    path.write_text(yaml.safe_dump(dates))
    code = main(["check", "--incorporation", row["state"], "--listing", row["listing"], "--kind", row["kind"],
                 "--dates", str(path), "--format", "json"])
    checked = json.loads(capsys.readouterr().out)
    verdict = "non_compliant" if checked["status"] == "non_compliant" else (
        "compliant as far as given" if checked["not_given"] else "compliant")
    assert verdict == row["expected"], [r["words"] for r in checked["rules"] if r["status"] == "violated"]
    assert code == (1 if verdict == "non_compliant" else 0)
    # Judged against the state's own law where there is a pack: its record-date rule counted the days,
    # the same count as plain arithmetic on the published dates.
    days = (date.fromisoformat(row["meeting_date"]) - date.fromisoformat(row["record_date"])).days
    window_ids = {r.id for p in checked["packs"] for r in load_pack(p).rules
                  if r.kind == "gap" and (r.before, r.after) == ("record_date", "meeting") and not r.soft}
    record_rules = [r for r in checked["rules"] if r["id"] in window_ids and r["status"] in ("satisfied", "violated")]
    if any(p for p in checked["packs"] if p not in ("sec", "nyse", "nasdaq")):
        assert record_rules, "the state's record-date rule was checked"
    for rule in record_rules:
        if rule["status"] == "violated":
            assert f"is {days} days before the meeting" in rule["words"]


def test_mckesson_2001_says_the_count_in_words():
    plan = check_timeline(Timeline(company="McKesson", state="DE", listing="nyse", record_date=date(2001, 5, 25),
                                   meeting_date=date(2001, 7, 25)))
    assert plan.status == "non_compliant"
    rule = plan.rule("dgcl-213a-record-date-window")
    assert rule.words == "the record date is 61 days before the meeting; DGCL §213(a) allows 10 to 60 days"
    assert "notice" in plan.not_given and "voting_list" in plan.not_given


def test_a_state_with_no_pack_is_said_in_the_verdict():
    # Listed: the SEC's and the exchange's rules are checked, and the verdict
    # says the state's statute was not (there are no bylaws either).
    plan = check_timeline(Timeline(state="WY", listing="nyse", record_date=date(2027, 4, 1),
                                   meeting_date=date(2027, 5, 20)))
    assert plan.packs == ["sec", "nyse"]
    assert "No statute pack for WY: the plan was not checked against WY's corporation statute, only the listing " \
           "rules." in plan.warnings
    # Unlisted: no law at all to check it against, so no verdict of "compliant"
    # that nobody checked: the row is an error that says why.
    unlisted = Timeline(company="Acme", state="WY", record_date=date(2027, 4, 1), meeting_date=date(2027, 5, 20))
    with pytest.raises(InputError, match="no statute pack for WY, and no listing: there is no law to check"):
        check_timeline(unlisted)
    row = timeline_verdict(unlisted)
    assert row.verdict == "error" and "states with a pack: AL, AZ, CA, CO, CT, DE" in row.error


def test_a_broken_order_is_said_in_words_not_as_zero_days():
    # The record date after the notice breaks an implied order, which has no
    # number of days to say: "on or before", as the rule's own description.
    plan = check_timeline(Timeline(state="DE", record_date=date(2024, 3, 10), mailing_date=date(2024, 3, 5),
                                   meeting_date=date(2024, 4, 10)))
    words = plan.rule("implied-record-date-not-after-notice").words
    assert words == ("the record date is 5 days after the notice; implied: notice goes to holders of record requires "
                     "the record date on or before the notice")


def test_many_timelines_in_one_command_as_table_json_and_csv(capsys):
    assert main(["check", "--timelines", str(CORPUS)]) == 1  # McKesson 2001 is not compliant
    table = capsys.readouterr().out
    assert table.startswith(f"{len(ROWS)} timelines: ") and "1 non compliant" in table
    assert main(["check", "--timelines", str(CORPUS), "--format", "json"]) == 1
    verdicts = json.loads(capsys.readouterr().out)
    assert [v["verdict"] for v in verdicts] == [row["expected"] for row in ROWS]
    assert main(["check", "--timelines", str(CORPUS), "--format", "csv"]) == 1
    rows = list(csv.DictReader(capsys.readouterr().out.lstrip("\ufeff").splitlines()))
    assert len(rows) == len(ROWS) and rows[0]["verdict"] == "non_compliant"


def test_bad_timelines_name_the_line_and_field(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("company,state,meeting_date\nAcme,Delaware,2027-05-01\n")
    assert main(["check", "--timelines", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 2: state" in err and str(bad) in err and len(err.strip().splitlines()) == 1
    bad.write_text("company,meeting_date\nAcme,2027-05-01\n")
    assert main(["check", "--timelines", str(bad)]) == 2
    assert "no column 'state'" in capsys.readouterr().err
    dates = tmp_path / "dates.yaml"
    dates.write_text("events: {record_date: 2027-04-01}\n")
    assert main(["check", "--incorporation", "DE", "--dates", str(dates)]) == 2
    assert "events.meeting" in capsys.readouterr().err
    assert main(["check", "--dates", str(dates)]) == 2
    assert "--incorporation" in capsys.readouterr().err


def test_a_law_only_check_takes_the_packs_options_from_fact_and_from_the_calendar(tmp_path, capsys):
    """NRS 78.350(2) lets the articles set another record-date period: a
    98-day record date breaks the statute's 10-60 days unless they do."""
    dates = tmp_path / "nv.yaml"
    dates.write_text("events: {record_date: 2027-01-20, meeting: 2027-04-28}\n")
    check = ["check", "--incorporation", "NV", "--dates", str(dates), "--format", "json"]

    def window(code: int) -> str:
        assert main(check + extra) == code
        plan = json.loads(capsys.readouterr().out)
        return next(r["status"] for r in plan["rules"] if r["id"] == "nevada-nrs-78-350-record-date-window")

    extra = []
    assert window(1) == "violated"
    extra = ["--fact", "nevada_articles_set_record_date_period=true"]
    assert window(0) == "not_applicable"  # --fact was ignored here
    dates.write_text(dates.read_text() + "facts: {nevada_articles_set_record_date_period: true}\n")
    extra = []
    assert window(0) == "not_applicable"  # was refused: "the scenario fixes" it, with no scenario given
    assert main(check + ["--fact", "nevada_articles_set_record_date_period=false"]) == 2
    err = capsys.readouterr().err
    assert "facts.nevada_articles_set_record_date_period" in err and "--fact sets" in err and str(dates) in err


def test_timelines_over_http():
    client = TestClient(create_app())
    body = {"timelines": [{"company": row["company"], "state": row["state"], "listing": row["listing"], "kind": row["kind"],
                           "record_date": row["record_date"] or None, "mailing_date": row["mailing_date"] or None,
                           "meeting_date": row["meeting_date"]} for row in ROWS]}
    answer = client.post("/v1/timelines", json=body)
    assert answer.status_code == 200, answer.text
    assert [v["verdict"] for v in answer.json()["verdicts"]] == [row["expected"] for row in ROWS]
    assert client.post("/v1/timelines", json={"timelines": [{"state": "DE"}]}).status_code == 422


def test_read_timelines_reads_the_corpus_and_a_bom():
    assert len(read_timelines(CORPUS)) == len(ROWS)


def test_the_table_counts_what_the_csv_lists(tmp_path):
    """The table's why column names broken rules in full and counts the
    steps not given and the rules not checked; the CSV lists them."""
    rows = read_timelines(ROOT / "tests" / "data" / "timelines.csv")
    verdicts = [timeline_verdict(t) for t in rows[:3]]
    table = render_timeline_verdicts(verdicts, "table")
    csv = render_timeline_verdicts(verdicts, "csv")
    given = next(v for v in verdicts if v.not_given)
    assert f"{len(given.not_given)} steps not given" in table and ", ".join(given.not_given) not in table
    assert "not given: " + ", ".join(given.not_given) in csv
    broken = next(v for v in verdicts if v.broken)
    assert broken.broken[0] in table
    assert max(len(line) for line in table.splitlines()) < 400


# The notice window of each state pack added after the first nineteen, tried on
# that state's published row: the row's own record and meeting dates with a
# mailing date put on each edge of the window and one day past it.
NEW_STATE_NOTICE = {
    "IL": ("illinois-bca-7-15-notice-window", 10, 60),
    "MI": ("michigan-bca-450-1404-notice-window", 10, 60),
    "WI": ("wisconsin-bca-180-0705-notice-window", 10, 60),
    "TN": ("tennessee-bca-48-17-105-notice-window", 10, 61),  # two months before May 27, 2020: 61 days
    "MO": ("missouri-gbcl-351-230-notice-window", 10, 70),
    "OR": ("oregon-bca-7-05-notice-window", 10, 60),
    "UT": ("utah-bca-7-05-notice-window", 10, 60),
    "CT": ("connecticut-bca-7-05-notice-window", 10, 60),
    "SC": ("south-carolina-bca-7-05-notice-window", 10, 60),
    "AL": ("alabama-bca-7-05-notice-window", 10, 60),
    "IA": ("iowa-bca-7-05-notice-window", 10, 60),
    "AZ": ("arizona-bca-7-05-notice-window", 10, 60),
}


@pytest.mark.parametrize("state", sorted(NEW_STATE_NOTICE))
def test_new_state_notice_window_on_its_published_row(state):
    rule_id, low, high = NEW_STATE_NOTICE[state]
    (row, *_) = [r for r in ROWS if r["state"] == state]
    meeting = date.fromisoformat(row["meeting_date"])

    def status(days_before: int) -> str:
        plan = check_timeline(Timeline(company=row["company"], state=state, listing=row["listing"], kind=row["kind"],
                                       record_date=date.fromisoformat(row["record_date"]),
                                       mailing_date=date.fromordinal(meeting.toordinal() - days_before),
                                       meeting_date=meeting))
        return plan.rule(rule_id).status

    assert status(low) == "satisfied" and status(high) == "satisfied"
    assert status(low - 1) == "violated" and status(high + 1) == "violated"


# --- a date the calendar gives is checked, planned by the scenario or not ----------------------


def test_a_resolution_the_calendar_dates_is_held_to_dgcl_213a_with_no_bylaws():
    """DGCL §213(a): the record date may not precede the resolution fixing
    it.  The law-only rulebook plans no resolution, so a calendar giving one
    dated after its record date was 'compliant', the resolution reported as
    used by no rule although the DGCL pack's rule names it."""
    from planner.model.dates_file import DatesFile
    from planner.verdicts.answers import check_law_only

    given = {"meeting": date(2027, 5, 20), "record_date": date(2027, 4, 1), "record_date_resolution": date(2027, 4, 6)}
    plan = check_law_only(DatesFile(events=given), "DE")
    rule = plan.rule("dgcl-213a-record-date-after-resolution")
    assert (plan.status, rule.status, rule.slack_days) == ("non_compliant", "violated", -5)
    assert plan.unused == []
    fine = check_law_only(DatesFile(events={**given, "record_date_resolution": date(2027, 3, 30)}), "DE")
    assert fine.status == "compliant" and fine.rule("dgcl-213a-record-date-after-resolution").status == "satisfied"


def test_an_optional_rulebook_event_the_calendar_dates_is_checked():
    """A scenario that does not plan the rulebook's optional resolution still
    checks a calendar that dates it, against the bylaws and the statute."""
    import planner

    scenario = {"schema_version": 1, "name": "bare", "rulebook": "williams-natural-gas", "year": 2027, "incorporation": "DE"}
    events = {"meeting": "2027-04-28", "record_date": "2027-03-24", "notice": "2027-03-24", "voting_list": "2027-03-24",
              "record_date_resolution": "2027-03-25"}
    plan = planner.check(scenario, {"events": events})
    assert plan.status == "non_compliant" and plan.unused == []
    assert plan.rule("dgcl-213a-record-date-after-resolution").status == "violated"
    assert plan.rule("implied-resolution-not-after-record-date").status == "violated"


def test_the_readme_counts_the_published_timelines_there_are():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # however the lines wrap
    assert f"timelines.csv` ({len(ROWS)} published timelines" in readme  # it said 26, then 31, with more rows
