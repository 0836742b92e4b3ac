"""The timeline chart, rendered and read back: the SVG's text names every
event and date, the PNG has each marker where its date puts it, and the
same plan gives the same bytes."""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib import dates as mdates
from PIL import Image

import planner
from tests.helpers import cli_run, golden_dates
from planner.outputs.figures import figure_bytes, write_atomic
from planner.outputs.timeline_chart import chart_figure, chart_spans

ROOT = Path(__file__).resolve().parent.parent
WILLIAMS = ROOT / "scenarios/williams-natural-gas-2027.yaml"
CLECO = ROOT / "scenarios/cleco-utility-2027.yaml"
INFEASIBLE = ROOT / "scenarios/williams-natural-gas-infeasible-printing.yaml"
SVG = "{http://www.w3.org/2000/svg}"
# One pure colour per kind, none used elsewhere in the chart.
KNOWN = {
    "meeting": "#ff0000", "record_date": "#00ff00", "notice": "#0000ff", "voting_list": "#ff00ff",
    "record_date_resolution": "#00ffff", "operational": "#ffff00", "board_meeting": "#800000",
    "regular_board_meeting": "#008000", "board_notice": "#000080",
}





def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_svg_names_every_event_with_its_date(cleco_plan):
    texts = svg_texts(planner.to_chart(cleco_plan, "svg"))
    labels = {e.id: e.label for e in cleco_plan.events}
    for event_id, day in golden_dates("cleco-utility-2027").items():
        line = next((t for t in texts if t.startswith(f"{day:%a %Y-%m-%d}  ")), None)
        assert line is not None, f"no label for {event_id} on {day}"
        assert any(t.startswith(f"{day:%a %Y-%m-%d}  {labels[event_id][:60]}") for t in texts), event_id
    assert texts.count("Cleco Utility Group 2027 annual meeting and board calendar (2027): feasible") == 1


def test_svg_draws_the_binding_gap_rules_with_citation_and_margin(cleco_plan):
    texts = svg_texts(planner.to_chart(cleco_plan, "svg"))
    # Independently of the chart code: every gap rule with no margin left, and bylaw ones with room.
    gaps = [r for r in cleco_plan.rules if r.kind == "gap" and r.status == "satisfied"]
    binding = [r for r in gaps if r.slack_days == 0]
    roomy = [r for r in gaps if r.source == "bylaw" and r.slack_days > 0]
    assert {"printing-lead", "board-annual-within-45-days"} <= {r.id for r in binding} and roomy
    for rule, margin in [*((r, 0) for r in binding), *((r, r.slack_days) for r in roomy)]:
        # Long citations are shortened on the chart: the first words and the rule id identify it.
        assert any(t.startswith(rule.cite[:20]) and t.endswith(f"({rule.id}): margin {margin} days") for t in texts), rule.id


def test_spans_run_between_the_two_events_of_each_gap_rule(cleco_plan):
    dates = cleco_plan.dates()
    spans = {rule.id: (start, end) for rule, start, end in chart_spans(cleco_plan)}
    assert spans["notice-annual"] == (dates["notice"], dates["meeting"])
    assert spans["printing-lead"] == (dates["record_date"], dates["materials_printed"])  # operational, binding
    roomy = [r for r in cleco_plan.rules if r.source == "operational" and r.kind == "gap" and (r.slack_days or 0) > 0]
    assert roomy and not {r.id for r in roomy} & set(spans)  # operational with a margin: left out to keep it readable


def test_png_markers_sit_at_their_dates(williams_plan):
    fig = chart_figure(williams_plan, colours=KNOWN)
    image = np.asarray(Image.open(io.BytesIO(figure_bytes(fig, "png"))).convert("RGB")).astype(int)
    width, height = fig.get_size_inches() * fig.dpi
    assert image.shape == (round(height), round(width), 3)
    ax = fig.axes[0]
    dated = [e for e in williams_plan.events if e.date]
    expected = golden_dates("williams-natural-gas-2027")
    for row, event in enumerate(dated):
        x, y = ax.transData.transform((mdates.date2num(expected[event.id]), -row))
        px, py = int(round(x)), int(round(image.shape[0] - y))
        colour = np.array([int(KNOWN[event.kind][i:i + 2], 16) for i in (1, 3, 5)])
        assert np.abs(image[py, px] - colour).max() <= 8, (event.id, image[py, px])
        # The marker's colour on that pixel row is centred on the date's column...
        columns = np.flatnonzero(np.abs(image[py] - colour).max(axis=1) <= 8)
        assert abs(columns.mean() - x) <= 1.5, event.id
        # ...and it is a marker, not a stripe: a few pixels wide.
        assert 5 <= len(columns) <= 20, event.id
    # Later dates are further right, by the same number of pixels a day.
    xs = [ax.transData.transform((mdates.date2num(expected[e.id]), 0))[0] for e in dated]
    days = [(expected[e.id] - expected[dated[0].id]).days for e in dated]
    per_day = (xs[-1] - xs[0]) / days[-1]
    assert per_day > 5
    assert all(abs(x - xs[0] - d * per_day) < 0.01 for x, d in zip(xs, days))


def test_png_size_grows_with_the_plan(williams_plan, cleco_plan):
    small = Image.open(io.BytesIO(planner.to_chart(williams_plan, "png")))
    large = Image.open(io.BytesIO(planner.to_chart(cleco_plan, "png")))
    assert small.format == large.format == "PNG"
    assert small.size[0] == large.size[0] == 1100
    rows = lambda plan: len(plan.dates()) + len(chart_spans(plan))
    assert rows(cleco_plan) > rows(williams_plan) and large.size[1] > small.size[1]
    assert not any("date" in key.lower() or "time" in key.lower() for key in small.info)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_same_plan_same_bytes(williams_plan, fmt):
    assert planner.to_chart(williams_plan, fmt) == planner.to_chart(planner.plan(WILLIAMS), fmt)


def test_svg_carries_no_date_and_no_version():
    import matplotlib

    data = planner.to_chart(planner.plan(WILLIAMS), "svg")
    root = ET.fromstring(data)
    assert not [e for e in root.iter() if e.tag.endswith("}date")]
    assert matplotlib.__version__.encode() not in data


def test_a_non_compliant_calendar_shows_the_broken_rule():
    plan = planner.plan(WILLIAMS)
    late = dict(plan.dates(), notice=date(2027, 4, 19))  # 9 days before a meeting that needs 10
    checked = planner.check(WILLIAMS, {"events": late, "facts": plan.facts})
    assert checked.status == "non_compliant"
    assert "Art. I §1.3 (notice-window): violated by 1 day" in svg_texts(planner.to_chart(checked, "svg"))


def test_labels_with_markup_stay_text():
    import yaml

    scenario = yaml.safe_load(WILLIAMS.read_text())
    scenario["events"]["materials_printed"]["label"] = "<script>alert('x')</script> & proofs"
    texts = svg_texts(planner.to_chart(planner.plan(scenario), "svg"))  # parses: escaped
    assert any(t.endswith("<script>alert('x')</script> & proofs") for t in texts)


def test_no_chart_for_an_infeasible_plan():
    with pytest.raises(planner.NoCalendarError, match="infeasible"):
        planner.to_chart(planner.plan(INFEASIBLE), "png")


def test_write_chart_picks_the_format_from_the_suffix(williams_plan, tmp_path):
    svg = planner.write_chart(williams_plan, tmp_path / "plan.svg")
    assert svg.read_bytes() == planner.to_chart(williams_plan, "svg")
    with pytest.raises(planner.InputError, match="'.pdf' is not an output format here: use .png or .svg"):
        planner.write_chart(williams_plan, tmp_path / "plan.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.svg"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "chart.svg"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(planner.InputError, match="--chart: cannot write here: No space left on device"):
        write_atomic(target, b"new", field="--chart")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]


def test_cli_writes_the_same_bytes_as_python_in_another_process(williams_plan, tmp_path):
    out = tmp_path / "williams.svg"
    run = cli_run("plan", WILLIAMS, "--chart", out)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == planner.to_chart(williams_plan, "svg")


def test_cli_refuses_an_unknown_chart_suffix(tmp_path, capsys):
    from planner.faces.cli import main

    assert main(["plan", str(WILLIAMS), "--chart", str(tmp_path / "w.jpg")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and list(tmp_path.iterdir()) == []
    assert err.strip() == f"planner: error: {tmp_path / 'w.jpg'}: --chart: '.jpg' is not an output format here: use .png or .svg"


def test_save_figure_is_byte_stable_for_any_figure(tmp_path):
    from matplotlib.figure import Figure

    from planner.outputs.figures import save_figure

    def draw() -> Figure:
        fig = Figure(figsize=(3, 2), dpi=50)
        fig.add_subplot().plot([0, 1, 2], [2, 0, 1], label="heat")
        return fig

    first = save_figure(draw(), tmp_path / "a.svg").read_bytes()
    assert save_figure(draw(), tmp_path / "b.svg").read_bytes() == first
    assert b"<dc:date>" not in first
    png = save_figure(draw(), tmp_path / "a.png")
    assert Image.open(png).size == (150, 100)
    with pytest.raises(planner.InputError, match="--heatmap"):
        save_figure(draw(), tmp_path / "a.gif", field="--heatmap")


def test_charts_drawn_in_threads_match_one_drawn_alone(williams_plan):
    from concurrent.futures import ThreadPoolExecutor

    alone = planner.to_chart(williams_plan, "svg")
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda fmt: planner.to_chart(williams_plan, fmt), ["svg", "png", "svg"]))
    assert results[0] == results[2] == alone
