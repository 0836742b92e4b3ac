"""POST /v1/whatif: the CLI's JSON, its limit on variants, hostile bodies
answered 4xx naming the field, and a sweep never holding up other requests."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import httpx
import pytest
import yaml

import planner
import planner.faces.service as service
from planner.faces import cli
from planner.faces.service import Limits, create_app

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
BOOK = ROOT / "constraints" / "williams-natural-gas.yaml"
VARY = {"rules.printing-lead.min_days": [7, 40], "facts.notice_waived": [False, True]}


def seed(path: Path = WILLIAMS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))



def test_answer_is_the_cli_json(client, capsys):
    response = client.post("/v1/whatif", json={"scenario": seed(), "vary": VARY})
    assert response.status_code == 200
    assert response.json() == planner.whatif(WILLIAMS, VARY).model_dump(mode="json")
    options = [a for field, values in VARY.items() for a in ("--vary", f"{field}={','.join(map(str, values))}")]
    assert cli.main(["whatif", str(WILLIAMS), *options, "--format", "json", "--workers", "1"]) == 0
    assert response.json() == json.loads(capsys.readouterr().out)
    assert response.json()["counts"] == {"feasible": 3, "infeasible": 1, "error": 0}


def test_screen_mode_inline_rulebook_and_options(client):
    body = {"scenario": seed(), "rulebook": seed(BOOK), "vary": {"year": [2027, 2028]}, "mode": "screen",
            "holidays": ["2027-04-28"], "drop": ["list-on-business-day"]}
    response = client.post("/v1/whatif", json=body)
    from datetime import date

    expected = planner.whatif(WILLIAMS, {"year": [2027, 2028]}, mode="screen", holidays=[date(2027, 4, 28)],
                              drop=["list-on-business-day"])
    assert response.status_code == 200 and response.json() == expected.model_dump(mode="json")
    assert response.json()["rows"][0]["windows"]["meeting"] == ["2027-04-29", "2027-04-29"]  # holiday: next business day


def test_variants_beyond_the_limit_are_refused_before_any_runs(monkeypatch):
    monkeypatch.setattr(service, "run_sweep", lambda *a, **k: pytest.fail("the sweep ran"))
    small = TestClient(create_app(Limits(max_variants=4)))
    response = small.post("/v1/whatif", json={"scenario": seed(), "vary": {"year": [2027, 2028, 2029], **VARY}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "vary"] and "12 variants" in response.json()["detail"][0]["msg"]


def test_each_variant_gets_the_capped_solver_time(monkeypatch):
    import planner.verdicts.answers as api  # plan_problem solves through it

    seen = []
    real = api.solve_problem
    monkeypatch.setattr(api, "solve_problem", lambda problem, limit=None: seen.append(limit) or real(problem, limit))
    capped = TestClient(create_app(Limits(solve_time_limit_s=0.5)))
    response = capped.post("/v1/whatif", json={"scenario": seed(), "vary": {"time_limit_s": [60, 0.25]}})
    assert response.status_code == 200 and seen == [0.5, 0.25]


HOSTILE = {
    # name: (changes to a valid body, loc that must appear)
    "vary is a list": ({"vary": ["year=2027"]}, ["body", "vary"]),
    "vary is empty": ({"vary": {}}, ["body", "vary"]),
    "no values": ({"vary": {"year": []}}, ["body", "vary", "year"]),
    "values not a list": ({"vary": {"year": 2027}}, ["body", "vary", "year"]),
    "unknown rule": ({"vary": {"rules.nope.min_days": [1]}}, ["body", "vary", "rules.nope.min_days"]),
    "unknown rule field": ({"vary": {"rules.printing-lead.colour": [1]}}, ["body", "vary", "rules.printing-lead.colour"]),
    "rule id varied": ({"vary": {"rules.printing-lead.id": ["x"]}}, ["body", "vary", "rules.printing-lead.id"]),
    "unknown fact": ({"vary": {"facts.dividend": [True]}}, ["body", "vary", "facts.dividend"]),
    "rulebook varied": ({"vary": {"rulebook": ["../../etc/passwd"]}}, ["body", "vary", "rulebook"]),
    "extends varied": ({"vary": {"extends": ["/etc/passwd.yaml"]}}, ["body", "vary", "extends"]),
    "scenario extends a file": ({"scenario": {**seed(), "extends": "../../etc/passwd.yaml"}}, ["body", "scenario", "extends"]),
    "scenario removes": ({"scenario": {**seed(), "remove": ["rules.printing-lead"]}}, ["body", "scenario", "remove"]),
    "bad mode": ({"mode": "fast"}, ["body", "mode"]),
    "a million variants": ({"vary": {"year": list(range(1000)), "margin_cap_days": list(range(1000))}}, ["body", "vary"]),
    "rulebook as a path": ({"scenario": {**seed(), "rulebook": "../constraints/williams-natural-gas.yaml"}},
                           ["body", "scenario", "rulebook"]),
    "bad base scenario": ({"scenario": {**seed(), "facts": {"dividend": True}}}, ["body", "scenario", "facts", "dividend"]),
    "unknown top-level field": ({"workers": 64}, ["body", "workers"]),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_bodies_are_422_naming_the_field(client, name):
    changes, loc = HOSTILE[name]
    response = client.post("/v1/whatif", json={"scenario": seed(), "vary": {"year": [2027]}, **changes})
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(e["loc"][: len(loc)] == loc for e in detail), detail
    assert all(e["msg"] for e in detail)


def test_bad_values_are_error_rows_not_4xx(client):
    body = {"scenario": seed(), "vary": {"year": [2027, "soon", 10**9, None, {"a": [1]}], "closures": [["February 30"], []]}}
    response = client.post("/v1/whatif", json=body)
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert [r["status"] for r in rows].count("feasible") == 1
    assert all(r["error"] for r in rows if r["status"] == "error")


def test_a_slow_sweep_does_not_block_other_requests(monkeypatch):
    started, release = threading.Event(), threading.Event()

    def slow(request, limits):
        started.set()
        release.wait(10)
        return {"status": "done"}

    monkeypatch.setattr(service, "_whatif", slow)
    app = create_app(Limits(max_concurrent_solves=1))

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            sweep = asyncio.create_task(http.post("/v1/whatif", json={"scenario": seed(), "vary": {"year": [2027]}}))
            while not started.is_set():
                await asyncio.sleep(0.01)
            begin = time.perf_counter()
            health = await http.get("/healthz")
            waited = time.perf_counter() - begin
            release.set()
            return health, waited, await sweep

    health, waited, sweep = asyncio.run(scenario())
    assert health.json() == {"status": "ok"} and waited < 2
    assert sweep.status_code == 200


def test_openapi_lists_whatif(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/whatif" in paths


def test_a_sweep_stops_at_the_request_time_limit_and_frees_its_slot(monkeypatch):
    from planner.studies.variants import evaluate_chunk as real

    evaluated = []

    def slow_chunk(spec, start, stop):
        evaluated.append(start)
        time.sleep(0.1)
        return real(spec, start, stop)

    monkeypatch.setattr("planner.studies.parallel.evaluate_chunk", slow_chunk)
    app = create_app(Limits(max_concurrent_solves=1, request_timeout_s=1.0))
    body = {"scenario": seed(), "vary": {"rules.printing-lead.min_days": list(range(1, 41))}, "mode": "screen"}
    with TestClient(app) as http:
        response = http.post("/v1/whatif", json=body)  # 40 variants of 0.1 s or more: past the limit
        assert response.status_code == 503
        time.sleep(0.3)  # the variant under way when the limit struck
        ran = len(evaluated)
        assert ran < 40  # stopped between variants, not run to the end in the background
        assert http.post("/v1/plan", json={"scenario": seed()}).status_code == 200  # its slot is free again
        assert len(evaluated) == ran
