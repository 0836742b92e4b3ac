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

from .api import DatesFile, check, explain, plan
from .date_map import DateMap
from .years import YearsPlan
from .documents import Rulebook, Scenario
from .explanations import Explanation
from .results import Plan
from .errors import InputError, PlannerError
from .loading import bundled_rulebooks, load_rulebook
from .render import render_explanation, render_plan, render_rulebook

__all__ = ["main"]

EXIT_OK, EXIT_NO, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
SCHEMAS = {"rulebook": Rulebook, "scenario": Scenario, "plan": Plan, "dates": DatesFile, "explanation": Explanation}
SCHEMAS.update({"datemap": DateMap, "years": YearsPlan})  # planner datemap, planner plan --years


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


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

    def common(p: argparse.ArgumentParser, formats=("table", "json", "csv")) -> None:
        p.add_argument("scenario", help="scenario YAML file")
        p.add_argument("--year", type=_year, help="plan the same scenario for another year")
        p.add_argument("--holiday", type=_iso_date, action="append", default=[], metavar="YYYY-MM-DD",
                       help="add a closure (not a business day); repeatable")
        p.add_argument("--drop", action="append", default=[], metavar="RULE_ID", help="plan as if this rule were waived; repeatable")
        p.add_argument("--format", choices=list(formats), default="table")

    p_plan = sub.add_parser("plan", help="solve a scenario into a dated, verified calendar")
    common(p_plan)
    p_plan.add_argument("--years", metavar="FIRST-LAST",
                        help="plan consecutive annual cycles, each after the one before (e.g. 2027-2031)")
    p_check = sub.add_parser("check", help="check a calendar you already have")
    common(p_check)
    p_check.add_argument("--dates", required=True, help="YAML/JSON file: events: {id: date}, facts: {...}")
    p_explain = sub.add_parser("explain", help="why no calendar exists and the smallest fix; or each event's window")
    common(p_explain, formats=("table", "json"))
    p_explain.add_argument("--conflicts", type=int, default=3, metavar="N", help="how many distinct conflicts to find (default 3)")
    p_explain.add_argument("--allow-legal", action="store_true", help="also propose fixes that relax bylaw or statute rules")
    # --- date maps (planner.date_map, planner.date_map_chart) ---
    p_map = sub.add_parser("datemap", help="every day of a year as the meeting date: feasible or the rule that blocks it")
    common(p_map, formats=("table", "csv", "json", "markdown"))
    p_map.add_argument("--chart", metavar="FILE.png|FILE.svg", help="also draw the calendar heat-map to this file")
    p_map.add_argument("--fixed-date", choices=["keep", "set-aside"], default="keep",
                       help="keep the bylaws' own meeting date (default) or set it aside (see README)")
    p_schema = sub.add_parser("schema", help="print the JSON Schema of a file format")
    p_schema.add_argument("format_name", choices=list(SCHEMAS))
    p_rules = sub.add_parser("rules", help="list a rulebook's rules with citations")
    p_rules.add_argument("rulebook", nargs="?", help="bundled name or YAML path")
    p_rules.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p_serve = sub.add_parser("serve", help="run the HTTP service (see README, \"HTTP service\")")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p_serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    return parser


def run(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        sys.stdout.write(json.dumps(SCHEMAS[args.format_name].model_json_schema(), indent=2) + "\n")
        return EXIT_OK
    if args.command == "serve":
        import uvicorn

        uvicorn.run("planner.service:app", host=args.host, port=args.port)
        return EXIT_OK
    if args.command == "rules":
        if not args.rulebook:
            sys.stdout.write("\n".join(bundled_rulebooks()) + "\n")
            return EXIT_OK
        sys.stdout.write(render_rulebook(load_rulebook(args.rulebook), args.format))
        return EXIT_OK
    options = dict(year=args.year, holidays=args.holiday, drop=args.drop)
    if args.command == "datemap":
        return _datemap(args, options)
    if args.command == "plan" and args.years:
        return _plan_years(args)
    if args.command == "explain":
        if not 1 <= args.conflicts <= 20:
            raise InputError("must be between 1 and 20", field="--conflicts")
        why = explain(args.scenario, conflicts=args.conflicts, allow_legal=args.allow_legal, **options)
        sys.stdout.write(render_explanation(why, args.format))
        return EXIT_OK if why.status == "feasible" else EXIT_NO
    result = plan(args.scenario, **options) if args.command == "plan" else check(args.scenario, args.dates, **options)
    # Rendered in full before anything is written: no half-written output.
    text = render_plan(result, args.format)
    sys.stdout.write(text)
    return EXIT_OK if result.ok else EXIT_NO


def _datemap(args: argparse.Namespace, options: dict) -> int:
    from .date_map import date_map, render_map
    from .date_map_chart import check_chart_path, save_date_map_chart

    chart = check_chart_path(args.chart) if args.chart else None  # refused before any work
    found = date_map(args.scenario, fixed_date=args.fixed_date.replace("-", "_"), **options)
    text = render_map(found, args.format)
    if chart:
        save_date_map_chart(found, chart)
    sys.stdout.write(text)
    return EXIT_OK if found.feasible_dates() else EXIT_NO


def _plan_years(args: argparse.Namespace) -> int:
    from .years import parse_years, plan_years, render_years

    if args.year is not None:
        raise InputError("give --year or --years, not both", field="--years")
    result = plan_years(args.scenario, parse_years(args.years), holidays=args.holiday, drop=args.drop)
    sys.stdout.write(render_years(result, args.format))
    return EXIT_OK if result.ok else EXIT_NO


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
