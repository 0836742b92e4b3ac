"""`planner ARGS` as a real process, without a new interpreter's imports.

Tests that need the process itself (its exit status, its stdout bytes, its
umask, a hang ended by a timeout, files that would block a read) used to
start `python -m planner.faces.cli` each time: about a second of CPU in
imports before the command did anything. Here one server process per
pytest worker imports the planner once; each command is a `fork()` of it,
with its own cwd, environment, umask, standard streams and process group,
and the exit status comes from `waitpid`, as `subprocess.run` reads it. A
command still running after its timeout is killed with every worker it
forked (its process group) and raises `subprocess.TimeoutExpired`.

What a fork cannot show stays a fresh interpreter: which modules a cold
command imports (tests/test_cold_imports.py), output that must not depend
on the per-process string hash seed (test_cli.py), a signal sent to a sweep
and its workers (test_hostile_cli.py)."""

from __future__ import annotations

import atexit
import json
import locale
import os
import select
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["planner_process"]

ROOT = Path(__file__).resolve().parent.parent

# What `python -m planner.faces.cli` imports for the commands the tests run
# (the rest a child imports itself, as a fresh process would).
PRELOAD = (
    "planner.faces.cli", "planner.faces.api", "planner.verdicts.answers", "planner.verdicts.explanations",
    "planner.studies.whatif", "planner.studies.date_map", "planner.studies.years", "planner.outputs.render",
    "planner.outputs.ics", "planner.model.packs", "ortools.sat.python.cp_model",
)


class _Server:
    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.fork_server", json.dumps(PRELOAD)], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.pending = b""
        self.scratch = tempfile.TemporaryDirectory(prefix="planner-forked-")
        atexit.register(self.close)
        assert self._line(120) == "ready", "the planner fork server did not start"

    def _line(self, timeout: float | None) -> str | None:
        """The server's next answer line; None when `timeout` passes first."""
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                raise RuntimeError(f"the planner fork server ended (exit {self.process.wait()})")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def run(self, argv: list[str], cwd: Path, env: dict[str, str], umask: int | None, timeout: float) -> tuple[int, bytes, bytes]:
        out, err = Path(self.scratch.name, "out"), Path(self.scratch.name, "err")
        request = {"argv": argv, "cwd": str(cwd), "env": env, "umask": umask, "out": str(out), "err": str(err)}
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        pid = int(self._line(60))
        status = self._line(timeout)
        if status is None:  # hung: end it (and the workers it forked, its process group), then report it
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                os.kill(pid, signal.SIGKILL)
            self._line(60)
            raise subprocess.TimeoutExpired(["planner", *argv], timeout, out.read_bytes(), err.read_bytes())
        return int(status), out.read_bytes(), err.read_bytes()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(10)
        self.scratch.cleanup()


_server: _Server | None = None


def _text(data: bytes) -> str:
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


def planner_process(*args: object, cwd: Path = ROOT, env: dict[str, str] | None = None, umask: int | None = None,
                    timeout: float = 120, text: bool = True) -> subprocess.CompletedProcess:
    """`planner ARGS` in a process of its own, answered like `subprocess.run(...,
    capture_output=True, text=text, timeout=timeout)`."""
    global _server
    if _server is None or _server.process.poll() is not None:
        _server = _Server()
    argv = [str(a) for a in args]
    code, out, err = _server.run(argv, Path(cwd), dict(os.environ if env is None else env), umask, timeout)
    if text:  # decoded as subprocess.run(text=True) does: the locale's encoding, universal newlines
        return subprocess.CompletedProcess(["planner", *argv], code, _text(out), _text(err))
    return subprocess.CompletedProcess(["planner", *argv], code, out, err)
