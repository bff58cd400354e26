import re

from django.core.management import call_command
from django.test import Client


def test_openapi_schema_validates_without_warnings(db, tmp_path):
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    for path in ["/api/v1/auth/token/", "/api/v1/me/", "/api/v1/athletes/{id}/"]:
        assert f"{path}:" in text


def test_schema_is_served_as_openapi(db):
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Runpath API"


def test_docs_load_their_scripts_and_styles_from_this_site(db):
    response = Client().get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the docs page should load Swagger UI's files"
    assert all(asset.startswith("/") and not asset.startswith("//") for asset in assets), assets
    assert "cdn" not in html.lower()
