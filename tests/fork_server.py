"""The server of tests/forked_cli.py: imports the modules named in argv[1]
(a JSON list), then for each request read from stdin (a JSON line: argv,
cwd, env, umask and the files for stdout and stderr) forks a child that runs
`planner ARGS` as `python -m planner.faces.cli` would, and answers on stdout
the child's pid, then its exit status as `subprocess` reports it."""

from __future__ import annotations

import atexit
import importlib
import json
import os
import sys
import traceback

__all__ = ["serve"]


def _child(request: dict, req_fd: int, resp_fd: int, main) -> None:
    os.setpgid(0, 0)  # its own process group: a timeout ends the command and any workers it forked
    os.close(req_fd)
    os.close(resp_fd)
    if request["umask"] is not None:
        os.umask(request["umask"])
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for fd, path in ((1, request["out"]), (2, request["err"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    sys.stdin = open(os.devnull)  # noqa: SIM115 (the process's stdin until it exits)
    sys.argv = ["planner", *request["argv"]]
    try:
        raise SystemExit(main(request["argv"]))
    except SystemExit as exc:  # as the interpreter reads sys.exit()
        code = 0 if exc.code is None else exc.code
        if not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
    except BaseException:  # noqa: BLE001 (an uncaught exception: traceback and exit 1, as Python does)
        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code & 0xFF)


def serve(preload: list[str]) -> None:
    req_fd, resp_fd = os.dup(0), os.dup(1)
    os.dup2(os.open(os.devnull, os.O_RDWR), 0)
    os.dup2(2, 1)  # a stray print while importing cannot garble the answers
    for name in preload:
        importlib.import_module(name)
    from planner.faces.cli import main

    os.write(resp_fd, b"ready\n")
    for line in os.fdopen(req_fd, "rb", buffering=0):
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, req_fd, resp_fd, main)
        try:
            os.setpgid(pid, pid)  # here too, so the group exists before the pid is answered
        except OSError:  # the child has already set it, or exited
            pass
        os.write(resp_fd, b"%d\n" % pid)
        _, status = os.waitpid(pid, 0)
        os.write(resp_fd, b"%d\n" % os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
