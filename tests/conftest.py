"""Plans of the seed scenarios that several test modules read (computed once)."""

from __future__ import annotations

import pytest
from hypothesis import settings

import planner
from tests.helpers import ROOT

# Every run draws the same examples (seeded from each test's name): the suite's verdict does not
# depend on the draw, and a failure shows again on the next run. No example database is read or
# written. Each test's own settings (max_examples, deadline) still apply.
settings.register_profile("planner", derandomize=True, database=None)
settings.load_profile("planner")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """--dist loadgroup: mark each grouped test's nodeid with its group, as
    pytest-xdist means to. xdist sets `item._nodeid`, which pytest 9 no longer
    reads (the nodeid is `item._id`), so its scheduler saw no groups and spread
    the browser tests over every worker, each starting its own Chromium."""
    if not getattr(config.option, "loadgroup", False):  # what xdist sets in its workers for --dist loadgroup
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})
        if names and "@" not in item.nodeid:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.fixture(scope="session")
def williams_plan() -> planner.Plan:
    return planner.plan(ROOT / "scenarios/williams-natural-gas-2027.yaml")


@pytest.fixture(scope="session")
def cleco_plan() -> planner.Plan:
    return planner.plan(ROOT / "scenarios/cleco-utility-2027.yaml")


@pytest.fixture(scope="module")
def client():
    """A test client of the HTTP service with the default limits."""
    from fastapi.testclient import TestClient

    from planner.faces.service import create_app

    return TestClient(create_app())


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch):
    """Tables fit COLUMNS when it is set; tests that want a width set it, the
    others see the unfitted output whatever the shell running them exports."""
    monkeypatch.delenv("COLUMNS", raising=False)
