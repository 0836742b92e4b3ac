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
from .documents import Rulebook, Scenario
from .explanations import Explanation
from .results import Plan
from .errors import InputError, PlannerError
from .loading import bundled_rulebooks, load_rulebook
from .packs import Pack, bundled_packs, load_pack
from .render import render_explanation, render_pack, render_pack_list, render_plan, render_rulebook

__all__ = ["main"]

EXIT_OK, EXIT_NO, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
SCHEMAS = {"rulebook": Rulebook, "scenario": Scenario, "plan": Plan, "dates": DatesFile, "explanation": Explanation, "pack": Pack}


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
        # Statute and securities overlays: layer rule packs without editing the scenario.
        p.add_argument("--incorporation", metavar="XX", help="state of incorporation (its statute pack applies), e.g. DE")
        p.add_argument("--listing", choices=["none", "nyse", "nasdaq"], help="exchange listing (adds the SEC and exchange packs)")
        p.add_argument("--pack", action="append", metavar="PACK", dest="packs",
                       help="use exactly these packs (bundled name or .yaml path); repeatable")

    p_plan = sub.add_parser("plan", help="solve a scenario into a dated, verified calendar")
    common(p_plan)
    p_check = sub.add_parser("check", help="check a calendar you already have")
    common(p_check)
    p_check.add_argument("--dates", required=True, help="YAML/JSON file: events: {id: date}, facts: {...}")
    p_explain = sub.add_parser("explain", help="why no calendar exists and the smallest fix; or each event's window")
    common(p_explain, formats=("table", "json"))
    p_explain.add_argument("--conflicts", type=int, default=3, metavar="N", help="how many distinct conflicts to find (default 3)")
    p_explain.add_argument("--allow-legal", action="store_true", help="also propose fixes that relax bylaw or statute rules")
    p_schema = sub.add_parser("schema", help="print the JSON Schema of a file format")
    p_schema.add_argument("format_name", choices=list(SCHEMAS))
    p_rules = sub.add_parser("rules", help="list a rulebook's rules with citations")
    p_rules.add_argument("rulebook", nargs="?", help="bundled name or YAML path")
    p_rules.add_argument("--format", choices=["table", "json", "csv"], default="table")
    # Statute and securities overlays (rule packs).
    p_packs = sub.add_parser("packs", help="list the rule packs (statute, SEC, exchange), or one pack's rules with citations")
    p_packs.add_argument("pack", nargs="?", help="bundled pack name or YAML path")
    p_packs.add_argument("--format", choices=["table", "json", "csv"], default="table")
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
    if args.command == "packs":
        if not args.pack:
            sys.stdout.write(render_pack_list([load_pack(name) for name in bundled_packs()]))
            return EXIT_OK
        sys.stdout.write(render_pack(load_pack(args.pack), args.format))
        return EXIT_OK
    options = dict(year=args.year, holidays=args.holiday, drop=args.drop,
                   incorporation=args.incorporation, listing=args.listing, packs=args.packs)
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
