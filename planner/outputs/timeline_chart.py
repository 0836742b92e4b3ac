"""A plan's calendar as a timeline chart (PNG or SVG).

Dates run along the x-axis.  Each dated event has its own row: a marker in
its kind's colour and a label with the date.  Below them, each gap rule that
matters (a bylaw or statute rule, or any rule with no margin left, or one
that is broken) is a bar from its first event to its second, labelled with
its citation and margin: red when binding, grey with room to spare, hatched
when violated.  Built on a bare matplotlib Figure (no pyplot state, Agg
rendering), so it is safe in a server and the same plan gives the same bytes.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Mapping

from planner.outputs.figures import FIGURE_FORMATS, FigureFormat, figure_bytes, format_from_suffix, stable_style, write_atomic
from planner.outputs.ics import NoCalendarError
from planner.verdicts.results import EventResult, Plan, RuleResult

__all__ = ["to_chart", "write_chart", "chart_figure", "chart_spans", "KIND_COLOURS", "KIND_MARKERS", "SPAN_COLOURS"]

# Colour-blind-safe (Okabe-Ito) by kind, one blue and one orange only (two
# of either are hard to tell apart); kinds that share a colour differ in
# shape.  The shareholders' meeting stands out in vermillion.
KIND_COLOURS: dict[str, str] = {
    "meeting": "#d55e00",  # vermillion
    "adjourned_meeting": "#d55e00",
    "record_date": "#0072b2",  # blue
    "notice": "#009e73",  # bluish green
    "voting_list": "#cc79a7",  # reddish purple
    "record_date_resolution": "#000000",  # black
    "board_meeting": "#f0e442",  # yellow (black edge: visible on white)
    "regular_board_meeting": "#f0e442",
    "special_board_meeting": "#f0e442",
    "board_notice": "#f0e442",
    "demand": "#000000",
    "operational": "#999999",  # grey
}
KIND_MARKERS: dict[str, str] = {
    "meeting": "o", "adjourned_meeting": "D", "record_date": "o", "notice": "o", "voting_list": "o",
    "record_date_resolution": "s", "board_meeting": "s", "regular_board_meeting": "h", "special_board_meeting": "p",
    "board_notice": "^", "demand": "D", "operational": "o",
}
_EDGE = {"#f0e442": "#000000"}  # yellow needs an outline on white
SPAN_COLOURS: dict[str, str] = {"binding": "#b2182b", "slack": "#bdbdbd", "violated": "#fcbba1"}
_HATCH_COLOUR = "#b2182b"  # the stripes of a broken rule's bar

_ROW_INCHES = 0.3
# Longer labels and citations are cut here; the full text is in the report
# and the calendar file.
_LABEL_CHARS, _CITE_CHARS = 80, 40
_WIDTH_INCHES = 11.0
_DPI = 100
_TOP_INCHES, _BOTTOM_INCHES, _SIDE_INCHES = 0.75, 0.95, 0.45  # room for a month label at either end


def _shorten(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _dated(plan: Plan) -> list[EventResult]:
    dated = [e for e in plan.events if e.date is not None]
    if plan.status == "infeasible" or not dated:
        why = "is infeasible; see the plan's explanation" if plan.status == "infeasible" else "dates no event"
        raise NoCalendarError(f"no chart: {plan.scenario} ({plan.year}) {why}")
    return dated


def chart_spans(plan: Plan) -> list[tuple[RuleResult, date, date]]:
    """The gap rules drawn as bars, with the dates of their two events:
    legal rules, and any rule that is binding or violated."""
    dates = plan.dates()
    spans = []
    for rule in plan.rules:
        if rule.kind != "gap" or rule.status not in ("satisfied", "violated") or rule.slack_days is None:
            continue
        ends = [e.date for e in plan.events if rule.id in e.rules and e.id in dates]
        if len(ends) != 2:
            continue
        if rule.source in ("statute", "bylaw") or rule.slack_days <= 0:
            spans.append((rule, min(ends), max(ends)))
    return spans


def _span_state(rule: RuleResult) -> str:
    if rule.status == "violated":
        return "violated"
    return "binding" if rule.slack_days == 0 and rule.source != "preference" else "slack"


def chart_figure(plan: Plan, *, colours: Mapping[str, str] | None = None):
    """The timeline as a matplotlib Figure (not yet rendered).  `colours`
    overrides marker colours by event kind."""
    with stable_style():
        return _draw(plan, colours)


def _draw(plan: Plan, colours: Mapping[str, str] | None):
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    events = _dated(plan)
    spans = chart_spans(plan)
    palette = {**KIND_COLOURS, **(colours or {})}
    rows = len(events) + len(spans) + (1 if spans else 0)
    height = _TOP_INCHES + _BOTTOM_INCHES + _ROW_INCHES * (rows + 1)
    fig = Figure(figsize=(_WIDTH_INCHES, height), dpi=_DPI)
    fig.subplots_adjust(left=_SIDE_INCHES / _WIDTH_INCHES, right=1 - _SIDE_INCHES / _WIDTH_INCHES,
                        top=1 - _TOP_INCHES / height, bottom=_BOTTOM_INCHES / height)
    ax = fig.add_subplot()

    first, last = min(e.date for e in events), max(e.date for e in events)
    pad = timedelta(days=max(4, (last - first).days // 25))
    left, right = mdates.date2num(first - pad), mdates.date2num(last + pad)
    ax.set_xlim(left, right)
    ax.set_ylim(-rows, 1)

    labels = []

    def label(x0: float, x1: float, y: float, text: str, **style) -> None:
        # Beside the marker or bar, on the side with more room.
        toward_right = right - x1 >= x0 - left
        note = ax.annotate(text, (x1 if toward_right else x0, y), xytext=(9 if toward_right else -9, 0),
                           textcoords="offset points", ha="left" if toward_right else "right", va="center",
                           fontsize=8.5, annotation_clip=False, **style)
        labels.append((note, x0, x1, toward_right))

    for row, event in enumerate(events):
        x, y = mdates.date2num(event.date), -row
        ax.axvline(x, color="#e0e0e0", linewidth=0.8, zorder=0)
        colour = palette.get(event.kind, "#000000")
        ax.plot([x], [y], marker=KIND_MARKERS.get(event.kind, "o"), markersize=9, color=colour,
                markeredgecolor=_EDGE.get(colour, colour), linestyle="none", zorder=3, gid=f"event-{event.id}")
        label(x, x, y, f"{event.date:%a %Y-%m-%d}  {_shorten(event.label)}", gid=f"label-{event.id}")

    if spans:
        divider = -len(events)
        ax.axhline(divider, color="#757575", linewidth=0.6)
        ax.annotate("rules between events (bars: from the first event to the second)", (left, divider),
                    xytext=(2, -2), textcoords="offset points", fontsize=7.5, color="#616161", va="top")
    for index, (rule, start, end) in enumerate(spans):
        y = -len(events) - 1 - index
        state = _span_state(rule)
        x0, x1 = mdates.date2num(start), mdates.date2num(end)
        colour = SPAN_COLOURS[state]
        if x1 > x0:
            broken = state == "violated"
            ax.barh(y, x1 - x0, left=x0, height=0.5, color=colour, edgecolor=_HATCH_COLOUR if broken else colour,
                    hatch="///" if broken else None, zorder=2, gid=f"span-{rule.id}")
        else:  # both events on one day
            ax.plot([x0], [y], marker="|", markersize=10, markeredgewidth=2, color=colour, zorder=2, gid=f"span-{rule.id}")
        days = "day" if abs(rule.slack_days) == 1 else "days"
        cite = _shorten(rule.cite, _CITE_CHARS)
        text = (f"{cite} ({rule.id}): violated by {-rule.slack_days} {days}" if state == "violated"
                else f"{cite} ({rule.id}): margin {rule.slack_days} {days}")
        label(x0, x1, y, text, color="#b2182b" if state != "slack" else "#424242")

    locator = mdates.MonthLocator(interval=max(1, ((last - first).days // 30 + 11) // 12))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#f0f0f0", linewidth=0.6)
    ax.set_axisbelow(True)
    fig.suptitle(f"{plan.scenario} ({plan.year}): {plan.status.replace('_', ' ')}", x=_SIDE_INCHES / _WIDTH_INCHES,
                 ha="left", fontsize=12, fontweight="bold", y=1 - 0.12 / height, va="top")
    ax.set_title(f"rulebook {plan.rulebook}; red bars: rules with no margin left (binding)", loc="left", fontsize=8.5,
                 color="#424242")

    _keep_inside(fig, labels)
    kinds = list(dict.fromkeys(e.kind for e in events))
    handles = [Line2D([], [], marker=KIND_MARKERS.get(k, "o"), linestyle="none", markersize=7,
                      color=palette.get(k, "#000000"), markeredgecolor=_EDGE.get(palette.get(k, "#000000")),
                      label=k.replace("_", " ")) for k in kinds]
    states = {_span_state(rule) for rule, _, _ in spans}
    handles += [Patch(facecolor=SPAN_COLOURS[s], edgecolor=_HATCH_COLOUR if s == "violated" else SPAN_COLOURS[s],
                      hatch="///" if s == "violated" else None, label=f"{s} rule")
                for s in ("binding", "slack", "violated") if s in states]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(_SIDE_INCHES / _WIDTH_INCHES, 0.05 / height),
               ncol=min(6, len(handles)), fontsize=7.5, frameon=False)
    return fig


def _keep_inside(fig, labels) -> None:
    """No label runs off the canvas: one that would moves to the other side
    of its marker or bar, and if neither side has room it is shortened
    (with an ellipsis) until it fits.  Measured with the renderer that will
    draw it, so the SVG and the PNG agree."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    inside = fig.bbox.x0 + 2, fig.bbox.x1 - 2

    def fits(note) -> bool:
        box = note.get_window_extent(renderer)
        return box.x0 >= inside[0] and box.x1 <= inside[1]

    for note, x0, x1, toward_right in labels:
        if fits(note):
            continue
        for right_side in (not toward_right, toward_right):
            note.xy = (x1 if right_side else x0, note.xy[1])
            note.set_position((9 if right_side else -9, 0))
            note.set_horizontalalignment("left" if right_side else "right")
            if fits(note):
                break
        text = note.get_text()
        while not fits(note) and len(text) > 8:
            text = text[:-2]
            note.set_text(text.rstrip() + "\u2026")


def to_chart(plan: Plan, fmt: FigureFormat = "svg", *, colours: Mapping[str, str] | None = None) -> bytes:
    """The timeline chart as PNG or SVG bytes; the same plan gives the same bytes.
    Raises NoCalendarError for a plan with no dates (infeasible)."""
    return figure_bytes(chart_figure(plan, colours=colours), fmt, title=f"{plan.scenario} ({plan.year})")


def write_chart(plan: Plan, path: str | os.PathLike, *, field: str = "path", **options) -> Path:
    """Write the chart in the format the suffix names (.png or .svg), atomically."""
    fmt = format_from_suffix(path, FIGURE_FORMATS, field)
    return write_atomic(path, to_chart(plan, fmt, **options), field=field)
