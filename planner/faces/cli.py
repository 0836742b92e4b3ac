"""The ``planner`` command: plan, check, rules.

Exit codes: 0 feasible or compliant, 1 infeasible or non-compliant, 2 bad
input (one line naming the file and the field, never a traceback), 3 a bug,
4 no answer within the time limit.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path
import sys
from datetime import date

import yaml

from planner.errors import DatesFileError, InputError, PlannerError
from planner.model.limits import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from planner.model.loading import bundled_rulebooks, load_rulebook
# icalendar, Jinja2 and matplotlib load only when a file is asked for.
from planner.outputs.figures import FIGURE_FORMATS, check_writable, format_from_suffix, write_atomic
from planner.outputs.ics import DEFAULT_REMINDERS, NoCalendarError, parse_remind_at, to_ics
from planner.outputs.report import REPORT_SUFFIXES, to_report
from planner.outputs.safe_text import terminal_text

# Each sub-command imports what it runs, inside its function: a cold
# `planner rules` loads no solver, `planner plan` no drafting, charts or
# what-if machinery (measured with `python -X importtime`; docs/benchmarks.md).
# planner.verdicts.solve is not imported here either: SolverTimeout is looked
# up where an error is turned into an exit code.

__all__ = ["main"]

EXIT_OK, EXIT_NO, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_TIMEOUT = 0, 1, 2, 3, 4
# `planner schema NAME`: the module and model of each file format.
SCHEMAS = {
    "rulebook": ("planner.model.documents", "Rulebook"), "scenario": ("planner.model.documents", "Scenario"),
    "plan": ("planner.verdicts.results", "Plan"), "dates": ("planner.model.dates_file", "DatesFile"),
    "explanation": ("planner.verdicts.explanations", "Explanation"),
    "adjournment": ("planner.studies.adjournment", "AdjournmentResult"),
    "special": ("planner.studies.special_meeting", "SpecialMeetingResult"),
    "datemap": ("planner.studies.date_map", "DateMap"), "years": ("planner.studies.years", "YearsPlan"),
    "sweep": ("planner.studies.sweep", "Sweep"), "whatif": ("planner.studies.whatif", "WhatIf"),
    "pack": ("planner.model.packs", "Pack"),
}


# A whole number as the command line takes one: ASCII digits, at most 9 of them. str.isdigit()
# also says yes to "²" and "١٢" and to 5000 digits, which int() then refuses (ValueError, exit 3).
_WHOLE = re.compile(r"[0-9]{1,9}")


def _whole(text: str) -> int | None:
    """`text` as a whole number of days or a count (no sign), or None."""
    text = text.strip()
    return int(text) if _WHOLE.fullmatch(text) else None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _holiday(text: str):
    """--holiday: an ISO date, or a yearly date ("December 24") closing that day in every year the plan spans."""
    from planner.days.dates import closure_day

    try:
        return closure_day(text)
    except PlannerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not FIRST_PLAN_YEAR <= value <= LAST_PLAN_YEAR:
        raise argparse.ArgumentTypeError(f"{value} is outside {FIRST_PLAN_YEAR}..{LAST_PLAN_YEAR}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is outside 0..65535")
    return value


def _out(text: str) -> None:
    """Standard output, without the control characters a terminal would act
    on (a scenario's name is the user's text)."""
    sys.stdout.write(terminal_text(text))


def _once(action: argparse.Action, namespace: argparse.Namespace, option_string: str | None) -> None:
    """Refuse an option given twice (exit 2) rather than keep the last one silently."""
    given = namespace.__dict__.setdefault("_given", set())
    if option_string and action.dest in given:
        raise argparse.ArgumentError(action, "given twice; give it once")
    given.add(action.dest)


class _StoreOnce(argparse._StoreAction):
    def __call__(self, parser, namespace, values, option_string=None):
        _once(self, namespace, option_string)
        super().__call__(parser, namespace, values, option_string)


class _StoreTrueOnce(argparse._StoreTrueAction):
    def __call__(self, parser, namespace, values, option_string=None):
        _once(self, namespace, option_string)
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    """argparse with options that may be given once (append options aside);
    sub-commands' parsers are of this class too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)
        self.register("action", "store_true", _StoreTrueOnce)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planner", description="Plan corporate meeting calendars under bylaws timing rules.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, formats=("table", "json", "csv"), layers: bool = True,
               optional_scenario: bool = False) -> None:
        if optional_scenario:
            p.add_argument("scenario", nargs="?", help="scenario YAML file (none: the law of --incorporation alone)")
        else:
            p.add_argument("scenario", help="scenario YAML file")
        p.add_argument("--year", type=_year, help="plan the same scenario for another year")
        p.add_argument("--holiday", type=_holiday, action="append", default=[], metavar="DATE",
                       help="add a closure (not a business day): 2027-12-24, or 'December 24' in the plan year; repeatable")
        p.add_argument("--drop", action="append", default=[], metavar="RULE_ID", help="plan as if this rule were waived; repeatable")
        p.add_argument("--format", choices=list(formats), default="table")
        if not layers:  # the scenario's own incorporation, listing and packs apply
            return
        # Statute and securities overlays: layer rule packs without editing the scenario.
        p.add_argument("--incorporation", metavar="XX", help="state of incorporation (its statute pack applies), e.g. DE")
        p.add_argument("--listing", choices=["none", "nyse", "nasdaq"], help="exchange listing (adds the SEC and exchange packs)")
        p.add_argument("--pack", action="append", metavar="PACK", dest="packs",
                       help="use exactly these packs (bundled name or .yaml path); repeatable")
        p.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                       help="set a rulebook fact for this run (e.g. notice_waived=true); repeatable")

    p_plan = sub.add_parser("plan", help="solve a scenario into a dated, verified calendar")
    common(p_plan)
    _output_options(p_plan)
    p_plan.add_argument("--years", metavar="FIRST-LAST",
                        help="plan consecutive annual cycles, each after the one before (e.g. 2027-2031)")
    p_check = sub.add_parser("check", help="check a calendar you already have, or published timelines against the law")
    common(p_check, optional_scenario=True)
    _output_options(p_check)
    p_check.add_argument("--dates", help="YAML/JSON file: events: {id: date}, facts: {...}")
    p_check.add_argument("--kind", choices=["annual", "special"], default="annual",
                         help="with no scenario: the kind of meeting (default annual)")
    p_check.add_argument("--timelines", metavar="FILE.csv",
                         help="check many published timelines, one verdict a row (columns: company, state, listing, "
                              "kind, record_date, mailing_date, meeting_date)")
    p_explain = sub.add_parser("explain", help="why no calendar exists and the smallest fix; or each event's window")
    common(p_explain, formats=("table", "json"))
    p_explain.add_argument("--conflicts", type=int, default=3, metavar="N", help="how many distinct conflicts to find (default 3)")
    p_explain.add_argument("--allow-legal", action="store_true", help="also propose fixes that relax bylaw or statute rules")
    # --- date maps (planner.studies.date_map, planner.studies.date_map_chart) ---
    p_map = sub.add_parser("datemap", help="every day of a year as the meeting date: feasible or the rule that blocks it")
    common(p_map, formats=("table", "csv", "json", "markdown"), layers=False)
    p_map.add_argument("--chart", metavar="FILE.png|FILE.svg", help="also draw the calendar heat-map to this file")
    p_map.add_argument("--fixed-date", choices=["keep", "set-aside"], default="keep",
                       help="keep the bylaws' own meeting date (default) or set it aside (see README)")
    p_schema = sub.add_parser("schema", help="print the JSON Schema of a file format")
    p_schema.add_argument("format_name", choices=list(SCHEMAS))
    p_rules = sub.add_parser("rules", help="list a rulebook's rules with citations")
    p_rules.add_argument("rulebook", nargs="?", help="bundled name or YAML path")
    p_rules.add_argument("--format", choices=["table", "json", "csv"], default="table")
    # --- adjournments and special meetings ---
    def changes(p: argparse.ArgumentParser) -> None:
        p.add_argument("scenario", help="scenario YAML file (its rulebook, facts and calendar are used)")
        p.add_argument("--holiday", type=_holiday, action="append", default=[], metavar="DATE",
                       help="add a closure (not a business day): 2027-12-24, or 'December 24' in the plan year; repeatable")
        p.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                       help="set a rulebook fact for this question (e.g. directors_elected=false); repeatable")
        p.add_argument("--format", choices=["table", "json"], default="table")
        p.add_argument("--ics", metavar="FILE.ics", help="also write the re-planned calendar as an iCalendar file")
        _ics_options(p)

    p_adjourn = sub.add_parser("adjourn", help="what moving a meeting to a new date requires, and the re-planned calendar")
    changes(p_adjourn)
    original = p_adjourn.add_mutually_exclusive_group(required=True)
    original.add_argument("--meeting", type=_iso_date, metavar="YYYY-MM-DD", help="date of the original meeting")
    original.add_argument("--dates", metavar="FILE", help="the original calendar (YAML/JSON events: {id: date}, or a plan's JSON)")
    p_adjourn.add_argument("--to", type=_iso_date, required=True, metavar="YYYY-MM-DD", help="the new date")
    p_adjourn.add_argument("--reason", choices=["quorum", "other"], default="other", help="why the meeting adjourns (recorded)")
    p_adjourn.add_argument("--postponed", action="store_true", help="the meeting never convened: a postponement, not an adjournment")
    p_adjourn.add_argument("--new-record-date", action="store_true", help="the board fixes a new record date even where it need not")
    p_adjourn.add_argument("--decided", type=_iso_date, metavar="YYYY-MM-DD", help="postponements: the day of the decision (nothing new before it)")
    p_special = sub.add_parser("special", help="the calendar of a special meeting from the day it was demanded or called")
    changes(p_special)
    trigger = p_special.add_mutually_exclusive_group(required=True)
    trigger.add_argument("--demand", type=_iso_date, metavar="YYYY-MM-DD", help="day the last shareholder demand needed arrived")
    trigger.add_argument("--called", type=_iso_date, metavar="YYYY-MM-DD", help="day the board or an officer called the meeting")
    p_special.add_argument("--meeting", type=_iso_date, metavar="YYYY-MM-DD", help="the meeting date wanted (else the planner picks)")
    # --- end of adjournments and special meetings ---
    _whatif_parser(sub)
    # Statute and securities overlays (rule packs).
    p_packs = sub.add_parser("packs", help="list the rule packs (statute, SEC, exchange), or one pack's rules with citations")
    p_packs.add_argument("pack", nargs="?", help="bundled pack name or YAML path")
    p_packs.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p_draft = sub.add_parser("draft", help="draft a rulebook from a bylaws document, for a person to review (docs/draft.md)")
    p_draft.add_argument("bylaws", help="the bylaws: .txt (EDGAR), .md, .htm/.html, .docbook, .jsx, .pdf or .docx")
    p_draft.add_argument("--state", type=str.upper, help="state (two letters) whose holidays apply; else read from the text")
    p_draft.add_argument("--out", metavar="RULEBOOK.yaml",
                         help="write the rulebook here, with NAME.scenario.yaml and NAME.coverage.md beside it")
    # A plan year, as everywhere: the skeleton scenario is planned next, and a year -5 (or 1900) made one
    # that no plan reads.
    p_draft.add_argument("--year", type=_year, help="year of the scenario skeleton (default: next year)")
    p_draft.add_argument("--format", choices=["yaml", "json"], default="yaml",
                         help="without --out: the rulebook YAML (default) or the whole draft as JSON")
    _init_parser(sub)
    p_lint = sub.add_parser("lint", help="what a reviewer would flag in a rulebook before trusting it (docs/vocabulary.md)")
    p_lint.add_argument("rulebook", help="bundled rulebook name or YAML path")
    p_lint.add_argument("--incorporation", type=str.upper, metavar="XX", help="also compare with this state's statute pack")
    p_lint.add_argument("--year", type=_year, help="the year to try the date rules in (default: this year and the next ten)")
    p_lint.add_argument("--format", choices=["table", "json"], default="table")
    p_serve = sub.add_parser("serve", help="run the HTTP service (see README, \"HTTP service\")")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p_serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p_serve.add_argument("--token", help="API token the clients must send (Authorization: Bearer); "
                         "required beyond loopback; default: the PLANNER_TOKEN environment variable")
    p_serve.add_argument("--solve-in", choices=("processes", "threads"), default="processes",
                         help="run the solve slots in worker processes, one per slot (default: they run side by "
                         "side on separate cores), or in threads of the server's process")
    p_serve.add_argument("--allowed-host", action="append", metavar="NAME",
                         help="a Host name the service answers to; repeatable, '*' for any (default: the loopback "
                         "names when bound to loopback, else any; or PLANNER_ALLOWED_HOSTS)")
    return parser


# planner check with no scenario: the law alone ---------------------------------------------


def _check_law_only(args) -> int:
    from planner.model.dates_file import DatesFile
    from planner.model.loading import read_yaml, validate
    from planner.model.timeline import read_timelines
    from planner.outputs.render import render_timeline_verdicts
    from planner.verdicts.answers import check_law_only, timeline_verdict

    if args.timelines:
        if args.scenario or args.dates:
            raise InputError("give either --timelines or a calendar (--dates), not both", field="--timelines")
        verdicts = [timeline_verdict(t) for t in read_timelines(args.timelines)]
        sys.stdout.write(render_timeline_verdicts(verdicts, args.format))
        return EXIT_NO if any(v.verdict in ("non_compliant", "error") for v in verdicts) else EXIT_OK
    if args.dates is None:
        raise InputError("give a scenario, or --dates with --incorporation to check against the law alone", field="--dates")
    if not args.incorporation:
        raise InputError("with no scenario, the state whose law applies is needed", field="--incorporation")
    if args.packs:
        raise InputError("with no scenario, the packs are the state's and the listing's", field="--pack")
    state = args.incorporation.upper()
    if not re.fullmatch(r"[A-Z]{2}", state):
        raise InputError(f"{args.incorporation!r} is not a two-letter state code", field="--incorporation")
    given = validate(DatesFile, read_yaml(Path(args.dates), error=DatesFileError), file=args.dates, error=DatesFileError)
    _check_outputs(args)
    return _emit_plan(check_law_only(given, state, listing=args.listing or "none", kind=args.kind, source=args.dates,
                                     facts=_facts(args.fact)), args)


# planner init ------------------------------------------------------------------------------


def _init_parser(sub) -> None:
    p = sub.add_parser("init", help="write a rulebook and a scenario for a new corporation from a few answers")
    p.add_argument("--company", help="the corporation's name")
    p.add_argument("--state", type=str.upper, metavar="XX", help="state of incorporation")
    p.add_argument("--year", type=_year, help="first year to plan (default: next year)")
    p.add_argument("--listing", choices=["none", "nyse", "nasdaq"], default="none")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--annual-date", metavar="TEXT", help="the bylaws' annual date, e.g. 'last Wednesday of April'")
    when.add_argument("--annual-window", metavar="FROM..TO", help="the window the board picks it in, e.g. 'May 1..June 30'")
    p.add_argument("--roll", choices=["none", "next_business_day", "previous_business_day"], default="next_business_day",
                   help="where a fixed annual date that is not a business day moves (default: next business day)")
    p.add_argument("--notice", metavar="MIN..MAX", default="10..60", help="notice to shareholders, days before (default 10..60)")
    p.add_argument("--record", metavar="MIN..MAX", default="10..60", help="record date, days before (default 10..60)")
    p.add_argument("--list-days", type=int, default=10, metavar="N", help="shareholder list open N days before (default 10)")
    p.add_argument("--board-notice", metavar="METHOD=DAYS,...", default="mail=5,personal=1",
                   help="special board meeting notice by method (default mail=5,personal=1)")
    p.add_argument("--adjournment-days", metavar="N|never", default="30",
                   help="an adjournment of more than N days needs new notice (default 30)")
    p.add_argument("--out", metavar="DIR", default=".", help="folder to write the two files in (default: here)")
    p.add_argument("--force", action="store_true", help="overwrite files that exist")
    p.add_argument("--interactive", action="store_true", help="ask each question (the default when no --company and --state)")


def _pair(text: str, field: str, sep: str = "..") -> tuple[str, str]:
    parts = [part.strip() for part in text.split(sep)]
    if len(parts) != 2 or not all(parts):
        raise InputError(f"{text!r}: give FROM{sep}TO", field=field)
    return parts[0], parts[1]


def _init_answers(args) -> dict:
    from datetime import date as _date

    from planner.drafting.init import QUESTIONS

    raw = {"company": args.company, "state": args.state, "year": args.year or _date.today().year + 1,
           "listing": args.listing, "annual_date": args.annual_date, "annual_window": args.annual_window,
           "notice_days": args.notice, "record_days": args.record, "list_days": args.list_days,
           "board_notice": args.board_notice, "adjournment_days": args.adjournment_days}
    if args.interactive or (args.company is None and args.state is None and sys.stdin.isatty()):
        for field, prompt, example in QUESTIONS:
            if field == "annual_window" and raw.get("annual_date"):
                continue
            current = raw.get(field)
            shown = current if current not in (None, "") else example
            try:
                answer = input(f"{prompt} [{shown}]: ").strip()
            except EOFError:  # the answers piped in ran out (or Ctrl-D): exit 3 until it said so
                print()  # ends the prompt's line, on standard output where input() wrote it
                raise InputError(f"the answers ended before {prompt!r}; give each, or the options instead",
                                 field="--interactive") from None
            raw[field] = answer or (None if field == "annual_date" and current is None else shown)
    for flag, field in (("--company", "company"), ("--state", "state")):
        if not raw.get(field):
            raise InputError("is needed (or run with --interactive)", field=flag)
    if not raw.get("annual_date") and not raw.get("annual_window"):
        raise InputError("give --annual-date or --annual-window", field="--annual-date")
    fields = {"notice_days": "--notice", "record_days": "--record"}
    for field, flag in fields.items():
        low, high = (_whole(part) for part in _pair(str(raw[field]), flag))
        if low is None or high is None:
            raise InputError(f"{raw[field]!r}: give days as MIN..MAX, e.g. 10..60", field=flag)
        raw[field] = (low, high)
    if raw.get("annual_window"):
        raw["annual_window"] = _pair(str(raw["annual_window"]), "--annual-window")
    methods = {}
    for item in str(raw["board_notice"]).split(","):
        method, _, text = item.strip().partition("=")
        days = _whole(text)
        if days is None:
            raise InputError(f"{item.strip()!r}: give METHOD=DAYS, e.g. mail=5", field="--board-notice")
        methods[method.strip().lower()] = days
    raw["board_notice"] = methods
    adjournment = str(raw["adjournment_days"]).strip().lower()
    if adjournment != "never" and _whole(adjournment) is None:
        raise InputError(f"{adjournment!r}: give a number of days or 'never'", field="--adjournment-days")
    raw["adjournment_days"] = None if adjournment == "never" else _whole(adjournment)
    raw["holiday_roll"] = args.roll
    return raw


def _init(args) -> int:
    from pathlib import Path

    from planner.drafting.init import InitAnswers, init_files
    from planner.model.loading import validate

    answers = validate(InitAnswers, _init_answers(args), file=None, error=InputError)
    files = init_files(answers)
    folder = Path(args.out)
    if not folder.is_dir():
        raise InputError("no such folder", file=str(folder), field="--out")
    targets = {folder / files.rulebook_name: files.rulebook_yaml, folder / files.scenario_name: files.scenario_yaml}
    existing = [str(path) for path in targets if path.exists()]
    if existing and not args.force:
        raise InputError("exists; use --force to overwrite", file=existing[0], field="--out")
    from planner.outputs.figures import write_atomic

    for path, text in targets.items():
        write_atomic(path, text.encode("utf-8"), field="--out")
    scenario = folder / files.scenario_name
    print(f"{folder / files.rulebook_name}: rulebook (review each rule against the bylaws and cite its section)")
    print(f"{scenario}: scenario; plan it with: planner plan {scenario}")
    return EXIT_OK


def _lint(args) -> int:
    from planner.studies.lint import lint_rulebook, render_lint

    report = lint_rulebook(args.rulebook, incorporation=args.incorporation, year=args.year)
    sys.stdout.write(render_lint(report, args.format))
    return EXIT_NO if report.errors else EXIT_OK


# planner whatif ------------------------------------------------------------------------------


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers") from None
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError(f"{value} is outside 1..1024")
    return value


def _whatif_parser(sub) -> None:
    p = sub.add_parser("whatif", help="plan a grid of variants of a scenario and tabulate them (see README, \"What-if sweeps\")")
    p.add_argument("scenario", help="base scenario YAML file, or a sweep file (base: and vary:)")
    p.add_argument("--vary", action="append", default=[], metavar="FIELD=V1,V2,...",
                   help="a field (e.g. rules.printing-lead.min_days, facts.notice_waived, year) and its values; repeatable")
    p.add_argument("--mode", choices=["plan", "screen"], help="plan (CP-SAT, the default) or screen (no solver: feasibility, conflicts, windows)")
    p.add_argument("--year", type=_year, help="the base scenario's year")
    p.add_argument("--holiday", type=_holiday, action="append", default=[], metavar="DATE",
                   help="add a closure: 2027-12-24, or 'December 24' in the plan year; repeatable")
    p.add_argument("--drop", action="append", default=[], metavar="RULE_ID", help="plan as if this rule were waived; repeatable")
    p.add_argument("--workers", type=_workers, metavar="N", help="processes to run the variants in (default: the cores available)")
    p.add_argument("--dask", metavar="ADDRESS", help="run on a Dask scheduler (tcp://host:8786), or 'local' for a local cluster")
    p.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _whatif(args) -> int:
    from planner.studies.parallel import available_cores
    from planner.studies.whatif import render_whatif, whatif

    cores = available_cores()
    workers = args.workers or cores
    if workers > cores and args.dask in (None, "local"):  # a remote scheduler has cores of its own
        # More processes than cores only adds memory and switching, never speed.
        print(f"planner: --workers {workers} capped to the {cores} cores available", file=sys.stderr)
        workers = cores
    result = whatif(
        args.scenario, args.vary, mode=args.mode, workers=workers, dask=args.dask,
        year=args.year, holidays=args.holiday, drop=args.drop, progress=not args.quiet and sys.stderr.isatty(),
    )
    if result.rows and all(row.status == "error" for row in result.rows):
        # No variant could even be built (an impossible date, a value of the wrong kind): bad input, not a table.
        first = result.rows[0]
        raise InputError(f"no variant is valid; variant 1: {first.error}", file=args.scenario, field="--vary")
    _out(render_whatif(result, args.format))  # rendered in full first
    return EXIT_OK


def run(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "whatif":
        return _whatif(args)
    if args.command == "draft":
        return _draft(args)
    if args.command == "init":
        return _init(args)
    if args.command == "lint":
        return _lint(args)
    if args.command == "schema":
        import importlib

        module, name = SCHEMAS[args.format_name]
        model = getattr(importlib.import_module(module), name)
        _out(json.dumps(model.model_json_schema(), indent=2) + "\n")
        return EXIT_OK
    if args.command == "serve":
        return _serve(args)
    if args.command == "rules":
        from planner.model.loading import bundled_rulebooks, load_rulebook
        from planner.outputs.render import render_rulebook

        if not args.rulebook:
            _out("\n".join(bundled_rulebooks()) + "\n")
            return EXIT_OK
        _out(render_rulebook(load_rulebook(args.rulebook), args.format))
        return EXIT_OK
    if args.command in ("adjourn", "special"):
        return _changes(args)
    if args.command == "datemap":
        return _datemap(args, dict(year=args.year, holidays=args.holiday, drop=args.drop))
    if args.command == "plan" and args.years:
        return _plan_years(args)
    if args.command == "check" and (args.timelines or args.scenario is None):
        return _check_law_only(args)
    if args.command == "check" and args.dates is None:
        raise InputError("give the calendar to check", field="--dates")
    if args.command == "packs":
        from planner.model.packs import bundled_packs, load_pack
        from planner.outputs.render import render_pack, render_pack_list

        if not args.pack:
            _out(render_pack_list([load_pack(name) for name in bundled_packs()], args.format))
            return EXIT_OK
        _out(render_pack(load_pack(args.pack), args.format))
        return EXIT_OK
    options = dict(year=args.year, holidays=args.holiday, drop=args.drop, facts=_facts(args.fact),
                   incorporation=args.incorporation, listing=args.listing, packs=args.packs)
    if args.command == "explain":
        from planner.faces.api import explain
        from planner.outputs.render import render_explanation

        if not 1 <= args.conflicts <= 20:
            raise InputError("must be between 1 and 20", field="--conflicts")
        why = explain(args.scenario, conflicts=args.conflicts, allow_legal=args.allow_legal, **options)
        _out(render_explanation(why, args.format))
        return EXIT_OK if why.status == "feasible" else EXIT_NO
    _check_outputs(args)
    from planner.faces.api import check, plan

    result = plan(args.scenario, **options) if args.command == "plan" else check(args.scenario, args.dates, **options)
    return _emit_plan(result, args)


def _emit_plan(result: "Plan", args) -> int:
    """Print a plan or a check and write the files asked for."""
    from planner.outputs.figures import write_atomic
    from planner.outputs.render import render_plan

    # Rendered in full before anything is written: no half-written output.
    text = render_plan(result, args.format)
    files, notes = _render_outputs(result, _check_outputs(args), args)
    _write(files, text, notes)
    return EXIT_OK if result.ok else EXIT_NO


def _write(files: dict[str, tuple[str, bytes]], text: str, notes: list[str]) -> None:
    """The files, then the text, then a note for each file not written: never nothing silently."""
    for option, (path, data) in files.items():
        write_atomic(path, data, field=option.split(" ")[0])
    _out(text)
    for note in notes:
        print(terminal_text(f"planner: {note}"), file=sys.stderr)


# --- Output files: --ics, --chart, --report (README: "Calendar files, charts and reports") ---


def _reminders(text: str) -> tuple[int, ...]:
    if text.strip().lower() in ("", "none"):
        return ()
    try:
        days = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of days such as 7,1 (or none)") from None
    if any(not 0 <= d <= 365 for d in days):
        raise argparse.ArgumentTypeError(f"{text!r}: each lead time must be 0 to 365 days")
    return days


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ics", metavar="FILE.ics", help="also write the calendar as an iCalendar file (feasible or compliant plans)")
    p.add_argument("--chart", metavar="FILE.png|FILE.svg", help="also write a timeline chart; the suffix picks the format")
    p.add_argument("--report", metavar="FILE.md|FILE.html", help="also write a report; the suffix picks Markdown or HTML")
    _ics_options(p)


def _ics_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--remind", type=_reminders, default=None, metavar="DAYS",
                   help="reminder lead times in the .ics, days before each deadline (default 7,1; 'none' for no reminders)")
    p.add_argument("--remind-at", type=_remind_at, default="09:00", metavar="HH:MM",
                   help="time of day the .ics reminders fire, in the calendar's own time zone (default 09:00)")


def _remind_at(text: str):
    try:
        return parse_remind_at(text)
    except PlannerError as exc:
        raise argparse.ArgumentTypeError(exc.detail) from None


def _check_outputs(args: argparse.Namespace) -> dict[str, tuple[str, str]]:
    """Option to (path, format), refused before any work when a suffix or
    directory is wrong."""
    from planner.outputs.figures import FIGURE_FORMATS, REPORT_SUFFIXES, check_writable, format_from_suffix

    wanted = {}
    for option, allowed in (("--ics", ("ics",)), ("--chart", FIGURE_FORMATS), ("--report", tuple(REPORT_SUFFIXES))):
        path = getattr(args, option.lstrip("-"), None)
        if path is None:
            continue
        fmt = format_from_suffix(path, allowed, option)
        check_writable(path, option)
        wanted[option] = (path, REPORT_SUFFIXES.get(fmt, fmt))
    return wanted


def _render_outputs(result: "Plan", wanted: dict[str, tuple[str, str]], args: argparse.Namespace):
    """Every requested file's bytes, and a note for each that cannot exist
    (no calendar for an infeasible plan)."""
    if not wanted:
        return {}, []
    from planner.outputs.ics import DEFAULT_REMINDERS, NoCalendarError, to_ics
    from planner.outputs.report import to_report
    from planner.outputs.timeline_chart import to_chart

    files, notes = {}, []
    for option, (path, fmt) in wanted.items():
        try:
            if option == "--ics":
                data = to_ics(result, reminders=DEFAULT_REMINDERS if args.remind is None else args.remind, remind_at=_at(args))
            elif option == "--chart":
                data = to_chart(result, fmt)
            else:
                data = to_report(result, fmt)
        except NoCalendarError as exc:
            notes.append(f"{option} {path} not written: {exc}")
            continue
        files[option] = (path, data)
    return files, notes
def _at(args: argparse.Namespace):
    # argparse applies `type` to a string default too; a Namespace built by hand may hold the text.
    return args.remind_at if not isinstance(args.remind_at, str) else parse_remind_at(args.remind_at)


def _facts(texts: list[str]) -> dict:
    """--fact NAME=VALUE options as a dict (true/false and integers typed)."""
    return dict(_parse_fact(text) for text in texts)


def _changes(args: argparse.Namespace) -> int:
    """`planner adjourn` and `planner special`."""
    from planner.studies.adjournment import adjourn
    from planner.studies.render_changes import render_adjournment, render_special
    from planner.studies.special_meeting import special_meeting

    facts = _facts(args.fact)
    wanted = _check_outputs(args)  # refused before any work
    if args.command == "adjourn":
        result = adjourn(args.scenario, args.to, meeting=args.meeting, dates=args.dates, reason=args.reason,
                         postponed=args.postponed, new_record_date=args.new_record_date, decided=args.decided,
                         facts=facts, holidays=args.holiday)
        text = render_adjournment(result, args.format)
    else:
        result = special_meeting(args.scenario, demand=args.demand, called=args.called, meeting=args.meeting,
                                 facts=facts, holidays=args.holiday)
        text = render_special(result, args.format)
    if result.plan is None:  # an adjournment that needs nothing re-planned has no calendar of its own
        files, notes = {}, [f"--ics {path} not written: nothing to re-plan" for path, _ in wanted.values()]
    else:
        files, notes = _render_outputs(result.plan, wanted, args)
    _write(files, text, notes)
    return EXIT_OK if result.ok else EXIT_NO


def _datemap(args: argparse.Namespace, options: dict) -> int:
    from planner.studies.date_map import date_map, render_map
    from planner.studies.date_map_chart import check_chart_path, save_date_map_chart

    chart = check_chart_path(args.chart) if args.chart else None  # refused before any work
    found = date_map(args.scenario, fixed_date=args.fixed_date.replace("-", "_"), **options)
    text = render_map(found, args.format)
    if chart:
        save_date_map_chart(found, chart)
    _out(text)
    return EXIT_OK if found.feasible_dates() else EXIT_NO


def _plan_years(args: argparse.Namespace) -> int:
    from planner.studies.years import parse_years, plan_years, render_years

    if args.year is not None:
        raise InputError("give --year or --years, not both", field="--years")
    wanted = _check_outputs(args)  # refused before any work
    result = plan_years(args.scenario, parse_years(args.years), holidays=args.holiday, drop=args.drop,
                        incorporation=args.incorporation, listing=args.listing, packs=args.packs, facts=_facts(args.fact))
    text = render_years(result, args.format)
    files, notes = _years_outputs(result, wanted, args)
    _write(files, text, notes)
    return EXIT_OK if result.ok else EXIT_NO


def _years_outputs(result, wanted: dict[str, tuple[str, str]], args: argparse.Namespace):
    """--years: one .ics with every planned cycle; a chart and a report per
    cycle, named FILE-YEAR.svg (the year before the suffix).  A cycle with
    no calendar gets a note, not a file."""
    from pathlib import Path

    files, notes = {}, []
    planned = [c.plan for c in result.cycles if c.plan is not None and c.plan.ok]
    left_out = [str(c.year) for c in result.cycles if c.plan is None or not c.plan.ok]
    for option, (path, fmt) in wanted.items():
        if option == "--ics":
            if planned:
                files[option] = (path, to_ics(planned, reminders=DEFAULT_REMINDERS if args.remind is None else args.remind,
                                                      remind_at=_at(args)))
            if left_out:
                notes.append(f"--ics {path}: " + (f"{', '.join(left_out)} left out (no calendar)" if planned
                                                   else "not written: no year has a calendar"))
            continue
        for cycle in result.cycles:
            target = Path(path).with_name(f"{Path(path).stem}-{cycle.year}{Path(path).suffix}")
            if cycle.plan is None:
                notes.append(f"{option} {target} not written: {cycle.year} was not planned")
                continue
            one, skipped = _render_outputs(cycle.plan, {option: (str(target), fmt)}, args)
            files.update({f"{option} ({cycle.year})": value for value in one.values()})
            notes += skipped
    return files, notes


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from planner.faces.service import create_app
    from planner.faces.token import is_loopback

    from planner.faces.http_guards import allowed_hosts_for, env_allowed_hosts

    token = args.token or os.environ.get("PLANNER_TOKEN") or None
    if not token and not is_loopback(args.host):
        # Beyond this machine the API faces a network: nobody may plan on it (or fill its solve slots) unasked.
        raise InputError(f"listening on {args.host} needs a token: --token or PLANNER_TOKEN", field="--token")
    hosts = allowed_hosts_for(args.host, args.allowed_host or env_allowed_hosts())
    _check_listen(args.host, args.port)
    where = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    print(f"planner: the web app is at {where}" + (" (enter the token when it asks)" if token else ""), file=sys.stderr)
    uvicorn.run(create_app({"solve_in": args.solve_in}, token=token, allowed_hosts=hosts), host=args.host, port=args.port)
    return EXIT_OK


def _check_listen(host: str, port: int) -> None:
    """Refuse an address the server could not listen on, before it starts: uvicorn logs the
    error and exits with its own code 3 (STARTUP_FAILURE), which here means a bug."""
    import socket

    try:
        found = socket.getaddrinfo(host.strip("[]") or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"{host!r} is not an address to listen on: {getattr(exc, 'strerror', None) or exc}",
                         field="--host") from None
    family, kind, proto, _, address = found[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            # As uvicorn binds (SO_REUSEADDR): a port held by a listening server is still refused.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise InputError(f"cannot listen on {host} port {port}: {exc.strerror or exc}", field="--port") from None


def _draft(args: argparse.Namespace) -> int:
    """`planner draft`: the rulebook on stdout, or three files with --out."""
    from pathlib import Path

    from planner.drafting.draft import coverage_counts, draft_document, draft_yaml
    from planner.drafting.report import coverage_markdown
    from planner.drafting.text import read_document

    if args.state is not None and not re.fullmatch(r"[A-Z]{2}", args.state):
        raise InputError(f"{args.state!r} is not a two-letter state code", field="--state")
    path = Path(args.bylaws)
    found = draft_document(read_document(path), path.name, state=args.state, year=args.year)
    if args.out is None:
        sys.stdout.write(draft_yaml(found) if args.format == "yaml" else found.model_dump_json(indent=2) + "\n")
        return EXIT_OK
    out = Path(args.out)
    if out.suffix not in {".yaml", ".yml"}:
        raise InputError("must end in .yaml or .yml", field="--out")
    from planner.outputs.figures import check_writable

    check_writable(str(out), "--out")
    scenario = dict(found.scenario, rulebook=out.name)
    scenario_path = out.with_name(out.stem + ".scenario.yaml")
    coverage_path = out.with_name(out.stem + ".coverage.md")
    # All three made before any is written, each written whole (a temporary file and a rename).
    texts = {out: draft_yaml(found), scenario_path: yaml.safe_dump(scenario, sort_keys=False),
             coverage_path: coverage_markdown(found)}
    for target, text in texts.items():
        write_atomic(target, text, field="--out")
    counts = coverage_counts(found.coverage)
    print(f"{out}: {len(found.rules)} rules drafted, {len(found.questions)} questions")
    print(f"{scenario_path}: scenario skeleton (plan it with: planner plan {scenario_path})")
    print(f"{coverage_path}: {sum(counts.values())} sentences with a time expression: "
          + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items()))
    return EXIT_OK


def _parse_fact(text: str):
    """NAME=VALUE from the command line: true/false and integers as such."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise InputError(f"{text!r} is not NAME=VALUE", field="--fact")
    lowered = value.strip().lower()
    if lowered in ("true", "false"):
        return name.strip(), lowered == "true"
    # "--1", "²" and 5000 digits passed lstrip("-").isdigit() and then failed int() (exit 3): they are
    # text, which the rulebook then refuses as no value of the fact, naming it.
    number = _whole(lowered.removeprefix("-"))
    if number is not None:
        return name.strip(), -number if lowered.startswith("-") else number
    return name.strip(), value.strip()


def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except PlannerError as exc:
        print(terminal_text(f"planner: error: {exc}"), file=sys.stderr)
        from planner.verdicts.solve import SolverTimeout

        if isinstance(exc, SolverTimeout):
            return EXIT_TIMEOUT
        return EXIT_BAD_INPUT if isinstance(exc, ValueError) else EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line unless debugging
        if os.environ.get("PLANNER_DEBUG"):
            raise
        print(terminal_text(f"planner: internal error: {exc.__class__.__name__}: {exc} (set PLANNER_DEBUG=1 for details)"),
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
