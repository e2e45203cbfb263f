"""The public statistics page, the 766 page per unit and the CSV of the public tables."""

import csv
import io
from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_the_years_figures(client, story, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):  # cold catalogue cache; 2 tables a figure
        page = client.get("/thong-ke/", {"nam": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    # 2026 up to the clock's 19/10: A, B, C, D, E received, online but D; resolved E, A, B, C.
    assert page.context["headline"] == {
        "received": 5,
        "received_online": 4,
        "resolved": 4,
        "on_time_rate": Decimal("75.00"),  # E, A, C early; B late; none left in progress
    }
    assert 'id="stats-chart-data"' in html and "vendor/chartjs/chart.umd.min.js" in html
    assert "<script>" not in html and "style=" not in html
    trend = page.context["trend"]
    assert len(trend) == 12 and sum(m["received"] for m in trend) >= 4


def test_the_766_page_of_a_unit(client, story, commune):
    page = client.get(f"/thong-ke/766/{commune.pk}/", {"nam": 2026})
    assert page.status_code == 200
    assert "chưa có dữ liệu" in page.content.decode()
    assert client.get("/thong-ke/766/999999/").status_code == 404


def test_csv_of_the_field_table_has_the_pages_numbers(client, story):
    response = client.get("/thong-ke/csv/linh-vuc.csv", {"nam": 2026})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Lĩnh vực"
    assert sum(int(row[1]) for row in rows[1:]) == 5
    assert client.get("/thong-ke/csv/khac.csv").status_code == 404


def test_a_bad_year_is_404_not_500(client):
    assert client.get("/thong-ke/", {"nam": "abc"}).status_code == 200  # the current year
    assert client.get("/thong-ke/", {"nam": 1800}).status_code == 404
