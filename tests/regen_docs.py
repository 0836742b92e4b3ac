"""Refresh the command output shown in the README and docs/ pages, and
write docs/vocabulary.md from the engine's vocabulary.

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


VOCABULARY_PAGE = ROOT / "docs" / "vocabulary.md"
VOCABULARY_INTRO = """# The meeting vocabulary

The engine owns the words of a meeting cycle (`planner/model/vocabulary.py`). A rulebook, a pack,
`planner adjourn`, `planner special`, `planner init` and `planner draft` all use them. A rulebook may
name a standard event without its kind and label (`notice: {required: true}`) and use a standard
fact in a rule's `when` without declaring it; it may add events and facts of its own. A pack never
fails because a rulebook lacks a standard fact: the vocabulary's declaration applies.
"""
VOCABULARY_OUTRO = """
A rulebook switches an implied rule off only explicitly, with the reason, and may limit that to some
values of one fact (Cleco does: with no record date fixed, its votes follow the register on the
meeting day, Art. II §6):

```yaml
implied_off:
  implied-record-date-not-after-notice:
    reason: Art. II §6 - with no record date fixed, votes follow the register on the meeting day.
    when: {record_date_fixing: none}
```

## A waived notice

With `notice_waived: true` no notice is planned, nor any event that only serves it (printing and
mailing that come before the notice and before nothing else). The plan's notes say so and by what
route (the fact's own description: who waived, under which section).

Left open (`--fact notice_waived=choose`, or a list of values), every rule on those events, the
packs' and the implied ones too, applies only where notice is not waived: a plan that picks the
waiver dates no mailing, and the findings never compare a rule on the notice with one that applies
only to a waived notice (a statute's default record date on the eve of notice against the bylaws'
on the eve of a meeting whose notice was waived).

## What a plan says about its coverage

Every plan has `coverage`: the rulebook and packs it was checked against, the law it was not checked
against (a state with no pack, no state given, a rule whose date the scenario did not give, such as
last year's meeting for DGCL §211(c)), the rules marked unverified, and the events no rule bounds on
one side (`record_date_resolution: no earliest date`). The law not checked is also a warning, in the
table, the JSON, the report and over HTTP.

## Starting a new company: `planner init` and `planner lint`

`planner init` writes a rulebook and a scenario in this vocabulary from a few answers, as flags or
interactively; `planner lint` lists what a reviewer would flag before trusting a rulebook. See
[Commands](commands.md).
"""


def vocabulary_markdown() -> str:
    """docs/vocabulary.md, from planner.model.vocabulary (the one source)."""
    from planner.model.vocabulary import IMPLIED_RULES, MEETING_CYCLE, STANDARD_EVENTS, STANDARD_FACTS

    out = [VOCABULARY_INTRO, "## Events", "", "| event | kind | meaning |", "| --- | --- | --- |"]
    out += [f"| `{e.id}` | {e.kind} | {e.meaning} |" for e in STANDARD_EVENTS.values()]
    cycle = ", ".join(f"`{e}`" for e in MEETING_CYCLE)
    out += ["", f"The steps of every shareholders' meeting ({cycle}) are planned whenever a rule of the",
            "rulebook, of a pack or of the scenario names them, even if the rulebook does not declare them: bylaws that say",
            "nothing of notice still get the statute's notice window.", "",
            "## Facts", "", "| fact | values | default | meaning |", "| --- | --- | --- | --- |"]
    for f in STANDARD_FACTS.values():
        option = " An option: explanations may propose another value." if f.option else ""
        out.append(f"| `{f.name}` | {', '.join(f'`{v}`' for v in f.values)} | `{f.default}` | {f.meaning}{option} |")
    out += ["", "## Implied rules", "",
            "What the meaning of the events implies applies to every rulebook without being written, when the",
            "plan has both events. Each is reported with the class `implied` and a short reason where a citation",
            "goes, may be named in explanations, and is never proposed as a fix; its margin does not count in the",
            "plan's objective (an order is not a deadline).", "",
            "| rule | requires | why |", "| --- | --- | --- |"]
    for r in IMPLIED_RULES:
        needs = (f"`{r.before}` at least {r.min_days} day{'s' * (r.min_days != 1)} before `{r.after}`" if r.min_days
                 else f"`{r.before}` not after `{r.after}`")
        out.append(f"| `{r.id}` | {needs} | {r.reason} |")
    return "\n".join(out) + "\n" + VOCABULARY_OUTRO


def _refreshed(shown: str, printed: list[str]) -> str:
    """The block as it is while every shown line is still printed (a page may
    show lines from here and there); refreshed only when some line is stale."""
    lines = set(printed)
    stale = [line for line in shown.splitlines() if "..." not in line and line.strip() and line.rstrip() not in lines]
    return _refresh(shown, printed) if stale else shown


def main(pages: list[str]) -> None:
    if not pages:
        VOCABULARY_PAGE.write_text(vocabulary_markdown(), encoding="utf-8")
    for page in [Path(p) for p in pages] or [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        new = BLOCK.sub(lambda m: f"```text\n$ {m.group(1)}\n{_refreshed(m.group(2), _printed(m.group(1)))}```", text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            print(f"refreshed {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
