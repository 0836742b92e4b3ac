"""The HTTP service: the same JSON as the CLI and the Python API, and a 4xx
(never a 500) for anything a client can send."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
from datetime import date
from functools import lru_cache
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from tests.helpers import errors, seed
import planner.verdicts.answers as planner_api  # the service solves through the Python API
import planner.faces.service as service
from planner.faces import cli
from planner.faces.service import Limits, create_app, json_depth
from planner.verdicts.solve import SolverError

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
INFEASIBLE = ROOT / "scenarios" / "williams-natural-gas-infeasible-printing.yaml"





# Same answers as the Python API --------------------------------------------------------------


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_plan_of_each_seed_scenario_posted_inline_is_the_cli_json(client, path):
    response = client.post("/v1/plan", json={"scenario": seed(path)})
    assert response.status_code == 200
    assert response.json() == planner.plan(path).model_dump(mode="json")


def test_infeasible_scenario_is_200_with_its_conflicts(client):
    data = client.post("/v1/plan", json={"scenario": seed(INFEASIBLE)}).json()
    assert data["status"] == "infeasible"
    assert data["conflicts"] == [["notice-window", "record-date-window", "printing-lead"]]
    assert data["explanation"]["conflicts"][0]["days_short"] == 5


def test_options_year_holidays_drop_are_those_of_the_api(client):
    body = {"scenario": seed(INFEASIBLE), "year": 2030, "holidays": ["2030-04-24"], "drop": ["printing-lead"]}
    response = client.post("/v1/plan", json=body)
    expected = planner.plan(INFEASIBLE, year=2030, holidays=[date(2030, 4, 24)], drop=["printing-lead"])
    assert response.json() == expected.model_dump(mode="json")
    assert response.json()["status"] == "feasible"


def test_a_yearly_holiday_is_taken_as_the_command_line_takes_it(client):
    # A yearly date closes that day in every year the plan spans, as --holiday does: here the
    # day the 2028 notice would go out (Tuesday March 28).
    body = {"scenario": seed(WILLIAMS), "year": 2028, "holidays": ["last Tuesday of March", "2028-04-19"]}
    response = client.post("/v1/plan", json=body)
    expected = planner.plan(WILLIAMS, year=2028, holidays=["last Tuesday of March", date(2028, 4, 19)])
    assert response.status_code == 200 and response.json() == expected.model_dump(mode="json")
    assert response.json() != client.post("/v1/plan", json={"scenario": seed(WILLIAMS), "year": 2028}).json()


def test_inline_rulebook_gives_the_same_plan_as_the_bundled_one(client):
    book = client.get("/v1/rulebooks/williams-natural-gas").json()
    inline = client.post("/v1/plan", json={"scenario": seed(WILLIAMS), "rulebook": book})
    assert inline.status_code == 200
    assert inline.json() == client.post("/v1/plan", json={"scenario": seed(WILLIAMS)}).json()


def test_check_round_trip(client):
    planned = client.post("/v1/plan", json={"scenario": seed(WILLIAMS)}).json()
    dates = {"events": {e["id"]: e["date"] for e in planned["events"]}, "facts": planned["facts"]}
    checked = client.post("/v1/check", json={"scenario": seed(WILLIAMS), "dates": dates})
    assert checked.status_code == 200
    assert checked.json() == planner.check(WILLIAMS, dates).model_dump(mode="json")
    assert checked.json()["status"] == "compliant"
    # A plan's own events list is accepted too; a date one day late breaks the meeting rule.
    late = {"events": planned["events"], "facts": planned["facts"]}
    meeting = next(e for e in late["events"] if e["id"] == "meeting")
    meeting["date"] = "2027-04-29"
    broken = client.post("/v1/check", json={"scenario": seed(WILLIAMS), "dates": late}).json()
    assert broken["status"] == "non_compliant"
    assert next(r for r in broken["rules"] if r["id"] == "annual-meeting-date")["status"] == "violated"


def test_check_reports_an_event_no_rule_uses_as_unused(client):
    body = {"scenario": seed(WILLIAMS), "dates": {"events": {"party": "2027-04-01", "meting": "2027-04-28"}}}
    response = client.post("/v1/check", json=body)
    assert response.status_code == 200
    checked = response.json()
    assert checked["unused"] == ["meting", "party"]
    assert any("meting" in w and "did you mean meeting" in w for w in checked["warnings"])


def test_explain_infeasible_and_feasible(client):
    why = client.post("/v1/explain", json={"scenario": seed(INFEASIBLE), "conflicts": 2, "allow_legal": True})
    assert why.status_code == 200
    expected = planner.explain(INFEASIBLE, conflicts=2, allow_legal=True)
    assert why.json() == expected.model_dump(mode="json")
    assert why.json()["conflicts"][0]["days_short"] == 5
    windows = client.post("/v1/explain", json={"scenario": seed(WILLIAMS)}).json()
    assert windows == planner.explain(WILLIAMS).model_dump(mode="json")
    assert windows["status"] == "feasible" and windows["windows"]["meeting"] == ["2027-04-28", "2027-04-28"]


def test_explain_conflicts_must_be_1_to_20(client):
    for count in (0, 21):
        response = client.post("/v1/explain", json={"scenario": seed(INFEASIBLE), "conflicts": count})
        assert response.status_code == 422
        assert errors(response)[0]["loc"] == ["body", "conflicts"]


# Rulebooks, health, OpenAPI ------------------------------------------------------------------


def test_rulebooks_list_and_one_rulebook(client):
    names = client.get("/v1/rulebooks").json()
    assert names == planner.bundled_rulebooks() and "williams-natural-gas" in names
    book = client.get("/v1/rulebooks/williams-natural-gas")
    assert book.status_code == 200
    assert book.json() == planner.load_rulebook("williams-natural-gas").model_dump(mode="json")
    assert book.json()["id"] == "williams-natural-gas"


@pytest.mark.parametrize("name", [
    "no-such-book",
    "..%2F..%2Fetc%2Fpasswd",
    "..%2Fconstraints%2Fwilliams-natural-gas",
    "williams-natural-gas.yaml",
    "%2Fetc%2Fpasswd",
    "Williams-Natural-Gas",
    "..",
])
def test_unknown_or_path_like_rulebook_names_are_404(client, name):
    response = client.get(f"/v1/rulebooks/{name}")
    assert response.status_code == 404
    assert "root:" not in response.text


def test_healthz_and_unknown_routes(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/v1/nothing").status_code == 404
    assert client.post("/v1/planx", json={}).status_code == 404


def test_openapi_lists_the_v1_paths(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/plan", "/v1/check", "/v1/explain", "/v1/rulebooks", "/v1/rulebooks/{name}", "/healthz"} <= set(paths)


# Hostile input: 4xx naming the field, never 500 ----------------------------------------------


def williams(**changes) -> dict:
    return {**seed(WILLIAMS), **changes}


def gap_rules(count: int) -> list[dict]:
    return [{"kind": "gap", "id": f"gap-{i}", "cite": "Scenario: test", "summary": "A test gap.", "source": "operational",
             "before": "record_date", "after": "meeting", "min_days": 1} for i in range(count)]


HOSTILE = {
    # name: (body, status, loc that must appear, or None)
    "year is text": ({"scenario": williams(), "year": "abc"}, 422, ["body", "year"]),
    "year 99999": ({"scenario": williams(), "year": 99999}, 422, ["body", "year"]),
    "scenario year 99999": ({"scenario": williams(year=99999)}, 422, ["body", "scenario", "year"]),
    "unknown rule kind": (
        {"scenario": williams(rules=[{**seed(WILLIAMS)["rules"][0], "kind": "fortnight"}])}, 422, ["body", "scenario", "rules", 0]),
    "February 30 in closures": ({"scenario": williams(closures=["February 30"])}, 422, ["body", "scenario", "closures", 0]),
    "2027-02-30 in closures": ({"scenario": williams(closures=["2027-02-30"])}, 422, ["body", "scenario", "closures", 0]),
    "February 30 as a holiday": ({"scenario": williams(), "holidays": ["2027-02-30"]}, 422, ["body", "holidays", 0]),
    "a yearly February 30 as a holiday": ({"scenario": williams(), "holidays": ["2027-04-21", "February 30"]}, 422,
                                          ["body", "holidays", 1]),
    "a holiday in no words": ({"scenario": williams(), "holidays": ["someday soon"]}, 422, ["body", "holidays", 0]),
    "cyclic anchors": (
        {"scenario": williams(anchors={"a": {"anchor": "b"}, "b": {"anchor": "a"}}, closures=[{"anchor": "a"}])},
        422, ["body", "scenario"]),
    "rulebook as a path": ({"scenario": williams(rulebook="../../etc/passwd")}, 422, ["body", "scenario", "rulebook"]),
    "rulebook as a yaml path": ({"scenario": williams(rulebook="/etc/x.yaml")}, 422, ["body", "scenario", "rulebook"]),
    "rulebook path with an inline rulebook": (
        {"scenario": williams(rulebook="../constraints/williams-natural-gas.yaml"),
         "rulebook": seed(ROOT / "constraints" / "williams-natural-gas.yaml")}, 422,
        ["body", "scenario", "rulebook"]),
    "unknown bundled rulebook": ({"scenario": williams(rulebook="acme")}, 422, ["body", "scenario", "rulebook"]),
    "unknown fact": ({"scenario": williams(facts={"dividend": True})}, 422, ["body", "scenario", "facts", "dividend"]),
    "unknown event in a rule": (
        {"scenario": williams(rules=[{**gap_rules(1)[0], "before": "nowhere"}])}, 422, ["body", "scenario", "rules", 0]),
    "drop of an unknown rule": ({"scenario": williams(), "drop": ["no-rule"]}, 422, ["body", "drop"]),
    "unknown state": ({"scenario": williams(holiday_subdiv="ZZ")}, 422, ["body", "scenario", "holiday_subdiv"]),
    "too many rules": ({"scenario": williams(rules=gap_rules(501))}, 422, ["body", "scenario", "rules"]),
    "horizon too long": (
        {"scenario": williams(rules=[{**gap_rules(1)[0], "before": "materials_printed", "after": "notice", "min_days": 5000}],
                              events={"materials_printed": {"kind": "operational", "label": "printed"}})},
        422, ["body", "scenario", "rules"]),
    "too many events": (
        {"scenario": williams(events={f"e{i}": {"kind": "operational", "label": "x"} for i in range(201)})},
        422, ["body", "scenario", "events"]),
    "too many anchors": (
        {"scenario": williams(anchors={f"a{i}": {"anchor": f"a{i + 1}"} for i in range(101)})}, 422, ["body", "scenario", "anchors"]),
    "a date rolled off the calendar": (
        {"scenario": williams(closures=["0001-01-01"], rules=[{
            "kind": "on_date", "id": "pin", "cite": "Scenario: test", "summary": "A test date.", "source": "operational",
            "event": "meeting", "date": {"day": "0001-01-01", "roll": "previous_business_day"}}])},
        422, ["body"]),
    "scenario is a list": ({"scenario": [1, 2, 3]}, 422, ["body", "scenario"]),
    "unknown top-level field": ({"scenario": williams(), "format": "csv"}, 422, ["body", "format"]),
    "no scenario": ({"year": 2027}, 422, ["body", "scenario"]),
    "schema version 2": ({"scenario": williams(schema_version=2)}, 422, ["body", "scenario", "schema_version"]),
    "inline rulebook with a bad rule": (
        {"scenario": williams(), "rulebook": {**seed(ROOT / "constraints" / "williams-natural-gas.yaml"), "rules": [{"kind": "gap"}]}},
        422, ["body", "rulebook", "rules", 0]),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_json_is_a_4xx_naming_the_field(client, name):
    body, status, loc = HOSTILE[name]
    response = client.post("/v1/plan", json=body)
    assert response.status_code == status, response.text
    assert any(e["loc"][: len(loc)] == loc for e in errors(response)), errors(response)
    assert all(e["msg"] for e in errors(response))


@pytest.mark.parametrize("name, content, headers, status", [
    ("2 MB body", b"[" * 2_000_000, {"content-type": "application/json"}, 413),
    ("2 MB body of valid JSON", json.dumps({"scenario": seed(WILLIAMS), "pad": "x" * 2_000_000}).encode(),
     {"content-type": "application/json"}, 413),
    ("10000 levels of [[[...]]]", b"[" * 10_000 + b"]" * 10_000, {"content-type": "application/json"}, 422),
    ("10000 levels of {...}", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, {"content-type": "application/json"}, 422),
    ("not JSON", b"scenario: yes", {"content-type": "application/json"}, 422),
    ("truncated JSON", b'{"scenario": {"name": ', {"content-type": "application/json"}, 422),
    ("not UTF-8", b'{"scenario": "\xff\xfe"}', {"content-type": "application/json"}, 422),
    ("empty body", b"", {"content-type": "application/json"}, 422),
    ("no content type", json.dumps({"scenario": seed(WILLIAMS)}).encode(), {}, 422),
    ("text/plain", b"{}", {"content-type": "text/plain"}, 422),
    ("a JSON string", b'"scenario"', {"content-type": "application/json"}, 422),
    ("NaN year", b'{"scenario": {}, "year": NaN}', {"content-type": "application/json"}, 422),
])
def test_hostile_bodies_are_4xx(client, name, content, headers, status):
    for endpoint in ("/v1/plan", "/v1/check", "/v1/explain"):
        response = client.post(endpoint, content=content, headers=headers)
        assert response.status_code == status, (endpoint, response.text)
        assert response.json()["detail"]


def test_body_size_counts_the_bytes_not_just_the_header(client):
    def chunks():  # sent chunked: no Content-Length to go by
        for _ in range(40):
            yield b" " * 50_000
    response = client.post("/v1/plan", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    lying = client.post("/v1/plan", content=b" " * 2_000_000,
                        headers={"content-type": "application/json", "content-length": "10"})
    assert lying.status_code in (400, 413, 422)


def test_json_depth_counts_without_recursion():
    assert json_depth(b"[" * 100_000 + b"]" * 100_000) == 100_000
    assert json_depth(b'{"a": "[[[[[[", "b": [{"c": "\\"]]]"}]}') == 3
    assert json_depth(b"{}") == 1 and json_depth(b"3") == 0


def test_limits_can_be_lowered():
    small = TestClient(create_app(Limits(max_rules=30, max_events=14, max_body_bytes=20_000, max_conflicts=2)))
    too_many = small.post("/v1/plan", json={"scenario": williams(rules=gap_rules(25))})
    assert too_many.status_code == 422 and errors(too_many)[0]["loc"] == ["body", "scenario", "rules"]
    events = {f"e{i}": {"kind": "operational", "label": f"e{i}"} for i in range(5)}  # 12 + 5 events > 14
    assert small.post("/v1/plan", json={"scenario": williams(events=events)}).status_code == 422
    assert small.post("/v1/plan", json={"scenario": williams(), "pad": "x" * 30_000}).status_code == 413
    assert small.post("/v1/explain", json={"scenario": seed(INFEASIBLE), "conflicts": 3}).status_code == 422
    assert small.post("/v1/plan", json={"scenario": williams()}).status_code == 200
    assert create_app({"max_rules": 7}).state.limits.max_rules == 7


# Solver time, timeouts, last resort, concurrency -------------------------------------------


def test_solver_time_is_capped_by_the_server(monkeypatch):
    seen = []

    def spy(problem, time_limit_s=None):
        seen.append((time_limit_s, problem.scenario.time_limit_s))
        return real(problem, time_limit_s)

    real = planner_api.solve_problem
    monkeypatch.setattr(planner_api, "solve_problem", spy)
    capped = TestClient(create_app(Limits(solve_time_limit_s=0.5)))
    assert capped.post("/v1/plan", json={"scenario": williams(time_limit_s=60)}).status_code == 200
    assert capped.post("/v1/explain", json={"scenario": williams(time_limit_s=60)}).status_code == 200
    assert seen == [(0.5, 0.5), (0.5, 0.5)]
    seen.clear()
    assert capped.post("/v1/plan", json={"scenario": williams(time_limit_s=0.25)}).status_code == 200
    assert seen == [(0.25, 0.25)]


def test_an_explanation_stops_at_the_solver_cap_and_answers_with_what_it_found(monkeypatch):
    """Its fixes take as long as the clock allows: the plan keeps its verdict,
    the explanation says where it stopped, all before the request's timeout."""
    from planner.verdicts import explanations

    def endless_fixes(problem, oracle, rule_ids, allow_legal):
        while True:  # each check looks at the clock: the explanation's own limit ends this
            oracle.feasible(oracle.hard)
        yield

    monkeypatch.setattr(explanations, "_rule_fixes", endless_fixes)
    capped = TestClient(create_app(Limits(solve_time_limit_s=0.5)))
    for path in ("/v1/plan", "/v1/explain"):
        start = time.monotonic()
        response = capped.post(path, json={"scenario": seed(INFEASIBLE)})
        assert response.status_code == 200 and time.monotonic() - start < 10
        why = response.json() if path == "/v1/explain" else response.json()["explanation"]
        assert why["status"] == "infeasible" and why["stopped"].startswith("stopped at its time limit of 0.5 s")
        assert [set(c["rules"]) for c in why["conflicts"]] == [{"notice-window", "record-date-window", "printing-lead"}]


def test_solver_timeout_is_503(monkeypatch):
    def timeout(problem, time_limit_s=None):
        raise SolverError(f"no answer within {time_limit_s:g} s (UNKNOWN)")

    monkeypatch.setattr(planner_api, "solve_problem", timeout)
    response = TestClient(create_app()).post("/v1/plan", json={"scenario": williams()})
    assert response.status_code == 503
    assert "no answer within 10 s" in response.json()["detail"]


def test_unexpected_errors_are_a_generic_500(monkeypatch):
    def broken(request, limits):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(service, "_plan", broken)
    response = TestClient(create_app(), raise_server_exceptions=False).post("/v1/plan", json={"scenario": williams()})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}


class _BlockingPlan:
    """Stands in for the service's plan work: blocks until released and
    counts how many run at once."""

    def __init__(self):
        self.running = self.most = 0
        self.lock, self.release = threading.Lock(), threading.Event()

    def __call__(self, request, limits):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self.release.wait(10)
        with self.lock:
            self.running -= 1
        return {"status": "feasible"}


def test_solves_run_in_threads_two_at_a_time(monkeypatch):
    slow = _BlockingPlan()
    monkeypatch.setattr(service, "_plan", slow)
    app = create_app(Limits(max_concurrent_solves=2))

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            solves = [asyncio.create_task(http.post("/v1/plan", json={"scenario": williams()})) for _ in range(5)]
            while slow.running < 2:
                await asyncio.sleep(0.01)
            started = time.perf_counter()
            health = await http.get("/healthz")  # answered while the solves block their threads
            waited = time.perf_counter() - started
            await asyncio.sleep(0.1)
            busy = slow.running
            slow.release.set()
            return health, waited, busy, await asyncio.gather(*solves)

    health, waited, busy, answers = asyncio.run(scenario())
    assert health.json() == {"status": "ok"} and waited < 2
    assert busy == 2 and slow.most == 2
    assert [a.status_code for a in answers] == [200] * 5


def test_request_timeout_is_503_and_keeps_the_slot_until_the_work_ends(monkeypatch):
    stuck = _BlockingPlan()
    monkeypatch.setattr(service, "_plan", stuck)
    app = create_app(Limits(max_concurrent_solves=1, request_timeout_s=0.3))

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            first = await http.post("/v1/plan", json={"scenario": williams()})  # runs, then times out
            second = await http.post("/v1/plan", json={"scenario": williams()})  # waits for the held slot
            busy = stuck.running
            stuck.release.set()
            while stuck.running:
                await asyncio.sleep(0.01)
            third = await http.post("/v1/plan", json={"scenario": williams()})
            return first, second, busy, third

    first, second, busy, third = asyncio.run(scenario())
    assert first.status_code == 503 and "request limit of 0.3 s" in first.json()["detail"]
    assert first.headers["retry-after"] == "5"
    assert second.status_code == 503 and "no solve slot free" in second.json()["detail"]
    assert busy == 1 and stuck.most == 1  # the abandoned work kept its slot: never two at once
    assert third.status_code == 200  # the slot came back when the abandoned work ended


# The command ---------------------------------------------------------------------------------


def test_serve_runs_uvicorn_on_loopback_by_default(monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.delenv("PLANNER_TOKEN", raising=False)
    monkeypatch.delenv("PLANNER_ALLOWED_HOSTS", raising=False)
    assert cli.run(["serve"]) == 0
    assert cli.run(["serve", "--host", "0.0.0.0", "--port", "9000", "--token", "s3cret"]) == 0
    assert cli.run(["serve", "--host", "0.0.0.0", "--token", "s3cret", "--allowed-host", "plans.example.com"]) == 0
    assert [kw for _, kw in calls] == [{"host": "127.0.0.1", "port": 8000}, {"host": "0.0.0.0", "port": 9000},
                                       {"host": "0.0.0.0", "port": 8000}]
    # On loopback, only the loopback names (DNS rebinding); elsewhere any, unless configured.
    assert [app.state.allowed_hosts for app, _ in calls] == [
        ("localhost", "127.0.0.1", "::1"), ("*",), ("plans.example.com",)]
    open_app, guarded, _ = (TestClient(app, base_url="http://localhost") for app, _ in calls)
    assert open_app.get("/v1/rulebooks").status_code == 200
    assert guarded.get("/v1/rulebooks").status_code == 401
    assert guarded.get("/v1/rulebooks", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    with pytest.raises(SystemExit):
        cli.run(["serve", "--port", "70000"])


# Random mutations of the seed scenarios: never a 500 -----------------------------------------

SEEDS = {p.stem: seed(p) for p in SCENARIOS}
BOOKS = {p.stem: seed(p) for p in sorted((ROOT / "constraints").glob("*.yaml"))}
WORDS = [
    "choose", "annual", "special", "mail", "meeting", "notice", "record_date", "voting_list", "gap", "on_date",
    "date_window", "business_day", "calendar", "clear", "business", "next_business_day", "previous_business_day",
    "last Wednesday of April", "fifth Monday of February", "third Friday after the first Monday of April",
    "February 29", "February 30", "December 31", "9999-12-31", "0001-01-01", "2027-02-30", "+6 months", "-1 day",
    "+9999 years", "fiscal_year_end", "last_annual_meeting", "../../etc/passwd", "/etc/passwd.yaml", "", " ", "\u0000",
    "porter-mcleod", "cleco-utility", "bylaw", "statute", "operational", "preference",
    "margin_cap_days", "time_limit_s", "holiday_subdiv", "closures", "anchors", "year_offset", "shift", "roll",
    "max_days", "max_months", "effective_after_days", "counting", "when", "weight", "required",
]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.sampled_from([2**63, -(2**63), 10**30, 0, 1, -1, 60, 2200])
    | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(WORDS) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Small changes that keep a scenario readable (so that many still reach the
# solver), and blunt ones that break it.
ACTIONS = ["nudge", "nudge", "nudge", "word", "word", "delete", "replace", "add", "copy"]
NUDGES = st.sampled_from([-1, 1]) | st.integers(-10, 10) | st.integers(-60, 60) | st.sampled_from([-10**6, 10**6, 10**30])
SUITS = {"nudge": _is_int, "word": lambda v: isinstance(v, str), "add": lambda v: isinstance(v, dict),
         "copy": lambda v: isinstance(v, list) and bool(v)}


def _mutate(data, doc):
    action = data.draw(st.sampled_from(ACTIONS))
    nodes = {p: v for p, v in _paths(doc) if p}
    if not nodes:
        return doc
    suited = [p for p, v in nodes.items() if SUITS.get(action, lambda v: True)(v)]
    path = data.draw(st.sampled_from(suited or list(nodes)))
    parent, key, value = doc, path[-1], nodes[path]
    for part in path[:-1]:
        parent = parent[part]
    if action == "delete":
        del parent[key]
    elif action == "nudge" and _is_int(value):
        parent[key] = value + data.draw(NUDGES)
    elif action == "word":
        parent[key] = data.draw(st.sampled_from(WORDS))
    elif action == "add" and isinstance(value, dict):
        value[data.draw(st.sampled_from(WORDS) | st.text(max_size=6))] = data.draw(VALUES)
    elif action == "copy" and isinstance(value, list) and value:
        value.append(copy.deepcopy(data.draw(st.sampled_from(value))))
    else:
        parent[key] = data.draw(VALUES)
    return doc


@lru_cache(maxsize=None)
def _dates(name: str) -> dict:
    planned = planner.plan(ROOT / "scenarios" / f"{name}.yaml")
    return {"events": {k: v.isoformat() for k, v in planned.dates().items()}, "facts": planned.facts}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_seed_scenarios_never_give_a_500(client, data):
    name = data.draw(st.sampled_from(sorted(SEEDS)))
    endpoint = data.draw(st.sampled_from(["/v1/plan", "/v1/check", "/v1/explain"]))
    body = {"scenario": copy.deepcopy(SEEDS[name])}
    if data.draw(st.booleans()):
        body["rulebook"] = copy.deepcopy(BOOKS[body["scenario"]["rulebook"]])
    if endpoint == "/v1/check":
        body["dates"] = copy.deepcopy(_dates(name))
    options = {"year": st.integers(1890, 2210) | VALUES, "holidays": st.lists(st.dates()) | VALUES,
               "drop": st.lists(st.sampled_from(["notice-window", "printing-lead", "x"])) | VALUES}
    if endpoint == "/v1/explain":
        options.update(conflicts=st.integers(-1, 25) | VALUES, allow_legal=st.booleans() | VALUES)
    for option, values in options.items():
        if data.draw(st.integers(0, 5)) == 0:
            body[option] = data.draw(values)
    for _ in range(data.draw(st.integers(1, 3))):
        body = _mutate(data, body)
    content = json.dumps(body, default=str).encode()  # NaN and Infinity too, as Python's json writes them
    response = client.post(endpoint, content=content, headers={"content-type": "application/json"})
    assert response.status_code != 500, response.text
    assert response.status_code in (200, 413, 422, 503), response.text
    if response.status_code == 422:
        assert all(e["msg"] for e in response.json()["detail"])


def test_a_body_that_is_not_utf8_is_a_422_naming_the_byte():
    client = TestClient(create_app())
    response = client.post("/v1/plan", content=b'{"scenario": "\xff"}', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "not UTF-8 at byte 14"
