"""Schemathesis over every API operation, as a runner and as their coach: no input may answer
5xx, and every answer must match the published OpenAPI schema. `make test` runs the short,
fixed pass; `make fuzz` the long random one (tests/api/fuzz.py says what each covers)."""

import pytest
from django.core import signals
from django.db import close_old_connections

from tests.api.fuzz import CHECKS, FUZZ_HOST, fuzz_settings, schema, token_for

# Selects this file for `make fuzz`; `make test` runs it too, with the short settings.
pytestmark = pytest.mark.fuzz


@pytest.fixture(params=["runner", "coach"])
def auth_header(request, db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, FUZZ_HOST]
    # As django.test.Client does: the test's transaction must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    # The WSGI transport hands back bytes as sent: no gzip (GZipMiddleware) to undo.
    yield {"Authorization": f"Token {token_for(request.param)}", "Accept-Encoding": "identity"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@fuzz_settings
def test_no_input_breaks_the_api_or_its_schema(case, auth_header):
    case.call_and_validate(headers=auth_header, checks=CHECKS)
