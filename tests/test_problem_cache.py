"""The compiled problem kept between calls (planner.engine.problem.build_problem,
planner.model.file_state): the same files and arguments give the same
problem and plan; an edited, added or removed file, or other arguments,
give the new answer; a caller cannot change what the next one gets; bad
input fails every time.

Every case writes its own files in a temporary folder and edits them
between calls; the answer after an edit is compared with a build that
keeps nothing (`build_problem(..., reuse=False)`)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

import planner
from planner.engine import problem as problem_module
from planner.engine.problem import Problem, build_problem, clear_problem_cache
from planner.errors import PackError, ScenarioError
from planner.model import file_state, layering, packs
from tests.helpers import ROOT, SCENARIOS
from tests.test_cli import planner as run_cli

MEETING = date(2027, 5, 20)


def _rule(kind: str, rid: str, source: str = "bylaw", **fields) -> dict:
    return {"kind": kind, "id": rid, "cite": f"Art. T §{rid}", "summary": "test rule", "source": source, **fields}


def rulebook(meeting: date = MEETING) -> dict:
    return {
        "schema_version": 1, "id": "cache-book", "title": "Test bylaws", "document": "in memory",
        "jurisdiction": {"country": "US", "subdiv": "DE"},
        "facts": {"meeting_type": {"values": ["annual", "special"], "default": "annual"},
                  "proxy_card": {"values": ["short", "long"], "default": "short"}},
        "events": {e: {"kind": e, "label": e, "required": True} for e in ("meeting", "notice", "record_date")},
        "rules": [
            _rule("on_date", "meeting-date", event="meeting", date=meeting.isoformat()),
            _rule("gap", "notice-window", before="notice", after="meeting", min_days=10, max_days=60),
            _rule("gap", "record-date-window", before="record_date", after="meeting", min_days=10, max_days=70),
            _rule("gap", "long-card-lead", before="notice", after="meeting", min_days=40, when={"proxy_card": "long"}),
        ],
    }


def pin(event: str, day: str, rid: str | None = None, source: str = "operational") -> dict:
    return _rule("on_date", rid or f"{event.replace('_', '-')}-day", source, event=event, date=day)


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def scenario(**extra) -> dict:
    return {"schema_version": 1, "name": "cache test", "rulebook": "book.yaml", "year": 2027, **extra}


def statute_pack(filing: str = "2027-05-01", pack_id: str = "fixture-statute") -> dict:
    return {
        "schema_version": 1, "id": pack_id, "title": "Fixture statute", "layer": "statute",
        "applies": {"incorporation": "ZZ"}, "document": "tests only",
        "events": {"filing": {"kind": "operational", "label": "Filing with the state", "required": True}},
        "rules": [pin("filing", filing, f"{pack_id}-filing", "statute")],
    }


def summary(problem: Problem) -> dict:
    """What a plan is made from, comparable across builds."""
    return {
        "year": problem.year, "source": problem.source, "events": sorted(problem.events),
        "rules": sorted(r.id for r in problem.rules), "rule_fields": sorted(r.model_dump_json() for r in problem.rules),
        "skipped": sorted((s.rule.id, s.status, s.reason) for s in problem.skipped), "facts": problem.facts,
        "choices": problem.choices, "origin": problem.origin, "horizon": problem.horizon, "ranges": problem.ranges,
        "frame": problem.frame, "holidays": problem.extra_holidays, "dropped": problem.dropped,
        "closures": sorted(problem.calendar.closures), "packs": [p.pack.id for p in problem.packs], "notes": problem.notes,
    }


@pytest.fixture(autouse=True)
def _fresh():
    clear_problem_cache()
    yield
    clear_problem_cache()


@pytest.fixture
def builds(monkeypatch) -> list:
    """The arguments of each build that kept nothing (a miss of the cache)."""
    calls = []
    real = problem_module._build_problem

    def counted(scenario, **kwargs):
        calls.append(scenario)
        return real(scenario, **kwargs)

    monkeypatch.setattr(problem_module, "_build_problem", counted)
    return calls


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path / "book.yaml", rulebook())
    write(tmp_path / "s.yaml", scenario(rules=[pin("notice", "2027-04-01")]))
    return tmp_path


def plan_json(path) -> str:
    return planner.plan(path).model_dump_json()


def test_same_input_gives_an_equal_problem_and_the_same_plan(folder: Path, builds: list):
    path = str(folder / "s.yaml")
    first, second = build_problem(path), build_problem(path)
    assert len(builds) == 1, "the second call should use the kept problem"
    assert first is not second
    assert summary(first) == summary(second) == summary(build_problem(path, reuse=False))
    kept = plan_json(path)
    assert plan_json(path) == kept
    clear_problem_cache()
    assert plan_json(path) == kept  # the same plan as from a problem built afresh


def test_a_seed_scenario_plans_the_same_kept_or_built_afresh(monkeypatch):
    path = "scenarios/williams-natural-gas-listed-2027.yaml"
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    kept = [plan_json(path) for _ in range(2)]
    clear_problem_cache()
    assert kept == [plan_json(path)] * 2
    assert summary(build_problem(path)) == summary(build_problem(path, reuse=False))


def _seed_scenarios() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SCENARIOS.glob("*.yaml"))


@pytest.mark.parametrize("path", _seed_scenarios(), ids=lambda p: Path(p).stem)
def test_plan_check_and_explain_leave_the_kept_problem_as_built(path, monkeypatch):
    """planner.plan, check and explain work on the kept problem itself, not
    a copy (build_problem(copy=False)): each leaves it equal to a fresh
    build, its own lists and dicts the same objects, so the next call
    plans what the files say."""
    monkeypatch.chdir(ROOT)
    first = planner.plan(path)
    kept = build_problem(path, copy=False)
    assert kept is build_problem(path, copy=False) and kept is not build_problem(path)
    containers = {name: getattr(kept, name) for name in ("events", "rules", "skipped", "facts", "choices", "ranges",
                                                          "packs", "origins", "notes")}
    fresh = summary(build_problem(path, reuse=False))
    assert summary(kept) == fresh
    given = None
    if first.ok:
        given = {"events": {e: d.isoformat() for e, d in first.dates().items()},
                 "facts": {f: v for f, v in first.facts.items() if f in kept.choices}}
        assert planner.check(path, given).status == "compliant"
    planner.explain(path)
    assert planner.plan(path).model_dump_json() == first.model_dump_json()
    assert build_problem(path, copy=False) is kept
    assert summary(kept) == fresh
    assert all(getattr(kept, name) is value for name, value in containers.items())
    if given is not None:
        dates = {e: date.fromisoformat(d) for e, d in given["events"].items()}
        checked = build_problem(path, given=dates, copy=False)
        assert summary(checked) == summary(build_problem(path, given=dates, reuse=False))


def test_editing_the_scenario_gives_the_new_plan(folder: Path):
    path = folder / "s.yaml"
    assert planner.plan(path).dates()["notice"] == date(2027, 4, 1)
    write(path, scenario(rules=[pin("notice", "2027-04-05")]))
    assert planner.plan(path).dates()["notice"] == date(2027, 4, 5)


def test_editing_the_rulebook_gives_the_new_plan(folder: Path):
    path = folder / "s.yaml"
    assert planner.plan(path).dates()["meeting"] == MEETING
    write(folder / "book.yaml", rulebook(meeting=date(2027, 5, 21)))
    assert planner.plan(path).dates()["meeting"] == date(2027, 5, 21)


def test_editing_an_extends_parent_gives_the_new_plan(folder: Path):
    write(folder / "parent.yaml", scenario(rules=[pin("notice", "2027-04-01")]))
    child = write(folder / "child.yaml", {"extends": "parent.yaml", "name": "child"})
    assert planner.plan(child).dates()["notice"] == date(2027, 4, 1)
    write(folder / "parent.yaml", scenario(rules=[pin("notice", "2027-04-07")]))
    assert planner.plan(child).dates()["notice"] == date(2027, 4, 7)


def test_editing_a_pack_file_gives_the_new_plan(folder: Path):
    write(folder / "fixture-statute.yaml", statute_pack("2027-05-01"))
    path = write(folder / "s.yaml", scenario(packs=["fixture-statute.yaml"]))
    assert planner.plan(path).dates()["filing"] == date(2027, 5, 1)
    write(folder / "fixture-statute.yaml", statute_pack("2027-05-03"))
    assert planner.plan(path).dates()["filing"] == date(2027, 5, 3)


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch) -> Path:
    """A bundled packs folder of the test's own."""
    where = tmp_path / "bundled"
    where.mkdir()
    monkeypatch.setattr(packs, "BUNDLED_PACKS", where)
    monkeypatch.setattr(layering, "BUNDLED_PACKS", where)
    return where


def test_a_pack_added_to_or_removed_from_the_bundled_folder_is_seen(folder: Path, bundled: Path):
    path = write(folder / "s.yaml", scenario(incorporation="ZZ"))
    assert "filing" not in planner.plan(path).dates()
    write(bundled / "fixture-statute.yaml", statute_pack())
    assert planner.plan(path).dates()["filing"] == date(2027, 5, 1)
    (bundled / "fixture-statute.yaml").rename(bundled / "fixture-statute.txt")
    assert "filing" not in planner.plan(path).dates()


def test_editing_a_base_pack_reaches_the_packs_that_enact_it(folder: Path, bundled: Path):
    base = {
        "schema_version": 1, "id": "fixture-base", "title": "Fixture model act", "layer": "statute",
        "applies": {"base": True}, "document": "tests only",
        "events": {"filing": {"kind": "operational", "label": "Filing with the state", "required": True}},
        "rules": [pin("filing", "2027-05-01", "fixture-base-filing", "statute")],
    }
    state = {
        "schema_version": 1, "id": "fixture-state", "title": "Fixture state act", "layer": "statute",
        "applies": {"incorporation": "ZZ"}, "document": "tests only", "extends": "fixture-base",
        "inherit": {"fixture-base-filing": {"cite": "Fixture State Act §1"}},
    }
    write(bundled / "fixture-base.yaml", base)
    write(bundled / "fixture-state.yaml", state)
    path = write(folder / "s.yaml", scenario(incorporation="ZZ"))
    assert planner.plan(path).dates()["filing"] == date(2027, 5, 1)
    base["rules"] = [pin("filing", "2027-05-04", "fixture-base-filing", "statute")]
    write(bundled / "fixture-base.yaml", base)
    assert planner.plan(path).dates()["filing"] == date(2027, 5, 4)
    assert str(packs.load_pack("fixture-state").rules[0].date.day) == "2027-05-04"


def test_the_same_relative_path_from_another_folder_is_another_scenario(tmp_path: Path, monkeypatch):
    for name, day in (("a", "2027-04-01"), ("b", "2027-04-09")):
        (tmp_path / name).mkdir()
        write(tmp_path / name / "book.yaml", rulebook())
        write(tmp_path / name / "s.yaml", scenario(rules=[pin("notice", day)]))
    monkeypatch.chdir(tmp_path / "a")
    assert planner.plan("s.yaml").dates()["notice"] == date(2027, 4, 1)
    monkeypatch.chdir(tmp_path / "b")
    assert planner.plan("s.yaml").dates()["notice"] == date(2027, 4, 9)


# Each: keyword arguments of build_problem, and the summary key they change.
VARIANTS = [
    ({"year": 2028}, "year"),
    ({"facts": {"proxy_card": "long"}}, "rules"),
    ({"facts": {"proxy_card": ["short", "long"]}}, "choices"),
    ({"drop": ["record-date-window"]}, "rules"),
    ({"holidays": ["2027-04-30"]}, "closures"),
    ({"incorporation": "ZZ"}, "packs"),
    ({"packs": ["PACK"]}, "packs"),
    ({"given": {"notice": date(2027, 4, 1)}}, "rules"),
]


@pytest.mark.parametrize("kwargs, differs", VARIANTS, ids=[next(iter(k)) for k, _ in VARIANTS])
def test_other_arguments_never_share_a_problem(folder: Path, bundled: Path, kwargs: dict, differs: str):
    write(bundled / "fixture-statute.yaml", statute_pack())
    write(folder / "s.yaml", scenario())
    pack = str(write(folder / "fixture-statute.yaml", statute_pack("2027-05-02")))
    kwargs = {k: [pack] if v == ["PACK"] else v for k, v in kwargs.items()}
    path = str(folder / "s.yaml")
    plain = summary(build_problem(path))
    varied = summary(build_problem(path, **kwargs))
    assert varied[differs] != plain[differs]
    assert varied == summary(build_problem(path, reuse=False, **kwargs))
    assert summary(build_problem(path)) == plain == summary(build_problem(path, reuse=False))
    assert summary(build_problem(path, **kwargs)) == varied


def test_a_fact_true_and_a_fact_1_are_different_keys():
    base = dict(year=None, holidays=(), drop=(), rulebook=None, incorporation=None, listing=None, packs=None, given=None)
    one = problem_module._cache_key("s.yaml", facts={"x": 1}, **base)
    true = problem_module._cache_key("s.yaml", facts={"x": True}, **base)
    assert one is not None and true is not None and one != true


def test_dicts_and_models_are_built_every_time(folder: Path, builds: list):
    data = yaml.safe_load((folder / "s.yaml").read_text())
    data["rulebook"] = str(folder / "book.yaml")
    build_problem(data)
    build_problem(data)
    assert len(builds) == 2


def test_a_caller_that_changes_its_problem_does_not_change_the_next_one(folder: Path):
    path = str(folder / "s.yaml")
    expected = summary(build_problem(path, reuse=False))
    first = build_problem(path)
    first.rules.clear()
    first.skipped.clear()
    first.events.clear()
    first.ranges.clear()
    first.facts["meeting_type"] = "special"
    first.notes.append("changed by a caller")
    first.source = "elsewhere.yaml"
    first.horizon = 1
    first._resolved.clear()
    assert summary(build_problem(path)) == expected
    assert planner.plan(path).dates()["notice"] == date(2027, 4, 1)


def test_bad_input_fails_every_time_and_a_fix_is_seen(folder: Path):
    path = folder / "s.yaml"
    assert planner.plan(path).status == "feasible"
    path.write_text("schema_version: 1\nname: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ScenarioError, match="malformed YAML"):
            build_problem(path)
    write(path, scenario(rules=[pin("notice", "2027-04-01")], facts={"no_such_fact": True}))
    for _ in range(2):
        with pytest.raises(ScenarioError, match="unknown fact"):
            build_problem(path)
    write(path, scenario(rules=[pin("notice", "2027-04-02")]))
    assert planner.plan(path).dates()["notice"] == date(2027, 4, 2)


def test_a_removed_file_gives_its_error_not_the_kept_problem(folder: Path):
    path = folder / "s.yaml"
    build_problem(path)
    (folder / "book.yaml").unlink()
    with pytest.raises(Exception, match="no such file"):
        build_problem(path)
    write(folder / "fixture-statute.yaml", statute_pack())
    write(path, scenario(packs=["fixture-statute.yaml"]))
    write(folder / "book.yaml", rulebook())
    build_problem(path)
    (folder / "fixture-statute.yaml").unlink()
    with pytest.raises(PackError, match="no such file"):
        build_problem(path)


def test_the_command_line_says_the_error_in_one_line_every_time(folder: Path):
    path = folder / "s.yaml"
    assert run_cli("plan", str(path)).returncode == 0
    write(path, scenario(year="next"))
    for _ in range(2):
        run = run_cli("plan", str(path))
        assert run.returncode == 2
        assert len(run.stderr.strip().splitlines()) == 1 and str(path) in run.stderr and "year" in run.stderr


def test_a_files_stat_is_trusted_only_when_it_changed_well_before_reading():
    long_ago = time.time_ns() - 10 * file_state.RACY_NS
    stat = lambda mtime, ctime: SimpleNamespace(st_dev=1, st_ino=7, st_size=10, st_mtime_ns=mtime, st_ctime_ns=ctime)
    old, fresh = stat(long_ago, long_ago), stat(long_ago, time.time_ns())
    assert file_state._trusted(old) is not None
    assert file_state._trusted(fresh) is None  # changed just now: a later change may keep these times


def test_with_trusted_stats_a_touch_keeps_the_problem_and_an_edit_does_not(folder: Path, builds: list, monkeypatch):
    monkeypatch.setattr(file_state, "RACY_NS", -10**15)  # every stat trusted, as for files not changed lately
    path = folder / "s.yaml"
    build_problem(path)
    os.utime(path)  # new times, the same bytes
    build_problem(path)
    assert len(builds) == 1
    write(path, scenario(rules=[pin("notice", "2027-04-03")]))
    assert build_problem(path).ranges["notice"][0] == build_problem(path).ranges["notice"][1]
    assert planner.plan(path).dates()["notice"] == date(2027, 4, 3)
    assert len(builds) == 2


def _stamps(path: Path) -> list:
    """The stat recorded for `path` in each kept problem (None: hashed on every lookup)."""
    where = os.path.abspath(path)
    return [seen[("file", where)].stamp for _, seen in problem_module._PROBLEMS._entries.values()]


def test_a_file_read_just_after_a_change_is_hashed_until_the_change_is_old(folder: Path, builds: list, monkeypatch):
    """A file read within RACY_NS of its change proves nothing by its stat,
    so each lookup hashes it; once its change is old, the lookup that
    hashes it records the stat, and the next ones stat it alone."""
    path = folder / "s.yaml"
    write(path, scenario(rules=[pin("notice", "2027-04-01")]))  # changed just now
    build_problem(path)
    assert _stamps(path) == [None]
    build_problem(path)
    assert _stamps(path) == [None]  # still too recent
    monkeypatch.setattr(file_state, "RACY_NS", -10**15)  # as if the change were long past
    build_problem(path)
    assert _stamps(path)[0] is not None
    reads = []
    real_open = open
    with monkeypatch.context() as spying:
        spying.setattr("builtins.open", lambda *a, **k: reads.append(a[0]) or real_open(*a, **k))
        build_problem(path)
    assert reads == [] and len(builds) == 1  # its stat matched: not read again
    os.utime(path)  # touched: new times, the same bytes
    build_problem(path)
    touched = _stamps(path)[0]
    assert touched is not None and touched[3] == os.stat(path).st_mtime_ns  # the new stat kept
    write(path, scenario(rules=[pin("notice", "2027-04-03")]))  # an edit is still seen
    assert planner.plan(path).dates()["notice"] == date(2027, 4, 3)
    assert len(builds) == 2


def test_a_problem_built_from_kept_documents_still_sees_their_edits(folder: Path):
    """The second problem is built from the scenario and rulebook read for
    the first; their files must still be checked for it."""
    path = folder / "s.yaml"
    assert planner.plan(path, year=2027).dates()["meeting"] == MEETING
    assert planner.plan(path, year=2028).dates()["meeting"] == MEETING  # the rulebook's ISO date
    write(folder / "book.yaml", rulebook(meeting=date(2027, 5, 21)))
    write(path, scenario(rules=[pin("notice", "2027-04-06")]))
    dates = planner.plan(path, year=2028).dates()
    assert (dates["meeting"], dates["notice"]) == (date(2027, 5, 21), date(2027, 4, 6))


def test_a_removed_working_folder_still_plans_an_absolute_path(folder: Path, tmp_path_factory, monkeypatch):
    # os.getcwd() fails once the working folder is gone; the key needs it, the plan does not.
    gone = tmp_path_factory.mktemp("gone")
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert planner.plan(str(folder / "s.yaml")).status == "feasible"
