"""Schemathesis over the whole API, shared by the short pass in `make test` and the long one
in `make fuzz` (tests/api/test_fuzz.py).

The short pass is the same on every run: the schema's own examples and FUZZ_EXAMPLES (3)
generated cases per operation and role, derandomized. `make fuzz` (FUZZ_RANDOM=1) draws fresh
random cases, FUZZ_EXAMPLES of them, and adds the coverage phase: every boundary, empty value
and wrong type of every parameter and field, about 8,000 cases per role, too many for
`make test`.

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
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.athletes.factories import AthleteFactory, CoachFactory, SquadFactory

SCHEMA_PATH = "/api/v1/schema/?format=json"
LONG_RUN = os.environ.get("FUZZ_RANDOM") is not None
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
    schema = schemathesis.openapi.from_wsgi(
        SCHEMA_PATH,
        get_wsgi_application(),
        config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": LONG_RUN}}}),
    )

fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG_RUN,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def token_for(role: str) -> str:
    """An API token for a coached runner or for their coach, with a little data around them."""
    coach = CoachFactory.create(user__full_name="Fuzz Coach")
    squad = SquadFactory(coach=coach, name="Fuzzers")
    runner = AthleteFactory.create(coach=coach, squad=squad, user__full_name="Fuzz Runner")
    user = runner.user if role == "runner" else coach.user
    return Token.objects.create(user=user).key
