"""A cold command imports what its sub-command needs (issue 14).

Each case runs a new interpreter and lists the heavy packages it loaded:
CP-SAT (with the numpy and pandas it pulls in), python-holidays' registry
of every country, the drafting modules, Jinja2 and matplotlib.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import ROOT, WILLIAMS, golden_dates

HEAVY = ("ortools", "pandas", "planner.drafting", "jinja2", "matplotlib", "planner.studies")
# The package whose __init__ imports every country's module (one country's module alone is fine).
REGISTRY = "holidays.countries"


def _loaded_after(code: str) -> list[str]:
    probe = (f"import sys\n{code}\n"
             f"import json\nprint(json.dumps(sorted({{h for h in {HEAVY!r} for m in sys.modules "
             f"if m == h or m.startswith(h + '.')}} | ({{{REGISTRY!r}}} & set(sys.modules)))))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_import_planner_loads_nothing_heavy():
    assert _loaded_after("import planner") == []


def test_public_names_resolve_on_first_use():
    assert _loaded_after("import planner\nassert planner.Plan.__name__ == 'Plan'") == []
    # Every name in __all__ resolves, and an unknown one is an AttributeError.
    import planner

    for name in planner.__all__:
        assert getattr(planner, name) is not None, name
    with pytest.raises(AttributeError):
        planner.no_such_name  # noqa: B018


@pytest.mark.parametrize("args,allowed", [
    (["rules", "williams-natural-gas"], set()),
    (["packs"], set()),
    (["check", str(WILLIAMS), "--dates", "DATES", "--format", "json"], set()),
    # Plans come from the propagation (planner.engine.leximin): no solver.
    (["plan", str(WILLIAMS), "--format", "json"], set()),
])
def test_a_cold_command_loads_what_it_needs(tmp_path, args, allowed):
    dates = tmp_path / "dates.yaml"
    dates.write_text(json.dumps({"events": {e: d.isoformat() for e, d in golden_dates("williams-natural-gas-2027").items()}}))
    args = [str(dates) if a == "DATES" else a for a in args]
    code = f"from planner.faces.cli import run\nrun({args!r})"
    assert set(_loaded_after(code)) == allowed


def test_only_the_us_holiday_module_is_loaded():
    code = ("from planner.days.business_calendar import BusinessCalendar\n"
            # Independence Day 2027 is a Sunday, observed on Monday 5 July.
            "assert BusinessCalendar('US', 'DE', range(2026, 2029)).holiday_name(__import__('datetime').date(2027, 7, 5))\n"
            "n = sum(m.startswith('holidays.countries.') for m in sys.modules)\n"
            "assert n == 1, n")
    assert "holidays.countries" not in _loaded_after(code)


def test_us_holidays_equal_the_registry_ones():
    """Loading the US module alone gives the same holidays as python-holidays' own entry point."""
    code = ("import holidays\nfrom planner.days.business_calendar import _legal_holidays\n"
            "for subdiv in (None, 'DE', 'LA', 'CO', 'OK', 'NY'):\n"
            "    ours = _legal_holidays('US', subdiv, tuple(range(2026, 2032)))\n"
            "    theirs = dict(holidays.country_holidays('US', subdiv=subdiv, years=range(2026, 2032)).items())\n"
            "    assert ours == theirs and ours, subdiv")
    _loaded_after(code)
