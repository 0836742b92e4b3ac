"""Schemathesis against the service's own OpenAPI: whatever a client sends
that the schema describes, the service answers without a server error, and
its successful answers parse as the documented models."""

from __future__ import annotations

import warnings

import schemathesis
from hypothesis import HealthCheck, settings

from planner.explanations import Explanation
from planner.results import Plan
from planner.service import app
from planner.whatif import WhatIf

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)

MODELS = {"/v1/plan": Plan, "/v1/check": Plan, "/v1/explain": Explanation, "/v1/whatif": WhatIf}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_the_schema_allows_breaks_the_service(case):
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    model = MODELS.get(case.path)
    if model is not None and response.status_code == 200:
        model.model_validate(response.json())
