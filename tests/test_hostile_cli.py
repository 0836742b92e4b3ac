"""The hostile-input corpus, through the command line (issue 12): every case
runs `planner` in a process of its own with a timeout (forked from a server
with the planner imported: tests/forked_cli.py), and gets its exit code (2:
one line naming the file and the field; never 3, never a traceback, never a
hang) and what it must say.

The same bodies over HTTP: tests/test_hostile_http.py."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

from planner.model.limits import MAX_DOCUMENT_BYTES
from tests.forked_cli import planner_process
from tests.helpers import NGS, ROOT, WILLIAMS, seed

TIMEOUT_S = 30  # a hang fails the case; a healthy refusal takes a second or two
NGS_SHARES = ROOT / "scenarios" / "natural-gas-services-infeasible-shares.yaml"


def run(*args: str, cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess:
    # A process of its own (its exit status, umask and a hang under the timeout are real), forked
    # from a server that has the planner imported (tests/forked_cli.py): no second of imports each.
    return planner_process(*args, cwd=cwd, umask=umask, timeout=TIMEOUT_S)


def williams_text(**extra: str) -> str:
    """The Williams scenario as YAML text, with raw YAML lines added (unquoted dates stay unquoted)."""
    text = WILLIAMS.read_text(encoding="utf-8")
    return text + "".join(f"{key}: {value}\n" for key, value in extra.items())


def gap(rule_id: str, **fields) -> dict:
    return {"kind": "gap", "id": rule_id, "cite": "Scenario: test", "summary": "A test gap.", "source": "operational",
            "before": "record_date", "after": "meeting", "min_days": 1, **fields}


def williams_with(**changes) -> str:
    # libyaml's dumper writes the same text as the pure-Python one, some 3x quicker: these tables are
    # built while every xdist worker collects.
    return yaml.dump({**seed(WILLIAMS), **changes}, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Nested anchors, `levels` of `width`: width**levels values once written out."""
    lines = [f'  l0: &l0 [{", ".join(["x"] * width)}]']
    for i in range(1, levels):
        lines.append(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "bomb:\n" + "\n".join(lines) + "\n"


BOMB_TOP = "l8"

# name: (files {name: text or a function giving it}, argv, exit code, what stderr must say)
CASES = {
    "unquoted impossible closure": (
        {"s.yaml": williams_text(closures="[2027-02-31]")}, ["plan", "s.yaml"], 2, "s.yaml: closures[0]"),
    "unquoted impossible date in --dates": (
        {"d.yaml": "events:\n  meeting: 2027-04-31\n"}, ["check", str(WILLIAMS), "--dates", "d.yaml"], 2,
        "d.yaml: events.meeting"),
    "unquoted impossible date in a rule": (
        {"s.yaml": williams_text(rules="\n  - {kind: on_date, id: pin, cite: 'x', summary: 'x', source: operational, "
                                       "event: meeting, date: 2027-02-31}")},
        ["plan", "s.yaml"], 2, "s.yaml: rules[0]"),
    "unquoted impossible date in --vary": (
        {}, ["whatif", str(WILLIAMS), "--vary", "closures=[2027-02-31]"], 2, "--vary"),
    "adjourn --dates with an impossible date": (
        {"d.yaml": "events:\n  meeting: 2027-04-31\n"}, ["adjourn", str(WILLIAMS), "--dates", "d.yaml", "--to", "2027-06-01"],
        2, "d.yaml: events.meeting"),
    "--dates in year 0001": (
        {"d.yaml": "events:\n  meeting: 0001-04-28\n"}, ["check", str(WILLIAMS), "--dates", "d.yaml"], 2, "d.yaml: events"),
    "--dates events as a list of junk": (
        {"d.yaml": "events: [x, 1]\n"}, ["check", str(WILLIAMS), "--dates", "d.yaml"], 2, "d.yaml: events"),
    "adjourn: a rule on an unknown event": (
        {"s.yaml": williams_with(rules=[gap("ghost", before="nowhere")])},
        ["adjourn", "s.yaml", "--meeting", "2027-04-28", "--to", "2027-05-12"], 2, "s.yaml: rules[0]"),
    "special: a rule on an unknown event": (
        {"s.yaml": williams_with(rules=[gap("ghost", before="nowhere")])}, ["special", "s.yaml", "--called", "2027-03-01"],
        2, "s.yaml: rules[0]"),
    "adjourn: meeting_type weekly": (
        {"s.yaml": williams_with(facts={**seed(WILLIAMS)["facts"], "meeting_type": "weekly"})},
        ["adjourn", "s.yaml", "--meeting", "2027-04-28", "--to", "2027-05-12"], 2, "s.yaml: facts.meeting_type"),
    "special: meeting_type weekly": (
        {"s.yaml": williams_with(facts={**seed(WILLIAMS)["facts"], "meeting_type": "weekly"})},
        ["special", "s.yaml", "--called", "2027-03-01"], 2, "s.yaml: facts.meeting_type"),
    "alias bomb under extends": (
        {"s.yaml": alias_bomb() + f"schema_version: 1\nextends: {WILLIAMS}\nname: *{BOMB_TOP}\n"}, ["plan", "s.yaml"], 2,
        "aliases expand"),
    "alias bomb under remove": (
        {"s.yaml": alias_bomb() + f"schema_version: 1\nextends: {WILLIAMS}\nremove: *{BOMB_TOP}\n"}, ["plan", "s.yaml"], 2,
        "aliases expand"),
    "alias bomb anywhere": ({"s.yaml": alias_bomb() + williams_text(closures=f"*{BOMB_TOP}")}, ["plan", "s.yaml"], 2,
                            "aliases expand"),
    "alias bomb in a rulebook": (
        {"b.yaml": alias_bomb() + (ROOT / "constraints" / "williams-natural-gas.yaml").read_text(encoding="utf-8"),
         "s.yaml": williams_with(rulebook="b.yaml")}, ["plan", "s.yaml"], 2, "b.yaml"),
    "alias bomb in --dates": ({"d.yaml": alias_bomb() + f"events: *{BOMB_TOP}\n"},
                              ["check", str(WILLIAMS), "--dates", "d.yaml"], 2, "aliases expand"),
    "an alias inside itself": ({"s.yaml": "a: &a [*a]\n"}, ["plan", "s.yaml"], 2, "contains it"),
    # Written when the case runs (a callable), not in every worker while collecting.
    "5000 rules": ({"s.yaml": lambda: williams_with(rules=[gap(f"g{i}") for i in range(5000)])}, ["explain", "s.yaml"], 2,
                   "max_rules"),
    "201 events": ({"s.yaml": williams_with(events={f"e{i}": {"kind": "operational", "label": "x"} for i in range(201)})},
                   ["plan", "s.yaml"], 2, "max_events"),
    "101 anchors": ({"s.yaml": williams_with(anchors={f"a{i}": {"day": "June 1"} for i in range(101)})},
                    ["plan", "s.yaml"], 2, "max_anchors"),
    "a file over the size limit": ({"s.yaml": williams_text() + "#" * 1_100_000 + "\n"}, ["plan", "s.yaml"], 2, "larger than"),
    "a grid of 10^12 variants": (
        {}, ["whatif", str(WILLIAMS), *(arg for field in ("margin_cap_days", "time_limit_s", "rules.printing-lead.min_days",
                                                          "rules.mailing-after-printing.min_days")
                                        for arg in ("--vary", f"{field}=" + ",".join(map(str, range(1, 1001)))))],
        2, "max_variants"),
    "scenario year 1900": ({"s.yaml": williams_with(year=1900)}, ["plan", "s.yaml"], 2, "s.yaml: year"),
    "--year 1900": ({}, ["plan", str(WILLIAMS), "--year", "1900"], 2, "1970..2200"),
    "--chart given twice": ({}, ["plan", str(WILLIAMS), "--chart", "a.png", "--chart", "b.png"], 2, "--chart: given twice"),
    "--format given twice": ({}, ["plan", str(WILLIAMS), "--format", "csv", "--format", "json"], 2, "given twice"),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_cli_input_is_refused_in_one_line(tmp_path, name):
    files, argv, code, says = CASES[name]
    for file_name, text in files.items():
        (tmp_path / file_name).write_text(text() if callable(text) else text, encoding="utf-8")
    done = run(*argv, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    # One line says it (argparse's own refusals come after its usage lines), naming the file and the
    # field; read back in the index notation, since the message counts as a person does (line 13,
    # rule 1, item 1).
    assert says in _as_indexes(done.stderr.strip().splitlines()[-1]), done.stderr


def _as_indexes(line: str) -> str:
    line = re.sub(r", line \d+:", ":", line)
    line = re.sub(r"rule (\d+) \([^)]*\)", lambda m: f"rules[{int(m[1]) - 1}]", line)
    return re.sub(r"(\w+), item (\d+)", lambda m: f"{m[1]}[{int(m[2]) - 1}]", line)


# Files that are no files: refused before a byte is read (they would hang or fill memory).


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
@pytest.mark.parametrize("role", ["scenario", "rulebook", "dates", "timelines"])
def test_devices_and_pipes_are_refused_before_reading(tmp_path, device, role):
    target = tmp_path / "x.yaml"
    if device == "fifo":
        os.mkfifo(target)  # nobody writes: reading it would block for ever
    else:
        target.symlink_to(device)  # a .yaml name, as a rulebook path needs
    (tmp_path / "s.yaml").write_text(williams_with(rulebook="x.yaml"), encoding="utf-8")
    argv = {"scenario": ["plan", "x.yaml"], "rulebook": ["plan", "s.yaml"],
            "dates": ["check", str(WILLIAMS), "--dates", "x.yaml"], "timelines": ["check", "--timelines", "x.yaml"]}[role]
    done = run(*argv, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "x.yaml: is not a regular file" in done.stderr


@pytest.mark.parametrize("document", ["/dev/zero", "fifo", "directory", "huge"])
def test_a_bylaws_document_that_is_no_file_or_too_big_is_refused_before_reading(tmp_path, document):
    # `planner draft` read the whole file first: /dev/zero or a pipe hung it.
    target = tmp_path / "bylaws.pdf"
    if document == "fifo":
        os.mkfifo(target)
    elif document == "directory":
        target.mkdir()
    elif document == "huge":
        with target.open("wb") as handle:  # sparse: the size is refused from the stat, nothing read
            handle.truncate(MAX_DOCUMENT_BYTES + 1)
    else:
        target.symlink_to(document)
    done = run("draft", str(target), "--out", str(tmp_path / "book.yaml"), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    says = {"directory": "is a directory", "huge": f"file is larger than {MAX_DOCUMENT_BYTES} bytes"}.get(
        document, "is not a regular file")
    assert done.stderr.strip().splitlines()[-1].startswith(f"planner: error: {target}: {says}"), done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "book.yaml").exists()


# whatif: workers and signals.


def test_whatif_workers_are_capped_to_the_cores(tmp_path):
    done = run("whatif", str(WILLIAMS), "--vary", "margin_cap_days=1,2", "--workers", "1024", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"--workers 1024 capped to the {len(os.sched_getaffinity(0))} cores available" in done.stderr
    assert len(done.stdout.splitlines()) == 3


def test_whatif_workers_end_with_the_sweep_on_sigterm(tmp_path):
    values = ",".join(map(str, range(200)))
    process = psutil.Popen([sys.executable, "-m", "planner.faces.cli", "whatif", str(WILLIAMS), "--vary",
                            f"margin_cap_days={values}", "--vary", "year=2027,2028", "--workers", "2", "--quiet"],
                           cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        workers: list[psutil.Process] = []
        deadline = time.monotonic() + TIMEOUT_S
        while not workers and time.monotonic() < deadline and process.poll() is None:
            workers = process.children()
            time.sleep(0.1)  # waiting for the pool to start: there is no event to wait on
        assert workers, "the sweep never started its worker processes"
        process.send_signal(signal.SIGTERM)
        assert process.wait(TIMEOUT_S) == 128 + signal.SIGTERM
        _, alive = psutil.wait_procs(workers, timeout=5)
        assert not alive, f"workers still running after SIGTERM: {alive}"
    finally:
        if process.poll() is None:
            process.kill()


# Output: JSON where asked, safe in a spreadsheet and a terminal, files with the user's modes.


def test_packs_as_json_is_json(tmp_path):
    done = run("packs", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    packs = json.loads(done.stdout)
    assert {p["id"] for p in packs} >= {"dgcl", "sec", "nyse"}
    assert all(p["rules"] for p in packs)


def test_csv_cells_that_are_formulas_are_neutralised(tmp_path):
    data = seed(WILLIAMS)
    data["events"]["materials_printed"] = {"kind": "operational", "label": '=HYPERLINK("http://evil.example","x")'}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    done = run("plan", "s.yaml", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "'=HYPERLINK(" in done.stdout
    assert ',"=HYPERLINK' not in done.stdout and ",=HYPERLINK" not in done.stdout


def test_terminal_escapes_in_names_are_stripped(tmp_path):
    (tmp_path / "s.yaml").write_text(williams_with(name="Evil \x1b]0;owned\x07\x1b[2J meeting"), encoding="utf-8")
    done = run("plan", "s.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Evil ]0;owned[2J meeting" in done.stdout


def test_output_files_keep_the_users_umask_and_an_existing_files_mode(tmp_path):
    private = run("plan", str(WILLIAMS), "--ics", "new.ics", cwd=tmp_path, umask=0o077)
    assert private.returncode == 0, private.stderr
    assert stat.S_IMODE((tmp_path / "new.ics").stat().st_mode) == 0o600
    existing = tmp_path / "old.ics"
    existing.write_text("old")
    existing.chmod(0o640)
    kept = run("plan", str(WILLIAMS), "--ics", "old.ics", cwd=tmp_path, umask=0o022)
    assert kept.returncode == 0, kept.stderr
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640 and existing.read_text() != "old"
    fresh = run("plan", str(WILLIAMS), "--ics", "shared.ics", cwd=tmp_path, umask=0o022)
    assert fresh.returncode == 0 and stat.S_IMODE((tmp_path / "shared.ics").stat().st_mode) == 0o644


# The Natural Gas Services share increase: a fix is shown only if it works, in English.


def test_ngs_share_increase_fixes_are_replanned_and_read_as_english(tmp_path):
    done = run("explain", str(NGS_SHARES), "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    fixes = json.loads(done.stdout)["fixes"]
    relax = [f for f in fixes if f["kind"] == "relax_rule"]
    # The mailing house's 2 business days cannot give 6: even 0 days leaves no calendar.
    assert "mailing-after-printing" not in {f["target"] for f in relax}
    assert all(f["text"].startswith(("allow as little as", "allow as much as")) for f in relax), relax
    assert not any(f["text"].startswith("let ") for f in fixes)
    printing = next(f for f in relax if f["target"] == "printing-lead")
    assert "business days from record_date to materials_printed, not 30" in printing["text"]
    # Re-planned: the fix plans, one business day less relaxed does not.
    value = printing["value"]
    sweep = run("whatif", str(NGS_SHARES), "--vary", f"rules.printing-lead.min_days={value},{value + 1}", "--format", "json",
                cwd=tmp_path)
    assert [row["status"] for row in json.loads(sweep.stdout)["rows"]] == ["feasible", "infeasible"]
    zero = run("whatif", str(NGS_SHARES), "--vary", "rules.mailing-after-printing.min_days=0", "--format", "json", cwd=tmp_path)
    assert [row["status"] for row in json.loads(zero.stdout)["rows"]] == ["infeasible"]
