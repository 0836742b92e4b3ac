"""What-if sweeps: one base scenario, a grid of variants, one table.

Each variant is the base scenario with some fields set (planner.studies.sweep),
planned on its own.  Two modes:

* ``plan``: a CP-SAT plan for each variant, re-checked by the solver-free
  checker (planner.faces.api.plan_problem, what ``planner plan`` runs): the
  dates, the smallest legal margin and the binding rules; for an infeasible
  variant the minimal conflicts, the days short and the smallest fix that
  ``planner plan`` reports.
* ``screen``: no solver: exact feasibility, the same minimal conflicts, and
  each event's window (planner.engine.propagation, what ``planner explain`` runs).
  Many times faster; no dates, margins or binding rules, since those belong
  to one chosen plan.

A variant that cannot be built (a value of the wrong type, a date that does
not exist) is a row with status ``error``, never the end of the sweep.  Rows
come back in the grid's order whatever runs them: one process, a pool of
processes (planner.studies.parallel), or a Dask cluster.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field

from planner.model.documents import Scenario
from planner.outputs.render import CSV_BOM, text_table  # the plain-text table every command prints
from planner.outputs.safe_text import csv_safe_frame
from planner.studies.parallel import run_sweep
from planner.studies.sweep import Mode, canonical
from planner.studies.variants import KEY_EVENTS, SweepSpec, VariantRow, base_values, prepare_sweep

__all__ = ["WhatIf", "whatif", "render_whatif", "assemble"]


class WhatIf(BaseModel):
    """A sweep's result: `planner whatif --format json` and `POST /v1/whatif`."""

    model_config = ConfigDict(frozen=True)

    scenario: str
    rulebook: str
    mode: Mode
    fields: list[str] = Field(description="The varied fields, in grid order.")
    base: dict[str, Any] = Field(description="Each varied field's value in the base scenario.")
    counts: dict[str, int] = Field(description="Rows by status.")
    rows: list[VariantRow]

    def to_frame(self):
        """The rows as a pandas DataFrame: one row per variant, one column per
        varied field, the status, one column per event, the margin, the
        binding rules or the conflicts, and the fields that differ."""
        import pandas as pd

        events = _event_columns(self.rows)
        records = []
        for row in self.rows:
            record: dict[str, Any] = {"variant": row.variant}
            record.update({f: _cell(row.values.get(f)) for f in self.fields})
            record["status"] = row.status
            for event in events:
                if self.mode == "plan":
                    record[event] = row.dates[event].isoformat() if event in row.dates else ""
                else:
                    record[event] = _window_text(row.windows.get(event))
            if self.mode == "plan":
                record["margin"] = "" if row.margin is None else row.margin
                record["margin_rule"] = row.margin_rule or ""
                record["binding"] = ", ".join(row.binding)
            record["conflicts"] = " | ".join(", ".join(c) for c in row.conflicts)
            if self.mode == "plan":
                record["days_short"] = "" if row.days_short is None else row.days_short
                record["fix"] = row.fix or ""
            record["differs"] = ", ".join(row.differs) or "(base)"
            record["error"] = row.error or ""
            records.append(record)
        columns = ["variant", *self.fields, "status", *events,
                   *(["margin", "margin_rule", "binding"] if self.mode == "plan" else []), "conflicts",
                   *(["days_short", "fix"] if self.mode == "plan" else []), "differs", "error"]
        return pd.DataFrame(records, columns=columns)


def _event_columns(rows: list[VariantRow]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row.dates or row.windows))
    key = [e for e in KEY_EVENTS if e in seen]
    return key + sorted(e for e in seen if e not in KEY_EVENTS)


def _window_text(window: tuple[date | None, date | None] | None) -> str:
    if window is None:
        return ""
    lo, hi = window
    if lo is not None and lo == hi:
        return lo.isoformat()
    return f"{lo.isoformat() if lo else ''}..{hi.isoformat() if hi else ''}"


def _cell(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) else canonical(value)


def whatif(
    scenario: str | Path | dict | Scenario,
    vary: Any = (),
    *,
    mode: Mode | None = None,
    workers: int = 1,
    dask: str | None = None,
    year: int | None = None,
    holidays: Iterable[date] = (),
    drop: Iterable[str] = (),
    progress: bool = False,
) -> WhatIf:
    """Run a sweep: every combination of the varied fields' values, planned
    (mode "plan") or screened without a solver (mode "screen").

    `scenario` is a path (a scenario or a sweep file), a dict or a
    planner.Scenario; `vary` a dict {field: [values]} or "FIELD=V1,V2"
    strings; `workers` processes on this machine, or `dask` a scheduler
    address ("local" starts a local cluster).  The rows are the same
    whichever runs them."""
    spec, name, book = prepare_sweep(scenario, vary, mode=mode, year=year, holidays=holidays, drop=drop)
    rows = run_sweep(spec, workers=workers, dask=dask, progress=progress)
    return assemble(spec, name, book, rows)


def assemble(spec: SweepSpec, name: str, book: str, rows: list[VariantRow]) -> WhatIf:
    counts = {s: sum(r.status == s for r in rows) for s in ("feasible", "infeasible", "error")}
    return WhatIf(scenario=name, rulebook=book, mode=spec.mode, fields=[v.field for v in spec.variations],
                  base=base_values(spec), counts=counts, rows=rows)


def render_whatif(result: WhatIf, fmt: str) -> str:
    """The result as text: table, csv, json or markdown (one row per variant)."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    frame = result.to_frame()
    if fmt == "csv":
        return CSV_BOM + csv_safe_frame(frame).to_csv(index=False)
    # For people: no column that says nothing in every row.
    empty = [c for c in ("conflicts", "days_short", "fix", "error", "binding", "margin_rule")
             if c in frame and not frame[c].astype(str).str.len().any()]
    frame = frame.drop(columns=empty)
    counts = ", ".join(f"{n} {'with errors' if s == 'error' else s}" for s, n in result.counts.items())
    head = (f"{result.scenario}, rulebook {result.rulebook}: {len(result.rows)} variants ({result.mode} mode): {counts}\n"
            f"base: " + ", ".join(f"{f}={canonical(v) if not isinstance(v, (str, int, float, bool)) else v}"
                                  for f, v in result.base.items()) + "\n\n")
    if fmt == "markdown":
        return head + frame.to_markdown(index=False) + "\n"
    cells = [[str(c) for c in row] for row in frame.itertuples(index=False)]
    return head + text_table(list(frame.columns), cells) + "\n"
