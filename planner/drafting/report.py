"""The coverage report a reviewer reads beside the draft: questions first,
then every sentence with a time expression and what became of it."""

from __future__ import annotations

from planner.drafting.draft import Draft

__all__ = ["coverage_markdown"]


def coverage_markdown(draft: Draft) -> str:
    lines = [f"# Draft review: {draft.source}", ""]
    lines += [f"{len(draft.rules)} rules drafted, {len(draft.questions)} questions, "
              f"{len(draft.coverage)} sentences with a time expression.", "", "## Questions", ""]
    lines += [f"- **{q.kind}**, {q.cite} (line {q.line}): {q.question}" for q in draft.questions] or ["(none)"]
    lines += ["", "## Coverage", "", "| line | cite | status | rules | sentence |", "| --- | --- | --- | --- | --- |"]
    for c in draft.coverage:
        sentence = c.sentence.replace("|", "\\|")
        status = c.status.replace("_", " ") + (f" ({c.reason})" if c.reason else "")
        lines.append(f"| {c.line} | {c.cite} | {status} | {', '.join(c.rules)} | {sentence} |")
    return "\n".join(lines) + "\n"
