"""The open statistics API gives the pages' numbers, documented and cacheable."""

import pytest

from motcua.stats import selectors

from .conftest import Q3

pytestmark = pytest.mark.django_db
Q3_RANGE = {"from": "2026-07-01", "to": "2026-09-30"}


def test_report_by_unit_has_the_tables_numbers(client, story, district, commune):
    response = client.get("/api/v1/stats/report", {**Q3_RANGE, "unit": district.pk})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    body = response.json()
    rows = {row["id"]: row for row in body["rows"]}
    expected = selectors.report_by_unit(*Q3, {commune.pk})[0].values
    assert rows[commune.pk]["figures"] == {k: expected[k] for k in selectors.COLUMN_KEYS}
    assert rows[district.pk]["figures"]["received_total"] == 5
    assert body["total"]["received_total"] == 5


def test_report_by_field(client, story):
    body = client.get("/api/v1/stats/report", {**Q3_RANGE, "group": "field"}).json()
    assert sum(row["figures"]["received_total"] for row in body["rows"]) == 5


def test_indicators(client, story, commune):
    body = client.get("/api/v1/stats/indicators", {**Q3_RANGE, "unit": commune.pk}).json()
    by_code = {item["code"]: item for item in body["indicators"]}
    assert by_code["3.3"]["value"] == 75.0 and by_code["3.3"]["points"] == 4.0
    assert by_code["3.6"]["value"] is None and by_code["3.6"]["points"] is None


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-09-30", "to": "2026-07-01"},
        {"from": "hôm qua", "to": "2026-07-01"},
        {"from": "2026-07-01"},
        {**Q3_RANGE, "group": "year"},
    ],
)
def test_bad_parameters_are_422_in_vietnamese(client, query):
    response = client.get("/api/v1/stats/report", query)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_unknown_unit_is_404(client):
    assert client.get("/api/v1/stats/indicators", {**Q3_RANGE, "unit": 999999}).status_code == 404


def test_both_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/stats/report" in paths and "/api/v1/stats/indicators" in paths
