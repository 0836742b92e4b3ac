#!/usr/bin/env python3
"""Set-up and the project's commands, needing nothing but Python 3.11+.

    python3 tasks.py plan [SCENARIO] [planner options]   plan a bundled scenario
    python3 tasks.py test [pytest options]               run the test suite
    python3 tasks.py bench                               run the benchmarks (adds requirements-bench.lock)
    python3 tasks.py planner ARGS...                     any planner command

Each creates .venv with the pinned dependencies of requirements.lock the
first time (and again when the lock file changes).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".lock-sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
DEFAULT_SCENARIO = "scenarios/williams-natural-gas-2027.yaml"
CHROMIUM = Path(os.environ.get("PLANNER_CHROMIUM", "/usr/bin/chromium"))


def _run(*cmd: str | Path) -> None:
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"tasks.py: Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("tasks.py: setting up .venv with the pinned dependencies ...", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    python = BIN / "python"
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", LOCK)
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "-e", ROOT)
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """The browser tests drive Debian's chromium (Playwright cannot download
    its own here): install it when missing and we may (root with apt-get).
    Otherwise the tests skip saying why, or fail under CI=true."""
    if CHROMIUM.exists() or not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    print("tasks.py: installing chromium for the browser tests (apt-get) ...", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]):
        if subprocess.run(cmd, env=env).returncode != 0:
            print(f"tasks.py: {' '.join(cmd)} failed; the browser tests will say so", file=sys.stderr)
            return


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"plan", "test", "bench", "planner"}:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "plan":
        if not rest or rest[0].startswith("-"):
            rest = [DEFAULT_SCENARIO, *rest]
        cmd = [BIN / "planner", "plan", *rest]
    elif command == "planner":
        cmd = [BIN / "planner", *rest]
    elif command == "test":
        ensure_chromium()
        # One worker per core (pytest-xdist) unless the caller chose; the browser tests share one
        # worker (their xdist_group), so one browser and one server serve them all.
        workers = [] if any(a == "-n" or a.startswith("-n") for a in rest) else ["-n", "auto", "--dist", "loadgroup"]
        cmd = [BIN / "python", "-m", "pytest", *workers, *rest]
        # Let pytest keep its rewritten test modules (and Python its bytecode) in __pycache__:
        # with PYTHONDONTWRITEBYTECODE set, every worker re-parses some 400 modules each run.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env).returncode
    else:
        _run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", ROOT / "requirements-bench.lock")
        cmd = [BIN / "python", "bench/run_all.py", *rest]
    return subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
