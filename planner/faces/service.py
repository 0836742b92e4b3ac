"""The HTTP service: ``plan``, ``check`` and ``explain`` over JSON (FastAPI).

    POST /v1/plan      {"scenario": {...}, "rulebook": {...}?, "year"?, "holidays"?, "drop"?}
    POST /v1/check     the same and "dates": {"events": {...}, "facts": {...}}
    POST /v1/explain   the same and "conflicts" (1..20), "allow_legal"
    POST /v1/whatif    the same and "vary": {field: [values]}, "mode" (plan | screen)
    POST /v1/datemap   the same and "fixed_date" (keep | set_aside)
    POST /v1/years     "scenario", "rulebook"?, "holidays"?, "drop"?, "first" and "last" or "years": "2027-2031"
    POST /v1/adjourn   "scenario", "rulebook"?, "holidays"?, "meeting" or "dates", "to", "postponed", ...
    POST /v1/special   "scenario", "rulebook"?, "holidays"?, "demand" or "called", "meeting"?, "facts"
    POST /v1/export    the same as /v1/plan and "format" (ics | html | md | json | csv): the plan as a file
    GET  /v1/rulebooks, /v1/rulebooks/{name}, /v1/packs, /v1/packs/{name}, /healthz, /openapi.json
    GET  /  the web app;  /docs  Swagger UI (both from packaged files: planner.faces.web)

Responses are the CLI's JSON (``Plan``, ``Explanation``, ``DateMap``, ...), with HTTP 200
whether or not a calendar exists: the ``status`` field says which.  Bad input
is answered 4xx, with ``{"detail": [{"loc": [...], "msg": ...}]}`` naming the
field.  Nothing is read from the server's disk but the bundled rulebooks.

Run it with ``planner serve`` (loopback by default; any other address needs
``--token``) or any ASGI server (``uvicorn planner.faces.service:app``).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any, Callable, Iterable, Literal, TypeVar

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

import base64
import binascii

from planner.drafting.draft import Draft, draft_document
from planner.studies.adjournment import AdjournmentResult, adjourn
from planner.model.dates_file import DatesFile
from planner.faces.http_guards import LOOPBACK_HOSTS, HostCheck, SecurityHeaders, env_allowed_hosts
from planner.model.timeline import Timeline
from planner.verdicts.answers import TimelineVerdict, check_problem, explain_for_problem, plan_problem, timeline_verdict
from planner.studies.date_map import DateMap, date_map
from planner.days.dates import DateExpr, closure_day
from planner.model.documents import Rulebook, Scenario
from planner.errors import DatesFileError, InputError, PlannerError, RulebookError
from planner.faces.exports import ExportFormat, export_plan
from planner.faces.solve_pool import Answered, ProcessSlots, SlotGate
from planner.faces.token import TokenGuard
from planner.faces.web import mount_web
from planner.outputs.ics import NoCalendarError
from planner.verdicts.explanations import EXPLAIN_TIME_LIMIT_S, Explanation
from planner.model.limits import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, MAX_ANCHORS, MAX_EVENTS, MAX_FILE_BYTES, MAX_RULES
from planner.model.loading import bundled_rulebooks, load_rulebook
from planner.model.packs import Pack, bundled_packs, load_pack
from planner.engine.problem import Problem, build_problem
from planner.verdicts.results import Plan
from planner.studies.parallel import run_sweep
from planner.rules.base import FactValue
from planner.verdicts.solve import SolverError
from planner.studies.special_meeting import SpecialMeetingResult, special_meeting
from planner.studies.sweep import Mode, SweepError
from planner.studies.variants import prepare_sweep
from planner.studies.whatif import WhatIf, assemble
from planner.studies.years import MAX_CYCLES, YearsPlan, parse_years, plan_years

__all__ = [
    "Limits", "RequestTimeout", "ScenarioRequest", "PlanRequest", "CheckRequest", "ExplainRequest", "WhatIfRequest",
    "DateMapRequest", "YearsRequest", "AdjournRequest", "SpecialRequest", "ExportRequest", "create_app", "app",
]

# The same pattern as bundled rulebook names (planner.model.loading): no dots, no
# slashes, so a name can only ever reach a file of the bundled folder.
NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_NAME = re.compile(NAME_PATTERN)
_T = TypeVar("_T")


class Limits(BaseModel):
    """What one request may ask of the server."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_body_bytes: int = Field(MAX_FILE_BYTES, ge=1, description="Larger request bodies are refused with 413.")
    max_json_depth: int = Field(50, ge=2, description="Bodies nested deeper are refused with 422.")
    max_rules: int = Field(MAX_RULES, ge=1, le=MAX_RULES, description="Rules of the rulebook and the scenario together.")
    max_events: int = Field(MAX_EVENTS, ge=1, le=MAX_EVENTS, description="Events of the rulebook and the scenario together.")
    max_anchors: int = Field(MAX_ANCHORS, ge=0, le=MAX_ANCHORS, description="Named dates of the rulebook and the scenario together.")
    max_conflicts: int = Field(20, ge=1, description="Most conflicts one explain request may ask for.")
    solve_time_limit_s: float = Field(10.0, gt=0, description=(
        "Cap on the solver's time per request, an explanation's too (503 when reached, except that an explanation "
        "of a scenario found infeasible answers with what it found, its `stopped` saying so)."))
    max_concurrent_solves: int = Field(2, ge=1, description="Solves running at once; others wait their turn.")
    request_timeout_s: float = Field(
        30.0, gt=0, description="Cap on a request's whole time, waiting for a solve slot included (503 when reached)."
    )
    solve_in: Literal["threads", "processes"] = Field(
        "threads", description="Where the solve slots run: worker threads of the server's process (they take turns on "
        "the GIL), or one worker process each (planner.faces.solve_pool; `planner serve` uses processes).",
    )
    max_variants: int = Field(500, ge=1, description="Most variants one what-if request may ask for (422 beyond).")
    body_timeout_s: float = Field(
        10.0, gt=0, description="A request's whole body must arrive within this time (408 beyond): half-sent bodies hold no connection."
    )


# Request bodies ------------------------------------------------------------------------------


def _closure(value: Any) -> Any:
    """A closure as `--holiday` takes it: an ISO date or a yearly date ("December 24")."""
    if isinstance(value, str):
        try:
            return closure_day(value)
        except PlannerError as exc:
            raise ValueError(exc.detail) from None
    return value


Closure = Annotated[date | DateExpr, BeforeValidator(_closure)]


class ScenarioRequest(BaseModel):
    """What every planning request carries: the scenario, its rulebook and extra closures."""

    model_config = ConfigDict(extra="forbid")

    scenario: Scenario = Field(description="A scenario as in the YAML format; its `rulebook` names a bundled rulebook.")
    rulebook: Rulebook | None = Field(None, description="An inline rulebook; if given, the scenario's `rulebook` name is not looked up.")
    holidays: list[Closure] = Field(
        default_factory=list, max_length=1000,
        description="Extra legal non-business days, for every count (`--holiday`): an ISO date, or a yearly date "
        "(\"December 24\") closing that day in every year the plan spans. The company's own go under the "
        "scenario's `office_closures`.",
    )


class PlanRequest(ScenarioRequest):
    year: int | None = Field(None, ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR, description="Plan the scenario for another year (`--year`).")
    drop: list[str] = Field(default_factory=list, max_length=1000, description="Rule ids to plan as waived (`--drop`).")


class CheckRequest(PlanRequest):
    dates: DatesFile = Field(description="The calendar to check: events {id: date} and facts {name: value}.")


class ExplainRequest(PlanRequest):
    conflicts: int = Field(3, ge=1, description="How many distinct conflicts to find (at most 20 by default).")
    allow_legal: bool = Field(False, description="Also propose fixes that relax bylaw or statute rules.")


class WhatIfRequest(PlanRequest):
    vary: dict[str, list[Any]] = Field(
        min_length=1,
        description="Field path (e.g. rules.printing-lead.min_days, facts.notice_waived, year): its values. "
        "Every combination is one variant, the last field varying fastest.",
    )
    mode: Mode = Field("plan", description="plan: a verified plan per variant; screen: feasibility, conflicts and windows, no solver.")


class DateMapRequest(PlanRequest):
    fixed_date: Literal["keep", "set_aside"] = Field(
        "keep", description="keep: a date the bylaws fix stays a rule; set_aside: map the year as if it were free (`--fixed-date`)."
    )


class ExportRequest(PlanRequest):
    format: ExportFormat = Field(description="ics (a calendar file), html or md (the report), json or csv (the plan).")


class YearsRequest(ScenarioRequest):
    drop: list[str] = Field(default_factory=list, max_length=1000, description="Rule ids to plan as waived (`--drop`).")
    first: int | None = Field(None, ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR, description="The first plan year (with `last`).")
    last: int | None = Field(None, ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR, description=f"The last plan year; at most {MAX_CYCLES} years at once.")
    years: str | None = Field(None, max_length=20, description="Instead of first and last: '2027-2031' (`--years`).")


class AdjournRequest(ScenarioRequest):
    meeting: date | None = Field(None, description="The original meeting date (or give `dates`).")
    dates: DatesFile | None = Field(None, description="The calendar planned (a plan's dates), with its meeting.")
    to: date = Field(description="The new date.")
    postponed: bool = Field(False, description="The meeting never convened: a postponement, not an adjournment.")
    reason: Literal["quorum", "other"] = Field("other", description="Why the meeting adjourns (recorded).")
    new_record_date: bool = Field(False, description="The board fixes a new record date even where it need not.")
    decided: date | None = Field(None, description="Postponements: the day of the decision (nothing new before it).")
    facts: dict[str, FactValue] = Field(default_factory=dict, max_length=100, description="Facts of the new calendar (`--fact`).")


class SpecialRequest(ScenarioRequest):
    demand: date | None = Field(None, description="The day the last demand needed arrived (or give `called`).")
    called: date | None = Field(None, description="The day the board or an officer called the meeting.")
    meeting: date | None = Field(None, description="The meeting date wanted (else the planner picks).")
    facts: dict[str, FactValue] = Field(default_factory=dict, max_length=100, description="Facts of the special meeting (`--fact`).")


# Errors --------------------------------------------------------------------------------------


class RequestError(InputError):
    """Bad input found by the service itself, with the field's location in the body."""

    def __init__(self, message: str, loc: list[str | int]):
        super().__init__(message, field=".".join(map(str, loc)))
        self.loc = loc


def _is_path(field: str) -> bool:
    return re.fullmatch(r"[\w-]+(?:\.[\w-]+|\[\d+\])*", field) is not None


def _field_loc(field: str | None) -> list[str | int]:
    """'rules[3].when' -> ['rules', 3, 'when']; anything else stays one part."""
    if not field:
        return []
    if not _is_path(field):
        return [field]
    return [int(i) if i else name for name, i in re.findall(r"([\w-]+)|\[(\d+)\]", field)]


# Command-line options named in the planner's errors, and the body fields that stand for them.
_OPTIONS = {"--drop": "drop", "--years": "years", "--to": "to", "--meeting": "meeting", "--decided": "decided",
            "--reason": "reason", "--demand": "demand", "--fact": "facts"}


def _error_loc(exc: InputError, inline_rulebook: bool) -> list[str | int]:
    """Where in the request body the planner's error belongs."""
    if exc.field in _OPTIONS:
        return ["body", _OPTIONS[exc.field]]
    # The place as keys and indexes when the error carries it; else read from the field's words.
    inner = list(exc.keys) if exc.keys is not None else _field_loc(exc.field)
    if isinstance(exc, DatesFileError):
        return ["body", "dates", *inner]
    if isinstance(exc, RulebookError):
        where = ["body", "rulebook"] if inline_rulebook else ["body", "scenario", "rulebook"]
        return [*where, *(inner if exc.field != "rulebook" else [])]
    return ["body", "scenario", *inner]


def _input_error(exc: InputError) -> dict:
    loc, msg = getattr(exc, "loc", None) or ["body", *_field_loc(exc.field)], exc.detail
    if not _is_path(str(loc[-1])):  # a field that is no path ("date 'x'") heads the message instead
        loc, msg = loc[:-1], f"{loc[-1]}: {msg}"
    return _detail(loc, msg, "planner_input")


def _detail(loc: list[str | int], msg: str, kind: str) -> dict:
    return {"detail": [{"loc": loc, "msg": msg, "type": kind}]}


# Body size and nesting, before anything parses the body ---------------------------------------

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without
    parsing it (so without recursion); strings are skipped."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub(b'""', body)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


# json.loads reads a whole number with int(), which refuses more than 4300 digits (Python's guard
# against quadratic conversion) with a ValueError that FastAPI answered 400 "There was an error
# parsing the body", naming no place. Such a body is refused here, at the number's place.
_MAX_DIGITS = 4300
_LONG_NUMBER = re.compile(rb"[0-9]{%d,}" % (_MAX_DIGITS + 1))


class _LongNumber:
    """A whole number of more than _MAX_DIGITS digits, found where json.loads met it."""


def long_number_loc(body: bytes) -> list[str | int] | None:
    """The place in the body of a whole number of more than 4300 digits, or None if it holds none."""
    if not _LONG_NUMBER.search(_STRING.sub(b'""', body)):
        return None  # the common case: one regular-expression pass, no parsing
    found = _LongNumber()

    def whole(text: str) -> Any:
        return found if len(text.lstrip("-")) > _MAX_DIGITS else int(text)

    try:
        data = json.loads(body, parse_int=whole)
    except ValueError:
        return ["body"]  # malformed as well: the number is still the first thing to say
    stack: list[tuple[Any, list[str | int]]] = [(data, ["body"])]
    while stack:
        node, loc = stack.pop()
        if node is found:
            return loc
        if isinstance(node, dict):
            stack.extend((value, [*loc, key]) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, [*loc, index]) for index, value in enumerate(node))
    return None  # the digits of a float ("1<5000 digits>.5"), which json.loads reads: the model names its field


class _BodyLimits:
    """Pure ASGI middleware: refuse bodies over the size limit (413; by
    Content-Length and by the bytes actually received) and bodies nested
    deeper than the limit (422), then hand the body on to the app."""

    def __init__(self, app, limits: Limits):
        self.app, self.limits = app, limits

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limits.max_body_bytes
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return await _send_json(send, 400, _detail(["header", "content-length"], "not a number", "bad_request"))
            if declared > limit:
                return await _send_json(send, 413, _too_large(limit))
        chunks, size = [], 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.body_timeout_s
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0))
            except TimeoutError:
                return await _send_json(send, 408, _detail(
                    ["body"], f"the body did not arrive within {self.limits.body_timeout_s:g} s", "body_timeout"))
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return await _send_json(send, 413, _too_large(limit))
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            # JSON is UTF-8 (RFC 8259); say where it breaks, as a 422 like any bad input.
            return await _send_json(send, 422, _detail(["body"], f"not UTF-8 at byte {exc.start}", "not_utf8"))
        if body and json_depth(body) > self.limits.max_json_depth:
            return await _send_json(
                send, 422, _detail(["body"], f"JSON nested deeper than {self.limits.max_json_depth} levels", "too_deep")
            )
        loc = long_number_loc(body) if body else None
        if loc is not None:
            return await _send_json(send, 422, _detail(
                loc, f"a number of more than {_MAX_DIGITS} digits; no field takes one", "number_too_long"))
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


def _too_large(limit: int) -> dict:
    return _detail(["body"], f"request body is larger than {limit} bytes", "too_large")


async def _send_json(send, status: int, content: dict) -> None:
    body = json.dumps(content).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# The work, done in a worker thread ----------------------------------------------------------


def _rulebook(request: ScenarioRequest) -> Rulebook:
    """The inline rulebook, or the bundled one the scenario names (never a path)."""
    name = request.scenario.rulebook
    if not _NAME.match(name):
        raise RequestError(
            f"{name!r} is not a bundled rulebook name ({NAME_PATTERN}); the service reads no paths: "
            "send the rulebook inline as 'rulebook'",
            ["body", "scenario", "rulebook"],
        )
    if request.rulebook is not None:
        return request.rulebook
    if name not in bundled_rulebooks():
        raise RequestError(f"unknown rulebook {name!r}; bundled: {', '.join(bundled_rulebooks())}", ["body", "scenario", "rulebook"])
    return load_rulebook(name)


def _inputs(request: ScenarioRequest, limits: Limits) -> tuple[Scenario, Rulebook]:
    """The scenario (its solver time capped) and its rulebook, within the limits."""
    scenario = request.scenario
    for index, name in enumerate(scenario.packs or []):
        if not _NAME.match(name):  # rule packs too: bundled names only, never a path
            raise RequestError(f"{name!r} is not a bundled pack name ({NAME_PATTERN}); the service reads no paths",
                               ["body", "scenario", "packs", index])
    book = _rulebook(request)
    inline = "rulebook" if request.rulebook is not None else "scenario"
    counts = {
        "rules": (len(book.rules), len(scenario.rules), limits.max_rules),
        "events": (len(book.events), len(scenario.events), limits.max_events),
        "anchors": (len(book.anchors), len(scenario.anchors), limits.max_anchors),
    }
    for what, (in_book, in_scenario, most) in counts.items():
        if in_book + in_scenario > most:
            where = ["body", inline, what] if in_book > in_scenario else ["body", "scenario", what]
            raise RequestError(f"{in_book + in_scenario} {what} (rulebook and scenario); the service takes at most {most}", where)
    # The server's cap on solver time holds for every solve of the request.
    capped = min(scenario.time_limit_s, limits.solve_time_limit_s)
    return scenario.model_copy(update={"time_limit_s": capped}), book


def _problem(request: PlanRequest, limits: Limits, given: dict | None = None) -> Problem:
    scenario, book = _inputs(request, limits)
    return build_problem(scenario, year=request.year, holidays=request.holidays, drop=request.drop, rulebook=book,
                         given=given)


def _plan(request: PlanRequest, limits: Limits) -> dict:
    problem = _problem(request, limits)
    return plan_problem(problem, problem.scenario.time_limit_s, _explain_limit(limits)).model_dump(mode="json")


def _explain(request: ExplainRequest, limits: Limits) -> dict:
    if request.conflicts > limits.max_conflicts:
        raise RequestError(f"must be between 1 and {limits.max_conflicts}", ["body", "conflicts"])
    problem = _problem(request, limits)
    why = explain_for_problem(problem, conflicts=request.conflicts, allow_legal=request.allow_legal,
                              time_limit_s=_explain_limit(limits))
    return why.model_dump(mode="json")


def _explain_limit(limits: Limits) -> float:
    """An explanation's time in a request: the solver cap holds for it too,
    so that one stopped at its limit answers with what it found before the
    request's own timeout answers 503 with nothing."""
    return min(EXPLAIN_TIME_LIMIT_S, limits.solve_time_limit_s)


def _check(request: CheckRequest, limits: Limits) -> dict:
    return check_problem(_problem(request, limits, request.dates.events), request.dates).model_dump(mode="json")


def _whatif(request: WhatIfRequest, limits: Limits) -> dict:
    # A thread cannot be stopped from outside: the sweep itself stops at the request's time limit.
    deadline = time.monotonic() + limits.request_timeout_s
    variants = 1
    for values in request.vary.values():
        variants *= max(len(values), 1)
    if variants > limits.max_variants:
        raise RequestError(f"{variants} variants; the service runs at most {limits.max_variants} a request", ["body", "vary"])
    problem = _problem(request, limits)  # the limits on rules, events and anchors, and the capped solver time
    try:
        spec, name, book = prepare_sweep(problem.scenario, request.vary, mode=request.mode, year=request.year,
                                         holidays=request.holidays, drop=request.drop, rulebook=problem.rulebook,
                                         time_cap_s=problem.scenario.time_limit_s)
    except SweepError as exc:
        raise RequestError(exc.detail.removeprefix(f"{exc.path}: ") if exc.path else exc.detail,
                           ["body", "vary", *([exc.path] if exc.path else [])]) from None
    # In this worker thread, one variant after another: a sweep takes one of the solve slots, like any request.
    return assemble(spec, name, book, run_sweep(spec, workers=1, deadline=deadline)).model_dump(mode="json")


def _datemap(request: DateMapRequest, limits: Limits) -> dict:
    scenario, book = _inputs(request, limits)
    found = date_map(scenario, year=request.year, holidays=request.holidays, drop=request.drop,
                     fixed_date=request.fixed_date, rulebook=book)
    return found.model_dump(mode="json")


def _years(request: YearsRequest, limits: Limits) -> dict:
    if request.years is not None:
        if request.first is not None or request.last is not None:
            raise RequestError("give first and last, or years, not both", ["body", "years"])
        years = parse_years(request.years)  # its errors name --years, that is body.years
    elif request.first is None or request.last is None:
        raise RequestError("give first and last (or years, e.g. '2027-2031')", ["body", "first" if request.first is None else "last"])
    elif request.last < request.first:
        raise RequestError(f"must not come before first ({request.first})", ["body", "last"])
    elif request.last - request.first + 1 > MAX_CYCLES:
        raise RequestError(f"{request.last - request.first + 1} years; at most {MAX_CYCLES} at once", ["body", "last"])
    else:
        years = range(request.first, request.last + 1)
    scenario, book = _inputs(request, limits)
    deadline = time.monotonic() + limits.request_timeout_s  # a thread cannot be stopped: the cycles stop themselves
    return plan_years(scenario, years, holidays=request.holidays, drop=request.drop, rulebook=book,
                      deadline=deadline).model_dump(mode="json")


def _facts(facts: dict[str, FactValue], book: Rulebook) -> None:
    """The request's facts: known to the rulebook and of an allowed value."""
    for name, value in facts.items():
        if name not in book.facts:
            raise RequestError(f"unknown fact; rulebook {book.id} has {sorted(book.facts)}", ["body", "facts", name])
        if value not in book.facts[name].values:
            raise RequestError(f"{value!r} is not one of {book.facts[name].values}", ["body", "facts", name])


def _adjourn(request: AdjournRequest, limits: Limits) -> dict:
    scenario, book = _inputs(request, limits)
    _facts(request.facts, book)
    result = adjourn(scenario, request.to, meeting=request.meeting, dates=request.dates, reason=request.reason,
                     postponed=request.postponed, new_record_date=request.new_record_date, decided=request.decided,
                     facts=request.facts, holidays=request.holidays, time_limit_s=scenario.time_limit_s, rulebook=book)
    return result.model_dump(mode="json")


def _special(request: SpecialRequest, limits: Limits) -> dict:
    scenario, book = _inputs(request, limits)
    _facts(request.facts, book)
    result = special_meeting(scenario, demand=request.demand, called=request.called, meeting=request.meeting,
                             facts=request.facts, holidays=request.holidays, time_limit_s=scenario.time_limit_s,
                             rulebook=book)
    return result.model_dump(mode="json")


def _export(request: ExportRequest, limits: Limits) -> tuple[bytes, str, str]:
    plan = _plan(request, limits)
    try:
        return export_plan(Plan.model_validate(plan), request.format)
    except NoCalendarError as exc:
        raise RequestError(str(exc), ["body", "format"]) from None


def _located(work: Callable[[Any, Limits], _T], request: ScenarioRequest, limits: Limits) -> _T:
    """Run `work`; an input error learns where in the body it belongs."""
    try:
        return work(request, limits)
    except RequestError:
        raise
    except InputError as exc:
        exc.loc = _error_loc(exc, request.rulebook is not None)
        raise


# The application -----------------------------------------------------------------------------


class RequestTimeout(PlannerError):
    """A request ran past the server's overall time limit."""


def _answer_error(exc: BaseException) -> tuple[int, Any, dict[str, str]]:
    """The HTTP answer an error of the work calls for: (status, JSON content, headers)."""
    if isinstance(exc, InputError):
        return 422, _input_error(exc), {}
    if isinstance(exc, SolverError):
        return 503, {"detail": f"the solver gave no answer in time: {exc}"}, {}
    if isinstance(exc, RequestTimeout):
        return 503, {"detail": str(exc)}, {"Retry-After": "5"}
    return 500, {"detail": "internal error"}, {}


def _rendered(fn: Callable[..., Any], *args: Any) -> bytes:
    """`fn(*args)` rendered as the JSON answer's body, in a worker process:
    bytes cross the pipe, and the server does not encode them again."""
    return JSONResponse(fn(*args)).body


def _warm() -> None:
    """A new worker process loads what a plan needs before its first request."""
    import planner.studies.variants  # noqa: F401  (and with it the engine, the checker, the explanations)

    try:
        from ortools.sat.python import cp_model  # noqa: F401  (half a second: not on a request's time)
    except ImportError:  # pragma: no cover - a planner without CP-SAT plans without it
        pass


class _Solves:
    """At most n solves at once, each in a worker thread, so the event loop
    stays free."""

    def __init__(self, n: int, timeout_s: float):
        self.n, self.timeout_s = n, timeout_s
        self._gate = SlotGate(n, timeout_s, RequestTimeout)

    async def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """`fn(*args)` in a worker thread, answered within the request timeout.

        A thread cannot be stopped, so on timeout the work keeps its slot
        until it ends (the solver's own time cap bounds it): the number of
        solves running never exceeds n, whatever the clients do."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        semaphore = await self._gate.enter()
        try:
            work = asyncio.ensure_future(asyncio.to_thread(fn, *args))
        except BaseException:
            semaphore.release()
            raise
        work.add_done_callback(lambda _: semaphore.release())
        try:
            return await asyncio.wait_for(asyncio.shield(work), max(deadline - loop.time(), 0))
        except TimeoutError:
            # Retrieve the abandoned result later so that its errors are not logged as unhandled.
            work.add_done_callback(lambda done: done.cancelled() or done.exception())
            raise RequestTimeout(f"no answer within the request limit of {self.timeout_s:g} s") from None


async def _json_answer(solves: _Solves | ProcessSlots, work: Callable[..., Any], *args: Any) -> Response:
    """The work's JSON answer: encoded in the worker process when there is one."""
    if isinstance(solves, ProcessSlots):
        return Response(await solves.run(_rendered, work, *args), media_type="application/json")
    return JSONResponse(await solves.run(work, *args))


def _endpoint(solves: _Solves | ProcessSlots, limits: Limits, body: type[BaseModel], work: str):
    async def endpoint(request) -> Response:
        # The work is looked up when called, so that it can be replaced (tests do; in a
        # worker process it must then be a module-level function, pickled by name).
        return await _json_answer(solves, _located, globals()[work], request, limits)

    # FastAPI reads the body's model from the annotation.
    endpoint.__annotations__ = {"request": body, "return": JSONResponse}
    endpoint.__name__ = work.lstrip("_")
    return endpoint


class TimelinesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    timelines: list[Timeline] = Field(min_length=1, max_length=500,
                                      description="Each: company, state, listing, kind, record_date, mailing_date, meeting_date.")


class TimelinesAnswer(BaseModel):
    verdicts: list[TimelineVerdict]


def _timelines(request: TimelinesRequest, limits: Limits) -> dict:
    return TimelinesAnswer(verdicts=[timeline_verdict(t) for t in request.timelines]).model_dump(mode="json")


# path, request body, answer, work, description (the OpenAPI's).
_ENDPOINTS = [
    ("/v1/plan", PlanRequest, Plan, "_plan",
     "A verified calendar, or (still 200, status infeasible) the rules in conflict and the fixes."),
    ("/v1/check", CheckRequest, Plan, "_check",
     "Check a calendar you already have against every rule (status compliant or non_compliant)."),
    ("/v1/whatif", WhatIfRequest, WhatIf, "_whatif",
     "A grid of variants of the scenario, one row each: the JSON of `planner whatif --format json`."),
    ("/v1/explain", ExplainRequest, Explanation, "_explain",
     "Conflicts and the smallest fixes; for a feasible scenario, each event's window."),
    ("/v1/datemap", DateMapRequest, DateMap, "_datemap",
     "Every day of the year as the meeting date: feasible, or the rules that block it (`planner datemap`)."),
    ("/v1/years", YearsRequest, YearsPlan, "_years",
     "Several annual cycles in order, each taking its linked dates from the year before (`planner plan --years`)."),
    ("/v1/adjourn", AdjournRequest, AdjournmentResult, "_adjourn",
     "What moving a meeting to a new date requires, and the re-planned calendar (`planner adjourn`)."),
    ("/v1/special", SpecialRequest, SpecialMeetingResult, "_special",
     "The calendar of a special meeting from the day it was demanded or called (`planner special`)."),
    ("/v1/timelines", TimelinesRequest, TimelinesAnswer, "_timelines",
     "Published timelines (record, mailing and meeting dates) checked against their state's and listing's law "
     "alone, no rulebook: one verdict each (`planner check --timelines`)."),
]


class DraftRequest(BaseModel):
    """A bylaws document to draft from: its text, or its file's bytes in base64 (PDF, Word)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, pattern=r"^[^/\\]+$",
                      description="The document's file name; its extension gives the format (.txt, .md, .htm, .pdf, .docx ...).")
    text: str | None = Field(None, description="The document as text (.txt, .md, .htm, .html, .docbook, .jsx).")
    content_base64: str | None = Field(None, description="The file's bytes, base64 (any format, and the only way for .pdf and .docx).")
    state: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="State whose holidays apply (else read from the text).")
    # The plan years (1900 made a skeleton scenario that no plan reads).
    year: int | None = Field(None, ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR,
                             description="Year of the scenario skeleton (default: next year).")


def _draft(request: DraftRequest) -> dict:
    if (request.text is None) == (request.content_base64 is None):
        raise RequestError("give text or content_base64, one of them", ["body", "text"])
    if request.text is not None:
        data = request.text.encode("utf-8")
    else:
        try:
            data = base64.b64decode(request.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise RequestError(f"not base64: {exc}", ["body", "content_base64"]) from None
    return draft_document(data, request.name, state=request.state, year=request.year).model_dump(mode="json")


def _bundled_routes(app: FastAPI, kind: str, model: type[BaseModel], names: Callable[[], list[str]], load) -> None:
    """GET /v1/{kind}s (the bundled names) and /v1/{kind}s/{name} (one, as JSON; it can be sent back inline)."""

    async def listing() -> list[str]:
        return names()

    async def one(name: str) -> JSONResponse:
        if not _NAME.match(name) or name not in names():
            return JSONResponse({"detail": f"no bundled {kind} {name!r}"}, status_code=404)
        found = await run_in_threadpool(load, name)
        return JSONResponse(found.model_dump(mode="json"))

    listing.__name__, one.__name__ = f"{kind}s", kind
    app.get(f"/v1/{kind}s", tags=[f"{kind}s"], response_model=list[str], description=f"The bundled {kind}s' names.")(listing)
    app.get(f"/v1/{kind}s/{{name}}", tags=[f"{kind}s"], response_model=model,
            description=f"One bundled {kind}, as JSON, each rule with its citation.",
            responses={404: {"description": f"No bundled {kind} of that name"}})(one)


def create_app(limits: Limits | dict | None = None, token: str | None = None, *,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """A new application with these limits (the defaults of `Limits` if none);
    with a token, every /v1/ request must carry it (Authorization: Bearer);
    answering requests whose Host is one of `allowed_hosts` ('*' or None: any;
    see planner.faces.http_guards)."""
    limits = limits if isinstance(limits, Limits) else Limits.model_validate(limits or {})
    solves: _Solves | ProcessSlots
    if limits.solve_in == "processes":
        solves = ProcessSlots(limits.max_concurrent_solves, limits.request_timeout_s, _answer_error, RequestTimeout,
                              warm=_warm)
    else:
        solves = _Solves(limits.max_concurrent_solves, limits.request_timeout_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Worker processes start with the server (not on the first request) and end with it.
        if isinstance(solves, ProcessSlots):
            await asyncio.get_running_loop().run_in_executor(None, solves.start)
        try:
            yield
        finally:
            if isinstance(solves, ProcessSlots):
                await asyncio.get_running_loop().run_in_executor(None, solves.close)

    app = FastAPI(
        lifespan=lifespan,
        title="Meeting calendar planner",
        version="1",
        description="Plan corporate meeting calendars under bylaws timing rules. "
        "Responses are the `planner` command's JSON.",
        # /docs is served from packaged assets by mount_web (FastAPI's own loads from a CDN); no ReDoc.
        docs_url=None,
        redoc_url=None,
    )
    app.state.limits = limits
    app.state.solves = solves
    app.add_middleware(_BodyLimits, limits=limits)

    async def draft(request: DraftRequest) -> Response:
        return await _json_answer(solves, _draft, request)

    app.post("/v1/draft", response_model=Draft, tags=["draft"],
             description="A draft rulebook from a bylaws document, with quotes, questions, coverage and a scenario "
             "skeleton (`planner draft --format json`). Same body size limit as every route.")(draft)
    # Added last, run first: a wrong Host is refused before anything, then a missing token before the body is
    # read; every answer, refusals included, carries the security headers.
    if token:
        app.add_middleware(TokenGuard, token=token)
    app.state.allowed_hosts = tuple(allowed_hosts or ("*",))
    app.add_middleware(HostCheck, allowed=app.state.allowed_hosts)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's shape without echoing the input back.
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(PlannerError)
    async def _planner_error(request: Request, exc: PlannerError) -> JSONResponse:
        status, content, headers = _answer_error(exc)
        return JSONResponse(content, status_code=status, headers=headers or None)

    @app.exception_handler(Answered)
    async def _answered(request: Request, exc: Answered) -> JSONResponse:
        # An error in a worker process, answered there (planner.faces.solve_pool).
        return JSONResponse(exc.content, status_code=exc.status, headers=exc.headers or None)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": "internal error"}, status_code=500)

    @app.get("/healthz", tags=["service"])
    async def healthz() -> dict:
        return {"status": "ok"}

    # The bundled documents, by name only: a name can never reach outside their folders.
    for kind, model, names, load in (("rulebook", Rulebook, bundled_rulebooks, load_rulebook),
                                     ("pack", Pack, bundled_packs, load_pack)):
        _bundled_routes(app, kind, model, names, load)

    # The POST endpoints: each runs its work off the event loop, bounded and timed (see _Solves).
    for path, body, answer, work, doc in _ENDPOINTS:
        app.post(path, tags=["planner"], response_model=answer, description=doc, name=work.lstrip("_"))(
            _endpoint(solves, limits, body, work)
        )

    @app.post("/v1/export", tags=["planner"], response_class=Response, name="export",
              responses={200: {"content": {m: {} for m in ("text/calendar", "text/html", "text/markdown", "application/json", "text/csv")},
                               "description": "The file, as an attachment"}},
              description="The plan as a file: .ics (feasible plans only; 422 otherwise), the HTML or Markdown report, JSON or CSV.")
    async def export(request: ExportRequest) -> Response:
        data, media, name = await solves.run(_located, _export, request, limits)
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    mount_web(app)  # the web app at / and Swagger UI at /docs
    return app


# `uvicorn planner.faces.service:app` binds to loopback by default: the
# loopback names, unless PLANNER_ALLOWED_HOSTS says otherwise.
app = create_app(allowed_hosts=env_allowed_hosts() or LOOPBACK_HOSTS)
