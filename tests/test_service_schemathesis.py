"""Schemathesis against the service's own OpenAPI: whatever a client sends
that the schema describes, the service answers without a server error, and
its successful answers parse as the documented models.

Most of the time goes to schemathesis's coverage phase (about 2000 negative
cases per POST operation, whatever max_examples says): some 2-3 s each.
`schema.parametrize()` builds those cases while pytest collects, so every
xdist worker paid for all of them (some 20 s of CPU each) before running a
test. Here each path's test builds them with schemathesis's own builder
(get_all_tests, as its lazy schemas do) when it runs, in the one worker that
runs it: the same phases, settings, operations and checks as before, the
paths spread over the workers. (from_fixture itself fails under pytest 9:
it sets Function._nodeid.)"""

from __future__ import annotations

import asyncio
import inspect
import warnings

import pytest
import schemathesis
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks
from schemathesis.core.failures import FailureGroup, as_reported_failure
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.python import asgi

from planner.drafting.draft import Draft
from planner.studies.adjournment import AdjournmentResult
from planner.studies.date_map import DateMap
from planner.model.documents import Rulebook
from planner.verdicts.explanations import Explanation
from planner.model.packs import Pack
from planner.verdicts.results import Plan
from planner.faces.service import TimelinesAnswer, create_app
from planner.studies.special_meeting import SpecialMeetingResult
from planner.studies.whatif import WhatIf
from planner.studies.years import YearsPlan

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    # The module-level app answers loopback Host names only; the test client calls itself "testserver".
    app = create_app()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)

MODELS = {
    "/v1/plan": Plan, "/v1/check": Plan, "/v1/explain": Explanation, "/v1/whatif": WhatIf, "/v1/datemap": DateMap,
    "/v1/years": YearsPlan, "/v1/adjourn": AdjournmentResult, "/v1/special": SpecialMeetingResult,
    "/v1/rulebooks/{name}": Rulebook, "/v1/packs/{name}": Pack, "/v1/draft": Draft, "/v1/timelines": TimelinesAnswer,
}


PATHS = sorted(schema.raw_schema["paths"])


# One in-process client for every case (what case.call() builds anew each time: a requests
# session, its adapters and the app's lifespan), without the environment's proxy and netrc
# look-ups (which read all of os.environ for every request; none applies in-process). Its
# cookies are cleared after each case, as a new session's would be.
CLIENT = asgi.get_client(app)
CLIENT.trust_env = False


class _ThisThreadPortal:
    """What schemathesis's ASGI adapter asks of anyio's blocking portal (call a
    function, await it if a coroutine), run on an event loop in the calling
    thread: the portal's thread hand-offs cost more CPU than most requests."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def call(self, func, *args):
        async def run():
            result = func(*args)
            return (await result) if inspect.isawaitable(result) else result

        return self.loop.run_until_complete(run())

    def close(self) -> None:
        self.loop.run_until_complete(self.loop.shutdown_default_executor())  # asyncio.to_thread's threads
        self.loop.close()


@pytest.fixture
def this_thread_portal(monkeypatch):
    # The app's lifespan as each case.call() started it: on anyio's portal, idle beside the requests
    # (schemathesis's pytest plugin ends it after each test).
    asgi._start_lifespan(app)
    portal = _ThisThreadPortal()
    monkeypatch.setattr(asgi, "_get_portal", lambda: portal)
    yield portal
    portal.close()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def _answers_without_a_server_error(case) -> None:
    try:
        response = case.call(session=CLIENT)
    finally:
        CLIENT.cookies.clear()
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    model = MODELS.get(case.path)
    if model is not None and response.status_code == 200:
        model.model_validate(response.json())


@pytest.mark.slow  # some 2000 requests a path: tasks.py test runs it, -m "not slow" does not
@pytest.mark.parametrize("path", PATHS)
def test_no_request_the_schema_allows_breaks_the_service(path, this_thread_portal):
    # What schema.parametrize() does at collection (schemathesis's own
    # get_all_tests: every phase, the settings above), here at run time.
    load_all_checks()
    tests = list(get_all_tests(schema=schema.include(path=path), test_func=_answers_without_a_server_error,
                               settings=None, given_kwargs=None))
    assert tests, f"no operation at {path}"
    for built in tests:
        operation, test = built.ok()  # an Err (a schema error) raises here, naming it
        try:
            test()
        except FailureGroup as exc:
            raise as_reported_failure(exc) from None


def test_every_endpoint_answering_a_model_has_it_checked():
    """A new endpoint must be added to MODELS (the schema itself lists every route)."""
    routes = {r.path for r in app.routes if isinstance(r, APIRoute) and r.path.startswith("/v1/")}
    # /v1/export answers a file, not a model (tests/test_web_service.py compares it with the CLI's).
    assert routes - {"/v1/rulebooks", "/v1/packs", "/v1/export"} == set(MODELS)
    assert set(MODELS) <= set(schema.raw_schema["paths"])
