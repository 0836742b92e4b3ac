#!/usr/bin/env python3
"""A bounded loopback load test of the HTTP service (``POST /v1/plan``).

Starts ``.venv/bin/planner serve`` as a subprocess on 127.0.0.1 and a free
port (found by binding port 0), waits for ``GET /healthz``, then sends N
requests (``--requests``, default 1000) with at most C in flight
(``--concurrency``, default 32) through one ``httpx.AsyncClient``, cycling
through the feasible seed scenarios (scenarios/*-2027.yaml) and the
infeasible ones (scenarios/*infeasible*.yaml), then stops the server.

Prints the total time, throughput, p50 and p99 latency, the count of
non-200 answers, of errors (connection failures, timeouts) and of wrong
answers (a ``status`` other than ``feasible`` for a *-2027 scenario or
``infeasible`` for an infeasible one), and the server's resident memory
(VmRSS of /proc/<pid>/status) at the start, after the first 10% of requests
and at the end, with the growth in MiB.

Bounded in count and in time: no request is started after ``--max-seconds``
(default and at most 120 s), and requests still in flight then are cancelled.

Exits 1 if any answer was not 200, any request failed or any answer was
wrong; timings are figures only.

    .venv/bin/python bench/service_load.py [--requests N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLANNER_CLI = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "planner"
HOST = "127.0.0.1"
MAX_SECONDS = 120.0
STARTUP_TIMEOUT_S = 30.0
REQUEST_TIMEOUT_S = 30.0


def free_port() -> int:
    """A port nobody listens on now: bind port 0 on loopback and let it go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float | None:
    """VmRSS of a process in MiB (Linux /proc), or None where unavailable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return None


def fmt_mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} MiB"


def load_bodies() -> list[tuple[str, str, bytes]]:
    """(file name, expected status, JSON body) for every seed scenario, feasible first."""
    scenarios = ROOT / "scenarios"
    feasible = sorted(scenarios.glob("*-2027.yaml"))
    infeasible = sorted(scenarios.glob("*infeasible*.yaml"))
    if not feasible or not infeasible:
        raise SystemExit(f"no seed scenarios found in {scenarios}")
    bodies = []
    for path, expected in [(p, "feasible") for p in feasible] + [(p, "infeasible") for p in infeasible]:
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        bodies.append((path.name, expected, json.dumps({"scenario": scenario}, default=str).encode()))
    return bodies


def start_server(port: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PLANNER_CLI), "serve", "--host", HOST, "--port", str(port)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


async def wait_healthy(base_url: str, server: subprocess.Popen) -> float:
    """Seconds until GET /healthz answered {"status": "ok"}."""
    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=2.0, trust_env=False) as http:
        while time.perf_counter() - start < STARTUP_TIMEOUT_S:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with code {server.returncode} before answering /healthz")
            try:
                response = await http.get("/healthz")
                if response.status_code == 200 and response.json() == {"status": "ok"}:
                    return time.perf_counter() - start
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError(f"/healthz did not answer within {STARTUP_TIMEOUT_S:g} s")


async def load(base_url: str, server_pid: int, bodies, n: int, concurrency: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    non_200: dict[int, int] = {}
    errors: dict[str, int] = {}
    wrong: dict[str, int] = {}
    counters = {"next": 0, "done": 0}
    rss_at_10 = None
    tenth = max(1, math.ceil(n / 10))
    headers = {"content-type": "application/json"}
    start = time.perf_counter()
    deadline = start + max_seconds

    async def worker(http: httpx.AsyncClient) -> None:
        nonlocal rss_at_10
        while counters["next"] < n and time.perf_counter() < deadline:
            i = counters["next"]
            counters["next"] += 1
            name, expected, body = bodies[i % len(bodies)]
            sent = time.perf_counter()
            try:
                response = await http.post("/v1/plan", content=body, headers=headers)
                latencies.append(time.perf_counter() - sent)
                if response.status_code != 200:
                    non_200[response.status_code] = non_200.get(response.status_code, 0) + 1
                elif response.json().get("status") != expected:
                    wrong[name] = wrong.get(name, 0) + 1
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
                key = type(exc).__name__
                errors[key] = errors.get(key, 0) + 1
            counters["done"] += 1
            if counters["done"] == tenth:
                rss_at_10 = rss_mib(server_pid)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_S, limits=limits, trust_env=False) as http:
        tasks = [asyncio.create_task(worker(http)) for _ in range(min(concurrency, n))]
        # Hard cap: whatever is still in flight at the deadline is cancelled.
        _, pending = await asyncio.wait(tasks, timeout=max(0.0, deadline - time.perf_counter()) + 0.001)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    elapsed = time.perf_counter() - start
    return {
        "elapsed": elapsed,
        "started": counters["next"],
        "done": counters["done"],
        "cancelled": counters["next"] - counters["done"],
        "timed_out": bool(pending) or counters["next"] < n,
        "latencies": latencies,
        "non_200": non_200,
        "errors": errors,
        "wrong": wrong,
        "rss_at_10": rss_at_10,
        "tenth": tenth,
    }


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests to send (default 1000)")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight at once (default 32)")
    parser.add_argument("--max-seconds", type=float, default=MAX_SECONDS,
                        help=f"stop sending after this many seconds (default and at most {MAX_SECONDS:g})")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.concurrency < 1 or not 0 < args.max_seconds <= MAX_SECONDS:
        parser.error(f"--requests and --concurrency must be at least 1, --max-seconds in (0, {MAX_SECONDS:g}]")

    bodies = load_bodies()
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    print(f"service load: {args.requests} x POST /v1/plan, concurrency {args.concurrency}, "
          f"{len(bodies)} scenarios in turn, at most {args.max_seconds:g} s, server {base_url}")
    for name, expected, body in bodies:
        print(f"  {name:45} {expected:10} {len(body):6} bytes")

    with tempfile.TemporaryFile(mode="w+", prefix="service_load_") as log:
        server = start_server(port, log)
        try:
            ready = asyncio.run(wait_healthy(base_url, server))
            rss_start = rss_mib(server.pid)
            print(f"server pid {server.pid} ready in {ready:.2f} s")
            result = asyncio.run(load(base_url, server.pid, bodies, args.requests, args.concurrency, args.max_seconds))
            rss_end = rss_mib(server.pid)
            alive = server.poll() is None
        except BaseException:
            log.seek(0)
            tail = log.read()[-4000:]
            print(f"server log (tail):\n{tail}", file=sys.stderr)
            raise
        finally:
            stop_server(server)

    latencies = result["latencies"]
    answered = len(latencies)
    failures = sum(result["non_200"].values()) + sum(result["errors"].values()) + sum(result["wrong"].values())
    print()
    print(f"requests     {result['done']} completed of {args.requests} ({answered} answered)")
    if result["timed_out"]:
        print(f"time limit   reached after {args.max_seconds:g} s: {result['started']} started, "
              f"{result['cancelled']} cancelled in flight")
    print(f"total time   {result['elapsed']:.2f} s")
    print(f"throughput   {result['done'] / result['elapsed']:.1f} requests/s")
    if latencies:
        ms = [x * 1000 for x in latencies]
        print(f"latency      p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
              f"mean {statistics.fmean(ms):.1f} ms, max {max(ms):.1f} ms")
    print(f"non-200      {sum(result['non_200'].values())}" + (f"  {result['non_200']}" if result["non_200"] else ""))
    print(f"errors       {sum(result['errors'].values())}" + (f"  {result['errors']}" if result["errors"] else ""))
    print(f"wrong status {sum(result['wrong'].values())}" + (f"  {result['wrong']}" if result["wrong"] else ""))
    rss_10 = result["rss_at_10"]
    print("server RSS   start {}, after {} requests {}, end {}".format(
        fmt_mib(rss_start), result["tenth"], fmt_mib(rss_10), fmt_mib(rss_end)))
    if rss_start is not None and rss_end is not None:
        growth = f"growth start->end {rss_end - rss_start:+.1f} MiB"
        if rss_10 is not None:
            growth += f", after first 10%->end {rss_end - rss_10:+.1f} MiB"
        print(f"             {growth}")
    if not alive:
        print("the server exited during the run")
        return 1
    if failures:
        print("FAILED: every request must be answered 200 with the expected status")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
