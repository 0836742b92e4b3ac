"""A synthetic fund complex: many entities planned in one problem (issue 14).

`complex_rulebook(entities)` gives a feasible rulebook of 10 events and 30
rules an entity: each entity's own meeting cycle (a meeting window, record
date, notice, shareholder list, broker search, proxy filing, printing, the
board's resolution, the inspector's report and the minutes), with the
statute's and the bylaws' numbers for the same steps, calendar, clear and
business-day counts, and rules between entities of a group of ten (shared
directors meet once for the group within a few days; one printer and one
meeting staff take the funds one after the other).  100 entities: 1,000
events and 3,000 rules.  The numbers are made up but of the usual sizes.
"""

from __future__ import annotations

__all__ = ["complex_rulebook", "complex_scenario", "GROUP"]

GROUP = 10  # entities sharing directors, a printer and a meeting staff
YEAR = 2027
STEPS = ("board", "proxy", "printing", "search", "record", "mail", "list", "meeting", "certify", "minutes")


def _rule(rid: str, kind: str, source: str, **fields) -> dict:
    return {"kind": kind, "id": rid, "cite": "synthetic", "summary": f"synthetic rule {rid}", "source": source, **fields}


def _gap(rid: str, before: str, after: str, source: str, low: int | None = None, high: int | None = None,
         counting: str = "calendar") -> dict:
    fields: dict = {"before": before, "after": after, "counting": counting}
    if low is not None:
        fields["min_days"] = low
    if high is not None:
        fields["max_days"] = high
    return _rule(rid, "gap", source, **fields)


def _entity_rules(k: int) -> list[dict]:
    """27 rules within entity k's own cycle."""
    e = {step: f"{step}_{k}" for step in STEPS}
    r = f"f{k}-"
    return [
        _rule(r + "window", "date_window", "bylaw", event=e["meeting"],
              not_before={"day": f"{YEAR}-04-15"}, not_after={"day": f"{YEAR}-06-30"}),
        _gap(r + "record-statute", e["record"], e["meeting"], "statute", 10, 60),
        _gap(r + "record-bylaw", e["record"], e["meeting"], "bylaw", 15, 50),
        _gap(r + "notice-statute", e["mail"], e["meeting"], "statute", 10, 60),
        _gap(r + "notice-bylaw", e["mail"], e["meeting"], "bylaw", 20, 55),
        _gap(r + "notice-clear", e["mail"], e["meeting"], "bylaw", 10, counting="clear"),
        _gap(r + "notice-after-record", e["record"], e["mail"], "bylaw", 0),
        _gap(r + "board-record", e["board"], e["record"], "statute", 0, 60),
        _gap(r + "board-record-bylaw", e["board"], e["record"], "bylaw", 1),
        _gap(r + "board-meeting", e["board"], e["meeting"], "bylaw", high=100),
        _gap(r + "search-record", e["search"], e["record"], "statute", 20, counting="business"),
        _gap(r + "search-after-board", e["board"], e["search"], "operational", 0),
        _gap(r + "proxy-after-board", e["board"], e["proxy"], "operational", 1),
        _gap(r + "proxy-meeting", e["proxy"], e["meeting"], "statute", 40),
        _gap(r + "proxy-printing", e["proxy"], e["printing"], "operational", 2, counting="business"),
        _gap(r + "printing-mail", e["printing"], e["mail"], "operational", 3, 15, counting="business"),
        _gap(r + "printing-after-record", e["record"], e["printing"], "operational", 0),
        _gap(r + "list-after-record", e["record"], e["list"], "bylaw", 1),
        _gap(r + "list-statute", e["list"], e["meeting"], "statute", 10),
        _gap(r + "list-bylaw", e["list"], e["meeting"], "bylaw", 10, counting="business"),
        _gap(r + "list-after-mail", e["mail"], e["list"], "operational", 0),
        _gap(r + "certify", e["meeting"], e["certify"], "operational", 0, 5, counting="business"),
        _gap(r + "certify-bylaw", e["meeting"], e["certify"], "bylaw", high=10),
        _gap(r + "minutes", e["certify"], e["minutes"], "operational", 1, 30),
        _gap(r + "minutes-bylaw", e["meeting"], e["minutes"], "bylaw", high=45),
        _gap(r + "minutes-business", e["meeting"], e["minutes"], "operational", 2, counting="business"),
        _gap(r + "search-printing", e["search"], e["printing"], "operational", 5),
    ]


def _has_next(k: int, entities: int) -> bool:
    return k % GROUP != GROUP - 1 and k + 1 < entities


def _group_rules(k: int, entities: int) -> list[dict]:
    """3 rules tying entity k to the next one of its group of ten; for the
    last of a group, three more of its own instead."""
    if not _has_next(k, entities):
        return [
            _gap(f"f{k}-record-late", f"record_{k}", f"meeting_{k}", "operational", 20),
            _gap(f"f{k}-notice-late", f"mail_{k}", f"meeting_{k}", "operational", 25),
            _gap(f"f{k}-board-early", f"board_{k}", f"meeting_{k}", "operational", 45),
        ]
    j, r = k + 1, f"f{k}-f{k + 1}-"
    return [
        # Shared directors: the next fund's board meets within three days after this one's.
        _gap(r + "board", f"board_{k}", f"board_{j}", "operational", 0, 3),
        # One printer: the next fund prints at least a business day later.
        _gap(r + "printing", f"printing_{k}", f"printing_{j}", "operational", 1, counting="business"),
        # One meeting staff: one meeting a day, the funds in order.
        _gap(r + "meeting", f"meeting_{k}", f"meeting_{j}", "operational", 1),
    ]


def complex_rulebook(entities: int = 100) -> dict:
    """The rulebook of `entities` funds: 10 events and 30 rules each."""
    events = {f"{step}_{k}": {"kind": "operational", "label": f"{step} of fund {k}", "required": True}
              for k in range(entities) for step in STEPS}
    rules = [rule for k in range(entities) for rule in (*_entity_rules(k), *_group_rules(k, entities))]
    return {
        "schema_version": 1, "id": "synthetic-complex", "title": f"Synthetic fund complex ({entities} funds)",
        "document": "synthetic", "jurisdiction": {"country": "US", "subdiv": "DE"},
        "facts": {}, "events": events, "rules": rules,
    }


def complex_scenario(entities: int = 100) -> dict:
    return {"schema_version": 1, "name": f"synthetic complex of {entities} funds", "rulebook": "synthetic",
            "year": YEAR, "rules": []}
