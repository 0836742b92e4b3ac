"""Rule packs layered on a rulebook: which packs a scenario selects, the
facts they share with the rulebook, and whose layer each rule is.

A pack (planner.model.packs) holds a statute's, the SEC's or an exchange's
timing rules in the rulebooks' own terms; build_problem joins the selected
packs to the rulebook with these helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from planner.model.documents import FactSpec, Rulebook, Scenario, standard_fact_spec
from planner.model.vocabulary import STANDARD_FACTS
from planner.errors import PackError, ScenarioError, rule_ref
from planner.model.packs import BUNDLED_PACKS, Pack, load_pack, matching_packs
from planner.rules import RuleBase
from planner.rules.base import when_values

__all__ = ["AppliedPack", "LAYERS", "rule_layer", "overlay", "select_packs", "merge_packs"]

# Whose rule it is, for the plan's "bound by": the pack's layer for a pack's
# hard rules, otherwise the rule's source.  Listed from the outermost law in.
LAYERS = ("statute", "securities", "exchange", "bylaw", "implied", "operational", "preference")


@dataclass(frozen=True)
class AppliedPack:
    pack: Pack
    file: str | None  # for error messages


def rule_layer(rule: RuleBase, pack: Pack | None) -> str:
    if rule.source == "preference" or pack is None:
        return rule.source
    return pack.layer


def overlay(model: Scenario, incorporation: str | None, listing: str | None, packs: Iterable[str] | None) -> Scenario:
    """The scenario with the layers a run asks for instead of its own."""
    update: dict = {}
    if incorporation is not None:
        if not re.fullmatch(r"[A-Z]{2}", incorporation):
            raise ScenarioError(f"{incorporation!r} is not a two-letter state code", field="--incorporation")
        update["incorporation"] = incorporation
    if listing is not None:
        if listing not in ("none", "nyse", "nasdaq"):
            raise ScenarioError(f"{listing!r} is not one of none, nyse, nasdaq", field="--listing")
        update["listing"] = listing
    if packs is not None:
        # Paths given with the run are relative to the working directory, not the scenario.
        update["packs"] = [str(Path(p).resolve()) if p.endswith((".yaml", ".yml")) else p for p in packs]
    return model.model_copy(update=update) if update else model


def select_packs(model: Scenario, source: str | None, folder: Path | None) -> list[AppliedPack]:
    """The scenario's `packs`, else those its incorporation and listing select."""
    if model.packs is None:
        return [AppliedPack(p, str(BUNDLED_PACKS / f"{p.id}.yaml")) for p in matching_packs(model.incorporation, model.listing)]
    chosen: list[AppliedPack] = []
    for index, ref in enumerate(model.packs):
        try:
            pack = load_pack(ref, relative_to=folder)
        except PackError as exc:
            if exc.file is None:
                raise PackError(exc.detail, file=source, field=f"packs, pack {index + 1}", keys=("packs", index)) from None
            raise
        if any(p.pack.id == pack.id for p in chosen):
            raise ScenarioError(f"pack {pack.id!r} is listed twice", file=source, field=f"packs, pack {index + 1}", keys=("packs", index))
        path = Path(ref) if ref.endswith((".yaml", ".yml")) else BUNDLED_PACKS / f"{ref}.yaml"
        chosen.append(AppliedPack(pack, str(path if path.is_absolute() or folder is None else folder / path)))
    return chosen


def merge_packs(book: Rulebook, packs: list[AppliedPack], scenario: Scenario | None = None) -> dict[str, FactSpec]:
    """The facts of the rulebook and its packs, and the standard facts any
    of their rules (or the scenario) uses without declaring; pack rules
    checked against them."""
    specs = dict(book.facts)
    used = {fact for rule in book.rules for fact in rule.when}
    used |= {fact for p in packs for rule in p.pack.rules for fact in rule.when}
    if scenario is not None:
        used |= set(scenario.facts) | {fact for rule in scenario.rules for fact in rule.when}
    for name in sorted(used & set(STANDARD_FACTS)):
        if name not in specs and not any(name in p.pack.facts for p in packs):
            specs[name] = standard_fact_spec(name)
    for applied in packs:
        for name, spec in applied.pack.facts.items():
            if name in specs:
                # The same name is the same fact (a share increase is one fact
                # whoever asks); the first declaration keeps its doc and default,
                # and a value only the law knows (a delivery method) is added.
                # Values with nothing in common are two facts under one name.
                if set(specs[name].values).isdisjoint(spec.values):
                    raise PackError(f"fact {name!r} is already declared with values {specs[name].values}",
                                    file=applied.file, field=f"facts.{name}")
                extra = [v for v in spec.values if v not in specs[name].values]
                if extra:
                    specs[name] = specs[name].model_copy(update={"values": [*specs[name].values, *extra]})
                continue
            specs[name] = spec
    ids = {r.id for r in book.rules}
    for applied in packs:
        for index, rule in enumerate(applied.pack.rules):
            if rule.id in ids:
                raise PackError(f"rule id {rule.id!r} is already used", file=applied.file, field=f"{rule_ref(index, rule.id)}, id", keys=("rules", index, "id"))
            ids.add(rule.id)
            for fact, wanted in rule.when.items():
                if fact not in specs:
                    raise PackError(
                        f"fact {fact!r} is neither the pack's nor rulebook {book.id}'s", file=applied.file, field=f"{rule_ref(index, rule.id)}, when", keys=("rules", index, "when"),
                    )
                for value in when_values(wanted):
                    if value not in specs[fact].values:
                        raise PackError(f"fact {fact!r} has no value {value!r}", file=applied.file, field=f"{rule_ref(index, rule.id)}, when", keys=("rules", index, "when"))
    return specs
