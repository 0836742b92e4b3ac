"""The ``planner`` command: plan, check, rules.

Exit codes: 0 feasible or compliant, 1 infeasible or non-compliant, 2 bad
input (one line naming the file and the field, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from planner.studies.adjournment import AdjournmentResult
from planner.faces.api import DatesFile, check, explain, plan
from planner.studies.special_meeting import SpecialMeetingResult
from planner.studies.date_map import DateMap
from planner.studies.years import YearsPlan
from planner.model.documents import Rulebook, Scenario
from planner.verdicts.explanations import Explanation
from planner.verdicts.results import Plan
from planner.errors import InputError, PlannerError
from planner.model.loading import bundled_rulebooks, load_rulebook
# icalendar, Jinja2 and matplotlib load only when a file is asked for.
from planner.outputs.figures import FIGURE_FORMATS, check_writable, format_from_suffix, write_atomic
from planner.outputs.ics import DEFAULT_REMINDERS, NoCalendarError, parse_remind_at, to_ics
from planner.outputs.report import REPORT_SUFFIXES, to_report
from planner.outputs.timeline_chart import to_chart
from planner.studies.sweep import Sweep
from planner.studies.whatif import WhatIf
from planner.model.packs import Pack, bundled_packs, load_pack
from planner.outputs.render import render_explanation, render_pack, render_pack_list, render_plan, render_rulebook

__all__ = ["main"]

EXIT_OK, EXIT_NO, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
SCHEMAS = {
    "rulebook": Rulebook, "scenario": Scenario, "plan": Plan, "dates": DatesFile, "explanation": Explanation,
    "adjournment": AdjournmentResult, "special": SpecialMeetingResult, "datemap": DateMap, "years": YearsPlan,
    "sweep": Sweep, "whatif": WhatIf, "pack": Pack,
}


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _holiday(text: str):
    """--holiday: an ISO date, or a yearly date ("December 24") resolved in the plan year."""
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
    if not 1900 <= value <= 2200:
        raise argparse.ArgumentTypeError(f"{value} is outside 1900..2200")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is outside 0..65535")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planner", description="Plan corporate meeting calendars under bylaws timing rules.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, formats=("table", "json", "csv"), layers: bool = True) -> None:
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
    p_check = sub.add_parser("check", help="check a calendar you already have")
    common(p_check)
    _output_options(p_check)
    p_check.add_argument("--dates", required=True, help="YAML/JSON file: events: {id: date}, facts: {...}")
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
    p_serve = sub.add_parser("serve", help="run the HTTP service (see README, \"HTTP service\")")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p_serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    return parser


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

    result = whatif(
        args.scenario, args.vary, mode=args.mode, workers=args.workers or available_cores(), dask=args.dask,
        year=args.year, holidays=args.holiday, drop=args.drop, progress=not args.quiet and sys.stderr.isatty(),
    )
    sys.stdout.write(render_whatif(result, args.format))  # rendered in full first
    return EXIT_OK


def run(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "whatif":
        return _whatif(args)
    if args.command == "schema":
        sys.stdout.write(json.dumps(SCHEMAS[args.format_name].model_json_schema(), indent=2) + "\n")
        return EXIT_OK
    if args.command == "serve":
        import uvicorn

        uvicorn.run("planner.faces.service:app", host=args.host, port=args.port)
        return EXIT_OK
    if args.command == "rules":
        if not args.rulebook:
            sys.stdout.write("\n".join(bundled_rulebooks()) + "\n")
            return EXIT_OK
        sys.stdout.write(render_rulebook(load_rulebook(args.rulebook), args.format))
        return EXIT_OK
    if args.command in ("adjourn", "special"):
        return _changes(args)
    if args.command == "datemap":
        return _datemap(args, dict(year=args.year, holidays=args.holiday, drop=args.drop))
    if args.command == "plan" and args.years:
        return _plan_years(args)
    if args.command == "packs":
        if not args.pack:
            sys.stdout.write(render_pack_list([load_pack(name) for name in bundled_packs()]))
            return EXIT_OK
        sys.stdout.write(render_pack(load_pack(args.pack), args.format))
        return EXIT_OK
    options = dict(year=args.year, holidays=args.holiday, drop=args.drop, facts=_facts(args.fact),
                   incorporation=args.incorporation, listing=args.listing, packs=args.packs)
    if args.command == "explain":
        if not 1 <= args.conflicts <= 20:
            raise InputError("must be between 1 and 20", field="--conflicts")
        why = explain(args.scenario, conflicts=args.conflicts, allow_legal=args.allow_legal, **options)
        sys.stdout.write(render_explanation(why, args.format))
        return EXIT_OK if why.status == "feasible" else EXIT_NO
    wanted = _check_outputs(args)
    result = plan(args.scenario, **options) if args.command == "plan" else check(args.scenario, args.dates, **options)
    # Rendered in full before anything is written: no half-written output.
    text = render_plan(result, args.format)
    files, notes = _render_outputs(result, wanted, args)
    _write(files, text, notes)
    return EXIT_OK if result.ok else EXIT_NO


def _write(files: dict[str, tuple[str, bytes]], text: str, notes: list[str]) -> None:
    """The files, then the text, then a note for each file not written: never nothing silently."""
    for option, (path, data) in files.items():
        write_atomic(path, data, field=option.split(" ")[0])
    sys.stdout.write(text)
    for note in notes:
        print(f"planner: {note}", file=sys.stderr)


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
    p.add_argument("--remind", type=_reminders, default=DEFAULT_REMINDERS, metavar="DAYS",
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
    wanted = {}
    for option, allowed in (("--ics", ("ics",)), ("--chart", FIGURE_FORMATS), ("--report", tuple(REPORT_SUFFIXES))):
        path = getattr(args, option.lstrip("-"), None)
        if path is None:
            continue
        fmt = format_from_suffix(path, allowed, option)
        check_writable(path, option)
        wanted[option] = (path, REPORT_SUFFIXES.get(fmt, fmt))
    return wanted


def _render_outputs(result: Plan, wanted: dict[str, tuple[str, str]], args: argparse.Namespace):
    """Every requested file's bytes, and a note for each that cannot exist
    (no calendar for an infeasible plan)."""
    files, notes = {}, []
    for option, (path, fmt) in wanted.items():
        try:
            if option == "--ics":
                data = to_ics(result, reminders=args.remind, remind_at=_at(args))
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
    from planner.studies.derived import parse_fact

    return dict(parse_fact(text) for text in texts)


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
    sys.stdout.write(text)
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
                files[option] = (path, to_ics(planned, reminders=args.remind, remind_at=_at(args)))
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


def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except PlannerError as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT if isinstance(exc, ValueError) else EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line unless debugging
        if os.environ.get("PLANNER_DEBUG"):
            raise
        print(f"planner: internal error: {exc.__class__.__name__}: {exc} (set PLANNER_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
