"""The hostile-input corpus over HTTP (issue 12): each body or request gets
its expected status (never 500), naming the field; the Host check, the
security headers on every answer, and half-sent bodies dropped quickly.

The CLI side: tests/test_hostile_cli.py."""

from __future__ import annotations

import asyncio
import time

import pytest
from fastapi.testclient import TestClient

from planner.faces.http_guards import CONTENT_SECURITY_POLICY, LOOPBACK_HOSTS
from planner.faces.service import Limits, create_app
from tests.helpers import WILLIAMS, errors, seed
from tests.test_service import HOSTILE as SERVICE_HOSTILE
from tests.test_service_more import HOSTILE as MORE_HOSTILE


def williams(**changes) -> dict:
    return {**seed(WILLIAMS), **changes}


def gap(rule_id: str, **fields) -> dict:
    return {"kind": "gap", "id": rule_id, "cite": "Scenario: test", "summary": "A test gap.", "source": "operational",
            "before": "record_date", "after": "meeting", "min_days": 1, **fields}


# endpoint, body, status, loc that must appear
CASES = {
    "check with dates in year 1": (
        "/v1/check", {"scenario": williams(), "dates": {"events": {"meeting": "0001-04-28"}}}, 422, ["body", "dates", "events"]),
    "check with an impossible date": (
        "/v1/check", {"scenario": williams(), "dates": {"events": {"meeting": "2027-04-31"}}}, 422,
        ["body", "dates", "events", "meeting"]),
    "check with events [x, 1]": (
        "/v1/check", {"scenario": williams(), "dates": {"events": ["x", 1]}}, 422, ["body", "dates", "events"]),
    "adjourn with dates in year 1": (
        "/v1/adjourn", {"scenario": williams(), "dates": {"events": {"meeting": "0001-04-28"}}, "to": "2027-05-12"}, 422,
        ["body", "dates", "events"]),
    "adjourn: a rule on an unknown event": (
        "/v1/adjourn", {"scenario": williams(rules=[gap("ghost", before="nowhere")]), "meeting": "2027-04-28",
                        "to": "2027-05-12"}, 422, ["body", "scenario", "rules", 0]),
    "special: meeting_type weekly": (
        "/v1/special", {"scenario": williams(facts={**seed(WILLIAMS)["facts"], "meeting_type": "weekly"}),
                        "called": "2027-03-01"}, 422, ["body", "scenario", "facts", "meeting_type"]),
    "scenario year 1900": ("/v1/plan", {"scenario": williams(year=1900)}, 422, ["body", "scenario", "year"]),
    "year 1900": ("/v1/plan", {"scenario": williams(), "year": 1900}, 422, ["body", "year"]),
    "501 rules": ("/v1/explain", {"scenario": williams(rules=[gap(f"g{i}") for i in range(501)])}, 422,
                  ["body", "scenario", "rules"]),
    "closures with an impossible date": (
        "/v1/plan", {"scenario": williams(closures=["2027-02-31"])}, 422, ["body", "scenario", "closures", 0]),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_bodies_are_4xx_naming_the_field(client, name):
    endpoint, body, status, loc = CASES[name]
    response = client.post(endpoint, json=body)
    assert response.status_code == status, response.text
    assert any(e["loc"][: len(loc)] == loc for e in errors(response)), errors(response)


# The service's existing hostile tables, through an app with the Host check on: still 4xx, and
# every refusal carries the security headers.
EXISTING = {**{f"plan: {k}": ("/v1/plan", v[0], v[1]) for k, v in SERVICE_HOSTILE.items()},
            **{f"{v[0]}: {k}": (v[0], v[1], None) for k, v in MORE_HOSTILE.items()}}


@pytest.fixture(scope="module")
def guarded():
    return TestClient(create_app(allowed_hosts=("testserver",)))


@pytest.mark.parametrize("name", EXISTING)
def test_existing_hostile_tables_are_refused_with_security_headers(guarded, name):
    endpoint, body, status = EXISTING[name]
    response = guarded.post(endpoint, json=body)
    assert 400 <= response.status_code < 500, response.text
    if status is not None:
        assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


# Host header (DNS rebinding) ---------------------------------------------------------------


@pytest.mark.parametrize("host, status", [
    ("localhost:8000", 200), ("127.0.0.1:8000", 200), ("[::1]:8000", 200), ("LOCALHOST", 200),
    ("evil.example", 400), ("evil.example:8000", 400), ("localhost.evil.example", 400), ("", 400),
])
def test_loopback_service_answers_loopback_names_only(host, status):
    client = TestClient(create_app(allowed_hosts=LOOPBACK_HOSTS))
    response = client.get("/healthz", headers={"host": host})
    assert response.status_code == status, response.text
    if status == 400:
        assert errors(response)[0]["loc"] == ["header", "host"]
    # Refused before the body is read or any work is done.
    post = client.post("/v1/plan", json={"scenario": williams()}, headers={"host": host})
    assert post.status_code == (200 if status == 200 else 400)


def test_allowed_hosts_are_configurable():
    client = TestClient(create_app(allowed_hosts=("plans.example.com",)))
    assert client.get("/healthz", headers={"host": "plans.example.com"}).status_code == 200
    assert client.get("/healthz", headers={"host": "localhost"}).status_code == 400


def test_module_app_answers_loopback_names_unless_configured():
    from planner.faces import service
    from planner.faces.http_guards import env_allowed_hosts

    client = TestClient(service.app)  # what `uvicorn planner.faces.service:app` serves
    if env_allowed_hosts() is None:
        assert client.get("/healthz", headers={"host": "localhost:8000"}).status_code == 200
        assert client.get("/healthz", headers={"host": "rebound.example"}).status_code == 400
    else:  # the runner configured PLANNER_ALLOWED_HOSTS: those names, and no others
        assert service.app.state.allowed_hosts == env_allowed_hosts()


# Security headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/healthz", "/v1/rulebooks", "/v1/rulebooks/nope", "/openapi.json", "/nowhere"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    # A web app served from the same origin with its own packaged JS and CSS can live with it.
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_the_interactive_docs_may_load_their_cdn_assets(client):
    policy = client.get("/docs").headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in policy and "frame-ancestors 'none'" in policy


# Half-sent bodies (slowloris) ----------------------------------------------------------------


def test_a_half_sent_body_is_dropped_at_the_body_timeout():
    app = create_app(Limits(body_timeout_s=0.3))
    sent: list[dict] = []

    async def scenario() -> None:
        chunks = [{"type": "http.request", "body": b'{"scenario": ', "more_body": True}]

        async def receive():
            if chunks:
                return chunks.pop()
            await asyncio.sleep(3600)  # the client never sends the rest

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
                 "path": "/v1/plan", "raw_path": b"/v1/plan", "query_string": b"", "root_path": "",
                 "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
                 "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
        await asyncio.wait_for(app(scope, receive, send), 5)

    started = time.monotonic()
    asyncio.run(scenario())
    assert time.monotonic() - started < 3
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 408
