"""Schemathesis against the API's own OpenAPI document, on the app itself (WSGI): for
every operation, a bounded number of generated requests that fit the document and as
many that do not; each must get no server error and no answer that breaks the
document (status, content type, headers, body schema), and requests that break it
must be refused. Hypothesis is derandomized, so every run sends the same requests."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from engine.usecases.api_tokens import create_api_token
from tests.conftest import user
from tests.web.task_helpers import accepted_task

EXAMPLES = 15   # per operation and mode: 9 operations × 2 modes × 15 ≈ 270 requests
# ignored_auth sends wrong credentials again and again from one address; the sign-in
# rate limit then answers 429, as it must (test_api.py checks 401 for wrong credentials)
# positive_data_acceptance wants every request that fits the document accepted; but no
# document can say which agency names the registry holds or which fields a step's form
# has, and those are refused with a 400 and a message, as they must be
EXCLUDED = [ignored_auth, positive_data_acceptance]


def test_the_api_keeps_its_document(app, services):
    accepted_task(services)                # a task with pending steps, so ids exist
    secret = create_api_token(services, user(services, "theodoi"), "schemathesis").secret
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    calls = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case):
                response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
                calls.append(response.status_code)

            check()
    assert len(calls) >= 9 * EXAMPLES and not [c for c in calls if c >= 500]
