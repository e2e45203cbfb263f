import pytest

pytestmark = pytest.mark.django_db

CATALOGUE_PATHS = {
    "/api/v1/procedures",
    "/api/v1/procedures/{code}",
    "/api/v1/fields",
    "/api/v1/units",
    "/api/v1/units/{unit_id}",
    "/api/v1/stats/catalogue",
}


def test_openapi_schema_lists_every_catalogue_path(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) >= CATALOGUE_PATHS
    procedures = schema["paths"]["/api/v1/procedures"]["get"]
    assert {p["name"] for p in procedures["parameters"]} == {"q", "field", "unit", "level", "page"}
    assert {"200", "422", "429"} <= set(procedures["responses"])


def test_docs_page_is_served_without_any_outside_request(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "https://" not in page and "//cdn" not in page
