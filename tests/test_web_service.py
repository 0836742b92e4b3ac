"""The web app's side of the service, without a browser: the packaged
assets at / and /docs (nothing from another host), the export endpoint
(the CLI's own files), and the token that guards the API beyond loopback."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

import planner
from planner.faces import cli
from planner.faces.service import create_app
from planner.faces.token import is_loopback
from planner.faces.web import STATIC
from planner.outputs.render import render_plan
from planner.outputs.report import to_report
from tests.helpers import ROOT, seed

WILLIAMS = ROOT / "scenarios" / "williams-natural-gas-2027.yaml"
INFEASIBLE = ROOT / "scenarios" / "williams-natural-gas-infeasible-printing.yaml"
# What the app's own files may load: only paths of this server.
FOREIGN = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_root_is_the_app_and_every_asset_it_names_is_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="(/app/[^"]+)"', page.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert not FOREIGN.search(page.text)


def test_every_module_a_script_imports_is_served_from_this_server(client):
    imports = {path for script in STATIC.glob("*.js")
               for path in re.findall(r'^import [^;]*? from "([^"]+)";', script.read_text(encoding="utf-8"), re.M)}
    assert {"/app/draft.js", "/app/timelines.js", "/app/api.js"} <= imports  # the pattern reads the imports at all
    for path in sorted(imports):
        assert path.startswith("/app/"), path
        response = client.get(path)
        assert response.status_code == 200 and "javascript" in response.headers["content-type"], path


def test_docs_is_swagger_ui_from_packaged_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert not FOREIGN.search(page.text)
    for asset in re.findall(r'(?:src|href)="(/app/[^"]+)"', page.text):
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN: not offered


def test_no_inline_script_or_style_so_a_strict_csp_holds():
    for page in STATIC.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"{page.name}: inline script"
        assert "<style" not in text and not re.search(r"\son[a-z]+=", text) and "style=" not in text, page.name


def test_vendored_libraries_carry_licence_and_version():
    for folder in (STATIC / "vendor").iterdir():
        assert (folder / "LICENSE").exists() and (folder / "VERSION").exists(), folder.name


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_json_and_csv_are_the_cli_output(client, fmt):
    response = client.post("/v1/export", json={"scenario": seed(WILLIAMS), "format": fmt})
    assert response.status_code == 200
    assert response.text == render_plan(planner.plan(WILLIAMS), fmt)
    assert re.fullmatch(r'attachment; filename="williams-natural-gas-2027-annual-meeting\.' + fmt + '"',
                        response.headers["content-disposition"])


def test_export_report_and_ics(client):
    report = client.post("/v1/export", json={"scenario": seed(WILLIAMS), "format": "html"})
    assert report.text == to_report(planner.plan(WILLIAMS), "html")
    ics = client.post("/v1/export", json={"scenario": seed(WILLIAMS), "format": "ics"})
    assert ics.headers["content-type"].startswith("text/calendar")
    meeting = next(e for e in planner.plan(WILLIAMS).events if e.id == "meeting")
    assert f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}" in ics.text


def test_export_of_an_infeasible_plan_as_a_calendar_names_the_format(client):
    response = client.post("/v1/export", json={"scenario": seed(INFEASIBLE), "format": "ics"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "format"]
    assert client.post("/v1/export", json={"scenario": seed(INFEASIBLE), "format": "pdf"}).status_code == 422


def test_token_guards_the_api_only():
    guarded = TestClient(create_app(token="s3cret"))
    body = {"scenario": seed(WILLIAMS)}
    refused = guarded.post("/v1/plan", json=body)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["detail"][0]["loc"] == ["header", "authorization"]
    assert guarded.post("/v1/plan", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.post("/v1/plan", json=body, headers={"Authorization": "Basic s3cret"}).status_code == 401
    assert guarded.post("/v1/plan", json=body, headers={"Authorization": "Bearer s3cret"}).json()["status"] == "feasible"
    for open_path in ("/", "/docs", "/openapi.json", "/healthz", "/app/app.js"):
        assert guarded.get(open_path).status_code == 200, open_path


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
                                            ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_beyond_loopback_without_a_token_is_a_one_line_error(monkeypatch, capsys):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: pytest.fail("must not start"))
    monkeypatch.delenv("PLANNER_TOKEN", raising=False)
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--token" in err[0] and "PLANNER_TOKEN" in err[0]


def test_serve_takes_the_token_from_the_environment(monkeypatch):
    import uvicorn

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    monkeypatch.setenv("PLANNER_TOKEN", "from-env")
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 0
    guarded = TestClient(apps[0])
    assert guarded.get("/v1/packs").status_code == 401
    assert json.loads(guarded.get("/v1/packs", headers={"Authorization": "Bearer from-env"}).text)


def test_the_forms_year_takes_the_plan_years_the_server_takes():
    from planner.model.limits import FIRST_PLAN_YEAR, LAST_PLAN_YEAR

    field = re.search(r'<input id="year"[^>]*>', (STATIC / "index.html").read_text(encoding="utf-8")).group(0)
    bounds = {name: int(value) for name, value in re.findall(r'\b(min|max)="(\d+)"', field)}
    assert bounds == {"min": FIRST_PLAN_YEAR, "max": LAST_PLAN_YEAR}  # it allowed 1900, which the server refuses
