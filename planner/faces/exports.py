"""A plan as a file to take away (``POST /v1/export``): the same bytes as the
CLI's ``--ics``, ``--report`` and ``--format json|csv`` options write."""

from __future__ import annotations

import re
from typing import Literal

from planner.outputs.ics import to_ics
from planner.outputs.render import render_plan
from planner.outputs.report import to_report
from planner.verdicts.results import Plan

__all__ = ["ExportFormat", "EXPORTS", "export_plan"]

ExportFormat = Literal["ics", "html", "md", "json", "csv"]

# format: media type, file suffix.
EXPORTS: dict[str, tuple[str, str]] = {
    "ics": ("text/calendar; charset=utf-8", "ics"),
    "html": ("text/html; charset=utf-8", "html"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "json": ("application/json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def _file_stem(plan: Plan) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plan.scenario.lower()).strip("-")[:80] or "plan"


def export_plan(plan: Plan, fmt: ExportFormat) -> tuple[bytes, str, str]:
    """The file's bytes, its media type and a file name.  A calendar file
    needs a calendar: NoCalendarError for an infeasible plan."""
    if fmt == "ics":
        data = to_ics(plan)
    elif fmt in ("html", "md"):
        data = to_report(plan, fmt).encode()
    else:
        data = render_plan(plan, fmt).encode()
    media, suffix = EXPORTS[fmt]
    return data, media, f"{_file_stem(plan)}.{suffix}"
