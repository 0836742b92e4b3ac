"""What a what-if sweep varies: fields of a scenario addressed by dotted
paths, each with a list of values, and the grid of their combinations.

Paths (checked against the base scenario before anything runs):

* a top-level scenario field: ``year``, ``margin_cap_days``, ``closures``, ``office_closures``,
  ``holiday_subdiv``, ``time_limit_s``;
* ``facts.NAME``, ``anchors.NAME``, ``events.ID``: one entry of a mapping;
* ``rules.ID.FIELD`` (a field of a rule, e.g. ``rules.printing-lead.min_days``)
  or ``rules.ID`` (the whole rule; null leaves it out).  A scenario rule is
  varied in the scenario; an id only the rulebook has varies the rulebook's
  rule, a what-if about the bylaws themselves (an amendment).

Values are YAML (``yaml.safe_load``): ``10`` is a number, ``true`` a
Boolean, ``null`` no value, ``[April 26]`` a list.  On the command line,
``FIELD=V1,V2`` splits at the commas outside brackets and quotes.

The grid is the Cartesian product in the order the fields are given, the
last varying fastest; variant numbers count from 1 in that order.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from planner.model.documents import SchemaVersion
from planner.model.safe_yaml import safe_load
from planner.errors import InputError
from planner.rules import RULE_KINDS

__all__ = [
    "SweepError",
    "Variation",
    "Sweep",
    "parse_vary",
    "split_values",
    "Grid",
    "VARIABLE_FIELDS",
    "MAPPING_FIELDS",
    "apply_assignment",
    "check_path",
    "load_sweep",
    "json_value",
    "canonical",
    "is_sweep_data",
    "Mode",
]

# Scenario fields a sweep may set as a whole; name, rulebook, extends and
# the schema version make another scenario, not a variant of this one.
VARIABLE_FIELDS = ("year", "margin_cap_days", "closures", "office_closures", "holiday_subdiv", "time_limit_s")
MAPPING_FIELDS = ("facts", "anchors", "events")
_FIXED_RULE_FIELDS = ("id", "kind")
MAX_VALUES = 10_000
# Variants of one sweep: checked from the values' counts before anything is
# enumerated (a grid of 10^12 would exhaust memory listing its chunks).
MAX_VARIANTS = 100_000
Mode = Literal["plan", "screen"]


class SweepError(InputError):
    """A sweep (its file or a --vary option) is invalid; `path` is the varied
    field at fault, if one is."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None, path: str | None = None,
                 **where):
        super().__init__(message, file=file, field=field, **where)
        self.path = path


def json_value(value: Any) -> Any:
    """A YAML value as JSON data: dates become ISO text (YAML reads
    2027-04-26 as a date), so values print and compare alike everywhere."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


class Variation(BaseModel):
    """One field and the values it takes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str = Field(min_length=1, max_length=300, description="Dotted path into the scenario, e.g. rules.printing-lead.min_days.")
    values: list[Any] = Field(min_length=1, max_length=MAX_VALUES, description="The values, in order.")

    @field_validator("values")
    @classmethod
    def _as_json(cls, values: list[Any]) -> list[Any]:
        return [json_value(v) for v in values]


def split_values(text: str) -> list[str]:
    """'a,[b, c],"d,e"' -> ['a', '[b, c]', '"d,e"']: commas outside brackets and quotes."""
    parts, depth, quote, current = [], 0, None, ""
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return [p.strip() for p in parts]


def parse_vary(option: str) -> Variation:
    """'FIELD=V1,V2,...' (the --vary option) as a Variation."""
    field, sep, text = option.partition("=")
    field = field.strip()
    if not sep or not field:
        raise SweepError(f"{option!r}: write FIELD=V1,V2,... e.g. rules.printing-lead.min_days=7,10", field="--vary")
    values = []
    for part in split_values(text):
        try:
            values.append(safe_load(part) if part else None)
        except yaml.YAMLError:
            raise SweepError(f"{field}: cannot read the value {part!r} as YAML", field="--vary", path=field) from None
    try:
        return Variation(field=field, values=values)
    except ValueError as exc:
        raise SweepError(f"{field}: {exc.errors()[0]['msg']}", field="--vary", path=field) from None


def _split_path(path: str) -> tuple[str, ...]:
    head, _, rest = path.partition(".")
    if head == "rules" and rest:
        # Rule ids may hold dots: the field is whatever follows the longest known id.
        return ("rules", rest)
    return (head, rest) if rest else (head,)


def _rule_field(rule_id_and_field: str, rule_ids: dict[str, str]) -> tuple[str, str | None]:
    """'printing-lead.min_days' -> ('printing-lead', 'min_days'), ids may contain dots."""
    if rule_id_and_field in rule_ids:
        return rule_id_and_field, None
    for rid in sorted(rule_ids, key=len, reverse=True):
        if rule_id_and_field.startswith(rid + "."):
            return rid, rule_id_and_field[len(rid) + 1:]
    raise KeyError(rule_id_and_field)


def check_path(path: str, scenario: dict, rulebook: dict, *, field: str = "--vary") -> None:
    """Refuse a path that names nothing in the base scenario or its rulebook
    (a typo must not run a sweep of identical variants)."""
    parts = _split_path(path)
    head = parts[0]
    if head in VARIABLE_FIELDS and len(parts) == 1:
        return
    if head in MAPPING_FIELDS and len(parts) == 2:
        name = parts[1]
        known = set(scenario.get(head) or {}) | set(rulebook.get(head) or {})
        if head == "events" or name in known:
            return
        raise SweepError(f"{path}: no {head[:-1]} {name!r}; known: {', '.join(sorted(known)) or 'none'}", field=field, path=path)
    if head == "rules" and len(parts) == 2:
        ids = _rule_kinds(scenario, rulebook)
        try:
            rid, attr = _rule_field(parts[1], ids)
        except KeyError:
            raise SweepError(f"{path}: no rule {parts[1].split('.')[0]!r} in the scenario or its rulebook", field=field, path=path) from None
        if attr is None:
            return
        model = RULE_KINDS.get(ids[rid])
        if model is None or attr not in model.model_fields or attr in _FIXED_RULE_FIELDS:
            fields = [f for f in (model.model_fields if model else ()) if f not in _FIXED_RULE_FIELDS]
            raise SweepError(f"{path}: rule {rid} ({ids[rid]}) has no field {attr!r} to vary; fields: {', '.join(fields)}",
                             field=field, path=path)
        return
    raise SweepError(
        f"{path}: not a field a sweep can vary; use {', '.join(VARIABLE_FIELDS)}, facts.NAME, anchors.NAME, "
        "events.ID, rules.ID or rules.ID.FIELD",
        field=field, path=path,
    )


def _rule_kinds(scenario: dict, rulebook: dict) -> dict[str, str]:
    ids = {}
    for source in (rulebook, scenario):  # a scenario rule comes second: it is the one varied
        for rule in source.get("rules") or []:
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                ids[rule["id"]] = rule.get("kind")
    return ids


def apply_assignment(scenario: dict, rulebook: dict, assignment: dict[str, Any]) -> tuple[dict, dict | None]:
    """The scenario data (and the rulebook data, if a rulebook rule is
    varied, else None) with each path set to its value.  The inputs are left
    alone; paths are assumed checked (check_path)."""
    scenario = dict(scenario)
    book: dict | None = None
    for path, value in assignment.items():
        parts = _split_path(path)
        head = parts[0]
        if len(parts) == 1:
            scenario[head] = value
        elif head in MAPPING_FIELDS:
            scenario[head] = {**(scenario.get(head) or {}), parts[1]: value}
        else:
            own = [r for r in scenario.get("rules") or [] if isinstance(r, dict)]
            try:
                rid, attr = _rule_field(parts[1], _rule_kinds(scenario, book or rulebook))
            except KeyError:  # another path of this variant left the rule out (null): nothing to set
                continue
            if any(r.get("id") == rid for r in own):
                scenario["rules"] = _set_rule(scenario.get("rules") or [], rid, attr, value)
            else:
                book = dict(book or rulebook)
                book["rules"] = _set_rule(book.get("rules") or [], rid, attr, value)
    return scenario, book


def _set_rule(rules: list, rid: str, attr: str | None, value: Any) -> list:
    out = []
    for rule in rules:
        if isinstance(rule, dict) and rule.get("id") == rid:
            if attr is None:
                if value is None:
                    continue  # null leaves the rule out
                rule = value if isinstance(value, dict) else {"__invalid__": value}
                rule = {"id": rid, **rule} if "id" not in rule else rule
            elif value is None:
                rule = {k: v for k, v in rule.items() if k != attr}
            else:
                rule = {**rule, attr: value}
        out.append(rule)
    return out


class Grid:
    """The Cartesian product of the variations, indexed without being built:
    variant i (from 0) decodes as a mixed-radix number, last field fastest."""

    def __init__(self, variations: list[Variation]):
        self.variations = variations
        self.fields = [v.field for v in variations]
        self.size = 1
        for v in variations:
            self.size *= len(v.values)

    def __len__(self) -> int:
        return self.size

    def assignment(self, index: int) -> dict[str, Any]:
        picked = []
        for variation in reversed(self.variations):
            index, digit = divmod(index, len(variation.values))
            picked.append(variation.values[digit])
        return dict(zip(self.fields, reversed(picked)))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for values in itertools.product(*(v.values for v in self.variations)):
            yield dict(zip(self.fields, values))


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


class Sweep(BaseModel):
    """A sweep file: a base scenario and the fields to vary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: SchemaVersion
    name: str = Field(min_length=1, max_length=200)
    base: str = Field(description="The base scenario: a .yaml path relative to this file.", pattern=r"\.ya?ml$")
    mode: Mode = Field("plan",
                      description="plan: a verified CP-SAT plan for each variant; screen: feasibility, conflicts and windows only (fast).")
    # Each field and its values held to what a Variation takes, here where the file is validated: `vary:
    # {field: []}` passed and then failed building the Variation (a ValidationError, exit 3).
    vary: dict[Annotated[str, Field(min_length=1, max_length=300)], Annotated[list[Any], Field(min_length=1, max_length=MAX_VALUES)]] = Field(
        min_length=1, description="Field path: the values it takes (in this order; the last field varies fastest).")

    def variations(self) -> list[Variation]:
        return [Variation(field=f, values=v) for f, v in self.vary.items()]


def is_sweep_data(data: Any) -> bool:
    return isinstance(data, dict) and "vary" in data and "base" in data


def load_sweep(path: Path, data: Any | None = None) -> tuple[Sweep, Path]:
    """A sweep file and the path of its base scenario."""
    from planner.model.loading import read_yaml, validate

    if data is None:
        data = read_yaml(path, error=SweepError)
    sweep = validate(Sweep, data, file=str(path), error=SweepError)
    base = Path(sweep.base)
    base = base if base.is_absolute() else path.parent / base
    if not base.is_file():
        raise SweepError(f"no such scenario file {str(base)!r}", file=str(path), field="base")
    return sweep, base

