"""Every CSV the command prints starts with a UTF-8 byte-order mark, so Excel
shows "§" as written (issue 18), and still parses as CSV with utf-8-sig."""

from __future__ import annotations

import csv
import io

import pytest

from tests.forked_cli import planner_process
from tests.helpers import ROOT

WILLIAMS = "scenarios/williams-natural-gas-2027.yaml"

COMMANDS = {
    "plan": ["plan", WILLIAMS],
    "years": ["plan", WILLIAMS, "--years", "2027-2028"],
    "rules": ["rules", "williams-natural-gas"],
    "packs": ["packs", "sec"],
    "datemap": ["datemap", WILLIAMS],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_csv_starts_with_a_byte_order_mark_and_keeps_the_section_sign(name):
    # The bytes a process writes to its stdout (a fork with the planner imported: tests/forked_cli.py).
    run = planner_process(*COMMANDS[name], "--format", "csv", cwd=ROOT, timeout=300, text=False)
    assert run.returncode in (0, 1), run.stderr
    assert run.stdout[:3] == b"\xef\xbb\xbf"
    assert run.stdout.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8-sig"))))
    assert len(rows) > 1 and not rows[0][0].startswith("\ufeff")
    if name in ("plan", "rules"):
        assert any("§" in cell for row in rows for cell in row)  # "Art. I §1.1", not "Â§"
