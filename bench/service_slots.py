#!/usr/bin/env python3
"""The HTTP service's throughput by solve slots, and threads against
processes (issue 14: throughput growing with the slots).

Side by side in one run:

* service: ``create_app(Limits(max_concurrent_solves=N, solve_in=...))``
  served in this process through httpx's ASGI transport (no sockets),
  ``POST /v1/plan`` of the feasible seed scenarios in turn, 8 requests in
  flight: 1 slot in a thread, 2 slots in threads
  (planner.faces.service._Solves), 2 slots in worker processes
  (planner.faces.solve_pool, what ``planner serve`` runs).
* the same plans with no HTTP: ``planner.plan(path)`` one after the other,
  in a pool of 2 threads, and in a pool of 2 processes (each warmed first).

Each round runs every row once, side by side; with ``--rounds`` above 1 the
median of the rounds is printed.  Prints plans per second and each figure
against one slot / one thread, and the load average before and after.  If 2
threads give little more than 1 and 2 processes nearly twice, the GIL is
what holds the slots back.  Figures only.

    .venv/bin/python bench/service_slots.py [--requests N] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil
import yaml

from _paths import ROOT  # before the planner: this checkout first on sys.path

import planner  # noqa: E402
from planner.faces.service import Limits, create_app  # noqa: E402
from plan_speed import print_header  # noqa: E402  (bench/ is on sys.path)

SCENARIOS = sorted((ROOT / "scenarios").glob("*-2027.yaml"))
IN_FLIGHT = 8


def _cpu_s(pids: list[int]) -> float:
    """CPU seconds used so far by this process and the given ones (user and system)."""
    total = 0.0
    for pid in [os.getpid(), *pids]:
        times = psutil.Process(pid).cpu_times()
        total += times.user + times.system
    return total


def _plan(path: str) -> str:
    return planner.plan(path).status


async def _service_rate(slots: int, requests: int, solve_in: str = "threads") -> tuple[float, float]:
    app = create_app(Limits(max_concurrent_solves=slots, request_timeout_s=300, solve_in=solve_in))
    async with app.router.lifespan_context(app):  # worker processes start and end with the app
        pids = app.state.solves.pids if solve_in == "processes" else []
        return await _serve(app, requests, pids)


async def _serve(app, requests: int, pids: list[int]) -> tuple[float, float]:
    bodies = [{"scenario": yaml.safe_load(p.read_text(encoding="utf-8"))} for p in SCENARIOS]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=300) as client:
        for body in bodies:  # warm: calendars, packs, rulebooks cached
            (await client.post("/v1/plan", json=body)).raise_for_status()
        gate = asyncio.Semaphore(IN_FLIGHT)

        async def one(i: int) -> None:
            async with gate:
                answer = await client.post("/v1/plan", json=bodies[i % len(bodies)])
                if answer.status_code != 200 or answer.json()["status"] != "feasible":
                    raise SystemExit(f"unexpected answer {answer.status_code}")

        start, cpu = time.perf_counter(), _cpu_s(pids)
        await asyncio.gather(*(one(i) for i in range(requests)))
        wall = time.perf_counter() - start
        return requests / wall, (_cpu_s(pids) - cpu) / wall


def _pool_rate(pool, requests: int) -> tuple[float, float]:
    paths = [str(p) for p in SCENARIOS]
    list(pool.map(_plan, paths * 2))  # warm every worker
    pids = list(getattr(pool, "_processes", None) or {})
    start, cpu = time.perf_counter(), _cpu_s(pids)
    statuses = list(pool.map(_plan, [paths[i % len(paths)] for i in range(requests)]))
    assert all(s == "feasible" for s in statuses)
    wall = time.perf_counter() - start
    return requests / wall, (_cpu_s(pids) - cpu) / wall


SERVICE_ROWS = [("service, 1 slot (thread)", 1, "threads"), ("service, 2 slots (threads)", 2, "threads"),
                ("service, 2 slots (processes)", 2, "processes")]


def _round(n: int) -> dict[str, tuple[float, float]]:
    rates = {name: asyncio.run(_service_rate(slots, n, solve_in)) for name, slots, solve_in in SERVICE_ROWS}
    with ThreadPoolExecutor(1) as pool:
        rates["planner.plan, 1 thread"] = _pool_rate(pool, n)
    with ThreadPoolExecutor(2) as pool:
        rates["planner.plan, 2 threads"] = _pool_rate(pool, n)
    with ProcessPoolExecutor(2) as pool:
        rates["planner.plan, 2 processes"] = _pool_rate(pool, n)
    return rates


def main(argv: list[str] | None = None) -> int:
    argv = [] if argv is None and Path(sys.argv[0]).name != Path(__file__).name else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    n = args.requests
    print(f"== service throughput by solve slots; {n} plans of the {len(SCENARIOS)} feasible seed scenarios, "
          f"{args.rounds} round(s), {os.cpu_count()} cores ==")
    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rounds = [_round(n) for _ in range(args.rounds)]
    rows = [(name, statistics.median(r[name][0] for r in rounds), statistics.median(r[name][1] for r in rounds))
            for name in rounds[0]]
    base_service, base_thread = rows[0][1], rows[3][1]
    # cores busy: CPU seconds of this process and its workers per second of wall time. Threads
    # that take turns on the GIL never pass 1.0, however many cores are free.
    header = f"{'how':<34} | {'plans/s':>7} | {'vs 1 slot / 1 thread':>20} | {'cores busy':>10}"
    print_header(header)
    for name, rate, cores in rows:
        base = base_service if name.startswith("service") else base_thread
        print(f"{name:<34} | {rate:>7.1f} | {rate / base:>19.2f}x | {cores:>10.2f}")
    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
