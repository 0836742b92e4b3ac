"""What-if sweeps: the grid, paths and values, rows that agree with
`planner plan` and `planner explain`, the same rows however they are run,
the command and its formats."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import planner
from planner.faces import cli
from planner.engine.problem import build_problem
from planner.verdicts.answers import plan_problem
from planner.studies.sweep import Grid, SweepError, Variation, parse_vary, split_values
from planner.studies.variants import prepare_sweep
from planner.studies.whatif import WhatIf

ROOT = Path(__file__).resolve().parent.parent
WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
NGS = ROOT / "scenarios" / "natural-gas-services-2027.yaml"
SWEEP = ROOT / "scenarios" / "sweeps" / "williams-natural-gas-printer-sweep.yaml"


def seed(path: Path = WILLIAMS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def with_rule(data: dict, rule_id: str, **fields) -> dict:
    """The scenario data with one of its rules changed (written out by hand, not by the sweep code)."""
    rules = [{**r, **fields} if r["id"] == rule_id else r for r in data["rules"]]
    return {**data, "rules": rules}


# Values and the grid ---------------------------------------------------------------------------

SPLITS = [
    ("7,10", ["7", "10"]),
    ("[], [2027-04-26]", ["[]", "[2027-04-26]"]),
    ("[April 26, April 27],[]", ["[April 26, April 27]", "[]"]),
    ('"a,b",c', ['"a,b"', "c"]),
    ("{day: May 1, shift: '+1 day'},x", ["{day: May 1, shift: '+1 day'}", "x"]),
    ("single", ["single"]),
]


@pytest.mark.parametrize("text, parts", SPLITS)
def test_values_split_at_commas_outside_brackets_and_quotes(text, parts):
    assert split_values(text) == parts


VALUES = [
    ("facts.notice_waived=false,true", [False, True], "YAML Booleans"),
    ("rules.printing-lead.min_days=7, 10", [7, 10], "numbers, spaces allowed"),
    ("closures=[],[2027-04-26]", [[], ["2027-04-26"]], "YAML dates stay ISO text"),
    ("rules.printing-lead.max_days=null,30", [None, 30], "null: no value"),
    ("anchors.fiscal_year_end=December 31,June 30", ["December 31", "June 30"], "text"),
]


@pytest.mark.parametrize("option, values, why", VALUES, ids=[v[2] for v in VALUES])
def test_vary_values_are_yaml(option, values, why):
    assert parse_vary(option).values == values


@pytest.mark.parametrize("option", ["year", "=1,2", "year=[1,", "year="[:4]])
def test_malformed_vary_options(option):
    with pytest.raises(SweepError):
        parse_vary(option)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=4))
def test_grid_is_the_product_in_order_last_field_fastest(sizes):
    variations = [Variation(field=f"f{i}", values=list(range(n))) for i, n in enumerate(sizes)]
    grid = Grid(variations)
    rows = [grid.assignment(i) for i in range(len(grid))]
    assert rows == list(grid)
    # Read as numbers in the mixed radix of the sizes, the rows count 0, 1, 2, ...
    for index, row in enumerate(rows):
        value = 0
        for i, n in enumerate(sizes):
            value = value * n + row[f"f{i}"]
        assert value == index


# Bad fields are bad input, before anything runs ------------------------------------------------

BAD_FIELDS = [
    "rules.no-such-rule.min_days",
    "rules.printing-lead.min_dayz",
    "rules.printing-lead.id",
    "facts.dividend",
    "anchors.nowhere",
    "name",
    "rulebook",
    "extends",
    "colour.of.the.sky",
    "year.month",
]


@pytest.mark.parametrize("field", BAD_FIELDS)
def test_bad_field_paths_are_refused_before_running(field, capsys, monkeypatch):
    import planner.studies.parallel

    monkeypatch.setattr(planner.studies.parallel, "evaluate_chunk", lambda *a: pytest.fail("a variant ran"))
    with pytest.raises(SweepError) as caught:
        planner.whatif(WILLIAMS, [f"{field}=1,2"])
    assert caught.value.path == field and caught.value.field == "--vary"
    assert cli.main(["whatif", str(WILLIAMS), "--vary", f"{field}=1,2", "--workers", "1"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("planner: error: --vary: ")


def test_nothing_to_vary_and_a_field_varied_twice(capsys):
    assert cli.main(["whatif", str(WILLIAMS)]) == 2
    assert cli.main(["whatif", str(WILLIAMS), "--vary", "year=2027", "--vary", "year=2028"]) == 2
    assert capsys.readouterr().out == ""


def test_a_bad_base_scenario_is_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({**seed(), "facts": {"dividend": True}}))
    assert cli.main(["whatif", str(bad), "--vary", "year=2027,2028"]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "facts.dividend" in err and err.count("\n") == 1


def test_a_bad_value_is_one_error_row_not_the_end_of_the_sweep():
    result = planner.whatif(WILLIAMS, ["rules.printing-lead.min_days=7,soon,-3,10", "closures=[],[February 30]"])
    by_values = {(r.values["rules.printing-lead.min_days"], json.dumps(r.values["closures"])): r for r in result.rows}
    assert len(result.rows) == 8 and result.counts == {"feasible": 2, "infeasible": 0, "error": 6}
    assert by_values[(7, "[]")].status == "feasible" and by_values[(10, "[]")].status == "feasible"
    assert "min_days" in by_values[("soon", "[]")].error
    assert "February 30" in by_values[(7, '["February 30"]')].error
    assert by_values[("soon", "[]")].differs == ["rules.printing-lead.min_days"]


# Rows agree with `planner plan` and `planner explain` -----------------------------------------


def test_plan_rows_are_what_planner_plan_says_for_each_variant():
    result = planner.whatif(WILLIAMS, {"rules.printing-lead.min_days": [7, 10, 40], "facts.notice_waived": [False, True]})
    assert [r.variant for r in result.rows] == list(range(1, 7))
    for row in result.rows:
        lead, waived = row.values["rules.printing-lead.min_days"], row.values["facts.notice_waived"]
        data = with_rule(seed(), "printing-lead", min_days=lead)
        data["facts"] = {**data["facts"], "notice_waived": waived}
        plan = planner.plan(data)
        assert row.status == plan.status
        assert row.dates == plan.dates()
        assert row.conflicts == plan.conflicts
        if plan.status == "feasible":
            assert row.binding == planner.explain(data).binding
        else:
            assert row.days_short == plan.explanation.conflicts[0].days_short
            assert row.fix == next(f.text for f in plan.explanation.fixes if f.allowed)
    base = result.rows[0]
    # The smallest margin, worked out from the base plan: bylaw gap rules with a window (not exact).
    windows = {r.id for r in planner.load_rulebook("williams-natural-gas").rules
               if r.kind == "gap" and not (r.min_days is not None and r.min_days == r.max_days)}
    plan = planner.plan(WILLIAMS)
    slacks = {r.id: r.slack_days for r in plan.rules if r.id in windows and r.status == "satisfied"}
    assert base.differs == [] and base.margin == min(slacks.values()) and slacks[base.margin_rule] == base.margin
    assert result.rows[4].status == "infeasible"
    assert result.rows[4].conflicts[0] == ["notice-window", "record-date-window", "printing-lead", "mailing-after-printing"]
    assert result.rows[4].days_short is not None and any(cite in result.rows[4].fix for cite in ("printer's schedule", "mailing house"))


def test_screen_rows_are_what_planner_explain_says():
    vary = {"rules.printing-lead.min_days": [7, 33, 40], "year": [2027, 2030]}
    screened = planner.whatif(WILLIAMS, vary, mode="screen")
    planned = planner.whatif(WILLIAMS, vary, mode="plan")
    for row, plan_row in zip(screened.rows, planned.rows):
        data = with_rule(seed(), "printing-lead", min_days=row.values["rules.printing-lead.min_days"])
        data["year"] = row.values["year"]
        why = planner.explain(data)
        assert row.status == why.status == plan_row.status
        assert row.conflicts == [c.rules for c in why.conflicts] == plan_row.conflicts
        assert row.windows == why.windows
        for event, day in plan_row.dates.items():  # each plan lies in its windows
            low, high = row.windows[event]
            assert (low is None or low <= day) and (high is None or day <= high)
    assert {r.status for r in screened.rows} == {"feasible", "infeasible"}


def test_a_rulebook_rule_can_be_varied_like_an_amendment():
    result = planner.whatif(WILLIAMS, ["rules.notice-window.min_days=10,30"])
    book = yaml.safe_load((ROOT / "constraints" / "williams-natural-gas.yaml").read_text())
    for row in result.rows:
        amended = with_rule(book, "notice-window", min_days=row.values["rules.notice-window.min_days"])
        plan = plan_problem(build_problem(seed(), rulebook=amended))
        assert row.status == plan.status and row.dates == plan.dates() and row.conflicts == plan.conflicts
    assert result.base == {"rules.notice-window.min_days": 10}
    assert result.rows[1].differs == ["rules.notice-window.min_days"]
    # 30 days of notice, and the printer's 7 business days after the record date: the record
    # date moves earlier than with 10 days (the meeting is fixed by Art. I §1.1).
    assert result.rows[1].dates["notice"] <= date(2027, 3, 29) and result.rows[1].dates["meeting"] == date(2027, 4, 28)


def test_year_closures_and_whole_rules():
    result = planner.whatif(WILLIAMS, {"year": [2028], "closures": [[], ["2028-04-26"]], "rules.printing-lead": [None]})
    plain, closed = result.rows
    expected = planner.plan({**seed(), "year": 2028, "rules": [r for r in seed()["rules"] if r["id"] != "printing-lead"]})
    assert plain.dates == expected.dates()
    assert closed.dates["meeting"] == date(2028, 4, 27)  # last Wednesday closed: next business day (Art. I §1.1)
    assert closed.differs == ["year", "closures", "rules.printing-lead"]


def test_repeated_values_give_the_same_rows():
    result = planner.whatif(WILLIAMS, {"rules.printing-lead.min_days": [10, 7, 10]}, mode="screen")
    first, _, again = result.rows
    assert again.model_dump(exclude={"variant"}) == first.model_dump(exclude={"variant"}) and again.variant == 3
    assert result.rows[1].differs == []


def test_a_sweep_file_is_the_base_with_its_grid():
    from_file = planner.whatif(SWEEP, mode="screen")
    data = seed(SWEEP)
    direct = planner.whatif(WILLIAMS, data["vary"], mode="screen")
    assert from_file == direct
    assert from_file.fields == ["rules.printing-lead.min_days", "rules.mailing-after-printing.min_days"]


# The same rows however they are run -----------------------------------------------------------

PARALLEL_VARY = {"rules.printing-lead.min_days": [5, 7, 30, 40], "facts.notice_waived": [False, True],
                 "rules.mailing-after-printing.min_days": [1, 2, 3], "closures": [[], ["March 26"]]}


def test_processes_give_the_rows_of_one_process():
    alone = planner.whatif(WILLIAMS, PARALLEL_VARY, mode="screen", workers=1)
    pooled = planner.whatif(WILLIAMS, PARALLEL_VARY, mode="screen", workers=2)
    assert len(alone.rows) == 48 and pooled == alone
    assert alone.counts["feasible"] and alone.counts["infeasible"]


def test_a_dask_local_cluster_gives_the_same_rows():
    pytest.importorskip("distributed")
    vary = {"rules.printing-lead.min_days": [7, 40], "facts.notice_waived": [False, True]}
    assert planner.whatif(WILLIAMS, vary, dask="local", workers=1) == planner.whatif(WILLIAMS, vary)


def test_an_unreachable_scheduler_is_bad_input(capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("planner.studies.parallel.CONNECT_TIMEOUT_S", 0.5)
    code = cli.main(["whatif", str(WILLIAMS), "--vary", "year=2027", "--dask", "tcp://127.0.0.1:1", "--quiet"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "--dask" in err and err.count("\n") == 1


# The command -----------------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["whatif", str(WILLIAMS), "--vary", "rules.printing-lead.min_days=7,40", "--workers", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_formats(capsys):
    expected = planner.whatif(WILLIAMS, ["rules.printing-lead.min_days=7,40"])
    code, out, err = run(capsys, "--format", "json")
    assert code == 0 and err == ""  # stderr is no terminal here: no progress bar
    assert WhatIf.model_validate_json(out) == expected
    code, out, _ = run(capsys, "--format", "csv")
    frame = pd.read_csv(io.StringIO(out.removeprefix("\ufeff")), keep_default_na=False)
    assert list(frame["status"]) == ["feasible", "infeasible"] and list(frame["meeting"]) == ["2027-04-28", ""]
    assert list(frame.columns) == list(expected.to_frame().columns)
    code, out, _ = run(capsys, "--format", "markdown")
    assert out.splitlines()[3].startswith("|   variant |") and out.count("\n") == 7
    code, out, _ = run(capsys)
    lines = out.splitlines()
    assert "2 variants (plan mode): 1 feasible, 1 infeasible, 0 with errors" in lines[0]
    assert lines[3].split()[:4] == ["variant", "rules.printing-lead.min_days", "status", "meeting"]
    assert "notice-window, record-date-window, printing-lead, mailing-after-printing" in lines[6]


def test_progress_bar_on_a_terminal_only(monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for quiet, drawn in ((False, True), (True, False)):
        fake = Terminal()
        monkeypatch.setattr("sys.stderr", fake)
        assert cli.main(["whatif", str(WILLIAMS), "--vary", "year=2027,2028", "--workers", "1", "--mode", "screen",
                         *(["--quiet"] if quiet else [])]) == 0
        assert ("2/2" in fake.getvalue()) is drawn
    capsys.readouterr()


def test_year_option_sets_the_base_year():
    result = planner.whatif(WILLIAMS, ["rules.printing-lead.min_days=7"], year=2030)
    assert result.rows[0].dates == planner.plan(WILLIAMS, year=2030).dates()
    assert prepare_sweep(WILLIAMS, ["year=2031"], year=2030)[0].scenario["year"] == 2030


BAD_SWEEPS = [
    # (sweep file data, field the error names)
    ({"schema_version": 1, "name": "s", "base": "nowhere.yaml", "vary": {"year": [2027]}}, "base"),
    ({"schema_version": 1, "name": "s", "base": "base.yaml", "vary": {}}, "vary"),
    ({"schema_version": 1, "name": "s", "base": "base.yaml", "vary": {"year": [2027]}, "mode": "fast"}, "mode"),
    ({"schema_version": 2, "name": "s", "base": "base.yaml", "vary": {"year": [2027]}}, "schema_version"),
    ({"schema_version": 1, "name": "s", "base": "base.yaml", "vary": {"year": [2027]}, "workers": 9}, "workers"),
    ({"schema_version": 1, "name": "s", "base": "base.yaml", "vary": {"facts.dividend": [True]}}, "--vary"),
]


@pytest.mark.parametrize("data, field", BAD_SWEEPS, ids=[b[1] for b in BAD_SWEEPS])
def test_bad_sweep_files_are_one_line_errors(tmp_path, capsys, data, field):
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(seed()))
    path = tmp_path / "sweep.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(SweepError) as caught:
        planner.whatif(path)
    assert caught.value.field == field
    assert cli.main(["whatif", str(path), "--quiet"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1


def test_a_field_of_a_rule_left_out_is_moot():
    result = planner.whatif(WILLIAMS, {"rules.printing-lead": [None], "rules.printing-lead.min_days": [10, "x"]}, mode="screen")
    assert [r.status for r in result.rows] == ["feasible", "feasible"]
    assert result.rows[0].windows == result.rows[1].windows


def test_a_path_a_dict_and_a_model_give_the_same_sweep():
    vary = {"rules.printing-lead.min_days": [7, 40]}
    from_path = planner.whatif(WILLIAMS, vary, mode="screen")
    assert planner.whatif(seed(), vary, mode="screen") == from_path
    assert planner.whatif(planner.Scenario.model_validate(seed()), vary, mode="screen") == from_path


SEEDS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_bundled_scenario_sweeps_as_it_plans(path):
    """Rulebooks with picked facts, preferences and board meetings: each
    row is still what `planner plan` and `planner explain` say."""
    vary = {"year": [2031], "margin_cap_days": [30, 10]}
    planned = planner.whatif(path, vary)
    screened = planner.whatif(path, vary, mode="screen")
    for row, screen in zip(planned.rows, screened.rows):
        data = {**seed(path), **row.values}
        plan, why = planner.plan(path, year=row.values["year"]), planner.explain(data)
        if row.values["margin_cap_days"] == 30:  # the base's cap: the plan of the file itself
            assert row.dates == plan.dates() and row.conflicts == plan.conflicts
        assert row.status == screen.status == why.status
        assert screen.windows == why.windows and screen.conflicts == [c.rules for c in why.conflicts]


def test_office_closures_are_varied_as_closures_are():
    # The company's own closed days are office_closures, not closures (a
    # legal holiday to every count): a sweep that could vary only closures
    # stretched the statute's business-day deadlines for an office day.
    notice = planner.plan(WILLIAMS).dates()["notice"].isoformat()
    result = planner.whatif(WILLIAMS, {"office_closures": [[], [notice]]})
    plain, shut = result.rows
    assert plain.dates == planner.plan(WILLIAMS).dates() and shut.differs == ["office_closures"]
    assert shut.dates == planner.plan({**seed(), "office_closures": [notice]}).dates()
    assert shut.dates["notice"].isoformat() != notice
