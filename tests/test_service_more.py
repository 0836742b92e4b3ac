"""The service's date maps, several years, adjournments, special meetings and
rule packs: the same JSON as the Python API and the CLI, and a 4xx naming
the field (never a 500) for anything a client can send."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest

import planner
import planner.verdicts.answers as planner_api  # adjournments and special meetings plan through the Python API
import planner.faces.service as service
from planner.faces import cli
from planner.model.packs import bundled_packs, load_pack
from planner.faces.service import Limits, create_app
from tests.helpers import CLECO, NGS, PORTER, ROOT, WILLIAMS, errors, seed

from fastapi.testclient import TestClient

NGS_SPECIAL = ROOT / "scenarios" / "natural-gas-services-special-2027.yaml"
W_MEETING = date(2027, 4, 28)  # last Wednesday of April 2027 (Williams Art. I §1.1)
C_MEETING = date(2027, 4, 23)  # third Friday after the first Monday of April 2027 (Cleco Art. II §1)





def cli_json(capsys, *args: str) -> dict:
    cli.main([*args, "--format", "json"])
    return json.loads(capsys.readouterr().out)


# Same answers as the Python API and the CLI --------------------------------------------------


@pytest.mark.parametrize("path, options, api_options", [
    (WILLIAMS, {}, {}),
    (CLECO, {"fixed_date": "set_aside"}, {"fixed_date": "set_aside"}),
    (WILLIAMS, {"year": 2029, "holidays": ["2029-04-25"]}, {"year": 2029, "holidays": [date(2029, 4, 25)]}),
], ids=["williams", "cleco-set-aside", "williams-2029-closure"])
def test_datemap_is_the_api_json(client, path, options, api_options):
    response = client.post("/v1/datemap", json={"scenario": seed(path), **options})
    assert response.status_code == 200, response.text
    assert response.json() == planner.date_map(path, **api_options).model_dump(mode="json")


def test_datemap_is_the_cli_json_and_a_closure_blocks_its_day(client, capsys):
    body = {"scenario": seed(WILLIAMS), "holidays": ["2027-04-28"]}
    found = client.post("/v1/datemap", json=body).json()
    assert found == cli_json(capsys, "datemap", str(WILLIAMS), "--holiday", "2027-04-28")
    days = {d["date"]: d for d in found["days"]}
    # Art. I §1.1 fixes the last Wednesday of April; closed that day, the meeting cannot be held on it.
    assert days["2027-04-28"]["feasible"] is False
    assert days["2027-04-28"]["blocking"]


def test_years_first_last_and_range_are_the_api_json(client, capsys):
    expected = planner.plan_years(WILLIAMS, range(2027, 2030)).model_dump(mode="json")
    by_bounds = client.post("/v1/years", json={"scenario": seed(WILLIAMS), "first": 2027, "last": 2029})
    by_text = client.post("/v1/years", json={"scenario": seed(WILLIAMS), "years": "2027-2029"})
    assert by_bounds.status_code == by_text.status_code == 200
    assert by_bounds.json() == by_text.json() == expected
    assert expected == cli_json(capsys, "plan", str(WILLIAMS), "--years", "2027-2029")
    assert [c["year"] for c in expected["cycles"]] == [2027, 2028, 2029]


def test_years_at_the_cap_is_served(client):
    last = 2027 + planner.studies.years.MAX_CYCLES - 1
    response = client.post("/v1/years", json={"scenario": seed(WILLIAMS), "first": 2027, "last": last})
    assert response.status_code == 200, response.text
    assert len(response.json()["cycles"]) == planner.studies.years.MAX_CYCLES


ADJOURNMENTS = [
    # (scenario, body fields, api keywords, status): the statuses are those of tests/test_adjournment.py's case table
    (WILLIAMS, {"meeting": "2027-04-28", "to": "2027-05-29"}, dict(meeting=W_MEETING, to=date(2027, 5, 29)), "replanned"),
    (WILLIAMS, {"meeting": "2027-04-28", "to": "2027-05-28"}, dict(meeting=W_MEETING, to=date(2027, 5, 28)), "no_new_steps"),
    (CLECO, {"meeting": "2027-04-26", "to": "2027-04-29"}, dict(meeting=date(2027, 4, 26), to=date(2027, 4, 29)),
     "not_allowed"),
    (CLECO, {"meeting": "2027-04-23", "to": "2027-05-23", "facts": {"directors_elected": False}},
     dict(meeting=C_MEETING, to=date(2027, 5, 23), facts={"directors_elected": False}), "no_new_steps"),
    (PORTER, {"meeting": "2027-05-20", "to": "2027-06-09", "new_record_date": True, "reason": "quorum"},
     dict(meeting=date(2027, 5, 20), to=date(2027, 6, 9), new_record_date=True, reason="quorum"), "replanned"),
    (WILLIAMS, {"meeting": "2027-04-28", "to": "2027-05-14", "postponed": True, "decided": "2027-04-01"},
     dict(meeting=W_MEETING, to=date(2027, 5, 14), postponed=True, decided=date(2027, 4, 1)), None),
]


@pytest.mark.parametrize("path, fields, options, status", ADJOURNMENTS,
                         ids=["williams+31d", "williams+30d", "cleco-election+3d", "cleco-month", "porter-record",
                              "williams-postponed"])
def test_adjourn_is_the_api_json(client, path, fields, options, status):
    response = client.post("/v1/adjourn", json={"scenario": seed(path), **fields})
    assert response.status_code == 200, response.text
    options = dict(options)
    expected = planner.adjourn(path, options.pop("to"), **options).model_dump(mode="json")
    assert response.json() == expected
    if status is not None:
        assert response.json()["status"] == status


def test_adjourn_from_a_plans_dates_is_the_cli_json(client, capsys, tmp_path):
    planned = planner.plan(WILLIAMS)
    dates = {"events": {e: d.isoformat() for e, d in planned.dates().items()}}
    (tmp_path / "dates.json").write_text(json.dumps(dates))
    response = client.post("/v1/adjourn", json={"scenario": seed(WILLIAMS), "dates": dates, "to": "2027-06-30"})
    assert response.status_code == 200, response.text
    assert response.json() == cli_json(capsys, "adjourn", str(WILLIAMS), "--dates", str(tmp_path / "dates.json"),
                                       "--to", "2027-06-30")
    assert response.json()["meeting"] == planned.dates()["meeting"].isoformat()


SPECIALS = [
    (NGS, {"demand": "2027-08-07"}, dict(demand=date(2027, 8, 7))),
    (WILLIAMS, {"demand": "2027-10-26", "holidays": ["2027-11-01"]}, dict(demand=date(2027, 10, 26), holidays=[date(2027, 11, 1)])),
    (CLECO, {"called": "2027-09-01", "meeting": "2027-09-20"}, dict(called=date(2027, 9, 1), meeting=date(2027, 9, 20))),
    (NGS_SPECIAL, {"called": "2027-03-01"}, dict(called=date(2027, 3, 1))),
]


@pytest.mark.parametrize("path, fields, options", SPECIALS, ids=["ngs-demand", "williams-demand-closure", "cleco-called", "ngs-special"])
def test_special_is_the_api_json(client, path, fields, options):
    response = client.post("/v1/special", json={"scenario": seed(path), **fields})
    assert response.status_code == 200, response.text
    assert response.json() == planner.special_meeting(path, **options).model_dump(mode="json")


def test_special_is_the_cli_json(client, capsys):
    response = client.post("/v1/special", json={"scenario": seed(CLECO), "called": "2027-09-01", "meeting": "2027-09-18"})
    assert response.json() == cli_json(capsys, "special", str(CLECO), "--called", "2027-09-01", "--meeting", "2027-09-18")


@pytest.mark.parametrize("endpoint, fields", [
    ("/v1/datemap", {}),
    ("/v1/years", {"first": 2027, "last": 2028}),
    ("/v1/adjourn", {"meeting": "2027-04-28", "to": "2027-06-15"}),
    ("/v1/special", {"demand": "2027-08-07"}),
])
def test_an_inline_rulebook_gives_the_same_answer_as_the_bundled_one(client, endpoint, fields):
    book = client.get("/v1/rulebooks/williams-natural-gas").json()
    inline = client.post(endpoint, json={"scenario": seed(WILLIAMS), "rulebook": book, **fields})
    bundled = client.post(endpoint, json={"scenario": seed(WILLIAMS), **fields})
    assert inline.status_code == bundled.status_code == 200, inline.text
    assert inline.json() == bundled.json()


def test_an_inline_rulebook_is_the_one_used(client):
    """A bylaw changed inline (adjourn without notice up to 10 days, not 30)
    changes the answer: the service does not fall back to the bundled file."""
    book = client.get("/v1/rulebooks/williams-natural-gas").json()
    rule = next(r for r in book["rules"] if r["id"] == "adjournment-without-notice")
    assert rule["max_days"] == 30  # Art. I §1.4: notice only beyond thirty days
    rule["max_days"] = 10
    body = {"scenario": seed(WILLIAMS), "rulebook": book, "meeting": "2027-04-28", "to": "2027-05-18"}
    assert client.post("/v1/adjourn", json=body).json()["new_notice"] is True
    assert client.post("/v1/adjourn", json={**body, "rulebook": None}).json()["new_notice"] is False


def test_packs_list_and_each_pack(client):
    assert client.get("/v1/packs").json() == bundled_packs()
    for name in bundled_packs():
        response = client.get(f"/v1/packs/{name}")
        assert response.status_code == 200
        assert response.json() == load_pack(name).model_dump(mode="json")
        assert all(rule["cite"] for rule in response.json()["rules"])


@pytest.mark.parametrize("name", ["acme", "..", "..%2F..%2Fetc%2Fpasswd", "dgcl.yaml", "DGCL", "%2Fetc%2Fpasswd", "-dgcl"])
def test_unknown_or_path_like_pack_names_are_404(client, name):
    response = client.get(f"/v1/packs/{name}")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_openapi_lists_the_new_paths(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/datemap", "/v1/years", "/v1/adjourn", "/v1/special", "/v1/packs", "/v1/packs/{name}"} <= set(paths)


# Hostile input: 4xx naming the field, never 500 ----------------------------------------------


def gap_rules(count: int) -> list[dict]:
    return [{"kind": "gap", "id": f"gap-{i}", "cite": "Scenario: test", "summary": "A test gap.", "source": "operational",
             "before": "record_date", "after": "meeting", "min_days": 1} for i in range(count)]


def body(path=WILLIAMS, **fields) -> dict:
    return {"scenario": seed(path), **fields}


ADJ = {"meeting": "2027-04-28", "to": "2027-06-15"}

HOSTILE = {
    # name: (endpoint, body, loc that must appear)
    "datemap: fixed_date maybe": ("/v1/datemap", body(fixed_date="maybe"), ["body", "fixed_date"]),
    "datemap: year is text": ("/v1/datemap", body(year="next"), ["body", "year"]),
    "datemap: year 99999": ("/v1/datemap", body(year=99999), ["body", "year"]),
    "datemap: unknown field": ("/v1/datemap", body(event="meeting"), ["body", "event"]),
    "datemap: rulebook as a path": (
        "/v1/datemap", {"scenario": {**seed(WILLIAMS), "rulebook": "../../etc/passwd"}}, ["body", "scenario", "rulebook"]),
    "datemap: pack as a path": (
        "/v1/datemap", {"scenario": {**seed(WILLIAMS), "packs": ["/etc/passwd.yaml"]}}, ["body", "scenario", "packs", 0]),
    "datemap: drop of an unknown rule": ("/v1/datemap", body(drop=["no-rule"]), ["body", "drop"]),
    "datemap: too many rules": ("/v1/datemap", {"scenario": {**seed(WILLIAMS), "rules": gap_rules(501)}}, ["body", "scenario", "rules"]),
    "years: too many": ("/v1/years", body(first=2027, last=2027 + planner.studies.years.MAX_CYCLES), ["body", "last"]),
    "years: too many as text": ("/v1/years", body(years="2027-2099"), ["body", "years"]),
    "years: a path as years": ("/v1/years", body(years="../../etc/passwd"), ["body", "years"]),
    "years: backwards": ("/v1/years", body(first=2030, last=2027), ["body", "last"]),
    "years: no last": ("/v1/years", body(first=2027), ["body", "last"]),
    "years: nothing": ("/v1/years", body(), ["body", "first"]),
    "years: both forms": ("/v1/years", body(first=2027, last=2028, years="2027-2028"), ["body", "years"]),
    "years: first is text": ("/v1/years", body(first="2027a", last=2028), ["body", "first"]),
    "years: last 99999": ("/v1/years", body(first=2027, last=99999), ["body", "last"]),
    "years: a list as years": ("/v1/years", body(years=[2027, 2028]), ["body", "years"]),
    "years: year is no field": ("/v1/years", body(year=2027, first=2027, last=2028), ["body", "year"]),
    "years: a special meeting scenario": (
        "/v1/years", body(NGS_SPECIAL, first=2027, last=2028), ["body", "scenario", "facts", "meeting_type"]),
    "adjourn: February 30": ("/v1/adjourn", body(meeting="2027-04-28", to="2027-02-30"), ["body", "to"]),
    "adjourn: to before the meeting": ("/v1/adjourn", body(meeting="2027-04-28", to="2027-04-01"), ["body", "to"]),
    "adjourn: no to": ("/v1/adjourn", body(meeting="2027-04-28"), ["body", "to"]),
    "adjourn: no meeting": ("/v1/adjourn", body(to="2027-06-15"), ["body", "meeting"]),
    "adjourn: meeting and dates": (
        "/v1/adjourn", body(**ADJ, dates={"events": {"meeting": "2027-04-28"}}), ["body", "meeting"]),
    "adjourn: dates without a meeting": (
        "/v1/adjourn", body(to="2027-06-15", dates={"events": {"notice": "2027-03-01"}}), ["body", "dates", "events", "meeting"]),
    "adjourn: a dates file path": ("/v1/adjourn", body(to="2027-06-15", dates="/etc/passwd"), ["body", "dates"]),
    "adjourn: reason bored": ("/v1/adjourn", body(**ADJ, reason="bored"), ["body", "reason"]),
    "adjourn: decided after the new date": ("/v1/adjourn", body(**ADJ, decided="2027-07-01"), ["body", "decided"]),
    "adjourn: postponed is a sentence": ("/v1/adjourn", body(**ADJ, postponed="yes please"), ["body", "postponed"]),
    "adjourn: unknown fact": ("/v1/adjourn", body(**ADJ, facts={"dividend": True}), ["body", "facts", "dividend"]),
    "adjourn: fact value not allowed": (
        "/v1/adjourn", body(**ADJ, facts={"notice_waived": "perhaps"}), ["body", "facts", "notice_waived"]),
    "adjourn: fact value a list": ("/v1/adjourn", body(**ADJ, facts={"notice_waived": [True]}), ["body", "facts", "notice_waived"]),
    "adjourn: unknown field": ("/v1/adjourn", body(**ADJ, days=30), ["body", "days"]),
    "adjourn: unknown bundled rulebook": (
        "/v1/adjourn", {"scenario": {**seed(WILLIAMS), "rulebook": "acme"}, **ADJ}, ["body", "scenario", "rulebook"]),
    "special: demand and called": ("/v1/special", body(NGS, demand="2027-08-07", called="2027-08-07"), ["body", "demand"]),
    "special: neither": ("/v1/special", body(NGS), ["body", "demand"]),
    "special: month 13": ("/v1/special", body(NGS, demand="2027-13-01"), ["body", "demand"]),
    "special: meeting before the demand": (
        "/v1/special", body(NGS, demand="2027-08-07", meeting="2027-08-01"), ["body", "meeting"]),
    "special: unknown fact": ("/v1/special", body(NGS, demand="2027-08-07", facts={"nope": 1}), ["body", "facts", "nope"]),
    "special: rulebook as a yaml path": (
        "/v1/special", {"scenario": {**seed(NGS), "rulebook": "/etc/x.yaml"}, "demand": "2027-08-07"},
        ["body", "scenario", "rulebook"]),
    "special: inline rulebook with a bad rule": (
        "/v1/special", body(NGS, demand="2027-08-07", rulebook={**seed(ROOT / "constraints" / "natural-gas-services.yaml"),
                                                                "rules": [{"kind": "gap"}]}),
        ["body", "rulebook", "rules", 0]),
    "special: scenario is a list": ("/v1/special", {"scenario": [1], "demand": "2027-08-07"}, ["body", "scenario"]),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_json_is_a_4xx_naming_the_field(client, name):
    endpoint, content, loc = HOSTILE[name]
    response = client.post(endpoint, json=content)
    assert 400 <= response.status_code < 500, response.text
    assert any(e["loc"][: len(loc)] == loc for e in errors(response)), errors(response)
    assert all(e["msg"] for e in errors(response))


@pytest.mark.parametrize("endpoint", ["/v1/datemap", "/v1/years", "/v1/adjourn", "/v1/special"])
@pytest.mark.parametrize("content", [b"[" * 10_000 + b"]" * 10_000, b'{"scenario": ', b"", b'"scenario"', b"\xff\xfe"])
def test_hostile_bodies_are_4xx(client, endpoint, content):
    response = client.post(endpoint, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


# Limits: solver time, request time -----------------------------------------------------------


def test_solver_time_is_capped_by_the_server(monkeypatch):
    seen = []

    def spy(problem, time_limit_s=None):
        seen.append(time_limit_s or problem.scenario.time_limit_s)  # what planner.verdicts.solve gives the solver
        return real(problem, time_limit_s)

    real = planner_api.solve_problem
    monkeypatch.setattr(planner_api, "solve_problem", spy)
    capped = TestClient(create_app(Limits(solve_time_limit_s=0.5)))
    slow = {**seed(WILLIAMS), "time_limit_s": 60}
    assert capped.post("/v1/adjourn", json={"scenario": slow, **ADJ}).status_code == 200
    assert capped.post("/v1/special", json={"scenario": slow, "demand": "2027-08-07"}).status_code == 200
    assert capped.post("/v1/years", json={"scenario": slow, "first": 2027, "last": 2028}).status_code == 200
    assert seen and set(seen) == {0.5}


@pytest.mark.parametrize("endpoint, name, fields", [
    ("/v1/datemap", "date_map", {}),
    ("/v1/years", "plan_years", {"first": 2027, "last": 2028}),
    ("/v1/adjourn", "adjourn", ADJ),
    ("/v1/special", "special_meeting", {"demand": "2027-08-07"}),
])
def test_the_work_runs_under_the_request_timeout(monkeypatch, endpoint, name, fields):
    def slow(*args, **kwargs):
        time.sleep(0.3)
        raise AssertionError("answered after the timeout")

    monkeypatch.setattr(service, name, slow)
    timed = TestClient(create_app(Limits(request_timeout_s=0.1)))
    response = timed.post(endpoint, json={"scenario": seed(WILLIAMS), **fields})
    assert response.status_code == 503, response.text
    assert "request limit of 0.1 s" in response.json()["detail"] and response.headers["Retry-After"]
