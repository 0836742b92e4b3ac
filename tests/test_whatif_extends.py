"""Scenarios that extend other scenarios: merging, removal, cycles, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import planner
from planner.faces import cli
from planner.errors import ScenarioError
from planner.model.extends import MAX_EXTENDS_DEPTH, merge_scenarios

ROOT = Path(__file__).resolve().parent.parent
WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
SLOW_PRINTER = ROOT / "scenarios" / "variants" / "williams-natural-gas-2027-slow-printer.yaml"


def write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def seed() -> dict:
    return yaml.safe_load(WILLIAMS.read_text(encoding="utf-8"))


def rule_ids(data: dict) -> list[str]:
    return [r["id"] for r in data["rules"]]


# Merge semantics, case by case -----------------------------------------------------------------

PARENT = {
    "name": "parent", "year": 2027, "closures": ["December 24"],
    "facts": {"a": 1, "b": 2}, "anchors": {"x": {"day": "May 1", "shift": "+1 day"}},
    "events": {"e1": None, "e2": {"kind": "operational", "label": "two"}},
    "rules": [{"id": "r1", "min_days": 1}, {"id": "r2", "min_days": 2}],
}

MERGES = [
    # (child, expected differences from PARENT, why)
    ({"year": 2028}, {"year": 2028}, "scalars are replaced"),
    ({"closures": ["July 4"]}, {"closures": ["July 4"]}, "lists other than rules are replaced, not appended"),
    ({"facts": {"b": 3, "c": 4}}, {"facts": {"a": 1, "b": 3, "c": 4}}, "facts merge by key"),
    ({"anchors": {"x": {"day": "June 1"}}}, {"anchors": {"x": {"day": "June 1"}}},
     "an anchor is replaced whole: no shift inherited into the new date"),
    ({"events": {"e2": {"kind": "operational", "label": "2"}, "e3": None}},
     {"events": {"e1": None, "e2": {"kind": "operational", "label": "2"}, "e3": None}}, "events merge by key"),
    ({"rules": [{"id": "r1", "max_days": 9}, {"id": "r3"}]},
     {"rules": [{"id": "r1", "max_days": 9}, {"id": "r2", "min_days": 2}, {"id": "r3"}]},
     "same id replaces in place (whole), a new id is appended"),
    ({"remove": ["rules.r1", "events.e1", "facts.a", "anchors.x"]},
     {"rules": [{"id": "r2", "min_days": 2}], "events": {"e2": {"kind": "operational", "label": "two"}},
      "facts": {"b": 2}, "anchors": {}}, "remove drops inherited entries"),
    ({"remove": ["rules.r1"], "rules": [{"id": "r1", "min_days": 5}]},
     {"rules": [{"id": "r2", "min_days": 2}, {"id": "r1", "min_days": 5}]}, "removal comes before the child's own entries"),
]


@pytest.mark.parametrize("child, changes, why", MERGES, ids=[m[2] for m in MERGES])
def test_merge_semantics(child, changes, why):
    assert merge_scenarios(PARENT, child) == {**PARENT, **changes}, why


def test_merge_leaves_the_parent_alone():
    before = yaml.safe_dump(PARENT)
    merge_scenarios(PARENT, {"facts": {"a": 5}, "remove": ["rules.r2"], "rules": [{"id": "r1"}]})
    assert yaml.safe_dump(PARENT) == before


# The bundled example ---------------------------------------------------------------------------


def test_bundled_example_plans_like_the_base_written_out_in_full():
    by_hand = seed()
    by_hand["name"] = "Williams Natural Gas 2027, ten-day printer"
    by_hand["office_closures"] = ["2027-03-26"]
    printing = next(r for r in by_hand["rules"] if r["id"] == "printing-lead")
    printing.update(min_days=10, summary="The new printer takes at least 10 business days from the record-date holder count.")
    expected = planner.plan({**by_hand, "rulebook": "williams-natural-gas"})
    extended = planner.plan(SLOW_PRINTER)
    assert extended.model_dump() == expected.model_dump()
    # and it is not just the base again: the slower printer and the closure move the printing date
    assert extended.dates()["materials_printed"] != planner.plan(WILLIAMS).dates()["materials_printed"]
    assert rule_ids(by_hand) == [r.id for r in planner.load_scenario(SLOW_PRINTER)[0].rules]


def test_loaded_scenario_has_no_extends_left():
    scenario, folder = planner.load_scenario(SLOW_PRINTER)
    assert scenario.extends is None and scenario.remove == []
    assert folder == SLOW_PRINTER.parent


# Paths are relative to the file that names them -------------------------------------------------


def test_paths_are_relative_to_each_file(tmp_path):
    shutil.copy(ROOT / "constraints" / "williams-natural-gas.yaml", tmp_path / "book.yaml")
    write(tmp_path / "base" / "base.yaml", {**seed(), "rulebook": "../book.yaml"})
    child = write(tmp_path / "deep" / "er" / "child.yaml",
                  {"schema_version": 1, "extends": "../../base/base.yaml", "facts": {"notice_waived": True}})
    plan = planner.plan(child)
    assert plan.facts["notice_waived"] is True
    assert plan.rulebook == "williams-natural-gas"


def test_a_dict_extends_relative_to_the_working_folder(monkeypatch):
    monkeypatch.chdir(ROOT / "scenarios")
    plan = planner.plan({"extends": "williams-natural-gas-2027.yaml", "year": 2030})
    assert plan.year == 2030 and plan.dates() == planner.plan(WILLIAMS, year=2030).dates()


def test_chains_merge_in_order(tmp_path):
    write(tmp_path / "a.yaml", seed())
    write(tmp_path / "b.yaml", {"extends": "a.yaml", "year": 2028, "facts": {"notice_waived": True}})
    c = write(tmp_path / "c.yaml", {"extends": "b.yaml", "year": 2029})
    scenario, _ = planner.load_scenario(c)
    assert scenario.year == 2029 and scenario.facts["notice_waived"] is True and scenario.name == seed()["name"]


# Errors: one line naming the file and the field ------------------------------------------------


def bad_cases(tmp: Path) -> list[tuple[Path, str, str]]:
    """(file to load, file the error names, field the error names)"""
    write(tmp / "base.yaml", seed())
    cases = []
    write(tmp / "loop-a.yaml", {"extends": "loop-b.yaml"})
    cases.append((write(tmp / "loop-b.yaml", {"extends": "loop-a.yaml"}), "loop-a.yaml", "extends"))
    cases.append((write(tmp / "self.yaml", {"extends": "self.yaml"}), "self.yaml", "extends"))
    cases.append((write(tmp / "missing.yaml", {"extends": "nowhere.yaml"}), "missing.yaml", "extends"))
    cases.append((write(tmp / "not-yaml.yaml", {"extends": "/etc/passwd"}), "not-yaml.yaml", "extends"))
    cases.append((write(tmp / "number.yaml", {"extends": 5}), "number.yaml", "extends"))
    cases.append((write(tmp / "remove-alone.yaml", {**seed(), "remove": ["rules.printing-lead"]}), "remove-alone.yaml", "remove"))
    cases.append((write(tmp / "remove-none.yaml", {"extends": "base.yaml", "remove": ["rules.no-such-rule"]}),
                  "remove-none.yaml", "remove, item 1"))
    cases.append((write(tmp / "remove-what.yaml", {"extends": "base.yaml", "remove": ["year"]}), "remove-what.yaml", "remove, item 1"))
    cases.append((write(tmp / "remove-str.yaml", {"extends": "base.yaml", "remove": "rules.printing-lead"}),
                  "remove-str.yaml", "remove"))
    cases.append((write(tmp / "bad-child.yaml", {"extends": "base.yaml", "year": "soon"}), "bad-child.yaml", "year"))
    (tmp / "list.yaml").write_text("- 1\n- 2\n")
    cases.append((write(tmp / "extends-list.yaml", {"extends": "list.yaml"}), "extends-list.yaml", "extends"))
    return cases


def test_bad_extends_are_one_line_errors_naming_file_and_field(tmp_path, capsys):
    for path, file, field in bad_cases(tmp_path):
        with pytest.raises(ScenarioError) as caught:
            planner.load_scenario(path)
        assert caught.value.file and caught.value.file.endswith(file), (path.name, caught.value)
        assert caught.value.field == field, (path.name, caught.value)
        assert cli.main(["plan", str(path)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and file in err, (path.name, err)


def test_cycles_are_named(tmp_path):
    write(tmp_path / "x.yaml", {"extends": "y.yaml"})
    write(tmp_path / "y.yaml", {"extends": "z.yaml"})
    z = write(tmp_path / "z.yaml", {"extends": "x.yaml"})
    with pytest.raises(ScenarioError, match="cycle: z.yaml -> x.yaml -> y.yaml -> z.yaml"):
        planner.load_scenario(z)


def test_depth_is_limited(tmp_path):
    write(tmp_path / "s0.yaml", seed())
    for i in range(1, MAX_EXTENDS_DEPTH + 1):
        write(tmp_path / f"s{i}.yaml", {"extends": f"s{i - 1}.yaml", "year": 2027 + i})
    assert planner.load_scenario(tmp_path / f"s{MAX_EXTENDS_DEPTH}.yaml")[0].year == 2027 + MAX_EXTENDS_DEPTH
    write(tmp_path / "one-more.yaml", {"extends": f"s{MAX_EXTENDS_DEPTH}.yaml"})
    with pytest.raises(ScenarioError, match="more than") as caught:
        planner.load_scenario(tmp_path / "one-more.yaml")
    assert caught.value.field == "extends"


def test_a_model_cannot_extend():
    data = {**seed(), "extends": "other.yaml"}
    model = planner.Scenario.model_validate(data)
    with pytest.raises(ScenarioError) as caught:
        planner.plan(model)
    assert caught.value.field == "extends"
