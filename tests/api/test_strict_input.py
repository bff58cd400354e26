"""What the long schemathesis run found: input the schema refuses must be refused (400), not
read as "no filter" or turned into text; and what the app rightly answers is in the schema."""

import pytest
from rest_framework.test import APIClient

from athletes.models import BusyPeriod

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/reviews/", {"week_start": ""}),
        ("/api/v1/runs/", {"started_before": ""}),
        ("/api/v1/runs/", {"athlete": ""}),
        ("/api/v1/goals/", {"status": ""}),
        ("/api/v1/setbacks/", {"open": "null"}),
        ("/api/v1/setbacks/", {"open": ""}),
        ("/api/v1/setbacks/", {"open": "yes"}),
        ("/api/v1/athletes/", {"ordering": "name"}),
        ("/api/v1/athletes/", {"ordering": ""}),
    ],
)
def test_a_filter_sent_empty_or_unreadable_is_refused_not_ignored(cast, url, query):
    response = api(cast.coach.user).get(url, query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/setbacks/", {"open": "true"}),
        ("/api/v1/setbacks/", {"open": "false"}),
        ("/api/v1/athletes/", {"ordering": "attention"}),
        ("/api/v1/reviews/", {"week_start": "2026-01-05"}),
    ],
)
def test_the_values_the_schema_names_still_filter(cast, url, query):
    assert api(cast.coach.user).get(url, query).status_code == 200


def test_a_busy_period_label_must_be_text(cast):
    client = api(cast.runner.user)
    body = {"start": "2030-05-01", "end": "2030-05-20"}
    refused = client.post("/api/v1/busy-periods/", {**body, "label": 0}, format="json")
    assert refused.status_code == 400
    assert "label" in refused.json()
    saved = client.post("/api/v1/busy-periods/", {**body, "label": "Exams"}, format="json")
    assert saved.status_code == 201
    assert BusyPeriod.objects.get().label == "Exams"


def test_an_unknown_export_format_is_a_documented_404(cast):
    assert api(cast.runner.user).get("/api/v1/me/export/", {"format": "AAA"}).status_code == 404
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    assert "404" in schema["paths"]["/api/v1/me/export/"]["get"]["responses"]
