"""Plans as text for people (table), for programs (JSON) and for
spreadsheets (CSV)."""

from __future__ import annotations

import io
from typing import Literal

from .documents import Rulebook
from .results import Plan

__all__ = ["render_plan", "render_rulebook", "Format"]

Format = Literal["table", "json", "csv"]


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _plan_table(plan: Plan) -> str:
    by_id = {r.id: r for r in plan.rules}
    out = [f"{plan.scenario} ({plan.year}), rulebook {plan.rulebook}: {plan.status.replace('_', ' ').upper()}"]
    if plan.facts:
        out.append("facts: " + ", ".join(f"{k}={v}" for k, v in plan.facts.items()))
    dated = [e for e in plan.events if e.date]
    if dated:
        rows = []
        for e in dated:
            binding = "; ".join(f"{by_id[r].cite} ({r})" for r in e.binding)
            rows.append([e.date.isoformat(), e.weekday[:3], e.label, binding or "-"])
        out += ["", _table(["date", "day", "what to do", "binding rule (no margin left)"], rows)]
    for index, conflict in enumerate(plan.conflicts, 1):
        out += ["", f"conflict {index}: these rules cannot all hold:"]
        out += [f"  - {rid}: {by_id[rid].cite}: {by_id[rid].text}" for rid in conflict if rid in by_id]
    rows = [
        [r.id, r.cite, r.source, r.status, "" if r.slack_days is None else str(r.slack_days), r.text]
        for r in plan.rules
    ]
    out += ["", _table(["rule", "cite", "class", "status", "margin", "requires"], rows)]
    return "\n".join(out) + "\n"


def render_plan(plan: Plan, fmt: Format) -> str:
    if fmt == "json":
        return plan.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        frame = plan.to_frame()
        frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
        frame.to_csv(buffer, index=False)
        return buffer.getvalue()
    return _plan_table(plan)


def render_rulebook(book: Rulebook, fmt: Format) -> str:
    if fmt == "json":
        return book.model_dump_json(indent=2) + "\n"
    rows = [[r.id, r.cite, r.source, r.kind, ", ".join(f"{k}={v}" for k, v in r.when.items()) or "always", r.describe()]
            for r in book.rules]
    if fmt == "csv":
        import csv

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["rule", "cite", "class", "kind", "when", "requires", "summary"])
        writer.writerows(row + [r.summary] for row, r in zip(rows, book.rules))
        return buffer.getvalue()
    head = f"{book.title}\n{book.document}\nholidays: {book.jurisdiction.country}-{book.jurisdiction.subdiv}\n\n"
    body = _table(["rule", "cite", "class", "kind", "when", "requires"], rows)
    summaries = "\n".join(f"{r.id} ({r.cite}): {r.summary}" for r in book.rules)
    return head + body + "\n\n" + summaries + "\n"
