"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_python_examples():
    assert BLOCKS


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_python_block_runs(index, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(BLOCKS[index], f"README.md python block {index + 1}", "exec"), {})


def test_readme_names_the_two_commands_ci_runs():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 tasks.py plan" in text and "python3 tasks.py test" in text
    assert "tasks.py test" in (ROOT / ".ci" / "run").read_text()


# Shown command output: "$ command" blocks. A line of the README that is not
# an elision ("...") must be a line the command prints today, so the figures
# and dates the README shows stay true.
SHOWN = re.findall(r"```text\n\$ (.*?)\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def _planner_args(command: str) -> list[str]:
    if command == "python3 tasks.py plan":
        return ["plan", "scenarios/williams-natural-gas-2027.yaml"]
    prefix = ".venv/bin/planner "
    assert command.startswith(prefix), f"the README shows {command!r}: run it as .venv/bin/planner"
    return command.removeprefix(prefix).split()


@pytest.mark.parametrize("command, shown", SHOWN, ids=[c for c, _ in SHOWN])
def test_readme_shown_output_is_what_the_command_prints(command, shown, monkeypatch, capsys):
    from planner import cli

    monkeypatch.chdir(ROOT)
    assert cli.main(_planner_args(command)) in (0, 1)
    printed = {line.rstrip() for line in capsys.readouterr().out.splitlines()}
    stale = [line for line in shown.splitlines() if "..." not in line and line.strip() and line.rstrip() not in printed]
    assert not stale, f"README lines the command no longer prints: {stale}"
