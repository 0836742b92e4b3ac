"""The README and the manual (docs/) tell the truth: their Python examples
run as written, every line of a shown command output is one the command
prints today, and the site builds with `mkdocs build --strict`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


BLOCKS = [(page, block) for page in PAGES for block in re.findall(r"```python\n(.*?)```", _text(page), re.S)]
# Shown command output: "$ command" blocks. A line that is not an elision
# ("...") must be a line the command prints today.
SHOWN = [(page, cmd, out) for page in PAGES for cmd, out in re.findall(r"```text\n\$ (.*?)\n(.*?)```", _text(page), re.S)]


def _id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_the_pages_have_examples():
    assert BLOCKS and SHOWN


@pytest.mark.parametrize("page, block", BLOCKS, ids=[f"{_id(p)}#{i}" for i, (p, _) in enumerate(BLOCKS)])
def test_python_block_runs(page, block, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(block, f"{_id(page)} python block", "exec"), {})


def test_readme_names_the_two_commands_ci_runs():
    text = _text(ROOT / "README.md")
    assert "python3 tasks.py plan" in text and "python3 tasks.py test" in text
    assert "tasks.py test" in (ROOT / ".ci" / "run").read_text()


def test_readme_is_short():
    assert len(_text(ROOT / "README.md").splitlines()) < 300


def _planner_args(command: str) -> list[str]:
    if command == "python3 tasks.py plan":
        return ["plan", "scenarios/williams-natural-gas-2027.yaml"]
    prefix = ".venv/bin/planner "
    assert command.startswith(prefix), f"a page shows {command!r}: run it as .venv/bin/planner"
    return command.removeprefix(prefix).split()


@pytest.mark.parametrize("page, command, shown", SHOWN, ids=[f"{_id(p)}: {c}" for p, c, _ in SHOWN])
def test_shown_output_is_what_the_command_prints(page, command, shown, monkeypatch, capsys):
    from planner.faces import cli

    monkeypatch.chdir(ROOT)
    assert cli.main(_planner_args(command)) in (0, 1)
    printed = {line.rstrip() for line in capsys.readouterr().out.splitlines()}
    stale = [line for line in shown.splitlines() if "..." not in line and line.strip() and line.rstrip() not in printed]
    assert not stale, f"{_id(page)}: lines the command no longer prints: {stale}"


def test_every_page_is_in_the_site_menu():
    menu = _text(ROOT / "mkdocs.yml")
    for page in PAGES[1:]:
        assert page.name in menu, f"docs/{page.name} is not in mkdocs.yml's nav"


def test_the_site_builds_strict(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "architecture" / "index.html").exists()


def test_the_vocabulary_page_is_the_engines_vocabulary():
    from tests.regen_docs import VOCABULARY_PAGE, vocabulary_markdown

    assert VOCABULARY_PAGE.read_text(encoding="utf-8") == vocabulary_markdown(), "run tests/regen_docs.py"


def test_every_path_the_pages_name_exists():
    """A file path in the README or the manual (planner/..., bench/...,
    tests/..., constraints/...) names a file of the repository: moving a
    module must move its mentions too."""
    named = re.compile(r"`((?:planner|bench|tests|constraints|scenarios)/[\w./-]+\.(?:py|yaml|csv|md|json))`")
    missing = [f"{page.name}: {path}" for page in PAGES for path in named.findall(_text(page)) if not (ROOT / path).exists()]
    assert not missing, missing
