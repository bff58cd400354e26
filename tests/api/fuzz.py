"""Schemathesis over the whole API, shared by the short pass in `make test`
(tests/api/test_fuzz.py) and the long one in `make fuzz` (FUZZ_EXAMPLES=…).

The API is called in process through Django's WSGI application, so no server is needed, and
every example runs inside the test's transaction against the test database.
"""

import os

import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import AthleteFactory, CoachFactory, SquadFactory

SCHEMA_PATH = "/api/v1/schema/?format=json"
# A few examples per operation and role keeps `make test` short; `make fuzz` raises it.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

# Schemathesis calls the application as host "localhost" (see `allow_fuzz_host`).
FUZZ_HOST = "localhost"

with override_settings(ALLOWED_HOSTS=[FUZZ_HOST]):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())

fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") is None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def token_for(role: str) -> str:
    """An API token for a coached runner or for their coach, with a little data around them."""
    coach = CoachFactory(user__full_name="Fuzz Coach")
    squad = SquadFactory(coach=coach, name="Fuzzers")
    runner = AthleteFactory(coach=coach, squad=squad, user__full_name="Fuzz Runner")
    user = runner.user if role == "runner" else coach.user
    return Token.objects.create(user=user).key
