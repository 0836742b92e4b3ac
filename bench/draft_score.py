#!/usr/bin/env python3
"""How well `planner draft` reads bylaws: precision and recall of drafted
rules against hand-made gold, field accuracy, traps, time per document.

Corpus: tests/data/bylaws/*.gold.yaml (ten real bylaws, gold by hand) and the
four seed bylaws in ../shared/seeds (gold: our rulebooks in constraints/).

What is scored: every gold rule with a number (a gap between two named
events, some bound above 0).  Gold rules without one (an order with no
deadline: "notice follows the demand") (a meeting "in June", "when mailed notice
counts") are counted but not scored, as the drafter drafts no rule from them.
A drafted rule matches a gold rule when both events and both bounds agree,
the bounds compared in whole days (hours rounded up to days, a week 7 days,
months kept as months, business days kept apart), a missing lower bound read
as the engine's implied one for the same two events, directly or through a
chain of implied rules (meeting -> adjourned meeting: 0 days; demand -> call
-> notice: 0 days).  Recall is matched gold rules over gold rules; precision
is right drafted rules over drafted rules, where a drafted rule repeating a
matched gold rule at another section that gold rule cites is right (the
same rule stated twice in the bylaws) but matches nothing more.

Seed rulebooks are read as bylaw rules: a rule with `source` operational or
preference is not scored, nor (in seeds and hand gold alike) a rule
between events outside the standard vocabulary (calls on partly paid
shares, indemnification, officers' meetings: not the meeting cycle); an event the rulebook splits by role is read by its kind (cleco's
January, July and October regular-meeting notices are board notices of a
board meeting); and rules with the same bounds first cited at the same
section are one rule (one per delivery method, one per regular meeting),
their delivery methods merged.  Field accuracy, on the
matched pairs: the citation (same section number) and the condition (same
meeting type and delivery methods where the gold has them).  A trap is kept
when no drafted rule citing its section carries a number the gold lacks.

Meeting dates are scored apart, so the gap figures above stay as they were:
a drafted `on_date` or `date_window` rule for the holders' meeting matches a
gold date rule when the day (and its roll), or both ends of the window, are
the same, ends counted from an anchor compared as anchor and shift (or as the
position written).  The seeds' gold is every `on_date`/`date_window` rule of
our rulebooks on the event `meeting` (the boards' regular meeting dates are
not drafted, by design, and not scored); the corpus gold is the `rule:` field
of a `meeting_date` entry, written where the text itself fixes a day or a
window (the corpus README quotes each); a meeting date the text leaves to the
board has none and is not scored.

    .venv/bin/python bench/draft_score.py [--misses]

--misses first lists, per document, the gold rules missed and the drafted
rules that match no gold rule (the work list for the drafter).
"""

from __future__ import annotations

import math
import re
import sys
import time
from pathlib import Path

import yaml

from _paths import ROOT  # before the planner: this checkout first on sys.path

from planner.drafting.draft import Draft, draft_document  # noqa: E402
from planner.model.vocabulary import IMPLIED_RULES, STANDARD_EVENTS  # noqa: E402
from tests.helpers import SEED_DIR, SEED_FILES  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "bylaws"
SEEDS = SEED_DIR
SEED_GOLD = {seed: book for book, seed in SEED_FILES.items()}  # seed file -> its rulebook, the gold
_DELIVERY = {"facsimile": "fax", "telegram": "telegraph", "email": "electronic", "wire": "fax"}


def _norm(value, unit):
    if value is None:
        return None
    unit = unit or "days"
    if unit == "hours":
        return ("days", math.ceil(value / 24))
    if unit == "weeks":
        return ("days", value * 7)
    if unit in {"months", "business_days"}:
        return (unit, value)
    return ("days", value)


# The engine adds the implied rules (planner.model.vocabulary) to every plan:
# "not more than 30 days after the meeting" with no lower bound is, once the
# implied "adjourned meeting follows the original" applies, the same rule as
# one with min 0.  So a missing lower bound counts as the implied one.
# Chains count too (demand -> call -> notice: notice is not before the demand).
def _implied_closure() -> dict[tuple[str, str], int]:
    found = {(r.before, r.after): r.min_days for r in IMPLIED_RULES}
    grew = True
    while grew:
        grew = False
        for (a, b), first in list(found.items()):
            for (c, d), second in list(found.items()):
                if b == c and a != d and (a, d) not in found:
                    found[(a, d)], grew = first + second, True
    return found


_IMPLIED_MIN = _implied_closure()


def _key(before, after, lo, hi, unit, max_unit):
    low = _norm(lo, unit)
    if lo is None and (before, after) in _IMPLIED_MIN:
        low = _norm(_IMPLIED_MIN[(before, after)], "days")  # the implied rules count days
    return (before, after, low, _norm(hi, max_unit or unit))


def section_token(cite: str) -> str:
    """'Art. II §5' -> 'ii5', 'Section 5.5' -> '5.5', '§2.12(a)' -> '2.12(a)'."""
    text = re.sub(r"\(.*?(?:para|paragraph).*?\)|,?\s*\d+(?:st|nd|rd|th)\s+para\.?", "", cite.lower())
    text = re.sub(r"article|art\.|section|sec\.|§|\s", "", text)
    return text


# A seed rulebook may split one bylaw event by role (cleco: a notice event per
# regular board meeting, January, July, October); the event's kind names the
# standard event it is.  Events outside the standard vocabulary and not of
# these kinds (calls on partly paid shares, indemnification) are outside the
# drafting scope of the issue, and their rules are not scored.
_BY_KIND = {"board_notice": "board_notice", "regular_board_meeting": "board_meeting"}
_METHOD_FACTS = ("board_notice_method", "delivery_method", "delivery")


def _seed_event(name: str, events: dict) -> str | None:
    if name in STANDARD_EVENTS:
        return "board_meeting" if name == "regular_board_meeting" else name
    return _BY_KIND.get((events.get(name) or {}).get("kind"))


def _dedupe(rules: list[tuple]) -> list[tuple]:
    """One gold rule per bylaw rule: rules with the same key first cited at the
    same section are one rule written several times (one per delivery method,
    one per regular meeting); their methods are merged."""
    merged: dict[tuple, tuple] = {}
    for key, cite, when in rules:
        ident = (key, section_token(cite).split(";")[0])
        if ident not in merged:
            merged[ident] = (key, cite, dict(when))
            continue
        kept = merged[ident][2]
        for fact in _METHOD_FACTS:
            if fact in when or fact in kept:
                values = [v for w in (kept.get(fact), when.get(fact)) for v in (w if isinstance(w, list) else [w] if w else [])]
                kept[fact] = sorted(set(values))
    return list(merged.values())


def gold_of(document: Path) -> dict:
    """{'rules': [(key, cite, when)], 'unscored': n, 'traps': [cite]} for one document."""
    if document.name in SEED_GOLD:
        book = yaml.safe_load((ROOT / "constraints" / f"{SEED_GOLD[document.name]}.yaml").read_text())
        rules, unscored = [], 0
        for rule in book["rules"]:
            numbered = rule.get("kind") == "gap" and any((rule.get(f) or 0) > 0 for f in ("min_days", "max_days", "max_months"))
            derived = rule.get("kind") == "gap" and any(e.startswith("adjourned_") and e != "adjourned_meeting" for e in (rule["before"], rule["after"]))
            bylaw = rule.get("source", "bylaw") == "bylaw"  # not an operational lead time or a preference
            before, after = (_seed_event(rule.get(e, ""), book["events"]) for e in ("before", "after"))
            if not numbered or derived or not bylaw or None in (before, after):
                unscored += 1
                continue
            unit = "business_days" if rule.get("counting") == "business" else "days"
            hi, hi_unit = (rule.get("max_months"), "months") if rule.get("max_months") else (rule.get("max_days"), unit)
            rules.append((_key(before, after, rule.get("min_days"), hi, unit, hi_unit), rule["cite"], rule.get("when") or {}))
        kept = _dedupe(rules)
        return {"rules": kept, "unscored": unscored + len(rules) - len(kept), "traps": []}
    gold = yaml.safe_load((CORPUS / f"{document.stem}.gold.yaml").read_text())
    rules, unscored = [], 0
    for rule in gold["rules"]:
        events = rule.get("events") or {}
        standard = all(events.get(e) in STANDARD_EVENTS for e in ("before", "after"))
        if "before" not in events or not standard or not any((rule.get(f) or 0) > 0 for f in ("min_days", "max_days")):
            unscored += 1
            continue
        key = _key(events["before"], events["after"], rule.get("min_days"), rule.get("max_days"),
                   rule.get("unit", "days"), rule.get("max_unit"))
        rules.append((key, rule["section"], rule.get("condition") or {}))
    return {"rules": rules, "unscored": unscored, "traps": [t["section"] for t in gold.get("traps", [])]}


def _end(expr) -> tuple | None:
    """One end of a window, or an on_date's day, in a form two spellings share."""
    if expr is None:
        return None
    if isinstance(expr, str):
        expr = {"day": expr}
    day = " ".join(str(expr.get("day", "")).lower().replace("the ", "").split()) or None
    return (day, expr.get("anchor"), " ".join(str(expr.get("shift", "")).split()) or None, expr.get("year_offset") or 0)


def date_key(rule: dict) -> tuple:
    """(kind, day, roll) for an on_date, (kind, not_before, not_after) for a window."""
    if rule["kind"] == "on_date":
        return ("on_date", _end(rule["date"]), rule["date"].get("roll", "none"))
    return ("date_window", _end(rule.get("not_before")), _end(rule.get("not_after")))


def gold_dates(document: Path) -> dict:
    """{'dates': [(key, cite, when)], 'unscored': n}: the gold meeting-date rules of one document."""
    dates, unscored = [], 0
    if document.name in SEED_GOLD:
        book = yaml.safe_load((ROOT / "constraints" / f"{SEED_GOLD[document.name]}.yaml").read_text())
        for rule in book["rules"]:
            if rule.get("kind") not in {"on_date", "date_window"}:
                continue
            if rule.get("event") != "meeting" or rule.get("source", "bylaw") != "bylaw":
                unscored += 1
                continue
            dates.append((date_key(rule), rule["cite"], rule.get("when") or {}))
        return {"dates": dates, "unscored": unscored}
    gold = yaml.safe_load((CORPUS / f"{document.stem}.gold.yaml").read_text())
    for rule in gold["rules"]:
        if rule.get("kind") != "meeting_date":
            continue
        if not rule.get("rule"):
            unscored += 1  # left to the board, or blank: nothing a drafter can read
            continue
        dates.append((date_key(rule["rule"]), rule["section"], rule.get("condition") or {}))
    return {"dates": dates, "unscored": unscored}


def _drafted_date_rules(draft: Draft) -> list[tuple[dict, object]]:
    by_id = {r["id"]: r for r in draft.rulebook["rules"]}
    return [(by_id[d.id], d) for d in draft.dates if d.id in by_id]


def score_dates(draft: Draft, document: Path) -> dict:
    gold = gold_dates(document)
    open_gold = list(gold["dates"])
    matched, wrong, cite_ok, missed = 0, [], 0, []
    for rule, fixed in _drafted_date_rules(draft):
        key = date_key(rule)
        hit = next((g for g in open_gold if g[0] == key), None)
        if hit is None:
            wrong.append((key, fixed.cite, fixed.quote))
            continue
        open_gold.remove(hit)
        matched += 1
        cite_ok += section_token(hit[1]).split(";")[0] in section_token(fixed.cite) or section_token(fixed.cite) in section_token(hit[1])
    return {"date_gold": len(gold["dates"]), "date_drafted": matched + len(wrong), "date_matched": matched,
            "date_cite_ok": cite_ok, "date_unscored_gold": gold["unscored"],
            "date_missed": [(g[0], g[1]) for g in open_gold], "date_unmatched": wrong}


def corpus() -> list[Path]:
    found = sorted(p for p in CORPUS.iterdir() if p.suffix != ".yaml" and p.name != "README.md")
    if SEEDS.is_dir():
        found += [SEEDS / name for name in SEED_GOLD if (SEEDS / name).exists()]
    return found


def _condition_agrees(drafted: dict, gold: dict) -> bool:
    for fact in ("meeting_type",):
        if fact in gold and drafted.get(fact) != gold[fact]:
            return False
    wanted = gold.get("delivery") or gold.get("board_notice_method") or gold.get("delivery_method")
    if wanted is not None:
        want = {_DELIVERY.get(v, v) for v in (wanted if isinstance(wanted, list) else [wanted])}
        got = drafted.get("board_notice_method", drafted.get("delivery_method"))
        have = {_DELIVERY.get(v, v) for v in (got if isinstance(got, list) else [got] if got else [])}
        return not have or bool(want & have)
    return True


def _order_only(rule) -> bool:
    """A drafted rule saying only what an implied rule says (the resolution is
    not after the record date): no number, scored on neither side."""
    implied = _IMPLIED_MIN.get((rule.before, rule.after))
    return rule.max is None and implied is not None and (rule.min or 0) <= implied


def _cites(gold_cite: str, cite: str) -> bool:
    """The drafted rule's section is one of those the gold rule cites."""
    mine = section_token(cite)
    return any(t and (t in mine or mine in t) for t in section_token(gold_cite).split(";"))


def score(document: Path) -> dict:
    started = time.perf_counter()
    draft: Draft = draft_document(document.read_bytes(), document.name)
    seconds = time.perf_counter() - started
    gold = gold_of(document)
    open_gold = list(gold["rules"])
    matched, repeated, false_pos, cite_ok, cond_ok, fields = 0, 0, [], 0, 0, []
    rules = [r for r in draft.rules if not _order_only(r)]
    for rule in rules:
        key = _key(rule.before, rule.after, rule.min, rule.max, rule.unit, rule.max_unit)
        # A gold rule at the drafted rule's own section first, so that a rule read from
        # another sentence does not take the match from the one the gold describes.
        hit = next((g for g in open_gold if g[0] == key and _cites(g[1], rule.cite)), None) or next(
            (g for g in open_gold if g[0] == key and not any(_cites(g[1], r.cite) and _key(r.before, r.after, r.min, r.max, r.unit, r.max_unit) == key
                                                             for r in rules)), None)
        if hit is None:
            # The same rule stated again in another section the gold cites for it
            # (notice rules repeated in the adjournment section): right, but one rule.
            if any(g[0] == key and _cites(g[1], rule.cite) for g in gold["rules"] if g not in open_gold):
                repeated += 1
            else:
                false_pos.append(rule)
            continue
        open_gold.remove(hit)
        matched += 1
        cite_right = section_token(hit[1]).split(";")[0] in section_token(rule.cite) or section_token(rule.cite) in section_token(hit[1])
        cond_right = _condition_agrees(rule.when, hit[2])
        cite_ok += cite_right
        cond_ok += cond_right
        if not (cite_right and cond_right):
            fields.append((hit[1], rule.cite, hit[2], rule.when))
    trap_tokens = {section_token(t) for t in gold["traps"]}
    invented = [r for r in false_pos if any(t and (t in section_token(r.cite)) for t in trap_tokens)]
    return {
        "document": document.name, "drafted": len(rules), "gold": len(gold["rules"]), "matched": matched,
        "correct": matched + repeated,
        "unscored_gold": gold["unscored"], "cite_ok": cite_ok, "condition_ok": cond_ok,
        "traps": len(gold["traps"]), "trap_invented": len(invented), "questions": len(draft.questions),
        "seconds": seconds,
        "missed": [(g[0], g[1]) for g in open_gold],
        "fields": fields,
        "unmatched": [(_key(r.before, r.after, r.min, r.max, r.unit, r.max_unit), r.cite, r.when, r.quote) for r in false_pos],
        **score_dates(draft, document),
    }


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _misses(rows: list[dict]) -> None:
    """Per document: the gold rules no drafted rule matched, the drafted rules matching no gold rule."""
    for r in rows:
        if not (r["missed"] or r["unmatched"] or r["fields"] or r["date_missed"] or r["date_unmatched"]):
            continue
        print(f"\n== {r['document']}")
        for key, cite in r["missed"]:
            print(f"  missed    {cite:24} {key}")
        for key, cite, when, quote in r["unmatched"]:
            print(f"  unmatched {cite[:24]:24} {key} {when or ''}\n            {quote[:160]!r}")
        for gold_cite, cite, gold_when, when in r["fields"]:
            print(f"  fields    gold {gold_cite} {gold_when} / drafted {cite} {when}")
        for key, cite in r["date_missed"]:
            print(f"  date missed    {cite:24} {key}")
        for key, cite, quote in r["date_unmatched"]:
            print(f"  date unmatched {cite[:24]:24} {key}\n            {quote[:160]!r}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows = [score(path) for path in corpus()]
    if "--misses" in argv:
        _misses(rows)
        print()
    print(f"{'document':34} {'gold':>4} {'draft':>5} {'match':>5} {'prec':>5} {'recall':>6} {'cite':>5} {'cond':>5} {'traps':>5} {'invent':>6} {'quest':>5} {'s':>5}")
    for r in rows:
        print(f"{r['document'][:34]:34} {r['gold']:4} {r['drafted']:5} {r['matched']:5} "
              f"{ratio(r['correct'], r['drafted']):5.2f} {ratio(r['matched'], r['gold']):6.2f} "
              f"{ratio(r['cite_ok'], r['matched']):5.2f} {ratio(r['condition_ok'], r['matched']):5.2f} "
              f"{r['traps']:5} {r['trap_invented']:6} {r['questions']:5} {r['seconds']:5.2f}")
    total = {k: sum(r[k] for r in rows) for k in ("gold", "drafted", "matched", "correct", "cite_ok", "condition_ok", "traps", "trap_invented", "unscored_gold")}
    slowest = max(r["seconds"] for r in rows)
    print(f"overall: precision {ratio(total['correct'], total['drafted']):.2f} (target 0.95), "
          f"recall {ratio(total['matched'], total['gold']):.2f} (target 0.95) over {total['gold']} scored gold rules "
          f"({total['unscored_gold']} gold rules without a number not scored)")
    print(f"field accuracy on {total['matched']} matched rules: cite {ratio(total['cite_ok'], total['matched']):.2f}, "
          f"condition {ratio(total['condition_ok'], total['matched']):.2f}")
    print(f"traps: {total['traps']}, drafted rules with a number the gold lacks at a trap section: {total['trap_invented']}")
    dates = {k: sum(r[k] for r in rows) for k in ("date_gold", "date_drafted", "date_matched", "date_cite_ok", "date_unscored_gold")}
    print(f"meeting dates (scored apart): precision {ratio(dates['date_matched'], dates['date_drafted']):.2f} "
          f"({dates['date_matched']} of {dates['date_drafted']} drafted), recall {ratio(dates['date_matched'], dates['date_gold']):.2f} "
          f"({dates['date_matched']} of {dates['date_gold']} gold date rules; {dates['date_unscored_gold']} not scored), "
          f"cite {ratio(dates['date_cite_ok'], dates['date_matched']):.2f}")
    print(f"slowest document {slowest:.2f} s, ratio to the 1 s target {slowest / 1.0:.2f}")
    print(long_documents())
    return 0


# A notice sentence in our own words, repeated: a long document's time should grow
# with its length, not its square (line numbers counted from the start, and every
# bound of a sentence scanning all its others, once made a 3 MB text take 4 minutes).
_SENTENCE = ("Written notice of each meeting of the holders shall be given not less than ten (10) nor more than "
             "sixty (60) days before the date of the meeting. ")


def long_documents(short: int = 1000, factor: int = 4) -> str:
    """The time to draft `short` sentences and `factor` times as many, in one
    paragraph and as one endless sentence: ratios near `factor` are linear."""
    cases = {
        "sentences": lambda n: "ARTICLE II\n\nSection 3. Notice. " + _SENTENCE * n,
        "one sentence": lambda n: "ARTICLE II\n\nSection 3. Notice. " + _SENTENCE.replace(". ", "; ") * n,
    }
    parts = []
    for name, text in cases.items():
        times = []
        for n in (short, short * factor):
            start = time.perf_counter()
            draft_document(text(n).encode(), "long.txt", state="DE")
            times.append(time.perf_counter() - start)
        parts.append(f"{name}: {short} in {times[0]:.2f} s, {short * factor} in {times[1]:.2f} s "
                     f"(x{times[1] / times[0]:.1f} for x{factor} the text)")
    return "long documents, " + "; ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
