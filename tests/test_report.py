"""The Markdown and HTML reports, parsed back: the calendar rows are the
plan's events, every rule is there with citation and margin, infeasible
plans carry their conflicts' citations, and scenario text is escaped."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import planner

ROOT = Path(__file__).resolve().parent.parent
WILLIAMS = ROOT / "scenarios/williams-natural-gas-2027.yaml"
CLECO = ROOT / "scenarios/cleco-utility-2027.yaml"
INFEASIBLE = sorted(p.stem for p in (ROOT / "scenarios").glob("*infeasible*.yaml"))


class Page(HTMLParser):
    """Tables by id (rows of cell texts), every tag seen, and the text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.text_table = None
        self._cell: list[str] | None = None
        self._head = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self.text_table = self.tables.setdefault(attrs.get("id", f"table{len(self.tables)}"), [])
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and self.text_table is not None and not self._head:
            self.text_table.append([])
        elif tag in ("td", "th") and self.text_table is not None and not self._head:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.text_table = None
        elif tag == "thead":
            self._head = False
        elif tag in ("td", "th") and self._cell is not None:
            self.text_table[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def golden(name: str) -> dict:
    return json.loads((ROOT / "tests/golden" / f"{name}.json").read_text())



@pytest.fixture(scope="module")
def cleco_html(cleco_plan) -> str:
    return planner.to_report(cleco_plan, "html")


def expected_calendar(plan: planner.Plan, name: str) -> list[list[str]]:
    """Rows built from the golden dates and the plan's labels and binding rules."""
    dates = {e: date.fromisoformat(d) for e, d in golden(name)["dates"].items()}
    cites = {r.id: r.cite for r in plan.rules}
    rows = []
    for event in plan.events:
        if event.id not in dates:
            continue
        day = dates[event.id]
        binding = "; ".join(f"{cites[r]} ({r})" for r in event.binding) or "-"
        rows.append([day.isoformat(), f"{day:%a}", event.id, event.label, binding])
    return rows


def test_html_calendar_rows_are_the_plans_events(cleco_plan, cleco_html):
    rows = Page(cleco_html).tables["calendar"]
    assert rows == expected_calendar(cleco_plan, "cleco-utility-2027")
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_html_lists_every_rule_with_citation_status_and_margin(cleco_plan, cleco_html):
    page = Page(cleco_html)
    margins = golden("cleco-utility-2027")["margins"]
    applied = {row[0]: row for row in page.tables["rules"]}
    skipped = {row[0]: row for row in page.tables["skipped"]}
    assert set(applied) | set(skipped) == {r.id for r in cleco_plan.rules}
    for rule in cleco_plan.rules:
        if rule.id in margins:
            _, cite, source, status, margin, requires, summary = applied[rule.id]
            assert (cite, source, margin, summary) == (rule.cite, rule.source, str(margins[rule.id]), rule.summary)
            assert status.startswith("satisfied")
        else:
            _, cite, status, why = skipped[rule.id]
            assert cite == rule.cite and status == "not applicable" and why == rule.reason and why
    binding = {row[0] for row in applied.values() if "(binding)" in row[3]}
    assert binding == {r for e in cleco_plan.events for r in e.binding}


def test_html_is_self_contained_with_the_timeline_inline(cleco_html):
    page = Page(cleco_html)
    tags = [t for t, _ in page.tags]
    assert "style" in tags and "svg" in tags
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not [a for _, a in page.tags if any(str(v).startswith(("http:", "https:", "//")) for k, v in a.items()
                                               if k in ("src", "href"))]
    texts = "".join(page.text)
    assert "Fri 2027-04-23  Meeting of shareholders" in texts  # the chart's own label, inside the page


def test_html_status_and_title(cleco_html):
    page = Page(cleco_html)
    assert page.tables["table0"][3] == ["Status", "FEASIBLE"]
    assert "Meeting calendar: Cleco Utility Group 2027 annual meeting and board calendar" in "".join(page.text)


def md_table(text: str, header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(header) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip()[1:-1].split(" | ")]
        rows.append([c.replace("`", "").replace("\\", "") for c in cells])
    return rows


def test_markdown_calendar_and_rules(cleco_plan):
    text = planner.to_report(cleco_plan, "md")
    calendar = md_table(text, "| Date | Day | Event | What to do | Binding rules (no margin left) |")
    assert calendar == expected_calendar(cleco_plan, "cleco-utility-2027")
    rules = md_table(text, "| Rule | Citation | Class | Status | Margin (days) | Requires | Summary |")
    margins = golden("cleco-utility-2027")["margins"]
    assert {r[0]: r[4] for r in rules} == {k: str(v) for k, v in margins.items()}
    assert "## Rules that do not apply" in text
    assert text == planner.to_report(cleco_plan, "md")  # deterministic


@pytest.mark.parametrize("name", INFEASIBLE)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_infeasible_reports_explain_with_the_conflicting_rules_citations(name, fmt):
    plan = planner.plan(ROOT / "scenarios" / f"{name}.yaml")
    assert plan.status == "infeasible"
    text = planner.to_report(plan, fmt)
    if fmt == "html":
        page = Page(text)
        assert "calendar" not in page.tables
        text = "".join(page.text)
    assert "Why there is no calendar" in text and "INFEASIBLE" in text
    cites = {r.id: r.cite for r in plan.rules}
    assert plan.conflicts == golden(name)["conflicts"]
    for index, conflict in enumerate(plan.conflicts, 1):
        for rule in conflict:
            assert f"{cites[rule]} ({rule})" in text.replace("`", "").replace("\\", "")
        days = plan.explanation.conflicts[index - 1].days_short
        heading = f"Conflict {index}: {len(conflict)} rules" + (f", {days} day{'s' * (days != 1)} short" if days is not None else "")
        assert heading in text
    for fix in plan.explanation.fixes:
        assert (fix.text if fix.allowed else fix.target) in text.replace("\\", "")


def test_a_plan_read_back_from_json_gives_the_same_report():
    plan = planner.plan(ROOT / "scenarios/williams-natural-gas-infeasible-printing.yaml")
    again = planner.Plan.model_validate_json(plan.model_dump_json())
    assert planner.to_report(again, "md") == planner.to_report(plan, "md")


def test_scenario_text_is_escaped_in_both_formats():
    scenario = yaml.safe_load(WILLIAMS.read_text())
    label = "<script>alert('x')</script> | *bold* [link](http://x)"
    scenario["events"]["materials_printed"]["label"] = label
    plan = planner.plan(scenario)
    html = planner.to_report(plan, "html")
    page = Page(html)
    assert "script" not in [t for t, _ in page.tags] and "a" not in [t for t, _ in page.tags]
    assert any(row[3] == label for row in page.tables["calendar"])
    markdown = planner.to_report(plan, "md")
    row = next(line for line in markdown.splitlines() if "materials_printed" in line and line.startswith("| 20"))
    assert "<script>" not in row and "[link]" not in row
    assert len(row.replace("\\|", "").strip("|").split("|")) == 5  # the pipe did not split the cell


def test_non_compliant_report_lists_the_broken_rule():
    plan = planner.plan(WILLIAMS)
    late = dict(plan.dates(), notice=date(2027, 4, 19))
    checked = planner.check(WILLIAMS, {"events": late, "facts": plan.facts})
    text = planner.to_report(checked, "md", chart=False)
    assert "**NON COMPLIANT**" in text
    section = text.split("## Rules broken by these dates")[1].split("##")[0]
    assert "Art. I §1.3 (`notice-window`): requires mail notice of meeting to stockholders 10 to 60 days before meeting of stockholders; violated by 1 day" in section


def test_unknown_format_and_suffix_are_bad_input(tmp_path):
    plan = planner.plan(WILLIAMS)
    with pytest.raises(planner.InputError, match="format"):
        planner.to_report(plan, "pdf")
    with pytest.raises(planner.InputError, match="use .md or .markdown or .html or .htm"):
        planner.write_report(plan, tmp_path / "report.txt")
    assert planner.write_report(plan, tmp_path / "r.htm").read_text().startswith("<!DOCTYPE html>")


def test_cli_writes_the_report_even_for_an_infeasible_plan(tmp_path, capsys):
    from planner.faces.cli import main

    out = tmp_path / "printing.html"
    code = main(["plan", str(ROOT / "scenarios/williams-natural-gas-infeasible-printing.yaml"), "--report", str(out)])
    assert code == 1
    assert capsys.readouterr().err == ""
    assert "Scenario: printer's schedule (printing-lead)" in "".join(Page(out.read_text()).text)
