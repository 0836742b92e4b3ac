"""A meeting-date map as a calendar heat-map (matplotlib): one row per month,
one column per day of the month, each day coloured by its verdict.

Colours are from the Okabe-Ito palette, told apart with the common forms of
colour blindness; infeasible days are shaded by what blocks them (see
planner.studies.date_map.CATEGORY_TEXT).  The layout is fixed (figure size, axes
rectangle, one data unit per cell), so a cell's pixel position is known
without rendering: the tests read colours at cell centres.
"""

from __future__ import annotations

import calendar
from pathlib import Path

from planner.studies.date_map import CATEGORY_TEXT, DateMap
from planner.outputs.figures import FIGURE_FORMATS, check_writable, format_from_suffix, save_figure, stable_style

__all__ = ["WEEKEND_DOT", "HOLIDAY_MARK", "render_date_map", "save_date_map_chart", "COLOURS", "FIGSIZE", "DPI", "AXES_RECT", "check_chart_path"]

COLOURS = {
    "feasible": "#0072b2",  # blue
    "fixed_date": "#f0e442",  # yellow: not orange, which vermillion beside it would be hard to tell from
    "legal": "#d55e00",  # vermillion
    "lead_time": "#cc79a7",  # reddish purple
}
FIGSIZE = (10.0, 5.0)  # inches
DPI = 100
AXES_RECT = (0.09, 0.2, 0.89, 0.64)  # left, bottom, width, height (figure fractions)
_GAP = 0.06  # white space around each cell, in cell units
WEEKEND_DOT = 14  # marker area in points^2: big enough to see in a cell at 100 dpi
HOLIDAY_MARK = 16


def render_date_map(found: DateMap):
    """The heat-map as a matplotlib Figure (no pyplot state involved)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    ax = fig.add_axes(AXES_RECT)
    for day in found.days:
        cell = Rectangle(
            (day.date.day - 1 + _GAP, day.date.month - 1 + _GAP), 1 - 2 * _GAP, 1 - 2 * _GAP,
            facecolor=COLOURS[day.category], linewidth=0,
        )
        cell.set_gid(f"day-{day.date.isoformat()}")  # the SVG names each cell by its date
        ax.add_patch(cell)
    # Weekends get a white dot in the cell's corner, holidays a black-edged
    # white diamond in the other (the centre keeps the verdict's colour), so
    # a run of blocked weekends or a holiday reads as such at a glance.
    weekend = [d.date for d in found.days if d.date.weekday() >= 5]
    ax.scatter([w.day - 0.74 for w in weekend], [w.month - 0.74 for w in weekend], s=WEEKEND_DOT, c="white",
               linewidths=0, marker="o", gid="weekends")
    holidays = [d.date for d in found.days if d.holiday]
    ax.scatter([h.day - 0.26 for h in holidays], [h.month - 0.74 for h in holidays], s=HOLIDAY_MARK, c="white",
               edgecolors="black", linewidths=0.8, marker="D", gid="holidays")
    ax.set_xlim(0, 31)
    ax.set_ylim(12, 0)  # January on top
    ax.set_xticks([d - 0.5 for d in range(1, 32)], [str(d) for d in range(1, 32)], fontsize=7)
    ax.set_yticks([m - 0.5 for m in range(1, 13)], list(calendar.month_abbr)[1:], fontsize=8)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    counts = {c: sum(d.category == c for d in found.days) for c in COLOURS}
    fig.legend(
        handles=[Patch(facecolor=COLOURS[c], label=f"{CATEGORY_TEXT[c]} ({counts[c]})") for c in COLOURS]
        + [Line2D([], [], marker="o", linestyle="", markersize=6, markerfacecolor="white", markeredgecolor="#555555",
                  label="weekend"),
           Line2D([], [], marker="D", linestyle="", markersize=5, markerfacecolor="white", markeredgecolor="black",
                  label="holiday or closure")],
        loc="lower center", ncol=3, frameon=False, fontsize=8, bbox_to_anchor=(0.5, 0.02),
    )
    fixed = {"keep": "by-law date kept", "set_aside": "by-law date set aside"}[found.fixed_date]
    fig.suptitle(f"{found.scenario}: possible {found.event} dates in {found.year}", fontsize=11, y=0.96)
    fig.text(0.5, 0.885, f"{counts['feasible']} of {len(found.days)} days feasible; {fixed}", ha="center", fontsize=8)
    return fig


def check_chart_path(path: str | Path) -> Path:
    """The chart's path, refused (before any work) unless .png or .svg in an existing folder."""
    format_from_suffix(path, FIGURE_FORMATS, "--chart")
    check_writable(path, "--chart")
    return Path(path)


def save_date_map_chart(found: DateMap, path: str | Path) -> Path:
    """Render and write the chart; the file appears whole or not at all."""
    check_chart_path(path)
    with stable_style():
        figure = render_date_map(found)
    return save_figure(figure, path, field="--chart", title=f"{found.scenario} {found.year}")
