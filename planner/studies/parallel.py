"""Running a sweep's variants: in this process, in a pool of processes on
this machine, or on a Dask distributed cluster (the optional ``dask``
extra).

The grid is cut into chunks of consecutive variants; each chunk is
evaluated by ``planner.studies.variants.evaluate_chunk``, which depends on nothing but
the spec and the variant numbers, so the rows are the same whoever runs
them; they are put back in grid order whatever order the chunks finish in.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Iterator

from planner.errors import InputError
from planner.verdicts.solve import SolverError
from planner.studies.variants import SweepSpec, VariantRow, evaluate_chunk, forget_prepared

__all__ = ["run_sweep", "chunks", "available_cores", "DaskError", "CONNECT_TIMEOUT_S"]

_CHUNKS_PER_WORKER = 16  # enough chunks to keep workers busy and the progress bar moving
_MAX_CHUNK = 500
CONNECT_TIMEOUT_S = 10.0  # how long to wait for a Dask scheduler
_SERIAL_BELOW = 40  # variants: fewer than this, starting processes costs more than it saves


class DaskError(InputError):
    """Dask is not installed, or its scheduler cannot be reached."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def chunks(total: int, workers: int) -> list[tuple[int, int]]:
    """Consecutive (start, stop) ranges covering 0..total."""
    size = max(1, min(_MAX_CHUNK, -(-total // (workers * _CHUNKS_PER_WORKER))))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator:
    from tqdm import tqdm

    # No monitor thread: processes may be forked while the bar is open.
    tqdm.monitor_interval = 0
    bar = tqdm(total=total, unit="variant", file=sys.stderr, disable=not enabled, smoothing=0.1)
    try:
        yield bar
    finally:
        bar.close()


def run_sweep(
    spec: SweepSpec, *, workers: int = 1, dask: str | None = None, progress: bool = False, deadline: float | None = None
) -> list[VariantRow]:
    """Every variant's row, in grid order.

    `deadline` (a time.monotonic() value, for runs in this process) stops a
    sweep between variants with a SolverError: the HTTP service uses it so
    that a sweep whose request timed out gives its solve slot back."""
    total = len(spec)
    if workers < 1:
        raise InputError(f"must be at least 1, got {workers}", field="--workers")
    with _progress(total, progress) as bar:
        if dask:
            return _run_dask(spec, total, dask, workers, bar)
        if workers == 1 or total < _SERIAL_BELOW or deadline is not None:
            rows = []
            try:
                for start, stop in chunks(total, 1):
                    if deadline is not None and time.monotonic() > deadline:
                        raise SolverError(f"the sweep stopped at its time limit after {start} of {total} variants")
                    rows += evaluate_chunk(spec, start, stop)
                    bar.update(stop - start)
            finally:
                forget_prepared(spec.key)  # each run computes its own rows
            return rows
        return _run_processes(spec, total, workers, bar)


def _collect(parts: dict[tuple[int, int], list[VariantRow]]) -> list[VariantRow]:
    return [row for key in sorted(parts) for row in parts[key]]


def _run_processes(spec: SweepSpec, total: int, workers: int, bar) -> list[VariantRow]:
    # fork where there is one: the workers start at once with the planner imported.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parts: dict[tuple[int, int], list[VariantRow]] = {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker)
    try:
        with _terminated_on_sigterm():
            futures = {pool.submit(evaluate_chunk, spec, start, stop): (start, stop) for start, stop in chunks(total, workers)}
            for future in as_completed(futures):
                start, stop = futures[future]
                parts[(start, stop)] = future.result()
                bar.update(stop - start)
    except BaseException:
        # Ctrl-C, SIGTERM or a failed chunk: no worker may outlive the sweep.
        _end_workers(pool)
        raise
    pool.shutdown(wait=True)
    return _collect(parts)


def _start_worker() -> None:
    # A forked worker starts with a copy of this process's memory: forget any sweep prepared here.
    forget_prepared()
    # And with its signal handlers: a worker ends on SIGTERM, whatever the parent does with it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def _terminated_on_sigterm() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) in the main thread while the sweep
    runs, so the workers are ended as on Ctrl-C (by default SIGTERM ends
    this process alone and the workers run on)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to end running work; its process table
    # is the only handle on the workers.
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(2)
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _run_dask(spec: SweepSpec, total: int, address: str, workers: int, bar) -> list[VariantRow]:
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError:
        raise DaskError("Dask is not installed; install the extra: pip install 'meeting-planner[dask]'", field="--dask") from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        # RuntimeError: a local cluster's workers did not start (e.g. a script
        # without `if __name__ == "__main__":`, which spawned processes need).
        if cluster is not None:
            cluster.close()
        what = "start a local Dask cluster" if address == "local" else f"reach the Dask scheduler at {address!r}"
        raise DaskError(f"cannot {what}: {exc}", field="--dask") from None
    try:
        shared = client.scatter(spec, broadcast=True)
        futures = {}
        for start, stop in chunks(total, max(workers, len(client.scheduler_info().get("workers", {})) or 1)):
            futures[client.submit(evaluate_chunk, shared, start, stop, pure=False)] = (start, stop)
        parts: dict[tuple[int, int], list[VariantRow]] = {}
        for future in dask_completed(list(futures)):
            start, stop = futures[future]
            parts[(start, stop)] = future.result()
            bar.update(stop - start)
        return _collect(parts)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
