"""tests/forked_cli.py answers as `subprocess.run` does for a fresh
`python -m planner.faces.cli`: the same exit status, output bytes and
file modes, and a command past its timeout is killed and raises."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import psutil
import pytest

from tests.forked_cli import planner_process
from tests.helpers import ROOT, WILLIAMS


def test_a_forked_command_answers_as_a_fresh_interpreter(tmp_path):
    argv = ["rules", "williams-natural-gas", "--format", "csv"]
    fresh = subprocess.run([sys.executable, "-m", "planner.faces.cli", *argv], cwd=ROOT, capture_output=True, timeout=120)
    forked = planner_process(*argv, text=False)
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert fresh.returncode == 0 and fresh.stdout.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("argv, code", [
    (["plan", "no-such-file.yaml"], 2),
    (["plan", "--no-such-option"], 2),  # argparse's own exit
    (["plan", "scenarios/williams-natural-gas-infeasible-printing.yaml"], 1),
])
def test_exit_statuses_are_the_processes(argv, code):
    done = planner_process(*argv)
    assert done.returncode == code, done.stderr
    assert (done.stdout + done.stderr).strip() and "Traceback" not in done.stderr


def test_each_command_has_its_own_cwd_environment_and_umask(tmp_path):
    done = planner_process("plan", WILLIAMS, "--ics", "plan.ics", cwd=tmp_path, umask=0o077,
                           env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
    assert done.returncode == 0, done.stderr
    ics = tmp_path / "plan.ics"
    assert stat.S_IMODE(ics.stat().st_mode) == 0o600
    assert b"DTSTAMP:19700101T000000Z" in ics.read_bytes()
    assert os.getcwd() != str(tmp_path)  # the test's own process is untouched


def test_a_command_past_its_timeout_is_killed_and_raises(tmp_path):
    with pytest.raises(subprocess.TimeoutExpired):
        # 7,400 variants: seconds of work on two workers (each about a millisecond), well past the timeout.
        planner_process("whatif", WILLIAMS, "--vary", "year=" + ",".join(map(str, range(2027, 2101))),
                        "--vary", "margin_cap_days=" + ",".join(map(str, range(1, 101))),
                        "--workers", "2", cwd=tmp_path, timeout=0.5)
    # Nothing of it is left running: neither the command nor the sweep's workers (all run in tmp_path).
    deadline = time.monotonic() + 10
    while (left := [p for p in psutil.process_iter(["cwd"]) if p.info["cwd"] == str(tmp_path)]):
        assert time.monotonic() < deadline, f"still running after the timeout: {left}"
        time.sleep(0.1)  # SIGKILL is asynchronous: there is nothing to wait on for another process
    # The server is free again: the next command runs.
    assert planner_process("packs").returncode == 0
