"""Charts a secretary can read (issue 18): no label clipped at the canvas
edges, colours told apart (Okabe-Ito, one blue and one orange), weekend
dots that can be seen and holidays marked on the date map."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import planner
from planner.outputs.timeline_chart import KIND_COLOURS, KIND_MARKERS, chart_figure
from tests.helpers import ROOT

SEEDS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if "infeasible" not in p.stem)


def _texts_outside(fig) -> list[str]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = {id(t): t for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent"))}
    outside = []
    for text in texts.values():
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < fig.bbox.x0 or box.x1 > fig.bbox.x1 or box.y0 < fig.bbox.y0 or box.y1 > fig.bbox.y1:
            outside.append(text.get_text())
    return outside


def _long_label_plan() -> planner.Plan:
    """Events at both ends of the year with labels far longer than the room beside them."""
    start = date(2027, 1, 4)
    days = [start, start + timedelta(days=3), start + timedelta(days=180), start + timedelta(days=360)]
    long = "Notice of the annual meeting of shareholders mailed to every holder of record at the close of business"
    events = [planner.EventResult(id=f"e{i}", kind=kind, label=f"{long} ({i})", date=day, weekday=f"{day:%A}")
              for i, (day, kind) in enumerate(zip(days, ["record_date", "notice", "voting_list", "meeting"]))]
    return planner.Plan(status="feasible", scenario="Long labels", rulebook="book", year=2027, events=events, rules=[])


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_every_text_of_a_seed_chart_is_inside_the_canvas(path):
    assert _texts_outside(chart_figure(planner.plan(path))) == []


def test_long_labels_at_both_edges_move_or_shorten_but_stay_inside():
    fig = chart_figure(_long_label_plan())
    assert _texts_outside(fig) == []
    shown = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.endswith("\u2026") for t in shown)  # shortened, with an ellipsis, where no side had room
    assert all("2027-" in t for t in shown if "(" in t)  # the date is never what is cut


SIMILAR = [{"#0072b2", "#56b4e9"}, {"#e69f00", "#d55e00"}]  # Okabe-Ito's two blues, its two oranges


def test_the_palette_has_one_blue_and_one_orange():
    used = set(KIND_COLOURS.values())
    for family in SIMILAR:
        assert len(used & family) <= 1, family


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_kinds_in_one_chart_differ_in_colour_or_shape(path):
    kinds = {e.kind for e in planner.plan(path).events if e.date}
    symbols = [(KIND_COLOURS[k], KIND_MARKERS[k]) for k in kinds]
    assert len(set(symbols)) == len(symbols), sorted(kinds)


def test_date_map_marks_weekends_visibly_and_every_holiday():
    from planner.studies.date_map import date_map
    from planner.studies.date_map_chart import WEEKEND_DOT, render_date_map

    found = date_map(ROOT / "scenarios" / "williams-natural-gas-2027.yaml")
    holidays = [d.date for d in found.days if d.holiday]
    assert date(2027, 12, 24) in holidays or date(2027, 12, 25) in holidays  # Christmas (observed on the Friday)
    assert date(2027, 7, 5) in holidays  # Independence Day observed
    assert WEEKEND_DOT >= 12  # was 4: a speck at 100 dpi
    fig = render_date_map(found)
    ax = fig.axes[0]
    marks = {c.get_gid(): c for c in ax.collections}
    weekend = sum(d.date.weekday() >= 5 for d in found.days)
    assert len(marks["weekends"].get_offsets()) == weekend
    assert all(size >= 12 for size in marks["weekends"].get_sizes())
    placed = {(round(x + 0.26), round(y + 0.74)) for x, y in marks["holidays"].get_offsets()}
    assert placed == {(h.day, h.month) for h in holidays}
    assert _texts_outside(fig) == []


def test_the_date_map_has_one_blue_and_one_orange():
    from planner.studies.date_map_chart import COLOURS

    for family in SIMILAR:
        assert len(set(COLOURS.values()) & family) <= 1, family
