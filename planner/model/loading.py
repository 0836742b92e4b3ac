"""Reading rulebooks, scenarios and calendars from YAML (``yaml.safe_load``)
or from dicts, with one-line errors that name the file and the field."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from planner.model.documents import Rulebook, Scenario
from planner.errors import InputError, RulebookError, ScenarioError, refused_path, rule_ref
from planner.rules import RULE_KINDS
from planner.rules.base import ID_PATTERN
from planner.model.extends import expand_extends
from planner.model.file_state import FileCache, folder_names, note_file, recording, working_folder
from planner.model.limits import MAX_FILE_BYTES
from planner.model.safe_yaml import safe_load

__all__ = [
    "BUNDLED_RULEBOOKS",
    "bundled_rulebooks",
    "load_rulebook",
    "load_scenario",
    "load_scenario_and_rulebook",
    "read_bytes",
    "read_text",
    "read_yaml",
    "rulebook_file",
    "validate",
    "plain_message",
    "yaml_line",
]

# The rulebooks shipped with the project; PLANNER_CONSTRAINTS points elsewhere.
BUNDLED_RULEBOOKS = Path(os.environ.get("PLANNER_CONSTRAINTS", Path(__file__).resolve().parents[2] / "constraints"))
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Parsed rulebooks and scenarios, used again while their files' bytes are
# unchanged (planner.model.file_state): a warm plan re-read and re-validated
# the same rulebook on every call (39% of its time, issue 14).
_RULEBOOKS: FileCache[Rulebook] = FileCache(64)
_SCENARIOS: FileCache[tuple[Scenario, Path]] = FileCache(64)

M = TypeVar("M", bound=BaseModel)


def _where(loc: tuple[Any, ...], data: Any) -> str | None:
    """A pydantic location in the user's words: rules counted from 1 with
    their id ("rule 6 (printing-lead), min_days"), the kind tag of a rule
    left out, other list items counted from 1."""
    words: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            rule_id = item.get("id") if isinstance(item, dict) else None
            words.append(rule_ref(part, rule_id) if words and words[-1] == "rules" else f"item {part + 1}")
            if words[-2:-1] == ["rules"]:
                words.pop(-2)
            node = item
            continue
        if isinstance(node, dict) and part not in node and node.get("kind") == part:
            continue  # the tag pydantic adds for a rule's kind
        words.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    text, counted = "", False
    for word in words:
        counts = word.startswith(("rule ", "item "))
        text += word if not text else (f", {word}" if counts or counted else f".{word}")
        counted = counts
    return text or None


_PATTERNS = {
    ID_PATTERN: "lower-case letters, digits, '-', '_' and '.', starting with a letter or digit",
    r"^[A-Z]{2}$": "a two-letter country code in capitals, such as US",
    r"^[A-Z]{2,3}$": "a state's postal code in capitals, such as DE",
}


# pydantic's number-limit errors: (the words, the key of the limit in the error's context).
_LIMIT_WORDS = {
    "greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
    "greater_than": ("more than", "gt"), "less_than": ("less than", "lt"),
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def plain_message(error: dict) -> str:
    """One pydantic error in the user's terms: no regular expression, no
    Python type names ("NoneType"), what is expected and what was given."""
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    if given is None and kind not in ("missing", "extra_forbidden", "value_error", "assertion_error"):
        return "is empty; give a value"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field here (check the spelling)"
    if kind == "string_pattern_mismatch":
        return f"must be {_PATTERNS.get(ctx.get('pattern'), 'written in the documented form')}; got {_shown(given)}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        # pydantic gives the tags when a kind is wrong, not when it is missing ("needs a kind: one
        # of " and nothing): the rule kinds are the one tagged union the formats have.
        expected = ctx.get("expected_tags", "").replace("'", "") or ", ".join(RULE_KINDS)
        if kind == "union_tag_not_found":
            return f"needs a kind: one of {expected}"
        return f"kind {ctx.get('tag')!r} is not one of {expected}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '').replace(chr(39), '')}; got {_shown(given)}"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return f"must be a whole number; got {_shown(given)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false; got {_shown(given)}"
    if kind in ("string_type",):
        return f"must be text; got {_shown(given)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of names to values; got {_shown(given)}"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"must be a list; got {_shown(given)}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"must be a date such as 2027-04-28; got {_shown(given)}"
    if kind in _LIMIT_WORDS:
        words, key = _LIMIT_WORDS[kind]
        return f"must be {words} {ctx.get(key)}; got {_shown(given)}"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"must be at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items"
    return error["msg"].removeprefix("Value error, ").replace("NoneType", "nothing")


def yaml_line(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line (from 1) where `loc` is written in the YAML `text`: the
    deepest node of the path that the file has (for a missing field, the
    mapping it is missing from).  None when the text is not YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)]
            if found:
                key, node = found[0]
                line = key.start_mark.line + 1
            elif any(k.value == "kind" and v.value == part for k, v in node.value if isinstance(v, yaml.ScalarNode)):
                continue  # a rule's kind tag: the same mapping
            else:
                node = None
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def validate(model: type[M], data: Any, *, file: str | None, error: type[InputError]) -> M:
    """`model.model_validate(data)` with the first problem as a one-line
    error in the user's terms, at its line of the file when the file was
    read as it is (not merged with another by `extends`)."""
    if not isinstance(data, dict):
        raise error(f"expected a mapping of fields at the top, got {_shown(data)}", file=file)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        line = None
        if file and loc and "extends" not in data:
            try:
                line = yaml_line(Path(file).read_text(encoding="utf-8"), loc)
            except (OSError, UnicodeDecodeError):
                line = None
        raise error(plain_message(first), file=file, field=_where(loc, data), keys=loc, line=line) from None


def read_bytes(path: Path, *, error: type[InputError], limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refused before reading unless it is a regular file of
    at most `limit` bytes (/dev/zero, a FIFO or a huge file would hang or
    exhaust memory); noted as what a cached result depends on
    (planner.model.file_state)."""
    name = str(path)
    with refused_path(path, error, doing="read"):
        try:
            info = path.stat()
            if stat.S_ISDIR(info.st_mode):
                raise error("is a directory, not a file", file=name)
            if not stat.S_ISREG(info.st_mode):
                raise error("is not a regular file (a device, a pipe or a socket)", file=name)
            if info.st_size > limit:
                raise error(f"file is larger than {limit} bytes", file=name)
            with path.open("rb") as handle:
                data = handle.read(limit + 1)  # it may have grown since stat
        except FileNotFoundError:
            raise error("no such file", file=name) from None
        except IsADirectoryError:
            raise error("is a directory, not a file", file=name) from None
    if len(data) > limit:
        raise error(f"file is larger than {limit} bytes", file=name)
    note_file(path, info, data)
    return data


def read_text(path: Path, *, error: type[InputError]) -> str:
    """A file's text, UTF-8, through read_bytes (at most MAX_FILE_BYTES)."""
    data = read_bytes(path, error=error)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None


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
    try:
        names = folder_names(BUNDLED_RULEBOOKS)
    except OSError:
        return []
    return sorted(name[:-5] for name in names if name.endswith(".yaml") and not name.startswith("."))


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
    # The model is shared by every caller that reads this file: nobody changes a Rulebook (model_copy makes new ones).
    key = os.path.abspath(path)
    book = _RULEBOOKS.get(key)
    if book is None:
        with recording() as seen:
            book = validate(Rulebook, read_yaml(path, error=RulebookError), file=str(path), error=RulebookError)
        _RULEBOOKS.put(key, book, seen)
    return book


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
    # By the path as given and the working folder (the messages name the
    # one, relative paths start from the other), while the file and every
    # file it extends are unchanged; the model is shared, never changed.
    cwd = working_folder()
    key = (str(path), cwd)
    known = _SCENARIOS.get(key) if cwd is not None else None
    if known is not None:
        return known
    with recording() as seen:
        data = expand_extends(read(path), path.parent, str(path), read)
        model = validate(Scenario, data, file=str(path), error=ScenarioError)
    if cwd is not None:
        _SCENARIOS.put(key, (model, path.parent), seen)
    return model, path.parent


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
