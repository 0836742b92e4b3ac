"""Plans as text for people (table), for programs (JSON) and for
spreadsheets (CSV)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
import textwrap
from typing import Literal

from planner.model.documents import Rulebook
from planner.verdicts.explanations import Explanation
from planner.law.external_dates import ExternalCalendar
from planner.law.findings import Finding
from planner.model.packs import Pack
from planner.verdicts.answers import TimelineVerdict
from planner.outputs.safe_text import csv_safe_frame, csv_safe_rows
from planner.verdicts.results import Plan

__all__ = [
    "CSV_BOM", "csv_text", "render_timeline_verdicts", "text_table", "terminal_width", "paragraph_width", "fit_line",
    "render_plan", "render_rulebook", "render_explanation", "render_pack", "render_pack_list", "Format",
]

Format = Literal["table", "json", "csv"]


def terminal_width() -> int | None:
    """The width tables are fitted to: COLUMNS when set (as shells and
    `COLUMNS=80 planner ...` set it), else the terminal's width when the output
    is a terminal, else None: a pipe or a file keeps each row on one line, for
    grep and diff."""
    text = os.environ.get("COLUMNS", "").strip()
    # ASCII digits, a few of them: isdigit() also takes "²" and 5000 digits, which int() refuses.
    if re.fullmatch(r"[0-9]{1,6}", text) and int(text) > 0:
        return max(int(text), _NARROWEST)
    if sys.stdout.isatty():
        return max(shutil.get_terminal_size().columns, _NARROWEST)
    return None


def paragraph_width() -> int:
    """Running text wraps at 100 characters, or narrower on a narrow terminal."""
    return min(100, terminal_width() or 100)


def fit_line(text: str) -> list[str]:
    """One line, wrapped (indented) only when the terminal's width is known."""
    width = terminal_width()
    indent = " " * (len(text) - len(text.lstrip()) + 2)
    return textwrap.wrap(text, width, subsequent_indent=indent) if width and len(text) > width else [text]


_NARROWEST = 40  # below this no table is readable; wider rows are allowed to wrap the terminal's way
_SEPARATOR = "  "
_FLOOR_CAP = 14  # a wrapped column keeps at least this many characters (or its header, or its longest word)


def _fit(headers: list[str], rows: list[list[str]], width: int) -> list[int]:
    """Column widths whose sum fits `width`: the widest column gives up a
    character at a time, down to its floor, so short columns (dates, margins,
    statuses) stay whole and long text (labels, citations, rule texts) wraps."""
    natural = [max(len(x) for x in column) for column in zip(headers, *rows)]
    floors = []
    for header, column, full in zip(headers, zip(*rows) if rows else [()] * len(headers), natural):
        longest_word = max((len(w) for cell in column for w in cell.split()), default=0)
        floors.append(min(full, max(len(header), min(longest_word, _FLOOR_CAP))))
    widths = list(natural)
    room = width - len(_SEPARATOR) * (len(headers) - 1)
    # Words are kept whole first; on a very narrow terminal, long words break too.
    for floor in (floors, [min(f, max(len(h), 4)) for f, h in zip(floors, headers)]):
        while sum(widths) > room:
            shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
            if not shrinkable:
                break  # as narrow as it goes: the terminal wraps what is left
            widest = max(shrinkable, key=lambda i: (widths[i], -i))
            widths[widest] -= 1
    return widths


def text_table(headers: list[str], rows: list[list[str]], *, width: int | None = None, below: bool = False) -> str:
    """A plain-text table fitted to `width` (default: terminal_width()); a
    cell too long for its column wraps onto the row's next lines.  With
    `below`, a table too wide for the width prints its last column (a long
    text such as a rule's requirement) under each row instead, indented and
    named, so the other columns keep their room."""
    rows = [[str(c) for c in row] for row in rows]
    width = terminal_width() if width is None else width
    natural = [max(len(x) for x in column) for column in zip(headers, *rows)]
    too_wide = width is not None and sum(natural) + len(_SEPARATOR) * (len(headers) - 1) > width
    notes = too_wide and below and len(headers) > 2
    if notes:
        name, headers, texts, rows = headers[-1], headers[:-1], [row[-1] for row in rows], [row[:-1] for row in rows]
    widths = _fit(headers, rows, width) if too_wide else natural[: len(headers)]
    out = _row_lines(headers, widths) + [_SEPARATOR.join("-" * w for w in widths)]
    for index, row in enumerate(rows):
        out += _row_lines(row, widths)
        if notes and texts[index].strip() not in ("", "-"):
            out += textwrap.wrap(f"{name}: {texts[index]}", width, initial_indent="    ", subsequent_indent="      ")
    return "\n".join(out)


def _row_lines(cells: list[str], widths: list[int]) -> list[str]:
    wrapped = [textwrap.wrap(c, w, break_on_hyphens=True) or [""] if len(c) > w else [c] for c, w in zip(cells, widths)]
    height = max(map(len, wrapped))
    return [_SEPARATOR.join(part.ljust(w) for part, w in zip(parts, widths)).rstrip()
            for parts in zip(*(cell + [""] * (height - len(cell)) for cell in wrapped))]


# Excel reads a CSV file as the local code page unless it starts with a UTF-8
# byte-order mark; with it, "§" and "é" show as written.  Every CSV we print starts with it.
CSV_BOM = "\ufeff"

UNVERIFIED = " [unverified]"  # marks a rule whose number could not be checked against its source


def csv_text(headers: list[str], rows: list[list[str]]) -> str:
    """Rows as CSV text (the csv module's quoting)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(csv_safe_rows(rows))  # no cell a spreadsheet would run as a formula
    return CSV_BOM + buffer.getvalue()  # Excel reads UTF-8 (the § of a citation) only after a byte-order mark


def _findings_text(findings: list[Finding]) -> list[str]:
    if not findings:
        return []
    out = fit_line("findings before planning (a bylaw looser than the law over it; the stricter rule is planned):")
    for f in findings:
        mark = UNVERIFIED if not f.verified else ""
        out += textwrap.wrap(f"[{f.layer}, {f.pack}{mark}] {f.text}", paragraph_width(), initial_indent="  - ", subsequent_indent="    ")
    return out + [""]


def _external_text(external: ExternalCalendar) -> list[str]:
    out = ["", "SEC dates outside the plan:"]
    rows = [[d.date.isoformat() if d.date else "-", d.date.strftime("%a") if d.date else "", d.label,
             d.cite + ("" if d.verified else UNVERIFIED)] for d in external.dates]
    if rows:
        out.append(text_table(["date", "day", "what", "cite"], rows))
        for d in external.dates:
            out += fit_line(f"  {d.id}: {d.basis}")
    for w in external.warnings:
        out += textwrap.wrap(f"warning ({w.cite}): {w.text}", paragraph_width(), subsequent_indent="  ")
        out += [f"  - {t}" for t in w.triggers]
    if external.missing:
        out.append("anchors to give for the remaining dates: " + ", ".join(external.missing))
    return out


def _plan_table(plan: Plan) -> str:
    by_id = {r.id: r for r in plan.rules}
    verdict = plan.status.replace('_', ' ').upper()
    if plan.not_given and plan.status == "compliant":
        verdict += " AS FAR AS GIVEN (not given: " + ", ".join(plan.not_given) + ")"
    out = fit_line(f"{plan.scenario} ({plan.year}), rulebook {plan.rulebook}: {verdict}")
    if plan.packs:
        out += fit_line("packs: " + ", ".join(plan.packs))
    if plan.facts:
        out += fit_line("facts: " + ", ".join(f"{k}={v}" for k, v in plan.facts.items()))
    if plan.findings:
        out += [""] + _findings_text(plan.findings)[:-1]
    if plan.warnings:
        out += ["", "warnings (no rule is broken):"]
        for warning in plan.warnings:
            out += fit_line(f"  - {warning}")
    if plan.notes:
        out += ["", "notes:"]
        for note in plan.notes:
            out += fit_line(f"  - {note}")
    if plan.coverage is not None:
        out += ["", "checked against:"]
        for line in plan.coverage.checked_against:
            out += fit_line(f"  - {line}")
        if plan.coverage.unconstrained:
            out += fit_line("not bound on one side by any rule (planned next to what they serve): "
                            + "; ".join(plan.coverage.unconstrained))
    dated = [e for e in plan.events if e.date]
    if dated:
        rows = []
        for e in dated:
            binding = "; ".join(f"{by_id[r].cite}{'' if by_id[r].verified else UNVERIFIED} ({r})" for r in e.binding)
            rows.append([e.date.isoformat(), e.weekday[:3], e.label, ", ".join(e.bound_by) or "-", binding or "-"])
        out += ["", text_table(["date", "day", "what to do", "bound by", "binding rule (no margin left)"], rows, below=True)]
    if plan.external is not None:
        out += _external_text(plan.external)
    if plan.explanation is not None:
        out += ["", _explanation_text(plan.explanation).rstrip()]
    rows = [
        [r.id, r.cite + ("" if r.verified else UNVERIFIED), r.layer, r.status,
         "" if r.slack_days is None else str(r.slack_days), r.text + (f" ({r.reason})" if r.reason else "")]
        for r in plan.rules  # a rule that does not apply says why (the reason)
    ]
    out += ["", text_table(["rule", "cite", "class", "status", "margin", "requires"], rows, below=True)]
    broken = [r for r in plan.rules if r.words and r.status == "violated"]
    if broken:
        out += ["", "broken, in words:"]
        for rule in broken:
            out += fit_line(f"  - {rule.words} ({rule.id})")
    return "\n".join(out) + "\n"


def _blocked(fix) -> str:
    """A fix that needs a bylaw or statute, in short: its rule (and those that
    must give way with it) and its days."""
    rules = " with ".join([fix.target, *fix.together])
    return f"{rules} by {fix.days} days" if fix.days is not None else rules


def _explanation_text(why: Explanation) -> str:
    out = _findings_text(why.findings)
    if why.stopped:  # read first: what follows may not be all
        out += [*fit_line(f"explanation {why.stopped}."), ""]
    for index, conflict in enumerate(why.conflicts, 1):
        short = f", {conflict.days_short} days short" if conflict.days_short is not None else ""
        out += [*fit_line(f"conflict {index} ({len(conflict.rules)} rules{short}): {', '.join(conflict.rules)}"),
                *textwrap.wrap(conflict.text, paragraph_width(), initial_indent="  ", subsequent_indent="  "), ""]
    if why.conflicts:
        allowed = [f for f in why.fixes if f.allowed]
        if why.stopped:
            out.append("fixes found before the time limit:" if allowed else
                       "no fix without relaxing a bylaw or statute found before the time limit (see --allow-legal):")
        else:
            out.append("smallest fixes:" if allowed else "no fix without relaxing a bylaw or statute (see --allow-legal):")
        for fix in allowed or why.fixes:
            route = f" [legal route: {fix.legal_route}]" if fix.legal_route and fix.allowed else ""
            out += fit_line(f"  - {fix.text}{route}")
        blocked = [f for f in why.fixes if not f.allowed] if allowed else []
        if blocked:
            out += fit_line("needing a bylaw or statute to give way (allowed with --allow-legal): "
                            + "; ".join(_blocked(f) for f in blocked))
    if why.windows:
        rows = [[e, str(lo or "no limit"), str(hi or "no limit")] for e, (lo, hi) in why.windows.items()]
        out += [f"{why.scenario}: FEASIBLE; each event's window with every rule holding:", "",
                text_table(["event", "earliest", "latest"], rows)]
        if why.binding:
            out += ["", "binding in the plan (no margin left): " + ", ".join(why.binding)]
    return "\n".join(out) + "\n"


def render_explanation(why: Explanation, fmt: Format) -> str:
    if fmt == "json":
        return why.model_dump_json(indent=2) + "\n"
    head = "" if why.status == "feasible" else f"{why.scenario}: INFEASIBLE\n\n"
    return head + _explanation_text(why)


def render_plan(plan: Plan, fmt: Format) -> str:
    if fmt == "json":
        return plan.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        frame = plan.to_frame()
        frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
        csv_safe_frame(frame).to_csv(buffer, index=False)
        return CSV_BOM + buffer.getvalue()
    return _plan_table(plan)


def render_pack_list(packs: list[Pack], fmt: Format = "table") -> str:
    if fmt == "json":  # every pack whole, as `planner packs NAME --format json` gives one
        return json.dumps([p.model_dump(mode="json") for p in packs], indent=2) + "\n"
    rows = []
    for p in packs:
        applies = p.applies
        when = (f"incorporated in {applies.incorporation}" if applies.incorporation
                else f"listed on {' or '.join(applies.listing)}" if applies.listing
                else "base of the Model Act states" if applies.base else "any listed company")
        unverified = sum(not r.verified for r in p.rules)
        rows.append([p.id, p.layer, when, str(len(p.rules)), str(unverified), p.title])
    header = ["pack", "layer", "applies to", "rules", "unverified", "title"]
    if fmt == "csv":
        return csv_text(header, rows)
    # The Model Act base counts through the states that enact it, each under its own section.
    counted = [r for p in packs if not p.applies.base for r in p.rules]
    verified = sum(r.verified for r in counted)
    share = (f"\nverified against the text of their section: {verified} of {len(counted)} rules "
             f"({verified / len(counted):.0%}; the Model Act base pack not counted)\n") if counted else ""
    return text_table(header, rows) + "\n" + share


def render_pack(pack: Pack, fmt: Format) -> str:
    if fmt == "json":
        return pack.model_dump_json(indent=2) + "\n"
    rows = [[r.id, r.cite, r.source, r.kind, ", ".join(f"{k}={v}" for k, v in r.when.items()) or "always",
             "yes" if r.verified else "NO", r.describe()] for r in pack.rules]
    if fmt == "csv":
        return csv_text(["rule", "cite", "class", "kind", "when", "verified", "requires", "summary", "verification"],
                        [row + [r.summary, r.verification or ""] for row, r in zip(rows, pack.rules)])
    head = f"{pack.title} ({pack.layer})\n{pack.document}\n\n"
    if pack.facts:
        # Where the statute gives way to the articles or bylaws, a fact says so (--fact NAME=VALUE):
        # listed first, or a reader would never learn the option is there.
        head += "facts (set with --fact NAME=VALUE, or under facts: in a scenario or a calendar):\n" + "".join(
            f"  {name} = {' | '.join(map(_typed, spec.values))} (default {_typed(spec.default)})"
            f"{': ' + ' '.join(spec.doc.split()) if spec.doc else ''}\n" for name, spec in pack.facts.items()) + "\n"
    body = text_table(["rule", "cite", "class", "kind", "when", "verified", "requires"], rows)
    notes = "\n".join(
        f"{r.id} ({r.cite}{'' if r.verified else UNVERIFIED}): {r.summary}"
        + (f" Checked: {r.verification}" if r.verification else "")
        for r in pack.rules
    )
    declared = "".join(f"\nfinding {f.id} ({f.cite}): {f.summary}" for f in pack.findings)
    return head + body + "\n\n" + notes + declared + "\n"


def _typed(value: object) -> str:
    """A fact's value as --fact and YAML take it (true, not True)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def render_rulebook(book: Rulebook, fmt: Format) -> str:
    if fmt == "json":
        return book.model_dump_json(indent=2) + "\n"
    rows = [[r.id, r.cite, r.source, r.kind, ", ".join(f"{k}={v}" for k, v in r.when.items()) or "always", r.describe()]
            for r in book.rules]
    if fmt == "csv":
        return csv_text(["rule", "cite", "class", "kind", "when", "requires", "summary"],
                        [row + [r.summary] for row, r in zip(rows, book.rules)])
    head = f"{book.title}\n{book.document}\nholidays: {book.jurisdiction.country}-{book.jurisdiction.subdiv}\n\n"
    body = text_table(["rule", "cite", "class", "kind", "when", "requires"], rows)
    summaries = "\n".join(f"{r.id} ({r.cite}): {r.summary}" for r in book.rules)
    return head + body + "\n\n" + summaries + "\n"


def _timeline_why(v: TimelineVerdict, brief: bool) -> str:
    """What decided a timeline's verdict.  A table row names the broken rules
    in full and only counts the steps not given and the rules not checked
    (their lists run to hundreds of characters; the CSV and JSON keep them)."""
    if v.broken or v.error:
        parts = list(v.broken) or [v.error]
    elif not v.not_given:
        parts = []
    elif brief:
        parts = [f"{len(v.not_given)} {'step' if len(v.not_given) == 1 else 'steps'} not given"]
    else:
        parts = ["not given: " + ", ".join(v.not_given)]
    if v.not_checked and brief:
        parts.append(f"{len(v.not_checked)} {'rule' if len(v.not_checked) == 1 else 'rules'} not checked")
    elif v.not_checked:
        parts += v.not_checked
    return "; ".join(parts)


def render_timeline_verdicts(verdicts: list[TimelineVerdict], fmt: Format) -> str:
    """`planner check --timelines`: one verdict a published timeline."""
    if fmt == "json":
        return json.dumps([v.model_dump(mode="json") for v in verdicts], indent=2) + "\n"
    headers = ["company", "state", "listing", "kind", "record date", "mailing date", "meeting date", "verdict", "why"]
    rows = []
    for v in verdicts:
        head = [v.company, v.state, v.listing, v.kind, str(v.record_date or ""), str(v.mailing_date or ""),
                str(v.meeting_date), v.verdict]
        rows.append(head + [_timeline_why(v, brief=fmt != "csv")])
    if fmt == "csv":
        return csv_text(headers, rows)
    counts = {k: sum(v.verdict == k for v in verdicts) for k in ("compliant", "compliant as far as given", "non_compliant", "error")}
    head = f"{len(verdicts)} timelines: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n) + "\n\n"
    return head + text_table(headers, rows) + "\n"
