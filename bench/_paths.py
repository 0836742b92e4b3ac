"""The checkout the benchmarks measure: its root first on sys.path, so that
``python bench/NAME.py`` runs this checkout's planner (a worktree's, not
the one .venv installed), and bench/ itself for the helpers the scripts
share (plan_speed.measure, .interleaved, .propagation).  Each script
imports it before anything of the planner."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["BENCH", "ROOT"]

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
