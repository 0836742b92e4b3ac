#!/usr/bin/env python3
"""The HTTP service's throughput by solve slots, and threads against
processes (issue 14: throughput growing with the slots).

Side by side in one run:

* service: ``create_app(Limits(max_concurrent_solves=N))`` served in this
  process through httpx's ASGI transport (no sockets), ``POST /v1/plan`` of
  the feasible seed scenarios in turn, 8 requests in flight; N = 1 and 2.
  The slots are worker threads (planner.faces.service._Solves).
* the same plans with no HTTP: ``planner.plan(path)`` one after the other,
  in a pool of 2 threads, and in a pool of 2 processes (each warmed first).

Prints plans per second and each figure against one slot / one thread.  If
2 threads give little more than 1 and 2 processes nearly twice, the GIL is
what holds the slots back.  Figures only.

    .venv/bin/python bench/service_slots.py [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import planner  # noqa: E402
from planner.faces.service import Limits, create_app  # noqa: E402

SCENARIOS = sorted((ROOT / "scenarios").glob("*-2027.yaml"))
IN_FLIGHT = 8


def _plan(path: str) -> str:
    return planner.plan(path).status


async def _service_rate(slots: int, requests: int) -> float:
    app = create_app(Limits(max_concurrent_solves=slots, request_timeout_s=300))
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

        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(requests)))
        return requests / (time.perf_counter() - start)


def _pool_rate(pool, requests: int) -> float:
    paths = [str(p) for p in SCENARIOS]
    list(pool.map(_plan, paths * 2))  # warm every worker
    start = time.perf_counter()
    statuses = list(pool.map(_plan, [paths[i % len(paths)] for i in range(requests)]))
    assert all(s == "feasible" for s in statuses)
    return requests / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    argv = [] if argv is None and Path(sys.argv[0]).name != Path(__file__).name else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    n = args.requests
    print(f"== service throughput by solve slots; {n} plans of the {len(SCENARIOS)} feasible seed scenarios ==")
    rows = []
    for slots in (1, 2):
        rows.append((f"service, {slots} slot{'s' if slots > 1 else ''} (threads)", asyncio.run(_service_rate(slots, n))))
    with ThreadPoolExecutor(1) as pool:
        rows.append(("planner.plan, 1 thread", _pool_rate(pool, n)))
    with ThreadPoolExecutor(2) as pool:
        rows.append(("planner.plan, 2 threads", _pool_rate(pool, n)))
    with ProcessPoolExecutor(2) as pool:
        rows.append(("planner.plan, 2 processes", _pool_rate(pool, n)))
    base_service, base_thread = rows[0][1], rows[2][1]
    header = f"{'how':<34} | {'plans/s':>7} | {'vs 1 slot / 1 thread':>20}"
    print(header)
    print("-" * len(header))
    for name, rate in rows:
        base = base_service if name.startswith("service") else base_thread
        print(f"{name:<34} | {rate:>7.1f} | {rate / base:>19.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
