"""Rule packs: statute, SEC and exchange timing rules layered on a rulebook.

A bylaw may be stricter than the statute, never looser, and a listed
company's calendar must also meet the SEC's and its exchange's rules.  A
pack holds one such layer as data (``constraints/packs/<id>.yaml``), in the
rulebooks' own vocabulary: facts, anchors, events and rules of the same
kinds, each rule citing its section.  A scenario names the state of
incorporation and the listing; the packs whose ``applies`` match are joined
to the rulebook by ``planner.engine.problem.build_problem``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from planner.days.dates import DateExpr
from planner.model.documents import EventSpec, FactSpec, SchemaVersion, check_rule_ids, fill_standard_events, StrictModel
from planner.model.vocabulary import STANDARD_EVENTS as VOCABULARY_EVENTS
from planner.errors import PackError, rule_ref
from planner.model.file_state import FileCache, folder_names, recording
from planner.model.loading import BUNDLED_RULEBOOKS, read_yaml, validate
from planner.rules import Rule
from planner.rules.base import ID_PATTERN, when_values

__all__ = [
    "Pack",
    "PackApplies",
    "PackFinding",
    "InheritedRule",
    "PackLayer",
    "Listing",
    "STANDARD_EVENTS",
    "BUNDLED_PACKS",
    "bundled_packs",
    "bundled_folder",
    "load_pack",
    "matching_packs",
    "statute_states",
]

PackLayer = Literal["statute", "securities", "exchange"]
Listing = Literal["nyse", "nasdaq"]

# A pack's rules may name any standard event of the vocabulary without
# declaring it, so they apply to any rulebook that plans it.
STANDARD_EVENTS = frozenset(VOCABULARY_EVENTS)

BUNDLED_PACKS = BUNDLED_RULEBOOKS / "packs"


class PackApplies(StrictModel):
    """When a pack layers onto a scenario; exactly one condition."""

    incorporation: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="State of incorporation (two letters).")
    listing: list[Listing] | None = Field(None, min_length=1, description="Any of these exchange listings.")
    # Only true: a pack for unlisted companies alone would be a statute's, chosen by incorporation.
    listed: Literal[True] | None = Field(None, description="true: any listed company (the SEC's rules).")
    base: Literal[True] | None = Field(
        None, description="true: a base other packs extend (the Model Business Corporation Act); never chosen itself.",
    )

    @model_validator(mode="after")
    def _one(self) -> "PackApplies":
        given = [name for name in ("incorporation", "listing", "listed", "base") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of incorporation, listing, listed, base (got {given or 'none'})")
        return self

    def matches(self, incorporation: str | None, listing: str) -> bool:
        if self.base:
            return False
        if self.incorporation is not None:
            return self.incorporation == incorporation
        if self.listing is not None:
            return listing in self.listing
        return self.listed == (listing != "none")


class PackFinding(StrictModel):
    """A difference between the pack's law and a bylaw that numbers alone do
    not show (a notice method the statute treats differently), declared as
    data and reported before planning with both citations."""

    id: str = Field(pattern=ID_PATTERN, max_length=80)
    cite: str = Field(min_length=1, max_length=200, description="The pack's section.")
    summary: str = Field(min_length=1, max_length=1000, description="What differs and what it means for the plan, in our own words.")
    bylaw_rule_hint: str | list[str] | None = Field(
        None,
        description=(
            "The bylaw rule(s) concerned: 'rule-id' in any rulebook or 'rulebook-id:rule-id'. The finding is "
            "reported when the scenario's rulebook has one; with no hint, for every rulebook the pack layers onto."
        ),
    )
    rules: list[str] = Field(
        default_factory=list, max_length=100,
        description=(
            "The pack's rules whose number-based findings on the same bylaw rule this one explains, and so "
            "replaces (its day count kept); any other number-based finding on that bylaw rule is reported too."
        ),
    )
    verified: bool = True
    verification: str | None = Field(None, max_length=500)

    def hints(self) -> list[str]:
        if self.bylaw_rule_hint is None:
            return []
        return [self.bylaw_rule_hint] if isinstance(self.bylaw_rule_hint, str) else list(self.bylaw_rule_hint)


class InheritedRule(StrictModel):
    """A base pack's rule a state enacts, under the state's own section."""

    cite: str = Field(min_length=1, max_length=200, description="The state's section.")
    verified: bool = Field(False, description="True only when the state's section text was read.")
    verification: str | None = Field(None, max_length=500, description="Where it was read, or why it could not be.")


class Pack(StrictModel):
    """One layer of law over the bylaws: a statute, the SEC's rules or an exchange's."""

    schema_version: SchemaVersion
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Equals the file stem; every rule id starts with it.")
    title: str = Field(min_length=1, max_length=200)
    layer: PackLayer
    applies: PackApplies
    document: str = Field(min_length=1, description="Which text, as of when, where it lives.")
    facts: dict[str, FactSpec] = Field(default_factory=dict, description="The pack's own facts (same form as a rulebook's).")
    anchors: dict[str, DateExpr] = Field(
        default_factory=dict, description="Dates the pack's rules use; the rulebook and the scenario may override them."
    )
    events: dict[str, EventSpec] = Field(
        default_factory=dict,
        description="Events the pack adds; planned when the scenario lists them or `required: true`.",
    )
    extends: str | None = Field(
        None, pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="A base pack (applies: base) whose rules this pack enacts: those named under `inherit`.",
    )
    inherit: dict[str, InheritedRule] = Field(
        default_factory=dict,
        description="Base rule id -> the state's cite and verification; base rules not named here do not apply.",
    )
    rules: list[Rule] = Field(default_factory=list)
    findings: list[PackFinding] = Field(default_factory=list)

    _fill = model_validator(mode="before")(fill_standard_events)

    @field_validator("rules")
    @classmethod
    def _references(cls, rules: list, info: ValidationInfo) -> list:
        # A field validator (not a model one), so that errors name the field.
        check_rule_ids(rules)
        pack_id, events, facts = info.data.get("id"), info.data.get("events", {}), info.data.get("facts", {})
        known = STANDARD_EVENTS | set(events)
        for index, rule in enumerate(rules):
            if pack_id and not rule.id.startswith(f"{pack_id}-"):
                raise ValueError(f"{rule_ref(index, rule.id)}: a pack's rule ids start with '{pack_id}-'")
            for event in rule.events():
                if event not in known:
                    raise ValueError(
                        f"{rule_ref(index, rule.id)}: unknown event {event!r}; "
                        f"use a standard event ({', '.join(sorted(STANDARD_EVENTS))}) or declare it under events"
                    )
            for fact, wanted in rule.when.items():
                if fact in facts:
                    for value in when_values(wanted):
                        if value not in facts[fact].values:
                            raise ValueError(f"{rule_ref(index, rule.id)}: fact {fact!r} has no value {value!r}")
        return rules

    @field_validator("findings")
    @classmethod
    def _unique_findings(cls, findings: list[PackFinding]) -> list[PackFinding]:
        ids = [f.id for f in findings]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate finding id")
        return findings


def _enact(pack: Pack, base: Pack, file: str | None) -> Pack:
    """`pack` with the base rules it inherits, renamed into its own id space
    and cited to its own sections; the base's facts, events and anchors
    come along (the pack's own win)."""
    if base.applies.base is not True:
        raise PackError(f"pack {base.id!r} is not a base pack (applies: base)", file=file, field="extends")
    rules_by_id = {rule.id: rule for rule in base.rules}
    inherited = []
    for rule_id, enacted in pack.inherit.items():
        if rule_id not in rules_by_id:
            raise PackError(f"no rule {rule_id!r} in base pack {base.id!r}", file=file, field=f"inherit.{rule_id}")
        new_id = f"{pack.id}-{rule_id.removeprefix(base.id + '-')}"
        inherited.append(rules_by_id[rule_id].model_copy(update={
            "id": new_id, "cite": enacted.cite, "verified": enacted.verified, "verification": enacted.verification,
        }))
    rules = [*inherited, *pack.rules]
    try:
        check_rule_ids(rules)
    except ValueError as exc:
        raise PackError(str(exc), file=file, field="rules") from None
    return pack.model_copy(update={
        "rules": rules,
        "facts": {**base.facts, **pack.facts},
        "events": {**base.events, **pack.events},
        "anchors": {**base.anchors, **pack.anchors},
    })


def _resolved(pack: Pack, file: str | None) -> Pack:
    if pack.extends is None:
        if pack.inherit:
            raise PackError("inherit needs extends (the base pack)", file=file, field="inherit")
        return pack
    if pack.extends not in bundled_packs():
        raise PackError(f"no bundled base pack {pack.extends!r}", file=file, field="extends")
    base = load_pack(pack.extends)
    if base.extends is not None:
        raise PackError(f"base pack {base.id!r} extends another pack; one level only", file=file, field="extends")
    return _enact(pack, base, file)


def bundled_folder() -> Path:
    """The folder the bundled packs are read from, as it is now (a program
    or a test may point it elsewhere; the kept problems are told apart by it)."""
    return BUNDLED_PACKS


def bundled_packs() -> list[str]:
    """The bundled packs' ids.  The folder is listed again only when it
    changed: matching_packs asks once per pack, and a glob each time was
    28,800 globs in 50 plans (issue 14)."""
    try:
        names = folder_names(BUNDLED_PACKS)
    except OSError:
        return []
    return sorted(name[:-5] for name in names if name.endswith(".yaml") and not name.startswith("."))


# Packs by file, used again while the file, and the base pack it extends
# (and the folder listing that found the base), are unchanged: the content
# of every file the pack was built from is part of the check
# (planner.model.file_state), so editing a base pack re-reads the state
# packs that enact it.  The models are shared; nobody changes a Pack.
_PACKS: FileCache[Pack] = FileCache(64)


def _read_pack(path: Path) -> Pack:
    key = os.path.abspath(path)
    pack = _PACKS.get(key)
    if pack is not None:
        return pack
    with recording() as seen:
        pack = validate(Pack, read_yaml(path, error=PackError), file=str(path), error=PackError)
        if pack.id != path.stem:
            raise PackError(f"{pack.id!r} differs from the file name {path.stem!r}", file=str(path), field="id")
        pack = _resolved(pack, str(path))
    _PACKS.put(key, pack, seen)
    return pack


def load_pack(ref: str | Path | dict | Pack, relative_to: Path | None = None) -> Pack:
    """A pack from a bundled name (see `planner packs`), a .yaml path, a dict or a model."""
    if isinstance(ref, Pack):
        return ref
    if isinstance(ref, dict):
        return _resolved(validate(Pack, ref, file=None, error=PackError), None)
    if isinstance(ref, str) and not ref.endswith((".yaml", ".yml")):
        if ref not in bundled_packs():
            raise PackError(f"no bundled pack {ref!r}; bundled: {', '.join(bundled_packs()) or 'none'}")
        path = BUNDLED_PACKS / f"{ref}.yaml"
    else:
        path = Path(ref)
        if not path.is_absolute() and relative_to is not None:
            path = relative_to / path
    if not path.exists():
        raise PackError("no such file", file=str(path))
    return _read_pack(path)


def matching_packs(incorporation: str | None, listing: str) -> list[Pack]:
    """The bundled packs that layer onto a company incorporated in
    `incorporation` with `listing` ('none', 'nyse' or 'nasdaq'), statute
    first, then the SEC's, then the exchange's."""
    if incorporation is None and listing == "none":
        return []  # no pack can apply (each names a state, an exchange or any listing): read none
    key = (os.path.abspath(BUNDLED_PACKS), incorporation, listing)
    known = _MATCHING.get(key)
    if known is not None:
        return list(known)
    order = {"statute": 0, "securities": 1, "exchange": 2}
    with recording() as seen:  # every bundled pack is read: editing one may make it apply
        packs = [load_pack(name) for name in bundled_packs()]
    chosen = sorted((p for p in packs if p.applies.matches(incorporation, listing)), key=lambda p: (order[p.layer], p.id))
    _MATCHING.put(key, tuple(chosen), seen)
    return chosen


def statute_states() -> list[str]:
    """The states of incorporation a bundled statute pack serves."""
    return sorted({p.applies.incorporation for p in map(load_pack, bundled_packs()) if p.applies.incorporation})


# The packs a company's state and listing select, while the bundled folder
# and every pack in it are unchanged: one check of the folder's files
# instead of a lookup per pack (0.4 ms of a listed company's problem).
_MATCHING: FileCache[tuple[Pack, ...]] = FileCache(64)
