"""The HTTP service's solve slots as worker processes (planner.faces.solve_pool):
the same answers as in the server's own threads, a request past its limit
answered 503 while the other slots go on, and no worker left behind."""

from __future__ import annotations

import asyncio
import operator
import os
import time

import httpx
import psutil
import pytest

import planner.faces.service as service
from planner.faces import cli
from planner.faces.service import Limits, create_app
from tests.helpers import SCENARIOS, WILLIAMS, plan_slowly_if_asked, seed

INFEASIBLE_PRINTING = SCENARIOS / "williams-natural-gas-infeasible-printing.yaml"


def _gone(pid: int) -> bool:
    """No such process, not even a zombie waiting to be reaped."""
    try:
        psutil.Process(pid).status()
    except psutil.NoSuchProcess:
        return True
    return False


def _stable(content: bytes) -> bytes:
    # A calendar file says when it was made (DTSTAMP) and counts its revision
    # in minutes (SEQUENCE, planner.outputs.ics): the lines that differ run
    # to run, the second whenever the two runs straddle a minute.
    return b"".join(line for line in content.splitlines(keepends=True)
                    if not line.startswith((b"DTSTAMP:", b"SEQUENCE:")))


async def _post_all(app, posts: list[tuple[str, dict]]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=120) as http:
        return await asyncio.gather(*(http.post(path, json=body) for path, body in posts))


POSTS = [
    ("/v1/plan", {"scenario": seed(WILLIAMS)}),
    ("/v1/plan", {"scenario": seed(INFEASIBLE_PRINTING)}),
    ("/v1/plan", {"scenario": {**seed(WILLIAMS), "rulebook": "no-such-book"}}),  # 422 from the planner
    ("/v1/plan", {"scenario": {**seed(WILLIAMS), "year": "soon"}}),  # 422 from the request model
    ("/v1/explain", {"scenario": seed(INFEASIBLE_PRINTING)}),
    ("/v1/export", {"scenario": seed(WILLIAMS), "format": "ics"}),
    ("/v1/whatif", {"scenario": seed(WILLIAMS), "vary": {"rules.printing-lead.min_days": [10, 40]}}),
]


def test_processes_answer_what_threads_answer_byte_for_byte():
    answers = {}
    for solve_in in ("threads", "processes"):
        app = create_app(Limits(solve_in=solve_in))

        async def run():
            async with app.router.lifespan_context(app):
                pids = app.state.solves.pids if solve_in == "processes" else []
                return await _post_all(app, POSTS), pids

        answers[solve_in], pids = asyncio.run(run())
        if solve_in == "processes":
            assert len(pids) == 2 and all(_gone(pid) for pid in pids)  # two slots; ended with the app
    for (path, _), threads, processes in zip(POSTS, answers["threads"], answers["processes"]):
        assert processes.status_code == threads.status_code, path
        assert _stable(processes.content) == _stable(threads.content), path
        assert processes.headers["content-type"] == threads.headers["content-type"], path
    statuses = [a.status_code for a in answers["processes"]]
    assert statuses == [200, 200, 422, 422, 200, 200, 200]
    assert answers["processes"][1].json()["conflicts"] == [["notice-window", "record-date-window", "printing-lead"]]


@pytest.mark.slow  # waits out request limits (seconds): tasks.py test runs it, -m "not slow" does not
def test_a_slow_request_times_out_and_its_worker_is_replaced_while_the_other_slot_answers(monkeypatch):
    monkeypatch.setattr(service, "_plan", plan_slowly_if_asked)  # found by name in the workers
    # 4 s: long enough for three plans of a few milliseconds in the other slot on a loaded machine.
    app = create_app(Limits(max_concurrent_solves=2, request_timeout_s=4, solve_in="processes"))
    slow = {"scenario": {**seed(WILLIAMS), "name": "slow"}}
    quick = {"scenario": seed(WILLIAMS)}

    async def run():
        async with app.router.lifespan_context(app):
            pids = app.state.solves.pids
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=120) as http:
                stuck = asyncio.create_task(http.post("/v1/plan", json=slow))
                await asyncio.sleep(0.5)
                started = time.perf_counter()
                meanwhile = [await http.post("/v1/plan", json=quick) for _ in range(3)]  # the other slot
                took = time.perf_counter() - started
                timed_out = await stuck
                # The slow worker was killed: a new one takes its slot, and both slots answer again.
                for _ in range(200):
                    if len(app.state.solves.pids) == 2 and app.state.solves.pids != pids:
                        break
                    await asyncio.sleep(0.1)
                after = app.state.solves.pids
                again = await asyncio.gather(*(http.post("/v1/plan", json=quick) for _ in range(4)))
        return pids, meanwhile, took, timed_out, after, again, app.state.solves.pids

    pids, meanwhile, took, timed_out, after, again, final = asyncio.run(run())
    assert [r.status_code for r in meanwhile] == [200] * 3 and took < 4
    assert timed_out.status_code == 503 and "request limit of 4 s" in timed_out.json()["detail"]
    assert timed_out.headers["retry-after"] == "5"
    killed = [pid for pid in pids if pid not in after]
    assert len(killed) == 1 and _gone(killed[0])  # the slow work really stopped, and was reaped
    assert len(after) == 2
    assert [r.status_code for r in again] == [200] * 4
    assert all(_gone(pid) for pid in final)  # every worker ended with the app


@pytest.mark.slow  # waits out request limits (seconds): tasks.py test runs it, -m "not slow" does not
def test_no_slot_free_within_the_limit_is_503_in_processes_too(monkeypatch):
    monkeypatch.setattr(service, "_plan", plan_slowly_if_asked)
    app = create_app(Limits(max_concurrent_solves=1, request_timeout_s=3, solve_in="processes"))

    async def run():
        async with app.router.lifespan_context(app):
            return await _post_all(app, [("/v1/plan", {"scenario": {**seed(WILLIAMS), "name": "slow"}}),
                                         ("/v1/plan", {"scenario": seed(WILLIAMS)})])

    slow, waiting = asyncio.run(run())
    assert slow.status_code == 503 and "request limit" in slow.json()["detail"]
    assert waiting.status_code == 503 and "no solve slot free within 3 s" in waiting.json()["detail"]


def test_serve_solves_in_processes_unless_told_threads(monkeypatch):
    import uvicorn

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    monkeypatch.delenv("PLANNER_TOKEN", raising=False)
    assert cli.run(["serve"]) == 0
    assert cli.run(["serve", "--solve-in", "threads"]) == 0
    assert [app.state.limits.solve_in for app in apps] == ["processes", "threads"]
    # Nothing was started: workers start with the server, and uvicorn.run was not called for real.
    assert apps[0].state.solves.pids == []


class _Unreadable:
    """Pickles here, but its unpickling raises (KeyError) in the worker."""

    def __reduce__(self):
        return (operator.getitem, ({}, "no such key"))


def test_a_worker_is_replaced_after_its_quota_and_an_error_is_answered_where_it_happened():
    from planner.faces.solve_pool import Answered, ProcessSlots

    slots = ProcessSlots(1, 60, service._answer_error, service.RequestTimeout, recycle_after=3)

    async def run():
        bugs = []
        for fn, args in ((int, ("not a number",)), (os.getpid, (_Unreadable(),))):
            with pytest.raises(Answered) as bug:  # a ValueError in the work, a KeyError reading the request
                await slots.run(fn, *args)
            bugs.append(bug.value)
        return bugs, [await slots.run(os.getpid) for _ in range(6)]

    try:
        bugs, pids = asyncio.run(run())
    finally:
        slots.close()
    assert [(bug.status, bug.content) for bug in bugs] == [(500, {"detail": "internal error"})] * 2
    # The errors' worker answers on (its quota of three requests), then a new worker every three.
    assert pids[0] != pids[1] == pids[2] == pids[3] != pids[4] == pids[5]
    assert all(_gone(pid) for pid in pids)


def test_a_worker_stopped_twice_at_once_stops_once():
    """A timed-out worker being replaced and the pool's close at shutdown may
    stop the same worker together: its pipe is closed once, no EBADF."""
    import threading

    from planner.faces.solve_pool import _Worker

    class Pipe:
        closes = 0

        def send(self, message):
            pass

        def close(self):
            Pipe.closes += 1
            if Pipe.closes > 1:
                raise OSError(9, "Bad file descriptor")

    class Process:
        def join(self, timeout=None):
            pass

        def is_alive(self):
            return False

    worker = _Worker(Process(), Pipe())
    start, errors = threading.Barrier(8), []

    def stop():
        start.wait()
        try:
            worker.stop(kill=True)
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=stop) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and Pipe.closes == 1
