"""More hostile input, found by fuzzing the faces (hypothesis and mutations of
the bundled scenarios and rulebooks): each case was a crash (exit 3 or HTTP
500), a refusal with no field, or bad input let through. Run in this process
(tests.helpers.cli_run): the subprocess cases stay in tests/test_hostile_cli.py.

Every refusal is exit 2 with one line on stderr naming the file and the
field, and nothing on stdout; over HTTP a 422 with the field's location."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import WILLIAMS, cli_run, errors, seed

HUGE = "9" * 5000  # past Python's 4300-digit limit on int(str): int() raises ValueError
TIMELINE_HEADER = "company,state,listing,kind,record_date,mailing_date,meeting_date\n"


def williams_text(old: str, new: str) -> str:
    text = WILLIAMS.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# Whole numbers of more than 4300 digits ------------------------------------------------------


@pytest.mark.parametrize("old, new, field", [
    ("year: 2027", f"year: {HUGE}", "s.yaml, line 5: year"),
    ("min_days: 7", f"min_days: {HUGE}", "printing-lead), min_days"),
    ("min_days: 7", f"min_days: -{HUGE}", "printing-lead), min_days"),
    ("min_days: 7", f"min_days: 0x{'f' * 4000}", "printing-lead), min_days"),
    ("min_days: 7", f"min_days: 1:{'1' * 5000}", "printing-lead), min_days"),  # YAML 1.1 base 60
])
def test_a_huge_whole_number_in_yaml_is_refused_naming_its_field(tmp_path, old, new, field):
    # PyYAML's int() raised ValueError (the 4300-digit limit) while parsing: "internal error", exit 3.
    (tmp_path / "s.yaml").write_text(williams_text(old, new), encoding="utf-8")
    refused(cli_run("plan", "s.yaml", cwd=tmp_path), field, "whole number")


def test_a_huge_whole_number_in_a_dates_file_is_refused_naming_its_field(tmp_path):
    (tmp_path / "d.yaml").write_text(f'{{"events": {{"meeting": "2027-04-28"}}, "facts": {{"notice_waived": {HUGE}}}}}')
    refused(cli_run("check", WILLIAMS, "--dates", "d.yaml", cwd=tmp_path), "d.yaml", "notice_waived")


def test_whatif_with_a_huge_value_is_refused(tmp_path):
    refused(cli_run("whatif", WILLIAMS, "--vary", f"margin_cap_days={HUGE}", cwd=tmp_path), "--vary", "margin_cap_days")
