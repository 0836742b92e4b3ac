"""Bad input is told in the user's terms (issue 18): no regular expression,
no Python type names, rules counted from 1 with their id, and the line of
the YAML file where the problem is written."""

from __future__ import annotations

import pytest

from planner.faces import cli
from tests.helpers import ROOT

SOURCE = (ROOT / "scenarios" / "williams-natural-gas-infeasible-printing.yaml").read_text(encoding="utf-8")
LINES = SOURCE.splitlines()


def _line_of(text: str) -> int:
    return next(i for i, line in enumerate(LINES, 1) if line == text)


PRINTER_CITE = '    cite: "Scenario: printer\'s schedule"'

# (line replaced, its replacement, the error's place, the words it must say, why)
CASES = [
    ("  - id: printing-lead", "  - id: Printing Lead", f"line {_line_of('  - id: printing-lead')}: rule 2 (Printing Lead), id",
     "must be lower-case letters, digits, '-', '_' and '.', starting with a letter or digit; got 'Printing Lead'",
     "a pattern, not its regular expression"),
    ("    min_days: 55", "    min_days:", f"line {_line_of('  - id: printing-lead')}: rule 2 (printing-lead)",
     "a gap needs min_days, max_days or max_months", "an empty value"),
    ("    min_days: 55", "    min_days: -3", f"line {_line_of('    min_days: 55')}: rule 2 (printing-lead), min_days",
     "must be at least 0; got -3", ""),
    ("    min_days: 55", "    min_day: 55", f"line {_line_of('    min_days: 55')}: rule 2 (printing-lead), min_day",
     "is not a field here (check the spelling)", ""),
    ("    kind: business_day", "    kind: busines_day", f"line {_line_of('  - id: mail-on-business-day')}: rule 3 (mail-on-business-day)",
     "kind 'busines_day' is not one of gap, on_date, date_window, business_day", "a misspelt kind"),
    ("year: 2027", "year: twenty", f"line {_line_of('year: 2027')}: year", "must be a whole number; got 'twenty'", ""),
    (PRINTER_CITE, "    cite:", f"line {_line_of(PRINTER_CITE)}: rule 2 (printing-lead), cite", "is empty; give a value",
     "None, not 'NoneType'"),
    ("  record_date_resolution:", "  record_date_resolution: 5", f"line {_line_of('  record_date_resolution:')}: events.record_date_resolution",
     "must be a mapping of names to values; got 5", ""),
]


@pytest.mark.parametrize("old, new, where, words, why", CASES, ids=[c[1].strip() for c in CASES])
def test_errors_name_the_line_and_say_what_is_wrong(old, new, where, words, why, tmp_path, capsys):
    assert old in LINES
    path = tmp_path / "scenario.yaml"
    path.write_text(SOURCE.replace(old + "\n", new + "\n", 1), encoding="utf-8")
    assert cli.main(["plan", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err == f"planner: error: {path}, {where}: {words}", why


def test_no_message_shows_pydantic_internals(tmp_path, capsys):
    """Every one-line mutation of every line of a seed scenario: no regex, no
    type names, no pydantic wording, never a rule counted from 0."""
    seen = 0
    for number, line in enumerate(LINES):
        if ":" not in line or line.lstrip().startswith("#"):
            continue
        for mutation in (line.split(":")[0] + ": [1, 2]", line.split(":")[0] + ":", line.split(":")[0] + ": {a: b}"):
            path = tmp_path / "s.yaml"
            path.write_text("\n".join([*LINES[:number], mutation, *LINES[number + 1:]]) + "\n", encoding="utf-8")
            if cli.main(["plan", str(path)]) != 2:
                capsys.readouterr()
                continue
            err = capsys.readouterr().err
            seen += 1
            for bad in ("NoneType", "Input should", "^[", "[a-z", "rules[", "validation error", "Traceback"):
                assert bad not in err, (mutation, err)
    assert seen > 20
