"""Reading rulebooks, scenarios and calendars from YAML (``yaml.safe_load``)
or from dicts, with one-line errors that name the file and the field."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from planner.model.documents import Rulebook, Scenario
from planner.errors import InputError, RulebookError, ScenarioError
from planner.model.extends import expand_extends
from planner.model.limits import MAX_FILE_BYTES
from planner.model.safe_yaml import safe_load

__all__ = [
    "BUNDLED_RULEBOOKS",
    "bundled_rulebooks",
    "load_rulebook",
    "load_scenario",
    "load_scenario_and_rulebook",
    "read_text",
    "read_yaml",
    "rulebook_file",
    "validate",
]

# The rulebooks shipped with the project; PLANNER_CONSTRAINTS points elsewhere.
BUNDLED_RULEBOOKS = Path(os.environ.get("PLANNER_CONSTRAINTS", Path(__file__).resolve().parents[2] / "constraints"))
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Parsed rulebooks by file and content hash: a warm plan re-read and
# re-validated the same rulebook on every call (39% of its time, issue 14).
_RULEBOOKS: dict[tuple[str, str], Rulebook] = {}
_CACHE_SIZE = 64

M = TypeVar("M", bound=BaseModel)


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def validate(model: type[M], data: Any, *, file: str | None, error: type[InputError]) -> M:
    """`model.model_validate(data)` with the first problem as a one-line error."""
    if not isinstance(data, dict):
        raise error(f"expected a mapping at the top, got {type(data).__name__}", file=file)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        # Tagged unions add the tag to the path ("rules[3].gap.min_days"); keep it, it names the kind.
        msg = first["msg"].removeprefix("Value error, ")
        raise error(msg, file=file, field=_field_path(first["loc"]) or None) from None


def read_text(path: Path, *, error: type[InputError]) -> str:
    """A file's text, refused before reading unless it is a regular file of
    at most MAX_FILE_BYTES (/dev/zero, a FIFO or a huge file would hang or
    exhaust memory)."""
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise error("is a directory, not a file", file=name)
        if not stat.S_ISREG(info.st_mode):
            raise error("is not a regular file (a device, a pipe or a socket)", file=name)
        if info.st_size > MAX_FILE_BYTES:
            raise error(f"file is larger than {MAX_FILE_BYTES} bytes", file=name)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # it may have grown since stat
        if len(data) > MAX_FILE_BYTES:
            raise error(f"file is larger than {MAX_FILE_BYTES} bytes", file=name)
        return data.decode("utf-8")
    except FileNotFoundError:
        raise error("no such file", file=name) from None
    except IsADirectoryError:
        raise error("is a directory, not a file", file=name) from None
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", file=name) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.__class__.__name__}", file=name) from None


def read_yaml(path: Path, *, error: type[InputError]) -> Any:
    """A YAML file as data (planner.model.safe_yaml: aliases within a
    budget, impossible dates left as text for the models to refuse)."""
    name = str(path)
    text = read_text(path, error=error)
    try:
        return safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise error(f"malformed YAML: {problem}", file=name, field=where) from None
    except RecursionError:
        raise error("YAML nested too deeply", file=name) from None


def bundled_rulebooks() -> list[str]:
    return sorted(p.stem for p in BUNDLED_RULEBOOKS.glob("*.yaml"))


def _rulebook_path(ref: str, relative_to: Path | None) -> Path:
    if _NAME.match(ref):
        return BUNDLED_RULEBOOKS / f"{ref}.yaml"
    if not ref.endswith((".yaml", ".yml")):
        raise RulebookError(f"{ref!r} is neither a bundled rulebook name ({', '.join(bundled_rulebooks())}) nor a .yaml path")
    path = Path(ref)
    return path if path.is_absolute() or relative_to is None else relative_to / path


def rulebook_file(ref: str | Path | dict | Rulebook, relative_to: Path | None = None) -> str | None:
    """The file a rulebook reference is read from, for messages; None for a
    dict or a model, which come from no file."""
    if isinstance(ref, Path):
        return str(ref)
    if isinstance(ref, str):
        try:
            return str(_rulebook_path(ref, relative_to))
        except RulebookError:
            return None
    return None


def load_rulebook(ref: str | Path | dict | Rulebook, relative_to: Path | None = None) -> Rulebook:
    """A rulebook from a bundled name, a path, a dict or a model."""
    if isinstance(ref, Rulebook):
        return ref
    if isinstance(ref, dict):
        return validate(Rulebook, ref, file=None, error=RulebookError)
    path = ref if isinstance(ref, Path) else _rulebook_path(ref, relative_to)
    key = _content_key(path)
    if key is not None and key in _RULEBOOKS:
        return _RULEBOOKS[key]
    book = validate(Rulebook, read_yaml(path, error=RulebookError), file=str(path), error=RulebookError)
    if key is not None:
        if len(_RULEBOOKS) >= _CACHE_SIZE:
            _RULEBOOKS.clear()
        _RULEBOOKS[key] = book
    return book


def _content_key(path: Path) -> tuple[str, str] | None:
    """(file, hash of its bytes), or None when the file cannot be read as a
    small regular file (read_yaml then says why)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_scenario(ref: str | Path | dict | Scenario) -> tuple[Scenario, Path | None]:
    """A scenario and the folder its relative paths start from.

    A file or dict with `extends` is merged with the scenario it names
    (planner.model.extends; a dict's path is relative to the working folder)."""
    if isinstance(ref, Scenario):
        # A model has no file its paths could start from (and the HTTP service reads none).
        if ref.extends is not None:
            raise ScenarioError("extends needs a scenario file or dict to start from; send the scenario merged",
                                field="extends")
        if ref.remove:
            raise ScenarioError("'remove' needs 'extends': there is nothing inherited", field="remove")
        return ref, None
    read = lambda path: read_yaml(path, error=ScenarioError)
    if isinstance(ref, dict):
        return validate(Scenario, expand_extends(ref, Path("."), None, read), file=None, error=ScenarioError), None
    path = Path(ref)
    data = expand_extends(read(path), path.parent, str(path), read)
    return validate(Scenario, data, file=str(path), error=ScenarioError), path.parent


def load_scenario_and_rulebook(
    scenario: str | Path | dict | Scenario, rulebook: str | Path | dict | Rulebook | None = None
) -> tuple[Scenario, Rulebook, str | None]:
    """A scenario, its rulebook (or `rulebook` instead) and the scenario's
    file name for error messages.  A rulebook that cannot be read is
    reported against the scenario's `rulebook` field when the error names no
    file of its own."""
    model, folder = load_scenario(scenario)
    source = str(scenario) if isinstance(scenario, (str, Path)) else None
    try:
        book = load_rulebook(rulebook if rulebook is not None else model.rulebook, relative_to=folder)
    except InputError as exc:
        if exc.file is None:
            raise type(exc)(exc.detail, file=source, field="rulebook") from None
        raise
    return model, book, source
