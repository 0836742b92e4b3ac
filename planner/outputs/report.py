"""A plan as a report for people: Markdown, or one self-contained HTML page.

Both say what was planned and its status, give the calendar (date, weekday,
event, what to do, the rules that bind it), every rule with its citation,
status and margin, the rules that do not apply and why, and, when there is
no calendar, the explanation: each conflict in words, the days short and the
smallest fixes.  The HTML page has its CSS inline and, when the plan has
dates, the timeline chart as inline SVG.  Every piece of text from a
rulebook or scenario is escaped (HTML entities; Markdown punctuation).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

from planner.verdicts.explanations import Explanation
from planner.outputs.figures import REPORT_SUFFIXES, format_from_suffix, write_atomic
from planner.verdicts.results import Plan, RuleResult

__all__ = ["to_report", "write_report", "report_context", "ReportFormat", "REPORT_FORMATS", "REPORT_SUFFIXES"]

ReportFormat = Literal["md", "html"]
REPORT_FORMATS: tuple[str, ...] = ("md", "html")

# Markdown punctuation that could start emphasis, a link, raw HTML or break
# a table cell; underscores inside words are left alone (GFM ignores them).
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|#])")


def _md_text(value: Any) -> str:
    if isinstance(value, Markup):
        return str(value)
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s*\n\s*", " ", text)  # one table cell, one line


def _md_code(value: Any) -> Markup:
    return Markup(f"`{value}`")


@functools.lru_cache(maxsize=None)  # templates compile once per process
def _environment(fmt: ReportFormat):
    from jinja2 import Environment, PackageLoader, StrictUndefined  # loaded when a report is made

    if fmt == "html":
        env = Environment(loader=PackageLoader("planner.outputs", "templates"), autoescape=True,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters["code"] = lambda v: v
    else:
        env = Environment(loader=PackageLoader("planner.outputs", "templates"), autoescape=False, finalize=_md_text,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters["code"] = _md_code
    env.filters["days"] = _days
    return env


def _days(count: int) -> str:
    return f"{count} day" if abs(count) == 1 else f"{count} days"


def _margin(rule: RuleResult) -> str:
    return "" if rule.slack_days is None else str(rule.slack_days)


def _explanation(plan: Plan) -> Explanation | None:
    why = plan.explanation
    if why is None or isinstance(why, Explanation):
        return why
    return Explanation.model_validate(why)  # a plan read back from its JSON


def report_context(plan: Plan, *, chart_svg: str | None = None) -> dict[str, Any]:
    """What both templates show, computed once."""
    by_id = {r.id: r for r in plan.rules}
    dated = [e for e in plan.events if e.date is not None]
    calendar = [
        {"date": e.date.isoformat(), "weekday": e.weekday, "id": e.id, "kind": e.kind.replace("_", " "),
         "label": e.label, "binding": [{"id": r, "cite": by_id[r].cite} for r in e.binding]}
        for e in dated
    ]
    skipped_status = ("not_applicable", "waived")
    rules = [r for r in plan.rules if r.status not in skipped_status]
    broken = [r for r in rules if r.status in ("violated", "missing") and r.source != "preference"]
    why = _explanation(plan)
    fixes = why.fixes if why else []
    allowed = [f for f in fixes if f.allowed]
    return {
        "plan": plan,
        "title": f"Meeting calendar: {plan.scenario}",
        "status": plan.status.replace("_", " "),
        "status_class": "ok" if plan.ok else "bad",
        "facts": [{"name": k, "value": str(v)} for k, v in plan.facts.items()],
        "calendar": calendar,
        "undated": [e for e in plan.events if e.date is None] if dated else [],
        "rules": [{"rule": r, "margin": _margin(r), "binding": r.slack_days == 0 and r.status == "satisfied"
                   and any(r.id in e.binding for e in plan.events)} for r in rules],
        "skipped": [r for r in plan.rules if r.status in skipped_status],
        "broken": broken,
        "why": why,
        "allowed_fixes": allowed,
        # As in the table output: with no allowed fix, the legal ones are shown as the only way.
        "blocked_fixes": [f for f in fixes if not f.allowed] if allowed else [],
        "only_legal_fixes": [f for f in fixes if not f.allowed] if not allowed else [],
        "chart_svg": Markup(chart_svg) if chart_svg else None,
    }


def _inline_svg(plan: Plan) -> str | None:
    """The timeline chart's SVG element, without its XML prologue, for
    inlining; matplotlib escapes the text it writes."""
    from planner.outputs.timeline_chart import to_chart

    if plan.status == "infeasible" or not plan.dates():
        return None
    svg = to_chart(plan, "svg").decode("utf-8")
    return svg[svg.index("<svg"):]


def to_report(plan: Plan, fmt: ReportFormat = "md", *, chart: bool = True) -> str:
    """The report as Markdown ("md") or a self-contained HTML page ("html");
    `chart` inlines the timeline chart in the HTML page."""
    if fmt not in REPORT_FORMATS:
        from planner.errors import InputError

        raise InputError(f"{fmt!r} is not a report format: use md or html", field="format")
    svg = _inline_svg(plan) if fmt == "html" and chart else None
    template = _environment(fmt).get_template(f"report.{fmt}.j2")
    return template.render(**report_context(plan, chart_svg=svg)).rstrip() + "\n"


def write_report(plan: Plan, path: str | os.PathLike, *, field: str = "path", **options) -> Path:
    """Write the report in the format the suffix names (.md or .html), atomically."""
    suffix = format_from_suffix(path, tuple(REPORT_SUFFIXES), field)
    return write_atomic(path, to_report(plan, REPORT_SUFFIXES[suffix], **options), field=field)
