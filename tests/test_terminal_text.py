"""What a new user reads in the terminal (issue 18): tables that fit the
terminal's width (COLUMNS), a reason on every row that does not apply, and
rules written in words a secretary reads."""

from __future__ import annotations

import re

import pytest

from planner.faces import cli
from planner.model.documents import EventSpec, event_names
from planner.outputs.render import text_table
from planner.rules.gap import GapRule
from tests.helpers import SCENARIOS

LISTED = str(SCENARIOS / "natural-gas-services-listed-2027.yaml")  # the widest seed plan: packs, SEC dates


def _plan_text(monkeypatch, capsys, columns: int | None, *args: str) -> str:
    if columns is not None:
        monkeypatch.setenv("COLUMNS", str(columns))
    assert cli.main(["plan", LISTED, *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("columns", [80, 200])
def test_every_line_fits_the_terminal(columns, monkeypatch, capsys):
    text = _plan_text(monkeypatch, capsys, columns)
    too_long = [line for line in text.splitlines() if len(line) > columns]
    assert not too_long, too_long[:3]


def test_a_wider_terminal_shows_more_on_a_line(monkeypatch, capsys):
    narrow = _plan_text(monkeypatch, capsys, 80)
    wide = _plan_text(monkeypatch, capsys, 200)
    assert len(wide.splitlines()) < len(narrow.splitlines())
    # Nothing is lost in the narrow table: every rule id's pieces are there.
    assert "voting-list-two-" in narrow and "business-days" in narrow


def test_a_pipe_without_columns_keeps_each_row_on_one_line(monkeypatch, capsys):
    text = _plan_text(monkeypatch, capsys, None)
    assert any(len(line) > 200 for line in text.splitlines())
    assert re.search(r"^2027-06-10  Thu  Meeting of shareholders +bylaw, operational +Art\. III §5", text, re.M)


def test_a_narrow_table_puts_the_long_last_column_under_its_row():
    rows = [["notice-window", "Art. I §1.3", "mail notice of meeting to stockholders 10 to 60 days before meeting"]]
    text = text_table(["rule", "cite", "requires"], rows, width=40, below=True)
    assert text.splitlines() == [
        "rule           cite",
        "-------------  -----------",
        "notice-window  Art. I §1.3",
        "    requires: mail notice of meeting to",
        "      stockholders 10 to 60 days before",
        "      meeting",
    ]


def test_a_narrow_table_wraps_its_widest_columns_and_keeps_short_ones_whole():
    rows = [["2027-04-28", "Wed", "Meeting of stockholders of Williams Natural Gas Company", "bylaw"]]
    lines = text_table(["date", "day", "what to do", "bound by"], rows, width=45).splitlines()
    assert all(len(line) <= 45 for line in lines)
    assert lines[2].startswith("2027-04-28  Wed  Meeting of")
    assert " ".join(line[17:].split("  ")[0].strip() for line in lines[2:]).split() == rows[0][2].split()


def test_every_rule_that_does_not_apply_says_why(monkeypatch, capsys):
    import planner

    plan = planner.plan(LISTED)
    skipped = [r for r in plan.rules if r.status == "not_applicable"]
    assert len(skipped) > 10 and all(r.reason for r in skipped)
    lines = _plan_text(monkeypatch, capsys, None).splitlines()
    for rule in skipped:
        row = next(line for line in lines if line.startswith(rule.id + " "))
        assert "not_applicable" in row and rule.reason in row, rule.id


LABELS = {"record_date": EventSpec(kind="record_date", label="Record date (close of business)"),
          "notice": EventSpec(kind="notice", label="Mail notice of meeting to stockholders (deposit in the U.S. mail)"),
          "nyse": EventSpec(kind="operational", label="NYSE told of the record date")}

# (gap rule fields, the text a secretary reads, why)
WORDING = [
    (dict(min_days=0), "record date on or before mail notice of meeting to stockholders", "not 'at least 0 days'"),
    (dict(min_days=1, max_days=1), "record date exactly 1 day before mail notice of meeting to stockholders", "1 day, not 1 days"),
    (dict(min_days=10, max_days=60), "record date 10 to 60 days before mail notice of meeting to stockholders", ""),
    (dict(min_days=1, counting="business"), "record date at least 1 business day before mail notice of meeting to stockholders", ""),
    (dict(max_days=2, counting="business"), "mail notice of meeting to stockholders at most 2 business days after record date", ""),
    (dict(min_days=0, max_days=0), "record date on the same day as mail notice of meeting to stockholders", ""),
    (dict(max_months=1), "mail notice of meeting to stockholders at most 1 month after record date", ""),
]


@pytest.mark.parametrize("fields, text, why", WORDING, ids=[w[1][:40] for w in WORDING])
def test_requires_is_written_with_event_labels(fields, text, why):
    rule = GapRule(id="r", cite="c", summary="s", before="record_date", after="notice", **fields)
    assert rule.describe(event_names(LABELS)) == text, why


def test_labels_lose_their_parenthesis_and_keep_acronyms():
    assert event_names(LABELS) == {"record_date": "record date", "notice": "mail notice of meeting to stockholders",
                                   "nyse": "NYSE told of the record date"}


def test_without_labels_ids_are_written_as_words():
    rule = GapRule(id="r", cite="c", summary="s", before="record_date", after="adjourned_meeting", min_days=1)
    assert rule.describe() == "record date at least 1 day before adjourned meeting"


def test_no_plan_writes_one_days_or_internal_names(monkeypatch, capsys):
    text = _plan_text(monkeypatch, capsys, None)
    assert not re.search(r"\b1 (business |clear )?days\b", text)
    assert "at least 0 days" not in text
    requires = [line for line in text.splitlines() if "satisfied" in line]
    assert requires and not any("record_date " in line or "voting_list " in line for line in requires)
