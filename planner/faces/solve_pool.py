"""The HTTP service's solve slots as worker processes, one per slot.

Planning is pure Python for the most part (the problem, the propagation,
the check, the models), so threads take turns on the GIL and a second slot
adds next to nothing (bench/service_slots.py).  A process per slot runs on
its own core.

* Spawned once (the ``spawn`` start method: a copy of a server with threads
  running is never forked), when the service starts or on its first solve,
  each warmed with the planner imported.
* A request is one message each way on the slot's pipe: the work (a
  module-level function, pickled by name) and its arguments; back, its
  result or the answer its error calls for (computed in the worker, where
  the exception is, so that nothing but plain data crosses).
* At most ``n`` solves run, since there are ``n`` processes; a request that
  waits longer than the request limit for a free one is answered 503.
* A request past its time limit is answered 503 and its worker is killed
  and replaced: the slot's work really stops (a thread's cannot), and the
  other slots go on answering meanwhile.
* A worker is replaced after ``recycle_after`` requests, so caches and
  fragmentation never grow without bound.
* Closing the pool ends every worker (the service's shutdown, or the
  interpreter's exit); a worker whose server dies reads the end of its
  pipe and exits, so none is left behind.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import traceback
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from planner.errors import PlannerError

__all__ = ["ProcessSlots", "SlotGate", "Answered", "RECYCLE_AFTER"]

RECYCLE_AFTER = 1000  # requests a worker answers before it is replaced
_JOIN_S = 2.0  # how long a closing worker gets to exit before it is killed
_START_S = 120.0  # how long a new worker gets to import the planner (seconds on a loaded machine)


class Answered(Exception):
    """The worker's work ended in an error, already turned into the HTTP
    answer it calls for (status, JSON content, headers)."""

    def __init__(self, status: int, content: Any, headers: dict[str, str] | None = None):
        super().__init__(status)
        self.status, self.content, self.headers = status, content, headers or {}


def _worker_main(conn, answer_error: Callable[[BaseException], tuple[int, Any, dict]], warm: Callable[[], None] | None) -> None:
    """A worker's loop: (fn, args) in, ("ok", result) or ("error", answer) out."""
    # Ctrl-C reaches the whole process group: the server ends its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm is not None:
        warm()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the server is gone
            return
        except Exception as exc:  # noqa: BLE001 - a request this worker cannot unpickle: a bug, answered
            traceback.print_exc()
            conn.send(("error", answer_error(exc)))
            continue
        if message is None:
            return
        fn, args = message
        try:
            reply = ("ok", fn(*args))
        except BaseException as exc:  # noqa: BLE001 - every error becomes an answer, as in the server
            if not isinstance(exc, PlannerError):
                traceback.print_exc()  # a bug: its traceback in the server's log, as a thread's would be
            reply = ("error", answer_error(exc))
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


@dataclass(eq=False)  # a worker is itself: found in lists by identity
class _Worker:
    process: Any
    conn: Any
    served: int = 0

    def call(self, fn: Callable, args: tuple) -> tuple[str, Any]:
        self.conn.send((fn, args))
        return self.conn.recv()

    _stopping: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _stopped: bool = False

    def stop(self, kill: bool = False) -> None:
        # Once, whoever asks first: a timed-out worker being replaced and the
        # pool's close at shutdown may both stop it, and closing its pipe
        # twice at once fails with EBADF.
        with self._stopping:
            if self._stopped:
                return
            self._stopped = True
        if not kill:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            self.process.join(_JOIN_S)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(_JOIN_S)
        self.conn.close()


class SlotGate:
    """`n` places for requests, taken in order, each waited for at most
    `timeout_s` (then `timeout_error`).  The semaphore belongs to the running
    event loop, so a new loop (each test client runs its own) gets a new one."""

    def __init__(self, n: int, timeout_s: float, timeout_error: type[Exception]):
        self.n, self.timeout_s, self.timeout_error = n, timeout_s, timeout_error
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore | None = None

    async def enter(self) -> asyncio.Semaphore:
        """Take a place; the caller releases the semaphore returned."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._semaphore = loop, asyncio.Semaphore(self.n)
        semaphore = self._semaphore
        try:
            await asyncio.wait_for(semaphore.acquire(), self.timeout_s)
        except TimeoutError:
            raise self.timeout_error(f"no solve slot free within {self.timeout_s:g} s") from None
        return semaphore


class ProcessSlots:
    """`n` worker processes, each one solve slot; see the module's docstring.

    `answer_error(exc)` turns an exception into (status, content, headers)
    in the worker, `warm()` runs once in each new worker (both module-level
    functions: they are pickled by name); `timeout_error` is raised, with
    its message, when a request waits or runs past `timeout_s`."""

    def __init__(self, n: int, timeout_s: float, answer_error: Callable[[BaseException], tuple[int, Any, dict]],
                 timeout_error: type[Exception], *, warm: Callable[[], None] | None = None,
                 recycle_after: int = RECYCLE_AFTER):
        self.n, self.timeout_s, self.recycle_after = n, timeout_s, recycle_after
        self._answer_error, self._timeout_error, self._warm = answer_error, timeout_error, warm
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []  # every live worker, busy or idle
        self._idle: list[_Worker] = []
        self._started = self._closed = False
        self._gate = SlotGate(n, timeout_s, timeout_error)
        # Threads that wait on a worker's pipe (the wait releases the GIL), and
        # threads that start and end workers: apart, so a slow start never holds up an answer.
        self._calls = ThreadPoolExecutor(max_workers=2 * n, thread_name_prefix="solve-slot")
        self._admin = ThreadPoolExecutor(max_workers=n + 1, thread_name_prefix="solve-slot-admin")
        # Called by close(), or at the interpreter's exit if nobody closed the pool.
        self._finalizer = weakref.finalize(self, ProcessSlots._end_all, self._workers, self._calls, self._admin)

    # Workers -----------------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child, self._answer_error, self._warm),
                                        name="planner-solve-slot", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            # "ready" once warmed; a worker that cannot start never holds the server up for long.
            kind = parent.recv()[0] if parent.poll(_START_S) else None
        except (EOFError, OSError):
            kind = None
        if kind != "ready":
            worker.stop(kill=True)
            raise PlannerError("a solve worker failed to start")
        return worker

    def start(self) -> None:
        """Start the workers, side by side; the first request does it if nobody did."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        try:
            workers = list(self._admin.map(lambda _: self._spawn(), range(self.n)))
        except BaseException:
            with self._lock:
                self._started = False
            raise
        self._enlist(workers)

    def _enlist(self, workers: list[_Worker]) -> None:
        """Put new workers in service, or end them if the pool closed meanwhile."""
        with self._lock:
            if not self._closed:
                self._workers.extend(workers)
                self._idle.extend(workers)
                return
        for worker in workers:
            worker.stop()

    def _replace(self, worker: _Worker, kill: bool) -> None:
        """End `worker` and put a new one in its slot."""
        worker.stop(kill=kill)
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
            if self._closed:
                return
        try:
            new = self._spawn()
        except PlannerError:
            with self._lock:
                self._started = bool(self._workers)  # none left: the next request starts them again
            return
        self._enlist([new])

    def _take(self) -> _Worker | None:
        with self._lock:
            return self._idle.pop(0) if self._idle else None

    def _give_back(self, worker: _Worker) -> None:
        worker.served += 1
        if worker.served >= self.recycle_after:
            self._admin.submit(self._replace, worker, False)
            return
        with self._lock:
            self._idle.append(worker)

    @property
    def pids(self) -> list[int]:
        """The live workers' process ids."""
        with self._lock:
            return [w.process.pid for w in self._workers]

    # Requests ----------------------------------------------------------------------------------

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a worker process, answered within the request limit;
        an error of the work comes back as Answered."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        gate = await self._gate.enter()
        try:
            return await self._run(loop, deadline, fn, args)
        finally:
            gate.release()

    async def _run(self, loop: asyncio.AbstractEventLoop, deadline: float, fn: Callable, args: tuple) -> Any:
        if not self._started:
            await loop.run_in_executor(self._admin, self.start)
        # A slot whose worker is being replaced (after a timeout) has none for a moment.
        while (worker := self._take()) is None:
            if self._closed or loop.time() > deadline:
                raise self._timeout_error(f"no solve slot free within {self.timeout_s:g} s")
            if not self._started:
                await loop.run_in_executor(self._admin, self.start)
            await asyncio.sleep(0.01)
        call = loop.run_in_executor(self._calls, worker.call, fn, args)
        try:
            kind, value = await asyncio.wait_for(asyncio.shield(call), max(deadline - loop.time(), 0))
        except TimeoutError:
            # Stop the work itself: kill the worker (its pipe then wakes the waiting thread) and replace it.
            call.add_done_callback(lambda done: done.cancelled() or done.exception())
            self._admin.submit(self._replace, worker, True)
            raise self._timeout_error(f"no answer within the request limit of {self.timeout_s:g} s") from None
        except asyncio.CancelledError:
            # The client went away: the work ends on its own (within its caps) and the worker
            # comes back then; killing it would let a client that hangs up cost a new process each time.
            call.add_done_callback(lambda done: self._after_abandoned(worker, done))
            raise
        except BaseException:
            # The pipe broke (the worker died): a new worker for the slot, and a 500 as for any bug.
            self._admin.submit(self._replace, worker, True)
            raise
        self._give_back(worker)
        if kind == "error":
            raise Answered(*value)
        return value

    def _after_abandoned(self, worker: _Worker, done: asyncio.Future) -> None:
        if done.cancelled() or done.exception() is not None:
            self._admin.submit(self._replace, worker, True)
        else:
            self._give_back(worker)

    def close(self) -> None:
        """End every worker (a request still waiting for a slot gets none)."""
        with self._lock:
            self._closed = True
        self._finalizer()

    @staticmethod
    def _end_all(workers: list[_Worker], *executors: ThreadPoolExecutor) -> None:
        for executor in executors:
            executor.shutdown(wait=False, cancel_futures=True)
        for worker in list(workers):
            worker.stop()
        workers.clear()
