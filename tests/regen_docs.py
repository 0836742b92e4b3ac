"""Refresh the command output shown in the README and docs/ pages.

    .venv/bin/python tests/regen_docs.py [PAGE.md ...]

A shown block is "```text" then "$ command" then lines the command prints,
with "..." lines where output is left out.  Each run of shown lines between
elisions is replaced by as many lines of today's output, starting where
the run's first line now is (found by its first words; by its old position
otherwise).  Review the diff: tests/test_docs.py then holds the pages to it.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```text\n\$ (.*?)\n(.*?)```", re.S)


def _printed(command: str) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_docs import _planner_args  # the tests' own reading of a command

    from planner.faces import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli.main(_planner_args(command))
    return [line.rstrip() for line in out.getvalue().splitlines()]


def _key(line: str) -> str:
    return " ".join(line.split()[:2])


def _refresh(shown: str, printed: list[str]) -> str:
    lines = shown.splitlines()
    out: list[str] = []
    run: list[str] = []
    cursor = 0

    def flush() -> None:
        nonlocal cursor
        if not run:
            return
        start = next((i for i in range(cursor, len(printed)) if printed[i] == run[0]), None)
        if start is None:
            start = next((i for i in range(cursor, len(printed)) if _key(printed[i]) == _key(run[0]) and _key(run[0])), cursor)
        out.extend(printed[start:start + len(run)])
        cursor = start + len(run)
        run.clear()

    for line in lines:
        if "..." in line or not line.strip():
            flush()
            out.append(line)
        else:
            run.append(line)
    flush()
    return "\n".join(out) + "\n"


def main(pages: list[str]) -> None:
    for page in [Path(p) for p in pages] or [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        new = BLOCK.sub(lambda m: f"```text\n$ {m.group(1)}\n{_refresh(m.group(2), _printed(m.group(1)))}```", text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            print(f"refreshed {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
