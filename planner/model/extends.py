"""Scenarios that build on other scenarios: ``extends: base.yaml``.

A scenario file may name another one it extends, with a path relative to
itself.  The two are merged as raw YAML data, before validation, so the
extending file says only what differs:

* ``facts``, ``anchors`` and ``events`` merge by key: a key the extending
  file gives replaces the inherited entry as a whole (an anchor's date is
  never half inherited);
* ``rules`` merge by id: a rule with an inherited id replaces that rule in
  place, a new id is appended;
* ``remove: [rules.ID, events.ID, facts.NAME, anchors.NAME]`` drops inherited
  entries first (a null cannot say it: a null event already means "plan this
  rulebook event");
* anything else (``year``, ``name``, ``closures``, ...) is replaced.

Chains are followed up to ``MAX_EXTENDS_DEPTH`` files; a cycle is refused.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from planner.errors import ScenarioError

__all__ = ["MAX_EXTENDS_DEPTH", "MERGED_BY_KEY", "REMOVABLE", "expand_extends", "merge_scenarios"]

MAX_EXTENDS_DEPTH = 10
MERGED_BY_KEY = ("facts", "anchors", "events")
REMOVABLE = ("rules", *MERGED_BY_KEY)
_OWN = ("extends", "remove")  # meaningful to one file only, never inherited


def _rule_id(rule: Any) -> str | None:
    # Only a text id merges: `id: [1]` or `id: {a: 1}` could not be hashed (TypeError, exit 3); such
    # a rule is appended as it is, and the validation names its id as no text.
    rule_id = rule.get("id") if isinstance(rule, dict) else None
    return rule_id if isinstance(rule_id, str) else None


def _section(merged: dict, section: str, file: str | None, kind: type) -> Any:
    """An inherited section that `remove` edits, if it has the shape to edit: `rules: 5` or
    `facts: [1, 2]` in the file extended was iterated as it was (TypeError, exit 3)."""
    value = merged.get(section)
    if value is None:
        return kind()
    if not isinstance(value, kind):
        shape = "a list of rules" if kind is list else "a mapping of names"
        raise ScenarioError(f"must be {shape}, as inherited through 'extends'; got {value!r:.60}", file=file, field=section)
    return value


def _remove(merged: dict, paths: Any, file: str | None) -> None:
    if not isinstance(paths, list):
        raise ScenarioError("must be a list of 'rules.ID', 'events.ID', 'facts.NAME' or 'anchors.NAME'", file=file, field="remove")
    for index, path in enumerate(paths):
        section, _, key = path.partition(".") if isinstance(path, str) else ("", "", "")
        if section not in REMOVABLE or not key:
            raise ScenarioError(f"{path!r} is not one of {', '.join(s + '.ID' for s in REMOVABLE)}",
                                file=file, field=f"remove, item {index + 1}", keys=("remove", index))
        if section == "rules":
            rules = _section(merged, "rules", file, list)
            kept = [r for r in rules if _rule_id(r) != key]
            found = len(kept) != len(rules)
            merged["rules"] = kept
        else:
            entries = dict(_section(merged, section, file, dict))
            found = key in entries
            entries.pop(key, None)
            merged[section] = entries
        if not found:
            raise ScenarioError(f"nothing inherited to remove at {path!r}", file=file, field=f"remove, item {index + 1}", keys=("remove", index))


def merge_scenarios(parent: dict, child: dict, *, file: str | None = None) -> dict:
    """`child` laid over `parent` (both raw scenario data), as described above."""
    merged = {k: v for k, v in parent.items() if k not in _OWN}
    if "remove" in child:
        _remove(merged, child["remove"], file)
    for key, value in child.items():
        if key in _OWN:
            continue
        inherited = merged.get(key)
        if key in MERGED_BY_KEY and isinstance(value, dict) and isinstance(inherited, dict):
            merged[key] = {**inherited, **value}
        elif key == "rules" and isinstance(value, list) and isinstance(inherited, list):
            rules = list(inherited)
            where = {_rule_id(r): i for i, r in enumerate(rules) if _rule_id(r) is not None}
            for rule in value:
                rid = _rule_id(rule)
                if rid is not None and rid in where:
                    rules[where[rid]] = rule
                else:
                    rules.append(rule)
            merged[key] = rules
        else:
            merged[key] = value
    return merged


def _rebase_rulebook(data: dict, parent_folder: Path, child_folder: Path) -> dict:
    """A rulebook the parent names by a relative path keeps naming the same file."""
    ref = data.get("rulebook")
    if not isinstance(ref, str) or not ref.endswith((".yaml", ".yml")) or Path(ref).is_absolute():
        return data
    target = parent_folder / ref
    try:
        rebased = os.path.relpath(target, child_folder)
    except ValueError:  # another drive (Windows)
        rebased = str(target.resolve())
    return {**data, "rulebook": rebased}


def expand_extends(
    data: Any,
    folder: Path,
    file: str | None,
    read: Callable[[Path], Any],
    _chain: tuple[Path, ...] = (),
) -> Any:
    """Raw scenario data with its `extends` chain merged in.

    `folder` is where relative paths start, `file` names the data in errors,
    `read` loads a YAML file (planner.model.loading.read_yaml)."""
    if not isinstance(data, dict):
        return data  # the validation says what is wrong with it
    if "extends" not in data or data["extends"] is None:
        if data.get("remove"):
            raise ScenarioError("'remove' needs 'extends': there is nothing inherited", file=file, field="remove")
        return {k: v for k, v in data.items() if k not in _OWN}
    ref = data["extends"]
    if not isinstance(ref, str) or not ref.endswith((".yaml", ".yml")):
        raise ScenarioError(f"must be a .yaml path relative to this file, got {ref!r}", file=file, field="extends")
    path = Path(ref) if Path(ref).is_absolute() else folder / ref
    key = path.resolve()
    chain = _chain or ((Path(file).resolve(),) if file else ())
    if key in chain:
        names = " -> ".join(p.name for p in (*chain, key))
        raise ScenarioError(f"extends goes round in a cycle: {names}", file=file, field="extends")
    if len(chain) > MAX_EXTENDS_DEPTH:
        raise ScenarioError(f"extends chains more than {MAX_EXTENDS_DEPTH} files", file=file, field="extends")
    if not path.is_file():
        raise ScenarioError(f"no such scenario file {str(path)!r}", file=file, field="extends")
    parent = read(path)
    if not isinstance(parent, dict):
        raise ScenarioError(f"{str(path)!r} is not a scenario (no mapping at the top)", file=file, field="extends")
    parent = expand_extends(parent, path.parent, str(path), read, (*chain, key))
    parent = _rebase_rulebook(parent, path.parent, folder)
    return merge_scenarios(parent, data, file=file)
