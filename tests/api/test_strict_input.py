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


@pytest.mark.parametrize("format_", ["AAA", ""])
def test_an_unknown_or_empty_export_format_is_a_documented_404(cast, format_):
    client = api(cast.runner.user)
    assert client.get("/api/v1/me/export/", {"format": format_}).status_code == 404
    assert client.get("/api/v1/me/export/", {"format": "zip"}).status_code == 200
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    assert "404" in schema["paths"]["/api/v1/me/export/"]["get"]["responses"]


@pytest.mark.parametrize("page", ["", "last", "two"])
def test_a_page_that_is_not_a_number_is_not_found(cast, page):
    response = api(cast.coach.user).get("/api/v1/squads/", {"page": page})
    assert response.status_code == 404
    assert api(cast.coach.user).get("/api/v1/squads/", {"page": "1"}).status_code == 200


def test_text_is_measured_as_sent_before_its_spaces_are_trimmed(cast):
    client = api(cast.runner.user)
    title = "\t" + "x" * 160  # 161 as sent, 160 once trimmed: the schema says at most 160
    body = {"athlete": cast.runner.pk, "level": "outcome", "title": title}
    assert client.post("/api/v1/goals/assess/", body, format="json").status_code == 400
    body["title"] = title.strip()
    assert client.post("/api/v1/goals/assess/", body, format="json").status_code == 200


def test_a_squad_name_must_be_text(cast):
    response = api(cast.coach.user).post("/api/v1/squads/", {"name": 7}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_request_bodies_are_documented_as_json_and_uploads_as_multipart(db):
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    bodies = {
        f"{method.upper()} {path}": list(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert bodies.pop("POST /api/v1/runs/import/") == ["multipart/form-data"]
    assert bodies and all(types == ["application/json"] for types in bodies.values()), bodies
