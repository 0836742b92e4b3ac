"""Plans as text for people (table), for programs (JSON) and for
spreadsheets (CSV)."""

from __future__ import annotations

import io
import textwrap
from typing import Literal

from .documents import Rulebook
from .explanations import Explanation
from .results import Plan

__all__ = ["render_plan", "render_rulebook", "render_explanation", "Format"]

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
    if plan.explanation is not None:
        out += ["", _explanation_text(plan.explanation).rstrip()]
    rows = [
        [r.id, r.cite, r.source, r.status, "" if r.slack_days is None else str(r.slack_days), r.text]
        for r in plan.rules
    ]
    out += ["", _table(["rule", "cite", "class", "status", "margin", "requires"], rows)]
    return "\n".join(out) + "\n"


def _explanation_text(why: Explanation) -> str:
    out = []
    for index, conflict in enumerate(why.conflicts, 1):
        short = f", {conflict.days_short} days short" if conflict.days_short is not None else ""
        out += [f"conflict {index} ({len(conflict.rules)} rules{short}): {', '.join(conflict.rules)}",
                *textwrap.wrap(conflict.text, 100, initial_indent="  ", subsequent_indent="  "), ""]
    if why.conflicts:
        allowed = [f for f in why.fixes if f.allowed]
        out.append("smallest fixes:" if allowed else "no fix without relaxing a bylaw or statute (see --allow-legal):")
        for fix in allowed or why.fixes:
            route = f" [legal route: {fix.legal_route}]" if fix.legal_route and fix.allowed else ""
            out.append(f"  - {fix.text}{route}")
        blocked = [f for f in why.fixes if not f.allowed] if allowed else []
        if blocked:
            out.append("needing a bylaw or statute to give way (allowed with --allow-legal): "
                       + "; ".join(f"{f.target} by {f.days} days" if f.days is not None else f.target for f in blocked))
    if why.windows:
        rows = [[e, str(lo or "no limit"), str(hi or "no limit")] for e, (lo, hi) in why.windows.items()]
        out += [f"{why.scenario}: FEASIBLE; each event's window with every rule holding:", "",
                _table(["event", "earliest", "latest"], rows)]
        if why.binding:
            out += ["", "binding in the plan (no margin left): " + ", ".join(why.binding)]
    return "\n".join(out) + "\n"


def render_explanation(why: Explanation, fmt: Format) -> str:
    if fmt == "json":
        return why.model_dump_json(indent=2) + "\n"
    head = "" if why.status == "feasible" else f"{why.scenario}: INFEASIBLE\n\n"
    return head + _explanation_text(why)


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
